/*
 * timeout.h — the "timeout" idle timers (seconds) the conn table, xlates,
 * inspections and cut-through proxy read.  0 means "never".
 */
#ifndef PIXIE_DP_TIMEOUT_H
#define PIXIE_DP_TIMEOUT_H

#include <stdbool.h>

enum timeout_id {
	TMO_XLATE,
	TMO_CONN,
	TMO_HALF_CLOSED,
	TMO_UDP,
	TMO_ICMP,
	TMO_SUNRPC,
	TMO_H323,
	TMO_H225,
	TMO_MGCP,
	TMO_MGCP_PAT,
	TMO_SIP,
	TMO_SIP_MEDIA,
	TMO_SIP_INVITE,
	TMO_SIP_DISCONNECT,
	TMO_UAUTH,            /* absolute */
	TMO_UAUTH_INACTIVITY, /* 0 = not used */
	/* later releases' timers, printed only when set to something else
	 * than their default (a 7.2 running-config has no such lines) */
	TMO_PAT_XLATE,        /* ASA 8.4 */
	TMO_PPTP_GRE,         /* FWSM */
	TMO_SIP_PROVISIONAL,  /* ASA 8.0: sip-provisional-media */
	TMO_TCP_PROXY,        /* ASA 8.0: tcp-proxy-reassembly */
	TMO_FLOATING_CONN,    /* ASA 8.2 */
	TMO_COUNT
};

long timeout_get(enum timeout_id id);

#endif
