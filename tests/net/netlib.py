"""netlib.py — the test network's Python side (standard library only).

  Test     result lines (PASS:/FAIL: net/<name>), cleanup of everything a test
           started, SIGTERM handling
  Topo     one set of namespaces (tests/net/topo.sh up/down), commands and
           background processes inside them
  Box      a running pixie console bound to the fw namespace's devices,
           driven through a FIFO: cmd() sends lines and waits (bounded) until
           a marker line sent after them is echoed, so the output of every
           line is complete when cmd() returns
  parsers  show asp drop / show access-list / show xlate / show conn

The network (tests/net/topo.sh):

   PFX-far              PFX-out (router)             PFX-fw (pixie)            PFX-in
   eth-out 203.0.113.10 eth-far 203.0.113.1  eth-fw ==== outside0  inside0 ==== eth-fw 10.4.4.10
   gw 203.0.113.1       eth-fw  172.16.1.2           172.16.1.1  10.4.4.1       gw 10.4.4.1
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = os.environ.get("NET_PYTHON") or sys.executable
NETTOOL = os.path.join(HERE, "nettool.py")

BOX_OUT, BOX_IN, OUT_GW, FAR = "172.16.1.1", "10.4.4.1", "172.16.1.2", "203.0.113.10"
IN_HOST = "10.4.4.10"

BASE_CONFIG = [
    "interface Ethernet0", " nameif outside", " security-level 0",
    " ip address 172.16.1.1 255.255.255.0", " no shutdown", "exit",
    "interface Ethernet1", " nameif inside", " security-level 100",
    " ip address 10.4.4.1 255.255.255.0", " no shutdown", "exit",
    "route outside 0.0.0.0 0.0.0.0 172.16.1.2 1",
]

PROMPT = re.compile(r"^(?:[\w.\-]+(?:\([\w\-]+\))?[#>] |Password: )")


class HarnessError(Exception):
    """The test network itself failed (not the product)."""


class BoxDied(Exception):
    pass


def wait_until(secs, fn, interval=0.05):
    """Poll fn() until it returns a true value (returned) or secs pass (None)."""
    end = time.monotonic() + secs
    while True:
        v = fn()
        if v:
            return v
        if time.monotonic() >= end:
            return None
        time.sleep(interval)


def indent(text, n=30):
    lines = text.splitlines() if isinstance(text, str) else list(text)
    if len(lines) > n:
        lines = lines[:n] + ["... (%d more lines)" % (len(lines) - n)]
    return "\n".join("    | " + ln for ln in lines)


# ------------------------------------------------------------------ results

class Test:
    def __init__(self, name):
        self.name = name
        self.failed = 0
        self.cleanups = []  # run last-in first-out
        # the work directory is this test's alone: emptied first, so that no
        # log of an earlier run can satisfy a wait of this one
        if os.environ.get("NET_WORK"):
            self.work = os.path.join(os.environ["NET_WORK"], name)
            shutil.rmtree(self.work, ignore_errors=True)
            os.makedirs(self.work)
        else:
            self.work = tempfile.mkdtemp(prefix="pixie-net-%s." % name)
            if not os.environ.get("NET_KEEP"):
                self.at_exit(lambda: shutil.rmtree(self.work, ignore_errors=True))
        letter = os.environ.get("NET_LETTER", "x")
        base = os.environ.get("NET_PREFIX") or "pxn%d" % os.getpid()
        self.prefix = base + letter

    def result(self, name, ok, why="", detail=None):
        # a result is one line: a longer reason goes on as detail lines
        why, _, more = (why or "").partition("\n")
        if more:
            detail = more + ("\n" + detail if detail else "")
        if ok:
            print("PASS: net/%s" % name, flush=True)
        else:
            self.failed += 1
            print("FAIL: net/%s — %s" % (name, why or "failed"), flush=True)
        if detail and (not ok or os.environ.get("NET_VERBOSE")):
            print(indent(detail, 60), flush=True)
        return ok

    def note(self, text):
        print(indent(text), flush=True)

    def at_exit(self, fn):
        self.cleanups.append(fn)

    def cleanup(self):
        while self.cleanups:
            fn = self.cleanups.pop()
            try:
                fn()
            except Exception as e:  # keep cleaning up
                print("    cleanup: %s" % e, flush=True)


def run(name, body):
    """Run body(test) with cleanup on every exit path; exit 1 on failure."""
    t = Test(name)

    def term(*_):
        raise KeyboardInterrupt("terminated")
    signal.signal(signal.SIGTERM, term)
    try:
        body(t)
    except KeyboardInterrupt as e:
        t.result(name, False, "interrupted (%s)" % (e or "SIGINT"))
    except HarnessError as e:
        t.result(name, False, "test network error: %s" % e)
    except BoxDied as e:
        t.result(name + "-box", False, str(e))
    except Exception as e:  # a bug in the test: report it as a failure, not a crash
        import traceback
        t.result(name, False, "test error: %s: %s" % (type(e).__name__, e),
                 traceback.format_exc())
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        t.cleanup()
    sys.exit(1 if t.failed else 0)


# ------------------------------------------------------------------ namespaces

class Topo:
    def __init__(self, t):
        self.t = t
        self.p = t.prefix
        self.procs = []
        r = subprocess.run([os.path.join(HERE, "topo.sh"), "up", self.p],
                           capture_output=True, text=True, timeout=60)
        t.at_exit(self.down)
        if r.returncode != 0:
            raise HarnessError("topo.sh up %s: %s" % (self.p, (r.stderr or r.stdout).strip()))
        if os.environ.get("NET_SNIFF"):
            # diagnosis: every frame received on every link end, with ARP
            for ns, dev in (("far", "eth-out"), ("out", "eth-far"), ("out", "eth-fw"),
                            ("fw", "outside0"), ("fw", "inside0"), ("in", "eth-fw")):
                log = os.path.join(t.work, "sniff-%s-%s.log" % (ns, dev))
                self.spawn_tool(ns, "sniff", dev, "--arp", "--out", log)
                if not wait_file(log, "^ready$", 5):
                    raise HarnessError("sniffer on %s %s did not start" % (ns, dev))

    def ns(self, short):
        return "%s-%s" % (self.p, short)

    def down(self):
        for p in reversed(self.procs):
            stop_proc(p)
        self.procs = []
        subprocess.run([os.path.join(HERE, "topo.sh"), "down", self.p],
                       capture_output=True, text=True, timeout=60)

    def run(self, short, argv, timeout=20, check=False, stdin=None):
        """Run argv in a namespace; returns CompletedProcess (text)."""
        r = subprocess.run(["ip", "netns", "exec", self.ns(short)] + argv, capture_output=True,
                           text=True, timeout=timeout, input=stdin)
        if check and r.returncode != 0:
            raise HarnessError("%s in %s: rc %d: %s" % (" ".join(argv), short, r.returncode,
                                                         (r.stderr or r.stdout).strip()))
        return r

    def tool(self, short, *args, timeout=30):
        return self.run(short, [PYTHON, NETTOOL] + [str(a) for a in args], timeout=timeout)

    def spawn(self, short, argv, log=None, stdin=subprocess.DEVNULL):
        """Start a background process in a namespace; stopped at cleanup."""
        out = open(log, "ab") if log else subprocess.DEVNULL
        p = subprocess.Popen(["ip", "netns", "exec", self.ns(short)] + argv, stdout=out,
                             stderr=subprocess.STDOUT, stdin=stdin, cwd=self.t.work)
        if log:
            out.close()
        self.procs.append(p)
        return p

    def spawn_tool(self, short, *args, log=None, stdin=subprocess.DEVNULL):
        if log is None:  # keep what a background tool says (tracebacks) for diagnosis
            log = os.path.join(self.t.work, "%s-%s-%d.log" % (args[0], short, len(self.procs)))
        return self.spawn(short, [PYTHON, NETTOOL] + [str(a) for a in args], log=log, stdin=stdin)

    def http_server(self, short, addr, port, directory, log):
        """Start nettool http-serve; raise HarnessError if it does not come up."""
        self.spawn_tool(short, "http-serve", addr, port, "--directory", directory, log=log)
        if not wait_file(log, "^ready$", 10) or not wait_until(5, lambda: self.listening(short, port)):
            raise HarnessError("http server %s:%d in %s did not start:\n%s" % (
                addr, port, short, indent(read_lines(log))))

    def ping(self, short, dst, **kw):
        """nettool ping; returns the parsed JSON (sent/received/bad)."""
        args = ["ping", dst]
        for k, v in kw.items():
            args += ["--" + k, v]
        r = self.tool(short, *args, timeout=60)
        try:
            return json.loads(r.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            raise HarnessError("ping from %s: %s" % (short, r.stderr.strip() or r.stdout))

    def mac(self, short, dev):
        r = self.run(short, ["cat", "/sys/class/net/%s/address" % dev], check=True)
        return r.stdout.strip()

    def neigh(self, short, dev, addr):
        """MAC the namespace's kernel holds for addr (None if none)."""
        r = self.run(short, ["ip", "neigh", "show", "to", addr, "dev", dev], check=True)
        m = re.search(r"lladdr ([0-9a-f:]{17})", r.stdout)
        return m.group(1) if m else None

    def listening(self, short, port, proto="t"):
        r = self.run(short, ["ss", "-Hl" + proto + "n", "sport = :%d" % port])
        return r.returncode == 0 and r.stdout.strip() != ""


