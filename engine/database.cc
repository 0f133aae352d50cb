// Attached databases and each session's open databases and transaction data (engine/data.h).
#include "engine/cursor.h"
#include "engine/data.h"
#include "engine/instance.h"
#include "engine/session.h"
#include "engine/table.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace jetstore::engine {

JET_ERR FromStorage(const storage::Status& s, JET_ERR not_found) {
    using storage::Code;
    switch (s.code()) {
        case Code::kOk:
            return JET_errSuccess;
        case Code::kNotFound:
            return not_found;
        case Code::kExists:
            return JET_errDatabaseDuplicate;
        case Code::kMapFull:
            return JET_errOutOfDatabaseSpace;
        case Code::kDiskFull:
            return JET_errDiskFull;
        case Code::kAccessDenied:
        case Code::kLockedByProcess:
            return JET_errFileAccessDenied;
        case Code::kAttachedElsewhere:
            return JET_errDatabaseSharingViolation;
        case Code::kCorrupt:
            return JET_errDatabaseCorrupted;
        case Code::kReadersFull:
            return JET_errOutOfSessions;
        case Code::kInvalidArgument:
            return JET_errInvalidParameter;
        case Code::kTooLarge:
            return JET_errKeyTooBig;
        case Code::kOutOfMemory:
            return JET_errOutOfMemory;
        case Code::kIoError:
        case Code::kPanic:
            break;
    }
    return JET_errDiskIO;
}

SessionData::SessionData() = default;
SessionData::~SessionData() = default;

namespace {

// The lazy-flush timer's loop (see InstanceData).
void FlushLoop(InstanceData* data) {
    std::unique_lock lock(data->mu);
    while (!data->stopping) {
        auto next = kLazyFlushDeadline;
        std::vector<std::shared_ptr<AttachedDatabase>> due;
        for (const auto& db : data->dbs) {
            if (db == nullptr || db->committer == nullptr || !db->committer->HasUnflushedLazy()) continue;
            const auto waited = db->committer->SinceOldestUnflushedLazy();
            if (waited >= kLazyFlushDeadline) {
                due.push_back(db);
            } else {
                next = std::min(next, std::chrono::duration_cast<std::chrono::milliseconds>(kLazyFlushDeadline - waited));
            }
        }
        if (!due.empty()) {
            lock.unlock();
            for (const auto& db : due) (void)db->committer->FlushLazy();  // a failure is retried next round
            due.clear();
            lock.lock();
            continue;
        }
        data->wake.wait_for(lock, next);
    }
}

}  // namespace

InstanceData::~InstanceData() {
    {
        std::lock_guard lock(mu);
        stopping = true;
    }
    wake.notify_all();
    if (flusher.joinable()) flusher.join();
}

std::unique_ptr<InstanceData> NewInstanceData(unsigned max_sessions, bool recovery_off) {
    auto d = std::make_unique<InstanceData>();
    d->max_readers = max_sessions + 16;
    // With JET_paramRecovery "off" nothing is promised durable: no timer.
    if (!recovery_off) d->flusher = std::thread(FlushLoop, d.get());
    return d;
}

std::vector<std::string> AttachedPaths(InstanceData& data) {
    std::lock_guard lock(data.mu);
    std::vector<std::string> out;
    for (const auto& db : data.dbs) {
        if (db != nullptr) out.push_back(db->path);
    }
    return out;
}

SessionData* DataIfAny(CallGuard& g) { return g.slot().data.load(std::memory_order_relaxed); }

SessionData& DataOf(CallGuard& g) {
    SessionData* d = DataIfAny(g);
    if (d == nullptr) {
        auto fresh = std::make_unique<SessionData>();
        // Keep the write set's layers in step with the session's level.
        for (unsigned l = g.slot().level.load(std::memory_order_relaxed); l > 1; --l) fresh->writes.PushLevel();
        d = fresh.release();
        g.slot().data.store(d, std::memory_order_relaxed);
    }
    return *d;
}

namespace {

// Lets go of what one open of a database holds: its snapshot, its exclusive hold, its count.
void ReleaseOpen(OpenDatabase& odb) {
    odb.snapshot.reset();
    if (odb.db == nullptr) return;
    if (odb.exclusive) odb.db->exclusive_owner.store(0, std::memory_order_release);
    odb.db->open_sessions.fetch_sub(1, std::memory_order_acq_rel);
}

}  // namespace

