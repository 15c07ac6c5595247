/*
 * Internals of the EMSMDB mailbox store shared by its files: the store
 * records (es_store.c), property sets (es_props.c), folders, messages,
 * tables, streams and the ROP handlers that use them.
 *
 * Copyright (C) mapiproxy authors.  GPL-3.0-or-later.
 */
#ifndef MAPIPROXY_ES_PRIVATE_H
#define MAPIPROXY_ES_PRIVATE_H

#include "config.h"
#include <string.h>
#include <errno.h>
#include <sys/types.h>
#include <tdb.h>
#include <util/debug.h>
#include <util/data_blob.h>
#include "emsmdb_store.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* ---------------------------------------------------------------- errors
 * MS-OXCDATA 2.4 */
#define EC_SUCCESS            0x00000000
#define EC_ERROR              0x80004005 /* GeneralFailure */
#define EC_NOT_ENOUGH_MEMORY  0x8007000E
#define EC_INVALID_PARAM      0x80070057
#define EC_ACCESS_DENIED      0x80070005
#define EC_NOT_SUPPORTED      0x80040102
#define EC_INVALID_OBJECT     0x80040108
#define EC_OBJECT_DELETED     0x8004010A
#define EC_NOT_FOUND          0x8004010F
#define EC_NOT_IMPLEMENTED    0x80040FFF
#define EC_TOO_BIG            0x80040305
#define EC_INVALID_BOOKMARK   0x80040405
#define EC_COLLISION          0x80040604 /* duplicate folder name */
#define EC_NO_RECIPIENTS      0x80040607
#define EC_HAS_FOLDERS        0x80040609
#define EC_HAS_MESSAGES       0x8004060A
#define EC_WARN_WITH_ERRORS   0x00040380
#define EC_UNKNOWN_USER       0x000003EB
#define EC_LOGIN_PERM         0x000003F2
#define EC_NO_RECEIVE_FOLDER  0x00000463
#define EC_NULL_OBJECT        0x000004B9
#define EC_RPC_FORMAT         0x000004B6
#define EC_STREAM_SIZE_ERROR  0x80030070
#define EC_STREAM_SEEK_ERROR  0x80030019
#define EC_STREAM_ACCESS_DENIED 0x80030005

/* ------------------------------------------------------ property tags */
#define PROP_ID(tag)   ((uint16_t)((tag) >> 16))
#define PROP_TYPE(tag) ((uint16_t)((tag) & 0xffff))
#define PROP_TAG(id, type) (((uint32_t)(id) << 16) | (type))

#define PR_ENTRYID                 0x0FFF0102
#define PR_MESSAGE_CLASS           0x001A001F
#define PR_SUBJECT                 0x0037001F
#define PR_SUBJECT_PREFIX          0x003D001F
#define PR_NORMALIZED_SUBJECT      0x0E1D001F
#define PR_MESSAGE_FLAGS           0x0E070003
#define PR_MESSAGE_SIZE            0x0E080003
#define PR_MESSAGE_RECIPIENTS      0x0E12000D
#define PR_MESSAGE_ATTACHMENTS     0x0E13000D
#define PR_HASATTACH               0x0E1B000B
#define PR_MESSAGE_DELIVERY_TIME   0x0E060040
#define PR_CLIENT_SUBMIT_TIME      0x00390040
#define PR_RECIPIENT_TYPE          0x0C150003
#define PR_SENDER_NAME             0x0C1A001F
#define PR_SENDER_EMAIL_ADDRESS    0x0C1F001F
#define PR_RECEIVED_BY_NAME        0x0040001F
#define PR_DELETE_AFTER_SUBMIT     0x0E01000B
#define PR_BODY                    0x1000001F
#define PR_ROWID                   0x30000003
#define PR_DISPLAY_NAME            0x3001001F
#define PR_ADDRTYPE                0x3002001F
#define PR_EMAIL_ADDRESS           0x3003001F
#define PR_COMMENT                 0x3004001F
#define PR_CREATION_TIME           0x30070040
#define PR_LAST_MODIFICATION_TIME  0x30080040
#define PR_SMTP_ADDRESS            0x39FE001F
#define PR_CONTENT_COUNT           0x36020003
#define PR_CONTENT_UNREAD          0x36030003
#define PR_FOLDER_TYPE             0x36010003
#define PR_SUBFOLDERS              0x360A000B
#define PR_CONTAINER_CLASS         0x3613001F
#define PR_ASSOC_CONTENT_COUNT     0x36170003
#define PR_FOLDER_CHILD_COUNT      0x66380003
#define PR_ATTACH_SIZE             0x0E200003
#define PR_ATTACH_NUM              0x0E210003
#define PR_ATTACH_DATA_BIN         0x37010102
#define PR_ATTACH_METHOD           0x37050003
#define PR_FID                     0x67480014
#define PR_PARENT_FID              0x67490014
#define PR_MID                     0x674A0014
#define PR_INST_ID                 0x674D0014
#define PR_INSTANCE_NUM            0x674E0003

