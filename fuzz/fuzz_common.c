/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by the harnesses and the seed tool: input cursor, parameter headers, stub crypto. */
#include "fuzz_common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cspdm/session.h"
#include "cspdm/transport.h"

void fz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "fuzz: %s:%d: property failed: %s\n", file, line, what);
	abort();
}

/* ---- the fuzz input -------------------------------------------------------------------------- */

void fz_in_init(struct fz_in *in, const uint8_t *d, size_t n)
{
	in->d = d;
	in->n = d ? n : 0;
	in->off = 0;
}

uint8_t fz_u8(struct fz_in *in)
{
	if (in->off >= in->n)
		return 0;
	return in->d[in->off++];
}

uint16_t fz_u16(struct fz_in *in)
{
	uint16_t lo = fz_u8(in);

	return (uint16_t)(lo | (uint16_t)fz_u8(in) << 8);
}

uint32_t fz_u32(struct fz_in *in)
{
	uint32_t lo = fz_u16(in);

	return lo | (uint32_t)fz_u16(in) << 16;
}

const uint8_t *fz_rest(struct fz_in *in, size_t *len)
{
	const uint8_t *p = in->d + in->off;

	*len = in->n - in->off;
	in->off = in->n;
	return p;
}

/* The next list entry; its u16 length masked with mask (*other: bits outside the mask). */
static int next_entry(struct fz_in *in, const uint8_t **msg, size_t *len, uint16_t mask, int *other)
{
	size_t want;

	if (in->n - in->off < 2)
		return 0;
	want = fz_u16(in);
	*other = (want & ~mask) != 0;
	if (want == FZ_MSG_SPECIAL) {
		*other = 0;
		*msg = NULL;
		*len = FZ_MSG_SPECIAL;
		return 1;
	}
	want &= mask;
	if (want > in->n - in->off)
		want = in->n - in->off;
	*msg = in->d + in->off;
	*len = want;
	in->off += want;
	return 1;
}

int fz_next_msg(struct fz_in *in, const uint8_t **msg, size_t *len)
{
	int other;

	return next_entry(in, msg, len, 0xFFFF, &other);
}

int fz_next_msg_kind(struct fz_in *in, const uint8_t **msg, size_t *len, int *other)
{
	return next_entry(in, msg, len, (uint16_t)~FZ_MSG_OTHER, other);
}

size_t fz_put_msg(uint8_t *buf, size_t cap, size_t at, const uint8_t *msg, size_t len)
{
	if (len >= FZ_MSG_SPECIAL || at > cap || cap - at < 2 + len)
		return 0;
	buf[at] = (uint8_t)len;
	buf[at + 1] = (uint8_t)(len >> 8);
	if (len)
		memcpy(buf + at + 2, msg, len);
	return at + 2 + len;
}

int fz_within(const uint8_t *base, size_t len, const uint8_t *p, size_t n)
{
	uintptr_t b = (uintptr_t)base, q = (uintptr_t)p;

	return p && q >= b && q - b <= len && n <= len - (q - b);
}

/* ---- codec parameters ------------------------------------------------------------------------ */

static const uint32_t hash_sizes[4] = {32, 48, 64, 32};
static const uint32_t sig_sizes[7] = {64, 96, 132, 114, 256, 384, 512};
static const uint32_t dhe_sizes[8] = {64, 96, 132, 256, 384, 512, 64, 96};

uint8_t fz_hash_index(uint32_t hash_size)
{
	return hash_size == 48 ? 1 : hash_size == 64 ? 2 : 0;
}

uint8_t fz_sig_index(uint32_t sig_size)
{
	uint8_t i;

	for (i = 0; i < 7; i++)
		if (sig_sizes[i] == sig_size)
			return i;
	return 0;
}

uint8_t fz_dhe_index(uint32_t dhe_size)
{
	uint8_t i;

	for (i = 0; i < 6; i++)
		if (dhe_sizes[i] == dhe_size)
			return i;
	return 0;
}

/* Byte 7: the parameters of the session messages. */
static void parse_session(uint8_t b, struct fz_codec *p)
{
	p->neg.dhe_size = dhe_sizes[b & 7];
	p->neg.hs_in_clear = (b & FZ_S_IN_CLEAR) != 0;
	p->neg.req_sig_size = sig_sizes[((b >> 4) & 7) % 7];
	p->opaque_general = (b & FZ_S_GENERAL) != 0;
}

void fz_codec_parse(struct fz_in *in, struct fz_codec *p)
{
	uint8_t hash, flags;
	uint32_t length;

	memset(p, 0, sizeof(*p));
	p->sel = fz_u8(in);
	p->neg.version = (uint8_t)(CSPDM_V10 + fz_u8(in) % 5);
	hash = fz_u8(in);
	p->neg.hash_size = hash_sizes[hash & 3];
	p->neg.meas_hash_size = (hash & 4) ? p->neg.hash_size : 0;
	p->neg.sig_size = sig_sizes[fz_u8(in) % 7];
	flags = fz_u8(in);
	p->neg.max_pad = (flags & FZ_F_PAD) ? 3 : 0;
	p->neg.multi_key = p->neg.version >= CSPDM_V13 && (flags & FZ_F_MULTI_KEY);
	p->cert.slot = fz_u8(in) % CSPDM_MAX_SLOTS;
	p->meas.slot = p->cert.slot;
	p->meas.operation = fz_u8(in);
	parse_session(fz_u8(in), p);
	length = fz_u32(in);
	p->cert.large = p->neg.version >= CSPDM_V14 && (flags & FZ_F_LARGE);
	p->cert.length = p->cert.large ? length : (length & 0xFFFF);
	if (flags & FZ_F_SIGNED)
		p->meas.attributes |= SPDM_MEAS_ATTR_SIGNATURE;
	if ((flags & FZ_F_RAW) && p->neg.version >= CSPDM_V13)
		p->meas.attributes |= SPDM_MEAS_ATTR_RAW;
	p->rsp_caps = fz_u32(in);
}

