# Sourced by scripts/test.sh: a throwaway PostgreSQL for the store's tests.
# Installs Debian's postgresql if missing, initialises a cluster in a temporary
# folder (as the `postgres` user when run as root: initdb refuses root), starts
# it on 127.0.0.1 on a free port, creates a database, and exports its URL as
# CAREFILE_TEST_PG_URL. `carefile_pg_stop` stops it and removes the folder.

carefile_pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ -z "$(carefile_pg_bin)" ]; then
    echo "setup-postgres: installing PostgreSQL from Debian's packages" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
CAREFILE_PG_BIN="$(carefile_pg_bin)"

carefile_pg_run() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}
if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home postgres
fi

# The first port from 55432 on which nothing answers.
CAREFILE_PG_PORT=55432
while (exec 3<>"/dev/tcp/127.0.0.1/$CAREFILE_PG_PORT") 2>/dev/null; do
    CAREFILE_PG_PORT=$((CAREFILE_PG_PORT + 1))
done

CAREFILE_PG_DIR="$(mktemp -d /tmp/carefile-pg.XXXXXX)"
chmod 755 "$CAREFILE_PG_DIR"
[ "$(id -u)" = 0 ] && chown postgres "$CAREFILE_PG_DIR"
carefile_pg_run "$CAREFILE_PG_BIN/initdb" -D "$CAREFILE_PG_DIR/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
carefile_pg_run "$CAREFILE_PG_BIN/pg_ctl" -D "$CAREFILE_PG_DIR/data" -l "$CAREFILE_PG_DIR/server.log" -w \
    -o "-p $CAREFILE_PG_PORT -k $CAREFILE_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
carefile_pg_run "$CAREFILE_PG_BIN/createdb" -h 127.0.0.1 -p "$CAREFILE_PG_PORT" -U postgres carefile_test

carefile_pg_stop() {
    carefile_pg_run "$CAREFILE_PG_BIN/pg_ctl" -D "$CAREFILE_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$CAREFILE_PG_DIR"
}

export CAREFILE_TEST_PG_URL="postgres://postgres@127.0.0.1:$CAREFILE_PG_PORT/carefile_test"
echo "setup-postgres: PostgreSQL running at $CAREFILE_TEST_PG_URL" >&2