/* PidTagMessageFlags bits (MS-OXCMSG 2.2.1.6) */
#define MSGFLAG_READ     0x00000001
#define MSGFLAG_UNMODIFIED 0x00000002
#define MSGFLAG_SUBMIT   0x00000004
#define MSGFLAG_UNSENT   0x00000008
#define MSGFLAG_HASATTACH 0x00000010
#define MSGFLAG_FROMME   0x00000020
#define MSGFLAG_ASSOCIATED 0x00000040

/* ------------------------------------------------------- serializing
 * The store's own record format (not a wire format): little-endian
 * integers, u32-counted byte strings.  Readers are bounded: a short or
 * corrupt record sets failed, never reads past the end. */
struct es_buf {
	TALLOC_CTX *mem;
	uint8_t *data;
	size_t len, alloc;
	bool failed;
};
void es_put_u8(struct es_buf *b, uint8_t v);
void es_put_u16(struct es_buf *b, uint16_t v);
void es_put_u32(struct es_buf *b, uint32_t v);
void es_put_u64(struct es_buf *b, uint64_t v);
void es_put_bytes(struct es_buf *b, const void *p, size_t n);
void es_put_blob(struct es_buf *b, const struct rop_blob *v);

struct es_rd {
	const uint8_t *data;
	size_t len, ofs;
	bool failed;
};
uint8_t es_get_u8(struct es_rd *r);
uint16_t es_get_u16(struct es_rd *r);
uint32_t es_get_u32(struct es_rd *r);
uint64_t es_get_u64(struct es_rd *r);
bool es_get_bytes(struct es_rd *r, void *out, size_t n);
bool es_get_blob(struct es_rd *r, TALLOC_CTX *mem, struct rop_blob *v);
/* A count of items of at least min_size bytes each that can still be there. */
bool es_get_count(struct es_rd *r, uint32_t *n, size_t min_size);

/* ------------------------------------------------------- property sets */
struct es_props {
	uint32_t count;
	struct rop_tagged_value *v;
};

/* The value of tag: same id, and same type, or PT_UNSPECIFIED asked, or the
 * other string type (the caller converts). */
struct rop_tagged_value *es_props_find(const struct es_props *p, uint32_t tag);
bool es_props_set(TALLOC_CTX *mem, struct es_props *p, uint32_t tag,
		  const struct rop_propval *v);
bool es_props_delete(struct es_props *p, uint32_t tag);
bool es_props_copy(TALLOC_CTX *mem, struct es_props *dst, const struct es_props *src);
bool es_propval_copy(TALLOC_CTX *mem, struct rop_propval *dst,
		     const struct rop_propval *src);
bool es_props_set_u32(TALLOC_CTX *mem, struct es_props *p, uint32_t tag, uint32_t v);
bool es_props_set_u64(TALLOC_CTX *mem, struct es_props *p, uint32_t tag, uint64_t v);
bool es_props_set_bin(TALLOC_CTX *mem, struct es_props *p, uint32_t tag,
		      const uint8_t *data, size_t len);
