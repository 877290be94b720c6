/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OpaqueData of KEY_EXCHANGE and KEY_EXCHANGE_RSP (DSP0274 "General opaque data format", or
 * the 1.0/1.1 DMTF table; DSP0277 secured message version elements), either table format, of
 * any length up to SPDM_MAX_OPAQUE: its only input is the OpaqueData of a KEY_EXCHANGE or
 * KEY_EXCHANGE_RSP, whose decoders refuse more (spdm_rd_opaque).
 */
#include "proof.h"

void main(void)
{
	struct spdm_opaque_sm o;
	size_t len;
	const uint8_t *opaque = proof_msg(SPDM_MAX_OPAQUE, &len);

	spdm_dec_opaque_sm(proof_u8(), opaque, len, &o, proof_err());
}
