#include "storage/env.h"

#include <cstdio>

#include <fcntl.h>
#include <lmdb.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <new>
#include <utility>

namespace jetstore::storage {
namespace {

// ---- the in-process attach registry ----

struct Attachment {
    const void* owner;
    pid_t pid;  // entries inherited across fork() belong to the parent, not to us
};

struct Registry {
    std::mutex mu;
    std::map<std::pair<std::uint64_t, std::uint64_t>, Attachment> files;  // (st_dev, st_ino)
};

Registry& TheRegistry() {
    static Registry* registry = new Registry();  // never destroyed: Envs may outlive static destructors
    return *registry;
}

// ---- LMDB helpers ----

MDB_val Val(std::string_view s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }
std::string_view View(const MDB_val& v) { return {static_cast<const char*>(v.mv_data), v.mv_size}; }

constexpr unsigned kSyncFlagMask = MDB_NOSYNC | MDB_NOMETASYNC;

unsigned SyncFlagsFor(Durability d) {
    switch (d) {
        case Durability::kNoSync:
            return MDB_NOSYNC;
        case Durability::kLazy:
            return MDB_NOMETASYNC;
        case Durability::kDurable:
            break;
    }
    return 0;
}

std::uint64_t EffectiveMapSize(const EnvOptions& options) {
    std::uint64_t size = options.map_size != 0 ? options.map_size : Env::kDefaultMapSize;
#if defined(__SANITIZE_THREAD__)
    size = std::min(size, Env::kMaxMapSizeTsan);
#endif
    if (options.max_bytes != 0) size = std::min(size, options.max_bytes);
    const long page = ::sysconf(_SC_PAGESIZE);
    const std::uint64_t page_size = page > 0 ? static_cast<std::uint64_t>(page) : 4096;
    return std::max(page_size, size / page_size * page_size);
}

}  // namespace

// ---- Env ----

Status Env::Open(const std::string& path, const EnvOptions& options, std::unique_ptr<Env>* result) {
    result->reset();
    if (path.empty()) return Status::Error(Code::kInvalidArgument, "Env::Open: empty path");
    if (options.max_readers == 0) return Status::Error(Code::kInvalidArgument, "Env::Open: max_readers is 0");

    std::unique_ptr<Env> env(new Env());
    env->path_ = path;
    env->owner_ = options.owner;
    env->read_only_ = options.mode == OpenMode::kReadOnly;

    // 1. Our own descriptor of the data file, opened before LMDB sees it: it decides kExists /
    //    kNotFound, names the file in the registry and carries the flock.
    bool created = false;  // this call made the file: a failure removes it again
    int fd = -1;
    switch (options.mode) {
        case OpenMode::kCreate:
            fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
            created = fd >= 0;
            if (fd < 0 && errno == EEXIST && options.overwrite) fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
            break;
        case OpenMode::kOpenExisting:
            fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
            break;
        case OpenMode::kReadOnly:
            fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
            break;
    }
    if (fd < 0) return FromErrno(errno, ("open(" + path + ")").c_str());
    env->lock_fd_ = fd;  // from here on, ~Env closes it

    struct stat st {};
    if (::fstat(fd, &st) != 0) return FromErrno(errno, ("fstat(" + path + ")").c_str());
    env->dev_ = static_cast<std::uint64_t>(st.st_dev);
    env->ino_ = static_cast<std::uint64_t>(st.st_ino);
    if (!S_ISREG(st.st_mode)) return Status::Error(Code::kInvalidArgument, path + ": not a regular file");

    // Undoes a file this call created, on failure (the registry entry is released by ~Env).
    struct CreatedFileGuard {
        const std::string& file;
        bool armed;
        ~CreatedFileGuard() {
            if (!armed) return;
            ::unlink(file.c_str());
            ::unlink((file + "-lock").c_str());
        }
    } created_guard{path, created};

    // 2. The in-process registry, then 3. the flock for other processes.
    {
        Registry& registry = TheRegistry();
        std::lock_guard<std::mutex> lock(registry.mu);
        const auto key = std::make_pair(env->dev_, env->ino_);
        auto it = registry.files.find(key);
        if (it != registry.files.end() && it->second.pid == ::getpid()) {
            // Never unlink a file another Env holds. (A file this call created cannot get here:
            // it is a new inode, and an attached inode is not reused while its Env keeps it open.)
            created_guard.armed = false;
            if (it->second.owner == options.owner) {
                return Status::Error(Code::kExists, path + ": already attached by this owner");
            }
            return Status::Error(Code::kAttachedElsewhere, path + ": attached by another owner in this process");
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int err = errno;
            created_guard.armed = false;
            return FromErrno(err, ("flock(" + path + ")").c_str());
        }
        registry.files[key] = Attachment{options.owner, ::getpid()};  // replaces a parent's stale entry
        env->registered_ = true;
    }

    // 4. kCreate with overwrite: the file is ours now; empty it and let LMDB initialize it.
    if (options.mode == OpenMode::kCreate && options.overwrite && st.st_size != 0) {
        if (::ftruncate(fd, 0) != 0) return FromErrno(errno, ("ftruncate(" + path + ")").c_str());
    }

    // 5. The LMDB environment.
    int rc = ::mdb_env_create(&env->env_);
    if (rc != 0) {
        env->env_ = nullptr;
        return FromLmdb(rc, "mdb_env_create");
    }
    if ((rc = ::mdb_env_set_maxreaders(env->env_, options.max_readers)) != 0) {
        return FromLmdb(rc, "mdb_env_set_maxreaders");
    }
    if ((rc = ::mdb_env_set_maxdbs(env->env_, 1)) != 0) return FromLmdb(rc, "mdb_env_set_maxdbs");
    if ((rc = ::mdb_env_set_mapsize(env->env_, EffectiveMapSize(options))) != 0) {
        return FromLmdb(rc, "mdb_env_set_mapsize");
    }
    unsigned env_flags = MDB_NOSUBDIR | MDB_NOTLS;
    if (env->read_only_) env_flags |= MDB_RDONLY;
    rc = ::mdb_env_open(env->env_, path.c_str(), env_flags, 0644);
    if (rc != 0) {
        Status s = FromLmdb(rc, ("mdb_env_open(" + path + ")").c_str());
        ::mdb_env_close(env->env_);  // required after a failed mdb_env_open
        env->env_ = nullptr;
        return s;
    }
    // LMDB opened the path again: make sure it is the file we locked (not replaced meanwhile).
    int lmdb_fd = -1;
    struct stat lst {};
    if (::mdb_env_get_fd(env->env_, &lmdb_fd) != 0 || ::fstat(lmdb_fd, &lst) != 0 ||
        static_cast<std::uint64_t>(lst.st_dev) != env->dev_ || static_cast<std::uint64_t>(lst.st_ino) != env->ino_) {
        return Status::Error(Code::kIoError, path + ": the file was replaced while being opened");
    }
    env->max_key_size_ = static_cast<std::size_t>(::mdb_env_get_maxkeysize(env->env_));

    // 6. The one DBI, opened once, here. A read-write Env whose file never committed a
    //    transaction (created, or a creation that crashed before its first commit) gets it
    //    created; otherwise it must exist.
    MDB_envinfo info{};
    ::mdb_env_info(env->env_, &info);
    const bool fresh = info.me_last_txnid == 0;
    MDB_txn* txn = nullptr;
    rc = ::mdb_txn_begin(env->env_, nullptr, env->read_only_ ? MDB_RDONLY : 0, &txn);
    if (rc != 0) return FromLmdb(rc, "mdb_txn_begin(open)");
    MDB_dbi dbi = 0;
    rc = ::mdb_dbi_open(txn, kDbiName, (fresh && !env->read_only_) ? MDB_CREATE : 0, &dbi);
    if (rc != 0) {
        ::mdb_txn_abort(txn);
        if (rc == MDB_NOTFOUND) return Status::Error(Code::kCorrupt, path + ": not a jetstore database (no DBI)");
        return FromLmdb(rc, ("mdb_dbi_open(" + path + ")").c_str());
    }
    rc = ::mdb_txn_commit(txn);  // commit, not abort: an aborted txn closes the new handle
    if (rc != 0) return FromLmdb(rc, ("mdb_txn_commit(open " + path + ")").c_str());
    env->dbi_ = dbi;

    // Start from the durable flags (no sync flag is set by mdb_env_open).
    {
        MutexLock lock(&env->write_mu_);
        env->sync_flags_ = 0;
    }
    created_guard.armed = false;
    *result = std::move(env);
    return Status::Ok();
}

Env::~Env() {
    if (env_ != nullptr) ::mdb_env_close(env_);
    // Release the flock and the registry entry together, under the registry mutex, so another
    // Open in this process never sees one without the other.
    Registry& registry = TheRegistry();
    std::lock_guard<std::mutex> lock(registry.mu);
    if (lock_fd_ >= 0) ::close(lock_fd_);
    if (registered_) registry.files.erase(std::make_pair(dev_, ino_));
}

Status Env::NewSnapshot(std::unique_ptr<ReadSnapshot>* result) {
    CountCall();
    result->reset();
    MDB_txn* txn = nullptr;
    const int rc = ::mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn);
    if (rc != 0) return FromLmdb(rc, "mdb_txn_begin(read)");
    std::unique_ptr<ReadSnapshot> snapshot(new (std::nothrow) ReadSnapshot(this, txn));
    if (snapshot == nullptr) {
        ::mdb_txn_abort(txn);
        return Status::Error(Code::kOutOfMemory, "NewSnapshot");
    }
    Register(snapshot.get());
    *result = std::move(snapshot);
    return Status::Ok();
}

