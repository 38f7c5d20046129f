#!/usr/bin/env python3
"""net/arp-*, net/echo-*: the box answers ARP and ICMP echo for its own
addresses, and "icmp deny any outside" silences the outside one.

ASA facts checked: echo to the address of the interface a packet arrives on
is answered (no icmp rules = permit); echo to the address of another
interface is not (the box never answers for its far side); "icmp deny any
outside" drops echo to the outside address while inside keeps answering,
and "no icmp deny ..." restores it.
"""
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
import netlib as N  # noqa: E402


def body(t):
    topo = N.Topo(t)
    box = N.Box(t, topo)
    bad = box.boot()
    t.result("arp-icmp-config", not bad, "box rejected: %s" % bad)

    in_mac = topo.mac("fw", "inside0")
    out_mac = topo.mac("fw", "outside0")
    host_mac = topo.mac("in", "eth-fw")

    # The box may need a moment after "no shutdown" to bind its ports: poll
    # with single echoes until the first answer (bounded).
    first = N.wait_until(10, lambda: topo.ping("in", N.BOX_IN, count=1, wait=0.3)["received"])
    t.result("echo-inside-first", bool(first),
             "no echo reply from %s within 10 s (ARP or ICMP not answered)" % N.BOX_IN)
    first_out = N.wait_until(10, lambda: topo.ping("out", N.BOX_OUT, count=1, wait=0.3)["received"])
    t.result("echo-outside-first", bool(first_out),
             "no echo reply from %s within 10 s (ARP or ICMP not answered)" % N.BOX_OUT)

    # ARP seen from the hosts: the kernel's neighbour entry is the port's MAC.
    for name, ns, dev, addr, want in (("arp-inside", "in", "eth-fw", N.BOX_IN, in_mac),
                                      ("arp-outside", "out", "eth-fw", N.BOX_OUT, out_mac)):
        got = topo.tool(ns, "arp", dev, addr, "--timeout", "2").stdout.strip()
        t.result(name, got == want, "ARP request for %s answered with %r, want %s" %
                 (addr, got or "nothing", want))

    # Echo: every request of a short burst answered, payload intact.
    r = topo.ping("in", N.BOX_IN, id=0x1111, count=5, interval=0.1)
    t.result("echo-inside", r["received"] == 5 and not r["bad"],
             "%d of 5 echo replies from %s (%d malformed)" % (r["received"], N.BOX_IN, r["bad"]))
    r = topo.ping("out", N.BOX_OUT, id=0x1112, count=5, interval=0.1)
    t.result("echo-outside", r["received"] == 5 and not r["bad"],
             "%d of 5 echo replies from %s (%d malformed)" % (r["received"], N.BOX_OUT, r["bad"]))

    # show arp lists both neighbours with their MACs in the Cisco form.
    out = box.show("show arp")
    def cisco(m):
        h = m.replace(":", "")
        return "%s.%s.%s" % (h[0:4], h[4:8], h[8:12])
    ok_in = any(re.search(r"\binside\s+10\.4\.4\.10\s+%s\b" % cisco(host_mac), ln) for ln in out)
    gw_mac = topo.mac("out", "eth-fw")
    ok_out = any(re.search(r"\boutside\s+172\.16\.1\.2\s+%s\b" % cisco(gw_mac), ln) for ln in out)
    t.result("show-arp", ok_in and ok_out,
             "show arp lacks %s" % " and ".join(
                 x for x, ok in (("inside 10.4.4.10 " + cisco(host_mac), ok_in),
                                 ("outside 172.16.1.2 " + cisco(gw_mac), ok_out)) if not ok),
             "\n".join(out))

    # The far-side interface address is not answered (inside host -> outside address).
    r = topo.ping("in", N.BOX_OUT, id=0x1113, count=3, interval=0.1, wait=0.5)
    t.result("echo-far-side-silent", r["received"] == 0 and bool(first),
             "inside host got %d echo replies from the outside address %s" %
             (r["received"], N.BOX_OUT) if first else
             "not meaningful: the box answers no echo at all")

    # icmp deny any outside: outside address silent, inside still answers.
    bad = box.config(["icmp deny any outside"])
    r_out = topo.ping("out", N.BOX_OUT, id=0x1114, count=3, interval=0.1, wait=0.5)
    r_in = topo.ping("in", N.BOX_IN, id=0x1115, count=3, interval=0.1)
    t.result("icmp-deny-outside", not bad and r_out["received"] == 0 and r_in["received"] == 3,
             "config rejected %s; " % bad if bad else
             "with 'icmp deny any outside': %d/3 replies from %s (want 0), %d/3 from %s (want 3)"
             % (r_out["received"], N.BOX_OUT, r_in["received"], N.BOX_IN))

    bad = box.config(["no icmp deny any outside"])
    r_out = topo.ping("out", N.BOX_OUT, id=0x1116, count=3, interval=0.1)
    t.result("icmp-deny-removed", not bad and r_out["received"] == 3,
             "config rejected %s; " % bad if bad else
             "after 'no icmp deny any outside': %d/3 replies from %s" %
             (r_out["received"], N.BOX_OUT))

    box.check_exit("arp-icmp")


if __name__ == "__main__":
    N.run("arp-icmp", body)
