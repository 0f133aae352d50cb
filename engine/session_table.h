// The session table and the thread-affinity registry: the hot path of every server that embeds
// jetstore.
//
// THE CONTROL WORD
// Each session slot is one cache line. Its first word, `ctl`, holds what a call must see at once:
//
//     bit  0      busy     a call is executing on this session (the in-API flag)
//     bit  1      live     the slot holds a session
//     bit  2      cleanup  the session holds something EndSession must undo (an open transaction,
//                          open databases or cursors)
//     bits 3..26  zero     (reserved)
//     bits 27..63 gen      the generation of the session living (or last lived) in the slot
//
// A JET_SESID is (gen << 27) | (slot << 10) | instance-record index, so a handle is valid exactly
// when its slot's ctl is live with the same gen: an ended session (live = 0) and a reused slot
// (gen + 1) are both detected by the one word every call reads anyway.
//
// THE OWNER WORD
// Beside ctl, in the same line, `owner` says who holds the session context:
//
//     bits 0..23  tid      the holder's thread id; 0 = nobody; kEnding = a JetEndSession (or
//                          JetTerm) that is ending the session
//     bits 24..60 gen      the session generation the claim is for
//
// A claim counts only for its own generation, so an ended session's last value needs no clearing.
//
// WRITER DISCIPLINE (the invariants every transition below preserves)
//  1. Every change of ctl is a compare-and-swap against a value the writer just read, except
//     that the thread holding `busy` may store: while busy is set, every other writer's CAS
//     expects busy = 0 and fails, so the busy holder is ctl's only writer.
//  2. Every change of owner is a compare-and-swap from a value that is free for the session's
//     generation, except that the holder of a claim releases it with a plain store. Nobody else
//     writes a held word: so JetResetSessionContext is an owner check and one release store, and
//     that store can only ever land on its own claim.
//  3. JetSetSessionContext claims with one CAS free -> {gen, me}, after reading ctl live with the
//     handle's gen; of racing setters exactly one wins and every loser reads a held word (-1912).
//     The context value lives in the owner thread's own registry (thread_state.h), because only
//     the owner ever reads it.
//  4. A session is ended only by whoever holds its owner word as kEnding: JetEndSession claims
//     kEnding (a held word: -1914) and then frees ctl; JetTerm's sweep does the same, and when it
//     finds a word held (a context still set, whose holder may be about to store its release)
//     it ends the session anyway and retires the whole table: the next JetInit allocates a fresh
//     one, so that late store lands in memory no session will use again. A Set that read ctl live
//     before the end loses its CAS to the kEnding claim.
//  5. JetBeginSession claims a free slot with one CAS {live 0, busy 0, gen g} -> {live 1,
//     gen g + 1} and writes nothing else; JetEndSession of a session with nothing to clean up
//     frees it with one CAS {live 1, busy 0, cleanup 0} -> {live 0}. `cleanup` makes that CAS
//     safe: a transaction begun and left open between EndSession's read and its CAS changes the word.
//  6. The other fields of the slot are relaxed atomics written only by the busy holder, and by
//     JetTerm on a session it is ending (after it has seen busy = 0). A free slot's fields are in
//     their initial state (level 0, not read-only): every path that ends a session leaves them so
//     before the CAS that frees it. So a claim writes no field. Per-session values that must not
//     outlive a session carry the session's gen.
//
// TERM VERSUS CALLS IN FLIGHT
// JetTerm stores Terminating into the instance's state word and then reads every ctl; a call
// marks itself busy with a CAS and then reads the state word again. Both sides are sequentially
// consistent, so either the call sees Terminating (and backs out with JET_errTermInProgress) or
// JetTerm sees it busy and waits on its ctl (std::atomic::wait: libstdc++'s waiter pool over a
// futex, no polling). A call leaves with an exchange (sequentially consistent) and then, only if
// the instance is terminating, notifies; JetTerm's wait re-checks ctl before it sleeps, so no
// wake-up is lost. JetBeginSession claims, then re-reads the state word; a claim that sees
// Terminating frees the slot again (if JetTerm's sweep has not ended it already). Session tables
// are never freed (type-stable memory): a racing decode of a stale handle reads a slot that
// exists, and its checks fail on gen.
#pragma once

#include "storage/mutex.h"

#include <esent.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace jetstore::engine {

struct SessionData;

namespace ctl {
inline constexpr std::uint64_t kBusy = 1ull << 0;
inline constexpr std::uint64_t kLive = 1ull << 1;
inline constexpr std::uint64_t kCleanup = 1ull << 2;
inline constexpr unsigned kGenShift = 27;
inline constexpr std::uint64_t kGenMax = (1ull << (64 - kGenShift)) - 1;

inline std::uint64_t Gen(std::uint64_t c) { return c >> kGenShift; }
inline std::uint64_t Make(std::uint64_t gen, bool live) { return (gen << kGenShift) | (live ? kLive : 0); }
}  // namespace ctl

// The owner word (see above).
namespace own {
inline constexpr unsigned kGenShift = 24;
inline constexpr std::uint32_t kEnding = (1u << kGenShift) - 1;  // never a thread id
inline std::uint64_t Make(std::uint64_t gen, std::uint32_t tid) { return (gen << kGenShift) | tid; }
// Who holds the context of generation `gen`: a thread id, kEnding, or 0 when the word is free.
inline std::uint32_t Holder(std::uint64_t o, std::uint64_t gen) {
    return (o >> kGenShift) == gen ? static_cast<std::uint32_t>(o & kEnding) : 0;
}
}  // namespace own

