/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cspdm ide / tdisp / cxl-ide / cxl-tsp: the IDE_KM, TDISP, CXL IDE_KM and CXL TSP requester
 * flows (src/core/app_flow.h) inside the session `cspdm session` opens. Each request is carried
 * by cspdm_session_vendor and zeroed once answered (a KEY_PROG holds a key, a SET_CONFIGURATION
 * PSKs), and so is each response (a GET_KEY_ACK holds one); no key is printed.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "core/app_flow.h"

#define MSG_CAP 4096

static uint8_t report_buf[8192];

static const char *td_state_name(uint8_t st)
{
	static const char *const names[] = {"UNLOCKED", "LOCKED", "RUN", "ERROR"};

	return st < 4 ? names[st] : "?";
}

static const char *tsp_state_name(uint8_t st)
{
	return st == TSP_CONFIG_UNLOCKED ? "CONFIG_UNLOCKED"
	       : st == TSP_CONFIG_LOCKED ? "CONFIG_LOCKED"
	       : st == TSP_STATE_ERROR	 ? "ERROR"
					 : "?";
}

/* One line: what the CXL device reported and what was done (also --json's detail). */
static void cxl_summary(const struct app_flow *f, char *buf, size_t cap)
{
	const struct cxl_tsp_msg *c = &f->tsp_caps;

	if (f->kind == APP_FLOW_CXL_IDE_SETUP || f->kind == APP_FLOW_CXL_IDE_STOP)
		(void)snprintf(buf, cap,
			       "port %u (max %u), Caps 0x%02x, %u KEY_PROG acknowledged, %u %s",
			       f->query.port_index, f->query.max_port_index, f->query.caps,
			       f->programmed, f->started,
			       f->kind == APP_FLOW_CXL_IDE_STOP ? "stopped" : "started (K_SET_GO)");
	else
		(void)snprintf(buf, cap,
			       "TSP 0x%02x, %u secondary sessions offered, state %s then %s, "
			       "report %zu bytes, TE state set %u times",
			       f->tsp_ver, c->num_secondary,
			       tsp_state_name(f->n_states ? f->states[0] : 0xFF),
			       tsp_state_name(f->n_states > 1 ? f->states[1] : 0xFF), f->report_len,
			       f->te_states);
}

static void print_cxl_ide(const struct app_flow *f)
{
	uint8_t caps = f->query.caps;

	printf("cxl-ide       port %u (max %u), dev/func %u, bus %u, segment %u\n",
	       f->query.port_index, f->query.max_port_index, f->query.dev_func, f->query.bus,
	       f->query.segment);
	printf("cxl-ide caps  0x%02x: version %u%s%s%s\n", caps, caps & IDE_KM_CXL_CAP_VER_MASK,
	       caps & IDE_KM_CXL_CAP_IV_GEN ? ", IV generation" : "",
	       caps & IDE_KM_CXL_CAP_KEY_GEN ? ", key generation" : "",
	       caps & IDE_KM_CXL_CAP_K_SET_STOP ? ", K_SET_STOP" : "");
	printf("cxl-ide regs  %zu capability DWORDs\n", f->regs_len / 4);
	if (f->kind == APP_FLOW_CXL_IDE_STOP)
		printf("cxl-ide       stream %u: %u K_SET_STOP acknowledged%s\n", f->stream_id,
		       f->started,
		       caps & IDE_KM_CXL_CAP_K_SET_STOP ? "" : " (the device has no K_SET_STOP)");
	else
		printf(
		    "cxl-ide       stream %u: %u KEY_PROG acknowledged (RX key %s), %u K_SET_GO\n",
		    f->stream_id, f->programmed,
		    caps & IDE_KM_CXL_CAP_KEY_GEN ? "from GET_KEY" : "fresh", f->started);
}

static void print_cxl_tsp(const struct app_flow *f)
{
	const struct cxl_tsp_msg *c = &f->tsp_caps, *g = &f->tsp_cfg;

	printf("tsp version   0x%02x\n", f->tsp_ver);
	printf("tsp caps      encryption 0x%x, algorithms 0x%x, range keys %u, TE features 0x%x,\n"
	       "              OOB granularity 0x%x, IB granularity 0x%x, configuration 0x%x,\n"
	       "              CKIDs %u, secondary sessions %u\n",
	       c->enc_features, c->enc_algs, c->range_keys, c->te_features, c->oob_granularity,
	       c->ib_granularity, c->cfg_features, c->num_ckids, c->num_secondary);
	printf("tsp config    encryption 0x%x, algorithm 0x%x, TE features 0x%x, configuration "
	       "0x%x, CKID base %u, CKIDs %u\n",
	       g->enc_features, g->enc_algs, g->te_features, g->cfg_features, g->ckid_base,
	       g->num_ckids);
	printf("tsp state     %s, then %s\n", tsp_state_name(f->n_states ? f->states[0] : 0xFF),
	       tsp_state_name(f->n_states > 1 ? f->states[1] : 0xFF));
	printf("tsp report    %zu bytes, valid fields 0x%02x\n", f->report_len,
	       f->report_len ? f->report[0] : 0);
	printf("tsp TE state  1 then 0 for 0x10000 bytes at 0x100000 (%u acknowledged)\n",
	       f->te_states);
}

