/*
 * webvpn.c — the global "webvpn" mode (config-webvpn): the interfaces
 * clientless/SSL VPN listens on, the SSL VPN client (svc) images and
 * profiles, Cisco Secure Desktop, the login page's group list, idle
 * timeout and proxies.  pixie terminates no SSL VPN; the settings are
 * kept typed, validated and reproduced so that a pasted configuration
 * survives intact.
 *
 * The block appears in show running-config once "webvpn" was entered,
 * even empty (an 8.2 box prints a bare "webvpn").  8.4's "anyconnect"
 * lines are refused with the 7.2 "svc" line to use instead, as the
 * group-policy webvpn mode does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/iface.h"
#include "lib/module.h"
#include "lib/xalloc.h"
#include "mgmt/internal.h"

#define IDLE_DEFAULT 1800
#define PATH_MAX_ 255
#define SVC_IMAGES_MAX 16

struct svc_image {
	char *path;
	int order;
};

struct svc_profile {
	char *name, *path;
};

static struct cli_mode *webvpn_mode;

static struct {
	bool present;
	char **ifs; /* "enable IF", entry order */
	int nifs;
	int idle;
	char *http_proxy, *https_proxy; /* "HOST [PORT]" as canonical text */
	char *csd_image;
	bool csd_enable;
	struct svc_image *images; /* sorted by order */
	int nimages;
	struct svc_profile *profiles;
	int nprofiles;
	bool svc_enable;
	bool tg_list;
	char *keepout;
	bool error_recovery_disable;
	bool essentials;
} wv;

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? xstrdup(s) : NULL;
}

static void webvpn_clear(void)
{
	for (int i = 0; i < wv.nifs; i++)
		free(wv.ifs[i]);
	free(wv.ifs);
	for (int i = 0; i < wv.nimages; i++)
		free(wv.images[i].path);
	free(wv.images);
	for (int i = 0; i < wv.nprofiles; i++) {
		free(wv.profiles[i].name);
		free(wv.profiles[i].path);
	}
	free(wv.profiles);
	free(wv.http_proxy);
	free(wv.https_proxy);
	free(wv.csd_image);
	free(wv.keepout);
	memset(&wv, 0, sizeof wv);
	wv.idle = IDLE_DEFAULT;
}

/* A package on a local file system: "disk0:/x.pkg", "flash:/x.pkg". */
static bool valid_path(const char *s)
{
	static const char *const fs[] = {"flash:", "disk0:", "disk1:"};
	if (strlen(s) > PATH_MAX_)
		return false;
	for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++) {
		size_t n = strlen(fs[i]);
		if (strncmp(s, fs[i], n) == 0 && s[n] != '\0')
			return true;
	}
	return false;
}

/* ---- global ---------------------------------------------------------- */

static int cmd_webvpn(struct cli *cli, struct cli_args *a)
{
	(void)a;
	wv.present = true;
	cli_enter(cli, webvpn_mode, "webvpn", 0);
	return CLI_OK;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	(void)a;
	webvpn_clear();
	return CLI_OK;
}

/* ---- config-webvpn --------------------------------------------------- */

static int if_index(const char *ifname)
{
	for (int i = 0; i < wv.nifs; i++)
		if (strcmp(wv.ifs[i], ifname) == 0)
			return i;
	return -1;
}

static int cmd_enable(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *ifname = cli_get(a, "IF");
	int i = if_index(ifname);
	if (cli_has(a, "no")) {
		if (i >= 0) {
			free(wv.ifs[i]);
			memmove(&wv.ifs[i], &wv.ifs[i + 1],
				(size_t)(wv.nifs - i - 1) * sizeof *wv.ifs);
			wv.nifs--;
		}
		return CLI_OK;
	}
	if (i < 0) {
		wv.ifs = xrealloc(wv.ifs, (size_t)(wv.nifs + 1) * sizeof *wv.ifs);
		wv.ifs[wv.nifs++] = xstrdup(ifname);
	}
	return CLI_OK;
}

