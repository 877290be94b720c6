/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_CAPABILITIES (DSP0274 Table 10) and CAPABILITIES (Table 11).
 * 1.0: the request is the header only. 1.1 adds CTExponent and Flags, 1.2 DataTransferSize and
 * MaxSPDMmsgSize, 1.4 ExtFlags (reserved before).
 */
#include "spdm.h"

#include "reader.h"
#include "writer.h"

static void wr_caps_body(struct wr *w, uint8_t ver, const struct spdm_caps *c)
{
	wr_u8(w, 0);
	wr_u8(w, c->ct_exponent);
	wr_u16le(w, ver >= CSPDM_V14 ? c->ext_flags : 0);
	wr_u32le(w, c->flags);
	if (ver >= CSPDM_V12) {
		wr_u32le(w, c->data_transfer_size);
		wr_u32le(w, c->max_msg_size);
	}
}

cspdm_status spdm_enc_get_caps(uint8_t ver, const struct spdm_caps *c, uint8_t *buf, size_t cap,
			       size_t *out_len)
{
	struct wr w;

	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_GET_CAPABILITIES, ver >= CSPDM_V13 ? c->param1 : 0, 0);
	if (ver >= CSPDM_V11)
		wr_caps_body(&w, ver, c);
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_enc_caps(uint8_t ver, const struct spdm_caps *c, uint8_t *buf, size_t cap,
			   size_t *out_len)
{
	struct wr w;

	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_CAPABILITIES, 0, 0);
	wr_caps_body(&w, ver, c);
	return spdm_wr_done(&w, out_len);
}

/* Reads Reserved, CTExponent, Reserved/ExtFlags, Flags and the 1.2 sizes. */
static cspdm_status rd_caps_body(struct rd *r, uint8_t ver, struct spdm_caps *c, cspdm_error *err)
{
	cspdm_status st = spdm_rd_zero(r, "Reserved", 1, err);

	if (st)
		return st;
	rd_u8(r, "CTExponent", &c->ct_exponent);
	if (ver >= CSPDM_V14) {
		rd_u16le(r, "ExtFlags", &c->ext_flags);
	} else {
		c->ext_flags = 0;
		st = spdm_rd_zero(r, "Reserved", 2, err);
		if (st)
			return st;
	}
	rd_u32le(r, "Flags", &c->flags);
	c->data_transfer_size = 0;
	c->max_msg_size = 0;
	if (ver >= CSPDM_V12) {
		rd_u32le(r, "DataTransferSize", &c->data_transfer_size);
		rd_u32le(r, "MaxSPDMmsgSize", &c->max_msg_size);
	}
	return spdm_rd_status(r, err);
}

static cspdm_status check_sizes(uint8_t ver, const struct spdm_caps *c, cspdm_error *err)
{
	if (ver < CSPDM_V12)
		return CSPDM_OK;
	if (c->data_transfer_size < SPDM_MIN_DATA_TRANSFER_SIZE_12)
		return spdm_fail(err, CSPDM_E_FIELD, "DataTransferSize", 12);
	if (c->max_msg_size < c->data_transfer_size)
		return spdm_fail(err, CSPDM_E_FIELD, "MaxSPDMmsgSize", 16);
	return CSPDM_OK;
}

static uint32_t rsp_mask(uint8_t ver)
{
	switch (ver) {
	case CSPDM_V10:
		return SPDM_CAP_RSP_MASK_10;
	case CSPDM_V11:
		return SPDM_CAP_RSP_MASK_11;
	case CSPDM_V12:
		return SPDM_CAP_RSP_MASK_12;
	case CSPDM_V13:
		return SPDM_CAP_RSP_MASK_13;
	default:
		return SPDM_CAP_RSP_MASK_14;
	}
}

