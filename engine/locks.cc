// The lock table of an attached database: write locks, read locks and escrow locks that decide
// esent's write conflicts; the registry of open tables; their release when a transaction ends.
#include "engine/locks.h"

#include "engine/table_common.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <unordered_map>

namespace jetstore::engine {

// ---- the lock table --------------------------------------------------------------------------

LockTable::Entry& LockTable::EntryOf(Shard& shard, const std::string& key) {
    auto [it, inserted] = shard.entries.try_emplace(key);
    if (inserted) count_.fetch_add(1, std::memory_order_relaxed);
    return it->second;
}

JET_ERR LockTable::Lock(const std::string& key, std::uint64_t owner, std::uint64_t snapshot_txn, bool* acquired) {
    Shard& shard = ShardOf(key);
    MutexLock lock(&shard.mu);
    Entry& e = EntryOf(shard, key);
    if (acquired != nullptr) *acquired = e.owner != owner;
    if (e.owner != 0 && e.owner != owner) return JET_errWriteConflict;
    for (const std::uint64_t r : e.readers) {
        if (r != owner) return JET_errWriteConflict;  // read locks block others' write locks
    }
    for (const std::uint64_t r : e.escrow) {
        if (r != owner) return JET_errWriteConflict;  // so do others' escrow updates
    }
    if (e.owner != owner && std::max(e.commit_txn, e.escrow_commit_txn) > snapshot_txn) {
        return JET_errWriteConflict;  // changed by a commit after our snapshot
    }
    e.owner = owner;
    return JET_errSuccess;
}

JET_ERR LockTable::ReadLock(const std::string& key, std::uint64_t reader) {
    Shard& shard = ShardOf(key);
    MutexLock lock(&shard.mu);
    Entry& e = EntryOf(shard, key);
    if (e.owner != 0 && e.owner != reader) return JET_errWriteConflict;
    if (std::find(e.readers.begin(), e.readers.end(), reader) == e.readers.end()) e.readers.push_back(reader);
    return JET_errSuccess;
}

bool LockTable::LockedByOther(const std::string& key, std::uint64_t me) const {
    const Shard& shard = ShardOf(key);
    MutexLock lock(&shard.mu);
    auto it = shard.entries.find(key);
    return it != shard.entries.end() && it->second.owner != 0 && it->second.owner != me;
}

bool LockTable::ChangedAfter(const std::string& key, std::uint64_t snapshot_txn, std::uint64_t me) const {
    const Shard& shard = ShardOf(key);
    MutexLock lock(&shard.mu);
    auto it = shard.entries.find(key);
    if (it == shard.entries.end() || it->second.owner == me) return false;  // its own change
    return std::max(it->second.commit_txn, it->second.escrow_commit_txn) > snapshot_txn;
}

bool LockTable::Owns(const std::string& key, std::uint64_t owner) const {
    const Shard& shard = ShardOf(key);
    MutexLock lock(&shard.mu);
    auto it = shard.entries.find(key);
    return it != shard.entries.end() && it->second.owner == owner;
}

JET_ERR LockTable::EscrowLock(const std::string& key, std::uint64_t owner, std::uint64_t snapshot_txn,
                              bool* acquired) {
    Shard& shard = ShardOf(key);
    MutexLock lock(&shard.mu);
    Entry& e = EntryOf(shard, key);
    if (e.owner != 0 && e.owner != owner) return JET_errWriteConflict;
    if (e.owner != owner && e.commit_txn > snapshot_txn) return JET_errWriteConflict;  // not a delta
    const bool fresh = std::find(e.escrow.begin(), e.escrow.end(), owner) == e.escrow.end();
    if (fresh) e.escrow.push_back(owner);
    if (acquired != nullptr) *acquired = fresh && e.owner != owner;
    return JET_errSuccess;
}

void LockTable::Release(const std::string& key, std::uint64_t owner, std::uint64_t commit_txn) {
    Shard& shard = ShardOf(key);
    MutexLock lock(&shard.mu);
    ReleaseLocked(shard, key, owner, commit_txn);
}

void LockTable::ReleaseAll(const std::vector<std::string>& keys, std::uint64_t owner, std::uint64_t commit_txn) {
    for (const std::string& key : keys) Release(key, owner, commit_txn);
}

void LockTable::ReleaseLocked(Shard& shard, const std::string& key, std::uint64_t owner, std::uint64_t commit_txn) {
    auto it = shard.entries.find(key);
    if (it == shard.entries.end()) return;
    std::erase(it->second.readers, owner);
    if (std::erase(it->second.escrow, owner) > 0 && commit_txn != 0) it->second.escrow_commit_txn = commit_txn;
    if (it->second.owner == owner) {
        it->second.owner = 0;
        if (commit_txn != 0) it->second.commit_txn = commit_txn;
    }
    if (it->second.owner == 0 && it->second.commit_txn == 0 && it->second.escrow_commit_txn == 0 &&
        it->second.readers.empty() && it->second.escrow.empty()) {
        shard.entries.erase(it);
        count_.fetch_sub(1, std::memory_order_relaxed);
    }
}

void LockTable::Collect(std::uint64_t oldest_snapshot_txn) {
    for (Shard& shard : shards_) {
        MutexLock lock(&shard.mu);
        const std::size_t erased = std::erase_if(shard.entries, [&](const auto& kv) {
            return kv.second.owner == 0 && kv.second.readers.empty() && kv.second.escrow.empty() &&
                   std::max(kv.second.commit_txn, kv.second.escrow_commit_txn) <= oldest_snapshot_txn;
        });
        count_.fetch_sub(erased, std::memory_order_relaxed);
    }
    collect_at_.store(std::max<std::size_t>(4096, 2 * size()), std::memory_order_relaxed);
}

LockTable& LocksOf(AttachedDatabase& db) { return *db.locks; }

// ---- who has which table open ----------------------------------------------------------------

bool TableOpens::Others(const std::unordered_map<std::uint64_t, int>& m, std::uint64_t me) {
    for (const auto& [owner, n] : m) {
        if (owner != me && n > 0) return true;
    }
    return false;
}

JET_ERR TableOpens::Open(std::uint32_t objid, std::uint64_t owner, bool deny_read, bool deny_write, bool writes) {
    MutexLock lock(&mu_);
    Entry& e = entries_[objid];
    if (Others(e.deny_read, owner) || (writes && Others(e.deny_write, owner))) return JET_errTableLocked;
    if ((deny_read && Others(e.opens, owner)) || (deny_write && Others(e.writers, owner))) {
        return JET_errTableInUse;
    }
    ++e.opens[owner];
    if (writes) ++e.writers[owner];
    if (deny_read) ++e.deny_read[owner];
    if (deny_write) ++e.deny_write[owner];
    return JET_errSuccess;
}

void TableOpens::Close(std::uint32_t objid, std::uint64_t owner, bool deny_read, bool deny_write, bool writes) {
    MutexLock lock(&mu_);
    auto it = entries_.find(objid);
    if (it == entries_.end()) return;
    Entry& e = it->second;
    auto drop = [owner](std::unordered_map<std::uint64_t, int>& m) {
        auto o = m.find(owner);
        if (o != m.end() && --o->second <= 0) m.erase(o);
    };
    drop(e.opens);
    if (writes) drop(e.writers);
    if (deny_read) drop(e.deny_read);
    if (deny_write) drop(e.deny_write);
    if (e.opens.empty()) entries_.erase(it);
}

bool TableOpens::AnyOpen(std::uint32_t objid) const {
    MutexLock lock(&mu_);
    auto it = entries_.find(objid);
    return it != entries_.end() && !it->second.opens.empty();
}

JET_ERR AcquireTableOpen(const std::shared_ptr<TableOpens>& opens, std::uint32_t objid, std::uint64_t owner,
                         bool deny_read, bool deny_write, bool writes, std::unique_ptr<TableOpen>* out) {
    const JET_ERR err = opens->Open(objid, owner, deny_read, deny_write, writes);
    if (err < 0) return err;
    auto reg = std::make_unique<TableOpen>();
    reg->opens = opens;
    reg->objid = objid;
    reg->owner = owner;
    reg->deny_read = deny_read;
    reg->deny_write = deny_write;
    reg->writes = writes;
    *out = std::move(reg);
    return JET_errSuccess;
}

JET_ERR ReserveTable(CallGuard& g, SessionData& d, AttachedDatabase& db, std::uint32_t objid) {
    if (db.opens == nullptr) return JET_errSuccess;
    std::unique_ptr<TableOpen> reg;
    const JET_ERR err = AcquireTableOpen(db.opens, objid, g.sesid(), true, true, true, &reg);
    if (err < 0) return err;
    d.reserved.push_back(std::move(reg));
    return JET_errSuccess;
}

void ReleaseLocks(CallGuard& g, SessionData& d, std::uint64_t commit_txn) {
    for (auto& [dbid, odb] : d.dbs) {
        if (odb.locked.empty() || odb.db == nullptr) continue;
        LockTable& locks = LocksOf(*odb.db);
        locks.ReleaseAll(odb.locked, g.sesid(), commit_txn);
        // Entries no present or future snapshot can conflict with: keep the table small.
        if (locks.CollectDue()) {
            locks.Collect(odb.db->registry != nullptr ? odb.db->registry->OldestLive() : odb.db->env->OldestReaderTxn());
        }
        odb.locked.clear();
    }
    d.reserved.clear();  // tables it deleted or renamed: others may open (or not find) them now
    for (const auto& [dbid, key] : d.read_locked) {
        auto it = d.dbs.find(dbid);
        if (it != d.dbs.end()) LocksOf(*it->second.db).Release(key, g.sesid(), 0);
    }
    d.read_locked.clear();
}

}  // namespace jetstore::engine
