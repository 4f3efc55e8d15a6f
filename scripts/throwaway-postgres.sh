# Sourced by scripts/test and scripts/bench: starts a throwaway PostgreSQL 15 cluster on a free
# loopback port (initdb refuses root, so as root it runs as the postgres user), exports
# GRIDGOV_TEST_POSTGRES_URL, and stops and deletes the cluster when the calling script exits.
# TLS is on with a self-signed certificate for `localhost` (GRIDGOV_TEST_POSTGRES_TLS_CERT), as
# Citus turns it on; the tests' URL asks for a plain connection, and the sslmode tests ask for each.
# The suites migrate dozens of fresh stores at once, each transaction holding a lock per table and
# index it makes: the lock table is sized for that (PostgreSQL's default fills up).
# Expects $out (a folder for initdb's log).
pgbin=/usr/lib/postgresql/15/bin
pgdir=$(mktemp -d -t gridgov-pg.XXXXXX)
chmod 755 "$pgdir"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$pgdir"; as_pg=(runuser -u postgres --); fi
pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${as_pg[@]}" "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$out/initdb.log"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost" \
  -keyout "$pgdir/server.key" -out "$pgdir/server.crt" 2>"$out/openssl.log"
chmod 600 "$pgdir/server.key"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdir/server.key" "$pgdir/server.crt"
stop_pg() { "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$pgdir"; }
trap stop_pg EXIT
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $pgport -k $pgdir -c fsync=on -c synchronous_commit=on -c max_connections=200 -c max_locks_per_transaction=512 -c ssl=on -c ssl_cert_file=$pgdir/server.crt -c ssl_key_file=$pgdir/server.key" start >/dev/null
export GRIDGOV_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pgport/postgres?sslmode=disable"
export GRIDGOV_TEST_POSTGRES_TLS_CERT="$pgdir/server.crt"
export PGBIN="$pgbin"
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pgport" >&2
