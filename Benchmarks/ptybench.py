#!/usr/bin/env python3
"""ptybench: measure what a full-screen terminal program writes, in a real pseudo-terminal.

Method
------
The program runs on the slave side of a fresh pty (os.openpty) whose window size is set
before exec; it gets its own session with the pty as controlling terminal, and an empty
environment except PATH=/usr/bin:/bin, TERM=xterm-256color, LANG=C.UTF-8 and --env K=V.
We read the master side without blocking (select) and stamp every chunk with
time.perf_counter() as it is read. Output is grouped into *bursts*: a burst ends when
nothing has arrived for 30 ms, and its time is the stamp of its last chunk (never the end
of the silence we waited for). The chunks are fed to a pyte Screen (pyte.ByteStream) only
once a burst has ended, so emulation cost never delays the reading or the stamps; pyte's
answers to terminal queries (DA, cursor position) are written back to the program then.

Subcommands (each prints one JSON object on stdout; {"error": ...} and exit 1 on failure):
  firstframe --until RE         ms from just before spawn to the last byte of the first
                                burst after which the screen text matches RE.
  keys --ready RE --keys SPEC   after RE matches and 300 ms of quiet, per key: ms from the
                                write to the last byte of the answer burst (null if nothing
                                in 1 s) and the burst's byte count; quiet (300 ms) between.
                                `resize` toggles the width cols <-> cols-1 (TIOCSWINSZ on the
                                master; the kernel sends SIGWINCH, --sigwinch adds another).
                                Caveat: a program that redraws on a timer (clocks, countdowns)
                                can have a tick counted as a key's answer; read "bytes".
  idle --ready RE --seconds S   bytes written over S seconds, and min_bytes: per burst, per
                                row, per run of changed cells, len(ESC[r;cH) + UTF-8 bytes.
Usage: ptybench.py SUB [options] -- CMD ARGS...     (import it for PtyProgram)
"""
import argparse, fcntl, json, os, re, select, signal, statistics, struct, subprocess, sys
import termios, time
from collections import namedtuple

import pyte

QUIET = 0.03          # silence that ends a burst
DECCKM = 1 << 5       # pyte stores private mode n as n << 5; ?1 = application cursor keys
Burst = namedtuple("Burst", "data last ok")   # ok False: timed out or the program ended


class _Screen(pyte.Screen):
    """A pyte Screen that keeps its answers to queries for the program."""
    def __init__(self, cols, rows):
        super().__init__(cols, rows)
        self.replies = []

    def write_process_input(self, data):
        self.replies.append(data)


