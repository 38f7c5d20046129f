/*
 * esp_replay.h — the 64-packet anti-replay window of RFC 4303 §3.4.3 and
 * Appendix A (32-bit sequence numbers, no ESN).  Check before the ICV,
 * update only after the ICV verified, so forged packets cannot move it.
 */
#ifndef PIXIE_ESP_REPLAY_H
#define PIXIE_ESP_REPLAY_H
#include <stdbool.h>
#include <stdint.h>

#define ESP_REPLAY_WINDOW 64

struct esp_replay {
	uint32_t top;    /* highest sequence number accepted, 0 = none */
	uint64_t bitmap; /* bit n set: top - n was received */
};

/* May a packet with this sequence number be accepted? (0 never is) */
bool esp_replay_check(const struct esp_replay *r, uint32_t seq);
/* Record seq as received (after esp_replay_check and ICV success). */
void esp_replay_update(struct esp_replay *r, uint32_t seq);
#endif
