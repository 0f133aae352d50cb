// Attached databases and each session's open databases and transaction data (engine/data.h).
#include "engine/database.h"

#include "engine/cursor.h"
#include "engine/data.h"
#include "engine/instance.h"
#include "engine/locks.h"
#include "engine/session.h"
#include "engine/table_common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "storage/db_meta.h"
#include "storage/file_util.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>
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
        case Code::kRefused:
            return JET_errWriteConflict;  // a merge's own code is returned by its caller instead
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
    MutexLock lock(&data->mu);
    while (!data->stopping) {
        auto next = kLazyFlushDeadline;
        if (data->committer != nullptr) {
            // With the log: one flush of the log serves every database.
            const auto waited = data->committer->SinceOldestUnflushedLazy();
            if (data->committer->HasUnflushedLazy() && waited >= kLazyFlushDeadline) {
                data->mu.Unlock();
                (void)data->committer->FlushLazy();  // a failure fails the instance (never retried)
                data->mu.Lock();
                continue;
            }
            if (data->committer->HasUnflushedLazy()) next = kLazyFlushDeadline - waited;
            data->wake.WaitFor(&data->mu, next);
            continue;
        }
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
            data->mu.Unlock();
            for (const auto& db : due) (void)db->committer->FlushLazy();  // a failure is retried next round
            due.clear();
            data->mu.Lock();
            continue;
        }
        data->wake.WaitFor(&data->mu, next);
    }
}

JET_ERR FromLogStatus(const storage::Status& s) {
    switch (s.code()) {
        case storage::Code::kOk:
            return JET_errSuccess;
        case storage::Code::kDiskFull:
            return JET_errLogDiskFull;
        case storage::Code::kMapFull:
            return JET_errOutOfDatabaseSpace;
        case storage::Code::kOutOfMemory:
            return JET_errOutOfMemory;
        default:
            return JET_errLogWriteFail;
    }
}

}  // namespace

JET_ERR FromCommitStatus(const storage::Status& s) { return FromLogStatus(s); }

InstanceData::~InstanceData() {
    {
        MutexLock lock(&mu);
        stopping = true;
    }
    wake.NotifyAll();
    if (flusher.joinable()) flusher.join();
    checkpointer.reset();  // joins its thread; checkpoints nothing
    committer.reset();
    log.reset();
    for (auto& db : dbs) db.reset();
}

std::unique_ptr<InstanceData> NewInstanceData(InstanceRecord& rec, unsigned max_sessions, LogStart* start) {
    auto d = std::make_unique<InstanceData>();
    d->record = &rec;
    d->max_readers = max_sessions + 16;
    if (start != nullptr) {
        d->log = std::move(start->log);
        d->published.store(d->log->last_seq(), std::memory_order_relaxed);
        d->committer = std::make_unique<storage::LogCommitter>(d->log.get(), &d->published);
        d->checkpointer = std::make_unique<storage::Checkpointer>(start->options, d->log.get(), d->committer.get(),
                                                                  &d->published, start->checkpoint);
        InstanceRecord* r = &rec;
        d->committer->SetFatalHandler([r](const storage::Status& s) {
            FailInstanceFromStorage(*r, s.Is(storage::Code::kDiskFull) ? JET_errLogDiskFull : JET_errLogWriteFail);
        });
        d->checkpointer->SetFatalHandler([r](const storage::Status& s) {
            FailInstanceFromStorage(*r, s.Is(storage::Code::kDiskFull) ? JET_errDiskFull : JET_errDiskIO);
        });
        storage::Checkpointer* cp = d->checkpointer.get();
        d->committer->SetAdmission([cp] { return cp->Admit(); });
        d->checkpointer->Start();
    }
    // With JET_paramRecovery "off" nothing is promised durable: no timer.
    if (start != nullptr) d->flusher = std::thread(FlushLoop, d.get());
    return d;
}

JET_ERR FinishInstanceData(InstanceData& data) {
    if (!data.logged()) return JET_errSuccess;
    {
        MutexLock lock(&data.mu);
        data.stopping = true;
    }
    data.wake.NotifyAll();
    if (data.flusher.joinable()) data.flusher.join();
    const storage::Status s = data.checkpointer->Finish();
    return s.ok() ? JET_errSuccess : FromLogStatus(s);
}

