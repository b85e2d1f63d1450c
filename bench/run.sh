#!/usr/bin/env bash
# npm run bench: starts a throwaway PostgreSQL 15 + PostGIS cluster and measures dothi beside its peers.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg-cluster.sh
pg_cluster_start "${DOTHI_BENCH_PGPORT:-54331}" "-c shared_buffers=2GB -c synchronous_commit=off -c jit=off"
trap pg_cluster_stop EXIT
DOTHI_BENCH_PG_URL="$PG_CLUSTER_URL" node --import tsx bench/import.bench.ts "$@"
