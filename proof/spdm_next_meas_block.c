/* SPDX-License-Identifier: BSD-3-Clause */
/* One measurement block (DSP0274 Table 48) at any offset of a record. */
#include "proof.h"

void main(void)
{
	struct spdm_meas_block b;
	size_t len, off = Frama_C_unsigned_long_interval(0, SIZE_MAX);
	const uint8_t *record = proof_msg(PROOF_MAX_MSG, &len);

	spdm_next_meas_block(record, len, &off, &b, proof_err());
}
