#!/usr/bin/env python3
"""net/seq-*: TCP initial sequence number randomization (on by default in
PIX 7.2): the host on the higher-security side has its sequence numbers
shifted by one constant non-zero offset per connection, as the
lower-security side sees them; its peer's acknowledgements (and SACK
blocks) are shifted back; 1 MB each way arrives byte-exact.

  1. inside client -> far server through PAT ("nat (inside) 1 0 0"): the
     client's numbers are shifted;
  2. the same with "norandomseq" on the nat: nothing is shifted;
  3. far client -> inside server through a static: the server's numbers
     (its SYN-ACK's ISN) are shifted, the client's are not;
  4. the same with "norandomseq" on the static: nothing is shifted.

Both links are sniffed (the inside host's eth-fw, the router's eth-fw) with
segmentation offloads off on those two devices, so the segments the box
receives are the segments it sends and can be compared by their numbers
(tshark with absolute sequence numbers).
"""
import os
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the tree
import netlib as N  # noqa: E402

PORT = 9000
STATIC = "172.16.1.10"
SIZE = 1 << 20
M32 = 1 << 32

CONFIG = [
    "global (outside) 1 interface",
    "nat (inside) 1 0.0.0.0 0.0.0.0",
]

# Reads until EOF, then sends everything back and closes.
SERVER = r'''
import socket, sys, threading
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen(8)
print("ready", flush=True)
def serve(c):
    buf = bytearray()
    while True:
        d = c.recv(65536)
        if not d:
            break
        buf += d
    c.sendall(bytes(buf))
    c.close()
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
'''

# Sends the file from a fixed local port, half-closes, reads the echo back.
CLIENT = r'''
import socket, sys
addr, port, lport, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
data = open(path, "rb").read()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", lport))
s.settimeout(30)
s.connect((addr, port))
s.sendall(data)
s.shutdown(socket.SHUT_WR)
back = bytearray()
while True:
    d = s.recv(65536)
    if not d:
        break
    back += d
s.close()
print("ok" if bytes(back) == data else "differs: %d bytes back of %d" % (len(back), len(data)))
'''


class Sniff:
    """tcpdump of TCP port PORT on NS/DEV into a pcap file."""

    def __init__(self, topo, t, ns, dev, name):
        self.path = os.path.join(t.work, name + ".pcap")
        log = os.path.join(t.work, name + ".sniff.log")
        self.proc = topo.spawn(ns, ["tcpdump", "-i", dev, "-U", "-n", "-s", "160", "-w",
                                    self.path, "tcp port %d" % PORT], log=log)
        if not N.wait_file(log, "listening on", 10):
            raise N.HarnessError("tcpdump on %s %s did not start:\n%s" %
                                 (ns, dev, N.indent(N.read_lines(log))))

    def stop(self):
        # tcpdump drops what it has not written yet when it is stopped:
        # wait (bounded) until the file has stopped growing
        last, still, end = -1, 0, time.monotonic() + 10
        while still < 4 and time.monotonic() < end:
            time.sleep(0.25)
            size = os.path.getsize(self.path) if os.path.exists(self.path) else 0
            still = still + 1 if size == last else 0
            last = size
        N.stop_proc(self.proc)
        return segments(self.path)


def flag(v):
    return v in ("1", "True")


def ints(v):
    return [int(x) for x in v.split(",") if x.strip()]


def segments(path):
    """The TCP segments of a pcap with absolute numbers."""
    argv = ["tshark", "-r", path, "-o", "tcp.relative_sequence_numbers:FALSE", "-T", "fields",
            "-E", "separator=|", "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "tcp.flags.syn",
            "-e", "tcp.flags.ack", "-e", "tcp.seq", "-e", "tcp.ack", "-e", "tcp.options.sack_le",
            "-e", "tcp.options.sack_re"]
    r = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise N.HarnessError("tshark -r %s: %s" % (path, r.stderr.strip()))
    res = []
    for ln in r.stdout.splitlines():
        f = ln.split("|")
        if len(f) < 8 or not f[0]:
            continue
        res.append({"sport": int(f[0]), "dport": int(f[1]), "syn": flag(f[2]),
                    "ack": flag(f[3]), "seq": int(f[4]), "ackn": int(f[5] or 0),
                    "sack": ints(f[6]) + ints(f[7])})
    return res


def one_conn(segs, client_port=None):
    """The segments of the connection whose SYN the capture holds (the
    client's port given or found from the SYN to PORT)."""
    syns = [s for s in segs if s["syn"] and not s["ack"] and s["dport"] == PORT and
            (client_port is None or s["sport"] == client_port)]
    if not syns:
        return None, []
    cp = syns[0]["sport"]
    return cp, [s for s in segs if cp in (s["sport"], s["dport"])]


def analyse(near, far, rand_is_client):
    """near: the randomized host's link, far: the other one.  Returns
    (offset or None, list of problems)."""
    def from_rand(s):
        return (s["dport"] == PORT) == rand_is_client

    def isn(segs):
        want_ack = not rand_is_client
        syn = [s for s in segs if from_rand(s) and s["syn"] and s["ack"] == want_ack]
        return syn[0]["seq"] if syn else None
    a, b = isn(near), isn(far)
    if a is None or b is None:
        return None, ["no %s seen on both links" % ("SYN" if rand_is_client else "SYN-ACK")]
    off = (b - a) % M32
    bad = []
    seq_n = sorted(set((s["seq"] + off) % M32 for s in near if from_rand(s)))
    seq_f = sorted(set(s["seq"] for s in far if from_rand(s)))
    if seq_n != seq_f:
        bad.append("the randomized host's sequence numbers + offset differ from what its peer "
                   "saw (%d vs %d distinct values)" % (len(seq_n), len(seq_f)))
    ack_n = sorted(set(s["ackn"] for s in near if not from_rand(s) and s["ack"]))
    ack_f = sorted(set((s["ackn"] - off) % M32 for s in far if not from_rand(s) and s["ack"]))
    if ack_n != ack_f:
        bad.append("the peer's acknowledgements - offset differ from what the randomized host "
                   "got (%d vs %d distinct values)" % (len(ack_n), len(ack_f)))
    sk_n = sorted(set(v for s in near if not from_rand(s) for v in s["sack"]))
    sk_f = sorted(set((v - off) % M32 for s in far if not from_rand(s) for v in s["sack"]))
    if sk_n != sk_f:
        bad.append("SACK edges towards the randomized host not shifted back (%d vs %d)" %
                   (len(sk_n), len(sk_f)))
    return off, bad


