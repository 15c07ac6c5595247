/*
 * Server mode NSPI (MS-NSPI): the Global Address List over the AD's
 * sam.ldb.  Shared declarations of the provider's parts:
 *
 *   nspi_directory.c  the directory model: entries read from ldb, sorted,
 *                     re-read when the directory's sequence number moves
 *   nspi_props.c      attributes -> address book properties, Entry IDs
 *   nspi_codepage.c   8-bit code pages <-> UTF-8
 *   nspi_restrict.c   restriction evaluation (GetMatches)
 *   nspi_stat.c       STAT positioning (MS-NSPI 3.1.4.5)
 *   nspi_ops_*.c      the opnum handlers
 *   nspi_server.c     the provider: bind/unbind, handles, dispatch
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_NSPI_H
#define MAPIPROXY_NSPI_H

#include <stdbool.h>
#include <stdint.h>
#include <talloc.h>
#include <tevent.h>
/* samba's DATA_BLOB first: ldb.h then takes it as its struct ldb_val */
#include <util/data_blob.h>
#include <ldb.h>
#include <charset.h>
#include <core/ntstatus.h>
#include "gen_ndr/exchange_nsp.h"

/* --- MS-NSPI 2.2.1 constants ----------------------------------------------- */

/* 2.2.1.2 status codes the enum MAPISTATUS does not name */
#define NSPI_UNBIND_SUCCESS	((enum MAPISTATUS)0x00000001)
#define NSPI_ERRORS_RETURNED	((enum MAPISTATUS)0x00040380)
#define NSPI_E_TOO_COMPLEX	((enum MAPISTATUS)0x80040117)

/* 2.2.1.3 display types */
#define DT_MAILUSER		0x00000000
#define DT_DISTLIST		0x00000001
#define DT_REMOTE_MAILUSER	0x00000006
#define DT_CONTAINER		0x00000100

/* 2.2.1.4 (MAPI object types) */
#define MAPI_ABCONT		4
#define MAPI_MAILUSER		6
#define MAPI_DISTLIST		8

/* 2.2.1.8 positioning MIds, 2.2.1.9 name resolution MIds */
#define MID_BEGINNING_OF_TABLE	0x00000000
#define MID_CURRENT		0x00000001
#define MID_END_OF_TABLE	0x00000002
#define MID_UNRESOLVED		0x00000000
#define MID_AMBIGUOUS		0x00000001
#define MID_RESOLVED		0x00000002
/* MIds below this are signals, never objects (2.2.9.1) */
#define NSPI_FIRST_MID		0x00000010

/* 2.2.1.1 permitted property types */
#define PT_UNSPECIFIED		0x0000
#define PT_NULL			0x0001
#define PT_SHORT		0x0002
#define PT_LONG			0x0003
#define PT_ERROR		0x000A
#define PT_BOOLEAN		0x000B
#define PT_OBJECT		0x000D
#define PT_STRING8		0x001E
#define PT_UNICODE		0x001F
#define PT_SYSTIME		0x0040
#define PT_CLSID		0x0048
#define PT_BINARY		0x0102
#define PT_MV_FLAG		0x1000
#define PT_MV_STRING8		0x101E
#define PT_MV_UNICODE		0x101F
#define PT_MV_BINARY		0x1102

#define PROP_TAG(type, id)	((((uint32_t)(id)) << 16) | (type))
#define PROP_ID(tag)		(((tag) >> 16) & 0xFFFF)
#define PROP_TYPE(tag)		((tag) & 0xFFFF)

/* 2.2.1.5 code pages */
#define CP_TELETEX		0x00004F25
#define CP_WINUNICODE		0x000004B0

/* 2.2.1.6 retrieve-property flags, 2.2.1.7 special-table flags */
#define fSkipObjects		0x00000001
#define fEphID			0x00000002
#define NspiAddressCreationTemplates	0x00000002
#define NspiUnicodeStrings	0x00000004
/* 2.2.1.? property-type flag of GetPropList and QueryColumns */
#define NspiUnicodeProptypes	0x80000000
/* 2.2.1.11 NspiBind flag */
#define fAnonymousLogin		0x00000020

