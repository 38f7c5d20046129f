#!/usr/bin/env python3
"""interop.py — pixie's IKEv1/IPsec against a real strongSwan (issue 5).

Run by tests/interop/run.sh, which checks that this machine can run it,
builds or finds the guest image and sets PXI_IMAGE, PXI_PREFIX, PXI_WORK.
One guest is booted once; every case restarts charon in it with the case's
ipsec.conf and starts a fresh pixie with the seed configuration plus the
case's lines, captures outside0 and checks:

  mm-<proposal>        main mode + quick mode, transport mode for UDP/1701
                       through the dynamic map (seed), for each IKE proposal
                       (with its ESP proposal); UDP from the guest's port
                       1701 to 172.16.1.1:1701 counted decrypted exactly;
                       `ipsec down` removes every SA on pixie
  natt                 the same from 192.168.0.3, which the isp masquerades:
                       NAT-T-Encaps, ESP in UDP/4500 on outside0
  l2l-tunnel           static crypto map, tunnel mode with PFS: guest
                       192.168.100.1 and inside host 10.4.4.10 ping each
                       other both ways
  l2l-pixie-initiates  the inside host pings first: pixie starts phase 1
  rekey                strongSwan lifetimes of 30 s (IPsec) and 45 s (IKE):
                       new SPIs, traffic goes on, the IKE SA is renewed
  rekey-kilobytes      LAN-to-LAN with `set security-association lifetime
                       kilobytes 10`: pixie starts new quick modes while
                       echoes go on
  dpd                  charon killed without a delete: pixie's keepalives
                       (threshold 10 retry 2) remove every SA
  wrong-psk            refused, ASA log lines, no SA left
  no-proposal          an IKE proposal (AES-192) no policy has: refused,
                       ASA log lines, no SA left

Each case prints PASS/FAIL interop/<case>, then interop/<case>-wire (tshark
decodes every frame without a malformed/error report; SKIP when pixie sent
no IKE message) and its time.  PXI_CASES="natt dpd" runs some of them.
"""
import os
import re
import sys
import time

sys.dont_write_bytecode = True
import iolib as L  # noqa: E402
from iolib import CaseFail, HarnessError, PIX_OUT, CLIENT, CLIENT_NAT, ISP_OUT, IN_HOST  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# strongSwan proposal -> (its `ipsec statusall` name, pixie's isakmp policy lines)
IKE = {
    "3des-md5-modp1024": ("3DES_CBC/HMAC_MD5_96/PRF_HMAC_MD5/MODP_1024", None),  # seed policy 10
    "3des-sha1-modp1024": ("3DES_CBC/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024", (20, "3des", "sha", 2)),
    "aes128-sha1-modp1024": ("AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024", (30, "aes", "sha", 2)),
    "aes128-sha1-modp1536": ("AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1536", (40, "aes", "sha", 5)),
    "aes128-sha1-modp2048": ("AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048", (50, "aes", "sha", 14)),
    "aes256-sha1-modp2048": ("AES_CBC_256/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048",
                             (60, "aes-256", "sha", 14)),
}
# ESP proposal -> (strongSwan's name, pixie's transform-set, its `transform:` text)
ESP = {
    "3des-md5": ("3DES_CBC/HMAC_MD5_96", "TRANS_ESP_3DES_MD5", "esp-3des esp-md5-hmac"),
    "aes128-sha1": ("AES_CBC_128/HMAC_SHA1_96", "TRANS_ESP_AES128_SHA", "esp-aes esp-sha-hmac"),
    "aes256-sha1": ("AES_CBC_256/HMAC_SHA1_96", "TRANS_ESP_AES256_SHA", "esp-aes-256 esp-sha-hmac"),
}
PAIRS = [("3des-md5-modp1024", "3des-md5"), ("3des-sha1-modp1024", "3des-md5"),
         ("aes128-sha1-modp1024", "aes128-sha1"), ("aes128-sha1-modp1536", "aes128-sha1"),
         ("aes128-sha1-modp2048", "aes128-sha1"), ("aes256-sha1-modp2048", "aes256-sha1")]

RA_IDENT = "(%s/255.255.255.255/17/1701)"
GUEST_NET, GUEST_HOST = "192.168.100.0/24", "192.168.100.1"


# ------------------------------------------------------------------ configuration

def seed_lines():
    """The seed configuration's lines, with both interfaces enabled."""
    out = []
    with open(os.path.join(HERE, "seed.cfg")) as f:
        for ln in f.read().splitlines():
            if not ln.strip() or ln.startswith(("!", ":", "PIX Version", "Cryptochecksum")):
                continue
            out.append(ln.rstrip())
            if ln.startswith(" ip address "):
                out.append(" no shutdown")
    return out


