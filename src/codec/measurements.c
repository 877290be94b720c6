/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_MEASUREMENTS (DSP0274 Table 45) and MEASUREMENTS (Table 47), the measurement block
 * (Table 48) and the DMTF measurement format (Table 49). 1.1 adds SlotIDParam, 1.2 the
 * content-changed field, 1.3 the RequesterContext and RawBitStreamRequested.
 */
#include "spdm.h"

#include "reader.h"
#include "writer.h"

#include <string.h>

#define SLOT_PUBKEY    0x0F
#define MEAS_SPEC_DMTF 0x01
#define DMTF_HEADER    3

static uint8_t attr_mask(uint8_t ver)
{
	return ver >= CSPDM_V13 ? 0x07 : 0x01;
}

cspdm_status spdm_enc_get_meas(uint8_t ver, const struct spdm_get_meas *g, uint8_t *buf, size_t cap,
			       size_t *out_len)
{
	struct wr w;

	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_GET_MEASUREMENTS, g->attributes, g->operation);
	if (g->attributes & SPDM_MEAS_ATTR_SIGNATURE) {
		wr_bytes(&w, g->nonce, CSPDM_NONCE_SIZE);
		if (ver >= CSPDM_V11)
			wr_u8(&w, g->slot);
	}
	if (ver >= CSPDM_V13)
		wr_bytes(&w, g->req_context, CSPDM_REQ_CONTEXT_SIZE);
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_dec_get_meas(const struct spdm_neg *n, const uint8_t *msg, size_t len,
			       struct spdm_get_meas *g, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, n->version, SPDM_GET_MEASUREMENTS, &h, err);
	if (st)
		return st;
	if (h.param1 & ~attr_mask(n->version))
		return spdm_fail(err, CSPDM_E_RESERVED, "Param1 (Attributes)", 2);
	memset(g, 0, sizeof(*g));
	g->attributes = h.param1;
	g->operation = h.param2;
	if (g->attributes & SPDM_MEAS_ATTR_SIGNATURE) {
		rd_bytes(&r, "Nonce", g->nonce, CSPDM_NONCE_SIZE);
		if (n->version >= CSPDM_V11)
			rd_u8(&r, "SlotIDParam", &g->slot);
		if (!r.failed && (g->slot & 0xF0))
			return spdm_fail(err, CSPDM_E_RESERVED, "SlotIDParam",
					 4 + CSPDM_NONCE_SIZE);
		if (!r.failed && g->slot >= CSPDM_MAX_SLOTS && g->slot != SLOT_PUBKEY)
			return spdm_fail(err, CSPDM_E_SLOT, "SlotIDParam", 4 + CSPDM_NONCE_SIZE);
	}
	if (n->version >= CSPDM_V13)
		rd_bytes(&r, "RequesterContext", g->req_context, CSPDM_REQ_CONTEXT_SIZE);
	return spdm_rd_end_len(&r, n->max_pad, &g->len, err);
}

cspdm_status spdm_enc_meas(const struct spdm_neg *n, const struct spdm_meas_rsp *m, uint8_t *buf,
			   size_t cap, size_t *out_len)
{
	struct wr w;
	uint8_t p2 = (uint8_t)(m->slot | (n->version >= CSPDM_V12 ? m->content_changed << 4 : 0));

	if (m->record_len > 0xFFFFFF)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	spdm_wr_header(&w, n->version, SPDM_MEASUREMENTS, m->total, p2);
	wr_u8(&w, m->num_blocks);
	wr_u24le(&w, m->record_len);
	wr_bytes(&w, m->record, m->record_len);
	wr_bytes(&w, m->nonce, CSPDM_NONCE_SIZE);
	wr_u16le(&w, m->opaque_len);
	wr_bytes(&w, m->opaque, m->opaque_len);
	if (n->version >= CSPDM_V13)
		wr_bytes(&w, m->req_context, CSPDM_REQ_CONTEXT_SIZE);
	return spdm_wr_done(&w, out_len);
}

