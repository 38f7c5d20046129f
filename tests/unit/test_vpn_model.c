/* test_vpn_model.c — the typed VPN configuration: crypto map entry order,
 * ISAKMP policy order, tunnel-group built-ins and keys, group-policy
 * inheritance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vpn/crypto_conf.h"
#include "vpn/group_policy.h"
#include "vpn/tunnel_group.h"

static void map_entries_sorted(void **state)
{
	(void)state;
	struct cmap_table *t = &crypto_conf()->maps;
	struct cmap *m = cmap_get(t, "outside_map");
	cmap_entry_get(m, 65535)->dynamic = strdup("dyn");
	cmap_entry_get(m, 10)->reverse_route = true;
	cmap_entry_get(m, 20)->pfs = true;
	assert_ptr_equal(cmap_entry_get(m, 10), cmap_entry_find(m, 10));
	assert_int_equal(m->n, 3);
	assert_int_equal(m->ents[0]->seq, 10);
	assert_int_equal(m->ents[1]->seq, 20);
	assert_int_equal(m->ents[2]->seq, 65535);
	assert_null(cmap_entry_find(m, 15));
	cmap_entry_del(t, m, 20);
	assert_int_equal(m->n, 2);
	assert_int_equal(m->ents[1]->seq, 65535);
	strv_add(&m->ifaces, "outside");
	assert_ptr_equal(crypto_map_for_if("outside"), m);
	assert_null(crypto_map_for_if("inside"));
	cmap_entry_del(t, m, 10);
	cmap_entry_del(t, m, 65535);
	/* still bound to an interface: the map stays */
	assert_non_null(cmap_find(t, "outside_map"));
	crypto_conf_clear(CRYPTO_MAP);
	assert_null(cmap_find(t, "outside_map"));
}

static void entry_empty(void **state)
{
	(void)state;
	struct cmap_entry e;
	memset(&e, 0, sizeof(e));
	assert_true(cmap_entry_empty(&e));
	e.conn = CONN_ANSWER_ONLY;
	assert_false(cmap_entry_empty(&e));
}

static void isakmp_policies(void **state)
{
	(void)state;
	struct isakmp_conf *k = &crypto_conf()->isakmp;
	isakmp_policy_get(k, 65535);
	struct isakmp_policy *p = isakmp_policy_get(k, 10);
	assert_int_equal(p->auth, IKE_AUTH_PRESHARE);
	assert_int_equal(p->enc, IKE_ENC_3DES);
	assert_int_equal(p->hash, IKE_HASH_SHA);
	assert_int_equal(p->group, 2);
	assert_int_equal(p->lifetime, 86400);
	p->hash = IKE_HASH_MD5;
	isakmp_policy_get(k, 21);
	assert_int_equal(k->npol, 3);
	assert_int_equal(k->pol[0].prio, 10);
	assert_int_equal(k->pol[1].prio, 21);
	assert_int_equal(k->pol[2].prio, 65535);
	assert_int_equal(isakmp_policy_find(k, 10)->hash, IKE_HASH_MD5);
	isakmp_policy_del(k, 21);
	assert_null(isakmp_policy_find(k, 21));
	assert_int_equal(k->npol, 2);
	crypto_conf_clear(CRYPTO_ISAKMP);
	assert_int_equal(k->npol, 0);
	assert_int_equal(k->natt_keepalive, NATT_KEEPALIVE_DEFAULT);
}

static void keywords(void **state)
{
	(void)state;
	enum esp_enc e;
	enum esp_auth a;
	assert_true(esp_enc_parse("esp-aes-256", &e));
	assert_int_equal(e, ESP_ENC_AES256);
	assert_string_equal(esp_enc_kw(ESP_ENC_3DES), "esp-3des");
	assert_false(esp_enc_parse("esp-aes 256", &e));
	assert_true(esp_auth_parse("esp-md5-hmac", &a));
	assert_string_equal(esp_auth_kw(ESP_AUTH_UNSET), "");
	assert_string_equal(ike_enc_kw(IKE_ENC_AES192), "aes-192");
}

