/*
 * version.c — "show version", "show curpriv", "show memory".
 *
 * show version keeps the PIX 7.2 layout that automation parses (Ansible's
 * "Version (\S+)", "^(.+) up", 'image file is "(.+)"'; the ntc TextFSM
 * template, which rejects unknown lines) while saying what the box really
 * is: the "Compiled on" and "Hardware:" lines name pixie and the host, the
 * uptime is the process's, the image is the running executable, and the
 * license block lists only facts true of pixie.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "lib/module.h"
#include "mgmt/internal.h"
#include "mgmt/mgmt.h"

#ifndef PIXIE_VERSION
#define PIXIE_VERSION "0.1"
#endif
#define PIX_VERSION "7.2(1)"

static struct timespec boot_mono;
static mgmt_iface_lister_fn iface_lister;

void mgmt_set_iface_lister(mgmt_iface_lister_fn fn) { iface_lister = fn; }

/* "Wed 31-May-06 14:45" for the build time of this object. */
static void build_date(char *buf, size_t n)
{
	struct tm tm = {0};
	if (!strptime(__DATE__ " " __TIME__, "%b %d %Y %H:%M:%S", &tm)) {
		snprintf(buf, n, "%s", __DATE__);
		return;
	}
	time_t t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(buf, n, "%a %d-%b-%y %H:%M", &tm);
}

static const char *plural(long v) { return v == 1 ? "" : "s"; }

/* "2 hours 11 mins", "41 days 19 hours", "3 mins 2 secs": the two largest
 * units, as the ASA prints its uptime. */
static void fmt_uptime(long secs, char *buf, size_t n)
{
	long d = secs / 86400, h = secs / 3600 % 24, m = secs / 60 % 60, s = secs % 60;
	if (d)
		snprintf(buf, n, "%ld day%s %ld hour%s", d, plural(d), h, plural(h));
	else if (h)
		snprintf(buf, n, "%ld hour%s %ld min%s", h, plural(h), m, plural(m));
	else
		snprintf(buf, n, "%ld min%s %ld sec%s", m, plural(m), s, plural(s));
}

/* First "model name" of /proc/cpuinfo (x86) or "Hardware"/"cpu model". */
static void cpu_model(char *buf, size_t n)
{
	snprintf(buf, n, "unknown");
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return;
	char line[256];
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "model name", 10) != 0 &&
		    strncmp(line, "cpu model", 9) != 0)
			continue;
		char *c = strchr(line, ':');
		if (!c)
			continue;
		c++;
		while (*c == ' ' || *c == '\t')
			c++;
		c[strcspn(c, "\n")] = '\0';
		snprintf(buf, n, "%s", c);
		break;
	}
	fclose(f);
}

/* A stable serial: the host's machine-id (first 11 characters). */
static void serial_number(char *buf, size_t n)
{
	FILE *f = fopen("/etc/machine-id", "r");
	char id[64] = "";
	if (f) {
		if (!fgets(id, sizeof id, f))
			id[0] = '\0';
		fclose(f);
	}
	id[strcspn(id, "\n")] = '\0';
	if (strlen(id) >= 11) {
		id[11] = '\0';
		snprintf(buf, n, "%s", id);
	} else {
		snprintf(buf, n, "%08lx", (unsigned long)gethostid() & 0xffffffffUL);
	}
}

struct iface_ctx {
	struct cli *cli;
	int n;
};

