#!/usr/bin/env bash
# tests/suites/textfsm.sh BUILD_DIR — automation clients read pixie's output.
# Runs show commands on a box holding the seed configuration and parses
# each output with the ntc-templates TextFSM template that Netmiko and
# Ansible would pick for it (tests/fixtures/textfsm), checking the fields
# they rely on.  A template that cannot parse the output (its "-> Error"
# rule fires) fails the test.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
build=${1:?usage: textfsm.sh BUILD_DIR}
pixie=${PIXIE:-$build/pixie}
t_need_pixie "$pixie" textfsm || exit 1
py=/usr/bin/python3
if ! "$py" -c 'import textfsm' 2>/dev/null; then
	echo "SKIP: textfsm — python3-textfsm is not installed (scripts/deps test installs it)"
	exit 0
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/pixie-textfsm.XXXXXX")
trap 'rm -rf "$work"' EXIT

# one box: seed configuration, then every command under test, each output
# framed by a marker line that no template rule matches
# (the tunnel-group and crypto map templates are written for 8.4's "ikev1"
# syntax and reject 7.2's lines, as they would a real 7.2 box's)
cmds=("show version" "show name" "show access-list" "show interface ip brief" "show logging")
{
	printf 'enable\n\nconfigure terminal\n'
	cat tests/fixtures/configs/seed-pix72.cfg
	printf 'name 10.4.4.99 dns-server\nlogging enable\nlogging buffered debugging\nno logging console\n'
	printf 'access-list l2l extended permit ip 10.4.4.0 255.255.255.0 10.9.9.0 255.255.255.0\n'
	printf 'end\n'
	for c in "${cmds[@]}"; do printf '%s\n' "$c"; done
} >"$work/in"
mkdir -p "$work/flash"
t_box "$pixie" "$work/flash" "$work/in" "$work/out" "$work/err"
status=$?
if [ $status -ne 0 ]; then
	t_fail textfsm/box "$(t_rc_text $status)"
	exit 1
fi

"$py" - "$work/out" tests/fixtures/textfsm "${cmds[@]}" <<'PY'
import re, sys, textfsm
out, tdir, cmds = sys.argv[1], sys.argv[2], sys.argv[3:]
text = open(out).read()
# split the transcript at the echoed command lines: "host# show version"
blocks = {}
for c in cmds:
    m = re.search(r"^[^\n]*[#>] " + re.escape(c) + r"\n(.*?)(?=^[^\n ]*[#>] |\Z)", text, re.S | re.M)
    blocks[c] = m.group(1) if m else None

def template(cmd):
    # the index picks the first template whose command regex matches
    for line in open(tdir + "/index.cisco_asa.txt"):
        parts = [p.strip() for p in line.split(",")]
        if len(parts) < 4 or not parts[0].endswith(".textfsm"):
            continue
        rx = re.sub(r"(\S+?)\[\[(\S+?)\]\]", lambda m: m.group(1) + "".join("(" + ch for ch in m.group(2)) + ")?" * len(m.group(2)), parts[3])
        if re.match(rx, cmd):
            return parts[0].split(":")[0]
    return None

# what the automation relies on, per command (field -> expected value or regex)
expect = {
    "show version": {"VERSION": r"7\.2\(1\)", "HOSTNAME": "pixfirewall", "IMAGE": r"\S+",
                     "INTERFACES": "Ethernet1"},
    "show name": {"IP_ADDRESS": "10.4.4.99", "NAME": "dns-server"},
    "show access-list": {"ACL_NAME": "nonat|l2l"},
    "show interface ip brief": {"INTERFACE": "Ethernet0", "IP_ADDRESS": "172.16.1.1"},
    "show logging": {},
}
rc = 0
for c in cmds:
    name = "textfsm/" + c.replace(" ", "_")
    t = template(c)
    if t is None:
        print("FAIL: %s — no template in the index matches" % name); rc = 1; continue
    if blocks[c] is None:
        print("FAIL: %s — command output not found in the transcript" % name); rc = 1; continue
    try:
        fsm = textfsm.TextFSM(open(tdir + "/templates/" + t))
        rows = fsm.ParseText(blocks[c])
    except Exception as e:
        print("FAIL: %s — %s rejects the output: %s" % (name, t, str(e).splitlines()[0]))
        rc = 1
        continue
    recs = [dict(zip(fsm.header, r)) for r in rows]
    bad = []
    for field, want in expect.get(c, {}).items():
        vals = [r.get(field) for r in recs]
        flat = []
        for v in vals:
            flat.extend(v if isinstance(v, list) else [v])
        if not any(v is not None and re.fullmatch(want, v) for v in flat):
            bad.append("%s=%r not in %r" % (field, want, flat[:5]))
    if not recs and expect.get(c):
        bad.append("no records parsed")
    if bad:
        print("FAIL: %s — %s" % (name, "; ".join(bad))); rc = 1
    else:
        print("PASS: %s (%s, %d records)" % (name, t, len(recs)))
sys.exit(rc)
PY