def ra_lines():
    """Every IKE policy and transform set of the proposals, the dynamic map
    offering all three transform sets (each in transport mode)."""
    # the seed shows the key masked ("pre-shared-key *"): set the real one
    lines = ["logging enable", "tunnel-group DefaultRAGroup ipsec-attributes",
             " pre-shared-key test", "exit"]
    for _, pol in IKE.values():
        if pol:
            prio, enc, hsh, grp = pol
            lines += ["crypto isakmp policy %d" % prio, " authentication pre-share",
                      " encryption %s" % enc, " hash %s" % hsh, " group %d" % grp,
                      " lifetime 86400", "exit"]
    for name, (_, ts, text) in ESP.items():
        if ts != "TRANS_ESP_3DES_MD5":  # the seed has that one
            lines += ["crypto ipsec transform-set %s %s" % (ts, text),
                      "crypto ipsec transform-set %s mode transport" % ts]
    lines.append("crypto dynamic-map outside_dyn_map 20 set transform-set " +
                 " ".join(ts for _, ts, _ in ESP.values()))
    return lines


L2L_LINES = [
    "access-list l2l extended permit ip 10.4.4.0 255.255.255.0 192.168.100.0 255.255.255.0",
    "access-list nonat extended permit ip 10.4.4.0 255.255.255.0 192.168.100.0 255.255.255.0",
    "crypto ipsec transform-set L2L_AES128_SHA esp-aes esp-sha-hmac",
    "crypto map outside_map 10 match address l2l",
    "crypto map outside_map 10 set peer %s" % CLIENT,
    "crypto map outside_map 10 set transform-set L2L_AES128_SHA",
    "crypto map outside_map 10 set pfs group2",
    "crypto map outside_map 10 set security-association lifetime seconds 3600",
    "tunnel-group %s type ipsec-l2l" % CLIENT,
    "tunnel-group %s ipsec-attributes" % CLIENT,
    " pre-shared-key test",
    "exit",
    "policy-map global_policy",
    " class inspection_default",
    "  inspect icmp",
    "exit",
    "exit",
]


def ra_conn(ike, esp, left=CLIENT, **more):
    c = {"keyexchange": "ikev1", "authby": "secret", "type": "transport",
         "left": left, "leftprotoport": "17/1701", "right": PIX_OUT, "rightprotoport": "17/1701",
         "ike": ike + "!", "esp": esp + "!", "ikelifetime": "28800s", "lifetime": "3600s",
         "keyingtries": "1", "auto": "add"}
    c.update(more)
    return c


def l2l_conn(**more):
    c = {"keyexchange": "ikev1", "authby": "secret", "type": "tunnel",
         "left": CLIENT, "leftsubnet": GUEST_NET, "right": PIX_OUT, "rightsubnet": "10.4.4.0/24",
         "ike": "aes128-sha1-modp1024!", "esp": "aes128-sha1-modp1024!",
         "ikelifetime": "28800s", "lifetime": "3600s", "keyingtries": "1", "auto": "add"}
    c.update(more)
    return c


# the guest's second subnet for LAN-to-LAN, on a dummy device
L2L_PRE = ("ip link del pxi0 2>/dev/null; ip link add pxi0 type dummy && "
           "ip addr add %s/24 dev pxi0 && ip link set pxi0 up" % GUEST_HOST)


# ------------------------------------------------------------------ checks