enum cspdm_transport fz_binding(uint8_t b)
{
	static const enum cspdm_transport t[4] = {CSPDM_TRANSPORT_MCTP, CSPDM_TRANSPORT_PCI_DOE,
						  CSPDM_TRANSPORT_NONE, CSPDM_TRANSPORT_MCTP};

	return t[b & 3];
}

/* The requester's offer (src/core/requester.c fill_offer) with every algorithm it supports. */
void fz_offer(uint8_t version, struct spdm_neg_algs_req *a)
{
	const uint32_t asym = CSPDM_ASYM_RSASSA_2048 | CSPDM_ASYM_RSAPSS_2048 |
			      CSPDM_ASYM_RSASSA_3072 | CSPDM_ASYM_RSAPSS_3072 |
			      CSPDM_ASYM_ECDSA_P256 | CSPDM_ASYM_RSASSA_4096 |
			      CSPDM_ASYM_RSAPSS_4096 | CSPDM_ASYM_ECDSA_P384 |
			      CSPDM_ASYM_ECDSA_P521 | CSPDM_ASYM_EDDSA_25519 | CSPDM_ASYM_EDDSA_448;

	memset(a, 0, sizeof(*a));
	a->meas_spec = SPDM_MEAS_SPEC_DMTF;
	a->other_params = SPDM_OPAQUE_FMT_1;
	a->base_asym = asym & spdm_asym_for_version(version);
	a->base_hash = CSPDM_HASH_SHA_256 | CSPDM_HASH_SHA_384 | CSPDM_HASH_SHA_512 |
		       CSPDM_HASH_SHA3_256 | CSPDM_HASH_SHA3_384 | CSPDM_HASH_SHA3_512;
	a->dhe = 0x3F;
	a->aead = 0x07;
	a->req_asym = (uint16_t)a->base_asym;
	a->key_schedule = 0x01;
}

/* ---- stub crypto ----------------------------------------------------------------------------- */

#define HASH_POOL 16 /* a requester and a responder at once (fuzz_responder, seed tool) */
#define KEY_POOL  4
#define DHE_POOL  2 /* one ephemeral key per handshake in progress */
#define AEAD_POOL 8 /* two directions, plus the next keys of a KEY_UPDATE, per session */

#define FNV_BASIS 0xcbf29ce484222325ull

struct fz_hash_state {
	uint8_t live;
	uint32_t alg;
	uint64_t h;
};

struct fz_aead_state {
	uint8_t live;
	uint16_t aead;
	uint64_t key; /* FNV-1a of the key */
};

static struct {
	enum fz_hash_mode mode;
	int trusted;
	struct fz_hash_state hash[HASH_POOL];
	uint8_t key_live[KEY_POOL];
	uint8_t keys[KEY_POOL];
	uint8_t caller_key;
	uint8_t private_keys[CSPDM_MAX_SLOTS];
	uint8_t dhe_live[DHE_POOL];
	uint8_t dhe_keys[DHE_POOL];
	uint8_t dhe_count; /* key pairs generated this run: makes each public value differ */
	struct fz_aead_state aead[AEAD_POOL];
} fz;

static uint64_t fnv1a(uint64_t h, const uint8_t *d, size_t n)
{
	size_t i;

	FZ_ASSERT(d || !n);
	for (i = 0; i < n; i++)
		h = (h ^ d[i]) * 0x100000001b3ull;
	return h;
}

/* n bytes from a 64-bit state (splitmix64 steps). */
static void fnv_expand(uint64_t x, uint8_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		x += 0x9e3779b97f4a7c15ull;
		out[i] = (uint8_t)((x ^ (x >> 31)) * 0xbf58476d1ce4e5b9ull >> 56);
	}
}

static struct fz_hash_state *hash_state(const struct cspdm_hash *h)
{
	struct fz_hash_state *s = h ? h->impl : NULL;

	FZ_ASSERT(s && s >= fz.hash && s < fz.hash + HASH_POOL);
	FZ_ASSERT(s->live);
	FZ_ASSERT(s->alg == h->alg);
	return s;
}

static cspdm_status stub_hash_init(void *priv, struct cspdm_hash *h, uint32_t alg)
{
	unsigned i;

	(void)priv;
	if (!cspdm_hash_size(alg))
		return CSPDM_E_CRYPTO;
	for (i = 0; i < HASH_POOL; i++)
		if (!fz.hash[i].live)
			break;
	/* the core holds at most a few hashes at once: more means handles leak */
	FZ_ASSERT(i < HASH_POOL);
	fz.hash[i].live = 1;
	fz.hash[i].alg = alg;
	fz.hash[i].h = FNV_BASIS;
	h->alg = alg;
	h->impl = &fz.hash[i];
	return CSPDM_OK;
}

static cspdm_status stub_hash_update(void *priv, struct cspdm_hash *h, const uint8_t *d, size_t n)
{
	struct fz_hash_state *s = hash_state(h);

	(void)priv;
	s->h = fnv1a(s->h, d, n);
	return CSPDM_OK;
}

static cspdm_status stub_hash_final(void *priv, struct cspdm_hash *h, uint8_t *out)
{
	struct fz_hash_state *s = hash_state(h);
	uint32_t n = cspdm_hash_size(h->alg);

	(void)priv;
	s->live = 0;
	h->impl = NULL;
	if (fz.mode == FZ_HASH_ZERO)
		memset(out, 0, n);
	else
		fnv_expand(s->h, out, n);
	return CSPDM_OK;
}

static void stub_hash_free(void *priv, struct cspdm_hash *h)
{
	struct fz_hash_state *s = hash_state(h);

	(void)priv;
	s->live = 0;
	h->impl = NULL;
}

/* Fixed "random" bytes: base ^ i. */
static cspdm_status fixed_bytes(uint8_t base, uint8_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (uint8_t)(base ^ i);
	return CSPDM_OK;
}

