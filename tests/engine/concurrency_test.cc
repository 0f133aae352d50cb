// Concurrency of the session table, session contexts and the entry guard. Runs in the
// `concurrency` suite, also under ThreadSanitizer.
//
//  (a) Racing JetSetSessionContext on a pool: exactly one winner per session, losers get -1912.
//  (b) Sessions migrating across a thread pool (set / begin-or-commit / reset), every transaction
//      spanning two claims on different threads; and a strict ping-pong hand-off.
//  (c) Two threads inside one session: the second gets -1910 (overlap forced with the call hook).
//  (d) JetTerm racing in-flight calls: only documented codes, and no call body runs after JetTerm
//      returned (checked inside every call body through the call hook).
//  (e) Random and near-valid 64-bit handles into every session and instance function.
//  (f) Session begin / end churn against MaxSessions: the cap holds and no slot is shared.
//
// Loop sizes scale with JETSTORE_STRESS_SCALE (default 1.0, or 0.05 in a ThreadSanitizer build
// when the variable is unset). Interleavings that matter are forced with latches, barriers and the
// engine's call hook, never with sleeps.
//
// Specs: esent.h conventions 4-6, JetTerm2, JetSetSessionContext; DECISIONS.md 2, 4, 5, 15;
// ese-lifecycle-and-sessions.md 2.4, 3.4, 3.15, 4.

#include <esent.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <latch>
#include <mutex>
#include <random>
#include <semaphore>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/seams.h"
#include "tests/test_support.h"


namespace {

namespace seam = jetstore::engine::seam;

using jetstore::test::Scaled;
using jetstore::test::StressScale;


// ---- shared helpers ----

using jetstore::test::g_gate;
using jetstore::test::HoldingHook;
using jetstore::test::LiveInstanceCount;
using jetstore::test::t_hold_next_call;

bool OneOf(JET_ERR err, std::initializer_list<JET_ERR> allowed) {
    return std::find(allowed.begin(), allowed.end(), err) != allowed.end();
}

// Collects unexpected results from many threads; the test asserts on it after joining them.
class Unexpected {
public:
    void Note(const std::string &what, JET_ERR err) {
        if (count_.fetch_add(1, std::memory_order_relaxed) == 0) {
            std::lock_guard<std::mutex> lock(mu_);
            first_ = what + " returned " + std::to_string(err);
        }
    }
    // Records err unless it is in `allowed`; returns whether it was allowed.
    bool Check(const std::string &what, JET_ERR err, std::initializer_list<JET_ERR> allowed) {
        if (OneOf(err, allowed)) return true;
        Note(what, err);
        return false;
    }
    int count() const { return count_.load(); }
    std::string first() {
        std::lock_guard<std::mutex> lock(mu_);
        return first_;
    }

private:
    std::atomic<int> count_{0};
    std::mutex mu_;
    std::string first_;  // guarded by mu_
};

#define EXPECT_NONE_UNEXPECTED(u) EXPECT_EQ(0, (u).count()) << "first: " << (u).first()

// The shared call gate (test_support.h), with a bounded wait: if the engine never runs the hook
// inside the call, the test fails instead of hanging.
struct CallGate : jetstore::test::CallGate {
    bool WaitEntered() {
        std::unique_lock<std::mutex> lock(mu);
        return cv.wait_for(lock, std::chrono::seconds(30), [this] { return entered; });
    }
};

// (d): set once JetTerm has returned; any call body that runs afterwards is a violation.
std::atomic<bool> g_term_returned{false};
std::atomic<int> g_bodies_after_term{0};

void TermRaceHook() {
    if (g_term_returned.load(std::memory_order_seq_cst)) g_bodies_after_term.fetch_add(1);
}

class ConcurrencyTest : public jetstore::test::InstanceTest {
protected:
    ConcurrencyTest() : InstanceTest("jetstore_conc_") {}

    JET_INSTANCE Create(const std::string &name, long max_sessions) {
        JET_INSTANCE inst = CreateConfigured(name);
        EXPECT_EQ(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramMaxSessions,
                                                        static_cast<JET_API_PTR>(max_sessions), nullptr));
        live_.push_back(inst);
        return inst;
    }

    JET_INSTANCE Start(const std::string &name, long max_sessions = 64) {
        JET_INSTANCE inst = Create(name, max_sessions);
        EXPECT_EQ(JET_errSuccess, JetInit(&inst));
        live_.back() = inst;
        return inst;
    }

    std::vector<JET_SESID> BeginSessions(JET_INSTANCE inst, int n) {
        std::vector<JET_SESID> sessions(static_cast<size_t>(n), JET_sesidNil);
        for (auto &s : sessions) EXPECT_EQ(JET_errSuccess, JetBeginSession(inst, &s, nullptr, nullptr));
        return sessions;
    }
};

// ---- (a) racing claims ----

