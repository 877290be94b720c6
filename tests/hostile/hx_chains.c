/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * X.509 chains for the hostile device, built at runtime with OpenSSL: the profile of the honest
 * identity (root CA -> intermediate CA -> leaf, P-256, PCIe CMA subjectAltName on the leaf),
 * then one defect each: validity, CA flags, key usage, the SAN, the leaf key, the depth, a
 * signature by another key, an unknown root, and DER that is malformed or a length bomb.
 * The roots the requester trusts are written to a directory of PEM files.
 */
#include "hostile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define CMA_OID	   "2.23.147"
#define OTHER_OID  "2.23.148"
#define DAY	   86400L
#define DEEP_MAX   20
#define NEST_DEPTH 800
#define BOMB_FILL  96

enum san_mode { SAN_NONE, SAN_CMA, SAN_CASE, SAN_OID, SAN_IA5, SAN_DNS, SAN_NUL, SAN_TWO };

/* One certificate: subject, extensions, validity, and who signs it. */
struct spec {
	const char *cn;
	const char *bc, *ku;	    /* OpenSSL config strings; NULL: no extension */
	long not_before, not_after; /* seconds from now */
	enum san_mode san;
	EVP_PKEY *key;
	X509 *issuer;	  /* NULL: self-signed */
	EVP_PKEY *signer; /* NULL: the issuer's key (or key) */
};

static EVP_PKEY *k_root, *k_inter, *k_leaf, *k_other, *k_rsa, *k_p384, *k_root2;
static X509 *x_root, *x_inter, *x_root2, *x_root_nca;
static struct hx_chain chains[CH_COUNT];
static long serial = 1;

void *hx_new_p256(void)
{
	return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
}

void hx_key_free(void *key)
{
	EVP_PKEY_free(key);
}

/* ---- one certificate ------------------------------------------------------------------------ */

static int add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;
	int ok;

	X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
	e = X509V3_EXT_nconf_nid(NULL, &ctx, nid, value);
	ok = e && X509_add_ext(x, e, -1) == 1;
	X509_EXTENSION_free(e);
	return ok;
}

static GENERAL_NAME *other_name(const char *oid, int type, const char *s, size_t n)
{
	GENERAL_NAME *gn = GENERAL_NAME_new();
	ASN1_OBJECT *o = OBJ_txt2obj(oid, 1);
	ASN1_TYPE *val = ASN1_TYPE_new();
	ASN1_STRING *str = ASN1_STRING_type_new(type);

	if (gn && o && val && str && ASN1_STRING_set(str, s, (int)n) == 1) {
		ASN1_TYPE_set(val, type, str);
		if (GENERAL_NAME_set0_othername(gn, o, val) == 1)
			return gn;
		str = NULL; /* owned by val */
	}
	ASN1_STRING_free(str);
	ASN1_TYPE_free(val);
	ASN1_OBJECT_free(o);
	GENERAL_NAME_free(gn);
	return NULL;
}

static GENERAL_NAME *dns_name(const char *s)
{
	GENERAL_NAME *gn = GENERAL_NAME_new();
	ASN1_IA5STRING *str = ASN1_IA5STRING_new();

	if (gn && str && ASN1_STRING_set(str, s, -1) == 1) {
		GENERAL_NAME_set0_value(gn, GEN_DNS, str);
		return gn;
	}
	ASN1_IA5STRING_free(str);
	GENERAL_NAME_free(gn);
	return NULL;
}

static GENERAL_NAME *san_name(enum san_mode m, int first)
{
	static const char wrong_case[] = "vendor=8086:device=0b60:cc=010802:rev=01";
	size_t n = strlen(HX_CMA_SAN);

	switch (m) {
	case SAN_CASE:
		return other_name(CMA_OID, V_ASN1_UTF8STRING, wrong_case, n);
	case SAN_OID:
		return other_name(OTHER_OID, V_ASN1_UTF8STRING, HX_CMA_SAN, n);
	case SAN_IA5:
		return other_name(CMA_OID, V_ASN1_IA5STRING, HX_CMA_SAN, n);
	case SAN_DNS:
		return dns_name(HX_CMA_SAN);
	case SAN_NUL:
		return other_name(CMA_OID, V_ASN1_UTF8STRING, HX_CMA_SAN, n + 1);
	case SAN_TWO:
		return first ? other_name(CMA_OID, V_ASN1_UTF8STRING, wrong_case, n)
			     : other_name(CMA_OID, V_ASN1_UTF8STRING, HX_CMA_SAN, n);
	default:
		return other_name(CMA_OID, V_ASN1_UTF8STRING, HX_CMA_SAN, n);
	}
}

