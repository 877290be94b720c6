/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The AF_MCTP back-end. Against the real kernel where it has MCTP: a socket, and an EID without
 * a route (CSPDM_MCTP_EID=[NET:]EID names a real endpoint to authenticate). Where it has none,
 * that the back-end says so, and a line saying what was skipped. Then, against a simulated
 * AF_MCTP endpoint (tests/sim/mctp_model.c): the addresses, message types and tags put on the
 * datagrams, datagrams from strangers dropped, no route, timeouts, secured messages, and
 * authentication with measurements at SPDM 1.2-1.4.
 */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cspdm/device.h"
#include "cspdm/transport.h"
#include "mctp_model.h"

struct fx {
	struct sim sim;
	struct mctp_model m;
	struct cspdm_device *dev;
	struct cspdm_dev_error err;
};

static struct fx *fx_new(uint32_t net, uint8_t eid)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	sim_init(&f->sim);
	sim_rsp_reset(sim_the_rsp);
	mctp_model_init(&f->m, &f->sim, net, eid, sim_the_rsp);
	return f;
}

static cspdm_status fx_open(struct fx *f, const char *uri)
{
	return sim_device_open(&f->sim, uri, &f->dev, &f->err);
}

static void fx_free(struct fx *f)
{
	cspdm_device_close(f->dev);
	assert_int_equal(sim_open_files(&f->sim), 0);
	assert_int_equal(f->m.bad_addr, 0);
	free(f);
}

/* ---- the real kernel ------------------------------------------------------------------------ */

static void test_real_kernel(void **state)
{
	const struct cspdm_sys *os = cspdm_sys_os();
	const char *eid = getenv("CSPDM_MCTP_EID");
	struct cspdm_dev_addr a;
	struct cspdm_device *d = NULL;
	struct cspdm_dev_error e;
	int fd = os->socket(os->priv, AF_MCTP, SOCK_DGRAM, 0), why = errno;
	char uri[64];

	(void)state;
	assert_int_equal(cspdm_dev_parse("mctp:1:254", &a, NULL), CSPDM_OK);
	if (fd < 0) {
		printf("test_mctp_sock: skipped the real AF_MCTP exchange: this kernel has no "
		       "MCTP (socket: %s); checked that the back-end says so\n",
		       strerror(why));
		assert_int_equal(cspdm_device_open(&d, &a, NULL, &e), CSPDM_E_NOT_OFFERED);
		assert_string_equal(e.what, "the kernel has no MCTP support (AF_MCTP)");
		return;
	}
	os->close(os->priv, fd);
	if (!eid) {
		/* EID 254 on network 1: no route, unless the machine has one */
		const struct cspdm_io *io;

		assert_int_equal(cspdm_device_open(&d, &a, NULL, &e), CSPDM_OK);
		io = cspdm_device_io(d);
		if (io->send(io->priv, CSPDM_MSG_SPDM, (const uint8_t *)"\x10\x84\x00\x00", 4))
			assert_int_equal(cspdm_device_error(d)->code, CSPDM_E_NO_DEVICE);
		cspdm_device_close(d);
		printf(
		    "test_mctp_sock: skipped a real authentication: set CSPDM_MCTP_EID=[NET:]EID "
		    "to an endpoint\n");
		return;
	}
	snprintf(uri, sizeof(uri), "mctp:%s", eid);
	assert_int_equal(cspdm_dev_parse(uri, &a, NULL), CSPDM_OK);
	assert_int_equal(cspdm_device_open(&d, &a, NULL, &e), CSPDM_OK);
	{
		struct sim_req *q = sim_req_new(CSPDM_V12);

		q->cfg.min_version = CSPDM_V10;
		cspdm_deinit(q->ctx);
		assert_int_equal(cspdm_init(&q->ctx, q->mem, cspdm_context_size(), &q->cfg),
				 CSPDM_OK);
		assert_int_equal(cspdm_authenticate(q->ctx, cspdm_device_io(d)), CSPDM_OK);
		sim_req_free(q);
	}
	cspdm_device_close(d);
}

/* ---- addresses ------------------------------------------------------------------------------ */

