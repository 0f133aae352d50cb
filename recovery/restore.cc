#include "recovery/restore.h"

#include "recovery/backup_set.h"
#include "storage/checkpoint_file.h"
#include "storage/file_util.h"
#include "storage/kill_point.h"
#include "storage/log_format.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>
#include <vector>

namespace jetstore::recovery {
namespace {

namespace fs = std::filesystem;
namespace lf = storage::logfmt;
using storage::Code;
using storage::Status;

constexpr char kStaged[] = ".jrestore";

JET_ERR FromFileStatus(const Status& s) {
    switch (s.code()) {
        case Code::kOk:
            return JET_errSuccess;
        case Code::kNotFound:
            return JET_errFileNotFound;
        case Code::kCorrupt:
            return JET_errReadVerifyFailure;
        case Code::kDiskFull:
            return JET_errDiskFull;
        case Code::kAccessDenied:
            return JET_errFileAccessDenied;
        case Code::kOutOfMemory:
            return JET_errOutOfMemory;
        default:
            return JET_errDiskIO;
    }
}

std::string BaseName(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The set in the folder: the full manifest, then the incremental ones that continue it.
JET_ERR ReadSet(const std::string& folder, std::vector<Manifest>* out) {
    out->clear();
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) return JET_errInvalidPath;
    std::string text;
    Status s = storage::ReadWholeFile(folder + kFullManifest, &text);
    if (s.Is(Code::kNotFound)) return JET_errInvalidBackup;  // not a backup folder
    if (!s.ok()) return FromFileStatus(s);
    Manifest full;
    if (!DecodeManifest(text, &full) || full.incremental) return JET_errInvalidBackup;
    out->push_back(std::move(full));
    std::vector<Manifest> incrementals;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!IsIncrementalManifest(name)) continue;
        s = storage::ReadWholeFile(folder + name, &text);
        if (!s.ok()) return FromFileStatus(s);
        Manifest m;
        if (!DecodeManifest(text, &m) || !m.incremental) return JET_errInvalidBackup;
        incrementals.push_back(std::move(m));
    }
    if (ec) return JET_errDiskIO;
    std::sort(incrementals.begin(), incrementals.end(),
              [](const Manifest& a, const Manifest& b) { return a.first_log < b.first_log; });
    for (Manifest& m : incrementals) {
        const Manifest& prev = out->back();
        if (m.lineage != prev.lineage || m.base != prev.base) return JET_errInvalidBackup;
        if (m.last_log <= out->front().last_log) continue;  // older than the full backup
        if (m.first_log != prev.last_log + 1) return JET_errInvalidBackup;  // a gap between sets
        out->push_back(std::move(m));
    }
    // Every file is there, with its manifest's size.
    for (const Manifest& m : *out) {
        auto check = [&](const BackupFile& f) -> JET_ERR {
            struct stat st {};
            if (::stat((folder + f.name).c_str(), &st) != 0) return JET_errFileNotFound;
            return static_cast<std::uint64_t>(st.st_size) == f.size ? JET_errSuccess : JET_errDatabaseCorrupted;
        };
        for (const BackupDb& d : m.dbs) {
            if (JET_ERR err = check(d.file); err < 0) return err;
        }
        for (const BackupLog& l : m.logs) {
            if (JET_ERR err = check(l.file); err < 0) return err;
        }
    }
    return JET_errSuccess;
}

// A file staged beside its destination.
struct Staged {
    std::string staged;       // "<path>.jrestore"
    std::string destination;
};

void RemoveStaged(const std::vector<Staged>& staged) {
    for (const Staged& s : staged) ::unlink(s.staged.c_str());
}

// Stray staged files of an earlier, interrupted restore.
void RemoveStrays(const std::string& folder) {
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.ends_with(kStaged) || name.ends_with(std::string(kStaged) + ".tmp")) ::unlink(it->path().c_str());
    }
}

}  // namespace