static cspdm_status stub_random(void *priv, uint8_t *out, size_t n)
{
	(void)priv;
	return fixed_bytes(0xA5, out, n);
}

static int live_pubkey(const void *key)
{
	unsigned i;

	for (i = 0; i < KEY_POOL; i++)
		if (key == &fz.keys[i])
			return fz.key_live[i];
	return key == &fz.caller_key;
}

static cspdm_status stub_verify(void *priv, void *key, uint32_t asym_alg, uint32_t hash_alg,
				const uint8_t *data, size_t len, int prehashed, const uint8_t *sig,
				size_t sig_len)
{
	(void)priv;
	(void)prehashed;
	FZ_ASSERT(live_pubkey(key));
	FZ_ASSERT(cspdm_sig_size(asym_alg) && sig_len == cspdm_sig_size(asym_alg));
	FZ_ASSERT(cspdm_hash_size(hash_alg));
	FZ_ASSERT(data && len && sig);
	return CSPDM_OK;
}

static cspdm_status stub_x509_validate(void *priv, const uint8_t *der, size_t len,
				       const struct cspdm_x509_params *p,
				       struct cspdm_x509_result *res, uint32_t *err_cert)
{
	unsigned i;

	(void)priv;
	(void)p;
	(void)err_cert;
	FZ_ASSERT(der && len);
	for (i = 0; i < KEY_POOL; i++)
		if (!fz.key_live[i])
			break;
	FZ_ASSERT(i < KEY_POOL);
	fz.key_live[i] = 1;
	res->trusted = fz.trusted;
	res->pubkey = &fz.keys[i];
	return CSPDM_OK;
}

static void stub_key_free(void *priv, void *key)
{
	unsigned i;

	(void)priv;
	for (i = 0; i < DHE_POOL; i++)
		if (key == &fz.dhe_keys[i]) {
			FZ_ASSERT(fz.dhe_live[i]); /* released once */
			fz.dhe_live[i] = 0;
			return;
		}
	for (i = 0; i < KEY_POOL; i++)
		if (key == &fz.keys[i])
			break;
	/* only keys x509_validate or dhe_generate handed out are freed, and only once */
	FZ_ASSERT(i < KEY_POOL && fz.key_live[i]);
	fz.key_live[i] = 0;
}

static cspdm_status stub_sign(void *priv, void *key, uint32_t asym_alg, uint32_t hash_alg,
			      const uint8_t *data, size_t len, int prehashed, uint8_t *sig,
			      size_t sig_len)
{
	uintptr_t k = (uintptr_t)key, base = (uintptr_t)fz.private_keys;

	(void)priv;
	(void)prehashed;
	FZ_ASSERT(k >= base && k < base + sizeof(fz.private_keys));
	FZ_ASSERT(cspdm_sig_size(asym_alg) && sig_len == cspdm_sig_size(asym_alg));
	FZ_ASSERT(cspdm_hash_size(hash_alg));
	FZ_ASSERT(data && len && sig);
	memset(sig, 0, sig_len);
	return CSPDM_OK;
}

/*
 * ---- session stubs: NOT cryptography. Cheap and deterministic so that a harness can drive a
 * whole session at the cost of parsing; every "secret" here is predictable by design.
 */

static cspdm_status stub_hash_dup(void *priv, const struct cspdm_hash *src, struct cspdm_hash *dst)
{
	struct fz_hash_state *s = hash_state(src);
	cspdm_status st;

	FZ_ASSERT(dst && dst != src);
	st = stub_hash_init(priv, dst, src->alg);
	if (st == CSPDM_OK)
		((struct fz_hash_state *)dst->impl)->h = s->h;
	return st;
}

/* The "public value" counts up from the run's number of key pairs; never all zero. */
static cspdm_status stub_dhe_generate(void *priv, uint16_t group, void **key, uint8_t *pub,
				      size_t pub_len)
{
	unsigned i;
	size_t j;

	(void)priv;
	FZ_ASSERT(key && pub && cspdm_dhe_size(group) && pub_len == cspdm_dhe_size(group));
	for (i = 0; i < DHE_POOL; i++)
		if (!fz.dhe_live[i])
			break;
	FZ_ASSERT(i < DHE_POOL); /* more means ephemeral keys leak */
	fz.dhe_live[i] = 1;
	fz.dhe_count++;
	for (j = 0; j < pub_len; j++)
		pub[j] = (uint8_t)(fz.dhe_count + j);
	*key = &fz.dhe_keys[i];
	return CSPDM_OK;
}

/* Every exchange has the same "shared secret"; an all-zero peer value is refused, as the
 * OpenSSL backend refuses it, so the harnesses reach that error path too. */
static cspdm_status stub_dhe_derive(void *priv, void *key, uint16_t group, const uint8_t *peer,
				    size_t peer_len, uint8_t *secret, size_t secret_len)
{
	uintptr_t k = (uintptr_t)key, base = (uintptr_t)fz.dhe_keys;
	uint8_t any = 0;
	size_t i;

	(void)priv;
	FZ_ASSERT(k >= base && k < base + sizeof(fz.dhe_keys) && fz.dhe_live[k - base]);
	FZ_ASSERT(cspdm_dhe_size(group) && peer_len == cspdm_dhe_size(group) && peer);
	FZ_ASSERT(secret && secret_len == cspdm_dhe_secret_size(group));
	for (i = 0; i < peer_len; i++)
		any |= peer[i];
	if (!any) {
		memset(secret, 0, secret_len);
		return CSPDM_E_DHE_KEY;
	}
	for (i = 0; i < secret_len; i++)
		secret[i] = (uint8_t)(0x5A ^ i);
	return CSPDM_OK;
}

