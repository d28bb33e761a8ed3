# cache/ stores record sets as JSON through jansson, beside SQLite.
LIBS_CACHE += $(shell pkg-config --libs jansson 2>/dev/null)
