/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared pieces of the cspdm command-line tool. */
#ifndef CSPDM_CLI_H
#define CSPDM_CLI_H

#include <stdint.h>
#include <jansson.h>
#include <stdio.h>

#include "cspdm/cspdm.h"

int cmd_authenticate(int argc, char **argv);
int cmd_responder(int argc, char **argv);
int cmd_measure(int argc, char **argv);
int cmd_revalidate(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_session(int argc, char **argv);
int cmd_ide(int argc, char **argv);
int cmd_tdisp(int argc, char **argv);
int cmd_list(int argc, char **argv);

/* "1.0".."1.4" -> 0x10..0x14, 0 if invalid. */
uint8_t cli_parse_version(const char *s);
/* vendor:device:class:rev[:ssvid:ssid[:dsn]] (hex) -> the PCIe CMA SAN value. */
int cli_pci_ids_to_san(const char *ids, char *san, size_t cap);
/* Hex string -> bytes; exactly n bytes expected. */
int cli_parse_hex(const char *s, uint8_t *out, size_t n);
/* Hex string of 1..cap bytes -> out, *n its length. */
int cli_parse_hex_len(const char *s, uint8_t *out, size_t cap, size_t *n);
/* --psk HEX: 1..CLI_PSK_MAX bytes into out; the argument is overwritten in argv either way,
 * and out zeroed on failure. The caller zeroes out after use. */
#define CLI_PSK_MAX	 64
#define CLI_PSK_HINT_MAX 64
int cli_parse_psk(char *arg, uint8_t *out, size_t *n);
void cli_print_error(FILE *f, const char *what, const cspdm_error *e);
/* The OpenSSL backend with the roots of --trust PATH (may be NULL); each skipped file of a
 * trust directory is named on stderr. On failure *err says why, its field in where. */
cspdm_status cli_open_trust(const char *cmd, const char *trust, struct cspdm_openssl **out,
			    cspdm_error *err, char *where, size_t where_cap);
/* Parse a JSON file. NULL on failure, *why then the OS's reason ("No such file or directory")
 * or jansson's ("line 3, column 7: ..."), in a static buffer. */
json_t *cli_json_load(const char *path, size_t flags, const char **why);
/* Names of the capability flags set in flags, space separated. */
void cli_caps_string(uint32_t flags, char *out, size_t cap);
/* "A,B,C" of names -> the mask of one(name) for each; 0 if any name is unknown. */
uint32_t cli_mask_by_names(const char *list, uint32_t (*one)(const char *));
/* A comma list of DHE group / AEAD names (spdm-emu's spelling, any case) -> a mask; 0 if bad. */
uint16_t cli_parse_dhe(const char *list);
uint16_t cli_parse_aead(const char *list);
/* The measurement blocks of a result: printed, or appended to a JSON array when arr != NULL. */
struct json_t;
struct cspdm_meas_result;
void cli_print_meas_blocks(const struct cspdm_meas_result *m, struct json_t *arr);

#endif
