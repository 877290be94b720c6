/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The responder's PCI-SIG device model (src/core/responder_app.c), our requester against our
 * responder in-process: the requester's IDE setup, TDISP and IDE stop flows (src/core/app_flow.c)
 * in one session at 1.2-1.4 over PCI DOE and MCTP; and the requests the device refuses, each with
 * its error: TDISP in the wrong state (INVALID_INTERFACE_STATE), a wrong nonce (INVALID_NONCE),
 * another interface (INVALID_INTERFACE), KEY_PROG for a stream or port the device lacks (KP_ACK
 * Status), K_SET_GO for a key set never programmed (ERROR InvalidRequest), IDE_KM in the clear
 * (SessionRequired), a TDI left locked by a session that ended (ERROR state); CXL IDE_KM's
 * QUERY, KEY_PROG, K_SET_STOP and K_SET_GO. Keys are zeroed in the device's memory when stopped.
 * CXL TSP (src/core/responder_tsp.c): our requester's primary flow, then its secondary PSK
 * sessions with the PSKs it set; the refusals, each with its TSP error: lock before a
 * configuration, TE state before the lock, a configuration beyond the capabilities, a second
 * configuration or lock once locked, bad memory ranges, a session neither primary nor
 * secondary, a secondary PSKHint before it is configured; the PSKs zeroed at reset.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "codec/spdm.h"
#include "codec/app/app.h"
#include "core/app_flow.h"
#include "crypto/crypto.h"
#include "crypto/identity.h"
#include "cspdm/responder.h"
#include "cspdm/session.h"
#include "cspdm/transport.h"

#define MSG_CAP 4096
#define TDI_ID	0xbeef

struct afix {
	struct cspdm_openssl *ossl;
	const struct cspdm_crypto_ops *ops;
	struct cspdm_identity id;
	struct cspdm_responder_config rc;
	struct cspdm_responder *rsp;
	uint64_t rsp_mem[4096], sess_mem[4][256], app_mem[4096];
	struct cspdm_config cfg;
	struct cspdm_context *ctx;
	uint64_t ctx_mem[1024];
	struct cspdm_session *s, *s2;
	uint64_t s_mem[256], s2_mem[256];
	uint8_t tx[8192], tx2[8192], cert[65536], rx[8192];
	uint8_t req[MSG_CAP], rsp_buf[MSG_CAP], report[2048];
	size_t rsp_len;
	struct tu_link link;
	uint8_t ver;
};

static struct afix fx;

static int group_setup(void **state)
{
	(void)state;
	tu_crypto_new(&fx.ossl, &fx.ops, &fx.id, CSPDM_ASYM_ECDSA_P256);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	tu_crypto_free(fx.ossl, &fx.id);
	return 0;
}

/* Our responder with the device model (app: 0 none) and an authenticated requester. */
static void start(int t, uint8_t ver, int app)
{
	struct cspdm_rsp_slot slot = {fx.id.chain, fx.id.chain_len, fx.id.key};

	fx.ver = ver;
	cspdm_responder_config_defaults(&fx.rc);
	fx.rc.crypto = fx.ops;
	fx.rc.base_asym = CSPDM_ASYM_ECDSA_P256;
	fx.rc.max_version = ver;
	fx.rc.caps |= CSPDM_RSP_CAPS_SESSIONS;
	fx.rc.slots[0] = slot;
	fx.rc.session_mem = fx.sess_mem;
	fx.rc.session_count = 4;
	cspdm_transport_secured_binding((enum cspdm_transport)t, &fx.rc.binding);
	if (app) {
		fx.rc.ide_max_port = 7;
		fx.rc.ide_streams = 4;
		fx.rc.tdi_count = 1;
		fx.rc.tdi_ids[0] = TDI_ID;
		fx.rc.cxl_tsp = 1;
		fx.rc.tsp_secondary = 2;
		fx.rc.app_mem = fx.app_mem;
		fx.rc.app_mem_len = sizeof(fx.app_mem);
		assert_true(cspdm_responder_app_size(7, 4) <= sizeof(fx.app_mem));
	}
	assert_int_equal(cspdm_responder_init(&fx.rsp, fx.rsp_mem, sizeof(fx.rsp_mem), &fx.rc),
			 CSPDM_OK);
	tu_requester_config(&fx.cfg, fx.ops, fx.cert, sizeof(fx.cert), fx.rx, sizeof(fx.rx));
	fx.cfg.req_caps |= CSPDM_REQ_CAP_PSK; /* for CXL TSP's secondary sessions */
	assert_int_equal(cspdm_init(&fx.ctx, fx.ctx_mem, sizeof(fx.ctx_mem), &fx.cfg), CSPDM_OK);
	tu_link_init(&fx.link, fx.rsp, t);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.link.io), CSPDM_OK);
}

