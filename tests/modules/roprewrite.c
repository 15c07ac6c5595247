/*
 * roprewrite: a module for the integration tests that edits the ROPs of
 * EcDoRpcExt2 and legacy EcDoRpc calls through mapiproxy_call_rops(), the
 * way a content filter would.  Each behaviour is switched on by an option:
 *
 *   mpm_roprewrite:subject_tag = WORD   requests: a PR_SUBJECT that
 *                                       RopSetProperties sets becomes
 *                                       "[WORD] subject" (a scanner's mark)
 *   mpm_roprewrite:read_tag = WORD      responses: PR_SUBJECT in the rows of
 *                                       RopQueryRows and
 *                                       RopGetPropertiesSpecific reads as
 *                                       "[WORD] subject" (an "external" mark)
 *   mpm_roprewrite:stamp = TEXT         requests: before every
 *                                       RopSaveChangesMessage, a RopSetProperties
 *                                       of our own sets PR_COMMENT to TEXT on
 *                                       the message; its response is taken out
 *                                       of the answer, so the client sees
 *                                       answers to its own ROPs only
 *
 * Everything else is left alone, so the layer relays it as the original
 * bytes.  Values are ASCII (checked at start-up): the module writes them as
 * PT_UNICODE or PT_STRING8, as the property it edits is typed.
 */
#include <string.h>
#include <util/debug.h>
#include <param.h>
#include <ndr.h>
#include <libmapiproxy.h>
#include <mapiproxy_rops.h>

NTSTATUS samba_init_module(TALLOC_CTX *ctx);

#define PROP_ID(tag) ((tag) >> 16)
#define PID_SUBJECT 0x0037
#define PR_COMMENT 0x3004001F
#define MAX_OPTION_LENGTH 256

static const struct mapiproxy_module roprewrite_module;

static struct {
	const char *subject_prefix;	/* "[WORD] " or NULL */
	const char *read_prefix;
	const char *stamp;
} cfg;

/* What the pull hook inserted, for the push hook to take out again. */
struct roprewrite_call {
	uint32_t count;
	const struct rop_request **inserted;
};

static bool printable_ascii(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s < 0x20 || *s > 0x7e) {
			return false;
		}
	}
	return true;
}

/* An option's value, NULL if unset; false if set to something unusable. */
static bool ascii_option(TALLOC_CTX *mem, struct loadparm_context *lp, const char *name,
			 bool is_tag, const char **out)
{
	const char *v = lpcfg_parm_string(lp, NULL, "mpm_roprewrite", name);

	*out = NULL;
	if (v == NULL) {
		return true;
	}
	if (v[0] == '\0' || strlen(v) > MAX_OPTION_LENGTH || !printable_ascii(v) ||
	    (is_tag && strpbrk(v, "[] ") != NULL)) {
		DEBUG(0, ("mpm_roprewrite:%s = '%s': want 1 to %d printable ASCII "
			  "characters%s\n", name, v, MAX_OPTION_LENGTH,
			  is_tag ? ", no brackets nor spaces" : ""));
		return false;
	}
	*out = is_tag ? talloc_asprintf(mem, "[%s] ", v) : talloc_strdup(mem, v);
	return *out != NULL;
}

static NTSTATUS roprewrite_init(const struct mapiproxy_module_init_context *ctx)
{
	if (!ascii_option(ctx->mem_ctx, ctx->lp_ctx, "subject_tag", true, &cfg.subject_prefix) ||
	    !ascii_option(ctx->mem_ctx, ctx->lp_ctx, "read_tag", true, &cfg.read_prefix) ||
	    !ascii_option(ctx->mem_ctx, ctx->lp_ctx, "stamp", false, &cfg.stamp)) {
		return NT_STATUS_INVALID_PARAMETER;
	}
	return NT_STATUS_OK;
}

/* s in the encoding of a string property of type `type` (no terminator:
 * the ROP layer writes it). */
static struct rop_blob encode_string(TALLOC_CTX *mem, const char *s, uint16_t type)
{
	size_t i, n = strlen(s), unit = type == ROP_PT_UNICODE ? 2 : 1;
	struct rop_blob b = { talloc_zero_array(mem, uint8_t, n * unit), n * unit };

	for (i = 0; b.data != NULL && i < n; i++) {
		b.data[i * unit] = (uint8_t)s[i];
	}
	return b;
}

/*
 * Put prefix in front of a string value, unless it is there already; the
 * new bytes hang off mem, which must live as long as the value.  Returns
 * how many bytes the value grew by, -1 if out of memory.
 */
