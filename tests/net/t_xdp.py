#!/usr/bin/env python3
"""The static/ACL test again with the ports bound through AF_XDP
(PIXIE_IO=xdp, dataplane/port_xdp.c) instead of AF_PACKET: the same
packets must cross, the same counters rise.  Results are named xdp-*."""
import os
import sys

os.environ["PIXIE_IO"] = "xdp"  # inherited by the pixie the box starts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netlib as N  # noqa: E402
import t_static_acl as base  # noqa: E402


class XdpTest(N.Test):
    def result(self, name, *args, **kw):
        return super().result("xdp-" + name, *args, **kw)


class XdpBox(N.Box):
    """The box, and proof that its ports really are AF_XDP: the kernel shows
    an XDP program on both devices while it runs."""

    def __init__(self, t, topo, *args, **kw):
        super().__init__(t, topo, *args, **kw)

        def attached():
            links = [topo.run("fw", ["ip", "link", "show", dev]).stdout
                     for dev in ("outside0", "inside0")]
            return all("xdp" in ln for ln in links) and links
        links = N.wait_until(10, attached, 0.2)
        t.result("attached", bool(links), "no XDP program on outside0/inside0 while pixie runs",
                 "\n".join(links or []))


if __name__ == "__main__":
    N.Test = XdpTest
    N.Box = XdpBox
    N.run("xdp", base.body)
