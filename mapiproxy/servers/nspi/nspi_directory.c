/*
 * The directory model of the NSPI server: the users, groups and contacts
 * of the domain that have a mail address, read from the domain partition
 * with plain ldb (no samba modules: mapiproxy links only public libraries,
 * and a read of the file as it is on disk is all the GAL needs), sorted by
 * display name.  The entries are re-read whenever the partition's sequence
 * number moved, so that `samba-tool user create` shows without a restart.
 *
 * Minimal Entry IDs are the entries' uSNCreated: assigned by the directory
 * itself, unique on this DC, the same in every samba process and for the
 * object's whole life, so MIds stay valid across re-reads and sessions.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#include "config.h"
#include <string.h>
#include <stdlib.h>
#include <util/debug.h>
#include "mapiproxy/servers/nspi/nspi.h"

static const char *const entry_attrs[] = {
	"objectClass", "objectGUID", "uSNCreated", "displayName", "cn",
	"sAMAccountName", "mail", "legacyExchangeDN", "givenName", "sn",
	"initials", "title", "department", "company",
	"physicalDeliveryOfficeName", "telephoneNumber", "mobile",
	"streetAddress", "l", "st", "postalCode", "co", "info",
	"proxyAddresses", NULL
};

#define GAL_FILTER "(&(mail=*)(|(objectClass=user)(objectClass=group)" \
	"(objectClass=contact))(!(objectClass=computer))(!(isDeleted=TRUE)))"

static const char *attr_string(TALLOC_CTX *mem_ctx, const struct ldb_message *msg,
			       const char *attr)
{
	const struct ldb_val *v = ldb_msg_find_ldb_val(msg, attr);

	if (v == NULL || v->length == 0) {
		return NULL;
	}
	return talloc_strndup(mem_ctx, (const char *)v->data, v->length);
}

static bool has_object_class(const struct ldb_message *msg, const char *cls)
{
	const struct ldb_message_element *el = ldb_msg_find_element(msg, "objectClass");
	unsigned i;

	for (i = 0; el != NULL && i < el->num_values; i++) {
		if (el->values[i].length == strlen(cls) &&
		    strncasecmp((const char *)el->values[i].data, cls,
				el->values[i].length) == 0) {
			return true;
		}
	}
	return false;
}

/* Fill e from msg; false if the object cannot be an address book entry. */
static bool entry_from_msg(TALLOC_CTX *mem_ctx, const struct nspi_directory *dir,
			   const struct ldb_message *msg, struct nspi_entry *e)
{
	const struct ldb_val *guid = ldb_msg_find_ldb_val(msg, "objectGUID");
	const struct ldb_message_element *proxies;
	uint64_t usn = ldb_msg_find_attr_as_uint64(msg, "uSNCreated", 0);
	const char *legacy;
	unsigned i;

	if (guid == NULL || guid->length != 16 || usn < NSPI_FIRST_MID || usn > UINT32_MAX) {
		DEBUG(2, ("mapiproxy nspi: %s has no usable objectGUID/uSNCreated, "
			  "left out of the address book\n", ldb_dn_get_linearized(msg->dn)));
		return false;
	}
	memset(e, 0, sizeof(*e));
	e->mid = (uint32_t)usn;
	memcpy(e->guid, guid->data, 16);
	if (has_object_class(msg, "group")) {
		e->kind = NSPI_GROUP;
	} else if (has_object_class(msg, "contact")) {
		e->kind = NSPI_CONTACT;
	} else {
		e->kind = NSPI_USER;
	}
	e->ldap_dn = talloc_strdup(mem_ctx, ldb_dn_get_linearized(msg->dn));
	e->display_name = attr_string(mem_ctx, msg, "displayName");
	if (e->display_name == NULL) {
		e->display_name = attr_string(mem_ctx, msg, "cn");
	}
	if (e->display_name == NULL) {
		e->display_name = "";
	}
	e->account = attr_string(mem_ctx, msg, "sAMAccountName");
	e->mail = attr_string(mem_ctx, msg, "mail");
	e->given_name = attr_string(mem_ctx, msg, "givenName");
	e->surname = attr_string(mem_ctx, msg, "sn");
	e->initials = attr_string(mem_ctx, msg, "initials");
	e->title = attr_string(mem_ctx, msg, "title");
	e->department = attr_string(mem_ctx, msg, "department");
	e->company = attr_string(mem_ctx, msg, "company");
	e->office = attr_string(mem_ctx, msg, "physicalDeliveryOfficeName");
	e->phone = attr_string(mem_ctx, msg, "telephoneNumber");
	e->mobile = attr_string(mem_ctx, msg, "mobile");
	e->street = attr_string(mem_ctx, msg, "streetAddress");
	e->locality = attr_string(mem_ctx, msg, "l");
	e->state = attr_string(mem_ctx, msg, "st");
	e->postal_code = attr_string(mem_ctx, msg, "postalCode");
	e->country = attr_string(mem_ctx, msg, "co");
	e->comment = attr_string(mem_ctx, msg, "info");

	proxies = ldb_msg_find_element(msg, "proxyAddresses");
	e->proxy_addresses = talloc_zero_array(mem_ctx, const char *,
					       (proxies ? proxies->num_values : 0) + 1);
	for (i = 0; proxies != NULL && i < proxies->num_values; i++) {
		e->proxy_addresses[i] = talloc_strndup(e->proxy_addresses,
						       (const char *)proxies->values[i].data,
						       proxies->values[i].length);
	}

	/*
	 * The X.500 name: the directory's own legacyExchangeDN if it has one
	 * (a domain that once had Exchange), else the scheme every built-in
	 * server shares: <recipients>/cn=<account>.  Contacts have no account:
	 * their objectGUID names them, unique and stable.
	 */
	legacy = attr_string(mem_ctx, msg, "legacyExchangeDN");
	if (legacy != NULL) {
		e->legacy_dn = legacy;
	} else if (e->account != NULL) {
		e->legacy_dn = talloc_asprintf(mem_ctx, "%s/cn=%s", dir->recipients_prefix,
					       e->account);
	} else {
		char hex[33];

		for (i = 0; i < 16; i++) {
			snprintf(hex + 2 * i, 3, "%02x", e->guid[i]);
		}
		e->legacy_dn = talloc_asprintf(mem_ctx, "%s/cn=%s", dir->recipients_prefix,
					       hex);
	}
	return e->ldap_dn != NULL && e->legacy_dn != NULL && e->proxy_addresses != NULL;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct nspi_entry *x = a, *y = b;
	int c = strcasecmp_m(x->display_name, y->display_name);

	if (c != 0) {
		return c;
	}
	/* equal names: a fixed order all the same */
	return x->mid < y->mid ? -1 : (x->mid > y->mid);
}

