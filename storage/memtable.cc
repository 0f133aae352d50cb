#include "storage/memtable.h"

#include <xxhash.h>

#include <cstring>
#include <new>

namespace jetstore::storage {
namespace {

constexpr std::size_t kBlockSize = 256 * 1024;

// Table order: key ascending, then seq descending (newest version first).
int Compare(std::string_view node_key, std::uint64_t node_seq, std::string_view key, std::uint64_t seq) {
    const int c = node_key.compare(key);
    if (c != 0) return c;
    if (node_seq > seq) return -1;
    if (node_seq < seq) return 1;
    return 0;
}

}  // namespace

MemTable::MemTable() : filter_(new std::atomic<std::uint64_t>[kFilterBits / 64]) {
    for (std::size_t i = 0; i < kFilterBits / 64; ++i) filter_[i].store(0, std::memory_order_relaxed);
    head_ = NewNode({}, 0, nullptr, kMaxHeight);
}

namespace {

// The filter's probes of a key: double hashing over one 64-bit XXH3.
template <typename Fn>
void Probes(std::string_view key, Fn&& fn) {
    const std::uint64_t h = XXH3_64bits(key.data(), key.size());
    const std::uint64_t delta = (h >> 33) | 1;
    std::uint64_t x = h;
    for (int i = 0; i < 4; ++i, x += delta) fn(x & (MemTable::kFilterBits - 1));
}

}  // namespace

bool MemTable::MayContain(std::string_view key) const {
    bool all = true;
    Probes(key, [&](std::uint64_t bit) {
        all = all && (filter_[bit / 64].load(std::memory_order_relaxed) & (std::uint64_t{1} << (bit % 64))) != 0;
    });
    return all;
}

MemTable::~MemTable() = default;  // the arena frees every node

char* MemTable::Allocate(std::size_t n) {
    n = (n + alignof(Node) - 1) & ~(alignof(Node) - 1);
    if (n > block_left_) {
        const std::size_t size = n > kBlockSize / 4 ? n : kBlockSize;
        blocks_.push_back(std::make_unique<char[]>(size));
        if (size != kBlockSize) {
            // A large node gets its own block; the current one keeps serving small ones.
            return blocks_.back().get();
        }
        block_ptr_ = blocks_.back().get();
        block_left_ = size;
    }
    char* p = block_ptr_;
    block_ptr_ += n;
    block_left_ -= n;
    return p;
}

MemTable::Node* MemTable::NewNode(std::string_view key, std::uint64_t seq, const std::string* value, int height) {
    const std::size_t node_bytes = sizeof(Node) + sizeof(std::atomic<Node*>) * static_cast<std::size_t>(height - 1);
    const std::size_t value_size = value != nullptr ? value->size() : 0;
    char* mem = Allocate(node_bytes + key.size() + value_size);
    Node* n = new (mem) Node;
    for (int i = 1; i < height; ++i) new (&n->next[i]) std::atomic<Node*>(nullptr);
    n->next[0].store(nullptr, std::memory_order_relaxed);
    char* data = mem + node_bytes;
    if (!key.empty()) std::memcpy(data, key.data(), key.size());
    if (value_size != 0) std::memcpy(data + key.size(), value->data(), value_size);
    n->seq = seq;
    n->key_size = static_cast<std::uint32_t>(key.size());
    n->value_size = static_cast<std::uint32_t>(value_size);
    n->deleted = value == nullptr;
    n->key_data = data;
    n->value_data = data + key.size();
    return n;
}

int MemTable::RandomHeight() {
    int h = 1;
    // xorshift64: each level with probability 1/4.
    while (h < kMaxHeight) {
        rng_ ^= rng_ << 13;
        rng_ ^= rng_ >> 7;
        rng_ ^= rng_ << 17;
        if ((rng_ & 3) != 0) break;
        ++h;
    }
    return h;
}

MemTable::Node* MemTable::FindGreaterOrEqual(std::string_view key, std::uint64_t seq, Node** prev) const {
    Node* x = head_;
    int level = height_.load(std::memory_order_relaxed) - 1;
    for (;;) {
        Node* next = x->Next(level);
        if (next != nullptr && Compare(next->key(), next->seq, key, seq) < 0) {
            x = next;
            continue;
        }
        if (prev != nullptr) prev[level] = x;
        if (level == 0) return next;
        --level;
    }
}

MemTable::Node* MemTable::FindLastBefore(std::string_view key, bool inclusive) const {
    Node* x = head_;
    int level = height_.load(std::memory_order_relaxed) - 1;
    for (;;) {
        Node* next = x->Next(level);
        const bool before = next != nullptr && (inclusive ? next->key() <= key : next->key() < key);
        if (before) {
            x = next;
            continue;
        }
        if (level == 0) return x == head_ ? nullptr : x;
        --level;
    }
}

MemTable::Node* MemTable::FindLast() const {
    Node* x = head_;
    int level = height_.load(std::memory_order_relaxed) - 1;
    for (;;) {
        Node* next = x->Next(level);
        if (next != nullptr) {
            x = next;
            continue;
        }
        if (level == 0) return x == head_ ? nullptr : x;
        --level;
    }
}

void MemTable::Add(std::string_view key, std::uint64_t seq, const std::string* value) {
    Probes(key, [&](std::uint64_t bit) {
        filter_[bit / 64].fetch_or(std::uint64_t{1} << (bit % 64), std::memory_order_relaxed);
    });
    Node* prev[kMaxHeight];
    FindGreaterOrEqual(key, seq, prev);
    const int h = RandomHeight();
    const int old = height_.load(std::memory_order_relaxed);
    if (h > old) {
        for (int i = old; i < h; ++i) prev[i] = head_;
        // Readers that see the new height before the links find nullptr at the new levels of
        // head_ and step down (invariant 3).
        height_.store(h, std::memory_order_relaxed);
    }
    Node* n = NewNode(key, seq, value, h);
    for (int i = 0; i < h; ++i) {
        n->next[i].store(prev[i]->next[i].load(std::memory_order_relaxed), std::memory_order_relaxed);
        prev[i]->next[i].store(n, std::memory_order_release);
    }
    bytes_.store(bytes_.load(std::memory_order_relaxed) + key.size() + (value != nullptr ? value->size() : 0) +
                     sizeof(Node),
                 std::memory_order_release);
    entries_.store(entries_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
}

MemTable::Found MemTable::Get(std::string_view key, std::uint64_t max_seq, std::string_view* value) const {
    if (!MayContain(key)) return Found::kAbsent;
    const Node* n = FindGreaterOrEqual(key, max_seq, nullptr);
    if (n == nullptr || n->key() != key) return Found::kAbsent;
    if (n->deleted) return Found::kDeleted;
    *value = std::string_view(n->value_data, n->value_size);
    return Found::kValue;
}

MemTable::Entry MemTable::EntryOf(const Node* n) {
    return Entry{n->key(), n->seq, n->deleted, std::string_view(n->value_data, n->value_size)};
}

bool MemTable::VisibleAtOrAfter(std::string_view bound, bool strict, std::uint64_t max_seq, Entry* out) const {
    Node* n = strict ? FindLastBefore(bound, true) : nullptr;
    n = strict ? (n == nullptr ? head_->Next(0) : n->Next(0)) : FindGreaterOrEqual(bound, ~std::uint64_t{0}, nullptr);
    while (n != nullptr) {
        // n is the newest version of its key: skip versions newer than max_seq.
        const std::string_view k = n->key();
        Node* v = n;
        while (v != nullptr && v->key() == k && v->seq > max_seq) v = v->Next(0);
        if (v != nullptr && v->key() == k) {
            *out = EntryOf(v);
            return true;
        }
        n = v;  // the first version of the next key (or nullptr)
    }
    return false;
}

bool MemTable::VisibleAtOrBefore(const std::string_view* bound, bool strict, std::uint64_t max_seq,
                                 Entry* out) const {
    Node* last = bound == nullptr ? FindLast() : FindLastBefore(*bound, !strict);
    while (last != nullptr) {
        // `last` is the oldest version of its key; the newest visible one is found from the top.
        const std::string_view k = last->key();
        const Node* v = FindGreaterOrEqual(k, max_seq, nullptr);
        if (v != nullptr && v->key() == k) {
            *out = EntryOf(v);
            return true;
        }
        last = FindLastBefore(k, false);
    }
    return false;
}

}  // namespace jetstore::storage
