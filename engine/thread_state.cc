#include "engine/thread_state.h"

#include <atomic>
#include <type_traits>

namespace jetstore::engine {
namespace {

struct ContextEntry {
    JET_SESID sesid;  // 0 = empty
    JET_API_PTR value;
};

struct ThreadState {
    std::uint32_t tid;
    std::uint32_t contexts_used;  // high-water mark of `contexts`
    ContextEntry contexts[kMaxHeldContexts];
    SlotCache slot_cache;
};
static_assert(std::is_trivially_default_constructible_v<ThreadState>);
static_assert(std::is_trivially_destructible_v<ThreadState>);

[[gnu::tls_model("initial-exec")]] constinit thread_local ThreadState t_state{};

std::atomic<std::uint32_t> g_next_tid{1};

std::uint32_t AssignThreadId() {
    std::uint32_t id = g_next_tid.fetch_add(1, std::memory_order_relaxed) & ((1u << 24) - 1);
    if (id == 0) id = g_next_tid.fetch_add(1, std::memory_order_relaxed) & ((1u << 24) - 1);
    t_state.tid = id;
    return id;
}

}  // namespace

std::uint32_t CurrentThreadId() {
    const std::uint32_t id = t_state.tid;
    return id != 0 ? id : AssignThreadId();
}

bool RememberContext(JET_SESID sesid, JET_API_PTR value, bool (*still_held)(JET_SESID)) {
    ThreadState& ts = t_state;
    ContextEntry* free_entry = nullptr;
    for (std::uint32_t i = 0; i < ts.contexts_used; ++i) {
        ContextEntry& e = ts.contexts[i];
        if (e.sesid == sesid) {
            e.value = value;
            return true;
        }
        if (e.sesid == 0 && free_entry == nullptr) free_entry = &e;
    }
    if (free_entry == nullptr && ts.contexts_used < kMaxHeldContexts) free_entry = &ts.contexts[ts.contexts_used++];
    if (free_entry == nullptr) {
        // Full: drop entries of sessions this thread no longer holds (ended by JetTerm).
        for (ContextEntry& e : ts.contexts) {
            if (e.sesid != 0 && !still_held(e.sesid)) e.sesid = 0;
            if (e.sesid == 0 && free_entry == nullptr) free_entry = &e;
        }
        if (free_entry == nullptr) return false;
    }
    free_entry->sesid = sesid;
    free_entry->value = value;
    return true;
}

JET_API_PTR HeldContext(JET_SESID sesid) {
    const ThreadState& ts = t_state;
    for (std::uint32_t i = 0; i < ts.contexts_used; ++i) {
        if (ts.contexts[i].sesid == sesid) return ts.contexts[i].value;
    }
    return 0;
}

void ForgetContext(JET_SESID sesid) {
    ThreadState& ts = t_state;
    for (std::uint32_t i = 0; i < ts.contexts_used; ++i) {
        if (ts.contexts[i].sesid == sesid) {
            ts.contexts[i].sesid = 0;
            if (i + 1 == ts.contexts_used) --ts.contexts_used;
            return;
        }
    }
}

SlotCache& ThisThreadSlotCache() { return t_state.slot_cache; }

}  // namespace jetstore::engine
