#include "storage/snapshot.h"

#include <algorithm>

namespace jetstore::storage {

// ---- the registry --------------------------------------------------------------------------

void SnapshotRegistry::Register(Snapshot* s) {
    MutexLock lock(&mu_);
    snapshots_.push_back(s);
}

void SnapshotRegistry::Unregister(Snapshot* s) {
    MutexLock lock(&mu_);
    std::erase(snapshots_, s);
}

std::uint64_t SnapshotRegistry::OldestLive() const {
    // The published seq first, then the slots (both sequentially consistent, as the announcing
    // store in Snapshot::Renew): a snapshot whose announcement this scan misses loads its seq
    // after this load, so it reads at a seq no older than `oldest`.
    std::uint64_t oldest = published_->load(std::memory_order_seq_cst);
    MutexLock lock(&mu_);
    for (const Snapshot* s : snapshots_) oldest = std::min(oldest, s->announced_.load(std::memory_order_seq_cst));
    return oldest;
}

// ---- the merged view -----------------------------------------------------------------------

namespace {

// The overlay's tables up to `seq` over an LMDB iterator. Every positioning call resolves from
// scratch: forward, the smallest visible key >= (or >) a bound across the tables and LMDB;
// backward, the largest. A key in the tables shadows LMDB's; its newest version decides, and a
// deletion hides the key.
class OverlayIterator final : public KvIterator {
public:
    OverlayIterator(std::shared_ptr<const OverlayVersion> version, std::uint64_t seq, std::unique_ptr<KvIterator> base)
        : version_(std::move(version)), seq_(seq), base_(std::move(base)) {}

    bool Valid() const override { return valid_; }
    std::string_view key() const override { return key_; }
    std::string_view value() const override { return value_; }

    Status First() override { return Forward(std::string(), false); }
    Status Last() override { return Backward(nullptr, false); }
    Status SeekGE(std::string_view target) override { return Forward(std::string(target), false); }
    Status SeekLE(std::string_view target) override {
        const std::string t(target);
        return Backward(&t, false);
    }
    Status Next() override {
        if (!valid_) return Status::Ok();
        return Forward(key_, true);
    }
    Status Prev() override {
        if (!valid_) return Status::Ok();
        const std::string t = key_;
        return Backward(&t, true);
    }

private:
    // The newest version of `k` at or below seq_ across the tables; false when none has one.
    bool Resolve(std::string_view k, bool* deleted, std::string_view* value) const {
        for (const auto& t : version_->tables) {
            const MemTable::Found f = t->Get(k, seq_, value);
            if (f == MemTable::Found::kAbsent) continue;
            *deleted = f == MemTable::Found::kDeleted;
            return true;
        }
        return false;
    }

    Status Forward(std::string bound, bool strict) {
        for (;;) {
            Status s;
            if (strict) {
                std::string after = bound;
                after.push_back('\0');
                s = base_->SeekGE(after);
            } else {
                s = base_->SeekGE(bound);
            }
            if (!s.ok()) return Fail(std::move(s));
            bool have = false;
            MemTable::Entry best;
            for (const auto& t : version_->tables) {
                MemTable::Entry e;
                if (t->VisibleAtOrAfter(bound, strict, seq_, &e) && (!have || e.key < best.key)) {
                    best = e;
                    have = true;
                }
            }
            const bool have_base = base_->Valid();
            if (!have && !have_base) return Invalid();
            if (have && (!have_base || best.key <= base_->key())) {
                bool deleted = false;
                std::string_view v;
                Resolve(best.key, &deleted, &v);
                if (deleted) {
                    bound.assign(best.key);
                    strict = true;
                    continue;
                }
                return Land(best.key, v);
            }
            return Land(base_->key(), base_->value());
        }
    }

