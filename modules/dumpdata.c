/*
 * dumpdata: shows every request and response that passes, as text in the
 * log (ndr_print) and/or as files that mapiproxy-ndrdump decodes.
 *
 * smb.conf:
 *   mpm_dumpdata:level = 1           DEBUG level of the printed calls
 *                                    (default 1; "none" prints nothing)
 *   mpm_dumpdata:path = DIR          write one file per call and direction
 *   mpm_dumpdata:interfaces = LIST   only these interfaces (default all)
 *   mpm_dumpdata:functions = LIST    only these functions, by IDL name or
 *                                    opnum (default all)
 *   mpm_dumpdata:stats = yes         one line per call at DEBUG level 1:
 *                                    "mpm_dumpdata: stats INTERFACE FUNCTION
 *                                    opnum N in BYTES out BYTES usec T"
 *                                    (T: from this module's pull hook to its
 *                                    push hook, the time the rest of the
 *                                    chain and the upstream took)
 *
 * Files are named TIME-PID-SEQ-INTERFACE-FUNCTION-in|out.ndr, so that `ls`
 * lists them in the order they passed; a call's in and out share SEQ. Each
 * holds the stub as this module
 * saw it (after the modules before it in the chain): decode one with
 *   mapiproxy-ndrdump INTERFACE FUNCTION in|out FILE
 * It sits anywhere in the chain; place it last to see what goes upstream.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <util/debug.h>
#include <util/data_blob.h>
#include <param.h>
#include <ndr.h>
#include <libmapiproxy.h>

NTSTATUS samba_init_module(TALLOC_CTX *ctx);

struct dumpdata_config {
	int level;		/* -1: do not print */
	const char *path;	/* NULL: no files */
	char **interfaces;	/* empty: all */
	char **functions;	/* empty: all */
	bool stats;
	unsigned long seq;
};

/* What the pull hook leaves for the push hook of the same call. */
struct dumpdata_call {
	unsigned long seq;
	struct timeval start;
	size_t in_bytes;
};

static const struct mapiproxy_module dumpdata_module;

static struct dumpdata_config *cfg;

static bool list_has(char **list, const char *name, long number)
{
	int i;

	if (list == NULL || list[0] == NULL) {
		return true;
	}
	for (i = 0; list[i] != NULL; i++) {
		char *end = NULL;
		long n = strtol(list[i], &end, 0);

		if (strcmp(list[i], name) == 0 ||
		    (number >= 0 && end != list[i] && *end == '\0' && n == number)) {
			return true;
		}
	}
	return false;
}

