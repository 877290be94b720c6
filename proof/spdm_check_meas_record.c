/* SPDX-License-Identifier: BSD-3-Clause */
/* A whole MeasurementRecord: every block, NumberOfBlocks, repeated indices. */
#include "proof.h"

void main(void)
{
	struct spdm_meas_rsp m;
	size_t len;
	const uint8_t *record = proof_msg(PROOF_MAX_MSG, &len);

	proof_unknown(&m, sizeof(m));
	m.record = record;
	m.record_len = (uint32_t)len;
	spdm_check_meas_record(&m, proof_err());
}
