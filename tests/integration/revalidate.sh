#!/bin/bash
# Re-authentication after a reset, end to end with the CLI against `cspdm responder`:
# same device; fewer round trips than a full authentication; a new key; a changed measurement.
set -u
CLI=${1:?path to cspdm}
. "$(dirname "$0")/lib.sh"

cat >"$tmp/meas-changed.json" <<'JSON'
[ {"index": 1, "type": "immutable_rom", "raw": false, "text": "cspdm emulated device: boot ROM"},
  {"index": 2, "type": "mutable_firmware", "raw": false, "text": "cspdm emulated device: firmware 1.0.1"} ]
JSON

# 1. a full authentication saves the identity (with measurements 1 and 2), and one without
start --state "$tmp/state"
"$CLI" authenticate --connect 127.0.0.1:$port --save-identity "$tmp/id.json" \
	--identity-meas 1,2 --json >"$tmp/out" 2>&1 || fail "authenticate --save-identity"
full=$(sed -n 's/.*"round_trips": \([0-9]*\).*/\1/p' "$tmp/out")
stop
[ -n "$full" ] || fail "no round_trips in the JSON"
start --state "$tmp/state"
"$CLI" authenticate --connect 127.0.0.1:$port --save-identity "$tmp/id0.json" >"$tmp/out" 2>&1 ||
	fail "authenticate --save-identity (no measurements)"
stop

# 2. the same device after a restart
start --state "$tmp/state"
"$CLI" revalidate --connect 127.0.0.1:$port --identity "$tmp/id.json" >"$tmp/out" 2>&1 ||
	fail "revalidate against the same device"
grep -q "same device" "$tmp/out" || fail "no 'same device'"
stop

# 3. fewer round trips than a full authentication (GET_CERTIFICATE is skipped)
start --state "$tmp/state"
"$CLI" revalidate --connect 127.0.0.1:$port --identity "$tmp/id0.json" >"$tmp/out" 2>&1 ||
	fail "revalidate (no measurements)"
quick=$(sed -n 's/.*(\([0-9]*\) round trips).*/\1/p' "$tmp/out")
stop
[ -n "$quick" ] && [ "$quick" -lt "$full" ] || fail "round trips: revalidate $quick, full $full"

# 4. restarted with a different key
start --state "$tmp/other-state"
"$CLI" revalidate --connect 127.0.0.1:$port --identity "$tmp/id.json" >"$tmp/out" 2>&1 &&
	fail "revalidate accepted a different key"
grep -q "changed.*Digest" "$tmp/out" || fail "the changed digest is not named"
stop

# 5. restarted with a different value at measurement index 2
start --state "$tmp/state" --measurements "$tmp/meas-changed.json"
"$CLI" revalidate --connect 127.0.0.1:$port --identity "$tmp/id.json" >"$tmp/out" 2>&1 &&
	fail "revalidate accepted a changed measurement"
grep -q "measurement index 2" "$tmp/out" || fail "the changed index is not named"
stop

echo "revalidate: same device ok; $quick round trips vs $full for a full authentication;"
echo "revalidate: new key and changed measurement index 2 detected"
echo "5 passed, 0 failed"