static NTSTATUS dumpdata_init(const struct mapiproxy_module_init_context *ctx)
{
	const char *level;
	struct stat st;

	cfg = talloc_zero(ctx->mem_ctx, struct dumpdata_config);
	if (cfg == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	level = lpcfg_parm_string(ctx->lp_ctx, NULL, "mpm_dumpdata", "level");
	if (level != NULL && strcmp(level, "none") == 0) {
		cfg->level = -1;
	} else if (level != NULL) {
		char *end = NULL;

		cfg->level = (int)strtol(level, &end, 10);
		if (end == level || *end != '\0' || cfg->level < 0 || cfg->level > 10) {
			DEBUG(0, ("mpm_dumpdata:level = '%s' is not 0-10 or none\n", level));
			return NT_STATUS_INVALID_PARAMETER;
		}
	} else {
		cfg->level = 1;
	}

	cfg->path = lpcfg_parm_string(ctx->lp_ctx, NULL, "mpm_dumpdata", "path");
	if (cfg->path != NULL && cfg->path[0] == '\0') {
		cfg->path = NULL;
	}
	if (cfg->path != NULL) {
		cfg->path = talloc_strdup(cfg, cfg->path);
		if (mkdir(cfg->path, 0700) != 0 && errno != EEXIST) {
			DEBUG(0, ("mpm_dumpdata:path: cannot create %s: %s\n",
				  cfg->path, strerror(errno)));
			return NT_STATUS_INVALID_PARAMETER;
		}
		if (stat(cfg->path, &st) != 0 || !S_ISDIR(st.st_mode) ||
		    access(cfg->path, W_OK) != 0) {
			DEBUG(0, ("mpm_dumpdata:path: %s is not a writable directory\n",
				  cfg->path));
			return NT_STATUS_INVALID_PARAMETER;
		}
	}
	cfg->interfaces = mapiproxy_split_list(cfg, lpcfg_parm_string(
		ctx->lp_ctx, NULL, "mpm_dumpdata", "interfaces"));
	cfg->functions = mapiproxy_split_list(cfg, lpcfg_parm_string(
		ctx->lp_ctx, NULL, "mpm_dumpdata", "functions"));
	if (cfg->interfaces == NULL || cfg->functions == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	cfg->stats = lpcfg_parm_bool(ctx->lp_ctx, NULL, "mpm_dumpdata", "stats", false);
	return NT_STATUS_OK;
}

static void dump_file(struct mapiproxy_call *call, unsigned long seq,
		      const char *direction, DATA_BLOB blob)
{
	const struct ndr_interface_table *t = mapiproxy_call_table(call);
	struct timeval tv;
	struct tm tm;
	char stamp[32];
	char *name;
	int fd;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", &tm);
	name = talloc_asprintf(call, "%s/%s.%06ld-%d-%06lu-%s-%s-%s.ndr", cfg->path,
			       stamp, (long)tv.tv_usec, (int)getpid(), seq,
			       t->name, mapiproxy_call_name(call), direction);
	if (name == NULL) {
		return;
	}
	fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd == -1 || write(fd, blob.data, blob.length) != (ssize_t)blob.length) {
		DEBUG(1, ("mpm_dumpdata: cannot write %s: %s\n", name, strerror(errno)));
	}
	if (fd != -1) {
		close(fd);
	}
	talloc_free(name);
}

static bool wanted(struct mapiproxy_call *call)
{
	const struct ndr_interface_table *t = mapiproxy_call_table(call);
	uint32_t opnum = mapiproxy_call_opnum(call);

	return cfg != NULL && opnum < t->num_calls &&
		list_has(cfg->interfaces, t->name, -1) &&
		list_has(cfg->functions, t->calls[opnum].name, opnum);
}

/* Prints and/or saves one direction of a call; returns its NDR size (0 if
 * nobody asked for it). */
static size_t dump(struct mapiproxy_call *call, void *r, int flags,
		   const char *direction, unsigned long seq)
{
	const struct ndr_interface_table *t = mapiproxy_call_table(call);
	const struct ndr_interface_call *fn = &t->calls[mapiproxy_call_opnum(call)];
	size_t size = 0;

	if (cfg->level >= 0 && DEBUGLVL(cfg->level)) {
		char *text = ndr_print_function_string(call, fn->ndr_print, fn->name,
						       flags, r);
		DEBUG(cfg->level, ("mpm_dumpdata: %s %s %s:\n%s", t->name, fn->name,
				   direction, text ? text : "(cannot print)\n"));
		talloc_free(text);
	}
	if (cfg->path != NULL || cfg->stats) {
		struct ndr_push *push = ndr_push_init_ctx(call);

		if (push != NULL && NDR_ERR_CODE_IS_SUCCESS(
			    fn->ndr_push(push, flags & (NDR_IN | NDR_OUT), r))) {
			DATA_BLOB blob = ndr_push_blob(push);

			size = blob.length;
			if (cfg->path != NULL) {
				dump_file(call, seq, direction, blob);
			}
		} else {
			DEBUG(1, ("mpm_dumpdata: cannot marshal %s %s\n", fn->name,
				  direction));
		}
		talloc_free(push);
	}
	return size;
}

static NTSTATUS dumpdata_pull(struct mapiproxy_call *call, void *r)
{
	struct dumpdata_call *dc;

	if (!wanted(call)) {
		return NT_STATUS_OK;
	}
	dc = talloc_zero(call, struct dumpdata_call);
	if (dc == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	dc->seq = ++cfg->seq;
	dc->in_bytes = dump(call, r, NDR_IN | NDR_SET_VALUES, "in", dc->seq);
	gettimeofday(&dc->start, NULL);
	mapiproxy_call_set_private(call, &dumpdata_module, dc);
	return NT_STATUS_OK;
}

static NTSTATUS dumpdata_push(struct mapiproxy_call *call, void *r)
{
	struct dumpdata_call *dc = mapiproxy_call_get_private(call, &dumpdata_module);
	struct timeval now;
	size_t out_bytes;

	if (!wanted(call)) {
		return NT_STATUS_OK;
	}
	gettimeofday(&now, NULL);
	/* No pull record: an earlier module failed the call or answered it. */
	out_bytes = dump(call, r, NDR_OUT, "out", dc ? dc->seq : ++cfg->seq);
	if (cfg->stats) {
		long usec = dc ? (long)((now.tv_sec - dc->start.tv_sec) * 1000000L +
					(now.tv_usec - dc->start.tv_usec)) : -1;

		DEBUG(1, ("mpm_dumpdata: stats %s %s opnum %u in %zu out %zu usec %ld\n",
			  mapiproxy_call_table(call)->name, mapiproxy_call_name(call),
			  mapiproxy_call_opnum(call), dc ? dc->in_bytes : 0, out_bytes,
			  usec));
	}
	return NT_STATUS_OK;
}

static const struct mapiproxy_module dumpdata_module = {
	.abi_version = MAPIPROXY_MODULE_ABI_VERSION,
	.name = "dumpdata",
	.description = "prints or saves every request and response",
	.endpoint = "any",
	.init = dumpdata_init,
	.pull = dumpdata_pull,
	.push = dumpdata_push,
};

NTSTATUS samba_init_module(TALLOC_CTX *ctx)
{
	return mapiproxy_module_register(&dumpdata_module);
}