def _set_winsize(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def _make_controlling_tty():   # runs in the child after setsid(), fd 0 is the slave
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyProgram:
    def __init__(self, argv, cols=80, rows=24, env=None, cwd=None):
        self.argv, self.cols, self.rows, self.cwd = list(argv), cols, rows, cwd
        self.env = {"PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "LANG": "C.UTF-8"}
        self.env.update(env or {})
        self.screen = _Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.fd = self.proc = self.t0 = None
        self.eof, self.total = False, 0   # total: bytes read so far

    # -- life cycle -------------------------------------------------------------------
    def spawn(self):
        """Start the program; returns the perf_counter() stamp taken just before spawning."""
        master, slave = os.openpty()
        try:
            _set_winsize(slave, self.rows, self.cols)
            self.t0 = time.perf_counter()
            self.proc = subprocess.Popen(
                self.argv, stdin=slave, stdout=slave, stderr=slave, env=self.env,
                cwd=self.cwd, start_new_session=True, preexec_fn=_make_controlling_tty)
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self.fd = master
        os.set_blocking(master, False)
        return self.t0

    def close(self):
        """SIGTERM the program's process group, SIGKILL after 2 s; close the pty."""
        if self.proc is not None and self.proc.poll() is None:
            for sig, grace in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 2.0)):
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                end = time.perf_counter() + grace
                while self.proc.poll() is None and time.perf_counter() < end:
                    self.read_until_quiet(quiet=0.05, timeout=0.05)  # keep the pty drained
                    time.sleep(0.01 if self.eof else 0)
                if self.proc.poll() is not None:
                    break
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __enter__(self): return self

    def __exit__(self, *exc): self.close()

    # -- I/O ----------------------------------------------------------------------------
    def _read(self):
        try:
            data = os.read(self.fd, 65536)
        except BlockingIOError:
            return b""
        except OSError:                   # EIO: every slave fd is closed, the program ended
            data = b""
        if not data:
            self.eof = True
        self.total += len(data)
        return data

    def _feed(self, chunks):
        for chunk in chunks:
            self.stream.feed(chunk)
        chunks.clear()
        replies, self.screen.replies = self.screen.replies, []
        for reply in replies:
            self.write(reply.encode())

    def write(self, data):
        """Write bytes to the program (the keyboard side); returns the stamp before writing."""
        stamp = time.perf_counter()
        view = memoryview(data)
        while view:
            if not select.select([], [self.fd], [], 5.0)[1]:
                raise OSError("the program does not read its input")
            view = view[os.write(self.fd, view):]
        return stamp

    def text(self):
        return "\n".join(self.screen.display)

    def matches(self, regex):
        return re.search(regex, self.text()) is not None

    def read_until_quiet(self, quiet=QUIET, until=None, timeout=30.0, first=None):
        """Read until nothing has arrived for `quiet` s (counted from the last byte, or from
        the call when none came) and the screen matches regex `until`. With `first`, stop
        if no byte arrives within `first` s. Returns Burst(bytes, stamp of the last byte or
        None, ok); ok is False when `timeout` passed or the program closed the pty."""
        start = time.perf_counter()
        deadline = start + timeout
        got, pending, last = bytearray(), [], None
        feed_after = min(quiet, QUIET)
        while True:
            now = time.perf_counter()
            ref = start if last is None else last
            if pending and now - ref >= feed_after:
                self._feed(pending)
            waiting = last is None and first is not None   # nothing yet: wait up to `first`
            if waiting and now - start >= first:
                return Burst(b"", None, True)
            if not waiting and now - ref >= quiet and (until is None or self.matches(until)):
                return Burst(bytes(got), last, True)
            if self.eof or now >= deadline:
                self._feed(pending)       # a program that ended may still have matched
                ok = self.eof and until is not None and self.matches(until)
                return Burst(bytes(got), last, ok)
            marks = [deadline, ref + quiet, start + first if waiting else deadline]
            if pending:
                marks.append(ref + feed_after)
            wait = min([m for m in marks if m > now] or [deadline]) - now
            if select.select([self.fd], [], [], max(wait, 0))[0]:
                data = self._read()
                if data:
                    last = time.perf_counter()
                    got += data
                    pending.append(data)
                    # A query is answered at once, as a terminal answers it (not after the
                    # quiet that batches drawing): the console's start-up asks for DA1.
                    if b"\x1b[c" in data or b"\x1b]11;?" in data:
                        self._feed(pending)

    def resize(self, cols, rows, sigwinch=False):
        """Change the window size. The kernel itself sends SIGWINCH to the foreground
        process group when the size changes; sigwinch=True sends one more to the child."""
        self.cols, self.rows = cols, rows
        _set_winsize(self.fd, rows, cols)
        self.screen.resize(lines=rows, columns=cols)
        if sigwinch:
            os.kill(self.proc.pid, signal.SIGWINCH)

    # -- keys -----------------------------------------------------------------------------
    NAMED = {"slash": b"/", "PgDn": b"\x1b[6~", "PgUp": b"\x1b[5~", "Esc": b"\x1b",
             "Enter": b"\r", "Tab": b"\t", "Space": b" ", "comma": b",", "Backspace": b"\x7f",
             "F1": b"\x1bOP", "F10": b"\x1b[21~"}
    ARROWS = {"Up": "A", "Down": "B", "Right": "C", "Left": "D", "Home": "H", "End": "F"}

    def key_bytes(self, name):
        """xterm's bytes for a key; arrows, Home, End follow the cursor-key mode (DECCKM)."""
        if name in self.ARROWS:
            return (b"\x1bO" if DECCKM in self.screen.mode else b"\x1b[") + \
                self.ARROWS[name].encode()
        if name in self.NAMED:
            return self.NAMED[name]
        if len(name) == 1:
            return name.encode()
        raise ValueError(f"unknown key {name!r}")


# -- measurements -----------------------------------------------------------------------
class Failure(Exception):
    pass


def _ready(prog, regex, quiet, timeout=30.0):
    if not prog.read_until_quiet(quiet=quiet, until=regex, timeout=timeout).ok:
        raise Failure("program ended" if prog.eof else f"no match for {regex!r} in {timeout} s")


def firstframe(prog, until, timeout=30.0):
    prog.spawn()
    burst = prog.read_until_quiet(until=until, timeout=timeout)
    if not burst.ok:
        raise Failure("program ended" if prog.eof else f"no match for {until!r} in {timeout} s")
    return {"ms": round((burst.last - prog.t0) * 1000, 2)}


def keys(prog, ready, spec, repeat=5, sigwinch=False, answer=1.0, settle=0.3):
    base = (prog.cols, prog.rows)
    prog.spawn()
    _ready(prog, ready, settle)
    out = {}
    for name in [k for k in spec.split(",") if k]:
        res = out.setdefault(name, {"ms": [], "median": None, "bytes": []})
        for _ in range(repeat):
            prog.read_until_quiet(quiet=0.3, timeout=3.0)        # quiet between presses
            if prog.eof:
                raise Failure(f"program ended before key {name!r}")
            if name == "resize":
                size = (base[0] - 1, base[1]) if (prog.cols, prog.rows) == base else base
                start = time.perf_counter()
                prog.resize(*size, sigwinch=sigwinch)
            else:
                start = prog.write(prog.key_bytes(name))
            burst = prog.read_until_quiet(first=answer, timeout=10.0)
            res["ms"].append(None if burst.last is None
                             else round((burst.last - start) * 1000, 2))
            res["bytes"].append(len(burst.data))
        done = [m for m in res["ms"] if m is not None]
        res["median"] = round(statistics.median(done), 2) if done else None
    return {"keys": out}


