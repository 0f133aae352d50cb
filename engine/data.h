// The engine's data layer: attached databases, the catalog, and each session's databases,
// transactions and cursors, expressed over storage/.
//
// OWNERSHIP AND THREADS
// - InstanceData lives from JetInit to JetTerm (InstanceRecord::data). Its database table is
//   guarded by `mu`; an AttachedDatabase is shared (shared_ptr) by the instance and the sessions
//   that have it open, so a detach never frees one in use.
// - SessionData belongs to one session (SessionSlot::data) and is touched only by the thread
//   inside a call on that session (the entry guard makes that one thread), or by JetTerm after
//   every call has left. A slot holding SessionData has its ctl `cleanup` bit set, so
//   JetEndSession takes the guarded path that frees it.
//
// TRANSACTIONS WITH DATA
// A session reads each database it has open through one snapshot (storage/snapshot.h: an LMDB
// read transaction, and with the commit log the committed overlay up to a commit seq), renewed
// when its transaction goes from level 0 to 1 (ESE's snapshot isolation) or, outside a
// transaction, when a call first reads (an implicit transaction). Writes go to the database's
// WriteSet in the session's OpenDatabase, one layer per level, over the snapshot. A level-0
// commit (transaction.cc) hands every database's flattened set to the instance's LogCommitter as
// one log record (atomic across databases: DECISIONS.md 13), or, with JET_paramRecovery "off",
// the one database's set to its GroupCommitter (a second database in one transaction is refused
// there).
#pragma once

#include "engine/table_hooks.h"
#include "storage/checkpointer.h"
#include "storage/commit_log.h"
#include "storage/env.h"
#include "storage/group_commit.h"
#include "storage/log_committer.h"
#include "storage/mutex.h"
#include "storage/overlay.h"
#include "storage/snapshot.h"
#include "storage/write_set.h"

#include <esent.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace jetstore::engine {

struct InstanceRecord;
struct InstanceData;
class CallGuard;

// One attached database file.
struct AttachedDatabase {
    JET_DBID dbid = JET_dbidNil;  // constant: the index in InstanceData::dbs, from 0
    std::string path;             // constant: absolute
    bool read_only = false;       // constant
    std::unique_ptr<storage::Env> env;
    // Without the log: applies commits to LMDB directly (MDB_NOSYNC).
    std::unique_ptr<storage::GroupCommitter> committer;
    // With the log: the commits not yet checkpointed, and the live snapshots (for the lock table's
    // collection). The instance's LogCommitter and Checkpointer serve every database.
    std::unique_ptr<storage::Overlay> overlay;
    std::unique_ptr<storage::SnapshotRegistry> registry;
    std::uint64_t signature = 0;       // constant: its log identity (storage/db_meta.h)
    // With the log, JetCreateDatabase2 / JetAttachDatabase2's size limit in bytes (0: none).
    // Commits are refused (JET_errOutOfDatabaseSpace) once the file's used size plus the
    // overlay's bytes for it would pass it; the LMDB map is twice as large, so that what was
    // accepted always fits when the checkpointer applies it (copy-on-write, page fill).
    std::uint64_t limit_bytes = 0;
    InstanceData* instance = nullptr;  // constant
    // Object ids: allocated once, never reused (so DDL of two sessions never conflicts on them).
    std::atomic<std::uint32_t> next_object_id{0};
    // Per-table counters (the implicit sequential key, autoincrement columns), started above the
    // largest value stored: by (table objid << 32 | columnid).
    Mutex counters_mu;
    std::unordered_map<std::uint64_t, std::uint64_t> counters GUARDED_BY(counters_mu);
    // Escrow deltas (DECISIONS 20). JetEscrowUpdate reads the latest committed record and the
    // pending deltas under escrow_mu; a commit's deltas leave escrow_pending under it in the same
    // step as they become committed values (with the log: held by the group leader across the
    // publication, storage::CommitMerge; without it: across the direct commit).
    std::mutex escrow_mu;
    // DECISIONS 20: the escrow deltas of live transactions, summed by (record key, column), so
    // that JetEscrowUpdate's old value is the latest committed value plus every uncommitted delta
    // (esent reads it from the page), like a fetch-and-add. Added by JetEscrowUpdate, taken away
    // when the transaction commits (with the commit, under escrow_mu) or rolls the delta back.
    // Guarded by escrow_mu.
    std::map<std::pair<std::string, std::uint32_t>, std::int64_t> escrow_pending;
    // JetEscrowUpdate's latest-record snapshot, renewed per call (guarded by escrow_mu), and the
    // commit leaders' (touched by one leader at a time). Declared after env, overlay and
    // registry, so destroyed before them; reset between uses (they pin nothing while idle).
    std::unique_ptr<storage::Snapshot> escrow_snapshot;
    std::unique_ptr<storage::Snapshot> merge_snapshot;
    // Write locks of live transactions and the last commit of each recently written record.
    std::shared_ptr<class LockTable> locks;
    // Which sessions have which tables open, with which deny bits (cursor.h).
    std::shared_ptr<class TableOpens> opens;
    // Sessions that have the database open (JetOpenDatabase / JetCreateDatabase), for detach.
    std::atomic<int> open_sessions{0};
    // A session holds it open exclusively (JET_bitDbExclusive); 0 when none.
    std::atomic<std::uint64_t> exclusive_owner{0};
    // Table local storage and registered callbacks (table_hooks.h).
    TableHooks hooks;
};

