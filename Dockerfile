# dande's own development and test image (docker-compose.yml,
# docker-compose.test.yml): Debian with the packages the GNUmakefile
# builds and tests with, nothing else.  Built by `make env-image` as
# dande-dev:local, which passes PKGS from the GNUmakefile (DEB_PKGS and
# what the unit and integration levels use: git, postgresql, openssl).
#
# BASE is the image to start from.  Where no registry can be reached,
# make env-image builds debian:bookworm-slim locally with debootstrap,
# the packages preinstalled (tests/e2e/debian-base.sh), and this file
# installs nothing: a package already there is not fetched again.
ARG BASE=debian:bookworm-slim
FROM ${BASE}
# an imported base (debootstrap) has no environment of its own
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ARG PKGS="pkg-config gcc make libgit2-dev libsqlite3-dev libcurl4-openssl-dev libxml2-dev libcunit1-dev libjson-c-dev zlib1g-dev libyaml-dev libpq-dev git postgresql openssl ca-certificates"
RUN missing=""; \
	for p in $PKGS; do \
	  dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | \
	    grep -q 'ok installed' || missing="$missing $p"; \
	done; \
	if [ -n "$missing" ]; then \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update && \
	  apt-get install -y --no-install-recommends $missing && \
	  rm -rf /var/lib/apt/lists/*; \
	fi
# the sources are mounted here; build trees live in named volumes
WORKDIR /src
CMD ["bash"]
