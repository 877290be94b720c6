/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The protocols carried in VENDOR_DEFINED_REQUEST / VENDOR_DEFINED_RESPONSE (DSP0274 "VENDOR_
 * DEFINED_REQUEST request message format", StandardID 3 = PCI-SIG, a 2-byte VendorID, then
 * ReqLength/RespLength and the payload). The payload's first byte is a protocol ID:
 *  - VendorID 0x0001 (PCI-SIG): 0 IDE_KM (PCIe Base 6.0 §6.33.3 "IDE Key Management"), 1 TDISP
 *    (PCIe Base 6.1 §11.3 "TDISP Messages");
 *  - VendorID 0x1E98 (CXL): 0 CXL IDE_KM (CXL 3.1 §11.4.7 "CXL.cachemem IDE Key Management"),
 *    1 CXL TSP (CXL 3.1 §11.5 "CXL Trusted Security Protocol").
 *
 * Every message of these protocols has a fixed part (described by a field table, the same one
 * for decoding and encoding, so a decoded message re-encodes byte for byte) and at most one
 * variable tail: version entries, register blocks, a report portion, memory ranges, extended
 * error data. Decoders check reserved fields, counts against the tail and the message's
 * direction against the SPDM request/response code; offsets in errors are from the start of the
 * SPDM message. Views point into the decoded buffer.
 */
#ifndef CSPDM_CODEC_APP_H
#define CSPDM_CODEC_APP_H

#include <stddef.h>
#include <stdint.h>

#include "codec/spdm.h"

/* DSP0274 Table "Registry or standards body ID": PCI-SIG. */
#define SPDM_STANDARD_ID_PCISIG 3
#define APP_VENDOR_PCISIG	0x0001
#define APP_VENDOR_CXL		0x1E98
#define APP_PROTO_ID_IDE_KM	0x00 /* under either vendor */
#define APP_PROTO_ID_TDISP	0x01 /* PCI-SIG */
#define APP_PROTO_ID_TSP	0x01 /* CXL */
#define SPDM_VENDOR_LARGE	0x80 /* 1.4 Param1 LargeReq / LargeResp */

enum app_proto {
	APP_NONE = 0,
	APP_IDE_KM,	/* PCIe IDE_KM */
	APP_TDISP,	/* PCIe TDISP */
	APP_CXL_IDE_KM, /* CXL IDE_KM */
	APP_CXL_TSP,	/* CXL TSP */
};

/* VENDOR_DEFINED_REQUEST / VENDOR_DEFINED_RESPONSE framing. */
struct spdm_vendor {
	size_t len;
	uint8_t code; /* SPDM_VENDOR_DEFINED_REQUEST or _RESPONSE */
	uint8_t large;
	uint16_t standard_id;
	uint8_t vendor_id_len;
	uint16_t vendor_id; /* when vendor_id_len is 2 */
	uint32_t payload_len;
	const uint8_t *msg; /* the SPDM message */
	size_t payload_off; /* offset of the payload in msg */
	uint8_t proto_id;   /* the payload's first byte (a protocol ID), when payload_len > 0 */
};

/* ---- IDE_KM, PCIe and CXL ------------------------------------------------------------------ */
enum ide_km_object {
	IDE_KM_QUERY = 0x00,
	IDE_KM_QUERY_RESP = 0x01,
	IDE_KM_KEY_PROG = 0x02,
	IDE_KM_KP_ACK = 0x03,
	IDE_KM_K_SET_GO = 0x04,
	IDE_KM_K_SET_STOP = 0x05,
	IDE_KM_K_GOSTOP_ACK = 0x06,
	IDE_KM_GET_KEY = 0x07,	   /* CXL only */
	IDE_KM_GET_KEY_ACK = 0x08, /* CXL only */
};
/* KeySubStream byte (PCIe: bit 0 key set, bit 1 direction, bits 7:4 substream; CXL: bit 1
 * direction, bit 3 IV type in KEY_PROG / key mode in K_SET_GO, bits 7:4 = 8). */
