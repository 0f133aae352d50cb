// A session's snapshot of one database: an LMDB read transaction and, with the commit log, the
// committed overlay up to a commit seq. Reads merge the two, the overlay's newest version at or
// below the seq winning over LMDB.
//
// WHY THE ORDER OF RENEW IS SAFE
// Renew (1) announces the seq it is about to read at in its registry slot, (2) takes the overlay's
// current version, (3) renews the LMDB read transaction, (4) loads the published commit seq S, and
// (5) starts again from (2) if the version changed meanwhile.
//   - The checkpointer applies only seqs that were published, and retires frozen tables from the
//     version only after their LMDB commit. A version taken at (2) therefore holds every table
//     whose changes LMDB at (3) may lack; tables it lacks are in that LMDB state.
//   - Commits add to the version's active table until a freeze replaces it (a new version): with
//     no version change up to (4), every change up to S is in the version's tables (or in LMDB).
//   - LMDB at (3) holds nothing newer than S: whatever it holds was published before the
//     checkpoint that wrote it, hence before (4).
//   - An overlay version newer than S is skipped by seq, so changes of commits that publish after
//     (4) stay invisible even though the leader may already have added them.
// The registry slot (1) lets the lock table forget conflict stamps no live snapshot can need: it
// is written before S is loaded, so a collector that missed the slot read a published seq that is
// no newer than S (see SnapshotRegistry).
//
// Without the log (JET_paramRecovery "off") a snapshot is the LMDB read transaction alone, and
// its seq is LMDB's transaction id.
//
// Thread safety: one thread at a time, as ReadSnapshot.
#pragma once

#include "storage/env.h"
#include "storage/kv_iterator.h"
#include "storage/mutex.h"
#include "storage/overlay.h"
#include "storage/status.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace jetstore::storage {

class Snapshot;

// The live snapshots of a database and the seqs they read at.
class SnapshotRegistry {
public:
    explicit SnapshotRegistry(const std::atomic<std::uint64_t>* published) : published_(published) {}
    // The oldest seq a live snapshot reads at, or the published seq when none is live: every
    // change committed at or before it is visible to every present and future snapshot.
    std::uint64_t OldestLive() const;

private:
    friend class Snapshot;
    void Register(Snapshot* s);
    void Unregister(Snapshot* s);
    const std::atomic<std::uint64_t>* const published_;
    mutable Mutex mu_;
    std::vector<Snapshot*> snapshots_ GUARDED_BY(mu_);
};

class Snapshot {
public:
    // With the log: reads `overlay` up to the instance's published seq. Without (overlay, published
    // and registry nullptr): LMDB alone.
    Snapshot(std::unique_ptr<ReadSnapshot> lmdb, const Overlay* overlay, const std::atomic<std::uint64_t>* published,
             SnapshotRegistry* registry);
    ~Snapshot();
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;

    // Takes a new snapshot of the latest committed state. Errors: ReadSnapshot::Renew's.
    Status Renew();
    // Releases it (LMDB may reuse old pages; overlay tables may be freed).
    void Reset();
    bool live() const { return lmdb_->live(); }
    // The commit seq the snapshot reads at (LMDB's transaction id without the log). REQUIRES: live().
    std::uint64_t Seq() const { return overlay_ != nullptr ? seq_ : lmdb_->TxnId(); }

    // Reads `key`; *value stays valid until the next Reset, Renew or destruction.
    // Errors: kNotFound; ReadSnapshot::Get's.
    Status Get(std::string_view key, std::string_view* value);
    // An iterator over the merged view, in memcmp order; the contract of ReadSnapshot::NewIterator.
    std::unique_ptr<KvIterator> NewIterator();

    // True when the overlay held nothing this snapshot can see when it was renewed (reads go to
    // LMDB alone).
    bool overlay_empty() const { return overlay_empty_; }

private:
    friend class SnapshotRegistry;
    std::unique_ptr<ReadSnapshot> lmdb_;
    const Overlay* const overlay_;
    const std::atomic<std::uint64_t>* const published_;
    SnapshotRegistry* const registry_;
    std::shared_ptr<const OverlayVersion> version_;
    std::uint64_t seq_ = 0;
    bool overlay_empty_ = true;
    // The seq this snapshot may read at (~0 while reset), for SnapshotRegistry::OldestLive.
    alignas(64) std::atomic<std::uint64_t> announced_{~std::uint64_t{0}};
};

}  // namespace jetstore::storage
