/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Secured-message opaque data (DSP0277) alone: byte 0 bit 0 picks the container (1: the 1.2+
 * general opaque data format, 0: DSP0277's table), the rest is the OpaqueData. Properties
 * (fz_check_opaque): bounded reads, a status of the enum recorded in the error, a well-formed
 * result, and a lone secured-message element re-encoding to the same bytes.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in;
	const uint8_t *opaque;
	size_t len;
	uint8_t general;

	fz_in_init(&in, data, size);
	general = fz_u8(&in) & 1;
	opaque = fz_rest(&in, &len);
	fz_check_opaque(general, opaque, len);
	return 0;
}