class Ctx:
    def __init__(self, run, net, guest):
        self.run = run
        self.net = net
        self.g = guest
        self.swan = L.Swan(guest)
        self.px = None
        self.cap = None
        self.notes = []

    def need(self, ok, why, detail=None):
        if not ok:
            raise CaseFail(why, detail)

    def start_pixie(self, name, extra):
        self.px = L.Pixie(self.run, self.net, name)
        bad = self.px.configure(seed_lines() + extra)
        if bad:
            self.notes.append("pixie rejected %d configuration line(s):\n%s" % (
                len(bad), "\n".join("  %s => %s" % b for b in bad)))
        # debug output into the console transcript, for diagnosis
        for ln, out in self.px.exec(["end", "debug crypto isakmp 7", "debug crypto ipsec 7"]):
            if any(o.startswith("ERROR:") for o in out):
                self.notes.append("pixie: '%s' rejected" % ln)
        return bad

    def isakmp(self):
        lines = self.px.show("show crypto isakmp sa")
        sas = L.isakmp_sas(lines)
        self.need(sas is not None, "show crypto isakmp sa: unexpected output", "\n".join(lines))
        return sas, lines

    def ipsec(self):
        lines = self.px.show("show crypto ipsec sa")
        sas = L.ipsec_sas(lines)
        self.need(sas is not None, "show crypto ipsec sa: unexpected output", "\n".join(lines))
        return sas, lines

    def wait_no_sas(self, secs, what):
        """Bounded wait until pixie shows no IKE and no IPsec SA; returns
        the seconds it took."""
        t0 = time.monotonic()
        last = {}

        def empty():
            try:
                a, al = self.isakmp()
                b, bl = self.ipsec()
            except CaseFail:
                return False
            last["t"] = "\n".join(al + bl)
            return a == [] and b == []
        ok = L.wait_until(secs, empty, 0.5)
        self.need(ok, "%s: pixie still has SAs after %d s" % (what, secs), last.get("t"))
        return time.monotonic() - t0

    def settle(self, secs=5):
        """Right after `ipsec up` returns, pixie may not have handled the
        last quick-mode message yet: wait (bounded) until it shows an
        MM_ACTIVE IKE SA and an IPsec SA block."""
        def ready():
            try:
                a, _ = self.isakmp()
                b, _ = self.ipsec()
            except CaseFail:
                return False
            return any(x["state"] == "MM_ACTIVE" for x in a) and len(b) >= 1
        L.wait_until(secs, ready, 0.2)

    def established(self, out):
        """strongSwan's view after `ipsec up`: the status text."""
        st = self.swan.status()
        if "ESTABLISHED" in st and "INSTALLED" in st:
            self.settle()
            return st
        # the most telling line of `ipsec up`: a notify pixie sent, giving
        # up, ... (in this order of preference)
        why = "no IKE/IPsec SA"
        for rx in (r"received \S+ error notify|received .*NOTIFY", r"giving up|not responding",
                   r"no shared key|no proposal|INVALID|AUTH|failed"):
            hits = [ln.strip() for ln in out.splitlines() if re.search(rx, ln)]
            if hits:
                why = hits[0]
                break
        if self.px is not None and self.px.rejected:
            why += " (pixie rejected '%s': %s)" % (self.px.rejected[0][0].strip(),
                                                   self.px.rejected[0][1])
        i = st.find("Security Associations")
        raise CaseFail("strongSwan did not establish the SAs: %s" % why[:200],
                       "ipsec statusall:\n" + (st[i:] if i >= 0 else st))

    def guest_sa(self, src, dst, spi_not=()):
        """The guest kernel's ESP SA src -> dst (the newest when several)."""
        sas = [s for s in self.swan.xfrm() if s["src"] == src and s["dst"] == dst and
               s["spi"] not in spi_not]
        return sas[-1] if sas else None

    def send_udp(self, src, n=5):
        """n UDP datagrams from src:1701 to pixie's 172.16.1.1:1701 (the
        transport-mode selector), one nc each."""
        self.g.check("for i in $(seq %d); do printf 'pxi-%%s' $i | timeout 5 nc -u -q0 -p 1701 "
                     "-s %s %s 1701 >/dev/null 2>&1; done; true" % (n, src, PIX_OUT), 60, "nc")

    def counts_match(self, block_of, out_sa, in_sa_of, what):
        """Pixie's decaps/decrypt/verify of the block equal the packets the
        guest's outbound SA sent; encaps/encrypt/digest equal what the
        guest's inbound SA received (bounded wait for the last packet)."""
        state = {}

        def same():
            sas, lines = self.ipsec()
            b = block_of(sas)
            if b is None:
                state["t"] = "\n".join(lines)
                return False
            gout = self.guest_sa(out_sa[0], out_sa[1])
            gin = in_sa_of()
            state["t"] = "\n".join(b["text"])
            state["g"] = (gout, gin)
            want_in = gout["packets"] if gout else -1
            want_out = gin["packets"] if gin else 0
            state["want"] = (want_in, want_out)
            return (b.get("decaps") == want_in and b.get("decrypt") == want_in and
                    b.get("verify") == want_in and b.get("encaps") == want_out and
                    b.get("encrypt") == want_out and b.get("digest") == want_out and
                    want_in > 0)
        ok = L.wait_until(10, same, 0.5)
        self.need(ok, "%s: pixie's counters differ from the guest's SAs (guest sent %s, received %s)"
                  % (what, *state.get("want", ("?", "?"))),
                  state.get("t", "") + "\nguest SAs: %s" % (state.get("g"),))


# ------------------------------------------------------------------ cases

