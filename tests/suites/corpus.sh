#!/usr/bin/env bash
# tests/suites/corpus.sh BUILD_DIR [CFG...] — paste every real configuration
# of tests/fixtures/corpus/{pix7-asa82,pix6,asa83plus}/ into a fresh box and
# measure what happens to each line (issue 3, "How it is checked").
#
# Per file, per dialect and in total it prints: configuration lines fed
# (blank lines, `!` comment lines and lines starting with `:` are fed too but
# not counted), accepted, rejected with the first error of each command
# family, and whether `show running-config` round-trips.
#
# Boxes per file (all fresh, TEST_TIMEOUT seconds each, default 60); every
# paste ends with `end`, `enable`, empty password, `show running-config`, so
# that the running-config is shown even when a stray `exit` in the file left
# configuration mode (lines fed outside it are counted as rejected):
#   A  the paste as a user makes it: enable, empty password, configure
#      terminal, the file.  Gives accepted/rejected (an output line starting
#      with "ERROR:") and the mode after each line.
#   R  A's running-config pasted into another box: must print the identical
#      running-config (when A's shows masked secrets, only the Cryptochecksum
#      line may differ, as in roundtrip.sh) and reject none of it.
#   B  the same paste with `show running-config | include ^Cryptochecksum`
#      after every configuration line (the probe; not inside certificate
#      data, which would swallow it).  An accepted line must change the
#      checksum, or be a no-op form shown to be one:
#        1. it enters a sub-mode (the prompt after it is a sub-mode prompt,
#           a new one, or the same one entered again by the same first word:
#           `interface X` after `interface Y`, `class B` after `class A`);
#        2. it is `exit`, `end` or `quit`;
#        3. its canonical form is already in `show running-config` or
#           `show running-config all` just before it (box C runs both before
#           each such line): a duplicate, or a default such as
#           `mtu inside 1500`.  A top-level line must equal a top-level line,
#           a sub-mode line a line of the block whose header equals the line
#           that opened the mode (any sub-mode line when no header equals it
#           as typed).  Keywords typed abbreviated equal the full keyword, a
#           port number or alias its ASA port name (80 = www, rsh = cmd);
#           other tokens must be equal.  `timeout` lines: the ASA regroups
#           the timers, so each `timer value` must be in some timeout line;
#        4. toggling shows it in effect (box D): for a line L, `no L` changes
#           the configuration and L then restores it (same lines, possibly in
#           another order); for `no X`, X changes it and `no X` restores it;
#        5. it matches tests/fixtures/corpus/NOOP_FORMS (an explicit, short,
#           documented list of lines that are no-ops on the ASA too).
#      Anything else is reported as "accepted but missing from
#      show running-config" (check "lost").  B must also accept/reject the
#      same lines as A and end with the same running-config (check "probe":
#      the probe must not disturb the paste).
# A file fails when a box crashes, hangs, exits non-zero or prints a
# sanitizer report (check "crash"), when the round trip differs ("roundtrip")
# or the re-paste rejects a line ("repaste"), or on "lost"/"probe".
# Dialect checks:
#   corpus/pix7-asa82/acceptance  accepted share of pix7-asa82 >= 98%
#   corpus/pix6/replacement-errors, corpus/asa83plus/replacement-errors
#     every rejected PIX 6 fixup/conduit/outbound (and their `no` forms) and
#     ASA 8.3 `object network`, `nat (...) ... source ...`, and `nat` inside
#     an `object network` block must get an error naming what to use
#     instead: not "% Invalid input detected", "% Incomplete command" or
#     "% Ambiguous command".  Lines that reached the box outside
#     configuration mode (after a stray `exit`) are left out: there every
#     configuration command is invalid input, as on the ASA.
# With CFG arguments only those files are run (no dialect checks).
# CORPUS_NOOP_FORMS=FILE uses another NOOP_FORMS (an empty one shows what
# the list hides).
# Known product failures are listed in tests/fixtures/corpus/EXPECTED_FAILURES
# (format there); a test whose failures are all listed prints SKIP, not FAIL.
# Details are kept in BUILD_DIR/test-results/corpus/ (report.txt, per file
# *.rejected, *.noop, *.lost and the transcripts of boxes that failed).
set -uo pipefail
: "${TEST_TIMEOUT:=60}"
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

