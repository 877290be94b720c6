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

/* Both ends of one direction (the same secret installed twice) and the record between. */
struct pair {
	struct sec_state tx, rx;
	struct cspdm_secured_binding b;
	uint8_t rec[CAP];
	size_t rlen, mlen;
	const uint8_t *msg; /* what opened, inside rec */
	uint16_t type;
	cspdm_error err;
};

static struct pair g_p;

static struct pair *pair_init(enum cspdm_transport t, int mac_only)
{
	static const uint8_t secret[48] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
	struct ks k = {g_ops, CSPDM_HASH_SHA_384, 48, 0x12};
	struct pair *p = &g_p;

	memset(p, 0, sizeof(*p));
	p->tx.aead = p->rx.aead = CSPDM_AEAD_AES_256_GCM;
	p->tx.mac_only = p->rx.mac_only = (uint8_t)mac_only;
	assert_int_equal(sec_install(&k, &p->tx, SEC_REQ, secret), CSPDM_OK);
	assert_int_equal(sec_install(&k, &p->rx, SEC_REQ, secret), CSPDM_OK);
	cspdm_transport_secured_binding(t, &p->b);
	return p;
}

static void pair_wipe(struct pair *p)
{
	sec_wipe(g_ops, &p->tx);
	sec_wipe(g_ops, &p->rx);
}

/* Seal msg into p->rec as an application message of the given type. */
static void seal(struct pair *p, uint16_t type, const char *msg, size_t n)
{
	memcpy(p->rec + sec_msg_offset(&p->b, p->tx.mac_only), msg, n);
	assert_int_equal(
	    sec_seal_app(g_ops, &p->tx, SEC_REQ, ID, &p->b, type, p->rec, CAP, n, &p->rlen),
	    CSPDM_OK);
}

/* sec_open_app (or, strict, sec_open) of p->rec on the receiving end. */
static cspdm_status open_rec(struct pair *p, int strict)
{
	p->type = 0x1234;
	if (strict)
		return sec_open(g_ops, &p->rx, SEC_REQ, ID, &p->b, 0, p->rec, p->rlen, &p->msg,
				&p->mlen, &p->err);
	return sec_open_app(g_ops, &p->rx, SEC_REQ, ID, &p->b, 0, p->rec, p->rlen, &p->type,
			    &p->msg, &p->mlen, &p->err);
}

#define GET_TID	  "\x80\x00\x02" /* DSP0240 GetTID: Rq, Instance ID 0; type 0; command 0x02 */
#define HEARTBEAT "\x12\xE8\x00\x00"

/* A PLDM GetTID request in a secured MCTP message opens as type 0x01; SPDM next as SPDM. */
static void test_mctp_pldm_roundtrip(void **state)
{
	struct pair *p;

	(void)state;
	for (int mac_only = 0; mac_only <= 1; mac_only++) {
		p = pair_init(CSPDM_TRANSPORT_MCTP, mac_only);
		seal(p, CSPDM_MCTP_TYPE_PLDM, GET_TID, 3);
		assert_int_equal(open_rec(p, 0), CSPDM_OK);
		assert_int_equal(p->type, CSPDM_MCTP_TYPE_PLDM);
		assert_int_equal(p->mlen, 3);
		assert_memory_equal(p->msg, GET_TID, 3);
		assert_int_equal(p->rx.dir[SEC_REQ].seq, 1);
		/* the SPDM message's 0x05 byte is not part of it */
		seal(p, SEC_APP_SPDM, HEARTBEAT, 4);
		assert_int_equal(open_rec(p, 0), CSPDM_OK);
		assert_int_equal(p->type, SEC_APP_SPDM);
		assert_int_equal(p->mlen, 4);
		assert_memory_equal(p->msg, HEARTBEAT, 4);
		pair_wipe(p);
	}
}

/* The SPDM path stays strict: sec_open refuses a PLDM record and the sequence stays. */
static void test_mctp_strict_open(void **state)
{
	struct pair *p = pair_init(CSPDM_TRANSPORT_MCTP, 0);

	(void)state;
	seal(p, CSPDM_MCTP_TYPE_PLDM, GET_TID, 3);
	assert_int_equal(open_rec(p, 1), CSPDM_E_DECRYPT);
	assert_string_equal(p->err.field, "ApplicationData");
	assert_int_equal(p->rx.dir[SEC_REQ].seq, 0);
	pair_wipe(p);
}

/* A tampered type byte (or any byte) under the MAC fails the record: no type is reported. */
static void test_mctp_tamper(void **state)
{
	struct pair *p;

	(void)state;
	for (int mac_only = 0; mac_only <= 1; mac_only++) {
		p = pair_init(CSPDM_TRANSPORT_MCTP, mac_only);
		seal(p, CSPDM_MCTP_TYPE_PLDM, GET_TID, 3);
		/* header 8 bytes (ID, 2-byte sequence, length); MAC-only: the type byte itself */
		p->rec[mac_only ? 8 : 10] ^= 0x04;
		assert_int_equal(open_rec(p, 0), CSPDM_E_DECRYPT);
		assert_string_equal(p->err.field, "MAC");
		assert_int_equal(p->type, SEC_APP_SPDM);
		assert_int_equal(p->rx.dir[SEC_REQ].seq, 0);
		pair_wipe(p);
	}
}

/* Bindings without a type byte carry SPDM only: sealing another type is refused, and a wrong
 * prefix (DSP0287's header) still fails with its error through sec_open_app too. */
static void test_untyped_bindings(void **state)
{
	struct pair *p = pair_init(CSPDM_TRANSPORT_PCI_DOE, 0);

	(void)state;
	assert_int_equal(sec_seal_app(g_ops, &p->tx, SEC_REQ, ID, &p->b, CSPDM_MCTP_TYPE_PLDM,
				      p->rec, CAP, 3, &p->rlen),
			 CSPDM_E_STATE);
	pair_wipe(p);
	p = pair_init(CSPDM_TRANSPORT_TCP, 0);
	assert_int_equal(p->b.app_typed, 0);
	p->b.app_prefix[3] = 0x01; /* a DSP0287 message of another type */
	seal(p, SEC_APP_SPDM, HEARTBEAT, 4);
	p->b.app_prefix[3] = CSPDM_TCP_TYPE_SPDM;
	assert_int_equal(open_rec(p, 0), CSPDM_E_DECRYPT);
	assert_string_equal(p->err.field, "ApplicationData");
	pair_wipe(p);
	/* a typed binding with a longer prefix is malformed */
	p = pair_init(CSPDM_TRANSPORT_MCTP, 0);
	p->b.app_prefix_len = 2;
	assert_int_equal(
	    sec_seal_app(g_ops, &p->tx, SEC_REQ, ID, &p->b, SEC_APP_SPDM, p->rec, CAP, 3, &p->rlen),
	    CSPDM_E_STATE);
	pair_wipe(p);
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
