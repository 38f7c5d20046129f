#!/usr/bin/env python3
"""net/malformed-*: malformed frames and packets from the inside host are
dropped, each counted under a named "show asp drop" reason, none reaches
the far host, and the box keeps forwarding.

The frames are built by nettool.py (cases listed there) and sent with
AF_PACKET to the box's inside MAC, mostly towards 203.0.113.10 (through the
box, PAT configured) and, for the land attack, to the box itself.

The reason the ASA uses is not documented for every case; each case lists the
reason we expect first and the ones also accepted.  For single packets the
drop counters must rise by exactly the number of packets sent, all under
accepted reasons; a fragment chain must be counted at least once.
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
import netlib as N  # noqa: E402

PER_CASE_WAIT = 3.0

# case: (accepted reasons, first = expected, packets sent per copy, copies)
EXPECT = {
    "ip-truncated":   (("invalid-ip-length", "invalid-ip-header"), 1, 3),
    "ihl-short":      (("invalid-ip-header", "invalid-ip-length"), 1, 3),
    "ihl-long":       (("invalid-ip-length", "invalid-ip-header"), 1, 3),
    "totlen-long":    (("invalid-ip-length",), 1, 3),
    "totlen-short":   (("invalid-ip-length", "invalid-ip-header"), 1, 3),
    "ip-cksum":       (("invalid-ip-header",), 1, 3),
    "ip-version":     (("unsupported-ip-version",), 1, 3),
    "frag-overlap":   (("fragment-reassembly-failed", "security-failed"), 2, 1),
    "frag-tiny":      (("fragment-reassembly-failed", "security-failed"), 2, 1),
    "tcp-synfin":     (("bad-tcp-flags", "tcp-not-syn"), 1, 3),
    "tcp-synrst":     (("bad-tcp-flags", "tcp-not-syn"), 1, 3),
    "tcp-null":       (("tcp-not-syn", "bad-tcp-flags"), 1, 3),
    "tcp-xmas":       (("tcp-not-syn", "bad-tcp-flags"), 1, 3),
    "tcp-doff-short": (("invalid-tcp-hdr-length",), 1, 3),
    "tcp-doff-long":  (("invalid-tcp-hdr-length",), 1, 3),
    "tcp-truncated":  (("invalid-tcp-hdr-length", "invalid-ip-length"), 1, 3),
    "udp-len-long":   (("invalid-udp-length",), 1, 3),
    "udp-len-short":  (("invalid-udp-length",), 1, 3),
    "land-box":       (("sp-security-failed", "security-failed"), 1, 3),
    "land-through":   (("sp-security-failed", "security-failed"), 1, 3),
}

CONFIG = [
    "global (outside) 1 interface",
    "nat (inside) 1 0.0.0.0 0.0.0.0",
    "policy-map global_policy", " class inspection_default", "  inspect icmp", "  exit", " exit",
]


def body(t):
    topo = N.Topo(t)
    box = N.Box(t, topo)
    bad = box.boot(CONFIG)
    t.result("malformed-config", not bad, "box rejected: %s" % bad)

    sniff = os.path.join(t.work, "far-sniff.log")
    topo.spawn_tool("far", "sniff", "eth-out", "--out", sniff)
    if not N.wait_file(sniff, "^ready$", 5):
        raise N.HarnessError("sniffer on far did not start")
    ready = N.wait_until(10, lambda: topo.ping("in", N.BOX_IN, count=1, wait=0.3)["received"])
    r = topo.ping("in", N.FAR, id=0x6000, count=3, interval=0.1)
    t.result("malformed-forwarding-before", bool(ready) and r["received"] == 3,
             "before: box echo %s, %d/3 echo replies from %s through the box" %
             ("ok" if ready else "never answered", r["received"], N.FAR))
    mac = topo.tool("in", "arp", "eth-fw", N.BOX_IN, "--timeout", "2").stdout.strip() or \
        topo.mac("fw", "inside0")

    def leaked(start):
        out = []
        for ln in N.read_lines(sniff)[start:]:
            try:
                d = json.loads(ln)
            except ValueError:
                continue
            if d["marker"] or 0xBA00 <= d["id"] <= 0xBAFF:
                out.append(d)
        return out

    for case, (reasons, per_copy, copies) in EXPECT.items():
        name = "malformed-" + case
        before = N.asp_drops(box.show("show asp drop"))
        mark = len(N.read_lines(sniff))
        rr = topo.tool("in", "frames", "eth-fw", "--dst-mac", mac, "--case", case,
                       "--count", copies, "--dst", N.FAR, "--box", N.BOX_IN)
        if rr.returncode:
            raise N.HarnessError("frames %s: %s" % (case, rr.stderr.strip()))
        sent = per_copy * copies
        need = sent if per_copy == 1 else 1

        def delta():
            after = N.asp_drops(box.show("show asp drop"))
            return {k: v - before.get(k, 0) for k, v in after.items() if v != before.get(k, 0)}
        d = N.wait_until(PER_CASE_WAIT, lambda: sum(delta().values()) >= need and delta(),
                         0.1) or delta()
        total = sum(d.values())
        inset = sum(v for k, v in d.items() if k in reasons)
        got_leak = leaked(mark)
        if per_copy == 1:
            ok = inset == sent and total == sent
        else:
            ok = inset >= 1 and total == inset
        ok = ok and not got_leak
        counted = ", ".join("%s +%d" % kv for kv in sorted(d.items())) or "no counter moved"
        why = "%d packets sent; asp drop: %s; want %s under %s" % (
            sent, counted, "+%d" % sent if per_copy == 1 else "at least +1",
            " or ".join(reasons))
        if got_leak:
            why += "; %d reached the far host" % len(got_leak)
        t.result(name, ok, why)

    r = topo.ping("in", N.FAR, id=0x6001, count=3, interval=0.1)
    t.result("malformed-forwarding-after", r["received"] == 3 and box.alive(),
             "after the malformed packets: %d/3 echo replies from %s, box %s" %
             (r["received"], N.FAR, "running" if box.alive() else "exited"))
    if t.failed or os.environ.get("NET_VERBOSE"):
        t.note("show asp drop at the end:\n" + "\n".join(box.show("show asp drop")))
    box.check_exit("malformed")


if __name__ == "__main__":
    N.run("malformed", body)