static int by_mid_cmp(const void *a, const void *b)
{
	const struct nspi_mid_row *x = a, *y = b;

	return x->mid < y->mid ? -1 : (x->mid > y->mid);
}

static bool directory_load(struct nspi_directory *dir, uint64_t seq)
{
	TALLOC_CTX *tmp = talloc_new(dir);
	struct ldb_result *res = NULL;
	struct nspi_entry *entries;
	struct nspi_mid_row *by_mid;
	uint32_t n = 0, i;
	int ret;

	if (tmp == NULL) {
		return false;
	}
	ret = ldb_search(dir->ldb, tmp, &res, dir->base, LDB_SCOPE_SUBTREE, entry_attrs,
			 "%s", GAL_FILTER);
	if (ret != LDB_SUCCESS) {
		DEBUG(0, ("mapiproxy nspi: reading the directory failed: %s\n",
			  ldb_errstring(dir->ldb)));
		talloc_free(tmp);
		return false;
	}
	entries = talloc_zero_array(dir, struct nspi_entry, res->count + 1);
	by_mid = talloc_zero_array(dir, struct nspi_mid_row, res->count + 1);
	if (entries == NULL || by_mid == NULL) {
		talloc_free(entries);
		talloc_free(by_mid);
		talloc_free(tmp);
		return false;
	}
	for (i = 0; i < res->count; i++) {
		if (entry_from_msg(entries, dir, res->msgs[i], &entries[n])) {
			n++;
		}
	}
	qsort(entries, n, sizeof(entries[0]), entry_cmp);
	for (i = 0; i < n; i++) {
		by_mid[i].mid = entries[i].mid;
		by_mid[i].row = i;
	}
	qsort(by_mid, n, sizeof(by_mid[0]), by_mid_cmp);
	for (i = 1; i < n; i++) {
		if (by_mid[i].mid == by_mid[i - 1].mid) {
			/* uSNCreated is unique on a DC; a copy made by hand
			 * might not be: the GAL stays usable, the MId not */
			DEBUG(1, ("mapiproxy nspi: %s and %s share MId 0x%x\n",
				  entries[by_mid[i].row].ldap_dn,
				  entries[by_mid[i - 1].row].ldap_dn, by_mid[i].mid));
		}
	}
	talloc_free(dir->entries);
	talloc_free(dir->by_mid);
	dir->entries = entries;
	dir->by_mid = by_mid;
	dir->count = n;
	dir->seq = seq;
	DEBUG(3, ("mapiproxy nspi: %u address book entries (sequence %llu)\n",
		  (unsigned)n, (unsigned long long)seq));
	talloc_free(tmp);
	return true;
}