#define IDE_KM_KEY_SET_K1	  0x01
#define IDE_KM_DIR_TX		  0x02
#define IDE_KM_CXL_IV_DEFAULT	  0x08
#define IDE_KM_SUB_MASK		  0xF0
#define IDE_KM_SUB_PR		  0x00
#define IDE_KM_SUB_NPR		  0x10
#define IDE_KM_SUB_CPL		  0x20
#define IDE_KM_SUB_CXL		  0x80
#define IDE_KM_KEY_SIZE		  32 /* AES-256-GCM */
#define IDE_KM_IFV_SIZE		  8  /* PCIe IFV, 2 DW */
#define IDE_KM_CXL_IV_SIZE	  12 /* CXL IV, 3 DW */
#define IDE_KM_KP_ACK_MAX_PCIE	  4  /* KP_ACK Status 0..4 */
#define IDE_KM_KP_ACK_MAX_CXL	  1
#define IDE_KM_CXL_MAX_REGS	  9 /* CXL IDE capability structure, DWORDs */
#define IDE_KM_CXL_CAP_VER_MASK	  0x0F
#define IDE_KM_CXL_CAP_IV_GEN	  0x10
#define IDE_KM_CXL_CAP_KEY_GEN	  0x20
#define IDE_KM_CXL_CAP_K_SET_STOP 0x40

struct ide_km_msg {
	uint8_t object_id;
	uint8_t port_index;
	uint8_t stream_id;
	uint8_t status;	    /* KP_ACK */
	uint8_t sub_stream; /* KeySubStream */
	/* QUERY_RESP */
	uint8_t dev_func, bus, segment, max_port_index;
	uint8_t caps;	      /* CXL QUERY_RESP */
	uint8_t link_tcs;     /* PCIe: Link IDE register blocks the capability announces */
	uint16_t sel_streams; /* PCIe: Selective IDE Stream register blocks */
	const uint8_t *key;   /* KEY_PROG, GET_KEY_ACK: 32 bytes */
	const uint8_t *ifv;   /* 8 (PCIe) or 12 (CXL) bytes */
	const uint8_t *tail;  /* QUERY_RESP register blocks (DWORDs, little endian) */
	size_t tail_len;
};

/* ---- TDISP --------------------------------------------------------------------------------- */
#define TDISP_VERSION_10 0x10
enum tdisp_type {
	TDISP_VERSION = 0x01,
	TDISP_CAPABILITIES = 0x02,
	TDISP_LOCK_INTERFACE_RSP = 0x03,
	TDISP_DEVICE_INTERFACE_REPORT = 0x04,
	TDISP_DEVICE_INTERFACE_STATE = 0x05,
	TDISP_START_INTERFACE_RSP = 0x06,
	TDISP_STOP_INTERFACE_RSP = 0x07,
	TDISP_ERROR = 0x7F,
	TDISP_GET_VERSION = 0x81,
	TDISP_GET_CAPABILITIES = 0x82,
	TDISP_LOCK_INTERFACE_REQ = 0x83,
	TDISP_GET_DEVICE_INTERFACE_REPORT = 0x84,
	TDISP_GET_DEVICE_INTERFACE_STATE = 0x85,
	TDISP_START_INTERFACE_REQ = 0x86,
	TDISP_STOP_INTERFACE_REQ = 0x87,
};
enum tdisp_state {
	TDISP_CONFIG_UNLOCKED = 0,
	TDISP_CONFIG_LOCKED = 1,
	TDISP_RUN = 2,
	TDISP_STATE_ERROR = 3,
};
/* TDISP ERROR codes (PCIe Base 6.1 Table 11-?? "ERROR Code and ERROR Data"). */
#define TDISP_ERR_INVALID_REQUEST	       0x0001
#define TDISP_ERR_BUSY			       0x0003
#define TDISP_ERR_INVALID_INTERFACE_STATE      0x0004
#define TDISP_ERR_UNSPECIFIED		       0x0005
#define TDISP_ERR_UNSUPPORTED_REQUEST	       0x0007
#define TDISP_ERR_VERSION_MISMATCH	       0x0041
#define TDISP_ERR_VENDOR_SPECIFIC	       0x00FF
#define TDISP_ERR_INVALID_INTERFACE	       0x0101
#define TDISP_ERR_INVALID_NONCE		       0x0102
#define TDISP_ERR_INSUFFICIENT_ENTROPY	       0x0103
#define TDISP_ERR_INVALID_DEVICE_CONFIGURATION 0x0104
#define TDISP_LOCK_FLAGS_MASK		       0x001F /* NO_FW_UPDATE .. ALL_REQUEST_REDIRECT */
#define TDISP_NONCE_SIZE		       32
#define TDISP_REQ_MSG_SUPPORTED_SIZE	       16
#define TDISP_HEADER_SIZE		       16

