/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Every response decoder of the codec: the selector byte picks one, the rest of the 16-byte
 * codec header (fuzz_common.h) sets the negotiated parameters and the request it answers.
 * Properties: a decoder never reads outside the message (ASan), returns a status of the enum,
 * records that status in the error on failure, and on success reports a length within the
 * message and views inside it. A message that decodes re-encodes to the same bytes.
 */
#include "fuzz_common.h"

#include <string.h>

#define ENC_CAP 8192

static uint8_t enc[ENC_CAP];

static void version(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_version_rsp v;
	cspdm_error err = {0};
	cspdm_status st = spdm_dec_version(msg, len, p->neg.max_pad, &v, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, v.len, len);
	FZ_ASSERT(v.count >= 1 && v.count <= SPDM_MAX_VERSION_ENTRIES);
	FZ_ASSERT(v.len == 6u + 2u * v.count);
}

static void caps(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_caps c;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_caps(&p->neg, msg, len, &c, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, c.len, len);
	FZ_ASSERT((c.flags & SPDM_CAP_MEAS_MASK) != SPDM_CAP_MEAS_MASK);
	if (p->neg.version >= CSPDM_V12)
		FZ_ASSERT(c.data_transfer_size >= SPDM_MIN_DATA_TRANSFER_SIZE_12 &&
			  c.max_msg_size >= c.data_transfer_size);
	/* Param1/Param2 of CAPABILITIES are not part of the struct: compare from byte 4 */
	st = spdm_enc_caps(p->neg.version, &c, enc, sizeof(enc), &n);
	FZ_ASSERT(st == CSPDM_OK && n == c.len);
	FZ_ASSERT(!memcmp(enc + 4, msg + 4, n - 4));
}

static void algorithms(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_neg_algs_req offer;
	struct spdm_algorithms a;
	cspdm_error err = {0};
	cspdm_status st;

	fz_offer(p->neg.version, &offer);
	st = spdm_dec_algorithms(&p->neg, &offer, p->rsp_caps, msg, len, &a, &err);
	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, a.len, len);
	/* at most one algorithm selected, and only among those offered */
	FZ_ASSERT(!a.base_asym ||
		  (spdm_single_bit(a.base_asym) && (a.base_asym & offer.base_asym)));
	FZ_ASSERT(!a.base_hash ||
		  (spdm_single_bit(a.base_hash) && (a.base_hash & offer.base_hash)));
	FZ_ASSERT(!a.meas_spec || a.meas_spec == SPDM_MEAS_SPEC_DMTF);
	FZ_ASSERT(!a.dhe || (spdm_single_bit(a.dhe) && (a.dhe & offer.dhe)));
	FZ_ASSERT(!a.aead || (spdm_single_bit(a.aead) && (a.aead & offer.aead)));
	FZ_ASSERT(a.ext_asym_count <= 1 && a.ext_hash_count <= 1);
}

static void digests(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_digests d;
	cspdm_error err = {0};
	size_t n = 0;
	unsigned s, count = 0;
	cspdm_status st = spdm_dec_digests(&p->neg, msg, len, &d, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, d.len, len);
	for (s = 0; s < CSPDM_MAX_SLOTS; s++) {
		FZ_ASSERT(!d.digest[s] == !((d.provisioned_mask >> s) & 1));
		if (d.digest[s]) {
			FZ_ASSERT(fz_within(msg, d.len, d.digest[s], p->neg.hash_size));
			count++;
		}
	}
	FZ_ASSERT(count == d.count);
	st = spdm_enc_digests(&p->neg, &d, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, d.len);
}

static void certificate(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_cert_rsp c;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_cert(&p->neg, &p->cert, msg, len, &c, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, c.len, len);
	FZ_ASSERT(c.portion_len >= 1 && c.portion_len <= p->cert.length);
	FZ_ASSERT(fz_within(msg, c.len, c.portion, c.portion_len));
	FZ_ASSERT(c.large == p->cert.large);
	st = spdm_enc_cert(p->neg.version, &c, enc, sizeof(enc), &n);
	if (st == CSPDM_E_BUFFER_TOO_SMALL && c.len > sizeof(enc))
		return;
	if (c.large)
		fz_check_same_large(enc, st, n, msg, c.len);
	else
		fz_check_same(enc, st, n, msg, c.len);
}