TEST_F(ConcurrencyTest, RacingSetSessionContextHasExactlyOneWinnerPerSession) {
    constexpr int kSessions = 8;
    constexpr int kThreads = 4;
    const long rounds = Scaled(3000, 30);
    JET_INSTANCE inst = Start("race_claim");
    const std::vector<JET_SESID> sessions = BeginSessions(inst, kSessions);

    std::vector<std::atomic<int>> winners(kSessions);
    std::atomic<int> sessions_without_one_winner{0};
    Unexpected unexpected;
    // Completion of the barrier phase that ends each race: check and clear the tallies.
    auto check_round = [&]() noexcept {
        for (auto &w : winners) {
            if (w.load(std::memory_order_relaxed) != 1) sessions_without_one_winner.fetch_add(1);
            w.store(0, std::memory_order_relaxed);
        }
    };
    std::barrier race_done(kThreads, check_round);
    std::barrier round_start(kThreads);
    std::barrier losers_done(kThreads);

    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            const JET_API_PTR ctx = 0x1000 + static_cast<JET_API_PTR>(t);
            std::vector<int> won;
            std::vector<int> lost;
            for (long r = 0; r < rounds; ++r) {
                round_start.arrive_and_wait();
                won.clear();
                lost.clear();
                for (int k = 0; k < kSessions; ++k) {
                    const int j = (k + t * 3 + static_cast<int>(r)) % kSessions;
                    const JET_ERR err = JetSetSessionContext(sessions[j], ctx);
                    if (err == JET_errSuccess) {
                        won.push_back(j);
                        winners[j].fetch_add(1, std::memory_order_relaxed);
                    } else {
                        unexpected.Check("racing JetSetSessionContext", err, {JET_errSessionContextAlreadySet});
                        lost.push_back(j);
                    }
                }
                race_done.arrive_and_wait();
                // A loser cannot release the winner's claim. (Two losers may overlap in one
                // session, hence -1910 is allowed too.)
                if (!lost.empty()) {
                    unexpected.Check("loser's JetResetSessionContext", JetResetSessionContext(sessions[lost[0]]),
                                     {JET_errSessionContextNotSetByThisThread, JET_errSessionSharingViolation});
                }
                losers_done.arrive_and_wait();
                for (int j : won) {
                    unexpected.Check("winner's JetResetSessionContext", JetResetSessionContext(sessions[j]),
                                     {JET_errSuccess});
                }
            }
        });
    }
    for (auto &th : threads) th.join();

    EXPECT_EQ(0, sessions_without_one_winner.load());
    EXPECT_NONE_UNEXPECTED(unexpected);
    for (JET_SESID s : sessions) EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));  // no context left
    Term(inst);
}

// ---- (b) migrating sessions ----

TEST_F(ConcurrencyTest, TransactionSpansTwoClaimsOnDifferentThreads) {
    JET_INSTANCE inst = Start("span");
    const JET_SESID s = BeginSessions(inst, 1)[0];
    constexpr JET_API_PTR kV = 0xABCDEF;
    JET_ERR a[3] = {1, 1, 1};
    JET_ERR b[4] = {1, 1, 1, 1};
    std::thread ta([&] {
        a[0] = JetSetSessionContext(s, kV);
        a[1] = JetBeginTransaction(s);
        a[2] = JetResetSessionContext(s);
    });
    ta.join();
    std::thread tb([&] {
        b[0] = JetSetSessionContext(s, kV);
        b[1] = JetBeginTransaction(s);  // nested, on the second thread
        b[2] = JetCommitTransaction(s, 0);
        b[3] = JetCommitTransaction(s, 0);
        JetResetSessionContext(s);
    });
    tb.join();
    for (JET_ERR e : a) EXPECT_EQ(JET_errSuccess, e);
    for (JET_ERR e : b) EXPECT_EQ(JET_errSuccess, e);
    EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(s, 0));
    Term(inst);
}

TEST_F(ConcurrencyTest, SetAfterACompletedResetOnAnotherThreadAlwaysSucceeds) {
    // DECISIONS.md 5: strict ping-pong of one session between two threads, a transaction open
    // across every hand-off.
    JET_INSTANCE inst = Start("pingpong");
    const JET_SESID s = BeginSessions(inst, 1)[0];
    constexpr JET_API_PTR kV = 0x5EED;
    const long handoffs = Scaled(20000, 200);
    std::binary_semaphore to_a(1);
    std::binary_semaphore to_b(0);
    Unexpected unexpected;

    auto player = [&](std::binary_semaphore &mine, std::binary_semaphore &theirs, bool begins) {
        for (long i = 0; i < handoffs; ++i) {
            mine.acquire();
            unexpected.Check("JetSetSessionContext after hand-off", JetSetSessionContext(s, kV), {JET_errSuccess});
            const JET_ERR err = begins ? JetBeginTransaction(s) : JetCommitTransaction(s, JET_bitCommitLazyFlush);
            unexpected.Check(begins ? "JetBeginTransaction" : "JetCommitTransaction", err, {JET_errSuccess});
            unexpected.Check("JetResetSessionContext", JetResetSessionContext(s), {JET_errSuccess});
            theirs.release();
        }
    };
    std::thread ta(player, std::ref(to_a), std::ref(to_b), true);
    std::thread tb(player, std::ref(to_b), std::ref(to_a), false);
    ta.join();
    tb.join();
    EXPECT_NONE_UNEXPECTED(unexpected);
    EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(s, 0));
    Term(inst);
}

