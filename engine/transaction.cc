// Session-level transactions: levels, the binding to a thread or a context value, and the checks
// esent makes at nested begin, commit and rollback. The page store fills them with data.
#include "engine/transaction.h"

#include "engine/cursor.h"
#include "engine/data.h"
#include "engine/database.h"
#include "engine/locks.h"
#include "engine/records.h"
#include "engine/seams.h"
#include "engine/session.h"
#include "engine/thread_state.h"

#include <algorithm>
#include <new>
#include <optional>

namespace jetstore::engine {

JET_ERR RollbackSlotUnchecked(CallGuard& g, bool all);

namespace {

constexpr JET_GRBIT kWaitGrbits = JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit;
constexpr JET_GRBIT kCommitGrbits = JET_bitCommitLazyFlush | kWaitGrbits | JET_bitForceNewLog;

}  // namespace

bool BindingHolds(const CallGuard& g) {
    const SessionSlot& s = g.slot();
    const std::uint32_t me = CurrentThreadId();
    const std::uint64_t bound = s.trx_binding.load(std::memory_order_relaxed);
    if (static_cast<Binding>(s.binding_kind.load(std::memory_order_relaxed)) == Binding::kThread) return bound == me;
    // [esent] a context-bound transaction continues only on the thread holding the context, and
    // only under the value it began with.
    return ContextHolder(s, sesid::Gen(g.sesid())) == me && HeldContext(g.sesid()) == bound;
}

JET_ERR BeginTransaction(JET_SESID sesid, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    SessionSlot& s = g.slot();
    const std::uint8_t level = s.level.load(std::memory_order_relaxed);
    if (level >= JET_cMaxTransactionLevels) return JET_errTransTooDeep;
    if (level > 0) {
        if (!BindingHolds(g)) return JET_errSessionSharingViolation;
        DataBeginNested(g);
    } else {
        // Level 0 -> 1 fixes the binding: the context value when this thread holds the session's
        // context, else the thread. ([esent] also binds to the value when another thread holds
        // the context; jetstore keeps context values in the holder's registry and binds to the
        // calling thread then.)
        const std::uint32_t me = CurrentThreadId();
        const bool by_context = ContextHolder(s, sesid::Gen(sesid)) == me;
        s.binding_kind.store(static_cast<std::uint8_t>(by_context ? Binding::kContext : Binding::kThread),
                             std::memory_order_relaxed);
        s.trx_binding.store(by_context ? HeldContext(sesid) : me, std::memory_order_relaxed);
        s.read_only.store((grbit & JET_bitTransactionReadOnly) != 0 ? 1 : 0, std::memory_order_relaxed);
        const JET_ERR err = DataBeginLevel0(g);  // the transaction's snapshot
        if (err < 0) return err;
    }
    s.level.store(static_cast<std::uint8_t>(level + 1), std::memory_order_relaxed);
    return JET_errSuccess;
}

JET_ERR CommitTransaction(JET_SESID sesid, JET_GRBIT grbit, JET_ULONG cmsec_durable, JET_COMMIT_ID* commit_id) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if ((grbit & ~kCommitGrbits) != 0) return JET_errInvalidGrbit;
    const JET_GRBIT wait = grbit & kWaitGrbits;
    if (wait != 0 && (grbit != JET_bitWaitLastLevel0Commit && grbit != JET_bitWaitAllLevel0Commit)) {
        return JET_errInvalidGrbit;  // a Wait flag must be the only flag
    }
    if ((grbit & JET_bitForceNewLog) != 0 && grbit != JET_bitForceNewLog) return JET_errInvalidGrbit;

