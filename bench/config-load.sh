#!/usr/bin/env bash
# bench/config-load.sh [LINES] — how fast pixie takes a large configuration,
# next to the Linux rule loaders measured in the same run.
#
# Figures (CPU seconds = user + sys, from GNU time; peak RSS):
#   paste      LINES config lines typed into the console (pager off)
#   flash      booting with that configuration as startup-config
#   show run   one "show running-config" of it
# Baselines: iptables-legacy-restore and nft -f of LINES ACL-like rules, each
# in a private network namespace (unshare -n), same machine, same run.
# Nothing here is asserted; the ratios are the result.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
PIXIE=${PIXIE:-build/pixie}
[ -x "$PIXIE" ] || make -s all
scripts/deps bench >/dev/null
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

cpu() { # run a command; prints "user+sys wall maxrss_kb"; fails if it fails
	if ! /usr/bin/time -f "%U %S %e %M" -o "$W/time" "$@" >"$W/cmd.out" 2>&1; then
		echo "bench: command failed: $*" >&2
		sed 's/^/    /' "$W/cmd.out" | head -5 >&2
		exit 1
	fi
	awk '{printf "%.3f %.3f %d\n", $1 + $2, $3, $4}' "$W/time"
}

python3 bench/gen-config.py "$N" >"$W/cfg"
{ printf 'enable\n\nconfigure terminal\n'; cat "$W/cfg"; printf 'end\n'; } >"$W/paste.in"
{ cat "$W/paste.in"; printf 'write memory\n'; } >"$W/save.in"
printf 'enable\n\nshow running-config\n' >"$W/show.in"
printf 'enable\n\n' >"$W/boot.in"

# pixie
read -r paste_cpu paste_wall paste_rss < <(cpu "$PIXIE" console --flash "$W/f0" <"$W/paste.in")
"$PIXIE" console --flash "$W/f1" <"$W/save.in" >"$W/save.out"
grep -q '^\[OK\]' "$W/save.out" || { echo "write memory failed" >&2; exit 1; }
read -r empty_cpu empty_wall _ < <(cpu "$PIXIE" console --flash "$W/f2" <"$W/boot.in")
read -r boot_cpu boot_wall boot_rss < <(cpu "$PIXIE" console --flash "$W/f1" <"$W/boot.in")
read -r show_cpu show_wall _ < <(cpu "$PIXIE" console --flash "$W/f1" <"$W/show.in")
rejected=$("$PIXIE" console --flash "$W/f3" <"$W/paste.in" | grep -c '^ERROR' || true)

# baselines: the same number of ACL-like rules
python3 - "$N" "$W" <<'PY'
import sys
n, w = int(sys.argv[1]), sys.argv[2]
with open(w + "/ipt", "w") as f:
    f.write("*filter\n:FORWARD ACCEPT [0:0]\n")
    for i in range(n):
        f.write("-A FORWARD -s 10.%d.%d.%d/32 -d 198.51.100.%d/32 -p tcp -m tcp --dport %d -j ACCEPT\n"
                % (i >> 16 & 255, i >> 8 & 255, i & 255, i & 255, 1024 + i % 60000))
    f.write("COMMIT\n")
with open(w + "/nft", "w") as f:
    f.write("table ip bench {\n chain bench_forward {\n  type filter hook forward priority 0;\n")
    for i in range(n):
        f.write("  ip saddr 10.%d.%d.%d ip daddr 198.51.100.%d tcp dport %d accept\n"
                % (i >> 16 & 255, i >> 8 & 255, i & 255, i & 255, 1024 + i % 60000))
    f.write(" }\n}\n")
PY
read -r ipt_cpu ipt_wall _ < <(cpu unshare -n sh -c "iptables-legacy-restore < $W/ipt")
read -r nft_cpu nft_wall _ < <(cpu unshare -n sh -c "nft -f $W/nft")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
rate() { awk -v n="$N" -v t="$1" 'BEGIN { printf "%d", (t > 0 ? n / t : 0) }'; }
boot_net=$(sub "$boot_cpu" "$empty_cpu")
boot_net_wall=$(sub "$boot_wall" "$empty_wall")
show_net=$(sub "$show_cpu" "$boot_cpu")
echo "config-load: $N lines ($rejected rejected)"
printf '  %-34s %7s s CPU %7s s wall %9s lines/s  peak %s KB\n' "pixie paste (console)" \
	"$paste_cpu" "$paste_wall" "$(rate "$paste_cpu")" "$paste_rss"
printf '  %-34s %7s s CPU %7s s wall %9s lines/s  peak %s KB\n' "pixie boot from flash (net)" \
	"$boot_net" "$boot_net_wall" "$(rate "$boot_net")" "$boot_rss"
printf '  %-34s %7s s CPU\n' "pixie show running-config (net)" "$show_net"
printf '  %-34s %7s s CPU %7s s wall\n' "baseline iptables-legacy-restore" "$ipt_cpu" "$ipt_wall"
printf '  %-34s %7s s CPU %7s s wall\n' "baseline nft -f" "$nft_cpu" "$nft_wall"
echo "  ratios, CPU (pixie / baseline; < 1 is faster):"
echo "    paste / iptables-legacy-restore = $(ratio "$paste_cpu" "$ipt_cpu")   paste / nft -f = $(ratio "$paste_cpu" "$nft_cpu")"
echo "    flash / iptables-legacy-restore = $(ratio "$boot_net" "$ipt_cpu")   show run / iptables-legacy-restore = $(ratio "$show_net" "$ipt_cpu")"
echo "  ratios, wall: paste / iptables-legacy-restore = $(ratio "$paste_wall" "$ipt_wall")   paste / nft -f = $(ratio "$paste_wall" "$nft_wall")"