def check_ra(ctx, ike, esp, peer, left, natt):
    """After `ipsec up` of a transport-mode conn: both sides' SAs, then
    traffic counted on both, then `ipsec down` clears pixie."""
    rc, out = ctx.swan.up()
    st = ctx.established(out)
    ike_name, _ = IKE[ike]
    esp_name, _, transform = ESP[esp]
    ctx.need("IKE proposal: %s" % ike_name in st,
             "strongSwan negotiated another IKE proposal (want %s)" % ike_name, st)
    ctx.need("INSTALLED, TRANSPORT" in st and esp_name in st,
             "strongSwan's IPsec SA is not transport mode with %s" % esp_name, st)
    if natt:
        ctx.need("NAT-T" in st or "ESP in UDP" in st or "UDP_ENCAP" in st or "encap" in st.lower(),
                 "strongSwan did not use NAT-T", st)

    sas, lines = ctx.isakmp()
    ctx.need(len(sas) == 1, "show crypto isakmp sa: %d SAs, want 1" % len(sas), "\n".join(lines))
    sa = sas[0]
    ctx.need((sa["peer"], sa["type"], sa["role"], sa["state"]) ==
             (peer, "user", "responder", "MM_ACTIVE"),
             "show crypto isakmp sa: peer %s type %s role %s state %s, want %s user responder "
             "MM_ACTIVE" % (sa["peer"], sa["type"], sa["role"], sa["state"], peer),
             "\n".join(lines))

    blocks, lines = ctx.ipsec()
    text = "\n".join(lines)
    ctx.need(len(blocks) == 1, "show crypto ipsec sa: %d SA blocks, want 1" % len(blocks), text)
    b = blocks[0]
    settings = ["RA", "Transport"] + (["NAT-T-Encaps"] if natt else [])
    ctx.need(b["peer"] == peer, "show crypto ipsec sa: current_peer %s, want %s" % (b["peer"], peer),
             text)
    if not natt:
        ctx.need(b["local"] == RA_IDENT[1:-1] % PIX_OUT and b["remote"] == RA_IDENT[1:-1] % left,
                 "show crypto ipsec sa: idents %s / %s, want %s / %s" % (
                     b["local"], b["remote"], RA_IDENT % PIX_OUT, RA_IDENT % left), text)
    ctx.need(b["settings"] and all(s == settings for s in b["settings"]),
             "show crypto ipsec sa: in use settings %s, want {%s, }" % (
                 b["settings"], ", ".join(settings)), text)
    ctx.need(b["transform"] and all(t == transform for t in b["transform"]),
             "show crypto ipsec sa: transform %s, want %s" % (b["transform"], transform), text)
    g_out = ctx.guest_sa(left, PIX_OUT)
    g_in = ctx.guest_sa(PIX_OUT, left)
    ctx.need(g_out and g_in, "the guest kernel has no ESP SA pair", str(ctx.swan.xfrm()))
    ctx.need(b["spi_in"] == [g_out["spi"]] and b["spi_out"] == [g_in["spi"]],
             "SPIs differ: pixie in %s out %s, guest out 0x%08x in 0x%08x" % (
                 ["0x%08X" % s for s in b["spi_in"]], ["0x%08X" % s for s in b["spi_out"]],
                 g_out["spi"], g_in["spi"]), text)

    ctx.send_udp(left, 5)
    ctx.counts_match(lambda sas: sas[0] if len(sas) == 1 else None, (left, PIX_OUT),
                     lambda: ctx.guest_sa(PIX_OUT, left), "UDP/1701")
    check_textfsm(ctx, peer, g_out["spi"], g_in["spi"])

    ctx.swan.down()
    ctx.wait_no_sas(15, "after the client's delete (ipsec down)")


def check_textfsm(ctx, peer, spi_in, spi_out):
    """The ntc-templates parser Netmiko/Ansible users run over `show crypto
    ipsec sa` reads the same SA pixie negotiated."""
    try:
        import textfsm
    except ImportError:
        ctx.need(False, "python3-textfsm is not installed (scripts/deps test)")
    tpl = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "textfsm",
                       "templates", "cisco_asa_show_crypto_ipsec_sa.textfsm")
    blocks, lines = ctx.ipsec()
    text = "\n".join(lines) + "\n"
    with open(tpl) as f:
        rows = textfsm.TextFSM(f).ParseTextToDicts(text)
    ctx.need(len(rows) == 1, "ntc template: %d records, want 1" % len(rows), text)
    r = rows[0]
    got = (r["INTERFACE"], r["CURRENT_PEER"], r["INBOUND_SPI_HEX"].upper(),
           r["OUTBOUND_SPI_HEX"].upper(), r["PACKETS_DECAPSULATED"])
    want = ("outside", peer, "0X%08X" % spi_in, "0X%08X" % spi_out,
            str(blocks[0]["decaps"]) if len(blocks) == 1 else "?")
    ctx.need(got == want, "ntc template read %s, want %s" % (got, want), text)


def case_mm(ctx, name, ike, esp):
    ctx.start_pixie(name, ra_lines())
    ctx.swan.restart(ra_conn(ike, esp))
    check_ra(ctx, ike, esp, CLIENT, CLIENT, natt=False)


def case_natt(ctx, name):
    ctx.start_pixie(name, ra_lines())
    ctx.swan.restart(ra_conn("3des-md5-modp1024", "3des-md5", left=CLIENT_NAT))
    check_ra(ctx, "3des-md5-modp1024", "3des-md5", ISP_OUT, CLIENT_NAT, natt=True)
    ctx.cap.stop()
    s = ctx.cap.summary()
    ctx.need(s["udp_esp"] > 0 and s["esp"] == 0,
             "outside0 carried %d ESP-in-UDP and %d plain ESP frames, want ESP in UDP/4500 only"
             % (s["udp_esp"], s["esp"]), "\n".join(s["lines"][-20:]))
    floated = ctx.cap.tshark("-Y", "isakmp && udp.srcport == 4500 && ip.src == %s" % PIX_OUT)
    ctx.need(floated, "pixie sent no IKE message from port 4500 (NAT-T float)",
             "\n".join(s["lines"][-20:]))


