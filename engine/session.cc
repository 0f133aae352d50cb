#include "engine/session.h"

#include "engine/data.h"
#include "engine/database.h"
#include "engine/transaction.h"
#include "engine/seams.h"
#include "engine/thread_state.h"

#include <atomic>

namespace jetstore::engine {
namespace {

std::atomic<seam::CallHook> g_call_hook{nullptr};

struct Decoded {
    InstanceRecord* rec;
    SessionSlot* slot;
};

// Finds the slot a handle names, without judging whether the handle is current.
inline bool Decode(JET_SESID s, Decoded* d) {
    if (s == 0 || s == JET_sesidNil) return false;
    const std::uint32_t r = sesid::Record(s);
    if (r >= kMaxRecords || sesid::Gen(s) == 0) return false;
    InstanceRecord& rec = Records()[r];
    const std::uint32_t i = sesid::Slot(s);
    if (i >= rec.slot_capacity.load(std::memory_order_acquire)) return false;
    *d = Decoded{&rec, rec.slots.load(std::memory_order_acquire) + i};
    return true;
}

// The ctl bits that must equal {gen, live} for the handle to be current.
inline std::uint64_t IdentityOf(JET_SESID s) { return ctl::Make(sesid::Gen(s), true); }
inline std::uint64_t IdentityBits(std::uint64_t c) { return c & ~(ctl::kBusy | ctl::kCleanup); }
// The handle is current and no call is inside the session.
inline bool CurrentAndIdle(std::uint64_t c, JET_SESID s) { return (c & ~ctl::kCleanup) == IdentityOf(s); }

// Leaves a call: the busy holder is ctl's only writer (session_table.h, discipline 1), so it
// stores; the exchange is sequentially consistent for the handshake with JetTerm.
inline void Leave(InstanceRecord& rec, SessionSlot& slot, std::uint64_t next) {
    slot.ctl.exchange(next, std::memory_order_seq_cst);
    if (sw::StateOf(rec.state.load(std::memory_order_seq_cst)) == State::kTerminating) slot.ctl.notify_all();
}

inline std::uint64_t CtlAfterCall(const SessionSlot& slot, std::uint64_t c) {
    c &= ~(ctl::kBusy | ctl::kCleanup);
    if (slot.level.load(std::memory_order_relaxed) > 0 || slot.data.load(std::memory_order_relaxed) != nullptr) {
        c |= ctl::kCleanup;
    }
    return c;
}

// Hints of free slots go to this thread's cache, or to the table's shared list when the cache
// holds another instance's hints or is full.
void ReturnSlotHint(InstanceRecord& rec, SessionTable& t, std::uint32_t slot) {
    SlotCache& cache = ThisThreadSlotCache();
    const std::uint64_t key = rec.cache_key.load(std::memory_order_relaxed);
    if (key == 0 || cache.key != key) {
        t.PushFree(&slot, 1);
        return;
    }
    if (cache.count == kSlotCacheSize) {
        constexpr std::uint32_t kSpill = kSlotCacheSize / 2;
        t.PushFree(cache.slots + cache.count - kSpill, kSpill);
        cache.count -= kSpill;
    }
    cache.slots[cache.count++] = slot;
}

// Points this thread's cache at `key`, handing the hints of the previous instance back to it.
void SwitchSlotCache(SlotCache& cache, std::uint64_t key) {
    if (cache.key != 0 && cache.count > 0) {
        const std::uint64_t idx = (cache.key & ((1u << 11) - 1)) - 1;
        if (idx < kMaxRecords) {
            InstanceRecord& old = Records()[idx];
            SessionTable* t = old.table.load(std::memory_order_acquire);
            if (t != nullptr && old.cache_key.load(std::memory_order_acquire) == cache.key) {
                t->PushFree(cache.slots, cache.count);
            }
        }
    }
    cache.key = key;
    cache.count = 0;
}

bool StillHeldByThisThread(JET_SESID s) {
    Decoded d;
    if (!Decode(s, &d)) return false;
    const std::uint64_t c = d.slot->ctl.load(std::memory_order_acquire);
    return IdentityBits(c) == IdentityOf(s) && ContextHolder(*d.slot, sesid::Gen(s)) == CurrentThreadId();
}

// The session's code when its owner word is held: a context set, or the session being ended:
// by JetTerm (its state error, or InvalidSesid once it is gone) or by a JetEndSession on another
// thread (-1910).
JET_ERR HeldError(JET_SESID s, bool exempt, std::uint32_t holder, JET_ERR when_context) {
    if (holder != own::kEnding) return when_context;
    const JET_ERR e = DiagnoseSession(s, exempt);
    return e < 0 ? e : JET_errSessionSharingViolation;
}

// JetEndSession's own checks, then its claim of the owner word (session_table.h, discipline 4):
// a context set by any thread, the caller included, is [esent] -1914, and comes before a bad grbit.
JET_ERR ClaimSessionEnd(SessionSlot& slot, JET_SESID s, JET_GRBIT grbit) {
    const std::uint64_t gen = sesid::Gen(s);
    if ((grbit & ~static_cast<JET_GRBIT>(JET_bitForceSessionClosed)) != 0) {
        const std::uint32_t holder = ContextHolder(slot, gen);
        return holder != 0 ? HeldError(s, true, holder, JET_errSessionInUse) : JET_errInvalidGrbit;
    }
    const std::uint32_t blocker = ClaimForEnding(slot, gen);
    return blocker != 0 ? HeldError(s, true, blocker, JET_errSessionInUse) : JET_errSuccess;
}


}  // namespace

std::uint32_t SessionCommitDefault(const CallGuard& g) {
    const std::uint64_t v = g.slot().commit_default_override.load(std::memory_order_relaxed);
    if ((v & 0x80) != 0 && (v >> 8) == sesid::Gen(g.sesid())) return static_cast<std::uint32_t>(v & 0x7F);
    return g.record().commit_default.load(std::memory_order_relaxed);
}

void SetSessionCommitDefault(const CallGuard& g, std::uint32_t grbit) {
    g.slot().commit_default_override.store((sesid::Gen(g.sesid()) << 8) | 0x80 | (grbit & 0x7F),
                                          std::memory_order_relaxed);
}

void RunCallHook() {
    const seam::CallHook hook = g_call_hook.load(std::memory_order_acquire);
    if (hook != nullptr) hook();
}

namespace seam {
void SetCallHook(CallHook hook) { g_call_hook.store(hook, std::memory_order_release); }
}  // namespace seam

JET_ERR DiagnoseSession(JET_SESID s, bool exempt_from_stop) {
    if (s == 0 || s == JET_sesidNil) return JET_errInvalidSesid;
    if (g_process.initialized.load(std::memory_order_acquire) == 0) return JET_errNotInitialized;
    Decoded d;
    if (!Decode(s, &d)) return JET_errInvalidSesid;
    const std::uint64_t c = d.slot->ctl.load(std::memory_order_acquire);
    if (IdentityBits(c) != IdentityOf(s)) return JET_errInvalidSesid;
    const JET_ERR e = StateError(d.rec->state.load(std::memory_order_acquire), exempt_from_stop);
    if (e < 0) return e;
    if ((c & ctl::kBusy) != 0) return JET_errSessionSharingViolation;
    return JET_errSuccess;
}

CallGuard::CallGuard(JET_SESID s, bool exempt) : sesid_(s), err_(JET_errSessionSharingViolation) {
    // Each pass either decides or saw the session or its instance change under it (a busy holder
    // leaving, a JetTerm that failed and restored the state); then it looks again.
    for (;;) {
        Decoded d;
        if (Decode(s, &d) && StateAdmits(d.rec->state.load(std::memory_order_acquire), exempt)) {
            std::uint64_t c = d.slot->ctl.load(std::memory_order_relaxed);
            while (CurrentAndIdle(c, s)) {
                if (!d.slot->ctl.compare_exchange_weak(c, c | ctl::kBusy, std::memory_order_seq_cst,
                                                       std::memory_order_relaxed)) {
                    continue;
                }
                // Re-check after marking busy: JetTerm may have begun meanwhile.
                const std::uint64_t w = d.rec->state.load(std::memory_order_seq_cst);
                if (!StateAdmits(w, exempt)) {
                    Leave(*d.rec, *d.slot, CtlAfterCall(*d.slot, c));
                    err_ = StateError(w, exempt);
                    return;
                }
                rec_ = d.rec;
                slot_ = d.slot;
                err_ = JET_errSuccess;
                RunCallHook();
                return;
            }
        }
        const JET_ERR e = DiagnoseSession(s, exempt);
        if (e < 0) {
            err_ = e;
            return;
        }
    }
}

CallGuard::~CallGuard() {
    if (slot_ != nullptr) Leave(*rec_, *slot_, CtlAfterCall(*slot_, slot_->ctl.load(std::memory_order_relaxed)));
}

void CallGuard::LeaveWith(std::uint64_t final_ctl) {
    Leave(*rec_, *slot_, final_ctl);
    slot_ = nullptr;
}

namespace {

[[gnu::always_inline]] inline JET_ERR BeginSessionOn(InstanceRecord& rec, std::uint64_t rec_gen, JET_SESID* psesid) {
    const JET_ERR e = StateError(rec.state.load(std::memory_order_acquire), false);
    if (e < 0) return e;
    SessionTable* t = rec.table.load(std::memory_order_acquire);
    const std::uint64_t key = rec.cache_key.load(std::memory_order_relaxed);
    if (t == nullptr || key == 0) return JET_errNotInitialized;

    SlotCache& cache = ThisThreadSlotCache();
    if (cache.key != key) SwitchSlotCache(cache, key);
    const std::uint32_t count = t->count();
    std::uint32_t slot = 0;
    std::uint64_t c = 0;
    for (bool refilled = false;;) {
        while (c == 0 && cache.count > 0) {
            slot = cache.slots[--cache.count];
            if (slot < count) c = TryClaimSlot(t->slot(slot));
        }
        if (c != 0 || refilled) break;
        cache.count = static_cast<std::uint32_t>(t->PopFree(cache.slots, kSlotCacheSize / 2));
        refilled = true;
    }
    if (c == 0 && !t->ScanClaim(&slot, &c)) return JET_errOutOfSessions;

    // A free slot's fields are already initial (session_table.h, discipline 6): nothing to write.
    // Re-check after claiming (the handshake with JetTerm's sweep, session_table.h).
    const std::uint64_t w = rec.state.load(std::memory_order_seq_cst);
    if (!StateAdmits(w, false) || rec.generation.load(std::memory_order_acquire) != rec_gen ||
        rec.table.load(std::memory_order_acquire) != t) {
        // Ended like any session (discipline 4): a handle guessed meanwhile may have set a context.
        SessionSlot& claimed = t->slot(slot);
        if (ClaimForEnding(claimed, ctl::Gen(c)) != 0) t->Retire();
        claimed.ctl.compare_exchange_strong(c, ctl::Make(ctl::Gen(c), false), std::memory_order_seq_cst);
        const JET_ERR why = StateError(w, false);
        return why < 0 ? why : JET_errTermInProgress;
    }
    *psesid = sesid::Make(rec.index, slot, ctl::Gen(c));
    return JET_errSuccess;
}

}  // namespace

JET_ERR BeginSession(JET_INSTANCE instance, JET_SESID* psesid) {
    std::uint64_t gen = 0;
    InstanceRecord* rec = ResolveInstance(instance, &gen);
    if (rec == nullptr) return JET_errInvalidParameter;
    return BeginSessionOn(*rec, gen, psesid);
}

JET_ERR DupSession(JET_SESID sesid, JET_SESID* psesid) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (psesid == nullptr) return JET_errInvalidParameter;
    return BeginSessionOn(g.record(), g.record().generation.load(std::memory_order_acquire), psesid);
}

