/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PCI DOE back-end against the register model of tests/sim/doe_model.c: capability walk,
 * DOE discovery, authentication and measurements at SPDM 1.2-1.4, secured messages (type 2),
 * and every mailbox fault (Busy, Error, a device that never sets Ready, more or fewer dwords
 * than announced, a stale object, a huge length): each gives its own error, costs no real
 * time (the clock is virtual), leaves the mailbox aborted and usable, and the same requester
 * context authenticates again afterwards.
 */
#include "testutil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cspdm/device.h"
#include "cspdm/transport.h"
#include "doe_model.h"

#define BDF "0000:03:00.0"

struct fx {
	struct sim sim;
	struct doe_model m;
	struct sim_rsp *rsp;
	struct cspdm_device *dev;
	struct cspdm_dev_error err;
};

static struct fx *fx_new(void)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	sim_init(&f->sim);
	f->rsp = sim_the_rsp;
	sim_rsp_reset(f->rsp);
	return f;
}

/* Build the model (after the test set its flags) and open the device by URI. */
static cspdm_status fx_open(struct fx *f, const char *uri)
{
	doe_model_init(&f->m, &f->sim, BDF, f->rsp);
	return sim_device_open(&f->sim, uri, &f->dev, &f->err);
}

static void fx_free(struct fx *f)
{
	cspdm_device_close(f->dev);
	assert_int_equal(sim_open_files(&f->sim), 0);
	assert_int_equal(f->m.bad_access, 0); /* aligned dwords only, always */
	free(f);
}

static void expect_open_fails(struct fx *f, const char *uri, cspdm_status code, const char *what)
{
	assert_int_equal(fx_open(f, uri), code);
	assert_null(f->dev);
	assert_int_equal(f->err.code, code);
	assert_non_null(f->err.what);
	assert_string_equal(f->err.what, what);
}

/* ---- finding the mailbox -------------------------------------------------------------------- */

static void test_open_finds_spdm_mailbox(void **state)
{
	struct fx *f = fx_new();
	const struct cspdm_io *io;

	(void)state;
	assert_int_equal(fx_open(f, "pci:" BDF), CSPDM_OK);
	io = cspdm_device_io(f->dev);
	assert_int_equal(io->max_pad, 3);
	assert_int_equal(io->has_secured, 1);
	assert_int_equal(
	    io->secured.seq_num_size + io->secured.max_random_pad + io->secured.app_prefix_len, 0);
	assert_string_equal(cspdm_device_describe(f->dev),
			    "PCI DOE mailbox at 0x1a0 (CMA/SPDM, secured CMA/SPDM)");
	/* the CDAT mailbox was asked too, and answered discovery only */
	assert_true(f->m.gos >= 5);
	assert_int_equal(cspdm_device_error(f->dev)->code, CSPDM_OK);
	fx_free(f);
}

static void test_open_by_offset(void **state)
{
	struct fx *f = fx_new();

	(void)state;
	assert_int_equal(fx_open(f, "pci:03:00.0@0x1a0"), CSPDM_OK);
	fx_free(f);
	f = fx_new();
	expect_open_fails(f, "pci:" BDF "@148", CSPDM_E_NOT_OFFERED,
			  "DOE discovery does not offer CMA/SPDM (vendor 0001, type 1)");
	fx_free(f);
	f = fx_new();
	expect_open_fails(f, "pci:" BDF "@0x180", CSPDM_E_NOT_OFFERED,
			  "no DOE capability at that offset");
	fx_free(f);
}

struct open_case {
	int open_errno;
	bool no_doe, no_spdm;
	size_t cfg_size;
	const char *uri;
	cspdm_status code;
	const char *what;
};

