/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for the record layer (src/core/secured.c): application messages of other types
 * than SPDM. DSP0275 (SPDM over MCTP binding), "Secured messages": the application data of a
 * secured MCTP message is an MCTP message, its first byte the MCTP message type; other bindings
 * carry SPDM only, and a wrong prefix there fails the record.
 */
#include "testutil.h"

#include <string.h>

#include "core/secured.h"
#include "crypto/crypto.h"
#include "cspdm/transport.h"

#define ID  0xFFFE0001u
#define CAP 512

static struct cspdm_openssl *g_o;
static const struct cspdm_crypto_ops *g_ops;

/* Both ends of one direction: the same secret installed twice. */
struct pair {
	struct sec_state tx, rx;
	struct cspdm_secured_binding b;
};

static void pair_init(struct pair *p, enum cspdm_transport t, int mac_only)
{
	static const uint8_t secret[48] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
	struct ks k = {g_ops, CSPDM_HASH_SHA_384, 48, 0x12};

	memset(p, 0, sizeof(*p));
	p->tx.aead = p->rx.aead = CSPDM_AEAD_AES_256_GCM;
	p->tx.mac_only = p->rx.mac_only = (uint8_t)mac_only;
	assert_int_equal(sec_install(&k, &p->tx, SEC_REQ, secret), CSPDM_OK);
	assert_int_equal(sec_install(&k, &p->rx, SEC_REQ, secret), CSPDM_OK);
	cspdm_transport_secured_binding(t, &p->b);
}

static void pair_wipe(struct pair *p)
{
	sec_wipe(g_ops, &p->tx);
	sec_wipe(g_ops, &p->rx);
}

/* Seal msg as an application message of the given type; returns the record length. */
static size_t seal(struct pair *p, uint16_t type, const uint8_t *msg, size_t n, uint8_t *rec)
{
	size_t rlen = 0;

	memcpy(rec + sec_msg_offset(&p->b, p->tx.mac_only), msg, n);
	assert_int_equal(sec_seal_app(g_ops, &p->tx, SEC_REQ, ID, &p->b, type, rec, CAP, n, &rlen),
			 CSPDM_OK);
	return rlen;
}

/* A PLDM GetTID request (DSP0240) in a secured MCTP message opens as type 0x01. */
static void test_mctp_pldm_roundtrip(void **state)
{
	static const uint8_t get_tid[] = {0x80, 0x00, 0x02};
	uint8_t rec[CAP];
	const uint8_t *msg = NULL;
	size_t rlen, mlen = 0;
	uint16_t type = 0;
	cspdm_error err = {0};
	struct pair p;

	(void)state;
	for (int mac_only = 0; mac_only <= 1; mac_only++) {
		pair_init(&p, CSPDM_TRANSPORT_MCTP, mac_only);
		rlen = seal(&p, CSPDM_MCTP_TYPE_PLDM, get_tid, sizeof(get_tid), rec);
		assert_int_equal(sec_open_app(g_ops, &p.rx, SEC_REQ, ID, &p.b, 0, rec, rlen, &type,
					      &msg, &mlen, &err),
				 CSPDM_OK);
		assert_int_equal(type, CSPDM_MCTP_TYPE_PLDM);
		assert_int_equal(mlen, sizeof(get_tid));
		assert_memory_equal(msg, get_tid, sizeof(get_tid));
		assert_int_equal(p.rx.dir[SEC_REQ].seq, 1);
		/* an SPDM message next reports SEC_APP_SPDM, its 0x05 byte not in the message */
		rlen = seal(&p, SEC_APP_SPDM, (const uint8_t *)"\x12\xE8\x00\x00", 4, rec);
		assert_int_equal(sec_open_app(g_ops, &p.rx, SEC_REQ, ID, &p.b, 0, rec, rlen, &type,
					      &msg, &mlen, &err),
				 CSPDM_OK);
		assert_int_equal(type, SEC_APP_SPDM);
		assert_int_equal(mlen, 4);
		assert_int_equal(msg[1], 0xE8);
		pair_wipe(&p);
	}
}

