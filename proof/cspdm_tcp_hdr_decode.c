/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DSP0287 (SPDM over TCP) message header, for any bytes of any length; and the names of
 * its message types (the CLI's trace names every type, the error ones included).
 */
#include "proof.h"

#include "transport/tcp.h"

void main(void)
{
	struct cspdm_tcp_hdr h;
	size_t len, rest;
	const uint8_t *raw = proof_msg(PROOF_MAX_FRAME, &len);

	cspdm_tcp_hdr_decode(raw, len, &h, &rest);
	cspdm_tcp_type_name(proof_u8());
}
