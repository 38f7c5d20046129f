#!/usr/bin/env python3
"""net/tools-*: the operator tools against what really happens on the wire.

  ping      the box's own echo requests: to an inside host, through the
            outside router to the far host, to its own address, to a host
            that does not exist ('?' and 0 percent)
  capture   frames the box keeps (show capture, copy /pcap) against frames
            sniffed at the other end of each link: the same frames, byte for
            byte and in the same order; the decoded lines against tshark's
            decode of the box's pcap; match, access-list and no-filter
            captures; count/detail/dump; clear and no capture
  tracer    packet-tracer's verdict against the traffic it describes:
            permitted and denied by the outside access-list, static NAT of an
            inside source, ICMP to the box with and without an "icmp deny"
  mirror    the host-stack mirror: px-<nameif> devices with the interface
            addresses, routes following "route" lines, the mapped devices
            quiet (strict rp_filter), all of it gone when the box exits
  syslog    "logging host inside 10.4.4.10 tcp/1470": messages over TCP

The network is topo.sh's; the far host reaches the inside host through
"static (inside,outside) 172.16.1.10 10.4.4.10" and an outside access-list.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the tree
import netlib as N  # noqa: E402

STATIC = "172.16.1.10"
CONFIG = [
    "static (inside,outside) %s %s netmask 255.255.255.255" % (STATIC, N.IN_HOST),
    "access-list outside_in extended permit icmp any any",
    "access-list outside_in extended permit tcp any host %s eq 8080" % STATIC,
    "access-group outside_in in interface outside",
    "access-list capweb extended permit tcp any any eq 8080",
    "access-list capweb extended permit tcp any eq 8080 any",
]
# A TFTP server for write requests (octet mode), one file at a time.
TFTP_SERVER = r"""
import os, socket, struct, sys
addr, root = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((addr, 69))
print("ready", flush=True)
while True:
    req, peer = s.recvfrom(600)
    op = struct.unpack("!H", req[:2])[0]
    name = req[2:].split(b"\0")[0].decode()
    if op != 2 or "/" in name:
        s.sendto(struct.pack("!HH", 5, 2) + b"Access violation\0", peer)
        continue
    t = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    t.bind((addr, 0))
    t.settimeout(10)
    t.sendto(struct.pack("!HH", 4, 0), peer)
    data, want = b"", 1
    while True:
        pkt, p2 = t.recvfrom(600)
        op, blk = struct.unpack("!HH", pkt[:4])
        if op != 3 or p2 != peer:
            continue
        if blk == want:
            data += pkt[4:]
            want = (want + 1) & 0xFFFF
        t.sendto(struct.pack("!HH", 4, blk), peer)
        if blk == (want - 1) & 0xFFFF and len(pkt) - 4 < 512:
            break
    with open(os.path.join(root, name), "wb") as f:
        f.write(data)
    print("wrote %s %d" % (name, len(data)), flush=True)
"""
CAPLINE = re.compile(r"^\s*(\d+): (\d\d):(\d\d):(\d\d)\.(\d{6}) (.*)$")


# ------------------------------------------------------------------ pcap files

def pcap_frames(path):
    """[(ts, bytes)] of a pcap file (classic format, either byte order)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return []
    magic = struct.unpack("<I", data[:4])[0]
    end = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    nano = magic in (0xA1B23C4D, 0x4D3CB2A1)
    res, off = [], 24
    while off + 16 <= len(data):
        sec, frac, caplen, _ = struct.unpack(end + "IIII", data[off:off + 16])
        off += 16
        res.append((sec + frac / (1e9 if nano else 1e6), data[off:off + caplen]))
        off += caplen
    return res


def is_icmp(frame):
    return len(frame) >= 34 and frame[12:14] == b"\x08\x00" and frame[23] == 1


def is_tcp_port(frame, port):
    if len(frame) < 38 or frame[12:14] != b"\x08\x00" or frame[23] != 6:
        return False
    ihl = (frame[14] & 0x0F) * 4
    sp, dp = struct.unpack("!HH", frame[14 + ihl:18 + ihl])
    return port in (sp, dp)


def by_sender(frames):
    """The frames of each sender (source MAC), in order: what two ends of a
    link see in the same order (frames of both directions cross in flight)."""
    res = {}
    for f in frames:
        res.setdefault(f[6:12], []).append(f)
    return res


