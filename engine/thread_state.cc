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
    // 0 means "no thread" and 2^24 - 1 is the owner word's kEnding (session_table.h).
    constexpr std::uint32_t kMask = (1u << 24) - 1;
    std::uint32_t id = 0;
    do {
        id = g_next_tid.fetch_add(1, std::memory_order_relaxed) & kMask;
    } while (id == 0 || id == kMask);
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