/* A keyed mixing: FNV-1a over the length of a, a, then b, expanded to n bytes. */
static void mix2(const uint8_t *a, size_t al, const uint8_t *b, size_t bl, uint8_t *out, size_t n)
{
	uint64_t h = fnv1a(FNV_BASIS, (const uint8_t *)&al, sizeof(al));

	h = fnv1a(h, a, al);
	fnv_expand(fnv1a(h, b, bl), out, n);
}

/* With FZ_HASH_ZERO every MAC is zero, as every digest is: the fuzzer passes MAC checks. */
static cspdm_status stub_hmac(void *priv, uint32_t hash_alg, const uint8_t *key, size_t key_len,
			      const uint8_t *data, size_t len, uint8_t *out)
{
	uint32_t n = cspdm_hash_size(hash_alg);

	(void)priv;
	FZ_ASSERT(n && out && (key || !key_len) && (data || !len));
	if (fz.mode == FZ_HASH_ZERO)
		memset(out, 0, n);
	else
		mix2(key, key_len, data, len, out, n);
	return CSPDM_OK;
}

static cspdm_status stub_hkdf_extract(void *priv, uint32_t hash_alg, const uint8_t *salt,
				      size_t salt_len, const uint8_t *ikm, size_t ikm_len,
				      uint8_t *prk)
{
	uint32_t n = cspdm_hash_size(hash_alg);

	(void)priv;
	FZ_ASSERT(n && prk && (salt || !salt_len) && (ikm || !ikm_len));
	mix2(salt, salt_len, ikm, ikm_len, prk, n);
	return CSPDM_OK;
}

static cspdm_status stub_hkdf_expand(void *priv, uint32_t hash_alg, const uint8_t *prk,
				     size_t prk_len, const uint8_t *info, size_t info_len,
				     uint8_t *out, size_t out_len)
{
	uint32_t n = cspdm_hash_size(hash_alg);

	(void)priv;
	FZ_ASSERT(n && prk && prk_len && (info || !info_len) && out);
	FZ_ASSERT(out_len && out_len <= (size_t)255 * n);
	mix2(prk, prk_len, info, info_len, out, out_len);
	return CSPDM_OK;
}

static struct fz_aead_state *aead_state(void *handle)
{
	struct fz_aead_state *s = handle;

	FZ_ASSERT(s && s >= fz.aead && s < fz.aead + AEAD_POOL && s->live);
	return s;
}

static cspdm_status stub_aead_new(void *priv, uint16_t aead, const uint8_t *key, size_t key_len,
				  void **handle)
{
	unsigned i;

	(void)priv;
	FZ_ASSERT(key && handle && cspdm_aead_key_size(aead) &&
		  key_len == cspdm_aead_key_size(aead));
	for (i = 0; i < AEAD_POOL; i++)
		if (!fz.aead[i].live)
			break;
	FZ_ASSERT(i < AEAD_POOL); /* more means handles leak */
	fz.aead[i].live = 1;
	fz.aead[i].aead = aead;
	fz.aead[i].key = fnv1a(FNV_BASIS, key, key_len);
	*handle = &fz.aead[i];
	return CSPDM_OK;
}

/* The "tag": zero with FZ_HASH_ZERO, else FNV-1a over key, IV, AAD and the (clear) text. */
static void stub_tag(const struct fz_aead_state *s, const uint8_t *iv, const uint8_t *aad,
		     size_t aad_len, const uint8_t *text, size_t len, uint8_t *tag)
{
	uint64_t h;

	FZ_ASSERT(iv && tag && (aad || !aad_len) && (text || !len));
	if (fz.mode == FZ_HASH_ZERO) {
		memset(tag, 0, CSPDM_AEAD_TAG_SIZE);
		return;
	}
	h = fnv1a(s->key, iv, CSPDM_AEAD_IV_SIZE);
	h = fnv1a(fnv1a(h, (const uint8_t *)&aad_len, sizeof(aad_len)), aad, aad_len);
	fnv_expand(fnv1a(h, text, len), tag, CSPDM_AEAD_TAG_SIZE);
}

/* "Encryption" is a copy: the fuzzer's bytes are the plaintext as they stand. */
static cspdm_status stub_aead_seal(void *priv, void *handle, const uint8_t *iv, const uint8_t *aad,
				   size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
				   uint8_t *tag)
{
	(void)priv;
	FZ_ASSERT(out || !len);
	stub_tag(aead_state(handle), iv, aad, aad_len, in, len, tag);
	if (len)
		memmove(out, in, len);
	return CSPDM_OK;
}

static cspdm_status stub_aead_open(void *priv, void *handle, const uint8_t *iv, const uint8_t *aad,
				   size_t aad_len, const uint8_t *in, size_t len,
				   const uint8_t *tag, uint8_t *out)
{
	uint8_t want[CSPDM_AEAD_TAG_SIZE];

	(void)priv;
	FZ_ASSERT(tag && (out || !len));
	stub_tag(aead_state(handle), iv, aad, aad_len, in, len, want);
	if (memcmp(want, tag, sizeof(want)) != 0) {
		if (len)
			memset(out, 0, len);
		return CSPDM_E_DECRYPT;
	}
	if (len)
		memmove(out, in, len);
	return CSPDM_OK;
}

static void stub_aead_free(void *priv, void *handle)
{
	(void)priv;
	if (handle)
		aead_state(handle)->live = 0;
}

static const struct cspdm_crypto_ops stub_ops = {
    .priv = NULL,
    .hash_init = stub_hash_init,
    .hash_update = stub_hash_update,
    .hash_final = stub_hash_final,
    .hash_free = stub_hash_free,
    .random = stub_random,
    .verify = stub_verify,
    .x509_validate = stub_x509_validate,
    .key_free = stub_key_free,
    .sign = stub_sign,
    .hash_dup = stub_hash_dup,
    .dhe_generate = stub_dhe_generate,
    .dhe_derive = stub_dhe_derive,
    .hmac = stub_hmac,
    .hkdf_extract = stub_hkdf_extract,
    .hkdf_expand = stub_hkdf_expand,
    .aead_new = stub_aead_new,
    .aead_seal = stub_aead_seal,
    .aead_open = stub_aead_open,
    .aead_free = stub_aead_free,
};

