#include "engine/thread_state.h"

#include <atomic>

namespace jetstore::engine {
static_assert(std::is_trivially_default_constructible_v<ThreadState>);
static_assert(std::is_trivially_destructible_v<ThreadState>);

constinit thread_local ThreadState t_state{};

namespace {
std::atomic<std::uint32_t> g_next_tid{1};
}  // namespace

std::uint32_t AssignThreadId() {
    std::uint32_t id = g_next_tid.fetch_add(1, std::memory_order_relaxed) & ((1u << 24) - 1);
    if (id == 0) id = g_next_tid.fetch_add(1, std::memory_order_relaxed) & ((1u << 24) - 1);
    t_state.tid = id;
    return id;
}


bool RememberContextSlow(JET_SESID sesid, JET_API_PTR value, bool (*still_held)(JET_SESID)) {
    // Full: drop entries of sessions this thread no longer holds (ended by JetTerm).
    ContextEntry* free_entry = nullptr;
    for (ContextEntry& e : t_state.contexts) {
        if (e.sesid != 0 && !still_held(e.sesid)) e.sesid = 0;
        if (e.sesid == 0 && free_entry == nullptr) free_entry = &e;
    }
    if (free_entry == nullptr) return false;
    free_entry->sesid = sesid;
    free_entry->value = value;
    return true;
}
}  // namespace jetstore::engine