Status Env::SetSyncFlagsLocked(Durability durability) {
    // The flags must be set before mdb_txn_begin: LMDB reads them at commit, and 0.9.24 ignores
    // per-transaction flags. mdb_env_set_flags is a plain read-modify-write of me_flags, which
    // readers also read (other bits only); write_mu_ makes this the only writer.
    const int wanted = static_cast<int>(SyncFlagsFor(durability));
    if (wanted != sync_flags_) {
        int rc = ::mdb_env_set_flags(env_, kSyncFlagMask & ~static_cast<unsigned>(wanted), 0);
        if (rc == 0 && wanted != 0) rc = ::mdb_env_set_flags(env_, static_cast<unsigned>(wanted), 1);
        if (rc != 0) {
            sync_flags_ = -1;  // unknown: set both again next time
            return FromLmdb(rc, "mdb_env_set_flags");
        }
        sync_flags_ = wanted;
    }
    return Status::Ok();
}

Status TxnWriter::Put(std::string_view key, std::string_view value) {
    if (key.empty()) return Status::Error(Code::kInvalidArgument, "Put: empty key");
    MDB_val k = Val(key);
    MDB_val v = Val(value);
    const int rc = ::mdb_put(txn_, dbi_, &k, &v, 0);
    if (rc != 0) return FromLmdb(rc, "mdb_put");
    changed_ = true;
    return Status::Ok();
}

