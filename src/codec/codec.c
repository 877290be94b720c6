/* SPDX-License-Identifier: BSD-3-Clause */
/* Helpers shared by the message codecs: header, end of message, error reporting. */
#include "spdm.h"

#include "reader.h"
#include "writer.h"

cspdm_status spdm_fail(cspdm_error *err, cspdm_status code, const char *field, size_t offset)
{
	if (err) {
		err->code = code;
		err->field = field;
		err->offset = (uint32_t)offset;
	}
	return code;
}

cspdm_status spdm_rd_status(const struct rd *r, cspdm_error *err)
{
	if (!r->failed)
		return CSPDM_OK;
	return spdm_fail(err, CSPDM_E_TRUNCATED, r->fail_field, r->fail_off);
}

/* SPDM message header (DSP0274 Table 2): SPDMVersion, RequestResponseCode, Param1, Param2. */
cspdm_status spdm_rd_header(struct rd *r, uint8_t ver, uint8_t code, struct spdm_hdr *h,
			    cspdm_error *err)
{
	rd_u8(r, "SPDMVersion", &h->version);
	rd_u8(r, "RequestResponseCode", &h->code);
	rd_u8(r, "Param1", &h->param1);
	rd_u8(r, "Param2", &h->param2);
	if (r->failed)
		return spdm_rd_status(r, err);
	if (h->code != code)
		return spdm_fail(err, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1);
	if (ver && h->version != ver)
		return spdm_fail(err, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0);
	return CSPDM_OK;
}

cspdm_status spdm_peek_header(const uint8_t *msg, size_t len, struct spdm_hdr *h, cspdm_error *err)
{
	struct rd r;

	rd_init(&r, msg, len);
	rd_u8(&r, "SPDMVersion", &h->version);
	rd_u8(&r, "RequestResponseCode", &h->code);
	rd_u8(&r, "Param1", &h->param1);
	rd_u8(&r, "Param2", &h->param2);
	return spdm_rd_status(&r, err);
}

cspdm_status spdm_rd_end(const struct rd *r, uint32_t max_pad, cspdm_error *err)
{
	if (r->failed)
		return spdm_rd_status(r, err);
	if (!rd_at_end(r, max_pad))
		return spdm_fail(err, CSPDM_E_TRAILING, "end of message", rd_offset(r));
	return CSPDM_OK;
}

cspdm_status spdm_rd_end_len(const struct rd *r, uint32_t max_pad, size_t *len, cspdm_error *err)
{
	cspdm_status st = spdm_rd_end(r, max_pad, err);

	if (!st)
		*len = rd_offset(r);
	return st;
}

cspdm_status spdm_rd_zero(struct rd *r, const char *field, size_t n, cspdm_error *err)
{
	size_t bad = 0;

	if (rd_zero(r, field, n, &bad))
		return CSPDM_OK;
	if (r->failed)
		return spdm_rd_status(r, err);
	return spdm_fail(err, CSPDM_E_RESERVED, field, bad);
}

/* Param1 and Param2 of a message that defines neither (CSPDM_E_RESERVED). */
cspdm_status spdm_check_params_reserved(const struct spdm_hdr *h, cspdm_error *err)
{
	if (h->param1)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param1", 2);
	if (h->param2)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param2", 3);
	return CSPDM_OK;
}

/* OpaqueDataLength and OpaqueData (DSP0274): at most SPDM_MAX_OPAQUE bytes, else CSPDM_E_LENGTH. */
cspdm_status spdm_rd_opaque(struct rd *r, uint16_t *len, const uint8_t **opaque, cspdm_error *err)
{
	size_t at = rd_offset(r);

	*len = 0;
	*opaque = NULL;
	rd_u16le(r, "OpaqueDataLength", len);
	if (!r->failed && *len > SPDM_MAX_OPAQUE)
		return spdm_fail(err, CSPDM_E_LENGTH, "OpaqueDataLength", at);
	rd_view(r, "OpaqueData", *len, opaque);
	return spdm_rd_status(r, err);
}

/* The session messages (KEY_EXCHANGE .. END_SESSION_ACK) arrive with 1.1: in a 1.0 message
 * the SPDMVersion names a version without them (CSPDM_E_VERSION_FIELD). */
cspdm_status spdm_rd_session_header(struct rd *r, const struct spdm_neg *n, uint8_t code,
				    struct spdm_hdr *h, cspdm_error *err)
{
	cspdm_status st = spdm_rd_header(r, n->version, code, h, err);

	if (st)
		return st;
	if (h->version < CSPDM_V11)
		return spdm_fail(err, CSPDM_E_VERSION_FIELD, "SPDMVersion", 0);
	return CSPDM_OK;
}

void spdm_wr_header(struct wr *w, uint8_t ver, uint8_t code, uint8_t p1, uint8_t p2)
{
	wr_u8(w, ver);
	wr_u8(w, code);
	wr_u8(w, p1);
	wr_u8(w, p2);
}

void spdm_wr_opaque(struct wr *w, uint16_t len, const uint8_t *opaque)
{
	wr_u16le(w, len);
	wr_bytes(w, opaque, len);
}

cspdm_status spdm_wr_done(const struct wr *w, size_t *out_len)
{
	if (!wr_ok(w))
		return CSPDM_E_BUFFER_TOO_SMALL;
	*out_len = w->len;
	return CSPDM_OK;
}

uint32_t spdm_asym_for_version(uint8_t ver)
{
	return ver >= CSPDM_V12 ? 0x0FFFu : 0x01FFu;
}

/* MeasurementSummaryHashType (CHALLENGE, KEY_EXCHANGE, PSK_EXCHANGE): none, TCB or all. */
/* SessionPolicy: 1.2 defines bit 0 (TerminationPolicy), 1.3 bit 1 (EventAllPolicy) too. */
uint8_t spdm_session_policy_mask(uint8_t ver)
{
	if (ver >= CSPDM_V13)
		return SPDM_KEY_EX_SESSION_POLICY_MASK;
	return ver >= CSPDM_V12 ? 0x01 : 0x00;
}

int spdm_valid_summary_type(uint8_t t)
{
	return t == 0 || t == 1 || t == 0xFF;
}

int spdm_popcount8(uint8_t v)
{
	int n = 0;
	unsigned i;

	for (i = 0; i < 8; i++)
		n += (v >> i) & 1;
	return n;
}

int spdm_single_bit(uint32_t v)
{
	return v && !(v & (v - 1));
}
