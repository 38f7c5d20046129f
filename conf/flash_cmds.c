/*
 * flash_cmds.c — the commands of the flash: write memory / erase / terminal,
 * copy running-config startup-config (and back), show startup-config,
 * reload, and the pixie extensions under "show pixie": the history of saved
 * configurations and diffs between them and the running-config.
 *
 * Also flash_boot(): how the startup-config becomes the running-config, at
 * boot (called by main) and after reload.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "conf/flash.h"
#include "lib/module.h"
#include "lib/xalloc.h"

/* The file name the ASA reports when flash cannot be written. */
#define STARTUP_FILE "flash:/.private/startup-config"

/* ---- helpers ------------------------------------------------------------ */

/* "Cryptochecksum: 4b86b1e4 2e731d6b 9d1fc491 a5eae0f3 " as the ASA prints it
 * after a save: four groups of eight, each followed by a space. */
static void print_checksum(struct cli *cli, const char *label, const char *sum)
{
	cli_printf(cli, "%s: %.8s %.8s %.8s %.8s \n", label, sum, sum + 8, sum + 16,
		   sum + 24);
}

/* "N bytes copied in S.SSS secs (R bytes/sec)".  The time is a model of a
 * flash card (50 ms + 100 kB/s), not a measurement, so output is the same on
 * every run; the ASA divides by whole seconds, at least one. */
static void print_copied(struct cli *cli, size_t bytes)
{
	size_t ms = 50 + bytes / 100;
	size_t secs = ms / 1000;
	cli_printf(cli, "%zu bytes copied in %zu.%03zu secs (%zu bytes/sec)\n", bytes,
		   secs, ms % 1000, bytes / (secs ? secs : 1));
}

static bool confirmed(const char *answer)
{
	/* [confirm]: Enter or y confirms, anything else cancels */
	while (*answer == ' ')
		answer++;
	return *answer == '\0' || *answer == 'y' || *answer == 'Y';
}

static const char *trim(const char *s, char *buf, size_t n)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t l = strlen(s);
	while (l && (s[l - 1] == ' ' || s[l - 1] == '\t'))
		l--;
	if (l >= n)
		l = n - 1;
	memcpy(buf, s, l);
	buf[l] = '\0';
	return buf;
}

/* Save the running-config as startup-config.  Prints the checksum and the
 * byte count (the part common to every way of saving) and returns whether
 * it was written; on failure prints the ASA's flash error. */
static bool save_running(struct cli *cli)
{
	char sum[33];
	size_t len, shown_len;
	conf_checksum(sum);
	char *text = conf_render(CONF_W_SECRETS, &len);
	char *shown = conf_render(0, &shown_len);
	int64_t id = flash_save_startup(text, len, shown, shown_len,
					cli_username(cli), sum);
	free(text);
	free(shown);
	if (id < 0) {
		const char *why = id == FLASH_ERR_NOTOPEN ? "No such device"
							  : "I/O error";
		cli_printf(cli, "%%Error opening %s (%s)\n", STARTUP_FILE, why);
		cli_printf(cli, "Error executing command\n");
		return false;
	}
	print_checksum(cli, "Cryptochecksum", sum);
	cli_puts(cli, "\n");
	print_copied(cli, len);
	return true;
}

/* ---- write -------------------------------------------------------------- */

static int cmd_write_memory(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cli_puts(cli, "Building configuration...\n");
	cli_puts(cli, save_running(cli) ? "[OK]\n" : "[FAILED]\n");
	return CLI_OK;
}

static void erase_answer(struct cli *cli, const char *answer, void *ctx)
{
	(void)ctx;
	if (!confirmed(answer))
		return;
	if (flash_erase_startup() < 0) {
		cli_printf(cli, "%%Error erasing %s (%s)\n", STARTUP_FILE,
			   flash_is_open() ? "I/O error" : "No such device");
		cli_puts(cli, "[FAILED]\n");
		return;
	}
	cli_puts(cli, "[OK]\n");
}