// Session handle layout (see above).
namespace sesid {
inline constexpr unsigned kRecordBits = 10;
inline constexpr unsigned kSlotBits = 17;
inline constexpr std::uint64_t kRecordMask = (1ull << kRecordBits) - 1;
inline constexpr std::uint64_t kSlotMask = (1ull << kSlotBits) - 1;
static_assert(kRecordBits + kSlotBits == ctl::kGenShift);

inline JET_SESID Make(std::uint32_t record, std::uint32_t slot, std::uint64_t gen) {
    return static_cast<JET_SESID>((gen << ctl::kGenShift) | (static_cast<std::uint64_t>(slot) << kRecordBits) | record);
}
inline std::uint32_t Record(JET_SESID s) { return static_cast<std::uint32_t>(s & kRecordMask); }
inline std::uint32_t Slot(JET_SESID s) { return static_cast<std::uint32_t>((s >> kRecordBits) & kSlotMask); }
inline std::uint64_t Gen(JET_SESID s) { return static_cast<std::uint64_t>(s) >> ctl::kGenShift; }
}  // namespace sesid

// How a transaction is bound at its level 0 -> 1 begin.
enum class Binding : std::uint8_t { kThread = 0, kContext = 1 };

struct alignas(64) SessionSlot {
    std::atomic<std::uint64_t> ctl{0};
    std::atomic<std::uint64_t> owner{0};  // discipline 2
    // Transaction state; discipline 6 above.
    std::atomic<std::uint64_t> trx_binding{0};  // thread id or context value fixed at level 0 -> 1
    // JetSetSystemParameter(sesid, JET_paramCommitDefault): (gen << 8) | 0x80 | grbit. It counts
    // only while gen is the session's own, so a new session in the slot needs no write to forget
    // it (discipline 6).
    std::atomic<std::uint64_t> commit_default_override{0};
    std::atomic<std::uint8_t> level{0};          // 0..7
    std::atomic<std::uint8_t> binding_kind{0};   // Binding
    std::atomic<std::uint8_t> read_only{0};      // level-1 begin had JET_bitTransactionReadOnly
    // The session's databases, cursors and write set (engine/data.h); nullptr until the first
    // data call. Written by the busy holder; a slot holding data has its `cleanup` bit set.
    std::atomic<SessionData*> data{nullptr};
};
static_assert(sizeof(SessionSlot) == 64, "one cache line per session");

// The slots of one instance. Allocated at JetInit, reused by later inits of the same instance
// record when large enough, never freed.
class SessionTable {
public:
    // Capacity fixed at construction; slots start free with generation `first_gen` - 1.
    // `previous` is the table this one replaces: kept (never freed) and reachable from here.
    SessionTable(std::uint32_t capacity, std::uint64_t first_gen, SessionTable* previous = nullptr);

    std::uint32_t capacity() const { return capacity_; }
    SessionSlot& slot(std::uint32_t i) { return slots_[i]; }

    // Prepares the table for an init with `count` usable slots: every slot free, free list full.
    // REQUIRES: no session is live; count <= capacity().
    void Reset(std::uint32_t count);
    std::uint32_t count() const { return count_.load(std::memory_order_acquire); }

    // Highest generation any slot has used.
    std::uint64_t MaxGen() const;

    // A table whose JetTerm ended a session with its context still held (discipline 4) is never
    // handed to another init.
    void Retire() { retired_.store(true, std::memory_order_relaxed); }
    bool retired() const { return retired_.load(std::memory_order_relaxed); }

    // Free-slot hints shared by all threads (per-thread caches hold most hints; see
    // thread_state.h). A hint is only a guess: the claim is the CAS on ctl.
    void PushFree(const std::uint32_t* slots, std::size_t n);
    std::size_t PopFree(std::uint32_t* out, std::size_t max);

    // Last resort when every hint is gone: claim any free slot by scanning. Returns the slot
    // index and its new ctl, or false when all `count` slots are live.
    bool ScanClaim(std::uint32_t* slot, std::uint64_t* new_ctl);

private:
    std::uint32_t capacity_;
    std::atomic<std::uint32_t> count_{0};
    std::atomic<bool> retired_{false};
    [[maybe_unused]] SessionTable* previous_;  // keeps retired tables reachable (type-stable memory)
    SessionSlot* slots_;
    Mutex free_mu_;
    std::vector<std::uint32_t> free_ GUARDED_BY(free_mu_);
};

// Tries to claim a free slot: CAS {gen g, free} -> {gen g + 1, live}. Returns the new ctl or 0.
std::uint64_t TryClaimSlot(SessionSlot& s);

// The thread holding the context of the session of generation `gen` in `s` (kEnding while the
// session is being ended), or 0 when no context is set.
inline std::uint32_t ContextHolder(const SessionSlot& s, std::uint64_t gen) {
    return own::Holder(s.owner.load(std::memory_order_acquire), gen);
}

// Claims the owner word of the session of generation `gen` as kEnding (discipline 4). Returns 0,
// or the holder that prevents it (a thread id, or kEnding for another ender).
inline std::uint32_t ClaimForEnding(SessionSlot& s, std::uint64_t gen) {
    std::uint64_t o = s.owner.load(std::memory_order_acquire);
    for (;;) {
        const std::uint32_t holder = own::Holder(o, gen);
        if (holder != 0) return holder;
        if (s.owner.compare_exchange_weak(o, own::Make(gen, own::kEnding), std::memory_order_seq_cst,
                                          std::memory_order_acquire)) {
            return 0;
        }
    }
}

}  // namespace jetstore::engine
