#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests and prints the
# environment to use it: `eval "$(scripts/pg-test-cluster.sh start DIR)"`
# exports MOTCUA_TEST_PG (a DSN on a unix socket in DIR); `scripts/
# pg-test-cluster.sh stop DIR` stops it. The cluster lives in DIR only
# (initdb, no password, listening on no TCP port), and is owned by the
# invoking user, or by the postgres user when run as root (PostgreSQL
# refuses to run as root). PGFSYNC=on starts it durable (fsync,
# synchronous_commit and full_page_writes on), as a production server runs,
# for benchmarks that must count the disk (bench/twoapi.sh, bench/pg100k.sh).
set -euo pipefail
cmd=${1:?usage: pg-test-cluster.sh start|stop DIR}
dir=${2:?usage: pg-test-cluster.sh start|stop DIR}

bindir=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bindir=$d; done
if [ -z "$bindir" ] && command -v initdb >/dev/null; then bindir=$(dirname "$(command -v initdb)"); fi
[ -n "$bindir" ] || { echo "pg-test-cluster: no initdb (install the postgresql package)" >&2; exit 1; }

as=()
owner=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  as=(runuser -u postgres --)
fi

case "$cmd" in
start)
  mkdir -p "$dir"
  chown "$owner" "$dir"
  chmod 700 "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    "${as[@]}" "$bindir/initdb" -D "$dir/data" -U motcua --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  # Tests create and drop many databases; fsync off is for a throwaway
  # cluster only.
  durable=off
  [ "${PGFSYNC:-off}" = on ] && durable=on
  "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
    "-c listen_addresses= -c unix_socket_directories=$dir -c fsync=$durable -c synchronous_commit=$durable -c full_page_writes=$durable -c max_connections=300" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  echo "export MOTCUA_TEST_PG='host=$dir user=motcua dbname=postgres sslmode=disable'"
  ;;
stop)
  "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null
  ;;
*)
  echo "usage: pg-test-cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