/* 2.2.1.10 sort orders */
#define SortTypeDisplayName	0x00000000
#define SortTypePhoneticDisplayName	0x00000003
#define SortTypeDisplayName_RO	0x000003E8
#define SortTypeDisplayName_W	0x000003E9

/* --- the directory model (nspi_directory.c) -------------------------------- */

enum nspi_kind { NSPI_USER, NSPI_GROUP, NSPI_CONTACT };

/* One GAL entry; strings are UTF-8, NULL when the attribute is absent. */
struct nspi_entry {
	uint32_t mid;
	enum nspi_kind kind;
	uint8_t guid[16];		/* objectGUID */
	const char *ldap_dn;
	const char *legacy_dn;		/* X.500 DN, see doc/nspi-server.md */
	const char *display_name;
	const char *account;		/* sAMAccountName */
	const char *mail;
	const char *given_name, *surname, *initials, *title, *department;
	const char *company, *office, *phone, *mobile, *street, *locality;
	const char *state, *postal_code, *country, *comment;
	const char **proxy_addresses;	/* NULL-terminated, may be empty */
};

struct nspi_mid_row {
	uint32_t mid;
	uint32_t row;
};

struct nspi_directory {
	struct ldb_context *ldb;
	struct ldb_dn *base;
	/* the directory's sequence number at the last (re)load */
	uint64_t seq;
	/* entries sorted by display name; by_mid sorted by MId */
	struct nspi_entry *entries;
	uint32_t count;
	struct nspi_mid_row *by_mid;
	/* naming (names.c), fixed at open */
	const char *recipients_prefix;	/* "/o=ORG/ou=GROUP/cn=Recipients" */
	const char *home_mdb;		/* the users' PidTagAddressBookHomeMessageDatabase */
	uint8_t server_guid[16];	/* NspiBind's, the domain's objectGUID */
};

/*
 * Open the directory held in an ldb file (a domain partition file: no ldb
 * modules are loaded, the file is read as it is on disk).  base is the
 * domain's DN.  Loads the entries once.
 */
struct nspi_directory *nspi_directory_open(TALLOC_CTX *mem_ctx, struct tevent_context *ev,
					   const char *url, const char *base_dn,
					   const char *recipients_prefix,
					   const char *home_mdb);

/*
 * Samba's sam.ldb: find the domain partition's file in its @PARTITION
 * record (the partition named base_dn) and open that.
 */
struct nspi_directory *nspi_directory_open_samdb(TALLOC_CTX *mem_ctx,
						 struct tevent_context *ev,
						 const char *sam_ldb_path,
						 const char *base_dn,
						 const char *recipients_prefix,
						 const char *home_mdb);

/* Re-read the entries if the directory changed since the last load. */
bool nspi_directory_refresh(struct nspi_directory *dir);

/* The entry with this MId, NULL if none; and its row in the sorted list. */
const struct nspi_entry *nspi_directory_by_mid(const struct nspi_directory *dir,
					       uint32_t mid, uint32_t *row);
/* The entry whose legacyExchangeDN is dn (case-insensitive), NULL if none. */
const struct nspi_entry *nspi_directory_by_dn(const struct nspi_directory *dir,
					      const char *dn);

/* --- code pages (nspi_codepage.c) ------------------------------------------ */

/* Whether 8-bit strings can be given in this code page. */
bool nspi_codepage_supported(uint32_t codepage);
/* UTF-8 to the code page; characters it lacks become '?'. */
char *nspi_utf8_to_cp(TALLOC_CTX *mem_ctx, const char *utf8, uint32_t codepage);
/* The code page's bytes to UTF-8; NULL if they are not valid in it. */
char *nspi_cp_to_utf8(TALLOC_CTX *mem_ctx, const char *s, uint32_t codepage);

