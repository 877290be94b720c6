/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cspdm ide / cspdm tdisp: the IDE_KM and TDISP requester flows (src/core/app_flow.h) inside
 * the session `cspdm session` opens. Each request is carried by cspdm_session_vendor and zeroed
 * once answered (a KEY_PROG holds a key); no key is printed.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "core/app_flow.h"

#define MSG_CAP 4096

static uint8_t report_buf[8192];

static void print_flow(const struct app_flow *f)
{
	uint32_t i;

	if (f->kind != APP_FLOW_TDISP) {
		printf(
		    "ide           port %u (max %u), stream %u: %u KEY_PROG acknowledged, %u %s\n",
		    f->query.port_index, f->query.max_port_index, f->stream_id, f->programmed,
		    f->started, f->kind == APP_FLOW_IDE_STOP ? "stopped" : "started (K_SET_GO)");
		printf("ide registers %zu DWORDs (Link IDE TCs %u, Selective IDE Streams %u)\n",
		       f->regs_len / 4, f->query.link_tcs, f->query.sel_streams);
		return;
	}
	printf("tdisp         interface 0x%x, DSM caps 0x%x, lock flags 0x%x\n", f->function_id,
	       f->dsm_caps, f->lock_flags);
	printf("tdisp states  UNLOCKED, LOCKED, RUN, UNLOCKED (%u seen)\n", f->n_states);
	printf("tdisp report  %zu bytes, %u MMIO ranges\n", f->report_len, f->rep.range_count);
	for (i = 0; i < f->rep.range_count && i < TDISP_MAX_RANGES; i++)
		printf("  range %u: first page 0x%llx, %u pages, attributes 0x%x\n",
		       f->rep.range[i].range_id, (unsigned long long)f->rep.range[i].first_page,
		       f->rep.range[i].pages, f->rep.range[i].attributes);
}

cspdm_status cli_app_run(struct cspdm_session *s, const struct cspdm_io *io,
			 const struct cspdm_crypto_ops *ops, uint8_t ver,
			 const struct cli_app_opts *a, cspdm_error *err, int quiet)
{
	static uint8_t req[MSG_CAP], rsp[MSG_CAP];
	struct app_flow f;
	size_t req_len = 0, rsp_len = 0;
	cspdm_status st;

	app_flow_init(&f, ops, ver, (enum app_flow_kind)a->kind);
	f.stream_id = a->stream_id;
	f.function_id = a->function_id;
	f.report = report_buf;
	f.report_cap = sizeof(report_buf);
	st = app_flow_next(&f, NULL, 0, req, sizeof(req), &req_len, err);
	while (!st && req_len) {
		st = cspdm_session_vendor(s, io, req, req_len, rsp, sizeof(rsp), &rsp_len);
		cspdm_memzero(req, sizeof(req));
		if (st) {
			*err = *cspdm_session_last_error(s);
			break;
		}
		st = app_flow_next(&f, rsp, rsp_len, req, sizeof(req), &req_len, err);
	}
	if (!st && !quiet)
		print_flow(&f);
	cspdm_memzero(req, sizeof(req));
	return st;
}
