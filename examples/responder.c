/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A minimal SPDM device on libcspdm's public API: a generated ECDSA P-384 identity, the
 * built-in measurements, served to one requester over the spdm-emu socket protocol (MCTP).
 *   responder [PORT [ROOT.pem]]   (PORT 0 or none: any free port; ROOT.pem: its root, to trust)
 * It prints "listening on 127.0.0.1:PORT" and stops when the requester sends SHUTDOWN.
 * Build: cc responder.c $(pkg-config --cflags --libs cspdm)
 */
#define _POSIX_C_SOURCE 200809L /* the sockets, with -std=c11 */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cspdm/responder.h>
#include <cspdm/transport.h>

#define FRAME_CAP (CSPDM_EMU_HEADER_SIZE + CSPDM_EMU_MAX_PAYLOAD)

static int read_all(int fd, uint8_t *p, size_t n)
{
	ssize_t got;

	for (; n; p += got, n -= (size_t)got)
		if ((got = read(fd, p, n)) <= 0)
			return -1;
	return 0;
}

/* The spdm-emu header: command, transport, size, each a big-endian u32. */
static int send_frame(int fd, uint32_t cmd, const uint8_t *payload, size_t len)
{
	static uint8_t out[FRAME_CAP];
	uint32_t h[3] = {htonl(cmd), htonl(CSPDM_EMU_TRANSPORT_MCTP), htonl((uint32_t)len)};
	size_t i;

	memcpy(out, h, sizeof(h));
	for (i = 0; i < len; i++)
		out[sizeof(h) + i] = payload[i];
	return write(fd, out, sizeof(h) + len) == (ssize_t)(sizeof(h) + len) ? 0 : -1;
}

/* One NORMAL frame: the MCTP message in, the responder's answer out. */
static int answer(int fd, struct cspdm_responder *r, const uint8_t *frame, size_t len)
{
	static uint8_t rsp[CSPDM_EMU_MAX_PAYLOAD], out[CSPDM_EMU_MAX_PAYLOAD];
	const uint8_t *req;
	size_t req_len, rsp_len, out_len;
	uint8_t type;

	if (cspdm_transport_decode(CSPDM_TRANSPORT_MCTP, frame, len, &req, &req_len, &type) ||
	    type != CSPDM_MCTP_TYPE_SPDM)
		return -1;
	rsp_len = cspdm_responder_process(r, req, req_len, 0, rsp,
					  sizeof(rsp) - CSPDM_TRANSPORT_OVERHEAD);
	if (cspdm_transport_encode(CSPDM_TRANSPORT_MCTP, rsp, rsp_len, out, sizeof(out), &out_len))
		return -1;
	return send_frame(fd, CSPDM_EMU_CMD_NORMAL, out, out_len);
}

static int serve(int fd, struct cspdm_responder *r)
{
	static uint8_t payload[CSPDM_EMU_MAX_PAYLOAD];
	uint8_t raw[CSPDM_EMU_HEADER_SIZE];
	struct cspdm_emu_header h;

	while (read_all(fd, raw, sizeof(raw)) == 0) {
		cspdm_emu_header_decode(raw, &h);
		if (h.size > sizeof(payload) || read_all(fd, payload, h.size))
			return -1;
		if (h.command == CSPDM_EMU_CMD_SHUTDOWN)
			return send_frame(fd, h.command, NULL, 0);
		if (h.command != CSPDM_EMU_CMD_NORMAL || answer(fd, r, payload, h.size))
			return -1;
	}
	return -1;
}

static int listen_on(uint16_t port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 1) ||
	    getsockname(fd, (struct sockaddr *)&a, &len))
		return -1;
	printf("listening on 127.0.0.1:%u\n", ntohs(a.sin_port));
	fflush(stdout);
	return fd;
}

int main(int argc, char **argv)
{
	struct cspdm_responder_config cfg;
	struct cspdm_identity id;
	struct cspdm_openssl *ossl = NULL;
	struct cspdm_responder *r = NULL;
	void *mem = aligned_alloc(8, (cspdm_responder_size() + 7) & ~(size_t)7);
	int lfd, fd = -1, rc = 1;

	if (!mem || cspdm_openssl_new(&ossl, NULL) ||
	    cspdm_identity_generate(CSPDM_ASYM_ECDSA_P384, NULL, 0, &id))
		return 1;
	if (argc > 2 && cspdm_identity_export_root(&id, argv[2]))
		return 1;
	cspdm_responder_config_defaults(&cfg);
	cfg.crypto = cspdm_openssl_ops(ossl);
	cfg.base_asym = id.asym;
	cfg.slots[0].certs = id.chain;
	cfg.slots[0].certs_len = id.chain_len;
	cfg.slots[0].key = id.key;
	lfd = listen_on(argc > 1 ? (uint16_t)atoi(argv[1]) : 0);
	if (lfd >= 0 && cspdm_responder_init(&r, mem, cspdm_responder_size(), &cfg) == CSPDM_OK &&
	    (fd = accept(lfd, NULL, NULL)) >= 0)
		rc = serve(fd, r) ? 1 : 0;
	if (r)
		cspdm_responder_deinit(r);
	close(fd);
	close(lfd);
	cspdm_identity_free(&id);
	cspdm_openssl_free(ossl);
	free(mem);
	return rc;
}