static int add_san(X509 *x, enum san_mode m)
{
	GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();
	GENERAL_NAME *gn;
	int ok = gens != NULL, i;

	for (i = 0; ok && i < (m == SAN_TWO ? 2 : 1); i++) {
		gn = san_name(m, i == 0);
		ok = gn && sk_GENERAL_NAME_push(gens, gn);
		if (!ok)
			GENERAL_NAME_free(gn);
	}
	if (ok)
		ok = X509_add1_ext_i2d(x, NID_subject_alt_name, gens, 0, X509V3_ADD_DEFAULT) == 1;
	GENERAL_NAMES_free(gens);
	return ok;
}

static int set_body(X509 *x, const struct spec *s)
{
	X509_NAME *n = X509_get_subject_name(x);

	return X509_set_version(x, X509_VERSION_3) == 1 &&
	       ASN1_INTEGER_set(X509_get_serialNumber(x), serial++) == 1 &&
	       X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)s->cn, -1,
					  -1, 0) == 1 &&
	       X509_set_issuer_name(x, s->issuer ? X509_get_subject_name(s->issuer) : n) == 1 &&
	       X509_gmtime_adj(X509_getm_notBefore(x), s->not_before) &&
	       X509_gmtime_adj(X509_getm_notAfter(x), s->not_after) &&
	       X509_set_pubkey(x, s->key) == 1;
}

static int set_exts(X509 *x, const struct spec *s)
{
	return (!s->bc || add_ext(x, s->issuer, NID_basic_constraints, s->bc)) &&
	       (!s->ku || add_ext(x, s->issuer, NID_key_usage, s->ku)) &&
	       add_ext(x, s->issuer, NID_subject_key_identifier, "hash") &&
	       (!s->issuer ||
		add_ext(x, s->issuer, NID_authority_key_identifier, "keyid:always")) &&
	       (s->san == SAN_NONE || add_san(x, s->san));
}

