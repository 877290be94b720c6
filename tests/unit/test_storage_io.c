/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The NVMe and SCSI back-ends (DSP0286) against the storage model of tests/sim: the ioctls
 * they issue are the ones a kernel gets (NVME_IOCTL_ADMIN_CMD, SG_IO), the device behind them
 * is cspdm's responder. Authentication and measurements at SPDM 1.2-1.4 on both buses, with
 * and without pending info, secured messages, and every failure: the device's status (NVMe
 * status, SCSI sense data), the kernel's errno, timeouts, responses too long or too short.
 * Each gives its own error, and the same requester goes on afterwards.
 */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cspdm/device.h"
#include "cspdm/transport.h"
#include "storage_model.h"

struct fx {
	struct sim sim;
	struct storage_model m;
	struct cspdm_device *dev;
	struct cspdm_dev_error err;
};

static const char *node_of(bool scsi)
{
	return scsi ? "/dev/sg0" : "/dev/nvme0";
}

static struct fx *fx_new(bool scsi, const char *node)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	sim_init(&f->sim);
	sim_rsp_reset(sim_the_rsp);
	storage_model_init(&f->m, &f->sim, node ? node : node_of(scsi), scsi, sim_the_rsp);
	return f;
}

static cspdm_status fx_open(struct fx *f, const char *uri)
{
	return sim_device_open(&f->sim, uri, &f->dev, &f->err);
}

static const char *uri_of(bool scsi)
{
	return scsi ? "scsi:/dev/sg0" : "nvme:/dev/nvme0";
}

static void fx_free(struct fx *f)
{
	cspdm_device_close(f->dev);
	assert_int_equal(sim_open_files(&f->sim), 0);
	assert_int_equal(f->m.bad_cmds, 0);
	free(f);
}

/* ---- open ----------------------------------------------------------------------------------- */

static void test_open(void **state)
{
	struct fx *f = fx_new(false, "/dev/nvme0n1");
	const struct cspdm_io *io;

	(void)state;
	assert_int_equal(fx_open(f, "nvme:/dev/nvme0n1"), CSPDM_OK);
	io = cspdm_device_io(f->dev);
	assert_string_equal(
	    cspdm_device_describe(f->dev),
	    "NVMe security protocol 0xE8 (DSP0286, pending info, secured messages)");
	assert_int_equal(io->has_secured, 1);
	assert_int_equal(io->max_pad, 0);
	/* DSP0286 as libspdm's storage transport: 2-byte sequence number, 32 random bytes, and
	 * the secured message descriptor before the SPDM message, its length the message's */
	assert_int_equal(io->secured.seq_num_size, 2);
	assert_int_equal(io->secured.max_random_pad, 32);
	assert_int_equal(io->secured.app_prefix_len, 20);
	assert_memory_equal(io->secured.app_prefix,
			    "\x01\x00\x00\x00\x00\x04\x00\x00\x00\x00\x00\x00\x24\x00\x00\x00"
			    "\x00\x00\x00\x00",
			    20);
	assert_int_equal(io->secured.app_len_at, 8);
	assert_int_equal(io->secured.app_len_size, 4);
	assert_int_equal(io->secured.app_len_add, 0);
	assert_int_equal(f->m.last_nsid, 1); /* the namespace the node names */
	fx_free(f);
	f = fx_new(true, NULL);
	assert_int_equal(fx_open(f, "scsi:/dev/sg0"), CSPDM_OK);
	assert_string_equal(
	    cspdm_device_describe(f->dev),
	    "SCSI security protocol 0xE8 (DSP0286, pending info, secured messages)");
	fx_free(f);
}

static void expect_open_fails(bool scsi, enum storage_fault fault, int open_errno,
			      cspdm_status code, const char *what)
{
	struct fx *f = fx_new(scsi, NULL);

	f->m.fault = fault;
	f->m.node.open_errno = open_errno;
	assert_int_equal(fx_open(f, uri_of(scsi)), code);
	assert_null(f->dev);
	assert_int_equal(f->err.code, code);
	assert_string_equal(f->err.what, what);
	fx_free(f);
}

