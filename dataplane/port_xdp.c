/*
 * port_xdp.c — AF_XDP I/O for port.c, chosen with PIXIE_IO=xdp.
 *
 * Why: on veth, an AF_PACKET receive costs the kernel's whole skb receive
 * path plus the copy into the TPACKET ring.  With an XDP program on the
 * device, the frame is redirected to an AF_XDP socket straight from the
 * veth's NAPI poll (which runs where the peer transmitted) and copied into
 * our UMEM: no netif_receive_skb, no taps, no ingress hook.
 *
 * No libbpf/libxdp: the program is six hand-written instructions,
 *     return bpf_redirect_map(&xsks, ctx->rx_queue_index, XDP_PASS);
 * loaded and attached with the bpf() system call.  It is attached through a
 * BPF link, so it is detached when the link's descriptor closes -- at
 * xport_close or when the process dies, whatever the way.
 *
 * Layout: one UMEM of XP_FRAMES 4 KiB frames per socket; the first half
 * is lent to the kernel through the fill ring for receive (each frame goes
 * back to the fill ring as soon as its content was handed up), the second
 * half is a free stack of transmit frames, returned by the completion ring.
 * Copy mode (veth has no zero-copy): receive copies skb -> UMEM, the
 * caller copies UMEM -> struct pkt; transmit copies pkt -> UMEM, and the
 * kernel builds an skb from it in sendto() (at most 32 frames per call,
 * hence the kick loop).
 *
 * Limits: queue 0 only (a device with more receive queues passes frames of
 * the others to the kernel); no checksum-offload metadata, so a peer must
 * send complete checksums (offloads off, as the tests and bench do); no
 * frames larger than a UMEM frame (about 3.8 KiB); the 802.1Q tag of a
 * peer that inserts it in hardware (veth txvlan on) is not seen.
 */
#define _GNU_SOURCE
#include "dataplane/port_xdp.h"

#include <errno.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/xalloc.h"

#define XP_FRAME 4096u
#define XP_RX_FRAMES 2048u /* = fill and rx ring sizes */
#define XP_TX_FRAMES 2048u /* = tx and completion ring sizes */
#define XP_FRAMES (XP_RX_FRAMES + XP_TX_FRAMES)
#define XP_KICKS 8 /* sendto() calls per flush: 32 frames each */

/* One mapped ring: producer/consumer indexes shared with the kernel. */
struct xring {
	uint32_t *prod, *cons, *flags;
	void *desc; /* struct xdp_desc[] (rx/tx) or uint64_t[] (fill/comp) */
	uint32_t mask;
	void *map;
	size_t map_len;
};

struct xport {
	int fd, map_fd, prog_fd, link_fd;
	uint8_t *umem;
	struct xring rx, tx, fill, comp;
	uint64_t free_tx[XP_TX_FRAMES]; /* transmit frames not in the kernel */
	unsigned nfree;
	bool tx_hard_error; /* the last kick failed for good (device down) */
	uint64_t drops_seen;
};

bool xport_wanted(void)
{
	const char *io = getenv("PIXIE_IO");
	return io && !strcmp(io, "xdp");
}

/* ---- the bpf() system call ---------------------------------------------- */

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	long r = syscall(__NR_bpf, cmd, attr, sizeof *attr);
	return r < 0 ? -errno : (int)r;
}

static int map_create(void)
{
	union bpf_attr a;
	memset(&a, 0, sizeof a);
	a.map_type = BPF_MAP_TYPE_XSKMAP;
	a.key_size = 4;
	a.value_size = 4;
	a.max_entries = 1;
	return sys_bpf(BPF_MAP_CREATE, &a);
}

static int map_set(int map_fd, uint32_t key, uint32_t value)
{
	union bpf_attr a;
	memset(&a, 0, sizeof a);
	a.map_fd = (uint32_t)map_fd;
	a.key = (uint64_t)(uintptr_t)&key;
	a.value = (uint64_t)(uintptr_t)&value;
	return sys_bpf(BPF_MAP_UPDATE_ELEM, &a);
}

