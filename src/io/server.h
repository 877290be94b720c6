/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Server side of the spdm-emu socket protocol, for the device emulator (`cspdm responder`).
 * It lets DMTF's spdm_requester_emu and QEMU's spdm-socket backend talk to our responder.
 *
 * Every frame, both ways, is  command u32 BE | transport type u32 BE | payload size u32 BE |
 * payload  (DMTF spdm-emu spdm_emu_common/command.h). One connection is served at a time; each
 * new one gets on_connect(). Per frame (mirroring spdm_responder_emu.c unless noted):
 *
 *  - NORMAL: the payload is a NONE, MCTP or PCI DOE frame. SPDM messages (MCTP type 0x05, DOE
 *    type 1) go to process() and its answer goes back in the same binding. DOE discovery (type
 *    0) is answered here: index 0, 1, 2 name types 0, 1, 2 (discovery, CMA/SPDM, secured
 *    CMA/SPDM), a larger index closes the connection. Secured messages (MCTP 0x06, DOE type 2)
 *    go to process_secured() if set; without it, and for any other MCTP/DOE type, the
 *    connection is closed with no reply, as the reference does ("unknown message").
 *  - TEST: answered with TEST and "Server Hello!" (with its NUL, 14 bytes).
 *  - CONTINUE: answered with CONTINUE; the connection closes and the next one is accepted.
 *  - SHUTDOWN: answered with SHUTDOWN; the connection closes and run() returns, unless
 *    cfg.keep_running (the reference always exits).
 *  - OOB_ENCAP_KEY_UPDATE / OOB_ENCAP_ENDPOINT_INFO (the payload: the session ID, 4 bytes in
 *    host order, as spdm_requester_emu sends it): given to oob() when set; when it returns 0
 *    (it started the encapsulated flow) the command is answered with itself and an empty
 *    payload, as the reference does, else with UNKNOWN; the connection is kept.
 *  - any other command: answered with UNKNOWN, then the connection closes.
 *
 * With CSPDM_SERVER_NVME the peer is QEMU's NVMe controller (hw/nvme/ctrl.c), which forwards
 * Security Send/Receive with SECP 0xE8 as STORAGE_IF_SEND / STORAGE_IF_RECV frames of socket
 * transport type 4, each starting with QEMU's 7-byte storage virtual header
 * (src/transport/storage.h). Every IF_SEND and IF_RECV is answered with a STORAGE_ACK_STATUS
 * frame of exactly 2 bytes: the NVMe status, big-endian (0 = success, 0x4002 = Invalid Field in
 * Command | Do Not Retry). An IF_SEND of an SPDM message runs process() and keeps its answer
 * pending; a successful IF_RECV is followed by an IF_RECV frame with the data (the pending
 * response, or the DSP0286 discovery / pending-info structure), cut to the allocation length.
 * An IF_RECV with nothing pending is acked 0x4002 and gets no data frame.
 *
 * QEMU reads at most SPDM_SOCKET_MAX_MESSAGE_BUFFER_SIZE (0x1200) bytes of payload per DOE
 * response (hw/pci/pcie_doe.c), so a responder serving QEMU keeps its messages (with the
 * binding) below that, e.g. through its DataTransferSize and chunking.
 *
 * With CSPDM_TRANSPORT_TCP the payload of a NORMAL frame is a DSP0287 message (socket transport
 * type 3, as spdm_responder_emu --trans TCP), or, with cfg.tcp_raw, the DSP0287 messages follow
 * each other alone on the stream (then the spdm-emu commands do not exist: a malformed header
 * closes the connection). Role inquiry and error types are not answered: the connection closes.
 * With cfg.dial_host the server does not listen: it connects to the host, sends the DSP0287
 * ROLE_INQUIRY header bare (as spdm_responder_emu --tcp_sub RI), serves that one connection
 * and returns.
 *
 * Unlike the reference, a peer that goes away (or breaks the framing: wrong transport type,
 * payload over CSPDM_EMU_MAX_PAYLOAD, a malformed binding header) only loses its connection;
 * the server goes back to accept(). An oversized payload is never read. Once a frame has begun,
 * the rest must arrive within 10 s. Replies go out in one write with TCP_NODELAY; TCP_QUICKACK
 * is set after each read.
 */
#ifndef CSPDM_IO_SERVER_H
#define CSPDM_IO_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "cspdm/transport.h"

/* cfg.transport value for QEMU's NVMe storage dialect (not a socket transport type). */
#define CSPDM_SERVER_NVME 16

/* Commands cspdm/transport.h lacks: QEMU's storage ones (include/system/spdm-socket.h) and the
 * out-of-band ones of spdm-emu's command.h (QEMU knows 0x8001 only). */
#define CSPDM_EMU_CMD_STORAGE_IF_SEND	      0x0002
#define CSPDM_EMU_CMD_STORAGE_IF_RECV	      0x0003
#define CSPDM_EMU_CMD_STORAGE_ACK_STATUS      0x0004
#define CSPDM_EMU_CMD_OOB_ENCAP_KEY_UPDATE    0x8001
#define CSPDM_EMU_CMD_OOB_ENCAP_ENDPOINT_INFO 0x8002
/* QEMU numbers its transports UNSPEC 0, MCTP 1, PCI_DOE 2, SCSI 3, NVME 4: its 3 is not
 * spdm-emu's TCP. */
