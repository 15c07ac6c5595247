/*
 * XOR obfuscation of extended-buffer payloads (MS-OXCRPC §3.1.4.1.1.3):
 * every byte is XORed with 0xA5.  It hides text from casual inspection and
 * nothing more.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <string.h>
#include "mapi_ext.h"

void mapi_xor_apply(uint8_t *data, size_t len)
{
	const uint64_t magic = 0x0101010101010101ULL * MAPI_XOR_MAGIC;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t v;

		memcpy(&v, data + i, 8);
		v ^= magic;
		memcpy(data + i, &v, 8);
	}
	for (; i < len; i++) {
		data[i] ^= MAPI_XOR_MAGIC;
	}
}
