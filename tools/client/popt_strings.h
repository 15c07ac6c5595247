/*
 * popt mallocs every string option it sets; the tools that share the
 * client's code free them the same way.
 */
#ifndef MAPIPROXY_CLIENT_POPT_STRINGS_H
#define MAPIPROXY_CLIENT_POPT_STRINGS_H

#include <popt.h>

/* Frees the strings popt stored through the POPT_ARG_STRING entries of o
 * (a table ended by POPT_TABLEEND) and resets them to NULL. */
void client_free_popt_strings(const struct poptOption *o);

#endif /* MAPIPROXY_CLIENT_POPT_STRINGS_H */
