/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The transport bindings' decoders: byte 0 picks MCTP, PCI DOE, the DSP0286 storage header,
 * DSP0287 (TCP) or NONE; the rest is a frame as it arrives from the bus or socket. The message
 * found lies inside the frame, and a frame that decodes as SPDM re-encodes to itself.
 */
#include "fuzz_common.h"

#include "cspdm/transport.h"
#include "transport/storage.h"

#include <string.h>

#define ENC_CAP 65536

static uint8_t enc[ENC_CAP];

static void frame(enum cspdm_transport t, const uint8_t *f, size_t len)
{
	const uint8_t *msg = NULL;
	size_t msg_len = 0, n = 0;
	uint8_t type = 0xEE;
	cspdm_status st = cspdm_transport_decode(t, f, len, &msg, &msg_len, &type);

	FZ_ASSERT(FZ_STATUS_OK(st));
	if (st) {
		FZ_ASSERT(st == CSPDM_E_TRANSPORT);
		return;
	}
	FZ_ASSERT(msg && fz_within(f, len, msg, msg_len));
	switch (t) {
	case CSPDM_TRANSPORT_NONE:
		FZ_ASSERT(msg_len == len && type == 0);
		break;
	case CSPDM_TRANSPORT_MCTP:
		FZ_ASSERT(msg_len + 1 == len);
		break;
	case CSPDM_TRANSPORT_PCI_DOE:
		FZ_ASSERT(msg_len + CSPDM_DOE_HEADER_SIZE == len && (len & 3) == 0);
		break;
	case CSPDM_TRANSPORT_TCP:
		FZ_ASSERT(msg_len + CSPDM_TCP_HEADER_SIZE == len);
		break;
	}
	/* the encoder writes SPDM frames: for those, the frame comes back unchanged */
	if ((t == CSPDM_TRANSPORT_MCTP && type != CSPDM_MCTP_TYPE_SPDM) ||
	    (t == CSPDM_TRANSPORT_PCI_DOE && type != CSPDM_DOE_TYPE_SPDM) ||
	    (t == CSPDM_TRANSPORT_TCP && type != CSPDM_TCP_TYPE_SPDM))
		return;
	st = cspdm_transport_encode(t, msg, msg_len, enc, sizeof(enc), &n);
	if (st == CSPDM_E_BUFFER_TOO_SMALL && len > sizeof(enc))
		return;
	FZ_ASSERT(st == CSPDM_OK && n == len && !memcmp(enc, f, len));
}

static void storage(const uint8_t *f, size_t len)
{
	struct cspdm_storage_hdr h;
	const uint8_t *data = NULL;
	size_t data_len = 0, n = 0;
	cspdm_status st = cspdm_storage_hdr_decode(f, len, &h, &data, &data_len);

	FZ_ASSERT(FZ_STATUS_OK(st));
	if (st) {
		FZ_ASSERT(st == CSPDM_E_TRANSPORT);
		return;
	}
	FZ_ASSERT(h.secp == CSPDM_STORAGE_SECP_DMTF_SPDM);
	FZ_ASSERT(h.op <= 0x3F && h.conn_id <= CSPDM_STORAGE_CONN_ID_MASK);
	FZ_ASSERT(data_len + CSPDM_STORAGE_HEADER_SIZE == len);
	FZ_ASSERT(data && fz_within(f, len, data, data_len));
	st = cspdm_storage_hdr_encode(&h, enc, sizeof(enc), &n);
	FZ_ASSERT(st == CSPDM_OK && n == CSPDM_STORAGE_HEADER_SIZE);
	FZ_ASSERT(!memcmp(enc, f, n));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in;
	const uint8_t *f;
	size_t len;
	uint8_t sel;

	fz_in_init(&in, data, size);
	sel = fz_u8(&in);
	f = fz_rest(&in, &len);
	switch (sel % 5) {
	case 0:
		frame(CSPDM_TRANSPORT_MCTP, f, len);
		break;
	case 1:
		frame(CSPDM_TRANSPORT_PCI_DOE, f, len);
		break;
	case 2:
		storage(f, len);
		break;
	case 3:
		frame(CSPDM_TRANSPORT_TCP, f, len);
		break;
	default:
		frame(CSPDM_TRANSPORT_NONE, f, len);
		break;
	}
	return 0;
}
