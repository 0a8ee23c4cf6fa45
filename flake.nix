# SPDX-License-Identifier: Apache-2.0
#
# stackprobe for Nix: the package, the NixOS module and their checks.
#   nix build                          the package (its unit tests run)
#   nix flake check                    the package, the units against
#                                      systemd/*.service, the module's
#                                      generated units against them too
#   nixosModules.default               services.stackprobe (nix/module.nix),
#                                      with this flake's package
# See systemd/README.md, "NixOS".
{
  description = "stackprobe: metrics exporter and health probes for a self-hosted AI stack";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});

      # A NixOS system with the module enabled for user hyperd, the exporter
      # run by `manager`; only its generated unit files are built.
      evalModule =
        pkgs: manager:
        nixpkgs.lib.nixosSystem {
          modules = [
            self.nixosModules.default
            {
              nixpkgs.hostPlatform = pkgs.stdenv.hostPlatform.system;
              system.stateVersion = "25.05";
              boot.isContainer = true;
              virtualisation.podman.enable = true;
              users.users.hyperd.isNormalUser = true;
              services.stackprobe = {
                enable = true;
                user = "hyperd";
                inherit manager;
                startup.enable = true;
                webConfigFile = "/run/secrets/stackprobe-web.yml";
                settings.probes = [
                  {
                    name = "rootless";
                    plugin = "rootless";
                  }
                ];
              };
            }
          ];
        };

      # The generated units compared with systemd/*.service
      # (tests/nix/units_match_test.py rendered).
      moduleCheck =
        pkgs:
        let
          user = (evalModule pkgs "user").config;
          system = (evalModule pkgs "system").config;
          unitFile = units: name: "${units.${name}.unit}/${name}";
          manifest = pkgs.writeText "stackprobe-units.json" (
            builtins.toJSON {
              params = user.services.stackprobe.unitParameters;
              globalEnvironment = builtins.attrNames user.systemd.globalEnvironment;
              units = {
                "ai-stack-startup.service" = {
                  file = unitFile user.systemd.user.units "ai-stack-startup.service";
                  inherit (user.systemd.user.services.ai-stack-startup) wantedBy;
                };
                "stackprobe.service" = {
                  file = unitFile user.systemd.user.units "stackprobe.service";
                  inherit (user.systemd.user.services.stackprobe) wantedBy;
                };
                "stackprobe@.service" = {
                  file = unitFile system.systemd.units "stackprobe.service";
                  inherit (system.systemd.services.stackprobe) wantedBy;
                };
              };
            }
          );
        in
        assert user.services.stackprobe.unitParameters == system.services.stackprobe.unitParameters;
        pkgs.runCommand "stackprobe-module-units" { nativeBuildInputs = [ pkgs.python3 ]; } ''
          python3 ${./tests/nix/units_match_test.py} rendered \
            --systemd-dir ${./systemd} --manifest ${manifest}
          touch $out
        '';
    in
    {
      overlays.default = final: prev: {
        stackprobe = final.callPackage ./nix/package.nix { };
      };

      packages = forAllSystems (pkgs: {
        default = pkgs.callPackage ./nix/package.nix { };
        stackprobe = self.packages.${pkgs.stdenv.hostPlatform.system}.default;
      });

      nixosModules.default =
        { lib, pkgs, ... }:
        {
          imports = [ ./nix/module.nix ];
          services.stackprobe.package =
            lib.mkDefault
              self.packages.${pkgs.stdenv.hostPlatform.system}.default;
        };
      nixosModules.stackprobe = self.nixosModules.default;

      checks = forAllSystems (pkgs: {
        # The build with its unit tests (doCheck).
        package = self.packages.${pkgs.stdenv.hostPlatform.system}.default;
        # nix/units.nix with its defaults against systemd/*.service.
        units =
          pkgs.runCommand "stackprobe-units-match"
            {
              nativeBuildInputs = [ pkgs.python3 ];
              unitsJson = builtins.toJSON (import ./nix/units.nix { });
              passAsFile = [ "unitsJson" ];
            }
            ''
              python3 ${./tests/nix/units_match_test.py} json \
                --systemd-dir ${./systemd} --units-json "$unitsJsonPath"
              touch $out
            '';
        # The units NixOS generates from the module against systemd/*.service.
        module = moduleCheck pkgs;
      });
    };
}
