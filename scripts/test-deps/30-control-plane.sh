#!/usr/bin/env bash
# Build the control plane the cluster tests start: etcd, kube-apiserver and
# kube-controller-manager, from the Go module in tests/cluster.
#
# The binaries go to tests/cluster/bin (git-ignored) with a stamp of the build's
# inputs: go.mod, go.sum, the Go sources of the module, this script and the Go
# version. The build runs again only when the stamp differs.
set -euo pipefail
script=$(realpath "$0")
cd "$(dirname "$script")/../../tests/cluster"

binaries=(etcd kube-apiserver kube-controller-manager)
kubernetes_version=$(awk '$1 == "k8s.io/kubernetes" { print $2 }' go.sum | sed 's|/go.mod$||' | sort -u | tail -n 1)

command -v go >/dev/null 2>&1 || {
    echo "30-control-plane: the Go toolchain is missing. Install Go 1.24 or later." >&2
    exit 1
}

inputs_digest() {
    {
        go version
        cat go.mod go.sum "$script"
        find . -name '*.go' -not -path './bin/*' | LC_ALL=C sort | xargs cat
    } | sha256sum | cut -d' ' -f1
}

digest=$(inputs_digest)
stamp=bin/.inputs
up_to_date=1
for name in "${binaries[@]}"; do
    [ -x "bin/$name" ] || up_to_date=0
done
if [ "$up_to_date" -eq 1 ] && [ "$(cat "$stamp" 2>/dev/null)" = "$digest" ]; then
    echo "30-control-plane: binaries in tests/cluster/bin are up to date"
    exit 0
fi

# The version the API server reports at /version. Kubernetes' own build sets the same variables.
version_package=k8s.io/component-base/version
minor=$(echo "$kubernetes_version" | cut -d. -f2)
ldflags="-s -w -X $version_package.gitVersion=$kubernetes_version -X $version_package.gitMajor=1"
ldflags="$ldflags -X $version_package.gitMinor=$minor -X $version_package.gitTreeState=clean"

echo "30-control-plane: building ${binaries[*]} ($kubernetes_version) with $(go version | cut -d' ' -f3); a cold build takes a long time"
start=$(date +%s)
staging=$(mktemp -d bin.XXXXXX)
trap 'rm -rf "$staging"' EXIT
GOFLAGS=-buildvcs=false nice -n 10 go build -trimpath -ldflags "$ldflags" -o "$staging/" \
    ./etcd k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager

mkdir -p bin
for name in "${binaries[@]}"; do
    mv "$staging/$name" "bin/$name"
done
echo "$digest" > "$stamp"
echo "30-control-plane: built in $(( $(date +%s) - start ))s"
