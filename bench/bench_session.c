/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * make bench, sessions: each figure a ratio measured in the same run.
 *  1. seal + open of 4 KiB secured messages through the record layer, against raw OpenSSL EVP
 *     AEAD (one keyed EVP_CIPHER_CTX each way, a fresh IV per message) on the same key;
 *  2. session establishment (KEY_EXCHANGE through FINISH_RSP, our requester and responder in
 *     process) against its crypto floor timed with OpenSSL alone: two ECDHE key generations
 *     and derivations, one signature, one verification, the HKDF steps of both sides and the
 *     four verify-data HMACs;
 *  3. one authentication (cspdm_init .. cspdm_authenticate: VCA, DIGESTS, the chain, CHALLENGE,
 *     validated against the root as trust anchor; our requester and responder in process)
 *     against its crypto floor with OpenSSL alone: each certificate parsed once, the two
 *     certificate signatures below the root verified, CHALLENGE_AUTH signed and verified;
 *  4. the size of a context and of one session.
 * Usage: bench_session [SECONDS_PER_FIGURE] (default 1).
 */
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/secured.h"
#include "crypto/crypto.h"
#include "crypto/identity.h"
#include "cspdm/responder.h"
#include "cspdm/session.h"
#include "cspdm/transport.h"

#define MSG 4096

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double budget = 1.0;

/* Runs a and b in alternating batches until 2 * budget seconds pass, so that a load that
 * changes meanwhile falls on both alike; *ta, *tb receive seconds per call. */
static int alternate(int (*a)(void *), int (*b)(void *), void *arg, int batch, double *ta,
		     double *tb)
{
	double t0 = now_s(), t, sa = 0, sb = 0;
	long n = 0;
	int i;

	do {
		t = now_s();
		for (i = 0; i < batch; i++)
			if (a(arg))
				return 1;
		sa += now_s() - t;
		t = now_s();
		for (i = 0; i < batch; i++)
			if (b(arg))
				return 1;
		sb += now_s() - t;
		n += batch;
	} while (now_s() - t0 < 2 * budget);
	*ta = sa / (double)n;
	*tb = sb / (double)n;
	return 0;
}

/* ---- 1. records ------------------------------------------------------------------------------ */

struct rec_bench {
	const struct cspdm_crypto_ops *ops;
	struct sec_state tx, rx;
	struct cspdm_secured_binding b;
	uint8_t buf[MSG + 64];
	const EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *enc, *dec;
	uint8_t key[32], iv[12];
	uint64_t seq;
};

static int ours(void *arg)
{
	struct rec_bench *r = arg;
	const uint8_t *msg;
	size_t len = 0, mlen = 0;
	cspdm_error err;

	if (sec_seal(r->ops, &r->tx, SEC_REQ, 0xFFFFFFFFu, &r->b, r->buf, sizeof(r->buf), MSG,
		     &len))
		return 1;
	return sec_open(r->ops, &r->rx, SEC_REQ, 0xFFFFFFFFu, &r->b, 0, r->buf, len, &msg, &mlen,
			&err) ||
	       mlen != MSG;
}

static int raw(void *arg)
{
	struct rec_bench *r = arg;
	uint8_t iv[12], tag[16], *p = r->buf + 8;
	int l = 0, i;

	memcpy(iv, r->iv, 12);
	for (i = 0; i < 8; i++)
		iv[i] ^= (uint8_t)(r->seq >> (8 * i));
	r->seq++;
	if (!EVP_EncryptInit_ex(r->enc, NULL, NULL, NULL, iv) ||
	    !EVP_EncryptUpdate(r->enc, NULL, &l, r->buf, 6) ||
	    !EVP_EncryptUpdate(r->enc, p, &l, p, MSG + 2) || !EVP_EncryptFinal_ex(r->enc, p, &l) ||
	    !EVP_CIPHER_CTX_ctrl(r->enc, EVP_CTRL_AEAD_GET_TAG, 16, tag))
		return 1;
	if (!EVP_DecryptInit_ex(r->dec, NULL, NULL, NULL, iv) ||
	    !EVP_DecryptUpdate(r->dec, NULL, &l, r->buf, 6) ||
	    !EVP_DecryptUpdate(r->dec, p, &l, p, MSG + 2) ||
	    !EVP_CIPHER_CTX_ctrl(r->dec, EVP_CTRL_AEAD_SET_TAG, 16, tag))
		return 1;
	return EVP_DecryptFinal_ex(r->dec, p, &l) != 1;
}

