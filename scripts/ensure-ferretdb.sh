#!/usr/bin/env bash
# Prints the path of a FerretDB 1.24.2 binary (SQLite backend), building it into the cache when absent.
# The cache is the first argument, else NAZR_CACHE_DIR, else ~/.cache/nazr (outside the clone, so CI keeps it).
# `go install …@v1.24.2` and a wrapper module both give a binary that panics at start: the module ships without
# build/version/version.txt. So the module source is fetched through the Go module proxy, the file is written
# into a copy, the copy is patched (below), and the copy is built.
set -euo pipefail
version="v1.24.2"
# The binary lives under a directory named by a hash of this script (version and patches included), so a changed
# patch builds a new binary instead of reusing one built without it; src/persistence/embedded/ferretdb-binary.ts
# finds the cached binary by the same hash.
build_id="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)"
cache="${1:-${NAZR_CACHE_DIR:-$HOME/.cache/nazr}}/ferretdb"
bin="$cache/$build_id/bin/ferretdb"

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
src="$cache/src-$build_id"
rm -rf "$src"
cp -r "$module_dir" "$src"
chmod -R u+w "$src"
echo "$version" >"$src/build/version/version.txt"

# The SQLite backend indexes `_id` on the expression `_ferretdb_sjson->"_id"` (metadata/registry.go), but every
# lookup, update and delete by `_id` writes `_ferretdb_sjson->'$._id'` (IDColumn). SQLite uses an expression index
# only for an identical expression, so each of them scanned the whole collection (updateOne by _id: 72 ms at 10,000
# documents, 1.2 ms patched). `->'_id'` yields the same JSON value and matches the index in existing files as is.
# test/integration/ferretdb-id-index.test.ts fails on a binary built without this.
metadata="$src/internal/backends/sqlite/metadata/metadata.go"
sed -i "s|^\(\s*IDColumn = DefaultColumn + \)\"->'\\\$\._id'\"$|\1\"->'_id'\"|" "$metadata"
grep -q "IDColumn = DefaultColumn + \"->'_id'\"$" "$metadata" ||
  { echo "ensure-ferretdb: the IDColumn patch no longer applies to $metadata" >&2; exit 1; }

# Every cursor, iterator and connection is tracked for leak detection (internal/util/resource): each Track adds to a
# pprof profile, which walks the goroutine's stack, and sets a finalizer that panics the server if the object was not
# closed. That walk was a tenth of FerretDB's CPU while thousands answered a call-up; the release build keeps no use
# for it, and a leak is better logged nowhere than a panic that takes the database down. Track and Untrack return;
# test/integration/persistence/ferretdb-resource-tracking.test.ts fails on a binary built without this.
resource="$src/internal/util/resource/resource.go"
sed -i -e 's|^func Track(obj any, token \*Token) {$|&\n\treturn|' -e 's|^func Untrack(obj any, token \*Token) {$|&\n\treturn|' "$resource"
[ "$(grep -A1 '^func \(Track\|Untrack\)(obj any, token \*Token) {$' "$resource" | grep -cP '^\treturn$')" = 2 ] ||
  { echo "ensure-ferretdb: the resource-tracking patch no longer applies to $resource" >&2; exit 1; }

(cd "$src" && CGO_ENABLED=0 go build -trimpath -tags ferretdb_no_postgresql -o "$bin" ./cmd/ferretdb) >&2
rm -rf "$src"
"$bin" --version >/dev/null
echo "$bin"
