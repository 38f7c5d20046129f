/*
 * conf.c — the running-config object: the registry of feature writers and
 * factory-default hooks, the canonical rendering with its Cryptochecksum,
 * and the commands that show or clear the whole configuration.
 */
#include "conf/conf.h"

#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "lib/module.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"

struct cfgout {
	struct strbuf sb;
};

void cfg_printf(struct cfgout *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&o->sb, fmt, ap);
	va_end(ap);
}

void cfg_puts(struct cfgout *o, const char *s)
{
	sb_puts(&o->sb, s);
}

/* bumped by every configuration change: see conf_generation() */
static uint64_t generation = 1;

struct writer {
	int order, seq;
	conf_writer_fn fn;
};

static struct writer *writers;
static int nwriters;
static bool writers_sorted;
static void (**resets)(void);
static int nresets;

void conf_register_writer(int order, conf_writer_fn fn)
{
	writers = xrealloc(writers, (size_t)(nwriters + 1) * sizeof *writers);
	writers[nwriters] = (struct writer){order, nwriters, fn};
	nwriters++;
	writers_sorted = false;
}

void conf_register_reset(void (*fn)(void))
{
	resets = xrealloc(resets, (size_t)(nresets + 1) * sizeof *resets);
	resets[nresets++] = fn;
}

static int cmp_writer(const void *a, const void *b)
{
	const struct writer *x = a, *y = b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x->seq - y->seq;
}

char *conf_render_body(unsigned flags, size_t *len)
{
	if (!writers_sorted) {
		qsort(writers, (size_t)nwriters, sizeof *writers, cmp_writer);
		writers_sorted = true;
	}
	struct cfgout o = {STRBUF_INIT};
	for (int i = 0; i < nwriters; i++)
		writers[i].fn(&o, flags);
	if (len)
		*len = o.sb.len;
	return sb_take(&o.sb);
}

static void md5_hex(const char *s, size_t n, char out[33])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int dl = 0;
	EVP_Digest(s, n, d, &dl, EVP_md5(), NULL);
	for (unsigned i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

void conf_checksum(char out[33])
{
	size_t n;
	/* the checksum covers the configuration with its secrets, so changing
	 * only a key changes it too */
	char *body = conf_render_body(CONF_W_SECRETS, &n);
	md5_hex(body, n, out);
	free(body);
}

char *conf_render(unsigned flags, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char sum[33];
	size_t n;
	char *body = conf_render_body(flags, &n);
	conf_checksum(sum);
	sb_puts(&sb, ": Saved\n:\nPIX Version 7.2(1) \n!\n");
	sb_add(&sb, body, n);
	sb_printf(&sb, "Cryptochecksum:%s\n: end\n", sum);
	free(body);
	if (len)
		*len = sb.len;
	return sb_take(&sb);
}

void conf_factory_reset(void)
{
	for (int i = 0; i < nresets; i++)
		resets[i]();
	generation++;
}

static void (**boot_hooks)(void);
static int nboot_hooks;

void conf_register_boot_hook(void (*fn)(void))
{
	boot_hooks = xrealloc(boot_hooks, (size_t)(nboot_hooks + 1) * sizeof *boot_hooks);
	boot_hooks[nboot_hooks++] = fn;
}

void conf_boot_begin(void)
{
	for (int i = 0; i < nboot_hooks; i++)
		boot_hooks[i]();
}

/* Who changed the configuration last and when; formatted only when shown,
 * since every pasted line touches it. */
static struct timespec modified_at;
static char modified_by[64];

uint64_t conf_generation(void)
{
	return generation;
}

void conf_touch(const char *user)
{
	generation++;
	clock_gettime(CLOCK_REALTIME, &modified_at);
	if (strcmp(modified_by, user))
		snprintf(modified_by, sizeof modified_by, "%s", user);
}

const char *conf_last_modified(void)
{
	static char text[256];
	if (!modified_by[0])
		return "";
	struct tm tm;
	gmtime_r(&modified_at.tv_sec, &tm);
	char when[64], date[64];
	strftime(when, sizeof when, "%H:%M:%S", &tm);
	strftime(date, sizeof date, "%a %b %e %Y", &tm);
	snprintf(text, sizeof text, "%s at %s.%03ld UTC %s", modified_by, when,
		 modified_at.tv_nsec / 1000000, date);
	return text;
}

/* ---- show running-config ------------------------------------------------ */

/* Does a top-level line start with the words of `prefix` (or "no" and
 * them: "no logging message 106023" belongs to "logging")? */
static bool line_selected(const char *line, size_t len, const char *prefix)
{
	if (len > 3 && !strncmp(line, "no ", 3)) {
		line += 3;
		len -= 3;
	}
	size_t pl = strlen(prefix);
	if (len < pl || strncmp(line, prefix, pl))
		return false;
	return len == pl || line[pl] == ' ' || line[pl] == '\n';
}

/* Keep the top-level lines selected by prefix with their indented lines. */
static void filter_feature(struct cli *cli, const char *text, const char *prefix)
{
	bool in = false, nested = false;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (*p == '!') {
			/* the separator that closes a selected block with sub-mode
			 * lines is part of it ("show running-config interface") */
			if (in && nested)
				cli_puts(cli, "!\n");
			in = nested = false;
		} else {
			if (*p != ' ')
				in = line_selected(p, len, prefix);
			else if (in)
				nested = true;
			if (in) {
				cli_write(cli, p, len);
				cli_puts(cli, "\n");
			}
		}
		p += len + (nl ? 1 : 0);
	}
}