struct tdisp_msg {
	uint8_t version;
	uint8_t type;
	uint32_t function_id; /* INTERFACE_ID: FUNCTION_ID (the 8 reserved bytes are zero) */
	uint8_t ver_count;    /* VERSION */
	uint32_t tsm_caps;    /* GET_CAPABILITIES */
	/* CAPABILITIES */
	uint32_t dsm_caps;
	const uint8_t *req_msg_supported; /* 16 bytes */
	uint16_t lock_flags_supported;
	uint8_t dev_addr_width, num_req_this, num_req_all;
	/* LOCK_INTERFACE_REQ */
	uint16_t lock_flags;
	uint8_t default_stream_id;
	uint64_t mmio_reporting_offset;
	uint64_t bind_p2p_mask;
	const uint8_t *nonce; /* LOCK_INTERFACE_RSP, START_INTERFACE_REQ: 32 bytes */
	/* GET_DEVICE_INTERFACE_REPORT */
	uint16_t offset, length;
	/* DEVICE_INTERFACE_REPORT */
	uint16_t portion_len, remainder_len;
	uint8_t state;			 /* DEVICE_INTERFACE_STATE */
	uint32_t error_code, error_data; /* ERROR */
	const uint8_t *tail;		 /* version entries, report portion, extended error data */
	size_t tail_len;
};

/* The DEVICE_INTERFACE_REPORT structure (PCIe Base 6.1 Table 11-?? "TDI Report Structure"). */
#define TDISP_MMIO_ATTR_MASK 0x000F /* MSI-X table, MSI-X PBA, non-TEE, updatable */
#define TDISP_PAGE_SHIFT     12
#define TDISP_MAX_RANGES     16
struct tdisp_mmio_range {
	uint64_t first_page; /* 4K page number, MMIO reporting offset added */
	uint32_t pages;
	uint16_t attributes;
	uint16_t range_id;
};
struct tdisp_report {
	uint16_t interface_info;
	uint16_t msix_control;
	uint16_t lnr_control;
	uint32_t tph_control;
	uint32_t range_count;
	struct tdisp_mmio_range range[TDISP_MAX_RANGES]; /* the first TDISP_MAX_RANGES */
	uint32_t dev_info_len;
	const uint8_t *dev_info;
};

