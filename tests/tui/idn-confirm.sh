#!/bin/sh
# Typed confirmations for an IDN zone (bücher.example, stored xn--bcher-kva.example.) accept
# the name as people read it and the xn-- form; a wrong name is refused naming both.
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
for typed in 'bücher.example' 'xn--bcher-kva.example.' 'BÜCHER.example'; do
	steps ":records bücher.example
	d
	$typed
	<Enter>
	:save-display s.screen"
	run_app
	check_contains "'$typed' confirms the apex NS delete" "staged: delete bücher.example. NS" \
		"$(tr -s '\n' ' ' < "$WORK/s.screen")"
done
steps ':records bücher.example
	d
	buecher.example
	<Enter>
	:save-display s.screen'
run_app
check_contains "a wrong name is refused, both forms named" \
	"not confirmed: you typed 'buecher.example', not 'bücher.example' (or 'xn--bcher-kva.example')" \
	"$(tr -s '\n' ' ' < "$WORK/s.screen" | sed 's/  */ /g')"
finish
