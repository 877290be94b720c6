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

#endif