def tshark_fields(path, fields, yfilter=None):
    argv = ["tshark", "-r", path, "-T", "fields", "-E", "separator=|"]
    if yfilter:
        argv += ["-Y", yfilter]
    for f in fields:
        argv += ["-e", f]
    r = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise N.HarnessError("tshark -r %s: %s" % (path, r.stderr.strip()))
    return [ln.split("|") for ln in r.stdout.splitlines() if ln.strip()]


def capture_lines(lines):
    """[(number, text after the time)] of show capture NAME."""
    res = []
    for ln in lines:
        m = CAPLINE.match(ln)
        if m:
            res.append((int(m.group(1)), m.group(6)))
    return res


# ------------------------------------------------------------------ sniffers

class Sniffer:
    """tcpdump (or dumpcap) writing every frame of NS/DEV to a pcap file."""

    def __init__(self, topo, t, ns, dev, name):
        self.path = os.path.join(t.work, name + ".pcap")
        log = os.path.join(t.work, name + ".sniff.log")
        if shutil.which("tcpdump"):
            argv = ["tcpdump", "-i", dev, "-U", "-n", "-s", "0", "-w", self.path]
            ready = "listening on"
        else:
            argv = ["dumpcap", "-i", dev, "-P", "-w", self.path]
            ready = "Capturing on"
        self.proc = topo.spawn(ns, argv, log=log)
        if not N.wait_file(log, ready, 10):
            raise N.HarnessError("sniffer on %s %s did not start:\n%s" %
                                 (ns, dev, N.indent(N.read_lines(log))))
        time.sleep(0.2)  # the socket is bound a moment after the message

    def stop(self):
        time.sleep(0.3)  # frames in flight reach the sniffer
        N.stop_proc(self.proc)
        return pcap_frames(self.path)


# ------------------------------------------------------------------ the test

def body(t):
    if not shutil.which("tshark"):
        print("SKIP: net/tools — tshark is not installed (scripts/deps test)", flush=True)
        return
    topo = N.Topo(t)
    rpf0 = topo.run("fw", ["cat", "/proc/sys/net/ipv4/conf/inside0/rp_filter"]).stdout.strip()
    box = N.Box(t, topo)
    bad = box.boot(CONFIG)
    t.result("tools-config", not bad, "box rejected: %s" % bad)
    www = os.path.join(t.work, "www")
    os.makedirs(www, exist_ok=True)
    with open(os.path.join(www, "probe.txt"), "w") as f:
        f.write("tools probe\n")
    topo.http_server("in", N.IN_HOST, 8080, www, os.path.join(t.work, "http8080.log"))
    topo.http_server("in", N.IN_HOST, 9090, www, os.path.join(t.work, "http9090.log"))
    for ns, addr in (("in", N.BOX_IN), ("out", N.BOX_OUT)):
        if not N.wait_until(10, lambda: topo.ping(ns, addr, count=1, wait=0.3)["received"]):
            raise N.HarnessError("no echo reply from %s in %s" % (addr, ns))

    ping_tests(t, box)
    mirror_tests(t, topo, box)
    capture_tests(t, topo, box)
    tracer_tests(t, topo, box)
    syslog_tcp_test(t, topo, box)

    box.check_exit("tools")
    # the mirror goes with the box
    r = topo.run("fw", ["ip", "-o", "link", "show"])
    left = [ln.split(":")[1].strip() for ln in r.stdout.splitlines() if ": px-" in ln]
    rpf = topo.run("fw", ["cat", "/proc/sys/net/ipv4/conf/inside0/rp_filter"]).stdout.strip()
    t.result("tools-mirror-gone", not left and rpf == rpf0,
             "after the box exited: devices %s left (want none), inside0 rp_filter %s (want %s)"
             % (left, rpf, rpf0))


def ping_lines(box, cmd, timeout=30):
    out = box.show(cmd, timeout=timeout)
    return [ln for ln in out if ln.strip()]


