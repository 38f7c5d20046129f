/* nat_write.h — show running-config lines of the NAT feature. */
#ifndef PIXIE_NAT_WRITE_H
#define PIXIE_NAT_WRITE_H

#include <stddef.h>

#include "nat/nat_conf.h"

struct strbuf;
/* One canonical line (without newline) appended to sb. */
void nat_fmt_global(struct strbuf *sb, const struct nat_global *g);
void nat_fmt_rule(struct strbuf *sb, const struct nat_rule *r);
void nat_fmt_static(struct strbuf *sb, const struct nat_static *s);
/* The short form the ASA quotes under a static conflict, e.g.
 * "TCP inside:10.1.1.16/8080 to outside:10.5.80.16/80 netmask 255.255.255.240". */
void nat_fmt_static_brief(struct strbuf *sb, const struct nat_static *s);
/* Register the writers and the reset hook with conf/. */
void nat_write_register(void);

#endif