#define CSPDM_EMU_TRANSPORT_QEMU_SCSI 0x03
#define CSPDM_EMU_TRANSPORT_QEMU_NVME 0x04

/* NVMe completion status as QEMU returns it to the guest (include/block/nvme.h). */
#define CSPDM_NVME_SC_SUCCESS	    0x0000
#define CSPDM_NVME_SC_INVALID_FIELD 0x0002
#define CSPDM_NVME_DNR		    0x4000

struct cspdm_server_handler {
	void *priv;
	/* A new connection: reset SPDM state. May be NULL. */
	void (*on_connect)(void *priv);
	/*
	 * One SPDM request in, one SPDM response out; returns the response length (at most cap),
	 * 0 for no response (nothing is sent; over NVMe nothing is pending). Over PCI DOE the
	 * request may end in up to 3 zero bytes of DWORD padding (cf. struct cspdm_io.max_pad).
	 */
	size_t (*process)(void *priv, uint8_t *req, size_t len, uint8_t *rsp, size_t cap);
	/*
	 * Optional: one secured message (DSP0277 record, from the session ID on: MCTP type 0x06,
	 * DOE type 2, storage operation 0x06: the 4 reserved bytes before the record are dropped
	 * on the way in and put back on the way out) in, one out, same conventions. NULL: secured
	 * messages are refused as described above. req is the server's buffer: a handler may
	 * open the record in place.
	 */
	size_t (*process_secured)(void *priv, uint8_t *req, size_t len, uint8_t *rsp, size_t cap);
	/*
	 * Optional: every NORMAL frame's payload (the NONE, MCTP or PCI DOE frame, binding header
	 * included), as it arrived (sent = 0) and once it was sent (sent = 1), in that order;
	 * for captures (--pcap). Not called for the NVMe dialect.
	 */
	void (*on_frame)(void *priv, int sent, const uint8_t *frame, size_t len);
	/* Optional: an out-of-band command (OOB_ENCAP_*) with its payload; 0 when it was done. */
	int (*oob)(void *priv, uint32_t command, const uint8_t *payload, size_t len);
	/*
	 * Optional, for concurrent connections (cfg.max_conns > 1): the handler state of one new
	 * connection to listener `device` (0 .. cfg.listeners-1), passed as priv to the calls
	 * above for that connection instead of priv (NULL: refuse the connection), and released
	 * when it closes. Without them every connection shares priv (then the calls above must
	 * be safe from several threads).
	 */
	void *(*conn_open)(void *priv, unsigned device);
	void (*conn_close)(void *priv, void *conn);
};

struct cspdm_server_cfg {
	const char *bind; /* address or name; NULL = "127.0.0.1"; "::1" and "[::1]" work */
	uint16_t port;	  /* 0 = pick a free one (reported by cspdm_server_open) */
	int transport;	  /* enum cspdm_transport (NONE/MCTP/PCI_DOE/TCP) or CSPDM_SERVER_NVME */
	int tcp_raw;	  /* TCP: DSP0287 messages alone on the stream, no spdm-emu frames */
	const char *dial_host; /* TCP role inquiry: dial this host instead of listening */
	uint16_t dial_port;
	int keep_running;   /* keep accepting after SHUTDOWN */
	int verbose;	    /* log connections and frames to stderr */
	volatile int *stop; /* may be NULL; nonzero stops run() within about 100 ms */
	/*
	 * Concurrency (0 for each: the behaviour described above). max_conns > 1: connections
	 * are served at once, each on a thread of its own, at most max_conns of them (further
	 * ones wait in the listen backlog); SHUTDOWN then closes only its connection, and run()
	 * returns on *stop. idle_timeout_us: a connection with no frame begun for that long is
	 * closed. listeners > 1: listen on port, port+1, ... port+listeners-1 (consecutive; with
	 * port 0 the first is picked free), one emulated device each (conn_open's device).
	 */
	unsigned max_conns;
	uint64_t idle_timeout_us;
	unsigned listeners;
};

struct cspdm_server;

/*
 * Bind and listen. *bound_port (may be NULL) receives the port, useful with cfg->port == 0.
 * cfg and h are copied; h->process is required.
 */
cspdm_status cspdm_server_open(struct cspdm_server **out, const struct cspdm_server_cfg *cfg,
			       const struct cspdm_server_handler *h, uint16_t *bound_port);
/*
 * Accept and serve connections one after another until SHUTDOWN (unless keep_running) or
 * *cfg.stop. Returns CSPDM_OK then; CSPDM_E_IO if accept() fails for good.
 */
cspdm_status cspdm_server_run(struct cspdm_server *s);
/* Close the listening socket and free. NULL is ignored. Not while run() is running. */
void cspdm_server_close(struct cspdm_server *s);
/* The port of listener i (0 when there is none). */
uint16_t cspdm_server_port(const struct cspdm_server *s, unsigned i);
/* Connections accepted so far. */
uint32_t cspdm_server_connections(const struct cspdm_server *s);

/* open + run + close (with cfg->verbose, the port is logged). */
cspdm_status cspdm_server_listen(const struct cspdm_server_cfg *cfg,
				 const struct cspdm_server_handler *h);

#endif
