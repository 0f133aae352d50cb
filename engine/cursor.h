// Cursors (JET_TABLEID) over a table's primary index, their position, key buffer and prepared
// update; and the write-lock table that gives esent's immediate write conflicts.
#pragma once

#include "engine/catalog.h"
#include "engine/data.h"
#include "storage/kv_iterator.h"
#include "storage/mutex.h"

#include <esent.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace jetstore::engine {

class CallGuard;

// A prepared update (JetPrepareUpdate .. JetUpdate): the copy buffer.
struct PreparedUpdate {
    bool active = false;      // prepared and not yet updated or cancelled
    unsigned long kind = 0;   // the JET_prep value (JET_prepInsert is 0)
    std::string record;       // the record being built (record codec)
    std::string original;     // Replace / InsertCopyDeleteOriginal: the storage key of the original
    std::uint64_t sequential = 0;  // the implicit key of an insert into a table without primary index
};

// Where a cursor stands. Its position is a storage key (the record's), re-found on the session's
// current view for each move, so cursors outlive transactions and snapshots as esent's do.
enum class Position : unsigned char { kBeforeFirst, kOnRecord, kAfterLast };

// Who has which table of an attached database open, and with which deny bits (JetOpenTable's
// JET_bitTableDenyRead / DenyWrite): the checks of JetOpenTable, JetDeleteTable and
// JetRenameTable against every session's cursors. Keyed by the table's object id.
class TableOpens {
public:
    // Registers a cursor of session `owner`. JET_errTableLocked: another session holds the table
    // with DenyRead, or with DenyWrite and this open may write; JET_errTableInUse: the open asks
    // for DenyRead and another session has the table open, or for DenyWrite and another session
    // has it open for writing.
    JET_ERR Open(std::uint32_t objid, std::uint64_t owner, bool deny_read, bool deny_write, bool writes);
    void Close(std::uint32_t objid, std::uint64_t owner, bool deny_read, bool deny_write, bool writes);
    // Whether any cursor (any session) has the table open.
    bool AnyOpen(std::uint32_t objid) const;

private:
    struct Entry {
        std::unordered_map<std::uint64_t, int> opens;    // session -> cursors
        std::unordered_map<std::uint64_t, int> writers;  // session -> cursors that may write
        std::unordered_map<std::uint64_t, int> deny_read;
        std::unordered_map<std::uint64_t, int> deny_write;
    };
    static bool Others(const std::unordered_map<std::uint64_t, int>& m, std::uint64_t me);
    mutable Mutex mu_;
    std::unordered_map<std::uint32_t, Entry> entries_ GUARDED_BY(mu_);
};

// A registration in a database's TableOpens (a cursor's, or a table a transaction deletes or
// renames), dropped with this object.
struct TableOpen {
    std::shared_ptr<TableOpens> opens;
    std::uint32_t objid = 0;
    std::uint64_t owner = 0;
    bool deny_read = false;
    bool deny_write = false;
    bool writes = false;
    TableOpen() = default;
    TableOpen(const TableOpen&) = delete;
    TableOpen& operator=(const TableOpen&) = delete;
    ~TableOpen() {
        if (opens != nullptr) opens->Close(objid, owner, deny_read, deny_write, writes);
    }
};

struct Cursor {
    JET_TABLEID tableid = JET_tableidNil;
    JET_DBID dbid = JET_dbidNil;
    TableDef table;
    std::uint8_t level_opened = 0;  // rolling back below this level closes the cursor
    bool read_only = false;
    bool temporary = false;        // a cursor on a temporary table: closing the last one drops it
    bool drop_duplicates = false;  // TTUnique: an insert of an existing key is dropped silently
    Position position = Position::kBeforeFirst;
    // The current index: "" for the clustered one (the primary index, or the implicit sequential
    // index of a table without one), else a secondary index's name.
    std::string index_name;
    std::string entry_key;        // kOnRecord: the storage key of the current index entry
    std::string record_key;       // kOnRecord: the storage key of the current record
    bool current_deleted = false;  // the current record was deleted through this cursor
    // JetMakeKey's buffer over the primary index.
    std::string search_key;
    std::size_t search_segments = 0;
    bool search_key_limit = false;
    // Forgets the search key (JET_bitNewKey, and a seek, index range or index change consumes it).
    void ClearSearchKey() {
        search_key.clear();
        search_segments = 0;
        search_key_limit = false;
    }
    PreparedUpdate update;
    // JetSetIndexRange: the limit (a storage key: index prefix + normalized key) the cursor may
    // not move past, in the direction `range_upper` says.
    // The iterator of the last move, kept for the next one (a scan steps instead of seeking);
    // valid while the snapshot and the session's writes are those it was made for.
    std::unique_ptr<storage::KvIterator> nav;
    std::uint64_t nav_renewals = 0;
    std::uint64_t nav_writes_epoch = 0;
    std::uint32_t nav_objid = 0;
    // The current record's bytes as the last move or seek read them, valid for the same
    // commit seq and writes (so JetRetrieveColumn after JetMove reads no tree again).
    std::string record_cache;
    bool cache_valid = false;
    std::uint64_t cache_seq = 0;
    std::uint64_t cache_writes_epoch = 0;
    bool has_range = false;
    bool sequential = false;  // JetSetTableSequential's hint
    bool permit_ddl = false;  // opened with JET_bitTablePermitDDL
    std::unique_ptr<TableOpen> open;  // not for temporary tables
    bool range_upper = true;
    bool range_inclusive = false;
    std::string range_target;
};