def _cells(screen):
    return [[screen.buffer[r][c].data for c in range(screen.columns)]
            for r in range(screen.lines)]


def min_cost(before, after):
    """Bytes of the cheapest redraw: per run of changed cells, a CUP plus the new text."""
    cost = 0
    for row, (old, new) in enumerate(zip(before, after)):
        col = 0
        while col < len(new):
            if col < len(old) and old[col] == new[col]:
                col += 1
                continue
            end = col
            while end < len(new) and (end >= len(old) or old[end] != new[end]):
                end += 1
            cost += len(f"\x1b[{row + 1};{col + 1}H") + len("".join(new[col:end]).encode())
            col = end
    return cost


def idle(prog, ready, seconds, after_minute=False):
    """Bytes written in `seconds` of idling. With `after_minute`, the window starts 1 s after
    a whole minute of the wall clock (bytes before it are read and not counted), so that a
    countdown changing on the minute (the calm sandbox aligns its expiries to whole minutes)
    falls outside a window under 59 s."""
    prog.spawn()
    _ready(prog, ready, QUIET)
    prog.read_until_quiet(quiet=1.0, timeout=2.0)                 # settle: 1 s quiet, 2 s max
    if after_minute:
        start = time.perf_counter() + (61 - time.time() % 60) % 60
        while time.perf_counter() < start and not prog.eof:
            prog.read_until_quiet(first=start - time.perf_counter(), timeout=62)
    total = min_total = bursts = 0
    snap = _cells(prog.screen)
    end = time.perf_counter() + seconds
    while time.perf_counter() < end and not prog.eof:
        burst = prog.read_until_quiet(first=end - time.perf_counter(), timeout=seconds + 5)
        if not burst.data:
            continue
        now = _cells(prog.screen)
        total, bursts = total + len(burst.data), bursts + 1
        min_total += min_cost(snap, now)
        snap = now
    if prog.eof:
        raise Failure("program ended during the idle period")
    return {"bytes": total, "min_bytes": min_total, "bursts": bursts}


# -- command line -----------------------------------------------------------------------
def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--" not in argv:
        sys.exit("usage: ptybench.py {firstframe,keys,idle} [options] -- CMD ARGS...")
    cut = argv.index("--")
    argv, cmd = argv[:cut], argv[cut + 1:]
    ap = argparse.ArgumentParser(prog="ptybench.py")
    sub = ap.add_subparsers(dest="sub", required=True)
    parsers = {n: sub.add_parser(n) for n in ("firstframe", "keys", "idle")}
    for name, p in parsers.items():
        p.add_argument("--cols", type=int, default=80)
        p.add_argument("--rows", type=int, default=24)
        p.add_argument("--env", action="append", default=[], metavar="K=V")
        p.add_argument("--cwd")
        p.add_argument("--show", action="store_true", help="print the final screen to stderr")
        p.add_argument("--until" if name == "firstframe" else "--ready", required=True)
    parsers["firstframe"].add_argument("--timeout", type=float, default=30.0)
    parsers["keys"].add_argument("--keys", required=True)
    parsers["keys"].add_argument("--repeat", type=int, default=5)
    parsers["keys"].add_argument("--sigwinch", action="store_true",
                                 help="also send SIGWINCH on resize (the kernel already does)")
    parsers["keys"].add_argument("--answer-timeout", type=float, default=1.0,
                                 help="seconds to wait for an answer before recording null")
    parsers["idle"].add_argument("--seconds", type=float, default=30.0)
    a = ap.parse_args(argv)
    if not cmd:
        ap.error("no command after --")
    env = dict(kv.split("=", 1) for kv in a.env)
    prog = PtyProgram(cmd, a.cols, a.rows, env=env, cwd=a.cwd)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        if a.sub == "firstframe":
            result = firstframe(prog, a.until, a.timeout)
        elif a.sub == "keys":
            result = keys(prog, a.ready, a.keys, a.repeat, a.sigwinch, a.answer_timeout)
        else:
            result = idle(prog, a.ready, a.seconds)
        code = 0
    except (Failure, OSError, ValueError) as e:
        screen = "\n".join(line.rstrip() for line in prog.screen.display).rstrip()
        result, code = {"error": str(e), "screen": screen}, 1
    finally:
        if a.show:
            print(prog.text(), file=sys.stderr)
        prog.close()
    print(json.dumps(result))
    return code


if __name__ == "__main__":
    sys.exit(main())
