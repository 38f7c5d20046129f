/*
 * fw.h — the firewall stage of the packet path (fw_forward in dp.h is its
 * entry for transit packets): what other modules call besides it.
 *
 *   ip_in/local_input  fw_local_input(): replies to PAT onto an interface
 *                      address and static PAT of an interface port arrive
 *                      addressed to the box; the firewall takes them first.
 *   packet-tracer      fw_trace(): one synthetic first packet through every
 *                      decision, phase by phase, without changing state.
 *   show access-list   fw_acl_*_hits(): hit counts of entries and of their
 *                      object-group elements.
 *   benchmarks         fw_mem_stats(): memory per conn / xlate.
 */
#ifndef PIXIE_DP_FW_H
#define PIXIE_DP_FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/acl.h"
#include "dataplane/dp.h"

/* A packet addressed to one of the box's own addresses: true when it
 * belongs to a translated flow and was taken (forwarded or dropped); false
 * leaves it to the box's own services. */
bool fw_local_input(struct iface *in, struct pkt *p);

/* ---- packet-tracer ------------------------------------------------------ */

struct fw_flow {
	struct iface *in;
	uint8_t proto;          /* 1 icmp, 6 tcp, 17 udp, or any other */
	uint32_t src, dst;      /* host order */
	uint16_t sport, dport;  /* tcp/udp ports; icmp: the query id in sport
				 * for a request (echo), in dport for a reply */
	uint8_t icmp_type, icmp_code;
	uint8_t tcp_flags;      /* 0 means SYN (a new connection) */
	bool vpn;               /* decrypted from an IPsec SA (p->ipsec_sa): with
				 * sysopt connection permit-vpn the ingress
				 * access-group does not apply */
};

#define FW_TRACE_PHASES 16
#define FW_TRACE_TEXT 1024

struct fw_trace_phase {
	char type[24];    /* "FLOW-LOOKUP", "UN-NAT", "ROUTE-LOOKUP", "ACCESS-LIST",
			   * "IP-OPTIONS", "NAT-EXEMPT", "NAT", "HOST-LIMIT",
			   * "FLOW-CREATION" */
	char subtype[24]; /* "static", "input", "log", "" ... */
	bool allow;
	char config[FW_TRACE_TEXT]; /* configuration lines that decided, each
				     * ending in "\n" ("Implicit Rule\n") */
	char info[FW_TRACE_TEXT];   /* "Additional Information:" lines */
};

struct fw_trace_result {
	struct fw_trace_phase phase[FW_TRACE_PHASES];
	int nphases;
	bool allow;
	struct iface *out;  /* egress interface; NULL when none was found */
	int drop;           /* enum asp_drop when !allow */
	char drop_text[128];/* "(acl-drop) Flow is denied by configured rule" */
};

/* The decisions a first packet of flow f meets, without creating xlates or
 * conns, counting hits or logging.  Returns r->allow. */
bool fw_trace(const struct fw_flow *f, struct fw_trace_result *r);

/* ---- show access-list ----------------------------------------------------- */

/* Hit count of entry e of list acl (the sum over its elements), and of its
 * k-th object-group element (0-based, in the order show access-list prints
 * them).  Entries keep their counts while they exist. */
uint64_t fw_acl_ace_hits(const char *acl, const struct ace *e);
uint64_t fw_acl_elem_hits(const char *acl, const struct ace *e, size_t k);
/* clear access-list [NAME] counters (NULL: all lists). */
void fw_acl_clear_hits(const char *acl);
/* "access-list cached ACL log flows: total N, denied M". */
void fw_acl_log_flows(size_t *total, size_t *denied);

/* ---- accounting ------------------------------------------------------------ */

struct fw_mem {
	size_t conns, conn_bytes;     /* live conns; bytes of the conn table */
	size_t xlates, xlate_bytes;
	size_t hosts, host_bytes;
	size_t acl_bytes;             /* compiled classifiers */
};
void fw_mem_stats(struct fw_mem *m);

#endif