/* ---- CXL TSP ------------------------------------------------------------------------------- */
#define TSP_VERSION_10 0x10
enum tsp_opcode {
	TSP_GET_VERSION_RSP = 0x01,
	TSP_GET_CAPABILITIES_RSP = 0x02,
	TSP_SET_CONFIGURATION_RSP = 0x03,
	TSP_GET_CONFIGURATION_RSP = 0x04,
	TSP_GET_CONFIGURATION_REPORT_RSP = 0x05,
	TSP_LOCK_CONFIGURATION_RSP = 0x06,
	TSP_SET_TE_STATE_RSP = 0x0D,
	TSP_DELAYED_RSP = 0x7E,
	TSP_ERROR_RSP = 0x7F,
	TSP_GET_VERSION = 0x81,
	TSP_GET_CAPABILITIES = 0x82,
	TSP_SET_CONFIGURATION = 0x83,
	TSP_GET_CONFIGURATION = 0x84,
	TSP_GET_CONFIGURATION_REPORT = 0x85,
	TSP_LOCK_CONFIGURATION = 0x86,
	TSP_SET_TE_STATE = 0x8D,
};
enum tsp_state { TSP_CONFIG_UNLOCKED = 0, TSP_CONFIG_LOCKED = 1, TSP_STATE_ERROR = 2 };
#define TSP_ERR_INVALID_REQUEST		0x01
#define TSP_ERR_UNSUPPORTED_REQUEST	0x04
#define TSP_ERR_VERSION_MISMATCH	0x05
#define TSP_ERR_INVALID_SECURITY_CONFIG 0x0A
#define TSP_ERR_INVALID_SECURITY_STATE	0x0B
#define TSP_ERR_ALREADY_LOCKED		0x0D
#define TSP_IB_ENTRIES_SIZE		128 /* 8 explicit in-band granularity entries */
#define TSP_PSK_MATERIAL_SIZE		128 /* 4 secondary-session PSKs of 32 bytes */
#define TSP_RANGE_SIZE			16
#define TSP_CFG_ADDITIONAL_SESSIONS	0x0002
#define TSP_ERR_UNSPECIFIED		0x03
#define TSP_ERR_NO_PRIVILEGE		0x07
/* Get Target Capabilities / Set Target Configuration bits (CXL 3.1 §11.5.4). */
#define TSP_ENC_ENABLE		 0x0001 /* MemoryEncryptionFeatures: encryption */
#define TSP_ALG_AES_XTS_128	 0x00000001u
#define TSP_ALG_AES_XTS_256	 0x00000002u
#define TSP_TE_WANTED		 0x0016 /* read access control, implicit and explicit IB TE change */
#define TSP_CFG_LOCKED_FW_UPDATE 0x0001
#define TSP_IB_GRANULARITY_64B	 0x00000001u
#define TSP_IB_ENTRY_SIZE	 16 /* granularity (8 bytes), LengthIndex, 7 reserved */
#define TSP_IB_UNUSED		 0xFF
#define TSP_2ND_SESSIONS	 4  /* secondary sessions at most */
#define TSP_2ND_PSK_SIZE	 32 /* each one's PSK in SecondarySessionPSKKeyMaterial */

struct cxl_tsp_msg {
	uint8_t version;
	uint8_t opcode;
	uint8_t ver_count; /* GET_VERSION_RSP */
	/* capabilities, configuration (set and get) */
	uint16_t enc_features;
	uint32_t enc_algs;
	uint16_t range_keys;
	uint16_t te_features;
	uint32_t oob_granularity;
	uint32_t ib_granularity;
	uint16_t cfg_features;
	uint32_t ckid_base;
	uint32_t num_ckids;
	uint8_t num_secondary;
	uint8_t state;		   /* GET_CONFIGURATION_RSP */
	const uint8_t *ib_entries; /* 128 bytes */
	uint16_t validity_flags;   /* SET_CONFIGURATION */
	uint8_t ckid_type;
	const uint8_t *psk_material; /* 128 bytes, secret */
	uint16_t offset, length;     /* GET_CONFIGURATION_REPORT */
	uint16_t portion_len, remainder_len;
	uint8_t te_state, num_ranges; /* SET_TE_STATE */
	uint32_t error_code, error_data;
	uint32_t delay;
	const uint8_t *tail; /* version entries, report portion, memory ranges, error data */
	size_t tail_len;
};

/* One decoded app message: its framing and the protocol message. */
struct app_msg {
	enum app_proto proto;
	struct spdm_vendor v;
	union {
		struct ide_km_msg ide;
		struct tdisp_msg td;
		struct cxl_tsp_msg tsp;
	} u;
};

/* VENDOR_DEFINED_REQUEST/RESPONSE: code is the one expected; the payload length must be what
 * the message holds (no more than n->max_pad zero bytes after it). */
cspdm_status spdm_dec_vendor(const struct spdm_neg *n, uint8_t code, const uint8_t *msg, size_t len,
			     struct spdm_vendor *v, cspdm_error *err);