    SessionSlot& s = g.slot();
    InstanceRecord& rec = g.record();
    if (commit_id != nullptr) *commit_id = JET_COMMIT_ID{};
    if (wait != 0) {
        // Makes earlier lazy commits durable (this session's databases, or every database of the
        // instance for WaitAll) and commits nothing.
        const JET_ERR err = FlushLazyCommits(g, wait == JET_bitWaitAllLevel0Commit);
        if (err < 0) return err;
        return JET_errSuccess;
    }
    const std::uint8_t level = s.level.load(std::memory_order_relaxed);
    if (grbit == JET_bitForceNewLog && level == 0) return ForceNewLog(g);  // [esent] outside a transaction too
    const bool lazy = (grbit & JET_bitCommitLazyFlush) != 0 ||
                      (SessionCommitDefault(g) & JET_bitCommitLazyFlush) != 0 ||
                      rec.recovery_off.load(std::memory_order_relaxed);
    if (cmsec_durable != 0 && !lazy) return JET_errInvalidParameter;
    if (level == 0) return JET_errNotInTransaction;
    if (!BindingHolds(g)) return JET_errSessionSharingViolation;
    const JET_ERR err = DataCommitLevel(g, level == 1, lazy);
    if (err < 0) return err;  // nothing changed: the application rolls back
    s.level.store(static_cast<std::uint8_t>(level - 1), std::memory_order_relaxed);
    if (level == 1) {
        s.read_only.store(0, std::memory_order_relaxed);
        const std::int64_t id = rec.commit_id.fetch_add(1, std::memory_order_relaxed) + 1;
        if (commit_id != nullptr) commit_id->commitId = id;
        if (grbit == JET_bitForceNewLog) return ForceNewLog(g);
    }
    return JET_errSuccess;
}

JET_ERR RollbackSlot(CallGuard& g, bool all) {
    // A rollback only drops memory, but one that cannot complete (it could not allocate, or a
    // test made it fail) leaves the transaction in no known state: the instance fails, as
    // esent's does after a failed rollback, and the next JetInit recovers from the log.
    try {
        if (seam::TakeRollbackFailureForTesting()) throw std::bad_alloc();
        return RollbackSlotUnchecked(g, all);
    } catch (const std::bad_alloc&) {
        FailInstanceFromStorage(g.record(), JET_errRollbackError);
        return JET_errRollbackError;
    }
}

JET_ERR RollbackSlotUnchecked(CallGuard& g, bool all) {
    SessionSlot& s = g.slot();
    const std::uint8_t level = s.level.load(std::memory_order_relaxed);
    const std::uint8_t to = all || level == 0 ? 0 : static_cast<std::uint8_t>(level - 1);
    // Drops the write-set layers above `to`, closes cursors opened in them, cancels prepared updates.
    for (std::uint8_t l = level; l > to; --l) DataRollbackLevel(g, l == 1, static_cast<std::uint8_t>(l - 1));
    s.level.store(to, std::memory_order_relaxed);
    if (to == 0) s.read_only.store(0, std::memory_order_relaxed);
    return JET_errSuccess;
}

JET_ERR Rollback(JET_SESID sesid, JET_GRBIT grbit) {
    CallGuard g(sesid, true);
    if (g.err() < 0) return g.err();
    if ((grbit & ~static_cast<JET_GRBIT>(JET_bitRollbackAll)) != 0) return JET_errInvalidGrbit;
    if (g.slot().level.load(std::memory_order_relaxed) == 0) return JET_errNotInTransaction;
    if (!BindingHolds(g)) return JET_errSessionSharingViolation;
    return RollbackSlot(g, (grbit & JET_bitRollbackAll) != 0);
}

}  // namespace jetstore::engine

// ---- the data of transactions: snapshots, write sets, commit -----------------------------------

namespace jetstore::engine {

JET_ERR DataBeginLevel0(CallGuard& g) {
    SessionData* d = DataIfAny(g);
    if (d == nullptr) return JET_errSuccess;
    for (auto& [dbid, odb] : d->dbs) {
        if (odb.memory != nullptr) continue;  // a temporary table has no snapshot
        odb.writes.Clear();
        const storage::Status s = odb.snapshot->Renew();
        if (!s.ok()) return FromStorage(s, JET_errDiskIO);
        odb.snapshot_live = true;
        ++odb.renewals;
    }
    return JET_errSuccess;
}

void DataBeginNested(CallGuard& g) {
    SessionData* d = DataIfAny(g);
    if (d == nullptr) return;
    for (auto& [dbid, odb] : d->dbs) {
        if (odb.memory == nullptr) odb.writes.PushLevel();
    }
}

namespace {

// After a transaction ends: write sets emptied, snapshots released, databases closed meanwhile
// forgotten. `changed`: the transaction wrote something, so views cached over its writes are
// stale (a transaction that only read keeps them: JetRetrieveColumn after an implicit JetSeek
// reads the record the seek cached).
void EndTransactionState(SessionData& d, bool changed) {
    d.schema_changed = false;
    if (changed) ++d.writes_epoch;
    for (auto it = d.dbs.begin(); it != d.dbs.end();) {
        OpenDatabase& odb = it->second;
        odb.writes.Clear();
        odb.locked.clear();
        ReleaseEscrowPendingLocked(odb, 0);  // a transaction ended another way (none after a commit)
        odb.escrow.clear();
        if (odb.snapshot != nullptr) odb.snapshot->Reset();
        odb.snapshot_live = false;
        if (odb.open_count == 0) {
            CloseCursorsOf(d, it->first);
            auto gone = it++;
            ForgetOpen(d, gone);
        } else {
            ++it;
        }
    }
}

// Puts a failed commit's batch back into its write set: a failed commit changes nothing, and
// the application may roll back.
void Restore(OpenDatabase& odb, storage::WriteBatch& batch) {
    for (storage::WriteOp& op : batch) {
        if (op.value) {
            odb.writes.Put(op.key, *op.value);
        } else {
            odb.writes.Delete(op.key);
        }
    }
}

// The key-value batch of one database's write set (moved out of it, no copies).
storage::WriteBatch Drain(OpenDatabase& odb) {
    storage::WriteBatch batch;
    batch.reserve(64);
    odb.writes.Drain([&](std::string&& k, std::optional<std::string>&& v) { batch.push_back({std::move(k), std::move(v)}); });
    return batch;
}

// A commit's escrow deltas to one database, merged by its group's leader (storage::CommitMerge):
// onto the records as published before the group and as the group's earlier commits wrote them.
class EscrowMerge final : public storage::CommitMerge {
public:
    EscrowMerge(JET_SESID sesid, OpenDatabase& odb, storage::WriteBatch* batch) : sesid_(sesid), odb_(odb), batch_(batch) {}