/* A UTF-8 C string stored as PtypString (UTF-16LE). */
bool es_props_set_str(TALLOC_CTX *mem, struct es_props *p, uint32_t tag, const char *s);
bool es_props_get_u32(const struct es_props *p, uint32_t tag, uint32_t *v);
/* The UTF-8 text of a string property, NULL if absent. */
char *es_props_get_str(TALLOC_CTX *mem, const struct es_props *p, uint32_t tag);
bool es_props_pack(struct es_buf *b, const struct es_props *p);
bool es_props_unpack(TALLOC_CTX *mem, struct es_rd *r, struct es_props *p);

/* v as type want (PtypString8 <-> PtypString, else only the same type). */
bool es_propval_convert(TALLOC_CTX *mem, const struct rop_propval *v,
			uint16_t want, struct rop_propval *out);
char *es_propval_utf8(TALLOC_CTX *mem, const struct rop_propval *v);
bool es_utf8_to_utf16(TALLOC_CTX *mem, const char *s, struct rop_blob *out);
/* Bytes of v inside a ROP buffer (MS-OXCDATA 2.11.1), type not included. */
uint32_t es_propval_wire_size(const struct rop_propval *v);
/* Order of two values of the same type (strings case-insensitively). */
int es_propval_compare(const struct rop_propval *a, const struct rop_propval *b);
bool es_type_valid(uint16_t type);
/* n bytes of src (may be NULL when n is 0) then pad zero bytes. */
void *es_memdup_pad(TALLOC_CTX *mem, const void *src, size_t n, size_t pad);
uint64_t es_nttime_now(void);

/* ------------------------------------------------------------ store */

struct emsmdb_store {
	struct tdb_context *tdb;
	char *path;
	/* the running transaction logged events: tell changed at commit */
	bool events_logged;
	/* es_tx_begin calls not yet committed or cancelled */
	uint32_t tx_depth;
	/* folders whose messages the running transaction changes, with
	 * their counts before (es_count_events.c) */
	struct es_count_watch *watch;
	uint32_t nwatch;
	void (*changed)(void *private_data);
	void *changed_private;
};

/* The special folders of a private mailbox, in the order of RopLogon's
 * FolderIds (MS-OXCSTOR 2.2.1.1.3) and then those under the IPM subtree. */
enum es_special {
	ES_ROOT = 0, ES_DEFERRED_ACTION, ES_SPOOLER_QUEUE, ES_IPM_SUBTREE,
	ES_INBOX, ES_OUTBOX, ES_SENT_ITEMS, ES_DELETED_ITEMS, ES_COMMON_VIEWS,
	ES_SCHEDULE, ES_SEARCH, ES_VIEWS, ES_SHORTCUTS,
	ES_CALENDAR, ES_CONTACTS, ES_DRAFTS, ES_JOURNAL, ES_NOTES, ES_TASKS,
	ES_NUM_SPECIAL
};
#define ES_LOGON_FOLDER_IDS 13

/* A mailbox record: its number keys every other record of the mailbox. */
struct es_mailbox {
	uint32_t num;
	char *dn;
	uint16_t repl_id;
	uint8_t mailbox_guid[16];
	uint8_t repl_guid[16];
	uint64_t next_counter;     /* GlobalCounter of the next id */
	uint16_t next_named_id;    /* next named property id, from 0x8000 */
};

/* Transactions nest: only the outermost commits (tdb's own nesting). */
bool es_tx_begin(struct emsmdb_store *st);
bool es_tx_commit(struct emsmdb_store *st);
void es_tx_cancel(struct emsmdb_store *st);

bool es_rec_fetch(TALLOC_CTX *mem, struct emsmdb_store *st, const char *key,
		  struct es_rd *out);
bool es_rec_store(struct emsmdb_store *st, const char *key, const struct es_buf *b);
bool es_rec_delete(struct emsmdb_store *st, const char *key);

/* The mailbox of dn; with create, made (with its folders) if missing.
 * Called inside a transaction when create is set. */
uint32_t es_mailbox_get(TALLOC_CTX *mem, struct emsmdb_store *st, const char *dn,
			bool create, struct es_mailbox **out);
