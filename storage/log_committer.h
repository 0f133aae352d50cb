// Leader-based group commit over the commit log (the pattern of RocksDB's write group and
// MySQL's binlog group commit), for instances with JET_paramRecovery on.
//
// HOW A COMMIT RUNS
// Commit() enqueues the caller's record. If no group is being written, the caller becomes the
// leader: it takes EVERY queued record (its own and those that arrived before it), gives each
// the next commit seq, writes them to the log with one write, flushes the log once if any of them
// is durable, adds their changes to the databases' overlays and publishes the group's last seq
// (commits up to it become visible to new snapshots), then hands each follower its result. There
// is no writer thread and no polling: one fdatasync serves every commit that queued while the
// previous group was being written.
//
// MERGED COMMITS (CommitMerge: escrow updates) have their records computed by the leader, in
// commit order, from the latest records and their group's earlier writes, so commits that add to
// the same record never wait for one another's flush.
//
// LAZY COMMITS return once their group is written (handed to the OS: a killed process loses
// nothing that returned); FlushLazy, the instance's timer, a Wait flag or the next durable group
// makes them durable.
//
// FAILURE is the log's: the first failed write or flush fails the group's every commit with that
// error, the log stays failed (commit_log.h), and `on_fatal` is called once so that the engine can
// move the instance to Failed. Nothing of a failed group becomes visible.
//
// Thread safety: every member may be called from any thread concurrently.
#pragma once

#include "storage/commit_log.h"
#include "storage/env.h"
#include "storage/mutex.h"
#include "storage/overlay.h"
#include "storage/status.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <vector>

namespace jetstore::storage {

// What a group's earlier commits wrote to one database: the leader's view for CommitMerge.
class GroupWrites {
public:
    // The last write of `key` by an earlier commit of the group (a put or a delete), or nullptr.
    virtual const WriteOp* Find(std::string_view key) const = 0;

protected:
    ~GroupWrites() = default;
};

// A commit whose records are computed from the latest committed ones (escrow updates: the
// committed value plus the transaction's deltas). The leader merges in commit order, so the
// record it writes includes every commit before it, those of its own group included, and no
// lock has to be held across the commit's wait: commits carrying deltas to one record group.
class CommitMerge {
public:
    // Rewrites the part's batch onto the latest records: what was published before the group
    // plus `earlier`. Called by the leader before the record is encoded, with the committing
    // thread waiting. An error fails this commit alone (nothing of it written).
    virtual Status Merge(const GroupWrites& earlier) = 0;
    // Held by the leader across the publication of a group with this commit.
    virtual std::mutex& publish_mutex() = 0;
    // Called by the leader with publish_mutex() held, once the group is visible (its seq
    // published): the merged deltas are committed values now.
    virtual void Published() = 0;

protected:
    ~CommitMerge() = default;
};

// A commit's changes to one database.
struct CommitPart {
    std::uint8_t dbid = 0;
    Overlay* overlay = nullptr;
    const WriteBatch* batch = nullptr;
    CommitMerge* merge = nullptr;  // optional: the batch is merged by the leader (see above)
};

class LogCommitter {
public:
    // REQUIRES: `log` and `published` outlive the committer; *published is the log's last seq.
    LogCommitter(CommitLog* log, std::atomic<std::uint64_t>* published);
    LogCommitter(const LogCommitter&) = delete;
    LogCommitter& operator=(const LogCommitter&) = delete;

    // Called with the error of the first failed group, on the leader's thread.
    void SetFatalHandler(std::function<void(const Status&)> fn) { on_fatal_ = std::move(fn); }
    // Called by the leader before it writes a group; an error fails the group's commits, with
    // nothing written (the checkpointer's back-pressure: it waits while the overlay is over its
    // bound, or answers kMapFull).
    void SetAdmission(std::function<Status()> fn) { admit_ = std::move(fn); }