Status TxnWriter::Delete(std::string_view key) {
    if (key.empty()) return Status::Error(Code::kInvalidArgument, "Delete: empty key");
    MDB_val k = Val(key);
    const int rc = ::mdb_del(txn_, dbi_, &k, nullptr);
    if (rc == MDB_NOTFOUND) return Status::Ok();
    if (rc != 0) return FromLmdb(rc, "mdb_del");
    changed_ = true;
    return Status::Ok();
}

Status TxnWriter::Get(std::string_view key, std::string_view* value) {
    MDB_val k = Val(key);
    MDB_val v{};
    const int rc = ::mdb_get(txn_, dbi_, &k, &v);
    if (rc == MDB_NOTFOUND) return Status::Error(Code::kNotFound);
    if (rc != 0) return FromLmdb(rc, "mdb_get");
    *value = View(v);
    return Status::Ok();
}

Status Env::Write(const std::function<Status(TxnWriter&)>& fn, Durability durability) {
    CountCall();
    if (read_only_) return Status::Error(Code::kAccessDenied, path_ + ": read-only");
    MutexLock lock(&write_mu_);
    Status s = SetSyncFlagsLocked(durability);
    if (!s.ok()) return s;
    MDB_txn* txn = nullptr;
    int rc = ::mdb_txn_begin(env_, nullptr, 0, &txn);
    if (rc != 0) return FromLmdb(rc, "mdb_txn_begin(write)");
    TxnWriter writer(txn, dbi_);
    s = fn(writer);
    if (!s.ok() || !writer.changed()) {
        ::mdb_txn_abort(txn);
        return s;
    }
    rc = ::mdb_txn_commit(txn);  // frees the transaction on failure too
    if (rc != 0) return FromLmdb(rc, "mdb_txn_commit");
    return Status::Ok();
}

