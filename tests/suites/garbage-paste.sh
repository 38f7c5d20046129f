#!/usr/bin/env bash
# tests/suites/garbage-paste.sh BUILD_DIR — a 20 MB paste of random corpus
# lines interleaved with garbage, fed to one box (issue 3, "Bad input").
#
# The paste (enable, empty password, configure terminal, the lines, end,
# show running-config) mixes configuration lines drawn at random from
# tests/fixtures/corpus/*/*.cfg with garbage lines: random bytes, lines of
# control characters, and overlong lines (64 KB .. 1 MB).  A garbage line
# never could be valid: its first byte is one no command starts with (a
# byte >= 0x80, a control character, or ASCII punctuation other than `!`,
# `:` and `?`), and no garbage line holds a newline, a carriage return or
# the characters a terminal gives a meaning to (Ctrl-C, Ctrl-D, Ctrl-Z).
# Long lines hold no `?` (each one asks for help on what precedes it) and no
# NUL (which ends a line as a terminal sees it); short ones may.
# Drawn lines leave out what would make the garbage count: `exit`, `end`,
# `quit` (leaving configuration mode would turn the rest into EXEC input),
# `clear ...` (wipes what came before), certificate data (a raw data mode
# takes any line), a bare `enable`, and lines with `?`.
#
# Checks:
#   garbage-paste/no-crash   the box ends by itself within GARBAGE_TIMEOUT
#                            seconds (default 300), exit 0, no sanitizer report
#   garbage-paste/valid-lines-kept  its running-config equals that of a box
#                            fed the same drawn lines without the garbage, so
#                            every valid line took effect and the garbage
#                            changed nothing
# The seed is printed; GARBAGE_SEED=<n> replays a run (default: fixed, so CI
# runs are repeatable).  GARBAGE_MB sets the size (default 20);
# GARBAGE_KEEP_WORK=1 keeps the generated input and transcripts (in TMPDIR).
set -uo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

build=${1:?usage: tests/suites/garbage-paste.sh BUILD_DIR}
build=$(cd "$build" 2>/dev/null && pwd) || build=$1
pixie=${PIXIE:-$build/pixie}
t_need_pixie "$pixie" garbage-paste || exit 1
: "${GARBAGE_SEED:=20261126}"
: "${GARBAGE_MB:=20}"
: "${GARBAGE_TIMEOUT:=300}"
keep=$build/test-results/garbage-paste
rm -rf "$keep"
mkdir -p "$keep"
work=$(mktemp -d "${TMPDIR:-/tmp}/pixie-garbage.XXXXXX")
trap '[ -n "${GARBAGE_KEEP_WORK:-}" ] || rm -rf "$work"' EXIT

