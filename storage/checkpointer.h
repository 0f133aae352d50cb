// The checkpointer: the only writer of the databases' LMDB environments while the log is on. It
// runs on its own thread, off the commit path, and moves committed changes from the overlays into
// LMDB, then moves the checkpoint forward.
//
// ONE CHECKPOINT
//   1. Under the committer's publish lock (between two groups): H = the published seq, P = the
//      log position after its record; every database's active overlay table is frozen.
//   2. The log is flushed through P if it is not yet (the write-ahead rule: a database never
//      holds a change whose record could be lost, so a transaction is never half in one database
//      and half missing from the log for another).
//   3. Per database, ONE durable LMDB write transaction applies the newest version (<= H) of
//      every key of its frozen tables and its log state (db_meta.h: applied seq H).
//   4. The checkpoint file moves to (P, H), and the frozen tables leave the overlays (snapshots
//      still holding them keep them alive).
//   5. With circular logging, generations wholly before P are deleted.
// A crash anywhere in this leaves every database at its stored seq, and the log from the old
// checkpoint on: replay finishes the job.
//
// BOUNDS AND FAILURES
// The committer's leader asks Admit() before each group: past JET_paramCheckpointDepthMax bytes
// of log since the checkpoint, or past the overlay's memory budget, it waits for a checkpoint.
// A database whose LMDB map is full stops checkpoints (kMapFull) without failing the instance:
// its tables stay in the overlay, commits go on until the bound, and then Admit answers kMapFull
// (JET_errOutOfDatabaseSpace). Any other failure (a failed LMDB commit or flush, a failed
// checkpoint file write) is fatal: `on_fatal` is called and nothing is retried.
#pragma once

#include "storage/checkpoint_file.h"
#include "storage/commit_log.h"
#include "storage/env.h"
#include "storage/log_committer.h"
#include "storage/mutex.h"
#include "storage/overlay.h"
#include "storage/status.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace jetstore::storage {

struct CheckpointOptions {
    std::string path;                          // <SystemPath><BaseName>.chk
    std::uint64_t depth = 20u << 20;           // JET_paramCheckpointDepthMax
    std::uint64_t overlay_budget = 256u << 20;  // bytes of overlay before commits wait
    std::chrono::milliseconds interval{1000};  // a non-empty overlay is checkpointed at least this often
    bool circular = false;                     // JET_paramCircularLog
};

class Checkpointer {
public:
    // `initial`: the checkpoint as JetInit left it (position and seq reached).
    Checkpointer(CheckpointOptions options, CommitLog* log, LogCommitter* committer,
                 const std::atomic<std::uint64_t>* published, CheckpointState initial);
    // Stops the thread; checkpoints nothing (a clean stop calls Finish first).
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    void SetFatalHandler(std::function<void(const Status&)> fn) { on_fatal_ = std::move(fn); }
    // Starts the background thread.
    void Start();

    // The databases it checkpoints. Add before the database's first commit; Remove after its last
    // changes were checkpointed (Detach does both and records consistency).
    void Add(const logfmt::DbAttachment& db, Env* env, Overlay* overlay);
    // Checkpoints `dbid` fully, marks it consistent in its file (db_meta.h) and forgets it.
    Status Detach(std::uint8_t dbid);

    // One checkpoint now, on the calling thread (tests, and JET_bitWaitAllLevel0Commit's callers
    // do not need it: commits are durable without it).
    Status CheckpointNow();
    // The last checkpoint before a clean stop: everything into LMDB, every database marked
    // consistent, the checkpoint file marked clean at the end of the log.
    Status Finish();

    // A backup copies the generations from `generation` on: neither circular logging nor
    // TruncateLog deletes them until the hold is released (0).
    void HoldGenerationsFrom(std::uint32_t generation);
    // Deletes the archived generations replay no longer needs: those before the checkpoint's,
    // before a hold, and before `limit` (a backup's truncation keeps what it has not copied).
    // `*kept_from` (when given): the oldest generation kept.
    Status TruncateLog(std::uint32_t limit, std::uint32_t* kept_from = nullptr);

    // Stops checkpointing (an OS snapshot's freeze): waits for a checkpoint in progress; later
    // ones wait until Resume. Nests (a count).
    void Pause() EXCLUDES(mu_, run_mu_);
    void Resume() EXCLUDES(mu_);

    // The leader's admission check (see above). Waits, or answers kMapFull / the fatal error.
    Status Admit();

    struct Counters {
        std::uint64_t checkpoints = 0;      // completed checkpoints that moved something
        std::uint64_t keys_applied = 0;     // keys written into LMDB
        std::uint64_t map_full = 0;         // checkpoints a full map stopped
        std::uint64_t admission_waits = 0;  // groups that waited for a checkpoint
        std::uint64_t prepared = 0;         // log generations prepared ahead
    };
    Counters counters() const;
    std::uint64_t overlay_bytes() const;
    CheckpointState state() const;

private:
    struct Db {
        logfmt::DbAttachment attachment;
        Env* env = nullptr;
        Overlay* overlay = nullptr;
    };
    void Loop() EXCLUDES(mu_);
    // One checkpoint. `final`: also mark every database consistent and the file clean.
    Status Run(bool final) EXCLUDES(mu_, run_mu_);
    Status RunLocked(bool final) REQUIRES(run_mu_) EXCLUDES(mu_);
    Status Fatal(Status s) EXCLUDES(mu_);
    bool Due() const REQUIRES(mu_);

    const CheckpointOptions options_;
    CommitLog* const log_;
    LogCommitter* const committer_;
    const std::atomic<std::uint64_t>* const published_;
    std::function<void(const Status&)> on_fatal_;

    // One checkpoint at a time; Detach holds it from its last checkpoint until the database is
    // forgotten, so no checkpoint still uses the database's overlay or environment afterwards.
    Mutex run_mu_;

    mutable Mutex mu_ ACQUIRED_AFTER(run_mu_);
    std::map<std::uint8_t, Db> dbs_ GUARDED_BY(mu_);
    CheckpointState state_ GUARDED_BY(mu_);
    Status failed_ GUARDED_BY(mu_);
    bool stalled_ GUARDED_BY(mu_) = false;  // the last checkpoint stopped at a full map
    bool stopping_ GUARDED_BY(mu_) = false;
    bool wanted_ GUARDED_BY(mu_) = false;   // someone waits for a checkpoint
    std::uint32_t hold_ GUARDED_BY(mu_) = 0;  // HoldGenerationsFrom
    int paused_ GUARDED_BY(mu_) = 0;
    CondVar resumed_;
    std::chrono::steady_clock::time_point last_ GUARDED_BY(mu_){};
    Counters counters_ GUARDED_BY(mu_);
    CondVar wake_;  // the thread's
    CondVar done_;  // admission waiters'
    std::thread thread_;
};

}  // namespace jetstore::storage