def case_l2l(ctx, name):
    ctx.start_pixie(name, ra_lines() + L2L_LINES)
    ctx.swan.restart(l2l_conn(), pre=L2L_PRE)
    rc, out = ctx.swan.up()
    st = ctx.established(out)
    ctx.need("INSTALLED, TUNNEL" in st, "strongSwan's IPsec SA is not in tunnel mode", st)
    check_l2l_sas(ctx, "responder")
    n = ctx.g.run("ping -n -c 3 -W 2 -i 0.3 -I %s %s" % (GUEST_HOST, IN_HOST), 30)[1]
    got = re.search(r"(\d+) received", n)
    ctx.need(got and int(got.group(1)) == 3, "guest %s -> %s: %s of 3 echo replies" % (
        GUEST_HOST, IN_HOST, got.group(1) if got else 0), n)
    r = ctx.net.ping("in", GUEST_HOST, count=3, wait=2)
    ctx.need(r == 3, "inside host %s -> %s: %d of 3 echo replies" % (IN_HOST, GUEST_HOST, r))
    blocks, lines = ctx.ipsec()
    b = blocks[0]
    ctx.need(b.get("decaps", 0) >= 6 and b.get("encaps", 0) >= 6,
             "show crypto ipsec sa counts %s decaps / %s encaps after 6 echoes each way" % (
                 b.get("decaps"), b.get("encaps")), "\n".join(lines))
    ctx.swan.down()
    ctx.wait_no_sas(15, "after the peer's delete (ipsec down)")


def check_l2l_sas(ctx, role):
    sas, lines = ctx.isakmp()
    ctx.need(len(sas) == 1 and (sas[0]["peer"], sas[0]["type"], sas[0]["role"], sas[0]["state"])
             == (CLIENT, "L2L", role, "MM_ACTIVE"),
             "show crypto isakmp sa: want one SA %s L2L %s MM_ACTIVE" % (CLIENT, role),
             "\n".join(lines))
    blocks, lines = ctx.ipsec()
    text = "\n".join(lines)
    ctx.need(len(blocks) == 1, "show crypto ipsec sa: %d SA blocks, want 1" % len(blocks), text)
    b = blocks[0]
    ctx.need(b["local"] == "10.4.4.0/255.255.255.0/0/0" and
             b["remote"] == "192.168.100.0/255.255.255.0/0/0",
             "show crypto ipsec sa: idents %s / %s" % (b["local"], b["remote"]), text)
    ctx.need(b["settings"] and all(s == ["L2L", "Tunnel"] for s in b["settings"]),
             "show crypto ipsec sa: in use settings %s, want {L2L, Tunnel, }" % b["settings"], text)
    ctx.need(b["map"] == "outside_map" and b["peer"] == CLIENT,
             "show crypto ipsec sa: map %s peer %s" % (b["map"], b["peer"]), text)


def case_l2l_initiate(ctx, name):
    ctx.start_pixie(name, ra_lines() + L2L_LINES)
    ctx.swan.restart(l2l_conn(), pre=L2L_PRE)
    # pixie has no SA: the first echo requests trigger phase 1 (and are
    # dropped meanwhile, as on the ASA); retry one echo at a time
    t0 = time.monotonic()
    ok = L.wait_until(40, lambda: ctx.net.ping("in", GUEST_HOST, count=1, wait=2) == 1, 0.2)
    ctx.need(ok, "no echo reply from %s within 40 s of the inside host's first echo" % GUEST_HOST,
             "strongSwan:\n" + ctx.swan.status() + "\ncharon log:\n" + ctx.swan.log(25))
    ctx.notes.append("first echo reply after %.1f s" % (time.monotonic() - t0))
    st = ctx.swan.status()
    ctx.need("ESTABLISHED" in st and "INSTALLED, TUNNEL" in st,
             "strongSwan has no tunnel-mode SA", st)
    check_l2l_sas(ctx, "initiator")
    lg = ctx.swan.log(400, all_lines=True)
    ctx.need(re.search(r"%s is initiating a Main Mode" % re.escape(PIX_OUT), lg),
             "charon did not log pixie initiating main mode", lg[-3000:])


