/* SPDX-License-Identifier: BSD-3-Clause */
/* Small socket helpers shared by the spdm-emu client and server. */
#ifndef CSPDM_IO_SOCKUTIL_H
#define CSPDM_IO_SOCKUTIL_H

#include <stdint.h>

/* CLOCK_MONOTONIC in microseconds (0 if the clock fails). */
uint64_t cspdm_now_us(void);
/* TCP_QUICKACK: a hint Linux clears after the next ACK, so set it again after every read. */
void cspdm_sock_quickack(int fd);

struct wr;
/* Append an spdm-emu socket header to a bounded writer (src/codec/writer.h). */
void cspdm_emu_header_put(struct wr *w, uint32_t command, uint32_t transport, uint32_t size);

#endif