TEST_F(ConcurrencyTest, SessionsMigrateAcrossAThreadPool) {
    constexpr int kSessions = 8;
    constexpr int kThreads = 4;
    const long cycles = Scaled(1000000, 2000);
    JET_INSTANCE inst = Start("migrate");
    const std::vector<JET_SESID> sessions = BeginSessions(inst, kSessions);

    // Per-session state, owned by whoever holds the session's context: the engine's claim
    // (JetSetSessionContext acquire, JetResetSessionContext release) is its only synchronization,
    // so ThreadSanitizer checks that the claim really orders these accesses.
    struct Slot {
        JET_API_PTR ctx = 0;
        bool open = false;
        int begun_by = -1;
        long commits = 0;
    };
    std::vector<Slot> slots(kSessions);
    for (int j = 0; j < kSessions; ++j) slots[j].ctx = 0x10000 + 0x100 * static_cast<JET_API_PTR>(j);

    std::atomic<long> done{0};
    Unexpected unexpected;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            std::minstd_rand rng(static_cast<unsigned>(t) + 1);
            while (done.load(std::memory_order_relaxed) < cycles && unexpected.count() == 0) {
                const int j = static_cast<int>(rng() % kSessions);
                const JET_SESID s = sessions[j];
                Slot &slot = slots[j];
                const JET_ERR claim = JetSetSessionContext(s, slot.ctx);
                if (claim == JET_errSessionContextAlreadySet) continue;  // another thread holds it
                if (!unexpected.Check("claim", claim, {JET_errSuccess})) break;
                if (!slot.open) {
                    unexpected.Check("JetBeginTransaction", JetBeginTransaction(s), {JET_errSuccess});
                    if ((rng() & 3) == 0) {  // a save point, opened and closed inside the claim
                        unexpected.Check("nested JetBeginTransaction", JetBeginTransaction(s), {JET_errSuccess});
                        unexpected.Check("nested JetRollback", JetRollback(s, 0), {JET_errSuccess});
                    }
                    slot.open = true;
                    slot.begun_by = t;
                    done.fetch_add(1, std::memory_order_relaxed);
                } else if (slot.begun_by != t) {
                    // Commit on a different thread from the one that began: the point of contexts.
                    unexpected.Check("JetCommitTransaction", JetCommitTransaction(s, JET_bitCommitLazyFlush),
                                     {JET_errSuccess});
                    slot.open = false;
                    ++slot.commits;
                    done.fetch_add(1, std::memory_order_relaxed);
                }
                // (An own open transaction is left for another thread to commit.)
                unexpected.Check("JetResetSessionContext", JetResetSessionContext(s), {JET_errSuccess});
            }
        });
    }
    for (auto &th : threads) th.join();
    EXPECT_NONE_UNEXPECTED(unexpected);

    long commits = 0;
    for (int j = 0; j < kSessions; ++j) {
        commits += slots[j].commits;
        if (slots[j].open) {  // the main thread is yet another thread: the context carries it
            EXPECT_EQ(JET_errSuccess, JetSetSessionContext(sessions[j], slots[j].ctx));
            EXPECT_EQ(JET_errSuccess, JetCommitTransaction(sessions[j], 0));
            EXPECT_EQ(JET_errSuccess, JetResetSessionContext(sessions[j]));
        }
        EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(sessions[j], 0));
    }
    EXPECT_GT(commits, 0);
    Term(inst);
}

// ---- (c) two threads inside one session ----

struct HeldCall {
    const char *name;
    std::function<JET_ERR(JET_SESID)> call;
    std::function<void(JET_SESID)> undo;  // run by the holder after its call returned
};

TEST_F(ConcurrencyTest, SecondThreadInsideASessionGetsSharingViolation) {
    JET_INSTANCE inst = Start("overlap");
    const JET_SESID s = BeginSessions(inst, 1)[0];
    seam::SetCallHook(&HoldingHook);

    JET_SESID dup = JET_sesidNil;
    const std::vector<HeldCall> held_calls = {
        {"JetGetVersion", [](JET_SESID x) { JET_ULONG v = 0; return JetGetVersion(x, &v); },
         [](JET_SESID) {}},
        {"JetBeginTransaction", [](JET_SESID x) { return JetBeginTransaction(x); },
         [](JET_SESID x) { JetRollback(x, 0); }},
        {"JetCommitTransaction(WaitLastLevel0Commit)",
         [](JET_SESID x) { return JetCommitTransaction(x, JET_bitWaitLastLevel0Commit); }, [](JET_SESID) {}},
        {"JetDupSession", [&dup](JET_SESID x) { return JetDupSession(x, &dup); },
         [&dup](JET_SESID) { JetEndSession(dup, 0); }},
    };
    for (const HeldCall &held : held_calls) {
        SCOPED_TRACE(held.name);
        CallGate gate;
        g_gate = &gate;
        JET_ERR held_result = 1;
        std::thread holder([&] {
            t_hold_next_call = true;
            held_result = held.call(s);
            t_hold_next_call = false;
            held.undo(s);
        });
        EXPECT_TRUE(gate.WaitEntered()) << "the call hook never ran inside " << held.name;

        JET_ULONG version = 0;
        JET_SESID out = JET_sesidNil;
        EXPECT_EQ(JET_errSessionSharingViolation, JetGetVersion(s, &version));
        EXPECT_EQ(JET_errSessionSharingViolation, JetBeginTransaction(s));
        EXPECT_EQ(JET_errSessionSharingViolation, JetBeginTransaction2(s, 0));
        EXPECT_EQ(JET_errSessionSharingViolation, JetCommitTransaction(s, 0));
        EXPECT_EQ(JET_errSessionSharingViolation, JetCommitTransaction(s, JET_bitWaitAllLevel0Commit));
        EXPECT_EQ(JET_errSessionSharingViolation, JetRollback(s, 0));
        EXPECT_EQ(JET_errSessionSharingViolation, JetDupSession(s, &out));
        EXPECT_EQ(JET_errSessionSharingViolation, JetEndSession(s, 0));
        // No context is set: the claim succeeds as a CAS but the in-API check refuses it, and
        // the refused Set leaves no context behind.
        EXPECT_EQ(JET_errSessionSharingViolation, JetSetSessionContext(s, 0x42));

        gate.Release();
        holder.join();
        g_gate = nullptr;
        EXPECT_EQ(JET_errSuccess, held_result);
        EXPECT_EQ(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s));
        EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(s, 0));
    }
    seam::SetCallHook(nullptr);
    EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
    Term(inst);
}

