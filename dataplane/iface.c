/*
 * iface.c — the interface table (see iface.h): hardware ports, the
 * subinterfaces created on them, ordering, lookups and the watchers told
 * when a nameif changes.
 */
#include "dataplane/iface.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf/conf.h"
#include "lib/module.h"
#include "lib/xalloc.h"

static struct iface **ifs; /* sorted, see iface_cmp */
static size_t nifs, capifs;
static iface_watch_fn *watchers;
static size_t nwatchers;
static bool same_inter, same_intra;

/* PIX 515E: two built-in ports.  MACs as `show version` prints them. */
static const struct {
	const char *hw;
	uint8_t mac[6];
} builtin_ports[] = {
	{"Ethernet0", {0x00, 0x13, 0xc4, 0x80, 0x82, 0xce}},
	{"Ethernet1", {0x00, 0x13, 0xc4, 0x80, 0x82, 0xcf}},
};

size_t iface_count(void)
{
	return nifs;
}

struct iface *iface_at(size_t i)
{
	return i < nifs ? ifs[i] : NULL;
}

struct iface *iface_find_hw(const char *hw)
{
	for (size_t i = 0; i < nifs; i++)
		if (!strcasecmp(ifs[i]->hw, hw))
			return ifs[i];
	return NULL;
}

struct iface *iface_find_name(const char *nameif)
{
	if (!nameif || !*nameif)
		return NULL;
	for (size_t i = 0; i < nifs; i++)
		if (!strcmp(ifs[i]->nameif, nameif))
			return ifs[i];
	return NULL;
}

struct iface *iface_find_vlan(const struct iface *parent, int vlan, const struct iface *except)
{
	for (size_t i = 0; i < nifs; i++)
		if (ifs[i]->parent == parent && ifs[i]->vlan == vlan && ifs[i] != except)
			return ifs[i];
	return NULL;
}

/* Hardware types of PIX/ASA models, in the order show running-config
 * lists them (the ASA 5505 prints its Vlan interfaces before the switch
 * ports).  A box without --map accepts any of them: a pasted configuration
 * names the ports of the model it came from. */
static const struct hw_type {
	const char *name;
	int maxnum;  /* single-number types: highest number; 0 = slot/port style */
	bool subifs; /* takes ".N" subinterfaces */
} hw_types[] = {
	{"Vlan", 4094, false},
	{"Ethernet", 0, true},
	{"GigabitEthernet", 0, true},
	{"TenGigabitEthernet", 0, true},
	{"Management", 0, true},
	{"Redundant", 8, true},
	{"Port-channel", 48, true},
};
#define N_HW_TYPES (sizeof hw_types / sizeof hw_types[0])

static bool autocreate = true;

void iface_set_autocreate(bool on)
{
	autocreate = on;
}

bool iface_autocreate(void)
{
	return autocreate;
}

/* Length of the alphabetic type part of a hardware name ("Ethernet"). */
static size_t type_len(const char *hw)
{
	size_t n = 0;
	while (isalpha((unsigned char)hw[n]) || (n && hw[n] == '-'))
		n++;
	return n;
}

static const struct hw_type *hw_type_of(const char *hw, size_t tl)
{
	for (size_t i = 0; i < N_HW_TYPES; i++)
		if (strlen(hw_types[i].name) == tl && !strncasecmp(hw_types[i].name, hw, tl))
			return &hw_types[i];
	return NULL;
}

/* "0/1" style numbering after the type: up to two fields of at most four
 * digits separated by '/'.  Writes the numbers without leading zeros to
 * out; *fields is how many there were. */
static bool port_numbering(const char *s, const char *end, char *out, size_t outsz, int *fields)
{
	size_t o = 0;
	*fields = 0;
	while (s < end) {
		const char *d = s;
		unsigned long v = 0;
		while (s < end && isdigit((unsigned char)*s))
			v = v * 10 + (unsigned long)(*s++ - '0');
		if (s == d || s - d > 4 || ++*fields > 2)
			return false;
		int n = snprintf(out + o, outsz - o, "%s%lu", o ? "/" : "", v);
		if (n < 0 || (size_t)n >= outsz - o)
			return false;
		o += (size_t)n;
		if (s < end && (*s != '/' || ++s == end))
			return false;
	}
	return *fields > 0;
}