void fz_crypto_reset(enum fz_hash_mode mode, int trusted)
{
	memset(fz.hash, 0, sizeof(fz.hash));
	memset(fz.key_live, 0, sizeof(fz.key_live));
	memset(fz.dhe_live, 0, sizeof(fz.dhe_live));
	memset(fz.aead, 0, sizeof(fz.aead));
	fz.dhe_count = 0;
	fz.mode = mode;
	fz.trusted = trusted;
}

const struct cspdm_crypto_ops *fz_crypto_ops(void)
{
	return &stub_ops;
}

/* Other fixed random bytes: the other side of a conversation between two stubs. */
static cspdm_status stub_random_alt(void *priv, uint8_t *out, size_t n)
{
	(void)priv;
	return fixed_bytes(0x5A, out, n);
}

/* Its key pairs are not counted: the other stub's public values are what they are alone. */
static cspdm_status stub_dhe_generate_alt(void *priv, uint16_t group, void **key, uint8_t *pub,
					  size_t pub_len)
{
	cspdm_status st = stub_dhe_generate(priv, group, key, pub, pub_len);

	fz.dhe_count--;
	return st;
}

const struct cspdm_crypto_ops *fz_crypto_ops_alt(void)
{
	static struct cspdm_crypto_ops alt;

	alt = stub_ops;
	alt.random = stub_random_alt;
	alt.dhe_generate = stub_dhe_generate_alt;
	return &alt;
}

void fz_crypto_check_released(void)
{
	unsigned i;

	for (i = 0; i < HASH_POOL; i++)
		FZ_ASSERT(!fz.hash[i].live);
	for (i = 0; i < KEY_POOL; i++)
		FZ_ASSERT(!fz.key_live[i]);
	for (i = 0; i < DHE_POOL; i++)
		FZ_ASSERT(!fz.dhe_live[i]);
	for (i = 0; i < AEAD_POOL; i++)
		FZ_ASSERT(!fz.aead[i].live);
}

void *fz_caller_pubkey(void)
{
	return &fz.caller_key;
}

void *fz_private_key(unsigned slot)
{
	return &fz.private_keys[slot % CSPDM_MAX_SLOTS];
}

/* ---- the requester configuration ------------------------------------------------------------- */

static uint8_t cert_store[FZ_STORE_CAP];
static uint8_t meas_store[FZ_STORE_CAP];
static uint8_t transcript_store[FZ_STORE_CAP];

/* Every verified signature comes with consistent evidence. */
static void check_evidence(void *priv, const struct cspdm_signature_evidence *ev)
{
	(void)priv;
	FZ_ASSERT(ev->kind == CSPDM_SIG_CHALLENGE_AUTH || ev->kind == CSPDM_SIG_MEASUREMENTS ||
		  ev->kind == CSPDM_SIG_KEY_EXCHANGE_RSP);
	FZ_ASSERT(ev->version >= CSPDM_V10 && ev->version <= CSPDM_V14);
	FZ_ASSERT(ev->slot < CSPDM_MAX_SLOTS);
	FZ_ASSERT(ev->signature && ev->signature_len == cspdm_sig_size(ev->base_asym));
	FZ_ASSERT(ev->requester_nonce && ev->responder_nonce);
	FZ_ASSERT(ev->combined_prefix_len == (ev->version >= CSPDM_V12 ? 100u : 0u));
	FZ_ASSERT(!ev->transcript || fz_within(transcript_store, sizeof(transcript_store),
					       ev->transcript, ev->transcript_len));
}

static uint8_t version_of(uint8_t b)
{
	return (uint8_t)(CSPDM_V10 + b % 5);
}

void fz_requester_parse(struct fz_in *in, struct fz_requester *r)
{
	struct cspdm_config *c = &r->cfg;
	size_t cap;
	uint8_t b;

	memset(r, 0, sizeof(*r));
	cspdm_config_defaults(c);
	r->flags = fz_u8(in);
	cap = (r->flags & FZ_R_SMALL) ? FZ_STORE_SMALL : FZ_STORE_CAP;
	c->crypto = fz_crypto_ops();
	c->max_version = version_of(fz_u8(in));
	c->min_version = version_of(fz_u8(in));
	if (c->min_version > c->max_version)
		c->min_version = c->max_version;
	b = fz_u8(in);
	c->slot = b & 7;
	c->meas_summary = (uint8_t[]){0, 1, 0xFF, 0}[(b >> 3) & 3];
	r->session = (b & FZ_R3_SESSION) != 0;
	cspdm_transport_secured_binding(fz_binding(b >> 6), &r->binding);
	b = fz_u8(in);
	r->q.operation = b < 0x80 ? CSPDM_MEAS_ONE_BY_ONE : b == 0x80 ? 0xFF : (uint16_t)(b - 0x80);
	r->q.sign = (r->flags & FZ_R_SIGN) != 0;
	r->q.raw = (r->flags & FZ_R_RAW) != 0;
	for (b = 0; b < CSPDM_REQ_CONTEXT_SIZE; b++)
		c->req_context[b] = fz_u8(in);
	b = fz_u8(in);
	c->base_asym = b ? 1u << (b % 12) : 0;
	c->base_hash = fz_u8(in) & 0x3F;
	b = fz_u8(in);
	if (b)
		c->data_transfer_size = 42u + 16u * b;
	c->max_pad = (r->flags & FZ_R_PAD) ? 3 : 0;
	c->cert_buf = cert_store;
	c->cert_cap = cap;
	c->meas_buf = meas_store;
	c->meas_cap = cap;
	if (r->flags & FZ_R_RECORD) {
		c->transcript_buf = transcript_store;
		c->transcript_cap = cap;
	}
	c->on_signature = check_evidence;
	/* re-authentication: the known device is what the all-zero digests describe */
	r->known.slot = c->slot;
	r->known.base_asym = c->base_asym ? c->base_asym : CSPDM_ASYM_ECDSA_P384;
	r->known.base_hash = c->base_hash & -c->base_hash;
	if (!cspdm_hash_size(r->known.base_hash))
		r->known.base_hash = CSPDM_HASH_SHA_384;
	r->known.pubkey = fz_caller_pubkey();
}