/* A session in mem (a PSK session with psk and its hint), opened: the status of the open. */
static cspdm_status open_in(struct cspdm_session **s, uint64_t *mem, size_t mem_len, uint8_t *tx,
			    const uint8_t *psk, const uint8_t *hint)
{
	struct cspdm_session_config sc;

	cspdm_session_deinit(*s);
	cspdm_session_config_defaults(&sc);
	sc.tx_buf = tx;
	sc.tx_cap = sizeof(fx.tx);
	sc.psk = psk;
	sc.psk_len = psk ? APP_FLOW_TSP_PSK : 0;
	sc.psk_hint = hint;
	sc.psk_hint_len = hint ? APP_FLOW_TSP_HINT_LEN : 0;
	assert_int_equal(cspdm_session_init(s, mem, mem_len, fx.ctx, &sc), CSPDM_OK);
	return cspdm_session_open(*s, &fx.link.io);
}

static void open_session(void)
{
	assert_int_equal(open_in(&fx.s, fx.s_mem, sizeof(fx.s_mem), fx.tx, NULL, NULL), CSPDM_OK);
}

static void stop(void)
{
	cspdm_session_deinit(fx.s);
	cspdm_session_deinit(fx.s2);
	fx.s = fx.s2 = NULL;
	cspdm_deinit(fx.ctx);
	cspdm_responder_deinit(fx.rsp);
}

/* Run one requester flow to its end in session s. */
static void run_flow_in(struct cspdm_session *s, struct app_flow *f)
{
	cspdm_error err;
	size_t req_len = 0, rsp_len = 0;
	cspdm_status st;

	memset(&err, 0, sizeof(err));
	st = app_flow_next(f, NULL, 0, fx.req, sizeof(fx.req), &req_len, &err);
	while (!st && req_len) {
		assert_int_equal(cspdm_session_vendor(s, &fx.link.io, fx.req, req_len, fx.rsp_buf,
						      sizeof(fx.rsp_buf), &rsp_len),
				 CSPDM_OK);
		st = app_flow_next(f, fx.rsp_buf, rsp_len, fx.req, sizeof(fx.req), &req_len, &err);
	}
	if (st)
		print_message("flow: %s at %s\n", cspdm_status_name(st),
			      err.field ? err.field : "-");
	assert_int_equal(st, CSPDM_OK);
}

static void run_flow(struct app_flow *f)
{
	run_flow_in(fx.s, f);
}

static void flows(void)
{
	struct app_flow f;

	app_flow_init(&f, fx.ops, fx.ver, APP_FLOW_IDE_SETUP);
	run_flow(&f);
	assert_int_equal(f.programmed, APP_FLOW_SUBSTREAMS);
	assert_int_equal(f.started, APP_FLOW_SUBSTREAMS);
	assert_int_equal(f.query.max_port_index, 7);
	assert_int_equal(f.query.sel_streams, 4);
	app_flow_init(&f, fx.ops, fx.ver, APP_FLOW_TDISP);
	f.function_id = TDI_ID;
	f.report = fx.report;
	f.report_cap = sizeof(fx.report);
	run_flow(&f);
	assert_int_equal(f.n_states, 4);
	assert_int_equal(f.rep.range_count, 4);
	assert_int_equal(f.rep.range[0].first_page, 0xD0000000ull >> 12); /* the reporting offset */
	app_flow_init(&f, fx.ops, fx.ver, APP_FLOW_IDE_STOP);
	run_flow(&f);
	assert_int_equal(f.started, APP_FLOW_SUBSTREAMS);
}