static int cmd_write_erase(struct cli *cli, struct cli_args *a)
{
	(void)a;
	cli_ask(cli, "Erase configuration in flash memory? [confirm]", false,
		erase_answer, NULL);
	return CLI_OK;
}

static int cmd_write_terminal(struct cli *cli, struct cli_args *a)
{
	(void)a;
	size_t n;
	char *text = conf_render(0, &n);
	cli_write(cli, text, n);
	free(text);
	return CLI_OK;
}

/* ---- copy --------------------------------------------------------------- */

/* The copy dialogue: which answer we wait for is carried in ctx. */
enum copy_step {
	COPY_RS_SOURCE = 1, /* copy running-config startup-config */
	COPY_RS_DEST,
	COPY_SR_DEST,       /* copy startup-config running-config */
};

static void copy_answer(struct cli *cli, const char *answer, void *ctx);

static void copy_ask(struct cli *cli, enum copy_step step)
{
	static const char *const prompts[] = {
		[COPY_RS_SOURCE] = "Source filename [running-config]?",
		[COPY_RS_DEST] = "Destination filename [startup-config]?",
		[COPY_SR_DEST] = "Destination filename [running-config]?",
	};
	cli_ask(cli, prompts[step], false, copy_answer, (void *)(uintptr_t)step);
}

static void merge_startup(struct cli *cli);

static void copy_answer(struct cli *cli, const char *answer, void *ctx)
{
	enum copy_step step = (enum copy_step)(uintptr_t)ctx;
	static const char *const dflt[] = {
		[COPY_RS_SOURCE] = "running-config",
		[COPY_RS_DEST] = "startup-config",
		[COPY_SR_DEST] = "running-config",
	};
	char name[256];
	trim(answer, name, sizeof name);
	if (name[0] && strcmp(name, dflt[step]) != 0) {
		/* only the two configurations exist on this flash */
		cli_printf(cli, "%%Error opening %s%s (No such file or directory)\n",
			   strchr(name, ':') ? "" : "flash:/", name);
		return;
	}
	switch (step) {
	case COPY_RS_SOURCE:
		copy_ask(cli, COPY_RS_DEST);
		return;
	case COPY_RS_DEST:
		save_running(cli);
		return;
	case COPY_SR_DEST:
		merge_startup(cli);
		return;
	}
}

static int cmd_copy_run_start(struct cli *cli, struct cli_args *a)
{
	(void)a;
	copy_ask(cli, COPY_RS_SOURCE);
	return CLI_OK;
}

static int cmd_copy_start_run(struct cli *cli, struct cli_args *a)
{
	(void)a;
	copy_ask(cli, COPY_SR_DEST);
	return CLI_OK;
}

/* ---- applying a configuration text ---------------------------------------- */

/* Lines of a saved file that are not commands: the header and trailer of
 * the file and comments. */
static bool meta_line(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (n == 0 || *s == '!' || *s == ':')
		return true;
	return (n >= 12 && (!memcmp(s, "PIX Version ", 12) ||
			    !memcmp(s, "ASA Version ", 12))) ||
	       (n >= 15 && !memcmp(s, "Cryptochecksum:", 15));
}

int flash_apply_text(struct cli *cli, const char *text, size_t len)
{
	int priv = cli_privilege(cli);
	bool quiet = cli_quiet(cli);
	cli_set_privilege(cli, 15);
	cli_leave_config(cli);
	cli_exec_line(cli, "configure terminal");
	cli_set_quiet(cli, true);
	int lineno = 0;
	char *buf = NULL;
	size_t cap = 0;
	int applied = 0;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		size_t n = e - i;
		if (n && text[i + n - 1] == '\r')
			n--;
		lineno++;
		if (!meta_line(text + i, n)) {
			if (n + 1 > cap) {
				cap = n + 64;
				buf = xrealloc(buf, cap);
			}
			memcpy(buf, text + i, n);
			buf[n] = '\0';
			/* as the ASA reports a line of its startup-config it refused */
			if (cli_exec_line(cli, buf) != CLI_OK)
				cli_printf(cli, "*** Output from config line %d, \"%s\"\n", lineno, buf);
			applied++;
		}
		i = e + 1;
	}
	free(buf);
	cli_set_quiet(cli, quiet);
	cli_leave_config(cli);
	cli_set_privilege(cli, priv);
	return applied;
}

