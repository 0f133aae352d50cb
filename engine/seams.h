// Engine-level seams for tests and for the recovery work: they drive the instance state machine
// into states the public API reaches only through real faults or restores, and observe what the
// C API cannot. Not installed; not part of the public surface.
#pragma once

#include <esent.h>

#include <cstdint>

namespace jetstore::engine::seam {

// The states of the instance state machine, as the table-driven test names them.
enum class State : std::uint8_t {
    kCreated,
    kInitializing,
    kRunning,
    kStopRequested,
    kRestoring,
    kTerminating,
    kFailed,
};

// Moves a live instance to Failed with the given cause (JET_errLogDiskFull makes every later call
// report JET_errInstanceUnavailableDueToFatalLogDiskFull, anything else JET_errInstanceUnavailable).
// Sticky until JetTerm, which then stops the instance dirty.
// Returns JET_errSuccess, or JET_errInvalidParameter if the instance is not Running/StopRequested.
[[nodiscard]] JET_ERR FailInstance(JET_INSTANCE instance, JET_ERR cause);

// Restore bracket used by recovery: Created -> Restoring, Restoring -> Created.
// Returns JET_errSuccess, JET_errInvalidParameter (unknown handle), JET_errAlreadyInitialized
// (BeginRestore on a running instance) or JET_errRestoreInProgress (BeginRestore twice).
[[nodiscard]] JET_ERR BeginRestore(JET_INSTANCE instance);
[[nodiscard]] JET_ERR EndRestore(JET_INSTANCE instance);

// For the (state, call) table: overwrite the instance's state word so that the live sessions of a
// running instance see `state`, and put it back with RestoreState. REQUIRES: no other thread uses
// the instance meanwhile.
std::uint64_t ForceState(JET_INSTANCE instance, State state);
void RestoreState(JET_INSTANCE instance, std::uint64_t saved);

// True when the instance's last successful JetInit found a dirty-shutdown marker and ran crash
// recovery.
bool RecoveredAtLastInit(JET_INSTANCE instance);

// The negative control of the OS-crash test: instances initialized while this is set never
// fdatasync their log (so the test can prove its check catches an unflushed log).
void SetSkipLogSyncForTesting(bool skip);
bool SkipLogSyncForTesting();

// Instances initialized afterwards checkpoint a non-empty overlay at least every `ms`
// milliseconds (0: the default, JET_paramCheckpointDepthMax and a second decide).
void SetCheckpointIntervalForTesting(unsigned ms);
unsigned CheckpointIntervalForTesting();

// The next rollback (JetRollback, or JetEndSession's implicit one) fails as if it could not
// complete: the instance becomes Failed and the caller gets JET_errRollbackError.
void FailNextRollbackForTesting();
// True once after FailNextRollbackForTesting (the rollback path asks).
bool TakeRollbackFailureForTesting();

// Runs one checkpoint of a running instance with the log now: JET_errSuccess, the checkpoint's
// error (JET_errOutOfDatabaseSpace for a full database), or JET_errInvalidParameter (no such
// instance, or no log).
[[nodiscard]] JET_ERR CheckpointNow(JET_INSTANCE instance);

// What the log, the committer and the checkpointer of a running instance have done.
struct LogStats {
    std::uint64_t appends = 0, log_writes = 0, log_syncs = 0, log_bytes = 0, generations = 0, switches = 0;
    std::uint64_t commits = 0, groups = 0, largest_group = 0, durable_groups = 0;
    std::uint64_t checkpoints = 0, keys_checkpointed = 0, map_full = 0, admission_waits = 0;
    std::uint64_t overlay_bytes = 0;
    std::uint64_t published_seq = 0;
    // The last JetInit's recovery.
    bool recovered = false;
    std::uint64_t replayed_records = 0, replayed_bytes = 0, replayed_databases = 0;
    double replay_seconds = 0;
};
// JET_errInvalidParameter when the instance is unknown; a running instance without the log
// reports zeros but for the recovery fields.
[[nodiscard]] JET_ERR GetLogStats(JET_INSTANCE instance, LogStats* out);

// A hook run inside the body of every guarded session call (after the entry guard admitted it,
// before the guard releases it). nullptr removes it. Tests use it to prove that nothing runs inside
// an instance after JetTerm returns.
using CallHook = void (*)();
void SetCallHook(CallHook hook);

}  // namespace jetstore::engine::seam
