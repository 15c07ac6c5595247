/*
 * mapiproxy-ndrdump: decode the NDR stub of one NSPI, EMSMDB,
 * AsyncEMSMDB or RFR call and print it, in the spirit of Samba's ndrdump.
 *
 *   mapiproxy-ndrdump INTERFACE FUNCTION in|out [FILE] [--reencode]
 *   mapiproxy-ndrdump --rop-request FILE [--reencode]
 *   mapiproxy-ndrdump --rop-response FILE [--rop-request-context FILE] [--reencode]
 *   (with --legacy, the ROP files are legacy EcDoRpc mapi_request/_response)
 *
 * INTERFACE is a name (exchange_nsp) or a UUID, FUNCTION a name or an
 * opnum.  Without FILE, hex digits are read from stdin.  The ROP mode
 * (ndrdump_rop.c) decodes an EcDoRpcExt2 rgbIn or rgbOut, or a legacy
 * EcDoRpc mapi_request or mapi_response.  Exit status: 0
 * on success, 1 on bad usage or undecodable input (the error and offset
 * are printed), 2 when --reencode produces bytes different from the input.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <errno.h>
#include <popt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ndr.h>
#include "gen_ndr/ndr_exchange_nsp.h"
#include "gen_ndr/ndr_exchange_emsmdb.h"
#include "gen_ndr/ndr_exchange_ds_rfr.h"
#include "ndrdump_input.h"
#include "ndrdump_rop.h"

static const struct ndr_interface_table *tables[] = {
	&ndr_table_exchange_nsp,
	&ndr_table_exchange_emsmdb,
	&ndr_table_exchange_async_emsmdb,
	&ndr_table_exchange_ds_rfr,
};

static const struct ndr_interface_table *find_table(const char *name)
{
	struct GUID uuid;
	bool by_uuid = NT_STATUS_IS_OK(GUID_from_string(name, &uuid));
	size_t i;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		if (strcasecmp(tables[i]->name, name) == 0 ||
		    (by_uuid && GUID_equal(&tables[i]->syntax_id.uuid, &uuid))) {
			return tables[i];
		}
	}
	return NULL;
}

static int find_call(const struct ndr_interface_table *t, const char *name)
{
	char *end;
	unsigned long n = strtoul(name, &end, 0);
	uint32_t i;

	if (*name != '\0' && *end == '\0') {
		return n < t->num_calls ? (int)n : -1;
	}
	for (i = 0; i < t->num_calls; i++) {
		if (strcasecmp(t->calls[i].name, name) == 0) {
			return (int)i;
		}
	}
	return -1;
}

static void list_interfaces(FILE *out)
{
	size_t i;
	uint32_t j;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		fprintf(out, "%s\n", tables[i]->name);
		for (j = 0; j < tables[i]->num_calls; j++) {
			fprintf(out, "\t%2u %s\n", j, tables[i]->calls[j].name);
		}
	}
}

int main(int argc, const char **argv)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	int reencode = 0, list = 0, legacy = 0, opt, opnum, flags, ret = 1;
	/* popt strdup()s these: ours to free */
	char *output = NULL, *rop_request = NULL, *rop_response = NULL,
		*rop_context = NULL;
	struct poptOption options[] = {
		POPT_AUTOHELP
		{ "reencode", 'r', POPT_ARG_NONE, &reencode, 0,
		  "Re-encode the decoded call and compare with the input (exit 2 if different)", NULL },
		{ "output", 'o', POPT_ARG_STRING, &output, 0,
		  "Write the re-encoded bytes to FILE", "FILE" },
		{ "list", 'l', POPT_ARG_NONE, &list, 0, "List interfaces and functions", NULL },
		{ "rop-request", 0, POPT_ARG_STRING, &rop_request, 0,
		  "Decode an EcDoRpcExt2 rgbIn (RPC_HEADER_EXT and ROPs)", "FILE" },
		{ "rop-response", 0, POPT_ARG_STRING, &rop_response, 0,
		  "Decode an EcDoRpcExt2 rgbOut", "FILE" },
		{ "rop-request-context", 0, POPT_ARG_STRING, &rop_context, 0,
		  "The rgbIn the --rop-response answers", "FILE" },
		{ "legacy", 0, POPT_ARG_NONE, &legacy, 0,
		  "The --rop-* files are a legacy EcDoRpc mapi_request/mapi_response "
		  "(one ROP buffer XORed with 0xA5, no RPC_HEADER_EXT)", NULL },
		POPT_TABLEEND
	};
	poptContext pc = poptGetContext("mapiproxy-ndrdump", argc, argv, options, 0);
	const char *iface, *fname, *dir, *file;
	const struct ndr_interface_table *t;
	DATA_BLOB input, again;
	struct ndr_pull *pull;
	struct ndr_push *push;
	enum ndr_err_code err;
	void *r;
	FILE *f;

	poptSetOtherOptionHelp(pc, "INTERFACE FUNCTION in|out [FILE]");
	while ((opt = poptGetNextOpt(pc)) >= 0) {
	}
	if (opt < -1) {
		fprintf(stderr, "%s: %s\n", poptBadOption(pc, 0), poptStrerror(opt));
		goto done;
	}
	if (list) {
		list_interfaces(stdout);
		ret = 0;
		goto done;
	}
	if (legacy && rop_request == NULL && rop_response == NULL) {
		fprintf(stderr, "--legacy goes with --rop-request or --rop-response\n");
		goto done;
	}
	if (rop_request != NULL || rop_response != NULL || rop_context != NULL) {
		struct ndrdump_rop_options o = {
			.request = rop_request, .response = rop_response,
			.context = rop_context, .output = output,
			.reencode = reencode, .legacy = legacy,
		};

		if ((rop_request != NULL) == (rop_response != NULL) ||
		    (rop_context != NULL && rop_response == NULL) ||
		    poptPeekArg(pc) != NULL) {
			fprintf(stderr, "give one of --rop-request FILE or "
				"--rop-response FILE [--rop-request-context FILE]\n");
			goto done;
		}
		ret = ndrdump_rop(mem, &o);
		goto done;
	}
	iface = poptGetArg(pc);
	fname = poptGetArg(pc);
	dir = poptGetArg(pc);
	file = poptGetArg(pc);
	if (iface == NULL || fname == NULL || dir == NULL || poptPeekArg(pc) != NULL) {
		poptPrintUsage(pc, stderr, 0);
		goto done;
	}
	t = find_table(iface);
	if (t == NULL) {
		fprintf(stderr, "unknown interface '%s' (see --list)\n", iface);
		goto done;
	}
	opnum = find_call(t, fname);
	if (opnum < 0) {
		fprintf(stderr, "unknown function '%s' in %s (see --list)\n", fname, t->name);
		goto done;
	}
	if (strcmp(dir, "in") == 0) {
		flags = NDR_IN;
	} else if (strcmp(dir, "out") == 0) {
		flags = NDR_OUT;
	} else {
		fprintf(stderr, "direction must be 'in' or 'out', not '%s'\n", dir);
		goto done;
	}

	f = file ? fopen(file, "rb") : stdin;
	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", file, strerror(errno));
		goto done;
	}
	if (!ndrdump_read_stream(mem, f, &input)) {
		fprintf(stderr, "cannot read %s\n", file ? file : "stdin");
		goto done;
	}
	if (file) {
		fclose(f);
	} else {
		DATA_BLOB text = input;

		if (!ndrdump_hex_decode(mem, &text, false, &input)) {
			fprintf(stderr, "stdin is not hex\n");
			goto done;
		}
	}

	r = talloc_zero_size(mem, t->calls[opnum].struct_size);
	pull = ndr_pull_init_blob(&input, r);
	pull->flags |= LIBNDR_FLAG_REF_ALLOC;
	err = t->calls[opnum].ndr_pull(pull, flags, r);
	if (err != NDR_ERR_SUCCESS) {
		printf("pull of %s %s failed: %s at offset %u of %zu\n", t->calls[opnum].name,
		       dir, ndr_map_error2string(err), pull->offset, input.length);
		goto done;
	}
	fputs(ndr_print_function_string(mem, t->calls[opnum].ndr_print,
					t->calls[opnum].name, flags, r), stdout);
	if (pull->offset != pull->data_size) {
		printf("WARNING: %u unread bytes at offset %u\n",
		       pull->data_size - pull->offset, pull->offset);
	}
	if (!reencode && output == NULL) {
		ret = 0;
		goto done;
	}
	push = ndr_push_init_ctx(mem);
	err = t->calls[opnum].ndr_push(push, flags, r);
	if (err != NDR_ERR_SUCCESS) {
		printf("push failed: %s\n", ndr_map_error2string(err));
		goto done;
	}
	again = ndr_push_blob(push);
	if (output != NULL) {
		f = fopen(output, "wb");
		if (f == NULL || fwrite(again.data, 1, again.length, f) != again.length ||
		    fclose(f) != 0) {
			fprintf(stderr, "%s: cannot write\n", output);
			goto done;
		}
	}
	ret = 0;
	if (reencode) {
		if (input.length == again.length &&
		    memcmp(input.data, again.data, input.length) == 0) {
			printf("re-encoded: identical (%zu bytes)\n", again.length);
		} else {
			printf("re-encoded: DIFFERENT (%zu bytes in, %zu bytes out)\n",
			       input.length, again.length);
			ret = 2;
		}
	}
done:
	free(output);
	free(rop_request);
	free(rop_response);
	free(rop_context);
	poptFreeContext(pc);
	talloc_free(mem);
	return ret;
}
