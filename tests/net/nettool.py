#!/usr/bin/env python3
"""nettool.py — small packet tools for the test network (standard library only).

Run inside a test namespace (ip netns exec NS python3 nettool.py ...), as root.

  ping DST [--id N] [--count C] [--want K] [--interval S] [--wait S] [--size N]
      ICMP echo over a raw socket with a fixed identifier.  Stops once K
      replies (default C) came back, or C requests were sent and the last
      one got --wait seconds (default 2).  --count 0: send until SIGTERM
      (a background stream).  Prints one JSON line {"sent","received","bad"}; exit 0 when
      received >= want.  A reply counts only if it comes from DST, carries
      our identifier and a sequence number we sent, and echoes our payload.
  udp-send DST PORT [--count N] [--sport-base B] [--payload TEXT] [--gap S]
      N datagrams, each from its own source port B, B+1, ... (each one a new
      flow for a firewall).
  udp-listen ADDR PORT --out FILE
      Append "SRC SPORT LEN PAYLOAD" (payload repr) per datagram to FILE;
      "ready" is written first, once the socket is bound.
  tcp-hold DST PORT --sport P --out FILE
      Connect from port P and hold the connection open until SIGTERM or
      stdin EOF, then close it with a FIN.  FILE gets "connected LOCAL PEER".
  http-serve ADDR PORT --directory DIR
      python3's http.server (SimpleHTTPRequestHandler) on ADDR:PORT; writes
      "ready" and then the request log ("CLIENT - - [date] "GET ..."") to
      stderr.  Unlike "python3 -m http.server" it does not look up its own
      host name, which would wait for DNS timeouts in a namespace.
  arp IFACE TARGET [--timeout S]
      Send an ARP request for TARGET from IFACE's address; print the MAC of
      the first reply (exit 1 if none).
  frames IFACE --dst-mac MAC --case NAME [--count K] [--src IP] [--dst IP]
      Send K copies of the malformed frame or fragment chain NAME (see CASES)
      with AF_PACKET.  Every packet carries IP identifier 0xBA.. and the
      payload marker MALF so a sniffer can tell whether one got through.
  sniff IFACE --out FILE [--arp]
      Append one JSON line per IPv4 frame received on IFACE (MACs, src, dst,
      proto, id, len, marker; with --arp ARP frames too); "ready" first.
"""
import argparse
import errno
import json
import os
import select
import signal
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
ETH_P_ARP = 0x0806
MARK = b"MALF"


class Stop(Exception):
    pass


def on_term(*_):
    raise Stop()


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ip4(a):
    return socket.inet_aton(a)


# ---------------------------------------------------------------- ping