static bool port_numbering_ok(const char *s, const char *end)
{
	char buf[32];
	int fields;
	return port_numbering(s, end, buf, sizeof buf, &fields);
}

/* Does the numbering suit the type ("Vlan10" yes, "Vlan0/1" no)? */
static bool numbering_fits(const struct hw_type *t, const char *num, int fields)
{
	if (!t)
		return true;
	if (!t->maxnum)
		return true;
	unsigned long v = strtoul(num, NULL, 10);
	return fields == 1 && v >= 1 && v <= (unsigned long)t->maxnum;
}

/* Compare "0/1" and "0/10" numerically, field by field. */
static int numbering_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		if (!*a || *a == '.')
			return (*b && *b != '.') ? -1 : 0;
		if (!*b || *b == '.')
			return 1;
		unsigned long x = strtoul(a, (char **)&a, 10), y = strtoul(b, (char **)&b, 10);
		if (x != y)
			return x < y ? -1 : 1;
		if (*a == '/')
			a++;
		if (*b == '/')
			b++;
	}
	return 0;
}

/* Rank of a port's type in hw_types; unknown types sort after, by name. */
static size_t type_rank(const char *hw)
{
	const struct hw_type *t = hw_type_of(hw, type_len(hw));
	return t ? (size_t)(t - hw_types) : N_HW_TYPES;
}

static int port_cmp(const struct iface *a, const struct iface *b)
{
	size_t ra = type_rank(a->hw), rb = type_rank(b->hw);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	size_t la = type_len(a->hw), lb = type_len(b->hw);
	int c = strncasecmp(a->hw, b->hw, la < lb ? la : lb);
	if (c || la != lb)
		return c ? c : (la < lb ? -1 : 1);
	return numbering_cmp(a->hw + la, b->hw + lb);
}

static int iface_cmp(const void *pa, const void *pb)
{
	const struct iface *a = *(struct iface *const *)pa, *b = *(struct iface *const *)pb;
	const struct iface *ra = a->parent ? a->parent : a, *rb = b->parent ? b->parent : b;
	int c = port_cmp(ra, rb);
	if (c)
		return c;
	if (!a->parent != !b->parent)
		return a->parent ? 1 : -1;
	return a->subid < b->subid ? -1 : a->subid > b->subid;
}

static void insert(struct iface *ifp)
{
	if (nifs == capifs) {
		capifs = capifs ? capifs * 2 : 8;
		ifs = xrealloc(ifs, capifs * sizeof *ifs);
	}
	ifs[nifs++] = ifp;
	qsort(ifs, nifs, sizeof *ifs, iface_cmp);
}

static void defaults(struct iface *ifp, bool shutdown)
{
	ifp->vlan = 0;
	ifp->nameif[0] = '\0';
	ifp->seclevel = -1;
	ifp->has_ip = ifp->dhcp = ifp->dhcp_setroute = false;
	ifp->ip = ifp->mask = ifp->standby = 0;
	ifp->shutdown = shutdown;
	ifp->speed = SPEED_AUTO;
	ifp->duplex = DUPLEX_AUTO;
	free(ifp->desc);
	ifp->desc = NULL;
	ifp->mgmt_only = false;
	ifp->mtu = IFACE_MTU_DEFAULT;
	ifp->switch_vlan = 0;
	ifp->no_forward[0] = '\0';
}

/* Physical ports start shut down; subinterfaces and Vlan interfaces are
 * logical and start enabled. */
static bool starts_shut(const struct iface *ifp)
{
	return !ifp->parent && strncmp(ifp->hw, "Vlan", 4);
}

void iface_reset_port(struct iface *ifp)
{
	iface_set_nameif(ifp, "");
	defaults(ifp, starts_shut(ifp));
}