static void test_uris(void **state)
{
	static const char *const bad[] = {
	    "mctp:",  "mctp:0",	 "mctp:255", "mctp:1:",	   "mctp::8",
	    "mctp:x", "mctp:8x", "mctp:-1",  "mctp:1:2:3", "mctp:0x1ff"};
	struct cspdm_dev_addr a;
	const char *why = NULL;
	size_t i;

	(void)state;
	assert_int_equal(cspdm_dev_parse("mctp:8", &a, NULL), CSPDM_OK);
	assert_int_equal(a.kind, CSPDM_DEV_MCTP);
	assert_int_equal(a.mctp_net, 0);
	assert_int_equal(a.mctp_eid, 8);
	assert_int_equal(cspdm_dev_parse("mctp:1:0x1d", &a, NULL), CSPDM_OK);
	assert_int_equal(a.mctp_net, 1);
	assert_int_equal(a.mctp_eid, 0x1d);
	assert_int_equal(cspdm_dev_parse("mctp:4294967295:254", &a, NULL), CSPDM_OK);
	assert_int_equal(a.mctp_net, 4294967295u);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(cspdm_dev_parse(bad[i], &a, &why), CSPDM_E_INVALID_ARG);
		assert_string_equal(why,
				    "mctp: wants EID or NET:EID (EID 1..254, decimal or 0x-hex)");
	}
}

static void test_no_kernel_support(void **state)
{
	struct fx *f = fx_new(1, 8);

	(void)state;
	f->sim.socket_node[0] = NULL;
	assert_int_equal(fx_open(f, "mctp:8"), CSPDM_E_NOT_OFFERED);
	assert_string_equal(f->err.what, "the kernel has no MCTP support (AF_MCTP)");
	assert_int_equal(f->err.os_errno, EAFNOSUPPORT);
	fx_free(f);
}

static void test_datagrams(void **state)
{
	static const uint8_t getver[] = {0x10, 0x84, 0x00, 0x00};
	struct fx *f = fx_new(3, 0x1d);
	const struct cspdm_io *io;
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	assert_int_equal(fx_open(f, "mctp:3:0x1d"), CSPDM_OK);
	assert_string_equal(cspdm_device_describe(f->dev), "MCTP network 3, EID 29");
	io = cspdm_device_io(f->dev);
	assert_int_equal(io->max_pad, 0);
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SPDM, getver, sizeof(getver)), CSPDM_OK);
	assert_int_equal(f->m.last_to.smctp_family, AF_MCTP);
	assert_int_equal(f->m.last_to.smctp_network, 3);
	assert_int_equal(f->m.last_to.smctp_addr.s_addr, 0x1d);
	assert_int_equal(f->m.last_to.smctp_type, CSPDM_MCTP_TYPE_SPDM);
	assert_int_equal(f->m.last_to.smctp_tag, MCTP_TAG_OWNER); /* the kernel picks the tag */
	f->m.noise = true; /* (already answered: noise from the next request on) */
	assert_int_equal(io->recv(io->priv, buf, sizeof(buf), &n, NULL, 1000000), CSPDM_OK);
	assert_int_equal(buf[1], 0x04); /* VERSION */
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SPDM, getver, sizeof(getver)), CSPDM_OK);
	assert_int_equal(io->recv(io->priv, buf, sizeof(buf), &n, NULL, 1000000), CSPDM_OK);
	assert_int_equal(buf[1], 0x04);
	assert_int_equal(f->m.q_n, 0); /* the strangers were read and dropped */
	fx_free(f);
}

static void test_no_route_and_timeout(void **state)
{
	struct fx *f = fx_new(0, 9);
	struct sim_req *q = sim_req_new(CSPDM_V12);
	uint64_t t0;

	(void)state;
	assert_int_equal(fx_open(f, "mctp:10"), CSPDM_OK); /* the endpoint is 9 */
	assert_int_equal(cspdm_authenticate(q->ctx, cspdm_device_io(f->dev)), CSPDM_E_NO_DEVICE);
	assert_string_equal(cspdm_device_error(f->dev)->what, "MCTP: no route to the EID");
	assert_int_equal(cspdm_device_error(f->dev)->os_errno, ENETUNREACH);
	cspdm_device_close(f->dev);
	f->dev = NULL;
	assert_int_equal(fx_open(f, "mctp:9"), CSPDM_OK);
	f->m.silent = true;
	t0 = f->sim.clock_us;
	assert_int_equal(cspdm_authenticate(q->ctx, cspdm_device_io(f->dev)), CSPDM_E_TIMEOUT);
	assert_string_equal(cspdm_device_error(f->dev)->what, "MCTP: no response in time");
	assert_true(f->sim.clock_us > t0);
	f->m.silent = false;
	sim_rsp_reset(sim_the_rsp);
	assert_int_equal(sim_req_auth_measure(q, cspdm_device_io(f->dev)), CSPDM_OK);
	sim_req_free(q);
	fx_free(f);
}