namespace {
JET_ERR EndSessionGuarded(JET_SESID s, JET_GRBIT grbit);
}  // namespace

// The common case, a session with nothing to undo, in straight-line code: two CASes (the owner
// word, then ctl) and a slot hint for this thread's cache.
JET_ERR EndSession(JET_SESID s, JET_GRBIT grbit) {
    Decoded d;
    if (Decode(s, &d) && StateAdmits(d.rec->state.load(std::memory_order_acquire), true)) {
        std::uint64_t c = d.slot->ctl.load(std::memory_order_acquire);
        while (IdentityBits(c) == IdentityOf(s)) {
            if ((c & ctl::kBusy) != 0) return JET_errSessionSharingViolation;
            if ((c & ctl::kCleanup) != 0) break;  // an open transaction: the guarded path below
            // Nothing to undo: claim the owner word as the ender, then one CAS frees the slot
            // (session_table.h, disciplines 4 and 5).
            const JET_ERR claim = ClaimSessionEnd(*d.slot, s, grbit);
            if (claim < 0) return claim;
            if (d.slot->ctl.compare_exchange_strong(c, ctl::Make(ctl::Gen(c), false), std::memory_order_seq_cst,
                                                    std::memory_order_acquire)) {
                SessionTable* t = d.rec->table.load(std::memory_order_acquire);
                if (t != nullptr) ReturnSlotHint(*d.rec, *t, sesid::Slot(s));
                return JET_errSuccess;
            }
            // ctl changed (a call began, a transaction opened, JetTerm ended it): the ender's
            // claim is this thread's to release.
            d.slot->owner.store(0, std::memory_order_release);
        }
    }
    return EndSessionGuarded(s, grbit);
}

