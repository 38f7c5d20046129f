/*
 * misc.c — the small global knobs: "ftp mode passive", "asdm ...",
 * "sysopt ..." and "service ...".  The dataplane reads sysopt/service
 * through mgmt.h; ftp mode is used by the box's own FTP client (copy).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/iface.h"
#include "lib/ip4.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "mgmt/internal.h"
#include "mgmt/mgmt.h"

#define TCPMSS_DEFAULT 1380

/* A list of interface names ("sysopt noproxyarp IF", "service ... IF"). */
struct iflist {
	char **v;
	int n;
};

static bool iflist_has(const struct iflist *l, const char *s)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

static void iflist_add(struct iflist *l, const char *s)
{
	if (iflist_has(l, s))
		return;
	l->v = xrealloc(l->v, (size_t)(l->n + 1) * sizeof *l->v);
	l->v[l->n++] = xstrdup(s);
}

static void iflist_del(struct iflist *l, const char *s)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0) {
			free(l->v[i]);
			memmove(&l->v[i], &l->v[i + 1], (size_t)(l->n - i - 1) * sizeof *l->v);
			l->n--;
			return;
		}
}

static void iflist_clear(struct iflist *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

struct asdm_loc {
	uint32_t ip, mask;
	char ifname[64];
};

/* "service resetinbound|resetoutside": all interfaces and/or a list */
struct reset_opt {
	bool all;
	struct iflist ifs;
};

#define BOOT_MAX 4 /* "boot system" images tried in order */

static struct {
	char *boot_system[BOOT_MAX];
	int nboot;
	char *boot_config;
	bool ftp_passive;
	char *asdm_image;
	bool asdm_history;
	struct asdm_loc *locs;
	int nlocs;
	bool permit_vpn, timewait, nodnsalias_in, nodnsalias_out;
	bool radius_ignore_secret, uauth_http_cache;
	int tcpmss, tcpmss_min;
	struct iflist noproxyarp;
	struct reset_opt resetinbound, resetoutside;
	bool password_recovery;
} misc;

bool mgmt_sysopt_permit_vpn(void) { return misc.permit_vpn; }
int mgmt_sysopt_tcpmss(void) { return misc.tcpmss; }
int mgmt_sysopt_tcpmss_min(void) { return misc.tcpmss_min; }
bool mgmt_sysopt_timewait(void) { return misc.timewait; }
bool mgmt_sysopt_noproxyarp(const char *ifname)
{
	return iflist_has(&misc.noproxyarp, ifname);
}
bool mgmt_sysopt_nodnsalias(bool inbound)
{
	return inbound ? misc.nodnsalias_in : misc.nodnsalias_out;
}
bool mgmt_service_resetinbound(const char *ifname)
{
	return misc.resetinbound.all || iflist_has(&misc.resetinbound.ifs, ifname);
}
bool mgmt_service_resetoutside(const char *ifname)
{
	return misc.resetoutside.all || iflist_has(&misc.resetoutside.ifs, ifname);
}

/* ---- boot ------------------------------------------------------------ */

static bool valid_image(const char *s);

static int boot_find(const char *url)
{
	for (int i = 0; i < misc.nboot; i++)
		if (strcmp(misc.boot_system[i], url) == 0)
			return i;
	return -1;
}

static int cmd_boot_system(struct cli *cli, struct cli_args *a)
{
	const char *url = cli_get(a, "URL");
	/* a PIX can also boot an image from a TFTP server */
	bool tftp = strncmp(url, "tftp://", 7) == 0 && url[7];
	if (!valid_image(url) && !tftp)
		return cli_bad(a, "URL");
	if (boot_find(url) >= 0)
		return CLI_OK;
	if (misc.nboot == BOOT_MAX) {
		cli_printf(cli, "ERROR: Only %d boot system images can be configured\n",
			   BOOT_MAX);
		return CLI_ERR;
	}
	misc.boot_system[misc.nboot++] = xstrdup(url);
	return CLI_OK;
}

static int cmd_no_boot_system(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *url = cli_get(a, "URL");
	for (int i = misc.nboot - 1; i >= 0; i--)
		if (!url || strcmp(misc.boot_system[i], url) == 0) {
			free(misc.boot_system[i]);
			memmove(&misc.boot_system[i], &misc.boot_system[i + 1],
				(size_t)(misc.nboot - i - 1) * sizeof *misc.boot_system);
			misc.nboot--;
		}
	return CLI_OK;
}

static int cmd_boot_config(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	free(misc.boot_config);
	misc.boot_config = NULL;
	if (cli_has(a, "no"))
		return CLI_OK;
	const char *url = cli_get(a, "URL");
	if (!url)
		return CLI_ERR_INCOMPLETE;
	if (!valid_image(url))
		return cli_bad(a, "URL");
	misc.boot_config = xstrdup(url);
	return CLI_OK;
}

static void boot_clear(void)
{
	while (misc.nboot)
		free(misc.boot_system[--misc.nboot]);
	free(misc.boot_config);
	misc.boot_config = NULL;
}

/* ---- ftp ------------------------------------------------------------- */

static int cmd_ftp(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	misc.ftp_passive = !cli_has(a, "no");
	return CLI_OK;
}

/* ---- asdm ------------------------------------------------------------ */

/* An image on a local file system: "flash:/asdm-521.bin", "disk0:/x.bin". */
static bool valid_image(const char *s)
{
	static const char *const fs[] = {"flash:", "disk0:", "disk1:"};
	for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++) {
		size_t n = strlen(fs[i]);
		if (strncmp(s, fs[i], n) == 0 && s[n] != '\0')
			return true;
	}
	return false;
}

