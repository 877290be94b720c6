/* SPDX-License-Identifier: BSD-3-Clause */
/* SPDM over storage (DSP0286): the socket virtual header and the management responses. */
#include "transport/storage.h"

#include "codec/reader.h"
#include "codec/writer.h"

#include <string.h>

static cspdm_status finish(const struct wr *w, size_t *out_len)
{
	if (!wr_ok(w))
		return CSPDM_E_BUFFER_TOO_SMALL;
	*out_len = w->len;
	return CSPDM_OK;
}

uint16_t cspdm_storage_spsp(uint8_t op, uint8_t conn_id)
{
	return (uint16_t)(((op & 0x3Fu) << 2) | (conn_id & CSPDM_STORAGE_CONN_ID_MASK));
}

cspdm_status cspdm_storage_hdr_encode(const struct cspdm_storage_hdr *h, uint8_t *out, size_t cap,
				      size_t *out_len)
{
	struct wr w;

	if (!h || !out_len || h->op > 0x3F || h->conn_id > CSPDM_STORAGE_CONN_ID_MASK)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, out, cap);
	wr_u8(&w, h->secp);
	wr_u16le(&w, cspdm_storage_spsp(h->op, h->conn_id));
	wr_u32le(&w, h->length);
	return finish(&w, out_len);
}

cspdm_status cspdm_storage_hdr_decode(const uint8_t *buf, size_t len, struct cspdm_storage_hdr *h,
				      const uint8_t **data, size_t *data_len)
{
	struct rd r;
	uint16_t spsp;
	size_t rest;

	if ((!buf && len) || !h || !data || !data_len)
		return CSPDM_E_INVALID_ARG;
	rd_init(&r, buf, len);
	if (!rd_u8(&r, "security protocol", &h->secp) ||
	    !rd_u16le(&r, "security protocol specific", &spsp) ||
	    !rd_u32le(&r, "storage length", &h->length))
		return CSPDM_E_TRANSPORT;
	if (h->secp != CSPDM_STORAGE_SECP_DMTF_SPDM || (spsp >> 8) != 0)
		return CSPDM_E_TRANSPORT;
	h->op = (uint8_t)((spsp & 0xFFu) >> 2);
	h->conn_id = (uint8_t)(spsp & CSPDM_STORAGE_CONN_ID_MASK);
	rest = rd_remaining(&r);
	if (!rd_view(&r, "storage data", rest, data))
		return CSPDM_E_TRANSPORT;
	*data_len = rest;
	return CSPDM_OK;
}

/* Data length (u16) and binding version (u16) open both management responses. */
static void response_header(struct wr *w, uint16_t size)
{
	wr_u16le(w, size);
	wr_u16le(w, CSPDM_STORAGE_BINDING_VERSION);
}

cspdm_status cspdm_storage_discovery_encode(uint8_t supported_ops, uint8_t *out, size_t cap,
					    size_t *out_len)
{
	struct wr w;

	if (!out_len)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, out, cap);
	response_header(&w, CSPDM_STORAGE_DISCOVERY_SIZE);
	wr_u8(&w, 0); /* connection parameters: highest connection ID, 0-based */
	wr_zero(&w, 3);
	wr_u8(&w, supported_ops);
	wr_zero(&w, 7 + 16);
	return finish(&w, out_len);
}

cspdm_status cspdm_storage_pending_info_encode(bool pending, uint32_t rsp_len, uint8_t *out,
					       size_t cap, size_t *out_len)
{
	struct wr w;

	if (!out_len)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, out, cap);
	response_header(&w, CSPDM_STORAGE_PENDING_INFO_SIZE);
	wr_u32le(&w, pending ? 1u : 0u);
	wr_u32le(&w, pending ? rsp_len : 0u);
	return finish(&w, out_len);
}

#define DESC_SIZE   20 /* num_descriptors, 3 reserved, one 16-byte descriptor */
#define DESC_SPDM   0x04
#define DESC_OFFSET 36 /* 16 bytes of secured message header, then the descriptors */

void cspdm_storage_secured_binding(struct cspdm_secured_binding *b)
{
	memset(b, 0, sizeof(*b));
	b->seq_num_size = 2;
	b->max_random_pad = 32;
	b->app_prefix_len = DESC_SIZE;
	b->app_prefix[0] = 1;	      /* one descriptor */
	b->app_prefix[5] = DESC_SPDM; /* its type: an SPDM message */
	b->app_prefix[12] = DESC_OFFSET;
	b->app_len_at = 8;
	b->app_len_size = 4;
}