static void test_open_errors(void **state)
{
	struct fx *f;
	int scsi;

	(void)state;
	for (scsi = 0; scsi < 2; scsi++) {
		expect_open_fails(scsi, STO_OK, ENOENT, CSPDM_E_NO_DEVICE, "no such device node");
		expect_open_fails(scsi, STO_OK, EACCES, CSPDM_E_PERMISSION,
				  "the device node needs root (or its group)");
		expect_open_fails(scsi, STO_NO_E8, 0, CSPDM_E_NOT_OFFERED,
				  "security protocol 0xE8 (DMTF SPDM) is not in the device's list");
		expect_open_fails(scsi, STO_NOT_STORAGE, 0, CSPDM_E_NOT_OFFERED,
				  "Security Receive (supported security protocols)");
		expect_open_fails(scsi, STO_KERNEL_EIO, 0, CSPDM_E_IO,
				  "Security Receive (supported security protocols)");
	}
	f = fx_new(false, NULL);
	assert_int_equal(fx_open(f, "nvme:/dev/nvme7"), CSPDM_E_NO_DEVICE);
	assert_int_equal(f->err.os_errno, ENOENT);
	fx_free(f);
}

/* ---- SPDM over storage ---------------------------------------------------------------------- */

static void auth_versions(bool scsi, enum storage_fault fault, uint32_t max_pad)
{
	static const uint8_t versions[] = {CSPDM_V12, CSPDM_V13, CSPDM_V14};
	size_t i;

	for (i = 0; i < sizeof(versions); i++) {
		struct fx *f = fx_new(scsi, NULL);
		struct sim_req *q = sim_req_new(versions[i]);

		f->m.fault = fault;
		assert_int_equal(fx_open(f, uri_of(scsi)), CSPDM_OK);
		assert_int_equal(cspdm_device_io(f->dev)->max_pad, max_pad);
		assert_int_equal(sim_req_auth_measure(q, cspdm_device_io(f->dev)), CSPDM_OK);
		sim_req_free(q);
		fx_free(f);
	}
}

static void test_authenticate_measure(void **state)
{
	(void)state;
	auth_versions(false, STO_OK, 0);
	auth_versions(true, STO_OK, 0);
	/* without pending info: SCSI's residual gives the length, NVMe pads with zeros */
	auth_versions(true, STO_NO_PENDING_INFO, 0);
	auth_versions(false, STO_NO_PENDING_INFO, CSPDM_EMU_MAX_PAYLOAD + 64);
}

static void test_allocation_length(void **state)
{
	struct fx *f = fx_new(false, NULL);
	const struct cspdm_io *io;
	static const uint8_t getver[] = {0x10, 0x84, 0, 0};
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	assert_int_equal(fx_open(f, uri_of(false)), CSPDM_OK);
	io = cspdm_device_io(f->dev);
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SPDM, getver, sizeof(getver)), CSPDM_OK);
	assert_int_equal(io->recv(io->priv, buf, sizeof(buf), &n, NULL, 0), CSPDM_OK);
	assert_true(n > 4 && n < 32);
	assert_int_equal(f->m.last_alloc, 32); /* the pending length, at least 32 bytes */
	/* a response longer than the caller's buffer */
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SPDM, getver, sizeof(getver)), CSPDM_OK);
	assert_int_equal(io->recv(io->priv, buf, 4, &n, NULL, 0), CSPDM_E_BUFFER_TOO_SMALL);
	assert_string_equal(cspdm_device_error(f->dev)->what,
			    "response larger than the caller's buffer");
	fx_free(f);
}

static void secured(bool scsi, bool offered)
{
	static const uint8_t rec[] = {0xFE, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x10, 0x00, 0xAA};
	struct fx *f = fx_new(scsi, NULL);
	const struct cspdm_io *io;
	uint8_t buf[64];
	size_t n = 0;
	enum cspdm_msg_kind k = CSPDM_MSG_SPDM;

	f->m.fault = offered ? STO_OK : STO_NO_SECURED;
	assert_int_equal(fx_open(f, uri_of(scsi)), CSPDM_OK);
	io = cspdm_device_io(f->dev);
	assert_int_equal(io->has_secured, offered);
	if (!offered) {
		assert_int_equal(io->send(io->priv, CSPDM_MSG_SECURED, rec, sizeof(rec)),
				 CSPDM_E_NOT_OFFERED);
		fx_free(f);
		return;
	}
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SECURED, rec, sizeof(rec)), CSPDM_OK);
	assert_int_equal(io->recv(io->priv, buf, sizeof(buf), &n, &k, 0), CSPDM_OK);
	assert_int_equal(k, CSPDM_MSG_SECURED);
	assert_int_equal(n, sizeof(rec)); /* the 4 reserved bytes are gone */
	assert_int_equal(buf[0], 0x01);
	assert_memory_equal(buf + 1, rec + 1, sizeof(rec) - 1);
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SECURED, rec, sizeof(rec)), CSPDM_OK);
	assert_int_equal(io->recv(io->priv, buf, sizeof(buf), &n, NULL, 0), CSPDM_E_TRANSPORT);
	fx_free(f);
}

static void test_secured_messages(void **state)
{
	(void)state;
	secured(false, true);
	secured(true, true);
	secured(false, false);
	secured(true, false);
}

