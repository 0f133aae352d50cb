#include "storage/checkpointer.h"

#include "storage/db_meta.h"
#include "storage/kill_point.h"

#include <algorithm>
#include <new>

namespace jetstore::storage {

Checkpointer::Checkpointer(CheckpointOptions options, CommitLog* log, LogCommitter* committer,
                           const std::atomic<std::uint64_t>* published, CheckpointState initial)
    : options_(std::move(options)), log_(log), committer_(committer), published_(published) {
    MutexLock lock(&mu_);
    state_ = std::move(initial);
    last_ = std::chrono::steady_clock::now();
}

Checkpointer::~Checkpointer() {
    {
        MutexLock lock(&mu_);
        stopping_ = true;
    }
    wake_.NotifyAll();
    done_.NotifyAll();
    resumed_.NotifyAll();
    if (thread_.joinable()) thread_.join();
}

void Checkpointer::Start() { thread_ = std::thread([this] { Loop(); }); }

void Checkpointer::Add(const logfmt::DbAttachment& db, Env* env, Overlay* overlay) {
    MutexLock lock(&mu_);
    dbs_[db.dbid] = Db{db, env, overlay};
}

Status Checkpointer::Fatal(Status s) {
    {
        MutexLock lock(&mu_);
        if (failed_.ok()) failed_ = Status::Error(s.code(), s.message());
    }
    done_.NotifyAll();
    if (on_fatal_) on_fatal_(s);
    return s;
}

bool Checkpointer::Due() const {
    std::uint64_t overlay = 0;
    for (const auto& [id, db] : dbs_) overlay += db.overlay->bytes();
    if (overlay >= options_.overlay_budget / 4) return true;
    // The log since the checkpoint is moved forward even with nothing to apply (a cheap
    // checkpoint file write): the depth bound counts log bytes.
    if (log_->BytesSince(state_.position) >= options_.depth / 4) return true;
    return overlay > 0 && std::chrono::steady_clock::now() - last_ >= options_.interval;
}

void Checkpointer::Loop() {
    const auto tick = std::min<std::chrono::milliseconds>(options_.interval, std::chrono::milliseconds(50));
    mu_.Lock();
    while (!stopping_) {
        if (!wanted_) wake_.WaitFor(&mu_, tick);
        if (stopping_) break;
        if (!failed_.ok()) continue;
        const bool due = wanted_ || Due();
        wanted_ = false;
        mu_.Unlock();
        if (due) (void)Run(false);
        const bool prepared = log_->Fill() > 0.5 && log_->PrepareNext().ok();
        mu_.Lock();
        if (prepared) ++counters_.prepared;
    }
    mu_.Unlock();
}

Status Checkpointer::Run(bool final) {
    MutexLock run(&run_mu_);
    return RunLocked(final);
}

Status Checkpointer::RunLocked(bool final) {
    std::map<std::uint8_t, Db> dbs;
    CheckpointState st;
    {
        MutexLock lock(&mu_);
        while (paused_ > 0 && !stopping_) resumed_.Wait(&mu_);
        if (!failed_.ok()) return Status::Error(failed_.code(), failed_.message());
        dbs = dbs_;
        st = state_;
    }
    // 1. H, P and the frozen tables, between two groups.
    std::uint64_t h = 0;
    LogPosition p;
    std::map<std::uint8_t, std::vector<std::shared_ptr<MemTable>>> frozen;
    {
        MutexLock publish(&committer_->publish_mutex());
        h = published_->load(std::memory_order_acquire);
        p = committer_->published_end();
        for (auto& [id, db] : dbs) frozen[id] = db.overlay->Freeze();
    }
    // 2. The write-ahead rule.
    if (log_->durable() < p) {
        Status s = log_->Sync();
        if (!s.ok()) return Fatal(std::move(s));
    }
    // 3. Each database in one LMDB transaction.
    bool stalled = false;
    std::uint64_t keys = 0;
    std::vector<std::uint8_t> applied;
    for (auto& [id, db] : dbs) {
        const auto& tables = frozen[id];
        bool any = false;
        for (const auto& t : tables) any = any || !t->empty();
        if (!any && !final) {
            applied.push_back(id);
            continue;
        }
        DbMeta meta;
        meta.attached = !final;
        meta.signature = db.attachment.signature;
        meta.lineage = log_->lineage();
        meta.applied_seq = h;
        Status s = db.env->Write(
            [&](TxnWriter& w) {
                for (const auto& t : tables) {
                    Status inner;
                    t->ForEachNewest(h, [&](std::string_view k, std::uint64_t, const std::string_view* v) {
                        inner = v != nullptr ? w.Put(k, *v) : w.Delete(k);
                        ++keys;
                        return inner.ok();
                    });
                    if (!inner.ok()) return inner;
                }
                return w.Put(DbMetaKey(), EncodeDbMeta(meta));
            },
            Durability::kDurable);
        if (s.Is(Code::kMapFull)) {
            stalled = true;
            continue;
        }
        if (!s.ok()) return Fatal(std::move(s));
        applied.push_back(id);
        KillPoint("checkpoint-apply");
    }
    for (const std::uint8_t id : applied) dbs[id].overlay->Retire(frozen[id]);
    if (stalled) {
        {
            MutexLock lock(&mu_);
            stalled_ = true;
            ++counters_.map_full;
            counters_.keys_applied += keys;
        }
        done_.NotifyAll();
        return Status::Error(Code::kMapFull, "checkpoint: a database is full");
    }
    // 4. The checkpoint file.
    KillPoint("checkpoint-file");
    st.clean = final;
    st.lineage = log_->lineage();
    st.position = p;
    st.seq = h;
    st.attached.clear();
    for (const auto& [id, db] : dbs) st.attached.push_back(db.attachment);
    Status s = WriteCheckpoint(options_.path, st);
    if (!s.ok()) return Fatal(std::move(s));
    // 5. Circular logging: what replay (and a running backup) can no longer need. A failure to
    // delete loses nothing.
    if (options_.circular) {
        std::uint32_t before = p.generation;
        {
            MutexLock lock(&mu_);
            if (hold_ != 0) before = std::min(before, hold_);
        }
        (void)log_->DeleteGenerationsBefore(before);
    }
    {
        MutexLock lock(&mu_);
        state_ = st;
        stalled_ = false;
        last_ = std::chrono::steady_clock::now();
        if (keys > 0) ++counters_.checkpoints;
        counters_.keys_applied += keys;
    }
    done_.NotifyAll();
    return Status::Ok();
}

Status Checkpointer::CheckpointNow() { return Run(false); }

Status Checkpointer::Finish() {
    Status s = log_->Sync();
    if (!s.ok()) return Fatal(std::move(s));
    return Run(true);
}

Status Checkpointer::Detach(std::uint8_t dbid) {
    MutexLock run(&run_mu_);
    Status s = RunLocked(false);
    if (!s.ok()) return s;
    Db db;
    {
        MutexLock lock(&mu_);
        auto it = dbs_.find(dbid);
        if (it == dbs_.end()) return Status::Ok();
        db = it->second;
    }
    DbMeta meta;
    meta.attached = false;
    meta.signature = db.attachment.signature;
    meta.lineage = log_->lineage();
    meta.applied_seq = published_->load(std::memory_order_acquire);
    s = db.env->Write([&](TxnWriter& w) { return w.Put(DbMetaKey(), EncodeDbMeta(meta)); }, Durability::kDurable);
    if (!s.ok() && !s.Is(Code::kMapFull)) return Fatal(std::move(s));
    if (!s.ok()) return s;
    MutexLock lock(&mu_);
    dbs_.erase(dbid);
    return Status::Ok();
}

void Checkpointer::Pause() {
    MutexLock run(&run_mu_);  // no checkpoint is in progress once it is held
    MutexLock lock(&mu_);
    ++paused_;
}

void Checkpointer::Resume() {
    {
        MutexLock lock(&mu_);
        if (paused_ > 0) --paused_;
    }
    resumed_.NotifyAll();
}

void Checkpointer::HoldGenerationsFrom(std::uint32_t generation) {
    MutexLock lock(&mu_);
    hold_ = generation;
}

Status Checkpointer::TruncateLog(std::uint32_t limit, std::uint32_t* kept_from) {
    std::uint32_t before = 0;
    {
        MutexLock lock(&mu_);
        before = std::min(state_.position.generation, limit);
        if (hold_ != 0) before = std::min(before, hold_);
    }
    if (kept_from != nullptr) *kept_from = before;
    return log_->DeleteGenerationsBefore(before);
}

Status Checkpointer::Admit() {
    MutexLock lock(&mu_);
    bool counted = false;
    for (;;) {
        if (!failed_.ok()) return Status::Error(failed_.code(), failed_.message());
        if (stopping_) return Status::Ok();
        std::uint64_t overlay = 0;
        for (const auto& [id, db] : dbs_) overlay += db.overlay->bytes();
        if (log_->BytesSince(state_.position) <= options_.depth && overlay <= options_.overlay_budget) {
            return Status::Ok();
        }
        if (stalled_) return Status::Error(Code::kMapFull, "the database is full and the checkpoint cannot move");
        if (!counted) {
            ++counters_.admission_waits;
            counted = true;
        }
        wanted_ = true;
        wake_.NotifyOne();
        done_.WaitFor(&mu_, std::chrono::milliseconds(100));
    }
}

Checkpointer::Counters Checkpointer::counters() const {
    MutexLock lock(&mu_);
    return counters_;
}

std::uint64_t Checkpointer::overlay_bytes() const {
    MutexLock lock(&mu_);
    std::uint64_t n = 0;
    for (const auto& [id, db] : dbs_) n += db.overlay->bytes();
    return n;
}

CheckpointState Checkpointer::state() const {
    MutexLock lock(&mu_);
    return state_;
}

}  // namespace jetstore::storage