static int bench_records(const struct cspdm_crypto_ops *ops, uint16_t aead, const char *name)
{
	static struct rec_bench r;
	struct ks k = {ops, CSPDM_HASH_SHA_384, 48, CSPDM_V13};
	uint8_t secret[48];
	double a, b;

	memset(&r, 0, sizeof(r));
	memset(secret, 0x5A, sizeof(secret));
	r.ops = ops;
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_PCI_DOE, &r.b); /* no random padding */
	r.tx.aead = r.rx.aead = aead;
	if (sec_install(&k, &r.tx, SEC_REQ, secret) || sec_install(&k, &r.rx, SEC_REQ, secret) ||
	    ks_key_iv(&k, secret, r.key, cspdm_aead_key_size(aead), r.iv))
		return 1;
	r.cipher = aead == CSPDM_AEAD_AES_128_GCM   ? EVP_aes_128_gcm()
		   : aead == CSPDM_AEAD_AES_256_GCM ? EVP_aes_256_gcm()
						    : EVP_chacha20_poly1305();
	r.enc = EVP_CIPHER_CTX_new();
	r.dec = EVP_CIPHER_CTX_new();
	if (!r.enc || !r.dec || !EVP_EncryptInit_ex(r.enc, r.cipher, NULL, r.key, NULL) ||
	    !EVP_DecryptInit_ex(r.dec, r.cipher, NULL, r.key, NULL))
		return 1;
	if (alternate(ours, raw, &r, 64, &a, &b))
		return 1;
	printf("seal+open 4 KiB %-18s %7.2f us, raw EVP %7.2f us: %.2fx raw throughput\n", name,
	       a * 1e6, b * 1e6, b / a);
	EVP_CIPHER_CTX_free(r.enc);
	EVP_CIPHER_CTX_free(r.dec);
	sec_wipe(ops, &r.tx);
	sec_wipe(ops, &r.rx);
	return 0;
}

/* ---- 2. session establishment ---------------------------------------------------------------- */

struct hs_bench {
	const struct cspdm_crypto_ops *ops;
	struct cspdm_identity id;
	struct cspdm_responder *rsp;
	uint64_t rsp_mem[4096], sess_mem[4][256], ctx_mem[1024], s_mem[256];
	struct cspdm_context *ctx;
	struct cspdm_io io;
	uint8_t cert[65536], rx[8192], tx[8192], reply[8192], copy[8192];
	size_t reply_len;
	int reply_secured;
	double end_s;
	long ends;
	/* the floor */
	EVP_PKEY *leaf;
	EVP_KDF *kdf;
	/* 3. authentication: a requester whose backend trusts the root */
	const struct cspdm_crypto_ops *trusting;
	uint64_t auth_mem[1024];
};

static cspdm_status link_send(void *priv, enum cspdm_msg_kind kind, const uint8_t *m, size_t n)
{
	struct hs_bench *h = priv;

	memcpy(h->copy, m, n);
	h->reply_secured = kind == CSPDM_MSG_SECURED;
	h->reply_len =
	    h->reply_secured
		? cspdm_responder_process_secured(h->rsp, h->copy, n, 0, h->reply, sizeof(h->reply))
		: cspdm_responder_process(h->rsp, h->copy, n, 0, h->reply, sizeof(h->reply));
	return h->reply_len ? CSPDM_OK : CSPDM_E_IO;
}

static cspdm_status link_recv(void *priv, uint8_t *buf, size_t cap, size_t *len,
			      enum cspdm_msg_kind *kind, uint64_t timeout_us)
{
	struct hs_bench *h = priv;