namespace {

// JetEndSession inside the entry guard: a session with something to undo, and every case the
// one-CAS path above does not decide.
[[gnu::noinline]] JET_ERR EndSessionGuarded(JET_SESID s, JET_GRBIT grbit) {
    CallGuard g(s, true);
    if (g.err() < 0) return g.err();
    SessionSlot& slot = g.slot();
    // From here no context can be set on the session: it is being ended.
    const JET_ERR claim = ClaimSessionEnd(slot, s, grbit);
    if (claim < 0) return claim;
    if (slot.level.load(std::memory_order_relaxed) > 0) {
        // [esent] a thread-bound transaction is rolled back only on its own thread; a
        // context-bound one whose context was reset, from any thread.
        JET_ERR err = JET_errSessionSharingViolation;
        if (static_cast<Binding>(slot.binding_kind.load(std::memory_order_relaxed)) != Binding::kThread ||
            slot.trx_binding.load(std::memory_order_relaxed) == CurrentThreadId()) {
            err = RollbackSlot(g, true);
        }
        if (err < 0) {
            slot.owner.store(0, std::memory_order_release);  // the session lives on
            return err;
        }
    }
    // Close its databases and cursors; then free the slot as the guard's last act.
    DestroySessionData(slot.data.exchange(nullptr, std::memory_order_relaxed));
    InstanceRecord& rec = g.record();
    SessionTable* t = rec.table.load(std::memory_order_acquire);
    g.LeaveWith(ctl::Make(ctl::Gen(slot.ctl.load(std::memory_order_relaxed)), false));
    if (t != nullptr) ReturnSlotHint(rec, *t, sesid::Slot(s));
    return JET_errSuccess;
}

}  // namespace