def case_rekey(ctx, name):
    ctx.start_pixie(name, ra_lines() + ["crypto ipsec security-association lifetime seconds 120"])
    # strongSwan rekeys the IPsec SA after 20 s and renews the IKE SA
    # (IKEv1: a new main mode) after 35 s
    ctx.swan.restart(ra_conn("3des-md5-modp1024", "3des-md5", lifetime="30s", ikelifetime="45s",
                             margintime="10s", rekeyfuzz="0%"))
    rc, out = ctx.swan.up()
    ctx.established(out)
    g0 = ctx.guest_sa(CLIENT, PIX_OUT)
    ctx.need(g0, "the guest kernel has no outbound SA")
    t0 = time.monotonic()
    g1 = L.wait_until(40, lambda: ctx.guest_sa(CLIENT, PIX_OUT, spi_not=(g0["spi"],)), 1)
    ctx.need(g1, "strongSwan did not rekey the IPsec SA within 40 s",
             ctx.swan.log(40) + "\n" + ctx.px.debug_tail())
    ctx.notes.append("IPsec rekey after %.1f s: SPI 0x%08x -> 0x%08x" % (
        time.monotonic() - t0, g0["spi"], g1["spi"]))

    def new_block(sas):
        for b in sas:
            if g1["spi"] in b["spi_in"]:
                return b
        return None
    ok = L.wait_until(10, lambda: new_block(ctx.ipsec()[0]), 0.5)
    ctx.need(ok, "pixie shows no inbound SA with the new SPI 0x%08X" % g1["spi"],
             "\n".join(ctx.ipsec()[1]))
    ctx.send_udp(CLIENT, 3)

    # counters of the new pair only
    def new_counts():
        nb = new_block(ctx.ipsec()[0])
        gout = [s for s in ctx.swan.xfrm() if s["spi"] == g1["spi"]]
        if not nb or not gout:
            return False
        return nb.get("decaps") == gout[0]["packets"] and gout[0]["packets"] >= 3
    ok = L.wait_until(10, new_counts, 0.5)
    ctx.need(ok, "traffic on the new SA is not counted by pixie (guest sent %s)" % (
        [s["packets"] for s in ctx.swan.xfrm() if s["spi"] == g1["spi"]]),
        "\n".join(ctx.ipsec()[1]))

    def ike_renewed():
        st = ctx.swan.status()
        return re.search(r"pxi\[(\d+)\]: ESTABLISHED", st) and \
            int(re.search(r"pxi\[(\d+)\]: ESTABLISHED", st).group(1)) >= 2
    ok = L.wait_until(45, ike_renewed, 1)
    ctx.need(ok, "strongSwan did not renew the IKE SA within 45 s",
             ctx.swan.status() + "\n" + ctx.swan.log(30))
    ctx.notes.append("IKE SA renewed after %.1f s" % (time.monotonic() - t0))

    def one_active():
        sas, _ = ctx.isakmp()
        return len(sas) >= 1 and all(s["state"] == "MM_ACTIVE" for s in sas)
    ctx.need(L.wait_until(10, one_active, 0.5), "pixie has no MM_ACTIVE IKE SA after the renewal",
             "\n".join(ctx.isakmp()[1]))
    # traffic still flows on whatever SA the guest now uses
    cur = ctx.guest_sa(CLIENT, PIX_OUT)
    before = cur["packets"]
    ctx.send_udp(CLIENT, 3)

    def counted():
        for b in ctx.ipsec()[0]:
            if cur["spi"] in b["spi_in"]:
                return b.get("decaps", 0) >= before + 3
        return False
    ctx.need(L.wait_until(10, counted, 0.5),
             "after the IKE renewal, UDP on SPI 0x%08X is not counted by pixie" % cur["spi"],
             "\n".join(ctx.ipsec()[1]))


def case_rekey_kb(ctx, name):
    """pixie's own kilobyte lifetime on the static map: pixie starts the
    quick modes of the new SAs while echoes go on through the tunnel."""
    ctx.start_pixie(name, ra_lines() + L2L_LINES +
                    ["crypto map outside_map 10 set security-association lifetime kilobytes 10"])
    ctx.swan.restart(l2l_conn(), pre=L2L_PRE)
    rc, out = ctx.swan.up()
    ctx.established(out)
    first = ctx.guest_sa(PIX_OUT, CLIENT)
    ctx.need(first, "the guest kernel has no inbound SA")
    # 40 echoes of 1000 bytes each way: ~80 kB through SAs of 10 kB
    r = ctx.net.run("in", ["ping", "-n", "-c", "40", "-i", "0.2", "-W", "2", "-s", "1000",
                           "192.168.100.1"], timeout=60)
    m = re.search(r"(\d+) received", r.stdout)
    got = int(m.group(1)) if m else 0
    lg = ctx.swan.log(2000, all_lines=True)
    qm = len(re.findall(r"parsed QUICK_MODE request \d+ \[ HASH SA No", lg))
    spis = {s["spi"] for s in ctx.swan.xfrm() if s["dst"] == CLIENT}
    blocks = ctx.ipsec()[0]
    ctx.notes.append("%d of 40 echo replies; %d quick modes started by pixie; guest inbound SPIs "
                     "now %s; pixie shows %d SA pair(s)" % (
                         got, qm, ["0x%08x" % x for x in sorted(spis)], len(blocks)))
    ctx.need(qm >= 1, "pixie started no quick mode when its 10 kB lifetime ran out",
             ctx.swan.log(40) + "\n" + ctx.px.debug_tail())
    ctx.need(first["spi"] not in spis or len(spis) > 1,
             "the guest still uses only its first inbound SA", str(ctx.swan.xfrm()))
    ctx.need(got >= 36, "only %d of 40 echoes answered across the rekeys" % got, r.stdout[-800:])


