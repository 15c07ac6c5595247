/*
 * Input of mapiproxy-ndrdump: see ndrdump_input.h.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include "ndrdump_input.h"

bool ndrdump_read_stream(TALLOC_CTX *mem, FILE *f, DATA_BLOB *b)
{
	uint8_t buf[4096];
	size_t n;

	*b = data_blob_talloc(mem, NULL, 0);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (!data_blob_append(mem, b, buf, n)) {
			return false;
		}
	}
	return !ferror(f);
}

bool ndrdump_hex_decode(TALLOC_CTX *mem, const DATA_BLOB *text, bool comments,
			DATA_BLOB *b)
{
	size_t i, n = 0;
	int hi = -1;

	*b = data_blob_talloc(mem, NULL, text->length / 2 + 1);
	if (b->data == NULL) {
		return false;
	}
	for (i = 0; i < text->length; i++) {
		int c = text->data[i], v;

		if (comments && c == '#') {
			while (i < text->length && text->data[i] != '\n') {
				i++;
			}
			continue;
		}
		if (isspace(c)) {
			continue;
		}
		if (!isxdigit(c)) {
			return false;
		}
		v = isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
		if (hi < 0) {
			hi = v;
		} else {
			b->data[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	b->length = n;
	return hi < 0;
}

bool ndrdump_load(TALLOC_CTX *mem, const char *path, DATA_BLOB *b)
{
	bool from_stdin = strcmp(path, "-") == 0;
	FILE *f = from_stdin ? stdin : fopen(path, "rb");
	DATA_BLOB raw, hex;
	bool ok;

	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return false;
	}
	ok = ndrdump_read_stream(mem, f, &raw);
	if (!from_stdin) {
		fclose(f);
	}
	if (!ok) {
		fprintf(stderr, "cannot read %s\n", path);
		return false;
	}
	if (raw.length > 0 && ndrdump_hex_decode(mem, &raw, true, &hex)) {
		*b = hex;
	} else {
		*b = raw;
	}
	return true;
}
