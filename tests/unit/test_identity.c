/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit tests for the device identity: src/crypto/identity.c. */
#include "testutil.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/identity.h"
#include "crypto/openssl_priv.h"

#define CMA_SAN	  "Vendor=8086:Device=0b60:CC=010802:REV=01:SSVID=8086:SSID=0000"
#define OTHER_SAN "Vendor=8086:Device=0b61:CC=010802:REV=01:SSVID=8086:SSID=0000"
#define MAX_CERTS 8

static char g_tmpdir[64];

/* ---- helpers ------------------------------------------------------------------------------ */

static void rm_rf(const char *path)
{
	char child[PATH_MAX];
	struct dirent *de;
	struct stat sb;
	DIR *d;

	if (lstat(path, &sb) != 0)
		return;
	if (!S_ISDIR(sb.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	while (d && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, de->d_name);
		rm_rf(child);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(g_tmpdir, sizeof(g_tmpdir), "/tmp/cspdm-identity-XXXXXX");
	return mkdtemp(g_tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	rm_rf(g_tmpdir);
	return 0;
}

static const char *tmp_path(const char *name)
{
	static char path[4][PATH_MAX];
	static int which;

	which = (which + 1) % 4;
	snprintf(path[which], sizeof(path[which]), "%s/%s", g_tmpdir, name);
	return path[which];
}

/* Split a DER chain into certificates; returns the count (every byte must be used). */
static int parse_chain(const uint8_t *der, size_t len, X509 **out)
{
	const unsigned char *p = der, *end = der + len;
	int n = 0;

	while (p < end) {
		assert_true(n < MAX_CERTS);
		out[n] = d2i_X509(NULL, &p, (long)(end - p));
		assert_non_null(out[n]);
		n++;
	}
	return n;
}

static void free_certs(X509 **certs, int n)
{
	for (int i = 0; i < n; i++)
		X509_free(certs[i]);
}

static void assert_cn(X509 *x, const char *want)
{
	char cn[128];

	assert_true(X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, cn,
					      sizeof(cn)) > 0);
	assert_string_equal(cn, want);
}

/* The PCIe CMA otherName of x, or "" when x has none; fails on any other SAN entry. */
static void get_cma_san(X509 *x, char *out, size_t cap)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	const GENERAL_NAME *g;
	const ASN1_STRING *s;
	char oid[32];

	out[0] = '\0';
	if (!gens)
		return;
	assert_int_equal(sk_GENERAL_NAME_num(gens), 1);
	g = sk_GENERAL_NAME_value(gens, 0);
	assert_int_equal(g->type, GEN_OTHERNAME);
	assert_true(OBJ_obj2txt(oid, sizeof(oid), g->d.otherName->type_id, 1) > 0);
	assert_string_equal(oid, "2.23.147");
	assert_int_equal(g->d.otherName->value->type, V_ASN1_UTF8STRING);
	s = g->d.otherName->value->value.utf8string;
	assert_true((size_t)ASN1_STRING_length(s) < cap);
	memcpy(out, ASN1_STRING_get0_data(s), (size_t)ASN1_STRING_length(s));
	out[ASN1_STRING_length(s)] = '\0';
	GENERAL_NAMES_free(gens);
}

static void assert_serial(X509 *x)
{
	const ASN1_INTEGER *s = X509_get0_serialNumber(x);

	assert_int_equal(ASN1_STRING_type(s), V_ASN1_INTEGER); /* positive */
	/* 16 content octets in DER: no leading zero octet, so the top bit is clear */
	assert_int_equal(i2d_ASN1_INTEGER(s, NULL), 2 + 16);
}

/* notBefore about an hour ago, notAfter about `years` from now. */
static void assert_validity(X509 *x, int years)
{
	int day, sec;

	assert_int_equal(ASN1_TIME_diff(&day, &sec, X509_get0_notBefore(x), NULL), 1);
	assert_int_equal(day, 0);
	assert_in_range(sec, 3590, 3700);
	assert_int_equal(ASN1_TIME_diff(&day, &sec, NULL, X509_get0_notAfter(x)), 1);
	assert_in_range(day, years * 365, years * 365 + years / 4 + 1);
}

static int sig_nid(uint32_t asym)
{
	switch (asym) {
	case CSPDM_ASYM_ECDSA_P256:
	case CSPDM_ASYM_ECDSA_P384:
		return NID_ecdsa_with_SHA384;
	case CSPDM_ASYM_ECDSA_P521:
		return NID_ecdsa_with_SHA512;
	case CSPDM_ASYM_RSASSA_4096:
	case CSPDM_ASYM_RSAPSS_4096:
		return NID_sha512WithRSAEncryption;
	case CSPDM_ASYM_EDDSA_25519:
		return NID_ED25519;
	case CSPDM_ASYM_EDDSA_448:
		return NID_ED448;
	default:
		return NID_sha384WithRSAEncryption;
	}
}

/* The certificate profile: names, serials, validity, CA flags, key usage, SAN, signatures. */
static void check_profile(const struct cspdm_identity *id, uint32_t asym, const char *san,
			  unsigned int slot)
{
	X509 *c[MAX_CERTS];
	char want[128], got[256];
	int n = parse_chain(id->chain, id->chain_len, c);

	assert_int_equal(n, 3);
	snprintf(want, sizeof(want), "cspdm emulated root CA (%s)", cspdm_asym_name(id->asym));
	assert_cn(c[0], want);
	assert_cn(c[1], "cspdm emulated intermediate CA");
	snprintf(want, sizeof(want), "cspdm emulated device slot %u", slot);
	assert_cn(c[2], want);
	assert_int_equal(X509_check_issued(c[0], c[0]), X509_V_OK); /* root first */
	assert_int_equal(X509_check_issued(c[0], c[1]), X509_V_OK);
	assert_int_equal(X509_check_issued(c[1], c[2]), X509_V_OK);
	for (int i = 0; i < n; i++) {
		assert_int_equal(X509_get_version(c[i]), X509_VERSION_3);
		assert_serial(c[i]);
		assert_validity(c[i], i == 2 ? 10 : 20);
		assert_int_equal(X509_get_signature_nid(c[i]), sig_nid(asym));
		assert_int_equal(cspdm_ossl_key_fits(X509_get0_pubkey(c[i]), asym), CSPDM_OK);
		assert_non_null(X509_get0_subject_key_id(c[i]));
		assert_true((X509_get_extension_flags(c[i]) & EXFLAG_CA) ==
			    (i < 2 ? EXFLAG_CA : 0));
	}
	assert_null(X509_get0_authority_key_id(c[0]));
	assert_non_null(X509_get0_authority_key_id(c[2]));
	assert_int_equal(X509_get_pathlen(c[1]), 0);
	assert_int_equal(X509_get_key_usage(c[0]), KU_KEY_CERT_SIGN | KU_CRL_SIGN);
	assert_int_equal(X509_get_key_usage(c[1]),
			 KU_KEY_CERT_SIGN | KU_CRL_SIGN | KU_DIGITAL_SIGNATURE);
	assert_int_equal(X509_get_key_usage(c[2]), KU_DIGITAL_SIGNATURE);
	get_cma_san(c[0], got, sizeof(got));
	assert_string_equal(got, "");
	get_cma_san(c[2], got, sizeof(got));
	assert_string_equal(got, san ? san : "");
	free_certs(c, n);
}

static cspdm_status validate(const struct cspdm_crypto_ops *ops, const struct cspdm_identity *id,
			     uint32_t asym, const char *san, void **pubkey)
{
	struct cspdm_x509_params p = {.base_asym = asym, .expected_san = san};
	struct cspdm_x509_result res = {.trusted = -1};
	uint32_t err = 0;
	cspdm_status st = ops->x509_validate(ops->priv, id->chain, id->chain_len, &p, &res, &err);

	if (st == CSPDM_OK) {
		assert_int_equal(res.trusted, 1);
		assert_non_null(res.pubkey);
	}
	if (pubkey)
		*pubkey = res.pubkey;
	else
		ops->key_free(ops->priv, res.pubkey);
	return st;
}

static void check_sign(const struct cspdm_crypto_ops *ops, const struct cspdm_identity *id,
		       uint32_t asym, void *pubkey)
{
	static const uint8_t msg[] = "cspdm identity test message";
	uint8_t sig[CSPDM_MAX_SIG_SIZE];
	uint32_t n = cspdm_sig_size(asym);

	assert_true(n > 0 && n <= sizeof(sig));
	assert_int_equal(
	    ops->sign(ops->priv, id->key, asym, CSPDM_HASH_SHA_384, msg, sizeof(msg), 0, sig, n),
	    CSPDM_OK);
	assert_int_equal(
	    ops->verify(ops->priv, pubkey, asym, CSPDM_HASH_SHA_384, msg, sizeof(msg), 0, sig, n),
	    CSPDM_OK);
	sig[n / 2] ^= 0x01;
	assert_int_equal(
	    ops->verify(ops->priv, pubkey, asym, CSPDM_HASH_SHA_384, msg, sizeof(msg), 0, sig, n),
	    CSPDM_E_SIGNATURE);
}

/* Validate against the exported root as the only trust anchor, then sign and verify. */
static void check_usable(const struct cspdm_identity *id, uint32_t asym, const char *san)
{
	const char *root = tmp_path("root.pem");
	struct cspdm_openssl *o = NULL;
	const struct cspdm_crypto_ops *ops;
	void *pubkey = NULL;

	assert_int_equal(cspdm_identity_export_root(id, root), CSPDM_OK);
	assert_int_equal(cspdm_openssl_new(&o, root), CSPDM_OK);
	ops = cspdm_openssl_ops(o);
	assert_int_equal(validate(ops, id, asym, OTHER_SAN, NULL), CSPDM_E_X509_SAN);
	assert_int_equal(validate(ops, id, asym, san, &pubkey), CSPDM_OK);
	check_sign(ops, id, asym, pubkey);
	ops->key_free(ops->priv, pubkey);
	cspdm_openssl_free(o);
	unlink(root);
}

static void check_alg(uint32_t asym)
{
	struct cspdm_identity id;

	assert_int_equal(cspdm_identity_generate(asym, CMA_SAN, 0, &id), CSPDM_OK);
	assert_int_equal(id.asym, asym);
	check_profile(&id, asym, CMA_SAN, 0);
	check_usable(&id, asym, CMA_SAN);
	cspdm_identity_free(&id);
	assert_null(id.chain);
	assert_null(id.key);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void write_pem_chain(const char *path, const struct cspdm_identity *id)
{
	X509 *c[MAX_CERTS];
	int n = parse_chain(id->chain, id->chain_len, c);
	BIO *b = BIO_new_file(path, "w");

	assert_non_null(b);
	for (int i = 0; i < n; i++)
		assert_int_equal(PEM_write_bio_X509(b, c[i]), 1);
	assert_int_equal(BIO_free(b), 1);
	free_certs(c, n);
}

static void assert_same_identity(const struct cspdm_identity *a, const struct cspdm_identity *b)
{
	assert_int_equal(a->asym, b->asym);
	assert_int_equal(a->chain_len, b->chain_len);
	assert_memory_equal(a->chain, b->chain, a->chain_len);
	assert_int_equal(EVP_PKEY_eq(a->key, b->key), 1);
}

/* ---- generation, every algorithm ---------------------------------------------------------- */

#define ALG_TEST(name, alg)                                                                        \
	static void test_gen_##name(void **state)                                                  \
	{                                                                                          \
		(void)state;                                                                       \
		check_alg(alg);                                                                    \
	}

ALG_TEST(p256, CSPDM_ASYM_ECDSA_P256)
ALG_TEST(p384, CSPDM_ASYM_ECDSA_P384)
ALG_TEST(p521, CSPDM_ASYM_ECDSA_P521)
ALG_TEST(rsassa2048, CSPDM_ASYM_RSASSA_2048)
ALG_TEST(rsapss2048, CSPDM_ASYM_RSAPSS_2048)
ALG_TEST(rsassa3072, CSPDM_ASYM_RSASSA_3072)
ALG_TEST(rsapss3072, CSPDM_ASYM_RSAPSS_3072)
ALG_TEST(ed25519, CSPDM_ASYM_EDDSA_25519)
ALG_TEST(ed448, CSPDM_ASYM_EDDSA_448)

/* RSA-4096 generation is slow: one identity serves both RSASSA and RSAPSS (plain RSA keys). */
static void test_gen_rsa4096(void **state)
{
	struct cspdm_identity id;

	(void)state;
	assert_int_equal(cspdm_identity_generate(CSPDM_ASYM_RSAPSS_4096, CMA_SAN, 3, &id),
			 CSPDM_OK);
	assert_int_equal(id.asym, CSPDM_ASYM_RSAPSS_4096);
	check_profile(&id, CSPDM_ASYM_RSAPSS_4096, CMA_SAN, 3);
	check_usable(&id, CSPDM_ASYM_RSAPSS_4096, CMA_SAN);
	check_usable(&id, CSPDM_ASYM_RSASSA_4096, CMA_SAN);
	cspdm_identity_free(&id);
}

static void test_gen_no_san(void **state)
{
	struct cspdm_identity id;
	struct cspdm_openssl *o = NULL;
	const struct cspdm_crypto_ops *ops;
	const char *root = tmp_path("nosan-root.pem");
	X509 *c[MAX_CERTS];
	int n;

	(void)state;
	assert_int_equal(cspdm_identity_generate(CSPDM_ASYM_EDDSA_25519, NULL, 7, &id), CSPDM_OK);
	check_profile(&id, CSPDM_ASYM_EDDSA_25519, NULL, 7);
	n = parse_chain(id.chain, id.chain_len, c);
	for (int i = 0; i < n; i++)
		assert_int_equal(X509_get_ext_by_NID(c[i], NID_subject_alt_name, -1), -1);
	free_certs(c, n);
	assert_int_equal(cspdm_identity_export_root(&id, root), CSPDM_OK);
	assert_int_equal(cspdm_openssl_new(&o, root), CSPDM_OK);
	ops = cspdm_openssl_ops(o);
	assert_int_equal(validate(ops, &id, CSPDM_ASYM_EDDSA_25519, NULL, NULL), CSPDM_OK);
	assert_int_equal(validate(ops, &id, CSPDM_ASYM_EDDSA_25519, CMA_SAN, NULL),
			 CSPDM_E_X509_SAN);
	/* the key type is checked too */
	assert_int_equal(validate(ops, &id, CSPDM_ASYM_EDDSA_448, NULL, NULL), CSPDM_E_X509_KEY);
	cspdm_openssl_free(o);
	cspdm_identity_free(&id);
	unlink(root);
}

/* A chain does not anchor in another identity's root. */
static void test_gen_other_root_untrusted(void **state)
{
	struct cspdm_identity a, b;
	struct cspdm_openssl *o = NULL;
	const char *root = tmp_path("other-root.pem");

	(void)state;
	assert_int_equal(cspdm_identity_generate(CSPDM_ASYM_ECDSA_P256, CMA_SAN, 0, &a), CSPDM_OK);
	assert_int_equal(cspdm_identity_generate(CSPDM_ASYM_ECDSA_P256, CMA_SAN, 0, &b), CSPDM_OK);
	assert_true(a.chain_len != b.chain_len || memcmp(a.chain, b.chain, a.chain_len) != 0);
	assert_int_equal(cspdm_identity_export_root(&b, root), CSPDM_OK);
	assert_int_equal(cspdm_openssl_new(&o, root), CSPDM_OK);
	assert_int_equal(validate(cspdm_openssl_ops(o), &a, CSPDM_ASYM_ECDSA_P256, CMA_SAN, NULL),
			 CSPDM_E_X509_UNTRUSTED);
	cspdm_openssl_free(o);
	cspdm_identity_free(&a);
	cspdm_identity_free(&b);
	unlink(root);
}

static void test_gen_bad_args(void **state)
{
	struct cspdm_identity id;

	(void)state;
	memset(&id, 0xa5, sizeof(id));
	assert_int_equal(cspdm_identity_generate(0, CMA_SAN, 0, &id), CSPDM_E_UNSUPPORTED);
	assert_null(id.chain);
	assert_null(id.key);
	assert_int_equal(cspdm_identity_generate(CSPDM_ASYM_SM2_P256, NULL, 0, &id),
			 CSPDM_E_UNSUPPORTED);
	assert_int_equal(
	    cspdm_identity_generate(CSPDM_ASYM_ECDSA_P256 | CSPDM_ASYM_ECDSA_P384, NULL, 0, &id),
	    CSPDM_E_UNSUPPORTED);
	assert_int_equal(cspdm_identity_generate(CSPDM_ASYM_ECDSA_P256, NULL, CSPDM_MAX_SLOTS, &id),
			 CSPDM_E_INVALID_ARG);
	assert_int_equal(cspdm_identity_generate(CSPDM_ASYM_ECDSA_P256, NULL, 0, NULL),
			 CSPDM_E_INVALID_ARG);
	assert_int_equal(
	    cspdm_identity_load_or_generate(tmp_path("x"), CSPDM_ASYM_SM2_P256, NULL, 0, &id),
	    CSPDM_E_UNSUPPORTED);
	assert_int_equal(cspdm_identity_export_root(&id, tmp_path("x.pem")), CSPDM_E_INVALID_ARG);
	cspdm_identity_free(&id);
	cspdm_identity_free(NULL);
}

/* ---- persistent state --------------------------------------------------------------------- */

static void test_state_persists(void **state)
{
	struct cspdm_identity a, b, c, d;
	const char *dir = tmp_path("state/nested");
	char path[PATH_MAX];
	struct stat sb;

	(void)state;
	assert_int_equal(
	    cspdm_identity_load_or_generate(dir, CSPDM_ASYM_ECDSA_P384, CMA_SAN, 0, &a), CSPDM_OK);
	snprintf(path, sizeof(path), "%s/ECDSA_P384/slot0/key.pem", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(path, sizeof(path), "%s/ECDSA_P384/slot0/chain.der", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal((size_t)sb.st_size, a.chain_len);
	check_profile(&a, CSPDM_ASYM_ECDSA_P384, CMA_SAN, 0);

	/* again: the same identity, byte for byte */
	assert_int_equal(
	    cspdm_identity_load_or_generate(dir, CSPDM_ASYM_ECDSA_P384, CMA_SAN, 0, &b), CSPDM_OK);
	assert_same_identity(&a, &b);
	check_usable(&b, CSPDM_ASYM_ECDSA_P384, CMA_SAN);

	/* another slot and a fresh directory are other identities */
	assert_int_equal(
	    cspdm_identity_load_or_generate(dir, CSPDM_ASYM_ECDSA_P384, CMA_SAN, 1, &c), CSPDM_OK);
	check_profile(&c, CSPDM_ASYM_ECDSA_P384, CMA_SAN, 1);
	assert_true(c.chain_len != a.chain_len || memcmp(c.chain, a.chain, a.chain_len) != 0);
	assert_int_equal(cspdm_identity_load_or_generate(tmp_path("state2"), CSPDM_ASYM_ECDSA_P384,
							 CMA_SAN, 0, &d),
			 CSPDM_OK);
	assert_true(d.chain_len != a.chain_len || memcmp(d.chain, a.chain, a.chain_len) != 0);
	assert_int_equal(EVP_PKEY_eq(d.key, a.key), 0);
	cspdm_identity_free(&b);
	cspdm_identity_free(&c);
	cspdm_identity_free(&d);

	/* the stored identity no longer fits a different SAN */
	assert_int_equal(
	    cspdm_identity_load_or_generate(dir, CSPDM_ASYM_ECDSA_P384, OTHER_SAN, 0, &b),
	    CSPDM_E_X509_SAN);
	assert_null(b.chain);
	assert_null(b.key);
	cspdm_identity_free(&a);
}

static void test_state_missing_key(void **state)
{
	struct cspdm_identity id;
	const char *dir = tmp_path("state3");
	char path[PATH_MAX];

	(void)state;
	assert_int_equal(cspdm_identity_load_or_generate(dir, CSPDM_ASYM_EDDSA_448, NULL, 2, &id),
			 CSPDM_OK);
	cspdm_identity_free(&id);
	snprintf(path, sizeof(path), "%s/EDDSA_448/slot2/key.pem", dir);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(cspdm_identity_load_or_generate(dir, CSPDM_ASYM_EDDSA_448, NULL, 2, &id),
			 CSPDM_E_IO);
	assert_null(id.chain);
}

/* ---- loading ------------------------------------------------------------------------------ */

static void test_load_der_and_pem(void **state)
{
	struct cspdm_identity gen, der, pem;
	const char *dir = tmp_path("state4");
	const char *pem_path = tmp_path("chain.pem");
	char chain[PATH_MAX], key[PATH_MAX];

	(void)state;
	assert_int_equal(
	    cspdm_identity_load_or_generate(dir, CSPDM_ASYM_ECDSA_P521, CMA_SAN, 0, &gen),
	    CSPDM_OK);
	snprintf(chain, sizeof(chain), "%s/ECDSA_P521/slot0/chain.der", dir);
	snprintf(key, sizeof(key), "%s/ECDSA_P521/slot0/key.pem", dir);

	/* concatenated DER, asym derived from the key */
	assert_int_equal(cspdm_identity_load(chain, key, 0, &der), CSPDM_OK);
	assert_same_identity(&gen, &der);

	/* PEM */
	write_pem_chain(pem_path, &gen);
	assert_int_equal(cspdm_identity_load(pem_path, key, 0, &pem), CSPDM_OK);
	assert_same_identity(&gen, &pem);
	check_usable(&pem, CSPDM_ASYM_ECDSA_P521, CMA_SAN);
	cspdm_identity_free(&pem);

	/* a hint the key does not fit */
	assert_int_equal(cspdm_identity_load(pem_path, key, CSPDM_ASYM_ECDSA_P384, &pem),
			 CSPDM_E_X509_KEY);
	assert_null(pem.chain);
	assert_null(pem.key);
	cspdm_identity_free(&der);
	cspdm_identity_free(&gen);
	unlink(pem_path);
}

/* An RSA key serves RSASSA by default; the hint picks RSAPSS. */
static void test_load_rsa_hint(void **state)
{
	struct cspdm_identity gen, id;
	const char *dir = tmp_path("state5");
	char chain[PATH_MAX], key[PATH_MAX];

	(void)state;
	assert_int_equal(
	    cspdm_identity_load_or_generate(dir, CSPDM_ASYM_RSAPSS_2048, CMA_SAN, 0, &gen),
	    CSPDM_OK);
	snprintf(chain, sizeof(chain), "%s/RSAPSS_2048/slot0/chain.der", dir);
	snprintf(key, sizeof(key), "%s/RSAPSS_2048/slot0/key.pem", dir);
	assert_int_equal(cspdm_identity_load(chain, key, 0, &id), CSPDM_OK);
	assert_int_equal(id.asym, CSPDM_ASYM_RSASSA_2048);
	cspdm_identity_free(&id);
	assert_int_equal(cspdm_identity_load(chain, key, CSPDM_ASYM_RSAPSS_2048, &id), CSPDM_OK);
	assert_int_equal(id.asym, CSPDM_ASYM_RSAPSS_2048);
	cspdm_identity_free(&id);
	assert_int_equal(cspdm_identity_load(chain, key, CSPDM_ASYM_RSASSA_3072, &id),
			 CSPDM_E_X509_KEY);
	cspdm_identity_free(&gen);
}

/* The DMTF sample chain with a key that is not its leaf's. */
static void test_load_key_mismatch(void **state)
{
	struct cspdm_identity gen, id;
	const char *dir = tmp_path("state6");
	char key[PATH_MAX];

	(void)state;
	assert_int_equal(
	    cspdm_identity_load_or_generate(dir, CSPDM_ASYM_ECDSA_P384, CMA_SAN, 0, &gen),
	    CSPDM_OK);
	snprintf(key, sizeof(key), "%s/ECDSA_P384/slot0/key.pem", dir);
	memset(&id, 0xa5, sizeof(id));
	assert_int_equal(
	    cspdm_identity_load(
		tu_data_path("certs/ecp384/bundle_responder.certchain.der"), key, 0, &id),
	    CSPDM_E_X509_KEY);
	assert_null(id.chain);
	assert_null(id.key);
	assert_int_equal(id.chain_len, 0);
	cspdm_identity_free(&gen);
}

static void test_load_errors(void **state)
{
	struct cspdm_identity gen, id;
	const char *dir = tmp_path("state7");
	const char *junk = tmp_path("junk.bin");
	const char *pem_junk = tmp_path("junk.pem");
	char chain[PATH_MAX], key[PATH_MAX];
	static const uint8_t bad_der[] = {0x30, 0x03, 0x02, 0x01, 0x01};

	(void)state;
	assert_int_equal(cspdm_identity_load_or_generate(dir, CSPDM_ASYM_ECDSA_P256, NULL, 0, &gen),
			 CSPDM_OK);
	snprintf(chain, sizeof(chain), "%s/ECDSA_P256/slot0/chain.der", dir);
	snprintf(key, sizeof(key), "%s/ECDSA_P256/slot0/key.pem", dir);
	assert_int_equal(cspdm_identity_load(tmp_path("no-such-chain"), key, 0, &id), CSPDM_E_IO);
	assert_int_equal(cspdm_identity_load(chain, tmp_path("no-such-key"), 0, &id), CSPDM_E_IO);
	assert_null(id.chain);
	write_file(junk, bad_der, sizeof(bad_der));
	assert_int_equal(cspdm_identity_load(junk, key, 0, &id), CSPDM_E_X509_PARSE);
	write_file(pem_junk, "hello\n", 6);
	assert_int_equal(cspdm_identity_load(pem_junk, key, 0, &id), CSPDM_E_X509_PARSE);
	/* a certificate where the key should be */
	assert_int_equal(cspdm_identity_load(chain, chain, 0, &id), CSPDM_E_INVALID_ARG);
	assert_int_equal(cspdm_identity_load(NULL, key, 0, &id), CSPDM_E_INVALID_ARG);
	cspdm_identity_free(&gen);
	unlink(junk);
	unlink(pem_junk);
}

/* ---- export ------------------------------------------------------------------------------- */

static void test_export_root(void **state)
{
	struct cspdm_identity id;
	const char *path = tmp_path("export-root.pem");
	X509 *c[MAX_CERTS], *back;
	unsigned char *der = NULL;
	int n, len;
	FILE *f;

	(void)state;
	assert_int_equal(cspdm_identity_generate(CSPDM_ASYM_ECDSA_P256, CMA_SAN, 0, &id), CSPDM_OK);
	assert_int_equal(cspdm_identity_export_root(&id, path), CSPDM_OK);
	f = fopen(path, "r");
	assert_non_null(f);
	back = PEM_read_X509(f, NULL, NULL, NULL);
	assert_non_null(back);
	assert_null(PEM_read_X509(f, NULL, NULL, NULL)); /* only the root */
	fclose(f);
	n = parse_chain(id.chain, id.chain_len, c);
	assert_int_equal(X509_cmp(back, c[0]), 0);
	len = i2d_X509(back, &der);
	assert_true(len > 0);
	assert_true((size_t)len < id.chain_len);
	assert_memory_equal(der, id.chain, (size_t)len);
	OPENSSL_free(der);
	X509_free(back);
	free_certs(c, n);
	assert_int_equal(cspdm_identity_export_root(&id, tmp_path("no/such/dir/root.pem")),
			 CSPDM_E_IO);
	cspdm_identity_free(&id);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gen_p256),
	    cmocka_unit_test(test_gen_p384),
	    cmocka_unit_test(test_gen_p521),
	    cmocka_unit_test(test_gen_rsassa2048),
	    cmocka_unit_test(test_gen_rsapss2048),
	    cmocka_unit_test(test_gen_rsassa3072),
	    cmocka_unit_test(test_gen_rsapss3072),
	    cmocka_unit_test(test_gen_rsa4096),
	    cmocka_unit_test(test_gen_ed25519),
	    cmocka_unit_test(test_gen_ed448),
	    cmocka_unit_test(test_gen_no_san),
	    cmocka_unit_test(test_gen_other_root_untrusted),
	    cmocka_unit_test(test_gen_bad_args),
	    cmocka_unit_test(test_state_persists),
	    cmocka_unit_test(test_state_missing_key),
	    cmocka_unit_test(test_load_der_and_pem),
	    cmocka_unit_test(test_load_rsa_hint),
	    cmocka_unit_test(test_load_key_mismatch),
	    cmocka_unit_test(test_load_errors),
	    cmocka_unit_test(test_export_root),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