TEST_F(ConcurrencyTest, ClaimOfASessionWhoseHolderIsInsideACallFailsWithAlreadySet) {
    // DECISIONS.md 5: the claim is the CAS, checked before the in-API state, so a thread that
    // loses a pooled session always sees -1912, even while the holder is inside a call on it
    // (the reference engine could answer -1910 here).
    JET_INSTANCE inst = Start("overlap_set");
    const JET_SESID s = BeginSessions(inst, 1)[0];
    seam::SetCallHook(&HoldingHook);
    CallGate gate;
    g_gate = &gate;
    JET_ERR results[4] = {1, 1, 1, 1};
    std::thread holder([&] {
        results[0] = JetSetSessionContext(s, 0x10);
        t_hold_next_call = true;
        results[1] = JetBeginTransaction(s);  // held here
        t_hold_next_call = false;
        results[2] = JetCommitTransaction(s, 0);
        results[3] = JetResetSessionContext(s);
    });
    EXPECT_TRUE(gate.WaitEntered()) << "the call hook never ran inside JetBeginTransaction";
    EXPECT_EQ(JET_errSessionContextAlreadySet, JetSetSessionContext(s, 0x20));
    EXPECT_EQ(JET_errSessionContextAlreadySet, JetSetSessionContext(s, 0x10));
    // The prologue's in-API check (spec 2.4, step 7) comes before JetResetSessionContext's and
    // JetEndSession's own context checks; only JetSetSessionContext claims first (DECISIONS.md 5).
    EXPECT_EQ(JET_errSessionSharingViolation, JetResetSessionContext(s));
    EXPECT_EQ(JET_errSessionSharingViolation, JetEndSession(s, 0));
    gate.Release();
    holder.join();
    seam::SetCallHook(nullptr);
    g_gate = nullptr;
    for (JET_ERR e : results) EXPECT_EQ(JET_errSuccess, e);
    EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
    Term(inst);
}

// ---- (d) JetTerm racing in-flight calls ----

TEST_F(ConcurrencyTest, TermRacingInFlightCallsReturnsOnlyDocumentedCodesAndNothingRunsAfterIt) {
    constexpr int kWorkers = 4;
    const long rounds = Scaled(40, 4);
    Unexpected unexpected;
    g_bodies_after_term.store(0);
    seam::SetCallHook(&TermRaceHook);

    for (long round = 0; round < rounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        g_term_returned.store(false);
        JET_INSTANCE inst = Start("race_term", 64);
        const std::vector<JET_SESID> sessions = BeginSessions(inst, kWorkers);
        std::latch warmed_up(kWorkers);

        std::vector<std::thread> workers;
        for (int w = 0; w < kWorkers; ++w) {
            workers.emplace_back([&, w] {
                // Session codes that any call may meet while the instance goes away.
                const std::initializer_list<JET_ERR> gone = {JET_errTermInProgress, JET_errNotInitialized,
                                                             JET_errInvalidSesid};
                auto ok_or_gone = [&](const char *what, JET_ERR err, std::initializer_list<JET_ERR> also = {}) {
                    if (err == JET_errSuccess || OneOf(err, gone) || OneOf(err, also)) return err == JET_errSuccess;
                    unexpected.Note(what, err);
                    return false;
                };
                const JET_API_PTR ctx = 0x777 + static_cast<JET_API_PTR>(w);
                JET_SESID s = sessions[w];
                bool have_session = true;
                int level = 0;
                bool ctx_set = false;
                bool bound_to_ctx = false;  // the open transaction began while the context was set
                long ops = 0;
                long ops_after_term = 0;
                bool warmed = false;
                for (unsigned step = 0; ops_after_term < 12; ++step) {
                    const bool term_returned = g_term_returned.load();
                    // A context-bound transaction may only be touched while the context is held
                    // (SC-11); a thread-bound one always, on its own thread.
                    const bool may_touch_trx = level == 0 || !bound_to_ctx || ctx_set;
                    if (!have_session) {
                        JET_ERR err = JetBeginSession(inst, &s, nullptr, nullptr);
                        have_session = ok_or_gone("JetBeginSession", err, {JET_errInvalidParameter, JET_errOutOfSessions});
                        level = 0;
                        ctx_set = false;
                    } else {
                        switch (step % 12) {
                            case 0:
                            case 5:  // while set: the second claim fails with -1912
                                if (ok_or_gone("JetSetSessionContext", JetSetSessionContext(s, ctx),
                                               {JET_errSessionContextAlreadySet})) {
                                    ctx_set = true;
                                }
                                break;
                            case 1:
                            case 2:
                                if (level < 7 && may_touch_trx && ok_or_gone("JetBeginTransaction", JetBeginTransaction(s))) {
                                    if (level++ == 0) bound_to_ctx = ctx_set;
                                }
                                break;
                            case 3:
                                if (level > 0 && may_touch_trx &&
                                    ok_or_gone("JetCommitTransaction", JetCommitTransaction(s, JET_bitCommitLazyFlush))) {
                                    --level;
                                }
                                break;
                            case 4:
                                if (level > 0 && may_touch_trx && ok_or_gone("JetRollback", JetRollback(s, 0))) --level;
                                break;
                            case 6:
                                if (ctx_set) {
                                    ok_or_gone("JetEndSession with context", JetEndSession(s, 0), {JET_errSessionInUse});
                                }
                                break;
                            case 7:
                                if (ctx_set) {  // this thread holds the context: the release must work
                                    if (ok_or_gone("JetResetSessionContext(held)", JetResetSessionContext(s))) {
                                        ctx_set = false;
                                    }
                                } else {
                                    ok_or_gone("JetResetSessionContext(unset)", JetResetSessionContext(s),
                                               {JET_errSessionContextNotSetByThisThread});
                                }
                                break;
                            case 8: {
                                JET_SESID d = JET_sesidNil;
                                if (ok_or_gone("JetDupSession", JetDupSession(s, &d), {JET_errOutOfSessions})) {
                                    ok_or_gone("JetEndSession(dup)", JetEndSession(d, 0));
                                }
                                break;
                            }
                            case 9:
                                if (level > 0 && may_touch_trx &&
                                    ok_or_gone("JetRollback(all)", JetRollback(s, JET_bitRollbackAll))) {
                                    level = 0;
                                }
                                break;
                            case 10:
                                ok_or_gone("JetCommitTransaction(wait)", JetCommitTransaction(s, JET_bitWaitLastLevel0Commit));
                                break;
                            case 11:
                                // Ends the session (rolling back what is open) every fourth cycle.
                                if (!ctx_set && (step / 12) % 4 == 3) {
                                    if (ok_or_gone("JetEndSession", JetEndSession(s, 0))) have_session = false;
                                }
                                break;
                        }
                    }
                    ++ops;
                    if (term_returned) ++ops_after_term;
                    if (!warmed && ops >= 60) {
                        warmed = true;
                        warmed_up.count_down();
                    }
                }
                if (!warmed) warmed_up.count_down();
            });
        }

        warmed_up.wait();
        const bool dirty = (round % 4 == 3);
        JET_ERR term = JET_errTooManyActiveUsers;
        for (int attempt = 0; attempt < 100000 && term == JET_errTooManyActiveUsers; ++attempt) {
            term = dirty ? JetTerm2(inst, JET_bitTermDirty) : JetTerm(inst);
        }
        if (term == JET_errTooManyActiveUsers) term = JetTerm2(inst, JET_bitTermDirty);  // very unlikely
        g_term_returned.store(true);
        std::erase(live_, inst);
        EXPECT_TRUE(term == JET_errSuccess || term == JET_errDirtyShutdown) << term;

        for (auto &th : workers) th.join();
        EXPECT_EQ(0UL, LiveInstanceCount());
        if (HasFailure()) break;
    }
    seam::SetCallHook(nullptr);
    EXPECT_EQ(0, g_bodies_after_term.load()) << "call bodies ran after JetTerm returned";
    EXPECT_NONE_UNEXPECTED(unexpected);
}

