# bash completion for cspdm. The commands come from `cspdm --help` and each command's options
# from `cspdm COMMAND --help`, so a new command or option completes without a change here.
_cspdm_values() { # the values an option takes, or nothing (then: files)
	case $1 in
	--transport | --trans) echo "none mctp doe nvme tcp" ;;
	--device) echo "pci: nvme:/dev/nvme scsi:/dev/sg mctp: tcp: tcp-listen:" ;;
	--ver | --min-ver) echo "1.0 1.1 1.2 1.3 1.4" ;;
	--meas-summary) echo "none tcb all" ;;
	--slot) echo "0 1 2 3 4 5 6 7" ;;
	--asym) "$2" --version 2>/dev/null | sed -n 's/^asymmetric *//p' ;;
	--hash) "$2" --version 2>/dev/null | sed -n 's/^hash *//p' ;;
	--cap) echo "CERT CHAL CERT,CHAL" ;;
	esac
}

_cspdm() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local prog=${COMP_WORDS[0]} cmd=${COMP_WORDS[1]} help values
	COMPREPLY=()
	if [ "$COMP_CWORD" -eq 1 ]; then
		help=$("$prog" --help 2>/dev/null | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1}')
		COMPREPLY=($(compgen -W "$help --help --version" -- "$cur"))
		return 0
	fi
	help=$("$prog" "$cmd" --help 2>/dev/null)
	# an option followed by an argument word (--connect HOST:PORT, --trust PATH) takes a value
	if [[ $prev == --* ]] && grep -Eq -- "^ +(-h, )?$prev [A-Z]" <<<"$help"; then
		values=$(_cspdm_values "$prev" "$prog")
		if [ -n "$values" ]; then
			COMPREPLY=($(compgen -W "$values" -- "$cur"))
		else
			compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		return 0
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(grep -oE -- '--[a-z][a-z0-9-]*' <<<"$help" | sort -u)" -- "$cur"))
	else
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
	return 0
}
complete -F _cspdm cspdm
