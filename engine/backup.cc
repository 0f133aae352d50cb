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
    void Step(unsigned long done, unsigned long total) {
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
        unsigned long step = 0;
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
            progress.Step(++step, static_cast<unsigned long>(dbs.size() + 1));
            storage::KillPoint("backup-database");
        }
    }
    if (aborted()) return JET_errBackupAbortByServer;

    // The moment: a marker record (so that the set holds at least one generation), then a
    // generation switch; commits wait for the switch's flush only.
    std::string payload;
    const auto now = static_cast<std::uint64_t>(m.time);
    for (int i = 0; i < 8; ++i) payload.push_back(static_cast<char>((now >> (8 * i)) & 0xFF));
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

namespace {

// The restore's work on a Restoring record.
JET_ERR RunRestore(InstanceRecord& r, const ParamStore& params, const char* source, const char* dest, Progress& progress) {
    const bool create = params.Int(JET_paramCreatePathIfNotExist) != 0;
    JET_ERR err = EnsureFolder(params.Str(JET_paramSystemPath), create);
    if (err >= 0) err = EnsureFolder(params.Str(JET_paramLogFilePath), create);
    if (err < 0) return err;
    recovery::RestoreOptions o;
    o.backup_folder = FolderPath(source);
    if (dest != nullptr && *dest != 0) o.dest_folder = FolderPath(dest);
    o.log = LogConfigOf(params);
    o.progress = [&](int percent) { progress.Step(static_cast<unsigned long>(percent), 100); };
    recovery::ReplayStats stats;
    err = recovery::RestoreBackup(o, &stats);
    if (err >= 0) r.last_replay = stats;
    return err;
}

JET_ERR RestoreOnRecord(InstanceRecord& r, const char* source, const char* dest, JET_PFNSTATUS status) {
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
        err = RunRestore(r, params, source, dest, progress);
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

JET_ERR RestoreInstance(JET_INSTANCE instance, const char* source, const char* dest, JET_PFNSTATUS status) {
    if (source == nullptr || *source == 0) return JET_errInvalidParameter;
    const RunMode mode = TheProcess().mode.load(std::memory_order_acquire);
    if (mode != RunMode::kSingle && IsNil(instance)) return RestoreOnTemporary(source, dest, status);
    std::uint64_t gen = 0;
    InstanceRecord* r = ResolveInstance(instance, &gen);
    if (r == nullptr) return JET_errInvalidParameter;
    return RestoreOnRecord(*r, source, dest, status);
}

JET_ERR Restore(const char* source, const char* dest, JET_PFNSTATUS status) {
    const RunMode mode = TheProcess().mode.load(std::memory_order_acquire);
    if (mode == RunMode::kMulti) return JET_errRunningInMultiInstanceMode;
    if (source == nullptr || *source == 0) return JET_errInvalidParameter;
    if (mode == RunMode::kSingle) return JET_errAlreadyInitialized;  // the one instance is initialized
    return RestoreOnTemporary(source, dest, status);
}

}  // namespace jetstore::engine
