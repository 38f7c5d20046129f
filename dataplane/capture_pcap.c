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
#include "dataplane/tftp.h"
#include "lib/module.h"
#include "lib/xalloc.h"

/* The pcap file of c on f (which is closed). */
static long write_pcap(const struct capture *c, FILE *f, const char **err)
{
	pcap_t *pd = pcap_open_dead(DLT_EN10MB, (int)c->pktlen);
	if (!pd) {
		fclose(f);
		*err = "out of memory";
		return -1;
	}
	pcap_dumper_t *d = pcap_dump_fopen(pd, f);
	if (!d) {
		static char why[PCAP_ERRBUF_SIZE];
		snprintf(why, sizeof why, "%s", pcap_geterr(pd));
		*err = why;
		fclose(f);
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
	errno = 0;
	int rc = pcap_dump_flush(d);
	int ferr = ferror(f) ? (errno ? errno : EIO) : 0;
	pcap_dump_close(d); /* closes f */
	pcap_close(pd);
	if (rc < 0 || ferr) {
		*err = strerror(ferr ? ferr : EIO);
		return -1;
	}
	return n;
}

long cap_write_pcap(const struct capture *c, const char *path, const char **err)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		*err = strerror(errno);
		return -1;
	}
	return write_pcap(c, f, err);
}

