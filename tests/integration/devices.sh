#!/bin/bash
# --device end to end with the CLI: cspdm list on this machine; a PCI function that does not
# exist; DSP0287 against `cspdm responder --transport tcp` (spdm-emu frames and raw), and the
# role inquiry (the device dials a requester listening with --device tcp-listen:PORT).
set -u
CLI=${1:?path to cspdm}
tmp=$(mktemp -d)
pids=()
fail() { echo "FAIL: $*"; [ -f "$tmp/out" ] && cat "$tmp/out"; exit 1; }
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT

. "$(dirname "$0")/ports.sh"

# 1. cspdm list works on a machine with nothing, and says so
"$CLI" list >"$tmp/out" 2>"$tmp/err" || fail "cspdm list exit $?"
n=$(wc -l <"$tmp/out")
if [ "$n" -eq 1 ] && grep -qx "none found" "$tmp/out"; then :; else
	grep -q "^pci:\|^nvme:\|^mctp:" "$tmp/out" || fail "cspdm list: neither devices nor 'none found'"
fi
"$CLI" list --json >"$tmp/out" 2>&1 || fail "cspdm list --json"
grep -q '"count"' "$tmp/out" || fail "cspdm list --json: no count"

# 2. a PCI function that does not exist: a clear error, exit 1
"$CLI" authenticate --device pci:0000:ff:1f.7 >"$tmp/out" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "pci:0000:ff:1f.7: exit $rc"
grep -q "pci:0000:ff:1f.7: no such PCI function: No such file or directory" "$tmp/out" ||
	fail "pci:0000:ff:1f.7: unclear error"
"$CLI" authenticate --device pci:0000:ff:1f.7 --json >"$tmp/out" 2>&1
grep -q '"code": "NO_DEVICE"' "$tmp/out" || fail "pci:0000:ff:1f.7: no NO_DEVICE in the JSON"
"$CLI" authenticate --device pci:nonsense >"$tmp/out" 2>&1
[ $? -eq 2 ] || fail "a bad URI is a usage error"
"$CLI" authenticate --device tcp:127.0.0.1:1 --connect 127.0.0.1:1 >"$tmp/out" 2>&1
[ $? -eq 2 ] || fail "--device with --connect is a usage error"

# 3. DSP0287: the device listens; spdm-emu frames, then raw
for raw in "" ",raw"; do
	flag=; [ -n "$raw" ] && flag=--tcp-raw
	: >"$tmp/rsp.log"
	"$CLI" responder --transport tcp --port 0 $flag --keep-running >"$tmp/rsp.log" 2>&1 &
	pids+=($!)
	port=$(wait_port "$tmp/rsp.log" $!) || fail "responder did not start: $(cat "$tmp/rsp.log")"
	"$CLI" authenticate --device tcp:127.0.0.1:$port$raw >"$tmp/out" 2>&1 ||
		fail "authenticate --device tcp:127.0.0.1:$port$raw"
	grep -q "transport tcp" "$tmp/out" || fail "no 'transport tcp'"
	"$CLI" measure --device tcp:127.0.0.1:$port$raw --ver 1.2 >"$tmp/out" 2>&1 ||
		fail "measure --device tcp:...$raw"
	grep -q "signatures verified" "$tmp/out" || fail "measure: no signatures"
	kill "${pids[-1]}"
done

# 4. role inquiry: the requester listens, the device dials in
for raw in "" ",raw"; do
	flag=; [ -n "$raw" ] && flag=--tcp-raw
	: >"$tmp/req.log"
	"$CLI" authenticate --device tcp-listen:0$raw --json >"$tmp/out" 2>"$tmp/req.log" &
	req=$!
	pids+=($req)
	port=$(wait_port "$tmp/req.log" $req) || fail "requester did not listen: $(cat "$tmp/req.log")"
	"$CLI" responder --transport tcp $flag --dial 127.0.0.1:$port >"$tmp/rsp.log" 2>&1 ||
		fail "responder --dial: $(cat "$tmp/rsp.log")"
	wait $req || fail "authenticate --device tcp-listen:$port$raw"
	grep -q '"outcome": "evidence ready"' "$tmp/out" || fail "role inquiry: no outcome"
done
echo "devices: list, pci error, tcp (2 framings), tcp-listen with --dial (2 framings): passed"
