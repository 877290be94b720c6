#!/bin/bash
# The PCI-SIG protocols end to end over loopback sockets: `cspdm ide`, `ide --stop`, `tdisp`,
# `cxl-ide`, `cxl-ide --stop` and `cxl-tsp` (with its secondary PSK sessions) against
# `cspdm responder --transport doe`, at SPDM 1.2, 1.3 and 1.4, in a KEY_EXCHANGE session and in
# a PSK session; --tsp-secondary bounding the secondary sessions; a device without the model
# (--no-app) refusing each protocol with its error; no key or PSK in any output.
set -u
CLI=${1:?path to cspdm}
. "$(dirname "$0")/lib.sh"
PSK=00112233445566778899aabbccddeeff
HINT=0a0b

start_doe() { # responder options...: a DOE device, serving connection after connection
	start --transport doe --keep-running --export-root "$tmp/roots" --psk "$PSK" \
		--psk-hint "$HINT" "$@"
}
halt() {
	kill "$rsp" 2>/dev/null
	stop || true
}
expect() { grep -q -- "$1" "$tmp/out" || fail "$2: no '$1' in the output"; }
run() { # command and options: must succeed
	"$CLI" "$@" --connect "127.0.0.1:$port" --transport doe --trust "$tmp/roots" \
		>"$tmp/out" 2>&1 || fail "cspdm $* (exit $?)"
}

n=0
for v in 1.2 1.3 1.4; do
	start_doe --ver "$v"
	for psk in "" "--psk $PSK --psk-hint $HINT"; do
		# shellcheck disable=SC2086 # $psk is two options or none
		run ide $psk
		expect "6 KEY_PROG acknowledged, 6 started (K_SET_GO)" "ide $v $psk"
		expect "Selective IDE Streams 4" "ide $v $psk"
		expect "  00030002 00000000 00000001" "ide $v $psk: the registers"
		expect "ide key slots RX PR K0 started, RX NPR K0 started" "ide $v $psk: the key slots"
		# shellcheck disable=SC2086
		run ide --stop --stream 2 $psk
		expect "stream 2: 0 KEY_PROG acknowledged, 6 stopped" "ide --stop $v"
		# shellcheck disable=SC2086
		run tdisp $psk
		expect "tdisp states  UNLOCKED, LOCKED, RUN, UNLOCKED (4 seen)" "tdisp $v"
		expect "4 MMIO ranges" "tdisp $v"
		# shellcheck disable=SC2086
		run cxl-ide $psk
		expect "stream 0: 2 KEY_PROG acknowledged (RX key fresh), 2 K_SET_GO" "cxl-ide $v"
		# shellcheck disable=SC2086
		run cxl-ide --stop $psk
		expect "stream 0: 2 K_SET_STOP acknowledged" "cxl-ide --stop $v"
		# shellcheck disable=SC2086
		run cxl-tsp --json $psk
		expect "4 secondary sessions offered, state CONFIG_UNLOCKED then CONFIG_LOCKED, report 220 bytes, TE state set 2 times" "cxl-tsp $v"
		for i in 0 1 2 3; do
			expect "\"step\": \"tsp 2nd $i\"" "cxl-tsp $v secondary $i"
		done
		[ "$(grep -c 'state CONFIG_LOCKED then CONFIG_LOCKED' "$tmp/out")" -eq 4 ] ||
			fail "cxl-tsp $v: 4 secondary sessions finding the configuration locked"
		! grep -q '"result": "failed"' "$tmp/out" || fail "cxl-tsp $v: a step failed"
		! grep -qi "$PSK" "$tmp/out" || fail "the PSK printed"
		n=$((n + 6))
	done
	halt
done

# --json: what the device reported, per flow; never a key
start_doe --tsp-secondary 1
for cmd in ide tdisp cxl-ide cxl-tsp; do
	run $cmd --json
	cp "$tmp/out" "$tmp/$cmd.json"
done
python3 - "$tmp" <<'PY' || fail "--json device objects"
import json, sys
d = sys.argv[1]
dev = lambda c, step: next(s["device"] for s in json.load(open(f"{d}/{c}.json"))["steps"]
                           if s["step"] == step and "device" in s)