long cap_pcap_bytes(const struct capture *c, char **buf, size_t *len, const char **err)
{
	*buf = NULL;
	*len = 0;
	FILE *f = open_memstream(buf, len);
	if (!f) {
		*err = strerror(errno);
		return -1;
	}
	long n = write_pcap(c, f, err);
	if (n < 0) {
		free(*buf);
		*buf = NULL;
		*len = 0;
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

static void marks(struct cli *cli, long n)
{
	/* a '!' per block written, as the ASA marks progress */
	for (long i = 0; i < n / 64 + 1 && i < 70; i++)
		cli_puts(cli, "!");
}

static long tftp_marks; /* '!' printed by the transfer running now */

static void tftp_mark(void *ctx)
{
	cli_puts(ctx, "!");
	fflush(stdout);
	tftp_marks++;
}

static double since(const struct timeval *t0)
{
	struct timeval t1;
	gettimeofday(&t1, NULL);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_usec - t0->tv_usec) / 1e6;
}

/* Copy capture `capname` to dest: a file of the flash, or tftp://... */
static void do_copy(struct cli *cli, const char *capname, const char *dest)
{
	struct capture *c = cap_find(capname);
	if (!c) {
		cli_printf(cli, "ERROR: Capture <%s> does not exist\n", capname); /* [R] */
		return;
	}
	struct timeval t0;
	gettimeofday(&t0, NULL);
	const char *err = NULL;
	uint32_t host;
	uint16_t port;
	char rpath[256];
	if (tftp_parse_url(dest, &host, &port, rpath, sizeof rpath)) {
		char *buf;
		size_t len;
		tftp_marks = 0;
		long n = cap_pcap_bytes(c, &buf, &len, &err);
		if (n < 0 || tftp_put(host, port, rpath, (const uint8_t *)buf, len, tftp_mark, cli,
				      &err) < 0) {
			free(buf);
			cli_printf(cli, "%s%%Error writing %s (%s)\n", tftp_marks ? "\n" : "", dest,
				   err);
			return;
		}
		free(buf);
		cli_puts(cli, "!");
		cli_printf(cli, "\n%ld packets copied in %.1f secs\n", n, since(&t0));
		return;
	}
	char path[4096];
	const char *file;
	if (!dest_path(dest, path, sizeof path, &file)) {
		cli_printf(cli, "%%Error opening %s (No such file or directory)\n", dest);
		return;
	}
	long n = cap_write_pcap(c, path, &err);
	if (n < 0) {
		cli_printf(cli, "%%Error writing %s (%s)\n", dest, err);
		return;
	}
	marks(cli, n);
	cli_printf(cli, "\n%ld packets copied in %.1f secs\n", n, since(&t0));
}

/* The dialogue without /noconfirm: each answer may replace the default. */
enum copy_step { ASK_SOURCE, ASK_HOST, ASK_FILE };

struct copy_job {
	enum copy_step step;
	char cap[CAP_NAME_MAX + 1];
	bool tftp;
	char fs[16];    /* "flash:" ... (not tftp) */
	char host[80];  /* tftp: "10.1.1.1" or "10.1.1.1:6969" */
	char file[256]; /* the path on the file system or server */
};

static void copy_ask(struct cli *cli, struct copy_job *j);

static void copy_answer(struct cli *cli, const char *answer, void *ctx)
{
	struct copy_job *j = ctx;
	char word[256];
	size_t sp = strspn(answer, " \t");
	snprintf(word, sizeof word, "%s", answer + sp);
	word[strcspn(word, " \t\r\n")] = '\0';
	switch (j->step) {
	case ASK_SOURCE:
		if (word[0])
			snprintf(j->cap, sizeof j->cap, "%.*s", CAP_NAME_MAX, word);
		j->step = j->tftp ? ASK_HOST : ASK_FILE;
		copy_ask(cli, j);
		return;
	case ASK_HOST:
		if (word[0])
			snprintf(j->host, sizeof j->host, "%.*s", (int)sizeof j->host - 1, word);
		j->step = ASK_FILE;
		copy_ask(cli, j);
		return;
	case ASK_FILE:
		if (word[0])
			snprintf(j->file, sizeof j->file, "%.*s", (int)sizeof j->file - 1, word);
		break;
	}
	char dest[400];
	if (j->tftp)
		snprintf(dest, sizeof dest, "tftp://%s/%s", j->host, j->file);
	else
		snprintf(dest, sizeof dest, "%s/%s", j->fs, j->file);
	do_copy(cli, j->cap, dest);
	free(j);
}

static void copy_ask(struct cli *cli, struct copy_job *j)
{
	char prompt[400];
	switch (j->step) {
	case ASK_SOURCE:
		snprintf(prompt, sizeof prompt, "Source capture name [%s]?", j->cap);
		break;
	case ASK_HOST:
		snprintf(prompt, sizeof prompt, "Address or name of remote host [%s]?", j->host);
		break;
	case ASK_FILE:
		snprintf(prompt, sizeof prompt, "Destination filename [%s]?", j->file);
		break;
	}
	cli_ask_owned(cli, prompt, false, copy_answer, j, free);
}

/* Split dest into the job's file system/host and file; false when it is
 * neither a flash file nor a tftp URL. */
static bool job_dest(struct copy_job *j, const char *dest)
{
	if (!strncasecmp(dest, "tftp://", 7)) {
		const char *h = dest + 7, *slash = strchr(h, '/');
		if (!slash || (size_t)(slash - h) >= sizeof j->host)
			return false;
		j->tftp = true;
		snprintf(j->host, sizeof j->host, "%.*s", (int)(slash - h), h);
		snprintf(j->file, sizeof j->file, "%.*s", (int)sizeof j->file - 1, slash + 1);
		return true;
	}
	const char *colon = strchr(dest, ':');
	if (!colon || (size_t)(colon - dest) >= sizeof j->fs - 1)
		return false;
	snprintf(j->fs, sizeof j->fs, "%.*s", (int)(colon - dest + 1), dest);
	const char *f = colon + 1;
	while (*f == '/')
		f++;
	snprintf(j->file, sizeof j->file, "%.*s", (int)sizeof j->file - 1, f);
	return true;
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
	if (!job_dest(j, dest)) {
		free(j);
		cli_printf(cli, "%%Error opening %s (No such file or directory)\n", dest);
		return CLI_ERR;
	}
	j->step = ASK_SOURCE;
	copy_ask(cli, j);
	return CLI_OK;
}

static const struct cli_type t_capsrc = {"cap-src", "capture:WORD", capsrc_match, capsrc_values,
					 5};

static const struct cli_cmd cmds[] = {
	{"copy [/noconfirm] /pcap SRC:cap-src DEST:word",
	 "Copy from one file to another\nDo not prompt for confirmation\n"
	 "Raw packet capture dump\nCapture buffer (capture:NAME)\n"
	 "Destination (flash:/NAME or tftp://HOST/PATH)",
	 cmd_copy_pcap, CLI_PRIV | CLI_EXEC_ANY},
};

static void capture_pcap_init(void)
{
	cli_type_register(&t_capsrc);
	cli_install_all(cli_mode_exec(), cmds);
}
MODULE_INIT(capture_pcap_init)
