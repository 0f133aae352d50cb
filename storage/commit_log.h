// The commit log of an instance: appending records to the current generation, flushing them,
// switching generations, and reading a log stream back for recovery. The format is in
// log_format.h.
//
// WRITING
// One writer appends at a time (the group-commit leader); Sync may run concurrently from another
// thread (the lazy-flush timer) and flushes everything appended before it started; PrepareNext
// (the checkpointer's thread) prepares the next generation's file. Append hands the records to
// the OS with pwrite before it returns, so a killed process loses nothing that was appended;
// Sync makes them survive an OS crash.
//
// FAILURE IS STICKY
// The first failed write, flush, rename or open leaves the log failed: every later Append and
// Sync returns that same error without touching the file again. A flush is never retried (after a
// failed fdatasync Linux may have dropped the unwritten pages and marked them clean).
#pragma once

#include "storage/log_format.h"
#include "storage/mutex.h"
#include "storage/status.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace jetstore::storage {

// A place in the log stream: a generation and a byte offset in it. Ordered.
struct LogPosition {
    std::uint32_t generation = 0;
    std::uint64_t offset = 0;
    auto operator<=>(const LogPosition&) const = default;
};

struct LogOptions {
    std::string folder;             // with a trailing '/'
    std::string base;               // JET_paramBaseName
    std::uint64_t file_size = 0;    // bytes per generation (JET_paramLogFileSize KiB)
    std::size_t write_chunk = 0;    // most bytes one write(2) carries (JET_paramLogBuffers x 512); 0 = no limit
    // Test seam: do not fdatasync (the negative control of the OS-crash test proves that its
    // check catches a log that is not flushed). Never set outside tests.
    bool skip_sync_for_testing = false;
};

// One generation as found on disk.
struct GenerationFile {
    std::uint32_t generation = 0;
    std::string path;
    logfmt::GenerationHeader header;
};

// What a scan found: the generations in order and where the stream ends.
struct LogScan {
    std::uint64_t lineage = 0;
    std::vector<GenerationFile> generations;  // ascending and contiguous
    LogPosition end;              // just after the last good record of the newest generation
    std::uint64_t last_seq = 0;   // the seq of that record (the header's prev_seq when there is none)
    bool newest_ended = false;    // the newest generation ends with kEndOfGeneration
    bool torn_tail = false;       // bytes after `end` that are not zeros (the trace of a crash)
    bool cut = false;             // a stop position left records or generations after `end` (CutLog)
    bool empty() const { return generations.empty(); }
};

// Called for every good record, in order: its header, payload and position.
using RecordVisitor =
    std::function<Status(const logfmt::RecordHeader& h, std::string_view payload, LogPosition at)>;
// Called for each generation's header before its records.
using GenerationVisitor = std::function<Status(const GenerationFile& file)>;

// Scans the log stream in `folder`: lists its generation files (completing a generation switch a
// crash interrupted), reads every record from generation `from` on (0: the oldest present) and
// calls `visit` for each one with seq > `after_seq`. Verifies every checksum, the consecutive
// seqs, and that the generations are contiguous and of one lineage (`lineage`, unless 0).
// Errors:
//   kNotFound  a generation between `from` and the newest is missing (esent's MissingLogFile);
//              also when generation `from` itself is missing
//   kCorrupt   a bad record anywhere but at the end of the newest generation, an older generation
//              that does not end with kEndOfGeneration, mixed lineages (esent's LogFileCorrupt)
//   kIoError   the files could not be read
// A scan of a folder without log files succeeds with an empty result. A visitor's error stops the
// scan and is returned.
// `stop` (a point-in-time recovery): the stream is read as if it ended at the first record that
// begins at or after that position; later generations are not read (nor checked), and `cut` says
// whether anything lay beyond. A stop past the log's end changes nothing.
Status ScanLog(const std::string& folder, const std::string& base, std::uint32_t from, std::uint64_t lineage,
               std::uint64_t after_seq, LogScan* out, const RecordVisitor& visit = nullptr,
               const GenerationVisitor& on_generation = nullptr, std::optional<LogPosition> stop = std::nullopt);

// Makes the log on disk end where a scan with a stop position ended (`scan->cut`): the generation
// holding the stop is closed there with kEndOfGeneration (flushed) and every later generation is
// deleted, newest first. Ending the stop's generation first means that a crash in between leaves
// a stream that only a scan with the same stop reads (a later generation no longer continues it:
// kCorrupt without the stop), so nothing past the stop is ever replayed by mistake. Updates *scan
// to describe the log as it now is. Errors: kIoError, kDiskFull.
Status CutLog(const std::string& folder, const std::string& base, LogScan* scan);

// The generation numbers present in `folder`, ascending (no record is read).
Status ListLogGenerations(const std::string& folder, const std::string& base, std::vector<std::uint32_t>* out);
// The generation files present in `folder`, ascending by generation, with their paths (headers
// are not read: see ReadGenerationHeader).
Status ListLogFiles(const std::string& folder, const std::string& base, std::vector<GenerationFile>* out);
// Reads and checks the header of a generation file. kCorrupt when it is not one.
Status ReadGenerationHeader(const std::string& path, logfmt::GenerationHeader* out);