static int cmd_idle(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	wv.idle = cli_has(a, "no") ? IDLE_DEFAULT : atoi(cli_get(a, "N"));
	return CLI_OK;
}

static int cmd_proxy(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	char **dst = cli_has(a, "http-proxy") ? &wv.http_proxy : &wv.https_proxy;
	if (cli_has(a, "no")) {
		set_str(dst, NULL);
		return CLI_OK;
	}
	const char *host = cli_get(a, "HOST"), *port = cli_get(a, "PORT");
	uint32_t ip;
	if (!conf_parse_host(host, &ip) && !mgmt_valid_domain(host, 127))
		return cli_bad(a, "HOST");
	char buf[160];
	snprintf(buf, sizeof buf, "%s%s%s", host, port ? " " : "", port ? port : "");
	set_str(dst, buf);
	return CLI_OK;
}

static int cmd_csd(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	bool no = cli_has(a, "no");
	if (cli_has(a, "enable")) {
		if (!no && !wv.csd_image) {
			cli_printf(cli, "ERROR: Unable to enable CSD: no CSD image is "
					"configured\n");
			return CLI_ERR;
		}
		wv.csd_enable = !no;
		return CLI_OK;
	}
	if (no) {
		set_str(&wv.csd_image, NULL);
		wv.csd_enable = false;
		return CLI_OK;
	}
	const char *path = cli_get(a, "PATH");
	if (!valid_path(path))
		return cli_bad(a, "PATH");
	set_str(&wv.csd_image, path);
	return CLI_OK;
}

static int cmd_svc_image(struct cli *cli, struct cli_args *a)
{
	const char *path = cli_get(a, "PATH");
	const char *ord = cli_get(a, "ORDER");
	if (cli_has(a, "no")) {
		for (int i = 0; i < wv.nimages; i++)
			if (!path || strcmp(wv.images[i].path, path) == 0) {
				free(wv.images[i].path);
				memmove(&wv.images[i], &wv.images[i + 1],
					(size_t)(wv.nimages - i - 1) * sizeof *wv.images);
				wv.nimages--;
				i--;
			}
		return CLI_OK;
	}
	if (!valid_path(path))
		return cli_bad(a, "PATH");
	int order = ord ? atoi(ord) : 0;
	for (int i = 0; i < wv.nimages; i++)
		if (strcmp(wv.images[i].path, path) == 0) {
			wv.images[i].order = order ? order : wv.images[i].order;
			return CLI_OK;
		}
	if (wv.nimages == SVC_IMAGES_MAX) {
		cli_printf(cli, "ERROR: Only %d SSL VPN client images can be "
				"configured\n", SVC_IMAGES_MAX);
		return CLI_ERR;
	}
	if (!order) /* without an order the image goes last */
		order = wv.nimages ? wv.images[wv.nimages - 1].order + 1 : 1;
	wv.images = xrealloc(wv.images, (size_t)(wv.nimages + 1) * sizeof *wv.images);
	int i = wv.nimages++;
	while (i > 0 && wv.images[i - 1].order > order) {
		wv.images[i] = wv.images[i - 1];
		i--;
	}
	wv.images[i] = (struct svc_image){xstrdup(path), order};
	return CLI_OK;
}

static int cmd_svc_profile(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *name = cli_get(a, "NAME"), *path = cli_get(a, "PATH");
	int found = -1;
	for (int i = 0; i < wv.nprofiles; i++)
		if (strcmp(wv.profiles[i].name, name) == 0)
			found = i;
	if (cli_has(a, "no")) {
		if (found >= 0) {
			free(wv.profiles[found].name);
			free(wv.profiles[found].path);
			memmove(&wv.profiles[found], &wv.profiles[found + 1],
				(size_t)(wv.nprofiles - found - 1) * sizeof *wv.profiles);
			wv.nprofiles--;
		}
		return CLI_OK;
	}
	if (strlen(name) > 64)
		return cli_bad(a, "NAME");
	if (!valid_path(path))
		return cli_bad(a, "PATH");
	if (found >= 0) {
		set_str(&wv.profiles[found].path, path);
		return CLI_OK;
	}
	wv.profiles = xrealloc(wv.profiles,
			       (size_t)(wv.nprofiles + 1) * sizeof *wv.profiles);
	wv.profiles[wv.nprofiles++] = (struct svc_profile){xstrdup(name), xstrdup(path)};
	return CLI_OK;
}