def stop_proc(p, secs=3):
    if p.poll() is not None:
        return
    try:
        p.terminate()
        p.wait(secs)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait(secs)


def wait_file(path, pattern, secs):
    """Wait until a line of path matches the regex; return the match or None."""
    rx = re.compile(pattern, re.M)

    def look():
        try:
            with open(path, errors="replace") as f:
                return rx.search(f.read())
        except FileNotFoundError:
            return None
    return wait_until(secs, look)


def read_lines(path):
    try:
        with open(path, errors="replace") as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


# ------------------------------------------------------------------ the box

class Box:
    """pixie console in PFX-fw with --map, stdin from a FIFO held open here."""

    def __init__(self, t, topo, name="box", lifetime=600,
                 port_map="Ethernet0=outside0,Ethernet1=inside0"):
        self.t = t
        self.dir = os.path.join(t.work, name)
        os.makedirs(os.path.join(self.dir, "flash"), exist_ok=True)
        self.fifo = os.path.join(self.dir, "in")
        self.out = os.path.join(self.dir, "out")
        self.err = os.path.join(self.dir, "err")
        for f in (self.fifo, self.out, self.err):
            if os.path.exists(f):
                os.unlink(f)
        os.mkfifo(self.fifo)
        # O_RDWR never blocks on a FIFO and keeps a writer open, so the box
        # sees EOF only when we close it.
        self.wfd = os.open(self.fifo, os.O_RDWR)
        pixie = os.environ.get("PIXIE") or os.path.join(HERE, "../../build/pixie")
        argv = ["ip", "netns", "exec", topo.ns("fw"), "timeout", "-k", "5", str(lifetime),
                pixie, "console", "--map", port_map,
                "--flash", os.path.join(self.dir, "flash")]
        with open(self.fifo, "rb") as rin, open(self.out, "wb") as o, open(self.err, "wb") as e:
            self.proc = subprocess.Popen(argv, stdin=rin, stdout=o, stderr=e, cwd=self.dir)
        t.at_exit(self.stop)
        self.rc = None
        self.errors = []   # (line, error) of rejected lines

    def alive(self):
        return self.proc.poll() is None

    def _text(self, off=0):
        with open(self.out, "rb") as f:
            f.seek(off)
            return f.read().decode(errors="replace")

    def cmd(self, lines, timeout=15):
        """Send lines; return [(line, [output lines])] once all were handled."""
        if isinstance(lines, str):
            lines = [lines]
        if not self.alive():
            raise BoxDied(self.died_text())
        marker = "! nt-%s" % uuid.uuid4().hex[:12]
        mark_b = marker.encode()
        off = os.path.getsize(self.out)
        data = "".join(ln + "\n" for ln in lines) + marker + "\n"
        os.write(self.wfd, data.encode())
        # read only what is new at each poll (a long paste echoes megabytes)
        chunks, pos = [], off

        def done():
            nonlocal pos
            if not self.alive():
                raise BoxDied(self.died_text())
            with open(self.out, "rb") as f:
                f.seek(pos)
                new = f.read()
            if not new:
                return False
            tail = chunks[-1][-len(mark_b):] if chunks else b""
            chunks.append(new)
            pos += len(new)
            return mark_b in tail + new
        if not wait_until(timeout, done, 0.02):
            raise BoxDied("no answer within %ds to: %s\n%s" % (
                timeout, " / ".join(lines[:5]), indent(self._text(off)[-2000:])))
        got = b"".join(chunks).decode(errors="replace").split("\n")
        res, cur, i = [], None, 0
        for ln in got:
            if marker in ln and PROMPT.match(ln):
                break
            if i < len(lines) and PROMPT.match(ln) and ln[PROMPT.match(ln).end():] == lines[i]:
                cur = (lines[i], [])
                res.append(cur)
                i += 1
            elif cur is not None:
                cur[1].append(ln)
        return res

    def show(self, command, timeout=15):
        r = self.cmd([command], timeout)
        return r[0][1] if r else []

    def config(self, lines, timeout=30):
        """Send configuration lines; returns the rejected ones as (line, error)."""
        bad = []
        for line, out in self.cmd(lines, timeout):
            errs = [o for o in out if o.startswith("ERROR:") or o.startswith("% ")]
            if errs:
                bad.append((line, errs[-1]))
        self.errors += bad
        return bad

    def boot(self, extra=(), timeout=20):
        """enable, configure terminal, the base configuration and extra lines."""
        self.cmd(["enable", "", "configure terminal"], timeout)
        return self.config(BASE_CONFIG + list(extra))

    def died_text(self):
        self.proc.poll()
        return "pixie exited (%s); stderr:\n%s\n  console tail:\n%s" % (
            rc_text(self.proc.returncode), indent(read_lines(self.err)[-20:]),
            indent(self._text()[-1500:].splitlines()[-15:]))

    def stop(self):
        """Close stdin (the box exits on EOF); TERM/KILL only if it does not."""
        if self.wfd is not None:
            os.close(self.wfd)
            self.wfd = None
        if self.rc is None:
            try:
                self.rc = self.proc.wait(10)
            except subprocess.TimeoutExpired:
                stop_proc(self.proc, 5)
                self.rc = "hung at exit"

    def check_exit(self, name):
        """Stop the box and report how it ended (exit status, sanitizers)."""
        self.stop()
        err = "\n".join(read_lines(self.err))
        san = re.findall(r"ERROR: \w+Sanitizer.*|runtime error:.*|SUMMARY: \w+Sanitizer.*", err)
        if san:
            return self.t.result(name + "-box", False, "sanitizer report: " + san[0],
                                 "\n".join(read_lines(self.err)[-40:]))
        if self.rc != 0:
            return self.t.result(name + "-box", False, "pixie ended with %s" % rc_text(self.rc),
                                 "\n".join(read_lines(self.err)[-20:]))
        return self.t.result(name + "-box", True)


