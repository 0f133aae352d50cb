#include "engine/seams.h"

#include "engine/data.h"
#include "engine/database.h"
#include "engine/instance.h"

#include <atomic>

#include <mutex>

namespace jetstore::engine::seam {
namespace {

std::uint64_t WordFor(State s, std::uint64_t current) {
    const std::uint64_t keep = current & (sw::kStopBackground | sw::kStopQuiesce);
    switch (s) {
        case State::kCreated:
            return static_cast<std::uint64_t>(engine::State::kCreated);
        case State::kInitializing:
            return static_cast<std::uint64_t>(engine::State::kInitializing);
        case State::kRunning:
            return keep | static_cast<std::uint64_t>(engine::State::kRunning);
        case State::kStopRequested:
            return keep | sw::kStopAll | static_cast<std::uint64_t>(engine::State::kRunning);
        case State::kRestoring:
            return static_cast<std::uint64_t>(engine::State::kRestoring);
        case State::kTerminating:
            return keep | static_cast<std::uint64_t>(engine::State::kTerminating);
        case State::kFailed:
            return keep | static_cast<std::uint64_t>(engine::State::kFailed);
    }
    return current;
}

}  // namespace

JET_ERR FailInstance(JET_INSTANCE instance, JET_ERR cause) {
    InstanceRecord* r = ResolveInstance(instance);
    if (r == nullptr) return JET_errInvalidParameter;
    std::lock_guard lock(r->mu);
    const std::uint64_t w = r->state.load(std::memory_order_acquire);
    if (sw::StateOf(w) != engine::State::kRunning) return JET_errInvalidParameter;
    std::uint64_t next = sw::With(w, engine::State::kFailed);
    if (cause == JET_errLogDiskFull) next |= sw::kFailedLogDiskFull;
    r->state.store(next, std::memory_order_seq_cst);
    return JET_errSuccess;
}

JET_ERR BeginRestore(JET_INSTANCE instance) {
    InstanceRecord* r = ResolveInstance(instance);
    if (r == nullptr) return JET_errInvalidParameter;
    std::lock_guard lock(r->mu);
    switch (sw::StateOf(r->state.load(std::memory_order_acquire))) {
        case engine::State::kCreated:
            r->state.store(static_cast<std::uint64_t>(engine::State::kRestoring), std::memory_order_seq_cst);
            return JET_errSuccess;
        case engine::State::kRestoring:
            return JET_errRestoreInProgress;
        case engine::State::kTerminating:
            return JET_errTermInProgress;
        default:
            return JET_errAlreadyInitialized;
    }
}

JET_ERR EndRestore(JET_INSTANCE instance) {
    InstanceRecord* r = ResolveInstance(instance);
    if (r == nullptr) return JET_errInvalidParameter;
    std::lock_guard lock(r->mu);
    if (sw::StateOf(r->state.load(std::memory_order_acquire)) != engine::State::kRestoring) {
        return JET_errInvalidParameter;
    }
    r->state.store(static_cast<std::uint64_t>(engine::State::kCreated), std::memory_order_seq_cst);
    return JET_errSuccess;
}

std::uint64_t ForceState(JET_INSTANCE instance, State state) {
    InstanceRecord* r = ResolveInstance(instance);
    if (r == nullptr) return 0;
    const std::uint64_t saved = r->state.load(std::memory_order_acquire);
    r->state.store(WordFor(state, saved), std::memory_order_seq_cst);
    return saved;
}

void RestoreState(JET_INSTANCE instance, std::uint64_t saved) {
    // The record may look Free-less here (ForceState(kCreated) keeps it allocated), so resolve by
    // the handle's bits directly.
    InstanceRecord* r = ResolveInstance(instance);
    if (r == nullptr) return;
    r->state.store(saved, std::memory_order_seq_cst);
}

namespace {
std::atomic<bool> g_skip_log_sync{false};
std::atomic<unsigned> g_checkpoint_interval{0};
std::atomic<bool> g_fail_rollback{false};
}  // namespace

void FailNextRollbackForTesting() { g_fail_rollback.store(true, std::memory_order_relaxed); }
bool TakeRollbackFailureForTesting() {
    return g_fail_rollback.load(std::memory_order_relaxed) && g_fail_rollback.exchange(false);
}

void SetCheckpointIntervalForTesting(unsigned ms) { g_checkpoint_interval.store(ms, std::memory_order_relaxed); }
unsigned CheckpointIntervalForTesting() { return g_checkpoint_interval.load(std::memory_order_relaxed); }

void SetSkipLogSyncForTesting(bool skip) { g_skip_log_sync.store(skip, std::memory_order_relaxed); }
bool SkipLogSyncForTesting() { return g_skip_log_sync.load(std::memory_order_relaxed); }

JET_ERR CheckpointNow(JET_INSTANCE instance) {
    InstanceRecord* r = ResolveInstance(instance);
    if (r == nullptr || sw::StateOf(r->state.load(std::memory_order_acquire)) != engine::State::kRunning) {
        return JET_errInvalidParameter;
    }
    InstanceData* data = r->data.get();
    if (data == nullptr || !data->logged()) return JET_errInvalidParameter;
    const storage::Status s = data->checkpointer->CheckpointNow();
    return s.ok() ? JET_errSuccess : FromCommitStatus(s);
}

JET_ERR GetLogStats(JET_INSTANCE instance, LogStats* out) {
    InstanceRecord* r = ResolveInstance(instance);
    if (r == nullptr) return JET_errInvalidParameter;
    *out = LogStats{};
    out->recovered = r->recovered_at_init.load(std::memory_order_relaxed);
    out->replayed_records = r->last_replay.records;
    out->replayed_bytes = r->last_replay.log_bytes;
    out->replayed_databases = r->last_replay.databases;
    out->replay_seconds = r->last_replay.seconds;
    InstanceData* data = r->data.get();
    if (data == nullptr || !data->logged()) return JET_errSuccess;
    const auto lc = data->log->counters();
    out->appends = lc.appends;
    out->log_writes = lc.writes;
    out->log_syncs = lc.syncs;
    out->log_bytes = lc.bytes;
    out->switches = lc.switches;
    out->generations = data->log->generation();
    const auto cc = data->committer->counters();
    out->commits = cc.commits;
    out->groups = cc.groups;
    out->largest_group = cc.largest_group;
    out->durable_groups = cc.durable_groups;
    const auto kc = data->checkpointer->counters();
    out->checkpoints = kc.checkpoints;
    out->keys_checkpointed = kc.keys_applied;
    out->map_full = kc.map_full;
    out->admission_waits = kc.admission_waits;
    out->overlay_bytes = data->checkpointer->overlay_bytes();
    out->published_seq = data->published.load(std::memory_order_acquire);
    return JET_errSuccess;
}

bool RecoveredAtLastInit(JET_INSTANCE instance) {
    InstanceRecord* r = ResolveInstance(instance);
    return r != nullptr && r->recovered_at_init.load(std::memory_order_relaxed);
}

}  // namespace jetstore::engine::seam
