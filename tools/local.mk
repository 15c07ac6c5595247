# Command-line tools (popt).