static int cmd_flag(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	bool on = !cli_has(a, "no");
	if (cli_has(a, "tunnel-group-list"))
		wv.tg_list = on;
	else if (cli_has(a, "error-recovery"))
		wv.error_recovery_disable = on;
	else if (cli_has(a, "anyconnect-essentials"))
		wv.essentials = on;
	else
		wv.svc_enable = on;
	return CLI_OK;
}

static int cmd_anyconnect(struct cli *cli, struct cli_args *a)
{
	const char *rest = cli_get(a, "ARGS");
	cli_printf(cli, "ERROR: 'anyconnect' is ASA 8.4 syntax; in PIX 7.2 use '%ssvc%s%s'\n",
		   cli_has(a, "no") ? "no " : "", rest ? " " : "", rest ? rest : "");
	return CLI_ERR;
}

static int cmd_keepout(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *t = cli_has(a, "no") ? NULL : cli_get(a, "TEXT");
	if (t && strlen(t) > 200)
		return cli_bad(a, "TEXT");
	set_str(&wv.keepout, t);
	return CLI_OK;
}

/* ---- running-config -------------------------------------------------- */

/* An interface that loses its name stops serving WebVPN. */
static void iface_changed(const char *oldname, const char *newname)
{
	int i = if_index(oldname);
	if (i < 0)
		return;
	if (newname) {
		set_str(&wv.ifs[i], newname);
		return;
	}
	free(wv.ifs[i]);
	memmove(&wv.ifs[i], &wv.ifs[i + 1], (size_t)(wv.nifs - i - 1) * sizeof *wv.ifs);
	wv.nifs--;
}

static void write_webvpn(struct cfgout *o, unsigned flags)
{
	if (!wv.present)
		return;
	cfg_puts(o, "webvpn\n");
	for (int i = 0; i < wv.nifs; i++)
		cfg_printf(o, " enable %s\n", wv.ifs[i]);
	if (wv.idle != IDLE_DEFAULT || (flags & CONF_W_ALL))
		cfg_printf(o, " default-idle-timeout %d\n", wv.idle);
	if (wv.http_proxy)
		cfg_printf(o, " http-proxy %s\n", wv.http_proxy);
	if (wv.https_proxy)
		cfg_printf(o, " https-proxy %s\n", wv.https_proxy);
	if (wv.csd_image)
		cfg_printf(o, " csd image %s\n", wv.csd_image);
	if (wv.csd_enable)
		cfg_puts(o, " csd enable\n");
	for (int i = 0; i < wv.nimages; i++)
		cfg_printf(o, " svc image %s %d\n", wv.images[i].path, wv.images[i].order);
	for (int i = 0; i < wv.nprofiles; i++)
		cfg_printf(o, " svc profiles %s %s\n", wv.profiles[i].name,
			   wv.profiles[i].path);
	if (wv.svc_enable)
		cfg_puts(o, " svc enable\n");
	if (wv.tg_list)
		cfg_puts(o, " tunnel-group-list enable\n");
	if (wv.keepout)
		cfg_printf(o, " keepout %s\n", wv.keepout);
	if (wv.error_recovery_disable)
		cfg_puts(o, " error-recovery disable\n");
	if (wv.essentials)
		cfg_puts(o, " anyconnect-essentials\n");
}

#define NO_HELP "Negate a command or set its defaults\n"
#define SVC_KW "svc"
#define SVC_HELP "SSL VPN Client configuration\n"

