#!/usr/bin/env bash
# npm run bench [-- --quick]: starts a throwaway PostgreSQL 15 + PostGIS + pgRouting cluster with the
# baseline's settings (../shared/reference/peer-baselines.md) and measures dothi beside its peers.
#   --quick   analysis workloads on Las Palmas and synthetic S only, then indicators I1–I2 (a few minutes)
#   (full)    analysis workloads on Las Palmas, S, M and L, indicators I1–I2, then the import benchmark
set -euo pipefail
cd "$(dirname "$0")/.."
for ext in postgis pgrouting; do
  if [ ! -e "/usr/share/postgresql/15/extension/$ext.control" ]; then
    echo "dothi bench: the peer cannot run: PostgreSQL 15 extension '$ext' is not installed" >&2
    echo "Install it with:  sudo apt-get install -y postgresql-15-postgis-3 postgresql-15-pgrouting" >&2
    exit 2
  fi
done
source scripts/pg-cluster.sh
pg_cluster_start "${DOTHI_BENCH_PGPORT:-54331}" "-c shared_buffers=2GB -c work_mem=256MB -c maintenance_work_mem=1GB -c effective_cache_size=12GB -c random_page_cost=1.1 -c max_wal_size=4GB -c synchronous_commit=off -c jit=off"
trap pg_cluster_stop EXIT
export DOTHI_BENCH_PG_URL="$PG_CLUSTER_URL"
status=0
node --import tsx bench/analysis.bench.ts "$@" || status=$?
node --import tsx bench/indicators.bench.ts "$@" || status=$?
if [[ " $* " != *" --quick "* ]] && [[ " $* " != *" --analysis-only "* ]]; then
  node --import tsx bench/import.bench.ts || status=$?
fi
exit $status
