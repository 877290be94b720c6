/* SPDX-License-Identifier: BSD-3-Clause */
/* Stream socket helpers (sockutil.h). */
#include "sockutil.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#include "io/sys.h"

#define CONNECT_TIMEOUT_S 5
#define SEND_TIMEOUT_S	  10

uint64_t cspdm_now_us(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void cspdm_sock_quickack(const struct cspdm_sys *sys, int fd)
{
#ifdef TCP_QUICKACK
	int one = 1;

	(void)sys->setsockopt(sys->priv, fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof(one));
#else
	(void)sys;
	(void)fd; /* other systems lack it: the peer's ACK delay stays */
#endif
}

cspdm_status cspdm_stream_write(const struct cspdm_sys *sys, int fd, const uint8_t *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = sys->sendto(sys->priv, fd, buf + done, len - done, 0, NULL, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return CSPDM_E_IO;
		done += (size_t)n;
	}
	return CSPDM_OK;
}

/* Wait until fd is readable or the deadline passes. */
static cspdm_status wait_readable(const struct cspdm_sys *sys, int fd, uint64_t deadline_us)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};

	for (;;) {
		int r = sys->poll(sys->priv, &p, 1, cspdm_sys_poll_ms(sys, deadline_us));

		if (r > 0)
			return CSPDM_OK;
		if (r == 0)
			return CSPDM_E_TIMEOUT;
		if (errno != EINTR)
			return CSPDM_E_IO;
	}
}

cspdm_status cspdm_stream_read(const struct cspdm_sys *sys, int fd, uint8_t *buf, size_t len,
			       uint64_t deadline_us, size_t *got)
{
	*got = 0;
	while (*got < len) {
		cspdm_status st = wait_readable(sys, fd, deadline_us);
		ssize_t n;

		if (st != CSPDM_OK)
			return st;
		n = sys->recvfrom(sys->priv, fd, buf + *got, len - *got, 0, NULL, NULL);
		if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		if (n <= 0)
			return CSPDM_E_IO; /* error, or the peer closed */
		*got += (size_t)n;
		cspdm_sock_quickack(sys, fd);
	}
	return CSPDM_OK;
}

static bool set_timeout(const struct cspdm_sys *sys, int fd, int which, long seconds)
{
	struct timeval tv = {.tv_sec = seconds};

	return sys->setsockopt(sys->priv, fd, SOL_SOCKET, which, &tv, sizeof(tv)) == 0;
}

static bool nodelay(const struct cspdm_sys *sys, int fd)
{
	int one = 1;

	return sys->setsockopt(sys->priv, fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0;
}

/* Linux bounds a blocking connect() by the send timeout; it stays as the send timeout. */
static int dial_one(const struct cspdm_sys *sys, const struct addrinfo *ai, cspdm_status *st)
{
	int fd = sys->socket(sys->priv, ai->ai_family, ai->ai_socktype, ai->ai_protocol);

	*st = CSPDM_E_IO;
	if (fd < 0)
		return -1;
	if (!set_timeout(sys, fd, SO_SNDTIMEO, CONNECT_TIMEOUT_S) ||
	    sys->connect(sys->priv, fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		if (errno == EINPROGRESS || errno == EAGAIN || errno == ETIMEDOUT)
			*st = CSPDM_E_TIMEOUT;
		sys->close(sys->priv, fd);
		return -1;
	}
	if (!nodelay(sys, fd) || !set_timeout(sys, fd, SO_SNDTIMEO, SEND_TIMEOUT_S)) {
		sys->close(sys->priv, fd);
		return -1;
	}
	*st = CSPDM_OK;
	return fd;
}

static struct addrinfo *resolve(const char *host, uint16_t port, bool passive)
{
	struct addrinfo hints, *res = NULL;
	char serv[8];

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	hints.ai_flags = passive ? AI_PASSIVE : 0;
	(void)snprintf(serv, sizeof(serv), "%u", (unsigned)port);
	return getaddrinfo(host, serv, &hints, &res) == 0 ? res : NULL;
}

int cspdm_tcp_dial(const struct cspdm_sys *sys, const char *host, uint16_t port, cspdm_status *st)
{
	struct addrinfo *res = resolve(host, port, false), *ai;
	int fd = -1;

	*st = CSPDM_E_IO;
	for (ai = res; ai && fd < 0; ai = ai->ai_next)
		fd = dial_one(sys, ai, st);
	if (res)
		freeaddrinfo(res);
	return fd;
}

static int listen_one(const struct cspdm_sys *sys, const struct addrinfo *ai)
{
	int one = 1;
	int fd = sys->socket(sys->priv, ai->ai_family, ai->ai_socktype, ai->ai_protocol);

	if (fd < 0)
		return -1;
	(void)sys->setsockopt(sys->priv, fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (sys->bind(sys->priv, fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    sys->listen(sys->priv, fd, 4) != 0) {
		sys->close(sys->priv, fd);
		return -1;
	}
	return fd;
}

/* "[v6]" -> "v6"; anything else as is. */
static bool host_copy(const char *host, char *out, size_t cap)
{
	size_t n = strlen(host);

	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		host++;
		n -= 2;
	}
	if (n == 0 || n >= cap)
		return false;
	memcpy(out, host, n);
	out[n] = '\0';
	return true;
}

static uint16_t local_port(const struct cspdm_sys *sys, int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (sys->getsockname(sys->priv, fd, (struct sockaddr *)&ss, &len) != 0)
		return 0;
	if (ss.ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)&ss)->sin_port);
	if (ss.ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)&ss)->sin6_port);
	return 0;
}

int cspdm_tcp_listen(const struct cspdm_sys *sys, const char *host, uint16_t port, uint16_t *bound)
{
	struct addrinfo *res, *ai;
	char h[256];
	int fd = -1;

	if (!host_copy(host ? host : "127.0.0.1", h, sizeof(h)))
		return -1;
	res = resolve(h, port, true);
	for (ai = res; ai && fd < 0; ai = ai->ai_next)
		fd = listen_one(sys, ai);
	if (res)
		freeaddrinfo(res);
	if (fd >= 0 && bound)
		*bound = local_port(sys, fd);
	return fd;
}

int cspdm_tcp_accept(const struct cspdm_sys *sys, int lfd, uint64_t deadline_us, cspdm_status *st)
{
	int fd;

	*st = wait_readable(sys, lfd, deadline_us);
	if (*st != CSPDM_OK)
		return -1;
	fd = sys->accept(sys->priv, lfd);
	if (fd < 0 || !nodelay(sys, fd) || !set_timeout(sys, fd, SO_SNDTIMEO, SEND_TIMEOUT_S)) {
		if (fd >= 0)
			sys->close(sys->priv, fd);
		*st = CSPDM_E_IO;
		return -1;
	}
	return fd;
}
