#include "engine/os_snapshot.h"

#include "engine/data.h"
#include "engine/instance.h"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace jetstore::engine {
namespace {

constexpr JET_GRBIT kPrepareGrbits =
    JET_bitIncrementalSnapshot | JET_bitCopySnapshot | JET_bitContinueAfterThaw | JET_bitExplicitPrepare;

enum class Phase { kPrepared, kFrozen, kThawed, kTimedOut };

struct Frozen {
    InstanceRecord* record;
    InstanceData* data;
};

// The process's one snapshot. Lock order: g_mu before an instance's lock. The mutex and the
// condition variable are never destroyed: a watchdog may still wait on them at exit.
std::mutex& g_mu = *new std::mutex;
std::condition_variable& g_changed = *new std::condition_variable;  // the watchdog waits on it
bool g_active = false;
JET_OSSNAPID g_id = 0;
JET_OSSNAPID g_next_id = 1;
Phase g_phase = Phase::kPrepared;
bool g_explicit = false;
std::vector<std::pair<InstanceRecord*, std::uint64_t>> g_prepared;  // explicit: record, generation
std::vector<Frozen> g_frozen;
std::uint64_t g_freeze_epoch = 0;  // tells the watchdog which freeze it watches
std::chrono::milliseconds g_timeout_for_testing{0};

void ResumeLocked() {
    for (const Frozen& f : g_frozen) {
        f.data->checkpointer->Resume();
        f.data->committer->Resume();
    }
    g_frozen.clear();
}

JET_ERR CheckId(JET_OSSNAPID id) { return g_active && id == g_id ? JET_errSuccess : JET_errOSSnapshotInvalidSnapId; }

// Pauses one instance: its group commit, its log flushed, its checkpointer. Counted as a backup
// thread meanwhile so that a JetTerm waits for it. False when it cannot be frozen.
JET_ERR FreezeOne(InstanceRecord& r, std::vector<Frozen>* out) {
    InstanceData* d = nullptr;
    {
        std::lock_guard lock(r.mu);
        if (sw::StateOf(r.state.load(std::memory_order_acquire)) != State::kRunning || r.data == nullptr ||
            !r.data->logged()) {
            return JET_errSuccess;  // nothing to hold still
        }
        d = r.data.get();
        ++r.backup_threads;
    }
    d->committer->Pause();
    const storage::Status s = d->log->Sync();
    if (s.ok()) d->checkpointer->Pause();
    {
        std::lock_guard lock(r.mu);
        --r.backup_threads;
    }
    r.backup_left.notify_all();
    if (!s.ok()) {
        d->committer->Resume();
        return JET_errLogWriteFail;
    }
    out->push_back(Frozen{&r, d});
    return JET_errSuccess;
}

void Watchdog(std::uint64_t epoch, std::chrono::milliseconds timeout) {
    std::unique_lock lock(g_mu);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    g_changed.wait_until(lock, deadline, [&] { return !g_active || g_freeze_epoch != epoch || g_phase != Phase::kFrozen; });
    if (g_active && g_freeze_epoch == epoch && g_phase == Phase::kFrozen) {
        ResumeLocked();
        g_phase = Phase::kTimedOut;
    }
}

}  // namespace

namespace seam {
void SetFreezeTimeoutForTesting(std::chrono::milliseconds timeout) {
    std::lock_guard lock(g_mu);
    g_timeout_for_testing = timeout;
}
}  // namespace seam

JET_ERR OsSnapshotPrepare(JET_OSSNAPID* id, JET_GRBIT grbit) {
    if (id == nullptr) return JET_errInvalidParameter;
    if ((grbit & ~kPrepareGrbits) != 0) return JET_errInvalidGrbit;
    std::lock_guard lock(g_mu);
    if (g_active) return JET_errOSSnapshotNotAllowed;
    g_active = true;
    g_id = g_next_id++;
    g_phase = Phase::kPrepared;
    g_explicit = (grbit & JET_bitExplicitPrepare) != 0;
    g_prepared.clear();
    *id = g_id;
    return JET_errSuccess;
}

