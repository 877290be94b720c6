/* SPDX-License-Identifier: BSD-3-Clause */
/* The spdm-emu socket client on a connection made elsewhere (the DSP0287 back-end's). */
#ifndef CSPDM_IO_SOCKET_EMU_H
#define CSPDM_IO_SOCKET_EMU_H

#include "cspdm/transport.h"

/* A client speaking over the connected stream fd (a kernel socket: the client reads and writes
 * it directly), which it owns from now on (closed on failure too). */
cspdm_status cspdm_emu_wrap(struct cspdm_emu_client **out, int fd, enum cspdm_transport t);

#endif
