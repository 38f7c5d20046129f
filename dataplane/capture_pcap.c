/*
 * capture_pcap.c — a capture as a pcap file (libpcap's own writer, so
 * tcpdump, tshark and Wireshark read it): link type Ethernet, each frame
 * with its capture time, captured length and length on the wire.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "cli/cli.h"
#include "conf/flash.h"
#include "dataplane/capture.h"
#include "lib/module.h"
#include "lib/xalloc.h"

long cap_write_pcap(const struct capture *c, const char *path, const char **err)
{
	pcap_t *pd = pcap_open_dead(DLT_EN10MB, (int)c->pktlen);
	if (!pd) {
		*err = "out of memory";
		return -1;
	}
	pcap_dumper_t *d = pcap_dump_open(pd, path);
	if (!d) {
		/* libpcap's message names the file and the reason */
		static char why[PCAP_ERRBUF_SIZE];
		snprintf(why, sizeof why, "%s", pcap_geterr(pd));
		*err = why;
		pcap_close(pd);
		return -1;
	}
	long n = 0;
	for (const struct cap_rec *r = c->head; r; r = r->next, n++) {
		struct pcap_pkthdr h = {
			.ts = {.tv_sec = (time_t)(r->ts_us / 1000000u),
			       .tv_usec = (suseconds_t)(r->ts_us % 1000000u)},
			.caplen = r->caplen,
			.len = r->len,
		};
		pcap_dump((u_char *)d, &h, r->data);
	}
	int rc = pcap_dump_flush(d);
	pcap_dump_close(d);
	pcap_close(pd);
	if (rc < 0) {
		*err = strerror(errno ? errno : EIO);
		return -1;
	}
	return n;
}

/* ---- copy /pcap capture:NAME DEST ------------------------------------------ */

/* The box's file systems live in the flash directory: "flash:/x",
 * "flash:x", "disk0:/x" name DIR/x.  A plain file name only: the flash
 * holds no directories. */
static bool dest_path(const char *dest, char *path, size_t n, const char **file)
{
	static const char *const fs[] = {"flash:", "disk0:"};
	const char *f = NULL;
	for (size_t i = 0; i < 2 && !f; i++)
		if (!strncasecmp(dest, fs[i], strlen(fs[i])))
			f = dest + strlen(fs[i]);
	if (!f)
		return false;
	while (*f == '/')
		f++;
	if (!*f || strchr(f, '/') || !strcmp(f, ".") || !strcmp(f, ".."))
		return false;
	const char *db = flash_path();
	const char *slash = strrchr(db, '/');
	if (!*db || !slash)
		return false;
	int len = snprintf(path, n, "%.*s/%s", (int)(slash - db), db, f);
	*file = f;
	return len > 0 && (size_t)len < n;
}

struct copy_job {
	char cap[CAP_NAME_MAX + 1];
	char dest[256];
	int step; /* 0: asking the source, 1: asking the destination */
};

static void do_copy(struct cli *cli, const char *capname, const char *dest)
{
	struct capture *c = cap_find(capname);
	if (!c) {
		cli_printf(cli, "ERROR: Capture <%s> does not exist\n", capname); /* [R] */
		return;
	}
	char path[4096];
	const char *file;
	if (!dest_path(dest, path, sizeof path, &file)) {
		cli_printf(cli, "%%Error opening %s (No such file or directory)\n", dest);
		return;
	}
	struct timeval t0, t1;
	gettimeofday(&t0, NULL);
	const char *err = NULL;
	long n = cap_write_pcap(c, path, &err);
	if (n < 0) {
		cli_printf(cli, "%%Error writing %s (%s)\n", dest, err);
		return;
	}
	gettimeofday(&t1, NULL);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_usec - t0.tv_usec) / 1e6;
	/* a '!' per block written, as the ASA marks progress */
	long marks = n / 64 + 1;
	for (long i = 0; i < marks && i < 70; i++)
		cli_puts(cli, "!");
	cli_printf(cli, "\n%ld packets copied in %.1f secs\n", n, secs);
}

