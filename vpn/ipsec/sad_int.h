/*
 * sad_int.h — what the ESP path (esp_in.c, esp_out.c), the show commands
 * and the tests need from the SA database beyond the IKE contract (sad.h):
 * direct access to a pair's two SAs, selector lookups, per-packet lifetime
 * accounting and a clock the unit tests drive.
 */
#ifndef PIXIE_SAD_INT_H
#define PIXIE_SAD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vpn/ipsec/sad.h"

struct sad_pair {
	uint32_t id;
	struct sad_params prm;  /* key_in/key_out wiped: the keys live in the SAs */
	struct esp_sa *in, *out;
	uint64_t t0_ms;         /* creation, sad_now_ms() */
	uint64_t soft_ms, hard_ms; /* deadlines, 0 = none */
	uint64_t soft_bytes, hard_bytes; /* kB lifetime in bytes, 0 = none */
	bool soft_done;         /* soft_expire called */
	bool dying;             /* hard_expire running: no second expiry */
	struct ev_timer *timer;
	struct sad_pair *hnext; /* chain of the remote-host index */
	size_t slot;            /* index in the creation-order vector */
	/* show crypto ipsec sa's fragmentation lines (post-encryption
	 * fragmentation, the ASA's default) */
	uint64_t frag_ok, frags_created, pmtu_sent;
};

/* The pair of an id / inbound SPI, NULL when none. */
struct sad_pair *sad_pair(uint32_t id);
struct sad_pair *sad_pair_by_spi_in(uint32_t spi);

/* Outbound: the newest pair whose selectors cover a packet leaving with
 * these headers (local_id = source side, remote_id = destination side),
 * in the given mode.  NULL when none. */
struct sad_pair *sad_match_out(enum esp_mode mode, uint32_t src, uint32_t dst, uint8_t proto,
			       uint16_t sport, uint16_t dport);
/* The newest pair negotiated for static crypto map entry (map, seq) whose
 * selectors cover the packet. */
struct sad_pair *sad_match_entry(const char *map, unsigned long seq, uint32_t src, uint32_t dst,
				 uint8_t proto, uint16_t sport, uint16_t dport);

/* Does a selector cover an address/protocol/port? */
bool sad_sel_match(const struct ipsec_sel *s, uint32_t addr, uint8_t proto, uint16_t port);

/* After a packet went through one of the pair's SAs: checks the kB
 * lifetimes (soft: the hook once; hard: the pair is deleted).  false when
 * the pair is gone now (do not touch it after). */
bool sad_account(struct sad_pair *sp);

/* Remaining seconds of the pair's lifetime (0 when none configured), and
 * remaining kB. */
unsigned long sad_remaining_sec(const struct sad_pair *sp);
unsigned long sad_remaining_kb(const struct sad_pair *sp, bool outbound);

/* The hooks IKE installed. */
const struct sad_hooks *sad_hooks_get(void);
sad_natt_ike_fn sad_natt_ike_input(void);

/* Clock: milliseconds, the event loop's unless a test set one. */
uint64_t sad_now_ms(void);
void sad_set_test_clock(uint64_t ms); /* 0: back to the loop's clock */
/* Run the lifetime checks the timers would run at the current clock
 * (tests, which do not run the event loop). */
void sad_tick(void);

/* "esp-3des", "esp-md5-hmac": the transform names of show crypto ipsec sa. */
const char *sad_cipher_kw(enum esp_cipher c);
const char *sad_mac_kw(enum esp_mac m);

#endif
