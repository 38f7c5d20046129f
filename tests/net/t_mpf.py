#!/usr/bin/env python3
"""net/mpf-*: "set connection" of a policy-map class applied with
"service-policy p interface inside" takes effect on real traffic.

conn-max 2 on UDP to port 9999: of three new flows from the inside host
(three source ports) exactly two reach the far host and the third is
dropped (asp conn-limit, %PIX-3-201011 to the syslog server, the class's
"current conns 2, drop 1" in show service-policy).

"set connection timeout embryonic 0:00:05" on TCP port 7777: a SYN to a
host that never answers leaves a half-open conn that goes after about five
seconds, while one to port 7778 (not in the class: the fixed 30 s) stays.
"""
import ast
import os
import re
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the tree
import netlib as N  # noqa: E402

SILENT = "203.0.113.99"  # on the far network, no one has it
POLICY = [
    "class-map udp9999", " match port udp eq 9999",
    "class-map tcp7777", " match port tcp eq 7777",
    "policy-map p",
    " class udp9999", "  set connection conn-max 2",
    " class tcp7777", "  set connection timeout embryonic 0:00:05",
    "service-policy p interface inside",
]
LIMIT_MSG = ("%%PIX-3-201011: Connection limit exceeded 2/2 for outbound packet from "
             "%s/45002 to %s/9999 on interface inside" % (N.IN_HOST, N.FAR))


def body(t):
    topo = N.Topo(t)
    box = N.Box(t, topo)
    slog = os.path.join(t.work, "syslog.log")
    topo.spawn_tool("in", "udp-listen", N.IN_HOST, 514, "--out", slog)
    far = os.path.join(t.work, "far9999.log")
    topo.spawn_tool("far", "udp-listen", N.FAR, 9999, "--out", far)
    for f in (slog, far):
        if not N.wait_file(f, "^ready$", 5):
            raise N.HarnessError("udp-listen did not start (%s)" % f)
    # untranslated inside addresses: the router routes them back to the box
    topo.run("out", ["ip", "route", "add", "10.4.4.0/24", "via", N.BOX_OUT], check=True)
    bad = box.boot(["logging enable", "logging trap informational",
                    "logging host inside %s" % N.IN_HOST] + POLICY)
    t.result("mpf-config", not bad, "box rejected: %s" % bad)
    for ns, addr in (("in", N.BOX_IN), ("out", N.BOX_OUT)):
        if not N.wait_until(10, lambda: topo.ping(ns, addr, count=1, wait=0.3)["received"]):
            t.result("mpf-box-ready-" + ns, False, "no echo reply from %s" % addr)

    def syslog_texts():
        out = []
        for ln in N.read_lines(slog)[1:]:
            f = ln.split(" ", 3)
            if len(f) == 4:
                try:
                    out.append(ast.literal_eval(f[3]).decode(errors="replace"))
                except Exception:
                    out.append(f[3])
        return out

    def conn_limit_drops():
        return N.asp_drops(box.show("show asp drop")).get("conn-limit", 0)

    def far_got():
        return [ln for ln in N.read_lines(far) if ln != "ready"]

    # ---- conn-max 2: three UDP flows, two pass
    drops0 = conn_limit_drops()
    r = topo.tool("in", "udp-send", N.FAR, 9999, "--count", 3, "--sport-base", 45000,
                  "--payload", "mpf", "--gap", 0.1)
    if r.returncode:
        raise N.HarnessError("udp-send: " + r.stderr.strip())
    # the drop counter rising means the third flow was judged (and dropped)
    N.wait_until(5, lambda: len(far_got()) >= 2 and conn_limit_drops() > drops0, 0.1)
    got = far_got()
    sports = sorted(int(ln.split()[1]) for ln in got)
    t.result("mpf-conn-max-two-pass", sports == [45000, 45001],
             "far host got datagrams from source ports %s (want [45000, 45001])" % sports,
             "\n".join(got))
    n = conn_limit_drops() - drops0
    t.result("mpf-conn-max-drop", n == 1, "asp conn-limit rose by %d (want 1)" % n,
             "\n".join(box.show("show asp drop")))
    conns = [c for c in N.conns(box.show("show conn")) if c[0] == "UDP" and 9999 in (c[3], c[6])]
    t.result("mpf-conn-max-show-conn", len(conns) == 2,
             "show conn lists %d UDP conns to port 9999 (want 2)" % len(conns),
             "\n".join(box.show("show conn")))
    sp = [ln for ln in box.show("show service-policy interface inside") if ln.strip()]
    want = ["Interface inside:", "  Service-policy: p", "    Class-map: udp9999",
            "      Set connection policy: conn-max 2",
            "        current embryonic conns 0, current conns 2, drop 1",
            "    Class-map: tcp7777", "      Set connection timeout policy:",
            "        embryonic 0:00:05 half closed 0:10:00 idle 1:00:00"]
    t.result("mpf-show-service-policy", sp == want,
             "show service-policy interface inside differs", "\n".join(
                 ["got:"] + sp + ["want:"] + want))
    logged = N.wait_until(10, lambda: [x for x in syslog_texts() if LIMIT_MSG in x])
    t.result("mpf-syslog-201011", bool(logged), "no syslog datagram with %r" % LIMIT_MSG,
             "\n".join(syslog_texts()[-10:]))

    # ---- per-class embryonic timeout
    def tcp_conns():
        return [c for c in N.conns(box.show("show conn")) if c[0] == "TCP"]

    def has_port(port):
        return any(port in (c[3], c[6]) for c in tcp_conns())

    for port, sport in ((7777, 46000), (7778, 46001)):
        # the connect gives up after 1.5 s (two SYNs); the conn stays half-open
        topo.spawn_tool("in", "tcp-hold", SILENT, port, "--sport", sport, "--timeout", 1.5,
                        "--out", os.path.join(t.work, "hold%d.log" % port))
    t0 = time.monotonic()
    seen = N.wait_until(5, lambda: has_port(7777) and has_port(7778), 0.1)
    t.result("mpf-embryonic-conns", bool(seen), "the two half-open TCP conns never showed",
             "\n".join(box.show("show conn")))
    gone = N.wait_until(20, lambda: not has_port(7777), 0.2)
    took = time.monotonic() - t0
    other = has_port(7778)
    t.result("mpf-embryonic-timeout", bool(gone) and took < 15 and other,
             "port 7777 conn gone: %s after %.1f s (want within 15 s; the global is 30 s); "
             "port 7778 conn still there: %s (want True)" % (bool(gone), took, other),
             "\n".join(box.show("show conn")))
    rx = re.compile(r"%PIX-6-302014: Teardown TCP connection \d+ for outside:"
                    + re.escape(SILENT) + r"/7777 to inside:" + re.escape(N.IN_HOST)
                    + r"/46000 duration 0:00:0\d bytes 0 SYN Timeout")
    td = N.wait_until(5, lambda: [x for x in syslog_texts() if rx.search(x)])
    t.result("mpf-embryonic-teardown-log", bool(td), "no 302014 'SYN Timeout' for port 7777",
             "\n".join(x for x in syslog_texts() if "302014" in x))

    box.check_exit("mpf")


if __name__ == "__main__":
    N.run("mpf", body)