/* --- properties (nspi_props.c) --------------------------------------------- */

/*
 * A property of an entry as the client asked for it: tag's type decides
 * between PT_STRING8 (in codepage) and PT_UNICODE; PT_UNSPECIFIED string
 * properties come as PT_UNICODE if unicode, else PT_STRING8.  eph: Entry
 * IDs are ephemeral.  Returns MAPI_E_NOT_FOUND when the entry has no such
 * property, MAPI_E_SUCCESS with *out filled otherwise.
 */
enum MAPISTATUS nspi_entry_prop(TALLOC_CTX *mem_ctx, const struct nspi_directory *dir,
				const struct nspi_entry *e, uint32_t tag,
				uint32_t codepage, bool unicode, bool eph,
				struct PropertyValue_r *out);

/* A row: the values of tags, PT_ERROR/NotFound for missing ones. */
enum MAPISTATUS nspi_entry_row(TALLOC_CTX *mem_ctx, const struct nspi_directory *dir,
			       const struct nspi_entry *e,
			       const struct PropertyTagArray_r *tags, uint32_t codepage,
			       bool unicode, bool eph, struct PropertyRow_r *row);

/* The tags an entry has (strings as PT_UNICODE if unicode, else PT_STRING8). */
struct PropertyTagArray_r *nspi_entry_proplist(TALLOC_CTX *mem_ctx,
					       const struct nspi_directory *dir,
					       const struct nspi_entry *e, bool unicode);

/* The default columns of NspiQueryRows; every column (NspiQueryColumns). */
struct PropertyTagArray_r *nspi_default_columns(TALLOC_CTX *mem_ctx, bool unicode);
struct PropertyTagArray_r *nspi_all_columns(TALLOC_CTX *mem_ctx, bool unicode);

/* Entry IDs (2.2.9.2 ephemeral, 2.2.9.3 permanent) */
DATA_BLOB nspi_ephemeral_entryid(TALLOC_CTX *mem_ctx, const uint8_t server_guid[16],
				 uint32_t display_type, uint32_t mid);
DATA_BLOB nspi_permanent_entryid(TALLOC_CTX *mem_ctx, uint32_t display_type,
				 const char *dn);
uint32_t nspi_entry_display_type(const struct nspi_entry *e);

/* The hierarchy table (GetSpecialTable): the GAL container's row. */
enum MAPISTATUS nspi_gal_row(TALLOC_CTX *mem_ctx, bool unicode, uint32_t codepage,
			     struct PropertyRow_r *row);

/* --- restrictions (nspi_restrict.c) ----------------------------------------- */

/*
 * Does e satisfy res?  MAPI_E_SUCCESS with *match set, NSPI_E_TOO_COMPLEX
 * for what this server does not evaluate, MAPI_E_INVALID_PARAMETER for a
 * malformed restriction.
 */
enum MAPISTATUS nspi_restriction_match(const struct nspi_directory *dir,
				       const struct nspi_entry *e,
				       const struct Restriction_r *res,
				       uint32_t codepage, bool *match);

/* --- STAT positioning (nspi_stat.c) ----------------------------------------- */

/*
 * The table a STAT names is a list of MIds in order.  Locate the Current
 * Position the client specified (absolute or fractional, then Delta) as a
 * row number in [0, count] (count: the end of the table).  *moved is the
 * number of rows Delta actually moved (plDelta).  MAPI_E_NOT_FOUND if
 * CurrentRec names no row of the table.
 */
enum MAPISTATUS nspi_stat_locate(const uint32_t *mids, uint32_t count,
				 const struct STAT *stat, uint32_t *pos, int32_t *moved);
/* Report position pos back in stat (CurrentRec, Delta, NumPos, TotalRecs). */
void nspi_stat_report(struct STAT *stat, const uint32_t *mids, uint32_t count,
		      uint32_t pos);

