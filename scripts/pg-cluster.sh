#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster (DESIGN.md §3), for tests and benchmarks.
#   source scripts/pg-cluster.sh; pg_cluster_start PORT   → exports PG_CLUSTER_DIR and PG_CLUSTER_URL
#   pg_cluster_stop
PGBIN=/usr/lib/postgresql/15/bin
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi; }
pg_cluster_start() {
  local port=$1; shift
  PG_CLUSTER_DIR=$(mktemp -d)
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_CLUSTER_DIR" && chmod 755 "$PG_CLUSTER_DIR"
  as_pg "$PGBIN/initdb -D $PG_CLUSTER_DIR/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null"
  as_pg "$PGBIN/pg_ctl -D $PG_CLUSTER_DIR/data -l $PG_CLUSTER_DIR/log -o '-p $port -k $PG_CLUSTER_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 $*' -w start >/dev/null"
  export PG_CLUSTER_DIR PG_CLUSTER_URL="postgres://postgres@127.0.0.1:$port/postgres"
}
pg_cluster_stop() {
  [ -n "${PG_CLUSTER_DIR:-}" ] || return 0
  as_pg "$PGBIN/pg_ctl -D $PG_CLUSTER_DIR/data -m fast -w stop >/dev/null" || true
  rm -rf "$PG_CLUSTER_DIR"
}
