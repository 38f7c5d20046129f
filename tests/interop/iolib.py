"""iolib.py — the interop tests' harness (Python standard library only).

  Run      result lines (PASS:/FAIL:/SKIP: interop/<name>), cleanup of what
           the run started, case timing
  Net      the namespaces of tests/interop/topo.sh, commands and background
           processes inside them
  Guest    the client guest: qemu (TCG) in PFX-cl on tap0, driven through
           the agent on a virtio-serial port (protocol in guest/agent)
  Swan     strongSwan in the guest: ipsec.conf/secrets, restart, up/down,
           status, the kernel's SAs (ip -s xfrm state)
  Capture  tcpdump on pixie's outside0, checked with tshark
  Pixie    pixie in PFX-fw (tests/net/netlib.Box: console through a FIFO,
           each command's output complete when cmd() returns)
  parsers  show crypto isakmp sa / show crypto ipsec sa

The network (topo.sh):
  guest 192.168.0.2 (.3 masqueraded) - isp 192.168.0.1 | 172.16.1.2 -
  outside0 172.16.1.1 [pixie] 10.4.4.1 inside0 - 10.4.4.10 (PFX-in)
"""
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import uuid

sys.dont_write_bytecode = True  # no __pycache__ in the tree
HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "net"))
import netlib  # noqa: E402  (Box, wait_until, indent)

wait_until = netlib.wait_until
indent = netlib.indent

CLIENT, CLIENT_NAT, ISP_IN, ISP_OUT = "192.168.0.2", "192.168.0.3", "192.168.0.1", "172.16.1.2"
PIX_OUT, PIX_IN, IN_HOST = "172.16.1.1", "10.4.4.1", "10.4.4.10"


class HarnessError(Exception):
    """The test network or the guest failed (not pixie)."""


class CaseFail(Exception):
    """A check of a case failed: why (one line) and details."""

    def __init__(self, why, detail=None):
        super().__init__(why)
        self.why = why
        self.detail = detail


def ms_since(t0):
    return int((time.monotonic() - t0) * 1000)


# ------------------------------------------------------------------ results

class Run:
    def __init__(self, work, prefix):
        self.work = work
        self.prefix = prefix
        self.failed = 0
        self.cleanups = []

    def line(self, kind, name, why=""):
        print("%s: interop/%s%s" % (kind, name, " — " + why if why else ""), flush=True)

    def result(self, name, ok, why="", detail=None):
        why, _, more = (why or "failed").partition("\n")
        if more:
            detail = more + ("\n" + detail if detail else "")
        if ok:
            self.line("PASS", name)
        else:
            self.failed += 1
            self.line("FAIL", name, why)
        if detail and (not ok or os.environ.get("PXI_VERBOSE")):
            print(indent(detail, 80), flush=True)
        return ok

    def skip(self, name, why):
        self.line("SKIP", name, why)

    def note(self, text):
        for ln in text.splitlines():
            print("    " + ln, flush=True)

    def at_exit(self, fn):
        self.cleanups.append(fn)

    def cleanup(self):
        while self.cleanups:
            fn = self.cleanups.pop()
            try:
                fn()
            except Exception as e:  # keep cleaning up
                print("    cleanup: %s" % e, flush=True)


# ------------------------------------------------------------------ namespaces

class Net:
    def __init__(self, run):
        self.run_ = run
        self.p = run.prefix
        self.procs = []
        r = subprocess.run([os.path.join(HERE, "topo.sh"), "up", self.p],
                           capture_output=True, text=True, timeout=60)
        run.at_exit(self.down)
        if r.returncode != 0:
            raise HarnessError("topo.sh up %s: %s" % (self.p, (r.stderr or r.stdout).strip()))

    def ns(self, short):
        return "%s-%s" % (self.p, short)

    def down(self):
        for p in reversed(self.procs):
            stop_proc(p)
        self.procs = []
        subprocess.run([os.path.join(HERE, "topo.sh"), "down", self.p],
                       capture_output=True, text=True, timeout=90)

    def run(self, short, argv, timeout=20, check=False):
        r = subprocess.run(["ip", "netns", "exec", self.ns(short)] + argv,
                           capture_output=True, text=True, timeout=timeout)
        if check and r.returncode != 0:
            raise HarnessError("%s in %s: rc %d: %s" % (" ".join(argv), short, r.returncode,
                                                         (r.stderr or r.stdout).strip()))
        return r

    def spawn(self, short, argv, log, stdin=subprocess.DEVNULL):
        """A background process in a namespace, stopped at cleanup."""
        with open(log, "ab") as out:
            p = subprocess.Popen(["ip", "netns", "exec", self.ns(short)] + argv, stdout=out,
                                 stderr=subprocess.STDOUT, stdin=stdin, cwd=self.run_.work)
        self.procs.append(p)
        return p

    def forget(self, p):
        if p in self.procs:
            self.procs.remove(p)

    def ping(self, short, dst, count=3, src=None, wait=1.0, interval=0.3):
        """Number of echo replies (iputils ping in a namespace)."""
        argv = ["ping", "-n", "-c", str(count), "-W", str(wait), "-i", str(interval)]
        if src:
            argv += ["-I", src]
        r = self.run(short, argv + [dst], timeout=count * (wait + interval) + 10)
        m = re.search(r"(\d+) received", r.stdout)
        return int(m.group(1)) if m else 0