python3 - "$T_TOP/tests/fixtures/corpus" "$work" "$GARBAGE_SEED" "$GARBAGE_MB" <<'PY' || {
import glob, os, random, sys

corpus, work, seed, mb = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
r = random.Random(seed)
SKIP = {"exit", "end", "quit", "clear", "certificate"}

pool = []
for path in sorted(glob.glob(os.path.join(corpus, "*", "*.cfg"))):
    raw = False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f.read().splitlines():
            s = line.strip()
            w = s.split()[0].lower() if s else ""
            if raw:                      # certificate data up to "quit"
                raw = w != "quit"
                continue
            if w == "certificate":
                raw = True
                continue
            if not s or s[0] in "!:" or w in SKIP or s == "enable" or "?" in s:
                continue
            pool.append(line.rstrip())

# bytes no command starts with; bytes never in a garbage line
FIRST = [b for b in range(0x80, 0x100)] + \
        [b for b in range(0x01, 0x20) if b not in (0x03, 0x04, 0x09, 0x0a, 0x0d, 0x1a)] + \
        list(b'#$%&*+,./;<=>@[\\]^_`{|}~"\'()')
NEVER = {0x03, 0x04, 0x0a, 0x0d, 0x1a}
ANY = bytes(b for b in range(256) if b not in NEVER)
LONG = bytes(b for b in ANY if b not in (0x00, ord("?")))
CTRL = bytes(b for b in range(0x00, 0x20) if b not in NEVER) + b"\x7f"


def garbage(n, alphabet):
    return bytes([r.choice(FIRST)]) + bytes(r.choice(alphabet) for _ in range(n - 1))


def long_garbage(n):
    # random.randbytes is fast; map the bytes into the allowed alphabet
    body = bytes(LONG[b % len(LONG)] for b in r.randbytes(n - 1))
    return bytes([r.choice(FIRST)]) + body


target = int(mb * 1024 * 1024)
valid, mixed = [], []
size = 0
kinds = {"valid": 0, "random": 0, "control": 0, "long": 0}
# the long lines: a few of 1 MB, more of 64 KB .. 256 KB, about half the size
longs = [1 << 20] * 4
while sum(longs) < target // 2:
    longs.append(r.randint(64 << 10, 256 << 10))
r.shuffle(longs)
nvalid_goal = 60000
every = max(1, nvalid_goal // (len(longs) + 1))
i = 0
while size < target:
    v = r.choice(pool).encode()
    valid.append(v)
    mixed.append(v)
    size += len(v) + 1
    kinds["valid"] += 1
    if r.random() < 0.8:
        g = garbage(r.randint(1, 300), ANY)
        kinds["random"] += 1
    else:
        g = garbage(r.randint(1, 80), CTRL)
        kinds["control"] += 1
    mixed.append(g)
    size += len(g) + 1
    i += 1
    if longs and i % every == 0:
        g = long_garbage(longs.pop())
        mixed.append(g)
        kinds["long"] += 1
        size += len(g) + 1
head = b"enable\n\nconfigure terminal\n"
tail = b"end\nshow running-config\n"
with open(os.path.join(work, "valid.in"), "wb") as f:
    f.write(head + b"\n".join(valid) + b"\n" + tail)
with open(os.path.join(work, "mixed.in"), "wb") as f:
    f.write(head + b"\n".join(mixed) + b"\n" + tail)
with open(os.path.join(work, "counts"), "w") as f:
    f.write("%d %d %d %d %d %d\n" % (len(mixed), kinds["valid"], len(mixed) - kinds["valid"], kinds["control"],
                                      kinds["long"], size))
PY
	t_fail garbage-paste "could not generate the paste (python3)"
	exit 1
}
read -r nlines nvalid ngarbage nctrl nlong nbytes <"$work/counts"
echo "    seed $GARBAGE_SEED (GARBAGE_SEED=$GARBAGE_SEED replays it): $nlines lines, $nbytes bytes:" \
	"$nvalid drawn corpus lines, $ngarbage garbage lines ($nctrl of control characters, $nlong of 64 KB .. 1 MB)"

rc=0
# run NAME: one box on $work/NAME.in; sets secs and fails the no-crash test
run() {
	local n=$1 t0 t1 st
	mkdir -p "$work/$n.flash"
	t0=$(date +%s.%N)
	TEST_TIMEOUT=$GARBAGE_TIMEOUT t_box "$pixie" "$work/$n.flash" "$work/$n.in" "$work/$n.out" "$work/$n.err"
	st=$?
	t1=$(date +%s.%N)
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	t_extract_running "$work/$n.out" >"$work/$n.run"
	if [ "$st" -ne 0 ]; then
		why="box fed $n.in: $(t_rc_text "$st" "$GARBAGE_TIMEOUT")"
		return 1
	fi
	if t_san_errors "$work/$n.err" >/dev/null; then
		why="box fed $n.in: sanitizer report"
		return 1
	fi
	return 0
}

why=""
if run mixed; then
	t_pass garbage-paste/no-crash
else
	t_fail garbage-paste/no-crash "$why"
	t_show_tail "$work/mixed.err"
	rc=1
fi
mixed_secs=$secs
echo "    with garbage: ${mixed_secs}s, $(awk -v n="$nlines" -v s="$mixed_secs" 'BEGIN { printf "%.0f", n / s }') lines/s," \
	"$(awk -v n="$nbytes" -v s="$mixed_secs" 'BEGIN { printf "%.1f", n / s / 1048576 }') MB/s;" \
	"$(grep -ac '^ERROR:' "$work/mixed.out") ERROR lines"
why=""
if ! run valid; then
	t_fail garbage-paste/valid-lines-kept "$why (the box without garbage)"
	t_show_tail "$work/valid.err"
	rc=1
elif [ ! -s "$work/mixed.run" ] || [ ! -s "$work/valid.run" ]; then
	t_fail garbage-paste/valid-lines-kept "a box printed no running-config"
	rc=1
elif cmp -s "$work/mixed.run" "$work/valid.run"; then
	t_pass garbage-paste/valid-lines-kept
else
	t_fail garbage-paste/valid-lines-kept "the running-config differs from that of the box fed only the valid lines"
	diff -u --label "without garbage" --label "with garbage" "$work/valid.run" "$work/mixed.run" |
		head -n 60 | sed 's/^/    /'
	rc=1
fi
echo "    without garbage: ${secs}s; running-config $(wc -l <"$work/valid.run") lines," \
	"$(grep -ac '^ERROR:' "$work/valid.out") of the drawn lines rejected"
if [ "$rc" -ne 0 ]; then
	cp "$work/mixed.run" "$work/valid.run" "$keep/" 2>/dev/null
	cp "$work/mixed.err" "$work/valid.err" "$keep/" 2>/dev/null
	echo "    running-configs and stderr kept in ${keep#"$T_TOP"/}/"
fi
exit $rc