static void tunnel_groups(void **state)
{
	(void)state;
	struct tunnel_group *ra = tg_find("DefaultRAGroup");
	assert_non_null(ra);
	assert_true(ra->builtin);
	assert_int_equal(ra->type, TG_IPSEC_RA);
	assert_int_equal(tg_find("DefaultL2LGroup")->type, TG_IPSEC_L2L);
	assert_int_equal(tg_find("DefaultWEBVPNGroup")->type, TG_WEBVPN);
	assert_int_equal(ra->ppp_auth, PPP_AUTH_CHAP | PPP_AUTH_MSCHAPV1);

	tg_set_psk(ra, "cisco123");
	assert_string_equal(ra->psk, "cisco123");
	tg_delete("DefaultRAGroup"); /* built-in: reset, not removed */
	assert_ptr_equal(tg_find("DefaultRAGroup"), ra);
	assert_null(ra->psk);

	struct tunnel_group *g = tg_create("192.0.2.254", TG_IPSEC_L2L);
	assert_non_null(g);
	assert_null(tg_create("192.0.2.254", TG_IPSEC_RA)); /* type fixed */
	assert_ptr_equal(tg_create("192.0.2.254", TG_IPSEC_L2L), g);
	unsigned long th, rt;
	tg_keepalive_default(TG_IPSEC_L2L, &th, &rt);
	assert_int_equal(th, 10);
	tg_keepalive_default(TG_IPSEC_RA, &th, &rt);
	assert_int_equal(th, 300);
	assert_int_equal(rt, 2);

	size_t it = 0;
	assert_string_equal(tg_next(&it)->name, "DefaultRAGroup");
	tg_clear_all();
	assert_null(tg_find("192.0.2.254"));
	assert_non_null(tg_find("DefaultRAGroup"));
}

static void group_policy_inherit(void **state)
{
	(void)state;
	struct group_policy *d = gp_find(GP_DEFAULT_NAME);
	assert_non_null(d);
	struct group_policy *g = gp_create_internal("DefaultRAGroup", NULL);
	assert_null(gp_effective(g, GPA_DNS));
	d->attr[GPA_DNS].st = GP_VALUE;
	d->attr[GPA_DNS].ip[0] = 0x0a040463;
	d->attr[GPA_DNS].nip = 1;
	assert_ptr_equal(gp_effective(g, GPA_DNS), &d->attr[GPA_DNS]);
	g->attr[GPA_DNS].st = GP_NONE; /* "dns-server none" stops inheritance */
	assert_null(gp_effective(g, GPA_DNS));
	g->attr[GPA_TUNNEL_PROTO].st = GP_VALUE;
	g->attr[GPA_TUNNEL_PROTO].num = GP_PROTO_IPSEC | GP_PROTO_L2TP_IPSEC;
	struct group_policy *c = gp_create_internal("copy", g);
	assert_int_equal(c->attr[GPA_TUNNEL_PROTO].num,
			 GP_PROTO_IPSEC | GP_PROTO_L2TP_IPSEC);
	assert_true(gp_has_attrs(c));
	gp_create_external("ext", "radius", "pw");
	assert_true(gp_find("ext")->external);
	gp_delete(GP_DEFAULT_NAME); /* built-in: reset only */
	assert_non_null(gp_find(GP_DEFAULT_NAME));
	assert_false(gp_has_attrs(gp_find(GP_DEFAULT_NAME)));
	gp_clear_all();
	assert_null(gp_find("copy"));
	assert_null(gp_find("ext"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(map_entries_sorted),
		cmocka_unit_test(entry_empty),
		cmocka_unit_test(isakmp_policies),
		cmocka_unit_test(keywords),
		cmocka_unit_test(tunnel_groups),
		cmocka_unit_test(group_policy_inherit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
