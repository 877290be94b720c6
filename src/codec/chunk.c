/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CHUNK_SEND (DSP0274 1.2+ Table "CHUNK_SEND request message format"), CHUNK_SEND_ACK
 * ("CHUNK_SEND_ACK response message format"), CHUNK_GET ("CHUNK_GET request message format"),
 * CHUNK_RESPONSE ("CHUNK_RESPONSE response message format") and ERROR LargeResponse (Table
 * "LargeResponse extended error data": the Handle). ChunkSeqNo is a u16 followed by a reserved
 * u16 in CHUNK_SEND / CHUNK_RESPONSE before 1.4, a u32 from 1.4 (and a u16 / u32 alone in
 * CHUNK_SEND_ACK and CHUNK_GET). The messages exist from 1.2 on.
 */
#include "chunk.h"

#include "reader.h"
#include "writer.h"

static cspdm_status rd_chunk_header(struct rd *r, const struct spdm_neg *n, uint8_t code,
				    struct spdm_hdr *h, cspdm_error *err)
{
	cspdm_status st = spdm_rd_header(r, n->version, code, h, err);

	if (st)
		return st;
	if (h->version < CSPDM_V12)
		return spdm_fail(err, CSPDM_E_VERSION_FIELD, "SPDMVersion (chunks need 1.2)", 0);
	return CSPDM_OK;
}

static void rd_seq(struct rd *r, uint8_t ver, uint32_t *seq)
{
	uint16_t s16 = 0;

	*seq = 0;
	if (ver >= CSPDM_V14) {
		rd_u32le(r, "ChunkSeqNo", seq);
		return;
	}
	rd_u16le(r, "ChunkSeqNo", &s16);
	*seq = s16;
}

static void wr_seq(struct wr *w, uint8_t ver, uint32_t seq)
{
	if (ver >= CSPDM_V14)
		wr_u32le(w, seq);
	else
		wr_u16le(w, (uint16_t)seq);
}

cspdm_status spdm_enc_chunk(uint8_t ver, uint8_t code, const struct spdm_chunk *c, uint8_t *buf,
			    size_t cap, size_t *out_len)
{
	struct wr w;

	if (code != SPDM_CHUNK_SEND && code != SPDM_CHUNK_RESPONSE)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, code, c->attributes, c->handle);
	wr_seq(&w, ver, c->seq);
	if (ver < CSPDM_V14)
		wr_u16le(&w, 0);
	wr_u32le(&w, c->size);
	if (c->seq == 0)
		wr_u32le(&w, c->large_size);
	wr_bytes(&w, c->data, c->size);
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_dec_chunk(const struct spdm_neg *n, uint8_t code, const uint8_t *msg, size_t len,
			    struct spdm_chunk *c, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = rd_chunk_header(&r, n, code, &h, err);
	if (st)
		return st;
	if (h.param1 & ~SPDM_CHUNK_LAST)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param1 (ChunkSenderAttributes)", 2);
	c->attributes = h.param1;
	c->handle = h.param2;
	rd_seq(&r, n->version, &c->seq);
	if (n->version < CSPDM_V14) {
		st = spdm_rd_zero(&r, "Reserved", 2, err);
		if (st)
			return st;
	}
	c->size = 0; /* stays 0 if the message ends first: the view below reads it */
	rd_u32le(&r, "ChunkSize", &c->size);
	c->large_size = 0;
	if (c->seq == 0)
		rd_u32le(&r, "LargeMessageSize", &c->large_size);
	rd_view(&r, "SPDMchunk", c->size, &c->data);
	return spdm_rd_end_len(&r, n->max_pad, &c->len, err);
}

cspdm_status spdm_enc_chunk_ack(uint8_t ver, const struct spdm_chunk_ack *a, uint8_t *buf,
				size_t cap, size_t *out_len)
{
	struct wr w;

	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_CHUNK_SEND_ACK, a->attributes, a->handle);
	wr_seq(&w, ver, a->seq);
	if (a->response_len)
		wr_bytes(&w, a->response, a->response_len);
	return spdm_wr_done(&w, out_len);
}

/* Transport padding alone after the header is no response. */
cspdm_status spdm_dec_chunk_ack(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				struct spdm_chunk_ack *a, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = rd_chunk_header(&r, n, SPDM_CHUNK_SEND_ACK, &h, err);
	if (st)
		return st;
	if (h.param1 & ~SPDM_CHUNK_EARLY_ERROR)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param1 (ChunkReceiverAttributes)", 2);
	a->attributes = h.param1;
	a->handle = h.param2;
	rd_seq(&r, n->version, &a->seq);
	st = spdm_rd_status(&r, err);
	if (st)
		return st;
	a->response = NULL;
	a->response_len = rd_at_end(&r, n->max_pad) ? 0 : rd_remaining(&r);
	rd_view(&r, "ResponseToLargeRequest", a->response_len, &a->response);
	return spdm_rd_status(&r, err);
}

cspdm_status spdm_enc_chunk_get(uint8_t ver, const struct spdm_chunk_get *g, uint8_t *buf,
				size_t cap, size_t *out_len)
{
	struct wr w;

	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_CHUNK_GET, 0, g->handle);
	wr_seq(&w, ver, g->seq);
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_dec_chunk_get(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				struct spdm_chunk_get *g, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = rd_chunk_header(&r, n, SPDM_CHUNK_GET, &h, err);
	if (st)
		return st;
	if (h.param1)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param1", 2);
	g->handle = h.param2;
	rd_seq(&r, n->version, &g->seq);
	return spdm_rd_end(&r, n->max_pad, err);
}

cspdm_status spdm_enc_large_response(uint8_t ver, uint8_t handle, uint8_t *buf, size_t cap,
				     size_t *out_len)
{
	struct wr w;

	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_ERROR, SPDM_ERR_LARGE_RESPONSE, 0);
	wr_u8(&w, handle);
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_dec_large_response(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				     uint8_t *handle, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = rd_chunk_header(&r, n, SPDM_ERROR, &h, err);
	if (st)
		return st;
	if (h.param1 != SPDM_ERR_LARGE_RESPONSE)
		return spdm_fail(err, CSPDM_E_FIELD, "Param1 (ErrorCode)", 2);
	if (h.param2)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param2 (ErrorData)", 3);
	rd_u8(&r, "ExtendedErrorData (Handle)", handle);
	return spdm_rd_end(&r, n->max_pad, err);
}