/* ---- the responder configuration ----------------------------------------------------------- */

static uint64_t rsp_sess_mem[FZ_RSP_SESSIONS][512];

const struct cspdm_session *fz_responder_session(unsigned i)
{
	return (const struct cspdm_session *)rsp_sess_mem[i % FZ_RSP_SESSIONS];
}

/* A DER SEQUENCE of body bytes, as many as fit: the responder only frames the first one. */
static size_t der_seq(uint8_t *p, size_t body, uint8_t fill)
{
	size_t h;

	p[0] = 0x30;
	if (body < 0x80) {
		p[1] = (uint8_t)body;
		h = 2;
	} else if (body <= 0xFF) {
		p[1] = 0x81;
		p[2] = (uint8_t)body;
		h = 3;
	} else {
		p[1] = 0x82;
		p[2] = (uint8_t)(body >> 8);
		p[3] = (uint8_t)body;
		h = 4;
	}
	memset(p + h, fill, body);
	return h + body;
}

static uint8_t small_chain[2 + 16 + 3 + 128];
static uint8_t big_chain[4 + 2048 + 4 + 1024];
static size_t small_len, big_len;

static void make_chains(void)
{
	if (small_len)
		return;
	small_len = der_seq(small_chain, 16, 0x11);
	small_len += der_seq(small_chain + small_len, 128, 0x22);
	big_len = der_seq(big_chain, 2048, 0x33);
	big_len += der_seq(big_chain + big_len, 1024, 0x44);
}

/* Raw values that nearly fill (or overflow) the responder's 2 KiB record as a whole. */
static uint8_t big_value[700];
static const struct cspdm_rsp_meas big_meas[] = {
    {1, 0, 1, big_value, 700},	  {2, 1, 0, big_value, 400},	{0x10, 2, 1, big_value, 600},
    {0x7F, 3, 1, big_value, 500}, {0xFE, 0, 1, big_value, 300},
};

static uint64_t rsp_app_mem[2560];

int fz_app_mem_clear(void)
{
	const uint8_t *b = (const uint8_t *)rsp_app_mem;
	size_t i;

	for (i = 8; i < sizeof(rsp_app_mem); i++) /* after the model's magic */
		if (b[i])
			return 0;
	return 1;
}

/* Sessions: two, in static memory, on the binding the flags name; an honest session asks for
 * the session capabilities (but ENCRYPT and HANDSHAKE_IN_THE_CLEAR stay as fuzzed). Over PCI
 * DOE, the PCI-SIG device model serves its sessions, as cspdm responder's does: IDE_KM ports
 * 0..7 with 4 streams, TDISP interfaces 0xbeef and 1, CXL IDE_KM, CXL TSP with 2 secondary
 * sessions. */
static void session_config(struct cspdm_responder_config *c, uint8_t flags, uint8_t sess)
{
	FZ_ASSERT(cspdm_session_size() <= sizeof(rsp_sess_mem[0]));
	c->session_mem = rsp_sess_mem;
	c->session_count = FZ_RSP_SESSIONS;
	c->heartbeat_period = 10;
	cspdm_transport_secured_binding(
	    (flags & FZ_S_DOE) ? CSPDM_TRANSPORT_PCI_DOE : CSPDM_TRANSPORT_MCTP, &c->binding);
	if (sess & FZ_S4_SESSION)
		c->caps |= SPDM_CAP_KEY_EX | SPDM_CAP_MAC | SPDM_CAP_HBEAT | SPDM_CAP_KEY_UPD;
	if (!(flags & FZ_S_DOE))
		return;
	FZ_ASSERT(cspdm_responder_app_size(7, 4) <= sizeof(rsp_app_mem));
	c->app_mem = rsp_app_mem;
	c->app_mem_len = sizeof(rsp_app_mem);
	c->ide_max_port = 7;
	c->ide_streams = 4;
	c->tdi_count = 2;
	c->tdi_ids[0] = 0xbeef;
	c->tdi_ids[1] = 1;
	c->cxl_tsp = 1;
	c->tsp_secondary = 2;
}

void fz_responder_parse(struct fz_in *in, struct cspdm_responder_config *c, uint8_t *flags,
			uint8_t *sess)
{
	uint8_t b, slots;
	uint16_t dts;
	unsigned s;

	make_chains();
	cspdm_responder_config_defaults(c);
	c->crypto = fz_crypto_ops();
	*flags = fz_u8(in);
	c->min_version = version_of(fz_u8(in));
	c->max_version = version_of(fz_u8(in));
	if (c->max_version < c->min_version) {
		b = c->max_version;
		c->max_version = c->min_version;
		c->min_version = b;
	}
	c->base_asym = 1u << (fz_u8(in) % 12);
	*sess = fz_u8(in);
	c->base_hash = *sess & 0x3F;
	if (!c->base_hash)
		c->base_hash = CSPDM_HASH_SHA_384;
	c->caps = fz_u32(in);
	c->not_ready_mask = fz_u32(in);
	c->rdt_exponent = (uint8_t)((*flags & FZ_S_RDT_MASK) >> 3);
	slots = fz_u8(in);
	if (!slots)
		slots = 1;
	for (s = 0; s < CSPDM_MAX_SLOTS; s++) {
		if (!((slots >> s) & 1))
			continue;
		if ((*flags & FZ_S_BIG_CHAIN) && (s & 1)) {
			c->slots[s].certs = big_chain;
			c->slots[s].certs_len = big_len;
		} else {
			c->slots[s].certs = small_chain;
			c->slots[s].certs_len = small_len;
		}
		c->slots[s].key = fz_private_key(s);
	}
	dts = fz_u16(in);
	c->data_transfer_size = dts < SPDM_MIN_DATA_TRANSFER_SIZE_12 ? 4096 : dts;
	c->max_msg_size = c->data_transfer_size > 4096 ? c->data_transfer_size : 4096;
	if (*flags & FZ_S_BIG_MEAS) {
		c->meas = big_meas;
		c->meas_count = (uint8_t)(sizeof(big_meas) / sizeof(big_meas[0]));
	}
	session_config(c, *flags, *sess);
}