static void challenge_auth(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_challenge_auth a;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_challenge_auth(&p->neg, msg, len, &a, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, a.len, len);
	FZ_ASSERT(a.signed_len + p->neg.sig_size == a.len);
	FZ_ASSERT(fz_within(msg, a.signed_len, a.cert_chain_hash, p->neg.hash_size));
	FZ_ASSERT(fz_within(msg, a.signed_len, a.nonce, CSPDM_NONCE_SIZE));
	FZ_ASSERT(!a.meas_summary == !p->neg.meas_hash_size);
	FZ_ASSERT(!a.meas_summary ||
		  fz_within(msg, a.signed_len, a.meas_summary, p->neg.meas_hash_size));
	FZ_ASSERT(a.opaque_len <= SPDM_MAX_OPAQUE);
	FZ_ASSERT(fz_within(msg, a.signed_len, a.opaque, a.opaque_len));
	FZ_ASSERT(!a.req_context == (p->neg.version < CSPDM_V13));
	FZ_ASSERT(!a.req_context ||
		  fz_within(msg, a.signed_len, a.req_context, CSPDM_REQ_CONTEXT_SIZE));
	FZ_ASSERT(fz_within(msg, a.len, a.signature, p->neg.sig_size));
	st = spdm_enc_challenge_auth(&p->neg, &a, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, a.signed_len);
}

