// Crash recovery at JetInit: read the checkpoint file, replay the log into the databases, and
// open the log for the running instance.
//
// REPLAY
// Three passes over the log from the checkpoint's generation (or from the oldest generation
// present when there is no checkpoint file):
//   1. verify: every record's checksum, the consecutive seqs, contiguous generations of one
//      lineage. A torn record at the end of the newest generation ends the log (the normal trace
//      of a crash); anything else bad fails JetInit with JET_errLogFileCorrupt, a missing
//      generation with JET_errMissingLogFile, and nothing has been changed.
//   2. plan: which databases the records after the checkpoint touch, by signature, and whether
//      each is there (a database created in the scanned log and since deleted is created again;
//      one detached after its last record may be gone, and so may one whose records all precede
//      the checkpoint's seq (a file replaced after a clean stop: a compacted copy, a restored
//      file); any other missing or foreign file is JET_errAttachedDatabaseMismatch, unless
//      JET_bitReplayIgnoreMissingDB). Still nothing changed.
//   3. apply: per database, the records above the seq its file stands at (db_meta.h), in large
//      durable LMDB transactions that also store the seq reached. A crash during replay leaves
//      each database at some record boundary; the next JetInit goes on from there (replay is
//      idempotent). At the end every replayed database is marked consistent and detached, as
//      esent's recovery leaves them: the application attaches them again.
// With a stop position (LogConfig::stop) passes 1 and 3 read the log only up to it, and between
// passes 2 and 3 the log is cut there; a database, or a checkpoint, already past the stop cannot
// go back: JET_errDbTimeTooNew, with nothing changed.
// Then the log is opened for writing (a torn or ended generation is closed and a new one begun)
// and the checkpoint file is written, dirty, at the log's end.
#pragma once

#include "storage/checkpoint_file.h"
#include "storage/commit_log.h"

#include <esent.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jetstore::recovery {

struct LogConfig {
    std::string log_folder;       // JET_paramLogFilePath, with '/'
    std::string base;             // JET_paramBaseName
    std::string checkpoint_path;  // <SystemPath><BaseName>.chk
    std::uint64_t file_size = 0;  // JET_paramLogFileSize in bytes
    std::size_t write_chunk = 0;  // JET_paramLogBuffers x 512
    bool skip_sync_for_testing = false;
    // Databases replayed somewhere else than where the log says they are (JetInit3's JET_RSTMAP,
    // a restore into another folder): the absolute path in the log, the absolute path to use.
    std::vector<std::pair<std::string, std::string>> relocate;
    // A point-in-time recovery (JetInit3's JET_RSTINFO lgposStop): replay only the records that
    // begin before this position, and cut the log there (storage::CutLog): what lay beyond is
    // gone, and the instance goes on from the stop. A stop past the log's end changes nothing.
    std::optional<storage::LogPosition> stop;
};

struct ReplayStats {
    std::uint64_t records = 0;       // commit records applied
    std::uint64_t log_bytes = 0;     // bytes of log scanned by the apply pass
    std::uint64_t databases = 0;     // databases replayed
    double seconds = 0;              // the whole of StartLog
};

struct StartedLog {
    std::unique_ptr<storage::CommitLog> log;
    storage::CheckpointState checkpoint;  // as written for the running instance
    bool recovered = false;               // the last stop was not clean: recovery ran
    ReplayStats stats;
};

// Runs crash recovery (above) and opens the log. `grbit`: JetInit2/3's (ReplayIgnoreMissingDB,
// TruncateLogsAfterRecovery, LogStreamMustExist are honoured).
// Errors: JET_errLogFileCorrupt, JET_errMissingLogFile, JET_errCheckpointCorrupt,
// JET_errBadCheckpointSignature (the checkpoint belongs to another log stream),
// JET_errAttachedDatabaseMismatch, JET_errDbTimeTooNew (a stop before where a database or the
// checkpoint already stands), JET_errDatabaseSharingViolation / JET_errFileAccessDenied (a
// database to replay is attached elsewhere), JET_errDatabaseCorrupted, JET_errDiskFull,
// JET_errDiskIO, JET_errOutOfMemory.
[[nodiscard]] JET_ERR StartLog(const LogConfig& config, JET_GRBIT grbit, StartedLog* out);

}  // namespace jetstore::recovery