def ping_tests(t, box):
    for name, cmd, dst, n in (("tools-ping-inside", "ping inside %s" % N.IN_HOST, N.IN_HOST, 5),
                              ("tools-ping-far", "ping %s repeat 3" % N.FAR, N.FAR, 3),
                              ("tools-ping-self", "ping %s repeat 2" % N.BOX_IN, N.BOX_IN, 2)):
        out = ping_lines(box, cmd)
        want = ["Type escape sequence to abort.",
                "Sending %d, 100-byte ICMP Echos to %s, timeout is 2 seconds:" % (n, dst),
                "!" * n]
        ok = out[:3] == want and len(out) == 4 and re.match(
            r"^Success rate is 100 percent \(%d/%d\), round-trip min/avg/max = \d+/\d+/\d+ ms$"
            % (n, n), out[3])
        t.result(name, bool(ok), "%s: unexpected output" % cmd, "\n".join(out))
    out = ping_lines(box, "ping inside 10.4.4.99 repeat 2 timeout 1")
    ok = out == ["Type escape sequence to abort.",
                 "Sending 2, 100-byte ICMP Echos to 10.4.4.99, timeout is 1 seconds:",
                 "??", "Success rate is 0 percent (0/2)"]
    t.result("tools-ping-timeout", ok, "ping of a host that does not exist", "\n".join(out))
    out = ping_lines(box, "ping inside %s size 1400 repeat 2 data 5a5a validate" % N.IN_HOST)
    t.result("tools-ping-size-data", len(out) == 4 and out[2] == "!!" and
             out[1].startswith("Sending 2, 1400-byte"),
             "ping with size, data and validate", "\n".join(out))


def mirror_tests(t, topo, box):
    def addr(dev):
        r = topo.run("fw", ["ip", "-o", "-4", "addr", "show", "dev", dev])
        m = re.search(r"inet (\S+)", r.stdout)
        return m.group(1) if m else None

    got = (addr("px-inside"), addr("px-outside"))
    t.result("tools-mirror-devices", got == ("10.4.4.1/24", "172.16.1.1/24"),
             "px-inside/px-outside carry %s (want 10.4.4.1/24, 172.16.1.1/24)" % (got,))

    def routes():
        return topo.run("fw", ["ip", "-4", "route", "show"]).stdout

    r = routes()
    t.result("tools-mirror-default-route", re.search(r"^default dev px-outside .*metric 1", r, re.M)
             is not None, "no default route through px-outside", r)
    bad = box.config(["route outside 198.51.100.0 255.255.255.0 %s 3" % N.OUT_GW])
    has = N.wait_until(5, lambda: re.search(r"^198\.51\.100\.0/24 dev px-outside .*metric 3",
                                            routes(), re.M))
    t.result("tools-mirror-route-added", not bad and bool(has),
             "route outside 198.51.100.0/24 not mirrored", routes())
    box.config(["no route outside 198.51.100.0 255.255.255.0 %s 3" % N.OUT_GW])
    gone = N.wait_until(5, lambda: "198.51.100.0" not in routes())
    t.result("tools-mirror-route-removed", bool(gone), "route stayed after no route", routes())
    rpf = topo.run("fw", ["cat", "/proc/sys/net/ipv4/conf/inside0/rp_filter"]).stdout.strip()
    t.result("tools-mirror-quiet", rpf == "1",
             "inside0 rp_filter %s (want 1: the kernel drops what the box owns)" % rpf)
    # one answer per echo request: the box's, never also the kernel's
    p = topo.ping("in", N.BOX_IN, count=5, interval=0.05, wait=0.5)
    t.result("tools-mirror-no-duplicates", p["received"] == 5 and p["bad"] == 0,
             "echo to %s: %s (want 5 received, 0 bad)" % (N.BOX_IN, p))


