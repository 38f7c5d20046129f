/*
 * ike_box.c — the box's IKE context: UDP 500 from the dataplane (and IKE
 * on 4500 from the ESP path, marker removed), datagrams out through
 * ip_send, and the SAD's hooks (rekey on soft expiry, delete notify on
 * hard expiry, initiation for static crypto maps).
 */
#include <string.h>

#include "dataplane/dp.h"
#include "dataplane/iface.h"
#include "dataplane/proto.h"
#include "lib/module.h"
#include "vpn/crypto_conf.h"
#include "vpn/ike/ike_int.h"

static struct ike_ctx *box;

static void box_send(void *arg, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
		     const uint8_t *payload, size_t len)
{
	(void)arg;
	struct pkt *p = pkt_alloc();
	if (!p)
		return;
	if (len + UDP_HLEN > pkt_tailroom(p)) {
		pkt_free(p);
		return;
	}
	uint8_t *u = p->data;
	wr16(u, sport);
	wr16(u + 2, dport);
	wr16(u + 4, (uint16_t)(len + UDP_HLEN));
	wr16(u + 6, 0);
	memcpy(u + UDP_HLEN, payload, len);
	p->len = (uint32_t)(len + UDP_HLEN);
	ip_send(p, dst, src, IPPROTO_UDP_);
	/* timers (retransmission, DPD, keepalives) send outside the
	 * dataplane's receive loop: push the frame out now */
	port_flush();
}

struct ike_ctx *ike_box(void)
{
	if (!box) {
		struct ike_io io = {box_send, NULL};
		box = ike_ctx_new(&io);
		box->is_box = true;
	}
	return box;
}

static bool udp500(struct iface *ifp, struct pkt *p, uint32_t src, uint16_t sport, uint32_t dst,
		   uint16_t dport, const uint8_t *payload, size_t len)
{
	if (!ifp || !isakmp_enabled_on(ifp->nameif))
		return false; /* not listening there: as a closed port */
	ike_input(ike_box(), src, sport, dst, dport, false, payload, len);
	pkt_free(p);
	return true;
}

static void natt_in(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
		    const uint8_t *msg, size_t len)
{
	ike_input(ike_box(), src, sport, dst, dport, true, msg, len);
}

/* ---- SAD hooks ------------------------------------------------------------- */

static struct ike_sa *sa_for_pair(const struct sad_params *p)
{
	struct ike_sa *sa = NULL;
	for (struct ike_sa *s = ike_box()->sas; s; s = s->next)
		if (s->id == p->ike_id && s->st == MM_ACTIVE)
			return s;
	sa = ike_sa_active_to(ike_box(), p->peer);
	return sa;
}

static void soft_expire(uint32_t id)
{
	const struct sad_params *p = sad_params(id);
	if (!p || p->kind != SAD_L2L)
		return; /* remote-access clients rekey themselves */
	struct cmap *cm = cmap_find(&crypto_conf()->maps, p->map);
	struct cmap_entry *e = cm ? cmap_entry_find(cm, p->map_seq) : NULL;
	if (!e || e->dynamic)
		return;
	struct ike_sa *sa = sa_for_pair(p);
	if (sa)
		ike_qm_start(sa, p->map, p->map_seq, &p->local_id, &p->remote_id, id);
	else
		ike_initiate(ike_box(), p->local, p->peer, p->map, p->map_seq, &p->local_id,
			     &p->remote_id);
}

static void hard_expire(uint32_t id)
{
	const struct sad_params *p = sad_params(id);
	struct ike_sa *sa = p ? sa_for_pair(p) : NULL;
	if (sa)
		ike_send_delete_spi(sa, p->spi_in);
}

static void acquire(const char *map, unsigned long seq, const char *ifname,
		    const struct ipsec_sel *local, const struct ipsec_sel *remote)
{
	struct cmap *cm = cmap_find(&crypto_conf()->maps, map);
	struct cmap_entry *e = cm ? cmap_entry_find(cm, seq) : NULL;
	struct iface *ifp = ifname ? iface_find_name(ifname) : NULL;
	if (!e || !e->npeers || !ifp || !ifp->has_ip || e->conn == CONN_ANSWER_ONLY)
		return;
	if (!isakmp_enabled_on(ifname))
		return;
	ike_initiate(ike_box(), ifp->ip, e->peers[0], map, seq, local, remote);
}

static void ike_box_init(void)
{
	local_udp_register(500, udp500);
	sad_set_natt_ike_input(natt_in);
	static const struct sad_hooks h = {soft_expire, hard_expire, acquire};
	sad_set_hooks(&h);
}

MODULE_INIT(ike_box_init)
