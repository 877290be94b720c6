#!/bin/bash
# Many devices at once (issue 14), over loopback sockets:
#  1. a fleet of 50 emulated devices (`cspdm responder --devices 50`) authenticates in one
#     process: 50 JSON lines, all trusted; measure too; the table without --json;
#  2. 48 of them, a dead port and a server that accepts and never answers: exactly those two
#     fail, each within its own timeout, and the 48 are trusted;
#  3. the certificate cache changes no result: a device that presents the fleet's root and
#     intermediate with a leaf signed by another intermediate of the same name is rejected,
#     while the honest ones next to it are trusted;
#  4. the responder serves a second client while a first one sits idle, and closes an idle
#     connection after --idle-timeout;
#  5. revalidate a fleet, each device against its own saved identity (--identity-dir, or
#     identity= on its --targets line): all the same; then one given another device's identity
#     is changed and the exit status 1 while the others are the same; --targets files that mix
#     HOST:PORT lines with --device URIs (DSP0287 against `cspdm responder --transport tcp`, a
#     PCI function that does not exist, a DSP0287 device that never answers), checked line by
#     line, for revalidate, authenticate and measure;
#  6. malformed --targets lines: a usage error naming the file, the line and the word.
set -u
CLI=${1:?path to cspdm}
tmp=$(mktemp -d)
pids=()
fail() { echo "FAIL: $*"; [ -f "$tmp/out" ] && head -c 4000 "$tmp/out"; exit 1; }
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT

. "$(dirname "$0")/ports.sh"
count() { grep -c -- "$1" "$tmp/out"; }

# ---- 1. fifty devices, one process ----
"$CLI" responder --devices 50 --port 0 --export-root "$tmp/roots" >"$tmp/fleet.log" 2>&1 &
pids+=($!)
base=$(wait_port "$tmp/fleet.log" $!) || fail "responder --devices 50: $(cat "$tmp/fleet.log")"
grep -q "50 devices on ports $base\.\.$((base + 49))" "$tmp/fleet.log" || fail "no port range"
: >"$tmp/targets"
for i in $(seq 0 49); do echo "127.0.0.1:$((base + i)) mctp  # device $i" >>"$tmp/targets"; done
"$CLI" authenticate --targets "$tmp/targets" --trust "$tmp/roots/slot0.pem" --json --jobs 2 \
	>"$tmp/out" 2>"$tmp/err" || fail "fleet of 50: exit $? $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/out")" -eq 50 ] || fail "fleet of 50: not 50 JSON lines"
[ "$(count '"outcome":"trusted"')" -eq 50 ] || fail "fleet of 50: not all trusted"
for i in 0 17 49; do
	grep -q "\"device\":\"127.0.0.1:$((base + i))\".*CN=cspdm emulated device $i slot 0" \
		"$tmp/out" || fail "device $i: not its own leaf"
done
[ "$(grep -o 'CN=cspdm emulated intermediate CA' "$tmp/out" | wc -l)" -eq 50 ] ||
	fail "the fleet does not share one intermediate"
"$CLI" measure --targets "$tmp/targets" --trust "$tmp/roots" --json --jobs 1 >"$tmp/out" 2>&1 ||
	fail "measure fleet: exit $?"
[ "$(count '"signatures_verified":7')" -eq 50 ] || fail "measure fleet: signatures"
"$CLI" authenticate --connect 127.0.0.1:$base --connect 127.0.0.1:$((base + 1)) \
	--trust "$tmp/roots" >"$tmp/out" 2>&1 || fail "two --connect: exit $?"
grep -q "^2 devices: 2 succeeded, 0 failed" "$tmp/out" || fail "two --connect: no table"

# ---- 2. a dead port and a server that never answers ----
python3 - "$tmp/mute.port" <<'EOF' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
open(sys.argv[1], "w").write("%d\n" % s.getsockname()[1])
held = []
while True:
    held.append(s.accept()[0])  # accepted, never answered
EOF
pids+=($!)
for _ in $(seq 1 100); do [ -s "$tmp/mute.port" ] && break; sleep 0.05; done
mute=$(cat "$tmp/mute.port")
dead=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
{ head -24 "$tmp/targets"; echo "127.0.0.1:$dead"; echo "127.0.0.1:$mute mctp";
  sed -n 25,48p "$tmp/targets"; } >"$tmp/faulty"
start=$(date +%s%N)
"$CLI" authenticate --targets "$tmp/faulty" --trust "$tmp/roots" --json --timeout 5 \
	>"$tmp/out" 2>&1