bool es_mailbox_save(struct emsmdb_store *st, const struct es_mailbox *mbx);
/* FID/MID of MS-OXCDATA 2.2.1.1: ReplicaId then a big-endian GlobalCounter */
uint64_t es_make_id(uint16_t repl_id, uint64_t counter);
uint64_t es_id_counter(uint64_t id);
uint64_t es_special_fid(const struct es_mailbox *mbx, enum es_special which);
/* A fresh id (inside a transaction): reloads the counter from the store. */
bool es_alloc_id(struct emsmdb_store *st, struct es_mailbox *mbx, uint64_t *id);

/* ------------------------------------------------------------ folders */
struct es_folder {
	uint64_t fid, parent;
	struct es_props props;
	uint32_t nsub;
	uint64_t *sub;
	uint32_t nmsg;
	uint64_t *msgs;
};
uint32_t es_folder_load(TALLOC_CTX *mem, struct emsmdb_store *st,
			const struct es_mailbox *mbx, uint64_t fid,
			struct es_folder **out);
bool es_folder_save(struct emsmdb_store *st, const struct es_mailbox *mbx,
		    const struct es_folder *f);
bool es_folder_delete_rec(struct emsmdb_store *st, const struct es_mailbox *mbx,
			  uint64_t fid);
bool es_mailbox_create_folders(struct emsmdb_store *st, struct es_mailbox *mbx);
/* Create a folder under parent (in a transaction). */
uint32_t es_folder_create(TALLOC_CTX *mem, struct emsmdb_store *st,
			  struct es_mailbox *mbx, uint64_t parent, uint64_t fid,
			  const char *name, const char *comment, uint32_t type,
			  struct es_folder **out);
/* The stored and the computed properties of a folder, for reading. */
bool es_folder_props(TALLOC_CTX *mem, struct emsmdb_store *st,
		     const struct es_mailbox *mbx, const struct es_folder *f,
		     struct es_props *out);
/* PidTagContentCount, PidTagContentUnreadCount (associated messages do
 * not count) and PidTagAssociatedContentCount of f. */
struct es_folder_counts {
	uint32_t total, unread, assoc;
};
void es_folder_count(struct emsmdb_store *st, const struct es_mailbox *mbx,
		     const struct es_folder *f, struct es_folder_counts *out);
bool es_id_list_add(TALLOC_CTX *mem, uint64_t **list, uint32_t *n, uint64_t id);
bool es_id_list_remove(uint64_t *list, uint32_t *n, uint64_t id);
bool es_folder_entryid(TALLOC_CTX *mem, const struct es_mailbox *mbx, uint64_t fid,
		       struct rop_blob *out);

/* ------------------------------------------------------------ messages */
struct es_attach {
	uint32_t num;
	struct es_props props;
};
struct es_message {
	uint64_t mid, fid;
	struct es_props props;
	uint32_t ncols;            /* recipient columns (ModifyRecipients) */
	uint32_t *cols;
	uint32_t nrecip;
	struct es_props *recips;
	uint32_t natt;
	struct es_attach *atts;
	uint32_t next_att;
};
uint32_t es_message_load(TALLOC_CTX *mem, struct emsmdb_store *st,
			 const struct es_mailbox *mbx, uint64_t mid,
			 struct es_message **out);
bool es_message_save(struct emsmdb_store *st, const struct es_mailbox *mbx,
		     const struct es_message *m);
bool es_message_delete_rec(struct emsmdb_store *st, const struct es_mailbox *mbx,
			   uint64_t mid);
bool es_message_copy(TALLOC_CTX *mem, const struct es_message *src,
		     struct es_message **out);
/* Stored plus computed properties (PidTagMid, sizes, flags...). */
bool es_message_props(TALLOC_CTX *mem, const struct es_mailbox *mbx,
		      const struct es_message *m, struct es_props *out);
bool es_attach_props(TALLOC_CTX *mem, const struct es_attach *a, struct es_props *out);
/* Put m (a new or changed message) in folder fid and save both. */
uint32_t es_message_store_in(TALLOC_CTX *mem, struct emsmdb_store *st,
			     const struct es_mailbox *mbx, struct es_message *m);
