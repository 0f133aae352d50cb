#include "storage/group_commit.h"

#include <algorithm>
#include <new>
#include <utility>

namespace jetstore::storage {
namespace {

// Copies a group's status for one follower; a copy that cannot allocate its message keeps the code.
Status CopyStatus(const Status& s) noexcept {
    try {
        return s;
    } catch (const std::bad_alloc&) {
        return Status::Error(s.code());
    }
}

}  // namespace

Status GroupCommitter::Commit(const WriteBatch& batch, Durability durability, std::uint64_t* txn_id) {
    if (batch.empty()) return Status::Ok();
    Writer self(&batch, durability);

    mu_.Lock();
    if (tail_ != nullptr) {
        tail_->next = &self;
    } else {
        head_ = &self;
    }
    tail_ = &self;
    ++counters_.commits;
    if (hooks_.on_enqueued) hooks_.on_enqueued();

    // Follow while some leader is applying; its group may or may not include us. When it ends it
    // wakes the oldest queued writer, which leads unless a newcomer got there first (that one
    // then takes us into its group).
    while (!self.done && leader_active_) self.cv.Wait(&mu_);
    if (self.done) {
        if (txn_id != nullptr) *txn_id = self.txn_id;
        Status result = std::move(self.result);
        mu_.Unlock();
        return result;
    }

    // Lead: take every queued batch (ours is among them).
    leader_active_ = true;
    Writer* const first = head_;
    head_ = tail_ = nullptr;
    std::size_t group_size = 0;
    Durability strongest = Durability::kNoSync;
    for (Writer* w = first; w != nullptr; w = w->next) {
        ++group_size;
        strongest = std::max(strongest, w->durability);
    }
    mu_.Unlock();

    // Only the leader applies, on its own thread: the LMDB write transaction is begun and
    // committed inside this one ApplyBatch call.
    if (hooks_.before_apply) hooks_.before_apply(group_size);
    Status result;
    std::uint64_t group_txn = 0;
    try {
        batches_.clear();
        for (Writer* w = first; w != nullptr; w = w->next) batches_.push_back(w->batch);
        result = env_->ApplyBatch(batches_, strongest, &group_txn);
    } catch (const std::bad_alloc&) {
        result = Status::Error(Code::kOutOfMemory);  // nothing was applied
    }

    MutexLock lock(&mu_);
    ++counters_.groups;
    if (result.ok()) {
        if (group_txn > last_txn_.load(std::memory_order_relaxed)) last_txn_.store(group_txn, std::memory_order_release);
        ++group_seq_;
        if (strongest == Durability::kDurable) {
            durable_seq_ = group_seq_;  // LMDB's ordered commit flushed everything before it too
        } else {
            if (lazy_seq_ <= durable_seq_) oldest_lazy_ = std::chrono::steady_clock::now();
            lazy_seq_ = group_seq_;
        }
    } else {
        ++counters_.failed_groups;
    }
    for (Writer* w = first; w != nullptr;) {
        Writer* const next = w->next;  // read before `done`: a woken follower's Writer goes away
        if (w != &self) {
            w->result = CopyStatus(result);
            w->txn_id = group_txn;
            w->done = true;
            w->cv.NotifyOne();  // under mu_: the follower cannot return before we unlock
        }
        w = next;
    }
    leader_active_ = false;
    if (head_ != nullptr) head_->cv.NotifyOne();  // the next leader, among those who queued meanwhile
    if (txn_id != nullptr) *txn_id = group_txn;
    return result;
}

Status GroupCommitter::FlushLazy() {
    std::uint64_t target = 0;
    std::chrono::steady_clock::time_point started;
    {
        MutexLock lock(&mu_);
        if (lazy_seq_ <= durable_seq_) return Status::Ok();
        // Every group counted in group_seq_ has committed: the flush below covers them all.
        target = group_seq_;
        started = std::chrono::steady_clock::now();
        ++counters_.syncs;
    }

    Status s = env_->Sync();

    MutexLock lock(&mu_);
    if (s.ok() && target > durable_seq_) {
        durable_seq_ = target;
        // Lazy groups committed during the flush are still pending; they committed after it
        // started, so dating them from its start can only overstate their wait.
        if (lazy_seq_ > durable_seq_) oldest_lazy_ = started;
    }
    return s;
}

bool GroupCommitter::HasUnflushedLazy() const {
    MutexLock lock(&mu_);
    return lazy_seq_ > durable_seq_;
}

std::chrono::milliseconds GroupCommitter::SinceOldestUnflushedLazy() const {
    MutexLock lock(&mu_);
    if (lazy_seq_ <= durable_seq_) return std::chrono::milliseconds::zero();
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - oldest_lazy_);
}

GroupCommitter::Counters GroupCommitter::counters() const {
    MutexLock lock(&mu_);
    return counters_;
}

}  // namespace jetstore::storage