ide = dev("ide", "ide")
assert ide["max_port"] == 7 and ide["selective_streams"] == 4, ide
assert len(ide["registers"]) == 34 and ide["registers"][0] == "0x30002", ide["registers"][:2]
slots = ide["key_slots"]
assert [(s["direction"], s["substream"]) for s in slots] == \
    [("RX", "PR"), ("RX", "NPR"), ("RX", "CPL"), ("TX", "PR"), ("TX", "NPR"), ("TX", "CPL")]
assert all(s["programmed"] and s["started"] and "key" not in s for s in slots), slots
td = dev("tdisp", "tdisp")
assert td["interface"] == "0xbeef", td
assert td["states"] == ["CONFIG_UNLOCKED", "CONFIG_LOCKED", "RUN", "CONFIG_UNLOCKED"], td
r = td["report"]
assert r["mmio_range_count"] == 4 and len(r["mmio_ranges"]) == 4, r
assert [m["pages"] for m in r["mmio_ranges"]] == [1, 4, 16, 1], r
assert r["length"] == 94 and r["device_specific_info_length"] == 10, r
cxl = dev("cxl-ide", "cxl-ide")
assert cxl["programmed"] == 2 and cxl["caps"] == "0x41", cxl
tsp = dev("cxl-tsp", "cxl-tsp")
assert tsp["states"] == ["CONFIG_UNLOCKED", "CONFIG_LOCKED"], tsp
assert tsp["capabilities"]["secondary_sessions"] == 1 and tsp["report_length"] == 220, tsp
assert tsp["configured"]["algorithm"] == "0x2" and tsp["te_state_changes"] == 2, tsp
assert dev("cxl-tsp", "tsp 2nd 0")["states"] == ["CONFIG_LOCKED", "CONFIG_LOCKED"]
PY
halt

# --evidence: the TDISP interface report joins the bundle; cspdm verify checks it, and finds
# a changed byte, overlapping MMIO ranges and a file outside tdisp/
start_doe
run tdisp --evidence "$tmp/ev"
[ -s "$tmp/ev/tdisp/interface_0000beef" ] || fail "no interface report in the bundle"
"$CLI" verify "$tmp/ev" --trust "$tmp/roots" >"$tmp/out" 2>&1 || fail "verify of the bundle"
expect "tdisp: tdisp/interface_0000beef: 94 bytes, 4 MMIO ranges, SHA-384 and fields as recorded" "verify"
expect "key_exchange_rsp, ECDSA_P384, SHA_384, slot 0): verified" "verify: the session's signature"
tamper() { # a python statement on bytearray b (the report) or dict j (evidence.json)
	rm -rf "$tmp/bad" && cp -r "$tmp/ev" "$tmp/bad"
	python3 - "$tmp/bad" "$1" <<'PY'
import json, sys
d, stmt = sys.argv[1], sys.argv[2]
rep = f"{d}/tdisp/interface_0000beef"
b = bytearray(open(rep, "rb").read())
j = json.load(open(f"{d}/evidence.json"))
exec(stmt)
open(rep, "wb").write(b)
json.dump(j, open(f"{d}/evidence.json", "w"))
PY
	"$CLI" verify "$tmp/bad" --trust "$tmp/roots" >"$tmp/out" 2>&1 && fail "verify accepted: $1"
	true
}
tamper 'b[-2] ^= 1'
expect "tdisp/interface_0000beef: sha384 (not what evidence.json says)" "a changed byte"
tamper 'b[32:40] = b[16:24]'
expect "tdisp/interface_0000beef: MMIO_RANGE (overlaps another), byte offset 32" "overlapping ranges"
tamper 'j["tdisp_reports"][0]["mmio_ranges"][2]["pages"] = 32'
expect "mmio_ranges (not what evidence.json says)" "a range changed in evidence.json"
tamper 'j["tdisp_reports"][0]["file"] = "tdisp/../evidence.json"'
expect "evidence.json tdisp_reports\[0\].file" "a file outside tdisp/"
halt

# a capture of a PSK session's CXL TSP flow opens offline, secondary sessions included (their
# PSKs are read from Set Target Configuration); DMTF's capture likewise
start_doe
run cxl-tsp --psk "$PSK" --psk-hint "$HINT" --pcap "$tmp/tsp.pcap"
"$CLI" verify --pcap "$tmp/tsp.pcap" --psk "$PSK" --psk-hint "$HINT" --json >"$tmp/out" 2>&1 ||
	fail "verify --pcap of our cxl-tsp capture"
