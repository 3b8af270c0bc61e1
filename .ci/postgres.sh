#!/usr/bin/env bash
# Start a local PostgreSQL for the `postgres`-marked tests. Idempotent; run as root.
#
#   bash .ci/postgres.sh                       # installs (if needed), starts, creates role and db
#   export DEBATELENS_TEST_PG_URL="$(bash .ci/postgres.sh | tail -n 1)"
#
# Debian packaging (pg_ctlcluster). The server listens on 127.0.0.1 only; the role `debatelens`
# may connect to `debatelens_test` over loopback without a password (trust, that one line only);
# it also has the password `debatelens`, so a URL with or without it works.
# The last line printed is the URL to export as DEBATELENS_TEST_PG_URL.
set -euo pipefail

ROLE=debatelens
DB=debatelens_test
PASSWORD=debatelens
PORT=${DEBATELENS_PG_PORT:-5432}

if [ "$(id -u)" != 0 ]; then
    echo "postgres.sh: run as root (it installs packages and manages the cluster)" >&2
    exit 1
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "postgres.sh: installing postgresql" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
CLUSTER=main
if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {found=1} END {exit !found}'; then
    pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" >&2
fi
CONF=/etc/postgresql/$VERSION/$CLUSTER

# Loopback only, fixed port: a drop-in file rather than edits to postgresql.conf.
mkdir -p "$CONF/conf.d"
cat >"$CONF/conf.d/debatelens.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PORT
EOF
grep -q "^include_dir = 'conf.d'" "$CONF/postgresql.conf" || echo "include_dir = 'conf.d'" >>"$CONF/postgresql.conf"

# Trust the test role on its test database over IPv4 loopback; first matching line wins.
HBA_LINE="host    $DB    $ROLE    127.0.0.1/32    trust"
if ! grep -qF "$HBA_LINE" "$CONF/pg_hba.conf"; then
    { echo "$HBA_LINE"; cat "$CONF/pg_hba.conf"; } >"$CONF/pg_hba.conf.new"
    chown --reference="$CONF/pg_hba.conf" "$CONF/pg_hba.conf.new"
    chmod --reference="$CONF/pg_hba.conf" "$CONF/pg_hba.conf.new"
    mv "$CONF/pg_hba.conf.new" "$CONF/pg_hba.conf"
fi

# (Re)start so the settings above apply; `restart` also starts a stopped cluster.
pg_ctlcluster "$VERSION" "$CLUSTER" restart >&2

for _ in $(seq 1 30); do
    if su postgres -c "psql -p $PORT -qAtc 'select 1'" >/dev/null 2>&1; then break; fi
    sleep 1
done

psql_admin() { su postgres -c "psql -p $PORT -v ON_ERROR_STOP=1 -qAt $*"; }
if [ "$(psql_admin "-c \"select 1 from pg_roles where rolname = '$ROLE'\"")" != 1 ]; then
    psql_admin "-c \"create role $ROLE login password '$PASSWORD'\"" >&2
fi
if [ "$(psql_admin "-c \"select 1 from pg_database where datname = '$DB'\"")" != 1 ]; then
    psql_admin "-c \"create database $DB owner $ROLE\"" >&2
fi

URL="postgresql+psycopg://$ROLE@127.0.0.1:$PORT/$DB"
echo "postgres.sh: PostgreSQL $VERSION on 127.0.0.1:$PORT; export DEBATELENS_TEST_PG_URL=$URL" >&2
echo "$URL"
