/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A PLDM request (DSP0240 "PLDM message fields"), as a secured application message of MCTP
 * type 0x01 gives it. The error record is required (cspdm_responder_pldm checks it).
 */
#include "proof.h"

#include "codec/pldm.h"

void main(void)
{
	struct pldm_request q;
	cspdm_error err;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	pldm_decode_request(msg, len, &q, &err);
}
