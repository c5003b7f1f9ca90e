#!/usr/bin/env bash
# Usage: TRADESEAL_BIN=target/release/tradeseal bench/trust-load.sh OUT_DIR
#
# Cached trust-score reads against Redis GET on the same machine in the same run. Starts a
# release server on PostgreSQL (its own database, dropped at the end) with the score cache in
# Redis database REDIS_DB, registers SELLERS verified sellers and 10 verified buyers, records
# DEALS completed deals per seller, reads every score once so the cache holds it, then runs
# wrk on GET /v1/companies/{id}/trust and redis-benchmark GET with the same connection count.
# The `RESULT` lines and redis-benchmark's CSV hold the figures. Only 127.0.0.1 is contacted.
#
# Settings (environment):
#   PORT=18081  DURATION=30s  CONNECTIONS=64  THREADS=2  SELLERS=50  DEALS=40
#   REDIS_DB=7            Redis database for the score cache and redis-benchmark's key
#   REDIS_REQUESTS=1000000  GET requests that redis-benchmark sends
#   PG_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres  PG_DATABASE=tradeseal_trust_bench
set -euo pipefail

out_dir=${1:?usage: trust-load.sh OUT_DIR}
bench_dir=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${TRADESEAL_BIN:-$bench_dir/../target/release/tradeseal}")
port=${PORT:-18081}
duration=${DURATION:-30s}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
sellers=${SELLERS:-50}
deals=${DEALS:-40}
redis_db=${REDIS_DB:-7}
redis_requests=${REDIS_REQUESTS:-1000000}
pg_admin_url=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_database=${PG_DATABASE:-tradeseal_trust_bench}

mkdir -p "$out_dir"
out_dir=$(realpath "$out_dir")
data_dir=$(mktemp -d /tmp/tradeseal-trust-bench.XXXXXX)
base_url="http://127.0.0.1:$port"
server_pid=""

psql "$pg_admin_url" -q -c "CREATE DATABASE $pg_database"
export TRADESEAL_DATA_DIR=$data_dir
export TRADESEAL_LISTEN=127.0.0.1:$port
export TRADESEAL_RATE_LIMIT_PER_SEC=0
export TRADESEAL_DATABASE_URL=${pg_admin_url%/*}/$pg_database
export TRADESEAL_REDIS_URL=redis://127.0.0.1:6379/$redis_db

cleanup() {
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    psql "$pg_admin_url" -q -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" || true
    redis-cli -n "$redis_db" FLUSHDB >/dev/null || true
    rm -rf "$data_dir"
}
trap cleanup EXIT

"$bin" serve >"$out_dir/server-trust.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    curl -fsS "$base_url/healthz" >/dev/null 2>&1 && break
    sleep 0.3
done
curl -fsS "$base_url/healthz" >/dev/null || { echo "server did not start; see $out_dir/server-trust.log" >&2; exit 1; }

platform_key=$("$bin" api-keys create --role platform --name bench-platform | tail -n1)
buyer_key=$("$bin" api-keys create --role buyer --name bench-buyer | tail -n1)

post() {
    curl -fsS -o /dev/null -H "Authorization: Bearer $platform_key" \
        -H 'Content-Type: application/json' -d "$2" "$base_url$1"
}

company() {
    post /v1/companies "{\"id\": \"$1\", \"name\": \"Company $1\", \"country\": \"$2\", \"registrationNumber\": \"REG-$1\", \"verified\": true}"
}

for buyer in $(seq 0 9); do
    company "buyer-$buyer" AZ
done
: >"$data_dir/companies.txt"
for seller in $(seq 0 $((sellers - 1))); do
    company "seller-$seller" PK
    echo "seller-$seller" >>"$data_dir/companies.txt"
    events=$(python3 - "$seller" "$deals" <<'PY'
import json
import sys

seller, deals = int(sys.argv[1]), int(sys.argv[2])
events = [
    {
        "type": "deal.completed",
        "id": f"ev-{seller}-{n}",
        "dealId": f"deal-{seller}-{n}",
        "seller": f"seller-{seller}",
        "buyer": f"buyer-{n % 10}",
        "amount": f"{1000 + 250 * n}.00",
        "currency": "USD",
        "amountUsd": f"{1000 + 250 * n}.00",
        "occurredAt": f"2026-{1 + n % 11:02}-{1 + n % 27:02}T09:00:00Z",
    }
    for n in range(deals)
]
print(json.dumps({"events": events}))
PY
)
    post /v1/events "$events"
done

# One read per seller fills the cache.
while read -r seller; do
    curl -fsS -o /dev/null -H "Authorization: Bearer $buyer_key" "$base_url/v1/companies/$seller/trust"
done <"$data_dir/companies.txt"
view_bytes=$(curl -fsS -H "Authorization: Bearer $buyer_key" "$base_url/v1/companies/seller-0/trust" | wc -c)

log=$out_dir/trust-c$connections.txt
{ echo "sellers=$sellers deals_per_seller=$deals view_bytes=$view_bytes"; uptime; } | tee "$log"
COMPANY_LIST=$data_dir/companies.txt API_KEY=$buyer_key \
    wrk -t"$threads" -c"$connections" -d"$duration" --timeout 30s --latency \
    -s "$bench_dir/trust.lua" "$base_url" 2>&1 | tee -a "$log"

# The same number of connections doing GET on one key of the cached view's size.
redis_log=$out_dir/redis-get-c$connections.txt
uptime | tee "$redis_log"
redis-benchmark -h 127.0.0.1 -p 6379 --dbnum "$redis_db" -c "$connections" -n "$redis_requests" \
    -d "$view_bytes" -t set,get --csv 2>&1 | tee -a "$redis_log"
