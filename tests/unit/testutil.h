/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared helpers for cmocka tests. */
#ifndef CSPDM_TESTUTIL_H
#define CSPDM_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cspdm/cspdm.h"

/* Read a whole file into a malloc'd buffer; returns NULL on failure. */
uint8_t *tu_read_file(const char *path, size_t *len);
/* Path under tests/data (CSPDM_DATA_DIR); static buffer. */
const char *tu_data_path(const char *rel);
/* Parse hex (spaces allowed) into out; returns the byte count or -1. */
int tu_hex(const char *hex, uint8_t *out, size_t cap);
/* A free TCP port on 127.0.0.1 (bound once and released). */
uint16_t tu_free_port(void);
/* A malloc'd copy of exactly len bytes, so ASan sees any read past the message. */
uint8_t *tu_exact(const uint8_t *src, size_t len);
/* tu_hex that must succeed. */
size_t tu_hex_must(const char *s, uint8_t *out, size_t cap);
/* A decoder failure with this code, field and byte offset. */
void tu_expect_err(cspdm_status st, const cspdm_error *err, cspdm_status code, const char *field,
		   uint32_t offset);

/* A decoder under test, tolerating max_pad bytes of zero padding. */
typedef cspdm_status (*tu_dec_fn)(const uint8_t *msg, size_t len, uint32_t max_pad,
				  cspdm_error *err);
/* Decode an exact malloc'd copy (ASan sees any read past the message); err is cleared first. */
cspdm_status tu_run(tu_dec_fn dec, const uint8_t *msg, size_t len, uint32_t max_pad,
		    cspdm_error *err);
/* dec accepts msg as it is (views may point into it); a failure is printed. */
void tu_decode_ok(tu_dec_fn dec, const uint8_t *msg, size_t len);
/* A copy of msg with byte at set to value fails with code, field and offset. */
void tu_expect_at(tu_dec_fn dec, const uint8_t *msg, size_t len, size_t at, uint8_t value,
		  cspdm_status code, const char *field, uint32_t offset);
/* p[i] = start + i for n bytes (a pattern that shows where a view points). */
void tu_fill(uint8_t *p, size_t n, uint8_t start);
/* Every proper prefix of msg fails with CSPDM_E_TRUNCATED, naming a field within it. */
void tu_check_truncations(tu_dec_fn dec, const uint8_t *msg, size_t len);
/* Up to max_pad zero bytes after msg decode (to *dec_len == len when dec_len is given); one
 * more, or a nonzero one, is CSPDM_E_TRAILING at the end of the message. */
void tu_check_padding(tu_dec_fn dec, const uint8_t *msg, size_t len, const size_t *dec_len);

/* ---- an in-process link to our responder, carrying both kinds of message ---------------- */

struct cspdm_responder;
#define TU_LINK_MAX 8192
struct tu_link {
	struct cspdm_io io;
	struct cspdm_responder *rsp;
	int transport; /* enum cspdm_transport: its padding, its record parameters */
	uint8_t req[TU_LINK_MAX], reply[TU_LINK_MAX];
	size_t req_len, reply_len;
	enum cspdm_msg_kind req_kind, reply_kind;
	/* may rewrite req (req_len) before the responder sees it; NULL: honest */
	void (*pre)(struct tu_link *l);
	/* may rewrite reply (reply_len) after the responder answered req; NULL: honest */
	void (*hook)(struct tu_link *l);
	void *priv;
	unsigned sends;
};
/* io goes to rsp over transport (enum cspdm_transport). */
void tu_link_init(struct tu_link *l, struct cspdm_responder *rsp, int transport);

#endif
