#!/bin/sh
# make run: r53-local with demo data on loopback, then the TUI against it.
BIN=${1:-build/bin}
echo "r53: the demo needs r53-local and the TUI, which are not built yet." >&2
"$BIN/r53" --help