JET_ERR OsSnapshotPrepareInstance(JET_OSSNAPID id, JET_INSTANCE instance, JET_GRBIT grbit) {
    if (grbit != 0) return JET_errInvalidGrbit;
    std::lock_guard lock(g_mu);
    if (JET_ERR err = CheckId(id); err < 0) return err;
    if (g_phase != Phase::kPrepared || !g_explicit) return JET_errOSSnapshotInvalidSequence;
    std::uint64_t gen = 0;
    InstanceRecord* r = ResolveInstance(instance, &gen);
    if (r == nullptr) return JET_errInvalidParameter;
    g_prepared.emplace_back(r, gen);
    return JET_errSuccess;
}

JET_ERR OsSnapshotFreeze(JET_OSSNAPID id, JET_ULONG* count, JET_INSTANCE_INFO** info, JET_GRBIT grbit) {
    if (count == nullptr || info == nullptr) return JET_errInvalidParameter;
    *count = 0;
    *info = nullptr;
    if (grbit != 0) return JET_errInvalidGrbit;
    std::unique_lock lock(g_mu);
    if (JET_ERR err = CheckId(id); err < 0) return err;
    if (g_phase != Phase::kPrepared) return JET_errOSSnapshotInvalidSequence;
    std::vector<InstanceRecord*> targets;
    if (g_explicit) {
        for (const auto& [r, gen] : g_prepared) {
            if (r->generation.load(std::memory_order_acquire) == gen) targets.push_back(r);
        }
    } else {
        for (std::uint32_t i = 0; i < kMaxRecords; ++i) targets.push_back(&Records()[i]);
    }
    std::vector<Frozen> frozen;
    for (InstanceRecord* r : targets) {
        if (JET_ERR err = FreezeOne(*r, &frozen); err < 0) {
            g_frozen = std::move(frozen);
            ResumeLocked();
            return err;
        }
    }
    g_frozen = std::move(frozen);
    g_phase = Phase::kFrozen;
    const std::uint64_t epoch = ++g_freeze_epoch;
    const auto timeout = g_timeout_for_testing.count() > 0 ? g_timeout_for_testing
                                                            : std::chrono::milliseconds(kFreezeTimeout);
    std::vector<InstanceRecord*> listed;
    for (const Frozen& f : g_frozen) listed.push_back(f.record);
    std::thread(Watchdog, epoch, timeout).detach();
    lock.unlock();
    return InstanceInfoOf(
        [&](const InstanceRecord& r) { return std::find(listed.begin(), listed.end(), &r) != listed.end(); }, count,
        info);
}

JET_ERR OsSnapshotThaw(JET_OSSNAPID id, JET_GRBIT grbit) {
    if (grbit != 0) return JET_errInvalidGrbit;
    std::lock_guard lock(g_mu);
    if (JET_ERR err = CheckId(id); err < 0) return err;
    if (g_phase == Phase::kTimedOut) {
        g_phase = Phase::kThawed;
        return JET_errOSSnapshotTimeOut;
    }
    if (g_phase != Phase::kFrozen) return JET_errOSSnapshotInvalidSequence;
    ResumeLocked();
    g_phase = Phase::kThawed;
    g_changed.notify_all();
    return JET_errSuccess;
}

JET_ERR OsSnapshotAbort(JET_OSSNAPID id, JET_GRBIT grbit) {
    if (grbit != 0) return JET_errInvalidGrbit;
    std::lock_guard lock(g_mu);
    if (JET_ERR err = CheckId(id); err < 0) return err;
    ResumeLocked();
    g_active = false;
    g_changed.notify_all();
    return JET_errSuccess;
}

JET_ERR OsSnapshotEnd(JET_OSSNAPID id, JET_GRBIT grbit) {
    if ((grbit & ~static_cast<JET_GRBIT>(JET_bitAbortSnapshot)) != 0) return JET_errInvalidGrbit;
    if ((grbit & JET_bitAbortSnapshot) != 0) return OsSnapshotAbort(id, 0);
    std::lock_guard lock(g_mu);
    if (JET_ERR err = CheckId(id); err < 0) return err;
    if (g_phase != Phase::kThawed) return JET_errOSSnapshotInvalidSequence;
    g_active = false;
    g_changed.notify_all();
    return JET_errSuccess;
}

void ThawForTerm(InstanceRecord& r) {
    std::lock_guard lock(g_mu);
    for (auto it = g_frozen.begin(); it != g_frozen.end();) {
        if (it->record == &r) {
            it->data->checkpointer->Resume();
            it->data->committer->Resume();
            it = g_frozen.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace jetstore::engine