static int prefix_string(TALLOC_CTX *mem, struct rop_propval *v, const char *prefix)
{
	struct rop_blob p, joined;

	if (v->type != ROP_PT_UNICODE && v->type != ROP_PT_STRING8) {
		return 0;
	}
	p = encode_string(mem, prefix, v->type);
	if (p.data == NULL) {
		return -1;
	}
	if (v->bin.length >= p.length && memcmp(v->bin.data, p.data, p.length) == 0) {
		talloc_free(p.data);
		return 0;
	}
	joined.length = p.length + v->bin.length;
	joined.data = talloc_realloc(mem, p.data, uint8_t, joined.length);
	if (joined.data == NULL) {
		talloc_free(p.data);
		return -1;
	}
	if (v->bin.length > 0) {
		memcpy(joined.data + p.length, v->bin.data, v->bin.length);
	}
	v->bin = joined;
	return (int)p.length;
}

/* subject_tag: the PR_SUBJECT a RopSetProperties writes. */
static NTSTATUS tag_set_properties(struct rop_request *rop)
{
	struct rop_SetProperties_req *sp = &rop->u.SetProperties;
	uint32_t i;

	for (i = 0; i < sp->PropertyValueCount; i++) {
		int grew;

		if (PROP_ID(sp->PropertyValues[i].tag) != PID_SUBJECT) {
			continue;
		}
		grew = prefix_string(rop, &sp->PropertyValues[i].value, cfg.subject_prefix);
		if (grew < 0) {
			return NT_STATUS_NO_MEMORY;
		}
		/* PropertyValueSize counts the values; a client that left it
		 * 0 (servers ignore it) keeps its 0 */
		if (grew > 0 && sp->PropertyValueSize != 0) {
			sp->PropertyValueSize += grew;
		}
		if (grew > 0) {
			DEBUG(3, ("mpm_roprewrite: RopSetProperties PR_SUBJECT tagged %s\n",
				  cfg.subject_prefix));
		}
	}
	return NT_STATUS_OK;
}

/* stamp: RopSetProperties(PR_COMMENT) on the object RopSaveChangesMessage
 * saves, to go in front of it. */
static struct rop_request *stamp_for(const struct rop_request *save)
{
	const struct rop_info *info = rop_info_by_id(save->rop_id);
	struct rop_request *st = talloc_zero(NULL, struct rop_request);
	struct rop_tagged_value *tv;

	if (st == NULL || info == NULL || info->in_slot < 0) {
		talloc_free(st);
		return NULL;
	}
	tv = talloc_zero(st, struct rop_tagged_value);
	if (tv == NULL) {
		talloc_free(st);
		return NULL;
	}
	tv->tag = PR_COMMENT;
	tv->value.type = ROP_PT_UNICODE;
	tv->value.bin = encode_string(tv, cfg.stamp, ROP_PT_UNICODE);
	if (tv->value.bin.data == NULL) {
		talloc_free(st);
		return NULL;
	}
	st->rop_id = ROP_ID_SETPROPERTIES;
	st->logon_id = save->logon_id;
	st->handle_idx[0] = save->handle_idx[info->in_slot];
	st->u.SetProperties.PropertyValueCount = 1;
	st->u.SetProperties.PropertyValues = tv;
	/* PropertyValueCount, the tag, the string and its terminator */
	st->u.SetProperties.PropertyValueSize = 2 + 4 + tv->value.bin.length + 2;
	return st;
}

