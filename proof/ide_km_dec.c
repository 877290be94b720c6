/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IDE_KM (PCIe Base 6.0 §6.33.3) and CXL IDE_KM (CXL 3.1 §11.4.7), either direction, on a reader
 * over the payload after the protocol ID (as app_dec gives it).
 */
#include "proof.h"

#include "codec/app/app.h"
#include "codec/reader.h"

void main(void)
{
	struct ide_km_msg m;
	struct rd r;
	size_t len;
	int c;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	rd_init(&r, msg, len);
	c = proof_choose(0, 3); /* PCIe or CXL, response or request: each on its own */
	ide_km_dec(&r, c & 1, c >> 1, &m, proof_err());
}
