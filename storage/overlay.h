// The committed overlay of one database: every commit not yet checkpointed into its LMDB
// environment, versioned by commit seq, read by snapshots together with LMDB.
//
// TABLES AND VERSIONS
// The overlay is a list of memtables, newest first: the active one that commits go into, and
// frozen ones that the checkpointer is applying or has yet to apply. A version is an immutable
// list of them; readers hold a version (shared_ptr) for the life of their snapshot, so a table is
// freed only when no snapshot can need it. The version changes when the checkpointer freezes the
// active table (a new empty one becomes active) and when it has applied frozen tables to LMDB
// (they leave the list). Commits do not change the version: they add to the active table.
//
// WHO CALLS WHAT
//   Add          the commit leader, holding the instance's publish lock (one writer at a time)
//   Freeze       the checkpointer, holding the same lock (so a freeze falls between commits)
//   Retire       the checkpointer, after the frozen tables' LMDB commit
//   Current      any thread
#pragma once

#include "storage/memtable.h"
#include "storage/mutex.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace jetstore::storage {

struct OverlayVersion {
    std::uint64_t number = 0;
    std::vector<std::shared_ptr<MemTable>> tables;  // newest first; tables[0] is the active one
};

class Overlay {
public:
    Overlay();
    Overlay(const Overlay&) = delete;
    Overlay& operator=(const Overlay&) = delete;

    // REQUIRES: the publish lock (see above).
    void Add(std::string_view key, std::uint64_t seq, const std::string* value);

    // Makes the active table frozen (when it holds anything) and starts a new one; returns the
    // frozen tables not yet retired, oldest first. REQUIRES: the publish lock.
    std::vector<std::shared_ptr<MemTable>> Freeze();
    // Drops `tables` (applied to LMDB) from the list.
    void Retire(const std::vector<std::shared_ptr<MemTable>>& tables);

    std::shared_ptr<const OverlayVersion> Current() const;
    // The number of the current version: a reader whose version has this number holds it already.
    std::uint64_t version_number() const { return version_number_.load(std::memory_order_acquire); }

    // Bytes and entries held by every table of the current version.
    std::size_t bytes() const;
    std::size_t entries() const;

private:
    void PublishLocked(std::vector<std::shared_ptr<MemTable>> tables) REQUIRES(mu_);

    mutable Mutex mu_;
    std::shared_ptr<const OverlayVersion> current_ GUARDED_BY(mu_);
    // Written by Freeze (under the committer's publish lock and mu_), read by Add (under the
    // publish lock): the publish lock is another object's, which Clang's annotations cannot name.
    std::shared_ptr<MemTable> active_;
    std::atomic<std::uint64_t> version_number_{0};
};

}  // namespace jetstore::storage