static uint64_t directory_seq(struct nspi_directory *dir)
{
	uint64_t seq = 0;

	if (ldb_sequence_number(dir->ldb, LDB_SEQ_HIGHEST_SEQ, &seq) != LDB_SUCCESS) {
		return 0;
	}
	return seq;
}

bool nspi_directory_refresh(struct nspi_directory *dir)
{
	uint64_t seq = directory_seq(dir);

	if (dir->entries != NULL && seq == dir->seq && seq != 0) {
		return true;
	}
	return directory_load(dir, seq);
}

struct nspi_directory *nspi_directory_open(TALLOC_CTX *mem_ctx, struct tevent_context *ev,
					   const char *url, const char *base_dn,
					   const char *recipients_prefix,
					   const char *home_mdb)
{
	/* no modules: the records as they are in the file */
	const char *options[] = { "modules:", NULL };
	struct nspi_directory *dir = talloc_zero(mem_ctx, struct nspi_directory);
	static const char *const guid_attrs[] = { "objectGUID", NULL };
	struct ldb_result *res = NULL;
	const struct ldb_val *guid;
	int ret;

	if (dir == NULL) {
		return NULL;
	}
	dir->recipients_prefix = talloc_strdup(dir, recipients_prefix);
	dir->home_mdb = talloc_strdup(dir, home_mdb);
	dir->ldb = ldb_init(dir, ev);
	if (dir->ldb == NULL || dir->recipients_prefix == NULL || dir->home_mdb == NULL) {
		goto fail;
	}
	ret = ldb_connect(dir->ldb, url, LDB_FLG_RDONLY, options);
	if (ret != LDB_SUCCESS) {
		DEBUG(0, ("mapiproxy nspi: cannot open %s: %s\n", url,
			  ldb_errstring(dir->ldb)));
		goto fail;
	}
	dir->base = ldb_dn_new(dir, dir->ldb, base_dn);
	if (dir->base == NULL || !ldb_dn_validate(dir->base)) {
		DEBUG(0, ("mapiproxy nspi: '%s' is not a DN\n", base_dn));
		goto fail;
	}
	/* the server GUID of NspiBind: the domain's, stable across restarts
	 * and the same in every process */
	ret = ldb_search(dir->ldb, dir, &res, dir->base, LDB_SCOPE_BASE, guid_attrs, NULL);
	if (ret != LDB_SUCCESS || res->count != 1) {
		DEBUG(0, ("mapiproxy nspi: no %s in %s\n", base_dn, url));
		goto fail;
	}
	guid = ldb_msg_find_ldb_val(res->msgs[0], "objectGUID");
	if (guid != NULL && guid->length == 16) {
		memcpy(dir->server_guid, guid->data, 16);
	}
	talloc_free(res);
	if (!nspi_directory_refresh(dir)) {
		goto fail;
	}
	return dir;
fail:
	talloc_free(dir);
	return NULL;
}

