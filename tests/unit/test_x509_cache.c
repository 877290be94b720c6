/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for the certificate cache (src/crypto/x509_cache.c) and chain validation with it
 * (src/crypto/x509_openssl.c): shared CA certificates are parsed and verified once, and the
 * cache changes no result: a leaf signed by another intermediate of the same name, a
 * same-name intermediate of another root, an untrusted root, a small cache that evicts, and
 * many threads on one cache all end as they do without it.
 */
#include "testutil.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codec/certchain.h"
#include "crypto/crypto.h"
#include "crypto/identity.h"
#include "crypto/openssl_priv.h"

#define FLEET	8
#define THREADS 4

/* Two generated CAs of the same names (all generated CAs are), FLEET leaves under each. */
static struct cspdm_identity g_a[FLEET], g_b[FLEET];
static char g_root_a[64];

static int group_setup(void **state)
{
	(void)state;
	snprintf(g_root_a, sizeof(g_root_a), "/tmp/cspdm-x509cache-%d.pem", (int)getpid());
	if (cspdm_identity_generate_fleet(CSPDM_ASYM_ECDSA_P256, NULL, 0, FLEET, g_a) ||
	    cspdm_identity_generate_fleet(CSPDM_ASYM_ECDSA_P256, NULL, 0, FLEET, g_b))
		return -1;
	return cspdm_identity_export_root(&g_a[0], g_root_a) ? -1 : 0;
}

static int group_teardown(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < FLEET; i++) {
		cspdm_identity_free(&g_a[i]);
		cspdm_identity_free(&g_b[i]);
	}
	unlink(g_root_a);
	return 0;
}

/* Certificate index i (0: the root) of a DER chain. */
static void cert_of(const struct cspdm_identity *id, unsigned i, const uint8_t **der, size_t *len)
{
	size_t off = 0, n = 0;

	for (;; i--) {
		assert_int_equal(spdm_der_cert_len(id->chain + off, id->chain_len - off, &n, NULL),
				 CSPDM_OK);
		if (i == 0)
			break;
		off += n;
	}
	*der = id->chain + off;
	*len = n;
}

/* A chain of the certificates (id, index) given, concatenated. */
static size_t splice(uint8_t *out, size_t cap, const struct cspdm_identity *r, unsigned ri,
		     const struct cspdm_identity *m, unsigned mi, const struct cspdm_identity *l,
		     unsigned li)
{
	const struct cspdm_identity *id[3] = {r, m, l};
	const unsigned idx[3] = {ri, mi, li};
	const uint8_t *der;
	size_t n, total = 0;
	int k;

	for (k = 0; k < 3; k++) {
		cert_of(id[k], idx[k], &der, &n);
		assert_true(total + n <= cap);
		memcpy(out + total, der, n);
		total += n;
	}
	return total;
}

struct fx {
	struct cspdm_openssl *o;
	const struct cspdm_crypto_ops *ops;
	struct cspdm_x509_cache *cache;
};

static void fx_open(struct fx *f, const char *trust, size_t entries)
{
	assert_int_equal(cspdm_openssl_new(&f->o, trust), CSPDM_OK);
	f->cache = NULL;
	if (entries) {
		assert_int_equal(cspdm_x509_cache_new(&f->cache, entries), CSPDM_OK);
		cspdm_openssl_set_cache(f->o, f->cache);
	}
	f->ops = cspdm_openssl_ops(f->o);
}

static void fx_close(struct fx *f)
{
	cspdm_openssl_free(f->o);
	cspdm_x509_cache_free(f->cache);
}

/* Validate a chain through the ops; *bad receives the offending certificate's index. */
static cspdm_status validate(const struct fx *f, const uint8_t *der, size_t len, uint32_t *bad)
{
	struct cspdm_x509_params p = {CSPDM_ASYM_ECDSA_P256, NULL, 0};
	struct cspdm_x509_result r = {0, NULL};
	uint32_t b = 0xFF;
	cspdm_status st = f->ops->x509_validate(f->ops->priv, der, len, &p, &r, &b);

	if (st == CSPDM_OK)
		assert_non_null(r.pubkey);
	f->ops->key_free(f->ops->priv, r.pubkey);
	if (bad)
		*bad = b;
	return st;
}

static void stats(const struct fx *f, struct cspdm_x509_cache_stats *s)
{
	cspdm_x509_cache_get_stats(f->cache, s);
}

/* ---- tests ---------------------------------------------------------------------------------- */

