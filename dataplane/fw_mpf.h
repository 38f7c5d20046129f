/*
 * fw_mpf.h — "set connection" of the Modular Policy Framework in the
 * packet path (fw_mpf.c): the class of a service policy a new TCP or UDP
 * conn belongs to, decided once on its first packet, that class's limits
 * (conn-max, embryonic-conn-max, per-client-max, per-client-embryonic-max)
 * and idle timeouts (set connection timeout embryonic|half-closed|tcp
 * [reset]), and the counters show service-policy prints.
 *
 * A conn names its class by a rule number in struct conn.mpf (0: none).
 * Rules never point into the configuration: a rule is a copy of one class
 * of one service policy (interface or global) with its settings, kept
 * while conns use it, so a conn keeps the settings it was made with when
 * the configuration changes (as the ASA does) and a removed class leaves
 * nothing dangling.
 */
#ifndef PIXIE_DP_FW_MPF_H
#define PIXIE_DP_FW_MPF_H

#include <stdbool.h>
#include <stdint.h>

struct conn;
struct fw_flow;
struct fw_pkt;
struct fw_verdict;

/* A new stateful flow: find its class (the ingress interface's service
 * policy, then the global one; the first class with "set connection" that
 * matches) and check the class's limits.  false: a limit is reached (the
 * syslog message is written and the class's drop counter counted; the
 * caller drops with DROP_CONN_LIMIT).  *rule is what to give
 * fw_mpf_attach() once the conn exists (0: no class). */
bool fw_mpf_admit(const struct fw_flow *f, const struct fw_verdict *v, const struct fw_pkt *pk,
		  uint16_t *rule);
/* The conn for an admitted flow was made: it now counts in its class and
 * is timed by the class's timeouts. */
void fw_mpf_attach(struct conn *c, uint16_t rule);
/* A TCP conn of a class completed its handshake (no longer embryonic). */
void fw_mpf_established(struct conn *c);
/* A conn goes: it leaves its class's counts. */
void fw_mpf_closed(struct conn *c);
/* The class's idle timeout for c in its state (true, *secs; 0 = never), or
 * false when the class does not set it (the global timeouts apply). */
bool fw_mpf_timeout(const struct conn *c, uint32_t *secs);
/* c is about to be torn down by its idle timer: with "set connection
 * timeout tcp ... reset" an idle established conn is reset towards both
 * ends first. */
void fw_mpf_idle_expire(const struct conn *c);
/* "set connection random-sequence-number disable" in the conn's class? */
bool fw_mpf_random_seq_disabled(uint16_t rule);

/* show service-policy: the counters of class cls of policy-map policy as
 * applied to interface ifname (NULL: the global service policy); zeros
 * when the dataplane has no such class. */
struct fw_mpf_stats {
	uint64_t current, embryonic, drops;
};
void fw_mpf_stats(const char *ifname, const char *policy, const char *cls,
		  struct fw_mpf_stats *st);

#endif