static void test_flows(void **state)
{
	static const uint8_t vers[] = {CSPDM_V12, CSPDM_V13, CSPDM_V14};
	static const int ts[] = {CSPDM_TRANSPORT_PCI_DOE, CSPDM_TRANSPORT_MCTP};
	size_t v, t;

	(void)state;
	for (t = 0; t < 2; t++)
		for (v = 0; v < sizeof(vers); v++) {
			start(ts[t], vers[v], 1);
			open_session();
			flows();
			assert_int_equal(cspdm_session_end(fx.s, &fx.link.io, 1), CSPDM_OK);
			stop();
		}
}

/* ---- single requests -------------------------------------------------------------------- */

/* Send m in session s; the response decoded into out. */
static cspdm_status ask_in(struct cspdm_session *s, const struct app_msg *m, struct app_msg *out)
{
	struct spdm_neg n;
	cspdm_error err;
	size_t len = 0;
	cspdm_status st;

	assert_int_equal(app_enc(fx.ver, m, fx.req, sizeof(fx.req), &len), CSPDM_OK);
	st = cspdm_session_vendor(s, &fx.link.io, fx.req, len, fx.rsp_buf, sizeof(fx.rsp_buf),
				  &fx.rsp_len);
	if (st)
		return st;
	memset(&n, 0, sizeof(n));
	n.version = fx.ver;
	assert_int_equal(app_dec(&n, fx.rsp_buf, fx.rsp_len, out, &err), CSPDM_OK);
	return CSPDM_OK;
}

static cspdm_status ask(const struct app_msg *m, struct app_msg *out)
{
	return ask_in(fx.s, m, out);
}

static struct app_msg td(uint8_t type, uint32_t fid)
{
	struct app_msg m;

	memset(&m, 0, sizeof(m));
	m.proto = APP_TDISP;
	m.u.td.version = TDISP_VERSION_10;
	m.u.td.type = type;
	m.u.td.function_id = fid;
	return m;
}

/* A TDISP request answered with TDISP_ERROR code (0: answered normally, with want_type). */
static void td_expect(struct app_msg m, uint32_t code, uint8_t want_type, struct app_msg *out)
{
	assert_int_equal(ask(&m, out), CSPDM_OK);
	assert_int_equal(out->u.td.type, code ? TDISP_ERROR : want_type);
	if (code)
		assert_int_equal(out->u.td.error_code, code);
}

static void td_state(uint8_t want)
{
	struct app_msg r;

	td_expect(td(TDISP_GET_DEVICE_INTERFACE_STATE, TDI_ID), 0, TDISP_DEVICE_INTERFACE_STATE,
		  &r);
	assert_int_equal(r.u.td.state, want);
}

