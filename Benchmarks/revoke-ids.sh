#!/usr/bin/env bash
# How `keyconsole revoke` grows with the ids it is given: 2,000 and then 8,000 ids (8-character
# prefixes, so each is matched against the list) revoked in a sandbox of 8,000 keys, --yes,
# unpaced. Linear work shows as a ratio near 4. A benchmark, not a test: the figures go to
# BENCHMARKS.md.
#   Benchmarks/revoke-ids.sh [BINARY]     (default: a release build of this tree)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then
    swift build -c release --product keyconsole >/dev/null
    bin="$PWD/.build/release/keyconsole"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {
    local count=$1 db="$work/revoke-$1.sqlite"
    "$bin" sandbox reset --sandbox "$db" >/dev/null 2>&1
    sqlite3 "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000)
      INSERT INTO api_keys (key_id, account_id, description, role_id, issued_at, expires_at)
      SELECT printf('%08x', i) || printf('%024d', i), (SELECT value FROM meta WHERE name = 'account_id'),
             'bench key ' || i, 'r-viewer', strftime('%s', 'now'), NULL FROM n;"
    mapfile -t ids < <(sqlite3 "$db" "SELECT substr(key_id, 1, 8) FROM api_keys
      WHERE description LIKE 'bench key %' ORDER BY key_id LIMIT $count;")
    local start end
    start=$(date +%s%N)
    KEYCONSOLE_RATE_LIMIT=0 "$bin" revoke --sandbox "$db" --yes "${ids[@]}" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
}

small=$(run 2000)
large=$(run 8000)
echo "revoke 2,000 ids: ${small} ms"
echo "revoke 8,000 ids: ${large} ms"
awk -v s="$small" -v l="$large" 'BEGIN { printf "ratio 8,000 / 2,000: %.1f (linear: 4)\n", l / s }'
