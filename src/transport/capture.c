/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SPDM messages in captured packets: pcap link type 291 (MCTP: a 4-byte MCTP transport
 * header, then the message type byte) and 292 (a PCI DOE data object), as the reference
 * emulators write them.
 */
#include "cspdm/transport.h"
#include "codec/reader.h"

#define MCTP_TRANSPORT_HEADER 4

cspdm_status cspdm_capture_message(int linktype, const uint8_t *pkt, size_t len,
				   const uint8_t **msg, size_t *msg_len, uint32_t *max_pad)
{
	const uint8_t *frame;
	struct rd r;
	uint8_t type;

	rd_init(&r, pkt, len);
	if (linktype == CSPDM_LINKTYPE_MCTP) {
		*max_pad = 0;
		if (!rd_skip(&r, "MCTP transport header", MCTP_TRANSPORT_HEADER) ||
		    !rd_view(&r, "MCTP message", rd_remaining(&r), &frame) ||
		    cspdm_transport_decode(CSPDM_TRANSPORT_MCTP, frame, len - MCTP_TRANSPORT_HEADER,
					   msg, msg_len, &type) ||
		    type != CSPDM_MCTP_TYPE_SPDM)
			return CSPDM_E_TRANSPORT;
		return CSPDM_OK;
	}
	if (linktype != CSPDM_LINKTYPE_PCI_DOE)
		return CSPDM_E_UNSUPPORTED;
	*max_pad = 3;
	if (cspdm_transport_decode(CSPDM_TRANSPORT_PCI_DOE, pkt, len, msg, msg_len, &type) ||
	    type != CSPDM_DOE_TYPE_SPDM)
		return CSPDM_E_TRANSPORT;
	return CSPDM_OK;
}
