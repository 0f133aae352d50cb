#include "engine/compact.h"

#include "engine/data.h"
#include "engine/database.h"
#include "engine/instance.h"
#include "engine/session.h"
#include "recovery/backup_set.h"
#include "storage/db_meta.h"
#include "storage/file_util.h"

#include <memory>
#include <random>
#include <string>

namespace jetstore::engine {
namespace {

constexpr JET_GRBIT kCompactGrbits = JET_bitCompactStats | JET_bitCompactRepair;
constexpr JET_GRBIT kDefragmentGrbits = JET_bitDefragmentBatchStart | JET_bitDefragmentBatchStop |
                                        JET_bitDefragmentAvailSpaceTreesOnly | JET_bitDefragmentNoPartialMerges |
                                        JET_bitDefragmentBTree;

void Report(JET_PFNSTATUS status, JET_SNT snt, JET_ULONG done = 0, JET_ULONG total = 0) {
    if (status == nullptr) return;
    JET_SNPROG p{sizeof(JET_SNPROG), done, total};
    (void)status(0, JET_snpCompact, snt, snt == JET_sntProgress ? &p : nullptr);
}

JET_ERR FromFile(const storage::Status& s) {
    if (s.Is(storage::Code::kDiskFull)) return JET_errDiskFull;
    if (s.Is(storage::Code::kAccessDenied)) return JET_errFileAccessDenied;
    if (s.Is(storage::Code::kNotFound)) return JET_errFileNotFound;
    if (s.Is(storage::Code::kOutOfMemory)) return JET_errOutOfMemory;
    return JET_errDiskIO;
}

}  // namespace

JET_ERR Compact(JET_SESID sesid, const char* src, const char* dest, JET_PFNSTATUS status, const JET_CONVERT_A* convert,
                JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (src == nullptr || dest == nullptr || *src == 0 || *dest == 0 || convert != nullptr) return JET_errInvalidParameter;
    if ((grbit & ~kCompactGrbits) != 0) return JET_errInvalidGrbit;
    const std::string from = AbsolutePath(src), to = AbsolutePath(dest);
    if (from == to) return JET_errInvalidParameter;
    InstanceData& data = *g.record().data;
    std::shared_ptr<AttachedDatabase> attached;
    {
        MutexLock lock(&data.mu);
        for (const auto& db : data.dbs) {
            if (db != nullptr && db->path == from) attached = db;
            if (db != nullptr && db->path == to) return JET_errDatabaseInUse;  // the copy would replace it
        }
    }
    std::unique_ptr<storage::Env> own;
    storage::Env* env = nullptr;
    if (attached != nullptr) {
        // Everything committed so far into the file first (commits made meanwhile by other
        // sessions may not be in the copy: compact a database nobody writes).
        if (data.logged()) {
            const storage::Status s = data.checkpointer->CheckpointNow();
            if (!s.ok()) return FromCommitStatus(s);
        }
        env = attached->env.get();
    } else {
        storage::EnvOptions o;
        o.mode = storage::OpenMode::kReadOnly;
        const storage::Status s = storage::Env::Open(from, o, &own);
        if (!s.ok()) return FromStorage(s, JET_errFileNotFound);
        std::unique_ptr<storage::ReadSnapshot> snap;
        std::string_view v;
        storage::DbMeta meta;
        if (own->NewSnapshot(&snap).ok() && snap->Get(storage::DbMetaKey(), &v).ok() && storage::DecodeDbMeta(v, &meta) &&
            meta.attached) {
            return JET_errDatabaseDirtyShutdown;  // it needs its log's recovery first
        }
        env = own.get();
    }
    Report(status, JET_sntBegin);
    const std::uint64_t total = env->UsedBytes();
    recovery::BackupFile out;
    storage::Status s = recovery::WriteFileFrom(
        storage::FolderOf(to), to.substr(to.rfind('/') + 1), [&](int fd) { return env->CopyTo(fd, true); }, &out,
        [&](std::uint64_t n) {
            Report(status, JET_sntProgress, static_cast<JET_ULONG>(n >> 12), static_cast<JET_ULONG>(std::max(n, total) >> 12));
        });
    if (s.ok()) {
        // The copy is a database of its own: consistent, with a new identity for the log.
        std::unique_ptr<storage::Env> copy;
        storage::EnvOptions o;
        o.mode = storage::OpenMode::kOpenExisting;
        s = storage::Env::Open(to, o, &copy);
        if (s.ok()) {
            storage::DbMeta meta;
            meta.attached = false;
            std::random_device rd;
            meta.signature = (static_cast<std::uint64_t>(rd()) << 32) | rd() | 1;
            s = copy->Write([&](storage::TxnWriter& w) { return w.Put(storage::DbMetaKey(), storage::EncodeDbMeta(meta)); },
                            storage::Durability::kDurable);
        }
    }
    Report(status, s.ok() ? JET_sntComplete : JET_sntFail);
    return s.ok() ? JET_errSuccess : FromFile(s);
}

JET_ERR Defragment(JET_SESID sesid, JET_DBID dbid, const char* table, JET_ULONG* passes, JET_ULONG* seconds,
                   JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if ((grbit & ~kDefragmentGrbits) != 0) return JET_errInvalidGrbit;
    SessionData* d = DataIfAny(g);
    if (d == nullptr || d->dbs.count(dbid) == 0) return JET_errInvalidDatabaseId;
    (void)table;
    if (passes != nullptr) *passes = 0;
    if (seconds != nullptr) *seconds = 0;
    // Nothing runs in the background: a stop finds nothing to stop.
    if ((grbit & JET_bitDefragmentBatchStop) != 0) return JET_wrnDefragNotRunning;
    return JET_errSuccess;
}

}  // namespace jetstore::engine
