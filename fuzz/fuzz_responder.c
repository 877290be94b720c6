/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The responder against a fuzzed requester. The input is the responder header (fuzz_common.h:
 * versions, algorithms, capabilities, ResponseNotReady mask, slots, DataTransferSize) and then
 * the requests, each with a u16 LE length (FZ_MSG_SPECIAL: a new connection). One responder
 * context answers them all, with tiny fixed certificate chains, stub crypto (signatures are
 * zeros) and the default or a large measurement set.
 *
 * Properties: every request gets a response of at least a valid SPDM header, which answers the
 * request's code or is an ERROR our own decoder accepts; the error status is of the enum; and
 * after cspdm_responder_deinit no hash context is left.
 */
#include "fuzz_common.h"

#include <string.h>

#define OUT_CAP	     65536
#define MAX_REQUESTS 4096

static uint64_t rsp_mem[8192];
static uint8_t out[OUT_CAP];

/* A DER SEQUENCE of body bytes, as many as fit: the responder only frames the first one. */
static size_t der_seq(uint8_t *p, size_t body, uint8_t fill)
{
	size_t h;

	p[0] = 0x30;
	if (body < 0x80) {
		p[1] = (uint8_t)body;
		h = 2;
	} else if (body <= 0xFF) {
		p[1] = 0x81;
		p[2] = (uint8_t)body;
		h = 3;
	} else {
		p[1] = 0x82;
		p[2] = (uint8_t)(body >> 8);
		p[3] = (uint8_t)body;
		h = 4;
	}
	memset(p + h, fill, body);
	return h + body;
}

static uint8_t small_chain[2 + 16 + 3 + 128];
static uint8_t big_chain[4 + 2048 + 4 + 1024];
static size_t small_len, big_len;

static void make_chains(void)
{
	if (small_len)
		return;
	small_len = der_seq(small_chain, 16, 0x11);
	small_len += der_seq(small_chain + small_len, 128, 0x22);
	big_len = der_seq(big_chain, 2048, 0x33);
	big_len += der_seq(big_chain + big_len, 1024, 0x44);
}

/* Raw values that nearly fill (or overflow) the responder's 2 KiB record as a whole. */
static uint8_t big_value[700];
static const struct cspdm_rsp_meas big_meas[] = {
    {1, 0, 1, big_value, 700},	  {2, 1, 0, big_value, 400},	{0x10, 2, 1, big_value, 600},
    {0x7F, 3, 1, big_value, 500}, {0xFE, 0, 1, big_value, 300},
};

static uint8_t version_of(uint8_t b)
{
	return (uint8_t)(CSPDM_V10 + b % 5);
}

static void parse_config(struct fz_in *in, struct cspdm_responder_config *c, uint8_t *flags)
{
	uint8_t b, slots;
	uint16_t dts;
	unsigned s;

	cspdm_responder_config_defaults(c);
	c->crypto = fz_crypto_ops();
	*flags = fz_u8(in);
	c->min_version = version_of(fz_u8(in));
	c->max_version = version_of(fz_u8(in));
	if (c->max_version < c->min_version) {
		b = c->max_version;
		c->max_version = c->min_version;
		c->min_version = b;
	}
	c->base_asym = 1u << (fz_u8(in) % 12);
	c->base_hash = fz_u8(in) & 0x3F;
	if (!c->base_hash)
		c->base_hash = CSPDM_HASH_SHA_384;
	c->caps = fz_u32(in);
	c->not_ready_mask = fz_u32(in);
	c->rdt_exponent = (uint8_t)(*flags >> 3);
	slots = fz_u8(in);
	if (!slots)
		slots = 1;
	for (s = 0; s < CSPDM_MAX_SLOTS; s++) {
		if (!((slots >> s) & 1))
			continue;
		if ((*flags & FZ_S_BIG_CHAIN) && (s & 1)) {
			c->slots[s].certs = big_chain;
			c->slots[s].certs_len = big_len;
		} else {
			c->slots[s].certs = small_chain;
			c->slots[s].certs_len = small_len;
		}
		c->slots[s].key = fz_private_key(s);
	}
	dts = fz_u16(in);
	c->data_transfer_size = dts < SPDM_MIN_DATA_TRANSFER_SIZE_12 ? 4096 : dts;
	c->max_msg_size = c->data_transfer_size > 4096 ? c->data_transfer_size : 4096;
	if (*flags & FZ_S_BIG_MEAS) {
		c->meas = big_meas;
		c->meas_count = (uint8_t)(sizeof(big_meas) / sizeof(big_meas[0]));
	}
}

static void check_response(const uint8_t *req, size_t len, size_t n)
{
	struct spdm_neg neg = {0};
	struct spdm_error_rsp e;
	struct spdm_version_rsp v;
	uint8_t code;

	FZ_ASSERT(n >= 4 && n <= OUT_CAP);
	FZ_ASSERT(out[0] >= CSPDM_V10 && out[0] <= CSPDM_V14);
	code = out[1];
	FZ_ASSERT(!(code & 0x80));
	neg.version = out[0];
	if (code == SPDM_ERROR) {
		FZ_ASSERT(spdm_dec_error(&neg, out, n, &e, NULL) == CSPDM_OK);
		return;
	}
	/* anything but an ERROR answers the request (RESPOND_IF_READY: the one held back) */
	FZ_ASSERT(len >= 4);
	if (req[1] != SPDM_RESPOND_IF_READY)
		FZ_ASSERT(code == (req[1] & 0x7F));
	if (code == SPDM_VERSION)
		FZ_ASSERT(spdm_dec_version(out, n, 0, &v, NULL) == CSPDM_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cspdm_responder_config cfg;
	struct cspdm_responder *r = NULL;
	struct fz_in in;
	const uint8_t *req;
	size_t len, n;
	uint8_t flags;
	uint32_t max_pad;
	int i;

	make_chains();
	fz_in_init(&in, data, size);
	parse_config(&in, &cfg, &flags);
	max_pad = (flags & FZ_S_PAD) ? 3 : 0;
	fz_crypto_reset(FZ_HASH_FNV, 0);
	FZ_ASSERT(cspdm_responder_size() <= sizeof(rsp_mem));
	FZ_ASSERT(cspdm_responder_init(&r, rsp_mem, sizeof(rsp_mem), &cfg) == CSPDM_OK);
	for (i = 0; i < MAX_REQUESTS && fz_next_msg(&in, &req, &len); i++) {
		if (len == FZ_MSG_SPECIAL) {
			cspdm_responder_reset(r);
			continue;
		}
		n = cspdm_responder_process(r, req, len, max_pad, out, sizeof(out));
		FZ_ASSERT(FZ_STATUS_OK(cspdm_responder_last_error(r)->code));
		check_response(req, len, n);
	}
	cspdm_responder_deinit(r);
	fz_crypto_check_released();
	return 0;
}
