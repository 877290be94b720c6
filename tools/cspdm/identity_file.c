/* SPDX-License-Identifier: BSD-3-Clause */
#include "identity_file.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "codec/certchain.h"
#include "codec/spdm.h"
#include "crypto/openssl_priv.h"
#include "conn.h"

#define FORMAT "cspdm-identity/1"

/* The last certificate of the SPDM chain: the leaf. */
static cspdm_status leaf_of(const struct cspdm_result *r, const uint8_t **leaf, size_t *len)
{
	struct spdm_cert_chain cc;
	size_t off = 0, n = 0;
	cspdm_status st = spdm_dec_cert_chain(r->version, cspdm_hash_size(r->base_hash),
					      r->cert_chain, r->cert_chain_len, &cc, NULL);

	while (!st && off < cc.certs_len) {
		st = spdm_der_cert_len(cc.certs + off, cc.certs_len - off, &n, NULL);
		if (!st) {
			*leaf = cc.certs + off;
			*len = n;
			off += n;
		}
	}
	return st;
}

cspdm_status cli_identity_from_result(struct cli_identity *id, const struct cspdm_result *r)
{
	const uint8_t *leaf = NULL;
	size_t leaf_len = 0;
	void *key = NULL;
	cspdm_status st;

	memset(id, 0, sizeof(*id));
	id->known.slot = r->slot;
	id->known.base_asym = r->base_asym;
	id->known.base_hash = r->base_hash;
	if (!r->digests[r->slot])
		return CSPDM_E_SLOT;
	memcpy(id->known.chain_digest, r->digests[r->slot], cspdm_hash_size(r->base_hash));
	st = leaf_of(r, &leaf, &leaf_len);
	if (!st)
		st = cspdm_openssl_pubkey_from_cert(leaf, leaf_len, &key);
	if (!st)
		st = cspdm_openssl_pubkey_to_spki(key, id->spki, sizeof(id->spki), &id->spki_len);
	if (key)
		cspdm_openssl_free_key(key);
	return st;
}

cspdm_status cli_identity_add_meas(struct cli_identity *id, const uint8_t *record, size_t len)
{
	struct spdm_meas_block b;
	size_t off = 0;
	cspdm_status st;

	while (off < len) {
		st = spdm_next_meas_block(record, len, &off, &b, NULL);
		if (st)
			return st;
		if (id->meas_count >= CLI_ID_MAX_MEAS || b.value_size > CLI_ID_MAX_VALUE)
			return CSPDM_E_BUFFER_TOO_SMALL;
		id->meas[id->meas_count].index = b.index;
		memcpy(id->meas[id->meas_count].value, b.value, b.value_size);
		id->meas[id->meas_count++].len = b.value_size;
	}
	return CSPDM_OK;
}

static json_t *hex_json(const uint8_t *d, size_t n)
{
	char *s = malloc(2 * n + 1);
	json_t *j;

	if (!s)
		return NULL;
	cli_hex(s, d, n);
	j = json_string(s);
	free(s);
	return j;
}

cspdm_status cli_identity_save(const struct cli_identity *id, const char *path)
{
	json_t *root, *meas = json_object();
	char key[8];
	unsigned i;
	int rc, saved;

	for (i = 0; i < id->meas_count; i++) {
		snprintf(key, sizeof(key), "%u", id->meas[i].index);
		json_object_set_new(meas, key, hex_json(id->meas[i].value, id->meas[i].len));
	}
	root = json_pack("{s:s, s:i, s:s, s:s, s:o, s:o, s:o}", "format", FORMAT, "slot",
			 id->known.slot, "base_asym", cspdm_asym_name(id->known.base_asym),
			 "base_hash", cspdm_hash_name(id->known.base_hash), "cert_chain_digest",
			 hex_json(id->known.chain_digest, cspdm_hash_size(id->known.base_hash)),
			 "public_key", hex_json(id->spki, id->spki_len), "measurements", meas);
	if (!root)
		return CSPDM_E_BUFFER_TOO_SMALL;
	rc = json_dump_file(root, path, JSON_INDENT(2));
	saved = errno;
	json_decref(root);
	errno = saved; /* the caller names the OS's reason */
	return rc ? CSPDM_E_IO : CSPDM_OK;
}

