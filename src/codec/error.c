/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ERROR (DSP0274 Table 57), ResponseNotReady extended data (Table 59) and RESPOND_IF_READY
 * (Table 61). Extended error data is at most 32 bytes.
 */
#include "spdm.h"

#include "reader.h"
#include "writer.h"

#define MAX_EXT_ERROR_DATA 32

cspdm_status spdm_enc_error(uint8_t ver, const struct spdm_error_rsp *e, uint8_t *buf, size_t cap,
			    size_t *out_len)
{
	struct wr w;

	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_ERROR, e->code, e->data);
	if (e->code == SPDM_ERR_RESPONSE_NOT_READY) {
		wr_u8(&w, e->rdt_exponent);
		wr_u8(&w, e->request_code);
		wr_u8(&w, e->token);
		wr_u8(&w, e->rdtm);
	}
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_dec_error(const struct spdm_neg *n, const uint8_t *msg, size_t len,
			    struct spdm_error_rsp *e, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, n->version, SPDM_ERROR, &h, err);
	if (st)
		return st;
	e->code = h.param1;
	e->data = h.param2;
	e->has_not_ready = 0;
	e->ext_len = 0;
	if (e->code != SPDM_ERR_RESPONSE_NOT_READY) {
		e->ext_len = rd_remaining(&r);
		if (e->ext_len <= MAX_EXT_ERROR_DATA)
			return CSPDM_OK;
		/* beyond 32 bytes only transport padding may follow */
		rd_skip(&r, "ExtendedErrorData", MAX_EXT_ERROR_DATA);
		if (!rd_at_end(&r, n->max_pad))
			return spdm_fail(err, CSPDM_E_LENGTH, "ExtendedErrorData", 4);
		e->ext_len = MAX_EXT_ERROR_DATA;
		return CSPDM_OK;
	}
	rd_u8(&r, "RDTExponent", &e->rdt_exponent);
	rd_u8(&r, "RequestCode", &e->request_code);
	rd_u8(&r, "Token", &e->token);
	rd_u8(&r, "RDTM", &e->rdtm);
	e->has_not_ready = 1;
	e->ext_len = 4;
	return spdm_rd_end(&r, n->max_pad, err);
}

cspdm_status spdm_enc_respond_if_ready(uint8_t ver, const struct spdm_respond_if_ready *q,
				       uint8_t *buf, size_t cap, size_t *out_len)
{
	struct wr w;

	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_RESPOND_IF_READY, q->request_code, q->token);
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_dec_respond_if_ready(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				       struct spdm_respond_if_ready *q, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, n->version, SPDM_RESPOND_IF_READY, &h, err);
	if (st)
		return st;
	q->request_code = h.param1;
	q->token = h.param2;
	return spdm_rd_end(&r, n->max_pad, err);
}