// ---- (e) random and near-valid handles ----

// Every session function with `s` as its handle; each must return `expected`.
void ExpectEverySessionCall(JET_SESID s, JET_ERR expected, Unexpected &u) {
    JET_SESID out = JET_sesidNil;
    JET_ULONG version = 0;
    JET_API_PTR value = 0;
    JET_COMMIT_ID id{};
    const std::initializer_list<JET_ERR> want = {expected};
    char hex[32];
    std::snprintf(hex, sizeof hex, "(0x%llx)", static_cast<unsigned long long>(s));
    const std::string at = hex;
    u.Check(std::string("JetBeginTransaction") + at, JetBeginTransaction(s), want);
    u.Check(std::string("JetBeginTransaction2") + at, JetBeginTransaction2(s, JET_bitTransactionReadOnly), want);
    u.Check(std::string("JetBeginTransaction3") + at, JetBeginTransaction3(s, 7, 0), want);
    u.Check(std::string("JetCommitTransaction") + at, JetCommitTransaction(s, 0), want);
    u.Check(std::string("JetCommitTransaction2") + at, JetCommitTransaction2(s, JET_bitCommitLazyFlush, 0, &id), want);
    u.Check(std::string("JetRollback") + at, JetRollback(s, 0), want);
    u.Check(std::string("JetSetSessionContext") + at, JetSetSessionContext(s, 0x10), want);
    u.Check(std::string("JetResetSessionContext") + at, JetResetSessionContext(s), want);
    u.Check(std::string("JetDupSession") + at, JetDupSession(s, &out), want);
    u.Check(std::string("JetGetVersion") + at, JetGetVersion(s, &version), want);
    if (s != 0 && s != JET_sesidNil) {  // for the parameter calls 0 / Nil mean "no session"
        u.Check(std::string("JetGetSystemParameter(sesid)") + at,
                JetGetSystemParameter(0, s, JET_paramMaxSessions, &value, nullptr, 0), want);
        u.Check(std::string("JetSetSystemParameter(sesid)") + at,
                JetSetSystemParameter(nullptr, s, JET_paramCommitDefault, 0, nullptr), want);
    }
    u.Check(std::string("JetEndSession") + at, JetEndSession(s, 0), want);
}

// Every instance function that takes a handle, with `inst` unknown to a multi-instance process.
void ExpectEveryInstanceCallRejects(JET_INSTANCE inst, Unexpected &u) {
    JET_SESID out = JET_sesidNil;
    JET_API_PTR value = 0;
    char hex[32];
    std::snprintf(hex, sizeof hex, "(0x%llx)", static_cast<unsigned long long>(inst));
    const std::string at = hex;
    u.Check(std::string("JetBeginSession") + at, JetBeginSession(inst, &out, nullptr, nullptr), {JET_errInvalidParameter});
    u.Check(std::string("JetStopServiceInstance") + at, JetStopServiceInstance(inst), {JET_errInvalidParameter});
    u.Check(std::string("JetStopServiceInstance2") + at, JetStopServiceInstance2(inst, JET_bitStopServiceQuiesceCaches),
            {JET_errInvalidParameter});
    u.Check(std::string("JetGetSystemParameter(instance)") + at,
            JetGetSystemParameter(inst, 0, JET_paramMaxSessions, &value, nullptr, 0),
            {JET_errInvalidInstance, JET_errInvalidParameter});
    JET_INSTANCE copy = inst;
    u.Check(std::string("JetSetSystemParameter(instance)") + at, JetSetSystemParameter(&copy, 0, JET_paramMaxSessions, 5, nullptr),
            {JET_errInvalidInstance, JET_errInvalidParameter});
    copy = inst;
    u.Check(std::string("JetInit(unknown)") + at, JetInit(&copy), {JET_errInvalidParameter});
    u.Check(std::string("JetTerm2") + at, JetTerm2(inst, 0), {JET_errInvalidParameter});
    u.Check(std::string("JetTerm") + at, JetTerm(inst), {JET_errInvalidParameter});
}

