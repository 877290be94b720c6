/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The responder against a fuzzed requester. The input is the responder header (fuzz_common.h:
 * versions, algorithms, capabilities, ResponseNotReady mask, slots, DataTransferSize, the
 * record binding, the stub's digest mode, an honest session first) and then the requests, each
 * with a u16 LE length (FZ_MSG_SPECIAL: a new connection; FZ_MSG_OTHER: a secured message, for
 * cspdm_responder_process_secured). One responder context with two sessions answers them all,
 * with tiny fixed certificate chains, stub crypto (signatures are zeros; "encryption" is a copy,
 * and with all-zero digests every MAC, verify data and tag is zero, so fuzzed FINISH and records
 * pass) and the default or a large measurement set. With the honest session, our requester
 * opens a session first (its session ID is 0xFFFFFFFF, its records start at sequence number 0).
 *
 * Properties: every request gets a response of at least a valid SPDM header, which answers the
 * request's code or is an ERROR our own decoder accepts; a secured message gets no answer or a
 * record of the same session whose Length covers it exactly, whose plaintext is framed as the
 * binding says (zero tags when digests are zero) and holds such a response; the error status
 * is of the enum; and after cspdm_responder_deinit no hash context, key or AEAD handle is left,
 * nor any byte of the device model's state (its IDE keys, TDI nonces, CXL TSP PSKs: over PCI
 * DOE the model serves the sessions).
 */
#include "fuzz_common.h"

#include <string.h>

#include "core/secured.h"
#include "core/session_ctx.h"
#include "cspdm/session.h"

#define OUT_CAP	     65536
#define MAX_REQUESTS 4096

static uint64_t rsp_mem[8192];
static uint8_t out[OUT_CAP], rec[OUT_CAP];
static struct fz_link link;

/* out (n bytes) answers the request req (len bytes; NULL when it did not open). */
static void check_response(const uint8_t *req, size_t len, const uint8_t *rsp, size_t n)
{
	struct spdm_neg neg = {0};
	struct spdm_error_rsp e;
	struct spdm_version_rsp v;
	uint8_t code;

	FZ_ASSERT(n >= 4 && n <= OUT_CAP);
	FZ_ASSERT(rsp[0] >= CSPDM_V10 && rsp[0] <= CSPDM_V14);
	code = rsp[1];
	FZ_ASSERT(!(code & 0x80));
	neg.version = rsp[0];
	if (code == SPDM_ERROR) {
		FZ_ASSERT(spdm_dec_error(&neg, rsp, n, &e, NULL) == CSPDM_OK);
		return;
	}
	/* anything but an ERROR answers the request (RESPOND_IF_READY: the one held back) */
	FZ_ASSERT(req && len >= 4);
	if (req[1] != SPDM_RESPOND_IF_READY)
		FZ_ASSERT(code == (req[1] & 0x7F));
	if (code == SPDM_VERSION)
		FZ_ASSERT(spdm_dec_version(rsp, n, 0, &v, NULL) == CSPDM_OK);
}

