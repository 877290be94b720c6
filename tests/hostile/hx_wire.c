/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Connection-level faults: a crafted spdm-emu socket server (transport NONE) in a thread. It
 * reads request frames, lets our responder answer, and writes the answers back, except that
 * the scenario's fault drips a frame byte by byte, splits it, cuts it off mid-message, closes
 * the connection, stays silent, or sends a header that lies (a 16 MiB payload size, another
 * command or transport type). The requester connects with cspdm_emu_connect.
 */
#include "hostile.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cspdm/transport.h"

#define HDR	CSPDM_EMU_HEADER_SIZE
#define POLL_MS 10000
#define REQ_MAX 4096

struct wire {
	struct hx *h;
	const struct hx_fault *f;
	struct cspdm_responder *rsp;
	void *rsp_mem;
	int lfd;
	uint16_t port;
	uint16_t count[256];
	uint8_t req[REQ_MAX];
	uint8_t out[HDR + HX_MSG_MAX];
};

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void pause_us(uint32_t us)
{
	struct timespec ts = {(time_t)(us / 1000000u), (long)(us % 1000000u) * 1000};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* ---- socket helpers ------------------------------------------------------------------------ */

static int wait_in(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};

	return poll(&p, 1, POLL_MS) == 1 ? 0 : -1;
}

static int read_full(int fd, uint8_t *b, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		if (wait_in(fd))
			return -1;
		r = recv(fd, b + got, n - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

static int write_all(int fd, const uint8_t *b, size_t n)
{
	ssize_t r;

	while (n) {
		r = send(fd, b, n, MSG_NOSIGNAL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Read until the peer closes (or 10 s pass). */
static void drain(int fd)
{
	uint8_t b[256];

	while (!wait_in(fd) && recv(fd, b, sizeof(b), 0) > 0)
		;
}

static void put_header(uint8_t *p, uint32_t command, uint32_t transport, uint32_t size)
{
	uint32_t v[3] = {htonl(command), htonl(transport), htonl(size)};

	memcpy(p, v, sizeof(v));
}

static uint32_t get_be32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return ntohl(v);
}

/* ---- the server ---------------------------------------------------------------------------- */

static int drip(int fd, const uint8_t *b, size_t n, uint32_t us)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (write_all(fd, b + i, 1))
			return -1;
		pause_us(us);
	}
	return 0;
}

/* Answer (n payload bytes in w->out) the scenario's way: 1 keeps serving, 0 closes. */
static int misbehave(struct wire *w, int fd, size_t n)
{
	const struct hx_fault *f = w->f;

	switch (f->kind) {
	case W_DRIP:
		return drip(fd, w->out, HDR + n, f->val) == 0;
	case W_SPLIT:
		if (write_all(fd, w->out, HDR))
			return 0;
		pause_us(f->val);
		return write_all(fd, w->out + HDR, n) == 0;
	case W_CUT_PAYLOAD:
		write_all(fd, w->out, HDR + n / 2);
		return 0;
	case W_CUT_HEADER:
		write_all(fd, w->out, HDR / 2);
		return 0;
	case W_SILENT:
		return 1;
	case W_SIZE:
		put_header(w->out, CSPDM_EMU_CMD_NORMAL, CSPDM_EMU_TRANSPORT_NONE, f->val);
		write_all(fd, w->out, HDR + n);
		drain(fd);
		return 0;
	case W_COMMAND:
		put_header(w->out, f->val, CSPDM_EMU_TRANSPORT_NONE, (uint32_t)n);
		return write_all(fd, w->out, HDR + n) == 0;
	case W_TRANSPORT:
		put_header(w->out, CSPDM_EMU_CMD_NORMAL, f->val, (uint32_t)n);
		return write_all(fd, w->out, HDR + n) == 0;
	default: /* W_CLOSE */
		return 0;
	}
}

static int hit(struct wire *w, uint8_t code)
{
	const struct hx_fault *f = w->f;

	return (!f->req || f->req == code) && (!f->nth || f->nth == w->count[code]);
}

/* One frame in, one (or no) frame out: 1 to go on, 0 to close. */
static int serve_frame(struct wire *w, int fd)
{
	uint8_t hdr[HDR];
	uint32_t size;
	size_t n;
	uint8_t code;

	if (read_full(fd, hdr, HDR))
		return 0;
	size = get_be32(hdr + 8);
	if (get_be32(hdr) == CSPDM_EMU_CMD_SHUTDOWN) {
		write_all(fd, hdr, HDR);
		return 0;
	}
	if (size > REQ_MAX || read_full(fd, w->req, size))
		return 0;
	n = cspdm_responder_process(w->rsp, w->req, size, 0, w->out + HDR, HX_MSG_MAX);
	code = size >= 2 ? w->req[1] : 0;
	w->count[code]++;
	put_header(w->out, CSPDM_EMU_CMD_NORMAL, CSPDM_EMU_TRANSPORT_NONE, (uint32_t)n);
	if (hit(w, code)) {
		w->h->fired++;
		return misbehave(w, fd, n);
	}
	return write_all(fd, w->out, HDR + n) == 0;
}

static void *wire_main(void *arg)
{
	struct wire *w = arg;
	int fd = -1;

	if (!wait_in(w->lfd))
		fd = accept(w->lfd, NULL, NULL);
	if (fd < 0)
		return NULL;
	while (serve_frame(w, fd))
		;
	close(fd);
	return NULL;
}

static int listen_loopback(struct wire *w)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	w->lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (w->lfd < 0 || bind(w->lfd, (struct sockaddr *)&a, sizeof(a)) || listen(w->lfd, 1) ||
	    getsockname(w->lfd, (struct sockaddr *)&a, &al))
		return -1;
	w->port = ntohs(a.sin_port);
	return 0;
}

static int wire_open(struct wire *w, struct hx *h, const struct hx_scenario *sc)
{
	struct cspdm_responder_config cfg;

	memset(w, 0, sizeof(*w));
	w->lfd = -1;
	w->h = h;
	w->f = &sc->f;
	hx_rsp_config(&cfg, sc->setup, 0);
	cfg.crypto = hx_env.wire_ops;
	w->rsp_mem = calloc(1, cspdm_responder_size());
	if (!w->rsp_mem || cspdm_responder_init(&w->rsp, w->rsp_mem, cspdm_responder_size(), &cfg))
		return -1;
	return listen_loopback(w);
}

static void wire_close(struct wire *w)
{
	if (w->lfd >= 0)
		close(w->lfd);
	if (w->rsp)
		cspdm_responder_deinit(w->rsp);
	free(w->rsp_mem);
}

cspdm_status hx_wire_run(struct hx *h, const struct hx_scenario *sc, struct cspdm_context *ctx,
			 uint64_t *elapsed_us)
{
	struct wire *w = malloc(sizeof(*w));
	struct cspdm_emu_client *c = NULL;
	pthread_t th;
	cspdm_status st = CSPDM_E_IO;
	uint64_t t0;

	if (!w || wire_open(w, h, sc) || pthread_create(&th, NULL, wire_main, w)) {
		if (w)
			wire_close(w);
		free(w);
		return CSPDM_E_INVALID_ARG;
	}
	t0 = now_us();
	st = cspdm_emu_connect(&c, "127.0.0.1", w->port, CSPDM_TRANSPORT_NONE);
	if (st == CSPDM_OK)
		st = cspdm_authenticate(ctx, cspdm_emu_io(c));
	*elapsed_us = now_us() - t0;
	cspdm_emu_close(c);
	pthread_join(th, NULL);
	wire_close(w);
	free(w);
	return st;
}
