# Sourced by the CLI's shell tests: wait_port LOG PID prints the port that a "listening on
# 127.0.0.1:PORT" line of LOG names, once something listens there (1 if PID exits first).
wait_port() {
	local p
	for _ in $(seq 1 400); do
		p=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$1")
		[ -n "$p" ] && [ -n "$(ss -Hltn "sport = :$p")" ] && { echo "$p"; return 0; }
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}
