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
// A session reads each database it has open through one LMDB read transaction (ReadSnapshot),
// renewed when its transaction goes from level 0 to 1 (its snapshot: ESE's snapshot isolation)
// or, outside a transaction, at the start of each call (an implicit transaction). Writes go to
// the session's WriteSet, one layer per level, over the snapshot; a level-0 commit hands the
// flattened set to the database's GroupCommitter. A transaction writes to one database only
// (DECISIONS.md 13).
#pragma once

#include "storage/env.h"
#include "storage/group_commit.h"
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
class CallGuard;

// Maps a storage status to the code of the calling API. `not_found` is what kNotFound means there.
JET_ERR FromStorage(const storage::Status& s, JET_ERR not_found);

// One attached database file.
struct AttachedDatabase {
    JET_DBID dbid = JET_dbidNil;  // constant: the index in InstanceData::dbs, from 0
    std::string path;             // constant: absolute
    bool read_only = false;       // constant
    std::unique_ptr<storage::Env> env;
    std::unique_ptr<storage::GroupCommitter> committer;
    // Object ids: allocated once, never reused (so DDL of two sessions never conflicts on them).
    std::atomic<std::uint32_t> next_object_id{0};
    // Per-table counters (the implicit sequential key, autoincrement columns), started above the
    // largest value stored: by (table objid << 32 | columnid).
    std::mutex counters_mu;
    std::unordered_map<std::uint64_t, std::uint64_t> counters;  // guarded by counters_mu
    // Serializes the commits that carry escrow deltas (each reads the latest record, then commits).
    std::mutex escrow_mu;
    // Write locks of live transactions and the last commit of each recently written record.
    std::shared_ptr<class LockTable> locks;
    // Which sessions have which tables open, with which deny bits (cursor.h).
    std::shared_ptr<class TableOpens> opens;
    // Sessions that have the database open (JetOpenDatabase / JetCreateDatabase), for detach.
    std::atomic<int> open_sessions{0};
    // A session holds it open exclusively (JET_bitDbExclusive); 0 when none.
    std::atomic<std::uint64_t> exclusive_owner{0};
};

// How long a lazy commit may stay undurable: the instance's flush timer makes it durable then.
inline constexpr std::chrono::milliseconds kLazyFlushDeadline{250};

struct InstanceData {
    std::mutex mu;  // guards dbs and stopping
    std::array<std::shared_ptr<AttachedDatabase>, JET_cMaxAttachedDatabases> dbs;  // guarded by mu
    unsigned max_readers = 126;                                                      // constant

    // The lazy-flush timer: a thread that sleeps on `wake` until the oldest unflushed lazy commit
    // of some database reaches kLazyFlushDeadline, flushes it, and stops when `stopping` is set.
    std::condition_variable wake;
    bool stopping = false;  // guarded by mu
    std::thread flusher;

    InstanceData() = default;
    ~InstanceData();  // stops the timer
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
    std::unique_ptr<storage::ReadSnapshot> snapshot;  // reset between transactions
    bool snapshot_live = false;
    std::uint64_t renewals = 0;  // counts Renew calls: iterators made before one are stale
    // A temporary table's private store (JetOpenTempTable): then there is no file and no
    // snapshot; every call applies its writes to the map when it ends (temporary tables are not
    // versioned here: a rollback does not undo them).
    std::unique_ptr<std::map<std::string, std::string, std::less<>>> memory;
    storage::WriteSet temp_writes;
};

struct SessionData {
    std::map<JET_DBID, OpenDatabase> dbs;
    // The transaction's writes (one layer per level) and the one database they go to.
    storage::WriteSet writes;
    JET_DBID write_db = JET_dbidNil;
    std::uint64_t writes_epoch = 0;  // counts changes of `writes`: cached views made before one are stale
    // The record keys this transaction locked (in write_db).
    std::vector<std::string> locked;
    // Escrow deltas of this transaction (in write_db), applied at commit to the latest committed
    // record so that concurrent escrow updates of one column add up.
    struct EscrowDelta {
        std::string record_key;
        std::uint32_t columnid;
        std::uint32_t size;  // 4 or 8
        std::int64_t delta;
        std::uint8_t level;  // the transaction level that made it (rollback of the level drops it)
    };
    std::vector<EscrowDelta> escrow;
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

// The session's data, created on first use. REQUIRES: g admitted.
SessionData& DataOf(CallGuard& g);
SessionData* DataIfAny(CallGuard& g);

// Frees a session's data: closes cursors and databases, drops uncommitted writes.
void DestroySessionData(SessionData* data);

// Transaction hooks the session layer calls (transaction.cc), with the guard held.
JET_ERR DataBeginLevel0(CallGuard& g);
void DataBeginNested(CallGuard& g);
JET_ERR DataCommitLevel(CallGuard& g, bool to_level0, bool lazy);
void DataRollbackLevel(CallGuard& g, bool to_level0, std::uint8_t level_after);

// Escrow deltas of a level-0 commit merged into the latest committed records (records.cc).
// REQUIRES: db.escrow_mu held.
JET_ERR MergeEscrow(CallGuard& g, SessionData& d, AttachedDatabase& db, storage::WriteBatch* batch);

// Instance lifetime: JetInit creates, JetTerm destroys (after every session is ended).
std::unique_ptr<InstanceData> NewInstanceData(unsigned max_sessions, bool recovery_off);
// Paths of the attached databases, in dbid order (JetGetInstanceInfo).
std::vector<std::string> AttachedPaths(InstanceData& data);

}  // namespace jetstore::engine
