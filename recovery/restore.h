// Restore of a backup set (backup_set.h) into an instance's folders: JetRestoreInstance's work
// once the instance is Restoring (engine/backup.cc drives the state).
//
// ORDER (nothing at the destination changes before step 3):
//   1. read the set: the full manifest and the incremental ones after it, chained by generation
//      and lineage; every file present with its manifest size. The log folder must hold no log
//      of another stream (JET_errInvalidLogSequence).
//   2. stage: every database copy and every log generation the log folder lacks is copied beside
//      its destination under "<name>.jrestore", hashed while it is copied (a mismatch with the
//      manifest: JET_errReadVerifyFailure, and the staged files are removed), and flushed.
//   3. commit: the staged logs and then the databases are renamed into place (folders flushed),
//      and a dirty checkpoint file at the set's start is written.
//   4. replay (crash_recovery.h) from there through the set's logs and then every newer log of
//      the stream already in the log folder, with databases restored to another folder relocated;
//      the databases end consistent and detached, and the checkpoint clean at the log's end.
// A restore interrupted in step 2 left the destination as it was (a later restore removes stray
// staged files); one interrupted in step 3 or 4 is finished by running the restore again.
#pragma once

#include "recovery/crash_recovery.h"

#include <esent.h>

#include <cstdint>
#include <functional>
#include <string>

namespace jetstore::recovery {

struct RestoreOptions {
    std::string backup_folder;  // with a trailing '/'
    std::string dest_folder;    // with a trailing '/'; "" restores each database to its original path
    LogConfig log;              // the restoring instance's log folder, base name and checkpoint file
    // Progress, 0..100, rising (JET_sntProgress).
    std::function<void(int percent)> progress;
};

// Restores (above). Errors:
//   JET_errInvalidPath          the backup folder does not exist
//   JET_errInvalidBackup        no manifest, a manifest that does not parse or whose checksum
//                               fails, incremental sets that do not chain, another base name
//   JET_errFileNotFound         a file the manifest names is missing
//   JET_errDatabaseCorrupted    a file shorter or longer than the manifest says
//   JET_errReadVerifyFailure    a file whose checksum differs from the manifest's
//   JET_errInvalidLogSequence   the log folder holds logs of another stream
//   JET_errDiskFull, JET_errDiskIO, JET_errFileAccessDenied, JET_errOutOfMemory
//   and replay's (crash_recovery.h): JET_errMissingLogFile, JET_errLogFileCorrupt, ...
[[nodiscard]] JET_ERR RestoreBackup(const RestoreOptions& options, ReplayStats* stats);

}  // namespace jetstore::recovery
