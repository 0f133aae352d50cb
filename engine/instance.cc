#include "engine/instance.h"

#include "engine/data.h"
#include "engine/database.h"
#include "engine/seams.h"
#include "engine/session.h"
#include "recovery/crash_recovery.h"

#include <algorithm>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <fstream>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <vector>
#include <system_error>

namespace jetstore::engine {

alignas(InstanceRecord) unsigned char g_record_storage[kMaxRecords * sizeof(InstanceRecord)];
Process g_process;

Process::Process() {
    globals.Reset();
    for (std::uint32_t i = 0; i < kMaxRecords; ++i) {
        new (g_record_storage + i * sizeof(InstanceRecord)) InstanceRecord();  // never destroyed
        Records()[i].index = i;
    }
}

namespace {

constexpr JET_GRBIT kInitGrbits = JET_bitReplayReplicatedLogFiles | JET_bitReplayIgnoreMissingDB |
                                  JET_bitRecoveryWithoutUndo | JET_bitTruncateLogsAfterRecovery |
                                  JET_bitReplayMissingMapEntryDB | JET_bitLogStreamMustExist |
                                  JET_bitReplayIgnoreLostLogs | JET_bitKeepDbAttachedAtEndOfRecovery;
constexpr JET_GRBIT kTermGrbits = JET_bitTermComplete | JET_bitTermAbrupt | JET_bitTermStopBackup | JET_bitTermDirty;
constexpr JET_GRBIT kStopGrbits =
    JET_bitStopServiceBackgroundUserTasks | JET_bitStopServiceQuiesceCaches | JET_bitStopServiceResume;

bool IsNil(JET_INSTANCE h) { return h == 0 || h == JET_instanceNil; }

State StateOfRecord(const InstanceRecord& r) { return sw::StateOf(r.state.load(std::memory_order_acquire)); }

// True when the record still holds the instance a handle resolved to (its generation changes only
// when it is freed, under both its lock and the process lock). REQUIRES: r.mu held.
bool StillCurrent(const InstanceRecord& r, std::uint64_t gen) {
    return r.generation.load(std::memory_order_acquire) == gen && StateOfRecord(r) != State::kFree;
}

// REQUIRES: g_process.mu held.
bool NameInUse(const char* name) {
    for (std::uint32_t i = 0; i < kMaxRecords; ++i) {
        const InstanceRecord& r = Records()[i];
        if (StateOfRecord(r) == State::kFree) continue;
        if (name == nullptr ? !r.name.has_value() : (r.name.has_value() && *r.name == name)) return true;
    }
    return false;
}

// Allocates a Created record. REQUIRES: g_process.mu held.
JET_ERR AllocateRecord(const char* name, const char* display, InstanceRecord** out) {
    if (NameInUse(name)) return JET_errInstanceNameInUse;
    if (g_process.allocated >= static_cast<std::uint32_t>(g_process.globals.Int(JET_paramMaxInstances))) {
        return JET_errTooManyInstances;
    }
    for (std::uint32_t i = 0; i < kMaxRecords; ++i) {
        InstanceRecord& r = Records()[i];
        if (StateOfRecord(r) != State::kFree) continue;
        r.params = g_process.globals;
        r.name = name != nullptr ? std::optional<std::string>(name) : std::nullopt;
        r.display_name = display != nullptr ? display : (name != nullptr ? name : "");
        r.recovered_at_init.store(false, std::memory_order_relaxed);
        r.checkpoint_path.clear();
        r.state.store(static_cast<std::uint64_t>(State::kCreated), std::memory_order_release);
        ++g_process.allocated;
        *out = &r;
        return JET_errSuccess;
    }
    return JET_errTooManyInstances;
}

// Returns a record to the free pool; its handles become stale. REQUIRES: g_process.mu held.
void FreeRecord(InstanceRecord& r, bool was_initialized) {
    r.cache_key.store(0, std::memory_order_relaxed);
    r.generation.fetch_add(1, std::memory_order_acq_rel);
    r.state.store(static_cast<std::uint64_t>(State::kFree), std::memory_order_seq_cst);
    r.name.reset();
    r.display_name.clear();
    --g_process.allocated;
    if (was_initialized) g_process.initialized.fetch_sub(1, std::memory_order_acq_rel);
    if (g_process.allocated == 0) g_process.mode.store(RunMode::kNotSet, std::memory_order_release);
}


// JetInit3's relocation map, as absolute paths. JET_errInvalidParameter for a malformed one.
JET_ERR RelocationOf(const JET_RSTINFO* info, std::vector<std::pair<std::string, std::string>>* out) {
    if (info == nullptr || info->crstmap == 0) return JET_errSuccess;
    if (info->crstmap < 0 || info->rgrstmap == nullptr) return JET_errInvalidParameter;
    for (JET_LONG i = 0; i < info->crstmap; ++i) {
        const JET_RSTMAP& m = info->rgrstmap[i];
        if (m.szDatabaseName == nullptr || m.szNewDatabaseName == nullptr || *m.szDatabaseName == 0 ||
            *m.szNewDatabaseName == 0) {
            return JET_errInvalidParameter;
        }
        out->emplace_back(AbsolutePath(m.szDatabaseName), AbsolutePath(m.szNewDatabaseName));
    }
    return JET_errSuccess;
}

// JetInit3's stop position (lgposStop), as a place in the log: none when lGeneration is 0 (a
// zeroed JET_RSTINFO); {0xFFFF, 0xFFFF} as ib and isec is the end of that generation, whatever its
// size. JET_errInvalidParameter for a negative generation.
JET_ERR StopOf(const JET_RSTINFO* info, std::optional<storage::LogPosition>* out) {
    out->reset();
    if (info == nullptr || info->lgposStop.lGeneration == 0) return JET_errSuccess;
    const JET_LGPOS& at = info->lgposStop;
    if (at.lGeneration < 0 || static_cast<std::uint64_t>(at.lGeneration) > UINT32_MAX) return JET_errInvalidParameter;
    storage::LogPosition stop;
    stop.generation = static_cast<std::uint32_t>(at.lGeneration);
    stop.offset = at.ib == 0xFFFF && at.isec == 0xFFFF ? UINT64_MAX
                                                        : std::uint64_t{at.isec} * 512 + std::uint64_t{at.ib};
    *out = stop;
    return JET_errSuccess;
}

// The body of JetInit once the record is Initializing. REQUIRES: r.mu held.
JET_ERR InitRecord(InstanceRecord& r, JET_RSTINFO* rstinfo, JET_GRBIT grbit) {
    const ParamStore& p = r.params;
    const bool create = p.Int(JET_paramCreatePathIfNotExist) != 0;
    const bool recovery_off = RecoveryOff(p.Str(JET_paramRecovery));
    JET_ERR err = EnsureFolder(p.Str(JET_paramSystemPath), create);
    if (err < 0) return err;
    if (!recovery_off) {
        err = EnsureFolder(p.Str(JET_paramLogFilePath), create);
        if (err < 0) return err;
    }
    // Crash recovery (recovery/crash_recovery.h): replay the log into the databases, then open it
    // for this run. No database is attached afterwards (XP+ behaviour): the application attaches.
    recovery::StartedLog started;
    LogStart log_start;
    if (!recovery_off) {
        recovery::LogConfig config = LogConfigOf(p);
        err = RelocationOf(rstinfo, &config.relocate);
        if (err >= 0) err = StopOf(rstinfo, &config.stop);
        if (err < 0) return err;
        err = recovery::StartLog(config, grbit, &started);
        if (err < 0) return err;
        log_start.log = std::move(started.log);
        log_start.checkpoint = started.checkpoint;
        log_start.options.path = config.checkpoint_path;
        // esent takes any depth; below 1 MiB the checkpointer would run at every commit.
        const std::int64_t depth = std::max<std::int64_t>(1 << 20, p.Int(JET_paramCheckpointDepthMax));
        log_start.options.depth = static_cast<std::uint64_t>(depth);
        log_start.options.overlay_budget = std::max<std::uint64_t>(64u << 20, 8 * log_start.options.depth);
        log_start.options.circular = p.Int(JET_paramCircularLog) != 0;
        // A non-empty overlay is checkpointed at least once a second at the default depth (20
        // MiB), less often for deeper checkpoints (a second per 20 MiB of depth, at most a minute).
        log_start.options.interval = std::chrono::milliseconds(
            std::clamp<std::int64_t>(1000 * (depth / (20 << 20)), 1000, 60000));
        if (const unsigned ms = seam::CheckpointIntervalForTesting(); ms != 0) {
            log_start.options.interval = std::chrono::milliseconds(ms);
        }
        r.checkpoint_path = config.checkpoint_path;
    } else {
        r.checkpoint_path.clear();
    }

    const auto max_sessions = static_cast<std::uint32_t>(p.Int(JET_paramMaxSessions));
    SessionTable* t = r.table.load(std::memory_order_acquire);
    if (t == nullptr || t->capacity() < max_sessions || t->retired()) {
        // The old table stays allocated (type-stable); the new one's generations start above
        // every generation the old one handed out, so no stale handle can match. A retired table
        // may still receive a context release from a thread JetTerm overtook (session_table.h).
        const std::uint64_t first_gen = t != nullptr ? t->MaxGen() + 1 : 1;
        t = new SessionTable(max_sessions, first_gen, t);
        r.table.store(t, std::memory_order_release);
        r.slots.store(&t->slot(0), std::memory_order_release);
        r.slot_capacity.store(t->capacity(), std::memory_order_release);
    }
    t->Reset(max_sessions);

    r.data = NewInstanceData(r, max_sessions, recovery_off ? nullptr : &log_start);
    r.recovered_at_init.store(started.recovered, std::memory_order_relaxed);
    r.last_replay = started.stats;
    r.recovery_off.store(recovery_off, std::memory_order_relaxed);
    r.commit_default.store(static_cast<std::uint32_t>(p.Int(JET_paramCommitDefault)), std::memory_order_relaxed);
    ++r.init_epoch;
    r.cache_key.store((r.init_epoch << 11) | (r.index + 1), std::memory_order_relaxed);
    return JET_errSuccess;
}


JET_ERR ErrorOfState(State s) {
    switch (s) {
        case State::kRunning:
        case State::kFailed:
            return JET_errAlreadyInitialized;
        case State::kInitializing:
            return JET_errInitInProgress;
        case State::kTerminating:
            return JET_errTermInProgress;
        case State::kRestoring:
            return JET_errRestoreInProgress;
        case State::kFree:
            return JET_errInvalidParameter;
        case State::kCreated:
            break;
    }
    return JET_errSuccess;
}

}  // namespace

// Makes sure a folder exists, creating it when the instance allows.
JET_ERR EnsureFolder(const std::string& folder, bool create) {
    std::error_code ec;
    if (std::filesystem::is_directory(folder, ec)) return JET_errSuccess;
    if (!create) return JET_errInvalidPath;
    std::filesystem::create_directories(folder, ec);
    if (ec) return ec == std::errc::permission_denied ? JET_errFileAccessDenied : JET_errInvalidPath;
    return JET_errSuccess;
}

JET_ERR PathsInUse(const InstanceRecord& r) {
    if (RecoveryOff(r.params.Str(JET_paramRecovery))) return JET_errSuccess;
    for (std::uint32_t i = 0; i < kMaxRecords; ++i) {
        const InstanceRecord& o = Records()[i];
        if (&o == &r) continue;
        const State s = StateOfRecord(o);
        if (s == State::kFree || s == State::kCreated || s == State::kRestoring) continue;
        if (RecoveryOff(o.params.Str(JET_paramRecovery))) continue;
        if (o.params.Str(JET_paramSystemPath) == r.params.Str(JET_paramSystemPath)) return JET_errSystemPathInUse;
        if (o.params.Str(JET_paramLogFilePath) == r.params.Str(JET_paramLogFilePath)) return JET_errLogFilePathInUse;
    }
    return JET_errSuccess;
}

recovery::LogConfig LogConfigOf(const ParamStore& p) {
    recovery::LogConfig config;
    config.log_folder = p.Str(JET_paramLogFilePath);
    config.base = p.Str(JET_paramBaseName);
    config.checkpoint_path = p.Str(JET_paramSystemPath) + p.Str(JET_paramBaseName) + ".chk";
    config.file_size = static_cast<std::uint64_t>(p.Int(JET_paramLogFileSize)) * 1024u;
    config.write_chunk = static_cast<std::size_t>(p.Int(JET_paramLogBuffers)) * 512u;
    config.skip_sync_for_testing = seam::SkipLogSyncForTesting();
    return config;
}

InstanceRecord* LockInstance(JET_INSTANCE instance, std::unique_lock<std::mutex>* lock) {
    std::uint64_t gen = 0;
    InstanceRecord* r = ResolveInstance(instance, &gen);
    if (r == nullptr) return nullptr;
    *lock = std::unique_lock(r->mu);
    if (!StillCurrent(*r, gen)) {
        lock->unlock();
        return nullptr;
    }
    return r;
}

JET_ERR AllocateInstanceRecord(const char* name, const char* display, InstanceRecord** out) {
    return AllocateRecord(name, display, out);
}

void FreeInstanceRecord(InstanceRecord& r) { FreeRecord(r, false); }

JET_ERR StateError(std::uint64_t w, bool exempt_from_stop) {
    if ((w & sw::kStopAll) != 0 && !exempt_from_stop) return JET_errClientRequestToStopJetService;
    switch (sw::StateOf(w)) {
        case State::kRunning:
            return JET_errSuccess;
        case State::kFailed:
            return (w & sw::kFailedLogDiskFull) != 0 ? JET_errInstanceUnavailableDueToFatalLogDiskFull
                                                     : JET_errInstanceUnavailable;
        case State::kTerminating:
            return JET_errTermInProgress;
        case State::kRestoring:
            return JET_errRestoreInProgress;
        case State::kFree:
        case State::kCreated:
        case State::kInitializing:
            break;
    }
    return JET_errNotInitialized;
}

JET_ERR CreateInstance(JET_INSTANCE* pinstance, const char* name, const char* display, JET_GRBIT grbit) {
    if (pinstance == nullptr) return JET_errInvalidParameter;
    *pinstance = JET_instanceNil;
    if (grbit != 0) return JET_errInvalidGrbit;
    std::lock_guard lock(g_process.mu);
    if (g_process.mode.load(std::memory_order_relaxed) == RunMode::kSingle) return JET_errRunningInOneInstanceMode;
    InstanceRecord* r = nullptr;
    const JET_ERR err = AllocateRecord(name, display, &r);
    if (err < 0) return err;
    g_process.mode.store(RunMode::kMulti, std::memory_order_release);
    *pinstance = MakeInstanceHandle(*r, r->generation.load(std::memory_order_relaxed));
    return JET_errSuccess;
}

JET_ERR Init(JET_INSTANCE* pinstance, JET_RSTINFO* rstinfo, JET_GRBIT grbit) {
    // Bad arguments fail the init like any other error: the instance is freed (DECISIONS.md 3).
    JET_ERR arg_err = JET_errSuccess;
    if ((grbit & ~kInitGrbits) != 0) arg_err = JET_errInvalidGrbit;
    if (rstinfo != nullptr && rstinfo->cbStruct != sizeof(JET_RSTINFO)) arg_err = JET_errInvalidParameter;

    InstanceRecord* r = nullptr;
    bool implicit = false;
    std::unique_lock plock(g_process.mu);
    const RunMode mode = g_process.mode.load(std::memory_order_relaxed);
    const JET_INSTANCE given = pinstance != nullptr ? *pinstance : 0;
    if (mode == RunMode::kSingle) return JET_errAlreadyInitialized;
    if (mode == RunMode::kMulti && pinstance == nullptr) return JET_errRunningInMultiInstanceMode;
    if (mode == RunMode::kMulti && !IsNil(given)) {
        r = ResolveInstance(given);
        if (r == nullptr) return JET_errInvalidParameter;
    } else {
        // NotSet (any handle is stale then: creating an instance chooses multi mode), or multi mode
        // with a NULL/Nil *pinstance: an implicit, unnamed instance.
        JET_ERR err = AllocateRecord(nullptr, nullptr, &r);
        if (err < 0) {
            if (pinstance != nullptr) *pinstance = 0;
            return err;
        }
        implicit = true;
        if (mode == RunMode::kNotSet) {
            g_process.mode.store(RunMode::kSingle, std::memory_order_release);
            g_process.single.store(r->index, std::memory_order_release);
        }
    }

    // Lock order everywhere: the process lock before an instance's lock.
    std::unique_lock rlock(r->mu);
    const State s = StateOfRecord(*r);
    if (s != State::kCreated) return ErrorOfState(s);  // the instance is not touched
    JET_ERR err = arg_err < 0 ? arg_err : PathsInUse(*r);
    if (err >= 0) r->state.store(static_cast<std::uint64_t>(State::kInitializing), std::memory_order_seq_cst);
    plock.unlock();
    if (err >= 0) {
        JET_PFNSTATUS status = rstinfo != nullptr && arg_err >= 0 ? rstinfo->pfnStatus : nullptr;
        if (status != nullptr) (void)status(0, JET_snpRestore, JET_sntBegin, nullptr);
        try {
            err = InitRecord(*r, rstinfo, grbit);  // file system work under the instance's lock only
        } catch (const std::bad_alloc&) {
            err = JET_errOutOfMemory;  // the failure path below still frees the instance
        } catch (const std::exception&) {
            err = JET_errInvalidPath;  // std::filesystem's errors
        }
        if (status != nullptr) (void)status(0, JET_snpRestore, err >= 0 ? JET_sntComplete : JET_sntFail, nullptr);
    }
    if (err < 0) {
        // Others see Initializing meanwhile and leave the record alone.
        rlock.unlock();
        std::lock_guard relock(g_process.mu);
        FreeRecord(*r, false);
        if (pinstance != nullptr) *pinstance = 0;
        return err;
    }
    g_process.initialized.fetch_add(1, std::memory_order_acq_rel);
    r->state.store(static_cast<std::uint64_t>(State::kRunning), std::memory_order_seq_cst);
    if (pinstance != nullptr) *pinstance = MakeInstanceHandle(*r, r->generation.load(std::memory_order_relaxed));
    (void)implicit;
    return JET_errSuccess;
}

JET_ERR Term(JET_INSTANCE instance, JET_GRBIT grbit) {
    if ((grbit & ~kTermGrbits) != 0) return JET_errInvalidGrbit;
    std::uint64_t gen = 0;
    InstanceRecord* r = ResolveInstance(instance, &gen);
    if (r == nullptr) return JET_errInvalidParameter;

    std::unique_lock rlock(r->mu);
    if (!StillCurrent(*r, gen)) return JET_errInvalidParameter;  // freed (and maybe reused) meanwhile
    const std::uint64_t before = r->state.load(std::memory_order_acquire);
    switch (sw::StateOf(before)) {
        case State::kCreated: {
            rlock.unlock();
            std::lock_guard plock(g_process.mu);  // process lock first, then the instance's
            std::lock_guard relock(r->mu);
            if (!StillCurrent(*r, gen)) return JET_errInvalidParameter;
            if (StateOfRecord(*r) != State::kCreated) return JET_errInitInProgress;  // a racing JetInit took it
            FreeRecord(*r, false);
            return JET_errSuccess;
        }
        case State::kFree:
            return JET_errInvalidParameter;
        case State::kInitializing:
            return JET_errInitInProgress;
        case State::kRestoring:
            return JET_errRestoreInProgress;
        case State::kTerminating:
            return JET_errTermInProgress;
        case State::kRunning:
        case State::kFailed:
            break;
    }
    const bool failed = sw::StateOf(before) == State::kFailed;
    const bool dirty = failed || (grbit & JET_bitTermDirty) != 0;
    // DECISIONS.md 18: a complete stop waits for no backup; the others stop it.
    if (r->backup_running) {
        if (!failed && (grbit & (JET_bitTermAbrupt | JET_bitTermStopBackup | JET_bitTermDirty)) == 0) {
            return JET_errBackupInProgress;
        }
        r->backup_abort.store(true, std::memory_order_release);
    }
    // From here every new call gets JET_errTermInProgress (session_table.h explains the handshake).
    r->state.store(sw::With(before, State::kTerminating), std::memory_order_seq_cst);
    rlock.unlock();

    ThawForTerm(*r);  // commits paused by an OS snapshot's freeze go on, so that calls can leave
    WaitForCallsToLeave(*r);
    {
        // A backup call inside the instance sees the abort at its next step and leaves; an
        // external backup between calls is simply ended.
        std::unique_lock backup_lock(r->mu);
        r->backup_left.wait(backup_lock, [&] { return r->backup_threads == 0; });
        r->backup_running = false;
        r->external.reset();
    }
    if (!dirty && AnyOpenTransaction(*r)) {
        // A usage failure: the instance is left as it was.
        rlock.lock();
        r->state.store(before, std::memory_order_seq_cst);
        return JET_errTooManyActiveUsers;
    }
    EndAllSessions(*r);
    // A clean stop checkpoints everything and marks the checkpoint clean; a dirty one (asked, or
    // a Failed instance) writes nothing more, and the next JetInit replays the log.
    JET_ERR finish = JET_errSuccess;
    if (!dirty) {
        try {
            finish = FinishInstanceData(*r->data);
        } catch (const std::bad_alloc&) {
            finish = JET_errOutOfMemory;
        }
    }
    r->data.reset();  // detaches every database: closes the log and the LMDB environments

    std::lock_guard plock(g_process.mu);
    FreeRecord(*r, true);
    // [esent] a stop that could not finish cleanly still stops; the next JetInit recovers.
    if (finish < 0) return finish;
    return (grbit & JET_bitTermDirty) != 0 ? JET_errDirtyShutdown : JET_errSuccess;
}

void FailInstanceFromStorage(InstanceRecord& r, JET_ERR cause) {
    std::lock_guard lock(r.mu);
    const std::uint64_t w = r.state.load(std::memory_order_acquire);
    if (sw::StateOf(w) != State::kRunning) return;  // already Failed, or stopping: nothing to change
    std::uint64_t next = sw::With(w, State::kFailed);
    if (cause == JET_errLogDiskFull) next |= sw::kFailedLogDiskFull;
    r.state.store(next, std::memory_order_seq_cst);
}

JET_ERR StopServiceInstance(JET_INSTANCE instance, JET_GRBIT grbit) {
    if ((grbit & ~kStopGrbits) != 0) return JET_errInvalidGrbit;
    std::uint64_t gen = 0;
    InstanceRecord* r = ResolveInstance(instance, &gen);
    if (r == nullptr) return JET_errInvalidParameter;
    std::lock_guard rlock(r->mu);
    if (!StillCurrent(*r, gen)) return JET_errInvalidParameter;
    const std::uint64_t w = r->state.load(std::memory_order_acquire);
    switch (sw::StateOf(w)) {
        case State::kRunning:
            break;
        case State::kFree:
        case State::kCreated:
        case State::kInitializing:
            return JET_errInvalidParameter;  // not a running instance
        case State::kFailed:
        case State::kTerminating:
        case State::kRestoring:
            return StateError(w & ~sw::kStopAll, false);
    }
    const std::uint64_t resumable = grbit & (JET_bitStopServiceBackgroundUserTasks | JET_bitStopServiceQuiesceCaches);
    const std::uint64_t bits = ((resumable & JET_bitStopServiceBackgroundUserTasks) != 0 ? sw::kStopBackground : 0) |
                               ((resumable & JET_bitStopServiceQuiesceCaches) != 0 ? sw::kStopQuiesce : 0);
    if ((grbit & JET_bitStopServiceResume) != 0) {
        if ((w & sw::kStopAll) != 0) return JET_errInvalidParameter;  // an All stop cannot be resumed
        const std::uint64_t clear = bits != 0 ? bits : (sw::kStopBackground | sw::kStopQuiesce);
        r->state.store(w & ~clear, std::memory_order_seq_cst);
        return JET_errSuccess;
    }
    r->state.store(w | (bits != 0 ? bits : sw::kStopAll), std::memory_order_seq_cst);
    return JET_errSuccess;
}

JET_ERR StopService() {
    const RunMode mode = g_process.mode.load(std::memory_order_acquire);
    if (mode == RunMode::kMulti) return JET_errRunningInMultiInstanceMode;
    if (mode == RunMode::kNotSet) return JET_errInvalidParameter;
    return StopServiceInstance(0, JET_bitStopServiceAll);
}

JET_ERR EnableMultiInstance(JET_SETSYSPARAM* params, JET_ULONG count, JET_ULONG* succeeded) {
    if (succeeded != nullptr) *succeeded = 0;
    if (count > 0 && params == nullptr) return JET_errInvalidParameter;
    std::lock_guard lock(g_process.mu);
    const RunMode mode = g_process.mode.load(std::memory_order_relaxed);
    if (mode == RunMode::kSingle) return JET_errRunningInOneInstanceMode;
    if (mode == RunMode::kMulti) {
        // [esent] values that differ from the current global ones are a conflict.
        for (JET_ULONG i = 0; i < count; ++i) {
            const ParamDef* def = FindParam(params[i].paramid);
            std::int64_t v = 0;
            std::string s;
            if (def == nullptr || ParamStore::Normalize(*def, params[i].lParam, params[i].sz, &v, &s) < 0 ||
                !g_process.globals.Equals(*def, v, s)) {
                return JET_errSystemParameterConflict;
            }
        }
        return JET_errSystemParamsAlreadySet;
    }
    for (JET_ULONG i = 0; i < count; ++i) {
        const ParamDef* def = FindParam(params[i].paramid);
        std::int64_t v = 0;
        std::string s;
        JET_ERR err = def == nullptr ? JET_errInvalidParameter
                                     : ParamStore::Normalize(*def, params[i].lParam, params[i].sz, &v, &s);
        params[i].err = err;
        if (err < 0) return err;  // the entries before stay set, as esent's do
        g_process.globals.Store(*def, v, std::move(s));
        if (succeeded != nullptr) ++*succeeded;
    }
    g_process.mode.store(RunMode::kMulti, std::memory_order_release);
    return JET_errSuccess;
}

JET_ERR GetInstanceInfo(JET_ULONG* pcount, JET_INSTANCE_INFO** pinfo) {
    return InstanceInfoOf([](const InstanceRecord&) { return true; }, pcount, pinfo);
}

bool AttachedInProcess(const std::string& path) {
    std::lock_guard lock(g_process.mu);
    for (std::uint32_t i = 0; i < kMaxRecords; ++i) {
        InstanceRecord& r = Records()[i];
        const State st = StateOfRecord(r);
        // A running instance's data lives until JetTerm frees the record, which needs this lock.
        if ((st != State::kRunning && st != State::kFailed) || r.data == nullptr) continue;
        for (const std::string& p : AttachedPaths(*r.data)) {
            if (p == path) return true;
        }
    }
    return false;
}

JET_ERR InstanceInfoOf(const std::function<bool(const InstanceRecord&)>& include, JET_ULONG* pcount,
                       JET_INSTANCE_INFO** pinfo) {
    if (pcount == nullptr || pinfo == nullptr) return JET_errInvalidParameter;
    std::lock_guard lock(g_process.mu);
    struct Entry {
        const InstanceRecord* r;
        std::vector<std::string> dbs;
    };
    std::vector<Entry> entries;
    std::size_t bytes = 0;
    for (std::uint32_t i = 0; i < kMaxRecords; ++i) {
        InstanceRecord& r = Records()[i];
        const State st = StateOfRecord(r);
        if (st == State::kFree || !include(r)) continue;
        Entry e{&r, {}};
        // Databases of a running instance (its data lives until JetTerm frees the record, which
        // needs the process lock held here).
        if ((st == State::kRunning || st == State::kFailed) && r.data != nullptr) e.dbs = AttachedPaths(*r.data);
        if (r.name.has_value()) bytes += r.name->size() + 1;
        for (const std::string& p : e.dbs) bytes += p.size() + 1 + sizeof(char*) * 3;
        entries.push_back(std::move(e));
    }
    *pcount = 0;
    *pinfo = nullptr;
    if (entries.empty()) return JET_errSuccess;
    // One block: the array, the pointer arrays, then the strings (JetFreeBuffer frees it whole).
    // Layout: the info array, then every pointer array (aligned), then the strings.
    std::size_t pointers = 0;
    for (const Entry& e : entries) pointers += 3 * e.dbs.size();
    const std::size_t head = entries.size() * sizeof(JET_INSTANCE_INFO);
    auto* block = static_cast<char*>(std::malloc(head + bytes));
    if (block == nullptr) return JET_errOutOfMemory;
    auto* info = reinterpret_cast<JET_INSTANCE_INFO*>(block);
    auto** pointer_cursor = reinterpret_cast<char**>(block + head);
    char* cursor = block + head + pointers * sizeof(char*);
    for (std::size_t k = 0; k < entries.size(); ++k) {
        const Entry& e = entries[k];
        JET_INSTANCE_INFO& out = info[k];
        out.hInstanceId = MakeInstanceHandle(*e.r, e.r->generation.load(std::memory_order_relaxed));
        out.szInstanceName = nullptr;
        out.cDatabases = e.dbs.size();
        out.szDatabaseFileName = nullptr;
        out.szDatabaseDisplayName = nullptr;
        out.szDatabaseSLVFileName_Obsolete = nullptr;
        if (!e.dbs.empty()) {
            char** names = pointer_cursor;
            char** display = names + e.dbs.size();
            char** slv = display + e.dbs.size();
            pointer_cursor += 3 * e.dbs.size();
            for (std::size_t j = 0; j < e.dbs.size(); ++j) {
                std::memcpy(cursor, e.dbs[j].c_str(), e.dbs[j].size() + 1);
                names[j] = cursor;
                display[j] = nullptr;
                slv[j] = nullptr;
                cursor += e.dbs[j].size() + 1;
            }
            out.szDatabaseFileName = names;
            out.szDatabaseDisplayName = display;
            out.szDatabaseSLVFileName_Obsolete = slv;
        }
        if (e.r->name.has_value()) {
            std::memcpy(cursor, e.r->name->c_str(), e.r->name->size() + 1);
            out.szInstanceName = cursor;
            cursor += e.r->name->size() + 1;
        }
    }
    *pcount = static_cast<JET_ULONG>(entries.size());
    *pinfo = info;
    return JET_errSuccess;
}

namespace {

// Sets a global value. REQUIRES: g_process.mu held.
JET_ERR SetGlobal(const ParamDef& def, std::int64_t v, std::string s) {
    const bool fixed_once_chosen = def.id == JET_paramMaxInstances || def.id == JET_paramDatabasePageSize;
    if (fixed_once_chosen && g_process.mode.load(std::memory_order_relaxed) != RunMode::kNotSet) {
        return g_process.globals.Equals(def, v, s) ? JET_errSuccess : JET_errAlreadyInitialized;
    }
    g_process.globals.Store(def, v, std::move(s));
    return JET_errSuccess;
}

JET_ERR SetOnInstance(InstanceRecord& r, std::uint64_t gen, const ParamDef& def, std::int64_t v, std::string s) {
    if (StateOfRecord(r) == State::kInitializing) return JET_errInitInProgress;  // init holds mu
    std::lock_guard lock(r.mu);
    if (!StillCurrent(r, gen)) return JET_errInvalidInstance;
    const std::uint64_t w = r.state.load(std::memory_order_acquire);
    const State st = sw::StateOf(w);
    if (st == State::kFree) return JET_errInvalidInstance;
    if (st != State::kCreated) {
        const JET_ERR e = StateError(w, false);
        if (e < 0 && st != State::kRunning) return e == JET_errNotInitialized ? JET_errInitInProgress : e;
        if (e < 0) return e;
        if (!def.settable_after_init) return r.params.Equals(def, v, s) ? JET_errSuccess : JET_errAlreadyInitialized;
    }
    if (def.advanced && r.params.Int(JET_paramEnableAdvanced) == 0) return JET_errSuccess;  // [esent] ignored
    if (def.id == JET_paramCommitDefault) r.commit_default.store(static_cast<std::uint32_t>(v), std::memory_order_relaxed);
    r.params.Store(def, v, std::move(s));
    return JET_errSuccess;
}

}  // namespace

JET_ERR SetSystemParameter(JET_INSTANCE* pinstance, JET_SESID sesid, JET_ULONG paramid, JET_API_PTR lparam,
                           const char* sz) {
    const ParamDef* def = FindParam(paramid);
    if (def == nullptr) return JET_errInvalidParameter;
    std::int64_t v = 0;
    std::string s;
    JET_ERR err = ParamStore::Normalize(*def, lparam, sz, &v, &s);
    if (err < 0) return err;

    if (sesid != 0 && sesid != JET_sesidNil) {
        CallGuard g(sesid, false);
        if (g.err() < 0) return g.err();
        if (def->id == JET_paramCommitDefault) {
            SetSessionCommitDefault(g, static_cast<std::uint32_t>(v));
            return JET_errSuccess;
        }
        if (def->scope == ParamScope::kGlobal) {
            std::lock_guard lock(g_process.mu);
            return SetGlobal(*def, v, std::move(s));
        }
        return SetOnInstance(g.record(), g.record().generation.load(std::memory_order_acquire), *def, v,
                             std::move(s));
    }
    InstanceRecord* r = nullptr;
    std::uint64_t gen = 0;
    if (def->scope == ParamScope::kInstance) {
        if (g_process.mode.load(std::memory_order_acquire) == RunMode::kSingle) {
            r = ResolveInstance(0, &gen);
        } else if (pinstance != nullptr && !IsNil(*pinstance)) {
            r = ResolveInstance(*pinstance, &gen);
            if (r == nullptr) return JET_errInvalidInstance;
        }
    }
    if (r != nullptr) return SetOnInstance(*r, gen, *def, v, std::move(s));
    std::lock_guard lock(g_process.mu);
    return SetGlobal(*def, v, std::move(s));
}

JET_ERR GetSystemParameter(JET_INSTANCE instance, JET_SESID sesid, JET_ULONG paramid, JET_API_PTR* plparam,
                           char* sz, JET_ULONG cb) {
    const ParamDef* def = FindParam(paramid);
    if (def == nullptr) return JET_errInvalidParameter;
    InstanceRecord* r = nullptr;
    std::uint64_t gen = 0;
    if (sesid != 0 && sesid != JET_sesidNil) {
        CallGuard g(sesid, false);
        if (g.err() < 0) return g.err();
        if (def->id == JET_paramCommitDefault) {
            if (plparam == nullptr) return JET_errInvalidParameter;
            *plparam = SessionCommitDefault(g);
            return JET_errSuccess;
        }
        r = &g.record();
        gen = r->generation.load(std::memory_order_acquire);
    } else if (def->scope == ParamScope::kInstance) {
        if (g_process.mode.load(std::memory_order_acquire) == RunMode::kSingle) {
            r = ResolveInstance(0, &gen);
        } else if (!IsNil(instance)) {
            r = ResolveInstance(instance, &gen);
            if (r == nullptr) return JET_errInvalidInstance;
        }
    }
    if (r == nullptr || def->scope == ParamScope::kGlobal) {
        std::lock_guard lock(g_process.mu);
        return g_process.globals.Get(*def, plparam, sz, cb);
    }
    if (StateOfRecord(*r) == State::kInitializing) return JET_errInitInProgress;
    std::lock_guard lock(r->mu);
    if (!StillCurrent(*r, gen)) return JET_errInvalidInstance;
    const std::uint64_t w = r->state.load(std::memory_order_acquire);
    const State st = sw::StateOf(w);
    if (st != State::kCreated) {
        const JET_ERR e = StateError(w, false);
        if (e < 0) return e;
    }
    return r->params.Get(*def, plparam, sz, cb);
}

}  // namespace jetstore::engine