def capture_tests(t, topo, box):
    bad = box.config(["capture capin interface inside match icmp any any",
                      "capture capout access-list capweb interface outside",
                      "capture capall interface inside",
                      "clear arp"])
    t.result("tools-capture-config", not bad, "box rejected: %s" % bad)
    summary = box.show("show capture")
    want = ["capture capin interface inside", "  match icmp any any",
            "capture capout access-list capweb interface outside",
            "capture capall interface inside"]
    t.result("tools-capture-summary", summary == want, "show capture", "\n".join(summary))

    sin = Sniffer(topo, t, "in", "eth-fw", "in-eth-fw")
    sout = Sniffer(topo, t, "out", "eth-fw", "out-eth-fw")
    # the box resolves the inside host again (clear arp): who-has / reply
    box.show("ping inside %s repeat 1" % N.IN_HOST)
    p = topo.ping("far", STATIC, count=3, interval=0.1, wait=1)
    r = topo.run("far", ["curl", "-sS", "--max-time", "10", "http://%s:8080/probe.txt" % STATIC],
                 timeout=20)
    t.result("tools-capture-traffic", p["received"] == 3 and r.stdout == "tools probe\n",
             "far host: ping %s %s, curl rc %d %s" % (STATIC, p, r.returncode, r.stderr.strip()))
    in_frames = sin.stop()
    out_frames = sout.stop()

    # capin: the ICMP of the inside link, as the inside host saw it
    lines = box.show("show capture capin")
    dec = capture_lines(lines)
    pcap = os.path.join(box.dir, "flash", "capin.pcap")
    cp = box.show("copy /noconfirm /pcap capture:capin flash:/capin.pcap")
    t.result("tools-capture-copy", os.path.exists(pcap) and
             any(re.match(r"^%d packets copied in [\d.]+ secs$" % len(dec), ln) for ln in cp),
             "copy /pcap capture:capin", "\n".join(cp))
    boxf = [f for _, f in pcap_frames(pcap)] if os.path.exists(pcap) else []
    hostf = [f for _, f in in_frames if is_icmp(f)]
    t.result("tools-capture-frames-match-wire", by_sender(boxf) == by_sender(hostf) and
             len(boxf) >= 8,
             "capin has %d frames, the inside host sniffed %d ICMP frames (want the same bytes)"
             % (len(boxf), len(hostf)))
    want_dec = []
    for f in (tshark_fields(pcap, ["ip.src", "ip.dst", "icmp.type"]) if boxf else []):
        kind = {"8": "echo request", "0": "echo reply"}.get(f[2], "type-#" + f[2])
        want_dec.append("%s > %s: icmp: %s" % (f[0], f[1], kind))
    t.result("tools-capture-decode-icmp", [d for _, d in dec] == want_dec and
             [n for n, _ in dec] == list(range(1, len(dec) + 1)),
             "show capture capin against tshark's decode of its pcap",
             "\n".join(lines) + "\n--- tshark:\n" + "\n".join(want_dec))
    t.result("tools-capture-header", lines[:1] == ["%d packets captured" % len(dec)] and
             lines[-1:] == ["%d packets shown" % len(dec)], "header/footer lines",
             "\n".join(lines[:2] + lines[-2:]))
    reqs = [d for _, d in dec if d == "203.0.113.10 > %s: icmp: echo request" % N.IN_HOST]
    t.result("tools-capture-untranslated", len(reqs) == 3,
             "capin shows %d echo requests from 203.0.113.10 to the real address %s (want 3)"
             % (len(reqs), N.IN_HOST))

    # capout: the web connection on the outside link (access-list filter)
    lines = box.show("show capture capout")
    dec = [d for _, d in capture_lines(lines)]
    pcap = os.path.join(box.dir, "flash", "capout.pcap")
    box.show("copy /noconfirm /pcap capture:capout flash:/capout.pcap")
    boxf = [f for _, f in pcap_frames(pcap)] if os.path.exists(pcap) else []
    hostf = [f for _, f in out_frames if is_tcp_port(f, 8080)]
    t.result("tools-capture-acl-frames", by_sender(boxf) == by_sender(hostf) and
             len(boxf) >= 6,
             "capout has %d frames, the router sniffed %d TCP/8080 frames (want the same bytes)"
             % (len(boxf), len(hostf)))
    want_dec = []
    for f in (tshark_fields(pcap, ["ip.src", "tcp.srcport", "ip.dst", "tcp.dstport",
                                   "tcp.flags.syn", "tcp.flags.fin", "tcp.flags.reset",
                                   "tcp.flags.push", "tcp.flags.ack", "tcp.seq_raw",
                                   "tcp.len", "tcp.ack_raw", "tcp.window_size_value"])
              if boxf else []):
        fl = "".join(c for c, v in zip("SFRP", f[4:8]) if v in ("1", "True"))
        s = "%s.%s > %s.%s: %s" % (f[0], f[1], f[2], f[3], fl or ".")
        seq, ln = int(f[9]), int(f[10])
        if fl.strip("P") or ln:
            s += " %d:%d(%d)" % (seq, (seq + ln) & 0xFFFFFFFF, ln)
        if f[8] in ("1", "True"):
            s += " ack %s" % f[11]
        s += " win %s" % f[12]
        want_dec.append(s)
    got = [re.sub(r" <.*>$", "", d) for d in dec]  # options: checked below
    t.result("tools-capture-decode-tcp", got == want_dec,
             "show capture capout against tshark's decode of its pcap",
             "\n".join(dec) + "\n--- tshark:\n" + "\n".join(want_dec))
    syn = [d for d in dec if ": S " in d]
    t.result("tools-capture-tcp-options", bool(syn) and re.search(r"<mss \d+", syn[0]) is not None,
             "the SYN's options are not decoded", "\n".join(syn))

    # the same file over TFTP, to a server on the inside host
    tftp_dir = os.path.join(t.work, "tftp")
    os.makedirs(tftp_dir, exist_ok=True)
    tlog = os.path.join(t.work, "tftp.log")
    topo.spawn("in", [N.PYTHON, "-c", TFTP_SERVER, N.IN_HOST, tftp_dir], log=tlog)
    if not N.wait_file(tlog, "^ready$", 5):
        raise N.HarnessError("tftp server did not start")
    cp = box.show("copy /noconfirm /pcap capture:capout tftp://%s/capout.pcap" % N.IN_HOST,
                  timeout=40)
    got = os.path.join(tftp_dir, "capout.pcap")
    same = os.path.exists(got) and os.path.exists(pcap) and \
        open(got, "rb").read() == open(pcap, "rb").read()
    t.result("tools-capture-tftp", same and
             any(re.match(r"^!*\d+ packets copied in [\d.]+ secs$", ln) for ln in cp),
             "copy /pcap to tftp://%s: the server's file %s the flash copy"
             % (N.IN_HOST, "equals" if same else "differs from"),
             "\n".join(cp + N.read_lines(tlog)))

    # capall: no filter, ARP included
    lines = box.show("show capture capall")
    dec = [d for _, d in capture_lines(lines)]
    mac = topo.mac("in", "eth-fw").replace(":", "")
    mac = "%s.%s.%s" % (mac[0:4], mac[4:8], mac[8:12])
    t.result("tools-capture-arp",
             "arp who-has %s tell %s" % (N.IN_HOST, N.BOX_IN) in dec and
             "arp reply %s is-at %s" % (N.IN_HOST, mac) in dec,
             "no ARP request/reply of the box's ping in capall", "\n".join(lines))

    # show options
    out = box.show("show capture capin count 2")
    t.result("tools-capture-count", len(capture_lines(out)) == 2 and out[-1] == "2 packets shown",
             "show capture capin count 2", "\n".join(out))
    out = box.show("show capture capin detail count 1")
    t.result("tools-capture-detail", len(out) >= 3 and
             re.match(r"^\s+1: \S+ [0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4} "
                      r"[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4} 0x0800 Length: \d+$", out[1]) and
             re.search(r"\(ttl \d+, id \d+\)$", out[2]), "show capture capin detail",
             "\n".join(out))
    out = box.show("show capture capin dump count 1")
    t.result("tools-capture-dump", any(ln.startswith("0x0000\t") for ln in out),
             "show capture capin dump", "\n".join(out))
    box.config(["clear capture capin"])
    out = box.show("show capture capin")
    t.result("tools-capture-clear", out == ["0 packets captured", "0 packets shown"],
             "after clear capture", "\n".join(out))
    box.config(["no capture capin", "no capture capout", "no capture capall"])
    out = box.show("show capture")
    t.result("tools-capture-removed", out == [], "captures left", "\n".join(out))