void DestroySessionData(SessionData* data) {
    if (data == nullptr) return;
    data->cursors.clear();  // cursors before the snapshots their iterators read
    for (auto& [dbid, odb] : data->dbs) ReleaseOpen(odb);
    delete data;
}

namespace {

std::string AbsolutePath(const char* file) {
    std::error_code ec;
    std::filesystem::path p = std::filesystem::absolute(std::filesystem::path(file), ec);
    if (ec) return std::string(file);
    return p.lexically_normal().string();
}

InstanceData& InstanceDataOf(CallGuard& g) { return *g.record().data; }

std::uint64_t PageSize() {
    return static_cast<std::uint64_t>(TheProcess().globals.Int(JET_paramDatabasePageSize));
}

// Finds an attached database by path. REQUIRES: data.mu held.
std::shared_ptr<AttachedDatabase> FindAttached(InstanceData& data, const std::string& path) {
    for (const auto& db : data.dbs) {
        if (db != nullptr && db->path == path) return db;
    }
    return nullptr;
}

// Opens the file and registers it in a free dbid. REQUIRES: data.mu held.
JET_ERR AttachLocked(CallGuard& g, InstanceData& data, const std::string& path, storage::OpenMode mode,
                     bool overwrite, unsigned long max_pages, std::shared_ptr<AttachedDatabase>* out) {
    std::size_t free_index = data.dbs.size();
    for (std::size_t i = 0; i < data.dbs.size(); ++i) {
        if (data.dbs[i] == nullptr) {
            free_index = i;
            break;
        }
    }
    if (free_index == data.dbs.size()) return JET_errTooManyAttachedDatabases;
    storage::EnvOptions options;
    options.mode = mode;
    options.overwrite = overwrite;
    options.max_readers = data.max_readers;
    options.max_bytes = static_cast<std::uint64_t>(max_pages) * PageSize();
    options.owner = &g.record();
    std::unique_ptr<storage::Env> env;
    storage::Status s = storage::Env::Open(path, options, &env);
    if (!s.ok()) {
        if (s.Is(storage::Code::kNotFound)) {
            return mode == storage::OpenMode::kCreate ? JET_errInvalidPath : JET_errFileNotFound;
        }
        if (s.Is(storage::Code::kExists) && mode == storage::OpenMode::kCreate) return JET_errDatabaseDuplicate;
        return FromStorage(s, JET_errFileNotFound);
    }
    auto db = std::make_shared<AttachedDatabase>();
    db->dbid = static_cast<JET_DBID>(free_index + 1);
    db->path = path;
    db->read_only = mode == storage::OpenMode::kReadOnly;
    db->env = std::move(env);
    db->locks = std::make_shared<LockTable>();
    db->opens = std::make_shared<TableOpens>();
    if (!db->read_only) db->committer = std::make_unique<storage::GroupCommitter>(db->env.get());
    // The largest object id in the catalog decides where allocation continues.
    std::unique_ptr<storage::ReadSnapshot> snap;
    s = db->env->NewSnapshot(&snap);
    if (!s.ok()) return FromStorage(s, JET_errDatabaseCorrupted);
    std::uint32_t next = kFirstUserObjid;
    {
        auto it = snap->NewIterator();
        std::vector<TableDef> tables;
        const JET_ERR err = ListTables(*it, &tables);
        if (err < 0) return err;
        for (const TableDef& t : tables) {
            next = std::max(next, t.objid + 1);
            next = std::max(next, t.lv_objid + 1);
            for (const IndexDef& x : t.indexes) next = std::max(next, x.objid + 1);
        }
    }
    snap.reset();
    db->next_object_id.store(next, std::memory_order_relaxed);
    data.dbs[free_index] = db;
    *out = std::move(db);
    return JET_errSuccess;
}

// Opens `db` for the session (or counts one more open). REQUIRES: g admitted.
JET_ERR OpenForSession(CallGuard& g, const std::shared_ptr<AttachedDatabase>& db, JET_GRBIT grbit, JET_DBID* pdbid) {
    SessionData& d = DataOf(g);
    auto it = d.dbs.find(db->dbid);
    if (it != d.dbs.end() && it->second.db == db) {
        ++it->second.open_count;
        *pdbid = db->dbid;
        return db->read_only && (grbit & JET_bitDbReadOnly) == 0 ? JET_wrnFileOpenReadOnly : JET_errSuccess;
    }
    const std::uint64_t me = g.sesid();
    const std::uint64_t holder = db->exclusive_owner.load(std::memory_order_acquire);
    if (holder != 0 && holder != me) return JET_errDatabaseLocked;
    if ((grbit & JET_bitDbExclusive) != 0) {
        if (db->open_sessions.load(std::memory_order_acquire) > 0) return JET_errDatabaseInUse;
        std::uint64_t expected = 0;
        if (!db->exclusive_owner.compare_exchange_strong(expected, me)) return JET_errDatabaseLocked;
    }
    OpenDatabase odb;
    odb.db = db;
    odb.open_count = 1;
    odb.read_only = db->read_only || (grbit & JET_bitDbReadOnly) != 0;
    odb.exclusive = (grbit & JET_bitDbExclusive) != 0;
    storage::Status s = db->env->NewSnapshot(&odb.snapshot);
    if (!s.ok()) {
        if (odb.exclusive) db->exclusive_owner.store(0, std::memory_order_release);
        return FromStorage(s, JET_errDatabaseCorrupted);
    }
    odb.snapshot->Reset();
    // Inside a transaction the snapshot is the transaction's: taken now, the database's first use.
    if (g.slot().level.load(std::memory_order_relaxed) > 0) {
        s = odb.snapshot->Renew();
        if (!s.ok()) return FromStorage(s, JET_errDiskIO);
        odb.snapshot_live = true;
        ++odb.renewals;
    }
    db->open_sessions.fetch_add(1, std::memory_order_acq_rel);
    d.dbs[db->dbid] = std::move(odb);
    *pdbid = db->dbid;
    return db->read_only && (grbit & JET_bitDbReadOnly) == 0 ? JET_wrnFileOpenReadOnly : JET_errSuccess;
}

// Drops a session's open database entry. REQUIRES: no cursor of the session reads it.
void ForgetOpen(SessionData& d, std::map<JET_DBID, OpenDatabase>::iterator it) {
    ReleaseOpen(it->second);
    d.dbs.erase(it);
}

constexpr JET_GRBIT kCreateGrbits = JET_bitDbRecoveryOff | JET_bitDbShadowingOff | JET_bitDbOverwriteExisting;
constexpr JET_GRBIT kAttachGrbits = JET_bitDbReadOnly | JET_bitDbDeleteCorruptIndexes | JET_bitDbUpgrade |
                                    JET_bitDbDeleteUnicodeIndexes;
constexpr JET_GRBIT kOpenGrbits = JET_bitDbReadOnly | JET_bitDbExclusive;

}  // namespace