static const struct cli_cmd config_cmds[] = {
	{"webvpn", "Configure the WebVPN service", cmd_webvpn, 0},
	{"clear configure webvpn", MGMT_CLEAR_HELP "Clear WebVPN configuration",
	 cmd_clear, 0},
};

static const struct cli_cmd webvpn_cmds[] = {
	{"[no] enable IF:nameif", NO_HELP "Enable WebVPN on an interface\n"
	 "Name of interface", cmd_enable, 0},
	{"default-idle-timeout N:<60-86400>", "Default idle timeout of sessions\n"
	 "Timeout in seconds", cmd_idle, 0},
	{"no default-idle-timeout [N:<60-86400>]", NO_HELP
	 "Default idle timeout of sessions\nTimeout in seconds", cmd_idle, 0},
	{"(http-proxy|https-proxy) HOST [PORT:<1-65535>]",
	 "Configure an HTTP proxy\nConfigure an HTTPS proxy\n"
	 "Proxy host name or IP address\nProxy port",
	 cmd_proxy, 0},
	{"no (http-proxy|https-proxy) [HOST] [PORT:<1-65535>]",
	 NO_HELP "Configure an HTTP proxy\nConfigure an HTTPS proxy\n"
	 "Proxy host name or IP address\nProxy port",
	 cmd_proxy, 0},
	{"csd image PATH", "Cisco Secure Desktop\nSpecify the CSD package\n"
	 "Package file (disk0:/securedesktop.pkg)", cmd_csd, 0},
	{"no csd image [PATH]", NO_HELP "Cisco Secure Desktop\n"
	 "Specify the CSD package\nPackage file", cmd_csd, 0},
	{"[no] csd enable", NO_HELP "Cisco Secure Desktop\nEnable CSD", cmd_csd, 0},
	{SVC_KW " image PATH [ORDER:<1-65535>]",
	 SVC_HELP "Specify a client package\nPackage file (disk0:/client.pkg)\n"
	 "Order in which images are tried",
	 cmd_svc_image, 0},
	{"no " SVC_KW " image [PATH] [ORDER:<1-65535>]",
	 NO_HELP SVC_HELP "Specify a client package\nPackage file\nOrder",
	 cmd_svc_image, 0},
	{SVC_KW " profiles NAME PATH",
	 SVC_HELP "Specify a client profile\nProfile name\nProfile file (disk0:/p.xml)",
	 cmd_svc_profile, 0},
	{"no " SVC_KW " profiles NAME [PATH]",
	 NO_HELP SVC_HELP "Specify a client profile\nProfile name\nProfile file",
	 cmd_svc_profile, 0},
	{"[no] " SVC_KW " enable", NO_HELP SVC_HELP "Enable the client", cmd_flag, 0},
	{"[no] anyconnect [ARGS:line]", NO_HELP "AnyConnect client (8.4 name of svc)\n"
	 "Arguments", cmd_anyconnect, CLI_HIDDEN},
	{"[no] tunnel-group-list enable", NO_HELP
	 "Show the tunnel-group list on the login page\nEnable the list", cmd_flag, 0},
	{"[no] error-recovery disable", NO_HELP "Error recovery of WebVPN pages\n"
	 "Disable error recovery", cmd_flag, 0},
	{"[no] anyconnect-essentials", NO_HELP "Use the AnyConnect Essentials license",
	 cmd_flag, 0},
	{"keepout TEXT:line", "Refuse new sessions with this message\nMessage",
	 cmd_keepout, 0},
	{"no keepout [TEXT:line]", NO_HELP "Refuse new sessions with this message\n"
	 "Message", cmd_keepout, 0},
};

static void webvpn_init(void)
{
	webvpn_mode = cli_mode_new("config-webvpn", cli_mode_config());
	cli_install_all(cli_mode_config(), config_cmds);
	cli_install_all(webvpn_mode, webvpn_cmds);
	conf_register_writer(ORD_WEBVPN, write_webvpn);
	conf_register_reset(webvpn_clear);
	iface_watch(iface_changed);
	webvpn_clear();
}

MODULE_INIT(webvpn_init)