std::uint64_t LatestSeq(const AttachedDatabase& db) {
    if (db.overlay != nullptr) return db.instance->published.load(std::memory_order_acquire);
    return db.committer != nullptr ? db.committer->last_txn() : 0;
}

JET_ERR NewSessionSnapshot(AttachedDatabase& db, std::unique_ptr<storage::Snapshot>* out) {
    std::unique_ptr<storage::ReadSnapshot> lmdb;
    const storage::Status s = db.env->NewSnapshot(&lmdb);
    if (!s.ok()) return FromStorage(s, JET_errDatabaseCorrupted);
    lmdb->Reset();
    if (db.overlay != nullptr) {
        *out = std::make_unique<storage::Snapshot>(std::move(lmdb), db.overlay.get(), &db.instance->published,
                                                   db.registry.get());
    } else {
        *out = std::make_unique<storage::Snapshot>(std::move(lmdb), nullptr, nullptr, nullptr);
    }
    return JET_errSuccess;
}

JET_ERR NewLatestSnapshot(AttachedDatabase& db, std::unique_ptr<storage::Snapshot>* out) {
    JET_ERR err = NewSessionSnapshot(db, out);
    if (err < 0) return err;
    const storage::Status s = (*out)->Renew();
    return s.ok() ? JET_errSuccess : FromStorage(s, JET_errDiskIO);
}

JET_ERR RenewLatest(AttachedDatabase& db, std::unique_ptr<storage::Snapshot>* snapshot) {
    if (*snapshot == nullptr) return NewLatestSnapshot(db, snapshot);
    const storage::Status s = (*snapshot)->Renew();
    return s.ok() ? JET_errSuccess : FromStorage(s, JET_errDiskIO);
}