JET_ERR CreateDatabase(JET_SESID sesid, const char* file, JET_DBID* pdbid, JET_GRBIT grbit, unsigned long max_pages) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (file == nullptr || pdbid == nullptr || file[0] == '\0') return JET_errInvalidParameter;
    if ((grbit & ~kCreateGrbits) != 0) return JET_errInvalidGrbit;
    if (g.slot().level.load(std::memory_order_relaxed) > 0) return JET_errInTransaction;
    if (TheProcess().globals.Int(JET_paramOneDatabasePerSession) != 0) {
        SessionData* d = DataIfAny(g);
        if (d != nullptr && !d->dbs.empty()) return JET_errOneDatabasePerSession;
    }
    InstanceData& data = InstanceDataOf(g);
    const std::string path = AbsolutePath(file);
    std::shared_ptr<AttachedDatabase> db;
    {
        std::lock_guard lock(data.mu);
        if (FindAttached(data, path) != nullptr) return JET_errDatabaseDuplicate;
        const JET_ERR err = AttachLocked(g, data, path, storage::OpenMode::kCreate,
                                         (grbit & JET_bitDbOverwriteExisting) != 0, max_pages, &db);
        if (err < 0) return err;
    }
    return OpenForSession(g, db, 0, pdbid);
}

JET_ERR AttachDatabase(JET_SESID sesid, const char* file, JET_GRBIT grbit, unsigned long max_pages) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (file == nullptr || file[0] == '\0') return JET_errInvalidParameter;
    if ((grbit & ~kAttachGrbits) != 0) return JET_errInvalidGrbit;
    if (g.slot().level.load(std::memory_order_relaxed) > 0) return JET_errInTransaction;  // [esent]
    InstanceData& data = InstanceDataOf(g);
    const std::string path = AbsolutePath(file);
    std::lock_guard lock(data.mu);
    if (FindAttached(data, path) != nullptr) return JET_wrnDatabaseAttached;
    std::shared_ptr<AttachedDatabase> db;
    return AttachLocked(g, data, path,
                        (grbit & JET_bitDbReadOnly) != 0 ? storage::OpenMode::kReadOnly
                                                         : storage::OpenMode::kOpenExisting,
                        false, max_pages, &db);
}

