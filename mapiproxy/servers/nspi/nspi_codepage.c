/*
 * 8-bit strings of the NSPI server (PT_STRING8, NspiResolveNames): the
 * client's code page (STAT.CodePage, a Windows code page number) to and
 * from the UTF-8 the directory model holds, through the C library's iconv.
 * A character the code page lacks becomes '?', as Windows' best-fit
 * conversion would give for characters it cannot map either.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include "mapiproxy/servers/nspi/nspi.h"

static void codepage_name(uint32_t codepage, char *name, size_t len)
{
	switch (codepage) {
	case 65001:
		snprintf(name, len, "UTF-8");
		break;
	case 20127:
		snprintf(name, len, "ASCII");
		break;
	case 28591:
		snprintf(name, len, "ISO-8859-1");
		break;
	default:
		snprintf(name, len, "CP%u", (unsigned)codepage);
		break;
	}
}

static iconv_t codepage_open(uint32_t codepage, bool to_cp)
{
	char name[32];

	if (codepage == CP_WINUNICODE || codepage == 0) {
		/* not an 8-bit code page */
		return (iconv_t)-1;
	}
	codepage_name(codepage, name, sizeof(name));
	return to_cp ? iconv_open(name, "UTF-8") : iconv_open("UTF-8", name);
}

bool nspi_codepage_supported(uint32_t codepage)
{
	iconv_t cd = codepage_open(codepage, true);

	if (cd == (iconv_t)-1) {
		return false;
	}
	iconv_close(cd);
	return true;
}

/* Convert; on an unconvertible input character either substitute '?'
 * (skipping one UTF-8 sequence) or fail. */
static char *convert(TALLOC_CTX *mem_ctx, iconv_t cd, const char *s, bool substitute)
{
	size_t inleft = strlen(s), cap = inleft * 4 + 8, outleft = cap;
	char *out = talloc_array(mem_ctx, char, cap + 1);
	char *in = (char *)(uintptr_t)s, *o = out;

	if (out == NULL) {
		return NULL;
	}
	while (inleft > 0) {
		if (iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1) {
			break;
		}
		if ((errno != EILSEQ && errno != EINVAL) || !substitute || outleft == 0) {
			talloc_free(out);
			return NULL;
		}
		*o++ = '?';
		outleft--;
		/* skip one UTF-8 character: the lead byte and continuations */
		do {
			in++;
			inleft--;
		} while (inleft > 0 && ((unsigned char)*in & 0xC0) == 0x80);
	}
	*o = '\0';
	return out;
}

char *nspi_utf8_to_cp(TALLOC_CTX *mem_ctx, const char *utf8, uint32_t codepage)
{
	iconv_t cd = codepage_open(codepage, true);
	char *r;

	if (cd == (iconv_t)-1) {
		/* a code page we cannot give: ASCII, the rest as '?' */
		cd = iconv_open("ASCII", "UTF-8");
		if (cd == (iconv_t)-1) {
			return NULL;
		}
	}
	r = convert(mem_ctx, cd, utf8, true);
	iconv_close(cd);
	return r;
}

char *nspi_cp_to_utf8(TALLOC_CTX *mem_ctx, const char *s, uint32_t codepage)
{
	iconv_t cd = codepage_open(codepage, false);
	char *r;

	if (cd == (iconv_t)-1) {
		cd = iconv_open("UTF-8", "ASCII");
		if (cd == (iconv_t)-1) {
			return NULL;
		}
	}
	r = convert(mem_ctx, cd, s, false);
	iconv_close(cd);
	return r;
}