/* A fleet of one CA: its root and intermediate parsed once, the intermediate verified once. */
static void test_shared_ca_once(void **state)
{
	struct cspdm_x509_cache_stats s;
	struct fx f;
	int i;

	(void)state;
	fx_open(&f, g_root_a, 64);
	for (i = 0; i < FLEET; i++)
		assert_int_equal(validate(&f, g_a[i].chain, g_a[i].chain_len, NULL), CSPDM_OK);
	stats(&f, &s);
	assert_int_equal(s.parsed, 2 + FLEET);		 /* root, intermediate, each leaf */
	assert_int_equal(s.parse_hits, 2 * (FLEET - 1)); /* root and intermediate again */
	assert_int_equal(s.sig_verified, 1);		 /* the intermediate, by the root */
	assert_int_equal(s.sig_hits, FLEET - 1);
	assert_int_equal(s.entries, 2 + FLEET);
	fx_close(&f);
}

/* The same leaves without a cache: the same results (and no statistics). */
static void test_no_cache_same_results(void **state)
{
	struct cspdm_x509_cache_stats s;
	struct fx f;
	int i;

	(void)state;
	fx_open(&f, g_root_a, 0);
	for (i = 0; i < FLEET; i++)
		assert_int_equal(validate(&f, g_a[i].chain, g_a[i].chain_len, NULL), CSPDM_OK);
	stats(&f, &s);
	assert_int_equal(s.parsed + s.parse_hits + s.sig_verified + s.entries, 0);
	fx_close(&f);
}

/*
 * After the cache knows root A and intermediate A verified, a device presents them with a leaf
 * signed by intermediate B, which has the same name; another presents intermediate B (signed by
 * root B, of root A's name) under root A. Both fail, with the cache as without it, with the
 * same code at the same certificate; the honest device still passes afterwards.
 */
static void test_same_name_other_issuer(void **state)
{
	static uint8_t chain[2][8192];
	size_t n[2], entries[2] = {0, 64};
	cspdm_status st[2][2];
	uint32_t bad[2][2];
	struct fx f;
	int k, c;

	(void)state;
	n[0] = splice(chain[0], sizeof(chain[0]), &g_a[1], 0, &g_a[1], 1, &g_b[1], 2);
	n[1] = splice(chain[1], sizeof(chain[1]), &g_a[1], 0, &g_b[1], 1, &g_b[1], 2);
	for (k = 0; k < 2; k++) {
		fx_open(&f, g_root_a, entries[k]);
		assert_int_equal(validate(&f, g_a[0].chain, g_a[0].chain_len, NULL), CSPDM_OK);
		for (c = 0; c < 2; c++) {
			st[k][c] = validate(&f, chain[c], n[c], &bad[k][c]);
			assert_int_not_equal(st[k][c], CSPDM_OK);
		}
		assert_int_equal(validate(&f, g_a[2].chain, g_a[2].chain_len, NULL), CSPDM_OK);
		fx_close(&f);
	}
	for (c = 0; c < 2; c++) {
		assert_int_equal(st[0][c], st[1][c]);
		assert_int_equal(bad[0][c], bad[1][c]);
	}
	assert_int_equal(bad[0][0], 2); /* the leaf has no issuer in that chain */
}

/* A chain of A's certificates with one byte of the intermediate's signature changed: its
 * digest is new, so the cache that knows the real one does not vouch for it. */
static void test_changed_byte_verified(void **state)
{
	static uint8_t chain[8192];
	const uint8_t *root, *inter;
	size_t rn, in, n;
	uint32_t bad;
	struct fx f;

	(void)state;
	fx_open(&f, g_root_a, 64);
	assert_int_equal(validate(&f, g_a[0].chain, g_a[0].chain_len, NULL), CSPDM_OK);
	cert_of(&g_a[3], 0, &root, &rn);
	cert_of(&g_a[3], 1, &inter, &in);
	n = splice(chain, sizeof(chain), &g_a[3], 0, &g_a[3], 1, &g_a[3], 2);
	chain[rn + in - 3] ^= 0x01; /* inside the signature value at the intermediate's end */
	assert_int_equal(validate(&f, chain, n, &bad), CSPDM_E_X509_SIGNATURE);
	assert_int_equal(bad, 1);
	fx_close(&f);
}

/* Chains of CA B against a store holding root A: untrusted, however warm the cache is. */
static void test_untrusted_stays_untrusted(void **state)
{
	struct fx f;
	uint32_t bad;
	int i;

	(void)state;
	fx_open(&f, g_root_a, 64);
	for (i = 0; i < 3; i++) {
		assert_int_equal(validate(&f, g_a[i].chain, g_a[i].chain_len, NULL), CSPDM_OK);
		assert_int_equal(validate(&f, g_b[i].chain, g_b[i].chain_len, &bad),
				 CSPDM_E_X509_UNTRUSTED);
	}
	fx_close(&f);
	/* without a store, each chain anchors on its own root, cache or not */
	fx_open(&f, NULL, 64);
	for (i = 0; i < FLEET; i++) {
		assert_int_equal(validate(&f, g_a[i].chain, g_a[i].chain_len, NULL), CSPDM_OK);
		assert_int_equal(validate(&f, g_b[i].chain, g_b[i].chain_len, NULL), CSPDM_OK);
	}
	fx_close(&f);
}