static void test_tdisp_wrong_state(void **state)
{
	static uint8_t wrong[TDISP_NONCE_SIZE];
	struct app_msg m, r;

	(void)state;
	start(CSPDM_TRANSPORT_PCI_DOE, CSPDM_V13, 1);
	open_session();
	td_expect(td(TDISP_GET_VERSION, 0x1234), TDISP_ERR_INVALID_INTERFACE, 0, &r);
	m = td(TDISP_START_INTERFACE_REQ, TDI_ID);
	m.u.td.nonce = wrong;
	td_expect(m, TDISP_ERR_INVALID_INTERFACE_STATE, 0, &r); /* not locked */
	td_expect(td(TDISP_GET_DEVICE_INTERFACE_REPORT, TDI_ID), TDISP_ERR_INVALID_INTERFACE_STATE,
		  0, &r);
	td_expect(td(TDISP_STOP_INTERFACE_REQ, TDI_ID), TDISP_ERR_INVALID_INTERFACE_STATE, 0, &r);
	m = td(TDISP_LOCK_INTERFACE_REQ, TDI_ID);
	m.u.td.lock_flags = 0x0010; /* ALL_REQUEST_REDIRECT: not offered */
	td_expect(m, TDISP_ERR_INVALID_REQUEST, 0, &r);
	td_expect(td(TDISP_LOCK_INTERFACE_REQ, TDI_ID), 0, TDISP_LOCK_INTERFACE_RSP, &r);
	td_expect(td(TDISP_LOCK_INTERFACE_REQ, TDI_ID), TDISP_ERR_INVALID_INTERFACE_STATE, 0, &r);
	m = td(TDISP_START_INTERFACE_REQ, TDI_ID);
	m.u.td.nonce = wrong;
	td_expect(m, TDISP_ERR_INVALID_NONCE, 0, &r);
	td_state(TDISP_CONFIG_LOCKED);
	/* the session that locked it ends: the TDI is in ERROR, until STOP_INTERFACE */
	assert_int_equal(cspdm_session_end(fx.s, &fx.link.io, 1), CSPDM_OK);
	open_session();
	td_state(TDISP_STATE_ERROR);
	td_expect(td(TDISP_LOCK_INTERFACE_REQ, TDI_ID), TDISP_ERR_INVALID_INTERFACE_STATE, 0, &r);
	td_expect(td(TDISP_STOP_INTERFACE_REQ, TDI_ID), 0, TDISP_STOP_INTERFACE_RSP, &r);
	td_state(TDISP_CONFIG_UNLOCKED);
	stop();
}

static struct app_msg ide(uint8_t obj, uint8_t port, uint8_t stream, uint8_t sub)
{
	struct app_msg m;

	memset(&m, 0, sizeof(m));
	m.proto = APP_IDE_KM;
	m.u.ide.object_id = obj;
	m.u.ide.port_index = port;
	m.u.ide.stream_id = stream;
	m.u.ide.sub_stream = sub;
	return m;
}

static int holds(const uint8_t *pat, size_t n)
{
	const uint8_t *mem = (const uint8_t *)fx.app_mem;
	size_t i;

	for (i = 0; i + n <= sizeof(fx.app_mem); i++)
		if (!memcmp(mem + i, pat, n))
			return 1;
	return 0;
}

static void test_ide_refusals(void **state)
{
	uint8_t key[IDE_KM_KEY_SIZE], ifv[IDE_KM_IFV_SIZE] = {0};
	struct app_msg m, r;

	(void)state;
	tu_fill(key, sizeof(key), 0xA0);
	start(CSPDM_TRANSPORT_PCI_DOE, CSPDM_V13, 1);
	open_session();
	m = ide(IDE_KM_KEY_PROG, 0, 9, IDE_KM_SUB_NPR); /* stream 9: the device has 0..3 */
	m.u.ide.key = key;
	m.u.ide.ifv = ifv;
	assert_int_equal(ask(&m, &r), CSPDM_OK);
	assert_int_equal(r.u.ide.object_id, IDE_KM_KP_ACK);
	assert_int_equal(r.u.ide.status, 3); /* unsupported value */
	assert_int_equal(r.u.ide.stream_id, 9);
	m.u.ide.port_index = 8; /* beyond MaxPortIndex 7 */
	assert_int_equal(ask(&m, &r), CSPDM_OK);
	assert_int_equal(r.u.ide.status, 2); /* unsupported port index */
	assert_false(holds(key, sizeof(key)));
	/* a key kept, then zeroed by K_SET_STOP */
	m = ide(IDE_KM_KEY_PROG, 1, 2, IDE_KM_SUB_CPL | IDE_KM_DIR_TX);
	m.u.ide.key = key;
	m.u.ide.ifv = ifv;
	assert_int_equal(ask(&m, &r), CSPDM_OK);
	assert_int_equal(r.u.ide.status, 0);
	assert_true(holds(key, sizeof(key)));
	m = ide(IDE_KM_K_SET_STOP, 1, 2, IDE_KM_SUB_CPL | IDE_KM_DIR_TX);
	assert_int_equal(ask(&m, &r), CSPDM_OK);
	assert_int_equal(r.u.ide.object_id, IDE_KM_K_GOSTOP_ACK);
	assert_false(holds(key, sizeof(key)));
	/* K_SET_GO for key set K1, never programmed */
	m = ide(IDE_KM_K_SET_GO, 0, 0, IDE_KM_KEY_SET_K1 | IDE_KM_SUB_PR);
	assert_int_equal(ask(&m, &r), CSPDM_E_DEVICE_ERROR);
	assert_int_equal(cspdm_session_last_error(fx.s)->device_code, SPDM_ERR_INVALID_REQUEST);
	stop();
}

