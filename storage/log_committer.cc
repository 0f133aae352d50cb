#include "storage/log_committer.h"

#include "storage/kill_point.h"

#include <algorithm>
#include <map>
#include <new>
#include <optional>
#include <unordered_map>

namespace jetstore::storage {
namespace {

Status CopyStatus(const Status& s) noexcept {
    try {
        return s;
    } catch (const std::bad_alloc&) {
        return Status::Error(s.code());
    }
}

// kCommit's payload (log_format.h).
void EncodeCommit(std::string* out, std::span<const CommitPart> parts) {
    out->clear();
    out->push_back(static_cast<char>(parts.size()));
    for (const CommitPart& p : parts) {
        out->push_back(static_cast<char>(p.dbid));
        logfmt::PutVarint(out, p.batch->size());
        for (const WriteOp& op : *p.batch) {
            out->push_back(static_cast<char>(op.value.has_value() ? logfmt::Op::kPut : logfmt::Op::kDelete));
            logfmt::PutVarint(out, op.key.size());
            out->append(op.key);
            if (op.value.has_value()) {
                logfmt::PutVarint(out, op.value->size());
                out->append(*op.value);
            }
        }
    }
}

// The writes of a group's commits so far, by database (CommitMerge's `earlier`). Built only
// for groups with a merging commit.
class GroupIndex {
public:
    class Db final : public GroupWrites {
    public:
        const WriteOp* Find(std::string_view key) const override {
            auto it = ops.find(key);
            return it == ops.end() ? nullptr : it->second;
        }
        std::unordered_map<std::string_view, const WriteOp*> ops;
    };
    Db& Of(std::uint8_t dbid) { return dbs_[dbid]; }
    void Add(std::span<const CommitPart> parts) {
        for (const CommitPart& p : parts) {
            Db& db = dbs_[p.dbid];
            for (const WriteOp& op : *p.batch) db.ops[op.key] = &op;
        }
    }

private:
    std::map<std::uint8_t, Db> dbs_;
};

}  // namespace

LogCommitter::LogCommitter(CommitLog* log, std::atomic<std::uint64_t>* published)
    : log_(log), published_(published), next_seq_(log->last_seq() + 1) {
    MutexLock lock(&publish_mu_);
    published_end_ = log->written();
}

Status LogCommitter::Commit(std::span<const CommitPart> parts, bool durable, std::uint64_t* seq) {
    if (parts.size() > 255) return Status::Error(Code::kInvalidArgument, "too many databases in one commit");
    Writer self;
    self.parts = parts;
    self.durable = durable;
    Status s = Run(&self);
    if (s.ok() && seq != nullptr) *seq = self.seq;
    return s;
}

Status LogCommitter::LogEvent(logfmt::RecordType type, std::string payload, std::uint64_t* seq) {
    Writer self;
    self.type = type;
    self.event = std::move(payload);
    self.durable = true;
    Status s = Run(&self);
    if (s.ok() && seq != nullptr) *seq = self.seq;
    return s;
}

Status LogCommitter::Run(Writer* self) {
    mu_.Lock();
    if (tail_ != nullptr) {
        tail_->next = self;
    } else {
        head_ = self;
    }
    tail_ = self;
    ++counters_.commits;
    // Follow while some leader is writing; when it ends it wakes the oldest queued writer.
    while (!self->done && (leader_active_ || paused_ > 0)) self->cv.Wait(&mu_);
    if (self->done) {
        Status result = std::move(self->result);
        mu_.Unlock();
        return result;
    }

    leader_active_ = true;
    Writer* const first = head_;
    head_ = tail_ = nullptr;
    std::size_t group_size = 0;
    for (Writer* w = first; w != nullptr; w = w->next) ++group_size;
    mu_.Unlock();

    if (before_write_) before_write_(group_size);
    Status result;
    bool synced = false;  // the group's write was flushed
    try {
        std::uint64_t last = 0;
        result = WriteGroup(first, &last, &synced);
    } catch (const std::bad_alloc&) {
        result = Status::Error(Code::kOutOfMemory);  // nothing was written
    }
    if (!result.ok() && !result.Is(Code::kOutOfMemory) && !result.Is(Code::kMapFull) &&
        !fatal_reported_.exchange(true)) {
        if (on_fatal_) on_fatal_(result);
    }

    MutexLock lock(&mu_);
    ++counters_.groups;
    counters_.largest_group = std::max<std::uint64_t>(counters_.largest_group, group_size);
    if (result.ok()) {
        if (synced) {
            ++counters_.durable_groups;
            lazy_pending_ = false;  // the flush covered everything written before it
        } else if (!lazy_pending_) {
            lazy_pending_ = true;
            oldest_lazy_ = std::chrono::steady_clock::now();
        }
    } else {
        ++counters_.failed_groups;
    }
    for (Writer* w = first; w != nullptr;) {
        Writer* const next = w->next;  // read before `done`: a woken follower's Writer goes away
        if (w != self) {
            w->result = w->refused ? std::move(w->refusal) : CopyStatus(result);
            w->done = true;
            w->cv.NotifyOne();  // under mu_: the follower cannot return before we unlock
        }
        w = next;
    }
    leader_active_ = false;
    idle_.NotifyAll();
    if (head_ != nullptr && paused_ == 0) head_->cv.NotifyOne();
    if (self->refused) return std::move(self->refusal);
    return result;
}

void LogCommitter::Pause() {
    MutexLock lock(&mu_);
    ++paused_;
    while (leader_active_) idle_.Wait(&mu_);
}

void LogCommitter::Resume() {
    MutexLock lock(&mu_);
    if (paused_ > 0) --paused_;
    if (paused_ == 0 && !leader_active_ && head_ != nullptr) head_->cv.NotifyOne();
}

Status LogCommitter::WriteGroup(Writer* first, std::uint64_t* last_seq, bool* synced) {
    // The checkpointer's back-pressure, once per group: the leader (and so every follower) waits
    // here while the log or the overlay is over its bound.
    if (admit_) {
        Status s = admit_();
        if (!s.ok()) return s;
    }
    std::size_t n = 0;
    bool durable = false;
    bool merging = false;
    for (Writer* w = first; w != nullptr; w = w->next) {
        ++n;
        for (const CommitPart& p : w->parts) merging = merging || p.merge != nullptr;
    }
    if (payloads_.size() < n) payloads_.resize(n);
    records_.clear();
    std::optional<GroupIndex> index;
    if (merging) index.emplace();
    std::uint64_t seq = next_seq_;
    std::size_t i = 0;
    for (Writer* w = first; w != nullptr; w = w->next, ++i) {
        if (merging) {
            // Merged in commit order, onto what the group's earlier commits wrote.
            for (const CommitPart& p : w->parts) {
                if (p.merge == nullptr) continue;
                Status m = p.merge->Merge(index->Of(p.dbid));
                if (!m.ok()) {
                    w->refused = true;
                    w->refusal = std::move(m);
                    break;
                }
            }
            if (w->refused) continue;
            index->Add(w->parts);
        }
        w->seq = seq++;
        durable = durable || w->durable;
        if (w->type == logfmt::RecordType::kCommit) {
            EncodeCommit(&payloads_[i], w->parts);
        } else {
            payloads_[i] = w->event;
        }
        records_.push_back(CommitLog::Record{w->type, w->seq, payloads_[i]});
    }
    if (records_.empty()) {  // every commit of the group was refused by its merge
        *last_seq = next_seq_ - 1;
        return Status::Ok();
    }
    LogPosition end;
    Status s = log_->Append(records_, &end);
    if (s.ok() && durable) s = log_->Sync();
    if (!s.ok()) return s;
    *synced = durable;
    next_seq_ = seq;
    *last_seq = seq - 1;
    {
        MutexLock publish(&publish_mu_);
        // The merging commits' mutexes, held across the publication: whoever reads the latest
        // records and the deltas still pending under one of them sees each delta exactly once.
        std::vector<std::mutex*> held;
        if (merging) {
            for (Writer* w = first; w != nullptr; w = w->next) {
                if (w->refused) continue;
                for (const CommitPart& p : w->parts) {
                    if (p.merge != nullptr) held.push_back(&p.merge->publish_mutex());
                }
            }
            std::sort(held.begin(), held.end());
            held.erase(std::unique(held.begin(), held.end()), held.end());
        }
        std::vector<std::unique_lock<std::mutex>> locks;
        locks.reserve(held.size());
        for (std::mutex* m : held) locks.emplace_back(*m);
        for (Writer* w = first; w != nullptr; w = w->next) {
            if (w->refused) continue;
            for (const CommitPart& p : w->parts) {
                for (const WriteOp& op : *p.batch) p.overlay->Add(op.key, w->seq, op.value ? &*op.value : nullptr);
            }
        }
        published_end_ = end;
        published_->store(*last_seq, std::memory_order_release);
        if (merging) {
            for (Writer* w = first; w != nullptr; w = w->next) {
                if (w->refused) continue;
                for (const CommitPart& p : w->parts) {
                    if (p.merge != nullptr) p.merge->Published();
                }
            }
        }
    }
    KillPoint("log-before-wake");
    return Status::Ok();
}

Status LogCommitter::FlushLazy() {
    {
        MutexLock lock(&mu_);
        if (!lazy_pending_) return Status::Ok();
    }
    const auto started = std::chrono::steady_clock::now();
    Status s = log_->Sync();
    if (!s.ok()) {
        if (!fatal_reported_.exchange(true) && on_fatal_) on_fatal_(s);
        return s;
    }
    MutexLock lock(&mu_);
    if (lazy_pending_) {
        if (log_->durable() >= log_->written()) {
            lazy_pending_ = false;
        } else {
            oldest_lazy_ = started;  // groups written during the flush: dated from its start (an overstatement)
        }
    }
    return s;
}

bool LogCommitter::HasUnflushedLazy() const {
    MutexLock lock(&mu_);
    return lazy_pending_;
}

std::chrono::milliseconds LogCommitter::SinceOldestUnflushedLazy() const {
    MutexLock lock(&mu_);
    if (!lazy_pending_) return std::chrono::milliseconds::zero();
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - oldest_lazy_);
}

LogCommitter::Counters LogCommitter::counters() const {
    MutexLock lock(&mu_);
    return counters_;
}

}  // namespace jetstore::storage
