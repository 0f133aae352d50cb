// One table of the committed overlay: committed changes in memory, each key with its versions,
// ordered by (key ascending, commit seq descending), in a skip list that one writer at a time
// extends while any number of readers read it without a lock.
//
// CONCURRENCY (the invariants readers rely on)
//   1. Nodes are never removed or changed once linked; the table is freed whole, when the last
//      reference (a shared_ptr held by each reader's overlay version) goes.
//   2. A node is fully written before it is linked: the writer fills it, sets its own next
//      pointers (relaxed), then links it into each level bottom-up with a release store.
//      Readers follow next pointers with acquire loads, so a node they reach is complete.
//   3. Levels above the bottom are shortcuts: a reader that misses a node at a high level finds it
//      at a lower one. The height is read relaxed: a stale, lower height only costs steps.
//   4. Add is called by one thread at a time (the commit leader holds the instance's publish
//      lock); entries() and bytes() are counted with release stores after the node is linked,
//      so a reader that sees a count also sees the nodes it counts.
//   5. A Bloom filter (kFilterBits bits, 4 probes) answers most lookups of absent keys without
//      walking the list: Add sets a key's bits (relaxed fetch_or) before it links the node, and a
//      reader only trusts "absent" for versions at or below a seq it learnt of (an acquire load
//      of the instance's published seq) after the commit that set them.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace jetstore::storage {

class MemTable {
public:
    static constexpr int kMaxHeight = 12;

    MemTable();
    ~MemTable();
    MemTable(const MemTable&) = delete;
    MemTable& operator=(const MemTable&) = delete;

    // Adds version `seq` of `key`: its value, or a deletion when `value` is nullptr.
    // REQUIRES: no concurrent Add; (key, seq) not already present.
    void Add(std::string_view key, std::uint64_t seq, const std::string* value);

    enum class Found { kAbsent, kValue, kDeleted };
    // The newest version of `key` with seq <= max_seq. kAbsent when there is none.
    // *value points into the table (valid while the table lives).
    Found Get(std::string_view key, std::uint64_t max_seq, std::string_view* value) const;

    std::size_t entries() const { return entries_.load(std::memory_order_acquire); }
    std::size_t bytes() const { return bytes_.load(std::memory_order_acquire); }
    bool empty() const { return entries() == 0; }

    // One version of a key.
    struct Entry {
        std::string_view key;
        std::uint64_t seq = 0;
        bool deleted = false;
        std::string_view value;
    };
    // The smallest key >= `bound` (> when `strict`) that has a version with seq <= max_seq, and
    // that version. False when there is none.
    bool VisibleAtOrAfter(std::string_view bound, bool strict, std::uint64_t max_seq, Entry* out) const;
    // The largest key <= `bound` (< when `strict`; no bound: the last) with a version <= max_seq.
    bool VisibleAtOrBefore(const std::string_view* bound, bool strict, std::uint64_t max_seq, Entry* out) const;

    // Calls fn(key, seq, value-or-nullptr) for the newest version of every key with seq <= max_seq,
    // in key order (what a checkpoint applies). Stops early when fn returns false.
    template <typename Fn>
    void ForEachNewest(std::uint64_t max_seq, Fn&& fn) const;

    // False when no version of `key` was ever added (a Bloom filter: true may be wrong).
    bool MayContain(std::string_view key) const;

    static constexpr std::size_t kFilterBits = std::size_t{1} << 20;  // 128 KiB per table

private:
    struct Node;
    Node* NewNode(std::string_view key, std::uint64_t seq, const std::string* value, int height);
    int RandomHeight();
    // The first node >= (key, seq) in table order; nullptr when none.
    Node* FindGreaterOrEqual(std::string_view key, std::uint64_t seq, Node** prev) const;
    // The last node whose key is < key (or <= key when inclusive); nullptr when none.
    Node* FindLastBefore(std::string_view key, bool inclusive) const;
    Node* FindLast() const;
    static Entry EntryOf(const Node* n);

    Node* head_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> filter_;  // kFilterBits bits
    std::atomic<int> height_{1};
    std::atomic<std::size_t> entries_{0};
    std::atomic<std::size_t> bytes_{0};
    std::uint64_t rng_ = 0x9E3779B97F4A7C15ull;  // the writer's
    // The arena: nodes live in blocks freed with the table. Touched only by the writer.
    std::vector<std::unique_ptr<char[]>> blocks_;
    char* block_ptr_ = nullptr;
    std::size_t block_left_ = 0;
    char* Allocate(std::size_t n);
};

struct MemTable::Node {
    std::uint64_t seq;
    std::uint32_t key_size;
    std::uint32_t value_size;
    bool deleted;
    const char* key_data;
    const char* value_data;
    std::atomic<Node*> next[1];  // `height` of them, allocated with the node

    std::string_view key() const { return {key_data, key_size}; }
    Node* Next(int level) const { return next[level].load(std::memory_order_acquire); }
};

template <typename Fn>
void MemTable::ForEachNewest(std::uint64_t max_seq, Fn&& fn) const {
    std::string_view last_key;
    bool have_last = false;
    for (Node* n = head_->Next(0); n != nullptr; n = n->Next(0)) {
        if (n->seq > max_seq) continue;
        if (have_last && n->key() == last_key) continue;  // an older version of a key already given
        have_last = true;
        last_key = n->key();
        const std::string_view v(n->value_data, n->value_size);
        if (!fn(n->key(), n->seq, n->deleted ? nullptr : &v)) return;
    }
}

}  // namespace jetstore::storage