/* CXL IDE_KM: QUERY_RESP with the Caps, a key per direction kept and zeroed, K_SET_GO for a
 * direction never programmed refused. */
static void test_cxl_ide_km(void **state)
{
	uint8_t key[IDE_KM_KEY_SIZE], iv[IDE_KM_CXL_IV_SIZE] = {0x80};
	struct app_msg m, r;

	(void)state;
	tu_fill(key, sizeof(key), 0x40);
	start(CSPDM_TRANSPORT_PCI_DOE, CSPDM_V12, 1);
	open_session();
	m = ide(IDE_KM_QUERY, 0, 0, 0);
	m.proto = APP_CXL_IDE_KM;
	assert_int_equal(ask(&m, &r), CSPDM_OK);
	assert_int_equal(r.proto, APP_CXL_IDE_KM);
	assert_int_equal(r.u.ide.object_id, IDE_KM_QUERY_RESP);
	assert_int_equal(r.u.ide.caps, IDE_KM_CXL_CAP_K_SET_STOP | 0x01);
	m = ide(IDE_KM_KEY_PROG, 0, 0, IDE_KM_SUB_CXL);
	m.proto = APP_CXL_IDE_KM;
	m.u.ide.key = key;
	m.u.ide.ifv = iv;
	assert_int_equal(ask(&m, &r), CSPDM_OK);
	assert_int_equal(r.u.ide.object_id, IDE_KM_KP_ACK);
	assert_int_equal(r.u.ide.status, 0);
	assert_true(holds(key, sizeof(key)));
	m = ide(IDE_KM_K_SET_STOP, 0, 0, IDE_KM_SUB_CXL);
	m.proto = APP_CXL_IDE_KM;
	assert_int_equal(ask(&m, &r), CSPDM_OK);
	assert_int_equal(r.u.ide.object_id, IDE_KM_K_GOSTOP_ACK);
	assert_false(holds(key, sizeof(key)));
	m = ide(IDE_KM_K_SET_GO, 0, 0, IDE_KM_SUB_CXL | IDE_KM_DIR_TX);
	m.proto = APP_CXL_IDE_KM;
	assert_int_equal(ask(&m, &r), CSPDM_E_DEVICE_ERROR);
	assert_int_equal(cspdm_session_last_error(fx.s)->device_code, SPDM_ERR_INVALID_REQUEST);
	stop();
}

/* IDE_KM outside a session: SessionRequired (1.2+), UnexpectedRequest before; without the
 * device model, UnsupportedRequest. */
