/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IDE_KM, PCIe (PCIe Base 6.0 §6.33.3 "IDE Key Management (IDE_KM)", the QUERY, QUERY_RESP,
 * KEY_PROG, KP_ACK, K_SET_GO, K_SET_STOP and K_GOSTOP_ACK data object tables) and CXL (CXL 3.1
 * §11.4.7 "CXL.cachemem IDE Key Management", which adds a Caps byte to QUERY_RESP, a 3-DWORD
 * IV in KEY_PROG, and GET_KEY / GET_KEY_ACK).
 *
 * QUERY_RESP ends with the IDE register blocks. PCIe: the IDE Capability and IDE Control
 * registers, a Link IDE block (Control, Status) for each TC the capability announces, then for
 * each Selective IDE Stream a block of Capability, Control, Status, two RID Association
 * registers and three registers per Address Association its capability announces (PCIe Base
 * 6.0 §7.9.26 "IDE Extended Capability"). Blocks the capability announces must be present;
 * DWORDs after them must be zero (DMTF's sample device sends a zeroed buffer of its maximum
 * size). CXL: the CXL IDE Capability Structure, at most 9 DWORDs (CXL 3.1 §8.2.4.22).
 */
#include <string.h>

#include "app.h"
#include "codec/reader.h"
#include "codec/writer.h"

#define IDE_CAP_LINK	   (1u << 0)
#define IDE_CAP_SELECTIVE  (1u << 1)
#define IDE_CAP_TCS(c)	   ((((c) >> 13) & 0x7u) + 1u)
#define IDE_CAP_STREAMS(c) ((((c) >> 16) & 0xFFu) + 1u)
#define SEL_CAP_ADDR(c)	   ((c)&0xFu)
#define SEL_BLOCK_DW	   5u /* Capability, Control, Status, RID Association 1 and 2 */
#define ADDR_BLOCK_DW	   3u

#define M struct ide_km_msg
static const struct app_field f_query[] = {AF_N(M, object_id, "ObjectID"), AF_R(1, "Reserved"),
					   AF_N(M, port_index, "PortIndex")};
static const struct app_field f_query_resp[] = {AF_N(M, object_id, "ObjectID"),
						AF_R(1, "Reserved"),
						AF_N(M, port_index, "PortIndex"),
						AF_N(M, dev_func, "Dev/Func Number"),
						AF_N(M, bus, "Bus Number"),
						AF_N(M, segment, "Segment"),
						AF_N(M, max_port_index, "MaxPortIndex")};
static const struct app_field f_cxl_caps[] = {AF_N(M, caps, "Caps")};
/* KEY_PROG, K_SET_GO, K_SET_STOP, K_GOSTOP_ACK, GET_KEY, GET_KEY_ACK; KP_ACK has Status. */
static const struct app_field f_stream[] = {
    AF_N(M, object_id, "ObjectID"),	 AF_R(2, "Reserved"),
    AF_N(M, stream_id, "Stream ID"),	 AF_R(1, "Reserved"),
    AF_N(M, sub_stream, "KeySubStream"), AF_N(M, port_index, "PortIndex")};
static const struct app_field f_kp_ack[] = {
    AF_N(M, object_id, "ObjectID"),	 AF_R(2, "Reserved"),
    AF_N(M, stream_id, "Stream ID"),	 AF_N(M, status, "Status"),
    AF_N(M, sub_stream, "KeySubStream"), AF_N(M, port_index, "PortIndex")};
static const struct app_field f_key_pcie[] = {AF_V(M, key, IDE_KM_KEY_SIZE, "Key"),
					      AF_V(M, ifv, IDE_KM_IFV_SIZE, "IFV")};
static const struct app_field f_key_cxl[] = {AF_V(M, key, IDE_KM_KEY_SIZE, "Key"),
					     AF_V(M, ifv, IDE_KM_CXL_IV_SIZE, "IV")};
#undef M
#define N(t) (sizeof(t) / sizeof((t)[0]))

