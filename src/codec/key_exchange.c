/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * KEY_EXCHANGE and KEY_EXCHANGE_RSP, FINISH and FINISH_RSP (DSP0274 1.1+, the tables
 * "KEY_EXCHANGE request message format", "Successful KEY_EXCHANGE_RSP response message
 * format", "FINISH request message format" and "Successful FINISH_RSP response message
 * format"). 1.2 gives KEY_EXCHANGE its SessionPolicy (bit 0 TerminationPolicy; 1.3 adds bit 1
 * EventAllPolicy, and 1.4 defines no more); 1.4 adds OpaqueDataLength/OpaqueData to FINISH and
 * FINISH_RSP. ResponderVerifyData is absent from KEY_EXCHANGE_RSP when the handshake is in the
 * clear and present in FINISH_RSP only then.
 *
 *  KEY_EXCHANGE:     header, ReqSessionID(2), SessionPolicy(1), Reserved(1), RandomData(32),
 *                    ExchangeData(D), OpaqueDataLength(2), OpaqueData
 *  KEY_EXCHANGE_RSP: header, RspSessionID(2), MutAuthRequested(1), ReqSlotIDParam(1),
 *                    RandomData(32), ExchangeData(D), MeasurementSummaryHash(0 or H),
 *                    OpaqueDataLength(2), OpaqueData, Signature(S), ResponderVerifyData(0 or H)
 *  FINISH:           header, [1.4: OpaqueDataLength(2), OpaqueData], Signature(0 or S_req),
 *                    RequesterVerifyData(H)
 *  FINISH_RSP:       header, [1.4: OpaqueDataLength(2), OpaqueData], ResponderVerifyData(0 or H)
 */
#include "spdm.h"

#include "reader.h"
#include "writer.h"

#include <string.h>

#define SLOT_PUBKEY	0xFF /* KEY_EXCHANGE SlotID, FINISH ReqSlotID: a provisioned public key */
#define REQ_SLOT_PUBKEY 0x0F /* KEY_EXCHANGE_RSP ReqSlotIDParam: the same in four bits */
#define MUT_AUTH_MASK                                                                              \
	(SPDM_MUT_AUTH_REQUESTED | SPDM_MUT_AUTH_WITH_ENCAP | SPDM_MUT_AUTH_WITH_GET_DIGESTS)

static int valid_slot(uint8_t slot, uint8_t pubkey)
{
	return slot < CSPDM_MAX_SLOTS || slot == pubkey;
}

/* ---- KEY_EXCHANGE ---------------------------------------------------------------------------- */

cspdm_status spdm_enc_key_exchange(const struct spdm_neg *n, const struct spdm_key_exchange *k,
				   uint8_t *buf, size_t cap, size_t *out_len)
{
	struct wr w;

	if (n->version < CSPDM_V11 || k->opaque_len > SPDM_MAX_OPAQUE)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	spdm_wr_header(&w, n->version, SPDM_KEY_EXCHANGE, k->meas_summary_type, k->slot);
	wr_u16le(&w, k->req_session_id);
	wr_u8(&w, n->version >= CSPDM_V12 ? k->session_policy : 0);
	wr_u8(&w, 0);
	wr_bytes(&w, k->random, SPDM_RANDOM_SIZE);
	wr_bytes(&w, k->exchange, n->dhe_size);
	spdm_wr_opaque(&w, k->opaque_len, k->opaque);
	return spdm_wr_done(&w, out_len);
}

/* Param1 (MeasurementSummaryHashType) and Param2 (SlotID). */
static cspdm_status check_key_exchange(const struct spdm_hdr *h, cspdm_error *err)
{
	if (!spdm_valid_summary_type(h->param1))
		return spdm_fail(err, CSPDM_E_FIELD, "Param1 (MeasurementSummaryHashType)", 2);
	if (!valid_slot(h->param2, SLOT_PUBKEY))
		return spdm_fail(err, CSPDM_E_SLOT, "Param2 (SlotID)", 3);
	return CSPDM_OK;
}

/* SessionPolicy (byte 6; reserved before 1.2) and the reserved byte 7. */
static cspdm_status rd_session_policy(struct rd *r, uint8_t ver, uint8_t *policy, cspdm_error *err)
{
	const char *name = ver >= CSPDM_V12 ? "SessionPolicy" : "Reserved";

	rd_u8(r, name, policy);
	if (!r->failed && (*policy & ~spdm_session_policy_mask(ver)))
		return spdm_fail(err, CSPDM_E_RESERVED, name, 6);
	return spdm_rd_zero(r, "Reserved", 1, err);
}

