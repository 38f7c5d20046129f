/*
 * acl_show.c — "show access-list [NAME]" in the PIX 7.2 layout, with
 * object-groups expanded under their entry, and "clear access-list
 * [NAME] counters".
 *
 *   access-list cached ACL log flows: total 0, denied 0 (deny-flow-max 4096)
 *               alert-interval 300
 *   access-list nonat; 1 elements; name hash: 0x...
 *   access-list nonat line 1 extended permit ip 10.4.4.0 255.255.255.0 ... (hitcnt=0) 0x...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "dataplane/acl.h"
#include "dataplane/fw.h"
#include "dataplane/acl_fmt.h"
#include "dataplane/objgroup.h"
#include "lib/module.h"
#include "lib/xalloc.h"

static void addr_from(struct acl_addr *a, const struct og_member *m)
{
	a->kind = m->kind == OGM_HOST ? AA_HOST : AA_NET;
	a->ip = m->ip;
	a->mask = m->mask;
	a->group = NULL;
}

static void port_from(struct acl_port *p, const struct og_member *m)
{
	p->op = m->op;
	p->lo = m->lo;
	p->hi = m->hi;
	p->group = NULL;
}

struct printer {
	struct cli *cli;
	const char *acl;
	size_t line;
	struct strbuf sb;
	const struct ace *parent; /* the entry being expanded */
	size_t elem;              /* next element of it */
};

static void print_ace(struct printer *pr, const struct ace *e, bool expanded)
{
	sb_reset(&pr->sb);
	acl_fmt(&pr->sb, e, FMT_SHOW);
	const char *text = pr->sb.buf;
	if (e->kind == ACE_REMARK) {
		cli_printf(pr->cli, "access-list %s line %zu %s\n", pr->acl, pr->line, text);
		return;
	}
	/* the hash identifies the entry, whatever "names" shows for its
	 * addresses: take it over the name-free text */
	struct strbuf key = STRBUF_INIT;
	acl_fmt(&key, e, FMT_KEY);
	uint64_t hits = expanded ? fw_acl_elem_hits(pr->acl, pr->parent, pr->elem++)
				 : fw_acl_ace_hits(pr->acl, e);
	cli_printf(pr->cli, "%saccess-list %s line %zu %s (hitcnt=%llu)%s 0x%08x\n",
		   expanded ? "  " : "", pr->acl, pr->line, text, (unsigned long long)hits,
		   e->inactive ? " (inactive)" : "", acl_text_hash(pr->acl, key.buf));
	sb_free(&key);
}

struct slots {
	struct og_leaves sp, ss, ssp, sd, sdp;
};

/* Every combination of addresses and ports for one protocol choice. */
static void emit_addrs(struct printer *pr, const struct ace *e, struct ace *x,
		       const struct slots *s)
{
	bool sg = acl_addr_group(&e->src), dg = acl_addr_group(&e->dst);
	size_t ns = sg ? s->ss.n : 1, nsp = e->sport.group ? s->ssp.n : 1,
	       nd = dg ? s->sd.n : 1, ndp = e->dport.group ? s->sdp.n : 1;
	for (size_t b = 0; b < ns; b++) {
		if (sg)
			addr_from(&x->src, s->ss.v[b]);
		for (size_t c = 0; c < nsp; c++) {
			if (e->sport.group)
				port_from(&x->sport, s->ssp.v[c]);
			for (size_t d = 0; d < nd; d++) {
				if (dg)
					addr_from(&x->dst, s->sd.v[d]);
				for (size_t f = 0; f < ndp; f++) {
					if (e->dport.group && s->sdp.v[f]->kind == OGM_ICMP)
						x->icmp_type = s->sdp.v[f]->icmp;
					else if (e->dport.group)
						port_from(&x->dport, s->sdp.v[f]);
					print_ace(pr, x, true);
				}
			}
		}
	}
}