static uint32_t req_mask(uint8_t ver)
{
	switch (ver) {
	case CSPDM_V11:
		return SPDM_CAP_REQ_MASK_11;
	case CSPDM_V12:
		return SPDM_CAP_REQ_MASK_12;
	case CSPDM_V13:
		return SPDM_CAP_REQ_MASK_13;
	default:
		return SPDM_CAP_REQ_MASK_14;
	}
}

/* Flag combinations DSP0274 forbids (Table 11 notes). Offset 8 is the Flags field. */
static cspdm_status check_rsp_flags(uint8_t ver, uint32_t f, cspdm_error *err)
{
	uint32_t secure = f & (SPDM_CAP_ENCRYPT | SPDM_CAP_MAC);
	uint32_t keyed = f & (SPDM_CAP_KEY_EX | SPDM_CAP_PSK_MASK);

	if (f & ~rsp_mask(ver))
		return spdm_fail(err, CSPDM_E_RESERVED, "Flags", 8);
	if ((f & SPDM_CAP_MEAS_MASK) == SPDM_CAP_MEAS_MASK)
		return spdm_fail(err, CSPDM_E_CAPABILITIES, "Flags.MEAS_CAP", 8);
	if (ver < CSPDM_V11)
		return CSPDM_OK;
	if ((f & SPDM_CAP_PSK_MASK) == SPDM_CAP_PSK_MASK)
		return spdm_fail(err, CSPDM_E_CAPABILITIES, "Flags.PSK_CAP", 8);
	if ((secure && !keyed) || ((f & SPDM_CAP_KEY_EX) && !secure))
		return spdm_fail(err, CSPDM_E_CAPABILITIES, "Flags.KEY_EX_CAP", 8);
	if ((f & SPDM_CAP_CERT) && (f & SPDM_CAP_PUB_KEY_ID))
		return spdm_fail(err, CSPDM_E_CAPABILITIES, "Flags.PUB_KEY_ID_CAP", 8);
	if ((f & SPDM_CAP_HANDSHAKE_IN_CLEAR) && !(f & SPDM_CAP_KEY_EX))
		return spdm_fail(err, CSPDM_E_CAPABILITIES, "Flags.HANDSHAKE_IN_THE_CLEAR_CAP", 8);
	if ((f & SPDM_CAP_MULTI_KEY_MASK) == SPDM_CAP_MULTI_KEY_MASK)
		return spdm_fail(err, CSPDM_E_CAPABILITIES, "Flags.MULTI_KEY_CAP", 8);
	return CSPDM_OK;
}

cspdm_status spdm_dec_caps(const struct spdm_neg *n, const uint8_t *msg, size_t len,
			   struct spdm_caps *c, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h = {0};
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, n->version, SPDM_CAPABILITIES, &h, err);
	if (!st)
		st = rd_caps_body(&r, n->version, c, err);
	if (!st)
		st = spdm_rd_end_len(&r, n->max_pad, &c->len, err);
	if (!st)
		st = check_rsp_flags(n->version, c->flags, err);
	if (!st)
		st = check_sizes(n->version, c, err);
	c->param1 = h.param1;
	return st;
}

cspdm_status spdm_dec_get_caps(const uint8_t *msg, size_t len, uint32_t max_pad,
			       struct spdm_caps *c, uint8_t *ver, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, 0, SPDM_GET_CAPABILITIES, &h, err);
	if (st)
		return st;
	*ver = h.version;
	c->param1 = h.param1;
	c->ct_exponent = 0;
	c->flags = 0;
	c->ext_flags = 0;
	c->data_transfer_size = 0;
	c->max_msg_size = 0;
	if (h.version >= CSPDM_V11)
		st = rd_caps_body(&r, h.version, c, err);
	if (!st)
		st = spdm_rd_end_len(&r, max_pad, &c->len, err);
	if (!st && h.version >= CSPDM_V11 && (c->flags & ~req_mask(h.version)))
		return spdm_fail(err, CSPDM_E_RESERVED, "Flags", 8);
	if (!st)
		st = check_sizes(h.version, c, err);
	return st;
}