/* Remove message mid from its folder and the store. */
uint32_t es_message_remove(TALLOC_CTX *mem, struct emsmdb_store *st,
			   const struct es_mailbox *mbx, uint64_t fid, uint64_t mid);

/* ------------------------------------------------------------ named props */
uint32_t es_named_to_id(TALLOC_CTX *mem, struct emsmdb_store *st,
			struct es_mailbox *mbx, const struct rop_property_name *name,
			bool create, uint16_t *id);
uint32_t es_named_from_id(TALLOC_CTX *mem, struct emsmdb_store *st,
			  const struct es_mailbox *mbx, uint16_t id,
			  struct rop_property_name *out);

/* ------------------------------------------------------------ sessions */
enum es_kind {
	ES_OBJ_LOGON = 1, ES_OBJ_FOLDER, ES_OBJ_MESSAGE, ES_OBJ_ATTACH,
	ES_OBJ_TABLE, ES_OBJ_STREAM, ES_OBJ_NOTIFY
};
#define ES_KIND_BIT(k) (1u << (k))

struct es_logon {
	uint8_t logon_id;
	uint8_t logon_flags;
	struct es_mailbox *mbx;
};

struct es_table;
struct es_stream;

/* An open message or attachment: a working copy saved by SaveChanges. */
struct es_msg_obj {
	struct es_message *m;
	bool is_new, writable;
};
struct es_att_obj {
	struct es_attach a;
	bool is_new, writable;
};

struct es_object {
	enum es_kind kind;
	uint32_t handle;
	int refs;                  /* the handle, plus one per child object */
	bool released;
	struct es_logon *logon;
	struct es_object *parent;
	uint64_t fid;              /* folders */
	struct es_msg_obj *msg;
	struct es_att_obj *att;
	struct es_table *table;
	struct es_stream *stream;
	struct es_subscription *sub;  /* notification subscriptions */
};

struct emsmdb_session {
	struct emsmdb_store *store;
	char *user_dn;
	emsmdb_resolve_fn resolve;
	void *resolve_private;
	struct es_logon *logons[256];
	struct es_object **objs;
	uint32_t nobjs;
	uint32_t next_handle;
	struct rop_state *state;   /* for parsing requests in process_blob */
	/* RopNotify responses not sent yet (es_notify.c) */
	struct rop_response **notify;
	uint32_t nnotify;
	struct timeval last_activity;
};

/* The state of one ROP being answered. */
struct es_call {
	struct emsmdb_session *sess;
	const struct rop_request *req;
	struct rop_response *rsp;
	uint32_t *handles;         /* the response's handle table */
	uint32_t num_handles;
	struct es_object *in;      /* the object at InputHandleIndex */
	struct es_object *out;     /* the object the ROP opened, if any */
	uint32_t budget;           /* bytes the response may still take */
	TALLOC_CTX *mem;           /* the response's memory */
};

/* Make obj (child of parent, which it keeps alive) the ROP's output. */
struct es_object *es_object_new(struct es_call *c, enum es_kind kind,
				struct es_object *parent);
void es_object_unref(struct emsmdb_session *sess, struct es_object *o);
struct es_object *es_object_find(struct emsmdb_session *sess, uint32_t handle);
/* The mailbox the call works on. */
struct es_mailbox *es_call_mbx(struct es_call *c);
struct emsmdb_store *es_call_store(struct es_call *c);

typedef uint32_t (*es_rop_fn)(struct es_call *c);
struct es_rop_handler {
	uint8_t rop_id;
	uint32_t in_kinds;         /* kinds accepted at the input index */
	es_rop_fn fn;
};
/* Handlers of one family, terminated by rop_id 0. */
extern const struct es_rop_handler es_rops_logon[];
extern const struct es_rop_handler es_rops_folder[];
extern const struct es_rop_handler es_rops_message[];
extern const struct es_rop_handler es_rops_table[];
extern const struct es_rop_handler es_rops_property[];
extern const struct es_rop_handler es_rops_stream[];