static void error(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_error_rsp e;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_error(&p->neg, msg, len, &e, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	FZ_ASSERT(e.ext_len <= 32 && 4 + e.ext_len <= len);
	FZ_ASSERT(e.has_not_ready == (e.code == SPDM_ERR_RESPONSE_NOT_READY));
	st = spdm_enc_error(p->neg.version, &e, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, e.has_not_ready ? 8 : 4);
}

static void measurements(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_meas_rsp m;
	cspdm_error err = {0};
	size_t n = 0;
	int is_signed = (p->meas.attributes & SPDM_MEAS_ATTR_SIGNATURE) != 0;
	cspdm_status st = spdm_dec_meas(&p->neg, &p->meas, msg, len, &m, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, m.len, len);
	FZ_ASSERT(m.signed_len + (is_signed ? p->neg.sig_size : 0) == m.len);
	FZ_ASSERT(fz_within(msg, m.signed_len, m.record, m.record_len));
	FZ_ASSERT(fz_within(msg, m.signed_len, m.nonce, CSPDM_NONCE_SIZE));
	FZ_ASSERT(fz_within(msg, m.signed_len, m.opaque, m.opaque_len));
	FZ_ASSERT(!m.signature == !is_signed);
	FZ_ASSERT(!m.signature || fz_within(msg, m.len, m.signature, p->neg.sig_size));
	if (p->meas.operation == SPDM_MEAS_OP_COUNT)
		FZ_ASSERT(m.num_blocks == 0 && m.record_len == 0);
	else if (p->meas.operation != SPDM_MEAS_OP_ALL)
		FZ_ASSERT(m.num_blocks == 1);
	/* the record was checked block by block: checking it again agrees */
	FZ_ASSERT(spdm_check_meas_record(&m, NULL) == CSPDM_OK);
	st = spdm_enc_meas(&p->neg, &m, enc, sizeof(enc), &n);
	if (st == CSPDM_E_BUFFER_TOO_SMALL && m.signed_len > sizeof(enc))
		return;
	fz_check_same(enc, st, n, msg, m.signed_len);
}

static void key_exchange_rsp(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_key_exchange_rsp k;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_key_exchange_rsp(&p->neg, msg, len, &k, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, k.len, len);
	FZ_ASSERT(k.signed_len ==
		  42u + p->neg.dhe_size + p->neg.meas_hash_size + (size_t)k.opaque_len);
	FZ_ASSERT(k.len ==
		  k.signed_len + p->neg.sig_size + (p->neg.hs_in_clear ? 0 : p->neg.hash_size));
	FZ_ASSERT(!(k.mut_auth & ~7u) && spdm_popcount8(k.mut_auth) <= 1 && k.req_slot < 16);
	FZ_ASSERT(fz_within(msg, k.signed_len, k.random, SPDM_RANDOM_SIZE));
	FZ_ASSERT(fz_within(msg, k.signed_len, k.exchange, p->neg.dhe_size));
	FZ_ASSERT(!k.meas_summary == !p->neg.meas_hash_size);
	FZ_ASSERT(!k.meas_summary ||
		  fz_within(msg, k.signed_len, k.meas_summary, p->neg.meas_hash_size));
	FZ_ASSERT(fz_within(msg, k.signed_len, k.opaque, k.opaque_len));
	FZ_ASSERT(fz_within(msg, k.len, k.signature, p->neg.sig_size));
	FZ_ASSERT((k.verify_data == NULL) == (p->neg.hs_in_clear != 0));
	FZ_ASSERT(!k.verify_data || fz_within(msg, k.len, k.verify_data, p->neg.hash_size));
	fz_check_opaque(p->opaque_general, k.opaque, k.opaque_len);
	st = spdm_enc_key_exchange_rsp(&p->neg, &k, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, k.signed_len);
}

static void finish_rsp(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_finish_rsp f;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_finish_rsp(&p->neg, msg, len, &f, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, f.len, len);
	FZ_ASSERT(f.hmac_off == (p->neg.version >= CSPDM_V14 ? 6u + f.opaque_len : 4u));
	FZ_ASSERT(f.len == f.hmac_off + (p->neg.hs_in_clear ? p->neg.hash_size : 0));
	FZ_ASSERT(!f.verify_data == !p->neg.hs_in_clear);
	FZ_ASSERT(!f.verify_data || fz_within(msg, f.len, f.verify_data, p->neg.hash_size));
	st = spdm_enc_finish_rsp(&p->neg, &f, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, f.hmac_off);
}

static void psk_exchange_rsp(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_psk_exchange_rsp x;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_psk_exchange_rsp(&p->neg, msg, len, &x, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, x.len, len);
	FZ_ASSERT(x.hmac_off == 12u + p->neg.meas_hash_size + x.context_len + x.opaque_len);
	FZ_ASSERT(x.len == x.hmac_off + p->neg.hash_size);
	FZ_ASSERT(!x.context_len || x.context_len >= SPDM_PSK_MIN_CONTEXT);
	FZ_ASSERT(!x.meas_summary == !p->neg.meas_hash_size);
	FZ_ASSERT(!x.meas_summary ||
		  fz_within(msg, x.hmac_off, x.meas_summary, p->neg.meas_hash_size));
	FZ_ASSERT(fz_within(msg, x.hmac_off, x.context, x.context_len));
	FZ_ASSERT(fz_within(msg, x.hmac_off, x.opaque, x.opaque_len));
	FZ_ASSERT(fz_within(msg, x.len, x.verify_data, p->neg.hash_size));
	fz_check_opaque(p->opaque_general, x.opaque, x.opaque_len);
	st = spdm_enc_psk_exchange_rsp(&p->neg, &x, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, x.hmac_off);
}

static void psk_finish_rsp(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_psk_finish_rsp f;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_psk_finish_rsp(&p->neg, msg, len, &f, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, f.len, len);
	FZ_ASSERT(f.len == (p->neg.version >= CSPDM_V14 ? 6u + f.opaque_len : 4u));
	st = spdm_enc_psk_finish_rsp(&p->neg, &f, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, f.len);
}

static void header(const uint8_t *msg, size_t len)
{
	struct spdm_hdr h;
	cspdm_error err = {0};
	cspdm_status st = spdm_peek_header(msg, len, &h, &err);

	fz_check_status(st, &err);
	FZ_ASSERT(!st == (len >= 4));
}

static void header_only(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	(void)p;
	header(msg, len);
}

/* HEARTBEAT_ACK, or END_SESSION_ACK when the message names it. */
static void simple_ack(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	uint8_t code =
	    len >= 2 && msg[1] == SPDM_END_SESSION_ACK ? SPDM_END_SESSION_ACK : SPDM_HEARTBEAT_ACK;

	fz_check_session_header(&p->neg, code, msg, len);
}

static void key_update_ack(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	fz_check_session_header(&p->neg, SPDM_KEY_UPDATE_ACK, msg, len);
}

/* Indexed by the selector byte (modulo the count). */
static const fz_codec_fn decoders[] = {
    version,	    caps,	algorithms,	digests,	  certificate,
    challenge_auth, error,	measurements,	header_only,	  key_exchange_rsp,
    finish_rsp,	    simple_ack, key_update_ack, psk_exchange_rsp, psk_finish_rsp,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_codec_run(data, size, decoders, sizeof(decoders) / sizeof(decoders[0]));
	return 0;
}
