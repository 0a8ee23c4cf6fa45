#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The NixOS module's units must say what systemd/*.service say.

nix/module.nix builds its units from nix/units.nix; this test compares
those settings key by key with the shipped unit files: Description,
Documentation, Wants/After, WantedBy, every Environment= (PATH with its
order), Type, ExecStartPre/ExecStart/ExecReload, timeouts, Restart,
RemainAfterExit and every hardening directive. A key on one side only, or
a value that differs, fails the test.

Modes:
  eval --repo DIR
      What CTest runs (no nixpkgs needed, only nix-instantiate from the
      Debian package nix-bin). Evaluates nix/units.nix twice:
      1. with its defaults: must equal systemd/*.service exactly;
      2. with the arguments nix/module.nix passes on NixOS (binary and kill
         in the store, --config, --web.config.file, one user, the user's
         home): must equal systemd/*.service with exactly those
         substitutions (see expected_with()), nothing else.
  json --systemd-dir DIR --units-json FILE [--params FILE]
      The same comparison for an evaluation done elsewhere (flake.nix's
      `checks.units`, which has no nix-instantiate inside its build).
  rendered --systemd-dir DIR --manifest FILE
      The unit files NixOS generated from the module (flake.nix's
      `checks.module`): rendered text parsed back and compared the same
      way, with the module's own arguments from the manifest. NixOS's own
      additions are left out: X-* keys (restart/reload triggers), the
      variables of systemd.globalEnvironment the manifest names, and
      [Install] (NixOS links wantedBy instead; the manifest's wantedBy is
      compared).

How the test was checked to fail (mode eval; each edit reverted after):
  - nix/units.nix TimeoutStartSec = 301: "ai-stack-startup.service
    [Service] TimeoutStartSec: systemd/ has ['300'], nix/units.nix
    (defaults) has ['301']" (and the same for the NixOS arguments);
  - nix/units.nix userPath with /run/wrappers/bin after
    /run/current-system/sw/bin: "Environment PATH" of both user units;
  - nix/units.nix Type = "simple" for the exporters: their "Type";
  - nix/units.nix ExecStartPre running `start`: "ExecStartPre";
  - nix/units.nix ExecStartPre = command [ "doctor" ] (no --config): only
    the NixOS-arguments pass fails, on ai-stack-startup.service ExecStartPre;
  - nix/units.nix the system unit wantedBy default.target: "[Install]
    WantedBy";
  - nix/units.nix an extra MemoryMax = "1G": "MemoryMax: only in
    nix/units.nix";
  - systemd/stackprobe.service without ProtectKernelTunables=yes:
    "ProtectKernelTunables: only in nix/units.nix";
  - systemd/ai-stack-startup.service RemainAfterExit=no: "RemainAfterExit".
Reordering After= (a b -> b a) is no difference: the lists compare as sets.
"""

import argparse
import copy
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

UNITS = {
    # shipped file -> attribute of nix/units.nix
    "ai-stack-startup.service": "ai-stack-startup",
    "stackprobe.service": "stackprobe",
    "stackprobe@.service": "stackprobe@",
}
USER_UNITS = ("ai-stack-startup.service", "stackprobe.service")
SYSTEM_UNIT = "stackprobe@.service"

# nix/units.nix's defaults: the values systemd/*.service hold.
DEFAULTS = {
    "stackprobe": "/usr/local/bin/stackprobe",
    "kill": "/bin/kill",
    "documentation": "file:///usr/share/doc/stackprobe/systemd/README.md",
    "configFile": None,
    "serveArgs": [],
    "user": None,
    "systemHome": "/home/%i",
}
SYSTEM_CONFIG = "/etc/stackprobe/stackprobe.yml"

# What nix/module.nix passes on NixOS (shaped like real store paths; the
# web config path has a space so that quoting is checked too).
NIXOS_PARAMS = {
    "stackprobe": "/nix/store/00000000000000000000000000000000-stackprobe-0.1.0/bin/stackprobe",
    "kill": "/nix/store/11111111111111111111111111111111-coreutils-9.5/bin/kill",
    "documentation": "file:///nix/store/00000000000000000000000000000000-stackprobe-0.1.0"
    "/share/doc/stackprobe/systemd/README.md",
    "configFile": "/etc/stackprobe/stackprobe.yml",
    "serveArgs": ["--web.config.file", "/run/secrets/stackprobe web.yml"],
    "user": "hyperd",
    "systemHome": "/home/hyperd",
}

# Keys whose values are space-separated lists (several lines add up).
LIST_KEYS = {
    "Wants", "After", "Before", "Requires", "BindsTo", "PartOf", "Conflicts",
    "Documentation", "WantedBy", "RequiredBy",
}
# NixOS unit options -> [Unit]/[Install] keys (nixos/lib/systemd-lib.nix).
UNIT_LIST_OPTIONS = {
    "wants": "Wants", "after": "After", "before": "Before",
    "requires": "Requires", "bindsTo": "BindsTo", "partOf": "PartOf",
    "conflicts": "Conflicts", "documentation": "Documentation",
}
INSTALL_OPTIONS = {"wantedBy": "WantedBy", "requiredBy": "RequiredBy"}
BOOLEANS = {"yes": "yes", "true": "yes", "on": "yes",
            "no": "no", "false": "no", "off": "no"}


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def quote(arg):
    """An argument as nix/units.nix writes it: plain or JSON-quoted."""
    if re.fullmatch(r"[A-Za-z0-9_./:%@=+,-]+", arg):
        return arg
    return json.dumps(arg)


def normalise(key, value):
    """One directive's value in a comparable form."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        fail(f"{key}: a value of type {type(value).__name__} ({value!r})")
    return BOOLEANS.get(value.strip().lower(), value.strip())


class Unit:
    """A unit as section -> key -> list of values (several lines kept)."""

    def __init__(self):
        self.sections = {}

    def add(self, section, key, value):
        keys = self.sections.setdefault(section, {})
        if key == "Environment":
            env = keys.setdefault(key, {})
            for word in shlex.split(value):
                name, sep, val = word.partition("=")
                if not sep:
                    fail(f"Environment={value}: {word} has no '='")
                env[name] = val
        elif key in LIST_KEYS:
            keys.setdefault(key, []).extend(value.split())
        else:
            keys.setdefault(key, []).append(normalise(key, value))

    def flat(self):
        """(section, key) -> comparable value."""
        out = {}
        for section, keys in self.sections.items():
            for key, value in keys.items():
                if key == "Environment":
                    for name, val in value.items():
                        out[(section, f"Environment {name}")] = [val]
                elif key in LIST_KEYS:  # After=a b means After=b a
                    out[(section, key)] = sorted(value)
                else:
                    out[(section, key)] = list(value)
        return out


def parse_unit_text(text, where):
    unit = Unit()
    section = None
    pending = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = pending + raw.strip()
        pending = ""
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        key, sep, value = line.partition("=")
        if not sep or section is None:
            fail(f"{where}:{number}: not a directive: {raw}")
        unit.add(section, key.strip(), value)
    return unit


def parse_unit_file(path):
    with open(path, encoding="utf-8") as f:
        return parse_unit_text(f.read(), path)


def unit_from_nix(name, options):
    """A unit from NixOS unit options, as NixOS renders them."""
    unit = Unit()
    for option, value in options.items():
        if option == "description":
            unit.add("Unit", "Description", value)
        elif option in UNIT_LIST_OPTIONS:
            unit.add("Unit", UNIT_LIST_OPTIONS[option], " ".join(value))
        elif option in INSTALL_OPTIONS:
            unit.add("Install", INSTALL_OPTIONS[option], " ".join(value))
        elif option == "environment":
            for var, val in value.items():
                if val is None:  # NixOS leaves a null variable out
                    continue
                unit.sections.setdefault("Service", {}).setdefault(
                    "Environment", {})[var] = val
        elif option in ("unitConfig", "serviceConfig"):
            section = "Unit" if option == "unitConfig" else "Service"
            for key, val in value.items():
                for one in val if isinstance(val, list) else [val]:
                    if key in LIST_KEYS:
                        unit.add(section, key, one)
                    else:
                        unit.sections.setdefault(section, {}).setdefault(
                            key, []).append(normalise(key, one))
        else:
            fail(f"nix/units.nix: {name}: option {option!r}: this test does "
                 "not know how NixOS renders it; teach it (unit_from_nix)")
    return unit


def exec_line(value, where, params, system):
    """ExecStart=/ExecStartPre= of the shipped unit with params applied."""
    words = shlex.split(value)
    if not words or words[0] != DEFAULTS["stackprobe"]:
        fail(f"{where}: {value!r} does not run {DEFAULTS['stackprobe']}")
    args = words[1:]
    if system:
        if args[:2] != ["--config", SYSTEM_CONFIG]:
            fail(f"{where}: {value!r} does not start with --config {SYSTEM_CONFIG}")
        if params["configFile"] is not None:
            args[1] = params["configFile"]
    elif params["configFile"] is not None:
        args = ["--config", params["configFile"]] + args
    if args and args[-1] == "serve":
        args = args + list(params["serveArgs"])
    return " ".join(quote(a) for a in [params["stackprobe"]] + args)


def expected_with(shipped, name, params):
    """The shipped unit `name` with the arguments of nix/units.nix applied.

    Every substitution nix/units.nix may make, and nothing else: the binary,
    kill, Documentation=, --config, the serve arguments, the user (user
    units: ConditionUser=; the system unit: User= and its Description) and
    the system unit's home in ReadWritePaths=.
    """
    params = {**DEFAULTS, **params}
    unit = copy.deepcopy(shipped)
    system = name == SYSTEM_UNIT
    service = unit.sections.get("Service", {})
    for key in ("ExecStartPre", "ExecStart"):
        if key in service:
            service[key] = [exec_line(v, f"{name} {key}", params, system)
                            for v in service[key]]
    if "ExecReload" in service:
        lines = []
        for value in service["ExecReload"]:
            if not value.startswith(DEFAULTS["kill"] + " "):
                fail(f"{name} ExecReload: {value!r} does not run {DEFAULTS['kill']}")
            lines.append(params["kill"] + value[len(DEFAULTS["kill"]):])
        service["ExecReload"] = lines
    section = unit.sections.get("Unit", {})
    if "Documentation" in section:
        section["Documentation"] = [
            params["documentation"] if d == DEFAULTS["documentation"] else d
            for d in section["Documentation"]]
    if params["user"] is not None:
        if system:
            if service.get("User") != ["%i"]:
                fail(f"{name}: User= is not %i")
            service["User"] = [params["user"]]
            section["Description"] = [d.replace("%i", params["user"])
                                      for d in section.get("Description", [])]
        else:
            section["ConditionUser"] = [params["user"]]
    if system and "ReadWritePaths" in service:
        service["ReadWritePaths"] = [
            re.sub(r"^(-?)/home/%i/", lambda m: m.group(1) + params["systemHome"] + "/", p)
            for p in service["ReadWritePaths"]]
    return unit


def compare(name, expected, actual, label):
    """Lists every difference; returns how many there were."""
    want, have = expected.flat(), actual.flat()
    problems = 0
    for key in sorted(set(want) | set(have)):
        section, directive = key
        if key not in have:
            print(f"FAIL: {name} [{section}] {directive}: systemd/ has "
                  f"{want[key]}, only there ({label} has none)", file=sys.stderr)
        elif key not in want:
            print(f"FAIL: {name} [{section}] {directive}: only in {label} "
                  f"({have[key]})", file=sys.stderr)
        elif want[key] != have[key]:
            print(f"FAIL: {name} [{section}] {directive}: systemd/ has "
                  f"{want[key]}, {label} has {have[key]}", file=sys.stderr)
        else:
            continue
        problems += 1
    return problems


def load_shipped(systemd_dir):
    shipped = {}
    for name in UNITS:
        path = os.path.join(systemd_dir, name)
        if not os.path.isfile(path):
            fail(f"{path} is missing")
        shipped[name] = parse_unit_file(path)
        # The defaults must describe the shipped files: applying them changes
        # nothing (a check of this script itself).
        again = expected_with(shipped[name], name, {})
        if again.flat() != shipped[name].flat():
            fail(f"{name}: the test's DEFAULTS do not match systemd/{name}")
    return shipped


def compare_units_json(shipped, evaluated, params, label):
    problems = 0
    if set(evaluated) != set(UNITS.values()):
        fail(f"{label}: units {sorted(evaluated)}, expected {sorted(UNITS.values())}")
    for name, attr in UNITS.items():
        expected = expected_with(shipped[name], name, params)
        found = compare(name, expected, unit_from_nix(attr, evaluated[attr]), label)
        if found == 0:
            print(f"ok: {name} = {label}: {attr}")
        problems += found
    return problems


def nix_string(s):
    return json.dumps(s).replace("${", "\\${")


def nix_eval(repo, params):
    """nix/units.nix evaluated with `params`, offline, without nixpkgs."""
    nix_instantiate = shutil.which("nix-instantiate")
    if nix_instantiate is None:
        fail("nix-instantiate is missing: apt-get install -y nix-bin "
             "(scripts/install-deps.sh test installs it)")
    with tempfile.TemporaryDirectory(prefix="stackprobe-nix.") as tmp:
        # A private store and state: no daemon, no /nix needed, any user.
        conf = os.path.join(tmp, "etc")
        os.makedirs(conf)
        with open(os.path.join(conf, "nix.conf"), "w", encoding="utf-8") as f:
            f.write("build-users-group =\n")
        env = dict(os.environ,
                   NIX_STORE_DIR=os.path.join(tmp, "store"),
                   NIX_STATE_DIR=os.path.join(tmp, "state"),
                   NIX_LOG_DIR=os.path.join(tmp, "log"),
                   NIX_CONF_DIR=conf,
                   XDG_CACHE_HOME=os.path.join(tmp, "cache"),
                   HOME=tmp)
        params_file = os.path.join(tmp, "params.json")
        with open(params_file, "w", encoding="utf-8") as f:
            json.dump(params, f)
        units = os.path.join(os.path.abspath(repo), "nix", "units.nix")
        expr = (f"import (/. + {nix_string(units)}) "
                f"(builtins.fromJSON (builtins.readFile (/. + {nix_string(params_file)})))")
        run = subprocess.run(
            [nix_instantiate, "--readonly-mode", "--eval", "--strict", "--json",
             "--expr", expr],
            env=env, capture_output=True, text=True, check=False)
        if run.returncode != 0:
            fail(f"nix-instantiate could not evaluate {units}:\n{run.stderr}")
        return json.loads(run.stdout)


def mode_eval(args):
    shipped = load_shipped(os.path.join(args.repo, "systemd"))
    problems = compare_units_json(shipped, nix_eval(args.repo, {}), {},
                                  "nix/units.nix (defaults)")
    problems += compare_units_json(shipped, nix_eval(args.repo, NIXOS_PARAMS),
                                   NIXOS_PARAMS, "nix/units.nix (NixOS arguments)")
    return problems


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def mode_json(args):
    shipped = load_shipped(args.systemd_dir)
    params = read_json(args.params) if args.params else {}
    return compare_units_json(shipped, read_json(args.units_json), params,
                              "nix/units.nix")


def mode_rendered(args):
    """Unit files NixOS generated, against systemd/ with the module's args.

    The manifest: {"params": {...units.nix arguments...},
                   "globalEnvironment": [names NixOS adds to every unit],
                   "units": {"<shipped name>": {"file": PATH,
                                                "wantedBy": [...]}}}
    """
    shipped = load_shipped(args.systemd_dir)
    manifest = read_json(args.manifest)
    params = manifest["params"]
    ignored_env = set(manifest.get("globalEnvironment", []))
    problems = 0
    if not manifest["units"]:
        fail("the manifest names no unit")
    for name, rendered in manifest["units"].items():
        if name not in UNITS:
            fail(f"manifest: unknown unit {name}")
        actual = parse_unit_file(rendered["file"])
        for section in actual.sections.values():
            for key in [k for k in section if k.startswith("X-")]:
                del section[key]
            env = section.get("Environment", {})
            for var in ignored_env - set(shipped[name].sections.get(
                    "Service", {}).get("Environment", {})):
                env.pop(var, None)
        if "Install" in actual.sections:
            fail(f"{rendered['file']}: NixOS rendered an [Install] section")
        actual.sections["Install"] = {"WantedBy": list(rendered["wantedBy"])}
        expected = expected_with(shipped[name], name, params)
        found = compare(name, expected, actual, f"NixOS ({rendered['file']})")
        if found == 0:
            print(f"ok: {name} = {rendered['file']}")
        problems += found
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    p = modes.add_parser("eval")
    p.add_argument("--repo", required=True)
    p = modes.add_parser("json")
    p.add_argument("--systemd-dir", required=True)
    p.add_argument("--units-json", required=True)
    p.add_argument("--params")
    p = modes.add_parser("rendered")
    p.add_argument("--systemd-dir", required=True)
    p.add_argument("--manifest", required=True)
    args = parser.parse_args()
    problems = {"eval": mode_eval, "json": mode_json,
                "rendered": mode_rendered}[args.mode](args)
    if problems:
        fail(f"{problems} difference(s) between the units and systemd/*.service")
    print("ok: the units equal systemd/*.service")


if __name__ == "__main__":
    main()