/* The type of `in` (a prefix of at least tl letters): among the known
 * types when ports may be created, else among the existing ports.  NULL
 * when none or several match. */
static const char *find_type(const char *in, size_t tl, size_t *typel)
{
	const char *type = NULL;
	bool ambiguous = false;
	for (size_t i = 0; i < N_HW_TYPES && autocreate; i++) {
		size_t l = strlen(hw_types[i].name);
		if (tl > l || strncasecmp(hw_types[i].name, in, tl))
			continue;
		if (l == tl) {
			*typel = l;
			return hw_types[i].name;
		}
		ambiguous = type != NULL;
		type = hw_types[i].name;
		*typel = l;
	}
	for (size_t i = 0; i < nifs; i++) {
		if (ifs[i]->parent)
			continue;
		size_t l = type_len(ifs[i]->hw);
		if (tl > l || strncasecmp(ifs[i]->hw, in, tl))
			continue;
		if (l == tl) {
			*typel = l;
			return ifs[i]->hw;
		}
		if (type && (*typel != l || strncasecmp(type, ifs[i]->hw, l)))
			ambiguous = true;
		type = ifs[i]->hw;
		*typel = l;
	}
	return ambiguous ? NULL : type;
}

bool iface_hw_canon(const char *in, char *out, size_t outsz)
{
	size_t tl = type_len(in);
	if (!tl || !isdigit((unsigned char)in[tl]))
		return false;
	const char *dot = strchr(in + tl, '.');
	const char *end = dot ? dot : in + strlen(in);
	char num[32];
	int fields;
	if (!port_numbering(in + tl, end, num, sizeof num, &fields))
		return false;
	unsigned long long sub = 0;
	if (dot) {
		const char *p = dot + 1;
		if (!*p || strlen(p) > 10)
			return false;
		for (; *p; p++)
			if (!isdigit((unsigned char)*p))
				return false;
		sub = strtoull(dot + 1, NULL, 10);
		if (sub < 1 || sub > 4294967293ull)
			return false;
	}
	size_t typel = 0;
	const char *type = find_type(in, tl, &typel);
	if (!type)
		return false;
	const struct hw_type *t = hw_type_of(type, typel);
	if (!numbering_fits(t, num, fields) || (dot && t && !t->subifs))
		return false;
	int n = dot ? snprintf(out, outsz, "%.*s%s.%llu", (int)typel, type, num, sub)
		    : snprintf(out, outsz, "%.*s%s", (int)typel, type, num);
	return n > 0 && (size_t)n < outsz;
}

static void make_mac(const char *hw, uint8_t mac[6])
{
	/* stable, locally administered, derived from the name */
	uint32_t h = 2166136261u;
	for (const char *p = hw; *p; p++)
		h = (h ^ (uint8_t)tolower((unsigned char)*p)) * 16777619u;
	mac[0] = 0x02;
	mac[1] = 0x13;
	mac[2] = (uint8_t)(h >> 24);
	mac[3] = (uint8_t)(h >> 16);
	mac[4] = (uint8_t)(h >> 8);
	mac[5] = (uint8_t)h;
}

struct iface *iface_hw_add(const char *hw, const uint8_t mac[6])
{
	size_t tl = type_len(hw);
	if (!tl || strlen(hw) >= IFACE_HW_MAX || strchr(hw, '.') ||
	    !port_numbering_ok(hw + tl, hw + strlen(hw)))
		return NULL;
	struct iface *ifp = iface_find_hw(hw);
	if (!ifp) {
		ifp = xcalloc(1, sizeof *ifp);
		snprintf(ifp->hw, sizeof ifp->hw, "%s", hw);
		defaults(ifp, true);
		make_mac(hw, ifp->mac);
		insert(ifp);
	}
	if (mac)
		memcpy(ifp->mac, mac, 6);
	ifp->autoport = false; /* a real port now: it survives a factory reset */
	return ifp;
}

