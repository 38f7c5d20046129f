/*
 * ipsec_show.c — the IPsec EXEC commands of a PIX 7.2:
 *
 *   show crypto ipsec sa [peer ADDR | map NAME] [detail]
 *   clear crypto ipsec sa [counters | peer ADDR | map NAME | entry ADDR esp SPI]
 *   [no] debug crypto ipsec [1-255]
 *
 * The show layout is the 7.2 one of the seed document (interface header,
 * one "Crypto map tag" block per SA pair, "#post-frag" counters and
 * "frgs", no "/4500" after the endpoints, "(sec)" lifetimes) with the
 * spacing of the real 7.x sample in reference/textfsm/tests, so the ntc
 * template parses it.  With nothing to show: "There are no ipsec sas".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "conf/conf.h"
#include "dataplane/dp.h"
#include "lib/ip4.h"
#include "vpn/ipsec/esp_path.h"
#include "vpn/ipsec/ipsec_cmds.h"
#include "vpn/ipsec/ipsec_debug.h"
#include "vpn/ipsec/sad_int.h"

static void sel_line(struct cli *cli, const char *what, const struct ipsec_sel *s)
{
	char a[16], m[16];
	cli_printf(cli, "      %s ident (addr/mask/prot/port): (%s/%s/%u/%u)\n", what,
		   ip4_fmt(s->addr, a), ip4_fmt(s->mask, m), s->proto, s->port);
}

static void sa_block(struct cli *cli, const struct sad_pair *sp, bool inbound)
{
	const struct sad_params *p = &sp->prm;
	uint32_t spi = inbound ? p->spi_in : p->spi_out;
	cli_printf(cli, "    %s esp sas:\n", inbound ? "inbound" : "outbound");
	cli_printf(cli, "      spi: 0x%08X (%u)\n", spi, spi);
	cli_printf(cli, "         transform: %s %s\n", sad_cipher_kw(p->cipher), sad_mac_kw(p->mac));
	cli_printf(cli, "         in use settings ={%s, %s, %s}\n", p->kind == SAD_L2L ? "L2L" : "RA",
		   p->mode == ESP_TUNNEL ? "Tunnel" : "Transport",
		   p->udp_encap ? "NAT-T-Encaps, " : "");
	cli_printf(cli, "         slot: 0, conn_id: %u, crypto-map: %s\n", sp->id, p->map);
	cli_printf(cli, "         sa timing: remaining key lifetime (sec): %lu\n",
		   sad_remaining_sec(sp));
	cli_printf(cli, "         IV size: %zu bytes\n", esp_cipher_block(p->cipher));
	cli_printf(cli, "         replay detection support: Y\n");
}

static void show_pair(struct cli *cli, const struct sad_pair *sp, bool detail)
{
	const struct sad_params *p = &sp->prm;
	const struct esp_stats *i = &sp->in->st, *o = &sp->out->st;
	char a[16], b[16];
	cli_printf(cli, "    Crypto map tag: %s, seq num: %lu, local addr: %s\n\n", p->map, p->map_seq,
		   ip4_fmt(p->local, a));
	sel_line(cli, "local", &p->local_id);
	sel_line(cli, "remote", &p->remote_id);
	ip4_fmt(p->peer, b);
	if (p->user[0] && strcmp(p->user, b))
		cli_printf(cli, "      current_peer: %s, username: %s\n\n", b, p->user);
	else
		cli_printf(cli, "      current_peer: %s\n\n", b);
	cli_printf(cli, "      #pkts encaps: %llu, #pkts encrypt: %llu, #pkts digest: %llu\n",
		   (unsigned long long)o->encaps, (unsigned long long)o->encrypt,
		   (unsigned long long)o->digest);
	cli_printf(cli, "      #pkts decaps: %llu, #pkts decrypt: %llu, #pkts verify: %llu\n",
		   (unsigned long long)i->decaps, (unsigned long long)i->decrypt,
		   (unsigned long long)i->verify);
	cli_printf(cli, "      #pkts compressed: 0, #pkts decompressed: 0\n");
	cli_printf(cli,
		   "      #pkts not compressed: %llu, #pkts comp failed: 0, #pkts decomp failed: 0\n",
		   (unsigned long long)o->encaps);
	cli_printf(cli, "      #post-frag successes: %llu, #post-frag failures: 0, "
			"#fragments created: %llu\n",
		   (unsigned long long)sp->frag_ok, (unsigned long long)sp->frags_created);
	cli_printf(cli, "      #PMTUs sent: %llu, #PMTUs rcvd: 0, "
			"#decapsulated frgs needing reassembly: 0\n",
		   (unsigned long long)sp->pmtu_sent);
	if (detail) {
		cli_printf(cli, "      #pkts no sa (send): 0, #pkts invalid sa (rcv): %llu\n",
			   (unsigned long long)i->invalid_err);
		cli_printf(cli, "      #pkts encaps failed (send): %llu, #pkts decaps failed (rcv): %llu\n",
			   (unsigned long long)o->send_err, (unsigned long long)i->recv_err);
		cli_printf(cli, "      #pkts invalid prot (rcv): 0, #pkts verify failed: %llu\n",
			   (unsigned long long)i->auth_err);
		cli_printf(cli, "      #pkts invalid identity (rcv): 0, #pkts invalid len (rcv): %llu\n",
			   (unsigned long long)i->invalid_err);
		cli_printf(cli, "      #pkts invalid pad (rcv): %llu,\n",
			   (unsigned long long)i->pad_err);
		cli_printf(cli, "      #pkts replay rollover (send): 0, #pkts replay rollover (rcv): 0\n");
		cli_printf(cli, "      #pkts replay failed (rcv): %llu\n",
			   (unsigned long long)i->replay_err);
		cli_printf(cli, "      #pkts internal err (send): 0, #pkts internal err (rcv): 0\n");
	}
	cli_printf(cli, "      #send errors: %llu, #recv errors: %llu\n\n",
		   (unsigned long long)o->send_err, (unsigned long long)i->recv_err);
	cli_printf(cli, "      local crypto endpt.: %s, remote crypto endpt.: %s\n\n", a, b);
	struct iface *ifp = iface_find_name(p->ifname);
	int mtu = ifp && ifp->mtu > 0 ? ifp->mtu : IFACE_MTU_DEFAULT;
	cli_printf(cli, "      path mtu %d, ipsec overhead %u, media mtu %d\n", mtu,
		   esp_overhead(sp), mtu);
	cli_printf(cli, "      current outbound spi: %08X\n\n", p->spi_out);
	sa_block(cli, sp, true);
	sa_block(cli, sp, false);
	cli_printf(cli, "\n");
}

/* Which pairs a show/clear line selects. */
struct filter {
	bool peer, map;
	uint32_t addr;
	const char *name;
};