std::vector<std::string> AttachedPaths(InstanceData& data) {
    MutexLock lock(&data.mu);
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
        // Write sets live in the open databases (each gets a layer per level when it is opened).
        d = new SessionData();
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

void ForgetOpen(SessionData& d, std::map<JET_DBID, OpenDatabase>::iterator it) {
    ReleaseOpen(it->second);
    d.ForgetResolved();
    d.dbs.erase(it);
}

void DestroySessionData(SessionData* data) {
    if (data == nullptr) return;
    data->cursors.clear();  // cursors before the snapshots their iterators read
    for (auto& [dbid, odb] : data->dbs) ReleaseOpen(odb);
    delete data;
}

std::string AbsolutePath(const char* file) {
    std::string name(file);
    std::replace(name.begin(), name.end(), '\\', '/');  // DECISIONS 8: Windows-built paths
    std::error_code ec;
    std::filesystem::path p = std::filesystem::absolute(std::filesystem::path(name), ec);
    if (ec) return name;
    return p.lexically_normal().string();
}

namespace {

// [esent] With JET_paramCreatePathIfNotExist, JetCreateDatabase and JetAttachDatabase create the
// missing folders of the database's path.
JET_ERR EnsureDatabaseFolder(CallGuard& g, const std::string& path) {
    if (g.record().params.Int(JET_paramCreatePathIfNotExist) == 0) return JET_errSuccess;
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (parent.empty()) return JET_errSuccess;
    return EnsureFolder(parent.string() + "/", true);
}

}  // namespace

namespace {

InstanceData& InstanceDataOf(CallGuard& g) { return *g.record().data; }

std::uint64_t NewSignature() {
    static std::atomic<std::uint64_t> counter{0};
    std::random_device rd;
    std::uint64_t v = 0;
    while (v == 0) {
        v = (static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^
            static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
            (counter.fetch_add(1, std::memory_order_relaxed) << 48);
    }
    return v;
}

std::uint64_t PageSize() {
    return static_cast<std::uint64_t>(TheProcess().globals.Int(JET_paramDatabasePageSize));
}

// Finds an attached database by path.
std::shared_ptr<AttachedDatabase> FindAttached(InstanceData& data, const std::string& path) REQUIRES(data.mu) {
    for (const auto& db : data.dbs) {
        if (db != nullptr && db->path == path) return db;
    }
    return nullptr;
}

// Opens the file and registers it in a free dbid.
JET_ERR AttachLocked(CallGuard& g, InstanceData& data, const std::string& path, storage::OpenMode mode,
                     bool overwrite, JET_ULONG max_pages, std::shared_ptr<AttachedDatabase>* out)
    REQUIRES(data.mu) {
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
    const std::uint64_t limit = static_cast<std::uint64_t>(max_pages) * PageSize();
    // With the log the limit is enforced at commit (AttachedDatabase::limit_bytes); the map keeps
    // room for what was accepted.
    options.max_bytes = limit != 0 && data.logged() ? 2 * limit + (4u << 20) : limit;
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
    db->instance = &data;
    db->limit_bytes = data.logged() ? limit : 0;
    db->locks = std::make_shared<LockTable>();
    db->opens = std::make_shared<TableOpens>();
    std::unique_ptr<storage::ReadSnapshot> snap;
    s = db->env->NewSnapshot(&snap);
    if (!s.ok()) return FromStorage(s, JET_errDatabaseCorrupted);
    // The database's log state (storage/db_meta.h): one that is attached to another log stream
    // (its instance stopped dirty and was not recovered) needs that stream's recovery first.
    storage::DbMeta meta;
    std::string_view meta_bytes;
    const bool has_meta = snap->Get(storage::DbMetaKey(), &meta_bytes).ok() && storage::DecodeDbMeta(meta_bytes, &meta);
    if (has_meta && meta.attached && (!data.logged() || meta.lineage != data.log->lineage())) {
        return JET_errDatabaseDirtyShutdown;
    }
    // The largest object id in the catalog decides where allocation continues.
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
    if (data.logged() && !db->read_only) {
        // Attached to this instance's log: its state says so, then the log records it (replay
        // finds the file by path and checks the signature).
        db->signature = has_meta && meta.signature != 0 ? meta.signature : NewSignature();
        storage::DbMeta mine;
        mine.attached = true;
        mine.signature = db->signature;
        mine.lineage = data.log->lineage();
        mine.applied_seq = data.published.load(std::memory_order_acquire);
        s = db->env->Write([&](storage::TxnWriter& w) { return w.Put(storage::DbMetaKey(), storage::EncodeDbMeta(mine)); },
                           storage::Durability::kDurable);
        // A new file's name must survive an OS crash before the log says it exists.
        if (s.ok() && mode == storage::OpenMode::kCreate) s = storage::SyncFolder(storage::FolderOf(path));
        if (!s.ok()) return FromStorage(s, JET_errDiskIO);
        db->overlay = std::make_unique<storage::Overlay>();
        db->registry = std::make_unique<storage::SnapshotRegistry>(&data.published);
        const storage::logfmt::DbAttachment attachment{static_cast<std::uint8_t>(db->dbid), db->signature, path};
        std::string payload;
        storage::logfmt::EncodeDbEvent(&payload, attachment);
        s = data.committer->LogEvent(mode == storage::OpenMode::kCreate ? storage::logfmt::RecordType::kCreateDb
                                                                         : storage::logfmt::RecordType::kAttachDb,
                                     std::move(payload));
        if (!s.ok()) return FromLogStatus(s);
        data.checkpointer->Add(attachment, db->env.get(), db->overlay.get());
    } else if (!db->read_only) {
        db->committer = std::make_unique<storage::GroupCommitter>(db->env.get());
    }
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
    JET_ERR err = NewSessionSnapshot(*db, &odb.snapshot);
    if (err < 0) {
        if (odb.exclusive) db->exclusive_owner.store(0, std::memory_order_release);
        return err;
    }
    // Inside a transaction the snapshot is the transaction's: taken now, the database's first use;
    // its write set gets a layer per level.
    const unsigned level = g.slot().level.load(std::memory_order_relaxed);
    if (level > 0) {
        const storage::Status s = odb.snapshot->Renew();
        if (!s.ok()) {
            if (odb.exclusive) db->exclusive_owner.store(0, std::memory_order_release);
            return FromStorage(s, JET_errDiskIO);
        }
        odb.snapshot_live = true;
        ++odb.renewals;
        for (unsigned l = level; l > 1; --l) odb.writes.PushLevel();
    }
    db->open_sessions.fetch_add(1, std::memory_order_acq_rel);
    d.ForgetResolved();  // an entry of the same dbid may be replaced
    d.dbs[db->dbid] = std::move(odb);
    *pdbid = db->dbid;
    return db->read_only && (grbit & JET_bitDbReadOnly) == 0 ? JET_wrnFileOpenReadOnly : JET_errSuccess;
}

// Detaches `db` (no session has it open): with the log, its changes are checkpointed into the
// file, the file is marked consistent, and the log records the detach.
JET_ERR DetachLocked(InstanceData& data, std::shared_ptr<AttachedDatabase>& db) REQUIRES(data.mu) {
    if (db->overlay != nullptr) {
        storage::Status s = data.checkpointer->Detach(static_cast<std::uint8_t>(db->dbid));
        if (!s.ok()) return FromLogStatus(s);
        std::string payload;
        storage::logfmt::EncodeDetach(&payload, static_cast<std::uint8_t>(db->dbid), db->signature);
        s = data.committer->LogEvent(storage::logfmt::RecordType::kDetachDb, std::move(payload));
        if (!s.ok()) return FromLogStatus(s);
    }
    db.reset();
    return JET_errSuccess;
}

constexpr JET_GRBIT kCreateGrbits = JET_bitDbRecoveryOff | JET_bitDbShadowingOff | JET_bitDbOverwriteExisting;
constexpr JET_GRBIT kAttachGrbits = JET_bitDbReadOnly | JET_bitDbDeleteCorruptIndexes | JET_bitDbUpgrade |
                                    JET_bitDbDeleteUnicodeIndexes;
constexpr JET_GRBIT kOpenGrbits = JET_bitDbReadOnly | JET_bitDbExclusive;

}  // namespace

JET_ERR CreateDatabase(JET_SESID sesid, const char* file, JET_DBID* pdbid, JET_GRBIT grbit, JET_ULONG max_pages) {
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
    const JET_ERR folder = EnsureDatabaseFolder(g, path);
    if (folder < 0) return folder;
    std::shared_ptr<AttachedDatabase> db;
    {
        MutexLock lock(&data.mu);
        if (FindAttached(data, path) != nullptr) return JET_errDatabaseDuplicate;
        const JET_ERR err = AttachLocked(g, data, path, storage::OpenMode::kCreate,
                                         (grbit & JET_bitDbOverwriteExisting) != 0, max_pages, &db);
        if (err < 0) return err;
    }
    return OpenForSession(g, db, 0, pdbid);
}

JET_ERR AttachDatabase(JET_SESID sesid, const char* file, JET_GRBIT grbit, JET_ULONG max_pages) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (file == nullptr || file[0] == '\0') return JET_errInvalidParameter;
    if ((grbit & ~kAttachGrbits) != 0) return JET_errInvalidGrbit;
    if (g.slot().level.load(std::memory_order_relaxed) > 0) return JET_errInTransaction;  // [esent]
    InstanceData& data = InstanceDataOf(g);
    const std::string path = AbsolutePath(file);
    const JET_ERR folder = EnsureDatabaseFolder(g, path);
    if (folder < 0) return folder;
    MutexLock lock(&data.mu);
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
    MutexLock lock(&data.mu);
    auto in_use = [](const std::shared_ptr<AttachedDatabase>& db) {
        return db->open_sessions.load(std::memory_order_acquire) > 0;
    };
    if (file == nullptr || file[0] == '\0') {  // every database
        for (auto& db : data.dbs) {
            if (db != nullptr && in_use(db)) return JET_errDatabaseInUse;
        }
        for (auto& db : data.dbs) {
            if (db == nullptr) continue;
            const JET_ERR err = DetachLocked(data, db);
            if (err < 0) return err;
        }
        return JET_errSuccess;
    }
    const std::string path = AbsolutePath(file);
    for (auto& db : data.dbs) {
        if (db != nullptr && db->path == path) {
            if (in_use(db)) return JET_errDatabaseInUse;
            return DetachLocked(data, db);
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
        MutexLock lock(&data.mu);
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
    if (it->second.HasChanges()) return JET_errSuccess;
    CloseCursorsOf(*d, dbid);
    ForgetOpen(*d, it);
    return JET_errSuccess;
}

namespace {
void FillDbInfoMisc(const storage::DbMeta& meta, bool has_meta, bool attached, JET_DBINFOMISC* out);
}  // namespace

JET_ERR GetDatabaseInfo(JET_SESID sesid, JET_DBID dbid, void* pv, JET_ULONG cb, JET_ULONG level) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    SessionData* d = DataIfAny(g);
    if (d == nullptr || d->dbs.count(dbid) == 0) return JET_errInvalidDatabaseId;
    if (pv == nullptr) return JET_errInvalidParameter;
    const OpenDatabase& odb = d->dbs.at(dbid);
    auto put_ulong = [&](JET_ULONG v) {
        if (cb < sizeof(JET_ULONG)) return JET_errInvalidBufferSize;
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
            return level == JET_DbInfoFilesizeOnDisk ? put_ulong(static_cast<JET_ULONG>(bytes))
                                                     : put_ulong(static_cast<JET_ULONG>(bytes / PageSize()));
        }
        case JET_DbInfoSpaceAvailable:
            return put_ulong(0);
        case JET_DbInfoPageSize:
            return put_ulong(static_cast<JET_ULONG>(PageSize()));
        case JET_DbInfoDBInUse:
            return put_ulong(1);
        case JET_DbInfoMisc: {
            if (cb < sizeof(JET_DBINFOMISC)) return JET_errBufferTooSmall;
            JET_DBINFOMISC info;
            FillDbInfoMisc(storage::DbMeta{}, false, true, &info);
            std::memcpy(pv, &info, sizeof info);
            return JET_errSuccess;
        }
        default:
            return JET_errInvalidParameter;
    }
}

namespace {

// The file of a database grown to at least `pages` pages (never shrunk), with its blocks
// allocated (JET_errDiskFull when they cannot be); *real gets its size in pages.
JET_ERR GrowFile(const std::string& path, JET_ULONG pages, JET_ULONG* real) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT ? JET_errFileNotFound : errno == EACCES ? JET_errFileAccessDenied : JET_errDiskIO;
    JET_ERR err = JET_errSuccess;
    struct stat st {};
    if (::fstat(fd, &st) != 0) err = JET_errDiskIO;
    const std::uint64_t want = static_cast<std::uint64_t>(pages) * PageSize();
    std::uint64_t size = static_cast<std::uint64_t>(st.st_size);
    if (err >= 0 && want > size) {
        // Blocks past LMDB's last page are free space to it: it writes its next pages there.
        const int rc = ::posix_fallocate(fd, 0, static_cast<off_t>(want));
        if (rc == ENOSPC) {
            err = JET_errDiskFull;
        } else if (rc != 0 || ::fsync(fd) != 0) {
            err = JET_errDiskIO;
        } else {
            size = want;
        }
    }
    ::close(fd);
    if (err >= 0 && real != nullptr) {
        *real = static_cast<JET_ULONG>(std::min<std::uint64_t>(size / PageSize(), UINT32_MAX));
    }
    return err;
}

// [esent] JET_DBINFOMISC of a database file: format, identity, state, page size. `attached`: an
// instance of this process has it attached (its file is then not consistent).
void FillDbInfoMisc(const storage::DbMeta& meta, bool has_meta, bool attached, JET_DBINFOMISC* out) {
    std::memset(out, 0, sizeof *out);
    out->ulVersion = 0x620;  // as JET_DbInfoVersion
    out->ulUpdate = 0;
    out->signDb.ulRandom = static_cast<JET_ULONG>(has_meta ? meta.signature & 0xFFFFFFFFu : 0);
    out->dbstate = attached || (has_meta && meta.attached) ? JET_dbstateDirtyShutdown : JET_dbstateCleanShutdown;
    // The esent level jetstore implements (JetGetVersion).
    out->dwMajorVersion = 5;
    out->dwMinorVersion = 2;
    out->dwBuildNumber = 3790;
    out->lSPNumber = 0;
    out->cbPageSize = static_cast<JET_ULONG>(PageSize());
}

}  // namespace

