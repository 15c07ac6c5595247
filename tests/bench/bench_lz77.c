/*
 * LZ77 throughput and ratio on buffers like the ones the proxy
 * re-encodes: the two real Outlook 2007 ROP request buffers, a ROP
 * response with many similar rows, text, and binary data.  Prints figures
 * side by side; asserts nothing about speed.
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "mapi_ext.h"
#include "mapi_lz77.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The decoded ROP buffer of a captured EcDoRpcExt2 request (see tests). */
static DATA_BLOB outlook_rops(TALLOC_CTX *mem, const char *name)
{
	char path[1024];
	uint8_t raw[4096];
	struct mapi_ext_buffer *buf;
	uint32_t cb;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", CODEC_TEST_DATA, name);
	f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		exit(1);
	}
	n = fread(raw, 1, sizeof(raw), f);
	fclose(f);
	cb = raw[0x18] | raw[0x19] << 8 | raw[0x1a] << 16 | (uint32_t)raw[0x1b] << 24;
	if (n < 0x1c + cb ||
	    !NT_STATUS_IS_OK(mapi_ext_unpack(mem, data_blob_const(raw + 0x1c, cb), &buf))) {
		fprintf(stderr, "%s: cannot decode\n", path);
		exit(1);
	}
	return buf->segments[0].payload;
}

/*
 * A RopQueryRows-like response: rows of (flag, 8-byte ids, a UTF-16
 * subject, a 4-byte size, a FILETIME) whose values vary row to row.
 */
static DATA_BLOB rop_rows(TALLOC_CTX *mem, size_t n)
{
	static const char *subjects[] = { "Re: quarterly report", "Meeting notes",
		"Lunch?", "FW: invoice 2231", "Build failed on main", "Calendar: 1:1" };
	uint8_t *p = talloc_array(mem, uint8_t, n);
	size_t i = 0, row = 0;

	srandom(7);
	while (i < n) {
		uint8_t rec[160];
		size_t k = 0, j;
		const char *s = subjects[random() % 6];

		rec[k++] = 0x00;
		for (j = 0; j < 8; j++) {
			rec[k++] = j < 6 ? (uint8_t)((row * 0x10001) >> (8 * j)) : 0x01;
		}
		for (j = 0; s[j]; j++) {
			rec[k++] = s[j];
			rec[k++] = 0;
		}
		rec[k++] = 0;
		rec[k++] = 0;
		for (j = 0; j < 4; j++) {
			rec[k++] = random() & 0xff;
		}
		for (j = 0; j < 8; j++) {
			rec[k++] = j < 3 ? random() & 0xff : 0x01 + (j == 7 ? 0xd0 : 0);
		}
		for (j = 0; j < k && i < n; j++) {
			p[i++] = rec[j];
		}
		row++;
	}
	return data_blob_const(p, n);
}

static DATA_BLOB text(TALLOC_CTX *mem, size_t n)
{
	static const char *words[] = { "the", "message", "store", "of", "a",
		"folder", "is", "synchronized", "with", "server", "and", "client",
		"Exchange", "Outlook", "property", "table", "row", "attachment" };
	uint8_t *p = talloc_array(mem, uint8_t, n);
	size_t i = 0;

	srandom(3);
	while (i < n) {
		const char *w = words[random() % 18];
		size_t j;

		for (j = 0; w[j] && i < n; j++) {
			p[i++] = w[j];
		}
		if (i < n) {
			p[i++] = random() % 11 ? ' ' : '\n';
		}
	}
	return data_blob_const(p, n);
}

/* Binary: skewed byte distribution with short repeats, like a PE or image. */
static DATA_BLOB binary(TALLOC_CTX *mem, size_t n)
{
	uint8_t *p = talloc_array(mem, uint8_t, n);
	uint32_t x = 12345;
	size_t i;

	for (i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		if (i > 64 && (x >> 28) < 5) {
			p[i] = p[i - 1 - ((x >> 8) % 64)];
		} else {
			p[i] = (x >> 16) % ((x >> 29) ? 256 : 16);
		}
	}
	return data_blob_const(p, n);
}

static void bench(const char *name, DATA_BLOB in)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	DATA_BLOB z, back;
	double t0, tc, td;
	size_t iters = 0, total = 0;

	mapi_lz77_compress(mem, in, &z);
	t0 = now();
	do {
		TALLOC_CTX *tmp = talloc_new(mem);
		DATA_BLOB zz;

		mapi_lz77_compress(tmp, in, &zz);
		talloc_free(tmp);
		total += in.length;
		iters++;
	} while (now() - t0 < 0.5 || iters < 10);
	tc = total / (now() - t0) / 1e6;

	iters = total = 0;
	t0 = now();
	do {
		TALLOC_CTX *tmp = talloc_new(mem);

		if (!NT_STATUS_IS_OK(mapi_lz77_decompress(tmp, z, in.length, &back))) {
			fprintf(stderr, "%s: round trip failed\n", name);
			exit(1);
		}
		talloc_free(tmp);
		total += in.length;
		iters++;
	} while (now() - t0 < 0.5 || iters < 10);
	td = total / (now() - t0) / 1e6;

	printf("%-28s %8zu %8zu %7.3f %10.1f %10.1f\n", name, in.length, z.length,
	       in.length ? (double)z.length / in.length : 0.0, tc, td);
	talloc_free(mem);
}

int main(void)
{
	TALLOC_CTX *mem = talloc_new(NULL);

	printf("%-28s %8s %8s %7s %10s %10s\n", "buffer", "bytes", "packed",
	       "ratio", "comp MB/s", "dec MB/s");
	bench("outlook2007 ModifyRecipients",
	      outlook_rops(mem, "001_Outlook_2007_in_ModifyRecipients_comp.dat"));
	bench("outlook2007 Tables",
	      outlook_rops(mem, "002_Outlook_2007_in_Tables_operations_comp.dat"));
	bench("ROP rows 32 KiB", rop_rows(mem, 32768));
	bench("text 32 KiB", text(mem, 32768));
	bench("binary 32 KiB", binary(mem, 32768));
	bench("text 1 MiB", text(mem, 1 << 20));
	talloc_free(mem);
	return 0;
}