int flash_boot(struct cli *cli)
{
	size_t len;
	int err;
	char *text = flash_load_startup(&len, &err);
	if (!text)
		return err;
	conf_boot_begin();
	int n = flash_apply_text(cli, text, len);
	free(text);
	return n;
}

/* copy startup-config running-config: merge, as the ASA does (no reset). */
static void merge_startup(struct cli *cli)
{
	size_t len;
	int err;
	char *text = flash_load_startup(&len, &err);
	if (!text) {
		cli_printf(cli, "%%Error opening %s (%s)\n", STARTUP_FILE,
			   err == FLASH_ERR_NOTOPEN ? "No such device"
			   : err < 0		   ? "I/O error"
						   : "No such file or directory");
		return;
	}
	char before[33], after[33];
	conf_checksum(before);
	/* the session keeps its mode: remember whether it was configuring */
	bool in_config = cli_current_mode(cli) != cli_mode_exec();
	flash_apply_text(cli, text, len);
	if (in_config)
		cli_exec_line(cli, "configure terminal");
	free(text);
	conf_checksum(after);
	print_checksum(cli, strcmp(before, after) ? "Cryptochecksum"
						  : "Cryptochecksum(unchanged)",
		       after);
	cli_puts(cli, "\n");
	print_copied(cli, len);
}

/* ---- reload ------------------------------------------------------------- */

enum reload_flags {
	RELOAD_NOCONFIRM = 1 << 0,
	RELOAD_SAVE = 1 << 1,
};

static void reload_now(struct cli *cli)
{
	/* what the ASA prints on the way down; then "boot" in place: factory
	 * default plus the startup-config, and the session starts over in
	 * user EXEC as a console after a reboot does */
	cli_puts(cli, "\n\n***\n*** --- START GRACEFUL SHUTDOWN ---\n"
		      "Shutting down isakmp\nShutting down File system\n\n\n\n"
		      "***\n*** --- SHUTDOWN NOW ---\n"
		      "Process shutdown finished\nRebooting...\n\n");
	conf_factory_reset();
	int rc = flash_boot(cli);
	if (rc < 0)
		cli_printf(cli, "%%Error opening %s (%s)\n", STARTUP_FILE,
			   rc == FLASH_ERR_NOTOPEN ? "No such device" : "I/O error");
	cli_leave_config(cli);
	cli_set_privilege(cli, 1);
	cli_puts(cli, "\nType help or '?' for a list of available commands.\n");
}

static void reload_answer(struct cli *cli, const char *answer, void *ctx)
{
	(void)ctx;
	if (confirmed(answer))
		reload_now(cli);
}

static void reload_proceed(struct cli *cli, unsigned flags)
{
	if (flags & RELOAD_NOCONFIRM) {
		reload_now(cli);
		return;
	}
	cli_ask(cli, "Proceed with reload? [confirm]", false, reload_answer, NULL);
}

static void save_answer(struct cli *cli, const char *answer, void *ctx)
{
	unsigned flags = (unsigned)(uintptr_t)ctx;
	char a[16];
	trim(answer, a, sizeof a);
	if (a[0] == 'y' || a[0] == 'Y') {
		save_running(cli);
	} else if (a[0] != 'n' && a[0] != 'N') {
		/* neither yes nor no: ask again */
		cli_ask(cli, "System config has been modified. Save? [Y]es/[N]o: ",
			false, save_answer, ctx);
		return;
	}
	reload_proceed(cli, flags);
}

/* Does the running-config differ from the startup-config? */
static bool config_modified(void)
{
	struct flash_config c;
	int rc = flash_startup_get(&c);
	if (rc <= 0)
		return true;
	char sum[33];
	conf_checksum(sum);
	bool mod = strcmp(sum, c.checksum) != 0;
	flash_config_clear(&c);
	return mod;
}

