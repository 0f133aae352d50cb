#include "engine/backup.h"

#include "engine/data.h"
#include "engine/database.h"
#include "engine/instance.h"
#include "recovery/backup_set.h"
#include "recovery/restore.h"
#include "storage/file_util.h"
#include "storage/kill_point.h"
#include "storage/log_format.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <atomic>
#include <ctime>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <system_error>
#include <vector>

namespace jetstore::engine {
namespace {

namespace fs = std::filesystem;
namespace lf = storage::logfmt;
using storage::Code;
using storage::Status;

constexpr JET_GRBIT kBackupGrbits = JET_bitBackupIncremental | JET_bitBackupAtomic | JET_bitBackupSnapshot;

// A folder argument: '\' accepted as a separator (DECISIONS.md 8), absolute, with a trailing '/'.
std::string FolderPath(const char* p) {
    std::string s(p);
    std::replace(s.begin(), s.end(), '\\', '/');
    std::error_code ec;
    fs::path abs = fs::absolute(fs::path(s), ec);
    std::string out = ec ? s : abs.lexically_normal().string();
    if (out.empty() || out.back() != '/') out += '/';
    return out;
}

std::string BaseName(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

JET_ERR FromFileStatus(const Status& s) {
    switch (s.code()) {
        case Code::kOk:
            return JET_errSuccess;
        case Code::kNotFound:
            return JET_errFileNotFound;
        case Code::kDiskFull:
            return JET_errDiskFull;
        case Code::kAccessDenied:
            return JET_errFileAccessDenied;
        case Code::kOutOfMemory:
            return JET_errOutOfMemory;
        case Code::kReadersFull:
            return JET_errOutOfSessions;
        default:
            return JET_errDiskIO;
    }
}

// The status callback: informational, its result ignored (DECISIONS.md 17).
class Progress {
public:
    Progress(JET_PFNSTATUS fn, JET_SNP snp) : fn_(fn), snp_(snp) {}
    void Begin() { Call(JET_sntBegin, nullptr); }
    void Step(JET_ULONG done, JET_ULONG total) {
        JET_SNPROG p{sizeof(JET_SNPROG), done, total};
        Call(JET_sntProgress, &p);
    }
    void End(JET_ERR err) { Call(err >= 0 ? JET_sntComplete : JET_sntFail, nullptr); }

private:
    void Call(JET_SNT snt, void* pv) {
        if (fn_ != nullptr) (void)fn_(0, snp_, snt, pv);
    }
    JET_PFNSTATUS fn_;
    JET_SNP snp_;
};

bool FolderEmpty(const std::string& folder) {
    std::error_code ec;
    if (!fs::exists(folder, ec)) return true;
    return fs::is_directory(folder, ec) && fs::directory_iterator(folder, ec) == fs::directory_iterator();
}

struct BackupPlan {
    std::string folder;        // the backup path, with '/'
    bool incremental = false;
    bool atomic = false;
    bool truncate_only = false;
    bool circular = false;
    std::string instance_name;
    recovery::LogConfig log;
    std::string state_path;    // <SystemPath><BaseName>.jbk
};

// The backup's work; the instance is Running and the caller counted in backup_threads.
JET_ERR RunBackup(InstanceRecord& r, const BackupPlan& plan, Progress& progress) {
    InstanceData& d = *r.data;
    auto aborted = [&] { return r.backup_abort.load(std::memory_order_acquire); };
    const std::uint64_t lineage = d.log->lineage();
    recovery::BackupState previous;
    const bool have_previous = recovery::ReadBackupState(plan.state_path, &previous).ok() && previous.lineage == lineage;
    if (plan.truncate_only) {
        if (plan.circular) return JET_errSuccess;
        const std::uint32_t limit = have_previous ? previous.last_log + 1 : d.log->generation();
        const Status s = d.checkpointer->TruncateLog(limit);
        return s.ok() ? JET_errSuccess : FromFileStatus(s);
    }
    if (plan.incremental && !have_previous) return JET_errMissingFullBackup;
    if (!plan.incremental && !plan.atomic && !FolderEmpty(plan.folder)) return JET_errBackupDirectoryNotEmpty;

    const std::string target = plan.atomic && !plan.incremental ? plan.folder + "temp/" : plan.folder;
    std::error_code ec;
    if (plan.atomic && !plan.incremental) fs::remove_all(target, ec);  // a failed earlier attempt
    fs::create_directories(target, ec);
    if (ec || !fs::is_directory(target, ec)) return JET_errMakeBackupDirectoryFail;

    progress.Begin();
    const storage::CheckpointState chk = d.checkpointer->state();
    const std::uint32_t first_log = plan.incremental ? previous.last_log + 1 : chk.position.generation;
    d.checkpointer->HoldGenerationsFrom(first_log);
    struct Release {
        storage::Checkpointer* cp;
        ~Release() { cp->HoldGenerationsFrom(0); }
    } release{d.checkpointer.get()};

    recovery::Manifest m;
    m.incremental = plan.incremental;
    m.instance = plan.instance_name;
    m.lineage = lineage;
    m.base = plan.log.base;
    m.start = chk.position;
    m.first_log = first_log;
    m.time = static_cast<std::int64_t>(std::time(nullptr));

    // The databases, each a consistent LMDB copy through its attached environment.
    if (!plan.incremental) {
        std::vector<std::shared_ptr<AttachedDatabase>> dbs;
        {
            MutexLock lock(&d.mu);
            for (const auto& db : d.dbs) {
                if (db != nullptr) dbs.push_back(db);
            }
        }
        std::set<std::string> names;
        JET_ULONG step = 0;
        for (const auto& db : dbs) {
            if (aborted()) return JET_errBackupAbortByServer;
            std::string name = BaseName(db->path);
            if (!names.insert(name).second) name = std::to_string(db->dbid) + "-" + name;
            names.insert(name);
            recovery::BackupDb entry;
            entry.dbid = static_cast<std::uint8_t>(db->dbid);
            entry.signature = db->signature;
            entry.original_path = db->path;
            const Status s = recovery::WriteFileFrom(
                target, name, [&](int fd) { return db->env->CopyTo(fd, false); }, &entry.file);
            if (!s.ok()) return FromFileStatus(s);
            m.dbs.push_back(std::move(entry));
            progress.Step(++step, static_cast<JET_ULONG>(dbs.size() + 1));
            storage::KillPoint("backup-database");
        }
    }
    if (aborted()) return JET_errBackupAbortByServer;

    // The moment: a marker record (so that the set holds at least one generation), then a
    // generation switch; commits wait for the switch's flush only.
    std::string payload;
    const auto now = static_cast<std::uint64_t>(m.time);
    for (int i = 0; i < 8; ++i) payload.push_back(static_cast<char>((now >> (8 * i)) & 0xFF));
    // The next generation's file is made first, so that the switch (under the log's lock) pays
    // only a flush and a rename.
    (void)d.log->PrepareNext();
    Status s = d.committer->LogEvent(lf::RecordType::kBackup, std::move(payload));
    if (s.ok()) s = d.log->ForceNewGeneration(&m.last_log, &m.last_seq);
    if (!s.ok()) return FromCommitStatus(s);

    for (std::uint32_t g = first_log; g <= m.last_log; ++g) {
        if (aborted()) return JET_errBackupAbortByServer;
        recovery::BackupLog entry;
        entry.generation = g;
        const std::string name = lf::GenerationName(plan.log.base, g);
        s = recovery::CopyFileChecked(plan.log.log_folder + name, target, name, nullptr, &entry.file);
        if (s.Is(Code::kNotFound)) return JET_errMissingLogFile;
        if (!s.ok()) return FromFileStatus(s);
        m.logs.push_back(std::move(entry));
    }
    const std::string manifest =
        plan.incremental ? recovery::IncrementalManifestName(m.last_log) : std::string(recovery::kFullManifest);
    s = storage::WriteFileAtomically(target + manifest, recovery::EncodeManifest(m));
    if (s.ok()) s = storage::SyncFolder(target);
    if (!s.ok()) return FromFileStatus(s);
    storage::KillPoint("backup-manifest");

    if (plan.atomic && !plan.incremental) {
        // temp/ becomes new/; the previous new/ becomes old/.
        const std::string fresh = plan.folder + "new", old = plan.folder + "old";
        fs::remove_all(old, ec);
        if (fs::exists(fresh, ec)) fs::rename(fresh, old, ec);
        if (!ec) fs::rename(plan.folder + "temp", fresh, ec);
        if (ec) return JET_errDiskIO;
        s = storage::SyncFolder(plan.folder);
        if (!s.ok()) return FromFileStatus(s);
    }
    s = recovery::WriteBackupState(plan.state_path, recovery::BackupState{lineage, m.last_log});
    if (!s.ok()) return FromFileStatus(s);

    // Truncation: what neither replay nor the next incremental backup needs.
    if (!plan.circular) (void)d.checkpointer->TruncateLog(m.last_log + 1);
    progress.Step(1, 1);
    return JET_errSuccess;
}

}  // namespace

JET_ERR BackupInstance(JET_INSTANCE instance, const char* path, JET_GRBIT grbit, JET_PFNSTATUS status) {
    if ((grbit & ~kBackupGrbits) != 0) return JET_errInvalidGrbit;
    BackupPlan plan;
    plan.incremental = (grbit & JET_bitBackupIncremental) != 0;
    plan.atomic = (grbit & JET_bitBackupAtomic) != 0;
    plan.truncate_only = path == nullptr || *path == 0;
    if (!plan.truncate_only) plan.folder = FolderPath(path);

    std::unique_lock<std::mutex> lock;
    InstanceRecord* r = LockInstance(instance, &lock);
    if (r == nullptr) return JET_errInvalidParameter;
    const std::uint64_t w = r->state.load(std::memory_order_acquire);
    const State state = sw::StateOf(w);
    // esent's order: not yet (or no longer) running, logging off, a failed log, circular
    // logging for an incremental backup, another backup; then the backup's own checks.
    if (state != State::kRunning && state != State::kFailed) return JET_errBackupNotAllowedYet;
    if (r->recovery_off.load(std::memory_order_relaxed)) return JET_errLoggingDisabled;
    if (state == State::kFailed) return JET_errLogWriteFail;
    if ((w & sw::kStopAll) != 0) return JET_errClientRequestToStopJetService;
    plan.circular = r->params.Int(JET_paramCircularLog) != 0;
    if (plan.incremental && plan.circular) return JET_errInvalidBackup;
    if (r->backup_running) return JET_errBackupInProgress;
    plan.instance_name = r->name.value_or("");
    plan.log = LogConfigOf(r->params);
    plan.state_path = r->params.Str(JET_paramSystemPath) + r->params.Str(JET_paramBaseName) + ".jbk";
    r->backup_running = true;
    r->backup_abort.store(false, std::memory_order_release);
    ++r->backup_threads;
    lock.unlock();

    Progress progress(status, JET_snpBackup);
    JET_ERR err;
    try {
        err = RunBackup(*r, plan, progress);
    } catch (const std::bad_alloc&) {
        err = JET_errOutOfMemory;
    } catch (const std::exception&) {
        err = JET_errDiskIO;  // std::filesystem's errors
    }
    if (!plan.truncate_only) progress.End(err);

    lock.lock();
    r->backup_running = false;
    --r->backup_threads;
    lock.unlock();
    r->backup_left.notify_all();
    return err;
}

JET_ERR Backup(const char* path, JET_GRBIT grbit, JET_PFNSTATUS status) {
    const RunMode mode = TheProcess().mode.load(std::memory_order_acquire);
    if (mode == RunMode::kMulti) return JET_errRunningInMultiInstanceMode;
    if (mode == RunMode::kNotSet) return JET_errBackupNotAllowedYet;
    return BackupInstance(0, path, grbit, status);
}

JET_ERR StopBackupInstance(JET_INSTANCE instance) {
    std::unique_lock<std::mutex> lock;
    InstanceRecord* r = LockInstance(instance, &lock);
    if (r == nullptr) return JET_errInvalidParameter;
    if (r->backup_running) r->backup_abort.store(true, std::memory_order_release);
    return JET_errSuccess;
}

JET_ERR StopBackup() {
    const RunMode mode = TheProcess().mode.load(std::memory_order_acquire);
    if (mode == RunMode::kMulti) return JET_errRunningInMultiInstanceMode;
    if (mode == RunMode::kNotSet) return JET_errInvalidParameter;
    return StopBackupInstance(0);
}

// ---- The external (streaming) backup ----

struct ExternalBackup {
    bool incremental = false;
    bool circular = false;
    std::uint64_t lineage = 0;
    std::uint32_t first_log = 0;
    storage::LogPosition start;   // the checkpoint when the backup began
    std::uint32_t last_log = 0;   // once the moment is fixed (the first JetGetLogInfoInstance)
    bool moment = false;
    std::string state_path;
    recovery::LogConfig log;
    struct File {
        int fd = -1;
        std::uint64_t size = 0;
        std::uint64_t offset = 0;
    };
    std::map<JET_HANDLE, File> files;
    JET_HANDLE next_handle = 1;
    // The set's manifest, served as one more file of the log list once the moment is fixed, so
    // that a caller copying every listed file holds what JetBackupInstance writes.
    recovery::Manifest manifest;
    std::string manifest_path;  // virtual: in the log folder
    std::string manifest_text;
    ~ExternalBackup() {
        for (auto& [h, f] : files) ::close(f.fd);
    }
};

namespace {

constexpr JET_GRBIT kExternalGrbits = JET_bitBackupIncremental | JET_bitBackupSnapshot;
constexpr JET_GRBIT kEndGrbits = JET_bitBackupEndNormal | JET_bitBackupEndAbort | JET_bitBackupTruncateDone;
constexpr JET_ULONG kReadUnit = 4096;  // JetReadFileInstance reads whole pages

// The checks JetBackupInstance and JetBeginExternalBackupInstance share, in esent's order.
// REQUIRES: r.mu held.
JET_ERR BackupAllowed(InstanceRecord& r, bool incremental) {
    const std::uint64_t w = r.state.load(std::memory_order_acquire);
    const State state = sw::StateOf(w);
    if (state != State::kRunning && state != State::kFailed) return JET_errBackupNotAllowedYet;
    if (r.recovery_off.load(std::memory_order_relaxed)) return JET_errLoggingDisabled;
    if (state == State::kFailed) return JET_errLogWriteFail;
    if ((w & sw::kStopAll) != 0) return JET_errClientRequestToStopJetService;
    if (incremental && r.params.Int(JET_paramCircularLog) != 0) return JET_errInvalidBackup;
    if (r.backup_running) return JET_errBackupInProgress;
    return JET_errSuccess;
}

// Writes a double-NUL-terminated list: *actual gets its size; JET_errBufferTooSmall when `cb` is
// too small for it (nothing is written then); a NULL buffer asks for the size only.
JET_ERR WriteList(const std::vector<std::string>& items, void* szz, JET_ULONG cb, JET_ULONG* actual) {
    std::string out;
    for (const std::string& i : items) {
        out += i;
        out.push_back('\0');
    }
    out.push_back('\0');
    if (actual != nullptr) *actual = static_cast<JET_ULONG>(out.size());
    if (szz == nullptr) return JET_errSuccess;
    if (cb < out.size()) return JET_errBufferTooSmall;
    std::memcpy(szz, out.data(), out.size());
    return JET_errSuccess;
}

// Runs `fn` on the instance's external backup with its lock held. Without one: JET_errNoBackup;
// after JetStopBackupInstance (or a term that stops it): JET_errBackupAbortByServer.
template <typename F>
JET_ERR OnExternal(JET_INSTANCE instance, F&& fn) {
    std::unique_lock<std::mutex> lock;
    InstanceRecord* r = LockInstance(instance, &lock);
    if (r == nullptr) return JET_errInvalidParameter;
    if (r->external == nullptr) {
        const State s = sw::StateOf(r->state.load(std::memory_order_acquire));
        return s == State::kRunning || s == State::kFailed ? JET_errNoBackup : JET_errBackupNotAllowedYet;
    }
    if (r->backup_abort.load(std::memory_order_acquire)) return JET_errBackupAbortByServer;
    return fn(*r, *r->external, lock);
}

// A consistent copy of an attached database in an unnamed file beside it.
JET_ERR SnapshotDatabase(AttachedDatabase& db, int* out_fd, std::uint64_t* size) {
    const std::string folder = storage::FolderOf(db.path);
    int fd = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
        std::string tmp = db.path + ".jbkXXXXXX";
        fd = ::mkostemp(tmp.data(), O_CLOEXEC);
        if (fd >= 0) ::unlink(tmp.c_str());
    }
    if (fd < 0) return FromFileStatus(storage::FromErrno(errno, "open(backup snapshot)"));
    const Status s = db.env->CopyTo(fd, false);
    struct stat st {};
    if (!s.ok() || ::fstat(fd, &st) != 0) {
        ::close(fd);
        return s.ok() ? JET_errDiskIO : FromFileStatus(s);
    }
    *out_fd = fd;
    *size = static_cast<std::uint64_t>(st.st_size);
    return JET_errSuccess;
}

}  // namespace

JET_ERR BeginExternalBackup(JET_INSTANCE instance, JET_GRBIT grbit) {
    if ((grbit & ~kExternalGrbits) != 0) return JET_errInvalidGrbit;
    const bool incremental = (grbit & JET_bitBackupIncremental) != 0;
    std::unique_lock<std::mutex> lock;
    InstanceRecord* r = LockInstance(instance, &lock);
    if (r == nullptr) return JET_errInvalidParameter;
    if (JET_ERR err = BackupAllowed(*r, incremental); err < 0) return err;
    auto e = std::make_shared<ExternalBackup>();
    e->incremental = incremental;
    e->circular = r->params.Int(JET_paramCircularLog) != 0;
    e->log = LogConfigOf(r->params);
    e->state_path = r->params.Str(JET_paramSystemPath) + r->params.Str(JET_paramBaseName) + ".jbk";
    InstanceData& d = *r->data;
    e->lineage = d.log->lineage();
    recovery::BackupState previous;
    const bool have_previous = recovery::ReadBackupState(e->state_path, &previous).ok() && previous.lineage == e->lineage;
    if (incremental && !have_previous) return JET_errMissingFullBackup;
    e->start = d.checkpointer->state().position;
    e->first_log = incremental ? previous.last_log + 1 : e->start.generation;
    d.checkpointer->HoldGenerationsFrom(e->first_log);
    r->external = std::move(e);
    r->backup_running = true;
    r->backup_abort.store(false, std::memory_order_release);
    return JET_errSuccess;
}

JET_ERR GetAttachInfo(JET_INSTANCE instance, void* szz, JET_ULONG cb, JET_ULONG* actual) {
    return OnExternal(instance, [&](InstanceRecord& r, ExternalBackup& e, std::unique_lock<std::mutex>&) -> JET_ERR {
        if (e.incremental) return JET_errInvalidBackupSequence;  // an incremental backup copies logs only
        return WriteList(AttachedPaths(*r.data), szz, cb, actual);
    });
}

JET_ERR OpenBackupFile(JET_INSTANCE instance, const char* name, JET_HANDLE* handle, JET_ULONG* low,
                       JET_ULONG* high) {
    if (name == nullptr || *name == 0 || handle == nullptr || low == nullptr || high == nullptr) {
        return JET_errInvalidParameter;
    }
    return OnExternal(instance, [&](InstanceRecord& r, ExternalBackup& e, std::unique_lock<std::mutex>& lock) -> JET_ERR {
        const std::string path = AbsolutePath(name);
        ExternalBackup::File f;
        // A log generation of the set (after JetGetLogInfoInstance fixed the moment)?
        const std::string folder = storage::FolderOf(path);
        const std::uint32_t gen = lf::ParseGenerationName(e.log.base, BaseName(path));
        if (e.moment && path == e.manifest_path) {
            f.fd = ::memfd_create("jetstore-manifest", MFD_CLOEXEC);
            if (f.fd < 0) return JET_errOutOfMemory;
            if (!storage::PwriteAll(f.fd, e.manifest_text.data(), e.manifest_text.size(), 0, "write(manifest)").ok()) {
                ::close(f.fd);
                return JET_errOutOfMemory;
            }
            f.size = e.manifest_text.size();
        } else if (folder == e.log.log_folder && gen != 0) {
            if (!e.moment || gen < e.first_log || gen > e.last_log) return JET_errInvalidBackupSequence;
            f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
            if (f.fd < 0) return JET_errMissingLogFile;
            struct stat st {};
            ::fstat(f.fd, &st);
            f.size = static_cast<std::uint64_t>(st.st_size);
        } else {
            std::shared_ptr<AttachedDatabase> db;
            {
                MutexLock dl(&r.data->mu);
                for (const auto& a : r.data->dbs) {
                    if (a != nullptr && a->path == path) db = a;
                }
            }
            if (db == nullptr) return JET_errFileNotFound;
            if (e.incremental || e.moment) return JET_errInvalidBackupSequence;  // databases come first
            // The copy runs without the instance's lock (a term waits for it).
            ++r.backup_threads;
            lock.unlock();
            const JET_ERR err = SnapshotDatabase(*db, &f.fd, &f.size);
            lock.lock();
            --r.backup_threads;
            r.backup_left.notify_all();
            if (err < 0) return err;
            if (r.external.get() != &e || r.backup_abort.load(std::memory_order_acquire)) {
                ::close(f.fd);
                return JET_errBackupAbortByServer;
            }
            recovery::BackupDb entry;
            entry.dbid = static_cast<std::uint8_t>(db->dbid);
            entry.signature = db->signature;
            entry.original_path = db->path;
            // Named as the caller names its copy (the file's own name); a database opened again
            // is listed once, with its latest copy.
            entry.file.name = BaseName(db->path);
            std::erase_if(e.manifest.dbs, [&](const recovery::BackupDb& b) { return b.dbid == entry.dbid; });
            const Status hs = recovery::HashFd(f.fd, &entry.file.size, &entry.file.hash);
            if (!hs.ok()) {
                ::close(f.fd);
                return FromFileStatus(hs);
            }
            e.manifest.dbs.push_back(std::move(entry));
        }
        *handle = e.next_handle++;
        *low = static_cast<JET_ULONG>(f.size & 0xFFFFFFFFu);
        *high = static_cast<JET_ULONG>(f.size >> 32);
        e.files[*handle] = f;
        return JET_errSuccess;
    });
}

JET_ERR ReadBackupFile(JET_INSTANCE instance, JET_HANDLE handle, void* pv, JET_ULONG cb, JET_ULONG* actual) {
    if (pv == nullptr || actual == nullptr) return JET_errInvalidParameter;
    *actual = 0;
    if (cb == 0 || cb % kReadUnit != 0) return JET_errInvalidParameter;  // whole pages, as esent reads
    return OnExternal(instance, [&](InstanceRecord&, ExternalBackup& e, std::unique_lock<std::mutex>&) -> JET_ERR {
        auto it = e.files.find(handle);
        if (it == e.files.end()) return JET_errInvalidParameter;
        ExternalBackup::File& f = it->second;
        const std::uint64_t want = std::min<std::uint64_t>(cb, f.size - std::min(f.size, f.offset));
        std::uint64_t got = 0;
        while (got < want) {
            const ssize_t n = ::pread(f.fd, static_cast<char*>(pv) + got, want - got, static_cast<off_t>(f.offset + got));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return n == 0 ? JET_errDiskIO : FromFileStatus(storage::FromErrno(errno, "read(backup)"));
            got += static_cast<std::uint64_t>(n);
        }
        f.offset += got;
        *actual = static_cast<JET_ULONG>(got);
        return JET_errSuccess;
    });
}

JET_ERR CloseBackupFile(JET_INSTANCE instance, JET_HANDLE handle) {
    return OnExternal(instance, [&](InstanceRecord&, ExternalBackup& e, std::unique_lock<std::mutex>&) -> JET_ERR {
        auto it = e.files.find(handle);
        if (it == e.files.end()) return JET_errInvalidParameter;
        ::close(it->second.fd);
        e.files.erase(it);
        return JET_errSuccess;
    });
}

JET_ERR GetLogInfo(JET_INSTANCE instance, void* szz, JET_ULONG cb, JET_ULONG* actual) {
    return OnExternal(instance, [&](InstanceRecord& r, ExternalBackup& e, std::unique_lock<std::mutex>&) -> JET_ERR {
        InstanceData& d = *r.data;
        if (!e.moment) {
            // The moment, as JetBackupInstance fixes it.
            std::string payload;
            const auto now = static_cast<std::uint64_t>(std::time(nullptr));
            for (int i = 0; i < 8; ++i) payload.push_back(static_cast<char>((now >> (8 * i)) & 0xFF));
            std::uint64_t last_seq = 0;
            (void)d.log->PrepareNext();  // the switch then pays only a flush and a rename
            Status s = d.committer->LogEvent(lf::RecordType::kBackup, std::move(payload));
            if (s.ok()) s = d.log->ForceNewGeneration(&e.last_log, &last_seq);
            if (!s.ok()) return FromCommitStatus(s);
            // The manifest of what the caller copies: the databases it opened, and these logs.
            recovery::Manifest& m = e.manifest;
            m.incremental = e.incremental;
            m.instance = r.name.value_or("");
            m.lineage = e.lineage;
            m.base = e.log.base;
            m.start = e.start;
            m.first_log = e.first_log;
            m.last_log = e.last_log;
            m.last_seq = last_seq;
            m.time = static_cast<std::int64_t>(now);
            for (std::uint32_t g = e.first_log; g <= e.last_log; ++g) {
                recovery::BackupLog l;
                l.generation = g;
                l.file.name = lf::GenerationName(e.log.base, g);
                s = recovery::HashFile(e.log.log_folder + l.file.name, &l.file.size, &l.file.hash);
                if (!s.ok()) return s.Is(Code::kNotFound) ? JET_errMissingLogFile : FromFileStatus(s);
                m.logs.push_back(std::move(l));
            }
            e.manifest_text = recovery::EncodeManifest(m);
            e.manifest_path = e.log.log_folder + (e.incremental ? recovery::IncrementalManifestName(e.last_log)
                                                                : std::string(recovery::kFullManifest));
            e.moment = true;
        }
        std::vector<std::string> logs;
        for (std::uint32_t g = e.first_log; g <= e.last_log; ++g) logs.push_back(e.log.log_folder + lf::GenerationName(e.log.base, g));
        logs.push_back(e.manifest_path);
        return WriteList(logs, szz, cb, actual);
    });
}

JET_ERR GetTruncateLogInfo(JET_INSTANCE instance, void* szz, JET_ULONG cb, JET_ULONG* actual) {
    return OnExternal(instance, [&](InstanceRecord& r, ExternalBackup& e, std::unique_lock<std::mutex>&) -> JET_ERR {
        if (!e.moment) return JET_errInvalidBackupSequence;
        std::vector<std::string> logs;
        if (!e.circular) {
            const std::uint32_t before = std::min(r.data->checkpointer->state().position.generation, e.last_log + 1);
            std::vector<std::uint32_t> gens;
            if (storage::ListLogGenerations(e.log.log_folder, e.log.base, &gens).ok()) {
                for (std::uint32_t g : gens) {
                    if (g < before && g < e.first_log) logs.push_back(e.log.log_folder + lf::GenerationName(e.log.base, g));
                }
            }
        }
        return WriteList(logs, szz, cb, actual);
    });
}

JET_ERR TruncateLog(JET_INSTANCE instance) {
    return OnExternal(instance, [&](InstanceRecord& r, ExternalBackup& e, std::unique_lock<std::mutex>&) -> JET_ERR {
        if (!e.moment) return JET_errInvalidBackupSequence;
        if (e.circular) return JET_errSuccess;
        // The hold still protects this backup's own generations until it ends.
        const Status s = r.data->checkpointer->TruncateLog(e.last_log + 1);
        return s.ok() ? JET_errSuccess : FromFileStatus(s);
    });
}

JET_ERR EndExternalBackup(JET_INSTANCE instance, JET_GRBIT grbit) {
    if ((grbit & ~kEndGrbits) != 0 || (grbit & JET_bitBackupEndNormal && grbit & JET_bitBackupEndAbort)) {
        return JET_errInvalidGrbit;
    }
    std::unique_lock<std::mutex> lock;
    InstanceRecord* r = LockInstance(instance, &lock);
    if (r == nullptr) return JET_errInvalidParameter;
    if (r->external == nullptr) return JET_errNoBackup;
    const std::shared_ptr<ExternalBackup> e = std::move(r->external);
    r->external.reset();
    r->backup_running = false;
    const bool aborted = r->backup_abort.load(std::memory_order_acquire);
    if (r->data != nullptr) r->data->checkpointer->HoldGenerationsFrom(0);
    if (aborted) return JET_errBackupAbortByServer;
    if ((grbit & JET_bitBackupEndAbort) != 0 || !e->moment) return JET_errSuccess;  // nothing recorded
    const Status s = recovery::WriteBackupState(e->state_path, recovery::BackupState{e->lineage, e->last_log});
    return s.ok() ? JET_errSuccess : FromFileStatus(s);
}

namespace {

// The restore's work on a Restoring record.
JET_ERR RunRestore(InstanceRecord& r, const ParamStore& params, const char* source, const char* dest, Progress& progress,
                   std::optional<storage::LogPosition> stop) {
    const bool create = params.Int(JET_paramCreatePathIfNotExist) != 0;
    JET_ERR err = EnsureFolder(params.Str(JET_paramSystemPath), create);
    if (err >= 0) err = EnsureFolder(params.Str(JET_paramLogFilePath), create);
    if (err < 0) return err;
    recovery::RestoreOptions o;
    o.backup_folder = FolderPath(source);
    if (dest != nullptr && *dest != 0) o.dest_folder = FolderPath(dest);
    o.log = LogConfigOf(params);
    o.log.stop = stop;
    o.progress = [&](int percent) { progress.Step(static_cast<JET_ULONG>(percent), 100); };
    recovery::ReplayStats stats;
    err = recovery::RestoreBackup(o, &stats);
    if (err >= 0) r.last_replay = stats;
    return err;
}

JET_ERR RestoreOnRecord(InstanceRecord& r, const char* source, const char* dest, JET_PFNSTATUS status,
                        std::optional<storage::LogPosition> stop = std::nullopt) {
    ParamStore params;
    {
        std::lock_guard plock(TheProcess().mu);
        std::lock_guard lock(r.mu);
        const State s = sw::StateOf(r.state.load(std::memory_order_acquire));
        switch (s) {
            case State::kCreated:
                break;
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
        }
        if (JET_ERR err = PathsInUse(r); err < 0) return err;
        // From here every call on the instance gets JET_errRestoreInProgress.
        r.state.store(static_cast<std::uint64_t>(State::kRestoring), std::memory_order_seq_cst);
        params = r.params;
    }
    Progress progress(status, JET_snpRestore);
    progress.Begin();
    JET_ERR err;
    try {
        err = RunRestore(r, params, source, dest, progress, stop);
    } catch (const std::bad_alloc&) {
        err = JET_errOutOfMemory;
    } catch (const std::exception&) {
        err = JET_errInvalidPath;  // std::filesystem's errors
    }
    progress.End(err);
    std::lock_guard lock(r.mu);
    r.state.store(static_cast<std::uint64_t>(State::kCreated), std::memory_order_seq_cst);
    return err;
}

// A temporary instance for a restore outside multi-instance mode (or with a NULL / Nil handle).
JET_ERR RestoreOnTemporary(const char* source, const char* dest, JET_PFNSTATUS status) {
    InstanceRecord* r = nullptr;
    {
        // A name of its own: an unnamed instance may exist already.
        static std::atomic<std::uint64_t> counter{0};
        const std::string name = "jetstore-restore-" + std::to_string(counter.fetch_add(1) + 1);
        std::lock_guard plock(TheProcess().mu);
        if (JET_ERR err = AllocateInstanceRecord(name.c_str(), nullptr, &r); err < 0) return err;
    }
    const JET_ERR err = RestoreOnRecord(*r, source, dest, status);
    std::lock_guard plock(TheProcess().mu);
    std::lock_guard lock(r->mu);
    FreeInstanceRecord(*r);
    return err;
}

bool IsNil(JET_INSTANCE h) { return h == 0 || h == JET_instanceNil; }

}  // namespace

JET_ERR RestoreInstance(JET_INSTANCE instance, const char* source, const char* dest, JET_PFNSTATUS status,
                        std::optional<storage::LogPosition> stop) {
    if (source == nullptr || *source == 0) return JET_errInvalidParameter;
    const RunMode mode = TheProcess().mode.load(std::memory_order_acquire);
    if (mode != RunMode::kSingle && IsNil(instance)) return RestoreOnTemporary(source, dest, status);
    std::uint64_t gen = 0;
    InstanceRecord* r = ResolveInstance(instance, &gen);
    if (r == nullptr) return JET_errInvalidParameter;
    return RestoreOnRecord(*r, source, dest, status, stop);
}

JET_ERR Restore(const char* source, const char* dest, JET_PFNSTATUS status) {
    const RunMode mode = TheProcess().mode.load(std::memory_order_acquire);
    if (mode == RunMode::kMulti) return JET_errRunningInMultiInstanceMode;
    if (source == nullptr || *source == 0) return JET_errInvalidParameter;
    if (mode == RunMode::kSingle) return JET_errAlreadyInitialized;  // the one instance is initialized
    return RestoreOnTemporary(source, dest, status);
}

}  // namespace jetstore::engine
