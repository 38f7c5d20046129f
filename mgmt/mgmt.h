/*
 * mgmt.h — box management: identity (hostname, domain), passwords, names,
 * terminal/pager/banner settings, management access (http/telnet/ssh/
 * console), SNMP, clock/NTP, sysopt/service knobs and the exec commands
 * enable/disable/show version/clock/curpriv/memory.
 *
 * The commands live in the mgmt/ files; this header is what other subsystems ask:
 * the SSH/telnet servers check passwords and access lines here, the
 * dataplane reads sysopt/service knobs, logging formats time with the
 * configured timezone.
 */
#ifndef PIXIE_MGMT_H
#define PIXIE_MGMT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct strbuf;

/* ---- identity ------------------------------------------------------- */

#define MGMT_DEFAULT_HOSTNAME "pixfirewall"
#define MGMT_DEFAULT_DOMAIN "default.domain.invalid"

const char *mgmt_hostname(void);    /* "pixfirewall" by default */
const char *mgmt_domain_name(void); /* "default.domain.invalid" by default */

/* ---- passwords ------------------------------------------------------ */

/* Is pw the enable password of level 15?  (PIX-MD5 compared.) */
bool mgmt_enable_check(const char *pw);
/* Same for another level; false when that level has no password. */
bool mgmt_enable_check_level(int level, const char *pw);
/* Is pw the login password (`passwd`, used by telnet and by SSH user "pix"
 * when no aaa authentication is configured)? */
bool mgmt_passwd_check(const char *pw);

/* ---- management access ---------------------------------------------- */

enum mgmt_svc { MGMT_HTTP, MGMT_TELNET, MGMT_SSH };
/* Does an "http|telnet|ssh ADDR MASK IF" line admit src arriving on ifname? */
bool mgmt_access_permitted(enum mgmt_svc svc, uint32_t src, const char *ifname);
bool mgmt_http_server_enabled(void);
/* Idle timeouts in minutes ("console timeout 0" = never). */
int mgmt_telnet_timeout(void);
int mgmt_ssh_timeout(void);
int mgmt_console_timeout(void);
/* 0: both SSH versions (default), else 1 or 2. */
int mgmt_ssh_version(void);
bool mgmt_ssh_scopy_enabled(void);
/* "management-access IF": the interface, NULL when none. */
const char *mgmt_management_access(void);

/* ---- DNS ------------------------------------------------------------ */

/* DefaultDNS name servers (up to 6); returns how many. */
int mgmt_dns_servers(uint32_t out[6]);
bool mgmt_dns_lookup_enabled(const char *ifname);

/* ---- DHCP server ---------------------------------------------------- */

/* The enabled pool of an interface ("dhcpd address" + "dhcpd enable"). */
bool mgmt_dhcpd_pool(const char *ifname, uint32_t *lo, uint32_t *hi);

/* ---- banners -------------------------------------------------------- */

enum mgmt_banner { MGMT_BANNER_EXEC, MGMT_BANNER_LOGIN, MGMT_BANNER_MOTD };
/* Append the banner's lines (each ending "\n") with $(hostname) and
 * $(domain) expanded; appends nothing when that banner is not set. */
void mgmt_banner_render(enum mgmt_banner which, struct strbuf *out);

/* ---- clock ---------------------------------------------------------- */

/* Now, after any `clock set` (kept as an offset from the host clock). */
void mgmt_now(struct timespec *ts);
/* "13:49:42.148 UTC Tue Jan 2 2007": the configured timezone and summer
 * time applied.  buf needs 48 bytes. */
char *mgmt_fmt_time(const struct timespec *ts, char *buf, size_t n);
/* Offset from UTC in seconds and zone name in force at t. */
long mgmt_utc_offset(time_t t, const char **zone);

/* ---- sysopt / service knobs (read by the dataplane) ------------------ */

bool mgmt_sysopt_permit_vpn(void);      /* default true */
int mgmt_sysopt_tcpmss(void);           /* default 1380; 0 = off */
int mgmt_sysopt_tcpmss_min(void);       /* default 0 */
bool mgmt_sysopt_timewait(void);
bool mgmt_sysopt_noproxyarp(const char *ifname);
bool mgmt_sysopt_nodnsalias(bool inbound);
bool mgmt_service_resetinbound(const char *ifname);
bool mgmt_service_resetoutside(const char *ifname);

/* ---- show version hook ---------------------------------------------- */

/* The dataplane registers a lister of its physical interfaces: it calls
 * line() once per interface in hardware order. */
typedef void (*mgmt_iface_line_fn)(void *ctx, const char *hwname,
				   const uint8_t mac[6]);
typedef void (*mgmt_iface_lister_fn)(mgmt_iface_line_fn line, void *ctx);
void mgmt_set_iface_lister(mgmt_iface_lister_fn fn);

#endif