static int cmd_reload(struct cli *cli, struct cli_args *a)
{
	unsigned flags = 0;
	if (cli_has(a, "noconfirm"))
		flags |= RELOAD_NOCONFIRM;
	if (cli_has(a, "save-config"))
		flags |= RELOAD_SAVE;
	if (flags & RELOAD_SAVE) {
		save_running(cli);
	} else if (!(flags & RELOAD_NOCONFIRM) && config_modified()) {
		cli_ask(cli, "System config has been modified. Save? [Y]es/[N]o: ", false,
			save_answer, (void *)(uintptr_t)flags);
		return CLI_OK;
	}
	reload_proceed(cli, flags);
	return CLI_OK;
}

/* ---- show startup-config ------------------------------------------------ */

static void write_text(struct cli *cli, const char *s, size_t n)
{
	cli_write(cli, s, n);
	if (n && s[n - 1] != '\n')
		cli_puts(cli, "\n");
}

static int cmd_show_startup(struct cli *cli, struct cli_args *a)
{
	(void)a;
	struct flash_config c;
	int rc = flash_startup_get(&c);
	if (rc < 0) {
		cli_printf(cli, "%%Error opening %s (%s)\n", STARTUP_FILE,
			   rc == FLASH_ERR_NOTOPEN ? "No such device" : "I/O error");
		return CLI_ERR;
	}
	if (rc == 0) {
		cli_puts(cli, "No Configuration\n");
		return CLI_OK;
	}
	write_text(cli, c.shown, c.shown_len);
	flash_config_clear(&c);
	return CLI_OK;
}

/* ---- show pixie config-history / config-diff ------------------------------ */

/* "14:02:11 UTC Tue Nov 26 2024", the form of "show clock" */
static void fmt_time(int64_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, n, "%H:%M:%S UTC %a %b %d %Y", &tm);
}

static bool parse_id(const char *s, int64_t *id)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || v <= 0)
		return false;
	*id = v;
	return true;
}

static int flash_unavailable(struct cli *cli, int rc)
{
	cli_printf(cli, "ERROR: %s\n", rc == FLASH_ERR_NOTOPEN
						? "Flash is not available"
						: flash_error());
	return CLI_ERR;
}

static int history_list(struct cli *cli)
{
	struct flash_config *v;
	int64_t n = flash_history(&v);
	if (n < 0)
		return flash_unavailable(cli, (int)n);
	if (n == 0) {
		cli_puts(cli, "No configuration has been saved\n");
		return CLI_OK;
	}
	cli_printf(cli, "   ID  %-28s  %-16s  %8s  %s\n", "Saved at", "By", "Bytes",
		   "Checksum");
	bool marked = false;
	for (int64_t i = 0; i < n; i++) {
		char when[64];
		marked |= v[i].startup;
		fmt_time(v[i].saved_at, when, sizeof when);
		cli_printf(cli, "%c%4lld  %-28s  %-16s  %8zu  %s\n",
			   v[i].startup ? '*' : ' ', (long long)v[i].id, when,
			   v[i].user, v[i].bytes, v[i].checksum);
	}
	if (marked)
		cli_puts(cli, "* startup-config\n");
	free(v);
	return CLI_OK;
}

/* Fetch one saved configuration or print why not. */
static int get_saved(struct cli *cli, struct cli_args *a, const char *spec,
		     struct flash_config *c)
{
	int64_t id;
	if (!parse_id(cli_get(a, spec), &id))
		return cli_bad(a, spec);
	int rc = flash_get(id, c);
	if (rc < 0)
		return flash_unavailable(cli, rc);
	if (rc == 0) {
		cli_printf(cli, "ERROR: Saved configuration %lld does not exist\n",
			   (long long)id);
		return CLI_ERR;
	}
	return CLI_OK;
}

static int cmd_show_history(struct cli *cli, struct cli_args *a)
{
	if (!cli_has(a, "ID"))
		return history_list(cli);
	struct flash_config c;
	int rc = get_saved(cli, a, "ID", &c);
	if (rc != CLI_OK)
		return rc;
	write_text(cli, c.shown, c.shown_len);
	flash_config_clear(&c);
	return CLI_OK;
}

