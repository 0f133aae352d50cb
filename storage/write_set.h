// A transaction's uncommitted writes, one layer per nesting level (ESE save points), and the
// merged view a cursor reads: the layers over a snapshot.
//
// Writes never touch LMDB between calls (ARCHITECTURE.md): JetSetColumn/JetUpdate/JetDelete put
// their effect here; a level-0 commit hands the flattened set to the group committer; rolling
// back a save point drops its layer. A later layer shadows earlier ones and the snapshot; a
// tombstone (nullopt) hides the key below it.
#pragma once

#include "storage/kv_iterator.h"

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jetstore::storage {

class WriteSet {
public:
    using Layer = std::map<std::string, std::optional<std::string>, std::less<>>;

    WriteSet();

    // Save points. There is always at least one layer (the outermost level).
    void PushLevel();
    // Folds the top layer into the one below. REQUIRES: levels() >= 2.
    void CommitLevel();
    // Drops the top layer (the outermost one is only emptied). Returns the bytes released.
    void RollbackLevel();
    // Empties every layer and leaves one.
    void Clear();
    std::size_t levels() const { return layers_.size(); }
    bool empty() const;

    // Into the top layer.
    void Put(std::string_view key, std::string_view value);
    void Delete(std::string_view key);

    enum class Found { kAbsent, kValue, kDeleted };
    // Looks `key` up through the layers, top first. kAbsent: the snapshot decides.
    Found Get(std::string_view key, std::string_view* value) const;

    // Every key's final effect, in key order (nullopt = delete): the batch a level-0 commit applies.
    void ForEach(const std::function<void(const std::string&, const std::optional<std::string>&)>& fn) const;

    // Moves every key's final effect out, in key order, and leaves the write set empty (one layer):
    // the batch of a level-0 commit without copying keys and values.
    void Drain(const std::function<void(std::string&&, std::optional<std::string>&&)>& fn);

    // Bytes of keys and values held in all layers (the version-store budget counts these).
    std::size_t bytes() const { return bytes_; }

    // The merged view of this write set over `base` (a snapshot iterator). A view over a
    // non-empty write set reads it live: later writes show at its next positioning call. Over an
    // empty write set the base iterator itself is returned (scans of unchanged data pay nothing),
    // so a caller that writes makes a new view afterwards.
    // REQUIRES: this write set outlives the returned iterator.
    std::unique_ptr<KvIterator> NewMergedIterator(std::unique_ptr<KvIterator> base) const;

private:
    void Account(const Layer& layer, bool add);

    std::vector<Layer> layers_;
    std::size_t bytes_ = 0;
};

// An iterator over a plain ordered map of committed values (tests and temporary tables).
std::unique_ptr<KvIterator> NewMapIterator(const std::map<std::string, std::string, std::less<>>* map);

}  // namespace jetstore::storage
