/*
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include <stdlib.h>
#include "tools/client/popt_strings.h"

void client_free_popt_strings(const struct poptOption *o)
{
	for (; o->longName != NULL || o->shortName != '\0' || o->argInfo != 0; o++) {
		if ((o->argInfo & POPT_ARG_MASK) == POPT_ARG_STRING && o->arg != NULL) {
			free(*(char **)o->arg);
			*(char **)o->arg = NULL;
		}
	}
}
