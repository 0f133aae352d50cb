#include "storage/write_set.h"

#include <utility>

namespace jetstore::storage {

WriteSet::WriteSet() : layers_(1) {}

void WriteSet::Account(const Layer& layer, bool add) {
    for (const auto& [k, v] : layer) {
        const std::size_t n = k.size() + (v ? v->size() : 0);
        bytes_ = add ? bytes_ + n : bytes_ - n;
    }
}

void WriteSet::PushLevel() { layers_.emplace_back(); }

void WriteSet::CommitLevel() {
    Layer top = std::move(layers_.back());
    layers_.pop_back();
    Layer& below = layers_.back();
    for (auto& [k, v] : top) {
        auto it = below.find(k);
        if (it != below.end()) {
            bytes_ -= it->first.size() + (it->second ? it->second->size() : 0);
            it->second = std::move(v);
        } else {
            below.emplace(k, std::move(v));
        }
    }
}

void WriteSet::RollbackLevel() {
    Account(layers_.back(), false);
    if (layers_.size() > 1) {
        layers_.pop_back();
    } else {
        layers_.back().clear();
    }
}

void WriteSet::Clear() {
    layers_.clear();
    layers_.emplace_back();
    bytes_ = 0;
}

bool WriteSet::empty() const {
    for (const Layer& l : layers_) {
        if (!l.empty()) return false;
    }
    return true;
}

void WriteSet::Put(std::string_view key, std::string_view value) {
    Layer& top = layers_.back();
    auto it = top.lower_bound(key);  // one descent serves both the lookup and the insert
    if (it == top.end() || it->first != key) {
        top.emplace_hint(it, std::string(key), std::string(value));
        bytes_ += key.size() + value.size();
        return;
    }
    bytes_ -= it->second ? it->second->size() : 0;
    if (it->second) {
        it->second->assign(value);  // reuses the buffer
    } else {
        it->second.emplace(value);
    }
    bytes_ += value.size();
}

void WriteSet::Delete(std::string_view key) {
    Layer& top = layers_.back();
    auto it = top.lower_bound(key);
    if (it == top.end() || it->first != key) {
        top.emplace_hint(it, std::string(key), std::nullopt);
        bytes_ += key.size();
        return;
    }
    bytes_ -= it->second ? it->second->size() : 0;
    it->second.reset();
}

WriteSet::Found WriteSet::Get(std::string_view key, std::string_view* value) const {
    for (auto layer = layers_.rbegin(); layer != layers_.rend(); ++layer) {
        auto it = layer->find(key);
        if (it == layer->end()) continue;
        if (!it->second) return Found::kDeleted;
        *value = *it->second;
        return Found::kValue;
    }
    return Found::kAbsent;
}

void WriteSet::ForEach(const std::function<void(const std::string&, const std::optional<std::string>&)>& fn) const {
    if (layers_.size() == 1) {
        for (const auto& [k, v] : layers_[0]) fn(k, v);
        return;
    }
    Layer flat;
    for (const Layer& l : layers_) {
        for (const auto& [k, v] : l) flat.insert_or_assign(k, v);
    }
    for (const auto& [k, v] : flat) fn(k, v);
}

void WriteSet::Drain(const std::function<void(std::string&&, std::optional<std::string>&&)>& fn) {
    while (layers_.size() > 1) CommitLevel();
    Layer& layer = layers_.front();
    while (!layer.empty()) {
        auto node = layer.extract(layer.begin());
        fn(std::move(node.key()), std::move(node.mapped()));
    }
    bytes_ = 0;
}

namespace {

// The merged view. Every positioning call resolves from scratch against the current layers and
// the base: forward, the smallest visible key >= (or >) a bound; backward, the largest <= (or <).
// A write-set entry shadows the base entry with the same key; a tombstone hides it. The smallest
// key strictly greater than k in memcmp order is k + '\0', which gives the strict forward bound.
class MergedIterator final : public KvIterator {
public:
    MergedIterator(const std::vector<WriteSet::Layer>* layers, std::unique_ptr<KvIterator> base)
        : layers_(layers), base_(std::move(base)) {}

    bool Valid() const override { return valid_; }
    std::string_view key() const override { return key_; }
    std::string_view value() const override { return value_; }