static int cmd_asdm_image(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *url = cli_get(a, "URL");
	if (!valid_image(url))
		return cli_bad(a, "URL");
	free(misc.asdm_image);
	misc.asdm_image = xstrdup(url);
	return CLI_OK;
}

static int cmd_no_asdm_image(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	free(misc.asdm_image);
	misc.asdm_image = NULL;
	return CLI_OK;
}

static int cmd_asdm_history(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	misc.asdm_history = !cli_has(a, "no");
	return CLI_OK;
}

static int asdm_loc_find(uint32_t ip, uint32_t mask, const char *ifname)
{
	for (int i = 0; i < misc.nlocs; i++)
		if (misc.locs[i].ip == ip && misc.locs[i].mask == mask &&
		    strcmp(misc.locs[i].ifname, ifname) == 0)
			return i;
	return -1;
}

static int cmd_asdm_location(struct cli *cli, struct cli_args *a)
{
	uint32_t ip, mask;
	int rc;
	if (!mgmt_parse_net(cli, a, "ADDR", "MASK", &ip, &mask, &rc))
		return rc;
	const char *ifname = cli_get(a, "IF");
	int i = asdm_loc_find(ip, mask, ifname);
	if (cli_has(a, "no")) {
		if (i >= 0) {
			memmove(&misc.locs[i], &misc.locs[i + 1],
				(size_t)(misc.nlocs - i - 1) * sizeof *misc.locs);
			misc.nlocs--;
		}
		return CLI_OK;
	}
	if (i >= 0)
		return CLI_OK;
	if (strlen(ifname) >= sizeof misc.locs[0].ifname)
		return cli_bad(a, "IF");
	misc.locs = xrealloc(misc.locs, (size_t)(misc.nlocs + 1) * sizeof *misc.locs);
	struct asdm_loc *l = &misc.locs[misc.nlocs++];
	l->ip = ip;
	l->mask = mask;
	strlcpy_(l->ifname, ifname, sizeof l->ifname);
	return CLI_OK;
}

static void asdm_clear(void)
{
	free(misc.asdm_image);
	misc.asdm_image = NULL;
	free(misc.locs);
	misc.locs = NULL;
	misc.nlocs = 0;
	misc.asdm_history = false;
}

/* ---- sysopt ---------------------------------------------------------- */