/* The protocol a VENDOR_DEFINED message carries (APP_NONE: not one of ours). */
enum app_proto app_proto_of(const struct spdm_vendor *v);
/* Decode a VENDOR_DEFINED message and the protocol message inside. */
cspdm_status app_dec(const struct spdm_neg *n, const uint8_t *msg, size_t len, struct app_msg *m,
		     cspdm_error *err);
/* Encode one: the SPDM code follows from the protocol message's direction. */
cspdm_status app_enc(uint8_t ver, const struct app_msg *m, uint8_t *buf, size_t cap,
		     size_t *out_len);
/* Nonzero when the protocol message is a request. */
int app_is_request(const struct app_msg *m);
/* The protocol message's code (ObjectID, TDISP message type, TSP opcode) and its name. */
uint8_t app_code(const struct app_msg *m);
const char *app_code_name(enum app_proto p, uint8_t code);
const char *app_proto_name(enum app_proto p);

/* The TDISP interface report, reassembled: MMIO ranges within the report, none wrapping 64 bits
 * (as byte addresses), none overlapping another, attributes' reserved bits clear. */
cspdm_status tdisp_dec_report(const uint8_t *buf, size_t len, struct tdisp_report *rep,
			      cspdm_error *err);
cspdm_status tdisp_enc_report(const struct tdisp_report *rep, uint8_t *buf, size_t cap,
			      size_t *out_len);

/* ---- internals shared by the app codec files ---------------------------------------------- */
struct rd;
struct wr;
enum app_field_kind { AF_U, AF_RSV, AF_VIEW };
struct app_field {
	const char *name;
	uint16_t size;
	uint8_t kind;
	uint16_t off; /* in the protocol struct (AF_U, AF_VIEW) */
};
#define AF_N(type, member, name)                                                                   \
	{                                                                                          \
		name, sizeof(((type *)0)->member), AF_U, (uint16_t)offsetof(type, member)          \
	}
#define AF_V(type, member, size, name)                                                             \
	{                                                                                          \
		name, size, AF_VIEW, (uint16_t)offsetof(type, member)                              \
	}
#define AF_R(size, name)                                                                           \
	{                                                                                          \
		name, size, AF_RSV, 0                                                              \
	}

/* A message of TDISP or CXL TSP: a header with a version byte and a code byte (offsets
 * version_off, code_off in the protocol struct), then the body its code names, then (tail) the
 * rest of the payload. Codes of 0x80 and up are requests. */
struct app_body {
	uint8_t code;
	uint8_t n;
	uint8_t tail;
	const struct app_field *f;
};
struct app_desc {
	const struct app_field *hdr;
	uint8_t n_hdr;
	uint8_t version;
	uint16_t version_off, code_off;
	const char *version_name, *code_name;
	const struct app_body *bodies;
	size_t n_bodies;
};
/* *at: the offset of the body (for the protocol's own checks). */
cspdm_status app_rd_msg(struct rd *r, const struct app_desc *d, int request, void *m,
			const uint8_t **tail, size_t *tail_len, size_t *at, cspdm_error *err);
void app_wr_msg(struct wr *w, const struct app_desc *d, const void *m, const uint8_t *tail,
		size_t tail_len);

cspdm_status app_rd_fields(struct rd *r, const struct app_field *f, size_t n, void *out,
			   cspdm_error *err);
void app_wr_fields(struct wr *w, const struct app_field *f, size_t n, const void *in);
/* The rest of the payload as the tail. */
void app_rd_tail(struct rd *r, const uint8_t **tail, size_t *tail_len);

cspdm_status ide_km_dec(struct rd *r, int cxl, int request, struct ide_km_msg *m, cspdm_error *err);
void ide_km_enc(struct wr *w, int cxl, const struct ide_km_msg *m);
int ide_km_is_request(uint8_t object_id);
cspdm_status tdisp_dec(struct rd *r, int request, struct tdisp_msg *m, cspdm_error *err);
void tdisp_enc(struct wr *w, const struct tdisp_msg *m);
cspdm_status tsp_dec(struct rd *r, int request, struct cxl_tsp_msg *m, cspdm_error *err);
void tsp_enc(struct wr *w, const struct cxl_tsp_msg *m);

#endif