def tracer(box, line):
    out = box.show(line)
    res = {}
    for ln in out:
        m = re.match(r"^(input-interface|output-interface|Action|Drop-reason): (.*)$", ln)
        if m:
            res[m.group(1)] = m.group(2)
    return res, out


def tracer_tests(t, topo, box):
    # permitted by the outside access-list, to the real address behind the static
    v, out = tracer(box, "packet-tracer input outside tcp %s 40000 %s 8080" % (N.FAR, STATIC))
    r = topo.run("far", ["curl", "-sS", "--max-time", "10", "http://%s:8080/probe.txt" % STATIC],
                 timeout=20)
    t.result("tools-tracer-allow", v.get("Action") == "allow" and
             v.get("output-interface") == "inside" and r.returncode == 0,
             "tracer says %s, curl rc %d" % (v, r.returncode), "\n".join(out))

    # denied by the access-list's implicit deny: the server on 9090 is never reached
    v, out = tracer(box, "packet-tracer input outside tcp %s 40001 %s 9090" % (N.FAR, STATIC))
    d0 = N.asp_drops(box.show("show asp drop")).get("acl-drop", 0)
    r = topo.run("far", ["curl", "-sS", "--max-time", "3", "http://%s:9090/probe.txt" % STATIC],
                 timeout=20)
    d1 = N.asp_drops(box.show("show asp drop")).get("acl-drop", 0)
    hit = any("GET /probe.txt" in ln for ln in N.read_lines(os.path.join(t.work, "http9090.log")))
    t.result("tools-tracer-drop", v.get("Action") == "drop" and
             v.get("Drop-reason") == "(acl-drop) Flow is denied by configured rule" and
             r.returncode != 0 and not hit and d1 > d0,
             "tracer says %s; curl rc %d, server hit %s, acl-drop %d -> %d"
             % (v, r.returncode, hit, d0, d1), "\n".join(out))
    t.result("tools-tracer-drop-phase",
             any(re.match(r"^Type: ACCESS-LIST$", ln) for ln in out) and "Result: DROP" in out,
             "no ACCESS-LIST phase with Result: DROP", "\n".join(out))

    # the static translates the inside host's own flows: the far host sees 172.16.1.10
    v, out = tracer(box, "packet-tracer input inside udp %s 45000 %s 45001" % (N.IN_HOST, N.FAR))
    log = os.path.join(t.work, "udp45001.log")
    topo.spawn_tool("far", "udp-listen", N.FAR, 45001, "--out", log)
    if not N.wait_file(log, "^ready$", 5):
        raise N.HarnessError("udp-listen 45001 did not start")
    topo.tool("in", "udp-send", N.FAR, 45001, "--count", 1, "--sport-base", 45000)
    got = N.wait_until(5, lambda: [ln for ln in N.read_lines(log) if ln != "ready"])
    src = got[0].split()[0] if got else None
    text = "\n".join(out)
    t.result("tools-tracer-nat", v.get("Action") == "allow" and v.get("output-interface") ==
             "outside" and "translate %s/45000 to %s/45000" % (N.IN_HOST, STATIC) in text and
             src == STATIC, "tracer says %s; the far host saw the datagram from %s (want %s)"
             % (v, src, STATIC), text)

    # ICMP to the box: the icmp rules decide, for the tracer and for real
    v, out = tracer(box, "packet-tracer input inside icmp %s 8 0 %s" % (N.IN_HOST, N.BOX_IN))
    p = topo.ping("in", N.BOX_IN, count=2, interval=0.1, wait=0.5)
    t.result("tools-tracer-box-allow", v.get("Action") == "allow" and
             v.get("output-interface") == "NP Identity Ifc" and p["received"] == 2,
             "tracer says %s; ping %s" % (v, p), "\n".join(out))
    box.config(["icmp deny any inside"])
    v, out = tracer(box, "packet-tracer input inside icmp %s 8 0 %s" % (N.IN_HOST, N.BOX_IN))
    p = topo.ping("in", N.BOX_IN, count=2, interval=0.1, wait=0.5)
    t.result("tools-tracer-box-deny", v.get("Action") == "drop" and p["received"] == 0 and
             "icmp deny any inside" in out, "tracer says %s; ping %s" % (v, p), "\n".join(out))
    box.config(["no icmp deny any inside"])