static void test_open_errors(void **state)
{
	static const struct open_case cases[] = {
	    {0, false, false, 0, "pci:0000:ff:1f.7", CSPDM_E_NO_DEVICE, "no such PCI function"},
	    {EACCES, false, false, 0, "pci:" BDF, CSPDM_E_PERMISSION,
	     "PCI config space is writable by root only"},
	    {0, true, false, 0, "pci:" BDF, CSPDM_E_NOT_OFFERED,
	     "no DOE capability (extended capability 0x002E)"},
	    /* conventional config space only */
	    {0, false, false, 256, "pci:" BDF, CSPDM_E_NOT_OFFERED,
	     "no DOE capability (extended capability 0x002E)"},
	    {0, false, true, 0, "pci:" BDF, CSPDM_E_NOT_OFFERED,
	     "DOE discovery does not offer CMA/SPDM (vendor 0001, type 1)"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx *f = fx_new();

		f->m.node.open_errno = cases[i].open_errno;
		f->m.no_doe = cases[i].no_doe;
		f->m.no_spdm = cases[i].no_spdm;
		f->m.cfg_size = cases[i].cfg_size;
		expect_open_fails(f, cases[i].uri, cases[i].code, cases[i].what);
		if (cases[i].code == CSPDM_E_NO_DEVICE)
			assert_int_equal(f->err.os_errno, ENOENT);
		fx_free(f);
	}
}

static void test_open_mailbox_busy(void **state)
{
	struct fx *f = fx_new();
	uint64_t t0 = f->sim.clock_us;

	(void)state;
	f->m.fault = DOE_BUSY_FOREVER;
	expect_open_fails(f, "pci:" BDF, CSPDM_E_BUSY, "DOE mailbox busy: Busy stayed set for 1 s");
	assert_int_equal(f->err.status_kind, CSPDM_DEV_STATUS_DOE);
	assert_true(f->err.status & 1u);
	assert_true(f->sim.clock_us - t0 >= 1000000);
	fx_free(f);
}

/* ---- SPDM over the mailbox ------------------------------------------------------------------ */

static void test_authenticate_measure_versions(void **state)
{
	static const uint8_t versions[] = {CSPDM_V12, CSPDM_V13, CSPDM_V14};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(versions); i++) {
		struct fx *f = fx_new();
		struct sim_req *q = sim_req_new(versions[i]);

		f->m.latency_us = 150; /* as QEMU under TCG */
		assert_int_equal(fx_open(f, "pci:" BDF), CSPDM_OK);
		assert_int_equal(sim_req_auth_measure(q, cspdm_device_io(f->dev)), CSPDM_OK);
		sim_req_free(q);
		fx_free(f);
	}
}

static void test_secured_messages(void **state)
{
	static const uint8_t rec[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x10, 0x00, 0xAA};
	struct fx *f = fx_new();
	const struct cspdm_io *io;
	uint8_t buf[64];
	size_t n = 0;
	enum cspdm_msg_kind k = CSPDM_MSG_SPDM;

	(void)state;
	assert_int_equal(fx_open(f, "pci:" BDF), CSPDM_OK);
	io = cspdm_device_io(f->dev);
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SECURED, rec, sizeof(rec)), CSPDM_OK);
	assert_int_equal(io->recv(io->priv, buf, sizeof(buf), &n, &k, 0), CSPDM_OK);
	assert_int_equal(k, CSPDM_MSG_SECURED);
	assert_int_equal(n, 12); /* the model's echo, padded to a dword */
	assert_int_equal(buf[0], 0x00);
	assert_memory_equal(buf + 1, rec + 1, sizeof(rec) - 1);
	/* a caller that takes SPDM messages only does not get one */
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SECURED, rec, sizeof(rec)), CSPDM_OK);
	assert_int_equal(io->recv(io->priv, buf, sizeof(buf), &n, NULL, 0), CSPDM_E_TRANSPORT);
	/* too small a buffer */
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SECURED, rec, sizeof(rec)), CSPDM_OK);
	assert_int_equal(io->recv(io->priv, buf, 4, &n, &k, 0), CSPDM_E_BUFFER_TOO_SMALL);
	/* a recv without a send */
	assert_int_equal(io->recv(io->priv, buf, sizeof(buf), &n, &k, 0), CSPDM_E_STATE);
	fx_free(f);
}

static void test_no_secured_type(void **state)
{
	struct fx *f = fx_new();
	const struct cspdm_io *io;

	(void)state;
	f->m.no_secured = true;
	assert_int_equal(fx_open(f, "pci:" BDF), CSPDM_OK);
	io = cspdm_device_io(f->dev);
	assert_int_equal(io->has_secured, 0);
	assert_string_equal(cspdm_device_describe(f->dev), "PCI DOE mailbox at 0x1a0 (CMA/SPDM)");
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SECURED, (const uint8_t *)"abcd", 4),
			 CSPDM_E_NOT_OFFERED);
	fx_free(f);
}

/* ---- faults during a session: specific error, no hang, usable afterwards -------------------- */

struct fault_case {
	enum doe_fault fault;
	cspdm_status code;
	const char *what;
};