/* ---- failures during a session -------------------------------------------------------------- */

struct fault_case {
	bool scsi;
	enum storage_fault fault;
	cspdm_status code;
	const char *text; /* cspdm_dev_error_format */
};

static void run_fault(const struct fault_case *c)
{
	struct fx *f = fx_new(c->scsi, NULL);
	struct sim_req *q = sim_req_new(CSPDM_V13);
	char text[256];

	assert_int_equal(fx_open(f, uri_of(c->scsi)), CSPDM_OK);
	f->m.fault = c->fault;
	assert_int_equal(cspdm_authenticate(q->ctx, cspdm_device_io(f->dev)), c->code);
	assert_int_equal(cspdm_device_error(f->dev)->code, c->code);
	cspdm_dev_error_format(cspdm_device_error(f->dev), text, sizeof(text));
	assert_string_equal(text, c->text);
	f->m.fault = STO_OK;
	sim_rsp_reset(sim_the_rsp);
	assert_int_equal(sim_req_auth_measure(q, cspdm_device_io(f->dev)), CSPDM_OK);
	sim_req_free(q);
	fx_free(f);
}

static void test_faults(void **state)
{
	static const struct fault_case cases[] = {
	    {false, STO_STATUS_ON_SEND, CSPDM_E_DEVICE_STATUS,
	     "Security Send (SPDM message); NVMe status 0x4002 (SCT 0 SC 0x02: Invalid Field in "
	     "Command, DNR)"},
	    {true, STO_STATUS_ON_SEND, CSPDM_E_DEVICE_STATUS,
	     "Security Send (SPDM message); SCSI status 0x02, sense key 0x5 (ILLEGAL REQUEST), "
	     "ASC/ASCQ 0x24/0x00"},
	    {false, STO_KERNEL_EIO, CSPDM_E_IO, "Security Send (SPDM message): Input/output error"},
	    {true, STO_KERNEL_EIO, CSPDM_E_IO, "Security Send (SPDM message): Input/output error"},
	    {false, STO_TIMEOUT, CSPDM_E_TIMEOUT,
	     "Security Send (SPDM message): Interrupted system call"},
	    {true, STO_TIMEOUT, CSPDM_E_TIMEOUT,
	     "Security Send (SPDM message): Connection timed out"},
	    {false, STO_HUGE_RESPONSE, CSPDM_E_BUFFER_TOO_SMALL,
	     "storage: response larger than 64 KiB"},
	    {true, STO_HUGE_RESPONSE, CSPDM_E_BUFFER_TOO_SMALL,
	     "storage: response larger than 64 KiB"},
	    {false, STO_NEVER_PENDING, CSPDM_E_TIMEOUT, "DSP0286: no response pending in time"},
	    {true, STO_SHORT_TRANSFER, CSPDM_E_TRANSPORT,
	     "storage: response shorter than announced"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_fault(&cases[i]);
}

/* Secure sessions over storage: operation 6, 4 reserved bytes, a 2-byte sequence number and up
 * to 32 random bytes (the DSP0286 values libspdm uses). */
static void test_sessions(void **state)
{
	int scsi;

	(void)state;
	for (scsi = 0; scsi < 2; scsi++) {
		struct sim sim;
		struct storage_model *m = calloc(1, sizeof(*m));
		struct cspdm_device *d = NULL;
		struct cspdm_dev_error e;
		struct sim_req *q = sim_req_new(scsi ? CSPDM_V12 : CSPDM_V14);
		struct sim_rsp *r;

		assert_non_null(m);
		sim_init(&sim);
		storage_model_init(m, &sim, node_of(scsi), scsi, NULL);
		assert_int_equal(sim_device_open(&sim, uri_of(scsi), &d, &e), CSPDM_OK);
		/* the device shapes records as the back-end says the binding does */
		r = sim_rsp_new_sessions(CSPDM_V14, &cspdm_device_io(d)->secured);
		m->rsp = r;
		assert_int_equal(sim_req_auth_measure(q, cspdm_device_io(d)), CSPDM_OK);
		assert_int_equal(sim_req_session(q, cspdm_device_io(d)), CSPDM_OK);
		cspdm_device_close(d);
		sim_req_free(q);
		sim_rsp_free(r);
		free(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_open),
	    cmocka_unit_test(test_open_errors),
	    cmocka_unit_test(test_authenticate_measure),
	    cmocka_unit_test(test_allocation_length),
	    cmocka_unit_test(test_secured_messages),
	    cmocka_unit_test(test_faults),
	    cmocka_unit_test(test_sessions),
	};

	return cmocka_run_group_tests(tests, sim_rsp_setup, sim_rsp_teardown);
}
