/* SPDX-License-Identifier: BSD-3-Clause */
/* TDISP interface reports in evidence bundles (ev_tdisp.h). */
#include "ev_tdisp.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "codec/app/app.h"

static json_t *hexnum(uint64_t v)
{
	char buf[24];

	(void)snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
	return json_string(buf);
}

static json_t *sha384_hex(const uint8_t *d, size_t n)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	unsigned int len = 0, i;

	if (!EVP_Digest(d, n, md, &len, EVP_sha384(), NULL))
		return NULL;
	for (i = 0; i < len; i++)
		(void)snprintf(hex + 2 * (size_t)i, 3, "%02x", md[i]);
	return json_string(hex);
}

static json_t *ranges_json(const struct tdisp_report *r)
{
	json_t *a = json_array();
	uint32_t i;

	for (i = 0; a && i < r->range_count && i < TDISP_MAX_RANGES; i++)
		json_array_append_new(
		    a,
		    json_pack("{s:i, s:o, s:i, s:o, s:o}", "range_id", r->range[i].range_id,
			      "first_page", hexnum(r->range[i].first_page), "pages",
			      (int)r->range[i].pages, "attributes", hexnum(r->range[i].attributes),
			      "address", hexnum(r->range[i].first_page << TDISP_PAGE_SHIFT)));
	return a;
}

json_t *ev_tdisp_summary(const uint8_t *rep, size_t len, cspdm_error *err)
{
	struct tdisp_report r;

	memset(err, 0, sizeof(*err));
	if (tdisp_dec_report(rep, len, &r, err))
		return NULL;
	return json_pack("{s:I, s:o*, s:o, s:I, s:o, s:I}", "length", (json_int_t)len, "sha384",
			 sha384_hex(rep, len), "interface_info", hexnum(r.interface_info),
			 "mmio_range_count", (json_int_t)r.range_count, "mmio_ranges",
			 ranges_json(&r), "device_specific_info_length",
			 (json_int_t)r.dev_info_len);
}

void ev_tdisp_file(uint32_t id, char *out, size_t cap)
{
	(void)snprintf(out, cap, "tdisp/interface_%08x", id);
}