TEST_F(ConcurrencyTest, RandomAndNearValidHandlesReturnDocumentedCodes) {
    JET_INSTANCE inst = Start("random_handles");
    const JET_SESID s = BeginSessions(inst, 1)[0];
    std::mt19937_64 rng(0x6a657473746f7265ULL);
    const long n = Scaled(20000, 300);
    Unexpected u;

    // An instance is running: every unknown session handle is InvalidSesid.
    for (long i = 0; i < n && u.count() == 0; ++i) {
        const JET_SESID v = rng();
        if (v == s || v == 0 || v == JET_sesidNil) continue;
        ExpectEverySessionCall(v, JET_errInvalidSesid, u);
        if (v != inst && i % 8 == 0) ExpectEveryInstanceCallRejects(v, u);
    }
    for (int bit = 0; bit < 64 && u.count() == 0; ++bit) {
        const JET_SESID near = s ^ (JET_SESID{1} << bit);
        if (near != 0 && near != JET_sesidNil) ExpectEverySessionCall(near, JET_errInvalidSesid, u);
        const JET_INSTANCE near_inst = inst ^ (JET_INSTANCE{1} << bit);
        if (near_inst != 0 && near_inst != JET_instanceNil) ExpectEveryInstanceCallRejects(near_inst, u);
    }
    // Low values and the neighbours of the real handle.
    for (JET_SESID v = 1; v < 4096 && u.count() == 0; ++v) {
        if (v != s) ExpectEverySessionCall(v, JET_errInvalidSesid, u);
    }
    for (JET_SESID d = 1; d < 64 && u.count() == 0; ++d) {
        ExpectEverySessionCall(s + d, JET_errInvalidSesid, u);
        ExpectEverySessionCall(s - d, JET_errInvalidSesid, u);
    }
    EXPECT_NONE_UNEXPECTED(u);

    // The real session and instance are untouched.
    EXPECT_EQ(JET_errSuccess, JetBeginTransaction(s));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s, 0));
    EXPECT_EQ(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s));
    JET_SESID s2 = JET_sesidNil;
    EXPECT_EQ(JET_errSuccess, JetBeginSession(inst, &s2, nullptr, nullptr));
    Term(inst);

    // No instance is initialized: every session handle but 0 / Nil is NotInitialized.
    Unexpected none;
    ExpectEverySessionCall(s, JET_errNotInitialized, none);
    ExpectEverySessionCall(s2, JET_errNotInitialized, none);
    for (long i = 0; i < n / 8 && none.count() == 0; ++i) {
        const JET_SESID v = rng();
        if (v == 0 || v == JET_sesidNil) continue;
        ExpectEverySessionCall(v, JET_errNotInitialized, none);
        JET_SESID out = JET_sesidNil;
        none.Check("JetBeginSession(no instance)", JetBeginSession(v, &out, nullptr, nullptr),
                   {JET_errInvalidParameter, JET_errNotInitialized});
        none.Check("JetTerm(no instance)", JetTerm(v), {JET_errInvalidParameter});
        none.Check("JetStopServiceInstance(no instance)", JetStopServiceInstance(v), {JET_errInvalidParameter});
    }
    ExpectEverySessionCall(0, JET_errInvalidSesid, none);
    ExpectEverySessionCall(JET_sesidNil, JET_errInvalidSesid, none);
    EXPECT_NONE_UNEXPECTED(none);

    // Only a Created instance exists: still NotInitialized for sessions.
    JET_INSTANCE created = Create("random_created", 16);
    Unexpected created_only;
    ExpectEverySessionCall(s, JET_errNotInitialized, created_only);
    for (long i = 0; i < n / 64 && created_only.count() == 0; ++i) {
        const JET_SESID v = rng();
        if (v != 0 && v != JET_sesidNil) ExpectEverySessionCall(v, JET_errNotInitialized, created_only);
    }
    EXPECT_NONE_UNEXPECTED(created_only);
    Term(created);
}

