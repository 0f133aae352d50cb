// A backup set on disk: the files a backup writes (database copies and log generations), and the
// manifest that names them with their sizes and XXH3-64 checksums. Backup (engine/backup.cc)
// writes sets; restore (recovery/restore.h) verifies and replays them.
//
// A FOLDER holds one full backup (manifest kFullManifest) and any incremental backups taken into
// the same folder after it (one manifest each, IncrementalManifestName): restoring the folder
// replays all of them in order.
//
// MANIFEST FORMAT (text, one item per line, fields separated by one space; a path is the rest of
// its line after a tab). NEVER RENUMBER, REORDER OR REMOVE fields: backups outlive the program
// that wrote them; a later version adds lines, which older readers reject (version line).
//   jetstore-backup 1
//   kind full|incremental
//   instance <name, rest of the line>
//   lineage <hex>                    the log stream the set belongs to
//   base <BaseName>                  JET_paramBaseName of the instance ("edb")
//   start <generation> <offset>      replay starts here (the checkpoint when the backup began)
//   logs <first> <last>              the generations the set holds (first > last: none)
//   last-seq <seq>                   the backup's moment: every commit up to it, none after
//   time <unix seconds>
//   db <dbid> <signature hex> <size> <xxh3 hex> <file name>\t<original absolute path>
//   log <generation> <size> <xxh3 hex> <file name>
//   checksum <xxh3 hex of every byte before this line>
#pragma once

#include "storage/commit_log.h"
#include "storage/status.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace jetstore::recovery {

inline constexpr char kFullManifest[] = "jetstore-backup.manifest";
// "jetstore-incremental-0000002A.manifest" for a set whose newest generation is 0x2A.
std::string IncrementalManifestName(std::uint32_t last_log);
// True for the name of an incremental manifest.
bool IsIncrementalManifest(std::string_view name);

struct BackupFile {
    std::string name;         // in the backup folder
    std::uint64_t size = 0;
    std::uint64_t hash = 0;   // XXH3-64 of the whole file
};

struct BackupDb {
    std::uint8_t dbid = 0;
    std::uint64_t signature = 0;
    std::string original_path;
    BackupFile file;
};

struct BackupLog {
    std::uint32_t generation = 0;
    BackupFile file;
};

struct Manifest {
    bool incremental = false;
    std::string instance;
    std::uint64_t lineage = 0;
    std::string base;
    storage::LogPosition start;
    std::uint32_t first_log = 0;
    std::uint32_t last_log = 0;
    std::uint64_t last_seq = 0;
    std::int64_t time = 0;
    std::vector<BackupDb> dbs;
    std::vector<BackupLog> logs;
};

std::string EncodeManifest(const Manifest& m);
// False when `text` is not a manifest this version reads (or its checksum does not match).
bool DecodeManifest(std::string_view text, Manifest* m);

// Writes `folder`/`name` from what `produce` writes to the descriptor it is given: under a
// temporary name first, flushed (fdatasync), renamed into place; then hashes what landed. The
// folder is not flushed (the caller flushes it once at the end).
storage::Status WriteFileFrom(const std::string& folder, const std::string& name,
                              const std::function<storage::Status(int fd)>& produce, BackupFile* out,
                              const std::function<void(std::uint64_t)>& progress = nullptr);
// Copies `source` to `folder`/`name` as WriteFileFrom does, hashing while it copies.
// `expected` (when given): the copy fails with kCorrupt, and leaves nothing behind, when the
// source's size or hash differs from it. `progress` (when given) is called with the bytes copied.
storage::Status CopyFileChecked(const std::string& source, const std::string& folder, const std::string& name,
                                const BackupFile* expected, BackupFile* out,
                                const std::function<void(std::uint64_t)>& progress = nullptr);
// Size and XXH3-64 of a file, or of an open descriptor's whole file (read with pread).
storage::Status HashFile(const std::string& path, std::uint64_t* size, std::uint64_t* hash);
storage::Status HashFd(int fd, std::uint64_t* size, std::uint64_t* hash);

// Where the instance's last full or incremental backup ended, so that the next incremental one
// continues from there across restarts: the file `<SystemPath><BaseName>.jbk`.
// FORMAT (little-endian; never renumber): 0 magic "JSBKUP01", 8 u64 lineage, 16 u32 newest
// generation backed up, 20 u32 reserved 0, 24 u64 XXH3-64 of the 24 bytes before it.
struct BackupState {
    std::uint64_t lineage = 0;
    std::uint32_t last_log = 0;
};
// kNotFound when there is no file; kCorrupt when it is not one.
storage::Status ReadBackupState(const std::string& path, BackupState* out);
storage::Status WriteBackupState(const std::string& path, const BackupState& state);

}  // namespace jetstore::recovery