cspdm_status spdm_dec_key_exchange(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				   struct spdm_key_exchange *k, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_session_header(&r, n, SPDM_KEY_EXCHANGE, &h, err);
	if (!st)
		st = check_key_exchange(&h, err);
	if (st)
		return st;
	memset(k, 0, sizeof(*k));
	k->meas_summary_type = h.param1;
	k->slot = h.param2;
	rd_u16le(&r, "ReqSessionID", &k->req_session_id);
	st = rd_session_policy(&r, n->version, &k->session_policy, err);
	if (st)
		return st;
	rd_bytes(&r, "RandomData", k->random, SPDM_RANDOM_SIZE);
	rd_view(&r, "ExchangeData", n->dhe_size, &k->exchange);
	st = spdm_rd_opaque(&r, &k->opaque_len, &k->opaque, err);
	if (st)
		return st;
	return spdm_rd_end_len(&r, n->max_pad, &k->len, err);
}

/* ---- KEY_EXCHANGE_RSP ------------------------------------------------------------------------ */

cspdm_status spdm_enc_key_exchange_rsp(const struct spdm_neg *n,
				       const struct spdm_key_exchange_rsp *k, uint8_t *buf,
				       size_t cap, size_t *out_len)
{
	struct wr w;

	if (n->version < CSPDM_V11 || k->opaque_len > SPDM_MAX_OPAQUE)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	spdm_wr_header(&w, n->version, SPDM_KEY_EXCHANGE_RSP, k->heartbeat_period, 0);
	wr_u16le(&w, k->rsp_session_id);
	wr_u8(&w, k->mut_auth);
	wr_u8(&w, k->req_slot);
	wr_bytes(&w, k->random, SPDM_RANDOM_SIZE);
	wr_bytes(&w, k->exchange, n->dhe_size);
	if (n->meas_hash_size)
		wr_bytes(&w, k->meas_summary, n->meas_hash_size);
	spdm_wr_opaque(&w, k->opaque_len, k->opaque);
	return spdm_wr_done(&w, out_len);
}

/*
 * MutAuthRequested: none or exactly one of bits 0..2, bits 7:3 reserved. ReqSlotIDParam:
 * bits 7:4 reserved; with MutAuthRequested bit 0 the slot is 0..7 or 0xF (a public key).
 */
static cspdm_status check_mut_auth(uint8_t mut_auth, uint8_t req_slot, cspdm_error *err)
{
	if (mut_auth & ~MUT_AUTH_MASK)
		return spdm_fail(err, CSPDM_E_RESERVED, "MutAuthRequested", 6);
	if (spdm_popcount8(mut_auth) > 1)
		return spdm_fail(err, CSPDM_E_FIELD, "MutAuthRequested", 6);
	if (req_slot & 0xF0)
		return spdm_fail(err, CSPDM_E_RESERVED, "ReqSlotIDParam", 7);
	if ((mut_auth & SPDM_MUT_AUTH_REQUESTED) && !valid_slot(req_slot, REQ_SLOT_PUBKEY))
		return spdm_fail(err, CSPDM_E_SLOT, "ReqSlotIDParam", 7);
	return CSPDM_OK;
}

/* From RandomData to the end: the sizes come from the negotiated parameters. */
static cspdm_status rd_key_exchange_rsp_tail(struct rd *r, const struct spdm_neg *n,
					     struct spdm_key_exchange_rsp *k, cspdm_error *err)
{
	cspdm_status st;

	rd_view(r, "RandomData", SPDM_RANDOM_SIZE, &k->random);
	rd_view(r, "ExchangeData", n->dhe_size, &k->exchange);
	if (n->meas_hash_size)
		rd_view(r, "MeasurementSummaryHash", n->meas_hash_size, &k->meas_summary);
	st = spdm_rd_opaque(r, &k->opaque_len, &k->opaque, err);
	if (st)
		return st;
	k->signed_len = rd_offset(r);
	rd_view(r, "Signature", n->sig_size, &k->signature);
	if (!n->hs_in_clear)
		rd_view(r, "ResponderVerifyData", n->hash_size, &k->verify_data);
	return spdm_rd_end_len(r, n->max_pad, &k->len, err);
}