void fz_check_status(cspdm_status st, const cspdm_error *err)
{
	FZ_ASSERT(FZ_STATUS_OK(st));
	if (st)
		FZ_ASSERT(err->code == st);
}

void fz_check_len(const struct spdm_neg *n, size_t dec_len, size_t len)
{
	FZ_ASSERT(dec_len >= 4 && dec_len <= len);
	FZ_ASSERT(len - dec_len <= n->max_pad);
}

void fz_check_same(const uint8_t *enc, cspdm_status st, size_t enc_len, const uint8_t *msg,
		   size_t n)
{
	FZ_ASSERT(st == CSPDM_OK);
	FZ_ASSERT(enc_len == n);
	FZ_ASSERT(!memcmp(enc, msg, n));
}

/* Decode with the decoder for code; *p1 and *p2 receive the parameters it reports. */
static cspdm_status dec_session_header(const struct spdm_neg *n, uint8_t code, const uint8_t *msg,
				       size_t len, uint8_t *p1, uint8_t *p2, cspdm_error *err)
{
	struct spdm_key_update k = {0, 0};
	cspdm_status st;

	*p1 = 0;
	*p2 = 0;
	if (code == SPDM_END_SESSION)
		return spdm_dec_end_session(n, msg, len, p1, err);
	if (code != SPDM_KEY_UPDATE && code != SPDM_KEY_UPDATE_ACK)
		return spdm_dec_simple(n, code, msg, len, err);
	st = spdm_dec_key_update(n, code, msg, len, &k, err);
	FZ_ASSERT(st || (k.operation >= 1 && k.operation <= 3));
	*p1 = k.operation;
	*p2 = k.tag;
	return st;
}

