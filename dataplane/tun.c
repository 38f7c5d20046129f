/*
 * tun.c — the host-stack mirror (see tun.h): the TUN devices, the routes
 * mirrored into the kernel, and the two directions of packets between
 * them and the dataplane.
 *
 * The mirror follows the configuration through dp_on_change(): after
 * every change of interfaces, addresses, link states or routes it makes
 * the devices match (created, addressed, up/down, removed) and replaces
 * the routes it installed.  Everything is done with ioctls on the
 * namespace's own sockets (no external tools), and every failure is
 * reported once on stderr with its reason; the box keeps working without
 * the mirror.  The devices are not persistent: they go with the process.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dataplane/dp_int.h"
#include "dataplane/port.h"
#include "dataplane/proto.h"
#include "dataplane/route.h"
#include "dataplane/tun.h"
#include "lib/evloop.h"
#include "lib/module.h"
#include "lib/xalloc.h"

#define TUN_MAX 64
#define TUN_BUDGET 64 /* packets read per readiness callback */

struct tun {
	char nameif[IFACE_NAME_MAX + 1];
	char dev[IFNAMSIZ];
	int fd;
	uint32_t ip, mask;
	int mtu;
	bool up;
};

static struct tun *tuns[TUN_MAX];
static size_t ntuns;
static int ctl_fd = -1;
static bool enabled, tried, failed;

/* Routes installed in the kernel (to take them back on the next change). */
struct kroute {
	uint32_t net, mask;
	int metric;
	char dev[IFNAMSIZ];
};
static struct kroute *kroutes;
static size_t nkroutes;

/* Mapped devices whose rp_filter was changed (restored at exit). */
struct rpf {
	char path[96];
	char old[8];
};
static struct rpf rpfs[TUN_MAX + 1];
static size_t nrpfs;

static void warn(const char *what, const char *dev, int err)
{
	fprintf(stderr, "pixie: host-stack mirror: %s %s: %s\n", what, dev, strerror(err));
}

bool tun_active(void)
{
	return enabled && !failed;
}

static struct tun *tun_by_name(const char *nameif)
{
	for (size_t i = 0; i < ntuns; i++)
		if (!strcmp(tuns[i]->nameif, nameif))
			return tuns[i];
	return NULL;
}

const char *tun_dev(const char *nameif)
{
	struct tun *t = nameif ? tun_by_name(nameif) : NULL;
	return t ? t->dev : "";
}

bool tun_up(const char *nameif)
{
	struct tun *t = nameif ? tun_by_name(nameif) : NULL;
	return t && t->up;
}

/* ---- sysctl files -------------------------------------------------------- */

