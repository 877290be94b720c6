/* SPDX-License-Identifier: BSD-3-Clause */
/* MEASUREMENTS (DSP0274 Table 47) for any request, with the record walk. */
#include "proof.h"

void main(void)
{
	struct spdm_neg n;
	struct spdm_get_meas asked;
	struct spdm_meas_rsp m;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	proof_neg(&n);
	proof_unknown(&asked, sizeof(asked));
	spdm_dec_meas(&n, &asked, msg, len, &m, proof_err());
}
