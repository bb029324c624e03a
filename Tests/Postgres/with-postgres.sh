#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server on loopback, then stops it and deletes it.
#
#   Tests/Postgres/with-postgres.sh swift test --traits Postgres
#
# The server is Debian's `postgresql` package (installed with apt-get when running as root, else the
# command is printed). initdb runs as the `postgres` user when we are root (PostgreSQL refuses root),
# into a temporary folder; the server listens on 127.0.0.1 on a free port, and on a socket in that folder.
# The command sees BEBACK_TEST_POSTGRES=postgres://USER@127.0.0.1:PORT/beback_test (the tests' database).
# Without a server the command still runs, without that variable: the PostgreSQL tests then say so
# and count as skipped. With BEBACK_TEST_POSTGRES already set (a server of your own), it just runs the command.
set -euo pipefail

if [ -n "${BEBACK_TEST_POSTGRES:-}" ]; then
  echo "with-postgres: using the server in BEBACK_TEST_POSTGRES" >&2
  exec "$@"
fi

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

if ! PGBIN=$(find_bin); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "with-postgres: installing the Debian package postgresql" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
      || echo "with-postgres: apt-get install postgresql failed" >&2
  else
    echo "with-postgres: PostgreSQL is not installed; install it with: sudo apt-get install -y postgresql" >&2
  fi
  PGBIN=$(find_bin) || PGBIN=""
fi

if [ -z "$PGBIN" ]; then
  echo "with-postgres: *** NO POSTGRESQL SERVER: the PostgreSQL tests are SKIPPED, not passed ***" >&2
  exec "$@"
fi

DIR=$(mktemp -d /tmp/beback-pg.XXXXXX)
chmod 755 "$DIR"
RUNAS=()
PGUSER_NAME=$(id -un)
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" postgres
  chown postgres "$DIR"
  RUNAS=(runuser -u postgres --)
  PGUSER_NAME=postgres
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cat > "$DIR/pgctl" <<CTL
#!/usr/bin/env bash
# stop|start the throwaway server.
set -e
case "\$1" in
  stop)  ${RUNAS[*]} "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null ;;
  start) ${RUNAS[*]} "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DIR -c fsync=off" start >/dev/null ;;
  *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
CTL
chmod 755 "$DIR/pgctl"

cleanup() {
  "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

if ! "${RUNAS[@]}" "$PGBIN/initdb" -D "$DIR/data" -U "$PGUSER_NAME" --auth=trust -E UTF8 --no-locale >"$DIR/initdb.log" 2>&1 \
   || ! "$DIR/pgctl" start \
   || ! "${RUNAS[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$PGUSER_NAME" beback_test; then
  cat "$DIR/initdb.log" "$DIR/server.log" 2>/dev/null | tail -20 >&2 || true
  echo "with-postgres: *** THE POSTGRESQL SERVER DID NOT START: the PostgreSQL tests are SKIPPED, not passed ***" >&2
  "$@"
  exit $?
fi

echo "with-postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (data in $DIR)" >&2
export BEBACK_TEST_POSTGRES="postgres://$PGUSER_NAME@127.0.0.1:$PORT/beback_test"
set +e
"$@"
status=$?
exit $status