/* ------------------------------------------------------------ tables */
#define ES_TABLE_HIERARCHY 1
#define ES_TABLE_CONTENTS 2
#define ES_TABLE_ATTACHMENTS 3
/* TableFlags of RopGetContentsTable/RopGetHierarchyTable (MS-OXCFOLD
 * 2.2.1.13.1, 2.2.1.14.1) */
#define ES_TABLE_ASSOCIATED 0x02
#define ES_TABLE_DEPTH 0x04
#define ES_TABLE_NO_NOTIFICATIONS 0x10
#define ES_TABLE_SUPPRESS_NOTIFICATIONS 0x80

struct es_table_view;
struct es_event;
struct es_table {
	int kind;
	uint8_t flags;
	uint32_t ncols;
	uint32_t *cols;
	uint16_t nsort;
	struct rop_SortOrder *sort;
	struct rop_restriction *res;
	uint32_t pos;
	/* the rows the client was last told of, once it has a view
	 * (es_table_notify.c); NULL: no TableModified notifications */
	struct es_table_view *view;
};

/* A row as TableModified notifications name it (MS-OXCNOTIF 2.2.1.4.1.2):
 * a folder (hierarchy tables) or a message and its folder (contents
 * tables), and its PropertyRow of the table's columns. */
struct es_table_row {
	uint64_t fid, mid;
	uint32_t instance;
	struct rop_blob data;
};

void es_table_init(struct es_object *o, int kind, uint8_t flags);
uint32_t es_table_count(struct es_call *c, struct es_object *o, uint32_t *n);
/* The rows of table object o now, in order, as es_table_rows. */
uint32_t es_table_rows_now(TALLOC_CTX *mem, struct emsmdb_store *st, struct es_object *o,
			   struct es_table_row **rows, uint32_t *n);
/* es_table_notify.c: a ROP that makes a view of the table on the server
 * subscribes it (MS-OXCNOTIF 3.1.4.3) unless it was opened without
 * notifications; one that changes what its rows are (columns, sort,
 * restriction) starts the view over. */
void es_table_viewed(struct emsmdb_store *st, struct es_object *o);
void es_table_view_reset(struct emsmdb_store *st, struct es_object *o);
/* Before a ROP uses a subscribed table's cursor: what changed since the
 * rows last told is queued, so the cursor is a place in the rows now. */
void es_table_sync(struct emsmdb_session *sess, struct es_object *o);
/* Around each ROP of a session: SuppressesNotifications tables do not
 * hear of what the session's own ROPs change. */
void es_table_own_rop_begin(struct emsmdb_session *sess);
void es_table_own_rop_end(struct emsmdb_session *sess);
/* A table that gets TableModified notifications. */
bool es_table_notifies(const struct es_object *o);
/* Queue what changed in the session's subscribed tables on mailbox
 * mbx_num, given the log's events (last: the log's last sequence). */
void es_table_notify_harvest(struct emsmdb_session *sess, uint32_t mbx_num,
			     const struct es_event *ev, uint32_t nev, uint64_t last);
bool es_restriction_eval(const struct rop_restriction *r, const struct es_props *p,
			 const struct es_message *m);

/* ------------------------------------------------------------ properties */
/* Properties of any property-bearing object, for reading. */
bool es_object_props(TALLOC_CTX *mem, struct es_call *c, struct es_object *o,
		     struct es_props *out);
/* The property row of the columns cols for props (flagged if one is missing). */
bool es_make_row(TALLOC_CTX *mem, const struct es_props *p, const uint32_t *cols,
		 uint32_t ncols, struct rop_property_row *row);
uint32_t es_row_wire_size(const struct rop_property_row *row);
/* Store a stream's bytes back into its owner (StreamCommit / Release). */
uint32_t es_stream_commit(struct emsmdb_session *sess, struct es_object *o);
/* Set then delete properties of a folder (stored at once), message or
 * attachment (its working copy); problems (MS-OXCDATA 2.7) hang off mem. */
uint32_t es_object_write(TALLOC_CTX *mem, struct emsmdb_session *sess, struct es_object *o,
			 const struct rop_tagged_value *set, uint32_t nset,
			 const uint32_t *del, uint32_t ndel,
			 struct rop_PropertyProblem **problems, uint16_t *nproblems);