static uint32_t bit_named(const char *name, uint32_t last, const char *(*namer)(uint32_t))
{
	uint32_t bit;

	for (bit = 1; name && bit && bit <= last; bit <<= 1)
		if (!strcmp(namer(bit), name))
			return bit;
	return 0;
}

static int unhex(const char *s, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = s ? strlen(s) : 0;

	if (!s || (n & 1) || n / 2 > cap || cli_parse_hex(s, out, n / 2))
		return -1;
	*len = n / 2;
	return 0;
}

static cspdm_status load_meas(struct cli_identity *id, json_t *meas)
{
	const char *k;
	json_t *v;
	char *end;
	long idx;

	json_object_foreach(meas, k, v)
	{
		idx = strtol(k, &end, 10);
		if (*end || idx < 1 || idx > 0xFE || id->meas_count >= CLI_ID_MAX_MEAS ||
		    unhex(json_string_value(v), id->meas[id->meas_count].value, CLI_ID_MAX_VALUE,
			  &id->meas[id->meas_count].len))
			return CSPDM_E_FIELD;
		id->meas[id->meas_count++].index = (uint8_t)idx;
	}
	return CSPDM_OK;
}

static cspdm_status parse_identity(struct cli_identity *id, json_t *root, const char **why)
{
	const char *fmt = NULL, *asym = NULL, *hash = NULL, *digest = NULL, *pub = NULL;
	json_t *meas = NULL;
	int slot = -1;
	size_t dlen = 0;

	if (json_unpack(root, "{s:s, s:i, s:s, s:s, s:s, s:s, s?o}", "format", &fmt, "slot", &slot,
			"base_asym", &asym, "base_hash", &hash, "cert_chain_digest", &digest,
			"public_key", &pub, "measurements", &meas) ||
	    strcmp(fmt, FORMAT) || slot < 0 || slot > 7)
		return *why = "not a cspdm identity file", CSPDM_E_FIELD;
	id->known.slot = (uint8_t)slot;
	id->known.base_asym = bit_named(asym, CSPDM_ASYM_EDDSA_448, cspdm_asym_name);
	id->known.base_hash = bit_named(hash, CSPDM_HASH_SM3_256, cspdm_hash_name);
	if (!id->known.base_asym || !id->known.base_hash)
		return *why = "unknown algorithm", CSPDM_E_FIELD;
	if (unhex(digest, id->known.chain_digest, CSPDM_MAX_HASH_SIZE, &dlen) ||
	    dlen != cspdm_hash_size(id->known.base_hash))
		return *why = "bad cert_chain_digest", CSPDM_E_FIELD;
	if (unhex(pub, id->spki, sizeof(id->spki), &id->spki_len))
		return *why = "bad public_key", CSPDM_E_FIELD;
	if (meas && load_meas(id, meas))
		return *why = "bad measurements", CSPDM_E_FIELD;
	return CSPDM_OK;
}

cspdm_status cli_identity_load(struct cli_identity *id, const char *path, const char **why)
{
	json_t *root;
	cspdm_status st;

	memset(id, 0, sizeof(*id));
	*why = NULL;
	root = cli_json_load(path, 0, why);
	if (!root)
		return CSPDM_E_IO;
	st = parse_identity(id, root, why);
	json_decref(root);
	if (!st)
		st = cspdm_openssl_pubkey_from_spki(id->spki, id->spki_len, &id->known.pubkey);
	if (st && !*why)
		*why = "public_key is not a key";
	return st;
}

int cli_parse_index_list(const char *s, uint8_t *out, int cap)
{
	char buf[256], *tok, *save = NULL, *end;
	int n = 0;
	long v;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		v = strtol(tok, &end, 0);
		if (*end || v < 1 || v > 0xFE || n >= cap)
			return -1;
		out[n++] = (uint8_t)v;
	}
	return n;
}
