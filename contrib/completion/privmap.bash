# privmap(1) completion for bash: subcommands, each one's options (the
# getopt_long tables of cli/, which tests/e2e/completion.py holds this
# file to), the values the options take, user names from the target's own
# etc/passwd when --root is given, files elsewhere. It reads the target's
# etc/passwd as text (never a link, a FIFO or more than 1 MiB) and runs
# nothing of the target's. Installed as
# /usr/share/bash-completion/completions/privmap.

_privmap_subcommands="scan rules policy fix graph events replay hook fleet"
_privmap_artefacts="--audit-rules --audit-base --audit-immutable --arch
	--policy --policy-format --policy-hook --hook-policy --fix-script
	--workspace --graph --graph-html"

# the options of subcommand $1
_privmap_options()
{
	case $1 in
	scan)	echo "--root --image --platform --cross-mounts --user --format
		-o --output -v --verbose -q --quiet --fail-on --baseline
		--ignore --no-graph --all-users --sandbox --help
		$_privmap_artefacts" ;;
	rules|policy|fix)
		echo "-o --output --help $_privmap_artefacts" ;;
	graph)	echo "--format -o --output --help $_privmap_artefacts" ;;
	events)	echo "--format --uid -v --verbose -o --output --help" ;;
	replay)	echo "--policy --format --uid -v --verbose -o --output --help" ;;
	hook)	echo "--policy --help" ;;
	fleet)	echo "--format -o --output --json --html --baseline -q --quiet
		--help" ;;
	esac
}

# 0 if option $1 of subcommand $2 takes a value
_privmap_takes_value()
{
	case $1 in
	--cross-mounts|-v|--verbose|-q|--quiet|--help|--policy-hook|\
	--no-graph|--all-users)
		return 1 ;;
	-*)	return 0 ;;
	esac
	return 1
}

# the login names of DIR/etc/passwd: a name of the usual characters only,
# so that nothing from the target reaches the command line as markup
_privmap_target_users()
{
	local f=$1/etc/passwd

	[[ -L $1/etc || -L $f || ! -f $f || ! -r $f ]] && return
	head -c 1048576 -- "$f" 2>/dev/null |
	    awk -F: '$1 ~ /^[A-Za-z0-9_][A-Za-z0-9_.-]*[$]?$/ &&
		length($1) <= 64 { print $1 }'
}

_privmap()
{
	local cur prev words cword sub i root= w
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cword=$COMP_CWORD
	# --opt=VALUE: bash splits at '=' (COMP_WORDBREAKS)
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = && $cword -ge 2 ]]; then
		prev=${COMP_WORDS[cword-2]}
	fi
	COMPREPLY=()
	if (( cword == 1 )); then
		COMPREPLY=($(compgen -W "$_privmap_subcommands --help
		    --version" -- "$cur"))
		return 0
	fi
	sub=${COMP_WORDS[1]}
	# the target given so far, for --user
	for (( i = 2; i < cword; i++ )); do
		w=${COMP_WORDS[i]}
		if [[ $w == --root ]]; then
			root=${COMP_WORDS[i+1]}
			[[ $root == = ]] && root=${COMP_WORDS[i+2]}
		fi
	done
	root=${root/#\~/$HOME}
	case $prev in
	--format)
		case $sub in
		scan)	w="text json sarif" ;;
		fleet)	w="text json html" ;;
		graph)	w="dot html" ;;
		*)	w="text json" ;;
		esac
		COMPREPLY=($(compgen -W "$w" -- "$cur"))
		return 0 ;;
	--policy-format)
		COMPREPLY=($(compgen -W "generic claude-code codex systemd docker
		    compose seccomp bwrap" -- "$cur"))
		return 0 ;;
	--fail-on)
		COMPREPLY=($(compgen -W "critical high medium low info none" \
		    -- "$cur"))
		return 0 ;;
	--arch)
		# the names output/audit.c resolves (arch_aliases)
		COMPREPLY=($(compgen -W "x86_64 amd64 i386 386 i486 i586 i686
		    aarch64 arm64 arm armhf armel armv6l armv7l ppc64 ppc64le
		    ppc64el ppc s390x s390" -- "$cur"))
		return 0 ;;
	--user)
		if [[ -n $root ]]; then
			COMPREPLY=($(compgen -W "$(_privmap_target_users \
			    "$root")" -- "$cur"))
		else
			COMPREPLY=($(compgen -u -- "$cur"))
		fi
		return 0 ;;
	--root)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur"))
		return 0 ;;
	--uid|--platform)
		return 0 ;;
	esac
	w=" "$(_privmap_options "$sub")" "
	if [[ $prev == -* ]] && _privmap_takes_value "$prev" "$sub" &&
	    [[ ${w//[[:space:]]/ } == *" $prev "* ]]; then
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_privmap_options "$sub")" -- "$cur"))
		return 0
	fi
	case $sub in
	hook)
		COMPREPLY=($(compgen -W "claude-code" -- "$cur")) ;;
	rules|policy|fix|graph|events|replay|fleet)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
	return 0
}

complete -F _privmap privmap
