#!/bin/sh
# engine.sh: make sure a Docker engine answers, for dande's e2e tests.
#
# On these machines (see ../shared/MACHINE-NOTES.md): the kernel refuses to
# raise hard rlimits, so containers get explicit lower ulimits; there is no
# iptables, so no default bridge or NAT (Compose's user-defined networks
# still work); storage is vfs; no public registry is reachable, so the base
# image busybox:local is built here from Debian's busybox-static.
#
# Usage: engine.sh [start|stop]   (start is the default; idempotent)
# Needs root to install docker.io and docker-compose and to run dockerd.
set -eu
pidfile=/run/dande-dockerd.pid
data=${DANDE_DOCKER_DATA:-/var/lib/dande-docker}
log=${DANDE_DOCKER_LOG:-/tmp/dande-dockerd.log}

if [ "${1:-start}" = stop ]; then
	[ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
	rm -f "$pidfile"
	exit 0
fi

if ! docker info >/dev/null 2>&1; then
	if [ "$(id -u)" != 0 ]; then
		echo "engine.sh: no Docker engine answers, and starting one" \
		     "needs root" >&2
		exit 1
	fi
	if ! command -v dockerd >/dev/null 2>&1 ||
	   ! command -v docker-compose >/dev/null 2>&1; then
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq docker.io docker-compose \
			busybox-static >/dev/null
	fi
	mkdir -p "$data"
	setsid nohup dockerd --iptables=false --ip-masq=false --bridge=none \
		--storage-driver=vfs --data-root "$data" \
		--default-ulimit nofile=20000:20000 \
		--default-ulimit nproc=4096:32768 \
		--pidfile "$pidfile" >"$log" 2>&1 </dev/null &
	i=0
	while ! docker info >/dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -gt 120 ]; then
			echo "engine.sh: dockerd did not start; see $log" >&2
			exit 1
		fi
		sleep 0.5
	done
	echo "engine.sh: docker engine started"
fi

if ! docker image inspect busybox:local >/dev/null 2>&1; then
	command -v busybox >/dev/null 2>&1 ||
		apt-get install -y -qq busybox-static >/dev/null
	root=$(mktemp -d)
	mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/proc" \
		"$root/sys" "$root/dev" "$root/var/www"
	cp "$(command -v busybox)" "$root/bin/busybox"
	for app in $("$root/bin/busybox" --list); do
		[ "$app" = busybox ] || ln -sf busybox "$root/bin/$app"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
	tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' \
		-c 'CMD ["/bin/sh"]' - busybox:local >/dev/null
	rm -rf "$root"
	echo "engine.sh: image busybox:local loaded"
fi