int ide_km_is_request(uint8_t object_id)
{
	return object_id == IDE_KM_QUERY || object_id == IDE_KM_KEY_PROG ||
	       object_id == IDE_KM_K_SET_GO || object_id == IDE_KM_K_SET_STOP ||
	       object_id == IDE_KM_GET_KEY;
}

static int has_key(int cxl, uint8_t obj)
{
	return obj == IDE_KM_KEY_PROG || (cxl && obj == IDE_KM_GET_KEY_ACK);
}

/* The fixed fields of each object, in ObjectID order: PCIe defines the first seven, CXL all. */
static const struct app_body objects[] = {
    {IDE_KM_QUERY, N(f_query), 0, f_query},
    {IDE_KM_QUERY_RESP, N(f_query_resp), 0, f_query_resp},
    {IDE_KM_KEY_PROG, N(f_stream), 0, f_stream},
    {IDE_KM_KP_ACK, N(f_kp_ack), 0, f_kp_ack},
    {IDE_KM_K_SET_GO, N(f_stream), 0, f_stream},
    {IDE_KM_K_SET_STOP, N(f_stream), 0, f_stream},
    {IDE_KM_K_GOSTOP_ACK, N(f_stream), 0, f_stream},
    {IDE_KM_GET_KEY, N(f_stream), 0, f_stream},
    {IDE_KM_GET_KEY_ACK, N(f_stream), 0, f_stream},
};

/* The object's entry; NULL for an object this protocol does not define. */
static const struct app_body *layout(int cxl, uint8_t obj)
{
	return obj <= (cxl ? IDE_KM_GET_KEY_ACK : IDE_KM_K_GOSTOP_ACK) ? &objects[obj] : NULL;
}

/* KeySubStream: PCIe bits 3:2 reserved, substream PR/NPR/CPL; CXL bits 0 and 2 reserved
 * (bit 3 is the IV type of KEY_PROG or the key mode of K_SET_GO, echoed by the ACKs),
 * substream CXL. */
static cspdm_status check_sub_stream(int cxl, const struct ide_km_msg *m, size_t at,
				     cspdm_error *err)
{
	uint8_t sub = m->sub_stream & IDE_KM_SUB_MASK;
	uint8_t rsv = cxl ? 0x05 : 0x0C;

	if (m->sub_stream & rsv)
		return spdm_fail(err, CSPDM_E_RESERVED, "KeySubStream", at);
	if (cxl ? sub != IDE_KM_SUB_CXL : sub > IDE_KM_SUB_CPL)
		return spdm_fail(err, CSPDM_E_FIELD, "KeySubStream (substream)", at);
	return CSPDM_OK;
}

/*
 * The register blocks are read through the message's reader (regs: a copy at their start,
 * m->tail_len bytes remaining), not through the view: the reader checks every access.
 */
static uint32_t dw_at(const struct rd *regs, size_t i)
{
	struct rd d = *regs;
	uint32_t v = 0;

	rd_skip(&d, "IDE register blocks", i * 4);
	rd_u32le(&d, "IDE register blocks", &v);
	return v;
}

static int zero_from(const struct rd *regs, size_t from)
{
	struct rd d = *regs;

	return rd_skip(&d, "IDE register blocks", from) && rd_at_end(&d, SIZE_MAX);
}

/* PCIe register blocks, walked as the IDE Capability register announces them. */
static cspdm_status walk_regs(const struct rd *regs, struct ide_km_msg *m, size_t at,
			      cspdm_error *err)
{
	size_t dws = m->tail_len / 4, need = 2, s;
	uint32_t cap;

	if (m->tail_len % 4 || dws < 2)
		return spdm_fail(err, CSPDM_E_LENGTH, "IDE register blocks (whole DWORDs)", at);
	cap = dw_at(regs, 0);
	m->link_tcs = (uint8_t)(cap & IDE_CAP_LINK ? IDE_CAP_TCS(cap) : 0);
	m->sel_streams = (uint16_t)(cap & IDE_CAP_SELECTIVE ? IDE_CAP_STREAMS(cap) : 0);
	need += (size_t)2 * m->link_tcs;
	for (s = 0; s < m->sel_streams; s++) {
		if (need >= dws)
			return spdm_fail(
			    err, CSPDM_E_COUNT,
			    "Selective IDE Stream register blocks (beyond the message)",
			    at + need * 4);
		need += SEL_BLOCK_DW + (size_t)ADDR_BLOCK_DW * SEL_CAP_ADDR(dw_at(regs, need));
	}
	if (need > dws)
		return spdm_fail(err, CSPDM_E_COUNT, "IDE register blocks (beyond the message)",
				 at + dws * 4);
	if (!zero_from(regs, need * 4))
		return spdm_fail(err, CSPDM_E_COUNT,
				 "IDE register blocks (more than the capability announces)",
				 at + need * 4);
	return CSPDM_OK;
}

