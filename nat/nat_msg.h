/*
 * nat_msg.h — the messages the NAT commands print, in one table.
 * Tags as in reference/cli-behaviour.md: [R] reconstructed from ASA 7.x
 * transcripts seen in public material; recheck against a real box.
 */
#ifndef PIXIE_NAT_MSG_H
#define PIXIE_NAT_MSG_H

/* global (outside) 1 interface                                          [R] */
#define NAT_MSG_IFACE_PAT "INFO: %s interface address added to PAT pool"
/* global (outside) 1 192.0.2.10  (a single address is a PAT address)   [R] */
#define NAT_MSG_GLOBAL_PAT "INFO: Global %s will be Port Address Translated"
/* nat/static NET MASK whose host bits are set                           [R] */
#define NAT_MSG_NOPAIR "ERROR: IP address,mask <%s,%s> doesn't pair"
/* global A-B with B < A                                                 [R] */
#define NAT_MSG_BADRANGE "ERROR: Invalid address range %s-%s"
/* static whose mapped address (and port) is already used; a second line
 * names the static that owns it (nat_fmt_static_brief)                  [R] */
#define NAT_MSG_STATIC_CONFLICT "ERROR: mapped-address conflict with existing static"
/* static whose real address is already mapped between the same two
 * interfaces                                                            [R] */
#define NAT_MSG_STATIC_DUP "ERROR: duplicate of existing static"
/* policy static sharing its mapped address (accepted)                   [R] */
#define NAT_MSG_STATIC_OVERLAP "INFO: overlap with existing static"

#endif