namespace {

// Everything but the common case of JetSetSessionContext: reserved values, a context already
// set, a busy session, a context registry with entries, any state but plain Running, a handle
// that is not current, and races with JetTerm. The claim is one CAS on the owner word, made
// before the in-API check (spec 3.15 [R]), so losers of a race always see -1912; the winner then
// looks at ctl, and when another call is inside the session gives its claim back (-1910).
[[gnu::noinline]] JET_ERR SetSessionContextSlow(JET_SESID s, JET_API_PTR context) {
    const std::uint64_t gen = sesid::Gen(s);
    for (;;) {
        Decoded d;
        if (Decode(s, &d)) {
            const std::uint64_t w = d.rec->state.load(std::memory_order_acquire);
            if (StateAdmits(w, false)) {
                if (context == 0 || context == static_cast<JET_API_PTR>(-1)) return JET_errInvalidParameter;
                if (IdentityBits(d.slot->ctl.load(std::memory_order_acquire)) == IdentityOf(s)) {
                    std::uint64_t o = d.slot->owner.load(std::memory_order_acquire);
                    const std::uint32_t holder = own::Holder(o, gen);
                    // Decided by the owner word: losers of a race always see AlreadySet (DECISIONS.md 5).
                    if (holder != 0) return HeldError(s, false, holder, JET_errSessionContextAlreadySet);
                    if (!RememberContext(s, context, &StillHeldByThisThread)) return JET_errOutOfMemory;
                    std::uint64_t mine = own::Make(gen, CurrentThreadId());
                    if (!d.slot->owner.compare_exchange_strong(o, mine, std::memory_order_seq_cst,
                                                               std::memory_order_acquire)) {
                        ForgetContext(s);
                        const std::uint32_t winner = own::Holder(o, gen);
                        if (winner != 0) return HeldError(s, false, winner, JET_errSessionContextAlreadySet);
                        continue;  // the word changed without a claim (a release): look again
                    }
                    const std::uint64_t c = d.slot->ctl.load(std::memory_order_seq_cst);
                    if (CurrentAndIdle(c, s)) return JET_errSuccess;
                    // Refused after all: give the claim back. A CAS, because a claim on a session
                    // that is not current is free to others (discipline 2).
                    d.slot->owner.compare_exchange_strong(mine, 0, std::memory_order_seq_cst);
                    ForgetContext(s);
                    if (IdentityBits(c) == IdentityOf(s)) return JET_errSessionSharingViolation;
                    continue;
                }
            } else if (sw::StateOf(w) != State::kFree) {
                const JET_ERR e = DiagnoseSession(s, false);
                if (e < 0) return e;
                // The state changed back meanwhile (a JetTerm that failed): look again.
                continue;
            }
        }
        const JET_ERR e = DiagnoseSession(s, false);
        if (e < 0) return e;
        if (context == 0 || context == static_cast<JET_API_PTR>(-1)) return JET_errInvalidParameter;
    }
}

[[gnu::noinline]] JET_ERR ResetSessionContextSlow(JET_SESID s) {
    const std::uint64_t gen = sesid::Gen(s);
    for (;;) {
        Decoded d;
        if (Decode(s, &d) && StateAdmits(d.rec->state.load(std::memory_order_acquire), true)) {
            const std::uint64_t c = d.slot->ctl.load(std::memory_order_acquire);
            if (IdentityBits(c) == IdentityOf(s)) {
                // The in-API check comes first (spec 2.4, step 7), then the call's own.
                if ((c & ctl::kBusy) != 0) return JET_errSessionSharingViolation;
                if (ContextHolder(*d.slot, gen) != CurrentThreadId()) {
                    return JET_errSessionContextNotSetByThisThread;  // [esent] also when unset
                }
                // This thread holds the claim, so it is the word's only writer (session_table.h,
                // discipline 2); the release is the last step that touches the session.
                d.slot->owner.store(0, std::memory_order_release);
                ForgetContext(s);
                return JET_errSuccess;
            }
        }
        const JET_ERR e = DiagnoseSession(s, true);
        if (e == JET_errInvalidSesid || e == JET_errNotInitialized) ForgetContext(s);
        if (e < 0) return e;
        // Nothing wrong any more (the instance's state changed back meanwhile): look again.
    }
}

}  // namespace