/* Param1/Param2 and the block count against what was asked. */
static cspdm_status check_meas_header(const struct spdm_neg *n, const struct spdm_get_meas *q,
				      const struct spdm_hdr *h, const struct spdm_meas_rsp *m,
				      cspdm_error *err)
{
	int is_signed = (q->attributes & SPDM_MEAS_ATTR_SIGNATURE) != 0;

	if (q->operation != SPDM_MEAS_OP_COUNT && h->param1)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param1", 2);
	if ((h->param2 & 0xC0) || (n->version < CSPDM_V12 && (h->param2 & 0x30)))
		return spdm_fail(err, CSPDM_E_RESERVED, "Param2", 3);
	if (is_signed && n->version >= CSPDM_V11 && (h->param2 & 0x0F) != (q->slot & 0x0F))
		return spdm_fail(err, CSPDM_E_SLOT, "Param2 (SlotID)", 3);
	if (q->operation == SPDM_MEAS_OP_COUNT && (m->num_blocks || m->record_len))
		return spdm_fail(err, CSPDM_E_COUNT, "NumberOfBlocks", 4);
	if (q->operation == SPDM_MEAS_OP_ALL && !m->num_blocks)
		return spdm_fail(err, CSPDM_E_COUNT, "NumberOfBlocks", 4);
	if (q->operation != SPDM_MEAS_OP_ALL && q->operation != SPDM_MEAS_OP_COUNT &&
	    m->num_blocks != 1)
		return spdm_fail(err, CSPDM_E_COUNT, "NumberOfBlocks", 4);
	return CSPDM_OK;
}

static void rd_meas_tail(struct rd *r, const struct spdm_neg *n, struct spdm_meas_rsp *m,
			 int is_signed)
{
	rd_view(r, "Nonce", CSPDM_NONCE_SIZE, &m->nonce);
	rd_u16le(r, "OpaqueDataLength", &m->opaque_len);
	if (!r->failed && m->opaque_len > SPDM_MAX_OPAQUE)
		rd_fail(r, "OpaqueDataLength");
	rd_view(r, "OpaqueData", m->opaque_len, &m->opaque);
	if (n->version >= CSPDM_V13)
		rd_view(r, "RequesterContext", CSPDM_REQ_CONTEXT_SIZE, &m->req_context);
	m->signed_len = rd_offset(r);
	if (is_signed)
		rd_view(r, "Signature", n->sig_size, &m->signature);
}

cspdm_status spdm_dec_meas(const struct spdm_neg *n, const struct spdm_get_meas *asked,
			   const uint8_t *msg, size_t len, struct spdm_meas_rsp *m,
			   cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;
	size_t at;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, n->version, SPDM_MEASUREMENTS, &h, err);
	if (st)
		return st;
	memset(m, 0, sizeof(*m));
	m->total = h.param1;
	m->slot = h.param2 & 0x0F;
	m->content_changed = (h.param2 >> 4) & 3;
	rd_u8(&r, "NumberOfBlocks", &m->num_blocks);
	rd_u24le(&r, "MeasurementRecordLength", &m->record_len);
	/* checked before the view too, so that the record walk below is bounded by the message */
	if (r.failed || m->record_len > rd_remaining(&r)) {
		rd_fail(&r, "MeasurementRecord");
		return spdm_rd_status(&r, err);
	}
	rd_view(&r, "MeasurementRecord", m->record_len, &m->record);
	st = check_meas_header(n, asked, &h, m, err);
	if (st)
		return st;
	at = rd_offset(&r) + CSPDM_NONCE_SIZE;
	rd_meas_tail(&r, n, m, (asked->attributes & SPDM_MEAS_ATTR_SIGNATURE) != 0);
	if (r.failed && r.fail_off == at && m->opaque_len > SPDM_MAX_OPAQUE)
		return spdm_fail(err, CSPDM_E_LENGTH, "OpaqueDataLength", at);
	st = spdm_rd_end_len(&r, n->max_pad, &m->len, err);
	return st ? st : spdm_check_meas_record(m, err);
}

