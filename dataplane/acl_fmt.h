/* acl_fmt.h — text of an access-list entry (internal to dataplane/). */
#ifndef PIXIE_DP_ACL_FMT_H
#define PIXIE_DP_ACL_FMT_H

#include "dataplane/acl.h"
#include "lib/strbuf.h"

enum acl_fmt_mode {
	FMT_RUN,  /* show running-config: as configured, names substituted */
	FMT_SHOW, /* show access-list: log defaults spelled out */
	FMT_KEY,  /* identity of an entry: no name substitution */
};

/* Append the entry's text after "access-list NAME " (no line number). */
void acl_fmt(struct strbuf *sb, const struct ace *e, enum acl_fmt_mode mode);
/* Append " any" / " host A" / " A M" / " object-group G". */
void acl_fmt_addr(struct strbuf *sb, const struct acl_addr *a, enum acl_fmt_mode mode);
/* Port names printed for this entry's protocol. */
enum port_proto acl_port_pp(const struct ace *e);

#endif