/* Every combination of the groups' members, in entry order. */
static void print_expanded(struct printer *pr, const struct ace *e)
{
	struct slots s = {0};
	pr->parent = e;
	pr->elem = 0;
	og_leaves_fill(&s.sp, e->proto_group);
	og_leaves_fill(&s.ss, acl_addr_group(&e->src));
	og_leaves_fill(&s.ssp, e->sport.group);
	og_leaves_fill(&s.sd, acl_addr_group(&e->dst));
	og_leaves_fill(&s.sdp, e->dport.group);
	struct ace x = *e;
	x.proto_group = x.sport.group = x.dport.group = NULL;
	if (acl_addr_group(&x.src))
		x.src.group = NULL;
	if (acl_addr_group(&x.dst))
		x.dst.group = NULL;
	if (!e->proto_group)
		emit_addrs(pr, e, &x, &s);
	for (size_t a = 0; e->proto_group && a < s.sp.n; a++) {
		const struct og_member *m = s.sp.v[a];
		x.proto = m->proto;
		if (m->kind == OGM_SVC) {
			port_from(&x.dport, m);
			x.icmp_type = m->icmp;
		}
		if (m->kind == OGM_SVC && m->proto == SVC_TCPUDP) {
			/* a tcp-udp service object is a tcp and a udp entry */
			x.proto = 6;
			emit_addrs(pr, e, &x, &s);
			x.proto = 17;
		}
		emit_addrs(pr, e, &x, &s);
	}
	free(s.sp.v);
	free(s.ss.v);
	free(s.ssp.v);
	free(s.sd.v);
	free(s.sdp.v);
}

static void show_list(struct cli *cli, const struct acl *l)
{
	struct printer pr = {cli, l->name, 0, STRBUF_INIT, NULL, 0};
	/* "; name hash:" appeared after 7.2, but Ansible's asa_acls and the
	 * ntc-templates parser both require it in the header line, and the
	 * rest of the layout is the same: print it. */
	cli_printf(cli, "access-list %s; %zu elements; name hash: 0x%08x\n", l->name,
		   acl_elements(l), acl_text_hash(l->name, ""));
	for (size_t i = 0; i < l->n; i++) {
		const struct ace *e = l->v[i];
		pr.line = i + 1;
		print_ace(&pr, e, false);
		if (e->proto_group || acl_addr_group(&e->src) || acl_addr_group(&e->dst) ||
		    e->sport.group || e->dport.group)
			print_expanded(&pr, e);
	}
	sb_free(&pr.sb);
}

static int show_access_list(struct cli *cli, struct cli_args *a)
{
	const char *name = cli_get(a, "ACL");
	if (name) {
		const struct acl *l = acl_find(name);
		if (!l)
			return cli_bad(a, "ACL");
		show_list(cli, l);
		return CLI_OK;
	}
	size_t total, denied;
	fw_acl_log_flows(&total, &denied);
	cli_printf(cli,
		   "access-list cached ACL log flows: total %zu, denied %zu (deny-flow-max %d)\n"
		   "            alert-interval %d\n",
		   total, denied, acl_deny_flow_max(), acl_alert_interval());
	for (size_t i = 0; i < acl_count(); i++)
		show_list(cli, acl_at(i));
	return CLI_OK;
}

static int clear_counters(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *name = cli_get(a, "ACL");
	if (name && !acl_find(name))
		return cli_bad(a, "ACL");
	fw_acl_clear_hits(name);
	return CLI_OK;
}

static const struct cli_cmd cmds[] = {
	{"show access-list [ACL:acl]",
	 "Show running system information\nShow hit counters for access policies\n"
	 "Access list identifier",
	 show_access_list, CLI_SHOW | CLI_PRIV},
	{"clear access-list [ACL:acl] counters",
	 "Reset functions\nClear access list\nAccess list identifier\nClear access list counters",
	 clear_counters, CLI_PRIV | CLI_EXEC_ANY},
};

static void acl_show_init(void)
{
	cli_install_all(cli_mode_exec(), cmds);
}
MODULE_INIT(acl_show_init)