// The write locks of one database: a record key is locked by the transaction that changed it
// until that transaction ends; a commit records the LMDB transaction that committed it, so a
// transaction whose snapshot is older gets JET_errWriteConflict (esent's snapshot isolation).
class LockTable {
public:
    // Locks `key` for `owner` (a session handle). JET_errWriteConflict when another live
    // transaction holds it, or it was committed after `snapshot_txn`.
    // *acquired (when given) tells whether `owner` did not hold it before.
    JET_ERR Lock(const std::string& key, std::uint64_t owner, std::uint64_t snapshot_txn, bool* acquired = nullptr);
    // A read lock for `reader`: JET_errWriteConflict when another transaction write-locked it.
    JET_ERR ReadLock(const std::string& key, std::uint64_t reader);
    // An escrow lock: compatible with other transactions' escrow locks and with escrow updates
    // committed after `snapshot_txn`; not with others' write locks (either way) nor with any other
    // change committed after `snapshot_txn` ([esent] only two deltas commute).
    // JET_errWriteConflict otherwise.
    JET_ERR EscrowLock(const std::string& key, std::uint64_t owner, std::uint64_t snapshot_txn,
                       bool* acquired = nullptr);
    // True when a transaction other than `me` holds the write lock on `key`.
    bool LockedByOther(const std::string& key, std::uint64_t me) const;
    // True when a transaction other than `me` committed a change of `key` (an escrow update
    // included) after `snapshot_txn`.
    bool ChangedAfter(const std::string& key, std::uint64_t snapshot_txn, std::uint64_t me) const;
    // True when `owner` holds the write lock on `key`.
    bool Owns(const std::string& key, std::uint64_t owner) const;
    // Releases `owner`'s locks on `key`; with `commit_txn` != 0 records that commit.
    void Release(const std::string& key, std::uint64_t owner, std::uint64_t commit_txn);
    // Release for every key of a transaction, under one acquisition of the table's mutex.
    void ReleaseAll(const std::vector<std::string>& keys, std::uint64_t owner, std::uint64_t commit_txn);
    // Drops entries no snapshot can conflict with any more (committed at or before `oldest`).
    void Collect(std::uint64_t oldest_snapshot_txn);
    std::size_t size() const;

private:
    void ReleaseLocked(const std::string& key, std::uint64_t owner, std::uint64_t commit_txn) REQUIRES(mu_);

    struct Entry {
        std::uint64_t owner = 0;
        std::uint64_t commit_txn = 0;         // the last commit of a write lock (any change but escrow)
        std::uint64_t escrow_commit_txn = 0;  // the last commit of escrow updates
        std::vector<std::uint64_t> readers;
        std::vector<std::uint64_t> escrow;
    };
    mutable Mutex mu_;
    std::unordered_map<std::string, Entry> entries_ GUARDED_BY(mu_);
};

LockTable& LocksOf(AttachedDatabase& db);

// Closes one cursor of the session (JetCloseTable); a temporary table goes with its last cursor.
void CloseCursor(SessionData& d, JET_TABLEID tableid);
// Registers an open of table `objid` by session `owner` in `opens` and hands the registration to
// *out. JET_errTableLocked / JET_errTableInUse as TableOpens::Open says.
JET_ERR AcquireTableOpen(const std::shared_ptr<TableOpens>& opens, std::uint32_t objid, std::uint64_t owner,
                         bool deny_read, bool deny_write, bool writes, std::unique_ptr<TableOpen>* out);
// Replaces the cursor's table definition with a newer one; a current index the new one lacks is
// dropped with the position, search key, range and cached iterator that belonged to it.
void AdoptDefinition(Cursor& c, TableDef t);
void CloseCursorsOf(SessionData& d, JET_DBID dbid);
// [esent] A commit into `level` hands it the cursors the committed levels opened: a later
// rollback of `level` or below closes them, one of a deeper level no longer does.
void CommitCursorsTo(SessionData& d, std::uint8_t level);
// Closes cursors opened inside levels deeper than `level` (a rollback to `level`), cancels the
// prepared updates of the others.
void CloseCursorsAbove(SessionData& d, std::uint8_t level);
// Releases the transaction's write locks (recording `commit_txn` on commit, 0 on rollback).
void ReleaseLocks(CallGuard& g, SessionData& d, std::uint64_t commit_txn);

}  // namespace jetstore::engine
