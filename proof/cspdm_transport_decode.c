/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Every transport binding's frame (NONE, MCTP, PCI DOE, DSP0287 TCP) and unknown bindings; then
 * the kind of message the binding's type byte names (SPDM, secured), as the I/O layer asks.
 */
#include "proof.h"

void main(void)
{
	const uint8_t *msg;
	size_t len, msg_len;
	uint8_t type;
	enum cspdm_msg_kind kind;
	const uint8_t *frame = proof_msg_or_null(PROOF_MAX_FRAME, &len);
	enum cspdm_transport t =
	    (enum cspdm_transport)Frama_C_interval(-1, CSPDM_TRANSPORT_TCP + 1);

	cspdm_transport_decode(t, frame, len, proof_or_null(&msg), proof_or_null(&msg_len),
			       proof_or_null(&type));
	cspdm_transport_kind(t, proof_u8(), proof_or_null(&kind));
}