struct nspi_directory *nspi_directory_open_samdb(TALLOC_CTX *mem_ctx,
						 struct tevent_context *ev,
						 const char *sam_ldb_path,
						 const char *base_dn,
						 const char *recipients_prefix,
						 const char *home_mdb)
{
	const char *options[] = { "modules:", NULL };
	static const char *const attrs[] = { "partition", "backendStore", NULL };
	TALLOC_CTX *tmp = talloc_new(mem_ctx);
	struct ldb_context *ldb = tmp ? ldb_init(tmp, ev) : NULL;
	struct ldb_result *res = NULL;
	const struct ldb_message_element *el;
	struct nspi_directory *dir = NULL;
	const char *backend, *file = NULL;
	char *dirname, *slash, *url;
	size_t blen = strlen(base_dn);
	unsigned i;

	if (ldb == NULL) {
		goto out;
	}
	if (ldb_connect(ldb, sam_ldb_path, LDB_FLG_RDONLY, options) != LDB_SUCCESS ||
	    ldb_search(ldb, tmp, &res, ldb_dn_new(tmp, ldb, "@PARTITION"), LDB_SCOPE_BASE,
		       attrs, NULL) != LDB_SUCCESS || res->count != 1) {
		DEBUG(0, ("mapiproxy nspi: no partitions in %s: %s\n", sam_ldb_path,
			  ldb_errstring(ldb)));
		goto out;
	}
	/* "partition: <DN>:<file relative to sam.ldb's directory>" */
	el = ldb_msg_find_element(res->msgs[0], "partition");
	for (i = 0; el != NULL && i < el->num_values; i++) {
		const char *v = talloc_strndup(tmp, (const char *)el->values[i].data,
					       el->values[i].length);

		if (v != NULL && strncasecmp(v, base_dn, blen) == 0 && v[blen] == ':') {
			file = v + blen + 1;
			break;
		}
	}
	if (file == NULL) {
		DEBUG(0, ("mapiproxy nspi: %s has no partition %s\n", sam_ldb_path, base_dn));
		goto out;
	}
	backend = ldb_msg_find_attr_as_string(res->msgs[0], "backendStore", "tdb");
	dirname = talloc_strdup(tmp, sam_ldb_path);
	if (dirname == NULL) {
		goto out;
	}
	slash = strrchr(dirname, '/');
	if (slash != NULL) {
		slash[1] = '\0';
	} else {
		dirname[0] = '\0';
	}
	url = talloc_asprintf(tmp, "%s://%s%s", strcmp(backend, "mdb") == 0 ? "mdb" : "tdb",
			      dirname, file);
	if (url != NULL) {
		DEBUG(2, ("mapiproxy nspi: the address book is %s in %s\n", base_dn, url));
		dir = nspi_directory_open(mem_ctx, ev, url, base_dn, recipients_prefix,
					  home_mdb);
	}
out:
	talloc_free(tmp);
	return dir;
}

const struct nspi_entry *nspi_directory_by_mid(const struct nspi_directory *dir,
					       uint32_t mid, uint32_t *row)
{
	uint32_t lo = 0, hi = dir->count;

	while (lo < hi) {
		uint32_t m = lo + (hi - lo) / 2;
		uint32_t i = dir->by_mid[m].row;

		if (dir->by_mid[m].mid == mid) {
			if (row != NULL) {
				*row = i;
			}
			return &dir->entries[i];
		}
		if (dir->by_mid[m].mid < mid) {
			lo = m + 1;
		} else {
			hi = m;
		}
	}
	return NULL;
}

const struct nspi_entry *nspi_directory_by_dn(const struct nspi_directory *dir,
					      const char *dn)
{
	uint32_t i;

	for (i = 0; dn != NULL && i < dir->count; i++) {
		if (strcasecmp_m(dir->entries[i].legacy_dn, dn) == 0) {
			return &dir->entries[i];
		}
	}
	return NULL;
}

uint32_t *nspi_gal_mids(TALLOC_CTX *mem_ctx, const struct nspi_directory *dir)
{
	uint32_t *mids = talloc_array(mem_ctx, uint32_t, dir->count + 1);
	uint32_t i;

	for (i = 0; mids != NULL && i < dir->count; i++) {
		mids[i] = dir->entries[i].mid;
	}
	return mids;
}
