#!/usr/bin/env bash
# Debian packages the tests run for real: a private registry, a registry client,
# and a credential helper backed by pass and GnuPG.
set -euo pipefail

# command name -> Debian package
declare -A packages=(
    [docker-registry]=docker-registry
    [skopeo]=skopeo
    [docker-credential-pass]=golang-docker-credential-helpers
    [pass]=pass
    [gpg]=gnupg
)

missing=()
for command in "${!packages[@]}"; do
    command -v "$command" >/dev/null 2>&1 || missing+=("${packages[$command]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

install_command="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${missing[*]}" >&2
    echo "run as root: apt-get update && $install_command" >&2
    exit 1
fi

# The docker-registry package would start a registry service on port 5000; the tests
# start their own registries, so keep the package's service from starting.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod +x "$policy"
    created_policy=1
fi
trap '[ "$created_policy" -eq 1 ] && rm -f "$policy"' EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$install_command
