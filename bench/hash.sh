#!/usr/bin/env bash
# Usage: CARGO_TARGET_DIR=/path/to/target bench/hash.sh   (SHA-256: cargo bench vs sha256sum vs tradeseal digest)
#
# Runs the notary's hashing benchmark (services/notary/benches/hash.rs), then times
# `sha256sum` and `tradeseal digest` on the same 25 MiB and 200 KB files with hyperfine, so all
# figures come from one session. The files are random bytes in a temporary folder, removed at
# the end; the page cache holds them after the warm-up runs, so disk speed does not count.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}
bin=$target_dir/release/tradeseal
work=$(mktemp -d /tmp/tradeseal-hash.XXXXXX)
trap 'rm -rf "$work"' EXIT

head -c $((25 * 1024 * 1024)) /dev/urandom >"$work/25MiB.bin"
head -c 200000 /dev/urandom >"$work/200KB.bin"

cd "$root"
cargo build --release -p tradeseal
uptime
cargo bench -p notary --bench hash

for file in 25MiB.bin 200KB.bin; do
    uptime
    hyperfine --warmup 5 --min-runs 30 --shell=none \
        "sha256sum $work/$file" "$bin digest $work/$file"
done