// The common case in straight-line code: one decode, loads of the state word, ctl and the owner
// word, one CAS, ctl again, one entry in this thread's context registry. Anything else goes to the slow
// path, which decides.
JET_ERR SetSessionContext(JET_SESID s, JET_API_PTR context) {
    Decoded d;
    if (Decode(s, &d) && context + 1 > 1 && t_state.tid != 0 && t_state.contexts_used == 0) {
        const std::uint64_t w = d.rec->state.load(std::memory_order_acquire);
        const std::uint64_t c = d.slot->ctl.load(std::memory_order_acquire);
        std::uint64_t o = d.slot->owner.load(std::memory_order_relaxed);
        const std::uint64_t gen = sesid::Gen(s);
        if ((w & (sw::kStateMask | sw::kStopAll)) == static_cast<std::uint64_t>(State::kRunning) &&
            CurrentAndIdle(c, s) && own::Holder(o, gen) == 0) {
            std::uint64_t mine = own::Make(gen, t_state.tid);
            if (d.slot->owner.compare_exchange_strong(o, mine, std::memory_order_seq_cst, std::memory_order_relaxed)) {
                // The in-API check after the claim: no call entered meanwhile, the session is current.
                if (CurrentAndIdle(d.slot->ctl.load(std::memory_order_seq_cst), s)) {
                    // Only this thread reads its registry, so the entry may follow the claim; no
                    // store waits in front of the locked instruction.
                    t_state.contexts[0] = ContextEntry{s, context};
                    t_state.contexts_used = 1;
                    return JET_errSuccess;
                }
                d.slot->owner.compare_exchange_strong(mine, 0, std::memory_order_seq_cst);  // the slow path decides
            }
        }
    }
    return SetSessionContextSlow(s, context);
}