JET_ERR DetachDatabase(JET_SESID sesid, const char* file, JET_GRBIT grbit) {
    CallGuard g(sesid, true);  // exempt from stop-service, as esent's
    if (g.err() < 0) return g.err();
    if ((grbit & ~static_cast<JET_GRBIT>(JET_bitForceDetach | JET_bitForceCloseAndDetach)) != 0) {
        return JET_errInvalidGrbit;
    }
    if (g.slot().level.load(std::memory_order_relaxed) > 0) return JET_errInTransaction;
    InstanceData& data = InstanceDataOf(g);
    std::lock_guard lock(data.mu);
    auto in_use = [](const std::shared_ptr<AttachedDatabase>& db) {
        return db->open_sessions.load(std::memory_order_acquire) > 0;
    };
    if (file == nullptr || file[0] == '\0') {  // every database
        for (auto& db : data.dbs) {
            if (db != nullptr && in_use(db)) return JET_errDatabaseInUse;
        }
        for (auto& db : data.dbs) db.reset();
        return JET_errSuccess;
    }
    const std::string path = AbsolutePath(file);
    for (auto& db : data.dbs) {
        if (db != nullptr && db->path == path) {
            if (in_use(db)) return JET_errDatabaseInUse;
            db.reset();
            return JET_errSuccess;
        }
    }
    return JET_errDatabaseNotFound;
}

JET_ERR OpenDatabaseCall(JET_SESID sesid, const char* file, JET_DBID* pdbid, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (file == nullptr || pdbid == nullptr) return JET_errInvalidParameter;
    if ((grbit & ~kOpenGrbits) != 0) return JET_errInvalidGrbit;
    InstanceData& data = InstanceDataOf(g);
    std::shared_ptr<AttachedDatabase> db;
    {
        std::lock_guard lock(data.mu);
        db = FindAttached(data, AbsolutePath(file));
    }
    if (db == nullptr) return JET_errDatabaseNotFound;
    if (TheProcess().globals.Int(JET_paramOneDatabasePerSession) != 0) {
        SessionData* d = DataIfAny(g);
        if (d != nullptr && !d->dbs.empty() && d->dbs.count(db->dbid) == 0) return JET_errOneDatabasePerSession;
    }
    return OpenForSession(g, db, grbit, pdbid);
}

JET_ERR CloseDatabase(JET_SESID sesid, JET_DBID dbid, JET_GRBIT grbit) {
    CallGuard g(sesid, true);  // exempt from stop-service
    if (g.err() < 0) return g.err();
    if (grbit != 0) return JET_errInvalidGrbit;
    SessionData* d = DataIfAny(g);
    if (d == nullptr) return JET_errInvalidDatabaseId;
    auto it = d->dbs.find(dbid);
    if (it == d->dbs.end()) return JET_errInvalidDatabaseId;
    if (--it->second.open_count > 0) return JET_errSuccess;
    // The transaction's writes to it stay until the transaction ends; so do its cursors.
    if (d->write_db == dbid && !d->writes.empty()) return JET_errSuccess;
    CloseCursorsOf(*d, dbid);
    ForgetOpen(*d, it);
    return JET_errSuccess;
}