def cmd_ping(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    dst = socket.gethostbyname(a.dst)
    ident = a.id & 0xFFFF
    payload = (b"pixie-net-%04x-" % ident) * 4
    payload = (payload * (a.size // len(payload) + 1))[: a.size]
    want = a.count if a.want is None else a.want
    sent = received = bad = 0
    seen = set()
    next_send = time.monotonic()
    last_sent_at = None
    seq = 0
    try:
        while True:
            now = time.monotonic()
            if (a.count == 0 or sent < a.count) and now >= next_send:
                seq = (seq + 1) & 0xFFFF
                hdr = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
                pkt = struct.pack("!BBHHH", 8, 0, csum(hdr + payload), ident, seq) + payload
                s.sendto(pkt, (dst, 0))
                sent += 1
                last_sent_at = now
                next_send = now + a.interval
            if a.count and received >= want:
                break
            if a.count and sent >= a.count and now - last_sent_at >= a.wait:
                break
            timeout = max(0.0, min(next_send - now, 0.05)) if (a.count == 0 or sent < a.count) else 0.05
            r, _, _ = select.select([s], [], [], timeout)
            if not r:
                continue
            data, addr = s.recvfrom(65535)
            ihl = (data[0] & 0x0F) * 4
            icmp = data[ihl:]
            if len(icmp) < 8 or icmp[0] != 0:
                continue  # our own requests and other ICMP
            _, _, _, rid, rseq = struct.unpack("!BBHHH", icmp[:8])
            if rid != ident or addr[0] != dst:
                continue
            if rseq in seen or icmp[8:] != payload or csum(icmp) != 0 or rseq > seq or rseq == 0:
                bad += 1
                continue
            seen.add(rseq)
            received += 1
    except Stop:
        pass
    print(json.dumps({"sent": sent, "received": received, "bad": bad}), flush=True)
    return 0 if received >= want else 1


# ---------------------------------------------------------------- UDP

def cmd_udp_send(a):
    for i in range(a.count):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", a.sport_base + i))
        s.sendto(("%s %d" % (a.payload, i)).encode(), (a.dst, a.port))
        s.close()
        if a.gap:
            time.sleep(a.gap)  # pacing between datagrams, not a wait for a condition
    return 0


def cmd_udp_listen(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((a.addr, a.port))
    with open(a.out, "a", buffering=1) as f:
        f.write("ready\n")
        try:
            while True:
                data, (src, sport) = s.recvfrom(65535)
                f.write("%s %d %d %r\n" % (src, sport, len(data), data))
        except Stop:
            pass
    return 0


# ---------------------------------------------------------------- TCP

def cmd_tcp_hold(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", a.sport))
    s.settimeout(a.timeout)
    s.connect((a.dst, a.port))
    with open(a.out, "a", buffering=1) as f:
        f.write("connected %s:%d %s:%d\n" % (s.getsockname() + s.getpeername()))
    try:
        while True:
            r, _, _ = select.select([sys.stdin, s], [], [], 1.0)
            if sys.stdin in r and not os.read(sys.stdin.fileno(), 4096):
                break
            if s in r:
                try:
                    if not s.recv(4096):
                        break
                except socket.timeout:
                    pass
    except Stop:
        pass
    s.shutdown(socket.SHUT_WR)
    s.close()
    return 0


# ---------------------------------------------------------------- HTTP

def cmd_http_serve(a):
    """http.server's SimpleHTTPRequestHandler on ADDR:PORT, threaded."""
    import functools
    import http.server
    import socketserver

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True

        def server_bind(self):
            # HTTPServer.server_bind looks its own name up (socket.getfqdn):
            # in a namespace whose resolver is unreachable that waits for DNS
            # timeouts, so bind without it
            socketserver.TCPServer.server_bind(self)
            self.server_name, self.server_port = self.server_address[:2]

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=a.directory)
    srv = Server((a.addr, a.port), handler)
    sys.stderr.write("ready\n")  # the request log (stderr) follows
    sys.stderr.flush()
    try:
        srv.serve_forever(poll_interval=0.2)
    except Stop:
        pass
    srv.server_close()
    return 0


# ---------------------------------------------------------------- ARP

def mac_bytes(m):
    return bytes(int(x, 16) for x in m.split(":"))


def mac_str(b):
    return ":".join("%02x" % x for x in b)


def if_mac(iface):
    with open("/sys/class/net/%s/address" % iface) as f:
        return mac_bytes(f.read().strip())


def if_addr(iface):
    import fcntl
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    req = struct.pack("256s", iface.encode()[:15])
    return socket.inet_ntoa(fcntl.ioctl(s.fileno(), 0x8915, req)[20:24])  # SIOCGIFADDR


def cmd_arp(a):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ARP))
    s.bind((a.iface, ETH_P_ARP))
    me = if_mac(a.iface)
    src = ip4(a.src or if_addr(a.iface))
    tgt = ip4(a.target)
    arp = struct.pack("!HHBBH6s4s6s4s", 1, ETH_P_IP, 6, 4, 1, me, src, b"\0" * 6, tgt)
    s.send(b"\xff" * 6 + me + struct.pack("!H", ETH_P_ARP) + arp)
    end = time.monotonic() + a.timeout
    while time.monotonic() < end:
        r, _, _ = select.select([s], [], [], max(0.0, end - time.monotonic()))
        if not r:
            break
        f = s.recv(2048)
        if len(f) < 42:
            continue
        op, sha, spa = struct.unpack("!6xH6s4s", f[14:32])
        if op == 2 and spa == tgt:
            print(mac_str(sha))
            return 0
    return 1


# ---------------------------------------------------------------- malformed frames

def ip_header(src, dst, proto, payload_len, ident=0xBA00, ihl=5, ver=4, totlen=None,
              frag=0, ttl=64, bad_csum=False, hdr_len_bytes=None):
    """IPv4 header; ihl is what the header claims, hdr_len_bytes how many
    header bytes are really written (options padded with NOPs)."""
    real = hdr_len_bytes if hdr_len_bytes is not None else ihl * 4
    if totlen is None:
        totlen = real + payload_len
    h = struct.pack("!BBHHHBBH4s4s", (ver << 4) | ihl, 0, totlen & 0xFFFF, ident, frag, ttl,
                    proto, 0, ip4(src), ip4(dst))
    if real > 20:
        h += b"\x01" * (real - 20)
    elif real < 20:
        h = h[:real]
    c = csum(h)
    if bad_csum:
        c ^= 0x5A5A
    return h[:10] + struct.pack("!H", c) + h[12:]


def pseudo(src, dst, proto, length):
    return ip4(src) + ip4(dst) + struct.pack("!BBH", 0, proto, length)


def tcp_seg(src, dst, sport, dport, flags, doff=5, payload=b"", seq=0x1000, real_hdr=None):
    hdr_len = real_hdr if real_hdr is not None else doff * 4
    h = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, (doff & 0xF) << 4, flags, 8192, 0, 0)
    h = (h + b"\x01" * 40)[:hdr_len] if hdr_len > 20 else h[:hdr_len]
    seg = h + payload
    c = csum(pseudo(src, dst, 6, len(seg)) + seg)
    return seg[:16] + struct.pack("!H", c) + seg[18:]


def udp_dgram(src, dst, sport, dport, payload, length=None):
    ln = 8 + len(payload) if length is None else length
    d = struct.pack("!HHHH", sport, dport, ln & 0xFFFF, 0) + payload
    c = csum(pseudo(src, dst, 17, len(d)) + d) or 0xFFFF
    return d[:6] + struct.pack("!H", c) + d[8:]


def ip_pkt(src, dst, proto, l4, **kw):
    return ip_header(src, dst, proto, len(l4), **kw) + l4


FIN, SYN, RST, PSH, ACK, URG = 1, 2, 4, 8, 16, 32


def build_case(name, src, dst, box):
    """Packets (L3) of one malformed case; identifier 0xBA00 + a case number."""
    pl = MARK + b"-" + name.encode()
    udp = lambda **kw: udp_dgram(src, dst, 40000, 9, pl, **kw)  # noqa: E731
    tcp = lambda fl, **kw: tcp_seg(src, dst, 40001, 80, fl, payload=pl, **kw)  # noqa: E731
    good_udp = ip_pkt(src, dst, 17, udp(), ident=0xBA01)
    if name == "ip-truncated":  # 12 bytes of an IPv4 header, nothing else
        return [good_udp[:12]]
    if name == "ihl-short":     # IHL 4: a header shorter than 20 bytes
        return [ip_header(src, dst, 17, len(udp()), ihl=4, ident=0xBA02) + udp()]
    if name == "ihl-long":      # IHL 15 (60 bytes) but the packet is shorter
        l4 = udp()
        return [ip_header(src, dst, 17, 0, ident=0xBA03, ihl=15, hdr_len_bytes=20,
                          totlen=20 + len(l4)) + l4]
    if name == "totlen-long":   # total length beyond the frame
        l4 = udp()
        return [ip_header(src, dst, 17, len(l4), ident=0xBA04, totlen=20 + len(l4) + 200) + l4]
    if name == "totlen-short":  # total length smaller than the header
        return [ip_header(src, dst, 17, len(udp()), ident=0xBA05, totlen=12) + udp()]
    if name == "ip-cksum":      # header checksum wrong
        return [ip_header(src, dst, 17, len(udp()), ident=0xBA06, bad_csum=True) + udp()]
    if name == "ip-version":    # version 6 in an IPv4 frame
        return [ip_header(src, dst, 17, len(udp()), ident=0xBA07, ver=6) + udp()]
    if name == "frag-overlap":  # two fragments whose data overlap (teardrop-like)
        data = udp_dgram(src, dst, 40000, 9, pl + b"." * 56)
        f1 = ip_header(src, dst, 17, 40, ident=0xBA08, frag=0x2000 | 0) + data[:40]
        f2 = ip_header(src, dst, 17, len(data) - 16, ident=0xBA08, frag=2) + \
            (b"X" * 8 + data[24:])
        return [f1, f2]
    if name == "frag-tiny":     # RFC 1858 tiny fragment: 8 bytes of TCP header, then offset 1
        seg = tcp_seg(src, dst, 40002, 80, SYN, payload=pl)
        f1 = ip_header(src, dst, 6, 8, ident=0xBA09, frag=0x2000 | 0) + seg[:8]
        f2 = ip_header(src, dst, 6, len(seg) - 8, ident=0xBA09, frag=1) + seg[8:]
        return [f1, f2]
    if name == "tcp-synfin":
        return [ip_pkt(src, dst, 6, tcp(SYN | FIN), ident=0xBA0A)]
    if name == "tcp-synrst":
        return [ip_pkt(src, dst, 6, tcp(SYN | RST), ident=0xBA0B)]
    if name == "tcp-null":
        return [ip_pkt(src, dst, 6, tcp(0), ident=0xBA0C)]
    if name == "tcp-xmas":
        return [ip_pkt(src, dst, 6, tcp(FIN | PSH | URG), ident=0xBA0D)]
    if name == "tcp-doff-short":  # data offset 4 (16 bytes)
        return [ip_pkt(src, dst, 6, tcp(SYN, doff=4, real_hdr=20), ident=0xBA0E)]
    if name == "tcp-doff-long":   # data offset 15 (60 bytes) in a shorter segment
        seg = tcp_seg(src, dst, 40001, 80, SYN, doff=15, real_hdr=20, payload=b"")
        return [ip_pkt(src, dst, 6, seg, ident=0xBA0F)]
    if name == "tcp-truncated":   # IPv4 says TCP, only 10 bytes of TCP header follow
        return [ip_pkt(src, dst, 6, tcp(SYN)[:10], ident=0xBA10)]
    if name == "udp-len-long":    # UDP length beyond the IP payload
        return [ip_pkt(src, dst, 17, udp(length=8 + len(pl) + 100), ident=0xBA11)]
    if name == "udp-len-short":   # UDP length below its own header
        return [ip_pkt(src, dst, 17, udp(length=4), ident=0xBA12)]
    if name == "land-box":        # source = destination = the box's interface address
        seg = tcp_seg(box, box, 139, 139, SYN, payload=pl)
        return [ip_pkt(box, box, 6, seg, ident=0xBA13)]
    if name == "land-through":    # source = destination = a host behind the box
        seg = tcp_seg(dst, dst, 80, 80, SYN, payload=pl)
        return [ip_pkt(dst, dst, 6, seg, ident=0xBA14)]
    raise SystemExit("unknown case %s" % name)


CASES = ["ip-truncated", "ihl-short", "ihl-long", "totlen-long", "totlen-short", "ip-cksum",
         "ip-version", "frag-overlap", "frag-tiny", "tcp-synfin", "tcp-synrst", "tcp-null",
         "tcp-xmas", "tcp-doff-short", "tcp-doff-long", "tcp-truncated", "udp-len-long",
         "udp-len-short", "land-box", "land-through"]


def cmd_frames(a):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
    s.bind((a.iface, ETH_P_IP))
    eth = mac_bytes(a.dst_mac) + if_mac(a.iface) + struct.pack("!H", ETH_P_IP)
    src = a.src or if_addr(a.iface)
    pkts = build_case(a.case, src, a.dst, a.box)
    for _ in range(a.count):
        for p in pkts:
            s.send(eth + p)
    return 0


def sums_ok(ip):
    """"ok" when the IPv4 header and TCP/UDP/ICMP checksums verify, else what fails."""
    ihl = (ip[0] & 0x0F) * 4
    if len(ip) < 20 or ihl < 20 or len(ip) < ihl:
        return "short"
    if csum(ip[:ihl]) != 0:
        return "ip"
    tot = struct.unpack("!H", ip[2:4])[0]
    frag = struct.unpack("!H", ip[6:8])[0]
    l4 = ip[ihl:tot]
    if frag & 0x3FFF:
        return "ok"  # a fragment: the L4 checksum covers the whole datagram
    proto = ip[9]
    if proto == 1:
        return "ok" if csum(l4) == 0 else "icmp"
    if proto in (6, 17):
        if proto == 17 and len(l4) >= 8 and l4[6:8] == b"\0\0":
            return "ok"  # UDP without a checksum
        ph = ip[12:20] + struct.pack("!BBH", 0, proto, len(l4))
        return "ok" if csum(ph + l4) == 0 else ("tcp" if proto == 6 else "udp")
    return "ok"


def l4_summary(ip):
    """ICMP type/code/id/seq or TCP/UDP ports (and TCP flags) as a short string."""
    ihl = (ip[0] & 0x0F) * 4
    l4 = ip[ihl:]
    if struct.unpack("!H", ip[6:8])[0] & 0x1FFF:
        return "frag"
    if ip[9] == 1 and len(l4) >= 8:
        return "icmp %d/%d id %d seq %d" % ((l4[0], l4[1]) + struct.unpack("!HH", l4[4:8]))
    if ip[9] in (6, 17) and len(l4) >= 4:
        sp, dp = struct.unpack("!HH", l4[:4])
        if ip[9] == 6 and len(l4) >= 14:
            fl = "".join(c for c, b in zip("FSRPAU", range(6)) if l4[13] & (1 << b))
            return "tcp %d>%d %s" % (sp, dp, fl)
        return "%s %d>%d" % ("tcp" if ip[9] == 6 else "udp", sp, dp)
    return ""


def cmd_sniff(a):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((a.iface, ETH_P_ALL))
    with open(a.out, "a", buffering=1) as f:
        f.write("ready\n")
        try:
            while True:
                try:
                    fr, addr = s.recvfrom(65535)
                except OSError as e:
                    if e.errno == errno.ENETDOWN:
                        continue  # the device went down and up again: keep listening
                    raise
                if addr[2] == socket.PACKET_OUTGOING or len(fr) < 34:
                    continue
                et = struct.unpack("!H", fr[12:14])[0]
                if et == ETH_P_ARP and a.arp and len(fr) >= 42:
                    op, sha, spa, tha, tpa = struct.unpack("!6xH6s4s6s4s", fr[14:42])
                    f.write(json.dumps({"arp": op, "src_mac": mac_str(fr[6:12]),
                                        "sha": mac_str(sha), "spa": socket.inet_ntoa(spa),
                                        "tpa": socket.inet_ntoa(tpa)}) + "\n")
                    continue
                if et != ETH_P_IP:
                    continue
                ip = fr[14:]
                f.write(json.dumps({
                    "t": round(time.monotonic(), 3), "csum": sums_ok(ip),
                    "src_mac": mac_str(fr[6:12]), "dst_mac": mac_str(fr[0:6]),
                    "src": socket.inet_ntoa(ip[12:16]), "dst": socket.inet_ntoa(ip[16:20]),
                    "proto": ip[9], "id": struct.unpack("!H", ip[4:6])[0], "len": len(ip),
                    "l4": l4_summary(ip),
                    "marker": MARK in ip}) + "\n")
        except Stop:
            pass
    return 0


def main(argv):
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    p = argparse.ArgumentParser(prog="nettool.py")
    sub = p.add_subparsers(dest="cmd", required=True)
    q = sub.add_parser("ping")
    q.add_argument("dst")
    q.add_argument("--id", type=lambda x: int(x, 0), default=0x5000)
    q.add_argument("--count", type=int, default=3)
    q.add_argument("--want", type=int)
    q.add_argument("--interval", type=float, default=0.2)
    q.add_argument("--wait", type=float, default=2.0)
    q.add_argument("--size", type=int, default=56)
    q = sub.add_parser("udp-send")
    q.add_argument("dst")
    q.add_argument("port", type=int)
    q.add_argument("--count", type=int, default=1)
    q.add_argument("--sport-base", type=int, default=41000)
    q.add_argument("--payload", default="pixie-net")
    q.add_argument("--gap", type=float, default=0.0)
    q = sub.add_parser("udp-listen")
    q.add_argument("addr")
    q.add_argument("port", type=int)
    q.add_argument("--out", required=True)
    q = sub.add_parser("tcp-hold")
    q.add_argument("dst")
    q.add_argument("port", type=int)
    q.add_argument("--sport", type=int, required=True)
    q.add_argument("--out", required=True)
    q.add_argument("--timeout", type=float, default=5.0)
    q = sub.add_parser("http-serve")
    q.add_argument("addr")
    q.add_argument("port", type=int)
    q.add_argument("--directory", required=True)
    q = sub.add_parser("arp")
    q.add_argument("iface")
    q.add_argument("target")
    q.add_argument("--src")
    q.add_argument("--timeout", type=float, default=2.0)
    q = sub.add_parser("frames")
    q.add_argument("iface")
    q.add_argument("--dst-mac", required=True)
    q.add_argument("--case", required=True, choices=CASES)
    q.add_argument("--count", type=int, default=1)
    q.add_argument("--src")
    q.add_argument("--dst", default="203.0.113.10")
    q.add_argument("--box", default="10.4.4.1")
    q = sub.add_parser("sniff")
    q.add_argument("iface")
    q.add_argument("--arp", action="store_true", help="log ARP frames too")
    q.add_argument("--out", required=True)
    a = p.parse_args(argv)
    fn = {"ping": cmd_ping, "udp-send": cmd_udp_send, "udp-listen": cmd_udp_listen,
          "tcp-hold": cmd_tcp_hold, "http-serve": cmd_http_serve, "arp": cmd_arp, "frames": cmd_frames,
          "sniff": cmd_sniff}[a.cmd]
    try:
        return fn(a)
    except Stop:
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
