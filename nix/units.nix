# SPDX-License-Identifier: Apache-2.0
#
# The settings of the three units in systemd/, as NixOS unit options
# (description, wants, after, wantedBy, environment, serviceConfig,
# unitConfig): the one source nix/module.nix builds its units from. Pure Nix,
# no nixpkgs, so it evaluates anywhere:
#
#   nix-instantiate --eval --strict --json --expr 'import ./nix/units.nix { }'
#
# With the defaults the result says exactly what systemd/*.service say;
# tests/nix/units_match_test.py checks that key by key (Type, PATH order,
# timeouts, Restart, hardening, ExecStartPre/ExecStart, WantedBy, ...), and
# that the arguments below change nothing but what they name. Change a unit
# here and in systemd/ together.
{
  # The binary ExecStartPre= and ExecStart= run.
  stackprobe ? "/usr/local/bin/stackprobe",
  # The kill(1) ExecReload= runs (NixOS has no /bin/kill).
  kill ? "/bin/kill",
  # Documentation= of every unit.
  documentation ? "file:///usr/share/doc/stackprobe/systemd/README.md",
  # The config file every command names with --config. null: as shipped, the
  # user units name none (stackprobe reads ~/.config/stackprobe/stackprobe.yml)
  # and the system unit names /etc/stackprobe/stackprobe.yml.
  configFile ? null,
  # Arguments after `serve` (e.g. [ "--web.config.file" FILE ]).
  serveArgs ? [ ],
  # NixOS: the one user the units are for. The user units get
  # ConditionUser= (NixOS installs user units for every user), the system
  # unit runs as this user instead of the template's %i. null: as shipped.
  user ? null,
  # The home whose dashboard and state folders the system unit may write.
  # In a system unit %h is /root whatever User= says (systemd.unit(5)), so
  # the template names /home/%i and NixOS passes the user's home; the user
  # units always use %h.
  systemHome ? "/home/%i",
}:

let
  inherit (builtins) concatStringsSep match toJSON;

  # An argument as systemd reads it: plain when it is one word, quoted
  # otherwise.
  quote = arg: if match "[A-Za-z0-9_./:%@=+,-]+" arg != null then arg else toJSON arg;
  command = args: concatStringsSep " " (map quote ([ stackprobe ] ++ args));

  configArgs = if configFile == null then [ ] else [ "--config" configFile ];
  systemConfigArgs = [
    "--config"
    (if configFile == null then "/etc/stackprobe/stackprobe.yml" else configFile)
  ];
  instance = if user == null then "%i" else user;
  onlyForUser = if user == null then { } else { unitConfig.ConditionUser = user; };

  # The setuid newuidmap/newgidmap wrappers first: on NixOS they live in
  # /run/wrappers/bin while /run/current-system/sw/bin holds plain copies.
  userPath = "/run/wrappers/bin:/usr/local/bin:/usr/bin:/bin:/run/current-system/sw/bin:%h/.nix-profile/bin";
  systemPath = "/run/wrappers/bin:/usr/local/bin:/usr/bin:/bin:/run/current-system/sw/bin";

  # The exporter: READY=1, WATCHDOG=1, reload on SIGHUP, sandboxed with write
  # access only to the legacy dashboard folder and its state folder.
  exporterService = home: {
    Type = "notify";
    NotifyAccess = "main";
    ExecReload = "${kill} -HUP $MAINPID";
    WatchdogSec = "30s";
    Restart = "on-failure";
    RestartSec = "5s";
    NoNewPrivileges = true;
    PrivateTmp = true;
    ProtectSystem = "strict";
    ProtectHome = "read-only";
    # The legacy dashboard reads ai_metrics.json from the first.
    ReadWritePaths = [
      "-${home}/.local/share/nixos-system-dashboard"
      "-${home}/.local/state/stackprobe"
    ];
    ProtectKernelTunables = true;
    ProtectControlGroups = true;
    RestrictSUIDSGID = true;
    LockPersonality = true;
  };
in
{
  # User unit: the AI stack's containers in dependency order, after the
  # doctor judged that they can start.
  ai-stack-startup = {
    description = "Start the AI stack containers in dependency order (stackprobe start)";
    documentation = [ documentation ];
    wants = [ "network-online.target" ];
    after = [
      "network-online.target"
      "podman.socket"
    ];
    wantedBy = [ "default.target" ];
    environment = {
      PATH = userPath;
      HOME = "%h";
    };
    serviceConfig = {
      Type = "notify";
      NotifyAccess = "main";
      # Fails (exit 1) only when the containers cannot start; a PATH that
      # `stackprobe start` repairs is a warning. systemd then skips
      # ExecStart= and, with Restart=no, retries nothing.
      ExecStartPre = command (configArgs ++ [ "doctor" ]);
      ExecStart = command (configArgs ++ [ "start" ]);
      # Above the starter's own budget (270s), so systemd never cuts a start.
      TimeoutStartSec = 300;
      RemainAfterExit = true;
      Restart = "no";
    };
  } // onlyForUser;

  # User unit: the exporter for the user who owns the containers.
  stackprobe = {
    description = "stackprobe metrics exporter and health probes for the AI stack";
    documentation = [ documentation ];
    wants = [ "network-online.target" ];
    after = [
      "network-online.target"
      "ai-stack-startup.service"
    ];
    wantedBy = [ "default.target" ];
    environment.PATH = userPath;
    serviceConfig = exporterService "%h" // {
      ExecStart = command (configArgs ++ [ "serve" ] ++ serveArgs);
    };
  } // onlyForUser;

  # System unit (template stackprobe@USER.service): the same exporter
  # started by the system manager as the user.
  "stackprobe@" = {
    description = "stackprobe metrics exporter and health probes (as ${instance})";
    documentation = [ documentation ];
    wants = [ "network-online.target" ];
    after = [ "network-online.target" ];
    wantedBy = [ "multi-user.target" ];
    environment.PATH = systemPath;
    serviceConfig = exporterService systemHome // {
      User = instance;
      ExecStart = command (systemConfigArgs ++ [ "serve" ] ++ serveArgs);
      PrivateDevices = true;
      ProtectKernelModules = true;
      RestrictAddressFamilies = "AF_UNIX AF_INET AF_INET6";
      CapabilityBoundingSet = "";
    };
  };
}