static int show_run(struct cli *cli, struct cli_args *a)
{
	unsigned flags = cli_has(a, "all") ? CONF_W_ALL : 0;
	const char *feat = cli_get(a, "FEATURE");
	if (!feat) {
		size_t n;
		char *text = conf_render(flags, &n);
		cli_write(cli, text, n);
		free(text);
		return CLI_OK;
	}
	char words[512], expanded[512];
	const char *rest = cli_get(a, "REST");
	snprintf(words, sizeof words, "%s%s%s", feat, rest ? " " : "", rest ? rest : "");
	int bad;
	if (!cli_expand_config_words(words, expanded, sizeof expanded, &bad))
		return cli_bad(a, bad == 0 ? "FEATURE" : "REST");
	char *body = conf_render_body(flags, NULL);
	filter_feature(cli, body, expanded);
	free(body);
	return CLI_OK;
}

static int more_system(struct cli *cli, struct cli_args *a)
{
	(void)a;
	size_t n;
	char *text = conf_render(CONF_W_SECRETS, &n);
	cli_write(cli, text, n);
	free(text);
	return CLI_OK;
}

static int clear_all(struct cli *cli, struct cli_args *a)
{
	(void)a;
	(void)cli;
	conf_factory_reset();
	return CLI_OK;
}

/* "show running-config ?" lists the configuration's top-level commands */
static bool feature_match(const char *in, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s", in);
	return true;
}

static void feature_values(void (*add)(void *ctx, const char *val), void *ctx);

static const char *feature_help(const char *kw)
{
	return cli_mode_kw_help(cli_mode_config(), kw);
}

static const struct cli_type feature_type = {
	.name = "run-feature", .help_name = NULL, .match = feature_match,
	.values = feature_values, .strength = 0, .closed = true, .value_help = feature_help,
};

struct kwctx {
	void (*add)(void *ctx, const char *val);
	void *ctx;
};

static void add_kw(void *c, const char *kw, const char *help)
{
	(void)help;
	struct kwctx *k = c;
	if (strcmp(kw, "no") && strcmp(kw, "clear") && strcmp(kw, "exit") && strcmp(kw, "end") &&
	    strcmp(kw, "help"))
		k->add(k->ctx, kw);
}

static void feature_values(void (*add)(void *ctx, const char *val), void *ctx)
{
	struct kwctx k = {add, ctx};
	cli_mode_keywords(cli_mode_config(), add_kw, &k);
}

static const struct cli_cmd cmds[] = {
	{"show running-config [all] [FEATURE:run-feature [REST:line]]",
	 "Show running system information\nCurrent operating configuration\n"
	 "Configuration with defaults\nFeature to show\nMore words of the feature",
	 show_run, CLI_PRIV | CLI_SHOW},
	{"more system:running-config",
	 "Display the contents of a file\nThe running configuration with secrets", more_system,
	 CLI_PRIV | CLI_SHOW},
};

static const struct cli_cmd config_cmds[] = {
	{"clear configure all", "Reset functions\nClear configuration\nClear all configuration",
	 clear_all, 0},
};

static void conf_init(void)
{
	cli_type_register(&feature_type);
	cli_install_all(cli_mode_exec(), cmds);
	cli_install_all(cli_mode_config(), config_cmds);
}
MODULE_INIT_PRIO(conf_init, 2)
