#!/usr/bin/env bash
# npm test: set up what the tests need on a fresh machine, type-check, then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use, and the file that proves each is installed.
declare -A NEED=(
  [postgresql-15]=/usr/lib/postgresql/15/bin/initdb
  [postgresql-15-postgis-3]=/usr/share/postgresql/15/extension/postgis.control
  [postgresql-15-pgrouting]=/usr/share/postgresql/15/extension/pgrouting.control
  [gdal-bin]=/usr/bin/ogrinfo
  [proj-bin]=/usr/bin/cs2cs
  [chromium]=/usr/bin/chromium
)
missing=()
for pkg in "${!NEED[@]}"; do [ -e "${NEED[$pkg]}" ] || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "dothi test: installing missing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "dothi test: missing system packages: ${missing[*]}" >&2
    echo "Install them with:  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

echo "dothi test: type-checking"
npx tsc --noEmit -p tsconfig.json
[ -f packages/web/tsconfig.json ] && npx tsc --noEmit -p packages/web/tsconfig.json

# A throwaway PostgreSQL 15 cluster for the server backend's tests (recipe in DESIGN.md §3).
PGBIN=/usr/lib/postgresql/15/bin
PGTMP=$(mktemp -d)
PGPORT=${DOTHI_TEST_PGPORT:-54329}
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi; }
[ "$(id -u)" = 0 ] && chown postgres: "$PGTMP" && chmod 755 "$PGTMP"
as_pg "$PGBIN/initdb -D $PGTMP/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null"
as_pg "$PGBIN/pg_ctl -D $PGTMP/data -l $PGTMP/log -o '-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200' -w start >/dev/null"
cleanup() { as_pg "$PGBIN/pg_ctl -D $PGTMP/data -m fast -w stop >/dev/null" || true; rm -rf "$PGTMP"; }
trap cleanup EXIT
export DOTHI_TEST_PG_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"

echo "dothi test: running tests"
files=$(find packages bench -path '*/node_modules' -prune -o -name '*.test.ts' -print 2>/dev/null | sort)
node --import tsx --test --test-concurrency=2 $files
