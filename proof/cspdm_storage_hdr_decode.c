/* SPDX-License-Identifier: BSD-3-Clause */
/* The storage binding's virtual header (DSP0286, QEMU spdm-socket). */
#include "proof.h"

#include "transport/storage.h"

void main(void)
{
	struct cspdm_storage_hdr h;
	const uint8_t *data;
	size_t len, data_len;
	const uint8_t *buf = proof_msg_or_null(PROOF_MAX_FRAME, &len);

	cspdm_storage_hdr_decode(buf, len, proof_or_null(&h), proof_or_null(&data),
				 proof_or_null(&data_len));
}
