#!/usr/bin/env python3
"""The benchmarks of BENCHMARKS.md, in one run: `Benchmarks/run` builds in release and calls this.

Every terminal figure comes from the real binary in a pseudo-terminal (ptybench.py reads what it
writes; no tmux), with htop measured in the same run as the reference. Each figure is the median
of repeated runs. Sandboxes of 1k, 10k and 100k keys are made with sqlite3; "calm" ones have no
countdown under an hour, so a timed redraw is never taken for a key's answer.

    python3 Benchmarks/bench.py BINARY [--long] [--quick]
"""
import argparse, calendar, http.client, json, os, re, shutil, signal, statistics, subprocess, sys, tempfile
import time, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ptybench  # noqa: E402

READY = r"\d+ keys ·"          # line 2 once the list is complete (or cached)
HTOP_READY = r"F10Quit"
ENDPOINT = "cell-4-us-west-2-1.prod.a.momentohq.com"


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


class Bench:
    def __init__(self, binary, work, repeat):
        self.bin, self.work, self.repeat = binary, work, repeat
        self.home = os.path.join(work, "home")
        os.makedirs(self.home, exist_ok=True)
        self.env = {"HOME": self.home, "XDG_CONFIG_HOME": self.home + "/config",
                    "XDG_DATA_HOME": self.home + "/data", "XDG_STATE_HOME": self.home + "/state",
                    "XDG_CACHE_HOME": self.home + "/cache", "ESCDELAY": "25"}
        self.rows = []      # (group, figure, value, reference, target)

    def add(self, group, figure, value, reference="", target=""):
        self.rows.append((group, figure, value, reference, target))
        print(f"  {group} | {figure} | {value} | {reference}", file=sys.stderr, flush=True)

    # -- sandboxes ------------------------------------------------------------------------
    def sandbox(self, name, keys, calm=True, ticking=0):
        """A sandbox of `keys` keys; calm: nothing expires within 2 h; `ticking` keys expire
        within the hour."""
        path = os.path.join(self.work, name + ".sqlite")
        subprocess.run([self.bin, "sandbox", "reset", "--sandbox", path], env=self.full_env(),
                       check=True, capture_output=True)
        sql = []
        if calm or ticking:
            # The demo keys expiring within 2 h move out to 3 h.
            sql.append("UPDATE api_keys SET expires_at = strftime('%s','now') + 10800"
                       " WHERE expires_at IS NOT NULL AND expires_at BETWEEN"
                       " strftime('%s','now') AND strftime('%s','now') + 7200;")
        extra = keys - 12
        if extra > 0:
            start = 7200 if calm else 600
            sql.append(f"""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
              WHERE i < {extra}) INSERT INTO api_keys (key_id, account_id, description, role_id,
              issued_at, expires_at) SELECT printf('bench%027d', i),
              (SELECT value FROM meta WHERE name = 'account_id'), 'bench key ' || i,
              CASE i % 3 WHEN 0 THEN 'r-viewer' WHEN 1 THEN 'r-operator' ELSE 'r-10042' END,
              strftime('%s','now') - i, strftime('%s','now') + {start} + i * 60 FROM n;""")
        if ticking:
            sql.append(f"""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
              WHERE i < {ticking}) INSERT INTO api_keys (key_id, account_id, description,
              role_id, issued_at, expires_at) SELECT printf('tick%028d', i),
              (SELECT value FROM meta WHERE name = 'account_id'), 'ticking ' || i, 'r-viewer',
              strftime('%s','now'), strftime('%s','now') + 600 + i * 97 FROM n;""")
        if calm:
            # Expiries on whole minutes: every countdown changes at second 0 of the wall
            # clock (see the idle figure).
            sql.append("UPDATE api_keys SET expires_at = expires_at - expires_at % 60"
                       " WHERE expires_at IS NOT NULL AND key_id NOT LIKE 'tick%';")
        subprocess.run(["sqlite3", path], input="\n".join(sql), text=True, check=True)
        return path

    def full_env(self, extra=None):
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **self.env}
        env.update(extra or {})
        return env

    # -- terminal figures -----------------------------------------------------------------
    def first_frame(self, argv, until, env=None, runs=None):
        times = []
        for _ in range(runs or self.repeat):
            with ptybench.PtyProgram(argv, 80, 24, env={**self.env, **(env or {})}) as prog:
                times.append(ptybench.firstframe(prog, until)["ms"])
        return median(times)

    def keys(self, argv, ready, names, env=None, repeat=None, settle=0.3):
        with ptybench.PtyProgram(argv, 80, 24, env={**self.env, **(env or {})}) as prog:
            return ptybench.keys(prog, ready, names, repeat or self.repeat, settle=settle)["keys"]

    def undone_keys(self, argv, key, undo, setup=None, env=None, settle=0.3, ready=READY):
        """`key` then `undo`, again and again (after `setup`): the time from each `key` to its
        frame. For G (undone by g) and a filter character (`/` first; every bench key has a
        `b`; undone by Backspace)."""
        times = []
        with ptybench.PtyProgram(argv, 80, 24, env={**self.env, **(env or {})}) as prog:
            prog.spawn()
            ptybench._ready(prog, ready, settle)
            if setup:
                prog.write(setup)
                prog.read_until_quiet(quiet=0.3, timeout=3)
            for _ in range(self.repeat):
                start = prog.write(key)
                burst = prog.read_until_quiet(first=1.0, timeout=10)
                times.append(None if burst.last is None else (burst.last - start) * 1000)
                prog.write(undo)
                prog.read_until_quiet(quiet=0.3, timeout=3)
        return {"median": round(median(times), 2) if median(times) is not None else None}

    def idle(self, argv, ready, seconds, env=None, after_minute=False):
        with ptybench.PtyProgram(argv, 80, 24, env={**self.env, **(env or {})}) as prog:
            return ptybench.idle(prog, ready, seconds, after_minute)

    # -- processes ------------------------------------------------------------------------
    def accounts(self, sandboxes):
        """A `serve` (rate limit off) for each (profile, sandbox), a credentials file with a
        profile each and a config naming them all: the environment of a console over them."""
        home = os.path.join(self.work, "accounts-home")
        os.makedirs(os.path.join(home, ".momento"), exist_ok=True)
        os.makedirs(os.path.join(home, "config", "keyconsole"), exist_ok=True)
        servers, credentials = [], ""
        config = "profiles = [" + ", ".join(f'"{n}"' for n, _ in sandboxes) + "]\n"
        for name, path in sandboxes:
            proc, url, key = self.serve(path, 0)
            servers.append(proc)
            credentials += f"[{name}]\napi_key_v2={key}\nendpoint={ENDPOINT}\n\n"
            config += f'[profile.{name}]\napi_url = "{url}"\n'
        path = os.path.join(home, ".momento", "credentials")
        with open(path, "w") as f:
            f.write(credentials)
        os.chmod(path, 0o600)
        with open(os.path.join(home, "config", "keyconsole", "config"), "w") as f:
            f.write(config)
        # Unpaced, as the servers are: every list is in within the 2 s the keypresses wait.
        env = {"HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_CACHE_HOME": home + "/cache",
               "XDG_STATE_HOME": home + "/state", "XDG_DATA_HOME": home + "/data",
               "KEYCONSOLE_RATE_LIMIT": "0"}
        return servers, env

    def peak_rss_mb(self, argv, env=None, console=False):
        """Peak RSS of a command (GNU time's %M), or of the console quit once ready."""
        out = os.path.join(self.work, "time.txt")
        command = ["/usr/bin/time", "-f", "%M", "-o", out] + argv
        if console:
            with ptybench.PtyProgram(command, 80, 24, env={**self.env, **(env or {})}) as prog:
                prog.spawn()
                ptybench._ready(prog, READY, 2.0 if console == "settle" else 0.3)
                prog.write(b"q")
                prog.proc.wait(timeout=30)
        else:
            subprocess.run(command, env=self.full_env(env), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=True)
        with open(out) as f:
            return round(int(f.read().split()[-1]) / 1024, 1)

    def timed_ms(self, argv, env=None, runs=None):
        times = []
        for _ in range(runs or self.repeat):
            start = time.perf_counter()
            subprocess.run(argv, env=self.full_env(env), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=True)
            times.append((time.perf_counter() - start) * 1000)
        return round(median(times), 1)

    def serve(self, sandbox, rate, access_log=None, port=0):
        key_file = os.path.join(self.work, f"admin-{time.monotonic_ns()}.key")
        argv = [self.bin, "serve", "--port", str(port), "--rate-limit", str(rate), "--sandbox",
                sandbox, "--admin-key-file", key_file]
        if access_log:
            argv += ["--access-log", access_log]
        proc = subprocess.Popen(argv, env=self.full_env(), stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
        line = proc.stdout.readline()
        url = re.search(r"http://\S+", line).group(0)
        key = open(key_file).read().strip()
        return proc, url, key


def curl_pages(url, key, work):
    """Every page of GET /api-keys with one curl process per page, as a shell loop would (the
    key in a header file, never in curl's arguments)."""
    headers = os.path.join(work, "curl-headers")
    with open(os.open(headers, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
        f.write(f"Authorization: {key}\n")
    token, pages = None, 0
    while True:
        target = url + "/api-keys?limit=100"
        if token:
            target += "&next_token=" + urllib.parse.quote(token, safe="")
        out = subprocess.run(["curl", "-sf", "-H", "@" + headers, target],
                             capture_output=True, check=True).stdout
        pages += 1
        token = json.loads(out).get("next_token")
        if not token:
            return pages


def requests_per_second(url, key, seconds=3.0):
    host, port = re.match(r"http://([^:/]+):(\d+)", url).groups()
    conn = http.client.HTTPConnection(host, int(port))
    count, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        conn.request("GET", "/api-keys?limit=1", headers={"Authorization": key})
        conn.getresponse().read()
        count += 1
    conn.close()
    return round(count / seconds)


def several_accounts(b, kc):
    """Three accounts of 10,000 keys, each a serve of its own, against one of 30,000:
    keypresses once every list is in (2 s of quiet after the first frame), the first frame
    from the three caches, and the console's peak RSS."""
    print("several accounts", file=sys.stderr)
    s30k = b.sandbox("k30k", 30000)
    parts = [(n, b.sandbox(n, 10000)) for n in ("a10k", "b10k", "c10k")]
    servers, several = b.accounts(parts)
    subprocess.run(kc + ["list", "--cached", "--format", "json"], env=b.full_env(several),
                   stdout=subprocess.DEVNULL, check=True)
    ms = b.first_frame(kc + ["--refresh", "0"], READY, env=several)
    b.add("several accounts", "first full frame, 3 x 10k keys from their caches",
          f"{ms:.0f} ms", "", "≤ 100 ms")
    for name, argv, env in (("3 accounts x 10k keys", kc + ["--refresh", "0"], several),
                            ("1 account of 30k keys", kc + ["--sandbox", s30k, "--refresh",
                                                            "0"], None)):
        got = b.keys(argv, READY, "j,PgDn,s", env=env, settle=2.0)
        got["G"] = b.undone_keys(argv, b"G", b"g", env=env, settle=2.0)
        got["filter character"] = b.undone_keys(argv, b"b", b"\x7f", setup=b"/", env=env,
                                                settle=2.0)
        for key in ["j", "PgDn", "s", "G", "filter character"]:
            b.add("several accounts", f"{key}, {name}", f"{got[key]['median']} ms", "",
                  "≤ 2 ms")
    b.add("several accounts", "peak RSS of the console, 3 x 10k keys",
          f"{b.peak_rss_mb(kc + ['--refresh', '0'], env=several, console='settle')} MB",
          f"1 account of 30k keys: "
          f"{b.peak_rss_mb(kc + ['--sandbox', s30k, '--refresh', '0'], console='settle')} MB",
          "≤ 50 MB")
    for server in servers:
        server.terminate()
        server.wait()


POLICY_READY = r"\d+ keys (\([^)]*\) )?·"   # line 2, complete, with or without the findings
POLICY = """[policy]
max_lifetime = "30d"
never_expires = "warn"
max_age = "180d"

[policy.roles.Owner]
never_expires = "forbid"
"""


def policy_costs(b, kc):
    """100,000 keys with and without a key policy (about half of them break max_lifetime):
    the first frame, j, and ! (only the keys with findings, undone by !), and check."""
    print("key policy", file=sys.stderr)
    s100k = b.sandbox("p100k", 100000)
    folder = os.path.join(b.home, "config-policy", "keyconsole")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config"), "w") as f:
        f.write(POLICY)
    judged = {"XDG_CONFIG_HOME": os.path.join(b.home, "config-policy")}
    argv = kc + ["--sandbox", s100k, "--refresh", "0"]
    for name, env in (("no policy", None), ("a policy", judged)):
        ms = b.first_frame(argv, POLICY_READY, env=env)
        b.add("key policy", f"first full frame, 100k keys, {name}", f"{ms:.0f} ms")
        with ptybench.PtyProgram(argv, 80, 24, env={**b.env, **(env or {})}) as prog:
            got = ptybench.keys(prog, POLICY_READY, "j", b.repeat, settle=0.3)["keys"]
        b.add("key policy", f"j, 100k keys, {name}", f"{got['j']['median']} ms")
        times = []
        for _ in range(b.repeat):
            start = time.perf_counter()
            subprocess.run(kc + ["check", "--sandbox", s100k, "--format", "json"],
                           env=b.full_env(env), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            times.append((time.perf_counter() - start) * 1000)
        b.add("key policy", f"check --format json, 100k keys, {name}",
              f"{median(times):.0f} ms")
    toggle = b.undone_keys(argv, b"!", b"!", env=judged, settle=0.3, ready=POLICY_READY)
    b.add("key policy", "!, 100k keys, a policy", f"{toggle['median']} ms")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--long", action="store_true", help="also the 5-minute rate-share run")
    ap.add_argument("--quick", action="store_true", help="3 repetitions, 10 s idle")
    ap.add_argument("--only", choices=["several", "policy"],
                    help="only this group: several accounts, or the key policy")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="keyconsole-bench-")
    b = Bench(os.path.abspath(args.binary), work, 3 if args.quick else 5)
    idle_seconds = 10 if args.quick else 30
    htop = shutil.which("htop")
    kc = [b.bin]
    try:
        if args.only == "several":
            several_accounts(b, kc)
            print(b.table() if hasattr(b, "table") else "", end="")
            return
        if args.only == "policy":
            policy_costs(b, kc)
            print(b.table() if hasattr(b, "table") else "", end="")
            return
        print("making sandboxes", file=sys.stderr)
        s12 = b.sandbox("k12", 12)
        s1k, s10k, s100k = (b.sandbox(n, k) for n, k in
                            (("k1k", 1000), ("k10k", 10000), ("k100k", 100000)))
        ticking = b.sandbox("tick", 12, ticking=20)

        print("first full frame", file=sys.stderr)
        ref = f"{b.first_frame([htop], HTOP_READY):.0f} ms (htop)" if htop else "no htop"
        for name, path in (("1k", s1k), ("10k", s10k), ("100k", s100k)):
            ms = b.first_frame(kc + ["--sandbox", path, "--refresh", "0"], READY)
            b.add("first full frame", f"sandbox, {name} keys", f"{ms:.0f} ms", ref,
                  "≤ htop's")

        # Cached start through serve at its default rate limit (5 requests a second).
        server, url, key = b.serve(s10k, 5)
        remote = {"KEYCONSOLE_API_URL": url, "MOMENTO_API_KEY": key,
                  "MOMENTO_ENDPOINT": ENDPOINT}
        warm = time.perf_counter()
        subprocess.run(kc + ["list", "--cached", "--format", "json"], env=b.full_env(remote),
                       stdout=subprocess.DEVNULL, check=True)
        warm = time.perf_counter() - warm
        ms = b.first_frame(kc + ["--refresh", "0"], READY, env=remote, runs=3)
        b.add("first full frame", "cached start via serve (5 req/s), 10k keys", f"{ms:.0f} ms",
              f"uncached: the full list took {warm:.1f} s", "≤ 100 ms")
        server.terminate()
        server.wait()

        print("keypress to frame", file=sys.stderr)
        names = ["j", "PgDn", "s", "resize"]
        if htop:
            h = b.keys([htop], HTOP_READY, "Down,PgDn,resize")
            href = {"j": h["Down"]["median"], "PgDn": h["PgDn"]["median"],
                    "resize": h["resize"]["median"]}
        else:
            href = {}
        for name, path in (("10k", s10k), ("100k", s100k)):
            argv = kc + ["--sandbox", path, "--refresh", "0"]
            got = b.keys(argv, READY, ",".join(names))
            got["G"] = b.undone_keys(argv, b"G", b"g")
            got["filter character"] = b.undone_keys(argv, b"b", b"\x7f", setup=b"/")
            for key in names + ["G", "filter character"]:
                ref = href.get(key)
                b.add("keypress to frame", f"{key}, {name} keys", f"{got[key]['median']} ms",
                      f"{ref} ms (htop)" if ref is not None else "",
                      "≤ htop's" if ref is not None else
                      ("≤ 1 ms" if name == "100k" else "≤ 2 ms"))

        several_accounts(b, kc)
        policy_costs(b, kc)

        print("idle bytes", file=sys.stderr)
        # A countdown of the calm sandbox changes only on a whole minute (its expiries are
        # aligned): the window starts 1 s after one and ends before the next, so any byte
        # counted is one the console wrote with nothing to change.
        calm = b.idle(kc + ["--sandbox", s12, "--refresh", "0"], READY, idle_seconds,
                      after_minute=True)
        b.add("idle bytes", f"{idle_seconds} s, no countdown under an hour",
              f"{calm['bytes']} bytes", "", "0")
        tick = b.idle(kc + ["--sandbox", ticking, "--refresh", "0"], READY, idle_seconds)
        ratio = tick["bytes"] / tick["min_bytes"] if tick["min_bytes"] else None
        href = ""
        if htop:
            h = b.idle([htop, "-d", "10"], HTOP_READY, idle_seconds)
            href = (f"htop -d 10: {h['bytes']} bytes, "
                    f"{h['bytes'] / h['min_bytes']:.2f}x its minimum {h['min_bytes']}")
        b.add("idle bytes", f"{idle_seconds} s, 20 ticking countdowns (19 in view)",
              f"{tick['bytes']} bytes, {ratio:.2f}x the minimum {tick['min_bytes']}", href,
              "≤ 1.5x the minimum")

        print("--version", file=sys.stderr)
        ref = f"{b.timed_ms([htop, '--version'], runs=20)} ms (htop --version)" if htop else ""
        b.add("--version", "whole process", f"{b.timed_ms(kc + ['--version'], runs=20)} ms, "
              f"{b.peak_rss_mb(kc + ['--version'])} MB", ref, "≤ 8 ms")

        print("peak RSS", file=sys.stderr)
        b.add("peak RSS", "`keyconsole regions` (runtime and start-up)",
              f"{b.peak_rss_mb(kc + ['regions'])} MB")
        for name, path in (("12", s12), ("10k", s10k)):
            b.add("peak RSS", f"`list --format json`, {name} keys",
                  f"{b.peak_rss_mb(kc + ['list', '--format', 'json', '--sandbox', path])} MB",
                  "", "≤ 40 MB at 10k" if name == "10k" else "")
            b.add("peak RSS", f"console, {name} keys",
                  f"{b.peak_rss_mb(kc + ['--sandbox', path, '--refresh', '0'], console=True)} MB",
                  "", "≤ 40 MB at 10k" if name == "10k" else "")

        print("list through serve", file=sys.stderr)
        server, url, key = b.serve(s10k, 0)
        remote = {"KEYCONSOLE_API_URL": url, "MOMENTO_API_KEY": key,
                  "MOMENTO_ENDPOINT": ENDPOINT, "KEYCONSOLE_RATE_LIMIT": "0"}
        listed = b.timed_ms(kc + ["list", "--format", "json"], env=remote)
        times = []
        for _ in range(b.repeat):
            start = time.perf_counter()
            pages = curl_pages(url, key, work)
            times.append((time.perf_counter() - start) * 1000)
        b.add("list of 10k keys via serve (rate limit off)", "`keyconsole list --format json`",
              f"{listed:.0f} ms", f"curl loop, {pages} pages: {median(times):.0f} ms",
              "no slower than curl")
        b.add("serve", "requests a second (GET /api-keys?limit=1, one connection)",
              f"{requests_per_second(url, key)}")
        server.terminate()
        server.wait()

        if args.long:
            print("background refresh share, 5 minutes", file=sys.stderr)
            log = os.path.join(work, "access.log")
            server, url, key = b.serve(s10k, 5, access_log=log)
            remote = {"KEYCONSOLE_API_URL": url, "MOMENTO_API_KEY": key,
                      "MOMENTO_ENDPOINT": ENDPOINT}
            with ptybench.PtyProgram(kc + ["--refresh", "60", "--no-cache"], 80, 24,
                                     env={**b.env, **remote}) as prog:
                prog.spawn()
                ptybench._ready(prog, READY, 0.3, timeout=120)
                start = time.time()
                while time.time() - start < 300:
                    prog.read_until_quiet(quiet=5, timeout=10)
            server.terminate()
            server.wait()
            stamps = []
            for line in open(log):
                moment = line.split()[0]
                stamps.append(calendar.timegm(time.strptime(moment[:19], "%Y-%m-%dT%H:%M:%S"))
                              + float(moment[19:23] or 0))
            window = [t for t in stamps if t >= start - 0.001]
            per_second = {}
            for t in window:
                per_second[int(t)] = per_second.get(int(t), 0) + 1
            b.add("background refresh, 10k keys via serve (5 req/s)",
                  "requests in the 5 minutes after the first list",
                  f"{len(window)} ({len(window) / 300:.2f}/s, {len(window) / 300 / 5:.0%} of 5/s;"
                  f" busiest second {max(per_second.values(), default=0)})",
                  "", "≤ 40% of 5 req/s")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("| group | figure | keyconsole | reference, same run | target |")
    print("|---|---|---|---|---|")
    for row in b.rows:
        print("| " + " | ".join(str(c) for c in row) + " |")


if __name__ == "__main__":
    main()