static X509 *make(const struct spec *s)
{
	EVP_PKEY *signer = s->signer ? s->signer : s->key;
	X509 *x = X509_new();

	if (!x || !set_body(x, s) || !set_exts(x, s) || X509_sign(x, signer, EVP_sha256()) <= 0) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* The usual certificates; callers change one field. */
static struct spec ca_spec(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *signer)
{
	struct spec s = {cn,
			 "critical,CA:TRUE",
			 "critical,keyCertSign,cRLSign",
			 -3600,
			 20 * 365 * DAY,
			 SAN_NONE,
			 key,
			 issuer,
			 signer};

	return s;
}

static struct spec leaf_spec(void)
{
	struct spec s = {"hostile leaf",
			 "critical,CA:FALSE",
			 "critical,digitalSignature",
			 -3600,
			 365 * DAY,
			 SAN_CMA,
			 k_leaf,
			 x_inter,
			 k_inter};

	return s;
}

/* ---- chains ---------------------------------------------------------------------------------- */

static int append_der(struct hx_chain *c, const uint8_t *der, size_t n)
{
	uint8_t *p = realloc(c->der, c->len + n);

	if (!p)
		return -1;
	memcpy(p + c->len, der, n);
	c->der = p;
	c->len += n;
	return 0;
}

static int append_cert(struct hx_chain *c, X509 *x)
{
	unsigned char *der = NULL;
	int n = x ? i2d_X509(x, &der) : -1;
	int rc = n > 0 ? append_der(c, der, (size_t)n) : -1;

	OPENSSL_free(der);
	return rc;
}

/* root, intermediate, then leaf (which the chain takes over). */
static int chain3(unsigned id, X509 *root, X509 *inter, X509 *leaf)
{
	struct hx_chain *c = &chains[id];
	int rc = append_cert(c, root) || append_cert(c, inter) || append_cert(c, leaf) ? -1 : 0;

	X509_free(leaf);
	c->key = k_leaf;
	c->asym = CSPDM_ASYM_ECDSA_P256;
	return rc;
}

static int leaf_variant(unsigned id, struct spec s)
{
	return chain3(id, x_root, x_inter, make(&s));
}

/* A leaf under an intermediate of its own (made from spec is). */
static int inter_variant(unsigned id, struct spec is)
{
	struct spec ls = leaf_spec();
	X509 *inter = make(&is);
	int rc;

	ls.issuer = inter;
	ls.signer = is.key;
	rc = inter ? chain3(id, is.issuer, inter, make(&ls)) : -1;
	X509_free(inter);
	return rc;
}

static int leaf_chains(void)
{
	struct spec s[10];
	int i, rc = 0;

	for (i = 0; i < 10; i++)
		s[i] = leaf_spec();
	s[0].not_before = -2 * DAY, s[0].not_after = -DAY;
	s[1].not_before = DAY, s[1].not_after = 2 * DAY;
	s[2].bc = "critical,CA:TRUE";
	s[3].ku = "critical,digitalSignature,keyCertSign";
	s[4].ku = "critical,keyAgreement";
	s[5].ku = NULL;
	s[6].signer = k_other;
	s[7].san = SAN_NONE;
	rc |= leaf_variant(CH_GOOD, leaf_spec());
	rc |= leaf_variant(CH_EXPIRED, s[0]);
	rc |= leaf_variant(CH_NOT_YET, s[1]);
	rc |= leaf_variant(CH_LEAF_CA, s[2]);
	rc |= leaf_variant(CH_LEAF_CERTSIGN, s[3]);
	rc |= leaf_variant(CH_LEAF_NO_DIGSIG, s[4]);
	rc |= leaf_variant(CH_LEAF_NO_KU, s[5]);
	rc |= leaf_variant(CH_BAD_SIG, s[6]);
	rc |= leaf_variant(CH_NO_SAN, s[7]);
	return rc;
}

static int san_chains(void)
{
	static const struct {
		unsigned id;
		enum san_mode m;
	} v[] = {{CH_SAN_CASE, SAN_CASE}, {CH_SAN_OID, SAN_OID}, {CH_SAN_IA5, SAN_IA5},
		 {CH_SAN_DNS, SAN_DNS},	  {CH_SAN_NUL, SAN_NUL}, {CH_SAN_TWO, SAN_TWO}};
	struct spec s;
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		s = leaf_spec();
		s.san = v[i].m;
		rc |= leaf_variant(v[i].id, s);
	}
	return rc;
}

static int key_chains(void)
{
	struct spec s = leaf_spec();
	int rc;

	s.key = k_rsa;
	rc = leaf_variant(CH_RSA1024, s);
	chains[CH_RSA1024].key = k_rsa;
	chains[CH_RSA1024].asym = CSPDM_ASYM_RSASSA_2048;
	s.key = k_p384;
	rc |= leaf_variant(CH_P384_LEAF, s);
	chains[CH_P384_LEAF].key = k_p384;
	return rc;
}

static int issuer_chains(void)
{
	struct spec s = ca_spec("hostile expired intermediate", k_inter, x_root, k_root);
	struct spec r = ca_spec("hostile root, not a CA", k_root2, NULL, NULL);
	int rc = 0;

	s.not_before = -3 * DAY, s.not_after = -DAY;
	rc |= inter_variant(CH_INTER_EXPIRED, s);
	s = ca_spec("hostile intermediate, not a CA", k_inter, x_root, k_root);
	s.bc = "critical,CA:FALSE";
	rc |= inter_variant(CH_INTER_NOT_CA, s);
	s = ca_spec("hostile intermediate without keyCertSign", k_inter, x_root, k_root);
	s.ku = "critical,digitalSignature";
	rc |= inter_variant(CH_INTER_NO_CERTSIGN, s);
	r.bc = "critical,CA:FALSE";
	x_root_nca = make(&r);
	s = ca_spec("hostile intermediate under a non-CA root", k_inter, x_root_nca, k_root2);
	rc |= x_root_nca ? inter_variant(CH_ROOT_NOT_CA, s) : -1;
	s = ca_spec("hostile intermediate under an unknown root", k_inter, x_root2, k_root2);
	rc |= inter_variant(CH_UNTRUSTED, s);
	s = ca_spec("hostile RSA-1024 intermediate", k_rsa, x_root, k_root);
	rc |= inter_variant(CH_RSA1024_INTER, s);
	return rc;
}