halt
data=$(cd "$(dirname "$0")/../data" && pwd)
"$CLI" verify --pcap "$data/sessions/sess_v12_pci_doe_psk_app.pcap" --psk 5465737450736b4461746100 \
	--psk-hint 5465737450736b48696e7400 --json >"$tmp/dmtf.json" 2>&1 || fail "verify --pcap psk_app"
python3 - "$tmp/out" "$tmp/dmtf.json" <<'PY' || fail "verify --pcap: the secondary sessions"
import json, sys
ours, dmtf = (json.load(open(f)) for f in sys.argv[1:])
p = ours["psk"]
assert p["sessions"] == 5 and p["tsp_secondary_sessions"] == 4 and p["not_ours"] == 0, p
assert p["sessions_ended"] == 5 and ours["app"]["cxl_tsp"] > 0, ours["app"]
p = dmtf["psk"]
assert p["sessions"] == 2 and p["tsp_secondary_sessions"] == 1 and p["not_ours"] == 0, p
assert dmtf["app"] == {"ide_km": 38, "tdisp": 22, "cxl_ide_km": 16, "cxl_tsp": 32}, dmtf["app"]
PY

# the number of secondary sessions offered bounds those opened
start_doe --tsp-secondary 1
run cxl-tsp --json
expect "1 secondary sessions offered" "--tsp-secondary 1"
expect '"step": "tsp 2nd 0"' "--tsp-secondary 1"
! grep -q '"step": "tsp 2nd 1"' "$tmp/out" || fail "--tsp-secondary 1: a second secondary session"
halt
start_doe --tsp-secondary 0
run cxl-tsp
expect "secondary sessions 0" "--tsp-secondary 0"
! grep -q "tsp 2nd" "$tmp/out" || fail "--tsp-secondary 0: a secondary session"
halt

# cspdm tdisp --steps: some of lock, report, start, stop; start without lock refused
start_doe
run tdisp --steps lock,report --json
python3 - "$tmp/out" <<'PY' || fail "tdisp --steps lock,report"
import json, sys
d = next(s["device"] for s in json.load(open(sys.argv[1]))["steps"] if s["step"] == "tdisp")
assert d["states"] == ["CONFIG_UNLOCKED", "CONFIG_LOCKED"], d["states"]
assert d["report"]["mmio_range_count"] == 4, d["report"]
PY
run tdisp --steps lock,start,stop
expect "tdisp states  UNLOCKED, LOCKED, RUN, UNLOCKED (4 seen)" "tdisp --steps lock,start,stop"
expect "tdisp report  0 bytes" "tdisp --steps lock,start,stop: no report asked for"
for bad in start report,start lock,bogus ""; do
	"$CLI" tdisp --steps "$bad" --connect "127.0.0.1:$port" --transport doe >"$tmp/out" 2>&1
	[ $? -eq 2 ] || fail "tdisp --steps '$bad': not a usage error"
done
"$CLI" ide --steps lock --connect "127.0.0.1:$port" --transport doe >"$tmp/out" 2>&1
[ $? -eq 2 ] || fail "ide --steps: not a usage error"
expect "--steps is for cspdm tdisp" "ide --steps"
halt

# a TDISP_ERROR is named as such, not as an SPDM ErrorCode
start_doe
"$CLI" tdisp --interface 0x1234 --connect "127.0.0.1:$port" --transport doe --trust "$tmp/roots" \
	>"$tmp/out" 2>&1 && fail "tdisp for an interface the device lacks succeeded"
expect "TDISP_ERROR (INVALID_INTERFACE)" "tdisp --interface 0x1234"
! grep -q "ERROR InvalidRequest" "$tmp/out" || fail "a TDISP_ERROR printed as an SPDM ErrorCode"
halt

# a device without the model: each protocol refused inside the session, by name
start_doe --no-app
for cmd in ide tdisp cxl-ide cxl-tsp; do
	"$CLI" $cmd --connect "127.0.0.1:$port" --transport doe --trust "$tmp/roots" \
		>"$tmp/out" 2>&1 && fail "$cmd against --no-app succeeded"
	expect "UnsupportedRequest" "$cmd --no-app"
done
halt
n=$((n + 6))
echo "app: $n runs passed"
