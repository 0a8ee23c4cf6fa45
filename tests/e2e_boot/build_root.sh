#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Builds (once) a bootable Debian 12 root for the real-boot test: debootstrap
# --variant=minbase with systemd as PID 1, then podman and the rootless tools
# installed by chroot apt-get (installing podman inside debootstrap fails), a
# user `hyperd` (the incident's user) with subordinate ids, his podman
# configuration for these VMs (runc, cgroupfs, no keyring: nspawn's seccomp
# filter refuses keyctl) and a busybox image in his podman storage.
#
# Cached: ROOT/.stackprobe-boot-root holds the recipe (this script's sha256)
# and the package list. Same recipe: nothing to do, or only `apt-get install`
# of EXTRA_PACKAGES that are new. Another recipe, or no stamp (a build that
# was interrupted): the root is built again from scratch (in ROOT.new, then
# renamed). The machine must not be running while this script runs.
#
# usage: build_root.sh ROOT [EXTRA_PACKAGE...]
#   EXTRA_PACKAGES: the Debian packages of stackprobe's shared libraries
#   (boot_test.sh finds them with ldd). Needs root, debootstrap and the Debian
#   archive (STACKPROBE_BOOT_MIRROR, default http://deb.debian.org/debian).
set -euo pipefail

root=${1:?usage: $0 ROOT [EXTRA_PACKAGE...]}
shift
extra_packages=("$@")
mirror=${STACKPROBE_BOOT_MIRROR:-http://deb.debian.org/debian}
user_name=hyperd
image=localhost/stackprobe-boot-busybox:latest
base_packages=(podman uidmap runc busybox-static catatonit fuse-overlayfs slirp4netns)

fail() {
  echo "FAIL: build_root: $*" >&2
  exit 1
}
say() { echo "build_root: $*"; }

[[ $(id -u) -eq 0 ]] || fail "needs root (debootstrap, chroot)"
for tool in debootstrap systemd-nspawn chroot flock sha256sum; do
  command -v "$tool" >/dev/null ||
    fail "$tool is missing: apt-get install -y --no-install-recommends systemd-container debootstrap"
done
[[ $root == /* ]] || root=$PWD/$root
mkdir -p "$(dirname "$root")"

recipe=$(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)
packages=$(printf '%s\n' "${base_packages[@]}" "${extra_packages[@]}" | sort -u | tr '\n' ' ')
stamp_name=.stackprobe-boot-root

# One builder per root (two ctest runs sharing a build folder wait here).
exec 9>"$root.lock"
flock -w 900 9 || fail "another build of $root held $root.lock for 15 minutes"

mounted=()
cleanup() {
  local m
  for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done
}
trap cleanup EXIT

# apt-get inside ROOT with /proc mounted and no service started.
chroot_apt() {  # DIR apt-get ARGS...
  local dir=$1
  shift
  if ! mountpoint -q "$dir/proc"; then
    mount -t proc proc "$dir/proc"
    mounted+=("$dir/proc")
  fi
  cp -L /etc/resolv.conf "$dir/etc/resolv.conf"
  chroot "$dir" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    LC_ALL=C "$@"
}

install_packages() {  # DIR PACKAGE...
  local dir=$1
  shift
  chroot_apt "$dir" apt-get -q -o DPkg::Lock::Timeout=300 update >/dev/null ||
    fail "apt-get update in the root failed (is $mirror reachable?)"
  chroot_apt "$dir" apt-get -q -y -o DPkg::Lock::Timeout=300 install --no-install-recommends "$@" \
    >"$dir.apt.log" 2>&1 || fail "apt-get install $* in the root failed: $(tail -n 20 "$dir.apt.log")"
  chroot_apt "$dir" apt-get clean
  rm -f "$dir.apt.log"
  # nspawn must mount its own /proc: with the host's left there, podman's
  # newuidmap would look at the host's process of the same pid.
  umount "$dir/proc"
  mounted=()
}

stamp_value() {  # FILE KEY
  sed -n "s/^$2=//p" "$1" 2>/dev/null || true
}

if [[ -f $root/$stamp_name && $(stamp_value "$root/$stamp_name" recipe) == "$recipe" ]]; then
  have=$(stamp_value "$root/$stamp_name" packages)
  if [[ $have == "$packages" ]]; then
    say "cached: $root"
    exit 0
  fi
  missing=()
  for package in $packages; do
    [[ " $have " == *" $package "* ]] || missing+=("$package")
  done
  if ((${#missing[@]} > 0)); then
    say "adding packages to the cached root: ${missing[*]}"
    install_packages "$root" "${missing[@]}"
  fi
  printf 'recipe=%s\npackages=%s\n' "$recipe" "$packages" >"$root/$stamp_name"
  say "cached: $root (packages updated)"
  exit 0
fi

started=$SECONDS
new=$root.new
# An interrupted build resumes after debootstrap when it ran with the same
# arguments (the slow part: minutes on a busy machine).
include=systemd,systemd-sysv,dbus,dbus-user-session,libpam-systemd
bootstrap_args="bookworm minbase $include $mirror"
if [[ $(cat "$new/.stackprobe-debootstrap" 2>/dev/null) != "$bootstrap_args" ]]; then
  rm -rf "$new"
  say "debootstrap bookworm into $new (minbase, systemd)"
  debootstrap --variant=minbase --include="$include" bookworm "$new" "$mirror" \
    >"$new.debootstrap.log" 2>&1 ||
    fail "debootstrap failed (is $mirror reachable?): $(tail -n 20 "$new.debootstrap.log")"
  rm -f "$new.debootstrap.log"
  echo "$bootstrap_args" >"$new/.stackprobe-debootstrap"
  say "debootstrap took $((SECONDS - started)) s"
else
  say "resuming $new after its debootstrap"
fi

# No daemon starts inside the chroot while packages install.
printf '#!/bin/sh\nexit 101\n' >"$new/usr/sbin/policy-rc.d"
chmod 0755 "$new/usr/sbin/policy-rc.d"
t=$SECONDS
install_packages "$new" "${base_packages[@]}" "${extra_packages[@]}"
say "apt-get install took $((SECONDS - t)) s"
rm -f "$new/usr/sbin/policy-rc.d"

# The machine: a stable machine id (journal of earlier boots), a persistent,
# small journal, no getty on the console (--console=pipe has no terminal).
chroot "$new" systemd-machine-id-setup >/dev/null
mkdir -p "$new/var/log/journal" "$new/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=persistent\nSystemMaxUse=64M\n' \
  >"$new/etc/systemd/journald.conf.d/stackprobe-boot.conf"
chroot "$new" systemctl mask console-getty.service getty@tty1.service >/dev/null 2>&1 || true
echo stackprobe-boot >"$new/etc/hostname"

# The user with subordinate ids (useradd fills /etc/subuid, /etc/subgid).
chroot "$new" id -u "$user_name" >/dev/null 2>&1 || chroot "$new" useradd -m -s /bin/bash "$user_name"
uid=$(chroot "$new" id -u "$user_name")
grep -q "^$user_name:100000:65536$" "$new/etc/subuid" ||
  fail "no $user_name:100000:65536 line in the root's /etc/subuid: $(cat "$new/etc/subuid")"
grep -q "^$user_name:100000:65536$" "$new/etc/subgid" ||
  fail "no $user_name:100000:65536 line in the root's /etc/subgid"
home=$new/home/$user_name
mkdir -p "$home/.config/containers"
cat >"$home/.config/containers/containers.conf" <<'CONF'
# The VMs' root lacks CAP_SYS_RESOURCE and has v1/v2 hybrid cgroups;
# nspawn's seccomp filter refuses keyctl ("unable to create session key").
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
keyring = false
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
printf '[storage]\ndriver = "overlay"\n' >"$home/.config/containers/storage.conf"

# A busybox image without a registry, imported as the user (rootless
# storage) in a throwaway container of the root (whose /tmp is its own
# tmpfs), with the same runtime folder as at boot so podman's database
# matches.
rootfs=$new/var/tmp/bb-rootfs
mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/www"
cp "$new/bin/busybox" "$rootfs/bin/"
for applet in $(chroot "$new" /bin/busybox --list); do
  [[ $applet == busybox ]] || ln -sf busybox "$rootfs/bin/$applet"
done
echo 'root:x:0:0:root:/:/bin/sh' >"$rootfs/etc/passwd"
echo 'root:x:0:' >"$rootfs/etc/group"
tar -C "$rootfs" -cf "$new/var/tmp/bb.tar" .
chmod 0644 "$new/var/tmp/bb.tar"
rm -rf "$rootfs"
chroot "$new" chown -R "$user_name:" "/home/$user_name"
t=$SECONDS
systemd-nspawn --quiet --keep-unit --register=no -D "$new" --pipe /bin/sh -euc "
  mkdir -p /run/user/$uid && chown $user_name: /run/user/$uid && chmod 0700 /run/user/$uid
  runuser -u $user_name -- env -i HOME=/home/$user_name USER=$user_name \
    XDG_RUNTIME_DIR=/run/user/$uid PATH=/usr/bin:/bin \
    podman import --change 'CMD [\"/bin/sh\"]' --change 'ENV PATH=/bin:/usr/bin' \
      /var/tmp/bb.tar $image
  runuser -u $user_name -- env -i HOME=/home/$user_name XDG_RUNTIME_DIR=/run/user/$uid \
    PATH=/usr/bin:/bin podman image exists $image
" >"$new.import.log" 2>&1 || fail "podman import as $user_name in the root failed: $(cat "$new.import.log")"
rm -f "$new.import.log" "$new/var/tmp/bb.tar"
say "image import took $((SECONDS - t)) s"

rm -f "$new/.stackprobe-debootstrap"
printf 'recipe=%s\npackages=%s\n' "$recipe" "$packages" >"$new/$stamp_name"
cleanup
mounted=()
rm -rf "$root"
mv "$new" "$root"
say "built $root in $((SECONDS - started)) s"
