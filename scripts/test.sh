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

# A throwaway PostgreSQL 15 cluster for the server backend's tests.
source scripts/pg-cluster.sh
pg_cluster_start "${DOTHI_TEST_PGPORT:-54329}"
trap pg_cluster_stop EXIT
export DOTHI_TEST_PG_URL="$PG_CLUSTER_URL"

echo "dothi test: running tests"
files=$(find packages bench -path '*/node_modules' -prune -o -name '*.test.ts' -print 2>/dev/null | sort)
node --import tsx --test --test-concurrency=2 $files
