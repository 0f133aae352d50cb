// Who may write what: the write locks of a database that give esent's immediate write conflicts
// (LockTable), and the registry of which sessions have which tables open with which deny bits
// (TableOpens), with their release when a transaction ends.
#pragma once

#include "engine/data.h"
#include "storage/mutex.h"

#include <esent.h>
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace jetstore::engine {

class CallGuard;
struct SessionData;
struct AttachedDatabase;

// Who has which table of an attached database open, and with which deny bits (JetOpenTable's
// JET_bitTableDenyRead / DenyWrite): the checks of JetOpenTable, JetDeleteTable and
// JetRenameTable against every session's cursors. Keyed by the table's object id.
class TableOpens {
public:
    // Registers a cursor of session `owner`. JET_errTableLocked: another session holds the table
    // with DenyRead, or with DenyWrite and this open may write; JET_errTableInUse: the open asks
    // for DenyRead and another session has the table open, or for DenyWrite and another session
    // has it open for writing.
    [[nodiscard]] JET_ERR Open(std::uint32_t objid, std::uint64_t owner, bool deny_read, bool deny_write, bool writes);
    void Close(std::uint32_t objid, std::uint64_t owner, bool deny_read, bool deny_write, bool writes);
    // Whether any cursor (any session) has the table open.
    bool AnyOpen(std::uint32_t objid) const;

private:
    struct Entry {
        std::unordered_map<std::uint64_t, int> opens;    // session -> cursors
        std::unordered_map<std::uint64_t, int> writers;  // session -> cursors that may write
        std::unordered_map<std::uint64_t, int> deny_read;
        std::unordered_map<std::uint64_t, int> deny_write;
    };
    static bool Others(const std::unordered_map<std::uint64_t, int>& m, std::uint64_t me);
    mutable Mutex mu_;
    std::unordered_map<std::uint32_t, Entry> entries_ GUARDED_BY(mu_);
};

// A registration in a database's TableOpens (a cursor's, or a table a transaction deletes or
// renames), dropped with this object.
struct TableOpen {
    std::shared_ptr<TableOpens> opens;
    std::uint32_t objid = 0;
    std::uint64_t owner = 0;
    bool deny_read = false;
    bool deny_write = false;
    bool writes = false;
    TableOpen() = default;
    TableOpen(const TableOpen&) = delete;
    TableOpen& operator=(const TableOpen&) = delete;
    ~TableOpen() {
        if (opens != nullptr) opens->Close(objid, owner, deny_read, deny_write, writes);
    }
};

// The write locks of one database: a record key is locked by the transaction that changed it
// until that transaction ends; a commit records the LMDB transaction that committed it, so a
// transaction whose snapshot is older gets JET_errWriteConflict (esent's snapshot isolation).
class LockTable {
public:
    // Locks `key` for `owner` (a session handle). JET_errWriteConflict when another live
    // transaction holds it, or it was committed after `snapshot_txn`.
    // *acquired (when given) tells whether `owner` did not hold it before.
    [[nodiscard]] JET_ERR Lock(const std::string& key, std::uint64_t owner, std::uint64_t snapshot_txn, bool* acquired = nullptr);
    // A read lock for `reader`: JET_errWriteConflict when another transaction write-locked it.
    [[nodiscard]] JET_ERR ReadLock(const std::string& key, std::uint64_t reader);
    // An escrow lock: compatible with other transactions' escrow locks and with escrow updates
    // committed after `snapshot_txn`; not with others' write locks (either way) nor with any other
    // change committed after `snapshot_txn` ([esent] only two deltas commute).
    // JET_errWriteConflict otherwise.
    [[nodiscard]] JET_ERR EscrowLock(const std::string& key, std::uint64_t owner, std::uint64_t snapshot_txn,
                       bool* acquired = nullptr);
    // True when a transaction other than `me` holds the write lock on `key`.
    bool LockedByOther(const std::string& key, std::uint64_t me) const;
    // True when a transaction other than `me` committed a change of `key` (an escrow update
    // included) after `snapshot_txn`.
    bool ChangedAfter(const std::string& key, std::uint64_t snapshot_txn, std::uint64_t me) const;
    // True when `owner` holds the write lock on `key`.
    bool Owns(const std::string& key, std::uint64_t owner) const;
    // Releases `owner`'s locks on `key`; with `commit_txn` != 0 records that commit.
    void Release(const std::string& key, std::uint64_t owner, std::uint64_t commit_txn);
    // Release for every key of a transaction, under one acquisition of the table's mutex.
    void ReleaseAll(const std::vector<std::string>& keys, std::uint64_t owner, std::uint64_t commit_txn);
    // Drops entries no snapshot can conflict with any more (committed at or before `oldest`).
    void Collect(std::uint64_t oldest_snapshot_txn);
    // The number of entries (approximate while calls run).
    std::size_t size() const { return count_.load(std::memory_order_relaxed); }
    // Whether the table grew enough since the last Collect to scan it again (at least 4096
    // entries, and twice what the last Collect left: entries that old snapshots still need are
    // not rescanned at every commit).
    bool CollectDue() const { return size() > collect_at_.load(std::memory_order_relaxed); }

private:
    struct Entry {
        std::uint64_t owner = 0;
        std::uint64_t commit_txn = 0;         // the last commit of a write lock (any change but escrow)
        std::uint64_t escrow_commit_txn = 0;  // the last commit of escrow updates
        std::vector<std::uint64_t> readers;
        std::vector<std::uint64_t> escrow;
    };
    // The keys are spread over shards by hash, each with its own mutex: sessions writing
    // different records do not queue on one lock (a key's decisions involve its entry alone).
    struct alignas(64) Shard {
        mutable Mutex mu;
        std::unordered_map<std::string, Entry> entries GUARDED_BY(mu);
    };
    static constexpr std::size_t kShards = 16;
    Shard& ShardOf(const std::string& key) { return shards_[std::hash<std::string>{}(key) % kShards]; }
    const Shard& ShardOf(const std::string& key) const { return shards_[std::hash<std::string>{}(key) % kShards]; }
    // The entry of `key`, created when missing (counted).
    Entry& EntryOf(Shard& shard, const std::string& key) REQUIRES(shard.mu);
    void ReleaseLocked(Shard& shard, const std::string& key, std::uint64_t owner, std::uint64_t commit_txn) REQUIRES(shard.mu);

    std::array<Shard, kShards> shards_;
    std::atomic<std::size_t> count_{0};
    std::atomic<std::size_t> collect_at_{4096};
};


LockTable& LocksOf(AttachedDatabase& db);
// Registers an open of table `objid` by session `owner` in `opens` and hands the registration to
// *out. JET_errTableLocked / JET_errTableInUse as TableOpens::Open says.
[[nodiscard]] JET_ERR AcquireTableOpen(const std::shared_ptr<TableOpens>& opens, std::uint32_t objid, std::uint64_t owner,
                         bool deny_read, bool deny_write, bool writes, std::unique_ptr<TableOpen>* out);
// Holds table `objid` against other sessions' opens until the transaction ends (a delete or a
// rename). JET_errTableInUse when another session has it open; JET_errTableLocked when one holds it.
[[nodiscard]] JET_ERR ReserveTable(CallGuard& g, SessionData& d, AttachedDatabase& db, std::uint32_t objid);
// Releases the transaction's write locks (recording `commit_txn` on commit, 0 on rollback).
void ReleaseLocks(CallGuard& g, SessionData& d, std::uint64_t commit_txn);

}  // namespace jetstore::engine
