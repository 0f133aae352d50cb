#include "storage/overlay.h"

#include <algorithm>

namespace jetstore::storage {

Overlay::Overlay() {
    MutexLock lock(&mu_);
    active_ = std::make_shared<MemTable>();
    PublishLocked({active_});
}

void Overlay::PublishLocked(std::vector<std::shared_ptr<MemTable>> tables) {
    auto v = std::make_shared<OverlayVersion>();
    v->number = version_number_.load(std::memory_order_relaxed) + 1;
    v->tables = std::move(tables);
    current_ = std::move(v);
    version_number_.store(current_->number, std::memory_order_release);
}

void Overlay::Add(std::string_view key, std::uint64_t seq, const std::string* value) { active_->Add(key, seq, value); }

std::vector<std::shared_ptr<MemTable>> Overlay::Freeze() {
    MutexLock lock(&mu_);
    std::vector<std::shared_ptr<MemTable>> tables = current_->tables;
    if (!active_->empty()) {
        active_ = std::make_shared<MemTable>();
        tables.insert(tables.begin(), active_);
        PublishLocked(tables);
    }
    // Everything but the active table, oldest first.
    std::vector<std::shared_ptr<MemTable>> frozen(tables.begin() + 1, tables.end());
    std::reverse(frozen.begin(), frozen.end());
    return frozen;
}

void Overlay::Retire(const std::vector<std::shared_ptr<MemTable>>& tables) {
    MutexLock lock(&mu_);
    std::vector<std::shared_ptr<MemTable>> keep;
    for (const auto& t : current_->tables) {
        if (std::find(tables.begin(), tables.end(), t) == tables.end()) keep.push_back(t);
    }
    if (keep.size() != current_->tables.size()) PublishLocked(std::move(keep));
}

std::shared_ptr<const OverlayVersion> Overlay::Current() const {
    MutexLock lock(&mu_);
    return current_;
}

std::size_t Overlay::bytes() const {
    MutexLock lock(&mu_);
    std::size_t n = 0;
    for (const auto& t : current_->tables) n += t->bytes();
    return n;
}

std::size_t Overlay::entries() const {
    MutexLock lock(&mu_);
    std::size_t n = 0;
    for (const auto& t : current_->tables) n += t->entries();
    return n;
}

}  // namespace jetstore::storage