TEST_F(ConcurrencyTest, RandomHandlesRacingSessionChurnNeverCrash) {
    // Handles are decoded while other threads free and reuse the slots they name.
    JET_INSTANCE inst = Start("random_churn", 16);
    const long iterations = Scaled(50000, 500);
    std::atomic<bool> stop{false};
    std::mutex handles_mu;
    std::vector<JET_SESID> recent;  // guarded by handles_mu: handles that were live at some point
    Unexpected u;

    std::vector<std::thread> churners;
    for (int t = 0; t < 2; ++t) {
        churners.emplace_back([&] {
            for (long i = 0; i < iterations; ++i) {
                JET_SESID s = JET_sesidNil;
                JET_ERR err = JetBeginSession(inst, &s, nullptr, nullptr);
                if (!u.Check("churn JetBeginSession", err, {JET_errSuccess, JET_errOutOfSessions})) break;
                if (err != JET_errSuccess) continue;
                {
                    std::lock_guard<std::mutex> lock(handles_mu);
                    if (recent.size() < 256) recent.push_back(s);
                    else recent[static_cast<size_t>(i) % recent.size()] = s;
                }
                u.Check("churn JetBeginTransaction", JetBeginTransaction(s), {JET_errSuccess, JET_errSessionSharingViolation});
                // A fuzzer may be inside a call on it for an instant: retry until it has left.
                while ((err = JetEndSession(s, 0)) == JET_errSessionSharingViolation) {
                }
                u.Check("churn JetEndSession", err, {JET_errSuccess});
            }
        });
    }
    std::vector<std::thread> fuzzers;
    for (int t = 0; t < 2; ++t) {
        fuzzers.emplace_back([&, t] {
            std::mt19937_64 rng(static_cast<unsigned long long>(t) + 99);
            while (!stop.load(std::memory_order_relaxed)) {
                JET_SESID v = rng();
                if ((v & 1) == 0) {  // a recently live handle, maybe with a bit flipped
                    std::lock_guard<std::mutex> lock(handles_mu);
                    if (!recent.empty()) v = recent[rng() % recent.size()];
                }
                if ((rng() & 3) == 0) v ^= JET_SESID{1} << (rng() % 64);
                if (v == 0 || v == JET_sesidNil) continue;
                // The handle may be live at this instant and in use by a churner, or just ended.
                const std::initializer_list<JET_ERR> ok = {JET_errInvalidSesid, JET_errSessionSharingViolation,
                                                           JET_errSuccess, JET_errSessionContextNotSetByThisThread,
                                                           JET_errNotInTransaction};
                JET_ULONG version = 0;
                u.Check("fuzz JetGetVersion", JetGetVersion(v, &version), ok);
                u.Check("fuzz JetResetSessionContext", JetResetSessionContext(v), ok);
                u.Check("fuzz JetRollback", JetRollback(v, JET_bitRollbackAll), ok);
            }
        });
    }
    for (auto &th : churners) th.join();
    stop.store(true);
    for (auto &th : fuzzers) th.join();
    EXPECT_NONE_UNEXPECTED(u);
    Term(inst);
}

// ---- (f) churn against MaxSessions ----

TEST_F(ConcurrencyTest, SessionChurnNeverExceedsMaxSessionsNorSharesASlot) {
    constexpr long kMax = 8;
    constexpr int kThreads = 4;
    constexpr size_t kWantPerThread = 4;  // 16 wanted > 8 allowed: the cap is hit all the time
    const long iterations = Scaled(100000, 1000);
    JET_INSTANCE inst = Start("churn", kMax);

    std::atomic<long> live{0};  // <= the engine's live count at every instant (see below)
    std::atomic<long> over_cap{0};
    std::atomic<long> out_of_sessions{0};
    std::mutex handles_mu;
    std::set<JET_SESID> handles;  // guarded by handles_mu
    std::atomic<long> duplicate_handles{0};
    Unexpected u;

    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            std::minstd_rand rng(static_cast<unsigned>(t) * 7 + 3);
            std::vector<JET_SESID> held;
            // Each held session keeps this thread's context set for as long as it is held, so a
            // slot handed to two live sessions would show up as -1912 at the second claim.
            const JET_API_PTR ctx = 0x9000 + static_cast<JET_API_PTR>(t);
            auto release_one = [&](size_t k) {
                const JET_SESID s = held[k];
                held.erase(held.begin() + static_cast<long>(k));
                u.Check("JetResetSessionContext", JetResetSessionContext(s), {JET_errSuccess});
                {
                    std::lock_guard<std::mutex> lock(handles_mu);
                    handles.erase(s);
                }
                live.fetch_sub(1);  // before the end: our count never exceeds the engine's
                u.Check("JetEndSession", JetEndSession(s, (rng() & 1) ? JET_bitForceSessionClosed : 0),
                        {JET_errSuccess});
            };
            for (long i = 0; i < iterations && u.count() == 0; ++i) {
                const bool acquire = held.empty() || (held.size() < kWantPerThread && (rng() & 1));
                if (!acquire) {
                    release_one(rng() % held.size());
                    continue;
                }
                JET_SESID s = JET_sesidNil;
                const JET_ERR err = (held.empty() || (rng() & 1)) ? JetBeginSession(inst, &s, nullptr, nullptr)
                                                                  : JetDupSession(held[0], &s);
                if (err == JET_errOutOfSessions) {
                    out_of_sessions.fetch_add(1, std::memory_order_relaxed);
                    if (!held.empty()) release_one(rng() % held.size());
                    continue;
                }
                if (!u.Check("JetBeginSession/JetDupSession", err, {JET_errSuccess})) break;
                if (live.fetch_add(1) + 1 > kMax) over_cap.fetch_add(1);  // after the begin returned
                {
                    std::lock_guard<std::mutex> lock(handles_mu);
                    if (!handles.insert(s).second) duplicate_handles.fetch_add(1);
                }
                u.Check("claim of a new session", JetSetSessionContext(s, ctx), {JET_errSuccess});
                u.Check("JetBeginTransaction", JetBeginTransaction(s), {JET_errSuccess});
                u.Check("JetCommitTransaction", JetCommitTransaction(s, JET_bitCommitLazyFlush), {JET_errSuccess});
                held.push_back(s);
            }
            while (!held.empty()) release_one(held.size() - 1);
        });
    }
    for (auto &th : threads) th.join();
    EXPECT_NONE_UNEXPECTED(u);
    EXPECT_EQ(0, over_cap.load());
    EXPECT_EQ(0, duplicate_handles.load());
    RecordProperty("out_of_sessions", static_cast<int>(std::min<long>(out_of_sessions.load(), 1L << 30)));

    // No slot leaked: exactly kMax sessions fit again.
    std::vector<JET_SESID> all = BeginSessions(inst, static_cast<int>(kMax));
    JET_SESID extra = JET_sesidNil;
    EXPECT_EQ(JET_errOutOfSessions, JetBeginSession(inst, &extra, nullptr, nullptr));
    for (JET_SESID s : all) EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
    Term(inst);
}

