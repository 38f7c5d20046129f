/*
 * asp.c — the accelerated security path's drop counters: every packet the
 * dataplane drops is counted under one named reason (asp_drops.h), and
 * "show asp drop [frame|flow [REASON]]" / "clear asp drop [...]" show and
 * reset them in the ASA's layout:
 *
 *   Frame drop:
 *     Invalid IP header (invalid-ip-header)                                       3
 *
 *   Last clearing: Never
 *
 *   Flow drop:
 *
 *   Last clearing: Never
 *
 * Only reasons with a non-zero count are listed.  A line is the text and
 * keyword with the count right-aligned at column 80; a text too long for
 * that (over 72 characters with its indent) is cut at 102 and the count
 * right-aligned at column 113, as the ASA prints it.  The "Last clearing"
 * lines appeared in 7.2(4).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli/cli.h"
#include "dataplane/dp.h"
#include "lib/module.h"
#include "mgmt/mgmt.h"

static const struct {
	const char *kw, *text;
} reasons[ASP_DROP_MAX] = {
#define ASP_DROP(id, kw, text) [id] = {kw, text},
#include "dataplane/asp_drops.h"
#undef ASP_DROP
};

/* The reasons the ASA lists under "Flow drop:" (a conn was refused or torn
 * down rather than one frame dropped). */
static bool is_flow(enum asp_drop r)
{
	return r == DROP_OUT_OF_MEMORY || r == DROP_NAT_RPF_FAILED;
}

static uint64_t counts[ASP_DROP_MAX];

/* When and by whom each section was last cleared ("" = never). */
static char cleared[2][96];

void asp_drop(enum asp_drop reason, struct pkt *p)
{
	if ((unsigned)reason < ASP_DROP_MAX)
		counts[reason]++;
	if (p) {
		if (p->in)
			p->in->stats.drops++;
		pkt_free(p);
	}
}

uint64_t asp_drop_count(enum asp_drop reason)
{
	return (unsigned)reason < ASP_DROP_MAX ? counts[reason] : 0;
}

const char *asp_drop_keyword(enum asp_drop reason)
{
	return (unsigned)reason < ASP_DROP_MAX ? reasons[reason].kw : "";
}

/* ---- show / clear ------------------------------------------------------ */

static void line(struct cli *cli, enum asp_drop r)
{
	char text[160];
	int n = snprintf(text, sizeof text, "  %s (%s)", reasons[r].text, reasons[r].kw);
	int width = 80;
	if (n > 72) {
		width = 113;
		if (n > 102)
			text[n = 102] = '\0';
	}
	char num[24];
	int d = snprintf(num, sizeof num, "%llu", (unsigned long long)counts[r]);
	int pad = width - n - d;
	cli_printf(cli, "%s%*s%s\n", text, pad > 1 ? pad : 1, "", num);
}

static void section(struct cli *cli, bool flow, int only)
{
	cli_printf(cli, "%s drop:\n", flow ? "Flow" : "Frame");
	for (int r = 0; r < ASP_DROP_MAX; r++) {
		if (is_flow(r) != flow || !counts[r] || (only >= 0 && r != only))
			continue;
		line(cli, r);
	}
	cli_printf(cli, "\nLast clearing: %s\n", cleared[flow][0] ? cleared[flow] : "Never");
}

/* The reason named kw in its section: the whole keyword, or a prefix of
 * exactly one. */
static int reason_find(const char *kw, bool flow)
{
	int found = -1;
	size_t n = strlen(kw);
	for (int r = 0; r < ASP_DROP_MAX; r++) {
		if (is_flow(r) != flow || strncasecmp(reasons[r].kw, kw, n))
			continue;
		if (!reasons[r].kw[n])
			return r;
		if (found >= 0)
			return -2; /* ambiguous */
		found = r;
	}
	return found < 0 || !n ? -1 : found;
}

static int show_asp_drop(struct cli *cli, struct cli_args *a)
{
	bool frame = cli_has(a, "frame"), flow = cli_has(a, "flow");
	const char *kw = cli_get(a, "REASON");
	int only = -1;
	if (kw && (only = reason_find(kw, flow)) < 0)
		return cli_bad(a, "REASON");
	if (!flow)
		section(cli, false, only);
	if (!frame) {
		if (!flow)
			cli_puts(cli, "\n");
		section(cli, true, only);
	}
	return CLI_OK;
}

