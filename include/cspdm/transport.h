/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Transport bindings (framing only) and I/O back-ends.
 *
 *  - NONE: the SPDM message as is.
 *  - MCTP (DSP0275/DSP0236): one message-type byte 0x05 before the SPDM message.
 *  - PCI DOE (PCIe r6.1 6.30, CMA 6.31): an 8-byte data object header (vendor ID 0x0001,
 *    type 1 = CMA/SPDM, length in DWORDs including the header) and padding to a DWORD.
 *  - TCP (DSP0287): a 4-byte header, payload length (u16 LE: the bytes after this field),
 *    binding version 1 and message type (0x05 SPDM, 0x06 secured SPDM, 0xBF role inquiry,
 *    0xC0..0xC3 errors), then the message.
 *
 * The spdm-emu socket protocol (DMTF spdm-emu command.h) carries a transport frame behind a
 * 12-byte big-endian header: command, transport type, payload size.
 */
#ifndef CSPDM_TRANSPORT_H
#define CSPDM_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "cspdm/cspdm.h"

#ifdef __cplusplus
extern "C" {
#endif

enum cspdm_transport {
	CSPDM_TRANSPORT_NONE = 0,
	CSPDM_TRANSPORT_MCTP = 1,
	CSPDM_TRANSPORT_PCI_DOE = 2,
	CSPDM_TRANSPORT_TCP = 3,
};

#define CSPDM_MCTP_TYPE_PLDM	    0x01 /* DSP0239 */
#define CSPDM_MCTP_TYPE_SPDM	    0x05
#define CSPDM_MCTP_TYPE_SECURED	    0x06
#define CSPDM_DOE_VENDOR_PCISIG	    0x0001
#define CSPDM_DOE_TYPE_DISCOVERY    0x00
#define CSPDM_DOE_TYPE_SPDM	    0x01
#define CSPDM_DOE_TYPE_SECURED_SPDM 0x02
#define CSPDM_DOE_HEADER_SIZE	    8
/* DSP0287 (values as in libspdm's industry_standard/spdm_tcp_binding.h) */
#define CSPDM_TCP_HEADER_SIZE		 4
#define CSPDM_TCP_BINDING_VERSION	 0x01
#define CSPDM_TCP_TYPE_SPDM		 0x05
#define CSPDM_TCP_TYPE_SECURED		 0x06
#define CSPDM_TCP_TYPE_ROLE_INQUIRY	 0xBF
#define CSPDM_TCP_TYPE_ERROR_TOO_LARGE	 0xC0
#define CSPDM_TCP_TYPE_ERROR_UNSUPPORTED 0xC1
#define CSPDM_TCP_TYPE_ERROR_NOT_REQ	 0xC2 /* cannot operate as requester */
#define CSPDM_TCP_TYPE_ERROR_NOT_RSP	 0xC3 /* cannot operate as responder */
#define CSPDM_TCP_DEFAULT_PORT		 4194 /* IANA's port for SPDM */
/* Largest frame a transport adds around a message. */
#define CSPDM_TRANSPORT_OVERHEAD 16

/* "none", "mctp", "doe" (also "pci_doe"), "tcp"; returns -1 if unknown. */
CSPDM_API int cspdm_transport_parse(const char *name);
CSPDM_API const char *cspdm_transport_name(enum cspdm_transport t);

/*
 * Wrap an SPDM message into a transport frame. out may not alias msg.
 * Returns CSPDM_E_BUFFER_TOO_SMALL if cap is too small.
 */
CSPDM_API cspdm_status cspdm_transport_encode(enum cspdm_transport t, const uint8_t *msg,
					      size_t len, uint8_t *out, size_t cap,
					      size_t *out_len);
/*
 * Find the SPDM message inside a transport frame. *msg points into frame.
 * *type receives the MCTP message type, DOE data object type or DSP0287 message type (0 for
 * NONE).
 * A frame for another message type (DOE discovery, secured message) decodes with its type;
 * the caller decides. Malformed framing returns CSPDM_E_TRANSPORT.
 */
CSPDM_API cspdm_status cspdm_transport_decode(enum cspdm_transport t, const uint8_t *frame,
					      size_t len, const uint8_t **msg, size_t *msg_len,
					      uint8_t *type);

/* A PCI DOE data object of the PCI-SIG vendor and any type (discovery as well as CMA/SPDM),
 * padded with zeros to a DWORD. */
CSPDM_API cspdm_status cspdm_doe_encode(uint8_t type, const uint8_t *payload, size_t len,
					uint8_t *out, size_t cap, size_t *out_len);

/* As cspdm_transport_encode, for a message of either kind (a secured message: MCTP type 0x06,
 * DOE data object type 2, DSP0287 type 0x06). NONE has no way to mark a secured message: it is
 * sent as is. */
CSPDM_API cspdm_status cspdm_transport_encode_kind(enum cspdm_transport t, enum cspdm_msg_kind kind,
						   const uint8_t *msg, size_t len, uint8_t *out,
						   size_t cap, size_t *out_len);
/* The kind of message a decoded frame's type names: CSPDM_E_TRANSPORT for other types (DOE
 * discovery, MCTP control, ...). NONE frames are SPDM messages. */
CSPDM_API cspdm_status cspdm_transport_kind(enum cspdm_transport t, uint8_t type,
					    enum cspdm_msg_kind *kind);
/* What the binding puts into secured messages (libspdm's transport libraries agree):
 * MCTP: a 2-byte sequence number, up to 32 random bytes, and the MCTP type 0x05 before the
 * SPDM message inside; PCI DOE, TCP (DSP0287) and NONE: none of these. NONE cannot mark a secured
 * message (spdm-emu's transport-none library has none): cspdm sends the record as is and tells it
 * by its SessionID (untyped). */
CSPDM_API void cspdm_transport_secured_binding(enum cspdm_transport t,
					       struct cspdm_secured_binding *b);

/* ---- captures ------------------------------------------------------------------------------ */

#define CSPDM_LINKTYPE_MCTP    291 /* pcap: 4-byte MCTP transport header, then the type byte */
#define CSPDM_LINKTYPE_PCI_DOE 292 /* pcap: a PCI DOE data object */

/*
 * The SPDM message in one captured packet. CSPDM_E_TRANSPORT for packets that carry none
 * (DOE discovery, secured messages, bad framing), CSPDM_E_UNSUPPORTED for other link types.
 * *max_pad: the zero padding a decoder must tolerate (3 for DOE).
 */
CSPDM_API cspdm_status cspdm_capture_message(int linktype, const uint8_t *pkt, size_t len,
					     const uint8_t **msg, size_t *msg_len,
					     uint32_t *max_pad);
/* The same for either kind: *kind tells an SPDM message from a secured one (MCTP type 0x06,
 * DOE data object type 2; *msg is then the record, from its SessionID on). CSPDM_E_TRANSPORT
 * for packets that carry neither (DOE discovery, bad framing). */
CSPDM_API cspdm_status cspdm_capture_message_kind(int linktype, const uint8_t *pkt, size_t len,
						  enum cspdm_msg_kind *kind, const uint8_t **msg,
						  size_t *msg_len, uint32_t *max_pad);

/* ---- spdm-emu socket protocol -----------------------------------------------------------------
 */

#define CSPDM_EMU_CMD_NORMAL	    0x0001
#define CSPDM_EMU_CMD_CONTINUE	    0xFFFD
#define CSPDM_EMU_CMD_SHUTDOWN	    0xFFFE
#define CSPDM_EMU_CMD_UNKNOWN	    0xFFFF
#define CSPDM_EMU_CMD_TEST	    0xDEAD
#define CSPDM_EMU_TRANSPORT_NONE    0x00
#define CSPDM_EMU_TRANSPORT_MCTP    0x01
#define CSPDM_EMU_TRANSPORT_PCI_DOE 0x02
#define CSPDM_EMU_TRANSPORT_TCP	    0x03
#define CSPDM_EMU_HEADER_SIZE	    12
#define CSPDM_EMU_DEFAULT_PORT	    2323
/* Largest payload we accept in one socket frame. */
#define CSPDM_EMU_MAX_PAYLOAD 65536u

struct cspdm_emu_header {
	uint32_t command;
	uint32_t transport;
	uint32_t size; /* payload bytes that follow */
};

/* The socket header's transport type for a binding (NONE 0, MCTP 1, PCI DOE 2, TCP 3). */
CSPDM_API uint32_t cspdm_emu_transport_type(enum cspdm_transport t);
/* raw holds CSPDM_EMU_HEADER_SIZE bytes. */
CSPDM_API void cspdm_emu_header_decode(const uint8_t *raw, struct cspdm_emu_header *h);

struct cspdm_emu_client;

/* Connect to host:port (numeric IPv4/IPv6 or a name resolving to loopback). */
CSPDM_API cspdm_status cspdm_emu_connect(struct cspdm_emu_client **out, const char *host,
					 uint16_t port, enum cspdm_transport t);
/* The same; on failure *err (may be NULL) says what failed and why: CSPDM_E_RESOLVE (field
 * "getaddrinfo", os_error an EAI_* code), CSPDM_E_IO or CSPDM_E_TIMEOUT (field "connect",
 * "socket", ..., os_error an errno), CSPDM_E_INVALID_ARG. */
CSPDM_API cspdm_status cspdm_emu_connect_ex(struct cspdm_emu_client **out, const char *host,
					    uint16_t port, enum cspdm_transport t,
					    cspdm_error *err);
/* Why the connection's last send or receive failed (field "send", "recv", "recv: the device
 * closed the connection", ...; os_error an errno or 0), code CSPDM_OK if none did. */
CSPDM_API const cspdm_error *cspdm_emu_last_error(const struct cspdm_emu_client *c);
/* Send SHUTDOWN (as the reference requester does) and close. NULL is ignored. */
CSPDM_API void cspdm_emu_close(struct cspdm_emu_client *c);
/* The struct cspdm_io that sends SPDM messages through this connection. */
CSPDM_API const struct cspdm_io *cspdm_emu_io(struct cspdm_emu_client *c);
/* Messages exchanged (frames sent) so far. */
CSPDM_API uint32_t cspdm_emu_frames_sent(const struct cspdm_emu_client *c);

/* Parse "HOST:PORT" or "[V6]:PORT". host receives a NUL-terminated copy. */
CSPDM_API cspdm_status cspdm_parse_hostport(const char *s, char *host, size_t host_cap,
					    uint16_t *port);

#ifdef __cplusplus
}
#endif
#endif
