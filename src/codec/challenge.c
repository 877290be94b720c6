/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CHALLENGE (DSP0274 Table 31) and CHALLENGE_AUTH (Table 33). The measurement summary hash is
 * present when the request asked for one (Param2 != 0) and the responder measures; 1.3 adds
 * the 8-byte RequesterContext to both messages.
 */
#include "spdm.h"

#include "reader.h"
#include "writer.h"

#include <string.h>

#define SLOT_PUBKEY    0xFF
#define BASIC_MUT_AUTH 0x80

cspdm_status spdm_enc_challenge(uint8_t ver, const struct spdm_challenge *c, uint8_t *buf,
				size_t cap, size_t *out_len)
{
	struct wr w;

	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_CHALLENGE, c->slot, c->meas_summary_type);
	wr_bytes(&w, c->nonce, CSPDM_NONCE_SIZE);
	if (ver >= CSPDM_V13)
		wr_bytes(&w, c->req_context, CSPDM_REQ_CONTEXT_SIZE);
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_dec_challenge(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				struct spdm_challenge *c, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, n->version, SPDM_CHALLENGE, &h, err);
	if (st)
		return st;
	if (h.param1 >= CSPDM_MAX_SLOTS && h.param1 != SLOT_PUBKEY)
		return spdm_fail(err, CSPDM_E_SLOT, "Param1 (SlotID)", 2);
	if (!spdm_valid_summary_type(h.param2))
		return spdm_fail(err, CSPDM_E_FIELD, "Param2 (MeasurementSummaryHashType)", 3);
	c->slot = h.param1;
	c->meas_summary_type = h.param2;
	rd_bytes(&r, "Nonce", c->nonce, CSPDM_NONCE_SIZE);
	memset(c->req_context, 0, sizeof(c->req_context));
	if (n->version >= CSPDM_V13)
		rd_bytes(&r, "RequesterContext", c->req_context, CSPDM_REQ_CONTEXT_SIZE);
	return spdm_rd_end_len(&r, n->max_pad, &c->len, err);
}

cspdm_status spdm_enc_challenge_auth(const struct spdm_neg *n, const struct spdm_challenge_auth *a,
				     uint8_t *buf, size_t cap, size_t *out_len)
{
	struct wr w;

	wr_init(&w, buf, cap);
	spdm_wr_header(&w, n->version, SPDM_CHALLENGE_AUTH,
		       (uint8_t)(a->slot | (a->basic_mut_auth ? BASIC_MUT_AUTH : 0)), a->slot_mask);
	wr_bytes(&w, a->cert_chain_hash, n->hash_size);
	wr_bytes(&w, a->nonce, CSPDM_NONCE_SIZE);
	if (n->meas_hash_size)
		wr_bytes(&w, a->meas_summary, n->meas_hash_size);
	spdm_wr_opaque(&w, a->opaque_len, a->opaque);
	if (n->version >= CSPDM_V13)
		wr_bytes(&w, a->req_context, CSPDM_REQ_CONTEXT_SIZE);
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_dec_challenge_auth(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				     struct spdm_challenge_auth *a, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, n->version, SPDM_CHALLENGE_AUTH, &h, err);
	if (st)
		return st;
	if (h.param1 & 0x70)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param1", 2);
	a->slot = h.param1 & 0x0F;
	a->basic_mut_auth = (h.param1 & BASIC_MUT_AUTH) != 0;
	a->slot_mask = h.param2;
	rd_view(&r, "CertChainHash", n->hash_size, &a->cert_chain_hash);
	rd_view(&r, "Nonce", CSPDM_NONCE_SIZE, &a->nonce);
	a->meas_summary = NULL;
	if (n->meas_hash_size)
		rd_view(&r, "MeasurementSummaryHash", n->meas_hash_size, &a->meas_summary);
	st = spdm_rd_opaque(&r, &a->opaque_len, &a->opaque, err);
	if (st)
		return st;
	a->req_context = NULL;
	if (n->version >= CSPDM_V13)
		rd_view(&r, "RequesterContext", CSPDM_REQ_CONTEXT_SIZE, &a->req_context);
	a->signed_len = rd_offset(&r);
	rd_view(&r, "Signature", n->sig_size, &a->signature);
	return spdm_rd_end_len(&r, n->max_pad, &a->len, err);
}
