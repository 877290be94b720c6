/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The spdm-emu socket header (DMTF spdm-emu spdm_emu_common/command.h, QEMU spdm-socket):
 * command, transport type and payload size, each a big-endian u32. Shared by the client
 * (src/io/socket_emu.c) and the server (src/io/server.c).
 */
#include "cspdm/transport.h"
#include "codec/reader.h"
#include "codec/writer.h"
#include "io/sockutil.h"

void cspdm_emu_header_decode(const uint8_t *raw, struct cspdm_emu_header *h)
{
	struct rd r;

	/* Cannot fail: raw holds exactly CSPDM_EMU_HEADER_SIZE bytes (make prove shows it). */
	rd_init(&r, raw, CSPDM_EMU_HEADER_SIZE);
	rd_u32be(&r, "command", &h->command);
	rd_u32be(&r, "transport type", &h->transport);
	rd_u32be(&r, "payload size", &h->size);
}

void cspdm_emu_header_put(struct wr *w, uint32_t command, uint32_t transport, uint32_t size)
{
	wr_u32be(w, command);
	wr_u32be(w, transport);
	wr_u32be(w, size);
}

uint32_t cspdm_emu_transport_type(enum cspdm_transport t)
{
	switch (t) {
	case CSPDM_TRANSPORT_MCTP:
		return CSPDM_EMU_TRANSPORT_MCTP;
	case CSPDM_TRANSPORT_PCI_DOE:
		return CSPDM_EMU_TRANSPORT_PCI_DOE;
	case CSPDM_TRANSPORT_TCP:
		return CSPDM_EMU_TRANSPORT_TCP;
	case CSPDM_TRANSPORT_NONE:
		break;
	}
	return CSPDM_EMU_TRANSPORT_NONE;
}