/* A cache of 2 entries evicts all the time and still gives every result. */
static void test_small_cache_evicts(void **state)
{
	struct cspdm_x509_cache_stats s;
	struct fx f;
	int i;

	(void)state;
	fx_open(&f, g_root_a, 2);
	for (i = 0; i < FLEET; i++) {
		assert_int_equal(validate(&f, g_a[i].chain, g_a[i].chain_len, NULL), CSPDM_OK);
		assert_int_equal(validate(&f, g_b[i].chain, g_b[i].chain_len, NULL),
				 CSPDM_E_X509_UNTRUSTED);
	}
	stats(&f, &s);
	assert_true(s.entries <= 2);
	fx_close(&f);
}

/* The summary of a validated chain comes from the cache: no certificate is parsed again. */
static void test_summary_from_cache(void **state)
{
	struct cspdm_x509_cache_stats before, after;
	char subject[256], san[256], plain[256];
	const uint8_t *der;
	size_t n;
	struct fx f;
	unsigned i;

	(void)state;
	fx_open(&f, g_root_a, 64);
	assert_int_equal(validate(&f, g_a[0].chain, g_a[0].chain_len, NULL), CSPDM_OK);
	stats(&f, &before);
	for (i = 0; i < 3; i++) {
		cert_of(&g_a[0], i, &der, &n);
		assert_int_equal(cspdm_x509_cache_cert_summary(f.cache, der, n, subject,
							       sizeof(subject), san, sizeof(san)),
				 0);
		assert_int_equal(
		    cspdm_openssl_cert_summary(der, n, plain, sizeof(plain), san, sizeof(san)), 0);
		assert_string_equal(subject, plain);
	}
	stats(&f, &after);
	assert_int_equal(after.parsed, before.parsed);
	assert_int_equal(after.parse_hits, before.parse_hits + 3);
	assert_int_equal(
	    cspdm_x509_cache_cert_summary(NULL, der, n, subject, sizeof(subject), san, sizeof(san)),
	    0);
	assert_int_equal(cspdm_x509_cache_cert_summary(f.cache, (const uint8_t *)"\x30\x03xyz", 5,
						       subject, sizeof(subject), san, sizeof(san)),
			 -1);
	fx_close(&f);
}

/* Threads share one backend and one cache. */
static void *validate_all(void *arg)
{
	const struct fx *f = arg;
	intptr_t bad = 0;
	int round, i;

	for (round = 0; round < 4; round++)
		for (i = 0; i < FLEET; i++)
			bad += validate(f, g_a[i].chain, g_a[i].chain_len, NULL) != CSPDM_OK ||
			       validate(f, g_b[i].chain, g_b[i].chain_len, NULL) == CSPDM_OK;
	return (void *)bad;
}

static void test_threads_share(void **state)
{
	struct cspdm_x509_cache_stats s;
	pthread_t t[THREADS];
	void *bad;
	struct fx f;
	int i;

	(void)state;
	fx_open(&f, g_root_a, 16);
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, validate_all, &f), 0);
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], &bad), 0);
		assert_null(bad);
	}
	stats(&f, &s);
	assert_true(s.sig_hits > 0);
	fx_close(&f);
}

static void test_api_edges(void **state)
{
	struct cspdm_x509_cache_stats s;

	(void)state;
	assert_int_equal(cspdm_x509_cache_new(NULL, 4), CSPDM_E_INVALID_ARG);
	cspdm_x509_cache_free(NULL);
	cspdm_openssl_set_cache(NULL, NULL);
	cspdm_x509_cache_get_stats(NULL, &s);
	assert_int_equal(s.entries, 0);
	cspdm_x509_cache_get_stats(NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shared_ca_once),
	    cmocka_unit_test(test_no_cache_same_results),
	    cmocka_unit_test(test_same_name_other_issuer),
	    cmocka_unit_test(test_changed_byte_verified),
	    cmocka_unit_test(test_untrusted_stays_untrusted),
	    cmocka_unit_test(test_small_cache_evicts),
	    cmocka_unit_test(test_summary_from_cache),
	    cmocka_unit_test(test_threads_share),
	    cmocka_unit_test(test_api_edges),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