JET_ERR GetDatabaseInfo(JET_SESID sesid, JET_DBID dbid, void* pv, unsigned long cb, unsigned long level) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    SessionData* d = DataIfAny(g);
    if (d == nullptr || d->dbs.count(dbid) == 0) return JET_errInvalidDatabaseId;
    if (pv == nullptr) return JET_errInvalidParameter;
    const OpenDatabase& odb = d->dbs.at(dbid);
    auto put_ulong = [&](unsigned long v) {
        if (cb < sizeof(unsigned long)) return JET_errInvalidBufferSize;
        std::memcpy(pv, &v, sizeof v);
        return JET_errSuccess;
    };
    switch (level) {
        case JET_DbInfoFilename: {
            const std::string& p = odb.db->path;
            if (cb < p.size() + 1) return JET_errBufferTooSmall;
            std::memcpy(pv, p.c_str(), p.size() + 1);
            return JET_errSuccess;
        }
        case JET_DbInfoConnect:
            if (cb < 1) return JET_errBufferTooSmall;
            static_cast<char*>(pv)[0] = '\0';
            return JET_errSuccess;
        case JET_DbInfoCountry:
            return put_ulong(1);
        case JET_DbInfoLCID:
            return put_ulong(1033);
        case JET_DbInfoCp:
            return put_ulong(1252);
        case JET_DbInfoCollate:
            return put_ulong(0);
        case JET_DbInfoOptions:
            return put_ulong((odb.read_only ? JET_bitDbReadOnly : 0) | (odb.exclusive ? JET_bitDbExclusive : 0));
        case JET_DbInfoTransactions:
            return put_ulong(JET_cMaxTransactionLevels);
        case JET_DbInfoVersion:
            return put_ulong(0x620);  // esent's ulDAEVersion for its current format family
        case JET_DbInfoIsam:
            return put_ulong(0);
        case JET_DbInfoFilesize:
        case JET_DbInfoSpaceOwned:
        case JET_DbInfoFilesizeOnDisk: {
            struct stat st {};
            if (::stat(odb.db->path.c_str(), &st) != 0) return JET_errDiskIO;
            const std::uint64_t bytes = static_cast<std::uint64_t>(st.st_size);
            return level == JET_DbInfoFilesizeOnDisk ? put_ulong(static_cast<unsigned long>(bytes))
                                                     : put_ulong(static_cast<unsigned long>(bytes / PageSize()));
        }
        case JET_DbInfoSpaceAvailable:
            return put_ulong(0);
        case JET_DbInfoPageSize:
            return put_ulong(static_cast<unsigned long>(PageSize()));
        case JET_DbInfoDBInUse:
            return put_ulong(1);
        default:
            return JET_errInvalidParameter;
    }
}

// ---- transactions ----------------------------------------------------------------------------

JET_ERR DataBeginLevel0(CallGuard& g) {
    SessionData* d = DataIfAny(g);
    if (d == nullptr) return JET_errSuccess;
    d->writes.Clear();
    d->write_db = JET_dbidNil;
    for (auto& [dbid, odb] : d->dbs) {
        if (odb.memory != nullptr) continue;  // a temporary table has no snapshot
        const storage::Status s = odb.snapshot->Renew();
        if (!s.ok()) return FromStorage(s, JET_errDiskIO);
        odb.snapshot_live = true;
        ++odb.renewals;
    }
    return JET_errSuccess;
}

void DataBeginNested(CallGuard& g) {
    SessionData* d = DataIfAny(g);
    if (d != nullptr) d->writes.PushLevel();
}

namespace {

// After a transaction ends: snapshots released, databases closed meanwhile forgotten.
void EndTransactionState(SessionData& d) {
    d.schema_changed = false;
    d.escrow.clear();
    ++d.writes_epoch;
    d.writes.Clear();
    d.write_db = JET_dbidNil;
    for (auto it = d.dbs.begin(); it != d.dbs.end();) {
        if (it->second.snapshot != nullptr) it->second.snapshot->Reset();
        it->second.snapshot_live = false;
        if (it->second.open_count == 0) {
            CloseCursorsOf(d, it->first);
            auto gone = it++;
            ForgetOpen(d, gone);
        } else {
            ++it;
        }
    }
}

}  // namespace

