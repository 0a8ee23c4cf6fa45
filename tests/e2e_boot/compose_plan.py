#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Reads the real-boot test's docker-compose.yml and .env and prints, as JSON,
what the test needs from them (tests/e2e_boot):

  {"project": NAME, "env": {VAR: VALUE},
   "containers": [{"service", "name", "depends_on": [container names],
                   "create": [podman create argv]}]}

`create` is what podman-compose up would run for the service (Debian 12's
podman-compose 1.0.3 cannot: it adds --net PROJECT_default next to
--network host). Only the compose keys the fixture uses are understood; any
other key is an error, so the fixture cannot silently mean more than this.

usage: compose_plan.py COMPOSE_FILE ENV_FILE PROJECT_DIR
  PROJECT_DIR: the compose folder as the containers' user sees it (relative
  volume sources are resolved against it).
"""
import json
import os
import re
import sys

import yaml

SERVICE_KEYS = {"image", "container_name", "network_mode", "restart", "init", "command",
                "volumes", "healthcheck", "depends_on", "environment"}
HEALTH_KEYS = {"test", "interval", "timeout", "retries", "start_period"}


def fail(message):
    sys.exit(f"FAIL: compose_plan: {message}")


def read_env(path):
    env = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if "=" not in line:
                fail(f"{path}:{number}: expected NAME=VALUE")
            key, value = line.split("=", 1)
            env[key.strip()] = value.strip().strip('"').strip("'")
    return env


VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\$")


def interpolate(value, env):
    if isinstance(value, str):
        def replace(match):
            if match.group(0) == "$$":
                return "$"
            name, default = match.group(1), match.group(2)
            if name in env and env[name] != "":
                return env[name]
            if default is None:
                fail(f"${{{name}}} is not set in the .env file and has no default")
            return default
        return VARIABLE.sub(replace, value)
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    return value


def health_args(check):
    unknown = set(check) - HEALTH_KEYS
    if unknown:
        fail(f"healthcheck keys not understood: {sorted(unknown)}")
    test = check["test"]
    if isinstance(test, str):
        command = test
    elif test and test[0] == "CMD-SHELL":
        command = " ".join(test[1:])
    elif test and test[0] == "CMD":
        command = json.dumps(test[1:])
    else:
        fail(f"healthcheck test not understood: {test!r}")
    args = ["--health-cmd", command]
    for key, flag in (("interval", "--health-interval"), ("timeout", "--health-timeout"),
                      ("retries", "--health-retries"), ("start_period", "--health-start-period")):
        if key in check:
            args += [flag, str(check[key])]
    return args


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    compose_file, env_file, project_dir = sys.argv[1:]
    env = read_env(env_file)
    with open(compose_file, encoding="utf-8") as f:
        compose = interpolate(yaml.safe_load(f), env)
    project = os.path.basename(os.path.dirname(os.path.abspath(compose_file)))
    services = compose.get("services") or fail("no services")
    names = {}
    for service, spec in services.items():
        names[service] = spec.get("container_name", f"{project}_{service}_1")
    containers = []
    for service, spec in services.items():
        unknown = set(spec) - SERVICE_KEYS
        if unknown:
            fail(f"service {service}: keys not understood: {sorted(unknown)}")
        name = names[service]
        create = ["podman", "create", "--name", name,
                  "--label", f"io.podman.compose.project={project}",
                  "--label", f"com.docker.compose.project={project}",
                  "--label", f"com.docker.compose.service={service}"]
        if spec.get("network_mode"):
            if spec["network_mode"] != "host":
                fail(f"service {service}: only network_mode host is supported")
            create += ["--network", "host"]
        if spec.get("restart"):
            create += ["--restart", spec["restart"]]
        if spec.get("init"):
            create.append("--init")
        for key, value in (spec.get("environment") or {}).items():
            create += ["--env", f"{key}={value}"]
        for volume in spec.get("volumes") or []:
            source, _, rest = volume.partition(":")
            if source.startswith("."):
                source = os.path.normpath(os.path.join(project_dir, source))
            create += ["--volume", f"{source}:{rest}"]
        if spec.get("healthcheck"):
            create += health_args(spec["healthcheck"])
        create.append(spec["image"])
        command = spec.get("command") or []
        create += command.split() if isinstance(command, str) else command
        depends = spec.get("depends_on") or []
        if isinstance(depends, dict):
            for dependency, condition in depends.items():
                if (condition or {}).get("condition", "service_started") not in (
                        "service_healthy", "service_started"):
                    fail(f"service {service}: depends_on {dependency}: condition not understood")
            depends = list(depends)
        for dependency in depends:
            if dependency not in names:
                fail(f"service {service} depends on an unknown service {dependency}")
        containers.append({"service": service, "name": name,
                           "depends_on": [names[d] for d in depends], "create": create})
    json.dump({"project": project, "env": env, "containers": containers}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
