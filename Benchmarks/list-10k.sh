#!/usr/bin/env bash
# Time `keyconsole list` over 10,000 keys: through the sandbox directly, and through
# `keyconsole serve` over HTTP on loopback (100 pages of 100). Release build; median of 5 runs.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product keyconsole >/dev/null
bin="$PWD/.build/release/keyconsole"
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
db="$work/bench.sqlite"

"$bin" sandbox reset --sandbox "$db" 2>/dev/null
# 12 demo keys are there; add 9,988 more straight into the table.
sqlite3 "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9988)
  INSERT INTO api_keys (key_id, account_id, description, role_id, issued_at, expires_at)
  SELECT printf('bench%027d', i), (SELECT value FROM meta WHERE name = 'account_id'),
         'bench key ' || i, 'r-viewer', strftime('%s', 'now'), strftime('%s', 'now') + i * 60
  FROM n;"

median_ms() {
    local runs=()
    for _ in 1 2 3 4 5; do
        local start end
        start=$(date +%s%N)
        "$@" >"$work/out.json"
        end=$(date +%s%N)
        runs+=($(( (end - start) / 1000000 )))
    done
    printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p
}

count=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" <("$bin" list --format json --sandbox "$db"))
echo "keys listed: $count"
echo "direct (sandbox): $(median_ms "$bin" list --format json --sandbox "$db") ms"

"$bin" serve --port 0 --rate-limit 0 --sandbox "$db" --admin-key-file "$work/admin.key" \
    >"$work/serve.out" 2>/dev/null &
server=$!
for _ in $(seq 50); do grep -q http "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$work/serve.out")
export KEYCONSOLE_API_URL="$url" MOMENTO_ENDPOINT=cell-4-us-west-2-1.prod.a.momentohq.com
MOMENTO_API_KEY="$(cat "$work/admin.key")"
export MOMENTO_API_KEY
count=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" <(env -u XDG_DATA_HOME "$bin" list --format json))
echo "keys listed over HTTP: $count"
echo "HTTP (serve, 100 pages): $(median_ms "$bin" list --format json) ms"
