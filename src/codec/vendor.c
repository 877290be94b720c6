/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VENDOR_DEFINED_REQUEST / VENDOR_DEFINED_RESPONSE (DSP0274 1.1+ tables "VENDOR_DEFINED_REQUEST
 * request message format" and "VENDOR_DEFINED_RESPONSE response message format"): StandardID
 * (u16), Len (u8), VendorID[Len], ReqLength/RespLength (u16), the payload. From 1.4, Param1 bit 7
 * (LargeReq/LargeResp) replaces the length by a reserved u16 and a u32. Param2 and the other
 * Param1 bits are reserved. The payload fills the message exactly.
 *
 * And the dispatch to the PCI-SIG and CXL protocols inside (src/codec/app/app.h).
 */
#include <string.h>

#include "app/app.h"
#include "reader.h"
#include "writer.h"

#define SPDM_VERSION_14 0x14
#define VENDOR_ID_MAX	9 /* DSP0274: at most a CBOR tag number */

static cspdm_status rd_payload_len(struct rd *r, struct spdm_vendor *v, cspdm_error *err)
{
	uint16_t len16 = 0;
	cspdm_status st;

	if (!v->large) {
		rd_u16le(r, "ReqLength", &len16);
		v->payload_len = len16;
		return spdm_rd_status(r, err);
	}
	st = spdm_rd_zero(r, "ReqLength (reserved with LargeReq)", 2, err);
	if (st)
		return st;
	rd_u32le(r, "LargeReqLength", &v->payload_len);
	return spdm_rd_status(r, err);
}

static cspdm_status rd_vendor_id(struct rd *r, struct spdm_vendor *v, cspdm_error *err)
{
	rd_u16le(r, "StandardID", &v->standard_id);
	rd_u8(r, "Len (VendorID length)", &v->vendor_id_len);
	if (r->failed)
		return spdm_rd_status(r, err);
	if (v->vendor_id_len > VENDOR_ID_MAX)
		return spdm_fail(err, CSPDM_E_LENGTH, "Len (VendorID length)", 6);
	if (v->standard_id == SPDM_STANDARD_ID_PCISIG && v->vendor_id_len != 2)
		return spdm_fail(err, CSPDM_E_LENGTH, "Len (PCI-SIG VendorID is 2 bytes)", 6);
	if (v->vendor_id_len == 2)
		rd_u16le(r, "VendorID", &v->vendor_id);
	else
		rd_skip(r, "VendorID", v->vendor_id_len);
	return spdm_rd_status(r, err);
}

cspdm_status spdm_dec_vendor(const struct spdm_neg *n, uint8_t code, const uint8_t *msg, size_t len,
			     struct spdm_vendor *v, cspdm_error *err)
{
	struct spdm_hdr h;
	struct rd r;
	cspdm_status st;

	memset(v, 0, sizeof(*v));
	rd_init(&r, msg, len);
	st = spdm_rd_session_header(&r, n, code, &h, err);
	if (st)
		return st;
	v->code = code;
	v->msg = msg;
	v->large = n->version >= SPDM_VERSION_14 && (h.param1 & SPDM_VENDOR_LARGE);
	if (h.param1 & (uint8_t) ~(v->large ? SPDM_VENDOR_LARGE : 0))
		return spdm_fail(err, CSPDM_E_RESERVED, "Param1", 2);
	if (h.param2)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param2", 3);
	st = rd_vendor_id(&r, v, err);
	if (!st)
		st = rd_payload_len(&r, v, err);
	if (st)
		return st;
	v->payload_off = rd_offset(&r);
	if ((uint64_t)v->payload_len > rd_remaining(&r))
		return spdm_fail(err, CSPDM_E_TRUNCATED, "payload (ReqLength beyond the message)",
				 v->payload_off);
	if (v->payload_len) {
		struct rd id = r;

		rd_u8(&id, "protocol ID", &v->proto_id);
	}
	rd_skip(&r, "payload", v->payload_len);
	return spdm_rd_end_len(&r, n->max_pad, &v->len, err);
}

enum app_proto app_proto_of(const struct spdm_vendor *v)
{
	uint8_t id = v->proto_id;

	if (v->standard_id != SPDM_STANDARD_ID_PCISIG || v->vendor_id_len != 2 || !v->payload_len)
		return APP_NONE;
	if (v->vendor_id == APP_VENDOR_PCISIG)
		return id == APP_PROTO_ID_IDE_KM  ? APP_IDE_KM
		       : id == APP_PROTO_ID_TDISP ? APP_TDISP
						  : APP_NONE;
	if (v->vendor_id == APP_VENDOR_CXL)
		return id == APP_PROTO_ID_IDE_KM ? APP_CXL_IDE_KM
		       : id == APP_PROTO_ID_TSP	 ? APP_CXL_TSP
						 : APP_NONE;
	return APP_NONE;
}

/* The protocol message: from after the protocol ID to the end of the payload (m->v.len, within
 * len: spdm_dec_vendor says so; the bound keeps the reader's range evident). */
static cspdm_status dec_proto(const uint8_t *msg, size_t len, struct app_msg *m, cspdm_error *err)
{
	struct rd r;
	int req = m->v.code == SPDM_VENDOR_DEFINED_REQUEST;
	cspdm_status st;

	rd_init(&r, msg, m->v.len < len ? m->v.len : len);
	rd_skip(&r, "protocol ID", m->v.payload_off + 1);
	if (m->proto == APP_TDISP)
		st = tdisp_dec(&r, req, &m->u.td, err);
	else if (m->proto == APP_CXL_TSP)
		st = tsp_dec(&r, req, &m->u.tsp, err);
	else
		st = ide_km_dec(&r, m->proto == APP_CXL_IDE_KM, req, &m->u.ide, err);
	if (st)
		return st;
	if (rd_remaining(&r))
		return spdm_fail(err, CSPDM_E_TRAILING, "payload (after the protocol message)",
				 rd_offset(&r));
	return CSPDM_OK;
}

cspdm_status app_dec(const struct spdm_neg *n, const uint8_t *msg, size_t len, struct app_msg *m,
		     cspdm_error *err)
{
	struct spdm_hdr h;
	cspdm_status st = spdm_peek_header(msg, len, &h, err);

	memset(m, 0, sizeof(*m));
	if (st)
		return st;
	if (h.code != SPDM_VENDOR_DEFINED_REQUEST && h.code != SPDM_VENDOR_DEFINED_RESPONSE)
		return spdm_fail(err, CSPDM_E_RESPONSE_CODE, "RequestResponseCode", 1);
	st = spdm_dec_vendor(n, h.code, msg, len, &m->v, err);
	if (st)
		return st;
	if (m->v.standard_id != SPDM_STANDARD_ID_PCISIG)
		return spdm_fail(err, CSPDM_E_FIELD, "StandardID (not PCI-SIG)", 4);
	if (m->v.vendor_id != APP_VENDOR_PCISIG && m->v.vendor_id != APP_VENDOR_CXL)
		return spdm_fail(err, CSPDM_E_FIELD, "VendorID (neither PCI-SIG nor CXL)", 7);
	if (!m->v.payload_len)
		return spdm_fail(err, CSPDM_E_TRUNCATED, "protocol ID", m->v.payload_off);
	m->proto = app_proto_of(&m->v);
	if (m->proto == APP_NONE)
		return spdm_fail(err, CSPDM_E_FIELD, "protocol ID", m->v.payload_off);
	return dec_proto(msg, len, m, err);
}

int app_is_request(const struct app_msg *m)
{
	if (m->proto == APP_TDISP)
		return m->u.td.type >= 0x80;
	if (m->proto == APP_CXL_TSP)
		return m->u.tsp.opcode >= 0x80;
	return ide_km_is_request(m->u.ide.object_id);
}

uint8_t app_code(const struct app_msg *m)
{
	if (m->proto == APP_TDISP)
		return m->u.td.type;
	if (m->proto == APP_CXL_TSP)
		return m->u.tsp.opcode;
	return m->u.ide.object_id;
}

static uint16_t vendor_of(enum app_proto p)
{
	return p == APP_CXL_IDE_KM || p == APP_CXL_TSP ? APP_VENDOR_CXL : APP_VENDOR_PCISIG;
}

static uint8_t proto_id_of(enum app_proto p)
{
	return p == APP_TDISP || p == APP_CXL_TSP ? APP_PROTO_ID_TDISP : APP_PROTO_ID_IDE_KM;
}

cspdm_status app_enc(uint8_t ver, const struct app_msg *m, uint8_t *buf, size_t cap,
		     size_t *out_len)
{
	struct wr w;
	size_t len_at;
	uint8_t code =
	    app_is_request(m) ? SPDM_VENDOR_DEFINED_REQUEST : SPDM_VENDOR_DEFINED_RESPONSE;

	if (m->proto == APP_NONE)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, code, 0, 0);
	wr_u16le(&w, SPDM_STANDARD_ID_PCISIG);
	wr_u8(&w, 2);
	wr_u16le(&w, vendor_of(m->proto));
	len_at = w.len;
	wr_u16le(&w, 0);
	wr_u8(&w, proto_id_of(m->proto));
	if (m->proto == APP_TDISP)
		tdisp_enc(&w, &m->u.td);
	else if (m->proto == APP_CXL_TSP)
		tsp_enc(&w, &m->u.tsp);
	else
		ide_km_enc(&w, m->proto == APP_CXL_IDE_KM, &m->u.ide);
	if (w.len - len_at - 2 > UINT16_MAX)
		return CSPDM_E_BUFFER_TOO_SMALL;
	wr_patch_u16le(&w, len_at, (uint16_t)(w.len - len_at - 2));
	return spdm_wr_done(&w, out_len);
}

const char *app_proto_name(enum app_proto p)
{
	static const char *const names[] = {"none", "IDE_KM", "TDISP", "CXL IDE_KM", "CXL TSP"};

	return (unsigned)p < sizeof(names) / sizeof(names[0]) ? names[p] : "none";
}