static bool read_file(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	bool ok = fgets(buf, (int)n, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

static int write_file(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -errno;
	int rc = fputs(val, f) < 0 ? -EIO : 0;
	if (fclose(f) != 0 && !rc)
		rc = -errno;
	return rc;
}

/* Set a sysctl, remembering the old value to restore at exit. */
static void sysctl_set(const char *path, const char *val)
{
	char old[8];
	if (!read_file(path, old, sizeof old) || !strcmp(old, val))
		return;
	int rc = write_file(path, val);
	if (rc < 0) {
		warn("cannot write", path, -rc);
		return;
	}
	if (nrpfs < sizeof rpfs / sizeof rpfs[0]) {
		snprintf(rpfs[nrpfs].path, sizeof rpfs[nrpfs].path, "%s", path);
		snprintf(rpfs[nrpfs].old, sizeof rpfs[nrpfs].old, "%s", old);
		nrpfs++;
	}
}

/* The kernel of the namespace must not answer for the box on the mapped
 * devices: with strict reverse-path filtering and no route through them,
 * it drops every IPv4 packet they receive (AF_PACKET still sees it). */
static void quiet_mapped(void)
{
	char path[96], v[8];
	if (read_file("/proc/sys/net/ipv4/conf/all/rp_filter", v, sizeof v) && !strcmp(v, "2"))
		sysctl_set("/proc/sys/net/ipv4/conf/all/rp_filter", "1"); /* loose would pass */
	for (size_t i = 0; i < iface_count(); i++) {
		const struct iface *ifp = iface_at(i);
		const char *dev = ifp->parent ? "" : port_dev(ifp);
		if (!dev[0])
			continue;
		snprintf(path, sizeof path, "/proc/sys/net/ipv4/conf/%s/rp_filter", dev);
		sysctl_set(path, "1");
	}
}

/* ---- devices ---------------------------------------------------------------- */

/* "px-<nameif>", or for a long or odd nameif "px-<prefix><hash>": a valid,
 * unique Linux device name. */
static void dev_name(const char *nameif, char out[IFNAMSIZ])
{
	char clean[IFNAMSIZ];
	size_t n = 0;
	bool odd = false;
	for (const char *c = nameif; *c; c++) {
		bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			  (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' || *c == '.';
		odd |= !ok;
		if (n < sizeof clean - 1)
			clean[n++] = ok ? *c : '_';
	}
	clean[n] = '\0';
	if (!odd && strlen(nameif) <= IFNAMSIZ - 4) {
		snprintf(out, IFNAMSIZ, "px-%s", nameif);
		return;
	}
	uint32_t h = 2166136261u;
	for (const char *c = nameif; *c; c++)
		h = (h ^ (uint8_t)*c) * 16777619u;
	snprintf(out, IFNAMSIZ, "px-%.6s%05x", clean, h & 0xfffff);
}

static int ctl(void)
{
	if (ctl_fd < 0)
		ctl_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	return ctl_fd;
}

static void sin_set(struct sockaddr *sa, uint32_t ip)
{
	struct sockaddr_in *s = (struct sockaddr_in *)sa;
	memset(s, 0, sizeof *s);
	s->sin_family = AF_INET;
	s->sin_addr.s_addr = htonl(ip);
}

static int if_ioctl(unsigned long req, struct ifreq *ifr)
{
	return ioctl(ctl(), req, ifr) < 0 ? -errno : 0;
}

static int dev_flags(const char *dev, bool up)
{
	struct ifreq ifr = {0};
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", dev);
	int rc = if_ioctl(SIOCGIFFLAGS, &ifr);
	if (rc < 0)
		return rc;
	ifr.ifr_flags = (short)(up ? ifr.ifr_flags | IFF_UP : ifr.ifr_flags & ~IFF_UP);
	return if_ioctl(SIOCSIFFLAGS, &ifr);
}

static int dev_addr(const char *dev, uint32_t ip, uint32_t mask, int mtu)
{
	struct ifreq ifr = {0};
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", dev);
	sin_set(&ifr.ifr_addr, ip);
	int rc = if_ioctl(SIOCSIFADDR, &ifr);
	if (rc < 0)
		return rc;
	sin_set(&ifr.ifr_netmask, mask);
	if ((rc = if_ioctl(SIOCSIFNETMASK, &ifr)) < 0)
		return rc;
	ifr.ifr_mtu = mtu;
	return if_ioctl(SIOCSIFMTU, &ifr);
}

static void tun_readable(int fd, uint32_t events, void *ctx);

static struct tun *tun_create(const struct iface *ifp)
{
	if (ntuns == TUN_MAX)
		return NULL;
	struct tun *t = xcalloc(1, sizeof *t);
	snprintf(t->nameif, sizeof t->nameif, "%s", ifp->nameif);
	dev_name(ifp->nameif, t->dev);
	t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (t->fd < 0) {
		warn("cannot open", "/dev/net/tun", errno);
		free(t);
		failed = true;
		return NULL;
	}
	struct ifreq ifr = {0};
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", t->dev);
	if (ioctl(t->fd, TUNSETIFF, &ifr) < 0) {
		warn("cannot create", t->dev, errno);
		close(t->fd);
		free(t);
		failed = true;
		return NULL;
	}
	/* the mirror carries IPv4 only: no IPv6 chatter from the kernel */
	char path[96];
	snprintf(path, sizeof path, "/proc/sys/net/ipv6/conf/%s/disable_ipv6", t->dev);
	(void)write_file(path, "1");
	if (ev_fd_add(t->fd, EPOLLIN, tun_readable, NULL) < 0) {
		warn("cannot watch", t->dev, errno);
		close(t->fd);
		free(t);
		return NULL;
	}
	tuns[ntuns++] = t;
	return t;
}

static void tun_destroy(struct tun *t)
{
	for (size_t i = 0; i < ntuns; i++)
		if (tuns[i] == t) {
			memmove(tuns + i, tuns + i + 1, (ntuns - i - 1) * sizeof *tuns);
			ntuns--;
			break;
		}
	ev_fd_del(t->fd);
	close(t->fd); /* the kernel removes the device and its routes */
	free(t);
}

/* ---- routes -------------------------------------------------------------------- */

static int route_op(unsigned long req, uint32_t net, uint32_t mask, int metric, char *dev)
{
	struct rtentry rt;
	memset(&rt, 0, sizeof rt);
	sin_set(&rt.rt_dst, net & mask);
	sin_set(&rt.rt_genmask, mask);
	rt.rt_flags = RTF_UP | (mask == 0xffffffffu ? RTF_HOST : 0);
	rt.rt_metric = (short)(metric + 1); /* the ioctl stores metric - 1 */
	rt.rt_dev = dev;
	return ioctl(ctl(), req, &rt) < 0 ? -errno : 0;
}

static void routes_sync(void)
{
	for (size_t i = 0; i < nkroutes; i++)
		(void)route_op(SIOCDELRT, kroutes[i].net, kroutes[i].mask, kroutes[i].metric,
			       kroutes[i].dev);
	free(kroutes);
	kroutes = NULL;
	nkroutes = 0;
	size_t n = route_count();
	if (!n)
		return;
	kroutes = xcalloc(n, sizeof *kroutes);
	for (size_t i = 0; i < n; i++) {
		const struct route *r = route_at(i);
		struct tun *t = tun_by_name(r->ifname);
		if (r->tunneled || !t || !t->up)
			continue;
		struct kroute *k = &kroutes[nkroutes];
		k->net = r->net & r->mask;
		k->mask = r->mask;
		k->metric = r->metric;
		snprintf(k->dev, sizeof k->dev, "%s", t->dev);
		int rc = route_op(SIOCADDRT, k->net, k->mask, k->metric, k->dev);
		if (rc == 0)
			nkroutes++;
		else if (rc != -EEXIST)
			warn("cannot add a route through", t->dev, -rc);
	}
}

/* ---- following the configuration ------------------------------------------------ */

/* A --map box: some port is bound to a real device (fake ports of tests
 * and the fuzzer have none: the host's namespace is never touched). */
static bool owns_devices(void)
{
	if (getenv("PIXIE_NO_TUN"))
		return false;
	for (size_t i = 0; i < iface_count(); i++) {
		const struct iface *ifp = iface_at(i);
		if (!ifp->parent && port_dev(ifp)[0])
			return true;
	}
	return false;
}

static void tun_exit(void);

static void tun_sync(void)
{
	if (!tried) {
		tried = true;
		enabled = owns_devices();
		if (!enabled)
			return;
		quiet_mapped();
		atexit(tun_exit);
	}
	if (!enabled || failed)
		return;
	/* interfaces that lost their name or address lose their device */
	for (size_t i = 0; i < ntuns;) {
		struct iface *ifp = iface_find_name(tuns[i]->nameif);
		if (!ifp || !ifp->has_ip)
			tun_destroy(tuns[i]);
		else
			i++;
	}
	for (size_t i = 0; i < iface_count(); i++) {
		const struct iface *ifp = iface_at(i);
		if (!ifp->nameif[0] || !ifp->has_ip)
			continue;
		struct tun *t = tun_by_name(ifp->nameif);
		if (!t && !(t = tun_create(ifp)))
			return;
		int mtu = ifp->mtu > 0 ? ifp->mtu : IFACE_MTU_DEFAULT;
		bool up = dp_iface_up(ifp);
		if (t->ip != ifp->ip || t->mask != ifp->mask || t->mtu != mtu) {
			int rc = dev_addr(t->dev, ifp->ip, ifp->mask, mtu);
			if (rc < 0) {
				warn("cannot address", t->dev, -rc);
				continue;
			}
			t->ip = ifp->ip;
			t->mask = ifp->mask;
			t->mtu = mtu;
		}
		if (up != t->up) {
			int rc = dev_flags(t->dev, up);
			if (rc < 0)
				warn(up ? "cannot bring up" : "cannot bring down", t->dev, -rc);
			else
				t->up = up;
		}
	}
	routes_sync();
}

static void tun_exit(void)
{
	while (ntuns)
		tun_destroy(tuns[ntuns - 1]);
	free(kroutes);
	kroutes = NULL;
	nkroutes = 0;
	for (size_t i = nrpfs; i-- > 0;)
		(void)write_file(rpfs[i].path, rpfs[i].old);
	nrpfs = 0;
	if (ctl_fd >= 0)
		close(ctl_fd);
	ctl_fd = -1;
}

/* ---- the box's own flows ------------------------------------------------------------- */

/* What the kernel sent, so that the replies may come back to it:
 * (proto, local address and port, remote address and port).  ICMP echo:
 * the identifier is the local port.  Small: the box's own flows are few;
 * the oldest entry makes room. */
#define KFLOWS 512
struct kflow {
	uint8_t proto;
	uint16_t lport, rport;
	uint32_t laddr, raddr;
	uint64_t expire_ms;
};
static struct kflow kflows[KFLOWS];

static uint64_t kflow_life(uint8_t proto)
{
	return proto == IPPROTO_TCP_ ? 3600000u : proto == IPPROTO_UDP_ ? 120000u : 30000u;
}

/* UDP replies may come from another port of the same host (TFTP answers
 * from a fresh port): for UDP the remote port does not count. */
static bool kflow_eq(const struct kflow *k, uint8_t proto, uint32_t laddr, uint16_t lport,
		     uint32_t raddr, uint16_t rport)
{
	return k->proto == proto && k->laddr == laddr && k->lport == lport && k->raddr == raddr &&
	       (proto == IPPROTO_UDP_ || k->rport == rport);
}

static struct kflow *kflow_find(uint8_t proto, uint32_t laddr, uint16_t lport, uint32_t raddr,
				uint16_t rport)
{
	uint64_t now = dp_now_ms();
	for (size_t i = 0; i < KFLOWS; i++) {
		struct kflow *k = &kflows[i];
		if (k->expire_ms > now && kflow_eq(k, proto, laddr, lport, raddr, rport))
			return k;
	}
	return NULL;
}

static void kflow_note(uint8_t proto, uint32_t laddr, uint16_t lport, uint32_t raddr,
		       uint16_t rport)
{
	uint64_t now = dp_now_ms();
	struct kflow *k = kflow_find(proto, laddr, lport, raddr, rport);
	if (!k) {
		k = &kflows[0];
		for (size_t i = 1; i < KFLOWS && k->expire_ms > now; i++)
			if (kflows[i].expire_ms < k->expire_ms)
				k = &kflows[i];
		*k = (struct kflow){proto, lport, rport, laddr, raddr, 0};
	}
	k->expire_ms = now + kflow_life(proto);
}

/* The ports of an L4 header (ICMP echo: id as the port), false when none. */
static bool l4_ports(uint8_t proto, const uint8_t *l4, uint32_t n, uint16_t *sport,
		     uint16_t *dport, bool *echo_reply)
{
	*echo_reply = false;
	if ((proto == IPPROTO_TCP_ || proto == IPPROTO_UDP_) && n >= 4) {
		*sport = rd16(l4);
		*dport = rd16(l4 + 2);
		return true;
	}
	if (proto == IPPROTO_ICMP_ && n >= ICMP_HLEN && (l4[0] == ICMP_ECHO || l4[0] == ICMP_ECHOREPLY)) {
		*sport = *dport = rd16(l4 + 4);
		*echo_reply = l4[0] == ICMP_ECHOREPLY;
		return true;
	}
	return false;
}

/* ---- kernel -> dataplane ------------------------------------------------------------ */

static void from_kernel(struct tun *t, struct pkt *p)
{
	uint8_t *ip = p->data;
	if (p->len < IP_HLEN_MIN || (ip[0] >> 4) != 4 || ip_hlen(ip) < IP_HLEN_MIN ||
	    ip_hlen(ip) > p->len || rd16(ip + IPH_LEN) != p->len) {
		pkt_free(p);
		return;
	}
	uint32_t dst = ip_dst(ip);
	struct iface *ifp = iface_find_name(t->nameif);
	if (!ifp || (dst >> 28) >= 0xe || dst == 0xffffffffu || !dp_iface_up(ifp)) {
		pkt_free(p); /* no multicast, broadcast or down links from the box's stack */
		return;
	}
	uint32_t nh = dst;
	struct iface *out = ifp;
	if (((dst ^ ifp->ip) & ifp->mask) != 0 && !rib_lookup_on(dst, ifp, &nh) &&
	    !rib_lookup(dst, &out, &nh)) {
		asp_drop(DROP_NO_ROUTE, p);
		return;
	}
	uint8_t proto = ip[IPH_PROTO];
	uint16_t sport, dport;
	bool echo_reply;
	if (!ip_is_fragment(ip) && l4_ports(proto, ip + ip_hlen(ip), p->len - ip_hlen(ip), &sport,
					    &dport, &echo_reply) &&
	    !echo_reply)
		kflow_note(proto, ip_src(ip), sport, dst, proto == IPPROTO_ICMP_ ? 0 : dport);
	p->in = NULL;
	ip_output(out, nh, p);
}

static void tun_readable(int fd, uint32_t events, void *ctx)
{
	(void)events;
	(void)ctx;
	dp_sync(); /* may change the devices: find ours again after it */
	struct tun *t = NULL;
	for (size_t i = 0; i < ntuns && !t; i++)
		if (tuns[i]->fd == fd)
			t = tuns[i];
	if (!t)
		return;
	for (int budget = TUN_BUDGET; budget > 0; budget--) {
		struct pkt *p = pkt_alloc();
		uint32_t room = pkt_tailroom(p);
		ssize_t n = read(fd, p->data, room < 65535 ? room : 65535);
		if (n <= 0) {
			pkt_free(p);
			break;
		}
		p->len = (uint32_t)n;
		p->ts_us = dp_now_us();
		from_kernel(t, p);
	}
}

/* ---- dataplane -> kernel ------------------------------------------------------------- */

struct service {
	uint8_t proto;
	uint16_t port;
	tun_service_fn fn;
};
static struct service services[32];
static size_t nservices;

void tun_service_register(uint8_t proto, uint16_t port, tun_service_fn fn)
{
	for (size_t i = 0; i < nservices; i++)
		if (services[i].proto == proto && services[i].port == port) {
			services[i].fn = fn;
			return;
		}
	if (nservices < sizeof services / sizeof services[0])
		services[nservices++] = (struct service){proto, port, fn};
}

static bool to_kernel(struct tun *t, struct pkt *p)
{
	ssize_t n = write(t->fd, p->data, p->len);
	if (n != (ssize_t)p->len)
		return false; /* the kernel's queue is full: a lost packet */
	pkt_free(p);
	return true;
}

/* Is this packet for the box's own stack: a reply to one of its flows,
 * or for a service it offers to this source? */
static bool admitted(const struct iface *ifp, const uint8_t *ip, uint32_t len)
{
	uint8_t proto = ip[IPH_PROTO];
	uint16_t sport, dport;
	bool echo_reply;
	if (ip_is_fragment(ip) ||
	    !l4_ports(proto, ip + ip_hlen(ip), len - ip_hlen(ip), &sport, &dport, &echo_reply))
		return false;
	if (proto == IPPROTO_ICMP_)
		return echo_reply && kflow_find(proto, ip_dst(ip), dport, ip_src(ip), 0);
	if (kflow_find(proto, ip_dst(ip), dport, ip_src(ip), sport))
		return true;
	for (size_t i = 0; i < nservices; i++)
		if (services[i].proto == proto && services[i].port == dport)
			return services[i].fn(ip_src(ip), ifp->nameif);
	return false;
}

static bool tun_local(struct iface *ifp, struct pkt *p)
{
	struct tun *t = tun_by_name(ifp->nameif);
	if (!t || !t->up || ip_dst(p->data) != t->ip || !admitted(ifp, p->data, p->len))
		return false;
	return to_kernel(t, p);
}

bool tun_icmp_input(struct iface *ifp, struct pkt *p)
{
	struct tun *t = tun_by_name(ifp->nameif);
	if (!t || !t->up || ip_dst(p->data) != t->ip)
		return false;
	const uint8_t *ip = p->data;
	unsigned hl = ip_hlen(ip);
	const uint8_t *ic = ip + hl;
	uint32_t n = p->len - hl;
	if (n < ICMP_HLEN)
		return false;
	if (ic[0] == ICMP_ECHOREPLY)
		return admitted(ifp, ip, p->len) && to_kernel(t, p);
	if (ic[0] != ICMP_UNREACH && ic[0] != ICMP_TIMXCEED && ic[0] != ICMP_PARAMPROB && ic[0] != 4)
		return false;
	/* an error about a packet the kernel sent: the quoted header is
	 * ours (source = this address) */
	const uint8_t *q = ic + ICMP_HLEN;
	uint32_t qn = n - ICMP_HLEN;
	if (qn < IP_HLEN_MIN || ip_hlen(q) < IP_HLEN_MIN || ip_hlen(q) + 4 > qn ||
	    ip_src(q) != t->ip)
		return false;
	uint16_t sport, dport;
	bool echo_reply;
	uint8_t proto = q[IPH_PROTO];
	if (!l4_ports(proto, q + ip_hlen(q), qn - ip_hlen(q), &sport, &dport, &echo_reply))
		return false;
	if (!kflow_find(proto, ip_src(q), sport, ip_dst(q), proto == IPPROTO_ICMP_ ? 0 : dport))
		return false;
	return to_kernel(t, p);
}

static void tun_init(void)
{
	dp_on_change(tun_sync);
	local_default_register(tun_local);
}
MODULE_INIT(tun_init)
