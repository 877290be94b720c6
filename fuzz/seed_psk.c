/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Seeds for fuzz_psk: seed_psk CORPUS_DIR. Our requester and our responder run honest PSK
 * sessions with each other over the harness's own setup and stub crypto (fuzz_psk.c is
 * included: one configuration for both), for every version, transport, with and without
 * context, MAC-only and with a measurement summary. Each run gives two seeds in
 * CORPUS_DIR/fuzz_psk/: the responder's answers (the requester role) and the requester's
 * requests (the responder role).
 */
#include "fuzz_psk.c"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#define SEED_CAP 65536

static uint8_t seed_req[SEED_CAP], seed_rsp[SEED_CAP], reply[MSG_CAP];
static size_t req_len, rsp_len;

static void put(uint8_t *seed, size_t *len, const uint8_t *msg, size_t n)
{
	size_t at = fz_put_msg(seed, SEED_CAP, *len, msg, n);

	if (!at) {
		fprintf(stderr, "seed_psk: a seed does not fit\n");
		exit(1);
	}
	*len = at;
}

/* The operation begun on s, each request answered by r; both sides recorded. */
static cspdm_status pair_drive(struct cspdm_responder *r, const struct fz_psk *p,
			       struct cspdm_session *s)
{
	struct cspdm_action act;
	size_t n;
	cspdm_status st = cspdm_session_step(s, NULL, 0, CSPDM_MSG_SPDM, &act);

	while (!st && act.kind == CSPDM_ACT_SEND) {
		put(seed_req, &req_len, act.req, act.req_len);
		n = rsp_answer(r, p, act.req, act.req_len);
		put(seed_rsp, &rsp_len, out, n);
		memcpy(reply, out, n);
		st = cspdm_session_step(s, reply, n, reply_kind(p, &act), &act);
	}
	return st;
}

static void write_file(const char *dir, const char *name, const uint8_t *d, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(d, 1, n, f) != n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void pair(const char *dir, const uint8_t hdr[FZ_PSK_HDR])
{
	struct cspdm_meas_query q = {CSPDM_MEAS_ONE_BY_ONE, 0, 0};
	struct cspdm_context *ctx = NULL;
	struct cspdm_responder *r;
	struct cspdm_session *s;
	struct fz_in in;
	struct fz_psk p;
	char name[64];
	cspdm_status st;

	fz_in_init(&in, hdr, FZ_PSK_HDR);
	psk_parse(&in, &p);
	fz_crypto_reset(FZ_HASH_ZERO, 0);
	r = psk_responder(&p);
	s = psk_requester(&p, &ctx);
	memcpy(seed_req, hdr, FZ_PSK_HDR);
	memcpy(seed_rsp, hdr, FZ_PSK_HDR);
	seed_req[0] |= FZ_P_RSP;
	req_len = rsp_len = FZ_PSK_HDR;
	st = cspdm_session_open_begin(s);
	st = st ? st : pair_drive(r, &p, s);
	st = st ? st : cspdm_session_heartbeat_begin(s);
	st = st ? st : pair_drive(r, &p, s);
	st = st ? st : cspdm_session_key_update_begin(s, CSPDM_KEY_UPDATE_ALL_KEYS);
	st = st ? st : pair_drive(r, &p, s);
	st = st ? st : cspdm_session_meas_begin(s, &q);
	st = st ? st : pair_drive(r, &p, s);
	st = st ? st : cspdm_session_end_begin(s, 0);
	st = st ? st : pair_drive(r, &p, s);
	if (st) {
		fprintf(stderr, "seed_psk: an honest session failed: %s\n", cspdm_status_name(st));
		exit(1);
	}
	snprintf(name, sizeof(name), "seed-%02x%02x%02x-answers", hdr[0], hdr[1], hdr[2]);
	write_file(dir, name, seed_rsp, rsp_len);
	snprintf(name, sizeof(name), "seed-%02x%02x%02x-requests", hdr[0], hdr[1], hdr[2]);
	write_file(dir, name, seed_req, req_len);
	cspdm_session_deinit(s);
	cspdm_deinit(ctx);
	cspdm_responder_deinit(r);
	fz_crypto_check_released();
}

int main(int argc, char **argv)
{
	static const uint8_t flags[] = {0, FZ_P_NO_CTX, FZ_P_MAC | FZ_P_SUMMARY};
	uint8_t hdr[FZ_PSK_HDR] = {0};
	char dir[4096];
	unsigned v, t, f;

	if (argc != 2) {
		fprintf(stderr, "usage: seed_psk CORPUS_DIR\n");
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s/fuzz_psk", argv[1]);
	if ((mkdir(argv[1], 0755) && errno != EEXIST) || (mkdir(dir, 0755) && errno != EEXIST)) {
		perror(dir);
		return 1;
	}
	for (v = 0; v < 4; v++)
		for (t = 0; t < 3; t++)
			for (f = 0; f < sizeof(flags); f++) {
				hdr[0] = flags[f];
				hdr[1] = (uint8_t)v;
				hdr[2] = (uint8_t)t;
				pair(dir, hdr);
			}
	printf("seed_psk: %u sessions, %u seeds in %s\n", 4 * 3 * 3, 2 * 4 * 3 * 3, dir);
	return 0;
}