def syslog_tcp_test(t, topo, box):
    log = os.path.join(t.work, "syslog-tcp.log")
    server = ("import socket,sys\n"
              "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
              "s.bind(('%s', 1470)); s.listen(1)\n"
              "f=open(sys.argv[1], 'ab', 0); f.write(b'ready\\n')\n"
              "c, a = s.accept(); f.write(('peer %%s\\n' %% a[0]).encode())\n"
              "while True:\n"
              "    d = c.recv(4096)\n"
              "    if not d: break\n"
              "    f.write(d)\n" % N.IN_HOST)
    topo.spawn("in", [N.PYTHON, "-c", server, log])
    if not N.wait_file(log, "^ready$", 5):
        raise N.HarnessError("TCP syslog listener did not start")
    bad = box.config(["logging enable", "logging trap notifications",
                      "logging host inside %s tcp/1470" % N.IN_HOST, "hostname pxtools1"])
    t.result("tools-syslog-tcp-config", not bad, "box rejected: %s" % bad)
    # the first message opens the connection; later ones follow on it
    box.config(["hostname pxtools2"])
    got = N.wait_file(log, r"^<165>.*%PIX-5-111008: .*hostname pxtools2", 10)
    peer = N.wait_file(log, r"^peer (\S+)$", 1)
    t.result("tools-syslog-tcp", bool(got) and peer is not None and peer.group(1) == N.BOX_IN,
             "no <165>%%PIX-5-111008 for 'hostname pxtools2' over TCP from %s" % N.BOX_IN,
             "\n".join(N.read_lines(log)[-10:]))
    box.config(["no logging host inside %s" % N.IN_HOST, "no logging enable"])


if __name__ == "__main__":
    N.run("tools", body)
