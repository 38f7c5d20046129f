#!/usr/bin/env python3
"""net/static-*: outside-initiated traffic is dropped until a static plus an
access-group permit it; hit counts and asp drop counters move by exactly the
packets sent.

Every datagram the far host sends comes from a new source port, so each is
the first packet of a new flow: the ASA evaluates the ACL (and counts a hit,
or an acl-drop) once per new flow, never for packets of an existing conn.
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
import netlib as N  # noqa: E402

STATIC = "172.16.1.10"
ACL = [
    "access-list outside_in extended permit udp any host 172.16.1.10 eq 9999",
    "access-list outside_in extended permit tcp any host 172.16.1.10 eq 8080",
]


def body(t):
    topo = N.Topo(t)
    box = N.Box(t, topo)
    bad = box.boot()
    t.result("static-config", not bad, "box rejected: %s" % bad)

    logs = {}
    for port in (9999, 9998):
        logs[port] = os.path.join(t.work, "udp%d.log" % port)
        topo.spawn_tool("in", "udp-listen", N.IN_HOST, port, "--out", logs[port])
        if not N.wait_file(logs[port], "^ready$", 5):
            raise N.HarnessError("udp-listen %d did not start" % port)
    www = os.path.join(t.work, "www")
    os.makedirs(www, exist_ok=True)
    with open(os.path.join(www, "probe.txt"), "w") as f:
        f.write("static probe\n")
    http_log = os.path.join(t.work, "http.log")
    topo.http_server("in", N.IN_HOST, 8080, www, http_log)
    # the outside router may route to the inside's real addresses: without a
    # static that is the only way outside traffic can reach the box for them
    topo.run("out", ["ip", "route", "add", "10.4.4.0/24", "via", N.BOX_OUT], check=True)

    for ns, addr in (("in", N.BOX_IN), ("out", N.BOX_OUT)):
        if not N.wait_until(10, lambda: topo.ping(ns, addr, count=1, wait=0.3)["received"]):
            t.result("static-box-ready-" + ns, False, "no echo reply from %s" % addr)

    def drops():
        return N.asp_drops(box.show("show asp drop")).get("acl-drop", 0)

    def received(port):
        return [ln for ln in N.read_lines(logs[port]) if ln != "ready"]

    def send(dst, port, count, sport):
        r = topo.tool("far", "udp-send", dst, port, "--count", count, "--sport-base", sport,
                      "--payload", "static-%d" % sport)
        if r.returncode:
            raise N.HarnessError("udp-send: " + r.stderr.strip())

    def denied(name, dst, port, count, sport, what):
        base, got0 = drops(), len(received(port))
        send(dst, port, count, sport)
        n = N.wait_until(5, lambda: drops() - base >= count and drops() - base, 0.1) or \
            drops() - base
        got = len(received(port)) - got0
        t.result(name, n == count and got == 0,
                 "%s: %d datagrams sent, acl-drop rose by %d (want %d), %d reached the inside "
                 "host (want 0)" % (what, count, n, count, got), "\n".join(box.show("show asp drop")))

    # 1. no static, no ACL: the real address, outside -> inside, security levels deny
    denied("outside-initiated-denied", N.IN_HOST, 9999, 3, 41000, "to 10.4.4.10 without static")

    # 2. the static alone: the box answers ARP for the global address, still denies
    bad = box.config(["static (inside,outside) %s %s netmask 255.255.255.255" %
                      (STATIC, N.IN_HOST)])
    t.result("static-config-static", not bad, "box rejected: %s" % bad)
    mac = topo.tool("out", "arp", "eth-fw", STATIC, "--timeout", "2").stdout.strip()
    want = topo.mac("fw", "outside0")
    t.result("static-proxy-arp", mac == want,
             "ARP for %s answered with %r (want the outside port's %s)" % (STATIC, mac, want))
    denied("static-without-acl-denied", STATIC, 9999, 3, 41010, "to the static without an ACL")

    # 3. access-list + access-group: exactly the permitted flows pass and hit
    bad = box.config(ACL + ["access-group outside_in in interface outside"])
    t.result("static-config-acl", not bad, "box rejected: %s" % bad)
    hits0 = N.acl_hits(box.show("show access-list outside_in"), "outside_in")
    base = drops()
    send(STATIC, 9999, 5, 42000)
    got = N.wait_until(5, lambda: len(received(9999)) >= 5 and received(9999)) or received(9999)
    srcs = sorted(set(ln.split()[0] for ln in got))
    t.result("static-acl-permitted", len(got) == 5 and srcs == [N.FAR] and drops() == base,
             "%d of 5 datagrams reached 10.4.4.10 (sources %s, want %s); acl-drop rose by %d"
             % (len(got), srcs, N.FAR, drops() - base), "\n".join(got))
    lines = box.show("show access-list outside_in")
    hits = N.acl_hits(lines, "outside_in")
    t.result("static-acl-hitcnt", hits0.get(1) == 0 and hits.get(1) == 5,
             "line 1 hitcnt %s -> %s (want 0 -> 5)" % (hits0.get(1), hits.get(1)),
             "\n".join(lines))

    # 4. the implicit deny at the end of the ACL
    denied("static-acl-implicit-deny", STATIC, 9998, 3, 43000, "to a port the ACL does not permit")
    hits2 = N.acl_hits(box.show("show access-list outside_in"), "outside_in")
    t.result("static-acl-hitcnt-unchanged", hits2.get(1) == 5 and hits2.get(2) == 0,
             "hitcnt after denied flows: line 1 %s (want 5), line 2 %s (want 0)" %
             (hits2.get(1), hits2.get(2)))

    # 5. TCP through the static: the inside server sees the real client address
    r = topo.run("far", ["curl", "-sS", "--max-time", "10", "http://%s:8080/probe.txt" % STATIC],
                 timeout=20)
    t.result("static-tcp", r.returncode == 0 and r.stdout == "static probe\n",
             "curl from %s to %s:8080: rc %d %s" % (N.FAR, STATIC, r.returncode, r.stderr.strip()))
    logged = N.wait_file(http_log, r'^(\S+) - - \[.*\] "GET /probe\.txt', 3)
    t.result("static-tcp-client", bool(logged) and logged.group(1) == N.FAR,
             "inside server log names client %s (want %s)" %
             (logged.group(1) if logged else "nothing", N.FAR))
    hits3 = N.acl_hits(box.show("show access-list outside_in"), "outside_in")
    t.result("static-acl-hitcnt-tcp", hits3.get(2) == 1,
             "line 2 hitcnt %s after one TCP connection (want 1)" % hits3.get(2))

    # 6. without the access-group new flows are denied again
    bad = box.config(["no access-group outside_in in interface outside"])
    t.result("static-config-no-access-group", not bad, "box rejected: %s" % bad)
    denied("static-acl-removed-denied", STATIC, 9999, 2, 44000, "after no access-group")

    box.check_exit("static")


if __name__ == "__main__":
    N.run("static", body)