def case_dpd(ctx, name):
    extra = ra_lines() + ["tunnel-group DefaultRAGroup ipsec-attributes",
                          " isakmp keepalive threshold 10 retry 2", "exit"]
    ctx.start_pixie(name, extra)
    ctx.swan.restart(ra_conn("3des-md5-modp1024", "3des-md5", dpdaction="clear",
                             dpddelay="300s"))
    rc, out = ctx.swan.up()
    ctx.established(out)
    sas, lines = ctx.isakmp()
    ctx.need(len(sas) == 1 and sas[0]["state"] == "MM_ACTIVE", "pixie has no MM_ACTIVE IKE SA",
             "\n".join(lines))
    ctx.swan.kill_silently()
    # threshold 10 s, then R-U-THERE every 2 s: gone well within 30 s
    t = ctx.wait_no_sas(30, "client gone (charon killed, no delete)")
    ctx.notes.append("pixie removed the SAs %.1f s after the client vanished" % t)
    ctx.cap.stop()
    info = ctx.cap.tshark("-Y", "isakmp.exchangetype == 5 && ip.src == %s" % PIX_OUT)
    ctx.need(info, "pixie sent no informational exchange (R-U-THERE) to the vanished client")


def refused(ctx, pattern_any, what):
    """After a refused negotiation: ASA log lines for the peer, no
    PHASE 1 COMPLETED, and no SA left on pixie."""
    logs = ctx.px.logs(r"%PIX-\d-7\d{5}: .*IP = " + re.escape(CLIENT))
    done = [ln for ln in logs if "PHASE 1 COMPLETED" in ln or "713119" in ln]
    ctx.need(not done, "pixie completed phase 1 with %s" % what, "\n".join(done))
    t = ctx.wait_no_sas(45, what)
    ctx.notes.append("no SA left on pixie after %.1f s" % t)
    logs = ctx.px.logs(r"%PIX-\d-7\d{5}: .*IP = " + re.escape(CLIENT))
    ctx.need(logs, "pixie logged no IKE message (7xxxxx) for %s about the peer" % what,
             ctx.px.debug_tail())
    hits = [ln for ln in logs if re.search(pattern_any, ln)]
    ctx.need(hits, "pixie's IKE log lines for %s do not say why (want /%s/)" % (what, pattern_any),
             "\n".join(logs[-15:]))
    ctx.notes.append("log: " + hits[0][hits[0].find("%PIX-"):])


def case_wrong_psk(ctx, name):
    ctx.start_pixie(name, ra_lines())
    ctx.swan.restart(ra_conn("3des-md5-modp1024", "3des-md5"), psk="not-the-key", tries=1)
    rc, out = ctx.swan.up(40)
    st = ctx.swan.status()
    ctx.need("ESTABLISHED" not in st, "strongSwan established an IKE SA with a wrong key", st)
    sent = ctx.cap.tshark("-Y", "isakmp && ip.src == %s" % CLIENT)
    ctx.need(len(sent) >= 3, "the guest never reached main mode message 5 (%d ISAKMP frames sent)"
             % len(sent), out)
    refused(ctx, r"pre-shared key|hash|HASH|decrypt|PeerTblEntry|peer table|Error processing "
                 r"payload|invalid payloads|MM_WAIT_MSG", "a wrong pre-shared key")


def case_no_proposal(ctx, name):
    ctx.start_pixie(name, ra_lines())
    ctx.swan.restart(ra_conn("aes192-sha1-modp1024", "3des-md5"), tries=1)
    rc, out = ctx.swan.up(30)
    st = ctx.swan.status()
    ctx.need("ESTABLISHED" not in st, "strongSwan established an IKE SA with AES-192", st)
    refused(ctx, r"proposal|Proposal|unacceptable|Mismatched attribute|Payload ID: 1",
            "no matching proposal")
    if "NO_PROPOSAL_CHOSEN" not in out:
        ctx.notes.append("(strongSwan got no NO_PROPOSAL_CHOSEN notify from pixie)")