/*
 * The DMTF measurement inside a block (Table 49): value type and size, which must fill the
 * block exactly. Read from the record itself, positioned after the block's header, so that
 * every read is bounded by the record.
 */
static cspdm_status rd_dmtf_value(const uint8_t *record, size_t len, size_t start,
				  struct spdm_meas_block *b, cspdm_error *err)
{
	struct rd v;

	b->dmtf_type = 0;
	b->value_size = 0;
	b->value = NULL;
	if (b->spec != MEAS_SPEC_DMTF)
		return CSPDM_OK;
	rd_init(&v, record, len);
	rd_skip(&v, "MeasurementBlock header", start + 4);
	rd_u8(&v, "DMTFSpecMeasurementValueType", &b->dmtf_type);
	rd_u16le(&v, "DMTFSpecMeasurementValueSize", &b->value_size);
	rd_view(&v, "DMTFSpecMeasurementValue", b->value_size, &b->value);
	if (v.failed || rd_offset(&v) != start + b->block_len) {
		b->dmtf_type = 0;
		b->value_size = 0;
		b->value = NULL;
		return spdm_fail(err, CSPDM_E_LENGTH, "DMTFSpecMeasurementValueSize", start + 5);
	}
	return CSPDM_OK;
}

/* One block (Table 48): Index, MeasurementSpecification, MeasurementSize, Measurement. */
cspdm_status spdm_next_meas_block(const uint8_t *record, size_t len, size_t *off,
				  struct spdm_meas_block *b, cspdm_error *err)
{
	struct rd r;
	size_t start = *off;

	b->size = 0; /* stays 0 if the record ends first: the skip below reads it */
	rd_init(&r, record, len);
	rd_skip(&r, "MeasurementRecord", start);
	/* where the block starts: the whole block, header included, is for summary hashes */
	rd_view(&r, "MeasurementBlock", 0, &b->block);
	rd_u8(&r, "MeasurementBlock.Index", &b->index);
	rd_u8(&r, "MeasurementBlock.MeasurementSpecification", &b->spec);
	rd_u16le(&r, "MeasurementBlock.MeasurementSize", &b->size);
	rd_skip(&r, "MeasurementBlock.Measurement", b->size);
	if (r.failed)
		return spdm_fail(err, CSPDM_E_LENGTH, r.fail_field, r.fail_off);
	if (!spdm_single_bit(b->spec))
		return spdm_fail(err, CSPDM_E_FIELD, "MeasurementBlock.MeasurementSpecification",
				 start + 1);
	b->block_len = 4u + b->size;
	*off = start + b->block_len;
	return rd_dmtf_value(record, len, start, b, err);
}

cspdm_status spdm_check_meas_record(const struct spdm_meas_rsp *m, cspdm_error *err)
{
	struct spdm_meas_block b;
	uint8_t seen[32];
	size_t off = 0, start;
	unsigned count = 0;
	cspdm_status st;

	memset(seen, 0, sizeof(seen));
	while (off < m->record_len) {
		start = off;
		st = spdm_next_meas_block(m->record, m->record_len, &off, &b, err);
		if (st) {
			if (err)
				err->offset += 8; /* the record starts at byte 8 */
			return st;
		}
		if ((seen[b.index >> 3] >> (b.index & 7)) & 1)
			return spdm_fail(err, CSPDM_E_FIELD, "MeasurementBlock.Index (repeated)",
					 8 + start);
		seen[b.index >> 3] |= (uint8_t)(1u << (b.index & 7));
		count++;
	}
	if (count != m->num_blocks)
		return spdm_fail(err, CSPDM_E_COUNT, "NumberOfBlocks", 4);
	return CSPDM_OK;
}
