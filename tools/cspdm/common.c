/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "crypto/crypto.h"

uint8_t cli_parse_version(const char *s)
{
	if (strlen(s) != 3 || s[0] != '1' || s[1] != '.' || s[2] < '0' || s[2] > '4')
		return 0;
	return (uint8_t)(0x10 | (s[2] - '0'));
}

static int parse_hex_field(const char *s, size_t maxdigits, unsigned long long *v)
{
	char *end;
	size_t n = strlen(s);

	if (n == 0 || n > maxdigits)
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 16);
	return (errno || *end) ? -1 : 0;
}

int cli_pci_ids_to_san(const char *ids, char *san, size_t cap)
{
	static const size_t digits[7] = {4, 4, 6, 2, 4, 4, 16};
	unsigned long long v[7] = {0};
	char buf[128], *tok, *save = NULL;
	int n = 0, len;

	if (strlen(ids) >= sizeof(buf))
		return -1;
	strcpy(buf, ids);
	for (tok = strtok_r(buf, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
		if (n >= 7 || parse_hex_field(tok, digits[n], &v[n]))
			return -1;
		n++;
	}
	if (n != 4 && n != 6 && n != 7)
		return -1;
	len = snprintf(san, cap, "Vendor=%04llx:Device=%04llx:CC=%06llx:REV=%02llx", v[0], v[1],
		       v[2], v[3]);
	if (n >= 6)
		len +=
		    snprintf(san + len, cap - (size_t)len, ":SSVID=%04llx:SSID=%04llx", v[4], v[5]);
	if (n == 7)
		len += snprintf(san + len, cap - (size_t)len, ":%016llx", v[6]);
	return len < (int)cap ? 0 : -1;
}

int cli_parse_hex(const char *s, uint8_t *out, size_t n)
{
	size_t i;
	unsigned int b;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		if (sscanf(s + 2 * i, "%2x", &b) != 1 ||
		    !strchr("0123456789abcdefABCDEF", s[2 * i]) ||
		    !strchr("0123456789abcdefABCDEF", s[2 * i + 1]))
			return -1;
		out[i] = (uint8_t)b;
	}
	return 0;
}

int cli_parse_hex_len(const char *s, uint8_t *out, size_t cap, size_t *n)
{
	size_t len = strlen(s);

	if (!len || (len & 1) || len / 2 > cap || cli_parse_hex(s, out, len / 2))
		return -1;
	*n = len / 2;
	return 0;
}

int cli_parse_psk(char *arg, uint8_t *out, size_t *n)
{
	int rc = cli_parse_hex_len(arg, out, CLI_PSK_MAX, n);

	memset(arg, 'x', strlen(arg)); /* not left in the command line (ps, /proc) */
	if (rc)
		cspdm_memzero(out, CLI_PSK_MAX);
	return rc;
}

/* A failed system call (or a host name that does not resolve): what failed, and why. */
static int os_style(const cspdm_error *e)
{
	return e->field && (e->os_error || e->code == CSPDM_E_IO || e->code == CSPDM_E_RESOLVE);
}

static void print_headline(FILE *f, const char *what, const cspdm_error *e)
{
	const char *reason = cspdm_os_reason(e);

	if (!os_style(e))
		fprintf(f, "cspdm: %s: %s: %s\n", what, cspdm_status_name(e->code),
			cspdm_strerror(e->code));
	else if (e->code == CSPDM_E_RESOLVE)
		fprintf(f, "cspdm: %s: %s: host name does not resolve (%s)\n", what, e->field,
			reason ? reason : "no address");
	else if (reason)
		fprintf(f, "cspdm: %s: %s: %s\n", what, e->field, reason);
	else
		fprintf(f, "cspdm: %s: %s\n", what, e->field);
}

/* A device error of a protocol inside VENDOR_DEFINED (a TDISP_ERROR, a CXL TSP Error
 * Response): 1 TDISP (the field names its code; device_code holds its low byte only), 2 TSP
 * (device_code is its ErrorCode). */
static int app_protocol_error(const cspdm_error *e)
{
	if (e->code != CSPDM_E_DEVICE_ERROR || !e->field)
		return 0;
	return !strncmp(e->field, "TDISP_ERROR", 11) ? 1
	       : !strncmp(e->field, "TSP Error", 9)  ? 2
						     : 0;
}