rc=$?
took=$((($(date +%s%N) - start) / 1000000))
[ $rc -eq 1 ] || fail "faulty fleet: exit $rc, expected 1"
[ "$(wc -l <"$tmp/out")" -eq 50 ] || fail "faulty fleet: not 50 lines"
[ "$(count '"outcome":"trusted"')" -eq 48 ] || fail "faulty fleet: not 48 trusted"
[ "$(count '"outcome":"failed"')" -eq 2 ] || fail "faulty fleet: not 2 failed"
grep -q "\"device\":\"127.0.0.1:$dead\".*\"outcome\":\"failed\".*Connection refused" "$tmp/out" ||
	fail "the dead port: not failed with Connection refused"
grep -q "\"device\":\"127.0.0.1:$mute\".*\"outcome\":\"failed\".*\"code\":\"TIMEOUT\"" \
	"$tmp/out" || fail "the mute server: not failed with TIMEOUT"
us=$(sed -n "s/.*\"device\":\"127.0.0.1:$mute\".*\"elapsed_us\":\([0-9]*\).*/\1/p" "$tmp/out")
[ "$us" -lt 5000000 ] || fail "the mute server took $us us, over its 5 s timeout"
[ $took -lt 8000 ] || fail "the faulty fleet took $took ms"
# the same, with a --timeout shorter than the reply timeout: the device's own timeout rules
"$CLI" authenticate --connect 127.0.0.1:$mute --connect 127.0.0.1:$base --trust "$tmp/roots" \
	--json --timeout 0.3 >"$tmp/out" 2>&1
us=$(sed -n "s/.*\"device\":\"127.0.0.1:$mute\".*\"elapsed_us\":\([0-9]*\).*/\1/p" "$tmp/out")
[ -n "$us" ] && [ "$us" -lt 1000000 ] || fail "--timeout 0.3: the mute server took $us us"
[ "$(count '"outcome":"trusted"')" -eq 1 ] || fail "--timeout 0.3: the good one"

# ---- 3. a leaf signed by another intermediate of the same name ----
mk() { openssl req -new -x509 -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-384 -sha384 \
	-days 3650 -subj "/CN=$1" -keyout "$tmp/$2.key" -out "$tmp/$2.pem" "${@:3}" 2>/dev/null; }
sign() { # NAME FILE ISSUER CA|leaf
	local ext="basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign"
	[ "$4" = leaf ] && ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature"
	printf '%s\n' "$ext" >"$tmp/$2.ext"
	openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-384 -subj "/CN=$1" \
		-keyout "$tmp/$2.key" -out "$tmp/$2.csr" 2>/dev/null &&
	openssl x509 -req -in "$tmp/$2.csr" -CA "$tmp/$3.pem" -CAkey "$tmp/$3.key" -sha384 \
		-days 3650 -set_serial "0x$(openssl rand -hex 8)" -extfile "$tmp/$2.ext" \
		-out "$tmp/$2.pem" 2>/dev/null
}
mk "fleet root" root -addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" || fail "openssl: root"
sign "fleet intermediate" inter1 root CA && sign "fleet intermediate" inter2 root CA &&
	sign "fleet device" leaf1 inter1 leaf && sign "fleet device" leaf2 inter2 leaf ||
	fail "openssl: chain"
cat "$tmp/root.pem" "$tmp/inter1.pem" "$tmp/leaf1.pem" >"$tmp/good.pem"
cat "$tmp/root.pem" "$tmp/inter1.pem" "$tmp/leaf2.pem" >"$tmp/evil.pem" # inter2 signed leaf2
"$CLI" responder --port 0 --keep-running --cert-chain "$tmp/good.pem" --key "$tmp/leaf1.key" \
	>"$tmp/good.log" 2>&1 &
pids+=($!)
good=$(wait_port "$tmp/good.log" $!) || fail "good responder: $(cat "$tmp/good.log")"
"$CLI" responder --port 0 --keep-running --cert-chain "$tmp/evil.pem" --key "$tmp/leaf2.key" \
	>"$tmp/evil.log" 2>&1 &
