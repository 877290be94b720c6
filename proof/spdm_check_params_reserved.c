/* SPDX-License-Identifier: BSD-3-Clause */
/* Param1 and Param2 reserved (the session messages' header check), for any header. */
#include "proof.h"

void main(void)
{
	struct spdm_hdr h;

	proof_unknown(&h, sizeof(h));
	spdm_check_params_reserved(&h, proof_err());
}