class CommitLog {
public:
    // Starts writing. With `scan` empty, creates generation 1 with a new lineage. Otherwise
    // continues the stream `scan` found: a clean tail is appended to in place; a torn or ended
    // one gets a new generation (the old one is closed with kEndOfGeneration first), so that a
    // crash's trace is never followed by new records in the same generation. `attached`: the
    // databases attached now (a new generation's header lists them).
    static Status Open(const LogOptions& options, const LogScan& scan,
                       std::vector<logfmt::DbAttachment> attached, std::unique_ptr<CommitLog>* out);
    ~CommitLog();
    CommitLog(const CommitLog&) = delete;
    CommitLog& operator=(const CommitLog&) = delete;

    struct Record {
        logfmt::RecordType type;
        std::uint64_t seq;  // must continue the stream: last_seq() + 1, + 2, ...
        std::string_view payload;
    };
    // Appends `records` (in one write, or chunks of write_chunk), switching to a new generation
    // first when they do not fit in the current one. Create / attach / detach records also update
    // the list of attached databases that new generations' headers carry. On success *end (when
    // given) is the position after the last record.
    // Errors: kDiskFull (ENOSPC), kIoError; kInvalidArgument for a seq that does not continue
    // the stream. Any error leaves the log failed.
    Status Append(std::span<const Record> records, LogPosition* end = nullptr);

    // Flushes (fdatasync) everything appended before the call. Errors as Append's.
    Status Sync();

    // Creates and zero-fills the next generation's file (edbtmp.log) if it is not there yet, so
    // that the switch does not pay for it. Errors are not sticky (the switch makes the file
    // itself then).
    Status PrepareNext();

    // Closes the current generation and starts the next one (JET_bitForceNewLog). Nothing happens
    // when the current generation holds no record yet. Afterwards every record appended before the
    // call is flushed, in generations up to `*archived` (when given; 0 when there is none), and
    // `*last_seq` (when given) is the seq of the last of them. Errors as Append's.
    Status ForceNewGeneration(std::uint32_t* archived = nullptr, std::uint64_t* last_seq = nullptr);

    // Deletes the archived generations older than `generation` (circular logging, and a backup's
    // truncation). The current generation is never deleted.
    Status DeleteGenerationsBefore(std::uint32_t generation);

    LogPosition written() const;   // after the last appended record
    LogPosition durable() const;   // everything before it is flushed
    std::uint64_t last_seq() const;
    std::uint64_t lineage() const { return lineage_; }
    std::uint32_t generation() const;
    // Bytes appended since `from` (generations in between counted at their size).
    std::uint64_t BytesSince(LogPosition from) const;
    // The log's sticky error (OK while healthy).
    Status failure() const;
    // The current generation's fill, as a fraction of its size (the checkpointer prepares the next
    // file past one half).
    double Fill() const;

    struct Counters {
        std::uint64_t appends = 0;
        std::uint64_t writes = 0;       // write(2) calls
        std::uint64_t syncs = 0;        // fdatasync calls
        std::uint64_t bytes = 0;        // record bytes appended
        std::uint64_t switches = 0;     // generation switches
    };
    Counters counters() const;

private:
    struct File;
    CommitLog(LogOptions options, std::uint64_t lineage);
    Status SwitchLocked(std::uint64_t prev_seq) REQUIRES(mu_);
    Status FailLocked(Status s) REQUIRES(mu_);
    Status OpenGenerationLocked(std::uint32_t generation, std::uint64_t prev_seq) REQUIRES(mu_);
    void TrackAttachments(const Record& r) REQUIRES(mu_);

    const LogOptions options_;
    const std::uint64_t lineage_;

    mutable Mutex mu_;
    std::shared_ptr<File> current_ GUARDED_BY(mu_);
    std::uint64_t written_ GUARDED_BY(mu_) = 0;  // offset after the last record in current_
    LogPosition durable_ GUARDED_BY(mu_);
    std::uint64_t last_seq_ GUARDED_BY(mu_) = 0;
    std::uint32_t oldest_generation_ GUARDED_BY(mu_) = 1;
    std::vector<logfmt::DbAttachment> attached_ GUARDED_BY(mu_);
    Status failed_ GUARDED_BY(mu_);
    Counters counters_ GUARDED_BY(mu_);
    std::string buffer_ GUARDED_BY(mu_);  // Append's encoding buffer
    Mutex sync_mu_;                       // one fdatasync at a time
    // Held while edbtmp.log is prepared (PrepareNext on the checkpointer's thread, or a switch):
    // two preparations of the one file at once would zero a generation that is already current.
    Mutex prepare_mu_ ACQUIRED_AFTER(mu_);
};

}  // namespace jetstore::storage
