#!/usr/bin/env bash
# Release build: cross-builds motcua and motcua-server for every platform a
# province runs, stamps the version, commit and build date into both
# (`motcua --version`), and writes SHA256SUMS beside them.
#
#   scripts/release.sh [VERSION] [OUTDIR]     (defaults: `git describe`, dist/VERSION)
#
# linux/arm is built with GOARM=6 so it runs on ARMv6 boards (Raspberry Pi
# Zero/1) as well as on ARMv7; the default GOARM=7 dies there with
# "Illegal instruction". CGO is off: every binary is static and needs
# nothing installed on the target.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
out=${2:-dist/$version}
commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
pkg=github.com/motcua/motcua/internal/cli
ldflags="-s -w -X $pkg.version=$version -X $pkg.commit=$commit -X $pkg.date=$date"

# os/arch[/arm version]; RELEASE_TARGETS="linux/amd64 …" builds fewer.
read -r -a targets <<<"${RELEASE_TARGETS:-windows/amd64 darwin/arm64 darwin/amd64 linux/amd64 linux/arm64 linux/arm/6}"

mkdir -p "$out"
for target in "${targets[@]}"; do
  IFS=/ read -r goos goarch goarm <<<"$target"
  suffix=""; [ "$goos" = windows ] && suffix=.exe
  name="$goos-$goarch"; [ -n "$goarm" ] && name="$name-v$goarm"
  for prog in motcua motcua-server; do
    echo "building $prog for $name" >&2
    CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch GOARM=$goarm \
      go build -trimpath -ldflags "$ldflags" -o "$out/$prog-$version-$name$suffix" "./cmd/$prog"
  done
done

(cd "$out" && sha256sum -- motcua-* > SHA256SUMS)
echo "motcua $version (commit $commit, built $date) in $out:"
cat "$out/SHA256SUMS"
