/* SPDX-License-Identifier: BSD-3-Clause */
/* A captured packet (pcap link types 291 MCTP, 292 PCI DOE, and others). */
#include "proof.h"

void main(void)
{
	const uint8_t *msg;
	size_t len, msg_len;
	uint32_t pad;
	const uint8_t *pkt = proof_msg(PROOF_MAX_PACKET, &len);
	int linktype = Frama_C_interval(CSPDM_LINKTYPE_MCTP - 1, CSPDM_LINKTYPE_PCI_DOE + 1);

	cspdm_capture_message(linktype, pkt, len, &msg, &msg_len, &pad);
}
