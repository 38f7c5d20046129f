/*
 * ca.h — PKI configuration of PIX 7.2 ("crypto ca ..."), kept typed:
 *   crypto ca trustpoint NAME            trust points and their attributes
 *    crl configure                       with the CRL sub-mode lines
 *   crypto ca certificate map NAME SEQ   rules matching certificates
 *   crypto ca certificate chain NAME     the certificates of a trust point,
 *    certificate [ca|ra-...] SERIAL      as hex data ended by "quit"
 * Lines are checked by the CLI (ca_cmds.c) and stored here in their
 * canonical text; the IKE code (later) reads the certificates as bytes.
 */
#ifndef PIXIE_VPN_CA_H
#define PIXIE_VPN_CA_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/strbuf.h"
#include "vpn/strv.h"

/* Trust point attributes, in show running-config order. */
enum tp_attr {
	TPA_ENROLL,       /* enrollment self | terminal | url URL */
	TPA_RETRY_PERIOD, /* enrollment retry period N */
	TPA_RETRY_COUNT,  /* enrollment retry count N */
	TPA_FQDN,
	TPA_EMAIL,
	TPA_SUBJECT,
	TPA_IP,
	TPA_SERIAL,
	TPA_KEYPAIR,
	TPA_ID_USAGE,
	TPA_ACCEPT_SUB,   /* on by default: printed as "no accept-subordinates" */
	TPA_ID_ISSUER,    /* on by default */
	TPA_USER_VALID,   /* support-user-cert-validation, on by default */
	TPA_REVOCATION,   /* revocation-check ... */
	TPA_OCSP_URL,
	TPA_OCSP_NONCE,   /* ocsp disable-nonce */
	TPA_CRL_MODE,     /* crl required | optional | nocheck */
	TPA_COUNT
};

struct trustpoint {
	char *name;
	char *attr[TPA_COUNT]; /* canonical line without the leading blank; NULL = unset */
	bool crl_configure;    /* "crl configure" entered */
	struct strv crl_lines; /* its sub-mode lines, entry order */
};

struct ca_cert {
	char *type;   /* "" (the trust point's own), "ca", "ra-encrypt", ... */
	char *serial; /* hex */
	struct strbuf hex; /* the data, hex digits only */
};

struct cert_chain {
	char *name; /* the trust point */
	struct ca_cert **certs;
	size_t n;
};

struct cert_map {
	char *name;
	unsigned long seq;
	struct strv rules; /* "subject-name attr cn eq x", entry order */
};

struct trustpoint *ca_tp_find(const char *name);
struct trustpoint *ca_tp_get(const char *name); /* creates */
/* Remove a trust point and its certificate chain. */
void ca_tp_del(const char *name);
struct trustpoint *ca_tp_next(size_t *iter);

struct cert_chain *ca_chain_find(const char *name);
struct cert_chain *ca_chain_get(const char *name);
void ca_chain_del(const char *name);
struct cert_chain *ca_chain_next(size_t *iter);
struct ca_cert *ca_cert_find(struct cert_chain *c, const char *serial);
/* A new, empty certificate replacing any with the same serial. */
struct ca_cert *ca_cert_new(struct cert_chain *c, const char *type, const char *serial);
void ca_cert_del(struct cert_chain *c, const char *serial);

struct cert_map *ca_map_find(const char *name, unsigned long seq);
struct cert_map *ca_map_get(const char *name, unsigned long seq);
void ca_map_del(const char *name, unsigned long seq); /* seq 0: every entry */
struct cert_map *ca_map_next(size_t *iter); /* by name, then sequence */

/* Every crypto ca object gone (clear configure crypto ca, factory default). */
void ca_clear(void);

/* Replace the line of `lines` whose key (first word, or the first two for
 * "url N" / "protocol P", after an optional "no ") is the key of `line`,
 * or append it. */
void ca_strv_set(struct strv *lines, const char *line);
/* Remove the line with that key; true if there was one. */
bool ca_strv_unset(struct strv *lines, const char *line);

#endif