def stop_proc(p, secs=5, sig=signal.SIGTERM):
    if p.poll() is not None:
        return
    try:
        p.send_signal(sig)
        p.wait(secs)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait(secs)


# ------------------------------------------------------------------ the guest

class Guest:
    """qemu-system-x86_64 under TCG in PFX-cl, NIC on tap0 (made by topo.sh)."""

    def __init__(self, run, net, image, mem=512):
        self.run_ = run
        self.net = net
        self.image = image
        self.mem = mem
        self.dir = os.path.join(run.work, "guest")
        os.makedirs(self.dir, exist_ok=True)
        self.sock_path = os.path.join(self.dir, "agent.sock")
        self.console = os.path.join(self.dir, "console.log")
        self.proc = None
        self.sock = None
        self.buf = b""

    def accel(self):
        """TCG unless PXI_ACCEL=kvm: this kind of host's KVM (kvm_pvm) does
        not run stock kernels, and TCG boots in ~20 s anyway."""
        a = os.environ.get("PXI_ACCEL", "tcg")
        if a == "kvm":
            return ["-accel", "kvm", "-cpu", "host"]
        return ["-accel", "tcg,thread=multi", "-cpu", "max"]

    def start(self, timeout=120):
        """Boot; returns the milliseconds until the agent answered."""
        for f in (self.sock_path, self.console):
            if os.path.exists(f):
                os.unlink(f)
        cmdline = ("root=/dev/vda rw console=ttyS0 init=/usr/local/sbin/pxi-init quiet loglevel=3 "
                   "ipv6.disable=1 net.ifnames=0 panic=-1 pxi.name=pxi-client "
                   "pxi.addr=%s/24,%s/24 pxi.gw=%s" % (CLIENT, CLIENT_NAT, ISP_IN))
        argv = ["qemu-system-x86_64", "-name", "pxi-client", "-machine", "q35"] + self.accel() + [
            "-smp", "1", "-m", str(self.mem), "-nodefaults", "-no-user-config",
            "-display", "none", "-no-reboot",
            "-kernel", os.path.join(self.image, "vmlinuz"),
            "-initrd", os.path.join(self.image, "initrd.img"),
            "-append", cmdline,
            # snapshot=on: every boot starts from the pristine image
            "-drive", "file=%s,if=virtio,format=raw,snapshot=on" %
            os.path.join(self.image, "rootfs.ext4"),
            "-netdev", "tap,id=n0,ifname=tap0,script=no,downscript=no,vnet_hdr=off",
            "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:70:78:02,romfile=",
            "-device", "virtio-rng-pci",
            "-device", "virtio-serial-pci",
            "-chardev", "socket,id=agent,path=%s,server=on,wait=off" % self.sock_path,
            "-device", "virtserialport,chardev=agent,name=pixie.agent",
            "-serial", "file:%s" % self.console,
        ]
        t0 = time.monotonic()
        self.proc = self.net.spawn("cl", argv, os.path.join(self.dir, "qemu.log"))
        self.run_.at_exit(self.stop)
        deadline = t0 + timeout
        # qemu creates the socket at once; connect, then wait for the
        # agent's HELLO (or a PONG: a HELLO sent before we connected is lost)
        while True:
            if self.proc.poll() is not None:
                raise HarnessError("qemu exited (%s):\n%s" % (
                    self.proc.returncode, self.tail(os.path.join(self.dir, "qemu.log"))))
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(self.sock_path)
                self.sock = s
                break
            except OSError:
                s.close()
                if time.monotonic() > deadline:
                    raise HarnessError("no agent socket from qemu")
                time.sleep(0.1)
        next_ping = 0
        while True:
            now = time.monotonic()
            if now > deadline:
                raise HarnessError("the guest's agent did not answer within %d s; console:\n%s" %
                                   (timeout, self.tail(self.console)))
            if self.proc.poll() is not None:
                raise HarnessError("qemu exited during boot (%s); console:\n%s" % (
                    self.proc.returncode, self.tail(self.console)))
            if now >= next_ping:
                self.sock.sendall(b"PING boot\n")
                next_ping = now + 2
            ln = self._line(min(0.5, deadline - now))
            if ln and (ln.startswith(b"HELLO ") or ln == b"PONG boot"):
                break
        boot_ms = ms_since(t0)
        # drain PONGs of pings still queued in the guest
        rc, out = self.run("echo ready", 20)
        if rc != 0 or out.strip() != "ready":
            raise HarnessError("agent answered %r (rc %d)" % (out, rc))
        return boot_ms

    def _fill(self, timeout):
        self.sock.settimeout(max(0.01, timeout))
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            return False
        if not chunk:
            raise HarnessError("the guest agent closed the connection (guest died?)")
        self.buf += chunk
        return True

    def _line(self, timeout):
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0 or not self._fill(left):
                return None
        ln, self.buf = self.buf.split(b"\n", 1)
        return ln

    def run(self, script, timeout=30):
        """Run a bash script in the guest: (exit status, output text).
        The guest kills it after timeout s (status 124); this side waits
        timeout + 15 s for the answer."""
        if self.sock is None:
            raise HarnessError("guest not running")
        rid = uuid.uuid4().hex[:10]
        body = script.encode()
        self.sock.sendall(b"RUN %s %d %d\n" % (rid.encode(), int(timeout), len(body)) + body)
        end = time.monotonic() + timeout + 15
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise HarnessError("no answer from the guest within %d s to: %s" % (
                    timeout + 15, script.strip().splitlines()[0][:80]))
            ln = self._line(left)
            if ln is None:
                continue
            f = ln.split()
            if len(f) == 4 and f[0] == b"DONE":
                n = int(f[3])
                while len(self.buf) < n:
                    if not self._fill(end - time.monotonic()):
                        if time.monotonic() > end:
                            raise HarnessError("truncated answer from the guest")
                out, self.buf = self.buf[:n], self.buf[n:]
                if f[1].decode() == rid:
                    return int(f[2]), out.decode(errors="replace")
            # anything else: the answer to an abandoned request, or a PONG

    def check(self, script, timeout=30, what=None):
        rc, out = self.run(script, timeout)
        if rc != 0:
            raise HarnessError("%s failed in the guest (rc %d):\n%s" % (
                what or script.strip().splitlines()[0][:60], rc, indent(out, 20)))
        return out

    def tail(self, path, n=25):
        try:
            with open(path, errors="replace") as f:
                return indent(f.read().splitlines()[-n:])
        except OSError:
            return "    (no %s)" % path

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.sock:
            self.sock.close()
            self.sock = None
        if self.proc:
            stop_proc(self.proc, 5)
            self.net.forget(self.proc)
            self.proc = None


