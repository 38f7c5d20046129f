#!/usr/bin/env python3
"""net/pat-*: an inside host pings and fetches a page through PAT
("global (outside) 1 interface", "nat (inside) 1 0 0").

  - while a TCP connection (fixed source port) and an ICMP echo stream (fixed
    identifier) are open, show xlate lists exactly their two PAT xlates and
    show conn the TCP conn (and the ICMP one only while an echo awaits its
    reply: "inspect icmp" removes it when the reply passes); the global port
    of the TCP xlate is the port the server sees, and the server sees the
    box's outside address;
  - a page fetched with curl arrives intact and the server's log names
    172.16.1.1 as the client; echo through PAT is answered;
  - once everything is closed the conns go (TCP on close, ICMP after
    "timeout icmp" 0:00:02) and the xlates outlive them but go within the
    xlate timeout (PIX 7.2: PAT xlates 30 s after their last conn; we
    configure "timeout xlate 0:01:00", its minimum, and allow that).

ICMP through the box is stateful only with "inspect icmp" on the ASA, so the
test adds it to the global policy.
"""
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the tree
import netlib as N  # noqa: E402

TCP_SPORT = 40123
ICMP_ID = 0x5150
HTTP_PORT = 8080
XLATE_TIMEOUT = 60

CONFIG = [
    "global (outside) 1 interface",
    "nat (inside) 1 0.0.0.0 0.0.0.0",
    "policy-map global_policy", " class inspection_default", "  inspect icmp", "  exit", " exit",
    "timeout xlate 0:01:00",
]


def server_peer(topo, port):
    """Peers of the established connections to the far server's port."""
    r = topo.run("far", ["ss", "-Htn", "state", "established", "( sport = :%d )" % port])
    peers = []
    for ln in r.stdout.splitlines():
        f = ln.split()
        if len(f) >= 4:
            a, p = f[-1].rsplit(":", 1)
            peers.append((a, int(p)))
    return peers