static int cmd_sysopt_flag(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	bool on = !cli_has(a, "no");
	if (cli_has(a, "permit-vpn") || cli_has(a, "permit-ipsec"))
		misc.permit_vpn = on;
	else if (cli_has(a, "timewait"))
		misc.timewait = on;
	else if (cli_has(a, "inbound"))
		misc.nodnsalias_in = on;
	else if (cli_has(a, "outbound"))
		misc.nodnsalias_out = on;
	else if (cli_has(a, "ignore-secret"))
		misc.radius_ignore_secret = on;
	else if (cli_has(a, "allow-http-cache"))
		misc.uauth_http_cache = on;
	else if (cli_has(a, "noproxyarp")) {
		if (on)
			iflist_add(&misc.noproxyarp, cli_get(a, "IF"));
		else
			iflist_del(&misc.noproxyarp, cli_get(a, "IF"));
	}
	return CLI_OK;
}

static int cmd_sysopt_tcpmss(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *n = cli_get(a, "N");
	bool no = cli_has(a, "no");
	if (cli_has(a, "minimum"))
		misc.tcpmss_min = no || !n ? 0 : atoi(n);
	else
		misc.tcpmss = no || !n ? TCPMSS_DEFAULT : atoi(n);
	return CLI_OK;
}

static void sysopt_clear(void)
{
	misc.permit_vpn = true;
	misc.timewait = misc.nodnsalias_in = misc.nodnsalias_out = false;
	misc.radius_ignore_secret = misc.uauth_http_cache = false;
	misc.tcpmss = TCPMSS_DEFAULT;
	misc.tcpmss_min = 0;
	iflist_clear(&misc.noproxyarp);
}

/* ---- service --------------------------------------------------------- */

static int cmd_service_reset(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct reset_opt *r = cli_has(a, "resetinbound") ? &misc.resetinbound
							 : &misc.resetoutside;
	bool on = !cli_has(a, "no");
	const char *ifname = cli_get(a, "IF");
	if (ifname) {
		if (on)
			iflist_add(&r->ifs, ifname);
		else
			iflist_del(&r->ifs, ifname);
	} else {
		r->all = on;
	}
	return CLI_OK;
}

static int cmd_service_pwrec(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	misc.password_recovery = !cli_has(a, "no");
	return CLI_OK;
}

static void service_clear(void)
{
	misc.resetinbound.all = misc.resetoutside.all = false;
	iflist_clear(&misc.resetinbound.ifs);
	iflist_clear(&misc.resetoutside.ifs);
	misc.password_recovery = true;
}

/* ---- clear configure ------------------------------------------------- */

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	if (cli_has(a, "ftp"))
		misc.ftp_passive = false;
	else if (cli_has(a, "boot"))
		boot_clear();
	else if (cli_has(a, "asdm"))
		asdm_clear();
	else if (cli_has(a, "sysopt"))
		sysopt_clear();
	else if (cli_has(a, "service"))
		service_clear();
	return CLI_OK;
}

/* ---- running-config -------------------------------------------------- */

static void write_boot(struct cfgout *o, unsigned flags)
{
	(void)flags;
	for (int i = 0; i < misc.nboot; i++)
		cfg_printf(o, "boot system %s\n", misc.boot_system[i]);
	if (misc.boot_config)
		cfg_printf(o, "boot config %s\n", misc.boot_config);
}

static void write_ftp(struct cfgout *o, unsigned flags)
{
	(void)flags;
	if (misc.ftp_passive)
		cfg_puts(o, "ftp mode passive\n");
}

static void write_asdm(struct cfgout *o, unsigned flags)
{
	(void)flags;
	char h[64], m[16];
	if (misc.asdm_image)
		cfg_printf(o, "asdm image %s\n", misc.asdm_image);
	for (int i = 0; i < misc.nlocs; i++)
		cfg_printf(o, "asdm location %s %s %s\n",
			   conf_fmt_host(misc.locs[i].ip, h),
			   ip4_fmt(misc.locs[i].mask, m), misc.locs[i].ifname);
	cfg_puts(o, misc.asdm_history ? "asdm history enable\n"
				      : "no asdm history enable\n");
}