static void saved_name(const struct flash_config *c, char *buf, size_t n)
{
	char when[64];
	fmt_time(c->saved_at, when, sizeof when);
	snprintf(buf, n, "config %lld (saved %s by %s)", (long long)c->id, when,
		 c->user);
}

static int cmd_show_diff(struct cli *cli, struct cli_args *a)
{
	struct flash_config x, y = {0};
	int rc = get_saved(cli, a, "ID", &x);
	if (rc != CLI_OK)
		return rc;
	char name_a[256], name_b[256];
	saved_name(&x, name_a, sizeof name_a);
	char *diff;
	if (cli_has(a, "ID2")) {
		rc = get_saved(cli, a, "ID2", &y);
		if (rc != CLI_OK) {
			flash_config_clear(&x);
			return rc;
		}
		saved_name(&y, name_b, sizeof name_b);
		diff = flash_diff(x.shown, x.shown_len, y.shown, y.shown_len, name_a,
				  name_b, 3);
	} else {
		size_t n;
		char *run = conf_render(0, &n);
		diff = flash_diff(x.shown, x.shown_len, run, n, name_a,
				  "running-config", 3);
		free(run);
	}
	cli_puts(cli, diff);
	free(diff);
	flash_config_clear(&x);
	flash_config_clear(&y);
	return CLI_OK;
}

/* ---- registration ------------------------------------------------------- */

static const struct cli_cmd exec_cmds[] = {
	{"write [memory]",
	 "Write config to memory, network or terminal\nConfiguration to flash memory",
	 cmd_write_memory, CLI_PRIV | CLI_EXEC_ANY},
	{"write erase",
	 "Write config to memory, network or terminal\nClear flash memory configuration",
	 cmd_write_erase, CLI_PRIV | CLI_EXEC_ANY},
	{"write terminal",
	 "Write config to memory, network or terminal\nConfiguration to terminal",
	 cmd_write_terminal, CLI_PRIV | CLI_SHOW},
	{"copy running-config startup-config",
	 "Copy from one file to another\nCopy from current system configuration\n"
	 "Copy to startup configuration",
	 cmd_copy_run_start, CLI_PRIV | CLI_EXEC_ANY},
	{"copy startup-config running-config",
	 "Copy from one file to another\nCopy from startup configuration\n"
	 "Update (merge with) current system configuration",
	 cmd_copy_start_run, CLI_PRIV | CLI_EXEC_ANY},
	{"reload {noconfirm | quick | save-config}",
	 "Halt and reload system\nReload without asking for confirmation\n"
	 "Quick reload without properly shutting down each subsystem\n"
	 "Save configuration before reload",
	 cmd_reload, CLI_PRIV | CLI_EXEC_ANY},
	{"show startup-config", "Show running system information\n"
				"Contents of startup configuration",
	 cmd_show_startup, CLI_PRIV | CLI_SHOW},
	{"show pixie config-history [ID:<1-2147483647>]",
	 "Show running system information\npixie extensions\n"
	 "Saved configurations (the startup-config marked *)\n"
	 "Show this saved configuration",
	 cmd_show_history, CLI_PRIV | CLI_SHOW},
	{"show pixie config-diff ID:<1-2147483647> [ID2:<1-2147483647>]",
	 "Show running system information\npixie extensions\n"
	 "Differences between configurations (unified diff)\n"
	 "Saved configuration, compared with the running-config\n"
	 "Saved configuration to compare with instead",
	 cmd_show_diff, CLI_PRIV | CLI_SHOW},
};

static void flash_cmds_init(void)
{
	cli_install_all(cli_mode_exec(), exec_cmds);
	cli_kw_help("write", "Write config to memory, network or terminal");
	cli_kw_help("copy", "Copy from one file to another");
	cli_kw_help("reload", "Halt and reload system");
}
MODULE_INIT(flash_cmds_init)
