/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Writing captures of cspdm's own conversations (--pcap), as DMTF's emulators write theirs:
 * classic pcap, one message per packet in the order sent, both directions in one file, the
 * transport header included. Link type 291 (MCTP): a 4-byte MCTP transport header (00 00 00 c0:
 * SOM and EOM set, as the emulators write it), then the MCTP message type (0x05 SPDM, 0x06
 * secured) and the message. Link type 292 (PCI DOE): the DOE data object, its header (type 1
 * SPDM, 2 secured, 0 discovery) and DWORD padding included. NONE has no link type.
 *
 * Two taps: a wrapper around any struct cspdm_io (the requester side: authenticate, measure,
 * revalidate, session), and the server's frame hook (cspdm responder) feeding
 * cspdm_capture_frame. `cspdm verify --pcap` reads what both write.
 */
#ifndef CSPDM_CAPTURE_H
#define CSPDM_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "cspdm/cspdm.h"
#include "cspdm/transport.h"

struct cspdm_pcap;

/* The link type of a transport's captures: 291 MCTP, 292 PCI DOE; -1 (none) for NONE. */
int cspdm_capture_linktype(int transport);

/* One transport frame (the binding header included, as it travels in a spdm-emu socket frame)
 * as one packet: MCTP frames get the MCTP transport header before them. */
cspdm_status cspdm_capture_frame(struct cspdm_pcap *p, int transport, const uint8_t *frame,
				 size_t len);

/* A struct cspdm_io that passes everything to inner and writes each message it sends and each
 * one it receives, in its binding, to the capture. */
struct cspdm_capture_io {
	struct cspdm_io io; /* hand this one to the flows */
	const struct cspdm_io *inner;
	struct cspdm_pcap *pcap;
	enum cspdm_transport transport;
	cspdm_status write_status; /* the first failure to write a packet (errno then in err) */
	int write_errno;
	uint8_t frame[CSPDM_EMU_MAX_PAYLOAD];
};

void cspdm_capture_io_init(struct cspdm_capture_io *c, const struct cspdm_io *inner,
			   enum cspdm_transport t, struct cspdm_pcap *p);

#endif
