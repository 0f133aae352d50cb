// One LMDB environment per database file: opening and attaching it, read snapshots, and the
// write path (one LMDB write transaction per call of ApplyBatch).
//
// LAYOUT
// A database `name.edb` is an LMDB environment opened with MDB_NOSUBDIR (the data file itself,
// plus LMDB's `name.edb-lock` beside it) and MDB_NOTLS (a read transaction is not bound to a
// thread, so a session's snapshot moves with the session). It holds ONE named DBI, kDbiName,
// opened once in Env::Open and never again: every table, index, long value and the catalog live
// in it, the engine prefixing each key with an object id. Keys are byte strings of 1 to
// Env::MaxKeySize() bytes in memcmp order (LMDB's default comparator).
//
// ATTACHING
// A file is attached by one Env at a time: an in-process registry keyed by the data file's
// (st_dev, st_ino) records the owner passed to Open, and an flock(LOCK_EX | LOCK_NB) on a
// descriptor of the data file, taken before LMDB touches the file, keeps other processes out.
// Both are released when the Env is destroyed. Registry entries belong to the process that made
// them: a child after fork() sees none of its parent's and is kept out by the flock instead.
//
// DURABILITY
// LMDB keeps integrity across an OS crash only with its ordered commit (data pages flushed, then
// the meta page), and 0.9.24 ignores per-transaction sync flags; so ApplyBatch sets the
// environment's MDB_NOSYNC / MDB_NOMETASYNC flags for each call before it begins its write
// transaction (see Durability). ApplyBatch calls are serialized by a mutex inside the Env, so the
// flags a transaction commits with are the ones its caller asked for.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/kv_iterator.h"
#include "storage/mutex.h"
#include "storage/status.h"

struct MDB_env;
struct MDB_txn;

namespace jetstore::storage {

class LmdbIterator;
class ReadSnapshot;

// How hard a commit waits for the disk. Ordered: a group of commits gets the strongest (largest)
// durability any of them asked for.
enum class Durability : unsigned char {
    // MDB_NOSYNC: nothing flushed at commit. An OS crash may lose or corrupt recent commits
    // (jetstore's JET_paramRecovery "off"); a process crash loses nothing.
    kNoSync = 0,
    // MDB_NOMETASYNC: data pages flushed, the meta page written but not flushed. An OS crash may
    // lose the latest lazy commits, never corrupts. Env::Sync makes them durable.
    kLazy = 1,
    // LMDB's full commit: data pages flushed, then the meta page.
    kDurable = 2,
};

// One change: put `value` under `key`, or delete `key` when value is nullopt (deleting a missing
// key is not an error).
struct WriteOp {
    std::string key;
    std::optional<std::string> value;
};
// The changes of one commit, applied in order.
using WriteBatch = std::vector<WriteOp>;

// The writes of one Env::Write transaction.
class TxnWriter {
public:
    // Errors: kInvalidArgument (empty key), kTooLarge, kMapFull, and LMDB's others.
    Status Put(std::string_view key, std::string_view value);
    // Deleting a missing key is not an error.
    Status Delete(std::string_view key);
    // Reads within the transaction (its own writes included). kNotFound when absent.
    Status Get(std::string_view key, std::string_view* value);
    bool changed() const { return changed_; }

private:
    friend class Env;
    TxnWriter(MDB_txn* txn, unsigned dbi) : txn_(txn), dbi_(dbi) {}
    MDB_txn* txn_;
    unsigned dbi_;
    bool changed_ = false;
};

enum class OpenMode : unsigned char {
    kCreate,        // create the file; kExists if it exists (unless EnvOptions::overwrite)
    kOpenExisting,  // read-write; kNotFound if the file is missing
    kReadOnly,      // MDB_RDONLY; kNotFound if the file is missing
};

struct EnvOptions {
    OpenMode mode = OpenMode::kOpenExisting;
    // kCreate only: an existing file (not attached anywhere) is emptied and recreated.
    bool overwrite = false;
    // LMDB reader slots. Under MDB_NOTLS every ReadSnapshot keeps its slot while reset, so this
    // must be at least the number of sessions plus a margin.
    unsigned max_readers = 126;
    // Address space reserved for the map; the file grows into it. Capped at kMaxMapSizeTsan in
    // ThreadSanitizer builds. Rounded down to the OS page size.
    std::uint64_t map_size = 0;  // 0 = kDefaultMapSize
    // The database's maximum size; 0 = no limit beyond map_size. A database that reaches it gets
    // kMapFull from ApplyBatch, with nothing lost.
    std::uint64_t max_bytes = 0;
    // Identifies the attacher (the engine passes its instance). Never dereferenced.
    const void* owner = nullptr;
};

// A snapshot of the environment's counters, for tests and diagnostics.
struct EnvStats {
    std::uint64_t last_txn_id = 0;    // mdb_env_info's me_last_txnid: one per committed write transaction
    unsigned readers_used = 0;        // me_numreaders: the reader slots ever used (a high-water mark)
    unsigned max_readers = 0;         // me_maxreaders
    std::uint64_t map_size = 0;       // me_mapsize
    std::uint64_t storage_calls = 0;  // calls into this Env, its snapshots and iterators (see Env::Stats)
};

// An attached database file. Thread safety: ApplyBatch, Sync, NewSnapshot, Stats and the
// accessors may be called from any thread concurrently; Open and the destructor may not overlap
// anything else on the same Env.
class Env {
public:
    static constexpr const char* kDbiName = "jetstore";
#if defined(__SANITIZE_THREAD__)
    // ThreadSanitizer cannot map more than about 1 TiB in total (shadow memory included).
    static constexpr std::uint64_t kDefaultMapSize = std::uint64_t{8} << 30;
#else
    static constexpr std::uint64_t kDefaultMapSize = std::uint64_t{64} << 30;
#endif
    static constexpr std::uint64_t kMaxMapSizeTsan = std::uint64_t{8} << 30;