static void test_secured(void **state)
{
	static const uint8_t rec[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x10, 0x00, 0xAA};
	struct fx *f = fx_new(0, 8);
	const struct cspdm_io *io;
	uint8_t buf[64];
	size_t n = 0;
	enum cspdm_msg_kind k = CSPDM_MSG_SPDM;

	(void)state;
	assert_int_equal(fx_open(f, "mctp:8"), CSPDM_OK);
	io = cspdm_device_io(f->dev);
	assert_int_equal(io->has_secured, 1);
	assert_int_equal(io->secured.seq_num_size, 2);
	assert_int_equal(io->secured.max_random_pad, 32);
	assert_int_equal(io->secured.app_prefix_len, 1);
	assert_int_equal(io->secured.app_prefix[0], CSPDM_MCTP_TYPE_SPDM);
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SECURED, rec, sizeof(rec)), CSPDM_OK);
	assert_int_equal(f->m.last_to.smctp_type, CSPDM_MCTP_TYPE_SECURED);
	assert_int_equal(io->recv(io->priv, buf, sizeof(buf), &n, &k, 1000000), CSPDM_OK);
	assert_int_equal(k, CSPDM_MSG_SECURED);
	assert_int_equal(n, sizeof(rec));
	assert_int_equal(buf[0], 0x00);
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SECURED, rec, sizeof(rec)), CSPDM_OK);
	assert_int_equal(io->recv(io->priv, buf, sizeof(buf), &n, NULL, 1000000),
			 CSPDM_E_TRANSPORT);
	fx_free(f);
}

static void test_authenticate_measure(void **state)
{
	static const uint8_t versions[] = {CSPDM_V12, CSPDM_V13, CSPDM_V14};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(versions); i++) {
		struct fx *f = fx_new(1, 42);
		struct sim_req *q = sim_req_new(versions[i]);

		f->m.noise = i == 1;
		assert_int_equal(fx_open(f, i == 2 ? "mctp:42" : "mctp:1:42"), CSPDM_OK);
		assert_int_equal(sim_req_auth_measure(q, cspdm_device_io(f->dev)), CSPDM_OK);
		sim_req_free(q);
		fx_free(f);
	}
}

/* Secure sessions over MCTP: type 6, a 2-byte sequence number, random padding, type 5 inside. */
static void test_sessions(void **state)
{
	struct cspdm_secured_binding b;
	struct fx *f = fx_new(1, 9);
	struct sim_req *q = sim_req_new(CSPDM_V13);
	struct sim_rsp *r;

	(void)state;
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_MCTP, &b);
	r = sim_rsp_new_sessions(CSPDM_V14, &b);
	f->m.rsp = r;
	assert_int_equal(fx_open(f, "mctp:1:9"), CSPDM_OK);
	assert_int_equal(sim_req_auth_measure(q, cspdm_device_io(f->dev)), CSPDM_OK);
	assert_int_equal(sim_req_session(q, cspdm_device_io(f->dev)), CSPDM_OK);
	sim_req_free(q);
	fx_free(f);
	sim_rsp_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_real_kernel),		 cmocka_unit_test(test_uris),
	    cmocka_unit_test(test_no_kernel_support),	 cmocka_unit_test(test_datagrams),
	    cmocka_unit_test(test_no_route_and_timeout), cmocka_unit_test(test_secured),
	    cmocka_unit_test(test_authenticate_measure), cmocka_unit_test(test_sessions),
	};

	return cmocka_run_group_tests(tests, sim_rsp_setup, sim_rsp_teardown);
}
