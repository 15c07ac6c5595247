/*
 * Input of mapiproxy-ndrdump: whole files or stdin, as binary or as hex
 * digits, shared by the NDR and the ROP modes.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_NDRDUMP_INPUT_H
#define MAPIPROXY_NDRDUMP_INPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <talloc.h>
#include <util/data_blob.h>

/* Read all of f. */
bool ndrdump_read_stream(TALLOC_CTX *mem, FILE *f, DATA_BLOB *b);

/*
 * Hex digits to bytes.  Whitespace between digits is ignored; with
 * comments, so is everything from '#' to the end of the line (for test
 * vectors that say where their bytes come from).
 */
bool ndrdump_hex_decode(TALLOC_CTX *mem, const DATA_BLOB *text, bool comments,
			DATA_BLOB *b);

/*
 * The bytes of path ("-": stdin): hex text (with '#' comments) if the
 * whole input is that, binary otherwise.  An RPC_HEADER_EXT or a ROP
 * buffer never reads as hex, since both start with a byte below 0x20.
 * On failure, prints why to stderr.
 */
bool ndrdump_load(TALLOC_CTX *mem, const char *path, DATA_BLOB *b);

#endif