static int prog_load(int map_fd)
{
	struct bpf_insn insns[] = {
		/* r2 = ctx->rx_queue_index */
		{.code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = BPF_REG_2, .src_reg = BPF_REG_1,
		 .off = offsetof(struct xdp_md, rx_queue_index)},
		/* r1 = &xsks (a 16-byte load of the map's descriptor) */
		{.code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = BPF_REG_1,
		 .src_reg = BPF_PSEUDO_MAP_FD, .imm = map_fd},
		{0},
		/* r3 = XDP_PASS: what happens when the queue has no socket */
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_3, .imm = XDP_PASS},
		{.code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_redirect_map},
		{.code = BPF_JMP | BPF_EXIT},
	};
	static char log[4096];
	union bpf_attr a;
	memset(&a, 0, sizeof a);
	a.prog_type = BPF_PROG_TYPE_XDP;
	a.expected_attach_type = BPF_XDP;
	a.insns = (uint64_t)(uintptr_t)insns;
	a.insn_cnt = sizeof insns / sizeof insns[0];
	/* the kernel's licence check for helpers; the program is ours */
	a.license = (uint64_t)(uintptr_t) "GPL";
	a.log_buf = (uint64_t)(uintptr_t)log;
	a.log_size = sizeof log;
	a.log_level = 1;
	snprintf(a.prog_name, sizeof a.prog_name, "pixie_xsk");
	int fd = sys_bpf(BPF_PROG_LOAD, &a);
	if (fd == -ENOSPC || fd == -EACCES || fd == -EINVAL)
		fprintf(stderr, "pixie: AF_XDP: the verifier refused the program: %s\n", log);
	return fd;
}

static int link_attach(int prog_fd, int ifindex, uint32_t flags)
{
	union bpf_attr a;
	memset(&a, 0, sizeof a);
	a.link_create.prog_fd = (uint32_t)prog_fd;
	a.link_create.target_ifindex = (uint32_t)ifindex;
	a.link_create.attach_type = BPF_XDP;
	a.link_create.flags = flags;
	return sys_bpf(BPF_LINK_CREATE, &a);
}

/* ---- rings ------------------------------------------------------------------- */

static int ring_map(int fd, struct xring *r, const struct xdp_ring_offset *o, uint32_t n,
		    size_t esize, off_t pgoff)
{
	r->map_len = o->desc + n * esize;
	r->map = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, pgoff);
	if (r->map == MAP_FAILED) {
		r->map = NULL;
		return -errno;
	}
	uint8_t *b = r->map;
	r->prod = (uint32_t *)(b + o->producer);
	r->cons = (uint32_t *)(b + o->consumer);
	r->flags = (uint32_t *)(b + o->flags);
	r->desc = b + o->desc;
	r->mask = n - 1;
	return 0;
}

static void ring_unmap(struct xring *r)
{
	if (r->map)
		munmap(r->map, r->map_len);
	r->map = NULL;
}

