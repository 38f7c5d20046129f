/*
 * capture.h — packet captures ("capture NAME interface IF ..."): what the
 * capture modules share (capture.c: the captures, their filters, the tap
 * and the commands; capture_fmt.c: one packet as "show capture" decodes
 * it; capture_pcap.c: "copy /pcap capture:NAME FILE").
 *
 * A capture keeps the frames of its interfaces that pass its filters
 * (ethernet-type, access-list, match), both directions, each cut to
 * packet-length bytes, in a buffer of "buffer" bytes: when it is full the
 * capture stops, or with circular-buffer the oldest frames make room.
 * Captures are EXEC state, as on the ASA: not in the running-config.
 */
#ifndef PIXIE_DP_CAPTURE_H
#define PIXIE_DP_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/iface.h"
#include "dataplane/names.h"
#include "lib/strbuf.h"

#define CAP_NAME_MAX 64
#define CAP_BUFFER_DEFAULT 524288u /* bytes */
#define CAP_BUFFER_MIN 1534u
#define CAP_BUFFER_MAX 33554432u
#define CAP_PKTLEN_DEFAULT 1518u
#define CAP_PKTLEN_MIN 14u
#define CAP_PKTLEN_MAX 1522u
#define CAP_IFS_MAX 8

/* One frame as it was seen (the first caplen of its len bytes). */
struct cap_rec {
	struct cap_rec *next;
	uint64_t ts_us; /* wall clock, microseconds */
	uint32_t len, caplen;
	uint8_t data[];
};

/* "match PROTO SRC [PORTS] DST [PORTS]": both directions match. */
struct cap_match {
	int proto; /* 0 = ip (any) */
	uint32_t src, smask, dst, dmask;
	enum port_op sop, dop;
	int slo, shi, dlo, dhi;
};

struct capture {
	char name[CAP_NAME_MAX + 1];
	char ifs[CAP_IFS_MAX][IFACE_NAME_MAX + 1]; /* nameifs, in the order added */
	size_t nifs;
	char *acl;                /* access-list filter, NULL: none */
	bool has_match;
	struct cap_match m;
	unsigned ethertype;       /* 0: every type */
	uint32_t buffer, pktlen;
	bool circular;
	/* the frames */
	struct cap_rec *head, *tail;
	size_t count;             /* frames held */
	size_t bytes;             /* bytes held (caplen sums) */
	uint64_t first;           /* number of head (1-based): circular drops move it */
	bool full;                /* stopped: the buffer is full */
};

/* Captures in creation order. */
size_t cap_count(void);
struct capture *cap_at(size_t i);
struct capture *cap_find(const char *name);
/* Is there a capture on this interface (packet-tracer's CAPTURE phase)? */
bool cap_on_iface(const char *nameif);

/* ---- decoding (capture_fmt.c) ------------------------------------------ */

/* The decoded text of frame f (len bytes on the wire, caplen kept), as
 * "show capture" prints it after the number and time: one line, or with
 * detail two (the Ethernet header, then the decode indented). */
void cap_fmt_frame(struct strbuf *out, const uint8_t *f, uint32_t caplen, uint32_t len,
		   bool detail);
/* The hex dump lines of "show capture NAME dump". */
void cap_fmt_dump(struct strbuf *out, const uint8_t *f, uint32_t caplen);
/* "HH:MM:SS.uuuuuu" in the box's clock and timezone. */
void cap_fmt_time(char buf[24], uint64_t ts_us);

/* The IPv4 5-tuple of a frame, for the filters: false when it is not
 * IPv4 (or too short).  ICMP: sport = code, dport = type. */
struct cap_tuple {
	uint8_t proto;
	uint32_t src, dst;
	uint16_t sport, dport;
	uint8_t icmp_type, icmp_code;
};
bool cap_frame_tuple(const uint8_t *f, uint32_t caplen, struct cap_tuple *t);

/* ---- pcap (capture_pcap.c) ---------------------------------------------- */

/* Write the frames of c to path as a pcap file (link type Ethernet).
 * Returns the number of frames written, or -1 with *err set to a reason. */
long cap_write_pcap(const struct capture *c, const char *path, const char **err);
/* The same file in memory (*buf malloc'd, the caller frees it). */
long cap_pcap_bytes(const struct capture *c, char **buf, size_t *len, const char **err);

#endif
