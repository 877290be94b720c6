/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_CERTIFICATE (DSP0274 Table 27) and CERTIFICATE (Table 28). 1.3 adds the request
 * attributes (Param2) and CertificateInfo in the response; 1.4's LargeCertChain (Param1 bit 7)
 * is not requested by cspdm and is rejected in responses.
 */
#include "spdm.h"

#include "reader.h"
#include "writer.h"

#define SLOT_MASK 0x0F
#define LARGE_CERT_CHAIN 0x80

cspdm_status spdm_enc_get_cert(uint8_t ver, const struct spdm_get_cert *g, uint8_t *buf,
			       size_t cap, size_t *out_len)
{
	struct wr w;

	if (g->slot >= CSPDM_MAX_SLOTS)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_GET_CERTIFICATE, g->slot,
		       ver >= CSPDM_V13 ? g->attributes : 0);
	wr_u16le(&w, g->offset);
	wr_u16le(&w, g->length);
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_dec_get_cert(const struct spdm_neg *n, const uint8_t *msg, size_t len,
			       struct spdm_get_cert *g, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, n->version, SPDM_GET_CERTIFICATE, &h, err);
	if (st)
		return st;
	if (h.param1 & LARGE_CERT_CHAIN)
		return spdm_fail(err, CSPDM_E_UNSUPPORTED, "Param1.LargeCertChain", 2);
	if ((h.param1 & ~SLOT_MASK) || h.param1 >= CSPDM_MAX_SLOTS)
		return spdm_fail(err, CSPDM_E_SLOT, "Param1 (SlotID)", 2);
	if (h.param2 & (n->version >= CSPDM_V13 ? 0xFE : 0xFF))
		return spdm_fail(err, CSPDM_E_RESERVED, "Param2", 3);
	g->slot = h.param1;
	g->attributes = h.param2;
	rd_u16le(&r, "Offset", &g->offset);
	rd_u16le(&r, "Length", &g->length);
	return spdm_rd_end_len(&r, n->max_pad, &g->len, err);
}

cspdm_status spdm_enc_cert(uint8_t ver, const struct spdm_cert_rsp *c, uint8_t *buf, size_t cap,
			   size_t *out_len)
{
	struct wr w;

	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_CERTIFICATE, c->slot, ver >= CSPDM_V13 ? c->cert_info : 0);
	wr_u16le(&w, c->portion_len);
	wr_u16le(&w, c->remainder_len);
	wr_bytes(&w, c->portion, c->portion_len);
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_dec_cert(const struct spdm_neg *n, uint16_t requested, const uint8_t *msg,
			   size_t len, struct spdm_cert_rsp *c, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, n->version, SPDM_CERTIFICATE, &h, err);
	if (st)
		return st;
	if (h.param1 & ~SLOT_MASK)
		return spdm_fail(err, h.param1 & LARGE_CERT_CHAIN ? CSPDM_E_FIELD : CSPDM_E_RESERVED,
				 "Param1", 2);
	if (h.param2 & (n->version >= CSPDM_V13 ? 0xF8 : 0xFF))
		return spdm_fail(err, CSPDM_E_RESERVED, "Param2", 3);
	c->slot = h.param1;
	c->cert_info = h.param2;
	rd_u16le(&r, "PortionLength", &c->portion_len);
	rd_u16le(&r, "RemainderLength", &c->remainder_len);
	if (r.failed)
		return spdm_rd_status(&r, err);
	if (c->portion_len > requested)
		return spdm_fail(err, CSPDM_E_CERT_PORTION, "PortionLength", 4);
	if (c->portion_len == 0)
		return spdm_fail(err, CSPDM_E_CERT_PORTION, "PortionLength", 4);
	rd_view(&r, "CertChain", c->portion_len, &c->portion);
	return spdm_rd_end_len(&r, n->max_pad, &c->len, err);
}