cspdm_status spdm_dec_key_exchange_rsp(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				       struct spdm_key_exchange_rsp *k, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_session_header(&r, n, SPDM_KEY_EXCHANGE_RSP, &h, err);
	if (st)
		return st;
	if (h.param2)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param2", 3);
	memset(k, 0, sizeof(*k));
	k->heartbeat_period = h.param1;
	rd_u16le(&r, "RspSessionID", &k->rsp_session_id);
	rd_u8(&r, "MutAuthRequested", &k->mut_auth);
	rd_u8(&r, "ReqSlotIDParam", &k->req_slot);
	if (r.failed)
		return spdm_rd_status(&r, err);
	st = check_mut_auth(k->mut_auth, k->req_slot, err);
	if (st)
		return st;
	return rd_key_exchange_rsp_tail(&r, n, k, err);
}

/* ---- FINISH ---------------------------------------------------------------------------------- */

cspdm_status spdm_enc_finish(const struct spdm_neg *n, const struct spdm_finish *f, uint8_t *buf,
			     size_t cap, size_t *out_len)
{
	struct wr w;

	if (n->version < CSPDM_V11 || f->opaque_len > SPDM_MAX_OPAQUE)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	spdm_wr_header(&w, n->version, SPDM_FINISH, f->sig_included ? SPDM_FINISH_SIG_INCLUDED : 0,
		       f->req_slot);
	if (n->version >= CSPDM_V14)
		spdm_wr_opaque(&w, f->opaque_len, f->opaque);
	return spdm_wr_done(&w, out_len);
}

/* Param1: bit 0 SignatureIncluded, the rest reserved. Param2: ReqSlotID (0..7 or 0xFF) when
 * signed, reserved otherwise. */
static cspdm_status check_finish(const struct spdm_hdr *h, cspdm_error *err)
{
	if (h->param1 & ~SPDM_FINISH_SIG_INCLUDED)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param1", 2);
	if (!(h->param1 & SPDM_FINISH_SIG_INCLUDED) && h->param2)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param2", 3);
	if (!valid_slot(h->param2, SLOT_PUBKEY))
		return spdm_fail(err, CSPDM_E_SLOT, "Param2 (ReqSlotID)", 3);
	return CSPDM_OK;
}

cspdm_status spdm_dec_finish(const struct spdm_neg *n, const uint8_t *msg, size_t len,
			     struct spdm_finish *f, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_session_header(&r, n, SPDM_FINISH, &h, err);
	if (!st)
		st = check_finish(&h, err);
	if (st)
		return st;
	memset(f, 0, sizeof(*f));
	f->sig_included = h.param1 & SPDM_FINISH_SIG_INCLUDED;
	f->req_slot = h.param2;
	if (n->version >= CSPDM_V14) {
		st = spdm_rd_opaque(&r, &f->opaque_len, &f->opaque, err);
		if (st)
			return st;
	}
	f->signed_len = rd_offset(&r);
	if (f->sig_included)
		rd_view(&r, "Signature", n->req_sig_size, &f->signature);
	f->hmac_off = rd_offset(&r);
	rd_view(&r, "RequesterVerifyData", n->hash_size, &f->verify_data);
	return spdm_rd_end_len(&r, n->max_pad, &f->len, err);
}

/* ---- FINISH_RSP ------------------------------------------------------------------------------ */

cspdm_status spdm_enc_finish_rsp(const struct spdm_neg *n, const struct spdm_finish_rsp *f,
				 uint8_t *buf, size_t cap, size_t *out_len)
{
	struct wr w;

	if (n->version < CSPDM_V11 || f->opaque_len > SPDM_MAX_OPAQUE)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	spdm_wr_header(&w, n->version, SPDM_FINISH_RSP, 0, 0);
	if (n->version >= CSPDM_V14)
		spdm_wr_opaque(&w, f->opaque_len, f->opaque);
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_dec_finish_rsp(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				 struct spdm_finish_rsp *f, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_session_header(&r, n, SPDM_FINISH_RSP, &h, err);
	if (st)
		return st;
	st = spdm_check_params_reserved(&h, err);
	if (st)
		return st;
	memset(f, 0, sizeof(*f));
	if (n->version >= CSPDM_V14) {
		st = spdm_rd_opaque(&r, &f->opaque_len, &f->opaque, err);
		if (st)
			return st;
	}
	f->hmac_off = rd_offset(&r);
	if (n->hs_in_clear)
		rd_view(&r, "ResponderVerifyData", n->hash_size, &f->verify_data);
	return spdm_rd_end_len(&r, n->max_pad, &f->len, err);
}
