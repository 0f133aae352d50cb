// The view of one table call over an open database (CallView): inside a transaction the session's
// snapshot and write set; outside, an implicit transaction committed when the call ends.
#pragma once

#include "engine/cursor.h"
#include "engine/data.h"
#include "engine/database.h"
#include "engine/instance.h"
#include "engine/locks.h"
#include "engine/session.h"
#include "engine/transaction.h"

#include "storage/kv_iterator.h"
#include "storage/write_set.h"

#include <esent.h>

#include <cstdint>
#include <memory>
#include <string>

namespace jetstore::engine {

inline std::uint8_t LevelOf(CallGuard& g) { return g.slot().level.load(std::memory_order_relaxed); }

// A call's access to one open database: inside a transaction the session's snapshot and the
// transaction's write set; outside, an implicit transaction: a fresh snapshot taken when the call
// first reads storage (a call served from a cursor's cached record takes none), and writes
// committed when the call ends.
class CallView {
public:
    CallView(CallGuard& g, SessionData& d, OpenDatabase& odb) : g_(g), d_(d), odb_(odb) {}
    ~CallView() {
        if (implicit_ && odb_.memory == nullptr && LevelOf(g_) == 0) {
            odb_.snapshot->Reset();
            odb_.snapshot_live = false;
        }
    }
    CallView(const CallView&) = delete;
    CallView& operator=(const CallView&) = delete;

    // Errors are reported by the calls that read (Get, Iterator); kept for the callers' shape.
    JET_ERR err() const { return JET_errSuccess; }
    bool temporary() const { return odb_.memory != nullptr; }

    std::unique_ptr<storage::KvIterator> Iterator() {
        if (temporary()) return odb_.temp_writes.NewMergedIterator(storage::NewMapIterator(odb_.memory.get()));
        const JET_ERR err = EnsureSnapshot();
        if (err < 0) return FailedIterator(err);
        return odb_.writes.NewMergedIterator(odb_.snapshot->NewIterator());
    }

    // Reads one key through the write set and the snapshot.
    [[nodiscard]] JET_ERR Get(const std::string& key, std::string* value, bool* found) {
        std::string_view v;
        const storage::WriteSet::Found f = temporary() ? odb_.temp_writes.Get(key, &v) : odb_.writes.Get(key, &v);
        if (f != storage::WriteSet::Found::kAbsent) {
            *found = f == storage::WriteSet::Found::kValue;
            if (*found) value->assign(v);
            return JET_errSuccess;
        }
        if (temporary()) {
            auto it = odb_.memory->find(key);
            *found = it != odb_.memory->end();
            if (*found) *value = it->second;
            return JET_errSuccess;
        }
        const JET_ERR err = EnsureSnapshot();
        if (err < 0) return err;
        const storage::Status s = odb_.snapshot->Get(key, &v);
        if (s.Is(storage::Code::kNotFound)) {
            *found = false;
            return JET_errSuccess;
        }
        if (!s.ok()) return FromStorage(s, JET_errDiskIO);
        value->assign(v);
        *found = true;
        return JET_errSuccess;
    }

    // The commit seq this call reads at: the transaction's snapshot, or (outside one) the latest
    // committed state's. Cached records and iterators are stamped with it.
    std::uint64_t Seq() {
        if (temporary()) return 0;
        if (odb_.snapshot_live) return odb_.snapshot->Seq();
        return LatestSeq(*odb_.db);
    }
    // The snapshot's seq, renewing it first outside a transaction (conflict checks need a
    // snapshot that exists).
    [[nodiscard]] JET_ERR SnapshotSeq(std::uint64_t* seq) {
        if (temporary()) {
            *seq = 0;
            return JET_errSuccess;
        }
        const JET_ERR err = EnsureSnapshot();
        if (err >= 0) *seq = odb_.snapshot->Seq();
        return err;
    }

    // Readies the session to write this database: read-only checks and DECISIONS.md 13.
    [[nodiscard]] JET_ERR BeginWrite() {
        if (temporary()) return JET_errSuccess;  // not versioned: no transaction rules apply
        if (odb_.read_only) return JET_errPermissionDenied;
        if (g_.slot().read_only.load(std::memory_order_relaxed) != 0) return JET_errTransReadOnly;
        if (!g_.record().data->logged()) {
            // Without the log a commit is one LMDB transaction: one database per transaction.
            for (const auto& [dbid, other] : d_.dbs) {
                if (&other != &odb_ && other.memory == nullptr && other.HasChanges()) return JET_errInvalidOperation;
            }
        }
        return EnsureSnapshot();
    }

    // Locks a record key for this transaction (esent's write conflicts).
    [[nodiscard]] JET_ERR Lock(const std::string& key) {
        if (temporary()) return JET_errSuccess;  // private to the session
        touched_ = true;
        std::uint64_t seq = 0;
        JET_ERR err = SnapshotSeq(&seq);
        if (err < 0) return err;
        bool acquired = false;
        err = LocksOf(*odb_.db).Lock(key, g_.sesid(), seq, &acquired);
        if (err >= 0 && acquired) odb_.locked.push_back(key);  // each key once: released at the end
        return err;
    }