/* --- the provider's state ---------------------------------------------------- */

struct nspi_server {
	struct nspi_directory *dir;
};

/* One NspiBind: the context handle's data. */
struct nspi_session {
	struct nspi_server *srv;
	uint32_t codepage;	/* Bind's STAT.CodePage */
};

/* The GAL as a MId table (the directory's sorted order). */
uint32_t *nspi_gal_mids(TALLOC_CTX *mem_ctx, const struct nspi_directory *dir);

/* Rows of mids' entries (rows of errors for MIds that name none). */
enum MAPISTATUS nspi_rows(TALLOC_CTX *mem, const struct nspi_directory *dir,
			  const uint32_t *mids, uint32_t n,
			  const struct PropertyTagArray_r *tags, uint32_t codepage,
			  bool eph, struct PropertyRowSet_r **out);

/*
 * Ambiguous name resolution of one name (UTF-8): the MId of the one entry
 * it names, MID_UNRESOLVED or MID_AMBIGUOUS (nspi_ops_names.c).
 */
uint32_t nspi_resolve_name(const struct nspi_directory *dir, const char *name);

/* Opnum handlers (nspi_ops_table.c, nspi_ops_entry.c, nspi_ops_names.c). */
struct mapiproxy_call;
enum MAPISTATUS nspi_update_stat(struct nspi_session *s, struct NspiUpdateStat *r);
enum MAPISTATUS nspi_query_rows(struct nspi_session *s, TALLOC_CTX *mem,
				struct NspiQueryRows *r);
enum MAPISTATUS nspi_seek_entries(struct nspi_session *s, TALLOC_CTX *mem,
				  struct NspiSeekEntries *r);
enum MAPISTATUS nspi_get_matches(struct nspi_session *s, TALLOC_CTX *mem,
				 struct NspiGetMatches *r);
enum MAPISTATUS nspi_resort_restriction(struct nspi_session *s, TALLOC_CTX *mem,
					struct NspiResortRestriction *r);
enum MAPISTATUS nspi_compare_mids(struct nspi_session *s, struct NspiCompareMIds *r);
enum MAPISTATUS nspi_get_special_table(struct nspi_session *s, TALLOC_CTX *mem,
				       struct NspiGetSpecialTable *r);
enum MAPISTATUS nspi_dn_to_mid(struct nspi_session *s, TALLOC_CTX *mem,
			       struct NspiDNToMId *r);
enum MAPISTATUS nspi_get_prop_list(struct nspi_session *s, TALLOC_CTX *mem,
				   struct NspiGetPropList *r);
enum MAPISTATUS nspi_get_props(struct nspi_session *s, TALLOC_CTX *mem,
			       struct NspiGetProps *r);
enum MAPISTATUS nspi_query_columns(struct nspi_session *s, TALLOC_CTX *mem,
				   struct NspiQueryColumns *r);
enum MAPISTATUS nspi_get_names_from_ids(struct nspi_session *s, TALLOC_CTX *mem,
					struct NspiGetNamesFromIDs *r);
enum MAPISTATUS nspi_get_ids_from_names(struct nspi_session *s, TALLOC_CTX *mem,
					struct NspiGetIDsFromNames *r);
enum MAPISTATUS nspi_mod_props(struct nspi_session *s, struct NspiModProps *r);
enum MAPISTATUS nspi_mod_link_att(struct nspi_session *s, struct NspiModLinkAtt *r);
enum MAPISTATUS nspi_get_template_info(struct nspi_session *s, TALLOC_CTX *mem,
				       struct NspiGetTemplateInfo *r);
enum MAPISTATUS nspi_resolve_names(struct nspi_session *s, TALLOC_CTX *mem,
				   struct NspiResolveNames *r);
enum MAPISTATUS nspi_resolve_names_w(struct nspi_session *s, TALLOC_CTX *mem,
				     struct NspiResolveNamesW *r);

#endif /* MAPIPROXY_NSPI_H */
