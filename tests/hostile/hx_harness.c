/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The in-process hostile device: a struct cspdm_io whose send() hands the request to our
 * responder and whose recv() returns the responder's answer after the scenario's fault. The
 * fault hits the nth response to one request code: replace, mutate, truncate, extend, drop
 * (the wait times out at once: nothing really waits), delay (compared with the requester's
 * timeout), answer ERROR, or hold the answer behind ResponseNotReady. sleep_us only counts.
 */
#include "hostile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/chunk.h"
#include "testutil.h"

/* ---- little-endian fields ------------------------------------------------------------------ */

void hx_put_le(uint8_t *p, unsigned width, uint32_t v)
{
	unsigned i;

	for (i = 0; i < width; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

uint32_t hx_get_le(const uint8_t *p, unsigned width)
{
	uint32_t v = 0;
	unsigned i;

	for (i = 0; i < width; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

/* ---- byte-level faults --------------------------------------------------------------------- */

size_t hx_offset(const struct hx *h, const struct hx_fault *f, size_t len, int *ok)
{
	long off = (long)f->at + (long)f->nh * (long)h->hsize;

	if (f->at < 0)
		off += (long)len;
	if (off < 0 || (size_t)off > len) {
		*ok = 0;
		return 0;
	}
	return (size_t)off;
}

/* The fault does not fit the message: note it (the scenario fails) and change nothing. */
static size_t misfit(struct hx *h, size_t len)
{
	h->bad++;
	return len;
}

static size_t insert(uint8_t *m, size_t len, size_t off, size_t n, uint8_t fill)
{
	memmove(m + off + n, m + off, len - off);
	memset(m + off, fill, n);
	return len + n;
}

size_t hx_mutate(struct hx *h, const struct hx_fault *f, uint8_t *m, size_t len, size_t cap)
{
	int ok = 1;
	size_t off = hx_offset(h, f, len, &ok);
	int n;

	switch (f->kind) {
	case F_TRUNC:
		return f->n <= len ? len - f->n : misfit(h, len);
	case F_KEEP:
		return f->n < len ? f->n : misfit(h, len);
	case F_APPEND:
		if (len + f->n > cap)
			return misfit(h, len);
		memset(m + len, (int)(uint8_t)f->val, f->n);
		return len + f->n;
	case F_SET:
	case F_ADD:
		if (!ok || !f->width || f->width > 4 || off + f->width > len)
			return misfit(h, len);
		hx_put_le(m + off, f->width,
			  f->kind == F_SET ? f->val : hx_get_le(m + off, f->width) + f->val);
		return len;
	case F_XOR:
		if (!ok || off >= len)
			return misfit(h, len);
		m[off] ^= (uint8_t)f->val;
		return len;
	case F_FILL:
		if (!ok || off + f->n > len)
			return misfit(h, len);
		memset(m + off, (int)(uint8_t)f->val, f->n);
		return len;
	case F_INSERT:
		if (!ok || len + f->n > cap)
			return misfit(h, len);
		return insert(m, len, off, f->n, (uint8_t)f->val);
	case F_CUT:
		if (!ok || off + f->n > len)
			return misfit(h, len);
		memmove(m + off, m + off + f->n, len - off - f->n);
		return len - f->n;
	case F_REPLACE:
		n = tu_hex(f->hex, m, cap);
		return n >= 0 ? (size_t)n : misfit(h, len);
	case F_HOOK:
		return f->hook(h, m, len, f);
	default:
		return misfit(h, len);
	}
}

/* ---- the device ---------------------------------------------------------------------------- */

/* The device's chunk storage (HX_CHUNK_ON). */
static uint8_t dev_chunks[HX_CHUNK_CAP];

void hx_rsp_config(struct cspdm_responder_config *cfg, uint32_t setup, int honest)
{
	const struct hx_chain *c = hx_chain(HX_CHAIN_OF(setup));

	cspdm_responder_config_defaults(cfg);
	cfg->crypto = hx_env.rsp_ops;
	cfg->base_asym = c->asym;
	cfg->slots[0].certs = c->der;
	cfg->slots[0].certs_len = c->len;
	cfg->slots[0].key = c->key;
	if (setup & HX_CHUNK_ON)
		cfg->data_transfer_size = SPDM_MIN_DATA_TRANSFER_SIZE_12;
	if (setup & (HX_CHUNK_ON | HX_DEV_CHUNK)) {
		cfg->chunk_buf = dev_chunks;
		cfg->chunk_cap = sizeof(dev_chunks);
		cfg->max_msg_size = sizeof(dev_chunks);
	}
	if (honest) {
		cfg->slots[1] = cfg->slots[0];
		return;
	}
	if (setup & HX_DEV_NR_CHAL)
		cfg->not_ready_mask |= 1u << (SPDM_CHALLENGE & 0x1F);
	if (setup & HX_DEV_NR_CERT)
		cfg->not_ready_mask |= 1u << (SPDM_GET_CERTIFICATE & 0x1F);
	if (setup & HX_DEV_NO_MEAS)
		cfg->caps &= ~SPDM_CAP_MEAS_MASK;
	if (setup & HX_DEV_KEY_EX)
		cfg->caps |= SPDM_CAP_KEY_EX | SPDM_CAP_ENCRYPT | SPDM_CAP_MAC;
	if (setup & HX_DEV_NO_CHAL)
		cfg->caps &= ~SPDM_CAP_CHAL;
	if (setup & HX_DEV_NO_CERT)
		cfg->caps &= ~SPDM_CAP_CERT;
	if (setup & HX_DEV_MAX_11)
		cfg->max_version = CSPDM_V11;
	if (setup & HX_DEV_MAX_12)
		cfg->max_version = CSPDM_V12;
}

int hx_device(struct hx *h, const struct cspdm_responder_config *cfg)
{
	if (h->rsp)
		cspdm_responder_deinit(h->rsp);
	h->rsp = NULL;
	h->rcfg = *cfg;
	h->f = NULL;
	h->holding = 0;
	if (cspdm_responder_init(&h->rsp, h->rsp_mem, cspdm_responder_size(), &h->rcfg))
		return -1;
	return 0;
}

void hx_clear_counts(struct hx *h)
{
	memset(h->count, 0, sizeof(h->count));
	h->sends = h->sleeps = h->fired = h->bad = 0;
	h->slept_us = 0;
	h->holding = 0;
	h->nr_sent = 0;
}

/* ---- what the requester sees: the negotiated parameters and M1/M2 --------------------------- */

static void learn(struct hx *h, uint8_t code)
{
	const uint8_t *m = h->out;

	if (h->out_len < 4 || m[1] == SPDM_ERROR)
		return;
	if (code == SPDM_GET_CAPABILITIES)
		h->ver = m[0];
	if (code == SPDM_NEGOTIATE_ALGORITHMS && h->out_len >= 20) {
		h->asym = hx_get_le(m + 12, 4);
		h->hash = hx_get_le(m + 16, 4);
		h->hsize = cspdm_hash_size(h->hash);
		h->ssize = cspdm_sig_size(h->asym);
	}
}

static void tr_add(struct hx *h, const uint8_t *d, size_t n)
{
	if (h->tr_len + n > HX_TR_MAX) {
		h->bad++;
		return;
	}
	memcpy(h->tr + h->tr_len, d, n);
	h->tr_len += n;
}

/* The pairs the requester hashes into M1/M2 before CHALLENGE (delivered bytes, no ERRORs). */
static void transcribe(struct hx *h, uint8_t code)
{
	if (code == SPDM_GET_VERSION)
		h->tr_len = h->vca_len = 0;
	if (h->out_len < 2 || h->out[1] == SPDM_ERROR || code == SPDM_CHALLENGE ||
	    code == SPDM_GET_MEASUREMENTS || code == SPDM_RESPOND_IF_READY)
		return;
	tr_add(h, h->req, h->req_len);
	tr_add(h, h->out, h->out_len);
	if (code == SPDM_NEGOTIATE_ALGORITHMS)
		h->vca_len = h->tr_len;
}

/* An honest run keeps its answers for replays, by request code and count. */
static void save(struct hx *h, uint8_t code)
{
	struct hx_saved *s;

	if (!h->saving || h->n_saved >= HX_SAVED_MAX)
		return;
	s = &h->saved[h->n_saved];
	s->msg = malloc(h->out_len ? h->out_len : 1);
	if (!s->msg)
		return;
	memcpy(s->msg, h->out, h->out_len);
	s->len = h->out_len;
	s->code = code;
	s->nth = (uint8_t)h->count[code];
	h->n_saved++;
}

/* ---- ERROR and ResponseNotReady -------------------------------------------------------------- */

/* An ERROR carries the version of the request it answers. */
void hx_error(struct hx *h, uint8_t v, uint8_t code, uint8_t data)
{
	struct spdm_error_rsp e;

	memset(&e, 0, sizeof(e));
	e.code = code;
	e.data = data;
	if (spdm_enc_error(v, &e, h->out, HX_MSG_MAX, &h->out_len))
		h->bad++;
}

const char *hx_error_answer(uint8_t code, int16_t data, const uint8_t *out, size_t n)
{
	static char buf[160];

	/* the ERROR inside a CHUNK_SEND_ACK (EarlyErrorDetected, or the large request's) */
	if (out && n > SPDM_CHUNK_ACK_HDR(out[0]) && out[1] == SPDM_CHUNK_SEND_ACK) {
		n -= SPDM_CHUNK_ACK_HDR(out[0]);
		out += SPDM_CHUNK_ACK_HDR(out[0]);
	}
	if (out && n >= 4 && out[1] == SPDM_ERROR && out[2] == code && (data < 0 || out[3] == data))
		return NULL;
	snprintf(buf, sizeof(buf),
		 "expected ERROR 0x%02x/0x%02x, got %zu bytes %02x %02x %02x %02x", code,
		 data < 0 ? 0 : data, n, out && n > 0 ? out[0] : 0, out && n > 1 ? out[1] : 0,
		 out && n > 2 ? out[2] : 0, out && n > 3 ? out[3] : 0);
	return buf;
}

static void not_ready(struct hx *h, const struct hx_fault *f, uint8_t code)
{
	struct spdm_error_rsp e;

	memset(&e, 0, sizeof(e));
	e.code = SPDM_ERR_RESPONSE_NOT_READY;
	e.rdt_exponent = f->p2;
	e.request_code = f->p1 ? f->p1 : code;
	e.token = ++h->token;
	e.rdtm = 1;
	if (spdm_enc_error(h->req[0], &e, h->out, HX_MSG_MAX, &h->out_len))
		h->bad++;
	h->nr_sent++;
}

static void hold(struct hx *h, const struct hx_fault *f, uint8_t code)
{
	memcpy(h->held, h->out, h->out_len);
	h->held_len = h->out_len;
	h->holding = 1;
	h->nr_sent = 0;
	not_ready(h, f, code);
}

/* RESPOND_IF_READY while the harness holds an answer: again not ready, or the answer. */
static void respond_if_ready(struct hx *h)
{
	const struct hx_fault *f = h->f;

	h->count[SPDM_RESPOND_IF_READY]++;
	if (!f->n || h->nr_sent < f->n) {
		not_ready(h, f, f->req);
		return;
	}
	memcpy(h->out, h->held, h->held_len);
	h->out_len = h->held_len;
	h->holding = 0;
}

/* ---- the io ---------------------------------------------------------------------------------- */

int hx_matches(const struct hx *h, const struct hx_fault *f, uint8_t code)
{
	unsigned c = h->count[code];

	if (f->kind == F_NONE || f->kind >= W_DRIP || (f->req && f->req != code))
		return 0;
	if (f->kind == F_ERROR && !f->nth && f->n)
		return c <= f->n; /* the first n responses */
	return !f->nth || f->nth == c;
}

static void apply(struct hx *h, const struct hx_fault *f, uint8_t code)
{
	h->fired++;
	switch (f->kind) {
	case F_DROP:
		h->drop = 1;
		break;
	case F_DELAY:
		h->delay_us = f->val;
		break;
	case F_NOT_READY:
		hold(h, f, code);
		break;
	case F_IO:
		h->io_fail = 1;
		break;
	case F_KIND: /* a plaintext answer delivered as a secured message */
		h->out_kind = CSPDM_MSG_SECURED;
		break;
	default:
		h->out_len = hx_mutate(h, f, h->out, h->out_len, HX_MSG_MAX);
		break;
	}
}

static cspdm_status hx_send(void *priv, enum cspdm_msg_kind kind, const uint8_t *req, size_t len)
{
	struct hx *h = priv;
	const struct hx_fault *f = h->f;
	uint8_t code = len >= 2 ? req[1] : 0;

	if (kind != CSPDM_MSG_SPDM && !h->rcfg.session_count)
		return CSPDM_E_TRANSPORT; /* a device without sessions */
	if (++h->sends > HX_MAX_SENDS)
		return CSPDM_E_IO; /* the flow did not end */
	h->drop = h->io_fail = 0;
	h->delay_us = 0;
	h->out_kind = CSPDM_MSG_SPDM;
	if (kind == CSPDM_MSG_SECURED)
		return hx_sess_send(h, req, len);
	h->req_len = len < sizeof(h->req) ? len : sizeof(h->req);
	memcpy(h->req, req, h->req_len);
	if (f && f->kind == F_NOT_READY && h->holding && code == SPDM_RESPOND_IF_READY) {
		respond_if_ready(h);
		return CSPDM_OK;
	}
	h->count[code]++;
	if (f && f->kind == F_ERROR && hx_matches(h, f, code)) {
		/* a device that answers ERROR has not processed the request */
		h->fired++;
		hx_error(h, h->req[0], f->p1, f->p2);
		return CSPDM_OK;
	}
	h->out_len = cspdm_responder_process(h->rsp, req, len, 0, h->out, HX_MSG_MAX);
	learn(h, code);
	save(h, code);
	if (f && hx_matches(h, f, code))
		apply(h, f, code);
	transcribe(h, code);
	return CSPDM_OK;
}

static cspdm_status hx_recv(void *priv, uint8_t *buf, size_t cap, size_t *len,
			    enum cspdm_msg_kind *kind, uint64_t timeout_us)
{
	struct hx *h = priv;

	if (kind)
		*kind = h->out_kind;
	else if (h->out_kind != CSPDM_MSG_SPDM)
		return CSPDM_E_TRANSPORT;
	if (h->io_fail)
		return CSPDM_E_IO;
	if (h->drop)
		return CSPDM_E_TIMEOUT;
	if (h->delay_us && timeout_us && h->delay_us > timeout_us) {
		h->slept_us += timeout_us; /* what a real wait would have cost */
		return CSPDM_E_TIMEOUT;
	}
	h->slept_us += h->delay_us;
	if (h->out_len > cap)
		return CSPDM_E_BUFFER_TOO_SMALL;
	memcpy(buf, h->out, h->out_len);
	*len = h->out_len;
	return CSPDM_OK;
}

static void hx_sleep(void *priv, uint64_t us)
{
	struct hx *h = priv;

	h->sleeps++;
	h->slept_us += us;
}

void hx_init(struct hx *h)
{
	memset(h, 0, sizeof(*h));
	h->out = malloc(HX_MSG_MAX);
	h->held = malloc(HX_MSG_MAX);
	h->tr = malloc(HX_TR_MAX);
	h->rsp_mem = calloc(1, cspdm_responder_size());
	hx_sess_init(h);
	h->io.priv = h;
	h->io.send = hx_send;
	h->io.recv = hx_recv;
	h->io.sleep_us = hx_sleep;
}

void hx_forget(struct hx *h)
{
	unsigned i;

	for (i = 0; i < h->n_saved; i++)
		free(h->saved[i].msg);
	h->n_saved = 0;
}

void hx_free(struct hx *h)
{
	if (h->rsp)
		cspdm_responder_deinit(h->rsp);
	hx_forget(h);
	free(h->out);
	free(h->held);
	free(h->tr);
	free(h->rsp_mem);
	hx_sess_free(h);
	memset(h, 0, sizeof(*h));
}