    // Attaches the database file at `path` ("name.edb"; LMDB keeps "name.edb-lock" beside it).
    // On success *result holds the Env; on failure it is left empty, and a file this call created
    // is removed again. A read-write open of an LMDB file that never committed a transaction (an
    // empty file, or a creation that crashed before its first commit) gives an empty database.
    // Errors:
    //   kExists            kCreate and the file exists (without overwrite); or the file is already
    //                      attached in this process by the same owner (the caller decides)
    //   kNotFound          kOpenExisting / kReadOnly and the file (or its folder) is missing
    //   kAttachedElsewhere the file is attached in this process by another owner
    //   kLockedByProcess   another process holds the file
    //   kAccessDenied      file permissions, a read-only file system
    //   kCorrupt           not an LMDB file, a newer LMDB format, or an LMDB file without kDbiName
    //   kReadersFull, kDiskFull, kOutOfMemory, kIoError, kInvalidArgument (bad options)
    static Status Open(const std::string& path, const EnvOptions& options, std::unique_ptr<Env>* result);

    // Closes LMDB, then releases the flock and the registry entry.
    // REQUIRES: every ReadSnapshot of this Env has been destroyed; no call is in flight.
    ~Env();
    Env(const Env&) = delete;
    Env& operator=(const Env&) = delete;

    // Begins a read transaction (MDB_RDONLY): the snapshot is live on return.
    // Errors: kReadersFull (raise EnvOptions::max_readers), kOutOfMemory, kPanic.
    Status NewSnapshot(std::unique_ptr<ReadSnapshot>* result);

    // Applies every batch, in order, in ONE LMDB write transaction begun and committed on the
    // calling thread, after setting the environment's sync flags for `durability`. All or nothing:
    // on any error the transaction is aborted, nothing of any batch is applied, and everything
    // committed earlier is intact. Batches that hold no change commit nothing.
    // Errors:
    //   kMapFull          the database reached its size (map size or max_bytes)
    //   kInvalidArgument  an empty key
    //   kTooLarge         a key longer than MaxKeySize(), or a transaction too large for LMDB
    //   kAccessDenied     the Env is read-only
    //   kDiskFull, kIoError (the commit's write or flush failed), kPanic (reopen the Env)
    // On success *txn_id (when given) receives the LMDB id of the committed transaction: a
    // ReadSnapshot sees these changes exactly when its TxnId() >= that id. Batches whose
    // operations change nothing (deletes of absent keys only) commit no transaction: *txn_id is
    // then the id of the last commit, the one a new snapshot has (LMDB does not advance its id
    // for a transaction that changed no page).
    // Thread safety: concurrent calls are serialized.
    Status ApplyBatch(std::span<const WriteBatch* const> batches, Durability durability,
                      std::uint64_t* txn_id = nullptr);

    // One write transaction begun and committed on the calling thread: `fn` makes its changes
    // through the TxnWriter; an error from `fn` (or from the commit) aborts it, and nothing of it
    // is applied. A transaction that changed nothing commits nothing. Serialized with ApplyBatch.
    // Errors: fn's, and ApplyBatch's.
    Status Write(const std::function<Status(TxnWriter&)>& fn, Durability durability);

    // Flushes the data file (mdb_env_sync(env, 1)): every batch committed before the call is
    // durable on return. A read-only Env has nothing to flush and returns OK.
    // Errors: kIoError, kDiskFull.
    Status Sync();

    // Reads LMDB's environment info and the storage call counter: the number of calls of
    // NewSnapshot, ApplyBatch and Sync on this Env and of Reset, Renew, Get, NewIterator and
    // every iterator move on its snapshots (live or destroyed). Stats itself is not counted.
    // Snapshots count into their own cache line; Stats sums them (under a mutex).
    EnvStats Stats() const;