    Status Backward(const std::string* bound_in, bool strict) {
        std::string bound = bound_in != nullptr ? *bound_in : std::string();
        bool has_bound = bound_in != nullptr;
        for (;;) {
            Status s = has_bound ? base_->SeekLE(bound) : base_->Last();
            if (!s.ok()) return Fail(std::move(s));
            if (strict && base_->Valid() && base_->key() == bound) {
                s = base_->Prev();
                if (!s.ok()) return Fail(std::move(s));
            }
            bool have = false;
            MemTable::Entry best;
            const std::string_view b(bound);
            for (const auto& t : version_->tables) {
                MemTable::Entry e;
                if (t->VisibleAtOrBefore(has_bound ? &b : nullptr, strict, seq_, &e) && (!have || e.key > best.key)) {
                    best = e;
                    have = true;
                }
            }
            const bool have_base = base_->Valid();
            if (!have && !have_base) return Invalid();
            if (have && (!have_base || best.key >= base_->key())) {
                bool deleted = false;
                std::string_view v;
                Resolve(best.key, &deleted, &v);
                if (deleted) {
                    bound.assign(best.key);
                    has_bound = true;
                    strict = true;
                    continue;
                }
                return Land(best.key, v);
            }
            return Land(base_->key(), base_->value());
        }
    }

    Status Land(std::string_view k, std::string_view v) {
        key_.assign(k);
        value_.assign(v);
        valid_ = true;
        return Status::Ok();
    }
    Status Invalid() {
        valid_ = false;
        return Status::Ok();
    }
    Status Fail(Status s) {
        valid_ = false;
        return s;
    }

    const std::shared_ptr<const OverlayVersion> version_;
    const std::uint64_t seq_;
    std::unique_ptr<KvIterator> base_;
    bool valid_ = false;
    std::string key_;
    std::string value_;
};

}  // namespace

// ---- the snapshot --------------------------------------------------------------------------

Snapshot::Snapshot(std::unique_ptr<ReadSnapshot> lmdb, const Overlay* overlay,
                   const std::atomic<std::uint64_t>* published, SnapshotRegistry* registry)
    : lmdb_(std::move(lmdb)), overlay_(overlay), published_(published), registry_(registry) {
    if (registry_ != nullptr) registry_->Register(this);
}

Snapshot::~Snapshot() {
    if (registry_ != nullptr) registry_->Unregister(this);
}

Status Snapshot::Renew() {
    if (overlay_ == nullptr) return lmdb_->Renew();
    // (1) announce, (2) version, (3) LMDB, (4) seq: the header explains the order. A version change
    // between (2) and (4) (a freeze or a retirement racing the renewal) takes the snapshot again:
    // with none, every change up to the seq is in the version's tables or in LMDB.
    announced_.store(published_->load(std::memory_order_seq_cst), std::memory_order_seq_cst);
    for (;;) {
        const std::uint64_t number = overlay_->version_number();
        if (version_ == nullptr || version_->number != number) version_ = overlay_->Current();
        Status s = lmdb_->Renew();
        if (!s.ok()) {
            announced_.store(~std::uint64_t{0}, std::memory_order_release);
            return s;
        }
        seq_ = published_->load(std::memory_order_seq_cst);
        if (overlay_->version_number() == version_->number) break;
    }
    overlay_empty_ = true;
    for (const auto& t : version_->tables) overlay_empty_ = overlay_empty_ && t->empty();
    return Status::Ok();
}

void Snapshot::Reset() {
    lmdb_->Reset();
    if (overlay_ == nullptr) return;
    announced_.store(~std::uint64_t{0}, std::memory_order_release);
    // A reset snapshot keeps its version only while it is current: an idle session must not pin
    // tables the checkpointer has retired.
    if (version_ != nullptr && version_->number != overlay_->version_number()) version_.reset();
}

Status Snapshot::Get(std::string_view key, std::string_view* value) {
    if (overlay_ != nullptr && !overlay_empty_) {
        for (const auto& t : version_->tables) {
            const MemTable::Found f = t->Get(key, seq_, value);
            if (f == MemTable::Found::kValue) return Status::Ok();
            if (f == MemTable::Found::kDeleted) return Status::Error(Code::kNotFound);
        }
    }
    return lmdb_->Get(key, value);
}

std::unique_ptr<KvIterator> Snapshot::NewIterator() {
    auto base = lmdb_->NewIterator();
    if (overlay_ == nullptr || overlay_empty_) return base;
    return std::make_unique<OverlayIterator>(version_, seq_, std::move(base));
}

}  // namespace jetstore::storage