static void test_in_the_clear(void **state)
{
	struct app_msg m = ide(IDE_KM_QUERY, 0, 0, 0);
	uint8_t out[64];
	size_t len = 0, n;

	(void)state;
	start(CSPDM_TRANSPORT_PCI_DOE, CSPDM_V13, 1);
	assert_int_equal(app_enc(CSPDM_V13, &m, fx.req, sizeof(fx.req), &len), CSPDM_OK);
	n = cspdm_responder_process(fx.rsp, fx.req, len, 0, out, sizeof(out));
	assert_int_equal(n, 4);
	assert_int_equal(out[1], SPDM_ERROR);
	assert_int_equal(out[2], SPDM_ERR_SESSION_REQUIRED);
	assert_int_equal(cspdm_responder_last_error(fx.rsp)->code, CSPDM_E_NOT_SECURED);
	stop();
	start(CSPDM_TRANSPORT_PCI_DOE, CSPDM_V11, 1);
	assert_int_equal(app_enc(CSPDM_V11, &m, fx.req, sizeof(fx.req), &len), CSPDM_OK);
	n = cspdm_responder_process(fx.rsp, fx.req, len, 0, out, sizeof(out));
	assert_int_equal(out[2], SPDM_ERR_UNEXPECTED_REQUEST);
	stop();
	start(CSPDM_TRANSPORT_PCI_DOE, CSPDM_V13, 0);
	assert_int_equal(app_enc(CSPDM_V13, &m, fx.req, sizeof(fx.req), &len), CSPDM_OK);
	n = cspdm_responder_process(fx.rsp, fx.req, len, 0, out, sizeof(out));
	assert_int_equal(out[2], SPDM_ERR_UNSUPPORTED_REQUEST);
	assert_int_equal(out[3], SPDM_VENDOR_DEFINED_REQUEST);
	open_session(); /* and inside a session too */
	assert_int_equal(ask(&m, &(struct app_msg){0}), CSPDM_E_DEVICE_ERROR);
	assert_int_equal(cspdm_session_last_error(fx.s)->device_code, SPDM_ERR_UNSUPPORTED_REQUEST);
	stop();
}

/* TDISP in parts (app_flow.td_steps): lock and report in one session; the TDI goes to ERROR
 * when it ends; STOP alone in the next brings it back to CONFIG_UNLOCKED; START without the
 * lock is refused before anything is sent. */
static void test_tdisp_steps(void **state)
{
	struct app_flow f;
	cspdm_error err;
	size_t n = 0;

	(void)state;
	start(CSPDM_TRANSPORT_PCI_DOE, CSPDM_V13, 1);
	open_session();
	app_flow_init(&f, fx.ops, fx.ver, APP_FLOW_TDISP);
	f.function_id = TDI_ID;
	f.td_steps = APP_TD_LOCK | APP_TD_REPORT;
	f.report = fx.report;
	f.report_cap = sizeof(fx.report);
	run_flow(&f);
	assert_int_equal(f.n_states, 2);
	assert_int_equal(f.states[1], TDISP_CONFIG_LOCKED);
	assert_int_equal(f.rep.range_count, 4);
	assert_int_equal(cspdm_session_end(fx.s, &fx.link.io, 1), CSPDM_OK);
	open_session();
	app_flow_init(&f, fx.ops, fx.ver, APP_FLOW_TDISP);
	f.function_id = TDI_ID;
	f.td_steps = APP_TD_STOP;
	run_flow(&f);
	assert_int_equal(f.n_states, 2);
	assert_int_equal(f.states[0], TDISP_STATE_ERROR);
	assert_int_equal(f.states[1], TDISP_CONFIG_UNLOCKED);
	app_flow_init(&f, fx.ops, fx.ver, APP_FLOW_TDISP);
	f.td_steps = APP_TD_START;
	assert_int_equal(app_flow_next(&f, NULL, 0, fx.req, sizeof(fx.req), &n, &err),
			 CSPDM_E_INVALID_ARG);
	assert_int_equal(n, 0);
	stop();
}

/* ---- CXL TSP ------------------------------------------------------------------------------ */