/* ------------------------------------------------------------ notifications
 * es_notify.c: events are logged by the transaction that makes the
 * change, and read by the sessions subscribed to them. */
/* NotificationFlags (MS-OXCNOTIF 2.2.1.4.1.2): the type bits, and M (the
 * event is about a message, or a table's rows are messages) */
#define ES_NT_TYPE_MASK		0x0FFF
#define ES_NF_MESSAGE		0x8000
/* T and U: TotalMessageCount and UnreadMessageCount follow */
#define ES_NF_TOTAL		0x1000
#define ES_NF_UNREAD		0x2000
#define ES_EVENT_NEW_MAIL	0x0002	/* NotificationType, MS-OXCNOTIF 2.2.1.4.1.1 */
#define ES_EVENT_CREATED	0x0004
#define ES_EVENT_DELETED	0x0008
#define ES_EVENT_MODIFIED	0x0010
#define ES_EVENT_MOVED		0x0020
#define ES_EVENT_COPIED		0x0040

struct es_event {
	uint64_t seq;
	uint16_t flags;            /* NotificationFlags */
	uint64_t fid, mid, parent_fid, old_fid, old_mid, old_parent_fid;
	uint32_t message_flags;    /* NewMail */
	struct rop_blob message_class;  /* NewMail, UTF-16LE, no terminator */
	uint32_t total, unread;    /* with ES_NF_TOTAL, ES_NF_UNREAD */
};

struct es_subscription {
	uint8_t types;             /* RopRegisterNotification NotificationTypes */
	bool whole_store;
	uint64_t fid, mid;
	uint64_t seen;             /* the last logged event looked at */
};

/* Log ev in mbx's log (inside the change's transaction); sets ev->seq. */
bool es_event_log(struct emsmdb_store *st, const struct es_mailbox *mbx,
		  struct es_event *ev);
/* A message event (ES_EVENT_CREATED, ...): m's folder and id, and for
 * moves and copies where it came from. */
bool es_event_message(struct emsmdb_store *st, const struct es_mailbox *mbx,
		      uint16_t type, const struct es_message *m, uint64_t old_fid,
		      uint64_t old_mid);
bool es_event_new_mail(struct emsmdb_store *st, const struct es_mailbox *mbx,
		       const struct es_message *m);
bool es_event_folder(struct emsmdb_store *st, const struct es_mailbox *mbx,
		     uint16_t type, uint64_t fid, uint64_t parent);
/* ObjectModified of folder fid with its new message counts (T, U). */
bool es_event_folder_counts(struct emsmdb_store *st, const struct es_mailbox *mbx,
			    uint64_t fid, const struct es_folder_counts *n);
/* es_count_events.c: a folder whose messages (or their read state) the
 * running transaction is about to change; its outermost commit logs an
 * ObjectModified with the counts of each such folder whose counts moved. */
bool es_count_watch(struct emsmdb_store *st, const struct es_mailbox *mbx, uint64_t fid);
/* At the outermost commit, before tdb commits (es_store.c). */
bool es_count_events_log(struct emsmdb_store *st);
void es_count_watch_clear(struct emsmdb_store *st);
/* The sequence number of the last event logged for a mailbox (0: none). */
uint64_t es_event_log_last(struct emsmdb_store *st, uint32_t mbx_num);
/* RopRegisterNotification */
uint32_t es_subscribe(struct es_call *c);
/* A RopNotify for o's handle and logon with these NotificationFlags. */
struct rop_response *es_notify_new(TALLOC_CTX *mem, const struct es_object *o,
				   uint16_t flags);
/* Queue a RopNotify response (now the session's), dropping the oldest
 * past the queue's limit. */
bool es_notify_queue_push(struct emsmdb_session *sess, struct rop_response *r);
/* Drop the queued responses of a handle being released. */
void es_notify_forget(struct emsmdb_session *sess, uint32_t handle);
/* Bytes of one serialized response (es_session.c). */
uint32_t es_response_size(const struct rop_response *r);

/* ------------------------------------------------------------ submit */
uint32_t es_submit(struct es_call *c, struct es_object *msg_obj);

#endif