/* root, then n - 2 intermediates, then a leaf. */
static int deep_chain(unsigned id, int n)
{
	struct hx_chain *c = &chains[id];
	EVP_PKEY *keys[2] = {k_inter, k_other};
	X509 *prev = x_root, *x;
	EVP_PKEY *prev_key = k_root;
	struct spec s;
	char cn[48];
	int i, rc = append_cert(c, x_root);

	for (i = 1; !rc && i < n - 1; i++) {
		snprintf(cn, sizeof(cn), "hostile intermediate %d", i);
		s = ca_spec(cn, keys[i & 1], prev, prev_key);
		x = make(&s);
		rc = append_cert(c, x);
		if (prev != x_root)
			X509_free(prev);
		prev = x;
		prev_key = keys[i & 1];
	}
	s = leaf_spec();
	s.issuer = prev;
	s.signer = prev_key;
	x = rc ? NULL : make(&s);
	rc = rc ? rc : append_cert(c, x);
	X509_free(x);
	if (prev != x_root)
		X509_free(prev);
	c->key = k_leaf;
	c->asym = CSPDM_ASYM_ECDSA_P256;
	return rc;
}

/* ---- malformed DER ------------------------------------------------------------------------- */

/* A DER header (tag, definite length) for content of n bytes; returns its size. */
static size_t der_header(uint8_t *p, uint8_t tag, size_t n)
{
	p[0] = tag;
	if (n < 0x80) {
		p[1] = (uint8_t)n;
		return 2;
	}
	if (n < 0x100) {
		p[1] = 0x81;
		p[2] = (uint8_t)n;
		return 3;
	}
	p[1] = 0x82;
	p[2] = (uint8_t)(n >> 8);
	p[3] = (uint8_t)n;
	return 4;
}

/* A SEQUENCE with well-formed outer framing whose inner SEQUENCE claims 2^31 - 1 bytes. */
static size_t len_bomb(uint8_t *out)
{
	uint8_t body[6 + BOMB_FILL] = {0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF};
	size_t h = der_header(out, 0x30, sizeof(body));

	memcpy(out + h, body, sizeof(body));
	return h + sizeof(body);
}

/* NEST_DEPTH SEQUENCEs inside each other, each with a correct length. */
static size_t nest_bomb(uint8_t *buf, size_t cap)
{
	size_t len = 2, h, i;
	uint8_t hdr[4];

	buf[cap - 2] = 0x30;
	buf[cap - 1] = 0x00;
	for (i = 0; i < NEST_DEPTH; i++) {
		h = der_header(hdr, 0x30, len);
		memcpy(buf + cap - len - h, hdr, h);
		len += h;
	}
	memmove(buf, buf + cap - len, len);
	return len;
}

static int append_good_leaf(struct hx_chain *c, int mangle)
{
	struct spec s = leaf_spec();
	X509 *x = make(&s);
	unsigned char *der = NULL;
	int n = x ? i2d_X509(x, &der) : -1;
	int rc = -1;

	if (n > 8) {
		if (mangle)
			der[4] ^= 0x01; /* TBSCertificate: SEQUENCE -> SET */
		rc = append_der(c, der, (size_t)n);
	}
	OPENSSL_free(der);
	X509_free(x);
	return rc;
}