def body(t):
    if not shutil.which("tshark") or not shutil.which("tcpdump"):
        print("SKIP: net/seq — tshark or tcpdump is not installed (scripts/deps test)", flush=True)
        return
    topo = N.Topo(t)
    box = N.Box(t, topo)
    bad = box.boot(CONFIG)
    t.result("seq-config", not bad, "box rejected: %s" % bad)
    for ns in ("in", "out"):
        topo.run(ns, ["ethtool", "-K", "eth-fw", "tso", "off", "gso", "off", "gro", "off"],
                 check=True)

    data = os.path.join(t.work, "data.bin")
    with open(data, "wb") as f:
        f.write(os.urandom(SIZE))
    for ns, addr in (("far", N.FAR), ("in", N.IN_HOST)):
        log = os.path.join(t.work, "server-%s.log" % ns)
        topo.spawn(ns, [N.PYTHON, "-c", SERVER, addr, str(PORT)], log=log)
        if not N.wait_file(log, "^ready$", 10):
            raise N.HarnessError("echo server in %s did not start:\n%s" %
                                 (ns, N.indent(N.read_lines(log))))
    if not N.wait_until(10, lambda: topo.ping("in", N.BOX_IN, count=1, wait=0.3)["received"]):
        t.result("seq-box-ready", False, "the box never answered echo on %s" % N.BOX_IN)

    def transfer(name, ns, dst, lport, rand_is_client, want_random):
        s_in = Sniff(topo, t, "in", "eth-fw", name + "-in")
        s_out = Sniff(topo, t, "out", "eth-fw", name + "-out")
        r = topo.run(ns, [N.PYTHON, "-c", CLIENT, dst, str(PORT), str(lport), data], timeout=60)
        segs_in, segs_out = s_in.stop(), s_out.stop()
        t.result(name + "-transfer", r.returncode == 0 and r.stdout.strip() == "ok",
                 "1 MB each way from %s:%d to %s:%d: rc %d %s %s" %
                 (ns, lport, dst, PORT, r.returncode, r.stdout.strip(), r.stderr.strip()[-300:]))
        # the client keeps its port on the inside link; through PAT the
        # outside link has the mapped one (found from the SYN)
        _, c_in = one_conn(segs_in, lport)
        _, c_out = one_conn(segs_out, None if ns == "in" else lport)
        # the randomized host is the one on the inside (higher security)
        off, probs = analyse(c_in, c_out, rand_is_client)
        if want_random:
            ok = off is not None and off != 0 and not probs
            why = "offset %s; %s" % ("none" if off is None else "%#x" % off,
                                     "; ".join(probs) or "numbers consistent")
        else:
            ok = off == 0 and not probs
            why = "offset %s (want 0 with norandomseq); %s" % (
                "none" if off is None else "%#x" % off, "; ".join(probs) or "")
        t.result(name + ("-shifted" if want_random else "-unshifted"), ok, why,
                 "%d segments inside, %d outside" % (len(c_in), len(c_out)))
        if want_random and off:
            t.note("%s: offset %#x over %d/%d segments" % (name, off, len(c_in), len(c_out)))
        return off

    # 1. PAT: the inside client is randomized
    o1 = transfer("seq-pat", "in", N.FAR, 41000, True, True)
    # a second connection gets its own offset
    o2 = transfer("seq-pat-again", "in", N.FAR, 41001, True, True)
    t.result("seq-pat-offsets-differ", o1 is None or o2 is None or o1 != o2,
             "two connections got the same offset %s" % (o1 if o1 is None else "%#x" % o1))

    # 2. norandomseq on the nat
    bad = box.config(["no nat (inside) 1 0.0.0.0 0.0.0.0",
                      "nat (inside) 1 0.0.0.0 0.0.0.0 norandomseq"])
    t.result("seq-config-norandomseq", not bad, "box rejected: %s" % bad)
    transfer("seq-pat-norandomseq", "in", N.FAR, 41002, True, False)

    # 3. inbound through a static: the inside server is randomized
    bad = box.config(["static (inside,outside) %s %s netmask 255.255.255.255" % (STATIC, N.IN_HOST),
                      "access-list outside_in extended permit tcp any host %s eq %d" % (STATIC, PORT),
                      "access-group outside_in in interface outside"])
    t.result("seq-config-static", not bad, "box rejected: %s" % bad)
    transfer("seq-static", "far", STATIC, 42000, False, True)

    # 4. norandomseq on the static
    bad = box.config(["no static (inside,outside) %s %s netmask 255.255.255.255" %
                      (STATIC, N.IN_HOST),
                      "static (inside,outside) %s %s netmask 255.255.255.255 norandomseq" %
                      (STATIC, N.IN_HOST)])
    t.result("seq-config-static-norandomseq", not bad, "box rejected: %s" % bad)
    transfer("seq-static-norandomseq", "far", STATIC, 42001, False, False)

    box.check_exit("seq")


if __name__ == "__main__":
    N.run("seq", body)