# ------------------------------------------------------------------ strongSwan

SWAN_LOG = "/var/log/charon.log"

# strongswan.conf additions: a log file for the checks and for diagnosis,
# bounded retransmits, and the algorithms of the proposals (openssl).
SWAN_CONF = """charon {
	retransmit_tries = %(tries)d
	retransmit_timeout = 2.0
	retransmit_base = 1.4
	filelog {
		pxi {
			path = %(log)s
			time_format = %%H:%%M:%%S
			append = no
			flush_line = yes
			default = 1
			ike = 2
			knl = 1
			cfg = 1
		}
	}
}
"""


class Swan:
    def __init__(self, guest):
        self.g = guest

    def restart(self, conn, psk="test", tries=3, pre=""):
        """Stop charon (by its pid files), clear the kernel's SAs and
        policies, write the configuration, start it and wait until conn
        "pxi" is loaded.  conn: ipsec.conf keyword -> value."""
        body = "".join("\t%s=%s\n" % kv for kv in conn.items())
        script = r"""
stop_pid() { [ -s "$1" ] && kill -%(sig)s "$(cat "$1")" 2>/dev/null; }
ipsec stop >/dev/null 2>&1
for i in $(seq 50); do [ -e /run/charon.pid ] || [ -e /run/starter.charon.pid ] || break; sleep 0.1; done
stop_pid /run/starter.charon.pid; stop_pid /run/charon.pid
rm -f /run/charon.pid /run/starter.charon.pid /run/charon.ctl
ip xfrm state flush; ip xfrm policy flush
%(pre)s
cat > /etc/ipsec.conf <<'PXI'
config setup
	uniqueids=no
conn pxi
%(body)sPXI
printf '%%s\n' %(secret)s > /etc/ipsec.secrets
chmod 600 /etc/ipsec.secrets
cat > /etc/strongswan.d/zz-pxi.conf <<'PXI'
%(swanconf)sPXI
rm -f %(log)s
ipsec start >/run/pxi/ipsec-start.log 2>&1
for i in $(seq 200); do ipsec statusall 2>/dev/null | grep -q '^ *pxi:' && exit 0; sleep 0.1; done
echo "strongSwan did not load conn pxi"; cat /run/pxi/ipsec-start.log; tail -n 20 %(log)s
exit 1
""" % {"sig": "KILL", "pre": pre, "body": body,
            "secret": shlex.quote(': PSK "%s"' % psk),
            "swanconf": SWAN_CONF % {"tries": tries, "log": SWAN_LOG}, "log": SWAN_LOG}
        self.g.check(script, 40, "strongSwan restart")

    def up(self, timeout=45):
        """ipsec up pxi: (status, output)."""
        return self.g.run("ipsec up pxi", timeout)

    def down(self):
        return self.g.run("ipsec down pxi", 20)

    def status(self):
        return self.g.run("ipsec statusall pxi 2>&1", 15)[1]

    def log(self, n=40, all_lines=False):
        """The last n lines of charon's log (without its task bookkeeping)."""
        # without the start-up lines (thread 00) and the task bookkeeping
        flt = "" if all_lines else " | grep -vE ' 00\\[|queueing|activating|reinitiating'"
        return self.g.run("cat %s 2>&1%s | tail -n %d" % (SWAN_LOG, flt, n), 10)[1]

    def kill_silently(self):
        """The client vanishes: charon and starter killed (SIGKILL: no
        delete is sent), the kernel's SAs flushed."""
        self.g.check(r"""
for f in /run/starter.charon.pid /run/charon.pid; do [ -s $f ] && kill -KILL "$(cat $f)" 2>/dev/null; done
rm -f /run/charon.pid /run/starter.charon.pid /run/charon.ctl
ip xfrm state flush; ip xfrm policy flush
""", 15, "killing charon")

    def xfrm(self):
        """The kernel's ESP SAs: [dict(src, dst, spi (int), mode, packets, bytes)]."""
        out = self.g.run("ip -s xfrm state", 10)[1]
        sas, cur, life = [], None, False
        for ln in out.splitlines():
            m = re.match(r"src (\S+) dst (\S+)", ln)
            if m:
                cur = {"src": m.group(1), "dst": m.group(2), "spi": None, "mode": None,
                       "packets": 0, "bytes": 0}
                sas.append(cur)
                life = False
                continue
            if cur is None:
                continue
            m = re.search(r"proto esp spi (0x[0-9a-f]+).*mode (\w+)", ln)
            if m:
                cur["spi"], cur["mode"] = int(m.group(1), 16), m.group(2)
            if "lifetime current:" in ln:
                life = True
                continue
            m = re.search(r"(\d+)\(bytes\), (\d+)\(packets\)", ln)
            if m and life:
                cur["bytes"], cur["packets"] = int(m.group(1)), int(m.group(2))
                life = False
        return [s for s in sas if s["spi"] is not None]


