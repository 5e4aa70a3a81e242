#!/usr/bin/env bash
# How `keyconsole revoke` grows with the ids it is given: 2,000 and then 8,000 ids (8-character
# prefixes, so each is matched against the list) revoked in a sandbox of 8,000 keys, --yes,
# unpaced, given with --ids-from - (`IDS=argv` gives them as arguments, which ArgumentParser
# parses in time that grows with their square). Two times: until its first line on stderr (the list read and every id matched, before
# the first revoke), and the whole run (each revoke journaled twice, each entry synced). Linear
# work shows as a ratio near 4. A benchmark, not a test: the figures go to BENCHMARKS.md.
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
    local start
    start=$(date +%s%N)
    local given=(--ids-from -)
    [ "${IDS:-}" = argv ] && given=("${ids[@]}")
    printf '%s\n' "${ids[@]}" | KEYCONSOLE_RATE_LIMIT=0 "$bin" revoke --sandbox "$db" --yes \
        "${given[@]}" 2>&1 >/dev/null | {
        read -r _
        echo -n "$(( ($(date +%s%N) - start) / 1000000 )) "
        cat >/dev/null
    }
    echo "$(( ($(date +%s%N) - start) / 1000000 ))"
}

read -r small_first small_all < <(run 2000)
read -r large_first large_all < <(run 8000)
echo "revoke 2,000 ids: first line ${small_first} ms, whole run ${small_all} ms"
echo "revoke 8,000 ids: first line ${large_first} ms, whole run ${large_all} ms"
awk -v s="$small_first" -v l="$large_first" -v a="$small_all" -v b="$large_all" 'BEGIN {
    printf "ratio 8,000 / 2,000: first line %.1f, whole run %.1f (linear: 4)\n", l / s, b / a }'