JET_ERR RestoreBackup(const RestoreOptions& o, ReplayStats* stats) {
    auto report = [&](int percent) {
        if (o.progress) o.progress(percent);
    };
    // 1. The set.
    std::vector<Manifest> set;
    JET_ERR err = ReadSet(o.backup_folder, &set);
    if (err < 0) return err;
    const Manifest& full = set.front();
    if (full.base != o.log.base) return JET_errInvalidBackup;  // another JET_paramBaseName

    std::vector<storage::GenerationFile> present;
    Status s = storage::ListLogFiles(o.log.log_folder, o.log.base, &present);
    if (!s.ok()) return s.Is(Code::kCorrupt) ? JET_errLogFileCorrupt : FromFileStatus(s);
    std::set<std::uint32_t> have;
    for (const storage::GenerationFile& g : present) {
        lf::GenerationHeader h;
        s = storage::ReadGenerationHeader(g.path, &h);
        if (!s.ok()) return s.Is(Code::kCorrupt) ? JET_errLogFileCorrupt : FromFileStatus(s);
        if (h.lineage != full.lineage) return JET_errInvalidLogSequence;
        have.insert(g.generation);
    }

    // Where each database goes.
    std::vector<std::pair<std::string, std::string>> relocate;
    auto destination_of = [&](const BackupDb& d) {
        return o.dest_folder.empty() ? d.original_path : o.dest_folder + BaseName(d.original_path);
    };
    std::error_code ec;
    if (!o.dest_folder.empty()) {
        fs::create_directories(o.dest_folder, ec);
        if (ec) return JET_errInvalidPath;
    }

    // 2. Stage.
    std::uint64_t total = 0, done = 0;
    for (const Manifest& m : set) {
        for (const BackupDb& d : m.dbs) total += d.file.size;
        for (const BackupLog& l : m.logs) total += have.count(l.generation) != 0 ? 0 : l.file.size;
    }
    report(0);
    int last_percent = 0;
    auto progress = [&](std::uint64_t base) {
        return [&, base](std::uint64_t n) {
            const int percent = total == 0 ? 90 : static_cast<int>((base + n) * 90 / total);
            if (percent > last_percent) {
                last_percent = percent;
                report(percent);
            }
        };
    };
    std::vector<Staged> staged_logs, staged_dbs;
    std::set<std::string> folders;
    RemoveStrays(o.log.log_folder);
    auto stage = [&](const std::string& source, const std::string& destination, const BackupFile& expected,
                     std::vector<Staged>* into) -> JET_ERR {
        const std::string folder = storage::FolderOf(destination);
        if (folders.insert(folder).second) RemoveStrays(folder);
        BackupFile got;
        Status st = CopyFileChecked(source, folder, BaseName(destination) + kStaged, &expected, &got, progress(done));
        if (!st.ok()) return FromFileStatus(st);
        done += got.size;
        into->push_back(Staged{destination + kStaged, destination});
        return JET_errSuccess;
    };
    for (const Manifest& m : set) {
        for (const BackupLog& l : m.logs) {
            if (have.count(l.generation) != 0) {
                // The log folder has it (the same stream): the backup's copy is verified all the same.
                std::uint64_t size = 0, hash = 0;
                s = HashFile(o.backup_folder + l.file.name, &size, &hash);
                if (!s.ok()) {
                    err = FromFileStatus(s);
                    break;
                }
                if (size != l.file.size || hash != l.file.hash) {
                    err = JET_errReadVerifyFailure;
                    break;
                }
                continue;
            }
            err = stage(o.backup_folder + l.file.name, o.log.log_folder + lf::GenerationName(o.log.base, l.generation),
                        l.file, &staged_logs);
            if (err < 0) break;
        }
        if (err < 0) break;
    }
    if (err >= 0) {
        for (const BackupDb& d : full.dbs) {
            const std::string to = destination_of(d);
            if (to != d.original_path) relocate.emplace_back(d.original_path, to);
            err = stage(o.backup_folder + d.file.name, to, d.file, &staged_dbs);
            if (err < 0) break;
        }
    }
    if (err < 0) {
        RemoveStaged(staged_logs);
        RemoveStaged(staged_dbs);
        return err;
    }
    storage::KillPoint("restore-staged");

    // 3. Commit: logs, then databases, then the checkpoint that makes the next step replay them.
    folders.insert(o.log.log_folder);
    for (const std::vector<Staged>* list : {&staged_logs, &staged_dbs}) {
        for (const Staged& f : *list) {
            s = storage::Rename(f.staged, f.destination);
            if (!s.ok()) return FromFileStatus(s);
            if (list == &staged_dbs) ::unlink((f.destination + "-lock").c_str());  // LMDB's, of an older file
        }
        for (const std::string& folder : folders) {
            s = storage::SyncFolder(folder);
            if (!s.ok()) return FromFileStatus(s);
        }
        storage::KillPoint("restore-commit");
    }
    storage::CheckpointState chk;
    chk.clean = false;
    chk.lineage = full.lineage;
    chk.position = full.start;
    chk.seq = 0;
    s = storage::WriteCheckpoint(o.log.checkpoint_path, chk);
    if (!s.ok()) return FromFileStatus(s);
    report(90);

    // 4. Replay, then a clean checkpoint: every database is consistent and detached.
    LogConfig config = o.log;
    config.relocate = relocate;
    StartedLog started;
    err = StartLog(config, 0, &started);
    if (err < 0) return err;
    storage::CheckpointState clean = started.checkpoint;
    clean.clean = true;
    clean.attached.clear();
    s = started.log->Sync();
    if (s.ok()) s = storage::WriteCheckpoint(o.log.checkpoint_path, clean);
    started.log.reset();
    if (!s.ok()) return FromFileStatus(s);
    if (stats != nullptr) *stats = started.stats;
    report(100);
    return JET_errSuccess;
}

}  // namespace jetstore::recovery