JET_ERR GrowDatabase(JET_SESID sesid, JET_DBID dbid, JET_ULONG pages, JET_ULONG* real) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    SessionData* d = DataIfAny(g);
    if (d == nullptr || d->dbs.count(dbid) == 0 || d->dbs.at(dbid).memory != nullptr) return JET_errInvalidDatabaseId;
    const OpenDatabase& odb = d->dbs.at(dbid);
    if (odb.read_only || odb.db->read_only) return JET_errPermissionDenied;
    // A database with a size limit (JetCreateDatabase2 / JetAttachDatabase2) grows to it at most.
    if (odb.db->limit_bytes != 0 && static_cast<std::uint64_t>(pages) * PageSize() > odb.db->limit_bytes) {
        return JET_errOutOfDatabaseSpace;
    }
    return GrowFile(odb.db->path, pages, real);
}

JET_ERR SetDatabaseSize(JET_SESID sesid, const char* file, JET_ULONG pages, JET_ULONG* real) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (file == nullptr || *file == '\0') return JET_errInvalidParameter;
    const std::string path = AbsolutePath(file);
    // [esent] the file of a database nobody has attached.
    if (AttachedInProcess(path)) return JET_errDatabaseInUse;
    std::unique_ptr<storage::Env> env;
    storage::EnvOptions o;
    o.mode = storage::OpenMode::kReadOnly;
    const storage::Status s = storage::Env::Open(path, o, &env);  // it must be a database
    if (!s.ok()) return FromStorage(s, JET_errFileNotFound);
    env.reset();
    return GrowFile(path, pages, real);
}

