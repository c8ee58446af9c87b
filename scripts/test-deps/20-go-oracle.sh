#!/usr/bin/env bash
# Build the Go oracle (tests/oracle) into tests/oracle/bin/oracle. The build is skipped
# when its inputs (go.mod, go.sum, the *.go files and the Go version) match the stamp
# that the last build wrote; tests/support/oracle.py reads the same stamp.
set -euo pipefail
cd "$(dirname "$0")/../../tests/oracle"

if ! command -v go >/dev/null 2>&1; then
    echo "20-go-oracle: the go command is not on PATH; install Go 1.26 or newer" >&2
    exit 1
fi

inputs() {
    sha256sum go.mod go.sum $(ls *.go | LC_ALL=C sort)
    go version
}

stamp=bin/inputs.txt
current="$(inputs)"
if [ -x bin/oracle ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$current" ]; then
    echo "20-go-oracle: bin/oracle is up to date"
    exit 0
fi

# Stamp the versions a released Helm binary carries, so .Capabilities matches `helm template`:
# Helm's Makefile sets the default Kubernetes version from its k8s.io module versions.
helm_version="$(go list -m -f '{{.Version}}' helm.sh/helm/v3)"
k8s_minor="$(go list -m -f '{{.Version}}' k8s.io/client-go | cut -d. -f2)"
ldflags="-X helm.sh/helm/v3/internal/version.version=${helm_version}"
ldflags+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1"
ldflags+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=${k8s_minor}"

mkdir -p bin
rm -f "$stamp"
echo "20-go-oracle: building bin/oracle (Helm ${helm_version}, Kubernetes 1.${k8s_minor})"
nice -n 10 go build -buildvcs=false -trimpath -ldflags "$ldflags" -o bin/oracle.new .
mv bin/oracle.new bin/oracle
printf '%s\n' "$current" > "$stamp"
