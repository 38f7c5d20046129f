/*
 * fw_conn.h — the life of a conn as the firewall sees it: opening one
 * for a permitted first packet (302013/302015/302020 and the xlates and
 * local hosts it holds), TCP state tracking, idle timeouts by state, and
 * tearing it down with its reason (302014/302016/302021).
 */
#ifndef PIXIE_DP_FW_CONN_H
#define PIXIE_DP_FW_CONN_H

#include <stdbool.h>
#include <stdint.h>

#include "dataplane/conn.h"
#include "dataplane/fw_int.h"

/* A conn for flow f as the verdict v decided, with its two keys. */
struct conn *fw_conn_open(const struct fw_verdict *v, const struct ckey *k0,
			  const struct ckey *k1, const struct fw_pkt *pk);
void fw_conn_close(struct conn *c, const char *reason);
/* A TCP conn completed its handshake. */
void fw_conn_established(struct conn *c);

/* Side s (0 initiator, 1 responder) is on the higher-security interface? */
static inline bool fw_conn_side_high(const struct conn *c, int s)
{
	return (c->flags & CF_OUTBOUND) ? s == 0 : s == 1;
}

/* TCP: check and account one packet of side `side`.  0 = forward it
 * (then *close, when set, is the teardown reason to apply after), else
 * the asp drop reason. */
int tcp_track(struct conn *c, int side, const struct fw_pkt *pk, const char **close);
void tcp_start(struct conn *c, const struct fw_pkt *syn);

/* Idle timeout of c in its current state (0: never). */
uint32_t fw_conn_timeout(const struct conn *c);
/* Look at c again when that timeout, counted from its last packet, ends. */
void fw_conn_schedule(struct conn *c);
void fw_conn_advance(uint32_t now);
/* Every conn's timer again (the timeouts changed). */
void fw_conn_retime(void);
/* Conns on interfaces that lost their name. */
void fw_conn_sweep_dead(void);

/* Tear down every conn for which match(c, ctx) is true (match NULL: all)
 * with this teardown reason (NULL: silently); returns how many. */
size_t fw_conn_clear(bool (*match)(const struct conn *c, void *ctx), void *ctx,
		     const char *reason);

/* "saA", "UIO", "-" ... */
const char *fw_conn_flags(const struct conn *c, char buf[16]);
/* Protocol word of show conn / syslog ("TCP", "UDP", "ICMP", "GRE", "47"). */
const char *fw_proto_upper(uint8_t proto, char buf[8]);

#endif
