// Leader-based group commit over an Env (the pattern of RocksDB's write group and MySQL's binlog
// group commit).
//
// HOW A COMMIT RUNS
// Commit() enqueues the caller's batch. If no group is being applied, the caller becomes the
// leader: it takes EVERY queued batch (its own and those that arrived before it), applies them
// in one Env::ApplyBatch on its own thread (so the LMDB write transaction is begun and committed
// by one thread inside one call), with the strongest durability any of them asked for, and then
// hands each follower the group's result. Callers that arrive while a leader is applying wait on
// their own condition variable; when the leader is done it wakes the oldest waiter, which leads
// the next group made of everyone queued by then. There is no writer thread and no polling: one
// fsync is shared by every commit that queued up while the previous one ran.
//
// A group is all or nothing: if its transaction fails (kMapFull, an I/O error, a bad key in any
// batch), every commit of the group gets the same Status and nothing of the group is applied.
//
// LAZY COMMITS
// Commits with Durability::kLazy (or kNoSync) are committed but not flushed; FlushLazy() makes
// every earlier one durable (Env::Sync), and costs nothing when there is none (a durable group
// commit flushes everything committed before it). The engine calls FlushLazy from a timer, using
// SinceOldestUnflushedLazy() for the deadline.
//
// Thread safety: every member may be called from any thread concurrently.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "storage/env.h"
#include "storage/mutex.h"
#include "storage/status.h"

namespace jetstore::storage {

class GroupCommitter {
public:
    // REQUIRES: `env` outlives the committer and is not read-only.
    explicit GroupCommitter(Env* env) : env_(env), last_txn_(env->Stats().last_txn_id) {}
    GroupCommitter(const GroupCommitter&) = delete;
    GroupCommitter& operator=(const GroupCommitter&) = delete;

    // Commits `batch` as part of a group; returns when the group's LMDB transaction has committed
    // (with at least `durability`) or failed. The errors are Env::ApplyBatch's, shared by the group.
    // An empty batch commits nothing and returns OK at once.
    // On success *txn_id (when given) receives the id of the LMDB transaction that applied the
    // group (Env::ApplyBatch): snapshots with TxnId() >= it see the batch.
    Status Commit(const WriteBatch& batch, Durability durability, std::uint64_t* txn_id = nullptr);

    // Makes every lazy / no-sync commit that returned before this call durable (Env::Sync), or
    // does nothing (no storage call) when none is pending.
    // Errors: Env::Sync's (kIoError, kDiskFull): the commits stay pending.
    Status FlushLazy();

    // The LMDB transaction id of the last group committed (or the environment's last id before
    // the first): a snapshot renewed now reads at least this.
    std::uint64_t last_txn() const { return last_txn_.load(std::memory_order_acquire); }

    // True while some lazy / no-sync commit is not yet known to be durable.
    bool HasUnflushedLazy() const;
    // How long the oldest such commit has waited (zero when there is none): the engine's timer
    // flushes when this reaches its deadline. The value may overstate the wait (never understate
    // it) when commits land while a FlushLazy runs.
    std::chrono::milliseconds SinceOldestUnflushedLazy() const;

    struct Counters {
        std::uint64_t commits = 0;  // Commit calls that reached a group
        std::uint64_t groups = 0;   // groups applied (successful or not)
        std::uint64_t failed_groups = 0;
        std::uint64_t syncs = 0;  // Env::Sync calls made by FlushLazy
    };
    Counters counters() const;

    // Test seams, set before the committer is used concurrently.
    struct TestHooks {
        // Called by Commit right after it queued its batch, holding the committer's mutex: it must
        // not block or call the committer.
        std::function<void()> on_enqueued;
        // Called by a leader, without the mutex, after it took its group and before applying it.
        std::function<void(std::size_t group_size)> before_apply;
    };
    void SetTestHooks(TestHooks hooks) { hooks_ = std::move(hooks); }

private:
    // One commit, on its caller's stack. `next`, `done`, `result` and `txn_id` are guarded by
    // mu_ (Clang cannot name another object's mutex in a member's annotation).
    struct Writer {
        Writer(const WriteBatch* b, Durability d) : batch(b), durability(d) {}
        const WriteBatch* const batch;
        const Durability durability;
        Writer* next = nullptr;
        bool done = false;
        Status result;
        std::uint64_t txn_id = 0;
        CondVar cv;
    };

    Env* const env_;
    TestHooks hooks_;  // constant while in use
    std::atomic<std::uint64_t> last_txn_;

    // Touched only by the current leader (leadership passes under mu_).
    std::vector<const WriteBatch*> batches_;

    mutable Mutex mu_;
    // Commits queued and not yet taken by a leader, oldest first: an intrusive list through
    // Writer::next, so queueing allocates nothing.
    Writer* head_ GUARDED_BY(mu_) = nullptr;
    Writer* tail_ GUARDED_BY(mu_) = nullptr;
    bool leader_active_ GUARDED_BY(mu_) = false;     // a leader is applying a group
    std::uint64_t group_seq_ GUARDED_BY(mu_) = 0;    // groups committed successfully so far
    std::uint64_t lazy_seq_ GUARDED_BY(mu_) = 0;     // the last successful group that was not durable
    std::uint64_t durable_seq_ GUARDED_BY(mu_) = 0;  // every group up to this one is durable
    // Meaningful when lazy_seq_ > durable_seq_.
    std::chrono::steady_clock::time_point oldest_lazy_ GUARDED_BY(mu_){};
    Counters counters_ GUARDED_BY(mu_);
};

}  // namespace jetstore::storage
