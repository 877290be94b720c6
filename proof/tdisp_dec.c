/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TDISP (PCIe Base 6.1 §11.3), either direction, on a reader over the payload after the
 * protocol ID (as app_dec gives it).
 */
#include "proof.h"

#include "codec/app/app.h"
#include "codec/reader.h"

void main(void)
{
	struct tdisp_msg m;
	struct rd r;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	rd_init(&r, msg, len);
	tdisp_dec(&r, proof_choose(0, 1), &m, proof_err());
}
