/* esp_replay.c — RFC 4303 Appendix A sliding window, 64 packets. */
#include "vpn/ipsec/esp_replay.h"

bool esp_replay_check(const struct esp_replay *r, uint32_t seq)
{
	if (seq == 0)
		return false;
	if (seq > r->top)
		return true;
	uint32_t diff = r->top - seq;
	if (diff >= ESP_REPLAY_WINDOW)
		return false; /* left of the window: too old */
	return !(r->bitmap & (UINT64_C(1) << diff));
}

void esp_replay_update(struct esp_replay *r, uint32_t seq)
{
	if (seq > r->top) {
		uint32_t shift = seq - r->top;
		r->bitmap = shift >= ESP_REPLAY_WINDOW
				    ? 1 : (r->bitmap << shift) | 1;
		r->top = seq;
	} else if (r->top - seq < ESP_REPLAY_WINDOW) {
		r->bitmap |= UINT64_C(1) << (r->top - seq);
	}
}