static void run_fault(const struct fault_case *c)
{
	struct fx *f = fx_new();
	struct sim_req *q = sim_req_new(CSPDM_V13);
	const struct cspdm_dev_error *e;
	unsigned aborts;
	uint64_t t0;

	assert_int_equal(fx_open(f, "pci:" BDF), CSPDM_OK);
	f->m.fault = c->fault;
	aborts = f->m.aborts;
	t0 = f->sim.clock_us;
	assert_int_equal(cspdm_authenticate(q->ctx, cspdm_device_io(f->dev)), c->code);
	e = cspdm_device_error(f->dev);
	assert_int_equal(e->code, c->code);
	assert_non_null(e->what);
	assert_string_equal(e->what, c->what);
	assert_true(f->m.aborts > aborts);	       /* the mailbox was reset */
	assert_true(f->sim.clock_us - t0 <= 3000000u); /* bounded, in virtual time */
	f->m.fault = DOE_OK;
	f->m.mb[1].busy_forever = false;
	sim_rsp_reset(f->rsp);
	assert_int_equal(sim_req_auth_measure(q, cspdm_device_io(f->dev)), CSPDM_OK);
	sim_req_free(q);
	fx_free(f);
}

static void test_faults(void **state)
{
	static const struct fault_case cases[] = {
	    {DOE_ERROR_ON_GO, CSPDM_E_IO, "DOE Error: the device refused the data object"},
	    {DOE_NEVER_READY, CSPDM_E_TIMEOUT, "DOE timeout: no Data Object Ready within 1 s"},
	    {DOE_EXTRA_DWORDS, CSPDM_E_TRANSPORT,
	     "DOE: more dwords than the data object announced"},
	    {DOE_SHORT_RESPONSE, CSPDM_E_TRANSPORT, "DOE: data object shorter than its length"},
	    {DOE_HUGE_LENGTH, CSPDM_E_BUFFER_TOO_SMALL, "DOE: data object larger than 64 KiB"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_fault(&cases[i]);
}

static void test_busy_then_free(void **state)
{
	struct fx *f = fx_new();
	struct sim_req *q = sim_req_new(CSPDM_V12);

	(void)state;
	assert_int_equal(fx_open(f, "pci:" BDF), CSPDM_OK);
	f->m.fault = DOE_BUSY_BRIEF; /* Busy for a few polls of every exchange: just wait */
	assert_int_equal(sim_req_auth_measure(q, cspdm_device_io(f->dev)), CSPDM_OK);
	/* Busy for good in the middle: the requester is told, and later goes on */
	f->m.mb[1].busy_forever = true;
	assert_int_equal(cspdm_authenticate(q->ctx, cspdm_device_io(f->dev)), CSPDM_E_BUSY);
	f->m.mb[1].busy_forever = false;
	f->m.fault = DOE_OK;
	sim_rsp_reset(f->rsp);
	assert_int_equal(cspdm_authenticate(q->ctx, cspdm_device_io(f->dev)), CSPDM_OK);
	sim_req_free(q);
	fx_free(f);
}

static void test_stale_object_aborted(void **state)
{
	struct fx *f = fx_new();
	struct sim_req *q = sim_req_new(CSPDM_V14);

	(void)state;
	f->m.fault = DOE_STALE_READY; /* someone left a response in the mailbox */
	assert_int_equal(fx_open(f, "pci:" BDF), CSPDM_OK);
	assert_true(f->m.aborts >= 1);
	assert_int_equal(sim_req_auth_measure(q, cspdm_device_io(f->dev)), CSPDM_OK);
	sim_req_free(q);
	fx_free(f);
}

/* Secure sessions through the mailbox: DOE type 2, no sequence number or padding. */
static void test_sessions(void **state)
{
	static const uint8_t versions[] = {CSPDM_V12, CSPDM_V13, CSPDM_V14};
	struct cspdm_secured_binding b;
	size_t i;

	(void)state;
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_PCI_DOE, &b);
	for (i = 0; i < sizeof(versions); i++) {
		struct fx *f = fx_new();
		struct sim_req *q = sim_req_new(versions[i]);

		f->rsp = sim_rsp_new_sessions(CSPDM_V14, &b);
		assert_int_equal(fx_open(f, "pci:" BDF), CSPDM_OK);
		assert_int_equal(sim_req_auth_measure(q, cspdm_device_io(f->dev)), CSPDM_OK);
		assert_int_equal(sim_req_session(q, cspdm_device_io(f->dev)), CSPDM_OK);
		sim_req_free(q);
		sim_rsp_free(f->rsp);
		fx_free(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_open_finds_spdm_mailbox),
	    cmocka_unit_test(test_open_by_offset),
	    cmocka_unit_test(test_open_errors),
	    cmocka_unit_test(test_open_mailbox_busy),
	    cmocka_unit_test(test_authenticate_measure_versions),
	    cmocka_unit_test(test_secured_messages),
	    cmocka_unit_test(test_no_secured_type),
	    cmocka_unit_test(test_faults),
	    cmocka_unit_test(test_busy_then_free),
	    cmocka_unit_test(test_stale_object_aborted),
	    cmocka_unit_test(test_sessions),
	};

	return cmocka_run_group_tests(tests, sim_rsp_setup, sim_rsp_teardown);
}
