#!/bin/bash
# Large messages (SPDM 1.2+ chunking) end to end with the CLI over loopback sockets: `cspdm
# session` and `cspdm measure` at --data-transfer-size 42 against `cspdm responder
# --data-transfer-size 42` for 1.2-1.4 over NONE, MCTP and PCI DOE, one side small only, the
# encrypted handshake, re-authentication; the responder's log (--verbose) must show CHUNK_SEND
# and CHUNK_GET. Then a device without CHUNK_CAP (a clear error naming the sizes) and sizes
# below the minimum.
set -u
CLI=${1:?path to cspdm}
. "$(dirname "$0")/lib.sh"

expect() { grep -q -- "$1" "$2" || fail "$3: no '$1' in $2"; }
chunked() { # what: the responder answered chunk messages both ways
	expect "CHUNK_SEND -> CHUNK_SEND_ACK" "$tmp/rsp.log" "$1"
	expect "CHUNK_GET -> CHUNK_RESPONSE" "$tmp/rsp.log" "$1"
}
session() { # transport, cspdm session options...: every step succeeds
	local t=$1
	shift
	"$CLI" session --connect "127.0.0.1:$port" --transport "$t" --json "$@" >"$tmp/out" 2>&1 ||
		fail "cspdm session $t $*"
	expect '"step": "end session"' "$tmp/out" "session $t $*"
	! grep -q '"result": "failed"' "$tmp/out" || fail "a step failed: $t $*"
}

n=0
for t in none mctp doe; do
	for v in 1.2 1.3 1.4; do
		start --transport "$t" --ver "$v" --asym ECDSA_P256 --hash SHA_256 \
			--data-transfer-size 42 --verbose
		session "$t" --data-transfer-size 42 --heartbeat --key-update --measure --chain
		chunked "$t $v"
		stop
		n=$((n + 1))
	done
done

# only the requester small (it chunks its requests, the device its responses), then only the
# device; the encrypted handshake (FINISH in secured chunks)
start --transport mctp --ver 1.3 --verbose
"$CLI" measure --connect "127.0.0.1:$port" --data-transfer-size 42 --all >"$tmp/out" 2>&1 ||
	fail "measure at 42 against 4096"
expect "7 blocks, 1 signature verified" "$tmp/out" "measure at 42 against 4096"
chunked "requester small"
stop
start --transport doe --ver 1.2 --data-transfer-size 42 --verbose
"$CLI" authenticate --connect "127.0.0.1:$port" --transport doe >"$tmp/out" 2>&1 ||
	fail "authenticate at 4096 against 42"
expect "DataTransferSize 42, MaxSPDMmsgSize 65536" "$tmp/out" "the device's sizes"
chunked "device small"
stop
start --transport mctp --ver 1.2 --data-transfer-size 42 --no-handshake-in-clear --verbose
session mctp --data-transfer-size 42 --heartbeat --measure
expect '"handshake": "encrypted"' "$tmp/out" "encrypted handshake"
stop
n=$((n + 3))

# re-authentication in chunks: the saved identity, then DIGESTS and CHALLENGE_AUTH in chunks
start --transport mctp --ver 1.3 --data-transfer-size 42 --state "$tmp/state"
"$CLI" authenticate --connect "127.0.0.1:$port" --data-transfer-size 42 \
	--save-identity "$tmp/id.json" >"$tmp/out" 2>&1 || fail "authenticate --save-identity at 42"
stop
start --transport mctp --ver 1.3 --data-transfer-size 42 --state "$tmp/state" --verbose
"$CLI" revalidate --connect "127.0.0.1:$port" --data-transfer-size 42 --identity "$tmp/id.json" \
	>"$tmp/out" 2>&1 || fail "revalidate at 42"
expect "same device" "$tmp/out" "revalidate at 42"
expect "CHUNK_GET -> CHUNK_RESPONSE" "$tmp/rsp.log" "revalidate at 42"
stop
n=$((n + 1))

# no CHUNK_CAP on the device: NEGOTIATE_ALGORITHMS (48 bytes) cannot go, exit status 1
start --transport mctp --ver 1.2 --data-transfer-size 42 --no-chunk
"$CLI" authenticate --connect "127.0.0.1:$port" >"$tmp/out" 2>&1 &&
	fail "a 48-byte request went to a device with DataTransferSize 42 and no CHUNK_CAP"
[ $? -eq 1 ] || fail "no CHUNK_CAP: exit status not 1"
expect "MSG_TOO_LARGE" "$tmp/out" "no CHUNK_CAP"
expect "request of 48 bytes is larger than the device's DataTransferSize 42 and the device" \
	"$tmp/out" "no CHUNK_CAP"
stop
n=$((n + 1))

# below the minimum: usage errors (exit status 2), nothing is sent
for c in authenticate measure session revalidate; do
	"$CLI" "$c" --connect 127.0.0.1:1 --data-transfer-size 41 >"$tmp/out" 2>&1
	[ $? -eq 2 ] || fail "$c --data-transfer-size 41: not a usage error"
	expect "42" "$tmp/out" "$c --data-transfer-size 41"
done
"$CLI" responder --data-transfer-size 0 >"$tmp/out" 2>&1
[ $? -eq 2 ] || fail "responder --data-transfer-size 0: not a usage error"
n=$((n + 1))
echo "chunk: $n passed, 0 failed"