static bool selected(const struct filter *f, const struct sad_pair *sp)
{
	if (f->peer && sp->prm.peer != f->addr)
		return false;
	if (f->map && strcmp(sp->prm.map, f->name))
		return false;
	return true;
}

static int filter_of(struct cli_args *a, struct filter *f)
{
	memset(f, 0, sizeof *f);
	if (cli_has(a, "peer")) {
		f->peer = true;
		if (!conf_parse_host(cli_get(a, "PEER"), &f->addr))
			return cli_bad(a, "PEER");
	}
	if (cli_has(a, "map")) {
		f->map = true;
		f->name = cli_get(a, "MAP");
	}
	return CLI_OK;
}

static int cmd_show(struct cli *cli, struct cli_args *a)
{
	struct filter f;
	int rc = filter_of(a, &f);
	if (rc != CLI_OK)
		return rc;
	dp_sync();
	bool detail = cli_has(a, "detail");
	/* interfaces in order of first appearance, pairs in creation order */
	size_t n = sad_count(), nif = 0;
	const char **ifs = calloc(n ? n : 1, sizeof *ifs);
	size_t it = 0;
	for (uint32_t id; (id = sad_next(&it));) {
		const struct sad_pair *sp = sad_pair(id);
		if (!selected(&f, sp))
			continue;
		size_t k = 0;
		while (k < nif && strcmp(ifs[k], sp->prm.ifname))
			k++;
		if (k == nif)
			ifs[nif++] = sp->prm.ifname;
	}
	if (!nif)
		cli_printf(cli, "There are no ipsec sas\n");
	for (size_t k = 0; k < nif; k++) {
		cli_printf(cli, "interface: %s\n", ifs[k]);
		it = 0;
		for (uint32_t id; (id = sad_next(&it));) {
			const struct sad_pair *sp = sad_pair(id);
			if (selected(&f, sp) && !strcmp(sp->prm.ifname, ifs[k]))
				show_pair(cli, sp, detail);
		}
	}
	free(ifs);
	return CLI_OK;
}

