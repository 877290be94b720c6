/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_CERTIFICATE (DSP0274 Table 27) and CERTIFICATE (Table 28). 1.3 adds the request
 * attributes (Param2) and CertificateInfo in the response; 1.4 adds LargeCertChain (Param1
 * bit 7) with 32-bit offsets and lengths after the 16-bit ones.
 */
#include "spdm.h"

#include "reader.h"
#include "writer.h"

#define SLOT_MASK	 0x0F
#define LARGE_CERT_CHAIN 0x80

cspdm_status spdm_enc_get_cert(uint8_t ver, const struct spdm_get_cert *g, uint8_t *buf, size_t cap,
			       size_t *out_len)
{
	struct wr w;

	if (g->slot >= CSPDM_MAX_SLOTS || (g->large && ver < CSPDM_V14) ||
	    (!g->large && (g->offset > 0xFFFF || g->length > 0xFFFF)))
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_GET_CERTIFICATE,
		       (uint8_t)(g->slot | (g->large ? LARGE_CERT_CHAIN : 0)),
		       ver >= CSPDM_V13 ? g->attributes : 0);
	wr_u16le(&w, g->large ? 0 : (uint16_t)g->offset);
	wr_u16le(&w, g->large ? 0 : (uint16_t)g->length);
	if (g->large) {
		wr_u32le(&w, g->offset);
		wr_u32le(&w, g->length);
	}
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_dec_get_cert(const struct spdm_neg *n, const uint8_t *msg, size_t len,
			       struct spdm_get_cert *g, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	uint16_t off16 = 0, len16 = 0;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, n->version, SPDM_GET_CERTIFICATE, &h, err);
	if (st)
		return st;
	g->large = (h.param1 & LARGE_CERT_CHAIN) != 0;
	if (g->large && n->version < CSPDM_V14)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param1.LargeCertChain", 2);
	if ((h.param1 & 0x70) || (h.param1 & SLOT_MASK) >= CSPDM_MAX_SLOTS)
		return spdm_fail(err, CSPDM_E_SLOT, "Param1 (SlotID)", 2);
	if (h.param2 & (n->version >= CSPDM_V13 ? 0xFE : 0xFF))
		return spdm_fail(err, CSPDM_E_RESERVED, "Param2", 3);
	g->slot = h.param1 & SLOT_MASK;
	g->attributes = h.param2;
	rd_u16le(&r, "Offset", &off16);
	rd_u16le(&r, "Length", &len16);
	g->offset = off16;
	g->length = len16;
	if (g->large) {
		rd_u32le(&r, "LargeOffset", &g->offset);
		rd_u32le(&r, "LargeLength", &g->length);
	}
	return spdm_rd_end_len(&r, n->max_pad, &g->len, err);
}

cspdm_status spdm_enc_cert(uint8_t ver, const struct spdm_cert_rsp *c, uint8_t *buf, size_t cap,
			   size_t *out_len)
{
	struct wr w;

	if ((c->large && ver < CSPDM_V14) ||
	    (!c->large && (c->portion_len > 0xFFFF || c->remainder_len > 0xFFFF)))
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_CERTIFICATE,
		       (uint8_t)(c->slot | (c->large ? LARGE_CERT_CHAIN : 0)),
		       ver >= CSPDM_V13 ? c->cert_info : 0);
	wr_u16le(&w, c->large ? 0 : (uint16_t)c->portion_len);
	wr_u16le(&w, c->large ? 0 : (uint16_t)c->remainder_len);
	if (c->large) {
		wr_u32le(&w, c->portion_len);
		wr_u32le(&w, c->remainder_len);
	}
	wr_bytes(&w, c->portion, c->portion_len);
	return spdm_wr_done(&w, out_len);
}

static void rd_cert_lengths(struct rd *r, struct spdm_cert_rsp *c)
{
	uint16_t portion = 0, remainder = 0;

	rd_u16le(r, "PortionLength", &portion);
	rd_u16le(r, "RemainderLength", &remainder);
	c->portion_len = portion;
	c->remainder_len = remainder;
	if (c->large) {
		rd_u32le(r, "LargePortionLength", &c->portion_len);
		rd_u32le(r, "LargeRemainderLength", &c->remainder_len);
	}
}

cspdm_status spdm_dec_cert(const struct spdm_neg *n, const struct spdm_get_cert *asked,
			   const uint8_t *msg, size_t len, struct spdm_cert_rsp *c,
			   cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, n->version, SPDM_CERTIFICATE, &h, err);
	if (st)
		return st;
	c->large = (h.param1 & LARGE_CERT_CHAIN) != 0;
	if (c->large != asked->large)
		return spdm_fail(err, CSPDM_E_FIELD, "Param1.LargeCertChain", 2);
	if (h.param1 & 0x70)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param1", 2);
	if (h.param2 & (n->version >= CSPDM_V13 ? 0xF8 : 0xFF))
		return spdm_fail(err, CSPDM_E_RESERVED, "Param2", 3);
	c->slot = h.param1 & SLOT_MASK;
	c->cert_info = h.param2;
	rd_cert_lengths(&r, c);
	if (r.failed)
		return spdm_rd_status(&r, err);
	if (c->portion_len > asked->length || c->portion_len == 0)
		return spdm_fail(err, CSPDM_E_CERT_PORTION,
				 c->large ? "LargePortionLength" : "PortionLength",
				 c->large ? 8 : 4);
	rd_view(&r, "CertChain", c->portion_len, &c->portion);
	return spdm_rd_end_len(&r, n->max_pad, &c->len, err);
}