static void iface_line(void *ctx, const char *hwname, const uint8_t mac[6])
{
	struct iface_ctx *c = ctx;
	cli_printf(c->cli, "%2d: Ext: %-20s: address is %02x%02x.%02x%02x.%02x%02x\n",
		   c->n++, hwname, mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

static int cmd_show_version(struct cli *cli, struct cli_args *a)
{
	(void)a;
	char date[64], up[64], cpu[128], serial[32], exe[512];
	struct timespec now;
	struct sysinfo si;
	struct utsname un;

	build_date(date, sizeof date);
	clock_gettime(CLOCK_MONOTONIC, &now);
	fmt_uptime((long)(now.tv_sec - boot_mono.tv_sec), up, sizeof up);
	cpu_model(cpu, sizeof cpu);
	serial_number(serial, sizeof serial);
	ssize_t el = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[el > 0 ? el : 0] = '\0';
	if (sysinfo(&si) != 0)
		memset(&si, 0, sizeof si);
	if (uname(&un) != 0)
		memset(&un, 0, sizeof un);
	unsigned long long ram_mb =
		(unsigned long long)si.totalram * si.mem_unit / (1024 * 1024);
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	cli_printf(cli, "Cisco PIX Security Appliance Software Version %s\n\n",
		   PIX_VERSION);
	cli_printf(cli, "Compiled on %s by pixie %s (PIX 7.2 emulation for Linux, "
			"not Cisco software)\n", date, PIXIE_VERSION);
	cli_printf(cli, "System image file is \"%s\"\n", exe[0] ? exe : "pixie");
	cli_printf(cli, "Config file at boot was \"startup-config\"\n\n");
	cli_printf(cli, "%s up %s\n\n", mgmt_hostname(), up);
	cli_printf(cli, "Hardware:   pixie on Linux %s %s, %llu MB RAM, CPU %s, %ld CPU%s\n",
		   un.release, un.machine, ram_mb, cpu, ncpu, plural(ncpu));
	if (iface_lister) {
		struct iface_ctx c = {cli, 0};
		cli_printf(cli, "\n");
		iface_lister(iface_line, &c);
	}
	cli_printf(cli, "\nLicensed features for this platform:\n");
	cli_printf(cli, "Maximum Physical Interfaces : Unlimited\n");
	cli_printf(cli, "Inside Hosts                : Unlimited\n");
	cli_printf(cli, "Failover                    : Disabled\n");
	cli_printf(cli, "VPN-DES                     : Enabled\n");
	cli_printf(cli, "VPN-3DES-AES                : Enabled\n");
	cli_printf(cli, "Security Contexts           : 0\n");
	cli_printf(cli, "\nSerial Number: %s\n", serial);
	const char *mod = conf_last_modified();
	if (mod && *mod)
		cli_printf(cli, "Configuration last modified by %s\n", mod);
	else
		cli_printf(cli, "Configuration has not been modified since last "
				"system restart.\n");
	return CLI_OK;
}

static int cmd_show_curpriv(struct cli *cli, struct cli_args *a)
{
	(void)a;
	int priv = cli_privilege(cli);
	const char *mode = priv < 2 ? "P_UNPR"
			   : cli_current_mode(cli) != cli_mode_exec() ? "P_CONF"
								    : "P_PRIV";
	cli_printf(cli, "Username : %s\n", cli_username(cli));
	cli_printf(cli, "Current privilege level : %d\n", priv);
	cli_printf(cli, "Current Mode/s : %s\n", mode);
	return CLI_OK;
}

/* Resident set size of this process in bytes (0 if unknown). */
static unsigned long long rss_bytes(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return 0;
	char line[256];
	unsigned long long kb = 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

static int cmd_show_memory(struct cli *cli, struct cli_args *a)
{
	(void)a;
	struct sysinfo si;
	if (sysinfo(&si) != 0)
		memset(&si, 0, sizeof si);
	unsigned long long total = (unsigned long long)si.totalram * si.mem_unit;
	unsigned long long used = rss_bytes();
	if (used > total)
		used = total;
	unsigned long long free_ = total - used;
	int upct = total ? (int)((used * 100 + total / 2) / total) : 0;
	cli_printf(cli, "%-20s%llu bytes (%d%%)\n", "Free memory:", free_, 100 - upct);
	cli_printf(cli, "%-20s%llu bytes (%d%%)\n", "Used memory:", used, upct);
	cli_printf(cli, "-------------     ----------------\n");
	cli_printf(cli, "%-20s%llu bytes (100%%)\n", "Total memory:", total);
	return CLI_OK;
}

static const struct cli_cmd exec_cmds[] = {
	{"show version", "Show running system information\n"
	 "Display the system software version", cmd_show_version, CLI_SHOW},
	{"show curpriv", "Show running system information\n"
	 "Display current privilege level", cmd_show_curpriv, CLI_SHOW},
	{"show memory", "Show running system information\n"
	 "System memory utilization", cmd_show_memory, CLI_SHOW},
};

static void version_init(void)
{
	clock_gettime(CLOCK_MONOTONIC, &boot_mono);
	cli_install_all(cli_mode_exec(), exec_cmds);
}

MODULE_INIT(version_init)