static void print_cxl(const struct app_flow *f)
{
	if (f->kind == APP_FLOW_CXL_IDE_SETUP || f->kind == APP_FLOW_CXL_IDE_STOP)
		print_cxl_ide(f);
	else
		print_cxl_tsp(f);
}

/* The IDE Extended Capability registers as the device sent them, 6 DWORDs a line. */
static void print_ide_regs(const struct app_flow *f)
{
	size_t i;

	for (i = 0; i + 4 <= f->regs_len; i += 4)
		printf("%s%08x%s", i % 24 ? " " : "  ",
		       (unsigned)(f->regs[i] | f->regs[i + 1] << 8 | f->regs[i + 2] << 16 |
				  (uint32_t)f->regs[i + 3] << 24),
		       (i % 24 == 20 || i + 8 > f->regs_len) ? "\n" : "");
}

/* The stream's key slots, in the flow's order (never a key). */
static void print_key_slots(const struct app_flow *f)
{
	static const char *const sub[] = {"PR", "NPR", "CPL"};
	int stop = f->kind == APP_FLOW_IDE_STOP;
	unsigned i;

	printf("ide key slots");
	for (i = 0; i < APP_FLOW_SUBSTREAMS; i++)
		printf("%s%s %s K%u %s", i ? ", " : " ", i < 3 ? "RX" : "TX", sub[i % 3],
		       f->key_set,
		       stop ? (i < f->started ? "stopped" : "-")
			    : (i < f->started	   ? "started"
			       : i < f->programmed ? "programmed"
						   : "-"));
	printf("\n");
}

static void print_flow(const struct app_flow *f)
{
	uint32_t i;

	if (f->kind >= APP_FLOW_CXL_IDE_SETUP) {
		print_cxl(f);
		return;
	}
	if (f->kind != APP_FLOW_TDISP) {
		printf(
		    "ide           port %u (max %u), stream %u: %u KEY_PROG acknowledged, %u %s\n",
		    f->query.port_index, f->query.max_port_index, f->stream_id, f->programmed,
		    f->started, f->kind == APP_FLOW_IDE_STOP ? "stopped" : "started (K_SET_GO)");
		printf("ide registers %zu DWORDs (Link IDE TCs %u, Selective IDE Streams %u)\n",
		       f->regs_len / 4, f->query.link_tcs, f->query.sel_streams);
		print_ide_regs(f);
		print_key_slots(f);
		return;
	}
	printf("tdisp         interface 0x%x, DSM caps 0x%x, lock flags 0x%x\n", f->function_id,
	       f->dsm_caps, f->lock_flags);
	printf("tdisp states ");
	for (i = 0; i < f->n_states && i < sizeof(f->states); i++)
		printf("%s%s", i ? ", " : " ", td_state_name(f->states[i]));
	printf(" (%u seen)\n", f->n_states);
	printf("tdisp report  %zu bytes, %u MMIO ranges\n", f->report_len, f->rep.range_count);
	for (i = 0; i < f->rep.range_count && i < TDISP_MAX_RANGES; i++)
		printf("  range %u: first page 0x%llx, %u pages, attributes 0x%x\n",
		       f->rep.range[i].range_id, (unsigned long long)f->rep.range[i].first_page,
		       f->rep.range[i].pages, f->rep.range[i].attributes);
}

void cli_app_flow_init(struct app_flow *f, const struct cspdm_crypto_ops *ops, uint8_t ver,
		       const struct cli_app_opts *a)
{
	app_flow_init(f, ops, ver, (enum app_flow_kind)a->kind);
	f->stream_id = a->stream_id;
	f->function_id = a->function_id;
	f->td_steps = a->td_steps;
	f->report = report_buf;
	f->report_cap = sizeof(report_buf);
}

cspdm_status cli_app_run(struct cspdm_session *s, const struct cspdm_io *io, struct app_flow *f,
			 cspdm_error *err, int quiet, char *detail, size_t detail_cap)
{
	static uint8_t req[MSG_CAP], rsp[MSG_CAP];
	size_t req_len = 0, rsp_len = 0;
	cspdm_status st;

	st = app_flow_next(f, NULL, 0, req, sizeof(req), &req_len, err);
	while (!st && req_len) {
		st = cspdm_session_vendor(s, io, req, req_len, rsp, sizeof(rsp), &rsp_len);
		cspdm_memzero(req, sizeof(req));
		if (st) {
			*err = *cspdm_session_last_error(s);
			break;
		}
		st = app_flow_next(f, rsp, rsp_len, req, sizeof(req), &req_len, err);
		cspdm_memzero(rsp, sizeof(rsp));
	}
	cspdm_memzero(f->cxl_key, sizeof(f->cxl_key));
	cspdm_memzero(f->cxl_iv, sizeof(f->cxl_iv));
	if (!st && detail && f->kind >= APP_FLOW_CXL_IDE_SETUP)
		cxl_summary(f, detail, detail_cap);
	if (!st && !quiet)
		print_flow(f);
	cspdm_memzero(req, sizeof(req));
	cspdm_memzero(rsp, sizeof(rsp));
	return st;
}