/* Our requester's primary flow, then a secondary PSK session for each PSK it set. */
static void test_tsp_flows(void **state)
{
	uint8_t hint[APP_FLOW_TSP_HINT_LEN];
	struct app_flow f, g;
	unsigned i;

	(void)state;
	start(CSPDM_TRANSPORT_PCI_DOE, CSPDM_V13, 1);
	open_session();
	app_flow_init(&f, fx.ops, fx.ver, APP_FLOW_CXL_TSP);
	f.report = fx.report;
	f.report_cap = sizeof(fx.report);
	run_flow(&f);
	assert_int_equal(f.tsp_caps.num_secondary, 2);
	assert_int_equal(f.tsp_valid, 0x3);
	assert_int_equal(f.states[0], TSP_CONFIG_UNLOCKED);
	assert_int_equal(f.states[1], TSP_CONFIG_LOCKED);
	assert_int_equal(f.tsp_cfg.enc_algs, TSP_ALG_AES_XTS_256);
	assert_int_equal(f.report_len, 0xDC);
	assert_int_equal(f.te_states, 2);
	assert_true(holds(f.tsp_psk + APP_FLOW_TSP_PSK, APP_FLOW_TSP_PSK));
	for (i = 0; i < 2; i++) {
		app_flow_tsp_hint(i, hint);
		assert_int_equal(open_in(&fx.s2, fx.s2_mem, sizeof(fx.s2_mem), fx.tx2,
					 f.tsp_psk + i * APP_FLOW_TSP_PSK, hint),
				 CSPDM_OK);
		app_flow_init(&g, fx.ops, fx.ver, APP_FLOW_CXL_TSP_2ND);
		g.report = fx.report;
		g.report_cap = sizeof(fx.report);
		run_flow_in(fx.s2, &g);
		assert_int_equal(g.states[0], TSP_CONFIG_LOCKED);
		assert_int_equal(cspdm_session_end(fx.s2, &fx.link.io, 1), CSPDM_OK);
	}
	cspdm_responder_reset(fx.rsp); /* the device's PSKs are gone with its state */
	assert_false(holds(f.tsp_psk + APP_FLOW_TSP_PSK, APP_FLOW_TSP_PSK));
	app_flow_wipe(&f);
	stop();
}

static struct app_msg tsp(uint8_t op)
{
	struct app_msg m;

	memset(&m, 0, sizeof(m));
	m.proto = APP_CXL_TSP;
	m.u.tsp.version = TSP_VERSION_10;
	m.u.tsp.opcode = op;
	return m;
}

/* A TSP request in s answered with Error code (0: with its response). */
static void tsp_expect(struct cspdm_session *s, struct app_msg m, uint8_t code)
{
	struct app_msg r;

	assert_int_equal(ask_in(s, &m, &r), CSPDM_OK);
	assert_int_equal(r.u.tsp.opcode, code ? TSP_ERROR_RSP : (m.u.tsp.opcode & 0x7F));
	if (code)
		assert_int_equal(r.u.tsp.error_code, code);
}

static struct app_msg te(uint64_t base, uint64_t len, uint8_t *range)
{
	struct app_msg m = tsp(TSP_SET_TE_STATE);
	unsigned i;

	for (i = 0; i < 8; i++) {
		range[i] = (uint8_t)(base >> (8 * i));
		range[8 + i] = (uint8_t)(len >> (8 * i));
	}
	m.u.tsp.te_state = 1;
	m.u.tsp.num_ranges = 1;
	m.u.tsp.tail = range;
	m.u.tsp.tail_len = TSP_RANGE_SIZE;
	return m;
}

