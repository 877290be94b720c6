/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The VENDOR_DEFINED dispatch and the protocols inside (src/codec/vendor.c, src/codec/app):
 * the first input byte picks the SPDM version (0x11 + b % 4) and the padding tolerated
 * (b >> 2 & 3); the rest is one VENDOR_DEFINED_REQUEST or _RESPONSE. What decodes lies inside
 * the input, re-encodes to the same bytes (without padding), and every view stays within the
 * message. The rest of the input is also decoded as a TDISP interface report: its ranges lie
 * within it, none wraps 64 bits and none overlaps another (all of them, also those after the
 * TDISP_MAX_RANGES the report keeps).
 */
#include "fuzz_common.h"

#include <string.h>

#include "codec/app/app.h"

static uint8_t enc[70000];

static void check_views(const struct app_msg *m, const uint8_t *msg, size_t len)
{
	const uint8_t *t = m->proto == APP_TDISP     ? m->u.td.tail
			   : m->proto == APP_CXL_TSP ? m->u.tsp.tail
						     : m->u.ide.tail;
	size_t tl = m->proto == APP_TDISP     ? m->u.td.tail_len
		    : m->proto == APP_CXL_TSP ? m->u.tsp.tail_len
					      : m->u.ide.tail_len;

	if (tl)
		FZ_ASSERT(fz_within(msg, len, t, tl));
	if ((m->proto == APP_IDE_KM || m->proto == APP_CXL_IDE_KM) && m->u.ide.key)
		FZ_ASSERT(fz_within(msg, len, m->u.ide.key, IDE_KM_KEY_SIZE));
	if (m->proto == APP_TDISP && m->u.td.nonce)
		FZ_ASSERT(fz_within(msg, len, m->u.td.nonce, TDISP_NONCE_SIZE));
}

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Every range of the report, the kept ones and those after them, read from the bytes: none
 * overlaps another. */
static void check_all_ranges(const uint8_t *buf, uint32_t count)
{
	uint64_t fi, ni, fj, nj;
	uint32_t i, j;

	for (i = 0; i < count; i++) {
		fi = le(buf + 16 + 16 * (size_t)i, 8);
		ni = le(buf + 24 + 16 * (size_t)i, 4);
		for (j = 0; j < i; j++) {
			fj = le(buf + 16 + 16 * (size_t)j, 8);
			nj = le(buf + 24 + 16 * (size_t)j, 4);
			FZ_ASSERT(fi >= fj + nj || fj >= fi + ni);
		}
	}
}

static void check_report(const uint8_t *buf, size_t len)
{
	struct tdisp_report r;
	cspdm_error err = {0};
	cspdm_status st = tdisp_dec_report(buf, len, &r, &err);
	uint32_t i, j, n;

	fz_check_status(st, &err);
	if (st)
		return;
	n = r.range_count < TDISP_MAX_RANGES ? r.range_count : TDISP_MAX_RANGES;
	FZ_ASSERT((uint64_t)r.range_count * 16 + 20 <= len);
	for (i = 0; i < n; i++) {
		FZ_ASSERT(r.range[i].pages && r.range[i].first_page <= (UINT64_MAX >> 12));
		for (j = 0; j < i; j++)
			FZ_ASSERT(
			    r.range[i].first_page >= r.range[j].first_page + r.range[j].pages ||
			    r.range[j].first_page >= r.range[i].first_page + r.range[i].pages);
	}
	check_all_ranges(buf, r.range_count);
	if (r.dev_info_len)
		FZ_ASSERT(fz_within(buf, len, r.dev_info, r.dev_info_len));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spdm_neg n;
	struct app_msg m;
	cspdm_error err = {0};
	size_t out = 0;
	cspdm_status st;

	if (size < 1)
		return 0;
	memset(&n, 0, sizeof(n));
	n.version = (uint8_t)(0x11 + data[0] % 4);
	n.max_pad = (data[0] >> 2) & 3;
	st = app_dec(&n, data + 1, size - 1, &m, &err);
	fz_check_status(st, &err);
	if (!st) {
		check_views(&m, data + 1, size - 1);
		/* the encoder writes the short form (what the PCI-SIG protocols use) */
		FZ_ASSERT(app_enc(n.version, &m, enc, sizeof(enc), &out) == CSPDM_OK);
		FZ_ASSERT(m.v.large || (out == m.v.len && !memcmp(enc, data + 1, out)));
		(void)app_code_name(m.proto, app_code(&m));
	}
	check_report(data + 1, size - 1);
	return 0;
}