if [ $# -lt 1 ]; then
	echo "usage: tests/suites/corpus.sh BUILD_DIR [CFG...]" >&2
	exit 2
fi
build=$(cd "$1" 2>/dev/null && pwd) || build=$1
shift
pixie=${PIXIE:-$build/pixie}
t_need_pixie "$pixie" corpus || exit 1
command -v python3 >/dev/null || {
	t_fail corpus "python3 is missing (scripts/deps test)"
	exit 1
}
keep=$build/test-results/corpus
rm -rf "$keep"
mkdir -p "$keep"
work=$(mktemp -d "${TMPDIR:-/tmp}/pixie-corpus.XXXXXX")
trap 'rm -rf "$work"' EXIT

PIXIE=$pixie KEEP=$keep WORK=$work TOP=$T_TOP TEST_TIMEOUT=$TEST_TIMEOUT TEST_JOBS=$TEST_JOBS \
	exec python3 - "$@" <<'PY'
import concurrent.futures as cf
import os
import re
import subprocess
import sys
import time

PIXIE = os.environ["PIXIE"]
KEEP = os.environ["KEEP"]
WORK = os.environ["WORK"]
TOP = os.environ["TOP"]
TIMEOUT = float(os.environ["TEST_TIMEOUT"])
JOBS = max(1, int(os.environ["TEST_JOBS"]))
CORPUS = os.path.join(TOP, "tests/fixtures/corpus")
DIALECTS = ["pix7-asa82", "pix6", "asa83plus"]
MIN_SHARE = 98.0

PROBE = "show running-config | include ^Cryptochecksum"
SHOWRUN = "show running-config"
SHOWRUN_ALL = "show running-config all"
PREFIX = ["enable", "", "configure terminal"]
# after the file: back to privileged EXEC wherever the paste ended (a stray
# `exit` in a file leaves configuration mode, a second one logs out)
SUFFIX = ["end", "enable", "", SHOWRUN]
# the same report lines as t_san_errors in tests/lib.sh
SAN_RE = re.compile(r"ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|"
                    r"SUMMARY: (Address|Leak|UndefinedBehavior)Sanitizer")
# "host(config-if)# " or "host# " / "host> " (cli_prompt in cli/session.c)
PROMPT_RE = re.compile(r"^(\S+?)\(([^()\s]+)\)# |^(\S+?)([#>]) ")
GENERIC = ("% Invalid input detected", "% Incomplete command", "% Ambiguous command")
MASKED_RE = re.compile(r"(^| )\*+( |$)")


REPORT = open(os.path.join(KEEP, "report.txt"), "w")


def out(s=""):
    sys.stdout.write(s + "\n")
    REPORT.write(s + "\n")


# ---------------------------------------------------------------- helpers

def is_config(line):
    """A configuration line: not blank, not a `!` comment, not a `:` line."""
    s = line.strip()
    return bool(s) and not s.startswith("!") and not s.startswith(":")


def norm(s):
    return " ".join(s.split())


def first_word(s):
    w = s.split()
    return w[0].lower() if w else ""


# Commands whose second word is a name the user chose: their family is the
# first word alone ("access-list", not "access-list outside_in").
NAMED = {"access-list", "access-group", "hostname", "domain-name", "username", "tunnel-group",
         "group-policy", "class-map", "policy-map", "aaa-server", "interface", "route", "mtu",
         "monitor-interface", "nameif", "description", "name", "names", "object-group",
         "global", "nat", "static", "arp", "enable", "passwd", "banner", "pager", "clock",
         "icmp-object", "protocol-object", "group-object", "name-server", "fwsm", "route-map",
         "ipv6-address-pool", "group-lock", "split-tunnel-network-list", "vpn-filter",
         "default-group-policy", "address-pool", "address-pools"}
KEEP_SECOND = {"object-group", "enable", "banner", "clock"}


def family(line):
    """The command family of a line: its first one or two words."""
    w = line.split()
    if not w:
        return "(blank)"
    if w[0].lower() == "no" and len(w) > 1:
        return "no " + family(" ".join(w[1:]))
    a = w[0].lower()
    if len(w) > 1 and (a not in NAMED or a in KEEP_SECOND) and re.fullmatch(r"[a-z][a-z0-9-]*", w[1]) \
            and not re.search(r"\d", w[1]):
        return a + " " + w[1]
    return a


def tok_eq(typed, canon):
    """Typed token equals the canonical one; keywords may be abbreviated."""
    if typed == canon:
        return True
    if re.fullmatch(r"[a-z][a-z-]*", typed, re.I) and re.fullmatch(r"[a-z][a-z-]*", canon, re.I) \
            and canon.lower().startswith(typed.lower()):
        return True
    p = port_of(typed)
    return p is not None and p == port_of(canon) and not (typed.isdigit() and canon.isdigit())


# ASA port names (Cisco PIX/ASA 7.2 command reference, "port" literals):
# the running-config prints a name where one exists, so a typed number
# (or an alias such as rsh for cmd) equals the name printed.
PORTS = {"aol": 5190, "bgp": 179, "biff": 512, "bootpc": 68, "bootps": 67, "chargen": 19,
         "cifs": 3020, "citrix-ica": 1494, "cmd": 514, "ctiqbe": 2748, "daytime": 13,
         "discard": 9, "dnsix": 195, "domain": 53, "echo": 7, "exec": 512, "finger": 79,
         "ftp": 21, "ftp-data": 20, "gopher": 70, "h323": 1720, "hostname": 101, "http": 80,
         "https": 443, "ident": 113, "imap4": 143, "irc": 194, "isakmp": 500, "kerberos": 750,
         "klogin": 543, "kshell": 544, "ldap": 389, "ldaps": 636, "login": 513,
         "lotusnotes": 1352, "lpd": 515, "mobile-ip": 434, "nameserver": 42,
         "netbios-dgm": 138, "netbios-ns": 137, "netbios-ssn": 139, "nfs": 2049, "nntp": 119,
         "ntp": 123, "pcanywhere-data": 5631, "pcanywhere-status": 5632, "pim-auto-rp": 496,
         "pop2": 109, "pop3": 110, "pptp": 1723, "radius": 1645, "radius-acct": 1646,
         "rip": 520, "rsh": 514, "rtsp": 554, "secureid-udp": 5510, "sip": 5060, "smtp": 25,
         "snmp": 161, "snmptrap": 162, "sqlnet": 1521, "ssh": 22, "sunrpc": 111, "syslog": 514,
         "tacacs": 49, "talk": 517, "telnet": 23, "tftp": 69, "time": 37, "uucp": 540,
         "who": 513, "whois": 43, "www": 80, "xdmcp": 177}


def port_of(t):
    if t.isdigit():
        return int(t)
    return PORTS.get(t.lower())


def line_eq(typed, canon):
    a, b = typed.split(), canon.split()
    return len(a) == len(b) and all(tok_eq(x, y) for x, y in zip(a, b))


TIME_RE = re.compile(r"\d+:\d\d(:\d\d)?$")


def timeout_pairs(line):
    """`timeout K V [MOD] K V ...` -> ["K V [MOD]", ...]"""
    w = line.split()[1:]
    pairs, i = [], 0
    while i + 1 < len(w):
        p = [w[i].lower(), w[i + 1]]
        i += 2
        while i < len(w) and not (i + 1 < len(w) and TIME_RE.match(w[i + 1])):
            p.append(w[i].lower())
            i += 1
        pairs.append(" ".join(p))
    return pairs


def covered(s, sub, hdr, run):
    """Where the canonical form of line s is in run (None: nowhere).  A
    top-level line must equal a top-level line; a sub-mode line a line of
    the block opened by hdr (any sub-mode line when no block header equals
    hdr).  `timeout` lines: the ASA regroups the timers into its own lines,
    so each timer with its value must be there."""
    if not run:
        return None
    if not sub:
        if first_word(s) == "timeout" and len(s.split()) > 2:
            have = " | ".join(" ".join(x.split()[1:]).lower() for x in run if first_word(x) == "timeout")
            ps = timeout_pairs(s.strip())
            if ps and all(p in have for p in ps):
                return "(each timer of it)"
        return "at top level" if any(not x.startswith(" ") and line_eq(s, x) for x in run) else None
    if hdr:
        for j, x in enumerate(run):
            if not x.startswith(" ") and line_eq(hdr, x):
                block = []
                for y in run[j + 1:]:
                    if not y.startswith(" "):
                        break
                    block.append(y)
                return "in its block" if any(line_eq(s, y) for y in block) else None
    if any(y.startswith(" ") and line_eq(s, y) for y in run):
        return "in some block (the header %r is not in it as typed)" % (hdr or "?")
    return None


def load_noop_forms():
    forms = []
    with open(os.environ.get("CORPUS_NOOP_FORMS") or os.path.join(CORPUS, "NOOP_FORMS")) as f:
        for raw in f:
            s = raw.rstrip("\n")
            if not s.strip() or s.lstrip().startswith("#"):
                continue
            rx, _, why = s.partition("\t")
            forms.append((re.compile(rx.strip()), why.strip()))
    return forms


def load_expected():
    """EXPECTED_FAILURES: `<scope> <check>  # reason` per line."""
    exp = {}
    path = os.path.join(CORPUS, "EXPECTED_FAILURES")
    if not os.path.exists(path):
        return exp
    with open(path) as f:
        for raw in f:
            s, _, why = raw.partition("#")
            w = s.split()
            if len(w) >= 2:
                exp[(w[0], w[1])] = why.strip()
    return exp


NOOP_FORMS = load_noop_forms()
EXPECTED = load_expected()
USED_EXPECTED = set()


def expected(scope, check):
    """Is a failure of check at scope (dialect, dialect/file or
    dialect/file:line) listed?  Wider scopes cover narrower ones."""
    cands = [scope]
    if ":" in scope:
        cands.append(scope.split(":")[0])
    if "/" in scope:
        cands.append(scope.split("/")[0])
    for c in cands:
        if (c, check) in EXPECTED:
            USED_EXPECTED.add((c, check))
            return True
    return False


# ---------------------------------------------------------------- boxes

class Box:
    def __init__(self, tag, inputs, stem):
        self.tag, self.inputs = tag, inputs
        d = os.path.join(WORK, stem + "." + tag)
        os.makedirs(d + "/flash")
        t0 = time.monotonic()
        try:
            p = subprocess.run([PIXIE, "console", "--flash", d + "/flash"],
                               input=("\n".join(inputs) + "\n").encode(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=TIMEOUT, cwd=d)
            self.rc, o, e = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as x:
            self.rc, o, e = 124, x.stdout or b"", x.stderr or b""
        self.secs = time.monotonic() - t0
        self.out = o.decode("utf-8", "replace")
        self.err = e.decode("utf-8", "replace")
        self.lines = self.out.split("\n")
        self.problem = None
        if self.rc == 124:
            self.problem = "box %s hung: killed after %gs" % (tag, TIMEOUT)
        elif self.rc < 0:
            self.problem = "box %s killed by signal %d" % (tag, -self.rc)
        elif self.rc != 0:
            self.problem = "box %s exit %d" % (tag, self.rc)
        if SAN_RE.search(self.err):
            self.problem = (self.problem + "; " if self.problem else "") + \
                "box %s: sanitizer report" % tag
        self._parse()

    def _parse(self):
        """Find the echo of every input line: echo[k] = (output line index,
        mode) where mode is "exec", "config" or a sub-mode suffix."""
        n, L = len(self.inputs), self.lines
        self.echo = [None] * n
        i = 0
        for k, inp in enumerate(self.inputs):
            # a '?' asks for help on the text before it (its echo ends with
            # the '?'), then the line goes on: that help echo starts it
            if "?" in inp:
                inp = inp[:inp.index("?") + 1]
            for j in range(i, len(L)):
                s = L[j]
                if s.startswith("Password: ") and s[10:] == inp:
                    self.echo[k] = (j, "password")
                    break
                m = PROMPT_RE.match(s)
                if m and s[m.end():] == inp:
                    self.echo[k] = (j, m.group(2) or "exec")
                    break
            if self.echo[k]:
                i = self.echo[k][0] + 1

    def segment(self, k):
        """The output lines that answer input k (None: never echoed)."""
        if not self.echo[k]:
            return None
        j = self.echo[k][0] + 1
        end = len(self.lines)
        for e in self.echo[k + 1:]:
            if e:
                end = e[0]
                break
        return self.lines[j:end]

    def mode_before(self, k):
        return self.echo[k][1] if self.echo[k] else None

    def mode_after(self, k):
        for e in self.echo[k + 1:]:
            if e:
                return e[1]
        return None

    def error(self, k):
        seg = self.segment(k)
        if seg is None:
            return "(no echo: the box never read this line)"
        for s in seg:
            if s.startswith("ERROR:"):
                return s
        return None

    def running(self):
        """The last `show running-config` text, ": Saved" .. ": end"."""
        last, buf = [], None
        for s in self.lines:
            if s == ": Saved":
                buf = []
            if buf is not None:
                buf.append(s)
                if s == ": end":
                    last, buf = buf, None
        return last

    def keep(self, stem):
        with open(os.path.join(KEEP, stem + "." + self.tag + ".in"), "w") as f:
            f.write("\n".join(self.inputs) + "\n")
        with open(os.path.join(KEEP, stem + "." + self.tag + ".out"), "w") as f:
            f.write(self.out)
        if self.err:
            with open(os.path.join(KEEP, stem + "." + self.tag + ".err"), "w") as f:
                f.write(self.err)


def is_submode(mode):
    return mode not in (None, "exec", "config", "password")


def raw_regions(lines):
    """Indexes of the lines that open or hold certificate data
    (`certificate ...` up to `quit`, which ends it), after which a probe
    would be taken as data.  They are not checked one by one: the probe
    after `quit` covers the whole block."""
    raw, on = set(), False
    for i, s in enumerate(lines):
        w = first_word(s)
        if on:
            if w == "quit":
                on = False
            else:
                raw.add(i)
        elif w == "certificate":
            raw.add(i)
            on = True
    return raw


# ---------------------------------------------------------------- one file

def check_file(path):
    dialect = os.path.basename(os.path.dirname(path))
    fname = os.path.basename(path)
    name = dialect + "/" + fname
    stem = name.replace("/", "__")
    with open(path, encoding="utf-8", errors="replace") as f:
        flines = [s.rstrip("\r\n") for s in f.read().splitlines()]
    cfg = [i for i, s in enumerate(flines) if is_config(s)]
    r = {"name": name, "dialect": dialect, "fed": len(cfg), "accepted": 0, "rejected": [],
         "noncfg_rejected": [], "fails": [], "noops": [], "lost": [], "secs": 0.0,
         "same": "no", "repaste_rej": "-"}
    P = len(PREFIX)

    # A: the paste
    a_in = PREFIX + flines + SUFFIX
    A = Box("A", a_in, stem)
    r["secs"] += A.secs
    boxes = [A]
    if A.problem:
        r["fails"].append(("crash", name, A.problem))
    acc = {}
    r["outside"] = 0
    for i, s in enumerate(flines):
        e = A.error(P + i)
        if is_config(s) and A.mode_before(P + i) in ("exec", "password"):
            r["outside"] += 1
        if not is_config(s):
            if e:
                r["noncfg_rejected"].append((i + 1, s, e))
            continue
        if e:
            r["rejected"].append((i + 1, s, e))
        else:
            r["accepted"] += 1
            acc[i] = True
    run1 = A.running()

    # R: the round trip
    if not run1:
        r["fails"].append(("roundtrip", name, "box A printed no running-config (': Saved' .. ': end')"))
    else:
        R = Box("R", PREFIX + run1 + SUFFIX, stem)
        r["secs"] += R.secs
        boxes.append(R)
        if R.problem:
            r["fails"].append(("crash", name, R.problem))
        run2 = R.running()
        rej2 = [(run1[i], R.error(P + i)) for i in range(len(run1)) if R.error(P + i)]
        r["repaste_rej"] = len(rej2)
        if rej2:
            r["fails"].append(("repaste", name, "%d line(s) of its own running-config rejected on re-paste: %s"
                               % (len(rej2), "; ".join("%s => %s" % x for x in rej2[:5]))))
        if not run2:
            r["fails"].append(("roundtrip", name, "box R printed no running-config"))
        elif run1 == run2:
            r["same"] = "yes"
        elif any(MASKED_RE.search(s) for s in run1) and \
                [s for s in run1 if not s.startswith("Cryptochecksum:")] == \
                [s for s in run2 if not s.startswith("Cryptochecksum:")]:
            r["same"] = "yes (but the Cryptochecksum: masked secrets pasted back as '*')"
        else:
            import difflib
            d = list(difflib.unified_diff(run1, run2, "running-config after the paste",
                                          "after pasting that again", lineterm="", n=1))
            r["fails"].append(("roundtrip", name, "round trip differs:\n" +
                               "\n".join("      " + s for s in d[:40])))

    # B: a checksum probe after every configuration line
    raw = raw_regions(flines)
    b_in = PREFIX + [PROBE]
    pos = {}
    for i, s in enumerate(flines):
        pos[i] = len(b_in)
        b_in.append(s)
        if is_config(s) and i not in raw:
            b_in.append(PROBE)
    b_in += SUFFIX
    B = Box("B", b_in, stem)
    r["secs"] += B.secs
    boxes.append(B)
    if B.problem:
        r["fails"].append(("crash", name, B.problem))
    cks, cur = {}, None
    for k, inp in enumerate(b_in):
        if inp == PROBE:
            seg = B.segment(k) or []
            m = [s for s in seg if s.startswith("Cryptochecksum:")]
            cur = m[0] if m else None
        cks[k] = cur      # the checksum known after input k
    differ = []
    for i in acc:
        if B.error(pos[i]):
            differ.append("line %d accepted alone, rejected with probes: %s" % (i + 1, B.error(pos[i])))
    for i, s, e in r["rejected"]:
        if not B.error(pos[i - 1]):
            differ.append("line %d rejected alone, accepted with probes" % i)
    if B.running() and run1 and B.running() != run1:
        differ.append("the running-config differs with probes")
    if differ:
        r["fails"].append(("probe", name, "; ".join(differ[:5])))

    # classify the accepted lines that did not change the checksum
    entered_by = {}         # sub-mode -> first word of the line that entered it
    header = None           # the line that opened the current top-level block
    cands = []
    for i, s in enumerate(flines):
        if not is_config(s):
            continue
        k = P + i
        mb, ma = A.mode_before(k), A.mode_after(k)
        w = first_word(s)
        hdr = header
        enters = i in acc and is_submode(ma) and (mb != ma or entered_by.get(ma) == w)
        if enters:
            if mb != ma:
                entered_by[ma] = w
            if mb == "config" or not s.startswith(" "):
                header = s
        elif not is_submode(ma):
            header = None
        if i not in acc or i in raw:
            continue
        kb = pos[i] - 1                       # the probe (or line) before it
        while kb >= 0 and b_in[kb] != PROBE:
            kb -= 1
        before, after = cks.get(kb), cks.get(pos[i] + 1)
        if before is None or after is None:
            continue                         # no probe answer: box died (crash reported)
        if before != after:
            continue
        why = None
        if enters:
            why = "enters a mode"
        elif w in ("exit", "end", "quit") and len(s.split()) == 1:
            why = "leaves a mode"
        if why:
            r["noops"].append((i + 1, s, why))
        else:
            cands.append((i, s, is_submode(ma), hdr))

    # C: show running-config and show running-config all before each
    # remaining candidate: is its canonical form already there?
    rest = []
    if cands:
        c_in = PREFIX[:]
        cpos = {}
        ci = {c[0] for c in cands}
        for i, s in enumerate(flines):
            if i in ci:
                cpos[i] = len(c_in)
                c_in += [SHOWRUN, SHOWRUN_ALL]
            c_in.append(s)
        c_in += ["end"]
        C = Box("C", c_in, stem)
        r["secs"] += C.secs
        boxes.append(C)
        if C.problem:
            r["fails"].append(("crash", name, C.problem))
        for cand in cands:
            i, s, sub, hdr = cand
            where = None
            for k, what in ((cpos[i], "running-config"), (cpos[i] + 1, "running-config all")):
                seg = C.segment(k) or []
                run = seg[seg.index(": Saved"):] if ": Saved" in seg else []
                w = covered(s, sub, hdr, run)
                if w:
                    where = "already in the %s %s" % (what, w)
                    break
            if where:
                r["noops"].append((i + 1, s, where))
            else:
                rest.append(cand)

    # D: toggle the rest.  `no X` found X not configured when X changes the
    # configuration and `no X` then restores it; a line L was already in
    # effect when `no L` changes the configuration and L restores it.
    lost = []
    if rest:
        d_in = PREFIX[:]
        dpos = {}
        ri = {c[0]: c for c in rest}
        for i, s in enumerate(flines):
            if i in ri:
                ind = s[:len(s) - len(s.lstrip())]
                body = s.strip()
                toggle = ind + (body[3:].lstrip() if first_word(body) == "no" else "no " + body)
                dpos[i] = len(d_in)
                d_in += [SHOWRUN, toggle, PROBE, s, SHOWRUN]
            else:
                d_in.append(s)
        d_in += ["end"]
        D = Box("D", d_in, stem)
        r["secs"] += D.secs
        boxes.append(D)
        if D.problem:
            r["fails"].append(("crash", name, D.problem))

        def run_at(k):
            seg = D.segment(k) or []
            return seg[seg.index(": Saved"):] if ": Saved" in seg else []

        def cks(run):
            m = [x for x in run if x.startswith("Cryptochecksum:")]
            return m[0] if m else None
        for cand in rest:
            i, s, sub, hdr = cand
            k = dpos[i]
            r0, r2 = run_at(k), run_at(k + 4)
            c0, c1, c2 = cks(r0), cks(D.segment(k + 2) or []), cks(r2)
            t = d_in[k + 1].strip()
            terr, lerr = D.error(k + 1), D.error(k + 3)
            body0 = sorted(x for x in r0 if not x.startswith("Cryptochecksum:"))
            body2 = sorted(x for x in r2 if not x.startswith("Cryptochecksum:"))
            if c0 and not terr and not lerr and c1 != c0 and (c2 == c0 or body0 == body2):
                r["noops"].append((i + 1, s, "already in effect: %r changes the configuration, the line "
                                   "restores it%s" % (t, "" if c2 == c0 else " (in another position)")))
            else:
                note = ("%r rejected: %s" % (t, terr) if terr else
                        "the line is rejected after %r: %s" % (t, lerr) if lerr else
                        "%r changes nothing either" % t if c1 == c0 else
                        "the line does not undo %r" % t)
                lost.append((cand, note))

    for (i, s, sub, hdr), note in lost:
        why = None
        for rx, reason in NOOP_FORMS:
            if rx.search(s):
                why = "NOOP_FORMS: " + reason
                break
        if why:
            r["noops"].append((i + 1, s, why))
            continue
        r["lost"].append((i + 1, s, note))
        r["fails"].append(("lost", "%s:%d" % (name, i + 1),
                           "line %d accepted but missing from show running-config (checksum unchanged, "
                           "not already there; toggle: %s): %s" % (i + 1, note, s.strip())))

    if any(b.problem for b in boxes) or any(f[0] in ("roundtrip", "probe") for f in r["fails"]):
        for b in boxes:
            b.keep(stem)
    with open(os.path.join(KEEP, stem + ".rejected"), "w") as f:
        for i, s, e in r["rejected"]:
            f.write("%d: %s  =>  %s\n" % (i, s, e))
    with open(os.path.join(KEEP, stem + ".noop"), "w") as f:
        for i, s, why in r["noops"]:
            f.write("%d: %s  =>  %s\n" % (i, s, why))
    with open(os.path.join(KEEP, stem + ".lost"), "w") as f:
        for i, s, note in r["lost"]:
            f.write("%d: %s  =>  toggle: %s\n" % (i, s, note))
    # the lines whose replacement must be named (pix6 / asa83plus)
    incfg = {i + 1 for i in range(len(flines)) if A.mode_before(P + i) not in (None, "exec", "password")}
    r["replace"] = replacement_lines(dialect, flines, [x for x in r["rejected"] if x[0] in incfg])
    return r


PIX6_FAMS = {"fixup", "conduit", "outbound", "no fixup", "no conduit", "no outbound"}


def replacement_lines(dialect, flines, rejected):
    """Rejected lines that must get an error naming what to use instead."""
    rej = {i: (s, e) for i, s, e in rejected}
    res = []
    in_obj = False
    for n, s in enumerate(flines, 1):
        st = s.strip()
        w = st.split()
        what = None
        if not s.startswith(" "):
            in_obj = len(w) >= 2 and w[0] == "object" and w[1] == "network"
        if dialect == "pix6":
            f = family(st)
            if f.split()[0] in ("fixup", "conduit", "outbound") or f in PIX6_FAMS:
                what = f
        elif dialect == "asa83plus":
            if len(w) >= 2 and w[0] == "object" and w[1] == "network":
                what = "object network"
            elif w and w[0] == "nat" and re.match(r"^\(\S+\)$", w[1] if len(w) > 1 else "") and "source" in w:
                what = "nat (...) source"
            elif w and w[0] == "nat" and in_obj and s.startswith(" "):
                what = "object network ... nat"
        if what and n in rej:
            res.append((n, what, rej[n][0], rej[n][1]))
    return res


# ---------------------------------------------------------------- report

def fams_of(rejected):
    fams = {}
    for i, s, e in rejected:
        f = family(s.strip())
        if f not in fams:
            fams[f] = [0, i, s.strip(), e]
        fams[f][0] += 1
    return fams


def print_fams(fams, indent, with_file=False):
    for f, (c, i, s, e) in sorted(fams.items(), key=lambda x: (-x[1][0], x[0])):
        where = ("%s:%d" % (i[0], i[1])) if with_file else "line %d" % i
        out("%s%-24s %4d  first: %s: %s  =>  %s" % (indent, f, c, where, s[:90], e))


def pct(a, b):
    return 100.0 * a / b if b else 100.0


def main(argv):
    if argv:
        files = [os.path.abspath(x) for x in argv]
    else:
        files = []
        for d in DIALECTS:
            dd = os.path.join(CORPUS, d)
            files += sorted(os.path.join(dd, x) for x in os.listdir(dd) if x.endswith(".cfg"))
    t0 = time.monotonic()
    with cf.ThreadPoolExecutor(JOBS) as ex:
        results = list(ex.map(check_file, files))
    wall = time.monotonic() - t0
    nfail = 0
    report = []

    def verdict(test, fails, details):
        """PASS / FAIL / SKIP (all failures listed in EXPECTED_FAILURES)."""
        nonlocal nfail
        unexp = [f for f in fails if not expected(f[1], f[0])]
        exp = [f for f in fails if f not in unexp]
        if unexp:
            nfail += 1
            first = unexp[0][2].split("\n")[0]
            more = " (+%d more)" % (len(unexp) - 1) if len(unexp) > 1 else ""
            out("FAIL: %s — %s: %s%s" % (test, unexp[0][0], first, more))
        elif exp:
            out("SKIP: %s — known failure(s) listed in EXPECTED_FAILURES: %s" %
                (test, ", ".join(sorted({f[0] for f in exp}))))
        else:
            out("PASS: %s" % test)
        for f in fails:
            tag = "" if f in unexp else "(expected) "
            out("    %s%s: %s" % (tag, f[0], f[2]))
        for s in details:
            out(s)

    by_d = {}
    for r in results:
        by_d.setdefault(r["dialect"], []).append(r)
        det = ["    %s: %d lines fed, %d accepted, %d rejected (%.1f%% accepted), no-op lines %d, "
               "lost %d, re-paste rejected %s, round trip identical: %s, %.2fs"
               % (r["name"], r["fed"], r["accepted"], len(r["rejected"]), pct(r["accepted"], r["fed"]),
                  len(r["noops"]), len(r["lost"]), r["repaste_rej"], r["same"], r["secs"])]
        if r["outside"]:
            det.append("    (%d of its lines reached the box outside configuration mode: an `exit` in the file "
                       "left it; they count as rejected)" % r["outside"])
        fails = list(r["fails"])
        verdict("corpus/" + r["name"], fails, det)
        sys.stdout.flush()
        fams = fams_of(r["rejected"])
        print_fams(fams, "      ")
        for n, s, e in r["noncfg_rejected"]:
            out("      (comment line %d rejected: %s => %s)" % (n, s, e))

    tot_fed = tot_acc = tot_rej = 0
    for d in DIALECTS + sorted(x for x in by_d if x not in DIALECTS):
        rs = by_d.get(d, [])
        if not rs:
            continue
        fed = sum(r["fed"] for r in rs)
        accd = sum(r["accepted"] for r in rs)
        rej = [((r["name"], i), s, e) for r in rs for i, s, e in r["rejected"]]
        tot_fed, tot_acc, tot_rej = tot_fed + fed, tot_acc + accd, tot_rej + len(rej)
        same = sum(1 for r in rs if r["same"].startswith("yes"))
        lost = sum(len(r["lost"]) for r in rs)
        out("corpus %s: %d files, %d lines fed, %d accepted, %d rejected, share accepted %.2f%%, "
            "round trip identical %d/%d, accepted lines lost %d"
            % (d, len(rs), fed, accd, len(rej), pct(accd, fed), same, len(rs), lost))
        print_fams(fams_of(rej), "    ", with_file=True)
        if d == "pix7-asa82" and not argv:
            share = pct(accd, fed)
            fails = []
            if share < MIN_SHARE:
                fails.append(("acceptance", d, "%.2f%% of %d lines accepted, below %.0f%%" % (share, fed, MIN_SHARE)))
            verdict("corpus/%s/acceptance" % d, fails, ["    share accepted: %.2f%% (%d of %d), minimum %.0f%%"
                                                         % (share, accd, fed, MIN_SHARE)])
        if d in ("pix6", "asa83plus"):
            fails, det = [], []
            rl = [(r["name"], x) for r in rs for x in r["replace"]]
            good = 0
            for nm, (n, what, s, e) in rl:
                if any(g in e for g in GENERIC):
                    fails.append(("replacement-error", "%s:%d" % (nm, n),
                                  "%s:%d [%s] %s  =>  %s" % (nm, n, what, s.strip()[:80], e)))
                else:
                    good += 1
            det.append("    %d rejected %s line(s) of the kinds that must name a replacement: %d do, %d get a generic error"
                       % (len(rl), d, good, len(fails)))
            kinds = {}
            for nm, (n, what, s, e) in rl:
                kinds.setdefault(what, []).append(e)
            for what, es in sorted(kinds.items()):
                gen = sum(1 for e in es if any(g in e for g in GENERIC))
                det.append("      %-24s %3d rejected, %3d generic; e.g. %s" % (what, len(es), gen, es[0][:150]))
            verdict("corpus/%s/replacement-errors" % d, fails, det)
    out("corpus total: %d files, %d lines fed, %d accepted, %d rejected, share accepted %.2f%%; "
        "%.1fs wall with %d jobs, %.1f box-seconds, %.0f lines/s"
        % (len(results), tot_fed, tot_acc, tot_rej, pct(tot_acc, tot_fed), wall, JOBS,
           sum(r["secs"] for r in results), tot_fed / wall if wall else 0))
    stale = [k for k in EXPECTED if k not in USED_EXPECTED]
    if stale and not argv:
        out("    EXPECTED_FAILURES entries that matched no failure (remove them once fixed):")
        for k in stale:
            out("      %s %s" % k)
    out("    details in %s/" % os.path.relpath(KEEP, TOP))
    return 1 if nfail else 0


sys.exit(main(sys.argv[1:]))
PY
