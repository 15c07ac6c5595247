/*
 * Parsing of list-valued smb.conf options (modules, interfaces).
 *
 * Samba's own str_list_make() is in a private library, and its separators
 * differ between versions; the rules here are ours and tested.
 */
#include <string.h>
#include "libmapiproxy.h"

const char *mapiproxy_version(void)
{
	return MAPIPROXY_VERSION_STRING;
}

static bool is_list_separator(char c)
{
	return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

char **mapiproxy_split_list(TALLOC_CTX *mem_ctx, const char *value)
{
	char **list;
	size_t count = 0;
	const char *p = value ? value : "";

	list = talloc_zero_array(mem_ctx, char *, 1);
	if (list == NULL) {
		return NULL;
	}

	while (*p != '\0') {
		const char *start;
		char **grown;

		while (*p != '\0' && is_list_separator(*p)) {
			p++;
		}
		if (*p == '\0') {
			break;
		}
		start = p;
		while (*p != '\0' && !is_list_separator(*p)) {
			p++;
		}

		grown = talloc_realloc(mem_ctx, list, char *, count + 2);
		if (grown == NULL) {
			talloc_free(list);
			return NULL;
		}
		list = grown;
		list[count] = talloc_strndup(list, start, p - start);
		if (list[count] == NULL) {
			talloc_free(list);
			return NULL;
		}
		list[++count] = NULL;
	}
	return list;
}