// ---- (e) the owner word against the ends of a session ----

TEST_F(ConcurrencyTest, EndSessionRacingSetSessionContextNeverBothSucceed) {
    // JetEndSession claims the owner word before it frees the slot, so a racing claim either
    // keeps the session alive (End gets -1914 or -1910) or finds it ended; never both.
    const long rounds = Scaled(20000, 200);
    JET_INSTANCE inst = Start("end_vs_set", 8);
    Unexpected u;
    long set_won = 0;
    long end_won = 0;
    std::barrier start(2);
    JET_SESID s = JET_sesidNil;
    JET_ERR set_err = 1;
    std::thread setter([&] {
        for (long r = 0; r < rounds; ++r) {
            start.arrive_and_wait();  // s is begun
            set_err = JetSetSessionContext(s, 0x77);
            start.arrive_and_wait();  // both calls returned
            start.arrive_and_wait();  // main has judged; release the context if held
            if (set_err == JET_errSuccess) u.Check("JetResetSessionContext", JetResetSessionContext(s), {JET_errSuccess});
            start.arrive_and_wait();
        }
    });
    for (long r = 0; r < rounds; ++r) {  // every round, so the setter never waits alone at a barrier
        u.Check("JetBeginSession", JetBeginSession(inst, &s, nullptr, nullptr), {JET_errSuccess});
        start.arrive_and_wait();
        const JET_ERR end_err = JetEndSession(s, 0);
        start.arrive_and_wait();
        u.Check("JetEndSession", end_err, {JET_errSuccess, JET_errSessionInUse, JET_errSessionSharingViolation});
        u.Check("JetSetSessionContext", set_err,
                {JET_errSuccess, JET_errInvalidSesid, JET_errSessionSharingViolation});
        if (end_err == JET_errSuccess && set_err == JET_errSuccess) u.Note("both JetEndSession and JetSetSessionContext", 0);
        if (set_err == JET_errSuccess) ++set_won;
        if (end_err == JET_errSuccess) ++end_won;
        start.arrive_and_wait();
        start.arrive_and_wait();  // the context is released
        if (end_err != JET_errSuccess) u.Check("JetEndSession after the race", JetEndSession(s, 0), {JET_errSuccess});
    }
    setter.join();
    EXPECT_NONE_UNEXPECTED(u);
    RecordProperty("set_won", static_cast<int>(set_won));
    RecordProperty("end_won", static_cast<int>(end_won));
    // No slot leaked or left claimed: all 8 sessions begin, take a context and end again.
    std::vector<JET_SESID> all = BeginSessions(inst, 8);
    for (JET_SESID x : all) EXPECT_EQ(JET_errSuccess, JetSetSessionContext(x, 0x99));
    for (JET_SESID x : all) EXPECT_EQ(JET_errSuccess, JetResetSessionContext(x));
    for (JET_SESID x : all) EXPECT_EQ(JET_errSuccess, JetEndSession(x, 0));
    Term(inst);
}

TEST_F(ConcurrencyTest, TermOvertakingAHeldContextLeavesTheNextInitsClaimsAlone) {
    // JetTerm ends a session whose context is still set; the holder's late reset must not touch
    // any session of the next init (that init gets a fresh table, session_table.h discipline 4).
    JET_INSTANCE inst = Create("term_held", 4);
    ASSERT_EQ(JET_errSuccess, JetInit(&inst));
    JET_SESID old_s = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst, &old_s, nullptr, nullptr));
    jetstore::test::Worker holder;
    ASSERT_EQ(JET_errSuccess, holder.Run([&] { return JetSetSessionContext(old_s, 0x1); }));
    ASSERT_EQ(JET_errSuccess, JetTerm(inst));
    std::erase(live_, inst);
    // The next init (of the record the terminated instance freed: the first free one).
    inst = Create("term_held_next", 4);
    ASSERT_EQ(JET_errSuccess, JetInit(&inst));
    live_.back() = inst;
    JET_SESID new_s = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst, &new_s, nullptr, nullptr));
    EXPECT_NE(old_s, new_s);
    EXPECT_EQ(JET_errSuccess, JetSetSessionContext(new_s, 0x2));
    // The old holder's reset finds its session gone and changes nothing.
    EXPECT_EQ(JET_errInvalidSesid, holder.Run([&] { return JetResetSessionContext(old_s); }));
    EXPECT_EQ(JET_errSessionContextAlreadySet, holder.Run([&] { return JetSetSessionContext(new_s, 0x3); }));
    EXPECT_EQ(JET_errSessionInUse, holder.Run([&] { return JetEndSession(new_s, 0); }));
    EXPECT_EQ(JET_errSuccess, JetResetSessionContext(new_s));
    EXPECT_EQ(JET_errSuccess, holder.Run([&] { return JetSetSessionContext(new_s, 0x3); }));
    EXPECT_EQ(JET_errSuccess, holder.Run([&] { return JetResetSessionContext(new_s); }));
    EXPECT_EQ(JET_errSuccess, JetEndSession(new_s, 0));
    Term(inst);
}

}  // namespace