    // A read lock: other transactions' write locks on the record conflict until this one ends.
    [[nodiscard]] JET_ERR ReadLock(const std::string& key) {
        if (temporary()) return JET_errSuccess;
        touched_ = true;
        const JET_ERR err = LocksOf(*odb_.db).ReadLock(key, g_.sesid());
        if (err >= 0) d_.read_locked.emplace_back(odb_.db->dbid, key);
        return err;
    }

    // The version store's bound: a transaction's uncommitted bytes (JET_paramMaxVerPages pages
    // of 16 KiB) over every database it writes. Past it the write is refused and the engine stays
    // healthy.
    [[nodiscard]] JET_ERR Reserve(std::size_t bytes) {
        if (temporary()) return JET_errSuccess;
        const std::uint64_t limit = static_cast<std::uint64_t>(
            g_.record().params.Int(JET_paramMaxVerPages)) * 16384u;
        std::uint64_t held = 0;
        for (const auto& [dbid, other] : d_.dbs) held += other.writes.bytes();
        return held + bytes > limit ? JET_errVersionStoreOutOfMemory : JET_errSuccess;
    }

    storage::WriteSet& writes() {
        ++d_.writes_epoch;  // the caller is about to change it
        touched_ = true;
        return temporary() ? odb_.temp_writes : odb_.writes;
    }
    OpenDatabase& odb() { return odb_; }

    // Keeps `record` as the cursor's current record for this view's seq and these writes.
    void CacheRecord(Cursor& c, std::string_view record) {
        c.record_cache.assign(record);
        StampRecord(c);
    }
    // Marks the record bytes already in c.record_cache as current for this view.
    void StampRecord(Cursor& c) {
        c.cache_valid = true;
        c.cache_seq = Seq();
        c.cache_writes_epoch = d_.writes_epoch;
    }
    bool CachedRecord(Cursor& c) {
        return c.cache_valid && c.cache_writes_epoch == d_.writes_epoch && c.cache_seq == Seq();
    }

    // The cursor's kept iterator, made anew when the snapshot or the writes changed since.
    storage::KvIterator& NavIterator(Cursor& c, std::uint32_t objid) {
        if (!temporary() && !odb_.snapshot_live) (void)EnsureSnapshot();
        if (c.nav == nullptr || c.nav_renewals != odb_.renewals || c.nav_writes_epoch != d_.writes_epoch ||
            c.nav_objid != objid) {
            c.nav.reset();
            c.nav = Iterator();
            c.nav_renewals = odb_.renewals;
            c.nav_writes_epoch = d_.writes_epoch;
            c.nav_objid = objid;
        }
        return *c.nav;
    }

    // Ends the call: outside a transaction, commits what it wrote (or drops it on error).
    [[nodiscard]] JET_ERR Finish(JET_ERR err) {
        if (temporary()) {
            // A temporary table applies each call's writes when the call ends, whatever the level.
            if (err >= 0) {
                odb_.temp_writes.ForEach([&](const std::string& k, const std::optional<std::string>& v) {
                    if (v) {
                        (*odb_.memory)[k] = *v;
                    } else {
                        odb_.memory->erase(k);
                    }
                });
            }
            if (!odb_.temp_writes.empty()) ++d_.writes_epoch;
            odb_.temp_writes.Clear();
            return err;
        }
        if (LevelOf(g_) != 0) return err;
        // A call outside a transaction that wrote and locked nothing has nothing to commit: its
        // snapshot goes with the view.
        if (!touched_ && !odb_.HasChanges() && d_.reserved.empty() && d_.read_locked.empty()) return err;
        if (err < 0) {
            DropImplicit();
            return err;
        }
        const bool lazy = (SessionCommitDefault(g_) & JET_bitCommitLazyFlush) != 0;
        const JET_ERR c = DataCommitLevel(g_, true, lazy);
        if (c < 0) {
            // An implicit transaction that cannot commit is rolled back: nothing stays pending.
            DropImplicit();
            return c;
        }
        return err;
    }

private:
    // Outside a transaction, takes the call's snapshot when it first reads.
    [[nodiscard]] JET_ERR EnsureSnapshot() {
        if (odb_.snapshot_live) return JET_errSuccess;
        const storage::Status s = odb_.snapshot->Renew();
        if (!s.ok()) return FromStorage(s, JET_errDiskIO);
        odb_.snapshot_live = true;
        ++odb_.renewals;
        implicit_ = true;
        return JET_errSuccess;
    }

    void DropImplicit() {
        ReleaseLocks(g_, d_, 0);
        for (auto& [dbid, other] : d_.dbs) {
            other.writes.Clear();
            other.locked.clear();
            other.escrow.clear();
        }
        ++d_.writes_epoch;
    }

    static std::unique_ptr<storage::KvIterator> FailedIterator(JET_ERR err);

    CallGuard& g_;
    SessionData& d_;
    OpenDatabase& odb_;
    bool implicit_ = false;
    bool touched_ = false;  // the call wrote or took a lock
};

}  // namespace jetstore::engine