void fz_check_session_header(const struct spdm_neg *n, uint8_t code, const uint8_t *msg, size_t len)
{
	struct spdm_key_update k;
	uint8_t enc[4];
	cspdm_error err = {0};
	size_t out = 0;
	cspdm_status st = dec_session_header(n, code, msg, len, &k.operation, &k.tag, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	FZ_ASSERT(n->version >= CSPDM_V11);
	FZ_ASSERT(len >= 4 && len - 4 <= n->max_pad);
	FZ_ASSERT(code != SPDM_END_SESSION || k.operation <= 1);
	if (code == SPDM_KEY_UPDATE || code == SPDM_KEY_UPDATE_ACK)
		st = spdm_enc_key_update(n->version, code, &k, enc, sizeof(enc), &out);
	else
		st = spdm_enc_simple(n->version, code, k.operation, k.tag, enc, sizeof(enc), &out);
	fz_check_same(enc, st, out, msg, 4);
}

void fz_check_opaque(uint8_t general, const uint8_t *opaque, size_t len)
{
	static uint8_t enc[64];
	struct spdm_opaque_sm o;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_opaque_sm(general, opaque, len, &o, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	FZ_ASSERT(o.general == (general != 0));
	FZ_ASSERT(len % 4 == 0); /* 4- or 8-byte table header, padded elements */
	FZ_ASSERT(!o.has_supported || (o.count >= 1 && o.count <= SPDM_SM_MAX_VERSIONS));
	if (o.elements != 1 || o.has_selection == o.has_supported)
		return;
	if (o.has_selection)
		st = spdm_enc_opaque_sm_selection(general, o.selected, enc, sizeof(enc), &n);
	else
		st = spdm_enc_opaque_sm_supported(general, o.supported, o.count, enc, sizeof(enc),
						  &n);
	fz_check_same(enc, st, n, opaque, len);
}

void fz_check_same_large(const uint8_t *enc, cspdm_status st, size_t enc_len, const uint8_t *msg,
			 size_t n)
{
	FZ_ASSERT(st == CSPDM_OK);
	FZ_ASSERT(enc_len == n && n >= 8);
	FZ_ASSERT(!memcmp(enc, msg, 4) && !memcmp(enc + 8, msg + 8, n - 8));
}

/* ---- fuzz_mutual ------------------------------------------------------------------------- */

static const uint8_t id_certs[] = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02};
static const uint8_t rsp_certs[] = {0x30, 0x03, 0x02, 0x01, 0x07};
static uint8_t id_tx[8192], req_chain[FZ_STORE_CAP];

void fz_mutual_identity(struct cspdm_config *c, uint8_t asym, uint8_t slot)
{
	c->req_id.certs = id_certs;
	c->req_id.certs_len = sizeof(id_certs);
	c->req_id.key = fz_private_key(0);
	c->req_id.asym = 1u << (asym % 12);
	c->req_id.slot = slot & 7;
	c->req_id.tx_buf = id_tx;
	c->req_id.tx_cap = (slot & 0x80) ? CSPDM_ENCAP_TX_MIN : sizeof(id_tx);
}

void fz_mutual_responder(struct cspdm_responder_config *c, uint8_t ver, uint32_t asym, uint8_t mut,
			 uint8_t slot, int known, void *sess_mem)
{
	unsigned s;

	cspdm_responder_config_defaults(c);
	c->crypto = fz_crypto_ops_alt(); /* the other side: its nonces are not the requester's */
	c->max_version = ver;
	c->base_asym = asym;
	c->caps |= CSPDM_RSP_CAPS_SESSIONS | SPDM_CAP_MUT_AUTH | SPDM_CAP_ENCAP;
	for (s = 0; s < 2; s++) {
		c->slots[s].certs = rsp_certs;
		c->slots[s].certs_len = sizeof(rsp_certs);
		c->slots[s].key = fz_private_key(s);
	}
	c->session_mem = sess_mem;
	c->session_count = 2;
	c->mut_auth = spdm_popcount8(mut & 0x0E) > 1 ? (uint8_t)(mut & 0x03) : mut;
	c->req_slot = slot & 7;
	c->req_cert_buf = req_chain;
	c->req_cert_cap = sizeof(req_chain);
	c->req_certs = known ? id_certs : NULL;
	c->req_certs_len = known ? sizeof(id_certs) : 0;
}

void fz_codec_run(const uint8_t *data, size_t size, const fz_codec_fn *table, size_t count)
{
	struct fz_in in;
	struct fz_codec p;
	const uint8_t *msg;
	size_t len;

	fz_in_init(&in, data, size);
	fz_codec_parse(&in, &p);
	msg = fz_rest(&in, &len);
	table[p.sel % count](&p, msg, len);
}

/* ---- an honest requester on an in-process connection ---------------------------------------- */

static cspdm_status link_send(void *priv, enum cspdm_msg_kind kind, const uint8_t *msg, size_t len)
{
	struct fz_link *l = priv;
	int secured = kind == CSPDM_MSG_SECURED;

	FZ_ASSERT(len <= sizeof(l->req));
	memcpy(l->req, msg, len);
	if (l->tap)
		l->tap(l->tap_priv, 0, kind, msg, len);
	if (secured)
		l->reply_len = cspdm_responder_process_secured(l->rsp, l->req, len, 0, l->reply,
							       sizeof(l->reply));
	else
		l->reply_len =
		    cspdm_responder_process(l->rsp, l->req, len, 0, l->reply, sizeof(l->reply));
	l->reply_kind = secured && !l->io.secured.untyped ? CSPDM_MSG_SECURED : CSPDM_MSG_SPDM;
	if (l->tap && l->reply_len)
		l->tap(l->tap_priv, 1, l->reply_kind, l->reply, l->reply_len);
	return CSPDM_OK;
}

static cspdm_status link_recv(void *priv, uint8_t *buf, size_t cap, size_t *len,
			      enum cspdm_msg_kind *kind, uint64_t timeout_us)
{
	struct fz_link *l = priv;

	(void)timeout_us;
	if (!l->reply_len)
		return CSPDM_E_TIMEOUT;
	if (l->reply_len > cap || (!kind && l->reply_kind != CSPDM_MSG_SPDM))
		return CSPDM_E_TRANSPORT;
	memcpy(buf, l->reply, l->reply_len);
	*len = l->reply_len;
	if (kind)
		*kind = l->reply_kind;
	return CSPDM_OK;
}

static void link_sleep(void *priv, uint64_t us)
{
	(void)priv;
	(void)us;
}

void fz_link_init(struct fz_link *l, struct cspdm_responder *rsp,
		  const struct cspdm_secured_binding *b)
{
	memset(l, 0, sizeof(*l));
	l->rsp = rsp;
	l->io.priv = l;
	l->io.send = link_send;
	l->io.recv = link_recv;
	l->io.sleep_us = link_sleep;
	l->io.secured = *b;
	l->io.has_secured = 1;
}

static uint64_t honest_ctx[8192];
static uint64_t honest_sess[512];
static uint8_t honest_rx[FZ_LINK_CAP], honest_tx[FZ_LINK_CAP];

void fz_honest_start(struct cspdm_context **ctx, struct cspdm_session **s,
		     const struct cspdm_secured_binding *b, const struct cspdm_crypto_ops *ops)
{
	struct cspdm_session_config sc;
	struct cspdm_config c;

	cspdm_config_defaults(&c);
	c.crypto = ops ? ops : fz_crypto_ops();
	c.cert_buf = cert_store;
	c.cert_cap = sizeof(cert_store);
	c.meas_buf = meas_store;
	c.meas_cap = sizeof(meas_store);
	c.rx_buf = honest_rx;
	c.rx_cap = sizeof(honest_rx);
	FZ_ASSERT(cspdm_context_size() <= sizeof(honest_ctx));
	FZ_ASSERT(cspdm_init(ctx, honest_ctx, sizeof(honest_ctx), &c) == CSPDM_OK);
	cspdm_session_config_defaults(&sc);
	sc.tx_buf = honest_tx;
	sc.tx_cap = sizeof(honest_tx);
	sc.binding = *b;
	FZ_ASSERT(cspdm_session_size() <= sizeof(honest_sess));
	FZ_ASSERT(cspdm_session_init(s, honest_sess, sizeof(honest_sess), *ctx, &sc) == CSPDM_OK);
}

cspdm_status fz_honest_open(struct fz_link *l, struct cspdm_responder *rsp,
			    const struct cspdm_secured_binding *b, struct cspdm_context **ctx,
			    struct cspdm_session **s)
{
	fz_link_init(l, rsp, b);
	fz_honest_start(ctx, s, b, NULL);
	return cspdm_session_open(*s, &l->io);
}

void fz_honest_stop(struct cspdm_context *ctx, struct cspdm_session *s)
{
	cspdm_session_deinit(s);
	cspdm_deinit(ctx);
}

/* ---- seed files --------------------------------------------------------------------------------
 */

int fz_write_seed(const char *dir, const char *harness, const uint8_t *d, size_t n)
{
	char path[4096];
	struct stat sb;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, harness);
	if (mkdir(path, 0755) && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%016llx", dir, harness,
		 (unsigned long long)fnv1a(FNV_BASIS, d, n));
	if (!stat(path, &sb))
		return 0;
	f = fopen(path, "wb");
	if (!f || fwrite(d, 1, n, f) != n || fclose(f)) {
		perror(path);
		exit(1);
	}
	return 1;
}