Status Env::ApplyBatch(std::span<const WriteBatch* const> batches, Durability durability, std::uint64_t* txn_id) {
    CountCall();
    if (read_only_) return Status::Error(Code::kAccessDenied, path_ + ": read-only");
    bool any = false;
    for (const WriteBatch* batch : batches) {
        for (const WriteOp& op : *batch) {
            if (op.key.empty()) return Status::Error(Code::kInvalidArgument, "ApplyBatch: empty key");
            any = true;
        }
    }
    if (!any) return Status::Ok();

    MutexLock lock(&write_mu_);
    Status flags = SetSyncFlagsLocked(durability);
    if (!flags.ok()) return flags;

    MDB_txn* txn = nullptr;
    int rc = ::mdb_txn_begin(env_, nullptr, 0, &txn);
    if (rc != 0) return FromLmdb(rc, "mdb_txn_begin(write)");
    const std::uint64_t id = ::mdb_txn_id(txn);
    bool changed = false;  // a delete of an absent key changes nothing
    for (const WriteBatch* batch : batches) {
        for (const WriteOp& op : *batch) {
            MDB_val key = Val(op.key);
            if (op.value.has_value()) {
                MDB_val value = Val(*op.value);
                rc = ::mdb_put(txn, dbi_, &key, &value, 0);
                if (rc != 0) {
                    ::mdb_txn_abort(txn);
                    return FromLmdb(rc, "mdb_put");
                }
                changed = true;
            } else {
                rc = ::mdb_del(txn, dbi_, &key, nullptr);
                if (rc != 0 && rc != MDB_NOTFOUND) {
                    ::mdb_txn_abort(txn);
                    return FromLmdb(rc, "mdb_del");
                }
                changed = changed || rc == 0;
            }
        }
    }
    if (!changed) {
        // LMDB would commit nothing and keep its id: the last commit is what snapshots see.
        ::mdb_txn_abort(txn);
        if (txn_id != nullptr) *txn_id = id - 1;
        return Status::Ok();
    }
    rc = ::mdb_txn_commit(txn);  // frees the transaction on failure too
    if (rc != 0) return FromLmdb(rc, "mdb_txn_commit");
    if (txn_id != nullptr) *txn_id = id;
    return Status::Ok();
}

namespace {

// mdb_reader_list's callback: one line per reader, "pid thread txnid" (txnid "-" when reset).
int OldestReaderLine(const char* line, void* ctx) {
    auto* oldest = static_cast<std::uint64_t*>(ctx);
    unsigned long long txn = 0;
    int pid = 0;
    char thread[32] = {0};
    if (std::sscanf(line, "%d %31s %llu", &pid, thread, &txn) == 3 && txn < *oldest) *oldest = txn;
    return 0;
}

}  // namespace

std::uint64_t Env::OldestReaderTxn() const {
    MDB_envinfo info{};
    std::uint64_t oldest = ::mdb_env_info(env_, &info) == 0 ? info.me_last_txnid : 0;
    ::mdb_reader_list(env_, &OldestReaderLine, &oldest);
    return oldest;
}

std::uint64_t Env::UsedBytes() const {
    MDB_envinfo info{};
    MDB_stat st{};
    if (::mdb_env_info(env_, &info) != 0 || ::mdb_env_stat(env_, &st) != 0) return 0;
    return (static_cast<std::uint64_t>(info.me_last_pgno) + 1) * st.ms_psize;
}