static size_t le(const uint8_t *p, size_t n)
{
	size_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* The plaintext of a record of session s (up to pad bytes after it) as the binding frames it;
 * 0 if it is not framed so. */
static int plain_of(const struct cspdm_session *s, const uint8_t *r, size_t n, size_t pad,
		    const uint8_t **msg, size_t *mlen)
{
	const struct cspdm_secured_binding *b = &s->cfg.binding;
	size_t hdr = 4 + (size_t)b->seq_num_size + 2, body, app, pre = b->app_prefix_len;
	const uint8_t *p = r + hdr;

	if (n < hdr || le(r + hdr - 2, 2) < CSPDM_AEAD_TAG_SIZE || hdr + le(r + hdr - 2, 2) > n ||
	    n - hdr - le(r + hdr - 2, 2) > pad)
		return 0;
	body = le(r + hdr - 2, 2) - CSPDM_AEAD_TAG_SIZE;
	app = s->mac_only ? body : (body >= 2 ? (p[0] | (size_t)p[1] << 8) : 0);
	if (!s->mac_only) {
		if (body < 2 || app > body - 2 || body - 2 - app > b->max_random_pad)
			return 0;
		p += 2;
	}
	if (app < pre || memcmp(p, b->app_prefix, pre))
		return 0;
	*msg = p + pre;
	*mlen = app - pre;
	return 1;
}

static const struct cspdm_session *session_named(const uint8_t *r, size_t n)
{
	const struct cspdm_session *s;
	unsigned i;

	for (i = 0; n >= 4 && i < FZ_RSP_SESSIONS; i++) {
		s = fz_responder_session(i);
		if (s->magic == CSPDM_SESSION_MAGIC && s->session_id == le(r, 4))
			return s;
	}
	return NULL;
}

/* A secured message (opened in place in rec) and the answer in out. */
static void check_secured(size_t len, size_t n, uint32_t max_pad, int zero)
{
	const struct cspdm_session *s = session_named(rec, len);
	const uint8_t *msg = NULL, *req = NULL;
	size_t mlen = 0, rlen = 0, i;

	if (!n)
		return; /* not one of our sessions, or the session is gone */
	FZ_ASSERT(s && !memcmp(out, rec, 4));
	FZ_ASSERT(plain_of(s, out, n, 0, &msg, &mlen));
	for (i = 0; zero && i < CSPDM_AEAD_TAG_SIZE; i++)
		FZ_ASSERT(out[n - 1 - i] == 0);
	if (!plain_of(s, rec, len, max_pad, &req, &rlen))
		req = NULL;
	check_response(req, rlen, msg, mlen);
}

/* Our requester opens a session (when the configuration allows one). */
static void honest_session(struct cspdm_responder *r, const struct cspdm_responder_config *c)
{
	struct cspdm_context *ctx = NULL;
	struct cspdm_session *s = NULL;

	FZ_ASSERT(FZ_STATUS_OK(fz_honest_open(&link, r, &c->binding, &ctx, &s)));
	fz_honest_stop(ctx, s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cspdm_responder_config cfg;
	struct cspdm_responder *r = NULL;
	struct fz_in in;
	const uint8_t *req;
	size_t len, n;
	uint8_t flags, sess;
	uint32_t max_pad;
	int i, secured;

	fz_in_init(&in, data, size);
	fz_responder_parse(&in, &cfg, &flags, &sess);
	max_pad = (flags & FZ_S_PAD) ? 3 : 0;
	fz_crypto_reset((sess & FZ_S4_ZERO) ? FZ_HASH_ZERO : FZ_HASH_FNV, 0);
	FZ_ASSERT(cspdm_responder_size() <= sizeof(rsp_mem));
	FZ_ASSERT(cspdm_responder_init(&r, rsp_mem, sizeof(rsp_mem), &cfg) == CSPDM_OK);
	if (sess & FZ_S4_SESSION)
		honest_session(r, &cfg);
	for (i = 0; i < MAX_REQUESTS && fz_next_msg_kind(&in, &req, &len, &secured); i++) {
		if (len == FZ_MSG_SPECIAL) {
			cspdm_responder_reset(r);
			continue;
		}
		if (secured) {
			memcpy(rec, req, len);
			n = cspdm_responder_process_secured(r, rec, len, max_pad, out, sizeof(out));
			check_secured(len, n, max_pad, (sess & FZ_S4_ZERO) != 0);
		} else {
			n = cspdm_responder_process(r, req, len, max_pad, out, sizeof(out));
			check_response(req, len, out, n);
		}
		FZ_ASSERT(FZ_STATUS_OK(cspdm_responder_last_error(r)->code));
	}
	cspdm_responder_deinit(r);
	fz_crypto_check_released();
	FZ_ASSERT(fz_app_mem_clear());
	return 0;
}