static void stamp(struct cli *cli, char *out, size_t n)
{
	struct timespec ts;
	mgmt_now(&ts);
	const char *zone = "UTC";
	time_t t = ts.tv_sec + mgmt_utc_offset(ts.tv_sec, &zone);
	struct tm tm;
	gmtime_r(&t, &tm);
	char when[48];
	strftime(when, sizeof when, "%H:%M:%S", &tm);
	char date[32];
	strftime(date, sizeof date, "%b %e %Y", &tm);
	/* "Mar  2" -> "Mar 2" as the ASA writes the day */
	char *dd = strstr(date, "  ");
	if (dd)
		memmove(dd, dd + 1, strlen(dd));
	snprintf(out, n, "%s %s %s by %s", when, zone, date, cli_username(cli));
}

static int clear_asp_drop(struct cli *cli, struct cli_args *a)
{
	bool frame = cli_has(a, "frame"), flow = cli_has(a, "flow");
	const char *kw = cli_get(a, "REASON");
	int only = -1;
	if (kw && (only = reason_find(kw, flow)) < 0)
		return cli_bad(a, "REASON");
	for (int r = 0; r < ASP_DROP_MAX; r++) {
		if ((frame && is_flow(r)) || (flow && !is_flow(r)) || (only >= 0 && r != only))
			continue;
		counts[r] = 0;
	}
	if (!flow)
		stamp(cli, cleared[0], sizeof cleared[0]);
	if (!frame)
		stamp(cli, cleared[1], sizeof cleared[1]);
	return CLI_OK;
}

/* "?" after frame/flow lists the keywords of that section. */
static bool frame_match(const char *in, char *out, size_t n)
{
	int r = reason_find(in, false);
	if (r == -2)
		r = -1;
	if (r < 0)
		return false;
	snprintf(out, n, "%s", reasons[r].kw);
	return true;
}

static bool flow_match(const char *in, char *out, size_t n)
{
	int r = reason_find(in, true);
	if (r == -2)
		r = -1;
	if (r < 0)
		return false;
	snprintf(out, n, "%s", reasons[r].kw);
	return true;
}

static void frame_values(void (*add)(void *, const char *), void *ctx)
{
	for (int r = 0; r < ASP_DROP_MAX; r++)
		if (!is_flow(r))
			add(ctx, reasons[r].kw);
}

static void flow_values(void (*add)(void *, const char *), void *ctx)
{
	for (int r = 0; r < ASP_DROP_MAX; r++)
		if (is_flow(r))
			add(ctx, reasons[r].kw);
}

static const char *reason_help(const char *kw)
{
	for (int r = 0; r < ASP_DROP_MAX; r++)
		if (!strcmp(reasons[r].kw, kw))
			return reasons[r].text;
	return NULL;
}

static const struct cli_type types[] = {
	{.name = "asp-frame", .help_name = "WORD", .match = frame_match, .values = frame_values,
	 .closed = true, .value_help = reason_help},
	{.name = "asp-flow", .help_name = "WORD", .match = flow_match, .values = flow_values,
	 .closed = true, .value_help = reason_help},
};

static const struct cli_cmd cmds[] = {
	{"show asp drop [frame [REASON:asp-frame] | flow [REASON:asp-flow]]",
	 "Show running system information\nAccelerated Security Path information\n"
	 "Show dropped packets\nShow dropped frames\nDrop reason\nShow dropped flows\nDrop reason",
	 show_asp_drop, CLI_SHOW | CLI_PRIV},
};

static const struct cli_cmd clear_cmds[] = {
	{"clear asp drop [frame [REASON:asp-frame] | flow [REASON:asp-flow]]",
	 "Reset functions\nClear Accelerated Security Path counters\n"
	 "Clear dropped packet counters\nClear dropped frame counters\nDrop reason\n"
	 "Clear dropped flow counters\nDrop reason",
	 clear_asp_drop, CLI_PRIV | CLI_EXEC_ANY},
};

static void asp_init(void)
{
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		cli_type_register(&types[i]);
	cli_install_all(cli_mode_exec(), cmds);
	cli_install_all(cli_mode_exec(), clear_cmds);
}
MODULE_INIT(asp_init)
