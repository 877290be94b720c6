/* SPDX-License-Identifier: BSD-3-Clause */
/* The spdm-emu socket header: always CSPDM_EMU_HEADER_SIZE bytes. */
#include "proof.h"

void main(void)
{
	static uint8_t raw[CSPDM_EMU_HEADER_SIZE];
	struct cspdm_emu_header h;

	proof_unknown(raw, sizeof(raw));
	cspdm_emu_header_decode(raw, &h);
}
