# Screen-test library for the TUI (tier 1, tig's libtest.sh): r53 runs with R53_NO_DISPLAY=1,
# so curses draws into memory only; R53_SCRIPT feeds keys and ":save-display FILE" dumps the
# screen. Sourced after nothing: it sources lib.sh itself.
#   steps 'KEYS...'              the script: key names (<Enter> <Esc> <Down> <C-f>), text,
#                                and :commands (:save-display F, :resize COLS LINES, :records Z)
#   fixture NAME                 use tests/tui/fixtures/NAME (R53_FIXTURE; format in tui/source.c)
#   fixture_text <<EOF           use the fixture given on stdin
#   config_text <<EOF            write ~/.config/r53/config
#   run_app [ARGS...]            runs r53 (timeout 10) in $WORK; APP_RC, $WORK/stdout, stderr
#   assert_screen FILE <<EOF     FILE (saved by :save-display) equals stdin; trailing blank
#                                lines of both are ignored
#   assert_screen_contains FILE TEXT
. "$(dirname "$0")/../tools/lib.sh"

export TERM=dumb LINES=${LINES_OVERRIDE:-14} COLUMNS=${COLUMNS_OVERRIDE:-80} ESCDELAY=25
export R53_NO_DISPLAY=1
unset NO_COLOR R53_ASCII R53_FIXTURE R53_SCRIPT
WORK=$TMP/work
mkdir -p "$WORK"
APP_RC=0

steps() {
	printf '%s\n' "$1" > "$TMP/script"
	export R53_SCRIPT="$TMP/script"
}

fixture() {
	export R53_FIXTURE="$ROOT/tests/tui/fixtures/$1"
}

fixture_text() {
	cat > "$TMP/fixture"
	export R53_FIXTURE="$TMP/fixture"
}

config_text() {
	mkdir -p "$HOME/.config/r53"
	cat > "$HOME/.config/r53/config"
}

run_app() {
	(cd "$WORK" && timeout 10 "$R53" "$@" < /dev/null > "$WORK/stdout" 2> "$WORK/stderr")
	APP_RC=$?
	if [ $APP_RC -ge 124 ]; then
		fail "r53 finished (exit $APP_RC)" "$(cat "$WORK/stderr")"
	fi
}

# Drops trailing blank lines.
t_trim() {
	sed -e :a -e '/^[[:space:]]*$/{$d;N;ba' -e '}'
}

assert_screen() {
	want=$(t_trim)
	if [ ! -f "$WORK/$1" ]; then
		fail "screen $1" "not saved; stderr: $(cat "$WORK/stderr")"
		return 0
	fi
	got=$(t_trim < "$WORK/$1")
	check_eq "screen $1" "$want" "$got"
}

assert_screen_contains() {
	if [ ! -f "$WORK/$1" ]; then
		fail "screen $1 contains $2" "not saved; stderr: $(cat "$WORK/stderr")"
		return 0
	fi
	check_contains "screen $1 contains '$2'" "$2" "$(cat "$WORK/$1")"
}
