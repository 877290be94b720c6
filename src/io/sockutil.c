/* SPDX-License-Identifier: BSD-3-Clause */
#include "sockutil.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <time.h>

uint64_t cspdm_now_us(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void cspdm_sock_quickack(int fd)
{
#ifdef TCP_QUICKACK
	int one = 1;

	(void)setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
#else
	(void)fd; /* other systems lack it: the peer's ACK delay stays */
#endif
}