JET_ERR DataCommitLevel(CallGuard& g, bool to_level0, bool lazy) {
    SessionData* d = DataIfAny(g);
    if (d == nullptr) return JET_errSuccess;
    if (!to_level0) {
        d->writes.CommitLevel();
        const std::uint8_t level = g.slot().level.load(std::memory_order_relaxed);
        for (SessionData::EscrowDelta& e : d->escrow) {
            if (e.level >= level) e.level = static_cast<std::uint8_t>(level - 1);
        }
        CommitCursorsTo(*d, static_cast<std::uint8_t>(level - 1));
        return JET_errSuccess;
    }
    if (d->write_db != JET_dbidNil && (!d->writes.empty() || !d->locked.empty())) {
        OpenDatabase& odb = d->dbs.at(d->write_db);
        storage::WriteBatch batch;
        batch.reserve(64);
        // The write set is moved into the batch (no copies); a failed commit puts it back.
        d->writes.Drain([&](std::string&& k, std::optional<std::string>&& v) {
            batch.push_back({std::move(k), std::move(v)});
        });
        const bool locks_only = batch.empty() && d->escrow.empty();
        if (locks_only) lazy = true;  // nothing of the caller's to make durable
        // A commit that took write locks must be a commit LMDB makes, with a transaction id every
        // later snapshot reaches, for its locks are stamped with that id. Only puts are sure to
        // change a page: a batch of deletes alone (an insert deleted again in the same
        // transaction leaves a delete of a key LMDB never held) may change nothing, and LMDB then
        // commits nothing and does not advance its id. Such a batch rewrites the lock clock
        // (catalog.h) as well. Escrow updates are puts.
        const bool needs_clock = d->escrow.empty() &&
                                 std::none_of(batch.begin(), batch.end(), [](const storage::WriteOp& op) {
                                     return op.value.has_value();
                                 });
        if (needs_clock) batch.push_back({ObjectPrefix(kLockClockObjid), std::string(1, '\x01')});
        // A failed commit changes nothing: the transaction keeps its writes.
        auto restore = [&] {
            if (needs_clock) batch.pop_back();
            for (storage::WriteOp& op : batch) {
                if (op.value) {
                    d->writes.Put(op.key, *op.value);
                } else {
                    d->writes.Delete(op.key);
                }
            }
        };
        // Escrow updates add to the latest committed values: read and commit under one lock.
        std::unique_lock<std::mutex> escrow_lock;
        if (!d->escrow.empty()) {
            escrow_lock = std::unique_lock(odb.db->escrow_mu);
            const JET_ERR merged = MergeEscrow(g, *d, *odb.db, &batch);
            if (merged < 0) {
                restore();
                return merged;
            }
        }
        const storage::Durability durability = g.record().recovery_off.load(std::memory_order_relaxed)
                                                   ? storage::Durability::kNoSync
                                                   : (lazy ? storage::Durability::kLazy : storage::Durability::kDurable);
        std::uint64_t txn = 0;
        const storage::Status s = odb.db->committer->Commit(batch, durability, &txn);
        if (!s.ok()) {
            restore();  // the caller may roll back
            return FromStorage(s, JET_errDiskIO);
        }
        ReleaseLocks(g, *d, txn);
    } else {
        ReleaseLocks(g, *d, 0);
    }
    CommitCursorsTo(*d, 0);
    EndTransactionState(*d);
    return JET_errSuccess;
}

namespace {

// After a rollback undid DDL, cursors see their tables as the transaction's view now has them.
void ReloadCursorSchemas(SessionData& d) {
    for (auto& [id, c] : d.cursors) {
        auto it = d.dbs.find(c->dbid);
        if (it == d.dbs.end() || !it->second.snapshot_live) continue;
        auto base = it->second.snapshot->NewIterator();
        auto view = d.write_db == c->dbid ? d.writes.NewMergedIterator(std::move(base)) : std::move(base);
        TableDef t;
        if (LoadTable(*view, c->table.name, &t) < 0 || t.objid != c->table.objid) continue;
        AdoptDefinition(*c, std::move(t));
    }
}

}  // namespace

void DataRollbackLevel(CallGuard& g, bool to_level0, std::uint8_t level_after) {
    SessionData* d = DataIfAny(g);
    if (d == nullptr) return;
    CloseCursorsAbove(*d, level_after);
    if (to_level0) {
        ReleaseLocks(g, *d, 0);
        d->writes.Clear();
        d->write_db = JET_dbidNil;
        if (d->schema_changed) ReloadCursorSchemas(*d);
        EndTransactionState(*d);
    } else {
        d->writes.RollbackLevel();
        std::erase_if(d->escrow, [&](const SessionData::EscrowDelta& e) { return e.level > level_after; });
        if (d->schema_changed) ReloadCursorSchemas(*d);
    }
}

}  // namespace jetstore::engine

namespace jetstore::engine {

JET_ERR FlushLazyCommits(CallGuard& g, bool all_sessions) {
    std::vector<std::shared_ptr<AttachedDatabase>> dbs;
    if (all_sessions) {
        InstanceData& data = *g.record().data;
        std::lock_guard lock(data.mu);
        for (const auto& db : data.dbs) {
            if (db != nullptr) dbs.push_back(db);
        }
    } else if (SessionData* d = DataIfAny(g)) {
        for (const auto& [dbid, odb] : d->dbs) dbs.push_back(odb.db);
    }
    for (const auto& db : dbs) {
        if (db->committer == nullptr) continue;
        const storage::Status s = db->committer->FlushLazy();
        if (!s.ok()) return FromStorage(s, JET_errDiskIO);
    }
    return JET_errSuccess;
}

}  // namespace jetstore::engine
