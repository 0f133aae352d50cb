// The instance manager: the process run mode, the registry of instance records, and the instance
// state machine. All transitions of an instance's state happen in instance.cc.
#pragma once

#include "engine/params.h"
#include "engine/session_table.h"
#include "recovery/crash_recovery.h"

#include <esent.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <new>
#include <memory>
#include <optional>
#include <string>

namespace jetstore::engine {

struct InstanceData;
struct ExternalBackup;

// The state word of an instance: one atomic the entry guard reads once.
//   bits 0..3  State
//   bit  4     stop requested (JetStopService / JetStopServiceInstance[2](All)): refuses calls
//   bit  5     background user tasks stopped (resumable; calls still accepted)
//   bit  6     caches quiesced (resumable; calls still accepted)
//   bit  7     the Failed state's cause was a log disk full
enum class State : std::uint8_t {
    kFree = 0,          // record unused; handles to it are stale
    kCreated = 1,       // allocated, not initialized
    kInitializing = 2,  // inside JetInit
    kRunning = 3,
    kRestoring = 4,     // inside a restore (recovery/)
    kTerminating = 5,   // inside JetTerm
    kFailed = 6,        // esent's "unavailable": sticky until JetTerm
};
namespace sw {
inline constexpr std::uint64_t kStateMask = 0xF;
inline constexpr std::uint64_t kStopAll = 1u << 4;
inline constexpr std::uint64_t kStopBackground = 1u << 5;
inline constexpr std::uint64_t kStopQuiesce = 1u << 6;
inline constexpr std::uint64_t kFailedLogDiskFull = 1u << 7;
inline State StateOf(std::uint64_t w) { return static_cast<State>(w & kStateMask); }
inline std::uint64_t With(std::uint64_t w, State s) { return (w & ~kStateMask) | static_cast<std::uint64_t>(s); }
}  // namespace sw

enum class RunMode : std::uint8_t { kNotSet, kSingle, kMulti };

inline constexpr std::uint32_t kMaxRecords = JET_cMaxInstances;

// One instance. Records are allocated once and never freed (type-stable); a record is reused by
// later instances, its `generation` telling their handles apart.
struct InstanceRecord {
    // Read by every call (the entry guard). Written under `mu` (and by seams).
    std::atomic<std::uint64_t> state{0};
    // Handle generation; changes only under the process lock, when the record is freed.
    std::atomic<std::uint64_t> generation{1};
    // The session table of the current init; replaced (never freed) when an init needs more slots.
    std::atomic<SessionTable*> table{nullptr};
    // The table's slots and capacity, beside the state word so that decoding a handle is two
    // dependent loads. Published slots first, capacity second (capacity only grows): a reader
    // that loads capacity (acquire) and then slots never indexes past the slots it sees.
    std::atomic<SessionSlot*> slots{nullptr};
    std::atomic<std::uint32_t> slot_capacity{0};
    // Key of per-thread free-slot caches: (init epoch << 10) | index + 1; 0 while not running.
    std::atomic<std::uint64_t> cache_key{0};
    // JET_paramCommitDefault, read by JetBeginSession.
    std::atomic<std::uint32_t> commit_default{0};
    // Ids of level-0 commits (JetCommitTransaction2).
    std::atomic<std::int64_t> commit_id{0};
    // True when the last init ran crash recovery.
    std::atomic<bool> recovered_at_init{false};
    // JET_paramRecovery was "off" at init: every commit is lazy.
    std::atomic<bool> recovery_off{false};

    std::uint32_t index = 0;  // constant

    // Serializes this instance's lifecycle transitions (init, term, stop, parameters).
    std::mutex mu;
    // Guarded by mu (and by the process lock for allocation and freeing):
    ParamStore params;
    std::optional<std::string> name;
    std::string display_name;
    std::uint64_t init_epoch = 0;
    std::uint64_t state_before_term = 0;
    std::string checkpoint_path;  // "" when recovery is off
    recovery::ReplayStats last_replay;  // what the last JetInit's recovery did
    // Backup (engine/backup.cc), under mu: a backup is open (JetBackupInstance runs, or an
    // external backup is between its begin and its end); `backup_threads` threads are inside a
    // backup call (JetTerm waits for them to leave after setting `backup_abort`).
    bool backup_running = false;
    int backup_threads = 0;
    // The external backup between JetBeginExternalBackupInstance and its end (engine/backup.cc).
    std::shared_ptr<ExternalBackup> external;
    std::atomic<bool> backup_abort{false};
    std::condition_variable backup_left;
    // Attached databases (engine/data.h): created by JetInit, destroyed by JetTerm after every
    // session is ended. Read by session calls, which JetTerm waits for.
    std::unique_ptr<InstanceData> data;
};

// The process: run mode, instance registry, global parameters.
struct Process {
    Process();