    storage::Status Merge(const storage::GroupWrites& earlier) override {
        AttachedDatabase& db = *odb_.db;
        JET_ERR err = RenewLatest(db, &db.merge_snapshot);
        if (err >= 0) {
            err = MergeEscrow(sesid_, odb_, batch_, [&](std::string_view key, std::string* record) -> JET_ERR {
                if (const storage::WriteOp* op = earlier.Find(key)) {
                    if (!op->value) return JET_errRecordDeleted;
                    *record = *op->value;
                    return JET_errSuccess;
                }
                return SnapshotRecord(*db.merge_snapshot, key, record);
            });
        }
        if (db.merge_snapshot != nullptr) db.merge_snapshot->Reset();
        error_ = err;
        return err < 0 ? storage::Status::Error(storage::Code::kRefused, "escrow merge") : storage::Status::Ok();
    }
    std::mutex& publish_mutex() override { return odb_.db->escrow_mu; }
    void Published() override { ReleaseEscrowPending(odb_, 0); }  // under escrow_mu
    JET_ERR error() const { return error_; }

private:
    JET_SESID sesid_;
    OpenDatabase& odb_;
    storage::WriteBatch* batch_;
    JET_ERR error_ = JET_errSuccess;
};

// With the commit log: one record for every database the transaction changed.
JET_ERR CommitLogged(CallGuard& g, SessionData& d, const std::vector<OpenDatabase*>& dbs, bool lazy) {
    InstanceData& data = *g.record().data;
    std::vector<storage::WriteBatch> batches;
    batches.reserve(dbs.size());
    for (OpenDatabase* odb : dbs) batches.push_back(Drain(*odb));
    auto restore = [&] {
        for (std::size_t i = 0; i < dbs.size(); ++i) Restore(*dbs[i], batches[i]);
    };
    // Escrow updates add to the latest committed values: the group leader merges them in commit
    // order and moves them out of the pending deltas as it publishes (EscrowMerge).
    std::vector<std::optional<EscrowMerge>> merges(dbs.size());
    std::vector<storage::CommitPart> parts;
    for (std::size_t i = 0; i < dbs.size(); ++i) {
        if (batches[i].empty()) continue;
        const AttachedDatabase& db = *dbs[i]->db;
        if (db.limit_bytes != 0 && db.env->UsedBytes() + db.overlay->bytes() > db.limit_bytes) {
            restore();
            return JET_errOutOfDatabaseSpace;  // the database is at its size limit (nothing changed)
        }
        storage::CommitMerge* merge = nullptr;
        if (!dbs[i]->escrow.empty()) merge = &merges[i].emplace(g.sesid(), *dbs[i], &batches[i]);
        parts.push_back(storage::CommitPart{static_cast<std::uint8_t>(dbs[i]->db->dbid), dbs[i]->db->overlay.get(),
                                            &batches[i], merge});
    }
    // A transaction that only took write locks commits a record without changes: its locks are
    // stamped with a seq every later snapshot reaches. It has nothing of the caller's to flush.
    const bool durable = !lazy && !parts.empty();
    std::uint64_t seq = 0;
    const storage::Status s = data.committer->Commit(parts, durable, &seq);
    if (!s.ok()) {
        restore();
        for (const std::optional<EscrowMerge>& m : merges) {
            if (m && m->error() < 0) return m->error();  // this commit's merge refused it alone
        }
        return FromCommitStatus(s);
    }
    // Published: the deltas are in the latest committed records now, and out of the pending
    // ones (the leader's EscrowMerge::Published).
    for (OpenDatabase* odb : dbs) odb->escrow.clear();
    ReleaseLocks(g, d, seq);
    return JET_errSuccess;
}

// With JET_paramRecovery "off": the one database's changes go to LMDB directly (MDB_NOSYNC).
JET_ERR CommitDirect(CallGuard& g, SessionData& d, OpenDatabase& odb) {
    storage::WriteBatch batch = Drain(odb);
    // A commit that took write locks must be a commit LMDB makes, with a transaction id every
    // later snapshot reaches, for its locks are stamped with that id. Only puts are sure to
    // change a page: a batch of deletes alone (an insert deleted again in the same transaction
    // leaves a delete of a key LMDB never held) may change nothing, and LMDB then commits nothing
    // and does not advance its id. Such a batch rewrites the lock clock (catalog.h) as well.
    // Escrow updates are puts.
    const bool needs_clock = odb.escrow.empty() && std::none_of(batch.begin(), batch.end(), [](const storage::WriteOp& op) {
                                 return op.value.has_value();
                             });
    if (needs_clock) batch.push_back({ObjectPrefix(kLockClockObjid), std::string(1, '\x01')});
    auto restore = [&] {
        if (needs_clock) batch.pop_back();
        Restore(odb, batch);
    };
    std::unique_lock<std::mutex> escrow_lock;
    if (!odb.escrow.empty()) {
        // Without the log, escrow commits are serialized: read the latest, commit, release.
        escrow_lock = std::unique_lock(odb.db->escrow_mu);
        std::unique_ptr<storage::Snapshot> latest;
        JET_ERR merged = NewLatestSnapshot(*odb.db, &latest);
        if (merged >= 0) {
            merged = MergeEscrow(g.sesid(), odb, &batch, [&](std::string_view key, std::string* record) {
                return SnapshotRecord(*latest, key, record);
            });
        }
        if (merged < 0) {
            restore();
            return merged;
        }
    }
    std::uint64_t txn = 0;
    const storage::Status s = odb.db->committer->Commit(batch, storage::Durability::kNoSync, &txn);
    if (!s.ok()) {
        restore();  // the caller may roll back
        return FromStorage(s, JET_errDiskIO);
    }
    if (!odb.escrow.empty()) ReleaseEscrowPending(odb, 0);  // committed, under escrow_mu
    odb.escrow.clear();
    ReleaseLocks(g, d, txn);
    return JET_errSuccess;
}

// After a rollback undid DDL, cursors see their tables as the transaction's view now has them.
void ReloadCursorSchemas(SessionData& d) {
    for (auto& [id, c] : d.cursors) {
        auto it = d.dbs.find(c->dbid);
        if (it == d.dbs.end() || !it->second.snapshot_live) continue;
        auto view = it->second.writes.NewMergedIterator(it->second.snapshot->NewIterator());
        TableDef t;
        if (LoadTable(*view, c->table.name, &t) < 0 || t.objid != c->table.objid) continue;
        AdoptDefinition(*c, std::move(t));
    }
}

}  // namespace

JET_ERR DataCommitLevel(CallGuard& g, bool to_level0, bool lazy) {
    SessionData* d = DataIfAny(g);
    if (d == nullptr) return JET_errSuccess;
    if (!to_level0) {
        const std::uint8_t level = g.slot().level.load(std::memory_order_relaxed);
        for (auto& [dbid, odb] : d->dbs) {
            if (odb.memory != nullptr) continue;
            if (odb.writes.levels() >= 2) odb.writes.CommitLevel();
            for (OpenDatabase::EscrowDelta& e : odb.escrow) {
                if (e.level >= level) e.level = static_cast<std::uint8_t>(level - 1);
            }
        }
        CommitCursorsTo(*d, static_cast<std::uint8_t>(level - 1));
        return JET_errSuccess;
    }
    std::vector<OpenDatabase*> changed;  // in dbid order
    for (auto& [dbid, odb] : d->dbs) {
        if (odb.memory == nullptr && odb.HasChanges()) changed.push_back(&odb);
    }
    JET_ERR err = JET_errSuccess;
    if (changed.empty()) {
        ReleaseLocks(g, *d, 0);
    } else if (g.record().data->logged()) {
        err = CommitLogged(g, *d, changed, lazy);
    } else {
        err = CommitDirect(g, *d, *changed.front());  // one database (CallView::BeginWrite)
    }
    if (err < 0) return err;  // nothing changed: the application rolls back
    CommitCursorsTo(*d, 0);
    EndTransactionState(*d, !changed.empty() || d->schema_changed);
    return JET_errSuccess;
}

void DataRollbackLevel(CallGuard& g, bool to_level0, std::uint8_t level_after) {
    SessionData* d = DataIfAny(g);
    if (d == nullptr) return;
    CloseCursorsAbove(*d, level_after);
    if (to_level0) {
        ReleaseLocks(g, *d, 0);
        bool changed = d->schema_changed;
        for (auto& [dbid, odb] : d->dbs) {
            changed = changed || !odb.writes.empty();
            odb.writes.Clear();
            ReleaseEscrowPendingLocked(odb, 0);
            odb.escrow.clear();
        }
        if (d->schema_changed) ReloadCursorSchemas(*d);
        EndTransactionState(*d, changed);
        return;
    }
    for (auto& [dbid, odb] : d->dbs) {
        if (odb.memory != nullptr) continue;
        odb.writes.RollbackLevel();
        ReleaseEscrowPendingLocked(odb, level_after);
        std::erase_if(odb.escrow, [&](const OpenDatabase::EscrowDelta& e) { return e.level > level_after; });
    }
    ++d->writes_epoch;
    if (d->schema_changed) ReloadCursorSchemas(*d);
}

JET_ERR FlushLazyCommits(CallGuard& g, bool all_sessions) {
    InstanceData& data = *g.record().data;
    if (data.logged()) {
        const storage::Status s = data.committer->FlushLazy();  // one log serves every database
        return s.ok() ? JET_errSuccess : FromCommitStatus(s);
    }
    std::vector<std::shared_ptr<AttachedDatabase>> dbs;
    if (all_sessions) {
        MutexLock lock(&data.mu);
        for (const auto& db : data.dbs) {
            if (db != nullptr) dbs.push_back(db);
        }
    } else if (SessionData* d = DataIfAny(g)) {
        for (const auto& [dbid, odb] : d->dbs) {
            if (odb.db != nullptr) dbs.push_back(odb.db);
        }
    }
    for (const auto& db : dbs) {
        if (db->committer == nullptr) continue;
        const storage::Status s = db->committer->FlushLazy();
        if (!s.ok()) return FromStorage(s, JET_errDiskIO);
    }
    return JET_errSuccess;
}

JET_ERR ForceNewLog(CallGuard& g) {
    InstanceData& data = *g.record().data;
    if (!data.logged()) return JET_errSuccess;  // no log stream to switch
    const storage::Status s = data.log->ForceNewGeneration();
    if (s.ok()) return JET_errSuccess;
    const JET_ERR err = FromCommitStatus(s);
    FailInstanceFromStorage(g.record(), err);  // the log is failed (never retried)
    return err;
}

JET_ERR Idle(JET_SESID sesid, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    constexpr JET_GRBIT kKnown = JET_bitIdleFlushBuffers | JET_bitIdleCompact | JET_bitIdleStatus;
    if ((grbit & ~kKnown) != 0) return JET_errInvalidGrbit;
    // [esent] IdleStatus asks whether the version store is nearly full: jetstore's is each
    // transaction's own write set (bounded by JET_paramMaxVerPages), never the instance's.
    if ((grbit & JET_bitIdleStatus) != 0) return JET_errSuccess;
    if ((grbit & JET_bitIdleFlushBuffers) != 0) {
        // Every lazy commit to the log, then the committed changes into the databases.
        JET_ERR err = FlushLazyCommits(g, true);
        if (err < 0) return err;
        InstanceData& data = *g.record().data;
        if (data.logged()) {
            const storage::Status s = data.checkpointer->CheckpointNow();
            if (!s.ok()) return FromCommitStatus(s);
        }
        return JET_errSuccess;
    }
    // Cleanup (0) and IdleCompact: versions are dropped as transactions end and LMDB needs no
    // compaction, so there is nothing left to do.
    return JET_wrnNoIdleActivity;
}

}  // namespace jetstore::engine