    // Writes a consistent copy of the database (its last committed transaction) to `fd` through
    // this environment's own read transaction (mdb_env_copyfd2): the file is never opened a
    // second time. `compact` omits free pages (MDB_CP_COMPACT). Writers go on meanwhile.
    // Errors: kDiskFull, kIoError, kReadersFull, kOutOfMemory.
    Status CopyTo(int fd, bool compact);

    // The bytes of the data file LMDB has used so far (its highest page, free pages included).
    std::uint64_t UsedBytes() const;

    // The id of the oldest snapshot any live read transaction holds (LMDB's reader table), or
    // the last committed transaction's id when none is live: every commit at or before it is
    // visible to every present and future snapshot.
    std::uint64_t OldestReaderTxn() const;

    // The longest key LMDB accepts (511 bytes for Debian's build).
    std::size_t MaxKeySize() const { return max_key_size_; }
    const std::string& path() const { return path_; }
    bool read_only() const { return read_only_; }
    const void* owner() const { return owner_; }

    // mdb_env_get_flags, for tests of the durability modes.
    unsigned FlagsForTesting() const;

private:
    friend class ReadSnapshot;
    friend class LmdbIterator;

    Env() = default;
    // Sets the environment's sync flags for `durability`.
    Status SetSyncFlagsLocked(Durability durability) REQUIRES(write_mu_);
    void CountCall() { env_calls_.fetch_add(1, std::memory_order_relaxed); }
    void Register(ReadSnapshot* snapshot);
    void Unregister(ReadSnapshot* snapshot);

    // Constant after Open.
    MDB_env* env_ = nullptr;
    unsigned dbi_ = 0;
    int lock_fd_ = -1;  // our descriptor of the data file, holding the flock
    std::uint64_t dev_ = 0;
    std::uint64_t ino_ = 0;
    std::string path_;
    const void* owner_ = nullptr;
    bool read_only_ = false;
    bool registered_ = false;  // this Env holds the registry entry for (dev_, ino_)
    std::size_t max_key_size_ = 0;

    // Serializes ApplyBatch: the environment flags and the LMDB write transaction.
    Mutex write_mu_;
    int sync_flags_ GUARDED_BY(write_mu_) = 0;  // MDB_NOSYNC / MDB_NOMETASYNC as last set (-1: unknown)

    // Storage call counting. env_calls_ is relaxed; the snapshot list is guarded by snapshots_mu_.
    std::atomic<std::uint64_t> env_calls_{0};
    mutable Mutex snapshots_mu_;
    std::vector<ReadSnapshot*> snapshots_ GUARDED_BY(snapshots_mu_);
};

// A session's read transaction: created once (live), then Reset() and Renew()ed for each new
// snapshot (mdb_txn_reset / mdb_txn_renew keep the reader slot and cost a few ns). It reads the
// database as of the moment it was created or last renewed.
//
// Thread safety: one thread at a time; it may move between threads (MDB_NOTLS) when the caller
// hands it over with a happens-before edge. Values and keys returned point into the map and stay
// valid until the next Reset, Renew or destruction.
class ReadSnapshot {
public:
    // REQUIRES: every iterator of this snapshot has been destroyed.
    ~ReadSnapshot();
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

    // Releases the snapshot (old pages may be reused by writers); keeps the reader slot. Resetting
    // a reset snapshot is a no-op.
    void Reset();
    // Takes a new snapshot of the latest committed state. Renewing a live snapshot resets it first.
    // Errors: kPanic, kIoError (LMDB could not read the meta pages).
    Status Renew();
    // True between creation / Renew and Reset.
    bool live() const { return live_; }
    // The id of the last write transaction this snapshot sees. REQUIRES: live().
    std::uint64_t TxnId() const;

    // Reads `key`; *value stays valid until the next Reset, Renew or destruction.
    // Errors: kNotFound (also for an empty key or one longer than MaxKeySize, which cannot be
    // stored), kInvalidArgument (the snapshot is reset), kCorrupt, kPanic.
    Status Get(std::string_view key, std::string_view* value);

    // An iterator over this snapshot, in memcmp order. It may outlive Reset and Renew: after a
    // Renew it repositions on the new snapshot (its position is lost: Valid() is false until a
    // First, Last or Seek). Its calls return kInvalidArgument while the snapshot is reset.
    // REQUIRES: the iterator is destroyed before the snapshot.
    std::unique_ptr<KvIterator> NewIterator();

private:
    friend class Env;
    friend class LmdbIterator;

    ReadSnapshot(Env* env, MDB_txn* txn) : env_(env), txn_(txn) {}
    // Single writer (the thread using the snapshot), read by Env::Stats: a plain relaxed
    // load-and-store, no locked instruction.
    void CountCall() { calls_.store(calls_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed); }

    Env* const env_;
    MDB_txn* const txn_;
    bool live_ = true;
    std::uint64_t generation_ = 0;  // bumped by Reset and Renew; iterators renew their cursor on a change
    alignas(64) std::atomic<std::uint64_t> calls_{0};  // own cache line: sessions share nothing
};

}  // namespace jetstore::storage