static inline uint32_t load_acq(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void store_rel(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* Give frame addr to the kernel for receiving (there is always room: the
 * fill ring is as big as the receive half of the UMEM). */
static void fill_put(struct xport *x, uint64_t addr)
{
	uint32_t p = *x->fill.prod;
	((uint64_t *)x->fill.desc)[p & x->fill.mask] = addr;
	store_rel(x->fill.prod, p + 1);
}

/* Transmit frames the kernel is done with go back on the free stack. */
static void comp_reap(struct xport *x)
{
	uint32_t c = *x->comp.cons, p = load_acq(x->comp.prod);
	for (; c != p; c++)
		x->free_tx[x->nfree++] = ((uint64_t *)x->comp.desc)[c & x->comp.mask];
	store_rel(x->comp.cons, c);
}

/* ---- open / close ---------------------------------------------------------- */

void xport_close(struct xport *x)
{
	if (!x)
		return;
	if (x->link_fd >= 0)
		close(x->link_fd); /* detaches the program */
	if (x->prog_fd >= 0)
		close(x->prog_fd);
	if (x->map_fd >= 0)
		close(x->map_fd);
	ring_unmap(&x->rx);
	ring_unmap(&x->tx);
	ring_unmap(&x->fill);
	ring_unmap(&x->comp);
	if (x->fd >= 0)
		close(x->fd);
	if (x->umem)
		munmap(x->umem, (size_t)XP_FRAMES * XP_FRAME);
	free(x);
}

static int xsk_setup(struct xport *x, int ifindex)
{
	x->fd = socket(AF_XDP, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (x->fd < 0)
		return -errno;
	x->umem = mmap(NULL, (size_t)XP_FRAMES * XP_FRAME, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (x->umem == MAP_FAILED) {
		x->umem = NULL;
		return -errno;
	}
	struct xdp_umem_reg mr = {.addr = (uint64_t)(uintptr_t)x->umem,
				  .len = (uint64_t)XP_FRAMES * XP_FRAME,
				  .chunk_size = XP_FRAME};
	unsigned nrx = XP_RX_FRAMES, ntx = XP_TX_FRAMES;
	if (setsockopt(x->fd, SOL_XDP, XDP_UMEM_REG, &mr, sizeof mr) < 0 ||
	    setsockopt(x->fd, SOL_XDP, XDP_UMEM_FILL_RING, &nrx, sizeof nrx) < 0 ||
	    setsockopt(x->fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, &ntx, sizeof ntx) < 0 ||
	    setsockopt(x->fd, SOL_XDP, XDP_RX_RING, &nrx, sizeof nrx) < 0 ||
	    setsockopt(x->fd, SOL_XDP, XDP_TX_RING, &ntx, sizeof ntx) < 0)
		return -errno;
	struct xdp_mmap_offsets off;
	socklen_t len = sizeof off;
	if (getsockopt(x->fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &len) < 0)
		return -errno;
	int rc;
	if ((rc = ring_map(x->fd, &x->rx, &off.rx, nrx, sizeof(struct xdp_desc),
			   XDP_PGOFF_RX_RING)) < 0 ||
	    (rc = ring_map(x->fd, &x->tx, &off.tx, ntx, sizeof(struct xdp_desc),
			   XDP_PGOFF_TX_RING)) < 0 ||
	    (rc = ring_map(x->fd, &x->fill, &off.fr, nrx, sizeof(uint64_t),
			   (off_t)XDP_UMEM_PGOFF_FILL_RING)) < 0 ||
	    (rc = ring_map(x->fd, &x->comp, &off.cr, ntx, sizeof(uint64_t),
			   (off_t)XDP_UMEM_PGOFF_COMPLETION_RING)) < 0)
		return rc;
	for (unsigned i = 0; i < XP_RX_FRAMES; i++)
		fill_put(x, (uint64_t)i * XP_FRAME);
	for (unsigned i = 0; i < XP_TX_FRAMES; i++)
		x->free_tx[x->nfree++] = (uint64_t)(XP_RX_FRAMES + i) * XP_FRAME;
	struct sockaddr_xdp sx = {.sxdp_family = AF_XDP,
				  .sxdp_ifindex = (uint32_t)ifindex,
				  .sxdp_queue_id = 0,
				  .sxdp_flags = XDP_COPY};
	if (bind(x->fd, (struct sockaddr *)&sx, sizeof sx) < 0)
		return -errno;
	return 0;
}

int xport_open(const char *dev, int ifindex, struct xport **out)
{
	struct xport *x = xcalloc(1, sizeof *x);
	x->fd = x->map_fd = x->prog_fd = x->link_fd = -1;
	const char *step = "socket";
	int rc = xsk_setup(x, ifindex);
	if (rc < 0)
		goto fail;
	step = "map";
	if ((rc = x->map_fd = map_create()) < 0)
		goto fail;
	if ((rc = map_set(x->map_fd, 0, (uint32_t)x->fd)) < 0)
		goto fail;
	step = "program";
	if ((rc = x->prog_fd = prog_load(x->map_fd)) < 0)
		goto fail;
	step = "attach";
	x->link_fd = link_attach(x->prog_fd, ifindex, XDP_FLAGS_DRV_MODE);
	if (x->link_fd < 0) {
		int drv = x->link_fd;
		x->link_fd = link_attach(x->prog_fd, ifindex, XDP_FLAGS_SKB_MODE);
		if (x->link_fd >= 0)
			fprintf(stderr, "pixie: AF_XDP on %s: native XDP refused (%s), "
					"generic XDP used (slower)\n", dev, strerror(-drv));
	}
	if ((rc = x->link_fd) < 0)
		goto fail;
	*out = x;
	return 0;
fail:
	/* a queue another socket (process) holds, or a device that already
	 * has an XDP program: not port_bind's "mapped twice" (EBUSY) */
	if (rc == -EBUSY || rc == -EEXIST)
		rc = -EADDRINUSE;
	fprintf(stderr, "pixie: AF_XDP on %s: %s: %s%s\n", dev, step, strerror(-rc),
		rc == -EAFNOSUPPORT || rc == -ENOSYS || rc == -EINVAL || rc == -EPERM
			? " (AF_XDP/BPF not supported or not permitted here)"
			: "");
	xport_close(x);
	return rc;
}

int xport_fd(const struct xport *x)
{
	return x->fd;
}

/* ---- receive ---------------------------------------------------------------- */

unsigned xport_rx(struct xport *x, unsigned budget, xport_rx_fn fn, void *ctx)
{
	uint32_t c = *x->rx.cons, p = load_acq(x->rx.prod);
	unsigned n = 0;
	const struct xdp_desc *d = x->rx.desc;
	for (; c != p && n < budget; c++, n++) {
		const struct xdp_desc *e = &d[c & x->rx.mask];
		fn(ctx, x->umem + e->addr, e->len);
		/* aligned mode: the kernel takes the frame whatever its offset */
		fill_put(x, e->addr & ~(uint64_t)(XP_FRAME - 1));
	}
	store_rel(x->rx.cons, c);
	return n;
}

uint64_t xport_rx_drops(struct xport *x)
{
	struct xdp_statistics st;
	socklen_t len = sizeof st;
	if (getsockopt(x->fd, SOL_XDP, XDP_STATISTICS, &st, &len) < 0)
		return 0;
	uint64_t all = st.rx_dropped + st.rx_ring_full + st.rx_fill_ring_empty_descs;
	uint64_t d = all - x->drops_seen;
	x->drops_seen = all;
	return d;
}

/* ---- transmit ---------------------------------------------------------------- */

/* In copy mode sendto() makes the kernel transmit up to 32 descriptors of
 * the ring (EAGAIN: more remain); the peer's full queue says ENOBUFS/EBUSY
 * (try later), a device that is down ENETDOWN (the frames wait in the
 * ring until it is up again, without a retry timer). */
static void kick(struct xport *x)
{
	x->tx_hard_error = false;
	for (int i = 0; i < XP_KICKS && load_acq(x->tx.cons) != *x->tx.prod; i++) {
		if (sendto(x->fd, NULL, 0, MSG_DONTWAIT, NULL, 0) >= 0)
			continue;
		if (errno == EAGAIN || errno == EINTR)
			continue;
		if (errno != ENOBUFS && errno != EBUSY)
			x->tx_hard_error = true;
		break;
	}
	comp_reap(x);
}

unsigned xport_tx(struct xport *x, struct pkt *const *v, unsigned n, unsigned *bad)
{
	comp_reap(x);
	uint32_t prod = *x->tx.prod;
	struct xdp_desc *d = x->tx.desc;
	unsigned i = 0;
	*bad = 0;
	for (; i < n; i++) {
		const struct pkt *p = v[i];
		if (p->len > XP_FRAME) {
			++*bad;
			continue;
		}
		if (!x->nfree)
			break; /* every transmit frame is in the kernel */
		uint64_t addr = x->free_tx[--x->nfree];
		memcpy(x->umem + addr, p->data, p->len);
		d[prod & x->tx.mask] = (struct xdp_desc){.addr = addr, .len = p->len};
		prod++;
	}
	store_rel(x->tx.prod, prod);
	kick(x);
	return i;
}

bool xport_tx_pending(struct xport *x)
{
	if (load_acq(x->tx.cons) == *x->tx.prod) {
		comp_reap(x);
		return false;
	}
	if (x->tx_hard_error)
		return false;
	kick(x);
	return load_acq(x->tx.cons) != *x->tx.prod && !x->tx_hard_error;
}