struct iface *iface_hw_auto(const char *hw, bool enabled)
{
	struct iface *ifp = iface_find_hw(hw);
	if (ifp || !autocreate)
		return ifp;
	char canon[IFACE_HW_MAX];
	if (strchr(hw, '.') || !iface_hw_canon(hw, canon, sizeof canon) || strcmp(canon, hw))
		return NULL;
	ifp = iface_hw_add(hw, NULL);
	if (ifp) {
		ifp->autoport = true;
		/* physical ports start shut down like the box's own */
		ifp->shutdown = !enabled && starts_shut(ifp);
	}
	return ifp;
}

struct iface *iface_sub_create(struct iface *parent, unsigned long subid)
{
	struct iface *ifp = xcalloc(1, sizeof *ifp);
	char hw[IFACE_HW_MAX + 24];
	snprintf(hw, sizeof hw, "%s.%lu", parent->hw, subid);
	strlcpy_(ifp->hw, hw, sizeof ifp->hw);
	ifp->parent = parent;
	ifp->subid = subid;
	defaults(ifp, false); /* subinterfaces are enabled when created */
	memcpy(ifp->mac, parent->mac, 6);
	insert(ifp);
	return ifp;
}

static void notify(const char *oldname, const char *newname)
{
	for (size_t i = 0; i < nwatchers; i++)
		watchers[i](oldname, newname);
}

void iface_sub_remove(struct iface *sub)
{
	if (sub->nameif[0])
		iface_set_nameif(sub, "");
	for (size_t i = 0; i < nifs; i++)
		if (ifs[i] == sub) {
			memmove(&ifs[i], &ifs[i + 1], (nifs - i - 1) * sizeof *ifs);
			nifs--;
			break;
		}
	free(sub->desc);
	free(sub);
}

void iface_set_nameif(struct iface *ifp, const char *name)
{
	if (!strcmp(ifp->nameif, name))
		return;
	char old[IFACE_NAME_MAX + 1];
	snprintf(old, sizeof old, "%s", ifp->nameif);
	snprintf(ifp->nameif, sizeof ifp->nameif, "%s", name);
	if (!*name)
		ifp->mtu = IFACE_MTU_DEFAULT;
	if (old[0])
		notify(old, *name ? name : NULL);
}

void iface_watch(iface_watch_fn fn)
{
	watchers = xrealloc(watchers, (nwatchers + 1) * sizeof *watchers);
	watchers[nwatchers++] = fn;
}

void iface_boot_begin(void)
{
	for (size_t i = 0; i < nifs; i++)
		ifs[i]->shutdown = false;
}

bool iface_same_security_inter(void)
{
	return same_inter;
}

bool iface_same_security_intra(void)
{
	return same_intra;
}

void iface_set_same_security(bool inter, bool intra)
{
	same_inter = inter;
	same_intra = intra;
}

static void iface_free(size_t i)
{
	free(ifs[i]->desc);
	free(ifs[i]);
	memmove(&ifs[i], &ifs[i + 1], (nifs - i - 1) * sizeof *ifs);
	nifs--;
}

/* Factory default: the box's own ports only, each shut down and unnamed;
 * subinterfaces and the ports a paste created go. */
static void iface_reset(void)
{
	for (size_t i = nifs; i-- > 0;)
		if (ifs[i]->parent)
			iface_free(i);
	for (size_t i = nifs; i-- > 0;)
		if (ifs[i]->autoport)
			iface_free(i);
	for (size_t i = 0; i < nifs; i++)
		defaults(ifs[i], true);
	same_inter = same_intra = false;
}

static void iface_init(void)
{
	for (size_t i = 0; i < sizeof builtin_ports / sizeof builtin_ports[0]; i++)
		iface_hw_add(builtin_ports[i].hw, builtin_ports[i].mac);
	conf_register_reset(iface_reset);
	conf_register_boot_hook(iface_boot_begin);
}

/* Early: other modules' inits may look the ports up. */
MODULE_INIT_PRIO(iface_init, 10)
