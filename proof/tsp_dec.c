/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CXL TSP (CXL 3.1 §11.5), either direction, on a reader over the payload after the protocol
 * ID (as app_dec gives it).
 */
#include "proof.h"

#include "codec/app/app.h"
#include "codec/reader.h"

void main(void)
{
	struct cxl_tsp_msg m;
	struct rd r;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	rd_init(&r, msg, len);
	tsp_dec(&r, proof_choose(0, 1), &m, proof_err());
}