# ------------------------------------------------------------------ capture

class Capture:
    """tcpdump on the wire of pixie's outside0, stopped and decoded with
    tshark.  It listens on the router's end of that veth (PFX-isp eth-fw),
    not on outside0 itself: pixie transmits with PACKET_QDISC_BYPASS, which
    skips the kernel's taps, so a tcpdump beside pixie in PFX-fw sees only
    what pixie receives.  Both ends of a veth carry the same frames."""

    def __init__(self, run, net, name, ns="isp", dev="eth-fw"):
        self.net = net
        self.path = os.path.join(run.work, "%s.pcap" % name)
        self.log = os.path.join(run.work, "%s.tcpdump.log" % name)
        for f in (self.path, self.log):
            if os.path.exists(f):
                os.unlink(f)
        self.proc = net.spawn(ns, ["tcpdump", "-i", dev, "-n", "-U", "--immediate-mode",
                                   "-s", "0", "-w", self.path],
                              self.log)
        if not netlib.wait_file(self.log, "listening on", 10):
            raise HarnessError("tcpdump on %s did not start:\n%s" % (
                dev, indent(netlib.read_lines(self.log))))

    def stop(self):
        if self.proc:
            # the last frames of a case may still be on their way to the
            # file: wait (bounded) until it has not grown for 0.3 s
            last = [-1, time.monotonic()]

            def settled():
                try:
                    n = os.path.getsize(self.path)
                except OSError:
                    n = 0
                if n != last[0]:
                    last[0], last[1] = n, time.monotonic()
                return time.monotonic() - last[1] >= 0.3
            wait_until(3, settled, 0.05)
            stop_proc(self.proc, 5, signal.SIGINT)
            self.net.forget(self.proc)
            self.proc = None

    def tshark(self, *args):
        r = subprocess.run(["tshark", "-n", "-r", self.path] + list(args),
                           capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            err = [ln for ln in r.stderr.splitlines() if "Running as user" not in ln]
            raise HarnessError("tshark %s: %s" % (" ".join(args), " ".join(err)[:300]))
        return r.stdout.splitlines()

    def summary(self):
        """dict: isakmp frames by source, esp / esp-in-udp counts, malformed
        and error frames (with tshark's one-line text), the decode."""
        s = {"isakmp_from": {}, "esp": 0, "udp_esp": 0, "bad": [], "lines": []}
        for ln in self.tshark("-T", "fields", "-E", "separator=|", "-e", "frame.number",
                              "-e", "ip.src", "-e", "udp.srcport", "-e", "_ws.col.Protocol",
                              "-Y", "isakmp"):
            f = ln.split("|")
            if len(f) >= 2:
                s["isakmp_from"][f[1]] = s["isakmp_from"].get(f[1], 0) + 1
        s["esp"] = len(self.tshark("-Y", "esp && !udp"))
        s["udp_esp"] = len(self.tshark("-Y", "esp && udp"))
        s["bad"] = self.tshark("-Y", "_ws.malformed || _ws.expert.severity == error")
        s["lines"] = self.tshark("-Y", "isakmp || esp || udp.port == 4500")
        return s


def wire_result(run, case, cap, peer_ids=(PIX_OUT,)):
    """<case>-wire: every IKE/ESP frame on outside0 decodes without a
    malformed-packet or error report (SKIP when pixie sent no IKE message,
    as there is nothing of pixie's to judge)."""
    cap.stop()
    s = cap.summary()
    name = case + "-wire"
    detail = "frames (tshark):\n" + "\n".join(s["lines"][-30:])
    if s["bad"]:
        return run.result(name, False, "tshark reports %d malformed/error frame(s): %s" % (
            len(s["bad"]), s["bad"][0].strip()), "\n".join(s["bad"][:20]) + "\n" + detail)
    if not any(s["isakmp_from"].get(a) for a in peer_ids):
        run.skip(name, "pixie sent no ISAKMP message (%s)" % (
            ", ".join("%d from %s" % (n, a) for a, n in s["isakmp_from"].items()) or
            "no ISAKMP frame at all"))
        return None
    return run.result(name, True, detail=detail)


# ------------------------------------------------------------------ pixie

class _BoxOwner:
    """What netlib.Box needs of its test: a work directory and at_exit."""

    def __init__(self, run, work):
        self.work = work
        self.run_ = run

    def at_exit(self, fn):
        self.run_.at_exit(fn)

    def result(self, name, ok, why="", detail=None):
        return self.run_.result(name, ok, why, detail)


class _NsOf:
    def __init__(self, net):
        self.net = net

    def ns(self, short):
        return self.net.ns(short)


class Pixie:
    def __init__(self, run, net, name):
        self.work = os.path.join(run.work, name)
        os.makedirs(self.work, exist_ok=True)
        self.box = netlib.Box(_BoxOwner(run, self.work), _NsOf(net), name="box", lifetime=900)
        self.rejected = []

    def configure(self, lines):
        """enable, configure terminal, the lines; the rejected (line, error)."""
        self.box.cmd(["enable", "", "configure terminal"], 20)
        self.rejected = self.box.config(lines, 60)
        return self.rejected

    def exec(self, lines, timeout=20):
        return self.box.cmd(lines, timeout)

    def show(self, command, timeout=20):
        return self.box.show(command, timeout)

    def out_text(self):
        return self.box._text()

    def logs(self, pattern=None):
        """%PIX-... lines the console printed (logging console)."""
        rx = re.compile(pattern) if pattern else None
        res = []
        for ln in self.out_text().splitlines():
            i = ln.find("%PIX-")
            if i < 0:
                continue
            if rx is None or rx.search(ln):
                res.append(ln)
        return res

    def debug_tail(self, n=40):
        """The last IKE debug/syslog lines of the console."""
        lines = [ln for ln in self.out_text().splitlines()
                 if re.search(r"%PIX-\d-[4-7]\d{5}:|\[IKEv1|^IPSEC|^INFO: .*(IKE|IPsec)", ln)]
        return "\n".join(lines[-n:])

    def alive(self):
        return self.box.alive()

    def stop(self):
        """Close the console; how it ended ("" when exit 0 and no sanitizer)."""
        self.box.stop()
        err = "\n".join(netlib.read_lines(self.box.err))
        san = re.findall(r"ERROR: \w+Sanitizer.*|runtime error:.*", err)
        if san:
            return "sanitizer report: " + san[0]
        if self.box.rc != 0:
            return "pixie ended with %s; stderr:\n%s" % (netlib.rc_text(self.box.rc),
                                                         indent(err.splitlines()[-15:]))
        return ""


# ------------------------------------------------------------------ parsers

def isakmp_sas(lines):
    """[dict(peer, type, role, rekey, state)] of show crypto isakmp sa; []
    for "There are no isakmp sas"; None when the output is neither."""
    text = "\n".join(lines)
    if re.search(r"There are no (isakmp|IKEv1) sas", text, re.I):
        return []
    sas = []
    for m in re.finditer(r"^\d+\s+IKE Peer: (\S+)\s*\n\s*Type\s*: (\S+)\s+Role\s*: (\S+)\s*\n"
                         r"\s*Rekey\s*: (\S+)\s+State\s*: (\S+)", text, re.M):
        sas.append({"peer": m.group(1), "type": m.group(2), "role": m.group(3),
                    "rekey": m.group(4), "state": m.group(5)})
    if not sas and not re.search(r"Active SA: 0", text):
        return None
    return sas


def ipsec_sas(lines):
    """[dict] of show crypto ipsec sa blocks: map, peer, local/remote ident,
    counters (encaps, encrypt, digest, decaps, decrypt, verify), endpoints,
    spi_in/spi_out (lists of int), transforms, settings (lists); [] for
    "There are no ipsec sas"; None when the output is neither."""
    text = "\n".join(lines)
    if re.search(r"There are no ipsec sas", text, re.I):
        return []
    blocks, cur, sect = [], None, None
    for ln in lines:
        m = re.match(r"\s*Crypto map tag: ([^,]+)", ln)
        if m:
            cur = {"map": m.group(1), "peer": None, "local": None, "remote": None,
                   "spi_in": [], "spi_out": [], "transform": [], "settings": [], "text": []}
            blocks.append(cur)
            sect = None
        if cur is None:
            continue
        cur["text"].append(ln)
        m = re.search(r"local ident \(addr/mask/prot/port\): \((\S+)\)", ln)
        if m:
            cur["local"] = m.group(1)
        m = re.search(r"remote ident \(addr/mask/prot/port\): \((\S+)\)", ln)
        if m:
            cur["remote"] = m.group(1)
        m = re.search(r"current_peer: ([\d.]+)", ln)
        if m:
            cur["peer"] = m.group(1)
        for k, v in re.findall(r"#pkts (\w+): (\d+)", ln):
            cur[k] = int(v)
        m = re.search(r"local crypto endpt\.: ([\d./]+), remote crypto endpt\.: ([\d./]+)", ln)
        if m:
            cur["endpoints"] = (m.group(1), m.group(2))
        if re.match(r"\s*inbound esp sas:", ln):
            sect = "spi_in"
        elif re.match(r"\s*outbound esp sas:", ln):
            sect = "spi_out"
        elif re.match(r"\s*(inbound|outbound) (ah|pcp) sas:", ln):
            sect = None
        m = re.match(r"\s*spi: 0x([0-9A-Fa-f]+)", ln)
        if m and sect:
            cur[sect].append(int(m.group(1), 16))
        m = re.search(r"transform: (.*\S)", ln)
        if m:
            cur["transform"].append(m.group(1))
        m = re.search(r"in use settings =\{(.*)\}", ln)
        if m:
            cur["settings"].append([x.strip() for x in m.group(1).split(",") if x.strip()])
    if not blocks:
        return None
    return blocks