def rc_text(rc):
    if isinstance(rc, str) or rc is None:
        return str(rc)
    if rc < 0:
        return "signal %d" % -rc
    if rc == 124:
        return "timeout (killed)"
    if rc > 128:
        return "signal %d" % (rc - 128)
    return "exit %d" % rc


# ------------------------------------------------------------------ parsers

def asp_drops(lines):
    """{keyword: count} from show asp drop."""
    d = {}
    for ln in lines:
        m = re.search(r"\(([\w\-]+)\)\s+(\d+)\s*$", ln)
        if m:
            d[m.group(1)] = d.get(m.group(1), 0) + int(m.group(2))
    return d


def acl_hits(lines, acl):
    """{line number: hitcnt} of one ACL's top-level entries in show access-list."""
    d = {}
    for ln in lines:
        m = re.match(r"access-list %s line (\d+) .*\(hitcnt=(\d+)\)" % re.escape(acl), ln)
        if m:
            d[int(m.group(1))] = int(m.group(2))
    return d


def in_use(lines):
    for ln in lines:
        m = re.match(r"\s*(\d+) in use, (\d+) most used", ln)
        if m:
            return int(m.group(1))
    return None


def xlates(lines):
    """[(kind, global, gport, local, lport)] from show xlate (7.x layout)."""
    res = []
    for ln in lines:
        m = re.match(r"\s*(PAT )?Global (\S+?)(?:\((\d+)\))? Local (\S+?)(?:\((\d+)\))?\s*$", ln)
        if m:
            res.append(("PAT" if m.group(1) else "NAT", m.group(2),
                        int(m.group(3)) if m.group(3) else None, m.group(4),
                        int(m.group(5)) if m.group(5) else None))
    return res


def conns(lines):
    """[(proto, if1, addr1, port1, if2, addr2, port2)] from show conn (7.x layout)."""
    res = []
    for ln in lines:
        m = re.match(r"\s*(TCP|UDP|ICMP|GRE|ESP|\d+) (\S+) ([\d.]+):?(\d*) (\S+) ([\d.]+):?(\d*)[, ]",
                     ln)
        if m:
            g = list(m.groups())
            g[3] = int(g[3]) if g[3] else None
            g[6] = int(g[6]) if g[6] else None
            res.append(tuple(g))
    return res