static void copy_answer(struct cli *cli, const char *answer, void *ctx)
{
	struct copy_job *j = ctx;
	char word[256];
	size_t n = strspn(answer, " \t");
	snprintf(word, sizeof word, "%s", answer + n);
	char *e = word + strcspn(word, " \t\r\n");
	*e = '\0';
	if (j->step == 0) {
		if (word[0])
			snprintf(j->cap, sizeof j->cap, "%.*s", CAP_NAME_MAX, word);
		j->step = 1;
		const char *file = strchr(j->dest, ':') ? strchr(j->dest, ':') + 1 : j->dest;
		while (*file == '/')
			file++;
		char prompt[300];
		snprintf(prompt, sizeof prompt, "Destination filename [%s]?", file);
		cli_ask(cli, prompt, false, copy_answer, j);
		return;
	}
	if (word[0]) {
		/* a bare file name stays on the same file system */
		char fsname[16] = "flash:";
		const char *colon = strchr(j->dest, ':');
		if (colon && (size_t)(colon - j->dest) < sizeof fsname - 1)
			snprintf(fsname, sizeof fsname, "%.*s", (int)(colon - j->dest + 1), j->dest);
		if (strchr(word, ':'))
			snprintf(j->dest, sizeof j->dest, "%.*s", (int)sizeof j->dest - 1, word);
		else
			snprintf(j->dest, sizeof j->dest, "%s/%.*s", fsname,
				 (int)(sizeof j->dest - sizeof fsname - 1), word);
	}
	do_copy(cli, j->cap, j->dest);
	free(j);
}

static bool capsrc_match(const char *in, char *out, size_t n)
{
	if (strncasecmp(in, "capture:", 8) || !in[8] || strlen(in + 8) > CAP_NAME_MAX)
		return false;
	snprintf(out, n, "%s", in + 8);
	return true;
}

static void capsrc_values(void (*add)(void *, const char *), void *ctx)
{
	char b[CAP_NAME_MAX + 16];
	for (size_t i = 0; i < cap_count(); i++) {
		snprintf(b, sizeof b, "capture:%s", cap_at(i)->name);
		add(ctx, b);
	}
}

static int cmd_copy_pcap(struct cli *cli, struct cli_args *a)
{
	const char *cap = cli_get(a, "SRC"), *dest = cli_get(a, "DEST");
	if (!cap_find(cap)) {
		cli_printf(cli, "ERROR: Capture <%s> does not exist\n", cap); /* [R] */
		return CLI_ERR;
	}
	if (cli_has(a, "/noconfirm")) {
		do_copy(cli, cap, dest);
		return CLI_OK;
	}
	struct copy_job *j = xcalloc(1, sizeof *j);
	snprintf(j->cap, sizeof j->cap, "%s", cap);
	snprintf(j->dest, sizeof j->dest, "%s", dest);
	char prompt[CAP_NAME_MAX + 32];
	snprintf(prompt, sizeof prompt, "Source capture name [%s]?", cap);
	cli_ask(cli, prompt, false, copy_answer, j);
	return CLI_OK;
}

static const struct cli_type t_capsrc = {"cap-src", "capture:WORD", capsrc_match, capsrc_values,
					 5};

static const struct cli_cmd cmds[] = {
	{"copy [/noconfirm] /pcap SRC:cap-src DEST:word",
	 "Copy from one file to another\nDo not prompt for confirmation\n"
	 "Raw packet capture dump\nCapture buffer (capture:NAME)\n"
	 "Destination file (flash:/NAME)",
	 cmd_copy_pcap, CLI_PRIV | CLI_EXEC_ANY},
};

static void capture_pcap_init(void)
{
	cli_type_register(&t_capsrc);
	cli_install_all(cli_mode_exec(), cmds);
}
MODULE_INIT(capture_pcap_init)