Status Env::CopyTo(int fd, bool compact) {
    CountCall();
    return FromLmdb(::mdb_env_copyfd2(env_, fd, compact ? MDB_CP_COMPACT : 0), "mdb_env_copyfd2");
}

Status Env::Sync() {
    CountCall();
    if (read_only_) return Status::Ok();
    return FromLmdb(::mdb_env_sync(env_, 1), "mdb_env_sync");
}

EnvStats Env::Stats() const {
    EnvStats stats;
    MDB_envinfo info{};
    if (::mdb_env_info(env_, &info) == 0) {
        stats.last_txn_id = info.me_last_txnid;
        stats.readers_used = info.me_numreaders;
        stats.max_readers = info.me_maxreaders;
        stats.map_size = info.me_mapsize;
    }
    stats.storage_calls = env_calls_.load(std::memory_order_relaxed);
    MutexLock lock(&snapshots_mu_);
    for (const ReadSnapshot* snapshot : snapshots_) {
        stats.storage_calls += snapshot->calls_.load(std::memory_order_relaxed);
    }
    return stats;
}

unsigned Env::FlagsForTesting() const {
    unsigned flags = 0;
    ::mdb_env_get_flags(env_, &flags);
    return flags;
}

void Env::Register(ReadSnapshot* snapshot) {
    MutexLock lock(&snapshots_mu_);
    snapshots_.push_back(snapshot);
}

void Env::Unregister(ReadSnapshot* snapshot) {
    MutexLock lock(&snapshots_mu_);
    env_calls_.fetch_add(snapshot->calls_.load(std::memory_order_relaxed), std::memory_order_relaxed);
    auto it = std::find(snapshots_.begin(), snapshots_.end(), snapshot);
    if (it != snapshots_.end()) {
        *it = snapshots_.back();
        snapshots_.pop_back();
    }
}

// ---- ReadSnapshot ----

ReadSnapshot::~ReadSnapshot() {
    ::mdb_txn_abort(txn_);  // also for a reset transaction: frees it and its reader slot
    env_->Unregister(this);
}

void ReadSnapshot::Reset() {
    CountCall();
    if (!live_) return;
    ::mdb_txn_reset(txn_);
    live_ = false;
    ++generation_;
}

Status ReadSnapshot::Renew() {
    CountCall();
    if (live_) {
        ::mdb_txn_reset(txn_);
        live_ = false;
    }
    ++generation_;
    const int rc = ::mdb_txn_renew(txn_);
    if (rc != 0) return FromLmdb(rc, "mdb_txn_renew");
    live_ = true;
    return Status::Ok();
}

std::uint64_t ReadSnapshot::TxnId() const { return ::mdb_txn_id(txn_); }

Status ReadSnapshot::Get(std::string_view key, std::string_view* value) {
    CountCall();
    if (!live_) return Status::Error(Code::kInvalidArgument, "Get on a reset snapshot");
    if (key.empty() || key.size() > env_->max_key_size_)
        return Status::Error(Code::kNotFound);  // no such key can exist
    MDB_val k = Val(key);
    MDB_val v{};
    const int rc = ::mdb_get(txn_, env_->dbi_, &k, &v);
    if (rc == MDB_NOTFOUND) return Status::Error(Code::kNotFound);  // no message: the common miss allocates nothing
    if (rc != 0) return FromLmdb(rc, "mdb_get");
    *value = View(v);
    return Status::Ok();
}

// ---- the snapshot iterator ----

// A KvIterator over an MDB_cursor of one ReadSnapshot. The cursor is opened on first use and
// renewed (mdb_cursor_renew) when the snapshot's generation has moved on.
class LmdbIterator final : public KvIterator {
public:
    explicit LmdbIterator(ReadSnapshot* snapshot) : snapshot_(snapshot) {}
    ~LmdbIterator() override {
        if (cursor_ != nullptr) ::mdb_cursor_close(cursor_);
    }

