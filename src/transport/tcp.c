/* SPDX-License-Identifier: BSD-3-Clause */
/* SPDM over TCP (DSP0287): the 4-byte binding header; see tcp.h. */
#include "transport/tcp.h"

#include "codec/reader.h"
#include "codec/writer.h"

bool cspdm_tcp_header_only(uint8_t type)
{
	return type == CSPDM_TCP_TYPE_ROLE_INQUIRY || type >= CSPDM_TCP_TYPE_ERROR_TOO_LARGE;
}

const char *cspdm_tcp_type_name(uint8_t type)
{
	switch (type) {
	case CSPDM_TCP_TYPE_SPDM:
		return "SPDM";
	case CSPDM_TCP_TYPE_SECURED:
		return "secured SPDM";
	case CSPDM_TCP_TYPE_ROLE_INQUIRY:
		return "role inquiry";
	case CSPDM_TCP_TYPE_ERROR_TOO_LARGE:
		return "error: message too large";
	case CSPDM_TCP_TYPE_ERROR_UNSUPPORTED:
		return "error: not supported";
	case CSPDM_TCP_TYPE_ERROR_NOT_REQ:
		return "error: cannot operate as requester";
	case CSPDM_TCP_TYPE_ERROR_NOT_RSP:
		return "error: cannot operate as responder";
	}
	return type > CSPDM_TCP_TYPE_ERROR_NOT_RSP ? "error: reserved" : NULL;
}

cspdm_status cspdm_tcp_hdr_decode(const uint8_t *raw, size_t len, struct cspdm_tcp_hdr *h,
				  size_t *rest)
{
	struct rd r;

	rd_init(&r, raw, len);
	if (!rd_u16le(&r, "DSP0287 payload length", &h->payload_len) ||
	    !rd_u8(&r, "DSP0287 binding version", &h->version) ||
	    !rd_u8(&r, "DSP0287 message type", &h->type))
		return CSPDM_E_TRANSPORT;
	if (h->version != CSPDM_TCP_BINDING_VERSION || h->payload_len == 1)
		return CSPDM_E_TRANSPORT;
	*rest = h->payload_len ? (size_t)h->payload_len - 2 : 0;
	if (cspdm_tcp_header_only(h->type))
		return *rest == 0 ? CSPDM_OK : CSPDM_E_TRANSPORT;
	if (!cspdm_tcp_type_name(h->type) || *rest == 0)
		return CSPDM_E_TRANSPORT; /* an unknown type, or SPDM without a message */
	return CSPDM_OK;
}

void cspdm_tcp_header_only_encode(uint8_t type, uint8_t *out)
{
	struct wr w;

	/* as libspdm writes them: payload length 0 */
	wr_init(&w, out, CSPDM_TCP_HEADER_SIZE);
	wr_u16le(&w, 0);
	wr_u8(&w, CSPDM_TCP_BINDING_VERSION);
	wr_u8(&w, type);
}
