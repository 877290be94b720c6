/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Seed fuzz_mutual: seed_mutual CORPUS_DIR. Our requester (with an identity) and our responder
 * (asking for mutual authentication) talk in-process with the stub crypto (fuzz_common.h) over
 * the NONE binding, for each mode (basic; encap, digests, wo-encap in KEY_EXCHANGE_RSP) on
 * each version 1.1-1.4: authentication, a session, then the encapsulated KEY_UPDATE inside it.
 * Each run gives three seeds, written under CORPUS_DIR/fuzz_mutual/ named by content hash: the
 * responder's answers (the requester role), the requester's messages (the responder role) and
 * both in order (the passive check).
 */
#include "fuzz_common.h"

#include "core/session_ctx.h"
#include "cspdm/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CONV_CAP 65536

static uint64_t ctx_mem[8192], s_mem[512], rsp_mem[8192], sess_mem[2][512];
static uint8_t tx[8192], rx[8192];
static struct fz_link link; /* the NONE binding: all-zero (records are not marked) */

struct seed {
	uint8_t buf[CONV_CAP];
	size_t len;
};

static struct seed to_req, to_rsp, both; /* the requester role's input, the responder role's,
					   the observer's (both directions) */
static struct cspdm_responder *rsp;
static const char *dir;

static void write_seed(const struct seed *s)
{
	fz_write_seed(dir, "fuzz_mutual", s->buf, s->len);
}

static void put(struct seed *s, const uint8_t *m, size_t n)
{
	size_t at = fz_put_msg(s->buf, sizeof(s->buf), s->len, m, n);

	if (at)
		s->len = at;
}

/* The link's tap: requests to the responder role's seed, responses to the requester role's,
 * both to the observer's. */
static void tap(void *priv, int response, enum cspdm_msg_kind kind, const uint8_t *msg, size_t len)
{
	(void)priv;
	(void)kind;
	put(response ? &to_req : &to_rsp, msg, len);
	put(&both, msg, len);
}

/* The seeds' headers: the requester role's (fuzz_common.h) and the responder role's. */
static void headers(uint8_t ver, uint8_t mut, int known, struct fz_requester *r)
{
	uint8_t h[1 + FZ_REQ_HDR + 2], g[4];
	struct fz_in in;

	memset(h, 0, sizeof(h));
	h[2] = h[3] = (uint8_t)(ver - CSPDM_V10); /* max_version, min_version */
	h[1 + FZ_REQ_HDR] = 7;			  /* the identity: ECDSA P-384, slot 0 */
	memcpy(to_req.buf, h, sizeof(h));
	to_req.len = sizeof(h);
	fz_in_init(&in, h + 1, FZ_REQ_HDR);
	fz_requester_parse(&in, r);
	fz_mutual_identity(&r->cfg, 7, 0);
	r->cfg.on_signature = NULL; /* sessions: KEY_EXCHANGE_RSP's too */
	r->cfg.rx_buf = rx;
	r->cfg.rx_cap = sizeof(rx);
	g[0] = (uint8_t)(1 | mut << 1);
	g[1] = (uint8_t)known;
	g[2] = (uint8_t)(ver - CSPDM_V11);
	g[3] = 7;
	memcpy(to_rsp.buf, g, sizeof(g));
	to_rsp.len = sizeof(g);
	both.buf[0] = 2; /* the observer role */
	both.len = 1;
}

/* One conversation: authenticate, a session, the device's encapsulated KEY_UPDATE in it. */
static const char *converse(struct fz_requester *r, const struct cspdm_io *io)
{
	static const uint8_t arm[2] = {0xEE, 0};
	struct cspdm_session_config sc;
	struct cspdm_session_info i;
	struct cspdm_context *ctx = NULL;
	struct cspdm_session *s = NULL;
	const char *what = "setup";

	cspdm_session_config_defaults(&sc);
	sc.tx_buf = tx;
	sc.tx_cap = sizeof(tx);
	if (cspdm_init(&ctx, ctx_mem, sizeof(ctx_mem), &r->cfg) ||
	    cspdm_session_init(&s, s_mem, sizeof(s_mem), ctx, &sc))
		return what;
	what = "authenticate";
	if (!cspdm_authenticate(ctx, io) && (what = "session") && !cspdm_session_open(s, io) &&
	    !cspdm_session_get_info(s, &i)) {
		what = "encapsulated KEY_UPDATE";
		put(&to_rsp, arm, sizeof(arm));
		if (!cspdm_responder_encap_key_update(rsp, i.session_id) &&
		    !cspdm_session_encap(s, io))
			what = "done";
	}
	if (strcmp(what, "done"))
		printf("    %s: %s at %s\n", what, cspdm_status_name(cspdm_last_error(ctx)->code),
		       cspdm_last_error(ctx)->field ? cspdm_last_error(ctx)->field : "-");
	cspdm_session_deinit(s);
	cspdm_deinit(ctx);
	return what;
}

int main(int argc, char **argv)
{
	static const uint8_t modes[] = {CSPDM_MUT_BASIC, CSPDM_MUT_ENCAP, CSPDM_MUT_DIGESTS,
					CSPDM_MUT_WO_ENCAP, CSPDM_MUT_BASIC | CSPDM_MUT_ENCAP};
	static struct cspdm_responder_config c;
	static struct fz_requester r;
	static const struct cspdm_secured_binding none;
	unsigned m, n = 0;
	uint8_t v;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	(void)mkdir(dir, 0755);
	for (v = CSPDM_V11; v <= CSPDM_V14; v++)
		for (m = 0; m < sizeof(modes); m++) {
			fz_crypto_reset(FZ_HASH_ZERO, 1);
			headers(v, modes[m], modes[m] == CSPDM_MUT_WO_ENCAP, &r);
			fz_mutual_responder(&c, v, CSPDM_ASYM_ECDSA_P384, modes[m], 0,
					    modes[m] == CSPDM_MUT_WO_ENCAP, sess_mem);
			if (cspdm_responder_init(&rsp, rsp_mem, sizeof(rsp_mem), &c))
				return 1;
			fz_link_init(&link, rsp, &none);
			link.tap = tap;
			printf("  %u.%u mode 0x%x: %s\n", v >> 4, v & 15, modes[m],
			       converse(&r, &link.io));
			cspdm_responder_deinit(rsp);
			write_seed(&to_req);
			write_seed(&to_rsp);
			write_seed(&both);
			n += 3;
		}
	printf("seed_mutual: %u seeds\n", n);
	return 0;
}
