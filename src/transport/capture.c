/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SPDM messages in captured packets: pcap link type 291 (MCTP: a 4-byte MCTP transport
 * header, then the message type byte) and 292 (a PCI DOE data object), as the reference
 * emulators write them.
 */
#include "cspdm/transport.h"
#include "codec/reader.h"

#define MCTP_TRANSPORT_HEADER 4

cspdm_status cspdm_capture_message_kind(int linktype, const uint8_t *pkt, size_t len,
					enum cspdm_msg_kind *kind, const uint8_t **msg,
					size_t *msg_len, uint32_t *max_pad)
{
	enum cspdm_transport t = CSPDM_TRANSPORT_PCI_DOE;
	size_t skip = 0;
	const uint8_t *frame;
	struct rd r;
	uint8_t type;

	if (linktype == CSPDM_LINKTYPE_MCTP) {
		t = CSPDM_TRANSPORT_MCTP;
		skip = MCTP_TRANSPORT_HEADER;
	} else if (linktype != CSPDM_LINKTYPE_PCI_DOE) {
		return CSPDM_E_UNSUPPORTED;
	}
	*max_pad = t == CSPDM_TRANSPORT_PCI_DOE ? 3 : 0;
	rd_init(&r, pkt, len);
	if (!rd_skip(&r, "MCTP transport header", skip) ||
	    !rd_view(&r, "transport frame", rd_remaining(&r), &frame) ||
	    cspdm_transport_decode(t, frame, len - skip, msg, msg_len, &type) ||
	    cspdm_transport_kind(t, type, kind))
		return CSPDM_E_TRANSPORT;
	return CSPDM_OK;
}

cspdm_status cspdm_capture_message(int linktype, const uint8_t *pkt, size_t len,
				   const uint8_t **msg, size_t *msg_len, uint32_t *max_pad)
{
	enum cspdm_msg_kind kind = CSPDM_MSG_SPDM;
	cspdm_status st =
	    cspdm_capture_message_kind(linktype, pkt, len, &kind, msg, msg_len, max_pad);

	return !st && kind != CSPDM_MSG_SPDM ? CSPDM_E_TRANSPORT : st;
}