	(void)timeout_us;
	if (h->reply_len > cap)
		return CSPDM_E_BUFFER_TOO_SMALL;
	memcpy(buf, h->reply, h->reply_len);
	*len = h->reply_len;
	if (kind)
		*kind = h->reply_secured ? CSPDM_MSG_SECURED : CSPDM_MSG_SPDM;
	return CSPDM_OK;
}

static void link_sleep(void *priv, uint64_t us)
{
	(void)priv;
	(void)us;
}

static int hs_setup(struct hs_bench *h, const struct cspdm_crypto_ops *ops)
{
	struct cspdm_responder_config rc;
	struct cspdm_config c;

	h->ops = ops;
	if (cspdm_identity_generate(CSPDM_ASYM_ECDSA_P384, NULL, 0, &h->id))
		return 1;
	cspdm_responder_config_defaults(&rc);
	rc.crypto = ops;
	rc.caps |= CSPDM_RSP_CAPS_SESSIONS;
	rc.slots[0].certs = h->id.chain;
	rc.slots[0].certs_len = h->id.chain_len;
	rc.slots[0].key = h->id.key;
	rc.session_mem = h->sess_mem;
	rc.session_count = 4;
	rc.dhe = CSPDM_DHE_SECP384R1;
	rc.aead = CSPDM_AEAD_AES_256_GCM;
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_PCI_DOE, &rc.binding);
	cspdm_config_defaults(&c);
	c.crypto = ops;
	c.cert_buf = h->cert;
	c.cert_cap = sizeof(h->cert);
	c.rx_buf = h->rx;
	c.rx_cap = sizeof(h->rx);
	h->io.priv = h;
	h->io.send = link_send;
	h->io.recv = link_recv;
	h->io.sleep_us = link_sleep;
	h->io.has_secured = 1;
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_PCI_DOE, &h->io.secured);
	return cspdm_responder_init(&h->rsp, h->rsp_mem, sizeof(h->rsp_mem), &rc) ||
	       cspdm_init(&h->ctx, h->ctx_mem, sizeof(h->ctx_mem), &c) ||
	       cspdm_authenticate(h->ctx, &h->io);
}

/* One KEY_EXCHANGE .. FINISH_RSP. The END_SESSION after it (to free the device's slot) is
 * timed apart, in h->end_s, and taken out of the figure. */
static int handshake(void *arg)
{
	struct hs_bench *h = arg;
	struct cspdm_session_config sc;
	struct cspdm_session *s;
	double t;
	int bad;

	cspdm_session_config_defaults(&sc);
	sc.tx_buf = h->tx;
	sc.tx_cap = sizeof(h->tx);
	if (cspdm_session_init(&s, h->s_mem, sizeof(h->s_mem), h->ctx, &sc) ||
	    cspdm_session_open(s, &h->io))
		return 1;
	t = now_s();
	bad = cspdm_session_end(s, &h->io, 1) != CSPDM_OK;
	cspdm_session_deinit(s);
	h->end_s += now_s() - t;
	h->ends++;
	return bad;
}

/* ---- the floor: OpenSSL alone ---------------------------------------------------------------- */

static EVP_PKEY *keygen(void)
{
	return EVP_EC_gen("P-384");
}

static int derive(EVP_PKEY *mine, EVP_PKEY *peer, uint8_t *out)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(mine, NULL);
	size_t n = 48;
	int ok = c && EVP_PKEY_derive_init(c) > 0 && EVP_PKEY_derive_set_peer(c, peer) > 0 &&
		 EVP_PKEY_derive(c, out, &n) > 0;

	EVP_PKEY_CTX_free(c);
	return !ok;
}

static int hkdf(EVP_KDF *kdf, int mode, const uint8_t *key, const uint8_t *salt, uint8_t *out)
{
	static const char info[] = "\x30\x00spdm1.3 req hs data0123456789012345678901234567890123";
	EVP_KDF_CTX *k = EVP_KDF_CTX_new(kdf);
	OSSL_PARAM p[5], *q = p;
	int ok;

	*q++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, "SHA384", 0);
	*q++ = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
	*q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)key, 48);
	*q++ = mode == EVP_KDF_HKDF_MODE_EXTRACT_ONLY
		   ? OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, 48)
		   : OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, (void *)info,
						       sizeof(info) - 1);
	*q = OSSL_PARAM_construct_end();
	ok = k && EVP_KDF_derive(k, out, 48, p) > 0;
	EVP_KDF_CTX_free(k);
	return !ok;
}

