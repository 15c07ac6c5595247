/*
 * libmapiproxy: the public API for mapiproxy module authors.
 *
 * A module is a shared object loaded by the mapiproxy endpoint server; it
 * links against this library and includes only this header.  See
 * doc/module-guide.md for the hook semantics.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef LIBMAPIPROXY_H
#define LIBMAPIPROXY_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <talloc.h>

#define MAPIPROXY_VERSION_STRING "0.1.0"

/* The library's version, for modules that want to check what they run on. */
const char *mapiproxy_version(void);

/*
 * Split an smb.conf list value ("a, b c,d") into a NULL-terminated array of
 * names hanging off mem_ctx.  Empty items are dropped; order is kept because
 * module order is the chain order.  Returns NULL only on allocation failure.
 */
char **mapiproxy_split_list(TALLOC_CTX *mem_ctx, const char *value);

#endif /* LIBMAPIPROXY_H */