// An owner check and one release store: the holder of a claim is its owner word's only writer.
JET_ERR ResetSessionContext(JET_SESID s) {
    Decoded d;
    if (Decode(s, &d) && t_state.tid != 0) {
        const std::uint64_t w = d.rec->state.load(std::memory_order_acquire);
        const std::uint64_t c = d.slot->ctl.load(std::memory_order_acquire);
        const std::uint64_t o = d.slot->owner.load(std::memory_order_relaxed);
        if ((w & sw::kStateMask) == static_cast<std::uint64_t>(State::kRunning) &&
            CurrentAndIdle(c, s) && o == own::Make(sesid::Gen(s), t_state.tid)) {
            d.slot->owner.store(0, std::memory_order_release);
            ForgetContext(s);
            return JET_errSuccess;
        }
    }
    return ResetSessionContextSlow(s);
}

JET_ERR GetVersion(JET_SESID sesid, JET_ULONG* version) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (version == nullptr) return JET_errInvalidParameter;
    // [esent] the esent level jetstore implements, in esent's format: major << 28 | minor << 24 |
    // build << 8 | service pack. 5.2.3790 is Windows Server 2003: every function that level's
    // bindings call is exported (api_exports_test checks the list).
    *version = (5u << 28) | (2u << 24) | (3790u << 8) | 0u;
    return JET_errSuccess;
}

void WaitForCallsToLeave(InstanceRecord& rec) {
    SessionTable* t = rec.table.load(std::memory_order_acquire);
    if (t == nullptr) return;
    const std::uint32_t n = t->count();
    for (std::uint32_t i = 0; i < n; ++i) {
        std::atomic<std::uint64_t>& w = t->slot(i).ctl;
        for (std::uint64_t c = w.load(std::memory_order_seq_cst); (c & ctl::kBusy) != 0;
             c = w.load(std::memory_order_seq_cst)) {
            w.wait(c, std::memory_order_seq_cst);
        }
    }
}

bool AnyOpenTransaction(InstanceRecord& rec) {
    SessionTable* t = rec.table.load(std::memory_order_acquire);
    if (t == nullptr) return false;
    const std::uint32_t n = t->count();
    for (std::uint32_t i = 0; i < n; ++i) {
        SessionSlot& s = t->slot(i);
        const std::uint64_t c = s.ctl.load(std::memory_order_acquire);
        if ((c & ctl::kLive) != 0 && s.level.load(std::memory_order_relaxed) > 0) return true;
    }
    return false;
}

void EndAllSessions(InstanceRecord& rec) {
    SessionTable* t = rec.table.load(std::memory_order_acquire);
    if (t == nullptr) return;
    const std::uint32_t n = t->count();
    for (std::uint32_t i = 0; i < n; ++i) {
        SessionSlot& s = t->slot(i);
        std::uint64_t c = s.ctl.load(std::memory_order_seq_cst);
        std::uint64_t claimed_gen = 0;
        while ((c & ctl::kLive) != 0) {
            if ((c & ctl::kBusy) != 0) {  // a call backing out with JET_errTermInProgress
                s.ctl.wait(c, std::memory_order_seq_cst);
                c = s.ctl.load(std::memory_order_seq_cst);
                continue;
            }
            // The owner word first (session_table.h, discipline 4): a context still held may have
            // its release store in flight, so this table is never handed to another init.
            if (claimed_gen != ctl::Gen(c)) {
                claimed_gen = ctl::Gen(c);
                if (ClaimForEnding(s, claimed_gen) != 0) t->Retire();
            }
            // Open transactions are dropped: with a page store underneath, this is where their
            // write sets are discarded.
            s.level.store(0, std::memory_order_relaxed);
            s.read_only.store(0, std::memory_order_relaxed);
            DestroySessionData(s.data.exchange(nullptr, std::memory_order_relaxed));
            if (s.ctl.compare_exchange_weak(c, ctl::Make(ctl::Gen(c), false), std::memory_order_seq_cst)) break;
        }
    }
}

}  // namespace jetstore::engine