static int der_chains(void)
{
	static const uint8_t junk[] = {0x30, 0x03, 0x02, 0x01, 0x00};
	static uint8_t bomb[8192];
	size_t n;
	int rc;
	unsigned id;

	rc = append_cert(&chains[CH_MALFORMED], x_root) ||
	     append_cert(&chains[CH_MALFORMED], x_inter) ||
	     append_good_leaf(&chains[CH_MALFORMED], 1);
	n = len_bomb(bomb);
	rc |= append_cert(&chains[CH_BOMB_LEN_LEAF], x_root) ||
	      append_cert(&chains[CH_BOMB_LEN_LEAF], x_inter) ||
	      append_der(&chains[CH_BOMB_LEN_LEAF], bomb, n);
	rc |= append_der(&chains[CH_BOMB_LEN_ROOT], bomb, n) ||
	      append_cert(&chains[CH_BOMB_LEN_ROOT], x_inter) ||
	      append_good_leaf(&chains[CH_BOMB_LEN_ROOT], 0);
	n = nest_bomb(bomb, sizeof(bomb));
	rc |= append_cert(&chains[CH_BOMB_NEST_LEAF], x_root) ||
	      append_cert(&chains[CH_BOMB_NEST_LEAF], x_inter) ||
	      append_der(&chains[CH_BOMB_NEST_LEAF], bomb, n);
	rc |= append_cert(&chains[CH_TRAILING], x_root) ||
	      append_cert(&chains[CH_TRAILING], x_inter) ||
	      append_good_leaf(&chains[CH_TRAILING], 0) ||
	      append_der(&chains[CH_TRAILING], junk, sizeof(junk));
	for (id = CH_MALFORMED; id <= CH_TRAILING; id++) {
		chains[id].key = k_leaf;
		chains[id].asym = CSPDM_ASYM_ECDSA_P256;
	}
	return rc;
}

/* ---- setup ---------------------------------------------------------------------------------- */

static int write_pem(const char *dir, const char *name, X509 *const *x, int n)
{
	char path[256];
	FILE *f;
	int i, ok = 1;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	for (i = 0; i < n; i++)
		ok &= PEM_write_X509(f, x[i]) == 1;
	return fclose(f) == 0 && ok ? 0 : -1;
}

static int make_keys(void)
{
	k_root = hx_new_p256();
	k_inter = hx_new_p256();
	k_leaf = hx_new_p256();
	k_other = hx_new_p256();
	k_root2 = hx_new_p256();
	k_p384 = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
	k_rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
	return k_root && k_inter && k_leaf && k_other && k_root2 && k_p384 && k_rsa ? 0 : -1;
}

static int make_cas(void)
{
	struct spec r = ca_spec("hostile root CA", k_root, NULL, NULL);
	struct spec i = ca_spec("hostile intermediate CA", k_inter, NULL, k_root);
	struct spec u = ca_spec("unknown root CA", k_root2, NULL, NULL);

	x_root = make(&r);
	i.issuer = x_root;
	x_inter = x_root ? make(&i) : NULL;
	x_root2 = make(&u);
	return x_root && x_inter && x_root2 ? 0 : -1;
}

int hx_chains_init(const char *dir)
{
	X509 *trusted[2];

	chains[CH_HONEST].der = hx_env.honest.chain;
	chains[CH_HONEST].len = hx_env.honest.chain_len;
	chains[CH_HONEST].key = hx_env.honest.key;
	chains[CH_HONEST].asym = hx_env.honest.asym;
	if (make_keys() || make_cas() || leaf_chains() || san_chains() || key_chains() ||
	    issuer_chains() || deep_chain(CH_DEEP20, 20) || deep_chain(CH_DEEP9, 9) ||
	    deep_chain(CH_DEEP8, 8) || der_chains())
		return -1;
	trusted[0] = x_root;
	trusted[1] = x_root_nca;
	return write_pem(dir, "hostile.pem", trusted, 2);
}

const struct hx_chain *hx_chain(unsigned id)
{
	return &chains[id < CH_COUNT ? id : CH_HONEST];
}

void hx_chains_free(void)
{
	unsigned id;

	for (id = CH_HONEST + 1; id < CH_COUNT; id++)
		free(chains[id].der);
	memset(chains, 0, sizeof(chains));
	X509_free(x_root);
	X509_free(x_inter);
	X509_free(x_root2);
	X509_free(x_root_nca);
	EVP_PKEY_free(k_root);
	EVP_PKEY_free(k_inter);
	EVP_PKEY_free(k_leaf);
	EVP_PKEY_free(k_other);
	EVP_PKEY_free(k_rsa);
	EVP_PKEY_free(k_p384);
	EVP_PKEY_free(k_root2);
}
