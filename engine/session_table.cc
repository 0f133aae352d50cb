#include "engine/session_table.h"

#include <algorithm>
#include <new>

namespace jetstore::engine {

SessionTable::SessionTable(std::uint32_t capacity, std::uint64_t first_gen, SessionTable* previous)
    : capacity_(capacity),
      previous_(previous),
      slots_(new (std::align_val_t{64}) SessionSlot[capacity == 0 ? 1 : capacity]) {
    for (std::uint32_t i = 0; i < capacity_; ++i) {
        slots_[i].ctl.store(ctl::Make(first_gen - 1, false), std::memory_order_relaxed);
    }
    free_.reserve(capacity_);
}

void SessionTable::Reset(std::uint32_t count) {
    MutexLock lock(&free_mu_);
    // No claim in a table that was not retired can still be released (discipline 4): start clean.
    for (std::uint32_t i = 0; i < capacity_; ++i) slots_[i].owner.store(0, std::memory_order_relaxed);
    free_.clear();
    // Pop order is from the back: hand out low slots first.
    for (std::uint32_t i = count; i > 0; --i) free_.push_back(i - 1);
    count_.store(count, std::memory_order_release);
}

std::uint64_t SessionTable::MaxGen() const {
    std::uint64_t g = 0;
    for (std::uint32_t i = 0; i < capacity_; ++i) g = std::max(g, ctl::Gen(slots_[i].ctl.load(std::memory_order_acquire)));
    return g;
}

void SessionTable::PushFree(const std::uint32_t* slots, std::size_t n) {
    MutexLock lock(&free_mu_);
    free_.insert(free_.end(), slots, slots + n);
}

std::size_t SessionTable::PopFree(std::uint32_t* out, std::size_t max) {
    MutexLock lock(&free_mu_);
    const std::size_t n = std::min(max, free_.size());
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = free_.back();
        free_.pop_back();
    }
    return n;
}

bool SessionTable::ScanClaim(std::uint32_t* slot, std::uint64_t* new_ctl) {
    const std::uint32_t n = count();
    for (std::uint32_t i = 0; i < n; ++i) {
        const std::uint64_t c = TryClaimSlot(slots_[i]);
        if (c != 0) {
            *slot = i;
            *new_ctl = c;
            return true;
        }
    }
    return false;
}

std::uint64_t TryClaimSlot(SessionSlot& s) {
    std::uint64_t c = s.ctl.load(std::memory_order_relaxed);
    if ((c & (ctl::kLive | ctl::kBusy | ctl::kCleanup)) != 0) return 0;
    const std::uint64_t gen = ctl::Gen(c) + 1 > ctl::kGenMax ? 1 : ctl::Gen(c) + 1;
    const std::uint64_t next = ctl::Make(gen, true);
    if (!s.ctl.compare_exchange_strong(c, next, std::memory_order_seq_cst)) return 0;
    return next;
}

}  // namespace jetstore::engine
