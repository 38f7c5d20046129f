#!/usr/bin/env python3
"""net/syslog-*: syslog the box originates reaches a UDP listener on the
inside host ("logging enable", "logging trap informational",
"logging host inside 10.4.4.10").

A configuration command is logged as %PIX-5-111008 (notifications) and a
show command as %PIX-7-111009 (debugging), so the trap level decides which
of the two reach the server.  Datagrams carry "<PRI>" with the default
facility local4 (20): PRI = 20 * 8 + severity.
"""
import ast
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
import netlib as N  # noqa: E402

MSG = re.compile(r"^<(\d+)>(?:.*?: )?%PIX-(\d)-(\d{6}): (.*)$")


def body(t):
    topo = N.Topo(t)
    box = N.Box(t, topo)
    log = os.path.join(t.work, "syslog.log")
    topo.spawn_tool("in", "udp-listen", N.IN_HOST, 514, "--out", log)
    if not N.wait_file(log, "^ready$", 5):
        raise N.HarnessError("udp-listen 514 did not start")
    bad = box.boot(["logging enable", "logging trap informational",
                    "logging host inside %s" % N.IN_HOST])
    t.result("syslog-config", not bad, "box rejected: %s" % bad)
    if not N.wait_until(10, lambda: topo.ping("in", N.BOX_IN, count=1, wait=0.3)["received"]):
        t.result("syslog-box-ready", False, "no echo reply from %s" % N.BOX_IN)

    def datagrams():
        out = []
        for ln in N.read_lines(log)[1:]:
            f = ln.split(" ", 3)
            if len(f) == 4:
                try:
                    text = ast.literal_eval(f[3]).decode(errors="replace")
                except Exception:
                    text = f[3]
                out.append((f[0], int(f[1]), text))
        return out

    def find(substr):
        return [d for d in datagrams() if substr in d[2]]

    # informational: the show command (severity 7) is filtered, the hostname
    # command (severity 5) after it arrives
    box.show("show clock")
    box.config(["hostname pxsyslog1"])
    got = N.wait_until(10, lambda: find("hostname pxsyslog1"))
    t.result("syslog-udp", bool(got),
             "no datagram with 'hostname pxsyslog1' reached %s:514 within 10 s" % N.IN_HOST,
             "\n".join(repr(d) for d in datagrams()[-10:]))
    if got:
        src, sport, text = got[0]
        m = MSG.match(text)
        t.result("syslog-source", src == N.BOX_IN,
                 "datagram came from %s:%d (want %s)" % (src, sport, N.BOX_IN))
        ok = bool(m) and m.group(3) == "111008" and m.group(2) == "5" and int(m.group(1)) == 165
        t.result("syslog-format", ok, "want '<165>%%PIX-5-111008: ...', got %r" % text)
        before = [d for d in datagrams() if "111009" in d[2]]
        t.result("syslog-trap-level", not before,
                 "severity 7 message sent with 'logging trap informational': %r" %
                 (before[0][2] if before else ""))

    # debugging: now the show command is sent as well
    box.config(["logging trap debugging"])
    box.show("show clock")
    got = N.wait_until(10, lambda: [d for d in datagrams() if "111009" in d[2] and
                                    "show clock" in d[2]])
    t.result("syslog-trap-debugging", bool(got),
             "no %PIX-7-111009 for 'show clock' after 'logging trap debugging'",
             "\n".join(repr(d) for d in datagrams()[-10:]))

    box.check_exit("syslog")


if __name__ == "__main__":
    N.run("syslog", body)