pids+=($!)
evil=$(wait_port "$tmp/evil.log" $!) || fail "evil responder: $(cat "$tmp/evil.log")"
: >"$tmp/mixed"
for _ in 1 2 3 4 5 6 7 8; do echo "127.0.0.1:$good" >>"$tmp/mixed"; done
echo "127.0.0.1:$evil" >>"$tmp/mixed"
echo "127.0.0.1:$good" >>"$tmp/mixed"
for jobs in 1 2; do
	"$CLI" authenticate --targets "$tmp/mixed" --trust "$tmp/root.pem" --json --jobs $jobs \
		>"$tmp/out" 2>&1
	[ $? -eq 1 ] || fail "mixed fleet (--jobs $jobs): exit status"
	[ "$(count '"outcome":"trusted"')" -eq 9 ] || fail "mixed fleet: the 9 honest ones"
	grep -q "\"device\":\"127.0.0.1:$evil\".*\"outcome\":\"failed\".*\"code\":\"X509_" \
		"$tmp/out" || fail "the leaf of the other intermediate was not rejected"
done
"$CLI" authenticate --connect 127.0.0.1:$evil --trust "$tmp/root.pem" --json >"$tmp/out" 2>&1
[ $? -eq 1 ] || fail "the evil device alone is not rejected"
grep -q '"code": "X509_' "$tmp/out" || fail "the evil device alone: not an X509 failure"

# ---- 4. a second client while the first sits idle; the idle timeout ----
"$CLI" responder --port 0 --keep-running --idle-timeout 2 >"$tmp/idle.log" 2>&1 &
pids+=($!)
port=$(wait_port "$tmp/idle.log" $!) || fail "responder: $(cat "$tmp/idle.log")"
exec 3<>/dev/tcp/127.0.0.1/$port || fail "the idle client did not connect"
timeout 10 "$CLI" authenticate --connect 127.0.0.1:$port >"$tmp/out" 2>&1 ||
	fail "the second client was not served while the first sat idle"
grep -q "outcome *evidence ready" "$tmp/out" || fail "second client: outcome"
# the idle one is closed by the responder after about 2 s: its read sees EOF
timeout 6 cat <&3 >/dev/null || fail "the idle connection was not closed by --idle-timeout"
exec 3<&-
# ---- 5. revalidate a fleet; --device targets next to HOST:PORT ones ----
mkdir -p "$tmp/ids"
for i in 0 1 2 3 4 5; do
	"$CLI" authenticate --connect 127.0.0.1:$((base + i)) --identity-meas 1,2 \
		--save-identity "$tmp/ids/127.0.0.1_$((base + i)).json" >"$tmp/out" 2>&1 ||
		fail "authenticate --save-identity, device $i"
done
"$CLI" responder --transport tcp --port 0 --keep-running --export-root "$tmp/tcproots" \
	>"$tmp/tcp.log" 2>&1 &
pids+=($!)
tport=$(wait_port "$tmp/tcp.log" $!) || fail "responder --transport tcp: $(cat "$tmp/tcp.log")"
tcpdev=tcp:127.0.0.1:$tport
"$CLI" authenticate --device "$tcpdev" --identity-meas 1 \
	--save-identity "$tmp/ids/tcp_127.0.0.1_$tport.json" >"$tmp/out" 2>&1 ||
	fail "authenticate --device $tcpdev --save-identity"
# a. six devices by --connect, their identities found in --identity-dir: all the same
conns=()
for i in 0 1 2 3 4 5; do conns+=(--connect 127.0.0.1:$((base + i))); done
"$CLI" revalidate "${conns[@]}" --identity-dir "$tmp/ids" --json --jobs 2 >"$tmp/out" 2>&1 ||
	fail "revalidate of 6 (--identity-dir): exit $?"
[ "$(wc -l <"$tmp/out")" -eq 6 ] || fail "revalidate of 6: not 6 JSON lines"
[ "$(count '"outcome":"same"')" -eq 6 ] || fail "revalidate of 6: not all the same"
for i in 0 5; do
	grep -qF "{\"device\":\"127.0.0.1:$((base + i))\",\"transport\":\"mctp\",\"outcome\":\"same\",\"identity\":\"$tmp/ids/127.0.0.1_$((base + i)).json\",\"measurements\":2," \
		"$tmp/out" || fail "revalidate of 6: device $i not checked against its own identity"
done
"$CLI" revalidate "${conns[@]}" --identity-dir "$tmp/ids" >"$tmp/out" 2>&1 ||
	fail "revalidate of 6, the table: exit $?"
