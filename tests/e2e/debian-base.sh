#!/bin/sh
# debian-base.sh TAG PKG...: a Debian bookworm base image made here, for
# machines that reach a Debian mirror but no image registry: debootstrap
# (minbase) with PKGs preinstalled, imported as TAG.  Needs root.
set -eu
tag=$1
shift
if docker image inspect "$tag" >/dev/null 2>&1; then
	exit 0
fi
if ! command -v debootstrap >/dev/null 2>&1; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap \
		>/dev/null
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
pkgs=$(echo "$@" | tr ' ' ',')
echo "debian-base.sh: debootstrap bookworm with $pkgs (a few minutes)"
debootstrap --variant=minbase ${pkgs:+--include=$pkgs} bookworm "$root" \
	>/tmp/dande-debootstrap.log 2>&1 || {
	echo "debian-base.sh: debootstrap failed: /tmp/dande-debootstrap.log" >&2
	exit 1
}
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
chmod 0755 "$root"
tar -C "$root" -c . | docker import -c 'CMD ["/bin/bash"]' \
	-c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
	- "$tag" >/dev/null
echo "debian-base.sh: image $tag made"
