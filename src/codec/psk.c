/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PSK_EXCHANGE and PSK_EXCHANGE_RSP, PSK_FINISH and PSK_FINISH_RSP (DSP0274 1.1+, the tables
 * "PSK_EXCHANGE request message format", "PSK_EXCHANGE_RSP response message format",
 * "PSK_FINISH request message format" and "PSK_FINISH_RSP response message format"). 1.2 gives
 * PSK_EXCHANGE its SessionPolicy in Param2 (the bits of KEY_EXCHANGE's); 1.4 adds
 * OpaqueDataLength/OpaqueData to PSK_FINISH and PSK_FINISH_RSP.
 *
 *  PSK_EXCHANGE:     header (Param1 MeasurementSummaryHashType, Param2 SessionPolicy),
 *                    ReqSessionID(2), PSKHintLength(2), RequesterContextLength(2),
 *                    OpaqueDataLength(2), PSKHint, RequesterContext, OpaqueData
 *  PSK_EXCHANGE_RSP: header (Param1 HeartbeatPeriod), RspSessionID(2), Reserved(2),
 *                    ResponderContextLength(2), OpaqueDataLength(2),
 *                    MeasurementSummaryHash(0 or H), ResponderContext, OpaqueData,
 *                    ResponderVerifyData(H)
 *  PSK_FINISH:       header, [1.4: OpaqueDataLength(2), OpaqueData], RequesterVerifyData(H)
 *  PSK_FINISH_RSP:   header, [1.4: OpaqueDataLength(2), OpaqueData]
 *
 * RequesterContext is at least 32 bytes; ResponderContext is empty when the Responder has
 * PSK_CAP without context, else at least 32 bytes (which of the two is the flow's check).
 */
#include "spdm.h"

#include "reader.h"
#include "writer.h"

#include <string.h>

/* ---- PSK_EXCHANGE ---------------------------------------------------------------------------- */

cspdm_status spdm_enc_psk_exchange(const struct spdm_neg *n, const struct spdm_psk_exchange *p,
				   uint8_t *buf, size_t cap, size_t *out_len)
{
	struct wr w;

	if (n->version < CSPDM_V11 || p->opaque_len > SPDM_MAX_OPAQUE ||
	    p->context_len < SPDM_PSK_MIN_CONTEXT)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	spdm_wr_header(&w, n->version, SPDM_PSK_EXCHANGE, p->meas_summary_type,
		       n->version >= CSPDM_V12 ? p->session_policy : 0);
	wr_u16le(&w, p->req_session_id);
	wr_u16le(&w, p->hint_len);
	wr_u16le(&w, p->context_len);
	wr_u16le(&w, p->opaque_len);
	wr_bytes(&w, p->hint, p->hint_len);
	wr_bytes(&w, p->context, p->context_len);
	wr_bytes(&w, p->opaque, p->opaque_len);
	return spdm_wr_done(&w, out_len);
}

/* Param1 (MeasurementSummaryHashType) and Param2 (SessionPolicy from 1.2, reserved before). */
static cspdm_status check_psk_exchange(const struct spdm_hdr *h, cspdm_error *err)
{
	if (!spdm_valid_summary_type(h->param1))
		return spdm_fail(err, CSPDM_E_FIELD, "Param1 (MeasurementSummaryHashType)", 2);
	if (h->param2 & ~spdm_session_policy_mask(h->version))
		return spdm_fail(err, CSPDM_E_RESERVED,
				 h->version >= CSPDM_V12 ? "Param2 (SessionPolicy)" : "Param2", 3);
	return CSPDM_OK;
}

/* An OpaqueDataLength read before its data: at most SPDM_MAX_OPAQUE. */
static cspdm_status check_opaque_len(uint16_t len, size_t at, cspdm_error *err)
{
	return len > SPDM_MAX_OPAQUE ? spdm_fail(err, CSPDM_E_LENGTH, "OpaqueDataLength", at)
				     : CSPDM_OK;
}

cspdm_status spdm_dec_psk_exchange(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				   struct spdm_psk_exchange *p, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_session_header(&r, n, SPDM_PSK_EXCHANGE, &h, err);
	if (!st)
		st = check_psk_exchange(&h, err);
	if (st)
		return st;
	memset(p, 0, sizeof(*p));
	p->meas_summary_type = h.param1;
	p->session_policy = h.param2;
	rd_u16le(&r, "ReqSessionID", &p->req_session_id);
	rd_u16le(&r, "PSKHintLength", &p->hint_len);
	rd_u16le(&r, "RequesterContextLength", &p->context_len);
	rd_u16le(&r, "OpaqueDataLength", &p->opaque_len);
	if (r.failed)
		return spdm_rd_status(&r, err);
	if (p->context_len < SPDM_PSK_MIN_CONTEXT)
		return spdm_fail(err, CSPDM_E_LENGTH, "RequesterContextLength", 8);
	st = check_opaque_len(p->opaque_len, 10, err);
	if (st)
		return st;
	rd_view(&r, "PSKHint", p->hint_len, &p->hint);
	rd_view(&r, "RequesterContext", p->context_len, &p->context);
	rd_view(&r, "OpaqueData", p->opaque_len, &p->opaque);
	return spdm_rd_end_len(&r, n->max_pad, &p->len, err);
}

/* ---- PSK_EXCHANGE_RSP ------------------------------------------------------------------------ */

cspdm_status spdm_enc_psk_exchange_rsp(const struct spdm_neg *n,
				       const struct spdm_psk_exchange_rsp *p, uint8_t *buf,
				       size_t cap, size_t *out_len)
{
	struct wr w;

	if (n->version < CSPDM_V11 || p->opaque_len > SPDM_MAX_OPAQUE ||
	    (p->context_len && p->context_len < SPDM_PSK_MIN_CONTEXT))
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	spdm_wr_header(&w, n->version, SPDM_PSK_EXCHANGE_RSP, p->heartbeat_period, 0);
	wr_u16le(&w, p->rsp_session_id);
	wr_u16le(&w, 0);
	wr_u16le(&w, p->context_len);
	wr_u16le(&w, p->opaque_len);
	if (n->meas_hash_size)
		wr_bytes(&w, p->meas_summary, n->meas_hash_size);
	wr_bytes(&w, p->context, p->context_len);
	wr_bytes(&w, p->opaque, p->opaque_len);
	return spdm_wr_done(&w, out_len);
}

/* From MeasurementSummaryHash to the end: the sizes come from the header and the negotiation. */
static cspdm_status rd_psk_exchange_rsp_tail(struct rd *r, const struct spdm_neg *n,
					     struct spdm_psk_exchange_rsp *p, cspdm_error *err)
{
	if (n->meas_hash_size)
		rd_view(r, "MeasurementSummaryHash", n->meas_hash_size, &p->meas_summary);
	rd_view(r, "ResponderContext", p->context_len, &p->context);
	rd_view(r, "OpaqueData", p->opaque_len, &p->opaque);
	p->hmac_off = rd_offset(r);
	rd_view(r, "ResponderVerifyData", n->hash_size, &p->verify_data);
	return spdm_rd_end_len(r, n->max_pad, &p->len, err);
}

cspdm_status spdm_dec_psk_exchange_rsp(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				       struct spdm_psk_exchange_rsp *p, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_session_header(&r, n, SPDM_PSK_EXCHANGE_RSP, &h, err);
	if (st)
		return st;
	if (h.param2)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param2", 3);
	memset(p, 0, sizeof(*p));
	p->heartbeat_period = h.param1;
	rd_u16le(&r, "RspSessionID", &p->rsp_session_id);
	st = spdm_rd_zero(&r, "Reserved", 2, err);
	if (st)
		return st;
	rd_u16le(&r, "ResponderContextLength", &p->context_len);
	rd_u16le(&r, "OpaqueDataLength", &p->opaque_len);
	if (r.failed)
		return spdm_rd_status(&r, err);
	if (p->context_len && p->context_len < SPDM_PSK_MIN_CONTEXT)
		return spdm_fail(err, CSPDM_E_LENGTH, "ResponderContextLength", 8);
	st = check_opaque_len(p->opaque_len, 10, err);
	return st ? st : rd_psk_exchange_rsp_tail(&r, n, p, err);
}

/* ---- PSK_FINISH and PSK_FINISH_RSP ----------------------------------------------------------- */

static cspdm_status enc_psk_finish_msg(const struct spdm_neg *n, uint8_t code, uint16_t opaque_len,
				       const uint8_t *opaque, uint8_t *buf, size_t cap,
				       size_t *out_len)
{
	struct wr w;

	if (n->version < CSPDM_V11 || opaque_len > SPDM_MAX_OPAQUE)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	spdm_wr_header(&w, n->version, code, 0, 0);
	if (n->version >= CSPDM_V14)
		spdm_wr_opaque(&w, opaque_len, opaque);
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_enc_psk_finish(const struct spdm_neg *n, const struct spdm_psk_finish *f,
				 uint8_t *buf, size_t cap, size_t *out_len)
{
	return enc_psk_finish_msg(n, SPDM_PSK_FINISH, f->opaque_len, f->opaque, buf, cap, out_len);
}

cspdm_status spdm_enc_psk_finish_rsp(const struct spdm_neg *n, const struct spdm_psk_finish_rsp *f,
				     uint8_t *buf, size_t cap, size_t *out_len)
{
	return enc_psk_finish_msg(n, SPDM_PSK_FINISH_RSP, f->opaque_len, f->opaque, buf, cap,
				  out_len);
}

/* The header (Param1 and Param2 reserved) and the 1.4 opaque data. */
static cspdm_status rd_psk_finish_head(struct rd *r, const struct spdm_neg *n, uint8_t code,
				       uint16_t *opaque_len, const uint8_t **opaque,
				       cspdm_error *err)
{
	struct spdm_hdr h;
	cspdm_status st = spdm_rd_session_header(r, n, code, &h, err);

	if (!st)
		st = spdm_check_params_reserved(&h, err);
	if (!st && n->version >= CSPDM_V14)
		st = spdm_rd_opaque(r, opaque_len, opaque, err);
	return st;
}

cspdm_status spdm_dec_psk_finish(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				 struct spdm_psk_finish *f, cspdm_error *err)
{
	struct rd r;
	cspdm_status st;

	memset(f, 0, sizeof(*f));
	rd_init(&r, msg, len);
	st = rd_psk_finish_head(&r, n, SPDM_PSK_FINISH, &f->opaque_len, &f->opaque, err);
	if (st)
		return st;
	f->hmac_off = rd_offset(&r);
	rd_view(&r, "RequesterVerifyData", n->hash_size, &f->verify_data);
	return spdm_rd_end_len(&r, n->max_pad, &f->len, err);
}

cspdm_status spdm_dec_psk_finish_rsp(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				     struct spdm_psk_finish_rsp *f, cspdm_error *err)
{
	struct rd r;
	cspdm_status st;

	memset(f, 0, sizeof(*f));
	rd_init(&r, msg, len);
	st = rd_psk_finish_head(&r, n, SPDM_PSK_FINISH_RSP, &f->opaque_len, &f->opaque, err);
	return st ? st : spdm_rd_end_len(&r, n->max_pad, &f->len, err);
}
