/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TDISP device interface report (PCIe Base 6.1 §11.3.11 "TDI Report Structure"), as
 * reassembled from DEVICE_INTERFACE_REPORT portions into caller storage of any size.
 */
#include "proof.h"

#include "codec/app/app.h"

void main(void)
{
	struct tdisp_report rep;
	size_t len;
	const uint8_t *msg = proof_msg(PROOF_MAX_MSG, &len);

	tdisp_dec_report(msg, len, &rep, proof_err());
}
