#!/usr/bin/env bash
# Prints the path of a FerretDB 1.24.2 binary (SQLite backend), building it into the cache when absent.
# The cache is the first argument, else NAZR_CACHE_DIR, else ~/.cache/nazr (outside the clone, so CI keeps it).
# `go install …@v1.24.2` and a wrapper module both give a binary that panics at start: the module ships without
# build/version/version.txt. So the module source is fetched through the Go module proxy, the file is written
# into a copy, and the copy is built.
set -euo pipefail
cache="${1:-${NAZR_CACHE_DIR:-$HOME/.cache/nazr}}/ferretdb"
bin="$cache/bin/ferretdb"
version="v1.24.2"

if [ -x "$bin" ] && "$bin" --version >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "ensure-ferretdb: Go is not installed; set FERRETDB_BIN or MONGODB_URI" >&2
  exit 1
fi
mkdir -p "$cache"
module_dir="$(cd "$cache" && go mod download -json "github.com/FerretDB/FerretDB@$version" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
src="$cache/src"
rm -rf "$src"
cp -r "$module_dir" "$src"
chmod -R u+w "$src"
echo "$version" >"$src/build/version/version.txt"
(cd "$src" && CGO_ENABLED=0 go build -trimpath -tags ferretdb_no_postgresql -o "$bin" ./cmd/ferretdb) >&2
rm -rf "$src"
"$bin" --version >/dev/null
echo "$bin"
