/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Transport bindings: framing only, no allocation.
 *
 *  - NONE: the SPDM message as is.
 *  - MCTP (DSP0275 6.1, DSP0236 8.2): the message type byte (0x05 SPDM, 0x06 secured SPDM)
 *    before the message. The MCTP transport header itself belongs to the bus, not to us.
 *  - PCI DOE (PCIe r6.1 6.30.1, Figure 6-xx "Data Object Header"): DWORD 0 holds the vendor ID
 *    (u16) and data object type (u8) followed by a reserved byte; DWORD 1 holds the length in
 *    DWORDs, header included, in bits 17:0 (0 means 2^18), bits 31:18 reserved. The payload is
 *    padded with zeros to a DWORD.
 *  - TCP (DSP0287): the 4-byte header of transport/tcp.h before the message.
 */
#include "cspdm/transport.h"
#include "transport/tcp.h"

#include "codec/reader.h"
#include "codec/writer.h"

#include <string.h>

#define DOE_LEN_BITS   18
#define DOE_MAX_DWORDS (1ul << DOE_LEN_BITS)
#define DOE_LEN_MASK   (DOE_MAX_DWORDS - 1)

/* ---- names ---------------------------------------------------------------------------------- */

static unsigned char ascii_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c | 0x20u) : c;
}

static int name_eq(const char *a, const char *lower)
{
	for (; *a && *lower; a++, lower++)
		if (ascii_lower((unsigned char)*a) != (unsigned char)*lower)
			return 0;
	return *a == '\0' && *lower == '\0';
}

int cspdm_transport_parse(const char *name)
{
	if (!name)
		return -1;
	if (name_eq(name, "none"))
		return CSPDM_TRANSPORT_NONE;
	if (name_eq(name, "mctp"))
		return CSPDM_TRANSPORT_MCTP;
	if (name_eq(name, "doe") || name_eq(name, "pci_doe"))
		return CSPDM_TRANSPORT_PCI_DOE;
	if (name_eq(name, "tcp"))
		return CSPDM_TRANSPORT_TCP;
	return -1;
}

const char *cspdm_transport_name(enum cspdm_transport t)
{
	switch (t) {
	case CSPDM_TRANSPORT_NONE:
		return "none";
	case CSPDM_TRANSPORT_MCTP:
		return "mctp";
	case CSPDM_TRANSPORT_PCI_DOE:
		return "pci_doe";
	case CSPDM_TRANSPORT_TCP:
		return "tcp";
	}
	return "unknown";
}

/* ---- encode --------------------------------------------------------------------------------- */

static cspdm_status finish(struct wr *w, size_t *out_len)
{
	if (!wr_ok(w))
		return CSPDM_E_BUFFER_TOO_SMALL;
	*out_len = w->len;
	return CSPDM_OK;
}

static cspdm_status encode_mctp(uint8_t type, const uint8_t *msg, size_t len, struct wr *w,
				size_t *out_len)
{
	wr_u8(w, type);
	wr_bytes(w, msg, len);
	return finish(w, out_len);
}

static cspdm_status encode_doe(uint8_t type, const uint8_t *msg, size_t len, struct wr *w,
			       size_t *out_len)
{
	size_t pad = (4 - (len & 3)) & 3;
	size_t dwords;

	if (len > DOE_MAX_DWORDS * 4 - CSPDM_DOE_HEADER_SIZE)
		return CSPDM_E_INVALID_ARG;
	dwords = (CSPDM_DOE_HEADER_SIZE + len + pad) / 4;
	wr_u16le(w, CSPDM_DOE_VENDOR_PCISIG);
	wr_u8(w, type);
	wr_u8(w, 0);
	/* 2^18 DWORDs is encoded as 0 (PCIe r6.1 6.30.1). */
	wr_u32le(w, (uint32_t)(dwords & DOE_LEN_MASK));
	wr_bytes(w, msg, len);
	wr_zero(w, pad);
	return finish(w, out_len);
}

cspdm_status cspdm_doe_encode(uint8_t type, const uint8_t *payload, size_t len, uint8_t *out,
			      size_t cap, size_t *out_len)
{
	struct wr w;

	if ((!payload && len) || !out_len)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, out, cap);
	return encode_doe(type, payload, len, &w, out_len);
}