def body(t):
    topo = N.Topo(t)
    box = N.Box(t, topo)
    bad = box.boot(CONFIG)
    t.result("pat-config", not bad, "box rejected: %s" % bad)

    www = os.path.join(t.work, "www")
    os.makedirs(www, exist_ok=True)
    page = "pixie PAT probe %d\n" % os.getpid()
    with open(os.path.join(www, "probe.txt"), "w") as f:
        f.write(page * 50)
    http_log = os.path.join(t.work, "http.log")
    topo.http_server("far", N.FAR, HTTP_PORT, www, http_log)

    ready = N.wait_until(10, lambda: topo.ping("in", N.BOX_IN, count=1, wait=0.3)["received"])
    if not ready:
        t.result("pat-box-ready", False, "the box never answered echo on %s" % N.BOX_IN)

    # ---- hold one TCP connection and one echo stream, then look at the tables
    hold_log = os.path.join(t.work, "hold.log")
    hold = topo.spawn_tool("in", "tcp-hold", N.FAR, HTTP_PORT, "--sport", TCP_SPORT,
                           "--out", hold_log, stdin=subprocess.PIPE)
    stream_log = os.path.join(t.work, "stream.log")
    stream = topo.spawn_tool("in", "ping", N.FAR, "--id", hex(ICMP_ID), "--count", 0,
                             "--interval", 0.2, log=stream_log)
    held = N.wait_file(hold_log, r"^connected ", 8)
    t.result("pat-tcp-connect", bool(held), "TCP connect from %s:%d to %s:%d through PAT failed"
             % (N.IN_HOST, TCP_SPORT, N.FAR, HTTP_PORT), "\n".join(N.read_lines(hold_log)))
    peers = N.wait_until(5, lambda: server_peer(topo, HTTP_PORT)) or []
    t.result("pat-server-sees-global", len(peers) == 1 and peers[0][0] == N.BOX_OUT,
             "server's established peers: %s (want one from %s)" % (peers, N.BOX_OUT))
    # the flows are set up once the box lists the TCP conn and the ICMP xlate
    # (bounded poll)
    N.wait_until(5, lambda: N.conns(box.show("show conn")) and
                 len(N.xlates(box.show("show xlate"))) >= 2, 0.2)
    xl = box.show("show xlate")
    cn = box.show("show conn")

    gport = peers[0][1] if len(peers) == 1 else None
    got_x = sorted(N.xlates(xl), key=str)
    want_tcp = [x for x in got_x if x[0] == "PAT" and x[1] == N.BOX_OUT and x[3] == N.IN_HOST
                and x[4] == TCP_SPORT and (gport is None or x[2] == gport)]
    want_icmp = [x for x in got_x if x[0] == "PAT" and x[1] == N.BOX_OUT and x[3] == N.IN_HOST
                 and x[4] == ICMP_ID]
    ok = len(got_x) == 2 and len(want_tcp) == 1 and len(want_icmp) == 1 and N.in_use(xl) == 2
    t.result("pat-show-xlate", ok,
             "want exactly 'PAT Global %s(%s) Local %s(%d)' and 'PAT Global %s(n) Local %s(%d)'"
             " with '2 in use'" % (N.BOX_OUT, gport or "?", N.IN_HOST, TCP_SPORT, N.BOX_OUT, N.IN_HOST,
                                   ICMP_ID), "\n".join(xl))

    got_c = N.conns(cn)
    tcp = [c for c in got_c if c[0] == "TCP" and c[1] == "outside" and c[2] == N.FAR and
           c[3] == HTTP_PORT and c[4] == "inside" and c[5] == N.IN_HOST and c[6] == TCP_SPORT]
    icmp = [c for c in got_c if c[0] == "ICMP" and c[1] == "outside" and c[2] == N.FAR and
            c[4] == "inside" and c[5] == N.IN_HOST]
    # "inspect icmp" tears an echo's conn down when its reply passes, so the
    # ICMP conn is listed only if the table is read between request and reply
    ok = len(tcp) == 1 and len(icmp) <= 1 and len(got_c) == 1 + len(icmp) and \
        N.in_use(cn) == len(got_c)
    t.result("pat-show-conn", ok,
             "want exactly 'TCP outside %s:%d inside %s:%d ...' (and at most one 'ICMP outside "
             "%s... inside %s...'), 'N in use' matching" % (N.FAR, HTTP_PORT, N.IN_HOST,
                                                           TCP_SPORT, N.FAR, N.IN_HOST),
             "\n".join(cn))

    N.stop_proc(stream)
    hold.stdin.close()   # tcp-hold closes with a FIN on stdin EOF
    try:
        hold.wait(5)
    except subprocess.TimeoutExpired:
        N.stop_proc(hold)
    st = N.read_lines(stream_log)
    t.result("pat-echo-stream", bool(st) and '"received": 0' not in st[-1],
             "echo stream through PAT: %s" % (st[-1] if st else "no result"))

    # ---- a page through PAT
    r = topo.run("in", ["curl", "-sS", "--max-time", "10", "-o", "-",
                        "http://%s:%d/probe.txt" % (N.FAR, HTTP_PORT)], timeout=20)
    t.result("pat-http", r.returncode == 0 and r.stdout == page * 50,
             "curl rc %d, %d bytes (want %d): %s" % (r.returncode, len(r.stdout), len(page) * 50,
                                                    r.stderr.strip()))
    logged = N.wait_file(http_log, r'^(\S+) - - \[.*\] "GET /probe\.txt', 3)
    t.result("pat-http-client-is-global", bool(logged) and logged.group(1) == N.BOX_OUT,
             "server log names client %s (want %s)" %
             (logged.group(1) if logged else "nothing", N.BOX_OUT),
             "\n".join(N.read_lines(http_log)[-5:]))
    r = topo.ping("in", N.FAR, id=ICMP_ID + 1, count=3, interval=0.1)
    t.result("pat-ping", r["received"] == 3 and not r["bad"],
             "%d of 3 echo replies from %s through PAT" % (r["received"], N.FAR))
    closed_at = time.monotonic()

    # ---- expiry: conns first, xlates later but within the timeout.  Only
    # meaningful when the tables ever held something: otherwise say so at once
    # instead of waiting for a timeout that cannot show anything.
    if N.conns(cn):
        gone = N.wait_until(20, lambda: N.in_use(box.show("show conn")) == 0, 0.5)
        t.result("pat-conn-expiry", bool(gone), "conns still listed 20 s after every flow "
                 "closed", "\n".join(box.show("show conn")))
    else:
        t.result("pat-conn-expiry", False, "no conn was ever listed, nothing to expire")
    xl = box.show("show xlate")
    n_x = N.in_use(xl)
    t.result("pat-xlate-outlives-conn", bool(n_x),
             "show xlate empty as soon as the conns closed (PAT xlates stay until the xlate "
             "timeout)", "\n".join(xl))
    if n_x:
        gone = N.wait_until(XLATE_TIMEOUT + 20 - (time.monotonic() - closed_at),
                            lambda: N.in_use(box.show("show xlate")) == 0, 1.0)
        after = time.monotonic() - closed_at
        if gone:
            t.note("xlates gone %.0f s after the last conn closed" % after)
        t.result("pat-xlate-expiry", bool(gone) and after >= 20,
                 "xlates gone after %.0f s (want between 20 s and %d s after the last conn)" %
                 (after, XLATE_TIMEOUT + 20) if gone else
                 "xlates still listed %.0f s after the last conn closed" % after,
                 "\n".join(box.show("show xlate")))
    else:
        t.result("pat-xlate-expiry", False, "no xlate listed after the traffic, nothing to "
                 "expire")

    box.check_exit("pat")


if __name__ == "__main__":
    N.run("pat", body)
