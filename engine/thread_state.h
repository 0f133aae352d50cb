// Per-thread state of the hot path: the thread's id, the registry of session contexts it holds,
// and its cache of free session slots.
//
// All of it lives in one trivially constructible, initial-exec thread_local (see thread_state.cc):
// a thread_local with a constructor or destructor is reached through a wrapper call that costs
// about as much as a compare-and-swap here. Nothing in it is ever read by another thread.
#pragma once

#include <esent.h>

#include <cstdint>
#include <type_traits>

namespace jetstore::engine {

// The free-slot cache: hints of free slots of one table, keyed by (instance record, init epoch).
inline constexpr unsigned kSlotCacheSize = 32;
struct SlotCache {
    std::uint64_t key;  // 0 = empty
    std::uint32_t count;
    std::uint32_t slots[kSlotCacheSize];
};

inline constexpr unsigned kMaxHeldContexts = 32;
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

// constinit + a trivial type: no TLS wrapper call on access; initial-exec: one %fs-relative load.
[[gnu::tls_model("initial-exec"), gnu::visibility("hidden")]] extern constinit thread_local ThreadState t_state;

std::uint32_t AssignThreadId();

// A small integer naming the calling thread: assigned on first use from 1 upwards, never
// recycled, at most 2^24 - 2 threads in a process's life (ids then wrap, skipping 0 and 2^24 - 1).
inline std::uint32_t CurrentThreadId() {
    const std::uint32_t id = t_state.tid;
    return id != 0 ? id : AssignThreadId();
}

// The context registry: the values of the session contexts this thread holds, by session handle.
// Only the owner of a context reads its value (to check a context-bound transaction), so it needs
// no synchronisation. At most kMaxHeldContexts at once per thread.

// Records `value` for `sesid`; false when the registry is full of contexts still held (the caller
// gets JET_errOutOfMemory). `still_held` tells whether an older entry's session is still claimed
// by this thread (stale entries of sessions JetTerm ended are reused).
bool RememberContextSlow(JET_SESID sesid, JET_API_PTR value, bool (*still_held)(JET_SESID));
inline bool RememberContext(JET_SESID sesid, JET_API_PTR value, bool (*still_held)(JET_SESID)) {
    if (t_state.contexts_used == 0) {  // the common case: a pool thread holds one context at a time
        t_state.contexts[0] = ContextEntry{sesid, value};
        t_state.contexts_used = 1;
        return true;
    }
    ContextEntry* free_entry = nullptr;
    for (std::uint32_t i = 0; i < t_state.contexts_used; ++i) {
        ContextEntry& e = t_state.contexts[i];
        if (e.sesid == sesid) {
            e.value = value;
            return true;
        }
        if (e.sesid == 0 && free_entry == nullptr) free_entry = &e;
    }
    if (free_entry == nullptr && t_state.contexts_used < kMaxHeldContexts) free_entry = &t_state.contexts[t_state.contexts_used++];
    if (free_entry == nullptr) return RememberContextSlow(sesid, value, still_held);
    free_entry->sesid = sesid;
    free_entry->value = value;
    return true;
}
// The value this thread recorded for `sesid`; 0 when none.
inline JET_API_PTR HeldContext(JET_SESID sesid) {
    for (std::uint32_t i = 0; i < t_state.contexts_used; ++i) {
        if (t_state.contexts[i].sesid == sesid) return t_state.contexts[i].value;
    }
    return 0;
}

inline void ForgetContext(JET_SESID sesid) {
    if (t_state.contexts_used == 1 && t_state.contexts[0].sesid == sesid) {  // the common case
        t_state.contexts[0].sesid = 0;
        t_state.contexts_used = 0;
        return;
    }
    for (std::uint32_t i = 0; i < t_state.contexts_used; ++i) {
        if (t_state.contexts[i].sesid == sesid) {
            t_state.contexts[i].sesid = 0;
            while (t_state.contexts_used > 0 && t_state.contexts[t_state.contexts_used - 1].sesid == 0) --t_state.contexts_used;
            return;
        }
    }
}

inline SlotCache& ThisThreadSlotCache() { return t_state.slot_cache; }

}  // namespace jetstore::engine