// How long a lazy commit may stay undurable: the instance's flush timer makes it durable then
// (documented in esent.h: at most a quarter of a second after it returned, plus the flush).
inline constexpr std::chrono::milliseconds kLazyFlushDeadline{250};

struct InstanceData {
    InstanceRecord* record = nullptr;  // constant
    Mutex mu;
    std::array<std::shared_ptr<AttachedDatabase>, JET_cMaxAttachedDatabases> dbs GUARDED_BY(mu);
    unsigned max_readers = 126;  // constant

    // The commit log (JET_paramRecovery on; all null with it off). `published` is the last
    // commit seq visible to new snapshots.
    std::atomic<std::uint64_t> published{0};
    std::unique_ptr<storage::CommitLog> log;
    std::unique_ptr<storage::LogCommitter> committer;
    std::unique_ptr<storage::Checkpointer> checkpointer;
    bool logged() const { return log != nullptr; }

    // The lazy-flush timer: a thread that sleeps on `wake` until the oldest unflushed lazy commit
    // (of the log, or of some database without it) reaches kLazyFlushDeadline, flushes it, and
    // stops when `stopping` is set.
    CondVar wake;
    bool stopping GUARDED_BY(mu) = false;
    std::thread flusher;

    InstanceData() = default;
    // Stops the timer and the checkpointer, then closes the log and the databases. Writes
    // nothing: a clean stop calls FinishInstanceData first.
    ~InstanceData();
    InstanceData(const InstanceData&) = delete;
    InstanceData& operator=(const InstanceData&) = delete;
};

struct TableDef;
struct Cursor;

// A session's view of one open database.
struct OpenDatabase {
    std::shared_ptr<AttachedDatabase> db;
    int open_count = 0;                             // JetOpenDatabase calls not yet closed
    bool read_only = false;                         // opened with JET_bitDbReadOnly
    bool exclusive = false;
    std::unique_ptr<storage::Snapshot> snapshot;  // reset between transactions
    bool snapshot_live = false;
    std::uint64_t renewals = 0;  // counts Renew calls: iterators made before one are stale
    // The transaction's changes to this database (one layer per level), the record keys it
    // locked here, and its escrow deltas, applied at commit to the latest committed records so
    // that concurrent escrow updates of one column add up.
    storage::WriteSet writes;
    std::vector<std::string> locked;
    struct EscrowDelta {
        std::string record_key;
        std::uint32_t columnid;
        std::uint32_t size;  // 4 or 8
        std::int64_t delta;
        std::uint8_t level;  // the transaction level that made it (rollback of the level drops it)
    };
    std::vector<EscrowDelta> escrow;
    // Whether the transaction has anything to commit here.
    bool HasChanges() const { return !writes.empty() || !locked.empty() || !escrow.empty(); }
    // A temporary table's private store (JetOpenTempTable): then there is no file and no
    // snapshot; every call applies its writes to the map when it ends (temporary tables are not
    // versioned here: a rollback does not undo them).
    std::unique_ptr<std::map<std::string, std::string, std::less<>>> memory;
    storage::WriteSet temp_writes;
};

struct SessionData {
    std::map<JET_DBID, OpenDatabase> dbs;
    // The cursor the last call resolved, and its database (Resolve's fast path: a server's calls
    // come in runs on one cursor). Map nodes do not move, so the pointers stay good until the
    // entry is erased; every erase of a cursor or a database calls ForgetResolved().
    struct Resolved {
        JET_TABLEID tableid = JET_tableidNil;
        struct Cursor* cursor = nullptr;
        OpenDatabase* odb = nullptr;
    } resolved;
    void ForgetResolved() { resolved = Resolved{}; }
    std::uint64_t writes_epoch = 0;  // counts changes of any write set: cached views made before one are stale
    // The transaction changed a table's schema through a cursor (a rollback reloads cursors' schemas).
    bool schema_changed = false;
    // Read locks (JetGetLock), by database.
    std::vector<std::pair<JET_DBID, std::string>> read_locked;
    // Cursors by tableid; ids are unique in the process and never reused.
    std::map<JET_TABLEID, std::unique_ptr<Cursor>> cursors;
    // Tables this transaction deletes or renames, held against other sessions' opens (as if
    // opened with DenyRead and DenyWrite) until the transaction ends (cursor.h TableOpen).
    std::vector<std::unique_ptr<struct TableOpen>> reserved;

    SessionData();
    ~SessionData();
};

}  // namespace jetstore::engine
