#!/usr/bin/env bash
# tests/suites/check.sh BUILD_DIR — "pixie check FILE" reports refused lines
# with their numbers and exits 1, and accepts a valid configuration.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
build=${1:?usage: check.sh BUILD_DIR}
pixie=${PIXIE:-$build/pixie}
t_need_pixie "$pixie" check || exit 1
work=$(mktemp -d "${TMPDIR:-/tmp}/pixie-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
rc=0

out=$("$pixie" check tests/fixtures/configs/seed-pix72.cfg 2>&1)
st=$?
if [ $st -eq 0 ] && [ "$out" = "tests/fixtures/configs/seed-pix72.cfg: 113 lines, 0 rejected" ]; then
	t_pass check/seed
else
	t_fail check/seed "exit $st: $out"
	rc=1
fi

printf 'hostname ok\nroute outside 10.0.0.0 255.0.255.0 10.1.1.1\ninterface Ethernet0\n nameif outside\n speed fast\n' >"$work/bad.cfg"
out=$("$pixie" check "$work/bad.cfg" 2>&1)
st=$?
want="$work/bad.cfg:2: route outside 10.0.0.0 255.0.255.0 10.1.1.1
    ERROR: % Invalid input detected at '^' marker.
$work/bad.cfg:5:  speed fast
    ERROR: % Invalid input detected at '^' marker.
$work/bad.cfg: 5 lines, 2 rejected"
if [ $st -eq 1 ] && [ "$out" = "$want" ]; then
	t_pass check/refused-lines
else
	t_fail check/refused-lines "exit $st"
	diff <(echo "$want") <(echo "$out") | sed 's/^/    /'
	rc=1
fi
exit $rc