static int floor_once(void *arg)
{
	struct hs_bench *h = arg;
	uint8_t a[48], b[48], buf[148] = {0}, sig[128], mac[64];
	size_t slen = sizeof(sig);
	unsigned mlen, i;
	EVP_PKEY *x = keygen(), *y = keygen();
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	int bad = !x || !y || !m || derive(x, y, a) || derive(y, x, b);

	bad = bad || EVP_DigestSignInit(m, NULL, EVP_sha384(), NULL, h->id.key) <= 0 ||
	      EVP_DigestSign(m, sig, &slen, buf, sizeof(buf)) <= 0;
	EVP_MD_CTX_reset(m);
	bad = bad || EVP_DigestVerifyInit(m, NULL, EVP_sha384(), NULL, h->leaf) <= 0 ||
	      EVP_DigestVerify(m, sig, slen, buf, sizeof(buf)) != 1;
	for (i = 0; !bad && i < 4; i++) /* extracts: handshake and master secret, both sides */
		bad = hkdf(h->kdf, EVP_KDF_HKDF_MODE_EXTRACT_ONLY, a, b, a);
	for (i = 0; !bad && i < 32; i++) /* expands: 16 a side (secrets, finished, keys, IVs) */
		bad = hkdf(h->kdf, EVP_KDF_HKDF_MODE_EXPAND_ONLY, a, NULL, b);
	for (i = 0; !bad && i < 4; i++)
		bad = !HMAC(EVP_sha384(), a, 48, b, 48, mac, &mlen);
	EVP_MD_CTX_free(m);
	EVP_PKEY_free(x);
	EVP_PKEY_free(y);
	return bad;
}

static int bench_auth(struct hs_bench *h);

static int bench_handshake(const struct cspdm_crypto_ops *ops)
{
	static struct hs_bench h;
	struct cspdm_x509_params xp = {CSPDM_ASYM_ECDSA_P384, NULL, 0};
	struct cspdm_x509_result xr = {0, NULL};
	uint32_t bad = 0;
	double a, b;

	if (hs_setup(&h, ops) ||
	    ops->x509_validate(ops->priv, h.id.chain, h.id.chain_len, &xp, &xr, &bad))
		return 1;
	h.leaf = xr.pubkey;
	h.kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
	if (!h.kdf || alternate(handshake, floor_once, &h, 4, &a, &b))
		return 1;
	a -= h.end_s / (double)h.ends;
	printf("session establishment P-384/secp384r1/AES-256-GCM: %.0f us, crypto floor %.0f us: "
	       "%.2fx the floor\n",
	       a * 1e6, b * 1e6, a / b);
	if (bench_auth(&h))
		return 1;
	ops->key_free(ops->priv, h.leaf);
	EVP_KDF_free(h.kdf);
	cspdm_deinit(h.ctx);
	cspdm_responder_deinit(h.rsp);
	cspdm_identity_free(&h.id);
	return 0;
}

/* ---- 3. one authentication ------------------------------------------------------------------ */

static int auth_once(void *arg)
{
	struct hs_bench *h = arg;
	struct cspdm_context *ctx;
	struct cspdm_config c;
	struct cspdm_result r;
	int bad;

	cspdm_config_defaults(&c);
	c.crypto = h->trusting;
	c.cert_buf = h->cert;
	c.cert_cap = sizeof(h->cert);
	c.rx_buf = h->rx;
	c.rx_cap = sizeof(h->rx);
	if (cspdm_init(&ctx, h->auth_mem, sizeof(h->auth_mem), &c))
		return 1;
	bad = cspdm_authenticate(ctx, &h->io) != CSPDM_OK || cspdm_get_result(ctx, &r) ||
	      r.outcome != CSPDM_AUTH_TRUSTED;
	cspdm_deinit(ctx);
	return bad;
}

