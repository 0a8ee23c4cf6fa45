# SPDX-License-Identifier: Apache-2.0
#
# services.stackprobe: the exporter, as a user service of `user` (default,
# like systemd/stackprobe.service) or as a system service running as `user`
# (systemd/stackprobe@.service); services.stackprobe.startup: the
# ai-stack-startup user service (systemd/ai-stack-startup.service). The
# unit settings come from ./units.nix, which tests/nix/units_match_test.py
# keeps equal to systemd/*.service; this file only passes the package's
# paths, the config and the user, and forces the PATH (NixOS would put its
# default service PATH there). See systemd/README.md, "NixOS".
{
  config,
  lib,
  pkgs,
  ...
}:

let
  inherit (lib)
    literalExpression
    mkDefault
    mkEnableOption
    mkForce
    mkIf
    mkMerge
    mkOption
    optional
    optionals
    types
    ;

  cfg = config.services.stackprobe;
  yaml = pkgs.formats.yaml { };

  etcConfig = "/etc/stackprobe/stackprobe.yml";
  generatedConfig = yaml.generate "stackprobe.yml" cfg.settings;
  # `stackprobe config check` at build time: every probe, sink and action
  # and its plugin config validates, or the system does not build.
  checkedConfig =
    if cfg.checkConfig && pkgs.stdenv.buildPlatform.canExecute pkgs.stdenv.hostPlatform then
      pkgs.runCommand "stackprobe-checked.yml" { nativeBuildInputs = [ cfg.package ]; } ''
        export HOME=$TMPDIR
        stackprobe config check ${generatedConfig}
        cp ${generatedConfig} $out
      ''
    else
      generatedConfig;
  managedConfig = cfg.configFile == null;
  configPath = if managedConfig then etcConfig else cfg.configFile;

  userEntry = config.users.users.${cfg.user} or null;
  userHome = if userEntry != null then userEntry.home else "/home/${cfg.user}";

  anyUnit = cfg.enable || cfg.startup.enable;
  userUnits = (cfg.enable && cfg.manager == "user") || cfg.startup.enable;

  # The arguments of ./units.nix on NixOS (also read by flake.nix's module
  # check through unitParameters).
  unitParameters = {
    stackprobe = lib.getExe cfg.package;
    kill = "${pkgs.coreutils}/bin/kill";
    documentation = "file://${cfg.package}/share/doc/stackprobe/systemd/README.md";
    configFile = configPath;
    serveArgs = optionals (cfg.webConfigFile != null) [
      "--web.config.file"
      "${cfg.webConfigFile}"
    ];
    user = cfg.user;
    systemHome = userHome;
  };
  units = import ./units.nix unitParameters;

  # NixOS defines every service's PATH from `path`; the unit's own PATH
  # (wrappers first) has to win.
  onNixos =
    unit:
    unit
    // {
      environment = unit.environment // {
        PATH = mkForce unit.environment.PATH;
      };
    };

  listenPort = lib.toInt (lib.last (lib.splitString ":" cfg.listenAddress));