static void write_sysopt(struct cfgout *o, unsigned flags)
{
	(void)flags;
	if (misc.tcpmss != TCPMSS_DEFAULT)
		cfg_printf(o, "sysopt connection tcpmss %d\n", misc.tcpmss);
	if (misc.tcpmss_min)
		cfg_printf(o, "sysopt connection tcpmss minimum %d\n", misc.tcpmss_min);
	if (misc.timewait)
		cfg_puts(o, "sysopt connection timewait\n");
	if (!misc.permit_vpn)
		cfg_puts(o, "no sysopt connection permit-vpn\n");
	if (misc.nodnsalias_in)
		cfg_puts(o, "sysopt nodnsalias inbound\n");
	if (misc.nodnsalias_out)
		cfg_puts(o, "sysopt nodnsalias outbound\n");
	for (int i = 0; i < misc.noproxyarp.n; i++)
		cfg_printf(o, "sysopt noproxyarp %s\n", misc.noproxyarp.v[i]);
	if (misc.radius_ignore_secret)
		cfg_puts(o, "sysopt radius ignore-secret\n");
	if (misc.uauth_http_cache)
		cfg_puts(o, "sysopt uauth allow-http-cache\n");
}

static void write_reset_opt(struct cfgout *o, const char *kw,
			    const struct reset_opt *r)
{
	if (r->all)
		cfg_printf(o, "service %s\n", kw);
	for (int i = 0; i < r->ifs.n; i++)
		cfg_printf(o, "service %s interface %s\n", kw, r->ifs.v[i]);
}

static void write_service(struct cfgout *o, unsigned flags)
{
	(void)flags;
	write_reset_opt(o, "resetinbound", &misc.resetinbound);
	write_reset_opt(o, "resetoutside", &misc.resetoutside);
	if (!misc.password_recovery)
		cfg_puts(o, "no service password-recovery\n");
}

static void misc_reset(void)
{
	misc.ftp_passive = true; /* in the 7.2 factory-default configuration */
	boot_clear();
	asdm_clear();
	sysopt_clear();
	service_clear();
}

