#!/bin/bash
# The console's CPU time while it sits idle on the demo sandbox: 80x24 in tmux, automatic
# refresh off, the demo's countdowns under an hour ticking every second. Prints the CPU time
# (user + system, from /proc) over 30 s, three times. Needs tmux.
# Usage: bash Benchmarks/idle-cpu.sh [path/to/keyconsole]   (default: the release build)
set -euo pipefail
binary=$(realpath "${1:-.build/release/keyconsole}")
home=$(mktemp -d)
trap 'for run in 1 2 3; do tmux -L kc-idle-$run kill-server 2>/dev/null || true; done; rm -rf "$home"' EXIT
hz=$(getconf CLK_TCK)
for run in 1 2 3; do
    tmux -f /dev/null -L "kc-idle-$run" new-session -d -s idle -x 80 -y 24 \
        "env -i HOME=$home XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data XDG_STATE_HOME=$home/state PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=xterm-256color $binary --refresh 0"
    sleep 4  # start-up and the first load, not measured
    pid=$(pgrep -f "^$binary --refresh 0" | head -1)
    before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    sleep 30
    after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    echo "run $run: $(( (after - before) * 1000 / hz )) ms of CPU in 30 s"
    tmux -L "kc-idle-$run" kill-server
done
