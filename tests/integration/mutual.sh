#!/bin/bash
# Mutual authentication end to end with the CLI over loopback sockets: `cspdm authenticate` and
# `cspdm session` presenting DMTF's sample requester identity (tests/data/certs/ecp384) to
# `cspdm responder --mut-auth ... --trust-requester`: basic mutual authentication, each
# MutAuthRequested mode of KEY_EXCHANGE_RSP on every version and on MCTP and PCI DOE, the
# encrypted handshake, the encapsulated flow inside a session, a requester the responder does
# not trust, identities on one side only, and the usage errors.
set -u
CLI=${1:?path to cspdm}
DATA=${2:?tests/data}
certs=$DATA/certs/ecp384
ID=(--req-cert-chain "$certs/bundle_requester.certchain.der" --req-key "$certs/end_requester.key")
. "$(dirname "$0")/lib.sh"
respond() { # transport, responder options...: the requester's roots exported, a verbose log
	local t=$1
	shift
	rm -rf "$tmp/roots"
	# P-256 and a 2 s CTExponent: the device is quick enough under valgrind too
	start --transport "$t" --asym ECDSA_P256 --hash SHA_256 --ct-exponent 21 \
		--export-root "$tmp/roots" --verbose "$@"
}
expect() { grep -q -- "$1" "$tmp/out" || fail "$2: no '$1' in the output"; }
expect_log() { grep -q -- "$1" "$tmp/rsp.log" || fail "$2: no '$1' in the responder's log"; }
run() { # command, transport, options...: must succeed
	local c=$1 t=$2
	shift 2
	"$CLI" "$c" --connect "127.0.0.1:$port" --transport "$t" --trust "$tmp/roots" --json "$@" \
		>"$tmp/out" 2>&1 || fail "cspdm $c $t $*"
}
MUT=(--trust-requester "$certs/ca.cert")

# basic mutual authentication: the device challenges us in the encapsulated flow
for v in 1.1 1.2 1.3 1.4; do
	respond mctp --ver "$v" --mut-auth basic "${MUT[@]}"
	run authenticate mctp "${ID[@]}"
	expect '"mode": "basic"' "basic $v"
	expect '"challenged": true' "basic $v"
	stop
	expect_log 'requester chain, slot 0, .* trusted' "basic $v"
	expect_log 'requester signature verified: CHALLENGE_AUTH' "basic $v"
done

# each mode of KEY_EXCHANGE_RSP, every version, MCTP and PCI DOE
n=0
for t in mctp doe; do
	for v in 1.1 1.2 1.3 1.4; do
		for m in encap digests wo-encap; do
			extra=()
			[ $m = wo-encap ] && extra=(--requester-chain "$certs/bundle_requester.certchain.der")
			respond "$t" --ver "$v" --mut-auth "$m" "${MUT[@]}" "${extra[@]}"
			run session "$t" "${ID[@]}" --heartbeat --key-update
			case $m in
			encap) expect '"mutual_auth": "with the encapsulated flow"' "$t $v $m" ;;
			digests) expect 'GET_DIGESTS implied' "$t $v $m" ;;
			wo-encap) expect '"mutual_auth": "asked without the encapsulated flow"' "$t $v $m" ;;
			esac
			expect '"step": "end session"' "$t $v $m"
			stop
			expect_log 'requester signature verified: FINISH' "$t $v $m"
			n=$((n + 1))
		done
	done
done

# the handshake encrypted: the encapsulated flow is secured; basic first, then wo-encap with
# the chain it learned
respond mctp --ver 1.3 --no-handshake-in-clear --mut-auth basic,encap "${MUT[@]}"
run session mctp "${ID[@]}" --heartbeat --encap
expect '"handshake": "encrypted"' "encrypted"
expect '"step": "encap"' "encrypted"
stop
respond doe --ver 1.2 --mut-auth basic,wo-encap "${MUT[@]}"
run session doe "${ID[@]}" --heartbeat
expect '"mutual_auth": "asked without the encapsulated flow"' "wo-encap after basic"
stop

# a requester the device does not trust: refused, and said why
respond mctp --ver 1.2 --mut-auth basic --trust-requester "$certs/ca1.cert"
"$CLI" authenticate --connect "127.0.0.1:$port" "${ID[@]}" >"$tmp/out" 2>&1 && fail "untrusted requester accepted"
expect 'InvalidResponseCode\|INVALID_RESPONSE_CODE' "untrusted requester"
stop
expect_log 'X509' "untrusted requester"

# identities on one side only: no mutual authentication, and no failure
respond mctp --ver 1.3 --mut-auth basic,encap "${MUT[@]}"
run session mctp --heartbeat
! grep -q '"mode": "basic"' "$tmp/out" || fail "mutual authentication without an identity"
expect '"mutual_auth": "none"' "no identity"
stop
respond mctp --ver 1.3
run session mctp "${ID[@]}" --heartbeat
expect '"mutual_auth": "none"' "a device that does not ask"
stop

# usage errors
"$CLI" authenticate --connect 127.0.0.1:1 --req-cert-chain "$certs/bundle_requester.certchain.der" >/dev/null 2>&1
[ $? = 2 ] || fail "--req-cert-chain without --req-key"
"$CLI" session --connect 127.0.0.1:1 --encap >/dev/null 2>&1
[ $? = 2 ] || fail "--encap without an identity"
"$CLI" responder --mut-auth basic >/dev/null 2>&1
[ $? = 2 ] || fail "--mut-auth without --trust-requester"
"$CLI" responder --mut-auth encap,digests "${MUT[@]}" >/dev/null 2>&1
[ $? = 2 ] || fail "two KEY_EXCHANGE_RSP modes"
"$CLI" responder --mut-auth sometimes "${MUT[@]}" >/dev/null 2>&1
[ $? = 2 ] || fail "an unknown --mut-auth"
"$CLI" authenticate --connect 127.0.0.1:1 --req-cert-chain "$certs/bundle_requester.certchain.der" \
	--req-key "$tmp/none.key" >"$tmp/out" 2>&1
[ $? = 1 ] || fail "a --req-key that cannot be read"
expect '--req-cert-chain' "a --req-key that cannot be read"

echo "mutual: basic on 4 versions, $n KEY_EXCHANGE_RSP cells, encrypted handshake, encap in session, untrusted, one-sided, usage: ok"