static cspdm_status encode_tcp(uint8_t type, const uint8_t *msg, size_t len, struct wr *w,
			       size_t *out_len)
{
	if (len == 0 || len > CSPDM_TCP_MAX_MSG)
		return CSPDM_E_INVALID_ARG;
	wr_u16le(w, (uint16_t)(len + 2));
	wr_u8(w, CSPDM_TCP_BINDING_VERSION);
	wr_u8(w, type);
	wr_bytes(w, msg, len);
	return finish(w, out_len);
}

cspdm_status cspdm_transport_encode_kind(enum cspdm_transport t, enum cspdm_msg_kind kind,
					 const uint8_t *msg, size_t len, uint8_t *out, size_t cap,
					 size_t *out_len)
{
	int sec = kind == CSPDM_MSG_SECURED;
	struct wr w;

	if ((!msg && len) || !out_len || (kind != CSPDM_MSG_SPDM && !sec))
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, out, cap);
	switch (t) {
	case CSPDM_TRANSPORT_NONE:
		wr_bytes(&w, msg, len);
		return finish(&w, out_len);
	case CSPDM_TRANSPORT_MCTP:
		return encode_mctp(sec ? CSPDM_MCTP_TYPE_SECURED : CSPDM_MCTP_TYPE_SPDM, msg, len,
				   &w, out_len);
	case CSPDM_TRANSPORT_PCI_DOE:
		return encode_doe(sec ? CSPDM_DOE_TYPE_SECURED_SPDM : CSPDM_DOE_TYPE_SPDM, msg, len,
				  &w, out_len);
	case CSPDM_TRANSPORT_TCP:
		return encode_tcp(sec ? CSPDM_TCP_TYPE_SECURED : CSPDM_TCP_TYPE_SPDM, msg, len, &w,
				  out_len);
	}
	return CSPDM_E_INVALID_ARG;
}

cspdm_status cspdm_transport_encode(enum cspdm_transport t, const uint8_t *msg, size_t len,
				    uint8_t *out, size_t cap, size_t *out_len)
{
	return cspdm_transport_encode_kind(t, CSPDM_MSG_SPDM, msg, len, out, cap, out_len);
}

/* The types that name an SPDM and a secured message in a binding. */
static bool kind_types(enum cspdm_transport t, uint8_t *spdm, uint8_t *sec)
{
	switch (t) {
	case CSPDM_TRANSPORT_NONE:
		return true;
	case CSPDM_TRANSPORT_MCTP:
		*spdm = CSPDM_MCTP_TYPE_SPDM;
		*sec = CSPDM_MCTP_TYPE_SECURED;
		return true;
	case CSPDM_TRANSPORT_PCI_DOE:
		*spdm = CSPDM_DOE_TYPE_SPDM;
		*sec = CSPDM_DOE_TYPE_SECURED_SPDM;
		return true;
	case CSPDM_TRANSPORT_TCP:
		*spdm = CSPDM_TCP_TYPE_SPDM;
		*sec = CSPDM_TCP_TYPE_SECURED;
		return true;
	}
	return false;
}

cspdm_status cspdm_transport_kind(enum cspdm_transport t, uint8_t type, enum cspdm_msg_kind *kind)
{
	uint8_t spdm = 0, sec = 0;

	if (!kind || !kind_types(t, &spdm, &sec))
		return CSPDM_E_INVALID_ARG;
	if (t == CSPDM_TRANSPORT_NONE || type == spdm)
		*kind = CSPDM_MSG_SPDM;
	else if (type == sec)
		*kind = CSPDM_MSG_SECURED;
	else
		return CSPDM_E_TRANSPORT;
	return CSPDM_OK;
}

void cspdm_transport_secured_binding(enum cspdm_transport t, struct cspdm_secured_binding *b)
{
	memset(b, 0, sizeof(*b));
	b->untyped = t == CSPDM_TRANSPORT_NONE;
	if (t == CSPDM_TRANSPORT_TCP) {
		/* DSP0287, as libspdm's TCP transport seals: the plaintext is a DSP0287 message
		 * (header, type 0x05), its payload length the message's plus 2 */
		b->app_prefix_len = CSPDM_TCP_HEADER_SIZE;
		b->app_prefix[2] = CSPDM_TCP_BINDING_VERSION;
		b->app_prefix[3] = CSPDM_TCP_TYPE_SPDM;
		b->app_len_size = 2;
		b->app_len_add = 2;
		return;
	}
	if (t != CSPDM_TRANSPORT_MCTP)
		return;
	b->seq_num_size = 2;
	b->max_random_pad = 32;
	b->app_prefix_len = 1;
	b->app_prefix[0] = CSPDM_MCTP_TYPE_SPDM;
	b->app_typed = 1; /* DSP0275: other MCTP message types may be secured too */
}