static void test_tsp_refusals(void **state)
{
	static uint8_t ib[TSP_IB_ENTRIES_SIZE], psk[TSP_PSK_MATERIAL_SIZE];
	uint8_t range[TSP_RANGE_SIZE], hint[APP_FLOW_TSP_HINT_LEN];
	struct app_msg set = tsp(TSP_SET_CONFIGURATION), m;

	(void)state;
	start(CSPDM_TRANSPORT_PCI_DOE, CSPDM_V12, 1);
	app_flow_tsp_hint(0, hint);
	assert_int_equal(open_in(&fx.s2, fx.s2_mem, sizeof(fx.s2_mem), fx.tx2, psk, hint),
			 CSPDM_E_DEVICE_ERROR); /* no PSK set for secondary session 0 yet */
	open_session();
	tsp_expect(fx.s, tsp(TSP_GET_VERSION), 0);
	tsp_expect(fx.s, tsp(TSP_LOCK_CONFIGURATION), TSP_ERR_INVALID_SECURITY_STATE);
	tsp_expect(fx.s, te(0x1000, 0x1000, range), TSP_ERR_INVALID_SECURITY_STATE);
	set.u.tsp.ib_entries = ib;
	set.u.tsp.psk_material = psk;
	set.u.tsp.enc_features = TSP_ENC_ENABLE;
	set.u.tsp.enc_algs = TSP_ALG_AES_XTS_128; /* only 256 offered */
	tsp_expect(fx.s, set, TSP_ERR_INVALID_SECURITY_CONFIG);
	set.u.tsp.enc_algs = TSP_ALG_AES_XTS_256;
	set.u.tsp.validity_flags = 0x4; /* a third secondary session: 2 offered */
	tsp_expect(fx.s, set, TSP_ERR_INVALID_SECURITY_CONFIG);
	set.u.tsp.validity_flags = 0x1;
	tsp_expect(fx.s, set, 0);
	/* another KEY_EXCHANGE session is neither primary nor secondary */
	assert_int_equal(open_in(&fx.s2, fx.s2_mem, sizeof(fx.s2_mem), fx.tx2, NULL, NULL),
			 CSPDM_OK);
	tsp_expect(fx.s2, tsp(TSP_GET_CAPABILITIES), 0);
	tsp_expect(fx.s2, tsp(TSP_GET_CONFIGURATION), TSP_ERR_NO_PRIVILEGE);
	tsp_expect(fx.s2, tsp(TSP_LOCK_CONFIGURATION), TSP_ERR_NO_PRIVILEGE);
	tsp_expect(fx.s, tsp(TSP_LOCK_CONFIGURATION), 0);
	tsp_expect(fx.s, tsp(TSP_LOCK_CONFIGURATION), TSP_ERR_ALREADY_LOCKED);
	tsp_expect(fx.s, set, TSP_ERR_ALREADY_LOCKED);
	tsp_expect(fx.s, te(0x1000, 0x1000, range), 0);
	tsp_expect(fx.s, te(0x1010, 0x1000, range), TSP_ERR_INVALID_REQUEST);	/* unaligned */
	tsp_expect(fx.s, te(0x1000, 0, range), TSP_ERR_INVALID_REQUEST);	/* empty */
	tsp_expect(fx.s, te(~0x3Full, 0x1000, range), TSP_ERR_INVALID_REQUEST); /* wraps */
	m = tsp(TSP_GET_CONFIGURATION_REPORT);
	m.u.tsp.offset = 0xDC; /* the report's length */
	m.u.tsp.length = 16;
	tsp_expect(fx.s, m, TSP_ERR_INVALID_REQUEST);
	/* secondary session 0 was configured, with the all-zero PSK; 1 was not (the requester
	 * starts over after the refusal: last) */
	app_flow_tsp_hint(0, hint);
	assert_int_equal(open_in(&fx.s2, fx.s2_mem, sizeof(fx.s2_mem), fx.tx2, psk, hint),
			 CSPDM_OK);
	tsp_expect(fx.s2, tsp(TSP_GET_CONFIGURATION), 0);
	set.u.tsp.validity_flags = 0;
	tsp_expect(fx.s2, set, TSP_ERR_NO_PRIVILEGE);
	app_flow_tsp_hint(1, hint);
	assert_int_equal(open_in(&fx.s2, fx.s2_mem, sizeof(fx.s2_mem), fx.tx2, psk, hint),
			 CSPDM_E_DEVICE_ERROR);
	assert_string_equal(cspdm_responder_last_error(fx.rsp)->field, "PSKHint (no PSK for it)");
	stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_flows),	 cmocka_unit_test(test_tdisp_wrong_state),
	    cmocka_unit_test(test_ide_refusals), cmocka_unit_test(test_cxl_ide_km),
	    cmocka_unit_test(test_in_the_clear), cmocka_unit_test(test_tdisp_steps),
	    cmocka_unit_test(test_tsp_flows),	 cmocka_unit_test(test_tsp_refusals),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
