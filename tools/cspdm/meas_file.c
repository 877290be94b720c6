/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The responder's measurements from a JSON file (cspdm responder --measurements FILE):
 *   [ {"index": 1, "type": "immutable_rom", "raw": false, "text": "boot ROM v1"},
 *     {"index": 5, "type": "device_mode", "raw": true, "hex": "00000000"}, ... ]
 * "type" is a DMTF measurement value type name or number; the value is "text" or "hex";
 * non-raw values are served as their digest with the negotiated hash.
 */
#include "meas_file.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const type_names[] = {
    "immutable_rom",
    "mutable_firmware",
    "hardware_config",
    "firmware_config",
    "manifest",
    "device_mode",
    "version",
    "svn",
    "hash_extend",
    "informational",
    "structured_manifest",
};

static int type_of(json_t *t)
{
	size_t i;

	if (json_is_integer(t) && json_integer_value(t) >= 0 && json_integer_value(t) < 0x80)
		return (int)json_integer_value(t);
	for (i = 0; json_is_string(t) && i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (!strcmp(json_string_value(t), type_names[i]))
			return (int)i;
	return -1;
}

static int value_of(json_t *e, uint8_t **val, size_t *len)
{
	const char *text = json_string_value(json_object_get(e, "text"));
	const char *hex = json_string_value(json_object_get(e, "hex"));
	size_t n;

	if (!text == !hex)
		return -1;
	n = text ? strlen(text) : strlen(hex) / 2;
	*val = malloc(n ? n : 1);
	if (!*val)
		return -1;
	*len = n;
	if (text) {
		memcpy(*val, text, n);
		return 0;
	}
	return (strlen(hex) % 2 || cli_parse_hex(hex, *val, n)) ? -1 : 0;
}

static int one_entry(json_t *e, struct cspdm_rsp_meas *m, int last_index, const char **why)
{
	json_int_t idx = json_integer_value(json_object_get(e, "index"));
	int type = type_of(json_object_get(e, "type"));
	uint8_t *val = NULL;

	if (!json_is_object(e) || idx < 1 || idx > 0xFE || idx <= last_index)
		return *why = "each entry needs an \"index\" 1..254, ascending and unique", -1;
	if (type < 0)
		return *why = "unknown \"type\"", -1;
	if (value_of(e, &val, &m->value_len)) {
		free(val);
		return *why = "each entry needs one of \"text\" or \"hex\" (even length)", -1;
	}
	m->index = (uint8_t)idx;
	m->type = (uint8_t)type;
	m->raw = json_is_true(json_object_get(e, "raw"));
	m->value = val;
	return 0;
}

int cli_load_meas_file(const char *path, struct cspdm_rsp_meas **out, uint8_t *count,
		       const char **why)
{
	json_t *root = cli_json_load(path, 0, why), *e;
	struct cspdm_rsp_meas *m;
	size_t i, n;
	int last = 0;

	if (!root)
		return -1;
	*why = "not a JSON array of measurements";
	if (!json_is_array(root) || !(n = json_array_size(root)) || n > 254) {
		json_decref(root);
		return -1;
	}
	m = calloc(n, sizeof(*m));
	for (i = 0; m && i < n; i++) {
		e = json_array_get(root, i);
		if (one_entry(e, &m[i], last, why))
			break;
		last = m[i].index;
	}
	json_decref(root);
	if (!m || i < n) {
		cli_free_meas(m, (uint8_t)i);
		return -1;
	}
	*out = m;
	*count = (uint8_t)n;
	return 0;
}

void cli_free_meas(struct cspdm_rsp_meas *m, uint8_t count)
{
	uint8_t i;

	for (i = 0; m && i < count; i++)
		free((void *)m[i].value);
	free(m);
}