CASES = [("mm-%s" % ike, case_mm, {"ike": ike, "esp": esp}) for ike, esp in PAIRS] + [
    ("natt", case_natt, {}),
    ("l2l-tunnel", case_l2l, {}),
    ("l2l-pixie-initiates", case_l2l_initiate, {}),
    ("rekey", case_rekey, {}),
    ("rekey-kilobytes", case_rekey_kb, {}),
    ("dpd", case_dpd, {}),
    ("wrong-psk", case_wrong_psk, {}),
    ("no-proposal", case_no_proposal, {}),
]


def selected():
    want = os.environ.get("PXI_CASES", "").split()
    if not want:
        return CASES
    return [c for c in CASES if c[0] in want]


# ------------------------------------------------------------------ main

def run_case(ctx, name, fn, kw):
    run = ctx.run
    t0 = time.monotonic()
    ctx.notes = []
    ctx.px = None
    ok, why, detail = True, "", None
    try:
        ctx.cap = L.Capture(run, ctx.net, name)
        fn(ctx, name, **kw)
    except CaseFail as e:
        ok, why, detail = False, e.why, e.detail
    except HarnessError as e:
        ok, why = False, "test harness: %s" % e
    except Exception as e:  # a bug of the test: a failure, not a crash
        import traceback
        ok, why, detail = False, "test error: %s: %s" % (type(e).__name__, e), traceback.format_exc()
    if not ok:
        extra = []
        if ctx.px is not None:
            try:
                extra.append("pixie show asp drop:\n" + "\n".join(ctx.px.show("show asp drop")))
            except Exception:
                pass
            extra.append("pixie IKE/IPsec console lines:\n" + ctx.px.debug_tail(30))
        try:
            if ctx.g.alive():
                extra.append("charon log (guest):\n" + ctx.swan.log(30))
        except HarnessError:
            pass
        detail = "\n".join([detail or ""] + extra)
    if ctx.px is not None:
        end = ctx.px.stop()
        if end:
            ok, why = False, (why + "; " if why else "") + end.splitlines()[0]
            detail = (detail or "") + "\n" + end
    if ok:
        run.result(name, True)
        if ctx.notes:
            run.note("\n".join(ctx.notes))
    else:
        if ctx.notes:
            detail = "\n".join(ctx.notes) + ("\n" + detail if detail else "")
        run.result(name, False, why, detail)
    if ctx.cap is not None:
        try:
            L.wire_result(run, name, ctx.cap)
        except Exception as e:
            run.result(name + "-wire", False, "capture check failed: %s" % e)
        ctx.cap = None
    run.note("time: interop/%s %.1f s" % (name, time.monotonic() - t0))


def main():
    if "--list" in sys.argv:
        print("\n".join(c[0] for c in selected()))
        return 0
    work = os.environ.get("PXI_WORK")
    prefix = os.environ.get("PXI_PREFIX")
    image = os.environ.get("PXI_IMAGE")
    if not (work and prefix and image):
        sys.stderr.write("interop.py is run by tests/interop/run.sh (PXI_WORK, PXI_PREFIX, "
                         "PXI_IMAGE)\n")
        return 2
    cases = selected()
    run = L.Run(work, prefix)
    import signal

    def term(*_):
        raise KeyboardInterrupt("terminated")
    signal.signal(signal.SIGTERM, term)
    try:
        t0 = time.monotonic()
        try:
            net = L.Net(run)
            guest = L.Guest(run, net, image)
            boot_ms = guest.start()
            ver = guest.check("ipsec version | head -n1; uname -r", 20, "ipsec version")
            # the client segment works: the isp router answers the guest
            ping = guest.run("ping -n -c 1 -W 3 %s" % L.ISP_IN, 15)
            if ping[0] != 0:
                raise HarnessError("the guest cannot reach the isp router:\n" + ping[1])
            # isolation: no link of the host's namespace leads into the run's
            links = L.subprocess.run(["ip", "-d", "-o", "link", "show"], capture_output=True,
                                     text=True, timeout=10).stdout
            if "link-netns %s-" % prefix in links:
                raise HarnessError("a link of the host's namespace leads into %s-*" % prefix)
        except HarnessError as e:
            run.result("guest", False, "the guest did not come up: %s" % e)
            for c in cases:
                run.skip(c[0], "no guest (see interop/guest)")
            return 1
        run.result("guest", True)
        run.note("guest booted in %.1f s (agent answering); %s" % (
            boot_ms / 1000, " / ".join(ver.split("\n")[:2])))
        run.note("time: interop/guest %.1f s" % (time.monotonic() - t0))
        ctx = Ctx(run, net, guest)
        for name, fn, kw in cases:
            if not guest.alive():
                run.result(name, False, "the guest died (console: %s)" % guest.console)
                continue
            run_case(ctx, name, fn, kw)
    except KeyboardInterrupt as e:
        run.result("run", False, "interrupted (%s)" % (e or "SIGINT"))
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        run.cleanup()
    return 1 if run.failed else 0


if __name__ == "__main__":
    sys.exit(main())