static void zero_counters(struct esp_stats *s)
{
	/* the byte counts are the kB lifetime's: they stay */
	uint64_t in = s->bytes_in, out = s->bytes_out;
	memset(s, 0, sizeof *s);
	s->bytes_in = in;
	s->bytes_out = out;
}

static int cmd_clear(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	struct filter f;
	int rc = filter_of(a, &f);
	if (rc != CLI_OK)
		return rc;
	if (cli_has(a, "entry")) {
		uint32_t addr;
		if (!conf_parse_host(cli_get(a, "ADDR"), &addr))
			return cli_bad(a, "ADDR");
		char *end;
		unsigned long spi = strtoul(cli_get(a, "SPI"), &end, 0);
		if (*end || spi > 0xffffffffUL)
			return cli_bad(a, "SPI");
		/* the SPI of either direction, the address of either end */
		uint32_t id = sad_by_spi_in((uint32_t)spi);
		if (!id)
			id = sad_by_spi_out((uint32_t)spi);
		const struct sad_params *p = sad_params(id);
		if (p && (p->peer == addr || p->local == addr))
			sad_del(id, "clear crypto ipsec sa entry");
		return CLI_OK;
	}
	bool counters = cli_has(a, "counters");
	size_t n = sad_count(), k = 0, it = 0;
	uint32_t *ids = calloc(n ? n : 1, sizeof *ids);
	for (uint32_t id; (id = sad_next(&it)) && k < n;)
		if (selected(&f, sad_pair(id)))
			ids[k++] = id;
	for (size_t i = 0; i < k; i++) {
		struct sad_pair *sp = sad_pair(ids[i]);
		if (!sp)
			continue;
		if (counters) {
			zero_counters(&sp->in->st);
			zero_counters(&sp->out->st);
		} else {
			sad_del(ids[i], "clear crypto ipsec sa");
		}
	}
	free(ids);
	return CLI_OK;
}

static int cmd_debug(struct cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *lv = cli_get(a, "LEVEL");
	bool no = cli_has(a, "no") || cli_has(a, "undebug");
	ipsec_debug_set_level(no ? 0 : lv ? atoi(lv) : 1);
	return CLI_OK;
}

static const struct cli_cmd cmds[] = {
	{"show crypto ipsec sa [peer PEER:ip | map MAP:word] [detail]",
	 "Show crypto information\nShow IPsec operational data\n"
	 "IPsec security association\nShow IPsec SAs for a peer\nPeer IP address\n"
	 "Show IPsec SAs for a crypto map\nCrypto map name\nShow detailed information",
	 cmd_show, CLI_SHOW | CLI_PRIV},
	{"clear crypto ipsec sa [counters | peer PEER:ip | map MAP:word | "
	 "entry ADDR:ip esp SPI:word]",
	 "Clear crypto information\nClear IPsec operational data\n"
	 "IPsec security association\nClear IPsec SA counters\nClear IPsec SAs by peer\n"
	 "Peer IP address\nClear IPsec SAs by crypto map\nCrypto map name\n"
	 "Clear IPsec SAs by entry\nPeer or local IP address\n"
	 "Encapsulating Security Payload\nSecurity Parameter Index",
	 cmd_clear, CLI_PRIV | CLI_EXEC_ANY},
	{"debug crypto ipsec [LEVEL:<1-255>]",
	 "Debugging functions (see also 'undebug')\nCrypto debugging\n"
	 "IPsec debugging\nSpecify an optional debug level (default is 1)",
	 cmd_debug, CLI_PRIV},
	{"no debug crypto ipsec [LEVEL:<1-255>]",
	 "Negate a command\nDebugging functions (see also 'undebug')\nCrypto debugging\n"
	 "IPsec debugging\nSpecify an optional debug level (default is 1)",
	 cmd_debug, CLI_PRIV},
	{"undebug crypto ipsec [LEVEL:<1-255>]",
	 "Disable debugging functions (see also 'debug')\nCrypto debugging\n"
	 "IPsec debugging\nSpecify an optional debug level (default is 1)",
	 cmd_debug, CLI_PRIV},
};

void ipsec_cmds_install(void)
{
	cli_install_all(cli_mode_exec(), cmds);
}
