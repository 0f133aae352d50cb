// Per-thread state of the hot path: the thread's id, the registry of session contexts it holds,
// and its cache of free session slots.
//
// All of it lives in one trivially constructible, initial-exec thread_local (see thread_state.cc):
// a thread_local with a constructor or destructor is reached through a wrapper call that costs
// about as much as a compare-and-swap here. Nothing in it is ever read by another thread.
#pragma once

#include <esent.h>

#include <cstdint>

namespace jetstore::engine {

// A small integer naming the calling thread: assigned on first use from 1 upwards, never
// recycled, at most 2^24 - 1 threads in a process's life (ids then wrap, skipping 0).
std::uint32_t CurrentThreadId();

// The context registry: the values of the session contexts this thread holds, by session handle.
// Only the owner of a context reads its value (to check a context-bound transaction), so it needs
// no synchronisation. At most kMaxHeldContexts at once per thread.
inline constexpr unsigned kMaxHeldContexts = 32;

// Records `value` for `sesid`; false when the registry is full of contexts still held (the caller
// gets JET_errOutOfMemory). `still_held` tells whether an older entry's session is still claimed
// by this thread (stale entries of sessions JetTerm ended are reused).
bool RememberContext(JET_SESID sesid, JET_API_PTR value, bool (*still_held)(JET_SESID));
// The value this thread recorded for `sesid`; 0 when none.
JET_API_PTR HeldContext(JET_SESID sesid);
void ForgetContext(JET_SESID sesid);

// The free-slot cache: hints of free slots of one table, keyed by (instance record, init epoch).
inline constexpr unsigned kSlotCacheSize = 32;
struct SlotCache {
    std::uint64_t key;  // 0 = empty
    std::uint32_t count;
    std::uint32_t slots[kSlotCacheSize];
};
SlotCache& ThisThreadSlotCache();

}  // namespace jetstore::engine