/* ---- decode --------------------------------------------------------------------------------- */

/* The rest of the reader is the message. */
static cspdm_status take_rest(struct rd *r, const uint8_t **msg, size_t *msg_len)
{
	size_t n = rd_remaining(r);

	if (!rd_view(r, "message", n, msg))
		return CSPDM_E_TRANSPORT;
	*msg_len = n;
	return CSPDM_OK;
}

static cspdm_status decode_mctp(struct rd *r, const uint8_t **msg, size_t *msg_len, uint8_t *type)
{
	if (!rd_u8(r, "MCTP message type", type))
		return CSPDM_E_TRANSPORT;
	return take_rest(r, msg, msg_len);
}

/* Length in DWORDs (bits 17:0, 0 = 2^18), reserved bits 31:18 zero, equal to the frame. */
static bool doe_length_ok(uint32_t field, size_t payload_len)
{
	uint64_t dwords = field & DOE_LEN_MASK;

	if (field & ~(uint32_t)DOE_LEN_MASK)
		return false;
	if (dwords == 0)
		dwords = DOE_MAX_DWORDS;
	return dwords * 4 == (uint64_t)payload_len + CSPDM_DOE_HEADER_SIZE;
}

static cspdm_status decode_doe(struct rd *r, const uint8_t **msg, size_t *msg_len, uint8_t *type)
{
	uint16_t vendor;
	uint8_t rsvd;
	uint32_t length;

	if (!rd_u16le(r, "DOE vendor ID", &vendor) || !rd_u8(r, "DOE data object type", type) ||
	    !rd_u8(r, "DOE reserved", &rsvd) || !rd_u32le(r, "DOE length", &length))
		return CSPDM_E_TRANSPORT;
	if (vendor != CSPDM_DOE_VENDOR_PCISIG || rsvd != 0)
		return CSPDM_E_TRANSPORT;
	if (!doe_length_ok(length, rd_remaining(r)))
		return CSPDM_E_TRANSPORT;
	return take_rest(r, msg, msg_len);
}

/* The header's length must name exactly the rest of the frame. */
static cspdm_status decode_tcp(struct rd *r, const uint8_t **msg, size_t *msg_len, uint8_t *type)
{
	const uint8_t *hdr;
	struct cspdm_tcp_hdr h;
	size_t rest;

	if (!rd_view(r, "DSP0287 header", CSPDM_TCP_HEADER_SIZE, &hdr) ||
	    cspdm_tcp_hdr_decode(hdr, CSPDM_TCP_HEADER_SIZE, &h, &rest) != CSPDM_OK ||
	    rest != rd_remaining(r))
		return CSPDM_E_TRANSPORT;
	*type = h.type;
	return take_rest(r, msg, msg_len);
}

cspdm_status cspdm_transport_decode(enum cspdm_transport t, const uint8_t *frame, size_t len,
				    const uint8_t **msg, size_t *msg_len, uint8_t *type)
{
	static const uint8_t empty[1];
	struct rd r;
	uint8_t ty = 0;
	cspdm_status st;

	if ((!frame && len) || !msg || !msg_len)
		return CSPDM_E_INVALID_ARG;
	/* An empty frame still gets a real pointer, so *msg is never NULL. */
	rd_init(&r, frame ? frame : empty, len);
	switch (t) {
	case CSPDM_TRANSPORT_NONE:
		st = take_rest(&r, msg, msg_len);
		break;
	case CSPDM_TRANSPORT_MCTP:
		st = decode_mctp(&r, msg, msg_len, &ty);
		break;
	case CSPDM_TRANSPORT_PCI_DOE:
		st = decode_doe(&r, msg, msg_len, &ty);
		break;
	case CSPDM_TRANSPORT_TCP:
		st = decode_tcp(&r, msg, msg_len, &ty);
		break;
	default:
		return CSPDM_E_INVALID_ARG;
	}
	if (st == CSPDM_OK && type)
		*type = ty;
	return st;
}