in
{
  options.services.stackprobe = {
    enable = mkEnableOption "the stackprobe metrics exporter and health probes";

    package = mkOption {
      type = types.package;
      default = pkgs.callPackage ./package.nix { };
      defaultText = literalExpression "pkgs.callPackage ./nix/package.nix { } (the flake's packages.default with nixosModules.default)";
      description = "The stackprobe package.";
    };

    user = mkOption {
      type = types.str;
      example = "hyperd";
      description = ''
        The user who owns the AI stack's rootless containers. The user units
        (the exporter with `manager = "user"`, and `startup`) run in this
        user's systemd manager only (`ConditionUser=`; NixOS installs user
        units for every user); with `manager = "system"` the exporter runs
        as this user. Declare the user in `users.users` (for linger and the
        subordinate ids).
      '';
    };

    manager = mkOption {
      type = types.enum [
        "user"
        "system"
      ];
      default = "user";
      description = ''
        Which systemd manager runs the exporter: `user` (the user service
        stackprobe.service of `user`, what systemd/README.md recommends: it
        sees the user's rootless podman) or `system` (the system service
        stackprobe.service with `User=`, like systemd/stackprobe@.service).
      '';
    };

    listenAddress = mkOption {
      type = types.str;
      default = "127.0.0.1:9877";
      example = "0.0.0.0:9877";
      description = ''
        host:port of /metrics and /probe: the default of `settings.listen`
        (set that for several addresses).
      '';
    };

    extraPluginDirs = mkOption {
      type = types.listOf types.path;
      default = [ ];
      example = literalExpression ''[ "''${myPlugins}/lib/stackprobe/plugins" ]'';
      description = ''
        Plugin folders searched before the package's own: the default of
        `settings.plugin_dirs`. The loader refuses plugin files that group or
        others can write or that someone other than root or the running user
        owns (store paths are fine), and follows no symbolic link to a plugin
        file: give the folders that hold the files themselves, not a
        `symlinkJoin` of them.
      '';
    };

    webConfigFile = mkOption {
      type = types.nullOr types.path;
      default = null;
      example = "/run/secrets/stackprobe-web.yml";
      description = ''
        TLS, client certificates and basic auth for the exporter's listener
        (`--web.config.file`, the Prometheus exporter-toolkit format; re-read
        when it changes). Give a string: a Nix path value is copied into the
        world-readable store. The user the exporter runs as must read it.
      '';
    };

    settings = mkOption {
      type = types.submodule {
        freeformType = yaml.type;
        options = {
          listen = mkOption {
            type = types.listOf types.str;
            default = [ cfg.listenAddress ];
            defaultText = literalExpression "[ config.services.stackprobe.listenAddress ]";
            description = "Listen addresses (host:port).";
          };
          plugin_dirs = mkOption {
            type = types.listOf types.str;
            default = map (dir: "${dir}") cfg.extraPluginDirs;
            defaultText = literalExpression "config.services.stackprobe.extraPluginDirs";
            description = "Extra plugin folders, searched first.";
          };
        };
      };
      default = { };
      example = literalExpression ''
        {
          defaults = { interval = "15s"; timeout = "5s"; };
          probes = [
            { name = "redis"; plugin = "redis"; config = { host = "127.0.0.1"; port = 6379; }; }
            { name = "rootless"; plugin = "rootless"; interval = "5m"; timeout = "30s"; }
          ];
          sinks = [
            { name = "legacy_dashboard"; plugin = "legacy_ai_metrics";
              config.path = "~/.local/share/nixos-system-dashboard/ai_metrics.json"; }
          ];
        }
      '';
      description = ''
        stackprobe.yml as Nix (probes, sinks, actions, defaults, ...; see
        examples/stackprobe.yml, `stackprobe config check FILE --print`, and
        `stackprobe plugins --schema NAME`). Written to
        /etc/stackprobe/stackprobe.yml, which every unit names with
        `--config` and the `STACKPROBE_CONFIG` variable names for the CLI.
        The exporter reloads it on `systemctl reload` (the system service on
        `nixos-rebuild switch` too; a new listen address restarts it).
      '';
    };

    configFile = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "%h/.config/stackprobe/stackprobe.yml";
      description = ''
        A config file of your own for every unit's `--config`, instead of
        the one generated from `settings` (which, with `listenAddress` and
        `extraPluginDirs`, is then unused). systemd specifiers work (`%h`).
      '';
    };

    checkConfig = mkOption {
      type = types.bool;
      default = true;
      description = ''
        Run `stackprobe config check` on the generated config at build time.
        Turn it off if a plugin config needs something the build sandbox
        does not have.
      '';
    };

    openFirewall = mkOption {
      type = types.bool;
      default = false;
      description = "Open the port of `listenAddress` in the firewall.";
    };

    linger = mkOption {
      type = types.bool;
      default = true;
      description = ''
        Set `users.users.<user>.linger` (NixOS 24.05 or later) when a user
        unit is enabled, so that the user's manager, and with it the units,
        starts at boot rather than at the first login. Turn it off for a
        user not declared in `users.users`, and run
        `loginctl enable-linger USER` once instead.
      '';
    };

    startup = {
      enable = mkEnableOption ''
        the ai-stack-startup user service of `user`: `stackprobe doctor`
        (ExecStartPre=), then `stackprobe start`, the AI stack's containers in
        dependency order (Type=notify, TimeoutStartSec=300, Restart=no, PATH
        with /run/wrappers/bin first). Rootless podman needs
        `virtualisation.podman.enable`, the setuid newuidmap/newgidmap
        wrappers NixOS puts in /run/wrappers/bin, and subordinate ids for
        the user: NixOS gives a normal user without `subUidRanges` and
        `subGidRanges` a range of its own (`autoSubUidGidRange`); set those
        options for a fixed range, e.g.
        `subUidRanges = [ { startUid = 100000; count = 65536; } ]`
      '';
    };

    unitParameters = mkOption {
      type = types.attrs;
      internal = true;
      readOnly = true;
      default = unitParameters;
      description = "The arguments this module gives nix/units.nix (for flake.nix's checks).";
    };
  };

  config = mkIf anyUnit (mkMerge [
    {
      environment.systemPackages = [ cfg.package ];

      assertions = [
        {
          # Setting linger declares the user; a user declared only here
          # would be neither normal nor system user.
          assertion =
            !(userUnits && cfg.linger) || userEntry.isNormalUser || userEntry.isSystemUser;
          message = ''
            services.stackprobe: users.users.${cfg.user} is not declared (isNormalUser = true);
            declare it, or set services.stackprobe.linger = false and run
            `loginctl enable-linger ${cfg.user}` once.
          '';
        }
        {
          # `stackprobe config check` refuses a config with neither probes
          # nor actions; say so here, with the option to set, rather than as
          # a failed build of the checked config.
          assertion =
            !managedConfig || (cfg.settings.probes or [ ]) != [ ] || (cfg.settings.actions or [ ]) != [ ];
          message = ''
            services.stackprobe.settings has no probes (and no actions), so the exporter
            would have nothing to check or export. Add settings.probes (examples/stackprobe.yml
            describes the whole stack; `stackprobe plugins` lists the plugins), or point
            services.stackprobe.configFile at a config of your own.
          '';
        }
      ];

      warnings =
        optional (cfg.startup.enable && !config.virtualisation.podman.enable) ''
          services.stackprobe.startup starts podman containers, but
          virtualisation.podman.enable is false.
        ''
        ++ optional (
          cfg.startup.enable
          && userEntry != null
          && userEntry.subUidRanges == [ ]
          && userEntry.subGidRanges == [ ]
          && !(userEntry.autoSubUidGidRange or false)
        ) ''
          services.stackprobe.startup: users.users.${cfg.user} has no subordinate ids
          (subUidRanges, subGidRanges or autoSubUidGidRange); rootless podman cannot
          start its containers. `stackprobe doctor` reports it at every start.
        '';
    }

    (mkIf managedConfig {
      environment.etc."stackprobe/stackprobe.yml".source = checkedConfig;
      environment.variables.STACKPROBE_CONFIG = mkDefault etcConfig;
    })

    (mkIf (cfg.enable && cfg.manager == "user") {
      systemd.user.services.stackprobe = onNixos units.stackprobe;
    })

    (mkIf (cfg.enable && cfg.manager == "system") {
      systemd.services.stackprobe = onNixos units."stackprobe@" // {
        # nixos-rebuild switch reloads a changed config (ExecReload=,
        # SIGHUP); a reload keeps the listeners, so new listen addresses
        # restart it. The web config file is watched by the exporter itself.
        reloadTriggers = optional managedConfig checkedConfig;
        restartTriggers = optional managedConfig (builtins.toJSON cfg.settings.listen);
      };
    })

    (mkIf cfg.startup.enable {
      systemd.user.services.ai-stack-startup = onNixos units.ai-stack-startup;
    })

    (mkIf (userUnits && cfg.linger) {
      users.users.${cfg.user}.linger = mkDefault true;
    })

    (mkIf (cfg.enable && cfg.openFirewall) {
      networking.firewall.allowedTCPPorts = [ listenPort ];
    })
  ]);
}
