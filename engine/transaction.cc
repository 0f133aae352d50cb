// Session-level transactions: levels, the binding to a thread or a context value, and the checks
// esent makes at nested begin, commit and rollback. The page store fills them with data.
#include "engine/data.h"
#include "engine/session.h"
#include "engine/table.h"
#include "engine/thread_state.h"

namespace jetstore::engine {
namespace {

constexpr JET_GRBIT kWaitGrbits = JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit;
constexpr JET_GRBIT kCommitGrbits = JET_bitCommitLazyFlush | kWaitGrbits | JET_bitForceNewLog;

}  // namespace

bool BindingHolds(const CallGuard& g) {
    const SessionSlot& s = g.slot();
    const std::uint32_t me = CurrentThreadId();
    const std::uint64_t bound = s.trx_binding.load(std::memory_order_relaxed);
    if (static_cast<Binding>(s.binding_kind.load(std::memory_order_relaxed)) == Binding::kThread) return bound == me;
    // [esent] a context-bound transaction continues only on the thread holding the context, and
    // only under the value it began with.
    return ContextHolder(s, sesid::Gen(g.sesid())) == me && HeldContext(g.sesid()) == bound;
}

JET_ERR BeginTransaction(JET_SESID sesid, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    SessionSlot& s = g.slot();
    const std::uint8_t level = s.level.load(std::memory_order_relaxed);
    if (level >= JET_cMaxTransactionLevels) return JET_errTransTooDeep;
    if (level > 0) {
        if (!BindingHolds(g)) return JET_errSessionSharingViolation;
        DataBeginNested(g);
    } else {
        // Level 0 -> 1 fixes the binding: the context value when this thread holds the session's
        // context, else the thread. ([esent] also binds to the value when another thread holds
        // the context; jetstore keeps context values in the holder's registry and binds to the
        // calling thread then.)
        const std::uint32_t me = CurrentThreadId();
        const bool by_context = ContextHolder(s, sesid::Gen(sesid)) == me;
        s.binding_kind.store(static_cast<std::uint8_t>(by_context ? Binding::kContext : Binding::kThread),
                             std::memory_order_relaxed);
        s.trx_binding.store(by_context ? HeldContext(sesid) : me, std::memory_order_relaxed);
        s.read_only.store((grbit & JET_bitTransactionReadOnly) != 0 ? 1 : 0, std::memory_order_relaxed);
        const JET_ERR err = DataBeginLevel0(g);  // the transaction's snapshot
        if (err < 0) return err;
    }
    s.level.store(static_cast<std::uint8_t>(level + 1), std::memory_order_relaxed);
    return JET_errSuccess;
}

JET_ERR CommitTransaction(JET_SESID sesid, JET_GRBIT grbit, unsigned long cmsec_durable, JET_COMMIT_ID* commit_id) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if ((grbit & ~kCommitGrbits) != 0) return JET_errInvalidGrbit;
    const JET_GRBIT wait = grbit & kWaitGrbits;
    if (wait != 0 && (grbit != JET_bitWaitLastLevel0Commit && grbit != JET_bitWaitAllLevel0Commit)) {
        return JET_errInvalidGrbit;  // a Wait flag must be the only flag
    }
    if ((grbit & JET_bitForceNewLog) != 0 && grbit != JET_bitForceNewLog) return JET_errInvalidGrbit;

    SessionSlot& s = g.slot();
    InstanceRecord& rec = g.record();
    if (commit_id != nullptr) *commit_id = JET_COMMIT_ID{};
    if (wait != 0) {
        // Makes earlier lazy commits durable (this session's databases, or every database of the
        // instance for WaitAll) and commits nothing.
        const JET_ERR err = FlushLazyCommits(g, wait == JET_bitWaitAllLevel0Commit);
        if (err < 0) return err;
        return JET_errSuccess;
    }
    const std::uint8_t level = s.level.load(std::memory_order_relaxed);
    if (grbit == JET_bitForceNewLog && level == 0) return JET_errSuccess;  // no log stream to switch yet
    const bool lazy = (grbit & JET_bitCommitLazyFlush) != 0 ||
                      (SessionCommitDefault(g) & JET_bitCommitLazyFlush) != 0 ||
                      rec.recovery_off.load(std::memory_order_relaxed);
    if (cmsec_durable != 0 && !lazy) return JET_errInvalidParameter;
    if (level == 0) return JET_errNotInTransaction;
    if (!BindingHolds(g)) return JET_errSessionSharingViolation;
    const JET_ERR err = DataCommitLevel(g, level == 1, lazy);
    if (err < 0) return err;  // nothing changed: the application rolls back
    s.level.store(static_cast<std::uint8_t>(level - 1), std::memory_order_relaxed);
    if (level == 1) {
        s.read_only.store(0, std::memory_order_relaxed);
        const std::int64_t id = rec.commit_id.fetch_add(1, std::memory_order_relaxed) + 1;
        if (commit_id != nullptr) commit_id->commitId = id;
    }
    return JET_errSuccess;
}

JET_ERR RollbackSlot(CallGuard& g, bool all) {
    SessionSlot& s = g.slot();
    const std::uint8_t level = s.level.load(std::memory_order_relaxed);
    const std::uint8_t to = all || level == 0 ? 0 : static_cast<std::uint8_t>(level - 1);
    // Drops the write-set layers above `to`, closes cursors opened in them, cancels prepared updates.
    for (std::uint8_t l = level; l > to; --l) DataRollbackLevel(g, l == 1, static_cast<std::uint8_t>(l - 1));
    s.level.store(to, std::memory_order_relaxed);
    if (to == 0) s.read_only.store(0, std::memory_order_relaxed);
    return JET_errSuccess;
}

JET_ERR Rollback(JET_SESID sesid, JET_GRBIT grbit) {
    CallGuard g(sesid, true);
    if (g.err() < 0) return g.err();
    if ((grbit & ~static_cast<JET_GRBIT>(JET_bitRollbackAll)) != 0) return JET_errInvalidGrbit;
    if (g.slot().level.load(std::memory_order_relaxed) == 0) return JET_errNotInTransaction;
    if (!BindingHolds(g)) return JET_errSessionSharingViolation;
    return RollbackSlot(g, (grbit & JET_bitRollbackAll) != 0);
}

}  // namespace jetstore::engine