    // Commits `parts` as one record (a record with no part still takes a seq: a transaction that
    // only took write locks). Returns once the record is written, and flushed when `durable`.
    // On success *seq receives the record's commit seq (published before the return).
    // Errors: the log's (kIoError, kDiskFull; the log is failed afterwards), admission's.
    Status Commit(std::span<const CommitPart> parts, bool durable, std::uint64_t* seq = nullptr);

    // Logs a database event (create, attach, detach: log_format.h), durably, in commit order.
    Status LogEvent(logfmt::RecordType type, std::string payload, std::uint64_t* seq = nullptr);

    // Flushes the log if some lazy commit is not durable yet.
    Status FlushLazy();

    // Stops writing groups (an OS snapshot's freeze): waits for the group being written, then
    // every commit queues until Resume. Calls nest (a count).
    void Pause() EXCLUDES(mu_);
    void Resume() EXCLUDES(mu_);
    bool HasUnflushedLazy() const;
    std::chrono::milliseconds SinceOldestUnflushedLazy() const;

    // Held by the leader while it adds a group to the overlays and publishes it; the checkpointer
    // freezes the overlays under it, between two groups.
    Mutex& publish_mutex() RETURN_CAPABILITY(publish_mu_) { return publish_mu_; }
    // The log position just after the last published record.
    LogPosition published_end() const REQUIRES(publish_mu_) { return published_end_; }

    struct Counters {
        std::uint64_t commits = 0;
        std::uint64_t groups = 0;
        std::uint64_t failed_groups = 0;
        std::uint64_t largest_group = 0;
        std::uint64_t durable_groups = 0;
    };
    Counters counters() const;

    // Test seam, set before concurrent use: called by a leader after it took its group.
    void SetBeforeWriteHook(std::function<void(std::size_t group_size)> fn) { before_write_ = std::move(fn); }

private:
    // One commit, on its caller's stack. `next`, `done` and `result` are guarded by the
    // committer's mu_ (Clang cannot name another object's mutex in a member's annotation);
    // `seq` is written by the leader before `done`.
    struct Writer {
        std::span<const CommitPart> parts;
        logfmt::RecordType type = logfmt::RecordType::kCommit;
        std::string event;  // the payload of an event record
        bool durable = false;
        Writer* next = nullptr;
        bool done = false;
        Status result;
        std::uint64_t seq = 0;
        // Set by the leader: the commit's merge failed (CommitMerge), so it was left out of the
        // group with this error and no seq.
        bool refused = false;
        Status refusal;
        CondVar cv;
    };
    Status Run(Writer* self) EXCLUDES(mu_);
    // Writes, flushes (*synced) and publishes the group from `first`, leaving out the commits
    // whose merge refused them. Touched only by the leader.
    Status WriteGroup(Writer* first, std::uint64_t* last_seq, bool* synced);

    CommitLog* const log_;
    std::atomic<std::uint64_t>* const published_;
    std::function<void(const Status&)> on_fatal_;
    std::function<Status()> admit_;
    std::function<void(std::size_t)> before_write_;

    // Touched only by the current leader (leadership passes under mu_).
    std::uint64_t next_seq_;
    std::vector<std::string> payloads_;
    std::vector<CommitLog::Record> records_;

    std::atomic<bool> fatal_reported_{false};  // on_fatal_ runs once

    Mutex publish_mu_;
    LogPosition published_end_ GUARDED_BY(publish_mu_);

    mutable Mutex mu_;
    Writer* head_ GUARDED_BY(mu_) = nullptr;
    Writer* tail_ GUARDED_BY(mu_) = nullptr;
    bool leader_active_ GUARDED_BY(mu_) = false;
    int paused_ GUARDED_BY(mu_) = 0;
    CondVar idle_;  // a leader finished its group (Pause waits for it)
    Counters counters_ GUARDED_BY(mu_);
    // When the oldest unflushed lazy group was written.
    std::chrono::steady_clock::time_point oldest_lazy_ GUARDED_BY(mu_){};
    bool lazy_pending_ GUARDED_BY(mu_) = false;
};

}  // namespace jetstore::storage