    std::mutex mu;  // esent's critInst: run mode, allocation, freeing, global parameters
    std::atomic<RunMode> mode{RunMode::kNotSet};
    std::atomic<std::uint32_t> single{0};        // record index of the one-instance-mode instance
    std::atomic<std::uint32_t> initialized{0};   // instances that have been initialized and not yet freed
    std::uint32_t allocated = 0;                 // guarded by mu
    ParamStore globals;                          // guarded by mu
};
extern Process g_process;

// The instance records: static storage at a link-time address (no pointer to chase), constructed
// by Process's constructor and never destroyed (type-stable; calls racing process exit are safe).
[[gnu::visibility("hidden")]] extern unsigned char g_record_storage[];
inline InstanceRecord* Records() { return std::launder(reinterpret_cast<InstanceRecord*>(g_record_storage)); }
inline Process& TheProcess() { return g_process; }

inline JET_INSTANCE MakeInstanceHandle(const InstanceRecord& r, std::uint64_t gen) {
    return static_cast<JET_INSTANCE>((gen << 10) | r.index);
}

// Resolves an instance handle as the instance-level calls do: in one-instance mode any handle
// names the one instance; else a handle must name a live record. nullptr when it does not.
// `*gen` receives the record's generation at the time of the lookup.
inline InstanceRecord* ResolveInstance(JET_INSTANCE h, std::uint64_t* gen = nullptr) {
    InstanceRecord* r;
    if (g_process.mode.load(std::memory_order_acquire) == RunMode::kSingle) {
        r = &Records()[g_process.single.load(std::memory_order_acquire)];
    } else {
        if (h == 0 || h == JET_instanceNil) return nullptr;
        r = &Records()[h & (kMaxRecords - 1)];
        if (r->generation.load(std::memory_order_acquire) != (static_cast<std::uint64_t>(h) >> 10)) return nullptr;
    }
    const std::uint64_t g = r->generation.load(std::memory_order_acquire);
    if (sw::StateOf(r->state.load(std::memory_order_acquire)) == State::kFree) return nullptr;
    if (gen != nullptr) *gen = g;
    return r;
}

// True when calls that are not exempt from stop-service may run in this state.
inline bool StateAdmits(std::uint64_t w, bool exempt_from_stop) {
    return sw::StateOf(w) == State::kRunning && (exempt_from_stop || (w & sw::kStopAll) == 0);
}

// The code a call gets in each state, in esent's precedence (StopRequested, Failed, Terminating,
// Restoring, Initializing/Created). JET_errSuccess when the call may proceed.
[[nodiscard]] JET_ERR StateError(std::uint64_t state_word, bool exempt_from_stop);

// Moves a Running instance to Failed after a storage failure (a failed log write or flush, a
// failed checkpoint): every later call gets JET_errInstanceUnavailable, or ...DueToFatalLogDiskFull
// when `cause` is JET_errLogDiskFull. Any other state is left as it is. Callable from any thread
// that holds no instance lock.
void FailInstanceFromStorage(InstanceRecord& r, JET_ERR cause);

// Lifecycle (called with no lock held).
[[nodiscard]] JET_ERR CreateInstance(JET_INSTANCE* pinstance, const char* name, const char* display_name, JET_GRBIT grbit);
[[nodiscard]] JET_ERR Init(JET_INSTANCE* pinstance, JET_RSTINFO* rstinfo, JET_GRBIT grbit);
[[nodiscard]] JET_ERR Term(JET_INSTANCE instance, JET_GRBIT grbit);
[[nodiscard]] JET_ERR StopService();
// The record an instance-level call names, with its lock held, when it is still the instance the
// handle resolved to; nullptr (JET_errInvalidParameter) otherwise.
InstanceRecord* LockInstance(JET_INSTANCE instance, std::unique_lock<std::mutex>* lock);
// JetInit's folder check: `folder` exists, or is created when `create`. JET_errInvalidPath.
[[nodiscard]] JET_ERR EnsureFolder(const std::string& folder, bool create);
// The log configuration of an instance's parameters (recovery/crash_recovery.h).
recovery::LogConfig LogConfigOf(const ParamStore& p);
// REQUIRES: g_process.mu. Another running instance with recovery on uses one of r's folders:
// JET_errSystemPathInUse / JET_errLogFilePathInUse.
[[nodiscard]] JET_ERR PathsInUse(const InstanceRecord& r);
// Allocates a Created record (JetCreateInstance's work, without choosing a run mode) and frees
// one. REQUIRES: g_process.mu.
[[nodiscard]] JET_ERR AllocateInstanceRecord(const char* name, const char* display, InstanceRecord** out);
void FreeInstanceRecord(InstanceRecord& r);
[[nodiscard]] JET_ERR StopServiceInstance(JET_INSTANCE instance, JET_GRBIT grbit);
[[nodiscard]] JET_ERR EnableMultiInstance(JET_SETSYSPARAM* params, JET_ULONG count, JET_ULONG* succeeded);
[[nodiscard]] JET_ERR GetInstanceInfo(JET_ULONG* count, JET_INSTANCE_INFO** info);
// JetGetInstanceInfo's block for the live instances `include` accepts (called under the process lock).
// Whether a running (or failed) instance of this process has the database at `path` (absolute)
// attached.
bool AttachedInProcess(const std::string& path);
[[nodiscard]] JET_ERR InstanceInfoOf(const std::function<bool(const InstanceRecord&)>& include, JET_ULONG* count,
                                     JET_INSTANCE_INFO** info);
// An OS snapshot's freeze of the instance ends (engine/os_snapshot.cc): JetTerm calls it first.
void ThawForTerm(InstanceRecord& r);
[[nodiscard]] JET_ERR SetSystemParameter(JET_INSTANCE* pinstance, JET_SESID sesid, JET_ULONG paramid, JET_API_PTR lparam,
                           const char* sz);
[[nodiscard]] JET_ERR GetSystemParameter(JET_INSTANCE instance, JET_SESID sesid, JET_ULONG paramid, JET_API_PTR* plparam,
                           char* sz, JET_ULONG cb);

}  // namespace jetstore::engine
