/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A VENDOR_DEFINED message and the protocol message inside (IDE_KM, TDISP, CXL IDE_KM, CXL
 * TSP): the framing, the dispatch and the reader the protocol decoders are given.
 */
#include "proof.h"

#include "codec/app/app.h"

void main(void)
{
	struct spdm_neg n;
	struct app_msg m;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	app_dec(&n, msg, len, &m, proof_err());
}