    Status First() override { return Forward(std::string()); }
    Status Last() override { return Backward(nullptr, false); }
    Status SeekGE(std::string_view target) override { return Forward(std::string(target)); }
    Status SeekLE(std::string_view target) override {
        const std::string t(target);
        return Backward(&t, false);
    }
    Status Next() override {
        std::string t = key_;
        t.push_back('\0');
        return Forward(std::move(t));
    }
    Status Prev() override {
        const std::string t = key_;
        return Backward(&t, true);
    }

private:
    // The write set's effect at the smallest key >= bound across layers (top layer wins).
    const std::pair<const std::string, std::optional<std::string>>* SmallestAtOrAfter(const std::string& bound) const {
        const std::pair<const std::string, std::optional<std::string>>* best = nullptr;
        for (const WriteSet::Layer& l : *layers_) {  // bottom to top: a later equal key wins
            auto it = l.lower_bound(bound);
            if (it != l.end() && (best == nullptr || it->first <= best->first)) best = &*it;
        }
        return best;
    }

    // The write set's effect at the largest key <= bound (or < bound when strict; no bound = last).
    const std::pair<const std::string, std::optional<std::string>>* LargestAtOrBefore(const std::string* bound,
                                                                                      bool strict) const {
        const std::pair<const std::string, std::optional<std::string>>* best = nullptr;
        for (const WriteSet::Layer& l : *layers_) {
            auto it = bound == nullptr ? l.end() : (strict ? l.lower_bound(*bound) : l.upper_bound(*bound));
            if (it == l.begin()) continue;
            --it;
            if (best == nullptr || it->first >= best->first) best = &*it;
        }
        return best;
    }

    Status Forward(std::string bound) {
        for (;;) {
            Status s = base_->SeekGE(bound);
            if (!s.ok()) return Fail(std::move(s));
            const auto* w = SmallestAtOrAfter(bound);
            const bool have_base = base_->Valid();
            if (w == nullptr && !have_base) return Invalid();
            if (w != nullptr && (!have_base || w->first <= base_->key())) {
                if (!w->second) {  // a tombstone: skip the key (and the base entry it hides)
                    bound = w->first;
                    bound.push_back('\0');
                    continue;
                }
                return Land(w->first, *w->second);
            }
            return Land(base_->key(), base_->value());
        }
    }

    Status Backward(const std::string* bound, bool strict) {
        std::string b = bound != nullptr ? *bound : std::string();
        bool has_bound = bound != nullptr;
        for (;;) {
            Status s = has_bound ? base_->SeekLE(b) : base_->Last();
            if (!s.ok()) return Fail(std::move(s));
            if (strict && base_->Valid() && base_->key() == b) {
                s = base_->Prev();
                if (!s.ok()) return Fail(std::move(s));
            }
            const auto* w = LargestAtOrBefore(has_bound ? &b : nullptr, strict);
            const bool have_base = base_->Valid();
            if (w == nullptr && !have_base) return Invalid();
            if (w != nullptr && (!have_base || w->first >= base_->key())) {
                if (!w->second) {
                    b = w->first;
                    has_bound = true;
                    strict = true;
                    continue;
                }
                return Land(w->first, *w->second);
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

    const std::vector<WriteSet::Layer>* layers_;
    std::unique_ptr<KvIterator> base_;
    bool valid_ = false;
    std::string key_;
    std::string value_;
};

class MapIterator final : public KvIterator {
public:
    using Map = std::map<std::string, std::string, std::less<>>;
    explicit MapIterator(const Map* map) : map_(map), it_(map->end()) {}

    bool Valid() const override { return it_ != map_->end(); }
    std::string_view key() const override { return it_->first; }
    std::string_view value() const override { return it_->second; }
    Status First() override {
        it_ = map_->begin();
        return Status::Ok();
    }
    Status Last() override {
        it_ = map_->empty() ? map_->end() : std::prev(map_->end());
        return Status::Ok();
    }
    Status SeekGE(std::string_view t) override {
        it_ = map_->lower_bound(t);
        return Status::Ok();
    }
    Status SeekLE(std::string_view t) override {
        auto it = map_->upper_bound(t);
        it_ = it == map_->begin() ? map_->end() : std::prev(it);
        return Status::Ok();
    }
    Status Next() override {
        ++it_;
        return Status::Ok();
    }
    Status Prev() override {
        it_ = it_ == map_->begin() ? map_->end() : std::prev(it_);
        return Status::Ok();
    }

private:
    const Map* map_;
    Map::const_iterator it_;
};

}  // namespace

std::unique_ptr<KvIterator> WriteSet::NewMergedIterator(std::unique_ptr<KvIterator> base) const {
    if (empty()) return base;
    return std::make_unique<MergedIterator>(&layers_, std::move(base));
}

std::unique_ptr<KvIterator> NewMapIterator(const std::map<std::string, std::string, std::less<>>* map) {
    return std::make_unique<MapIterator>(map);
}

}  // namespace jetstore::storage