void cli_print_error(FILE *f, const char *what, const cspdm_error *e)
{
	print_headline(f, what, e);
	if (e->request_code)
		fprintf(f, "  request:  %s (0x%02x)\n", cspdm_request_name(e->request_code),
			e->request_code);
	if (e->response_code)
		fprintf(f, "  response: %s (0x%02x)\n", cspdm_request_name(e->response_code),
			e->response_code);
	if (e->field && e->code == CSPDM_E_POLICY)
		fprintf(f, "  %s\n", e->field);
	else if (e->field && !os_style(e) && (e->request_code || e->response_code || e->offset))
		fprintf(f, "  field:    %s, byte offset %u\n", e->field, e->offset);
	else if (e->field && !os_style(e))
		fprintf(f, "  field:    %s\n", e->field);
	if (app_protocol_error(e) == 2)
		fprintf(f, "  device:   CXL TSP ErrorCode 0x%02x\n", e->device_code);
	if (app_protocol_error(e))
		return; /* not an SPDM ErrorCode */
	if (e->code == CSPDM_E_DEVICE_ERROR || e->device_code)
		fprintf(f, "  device:   ERROR %s (0x%02x), data 0x%02x\n",
			cspdm_device_error_name(e->device_code), e->device_code, e->device_data);
}

static void trust_warning(void *priv, const char *path, const char *why)
{
	fprintf(stderr, "cspdm %s: warning: --trust: skipping %s: %s\n", (const char *)priv, path,
		why);
}

cspdm_status cli_open_trust(const char *cmd, const char *trust, struct cspdm_openssl **out,
			    cspdm_error *err, char *where, size_t where_cap)
{
	cspdm_status st = cspdm_openssl_new_ex(out, trust, trust_warning, (void *)cmd, err);

	if (st && trust) {
		(void)snprintf(where, where_cap, "--trust %s%s", trust,
			       st == CSPDM_E_X509_PARSE ? " (no PEM or DER certificate in it)"
							: "");
		err->field = where;
	}
	return st;
}

void cli_caps_string(uint32_t flags, char *out, size_t cap)
{
	static const char *const names[32] = {"CACHE",
					      "CERT",
					      "CHAL",
					      "MEAS_NO_SIG",
					      "MEAS_SIG",
					      "MEAS_FRESH",
					      "ENCRYPT",
					      "MAC",
					      "MUT_AUTH",
					      "KEY_EX",
					      "PSK",
					      "PSK_WITH_CONTEXT",
					      "ENCAP",
					      "HBEAT",
					      "KEY_UPD",
					      "HANDSHAKE_IN_THE_CLEAR",
					      "PUB_KEY_ID",
					      "CHUNK",
					      "ALIAS_CERT",
					      "SET_CERT",
					      "CSR",
					      "CERT_INSTALL_RESET",
					      "EP_INFO_NO_SIG",
					      "EP_INFO_SIG",
					      "MEL",
					      "EVENT",
					      "MULTI_KEY_ONLY",
					      "MULTI_KEY_NEG",
					      "GET_KEY_PAIR_INFO",
					      "SET_KEY_PAIR_INFO",
					      "SET_KEY_PAIR_RESET",
					      "LARGE_RESP"};
	size_t len = 0;
	int i;

	out[0] = 0;
	for (i = 0; i < 32 && len < cap; i++)
		if (flags & (1u << i))
			len += (size_t)snprintf(out + len, cap - len, "%s%s", len ? " " : "",
						names[i]);
}

uint32_t cli_mask_by_names(const char *list, uint32_t (*one)(const char *))
{
	char buf[256], *tok, *save = NULL;
	uint32_t mask = 0, bit;

	if (!list || strlen(list) >= sizeof(buf))
		return 0;
	strcpy(buf, list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		bit = one(tok);
		if (!bit)
			return 0;
		mask |= bit;
	}
	return mask;
}

/* The bit among the first n whose name (name_of) is s, any case; 0 if none. */
static uint32_t bit_named(const char *s, const char *(*name_of)(uint16_t), unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(s, name_of((uint16_t)(1u << i))))
			return 1u << i;
	return 0;
}

static uint32_t dhe_bit(const char *s)
{
	return bit_named(s, cspdm_dhe_name, 6);
}

static uint32_t aead_bit(const char *s)
{
	return bit_named(s, cspdm_aead_name, 3);
}

uint16_t cli_parse_dhe(const char *list)
{
	return (uint16_t)cli_mask_by_names(list, dhe_bit);
}

uint16_t cli_parse_aead(const char *list)
{
	return (uint16_t)cli_mask_by_names(list, aead_bit);
}

json_t *cli_json_load(const char *path, size_t flags, const char **why)
{
	static char text[256];
	json_error_t je;
	json_t *root;
	FILE *f = fopen(path, "rb");

	if (!f) {
		*why = strerror(errno);
		return NULL;
	}
	root = json_loadf(f, flags, &je);
	(void)fclose(f);
	if (!root) {
		(void)snprintf(text, sizeof(text), "line %d, column %d: %s", je.line, je.column,
			       je.text);
		*why = text;
	}
	return root;
}
