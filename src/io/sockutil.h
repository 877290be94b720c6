/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stream socket helpers shared by the spdm-emu client, the DSP0287 back-end and the server.
 * All but cspdm_now_us go through a syscall table (io/sys.h).
 */
#ifndef CSPDM_IO_SOCKUTIL_H
#define CSPDM_IO_SOCKUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "cspdm/cspdm.h"

struct cspdm_sys;

/* CLOCK_MONOTONIC in microseconds (0 if the clock fails). */
uint64_t cspdm_now_us(void);
/* TCP_QUICKACK: a hint Linux clears after the next ACK, so set it again after every read. */
void cspdm_sock_quickack(const struct cspdm_sys *sys, int fd);

/* Write all of buf. CSPDM_E_IO if the peer is gone or stops reading for 10 s. */
cspdm_status cspdm_stream_write(const struct cspdm_sys *sys, int fd, const uint8_t *buf,
				size_t len);
/*
 * Read exactly len bytes before deadline_us (sys clock; 0 = none). *got tells how far it came,
 * so that a caller can tell a quiet peer (timeout, nothing read) from a torn frame.
 * CSPDM_E_TIMEOUT, or CSPDM_E_IO when the peer closes or the read fails.
 */
cspdm_status cspdm_stream_read(const struct cspdm_sys *sys, int fd, uint8_t *buf, size_t len,
			       uint64_t deadline_us, size_t *got);

/* Connect to host:port (TCP, any address family), with a 5 s timeout and TCP_NODELAY set. */
int cspdm_tcp_dial(const struct cspdm_sys *sys, const char *host, uint16_t port, cspdm_status *st);
/* Listen on host:port ("[v6]" works; port 0: any), one connection at a time; *bound (may be
 * NULL) receives the port. -1 if it cannot. */
int cspdm_tcp_listen(const struct cspdm_sys *sys, const char *host, uint16_t port, uint16_t *bound);
/* Accept one connection before deadline_us (0 = none), TCP_NODELAY set. */
int cspdm_tcp_accept(const struct cspdm_sys *sys, int lfd, uint64_t deadline_us, cspdm_status *st);

struct wr;
/* Append an spdm-emu socket header to a bounded writer (src/codec/writer.h). */
void cspdm_emu_header_put(struct wr *w, uint32_t command, uint32_t transport, uint32_t size);

#endif
