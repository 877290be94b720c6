/* SPDX-License-Identifier: BSD-3-Clause */
/* The SessionID of a secured message (DSP0277), read for dispatch before the record is opened. */
#include "proof.h"

#include "core/secured.h"

void main(void)
{
	uint32_t id;
	size_t len;
	const uint8_t *rec = proof_msg(PROOF_MAX_FRAME, &len);

	sec_peek_session_id(rec, len, &id);
}
