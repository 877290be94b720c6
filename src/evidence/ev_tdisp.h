/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TDISP interface reports of an evidence bundle (evidence.h), shared by its writer and the
 * offline verifier: DIR/tdisp/interface_<ID> holds the report as reassembled from
 * DEVICE_INTERFACE_REPORT portions (PCIe Base 6.1 Table "TDI Report Structure"), and
 * evidence.json "tdisp_reports" describes each: its interface ID, file, and the summary below.
 */
#ifndef CSPDM_EV_TDISP_H
#define CSPDM_EV_TDISP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "cspdm/cspdm.h"

/* The summary of a report: "length", "sha384" (hex), "interface_info", "mmio_ranges" (each
 * range's ID, first page, pages, attributes and byte address). NULL when the report does not
 * decode (its integrity rules: counts against the length, no range overlapping another or
 * wrapping 64 bits, reserved bits clear), with the reason in *err. */
json_t *ev_tdisp_summary(const uint8_t *rep, size_t len, cspdm_error *err);
/* The file name of interface id's report in the bundle ("tdisp/interface_0000beef"). */
void ev_tdisp_file(uint32_t id, char *out, size_t cap);

#endif
