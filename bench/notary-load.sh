#!/usr/bin/env bash
# Usage: TRADESEAL_BIN=target/release/tradeseal bench/notary-load.sh sqlite|postgres PDF_LIST OUT_DIR
#
# Starts a release server on its own data dir and port (and, for postgres, its own database,
# dropped at the end), creates a platform and a customs API key, then runs wrk twice:
# registrations of the distinct PDFs in PDF_LIST (see make-pdfs.sh), and GET look-ups of the
# digests that the first phase registered. Each phase's wrk output and `uptime` line go to
# OUT_DIR; the `RESULT` lines hold the figures. Only 127.0.0.1 is contacted.
#
# Settings (environment):
#   PORT=18080            port the server listens on (127.0.0.1 only)
#   DURATION=30s          length of each wrk phase
#   CONNECTIONS=64        open connections; THREADS=2 wrk threads
#   REGISTER_CONNECTIONS  connections for the registration phase (default CONNECTIONS)
#   PHASES="register lookup"
#   RATE_LIMIT=0          TRADESEAL_RATE_LIMIT_PER_SEC for the server (0 turns limiting off,
#                         because every wrk connection shares one client address)
#   PG_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres   where CREATE/DROP DATABASE run
#   PG_DATABASE=tradeseal_bench                                database created for the run
#   Other TRADESEAL_* variables (such as TRADESEAL_PDF_WORKERS) pass through to the server.
set -euo pipefail

backend=${1:?usage: notary-load.sh sqlite|postgres PDF_LIST OUT_DIR}
pdf_list=$(realpath "${2:?usage: notary-load.sh sqlite|postgres PDF_LIST OUT_DIR}")
out_dir=${3:?usage: notary-load.sh sqlite|postgres PDF_LIST OUT_DIR}
bench_dir=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${TRADESEAL_BIN:-$bench_dir/../target/release/tradeseal}")
port=${PORT:-18080}
duration=${DURATION:-30s}
connections=${CONNECTIONS:-64}
register_connections=${REGISTER_CONNECTIONS:-$connections}
threads=${THREADS:-2}
phases=${PHASES:-register lookup}
pg_admin_url=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_database=${PG_DATABASE:-tradeseal_bench}

mkdir -p "$out_dir"
out_dir=$(realpath "$out_dir")
data_dir=$(mktemp -d "/tmp/tradeseal-bench-$backend.XXXXXX")
base_url="http://127.0.0.1:$port"
server_pid=""

export TRADESEAL_DATA_DIR=$data_dir
export TRADESEAL_LISTEN=127.0.0.1:$port
export TRADESEAL_RATE_LIMIT_PER_SEC=${RATE_LIMIT:-0}
case $backend in
    sqlite) export TRADESEAL_DATABASE_URL=sqlite://$data_dir/tradeseal.db ;;
    postgres)
        psql "$pg_admin_url" -q -c "CREATE DATABASE $pg_database"
        export TRADESEAL_DATABASE_URL=${pg_admin_url%/*}/$pg_database
        ;;
    *) echo "backend must be sqlite or postgres, not $backend" >&2; exit 2 ;;
esac

cleanup() {
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ $backend == postgres ]]; then
        psql "$pg_admin_url" -q -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" || true
    fi
    rm -rf "$data_dir"
}
trap cleanup EXIT

"$bin" serve >"$out_dir/server-$backend.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    curl -fsS "$base_url/healthz" >/dev/null 2>&1 && break
    sleep 0.3
done
curl -fsS "$base_url/healthz" >/dev/null || { echo "server did not start; see $out_dir/server-$backend.log" >&2; exit 1; }

platform_key=$("$bin" api-keys create --role platform --name bench-platform | tail -n1)
customs_key=$("$bin" api-keys create --role customs --name bench-customs | tail -n1)

run_register() {
    local log=$out_dir/register-$backend-c$register_connections.txt
    uptime | tee "$log"
    PDF_LIST=$pdf_list API_KEY=$platform_key WRK_THREADS=$threads \
        wrk -t"$threads" -c"$register_connections" -d"$duration" --timeout 30s --latency \
        -s "$bench_dir/register.lua" "$base_url" 2>&1 | tee -a "$log"
}

registered_digests() {
    local query="SELECT digest FROM documents ORDER BY log_index"
    case $backend in
        sqlite) sqlite3 "$data_dir/tradeseal.db" "$query" ;;
        postgres) psql "$TRADESEAL_DATABASE_URL" -At -c "$query" ;;
    esac
}

run_lookup() {
    local log=$out_dir/lookup-$backend-c$connections.txt
    registered_digests >"$data_dir/digests.txt"
    echo "looking up $(wc -l <"$data_dir/digests.txt") registered digests" | tee "$log"
    uptime | tee -a "$log"
    DIGEST_LIST=$data_dir/digests.txt API_KEY=$customs_key \
        wrk -t"$threads" -c"$connections" -d"$duration" --timeout 30s --latency \
        -s "$bench_dir/lookup.lua" "$base_url" 2>&1 | tee -a "$log"
}

for phase in $phases; do
    "run_$phase"
done