JET_ERR GetDatabaseFileInfo(const char* file, void* pv, JET_ULONG cb, JET_ULONG level) {
    if (file == nullptr || *file == '\0' || pv == nullptr) return JET_errInvalidParameter;
    if (level != JET_DbInfoFilesize && level != JET_DbInfoPageSize && level != JET_DbInfoMisc &&
        level != JET_DbInfoFilesizeOnDisk) {
        return JET_errInvalidParameter;
    }
    const std::string path = AbsolutePath(file);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return errno == ENOENT ? JET_errFileNotFound : JET_errDiskIO;
    switch (level) {
        case JET_DbInfoFilesize:
        case JET_DbInfoFilesizeOnDisk: {
            // [esent] a 64-bit byte count for a file
            const auto bytes = static_cast<unsigned long long>(
                level == JET_DbInfoFilesize ? st.st_size : st.st_blocks * 512);
            if (cb < sizeof bytes) return JET_errBufferTooSmall;
            std::memcpy(pv, &bytes, sizeof bytes);
            return JET_errSuccess;
        }
        case JET_DbInfoPageSize: {
            const auto page = static_cast<JET_ULONG>(PageSize());
            if (cb < sizeof page) return JET_errBufferTooSmall;
            std::memcpy(pv, &page, sizeof page);
            return JET_errSuccess;
        }
        default:
            break;
    }
    if (cb < sizeof(JET_DBINFOMISC)) return JET_errBufferTooSmall;
    const bool attached = AttachedInProcess(path);
    storage::DbMeta meta;
    bool has_meta = false;
    if (!attached) {
        // Read its state from the file (another process may have it open: LMDB allows readers).
        std::unique_ptr<storage::Env> env;
        storage::EnvOptions o;
        o.mode = storage::OpenMode::kReadOnly;
        storage::Status s = storage::Env::Open(path, o, &env);
        if (!s.ok()) return FromStorage(s, JET_errFileNotFound);
        std::unique_ptr<storage::ReadSnapshot> snap;
        std::string_view v;
        s = env->NewSnapshot(&snap);
        if (!s.ok()) return FromStorage(s, JET_errDiskIO);
        s = snap->Get(storage::DbMetaKey(), &v);
        if (s.ok()) {
            if (!storage::DecodeDbMeta(v, &meta)) return JET_errDatabaseCorrupted;
            has_meta = true;
        } else if (!s.Is(storage::Code::kNotFound)) {
            return FromStorage(s, JET_errDiskIO);
        }
    }
    JET_DBINFOMISC info;
    FillDbInfoMisc(meta, has_meta, attached, &info);
    std::memcpy(pv, &info, sizeof info);
    return JET_errSuccess;
}

}  // namespace jetstore::engine
