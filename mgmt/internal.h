/* internal.h — helpers shared by the files of mgmt/ only. */
#ifndef PIXIE_MGMT_INTERNAL_H
#define PIXIE_MGMT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"

/* Letters, digits and hyphens, starting and ending with a letter or digit,
 * 1..max characters (RFC 1035 label rules the ASA applies to hostname). */
bool mgmt_valid_label(const char *s, size_t max);
/* Dotted labels (domain names), each label as above, max total length. */
bool mgmt_valid_domain(const char *s, size_t max);

/* The global domain-name also becomes DefaultDNS's domain-name (dns.c). */
void mgmt_dns_default_domain(const char *domain);

/* Recompute the prompt name from hostname/domain and "prompt" (system.c). */
void mgmt_prompt_refresh(void);
/* "pri" or "sec" per "failover lan unit" (failover.c). */
bool mgmt_failover_secondary(void);

/* Parse "ADDR MASK" for http/telnet/ssh/asdm lines: ADDR may be a name;
 * prints the ASA "doesn't pair" error when host bits are set. */
bool mgmt_parse_net(struct cli *cli, struct cli_args *a, const char *addr,
		    const char *mask, uint32_t *ip, uint32_t *m, int *rc);

/* A "clear configure X" declaration helper: the engine gives no generic
 * clear, each feature installs its own. */
#define MGMT_CLEAR_HELP "Clear configuration\nClear configuration information\n"

#endif