    bool Valid() const override { return valid_ && generation_ == snapshot_->generation_; }
    std::string_view key() const override { return View(key_); }
    std::string_view value() const override { return View(value_); }

    Status First() override { return Position(MDB_FIRST); }
    Status Last() override { return Position(MDB_LAST); }
    Status Next() override { return Move(MDB_NEXT); }
    Status Prev() override { return Move(MDB_PREV); }

    Status SeekGE(std::string_view target) override {
        if (target.empty()) return First();  // every key is >= ""
        Status s = Prepare();
        if (!s.ok()) return s;
        // A target longer than any key can be: its prefix of MaxKeySize bytes p sorts before
        // it, and a stored key k >= target exactly when k > p.
        const bool truncated = target.size() > snapshot_->env_->MaxKeySize();
        if (truncated) target = target.substr(0, snapshot_->env_->MaxKeySize());
        s = Get(MDB_SET_RANGE, target);
        if (s.ok() && valid_ && truncated && View(key_) == target) s = Get(MDB_NEXT);
        return s;
    }

    Status SeekLE(std::string_view target) override {
        Status s = Prepare();
        if (!s.ok()) return s;
        if (target.empty()) {  // no key is <= "": keys are never empty
            valid_ = false;
            return Status::Ok();
        }
        // With a truncated target p (see SeekGE), k <= target exactly when k <= p.
        if (target.size() > snapshot_->env_->MaxKeySize()) target = target.substr(0, snapshot_->env_->MaxKeySize());
        s = Get(MDB_SET_RANGE, target);
        if (!s.ok()) return s;
        if (!valid_) return Get(MDB_LAST);               // every key < target
        if (View(key_) != target) return Get(MDB_PREV);  // on the first key > target
        return Status::Ok();
    }

private:
    // Counts the call and makes the cursor usable on the snapshot's current transaction.
    Status Prepare() {
        snapshot_->CountCall();
        if (!snapshot_->live_) {
            valid_ = false;
            return Status::Error(Code::kInvalidArgument, "iterator on a reset snapshot");
        }
        if (cursor_ == nullptr) {
            const int rc = ::mdb_cursor_open(snapshot_->txn_, snapshot_->env_->dbi_, &cursor_);
            if (rc != 0) {
                cursor_ = nullptr;
                return FromLmdb(rc, "mdb_cursor_open");
            }
            generation_ = snapshot_->generation_;
        } else if (generation_ != snapshot_->generation_) {
            valid_ = false;
            const int rc = ::mdb_cursor_renew(snapshot_->txn_, cursor_);
            if (rc != 0) return FromLmdb(rc, "mdb_cursor_renew");
            generation_ = snapshot_->generation_;
        }
        return Status::Ok();
    }

    Status Position(MDB_cursor_op op) {
        Status s = Prepare();
        if (!s.ok()) return s;
        return Get(op);
    }

    Status Move(MDB_cursor_op op) {
        // REQUIRES: Valid(). A stale or unpositioned iterator stays invalid rather than crash.
        if (!Valid()) {
            snapshot_->CountCall();
            valid_ = false;
            return Status::Ok();
        }
        return Position(op);
    }

    Status Get(MDB_cursor_op op, std::string_view target = {}) {
        key_ = Val(target);
        const int rc = ::mdb_cursor_get(cursor_, &key_, &value_, op);
        if (rc == MDB_NOTFOUND) {
            valid_ = false;
            return Status::Ok();
        }
        if (rc != 0) {
            valid_ = false;
            return FromLmdb(rc, "mdb_cursor_get");
        }
        valid_ = true;
        return Status::Ok();
    }

    ReadSnapshot* const snapshot_;
    MDB_cursor* cursor_ = nullptr;
    std::uint64_t generation_ = 0;
    bool valid_ = false;
    MDB_val key_{};
    MDB_val value_{};
};

std::unique_ptr<KvIterator> ReadSnapshot::NewIterator() {
    CountCall();
    return std::make_unique<LmdbIterator>(this);
}

}  // namespace jetstore::storage
