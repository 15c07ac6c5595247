# Command-line tools (popt).
include tools/ndrdump.mk
