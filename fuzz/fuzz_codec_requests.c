/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Every request decoder (what the responder reads from a requester): the selector byte picks
 * one, the 16-byte codec header (fuzz_common.h) sets the version and padding. Properties as
 * for the responses: bounded reads, a status of the enum that the error records, lengths and
 * views inside the message, and the encoder reproducing a message that decoded.
 */
#include "fuzz_common.h"

#include <string.h>

#include "codec/pldm.h"

static uint8_t enc[2048];

static void get_version(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_get_version(msg, len, p->neg.max_pad, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	FZ_ASSERT(len >= 4 && len - 4 <= p->neg.max_pad);
	st = spdm_enc_get_version(enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, 4);
}

static void get_caps(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_caps c;
	cspdm_error err = {0};
	uint8_t ver = 0;
	cspdm_status st = spdm_dec_get_caps(msg, len, p->neg.max_pad, &c, &ver, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, c.len, len);
	FZ_ASSERT(ver == msg[0]);
	if (ver >= CSPDM_V12)
		FZ_ASSERT(c.data_transfer_size >= SPDM_MIN_DATA_TRANSFER_SIZE_12 &&
			  c.max_msg_size >= c.data_transfer_size);
}

static void neg_algs(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_neg_algs_req a;
	cspdm_error err = {0};
	cspdm_status st = spdm_dec_neg_algs(&p->neg, msg, len, &a, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, a.len, len);
	FZ_ASSERT(a.len <= (p->neg.version >= CSPDM_V11 ? 128u : 64u));
	FZ_ASSERT(a.ext_asym_count + a.ext_hash_count <= SPDM_MAX_EXT_ALGS);
}

static void get_digests(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_get_digests(&p->neg, msg, len, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	FZ_ASSERT(len >= 4 && len - 4 <= p->neg.max_pad);
	st = spdm_enc_get_digests(p->neg.version, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, 4);
}

static void get_cert(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_get_cert g;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_get_cert(&p->neg, msg, len, &g, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, g.len, len);
	FZ_ASSERT(g.slot < CSPDM_MAX_SLOTS);
	FZ_ASSERT(!g.large || p->neg.version >= CSPDM_V14);
	FZ_ASSERT(g.len == (g.large ? 16u : 8u));
	st = spdm_enc_get_cert(p->neg.version, &g, enc, sizeof(enc), &n);
	if (g.large)
		fz_check_same_large(enc, st, n, msg, g.len);
	else
		fz_check_same(enc, st, n, msg, g.len);
}

static void challenge(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_challenge c;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_challenge(&p->neg, msg, len, &c, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, c.len, len);
	FZ_ASSERT(c.slot < CSPDM_MAX_SLOTS || c.slot == 0xFF);
	FZ_ASSERT(c.meas_summary_type == 0 || c.meas_summary_type == 1 ||
		  c.meas_summary_type == 0xFF);
	st = spdm_enc_challenge(p->neg.version, &c, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, c.len);
}

static void get_meas(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_get_meas g;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_get_meas(&p->neg, msg, len, &g, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, g.len, len);
	if (g.attributes & SPDM_MEAS_ATTR_SIGNATURE)
		FZ_ASSERT(g.slot < CSPDM_MAX_SLOTS || g.slot == 0x0F);
	st = spdm_enc_get_meas(p->neg.version, &g, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, g.len);
}

static void respond_if_ready(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_respond_if_ready r;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_respond_if_ready(&p->neg, msg, len, &r, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	FZ_ASSERT(len >= 4 && len - 4 <= p->neg.max_pad);
	st = spdm_enc_respond_if_ready(p->neg.version, &r, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, 4);
}

static void key_exchange(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_key_exchange k;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_key_exchange(&p->neg, msg, len, &k, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, k.len, len);
	FZ_ASSERT(p->neg.version >= CSPDM_V11);
	FZ_ASSERT(k.len == 42u + p->neg.dhe_size + k.opaque_len);
	FZ_ASSERT(k.opaque_len <= SPDM_MAX_OPAQUE);
	FZ_ASSERT(fz_within(msg, k.len, k.exchange, p->neg.dhe_size));
	FZ_ASSERT(fz_within(msg, k.len, k.opaque, k.opaque_len));
	FZ_ASSERT(spdm_valid_summary_type(k.meas_summary_type));
	FZ_ASSERT(k.slot < CSPDM_MAX_SLOTS || k.slot == 0xFF);
	FZ_ASSERT(p->neg.version >= CSPDM_V12 || !k.session_policy);
	fz_check_opaque(p->opaque_general, k.opaque, k.opaque_len);
	st = spdm_enc_key_exchange(&p->neg, &k, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, k.len);
}

static void finish(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_finish f;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_finish(&p->neg, msg, len, &f, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, f.len, len);
	FZ_ASSERT(f.signed_len == (p->neg.version >= CSPDM_V14 ? 6u + f.opaque_len : 4u));
	FZ_ASSERT(f.hmac_off == f.signed_len + (f.sig_included ? p->neg.req_sig_size : 0));
	FZ_ASSERT(f.len == f.hmac_off + p->neg.hash_size);
	FZ_ASSERT(!f.signature == !f.sig_included);
	FZ_ASSERT(!f.signature || fz_within(msg, f.hmac_off, f.signature, p->neg.req_sig_size));
	FZ_ASSERT(fz_within(msg, f.len, f.verify_data, p->neg.hash_size));
	FZ_ASSERT(f.sig_included ? (f.req_slot < CSPDM_MAX_SLOTS || f.req_slot == 0xFF)
				 : !f.req_slot);
	st = spdm_enc_finish(&p->neg, &f, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, f.signed_len);
}

static void heartbeat(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	fz_check_session_header(&p->neg, SPDM_HEARTBEAT, msg, len);
}

static void key_update(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	fz_check_session_header(&p->neg, SPDM_KEY_UPDATE, msg, len);
}

static void end_session(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	fz_check_session_header(&p->neg, SPDM_END_SESSION, msg, len);
}

static uint8_t psk_enc[8192 + 64]; /* a PSK_EXCHANGE fills what the input allows */

static void psk_exchange(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_psk_exchange x;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_psk_exchange(&p->neg, msg, len, &x, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, x.len, len);
	FZ_ASSERT(p->neg.version >= CSPDM_V11);
	FZ_ASSERT(x.len == 12u + x.hint_len + x.context_len + x.opaque_len);
	FZ_ASSERT(x.context_len >= SPDM_PSK_MIN_CONTEXT && x.opaque_len <= SPDM_MAX_OPAQUE);
	FZ_ASSERT(fz_within(msg, x.len, x.hint, x.hint_len));
	FZ_ASSERT(fz_within(msg, x.len, x.context, x.context_len));
	FZ_ASSERT(fz_within(msg, x.len, x.opaque, x.opaque_len));
	FZ_ASSERT(spdm_valid_summary_type(x.meas_summary_type));
	FZ_ASSERT(!(x.session_policy & ~spdm_session_policy_mask(p->neg.version)));
	fz_check_opaque(p->opaque_general, x.opaque, x.opaque_len);
	st = spdm_enc_psk_exchange(&p->neg, &x, psk_enc, sizeof(psk_enc), &n);
	fz_check_same(psk_enc, st, n, msg, x.len);
}

static void psk_finish(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_psk_finish f;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_psk_finish(&p->neg, msg, len, &f, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(&p->neg, f.len, len);
	FZ_ASSERT(f.hmac_off == (p->neg.version >= CSPDM_V14 ? 6u + f.opaque_len : 4u));
	FZ_ASSERT(f.len == f.hmac_off + p->neg.hash_size);
	FZ_ASSERT(fz_within(msg, f.len, f.verify_data, p->neg.hash_size));
	FZ_ASSERT(!f.opaque_len || fz_within(msg, f.hmac_off, f.opaque, f.opaque_len));
	st = spdm_enc_psk_finish(&p->neg, &f, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, f.hmac_off);
}

/* A PLDM request header (DSP0240), as the responder reads one inside an MCTP session: the
 * fields are the header's bits, the data the rest, and the response echoes them. */
static void pldm_request(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct pldm_request q;
	cspdm_error err = {0};
	size_t n;
	cspdm_status st = pldm_decode_request(msg, len, &q, &err);

	(void)p;
	fz_check_status(st, &err);
	if (st)
		return;
	FZ_ASSERT(len >= PLDM_HDR_SIZE && (msg[0] & 0xA0) == 0x80 && (msg[1] >> 6) == 0);
	FZ_ASSERT(q.instance_id == (msg[0] & 0x1F) && q.datagram == ((msg[0] >> 6) & 1));
	FZ_ASSERT(q.type == msg[1] && q.command == msg[2]);
	FZ_ASSERT(q.data_len == len - PLDM_HDR_SIZE && fz_within(msg, len, q.data, q.data_len));
	n = pldm_encode_response(&q, PLDM_CC_SUCCESS, q.data, q.data_len, enc, sizeof(enc));
	FZ_ASSERT(n == (len + 1 <= sizeof(enc) ? len + 1 : 0));
	if (n)
		FZ_ASSERT(enc[0] == q.instance_id && enc[1] == msg[1] && enc[2] == msg[2] &&
			  enc[3] == PLDM_CC_SUCCESS && !memcmp(enc + 4, q.data, q.data_len));
}

/* Indexed by the selector byte (modulo the count). */
static const fz_codec_fn decoders[] = {
    get_version, get_caps,	   neg_algs,	 get_digests,  get_cert,  challenge,
    get_meas,	 respond_if_ready, key_exchange, finish,       heartbeat, key_update,
    end_session, psk_exchange,	   psk_finish,	 pldm_request,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_codec_run(data, size, decoders, sizeof(decoders) / sizeof(decoders[0]));
	return 0;
}