grep -q "^6 devices: 6 succeeded, 0 failed" "$tmp/out" || fail "revalidate of 6: no table"
[ "$(grep -c "^127.0.0.1:[0-9]* *mctp *same " "$tmp/out")" -eq 6 ] || fail "table: not 6 same"
# b. one line with the identity of another device; HOST:PORT and --device lines mixed
{
	echo "# HOST:PORT lines and --device URIs, identities by line or by --identity-dir"
	echo "127.0.0.1:$base mctp"
	echo "127.0.0.1:$((base + 1)) identity=$tmp/ids/127.0.0.1_$((base + 2)).json  # another's"
	echo "device=$tcpdev"
	echo "$tcpdev identity=$tmp/ids/tcp_127.0.0.1_$tport.json"
	echo "127.0.0.1:$((base + 3)) mctp identity=$tmp/ids/127.0.0.1_$((base + 3)).json"
	echo "device=pci:0000:ff:1f.7 identity=$tmp/ids/127.0.0.1_$base.json"
	echo "127.0.0.1:$((base + 6))"
	echo "device=tcp:127.0.0.1:$mute identity=$tmp/ids/tcp_127.0.0.1_$tport.json"
} >"$tmp/reval"
line() { grep "^{\"device\":\"$1\"" "$tmp/out" | grep -F -- "$2"; }
for jobs in 1 3; do
	"$CLI" revalidate --targets "$tmp/reval" --identity-dir "$tmp/ids" --json --jobs $jobs \
		--timeout 4 >"$tmp/out" 2>&1
	rc=$?
	[ $rc -eq 1 ] || fail "revalidate of the mixed fleet (--jobs $jobs): exit $rc, expected 1"
	[ "$(wc -l <"$tmp/out")" -eq 8 ] || fail "mixed revalidate: not 8 JSON lines"
	[ "$(count '"outcome":"same"')" -eq 4 ] || fail "mixed revalidate: not 4 the same"
	[ "$(line "127.0.0.1:$base" '"outcome":"same"' | wc -l)" -eq 1 ] || fail "device 0: same"
	line "127.0.0.1:$((base + 1))" '"outcome":"changed"' | grep -q '"changed":"Digest (changed)' ||
		fail "the device with another's identity is not reported changed"
	[ "$(line "$tcpdev" '"transport":"tcp","outcome":"same"' | wc -l)" -eq 2 ] ||
		fail "$tcpdev (device= and the bare URI): not the same"
	line "127.0.0.1:$((base + 3))" '"outcome":"same"' | grep -q '"measurements":2' ||
		fail "device 3: not the same"
	line "pci:0000:ff:1f.7" '"transport":"pci_doe","outcome":"failed"' |
		grep -q '"code":"NO_DEVICE".*no such PCI function' || fail "pci: not NO_DEVICE"
	line "127.0.0.1:$((base + 6))" '"outcome":"failed"' |
		grep -qF "identity $tmp/ids/127.0.0.1_$((base + 6)).json: No such file" ||
		fail "the device without an identity file: not named"
	us=$(line "tcp:127.0.0.1:$mute" '"outcome":"failed","identity"' |
		sed -n 's/.*"code":"TIMEOUT".*"elapsed_us":\([0-9]*\).*/\1/p')
	[ -n "$us" ] && [ "$us" -lt 4500000 ] || fail "the mute DSP0287 device: not TIMEOUT in 4 s"
done
"$CLI" revalidate --targets "$tmp/reval" --identity-dir "$tmp/ids" --timeout 4 >"$tmp/out" 2>&1
[ $? -eq 1 ] || fail "mixed revalidate, the table: exit status"
grep -q "^127.0.0.1:$((base + 1)) *mctp *changed .*Digest (changed)" "$tmp/out" ||
	fail "table: the changed device"
grep -q "^8 devices: 4 succeeded, 4 failed" "$tmp/out" || fail "table: the summary"
# c. authenticate and measure over a --targets file of both kinds
cat "$tmp/roots/slot0.pem" "$tmp/tcproots/slot0.pem" >"$tmp/both.pem"
printf '%s\n' "127.0.0.1:$base" "device=$tcpdev" "$tcpdev" "127.0.0.1:$((base + 1)) mctp" \
	"device=pci:0000:ff:1f.7" >"$tmp/mixed2"
"$CLI" authenticate --targets "$tmp/mixed2" --trust "$tmp/both.pem" --json >"$tmp/out" 2>&1
[ $? -eq 1 ] || fail "authenticate, mixed: exit status"
[ "$(count '"outcome":"trusted"')" -eq 4 ] || fail "authenticate, mixed: not 4 trusted"
[ "$(grep -c "\"device\":\"$tcpdev\",\"transport\":\"tcp\",\"outcome\":\"trusted\"" \
	"$tmp/out")" -eq 2 ] || fail "authenticate, mixed: $tcpdev"