static NTSTATUS remember_inserted(struct mapiproxy_call *call, const struct rop_request *rop)
{
	struct roprewrite_call *rc = mapiproxy_call_get_private(call, &roprewrite_module);
	const struct rop_request **grown;

	if (rc == NULL) {
		rc = talloc_zero(mapiproxy_call_mem_ctx(call), struct roprewrite_call);
		if (rc == NULL) {
			return NT_STATUS_NO_MEMORY;
		}
		mapiproxy_call_set_private(call, &roprewrite_module, rc);
	}
	grown = talloc_realloc(rc, rc->inserted, const struct rop_request *, rc->count + 1);
	if (grown == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	grown[rc->count++] = rop;
	rc->inserted = grown;
	return NT_STATUS_OK;
}

static NTSTATUS insert_stamp(struct mapiproxy_call *call, struct rop_request_buffer *buf,
			     uint32_t pos)
{
	struct rop_request *st = stamp_for(buf->rops[pos]);
	NTSTATUS status;

	if (st == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	status = rop_request_buffer_insert(buf, pos, st);
	if (!NT_STATUS_IS_OK(status)) {
		talloc_free(st);
		return status;
	}
	DEBUG(3, ("mpm_roprewrite: RopSetProperties PR_COMMENT inserted before "
		  "RopSaveChangesMessage\n"));
	return remember_inserted(call, st);
}

static NTSTATUS roprewrite_pull(struct mapiproxy_call *call, void *r)
{
	struct mapiproxy_rops *rops = mapiproxy_call_rops(call);
	uint32_t b, i;
	NTSTATUS status;

	if (rops == NULL) {
		return NT_STATUS_OK;
	}
	for (b = 0; b < rops->count; b++) {
		struct rop_request_buffer *buf = rops->requests[b];

		for (i = 0; i < buf->num_rops; i++) {
			uint8_t id = buf->rops[i]->rop_id;

			status = NT_STATUS_OK;
			if (id == ROP_ID_SETPROPERTIES && cfg.subject_prefix != NULL) {
				status = tag_set_properties(buf->rops[i]);
			} else if (id == ROP_ID_SAVECHANGESMESSAGE && cfg.stamp != NULL) {
				status = insert_stamp(call, buf, i);
				i++;	/* past the save we put it in front of */
			}
			if (!NT_STATUS_IS_OK(status)) {
				return status;
			}
		}
	}
	return NT_STATUS_OK;
}

/* read_tag: PR_SUBJECT in one row; mem owns the new bytes. */
static NTSTATUS tag_row(TALLOC_CTX *mem, struct rop_property_row *row, const char *what)
{
	uint32_t i;

	for (i = 0; i < row->ncols; i++) {
		struct rop_rowval *v = &row->values[i];
		int grew;

		if (PROP_ID(row->columns[i]) != PID_SUBJECT || (row->flag != 0 && v->flag != 0)) {
			continue;
		}
		grew = prefix_string(mem, &v->value, cfg.read_prefix);
		if (grew < 0) {
			return NT_STATUS_NO_MEMORY;
		}
		if (grew > 0) {
			DEBUG(3, ("mpm_roprewrite: %s PR_SUBJECT tagged %s\n", what,
				  cfg.read_prefix));
		}
	}
	return NT_STATUS_OK;
}

static NTSTATUS tag_response(struct rop_response *rop)
{
	NTSTATUS status = NT_STATUS_OK;
	uint32_t i;

	if (rop->return_value != 0) {
		return NT_STATUS_OK;
	}
	if (rop->rop_id == ROP_ID_QUERYROWS) {
		for (i = 0; i < rop->u.QueryRows.RowCount && NT_STATUS_IS_OK(status); i++) {
			status = tag_row(rop, &rop->u.QueryRows.RowData[i], "RopQueryRows");
		}
	} else if (rop->rop_id == ROP_ID_GETPROPERTIESSPECIFIC) {
		status = tag_row(rop, &rop->u.GetPropertiesSpecific.RowData,
				 "RopGetPropertiesSpecific");
	}
	return status;
}

static bool was_inserted(const struct roprewrite_call *rc, const struct rop_response *rop)
{
	uint32_t k;

	for (k = 0; rc != NULL && rop->request != NULL && k < rc->count; k++) {
		if (rc->inserted[k] == rop->request) {
			return true;
		}
	}
	return false;
}

static NTSTATUS roprewrite_push(struct mapiproxy_call *call, void *r)
{
	struct mapiproxy_rops *rops = mapiproxy_call_rops(call);
	const struct roprewrite_call *rc = mapiproxy_call_get_private(call, &roprewrite_module);
	uint32_t b, i;
	NTSTATUS status;

	if (rops == NULL || rops->responses == NULL) {
		if (rc != NULL) {
			/* nobody can take our answers out: the client will
			 * see one more than it asked for */
			DEBUG(1, ("mpm_roprewrite: the answer to %s was not decoded; "
				  "the responses to our ROPs stay in it\n",
				  mapiproxy_call_name(call)));
		}
		return NT_STATUS_OK;
	}
	for (b = 0; b < rops->count; b++) {
		struct rop_response_buffer *buf = rops->responses[b];

		i = 0;
		while (i < buf->num_rops) {
			struct rop_response *rop = buf->rops[i];

			status = NT_STATUS_OK;
			if (was_inserted(rc, rop)) {
				if (rop->return_value != 0) {
					DEBUG(1, ("mpm_roprewrite: the stamp failed: 0x%08x\n",
						  rop->return_value));
				}
				/* the next one moves to i */
				status = rop_response_buffer_remove(buf, i);
			} else {
				if (cfg.read_prefix != NULL) {
					status = tag_response(rop);
				}
				i++;
			}
			if (!NT_STATUS_IS_OK(status)) {
				return status;
			}
		}
	}
	return NT_STATUS_OK;
}

static const struct mapiproxy_module roprewrite_module = {
	.abi_version = MAPIPROXY_MODULE_ABI_VERSION,
	.name = "roprewrite",
	.description = "integration-test ROP edits: tag subjects, stamp messages",
	.endpoint = "exchange_emsmdb",
	.init = roprewrite_init,
	.pull = roprewrite_pull,
	.push = roprewrite_push,
};

NTSTATUS samba_init_module(TALLOC_CTX *ctx)
{
	return mapiproxy_module_register(&roprewrite_module);
}