/* obj: the offset of the object (its PortIndex is 2 bytes in). */
static cspdm_status dec_query_resp(struct rd *r, int cxl, size_t obj, struct ide_km_msg *m,
				   cspdm_error *err)
{
	struct rd regs;
	size_t at;
	cspdm_status st = cxl ? app_rd_fields(r, f_cxl_caps, 1, m, err) : CSPDM_OK;

	if (st)
		return st;
	if (m->port_index > m->max_port_index)
		return spdm_fail(err, CSPDM_E_FIELD, "PortIndex (beyond MaxPortIndex)", obj + 2);
	at = rd_offset(r);
	regs = *r;
	app_rd_tail(r, &m->tail, &m->tail_len);
	if (!cxl)
		return walk_regs(&regs, m, at, err);
	if (m->tail_len % 4 || m->tail_len / 4 > IDE_KM_CXL_MAX_REGS)
		return spdm_fail(err, CSPDM_E_COUNT, "CXL IDE capability registers", at);
	return CSPDM_OK;
}

cspdm_status ide_km_dec(struct rd *r, int cxl, int request, struct ide_km_msg *m, cspdm_error *err)
{
	size_t at = rd_offset(r), i;
	struct rd peek = *r;
	cspdm_status st = CSPDM_OK;

	memset(m, 0, sizeof(*m));
	if (!rd_u8(&peek, "ObjectID", &m->object_id))
		return spdm_rd_status(&peek, err);
	if (!layout(cxl, m->object_id) || ide_km_is_request(m->object_id) != request)
		return spdm_fail(err, CSPDM_E_FIELD, "ObjectID", at);
	/* the fields are read at the object's entry: its table and its count go together */
	for (i = 0; i < N(objects); i++)
		if (objects[i].code == m->object_id)
			st = app_rd_fields(r, objects[i].f, objects[i].n, m, err);
	if (st)
		return st;
	if (m->object_id == IDE_KM_QUERY_RESP)
		return dec_query_resp(r, cxl, at, m, err);
	if (has_key(cxl, m->object_id))
		st = app_rd_fields(r, cxl ? f_key_cxl : f_key_pcie, 2, m, err);
	if (!st && m->object_id == IDE_KM_KP_ACK &&
	    m->status > (cxl ? IDE_KM_KP_ACK_MAX_CXL : IDE_KM_KP_ACK_MAX_PCIE))
		st = spdm_fail(err, CSPDM_E_FIELD, "Status", at + 4);
	if (!st && m->object_id != IDE_KM_QUERY)
		st = check_sub_stream(cxl, m, at + 5, err);
	return st;
}

void ide_km_enc(struct wr *w, int cxl, const struct ide_km_msg *m)
{
	const struct app_body *b = layout(cxl, m->object_id);

	if (!b) {
		wr_u8(w, m->object_id);
		return;
	}
	app_wr_fields(w, b->f, b->n, m);
	if (m->object_id == IDE_KM_QUERY_RESP && cxl)
		app_wr_fields(w, f_cxl_caps, 1, m);
	if (has_key(cxl, m->object_id))
		app_wr_fields(w, cxl ? f_key_cxl : f_key_pcie, 2, m);
	if (m->tail_len)
		wr_bytes(w, m->tail, m->tail_len);
}
