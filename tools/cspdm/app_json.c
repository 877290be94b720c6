/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * --json for cspdm ide / tdisp / cxl-ide / cxl-tsp: what the device reported, as an object in
 * the flow's step ("device"): the IDE register blocks and the key slots programmed (never a
 * key), each TDISP state and the interface report's MMIO ranges, the CXL TSP capabilities,
 * configuration and states.
 */
#include <stdio.h>

#include "app.h"
#include "cli.h"
#include "evidence/ev_tdisp.h"

static json_t *hex(uint64_t v)
{
	char buf[24];

	(void)snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
	return json_string(buf);
}

static const char *td_state_name(uint8_t st)
{
	static const char *const names[] = {"CONFIG_UNLOCKED", "CONFIG_LOCKED", "RUN", "ERROR"};

	return st < 4 ? names[st] : "?";
}

static const char *tsp_state(uint8_t st)
{
	static const char *const names[] = {"CONFIG_UNLOCKED", "CONFIG_LOCKED", "ERROR"};

	return st < 3 ? names[st] : "?";
}

/* The IDE Extended Capability registers as the device sent them, a DWORD each. */
static json_t *registers(const struct app_flow *f)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i + 4 <= f->regs_len; i += 4)
		json_array_append_new(a, hex((uint32_t)f->regs[i] | (uint32_t)f->regs[i + 1] << 8 |
					     (uint32_t)f->regs[i + 2] << 16 |
					     (uint32_t)f->regs[i + 3] << 24));
	return a;
}

/* The key slots of the stream, in the flow's order (RX then TX; PR, NPR, CPL). */
static json_t *key_slots(const struct app_flow *f)
{
	static const char *const sub[] = {"PR", "NPR", "CPL"};
	int stop = f->kind == APP_FLOW_IDE_STOP;
	json_t *a = json_array();
	unsigned i;

	for (i = 0; i < APP_FLOW_SUBSTREAMS; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b, s:b}", "direction",
						   i < 3 ? "RX" : "TX", "substream", sub[i % 3],
						   "key_set", f->key_set ? "K1" : "K0",
						   "programmed", !stop && i < f->programmed,
						   stop ? "stopped" : "started", i < f->started));
	return a;
}

static json_t *ide_json(const struct app_flow *f)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:o, s:o}", "port", f->query.port_index,
			 "max_port", f->query.max_port_index, "stream", f->stream_id, "link_tcs",
			 f->query.link_tcs, "selective_streams", f->query.sel_streams, "registers",
			 registers(f), "key_slots", key_slots(f));
}

/* The report as the evidence bundle describes it (its digest, fields and MMIO ranges). */
static json_t *tdisp_json(const struct app_flow *f)
{
	json_t *states = json_array();
	cspdm_error why;
	unsigned i;

	for (i = 0; i < f->n_states; i++)
		json_array_append_new(states, json_string(td_state_name(f->states[i])));
	return json_pack("{s:o, s:o, s:o, s:o, s:o*}", "interface", hex(f->function_id), "dsm_caps",
			 hex(f->dsm_caps), "lock_flags", hex(f->lock_flags), "states", states,
			 "report", ev_tdisp_summary(f->report, f->report_len, &why));
}

static json_t *tsp_json(const struct app_flow *f)
{
	const struct cxl_tsp_msg *c = &f->tsp_caps, *g = &f->tsp_cfg;
	json_t *states = json_array();
	unsigned i;

	for (i = 0; i < f->n_states; i++)
		json_array_append_new(states, json_string(tsp_state(f->states[i])));
	return json_pack(
	    "{s:o, s:{s:o, s:o, s:i, s:o, s:o, s:o, s:o, s:i, s:i}, s:{s:o, s:o, s:o, s:o, s:i, "
	    "s:i}, s:o, s:i, s:i}",
	    "tsp_version", hex(f->tsp_ver), "capabilities", "encryption", hex(c->enc_features),
	    "algorithms", hex(c->enc_algs), "range_keys", c->range_keys, "te_features",
	    hex(c->te_features), "oob_granularity", hex(c->oob_granularity), "ib_granularity",
	    hex(c->ib_granularity), "configuration", hex(c->cfg_features), "ckids",
	    (int)c->num_ckids, "secondary_sessions", c->num_secondary, "configured", "encryption",
	    hex(g->enc_features), "algorithm", hex(g->enc_algs), "te_features", hex(g->te_features),
	    "configuration", hex(g->cfg_features), "ckid_base", (int)g->ckid_base, "ckids",
	    (int)g->num_ckids, "states", states, "report_length", (int)f->report_len,
	    "te_state_changes", f->te_states);
}

json_t *cli_app_json(const struct app_flow *f)
{
	if (f->kind == APP_FLOW_TDISP)
		return tdisp_json(f);
	if (f->kind == APP_FLOW_CXL_TSP || f->kind == APP_FLOW_CXL_TSP_2ND)
		return tsp_json(f);
	if (f->kind == APP_FLOW_CXL_IDE_SETUP || f->kind == APP_FLOW_CXL_IDE_STOP)
		return json_pack("{s:i, s:i, s:o, s:i, s:i}", "port", f->query.port_index,
				 "max_port", f->query.max_port_index, "caps", hex(f->query.caps),
				 "programmed", f->programmed, "started_or_stopped", f->started);
	return ide_json(f);
}
