#!/usr/bin/env bash
# A private PostgreSQL cluster for the one test that stops its server mid-session (stopping the shared
# test server would pull it from under the tests running beside it).
#
#   own-server.sh init DIR        initdb into DIR/data; prints the database user
#   own-server.sh start DIR PORT  start on 127.0.0.1:PORT (socket in DIR)
#   own-server.sh stop DIR        fast shutdown: sessions are terminated, as when a server goes down
#   own-server.sh destroy DIR     stop if running, delete DIR
set -euo pipefail
action=$1 dir=$2 port=${3:-}

PGBIN=""
for candidate in /usr/lib/postgresql/*/bin; do [ -x "$candidate/initdb" ] && PGBIN=$candidate; done
[ -n "$PGBIN" ] || { echo "own-server: PostgreSQL is not installed" >&2; exit 1; }
RUNAS=()
user=$(id -un)
if [ "$(id -u)" = 0 ]; then RUNAS=(runuser -u postgres --); user=postgres; fi

# The server daemon must not inherit the caller's descriptors (a test runner waits on some of them).
for fd in /proc/$$/fd/*; do
  fd=${fd##*/}
  [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null || true
done

case "$action" in
  init)
    mkdir -p "$dir"; chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    "${RUNAS[@]}" "$PGBIN/initdb" -D "$dir/data" -U "$user" --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
    echo "$user" ;;
  start)
    "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off" start </dev/null >/dev/null 2>&1 ;;
  stop)
    "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ;;
  destroy)
    "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir" ;;
  *) echo "usage: own-server.sh init|start|stop|destroy DIR [PORT]" >&2; exit 2 ;;
esac