/* OpenSSL alone: parse the chain's certificates, verify each one's signature by its issuer
 * (not the root's own), then the CHALLENGE_AUTH signature made and checked. */
static int auth_floor(void *arg)
{
	struct hs_bench *h = arg;
	const unsigned char *p = h->id.chain, *end = h->id.chain + h->id.chain_len;
	X509 *cert[8];
	uint8_t tbs[180] = {0}, sig[128];
	size_t slen = sizeof(sig);
	int n = 0, i, bad = 0;
	EVP_MD_CTX *m = EVP_MD_CTX_new();

	while (p < end && n < 8 && (cert[n] = d2i_X509(NULL, &p, end - p)) != NULL)
		n++;
	for (i = 1; i < n && !bad; i++)
		bad = X509_verify(cert[i], X509_get0_pubkey(cert[i - 1])) != 1;
	bad = bad || n < 2 || !m ||
	      EVP_DigestSignInit(m, NULL, EVP_sha384(), NULL, h->id.key) <= 0 ||
	      EVP_DigestSign(m, sig, &slen, tbs, sizeof(tbs)) <= 0;
	EVP_MD_CTX_reset(m);
	bad =
	    bad ||
	    EVP_DigestVerifyInit(m, NULL, EVP_sha384(), NULL, X509_get0_pubkey(cert[n - 1])) <= 0 ||
	    EVP_DigestVerify(m, sig, slen, tbs, sizeof(tbs)) != 1;
	EVP_MD_CTX_free(m);
	while (n--)
		X509_free(cert[n]);
	return bad;
}

/* The root of h->id as a PEM file (the requester's trust store). */
static int write_root(const struct hs_bench *h, const char *path)
{
	const unsigned char *p = h->id.chain;
	X509 *root = d2i_X509(NULL, &p, (long)h->id.chain_len);
	FILE *f = root ? fopen(path, "w") : NULL;
	int bad = !f || PEM_write_X509(f, root) != 1;

	if (f && fclose(f))
		bad = 1;
	X509_free(root);
	return bad;
}

static int bench_auth(struct hs_bench *h)
{
	char path[] = "/tmp/cspdm-bench-root-XXXXXX";
	struct cspdm_openssl *trusting = NULL;
	int fd = mkstemp(path), bad;
	double a = 0, b = 0;

	if (fd < 0)
		return 1;
	close(fd);
	bad = write_root(h, path) || cspdm_openssl_new(&trusting, path);
	unlink(path);
	if (!bad) {
		h->trusting = cspdm_openssl_ops(trusting);
		bad = alternate(auth_once, auth_floor, h, 4, &a, &b);
	}
	if (!bad)
		printf("one authentication P-384 (VCA, DIGESTS, chain of 3, CHALLENGE): %.0f us, "
		       "crypto floor %.0f us: %.2fx the floor\n",
		       a * 1e6, b * 1e6, a / b);
	cspdm_openssl_free(trusting);
	return bad;
}

int main(int argc, char **argv)
{
	struct cspdm_openssl *ossl;
	const struct cspdm_crypto_ops *ops;
	int bad = 0;

	if (argc > 1)
		budget = atof(argv[1]);
	if (budget <= 0 || cspdm_openssl_new(&ossl, NULL))
		return 1;
	ops = cspdm_openssl_ops(ossl);
	printf("context %zu bytes, one session %zu bytes (libspdm: 12.2 KiB for a context with "
	       "4 sessions)\n",
	       cspdm_context_size(), cspdm_session_size());
	bad |= bench_records(ops, CSPDM_AEAD_AES_128_GCM, "AES-128-GCM");
	bad |= bench_records(ops, CSPDM_AEAD_AES_256_GCM, "AES-256-GCM");
	bad |= bench_records(ops, CSPDM_AEAD_CHACHA20_POLY1305, "ChaCha20-Poly1305");
	bad |= bench_handshake(ops);
	cspdm_openssl_free(ossl);
	return bad;
}