/* The SPDM path stays strict: sec_open refuses a PLDM record and the sequence stays. */
static void test_mctp_strict_open(void **state)
{
	uint8_t rec[CAP];
	const uint8_t *msg = NULL;
	size_t rlen, mlen = 0;
	cspdm_error err = {0};
	struct pair p;

	(void)state;
	pair_init(&p, CSPDM_TRANSPORT_MCTP, 0);
	rlen = seal(&p, CSPDM_MCTP_TYPE_PLDM, (const uint8_t *)"\x80\x00\x02", 3, rec);
	assert_int_equal(sec_open(g_ops, &p.rx, SEC_REQ, ID, &p.b, 0, rec, rlen, &msg, &mlen, &err),
			 CSPDM_E_DECRYPT);
	assert_string_equal(err.field, "ApplicationData");
	assert_int_equal(p.rx.dir[SEC_REQ].seq, 0);
	pair_wipe(&p);
}

/* A tampered type byte (or any byte) under the MAC fails the record: no type is reported. */
static void test_mctp_tamper(void **state)
{
	uint8_t rec[CAP];
	const uint8_t *msg = NULL;
	size_t rlen, mlen = 0;
	uint16_t type = 0x1234;
	cspdm_error err = {0};
	struct pair p;

	(void)state;
	for (int mac_only = 0; mac_only <= 1; mac_only++) {
		pair_init(&p, CSPDM_TRANSPORT_MCTP, mac_only);
		rlen = seal(&p, CSPDM_MCTP_TYPE_PLDM, (const uint8_t *)"\x80\x00\x02", 3, rec);
		/* header 8 bytes (ID, 2-byte sequence, length); MAC-only: the type byte itself */
		rec[mac_only ? 8 : 10] ^= 0x04;
		assert_int_equal(sec_open_app(g_ops, &p.rx, SEC_REQ, ID, &p.b, 0, rec, rlen, &type,
					      &msg, &mlen, &err),
				 CSPDM_E_DECRYPT);
		assert_string_equal(err.field, "MAC");
		assert_int_equal(p.rx.dir[SEC_REQ].seq, 0);
		pair_wipe(&p);
	}
}

/* Bindings without a type byte carry SPDM only: sealing another type is refused, and a wrong
 * prefix (DSP0287's header) still fails with its error through sec_open_app too. */
static void test_untyped_bindings(void **state)
{
	uint8_t rec[CAP];
	const uint8_t *msg = NULL;
	size_t rlen = 0, mlen = 0;
	uint16_t type = 0;
	cspdm_error err = {0};
	struct pair p;

	(void)state;
	pair_init(&p, CSPDM_TRANSPORT_PCI_DOE, 0);
	assert_int_equal(
	    sec_seal_app(g_ops, &p.tx, SEC_REQ, ID, &p.b, CSPDM_MCTP_TYPE_PLDM, rec, CAP, 3, &rlen),
	    CSPDM_E_STATE);
	pair_wipe(&p);
	pair_init(&p, CSPDM_TRANSPORT_TCP, 0);
	assert_int_equal(p.b.app_typed, 0);
	p.b.app_prefix[3] = 0x01; /* a DSP0287 message of another type */
	rlen = seal(&p, SEC_APP_SPDM, (const uint8_t *)"\x12\xE8\x00\x00", 4, rec);
	p.b.app_prefix[3] = CSPDM_TCP_TYPE_SPDM;
	assert_int_equal(
	    sec_open_app(g_ops, &p.rx, SEC_REQ, ID, &p.b, 0, rec, rlen, &type, &msg, &mlen, &err),
	    CSPDM_E_DECRYPT);
	assert_string_equal(err.field, "ApplicationData");
	pair_wipe(&p);
	/* a typed binding with a longer prefix is malformed */
	pair_init(&p, CSPDM_TRANSPORT_MCTP, 0);
	p.b.app_prefix_len = 2;
	assert_int_equal(
	    sec_seal_app(g_ops, &p.tx, SEC_REQ, ID, &p.b, SEC_APP_SPDM, rec, CAP, 3, &rlen),
	    CSPDM_E_STATE);
	pair_wipe(&p);
}

static int setup(void **state)
{
	(void)state;
	if (cspdm_openssl_new(&g_o, NULL) != CSPDM_OK)
		return -1;
	g_ops = cspdm_openssl_ops(g_o);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cspdm_openssl_free(g_o);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mctp_pldm_roundtrip),
	    cmocka_unit_test(test_mctp_strict_open),
	    cmocka_unit_test(test_mctp_tamper),
	    cmocka_unit_test(test_untyped_bindings),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
