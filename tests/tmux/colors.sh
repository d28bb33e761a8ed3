#!/bin/sh
# Colours on a colour terminal; none with --no-color or NO_COLOR (the cursor line is then
# reverse video).
. "$(dirname "$0")/../tools/libtmux.sh"

# start_r53 ENV ARGS: r53 in tmux with extra environment and arguments.
start_r53() {
	cat > "$TMP/run.sh" <<EOF2
export TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 HOME="$HOME" R53_FIXTURE="$ROOT/tests/tui/fixtures/demo.fixture" $1
unset R53_NO_DISPLAY R53_SCRIPT
"$R53" $2
EOF2
	tmux_start 80 24 sh "$TMP/run.sh"
	wait_for "[zones] 1/3" "started ($1 $2)"
}
esc=$(printf '\033')

start_r53 "" ""
if t capture-pane -p -e -t t | grep -q "$esc\[4[0-7]m"; then
	pass "colours: background colours used"
else
	fail "colours: background colours used" "$(t capture-pane -p -e -t t | head -3 | od -c | head)"
fi

for how in "NO_COLOR=1|" "|--no-color"; do
	start_r53 "${how%%|*}" "${how#*|}"
	shot=$(t capture-pane -p -e -t t)
	case $shot in
	*"[zones] 1/3"*)
		if printf '%s\n' "$shot" | grep -q "$esc\[[0-9;]*[34][0-7]m"; then
			fail "no colours with '$how'" "$(printf '%s\n' "$shot" | head -3 | od -c | head)"
		else
			pass "no colours with '$how'"
		fi
		;;
	*) fail "no colours with '$how'" "r53 not on screen" ;;
	esac
	if printf '%s\n' "$shot" | sed -n 3p | grep -q "^$esc\[[0-9;]*7m.* example\.com\."; then
		pass "cursor line in reverse video with '$how'"
	else
		fail "cursor line in reverse video with '$how'" "$(t capture-pane -p -e -t t | sed -n 3p | od -c | head -5)"
	fi
done
finish
