# tests/lib.sh — shared by the test runners and suites (sourced, not run).
# shellcheck shell=bash disable=SC2034
#
# Result protocol (see tests/README.md): every runner and suite prints one
# line per test, "PASS: <name>" or "FAIL: <name> — <why>", plus any detail
# lines (which never start with "PASS:" or "FAIL:").  tests/run-all.sh counts
# those lines.

# Repository root, whatever the caller's directory.
T_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Seconds one pixie process may run before it counts as hung.
: "${TEST_TIMEOUT:=30}"

# Sanitizer settings, the same as .ci/run uses, unless the caller chose.
: "${ASAN_OPTIONS:=detect_leaks=1:abort_on_error=1}"
: "${UBSAN_OPTIONS:=halt_on_error=1:print_stacktrace=1}"
export ASAN_OPTIONS UBSAN_OPTIONS

# Parallel jobs for runners that run independent tests side by side.
if [ -z "${TEST_JOBS:-}" ]; then
	TEST_JOBS=$(nproc 2>/dev/null || echo 2)
fi

t_pass() { printf 'PASS: %s\n' "$1"; }
t_fail() { printf 'FAIL: %s — %s\n' "$1" "$2"; }

# t_san_errors FILE: print the sanitizer report lines found in FILE (ASan,
# LSan, UBSan); status 0 when there are some.
t_san_errors() {
	grep -E 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|SUMMARY: (Address|Leak|UndefinedBehavior)Sanitizer' "$1"
}

# t_rc_text RC [LIMIT]: a human reason for an exit status of a command run
# under timeout(1) with LIMIT seconds (default TEST_TIMEOUT).
t_rc_text() {
	case "$1" in
	0) echo "exit 0" ;;
	124 | 137) echo "hung: killed after ${2:-$TEST_TIMEOUT}s" ;;
	*)
		if [ "$1" -gt 128 ]; then
			echo "killed by signal $(($1 - 128)) ($(kill -l $(($1 - 128)) 2>/dev/null || echo '?'))"
		else
			echo "exit $1"
		fi
		;;
	esac
}

# t_box PIXIE FLASHDIR IN OUT ERR [EXTRA-ARG...]: run one console session
# reading IN, with the timeout; returns pixie's exit status (124: hang).
# All paths absolute: pixie runs in FLASHDIR's parent, so that any file it
# writes relative to its working directory stays out of the repository.
t_box() {
	local pixie=$1 flash=$2 in=$3 out=$4 err=$5
	shift 5
	# The outer 2>/dev/null only silences bash's "Aborted" job notice.
	{ (cd "$(dirname "$flash")" &&
		exec timeout -k 5 "$TEST_TIMEOUT" "$pixie" console --flash "$flash" "$@" \
			<"$in" >"$out" 2>"$err"); } 2>/dev/null
}

# t_show_tail FILE [N]: indent and print at most N (default 40) lines of FILE.
t_show_tail() {
	local n=${2:-40}
	[ -s "$1" ] || return 0
	tail -n "$n" "$1" | sed 's/^/    | /'
}

# t_need_pixie PIXIE NAME: fail NAME and return 1 when the binary is missing.
t_need_pixie() {
	if [ ! -x "$1" ]; then
		t_fail "$2" "$1 does not exist (build it with make)"
		return 1
	fi
}

# t_parallel FUNC ITEM...: run "FUNC ITEM" for every ITEM, TEST_JOBS at a
# time, in background subshells; returns when all have finished.  FUNC keeps
# its results in files (subshells cannot set the caller's variables).
t_parallel() {
	local fn=$1 running=0 item
	shift
	for item in "$@"; do
		"$fn" "$item" &
		running=$((running + 1))
		if [ "$running" -ge "$TEST_JOBS" ]; then
			wait -n
			running=$((running - 1))
		fi
	done
	wait
}

# t_feed_config CFG: print the console input that pastes CFG into a fresh
# box: enable, the empty enable password, configure terminal, CFG's lines
# (a missing final newline added), end, show running-config.
t_feed_config() {
	printf 'enable\n\nconfigure terminal\n'
	awk 1 "$1"
	printf 'end\nshow running-config\n'
}

# t_extract_running OUT: print the last "show running-config" text in a
# console transcript: the lines from ": Saved" to ": end", both included.
# (Echoed input lines follow a prompt, so they never start with ": Saved".)
t_extract_running() {
	awk '/^: Saved$/ { buf = ""; on = 1 }
	     on { buf = buf $0 "\n" }
	     on && /^: end$/ { last = buf; on = 0 }
	     END { printf "%s", last }' "$1"
}

# t_rejected OUT: for each "ERROR:" line in a console transcript, print the
# echoed input line it answers and the error, as "<input>  =>  <error>".
t_rejected() {
	awk '/^[^ ]*[#>] / { last = $0; next }
	     /^ERROR:/ { print last "  =>  " $0 }' "$1"
}
