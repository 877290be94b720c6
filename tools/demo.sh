#!/bin/bash
# make demo: start cspdm's emulated device (cspdm responder) on a free loopback port, then
# authenticate it with cspdm's requester, trusting the root the device exported and
# requiring the PCIe CMA subjectAltName of its PCI IDs.
set -u
CLI=${1:-build/cspdm}
IDS=8086:0b60:010802:01:8086:0000
tmp=$(mktemp -d)
trap 'kill $rsp 2>/dev/null; rm -rf "$tmp"' EXIT

port=23230
while [ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]; do port=$((port + 1)); done

echo "== starting the emulated device: cspdm responder --port $port --transport doe --pci-ids $IDS"
"$CLI" responder --port "$port" --transport doe --pci-ids "$IDS" --export-root "$tmp/roots" \
	>"$tmp/responder.log" 2>&1 &
rsp=$!
for _ in $(seq 1 100); do
	[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ] && break
	kill -0 $rsp 2>/dev/null || { cat "$tmp/responder.log"; exit 1; }
	sleep 0.05
done

echo "== authenticating it: cspdm authenticate --connect 127.0.0.1:$port --transport doe --trust ROOTS --pci-ids $IDS"
echo
"$CLI" authenticate --connect "127.0.0.1:$port" --transport doe --trust "$tmp/roots" --pci-ids "$IDS"
rc=$?
wait $rsp 2>/dev/null
exit $rc
