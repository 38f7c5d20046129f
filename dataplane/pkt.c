/*
 * pkt.c — packet buffers.  A struct pkt holds one frame with headroom for
 * the Ethernet/802.1Q header; buffers are recycled through a free list so
 * the packet path does not call malloc per packet.  The list is bounded:
 * a burst that needed many buffers gives them back to malloc afterwards.
 */
#include <stdlib.h>
#include <string.h>

#include "dataplane/dp.h"
#include "lib/xalloc.h"

#define PKT_FREE_MAX 4096

static struct pkt *free_list;
static size_t nfree;

struct pkt *pkt_alloc(void)
{
	struct pkt *p = free_list;
	if (p) {
		free_list = p->next;
		nfree--;
	} else {
		p = xmalloc(sizeof *p);
	}
	p->data = p->buf + PKT_HEADROOM;
	p->len = 0;
	p->in = NULL;
	p->l3 = 0;
	p->vlan = 0;
	p->ipsec_sa = 0;
	p->ts_us = 0;
	p->next = NULL;
	return p;
}

void pkt_free(struct pkt *p)
{
	if (!p)
		return;
	if (nfree >= PKT_FREE_MAX) {
		free(p);
		return;
	}
	p->next = free_list;
	free_list = p;
	nfree++;
}

struct pkt *pkt_clone(const struct pkt *p)
{
	struct pkt *c = pkt_alloc();
	size_t off = (size_t)(p->data - p->buf);
	c->data = c->buf + off;
	memcpy(c->data, p->data, p->len);
	c->len = p->len;
	c->in = p->in;
	c->l3 = p->l3;
	c->vlan = p->vlan;
	c->ipsec_sa = p->ipsec_sa;
	c->ts_us = p->ts_us;
	return c;
}

uint8_t *pkt_push(struct pkt *p, uint32_t len)
{
	if ((size_t)(p->data - p->buf) < len)
		return NULL;
	p->data -= len;
	p->len += len;
	return p->data;
}

void pkt_pull(struct pkt *p, uint32_t len)
{
	if (len > p->len)
		len = p->len;
	p->data += len;
	p->len -= len;
}

/* Room at the end of the buffer after data + len. */
uint32_t pkt_tailroom(const struct pkt *p)
{
	return (uint32_t)(sizeof p->buf - (size_t)(p->data - p->buf) - p->len);
}

/* Give the free list back (tests, exit). */
void pkt_pool_drain(void)
{
	while (free_list) {
		struct pkt *p = free_list;
		free_list = p->next;
		free(p);
	}
	nfree = 0;
}