static const struct cli_cmd config_cmds[] = {
	{"[no] ftp mode passive", "Negate a command or set its defaults\n"
	 "Configure FTP client\nConfigure FTP client mode\nUse passive mode",
	 cmd_ftp, 0},
	{"asdm image URL", "Configure Device Manager\n"
	 "Specify the Device Manager image file\nImage file (flash:/asdm.bin)",
	 cmd_asdm_image, 0},
	{"no asdm image [URL]", "Negate a command or set its defaults\n"
	 "Configure Device Manager\nSpecify the Device Manager image file\nImage file",
	 cmd_no_asdm_image, 0},
	{"[no] asdm history enable", "Negate a command or set its defaults\n"
	 "Configure Device Manager\nDevice Manager history metrics\n"
	 "Enable history metrics",
	 cmd_asdm_history, 0},
	{"[no] asdm location ADDR:ip MASK:mask IF:nameif",
	 "Negate a command or set its defaults\nConfigure Device Manager\n"
	 "Device Manager location\nIP address\nNetmask\nName of interface",
	 cmd_asdm_location, 0},
	{"[no] sysopt connection (permit-vpn|permit-ipsec|timewait)",
	 "Negate a command or set its defaults\nSystem options\n"
	 "Configure connection options\n"
	 "Permit any packet that came from a VPN tunnel\n"
	 "Permit any packet that came from an IPsec tunnel\n"
	 "Wait for TIME_WAIT after the last FIN",
	 cmd_sysopt_flag, 0},
	{"sysopt connection tcpmss [minimum] N:<0-65535>",
	 "System options\nConfigure connection options\n"
	 "Configure the maximum TCP segment size\nMinimum TCP segment size\n"
	 "Size in bytes",
	 cmd_sysopt_tcpmss, 0},
	{"no sysopt connection tcpmss [minimum] [N:<0-65535>]",
	 "Negate a command or set its defaults\nSystem options\n"
	 "Configure connection options\nConfigure the maximum TCP segment size\n"
	 "Minimum TCP segment size\nSize in bytes",
	 cmd_sysopt_tcpmss, 0},
	{"[no] sysopt nodnsalias (inbound|outbound)",
	 "Negate a command or set its defaults\nSystem options\n"
	 "Disable DNS A record alteration\nInbound direction\nOutbound direction",
	 cmd_sysopt_flag, 0},
	{"[no] sysopt noproxyarp IF:nameif",
	 "Negate a command or set its defaults\nSystem options\n"
	 "Disable proxy ARP on an interface\nName of interface",
	 cmd_sysopt_flag, 0},
	{"[no] sysopt radius ignore-secret",
	 "Negate a command or set its defaults\nSystem options\n"
	 "RADIUS options\nIgnore the authenticator key of accounting responses",
	 cmd_sysopt_flag, 0},
	{"[no] sysopt uauth allow-http-cache",
	 "Negate a command or set its defaults\nSystem options\n"
	 "User authentication options\nAllow the browser's cached credentials",
	 cmd_sysopt_flag, 0},
	{"[no] service (resetinbound|resetoutside) [interface IF:nameif]",
	 "Negate a command or set its defaults\nConfigure system services\n"
	 "Send a TCP reset for denied inbound TCP packets\n"
	 "Send a TCP reset for denied outside TCP packets\n"
	 "Apply to one interface\nName of interface",
	 cmd_service_reset, 0},
	{"[no] service password-recovery",
	 "Negate a command or set its defaults\nConfigure system services\n"
	 "Allow password recovery from ROMMON",
	 cmd_service_pwrec, 0},
	{"boot system URL", "Boot system configuration\n"
	 "Specify the image to boot from\nImage file (flash:/image.bin)",
	 cmd_boot_system, 0},
	{"no boot system [URL]", "Negate a command or set its defaults\n"
	 "Boot system configuration\nSpecify the image to boot from\nImage file",
	 cmd_no_boot_system, 0},
	{"[no] boot config [URL]", "Negate a command or set its defaults\n"
	 "Boot system configuration\nSpecify the startup configuration file\n"
	 "Configuration file (flash:/config.cfg)",
	 cmd_boot_config, 0},
	{"clear configure (ftp|boot|asdm|sysopt|service)",
	 MGMT_CLEAR_HELP "Clear FTP configuration\nClear boot configuration\n"
	 "Clear ASDM configuration\n"
	 "Clear sysopt configuration\nClear service configuration",
	 cmd_clear, 0},
};

static void iflist_rename(struct iflist *l, const char *oldname,
			  const char *newname)
{
	if (!iflist_has(l, oldname))
		return;
	iflist_del(l, oldname);
	if (newname)
		iflist_add(l, newname);
}

/* Lines naming an interface follow its name and go with it. */
static void iface_changed(const char *oldname, const char *newname)
{
	int o = 0;
	for (int i = 0; i < misc.nlocs; i++) {
		if (strcmp(misc.locs[i].ifname, oldname) == 0) {
			if (!newname)
				continue;
			strlcpy_(misc.locs[i].ifname, newname, sizeof misc.locs[i].ifname);
		}
		misc.locs[o++] = misc.locs[i];
	}
	misc.nlocs = o;
	iflist_rename(&misc.noproxyarp, oldname, newname);
	iflist_rename(&misc.resetinbound.ifs, oldname, newname);
	iflist_rename(&misc.resetoutside.ifs, oldname, newname);
}

/* "ftp mode passive" belongs to the factory-default configuration, not to
 * the built-in defaults: a startup-config without it means active mode. */
static void misc_boot(void)
{
	misc.ftp_passive = false;
}

static void misc_init(void)
{
	cli_install_all(cli_mode_config(), config_cmds);
	conf_register_writer(ORD_BOOT, write_boot);
	conf_register_writer(ORD_FTP, write_ftp);
	conf_register_writer(ORD_ASDM, write_asdm);
	conf_register_writer(ORD_SYSOPT, write_sysopt);
	conf_register_writer(ORD_SERVICE, write_service);
	conf_register_reset(misc_reset);
	conf_register_boot_hook(misc_boot);
	iface_watch(iface_changed);
	misc_reset();
}

MODULE_INIT(misc_init)