grep -q '"device":"pci:0000:ff:1f.7".*"code":"NO_DEVICE"' "$tmp/out" ||
	fail "authenticate, mixed: the PCI function"
sed -i '$d' "$tmp/mixed2"
"$CLI" measure --targets "$tmp/mixed2" --trust "$tmp/both.pem" --json --jobs 1 >"$tmp/out" 2>&1 ||
	fail "measure, mixed: exit $?"
[ "$(count '"signatures_verified":7')" -eq 4 ] || fail "measure, mixed: signatures"
"$CLI" authenticate --device "$tcpdev" --device "$tcpdev" --trust "$tmp/both.pem" \
	>"$tmp/out" 2>&1 || fail "two --device: exit $?"
grep -q "^2 devices: 2 succeeded, 0 failed" "$tmp/out" || fail "two --device: no table"
"$CLI" revalidate --device "$tcpdev" --identity-dir "$tmp/ids" --json >"$tmp/out" 2>&1 ||
	fail "revalidate of one device by --identity-dir"
grep -q '"outcome": "same"' "$tmp/out" || fail "revalidate --json of one device: not the same"

# ---- 6. malformed --targets lines: file, line and word named; nothing runs ----
bad() { # COMMAND LINE [OPTIONS]: LINE is the file's 4th line; a usage error
	local cmd=$1 l=$2
	shift 2
	printf '# a comment\n\n127.0.0.1:%s\n%s\n' "$base" "$l" >"$tmp/bad"
	"$CLI" "$cmd" --targets "$tmp/bad" "$@" >"$tmp/out" 2>&1
	[ $? -eq 2 ] || fail "$cmd, line '$l': not a usage error"
	[ "$(grep -c '^{\|devices:' "$tmp/out")" -eq 0 ] || fail "$cmd, line '$l': it ran"
}
said() { grep -qF -- "cspdm $1: $tmp/bad line 4: $2" "$tmp/out" || fail "not said: $2"; }
bad authenticate "127.0.0.1:1 bogus" && said authenticate "bogus: unknown transport"
bad measure "127.0.0.1:1 mctp extra" && said measure "extra: unexpected word"
bad authenticate "nohostport" && said authenticate "nohostport: a target wants HOST:PORT"
bad authenticate "device=pci:zz" && said authenticate "pci:zz: pci: wants"
bad authenticate "device=" && said authenticate "device=: device= wants a URI"
bad authenticate "tcp:127.0.0.1:1 mctp" && said authenticate "mctp: a device= line takes no"
bad authenticate "127.0.0.1:1 identity=x" &&
	said authenticate "identity=x: identity=PATH is for cspdm revalidate"
bad revalidate "127.0.0.1:1 identity=a identity=b" --identity-dir "$tmp/ids" &&
	said revalidate "identity=b: identity= twice"
bad revalidate "127.0.0.1:1" --identity-dir "$tmp/ids" --identity "$tmp/ids/x.json"
grep -q "exclude each other" "$tmp/out" || fail "--identity with --identity-dir"
printf '127.0.0.1:%s identity=%s\n127.0.0.1:1\n' "$base" "$tmp/ids/x.json" >"$tmp/bad"
"$CLI" revalidate --targets "$tmp/bad" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -qF "$tmp/bad line 2: 127.0.0.1:1: no identity=PATH" "$tmp/out" ||
	fail "a line without identity= (no --identity-dir): $(cat "$tmp/out")"
{ echo "127.0.0.1:$base"; printf '127.0.0.1:1 %02000d\n' 0; } >"$tmp/bad"
"$CLI" authenticate --targets "$tmp/bad" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -qF "$tmp/bad line 2: longer than" "$tmp/out" || fail "a long line"
"$CLI" revalidate --connect 127.0.0.1:$base --connect 127.0.0.1:$((base + 1)) >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "identity-dir" "$tmp/out" || fail "many --connect without --identity-dir"
"$CLI" revalidate --connect 127.0.0.1:$base --connect 127.0.0.1:$((base + 1)) \
	--identity "$tmp/ids/127.0.0.1_$base.json" >"$tmp/out" 2>&1
[ $? -eq 2 ] || fail "many --connect with one --identity"
echo "fleet: 50 trusted; 48 + dead + mute; same-name intermediate rejected; idle client;"
echo "fleet: revalidate of 6 the same; mixed HOST:PORT and --device fleets line by line; bad lines"
