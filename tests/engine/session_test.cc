// Sessions: JetBeginSession / JetDupSession / JetEndSession, the exact MaxSessions cap, handle
// validation (ended, never-existed, terminated-instance and reused-slot handles) and the
// one-thread-at-a-time rule for JetDupSession.
//
// Specs: ese-lifecycle-and-sessions.md 2.4, 2.5, 3.12-3.14; esent-scenarios.md SE-01, SE-02,
// SE-05, SE-08, LC-15, LC-19; DECISIONS.md 2, 4, 15.

#include <esent.h>

#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/seams.h"
#include "tests/test_support.h"

namespace {

namespace seam = jetstore::engine::seam;

using jetstore::test::CallGate;
using jetstore::test::g_gate;
using jetstore::test::HoldingHook;
using jetstore::test::t_hold_next_call;

class SessionTest : public jetstore::test::InstanceTest {
protected:
    SessionTest() : InstanceTest("jetstore_session_") {}

    // Creates (multi-instance mode) and configures an instance with its own folder, recovery off.
    JET_INSTANCE Create(const std::string &name, long max_sessions = -1) {
        JET_INSTANCE inst = CreateConfigured(name);
        if (max_sessions >= 0) {
            EXPECT_EQ(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramMaxSessions,
                                                            static_cast<JET_API_PTR>(max_sessions), nullptr));
        }
        live_.push_back(inst);
        return inst;
    }

    JET_INSTANCE Start(const std::string &name, long max_sessions = -1) {
        JET_INSTANCE inst = Create(name, max_sessions);
        EXPECT_EQ(JET_errSuccess, JetInit(&inst));
        live_.back() = inst;
        return inst;
    }

    JET_SESID Begin(JET_INSTANCE inst) {
        JET_SESID s = JET_sesidNil;
        EXPECT_EQ(JET_errSuccess, JetBeginSession(inst, &s, nullptr, nullptr));
        return s;
    }
};

// ---- SE-01, SE-02 ----

TEST_F(SessionTest, BeginAndEndSessionWithTrivialTransaction) {
    JET_INSTANCE inst = Start("se01");
    JET_SESID s = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst, &s, "", ""));
    EXPECT_NE(JET_sesidNil, s);
    EXPECT_NE(JET_SESID{0}, s);
    EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));

    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst, &s, nullptr, nullptr));
    EXPECT_EQ(JET_errSuccess, JetBeginTransaction(s));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s, 0));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
    Term(inst);
}

TEST_F(SessionTest, DupSessionReturnsANewDistinctSession) {
    JET_INSTANCE inst = Start("se02");
    JET_SESID s = Begin(inst);
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetDupSession(s, &s2));
    EXPECT_NE(s, s2);
    EXPECT_NE(JET_sesidNil, s2);
    EXPECT_NE(JET_SESID{0}, s2);
    // Both are independent, usable sessions.
    EXPECT_EQ(JET_errSuccess, JetBeginTransaction(s2));
    EXPECT_EQ(JET_errSuccess, JetBeginTransaction(s));
    EXPECT_EQ(JET_errSuccess, JetRollback(s, 0));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s2, 0));
    Term(inst);  // SE-02 terminates with both sessions still open
}

TEST_F(SessionTest, DupSessionCopiesNeitherTransactionNorContext) {
    JET_INSTANCE inst = Start("dupnocopy");
    JET_SESID s = Begin(inst);
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s, 0x77));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s));
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetDupSession(s, &s2));
    EXPECT_EQ(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s2));  // no context
    EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(s2, 0));                   // level 0
    EXPECT_EQ(JET_errSuccess, JetEndSession(s2, 0));  // no context blocks it
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s, 0));
    EXPECT_EQ(JET_errSuccess, JetResetSessionContext(s));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
    Term(inst);
}

// ---- argument and instance-handle checks ----

TEST_F(SessionTest, BeginSessionWithNullOutPointerFailsWithInvalidParameter) {
    JET_INSTANCE inst = Start("nullout");
    EXPECT_EQ(JET_errInvalidParameter, JetBeginSession(inst, nullptr, nullptr, nullptr));
    JET_SESID s = Begin(inst);
    EXPECT_EQ(JET_errInvalidParameter, JetDupSession(s, nullptr));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
    Term(inst);
}

TEST_F(SessionTest, BeginSessionWithBadInstanceHandleInMultiInstanceModeFailsWithInvalidParameter) {
    JET_INSTANCE inst = Start("badinst");
    JET_INSTANCE other = Start("badinst_other");
    Term(other);  // a handle that once was valid
    JET_SESID s = JET_sesidNil;
    EXPECT_EQ(JET_errInvalidParameter, JetBeginSession(0, &s, nullptr, nullptr));
    EXPECT_EQ(JET_errInvalidParameter, JetBeginSession(JET_instanceNil, &s, nullptr, nullptr));
    EXPECT_EQ(JET_errInvalidParameter, JetBeginSession(JET_INSTANCE{0x12345678}, &s, nullptr, nullptr));
    EXPECT_EQ(JET_errInvalidParameter, JetBeginSession(other, &s, nullptr, nullptr));
    EXPECT_EQ(JET_errInvalidParameter, JetBeginSession(inst ^ (JET_INSTANCE{1} << 40), &s, nullptr, nullptr));
    Term(inst);
}

TEST_F(SessionTest, BeginSessionOnCreatedInstanceFailsWithNotInitialized) {
    // LC-15; checklist item 4.
    JET_INSTANCE created = Create("created");
    JET_SESID s = JET_sesidNil;
    EXPECT_EQ(JET_errNotInitialized, JetBeginSession(created, &s, nullptr, nullptr));
    // Still NotInitialized while another instance of the process runs.
    JET_INSTANCE running = Start("created_other");
    EXPECT_EQ(JET_errNotInitialized, JetBeginSession(created, &s, nullptr, nullptr));
    Term(running);
    Term(created);  // a never-initialized instance terminates with success
}

TEST_F(SessionTest, BeginAndDupSessionAfterStopServiceFailWithClientRequestToStop) {
    JET_INSTANCE inst = Start("stopsvc");
    JET_SESID s = Begin(inst);
    ASSERT_EQ(JET_errSuccess, JetStopServiceInstance(inst));
    JET_SESID s2 = JET_sesidNil;
    EXPECT_EQ(JET_errClientRequestToStopJetService, JetBeginSession(inst, &s2, nullptr, nullptr));
    EXPECT_EQ(JET_errClientRequestToStopJetService, JetDupSession(s, &s2));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));  // exempt
    Term(inst);
}

// ---- MaxSessions: an exact cap ----

TEST_F(SessionTest, MaxSessionsCapsSessionsExactly) {
    constexpr long kMax = 3;
    JET_INSTANCE inst = Start("cap", kMax);
    std::vector<JET_SESID> sessions;
    for (long i = 0; i < kMax; ++i) sessions.push_back(Begin(inst));
    JET_SESID extra = JET_sesidNil;
    EXPECT_EQ(JET_errOutOfSessions, JetBeginSession(inst, &extra, nullptr, nullptr));
    EXPECT_EQ(JET_errOutOfSessions, JetDupSession(sessions[0], &extra));

    // Ending one frees exactly one place, for JetBeginSession ...
    ASSERT_EQ(JET_errSuccess, JetEndSession(sessions.back(), 0));
    sessions.pop_back();
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst, &extra, nullptr, nullptr));
    sessions.push_back(extra);
    EXPECT_EQ(JET_errOutOfSessions, JetBeginSession(inst, &extra, nullptr, nullptr));

    // ... and for JetDupSession.
    ASSERT_EQ(JET_errSuccess, JetEndSession(sessions.back(), 0));
    sessions.pop_back();
    ASSERT_EQ(JET_errSuccess, JetDupSession(sessions[0], &extra));
    sessions.push_back(extra);
    EXPECT_EQ(JET_errOutOfSessions, JetDupSession(sessions[0], &extra));
    EXPECT_EQ(JET_errOutOfSessions, JetBeginSession(inst, &extra, nullptr, nullptr));

    for (JET_SESID s : sessions) EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
    Term(inst);
}

TEST_F(SessionTest, DefaultMaxSessionsIsSixteen) {
    // DECISIONS.md 10, 15.
    JET_INSTANCE inst = Start("cap16");
    std::vector<JET_SESID> sessions;
    for (int i = 0; i < 16; ++i) sessions.push_back(Begin(inst));
    JET_SESID extra = JET_sesidNil;
    EXPECT_EQ(JET_errOutOfSessions, JetBeginSession(inst, &extra, nullptr, nullptr));
    Term(inst);  // ends all 16 idle sessions
}

TEST_F(SessionTest, OneSessionCapIsPerInstance) {
    JET_INSTANCE a = Start("capa", 1);
    JET_INSTANCE b = Start("capb", 1);
    JET_SESID sa = Begin(a);
    JET_SESID sb = Begin(b);  // a's full cap does not count against b
    JET_SESID extra = JET_sesidNil;
    EXPECT_EQ(JET_errOutOfSessions, JetBeginSession(a, &extra, nullptr, nullptr));
    EXPECT_EQ(JET_errOutOfSessions, JetDupSession(sb, &extra));
    EXPECT_EQ(JET_errSuccess, JetEndSession(sa, 0));
    EXPECT_EQ(JET_errSuccess, JetEndSession(sb, 0));
    Term(a);
    Term(b);
}

// ---- handle validation ----

TEST_F(SessionTest, EndedHandleFailsWithInvalidSesid) {
    // SE-08
    JET_INSTANCE inst = Start("ended");
    JET_SESID s = Begin(inst);
    JET_SESID keep = Begin(inst);
    ASSERT_EQ(JET_errSuccess, JetEndSession(s, 0));
    JET_SESID s2 = JET_sesidNil;
    JET_ULONG version = 0;
    EXPECT_EQ(JET_errInvalidSesid, JetEndSession(s, 0));
    EXPECT_EQ(JET_errInvalidSesid, JetBeginTransaction(s));
    EXPECT_EQ(JET_errInvalidSesid, JetCommitTransaction(s, 0));
    EXPECT_EQ(JET_errInvalidSesid, JetRollback(s, 0));
    EXPECT_EQ(JET_errInvalidSesid, JetDupSession(s, &s2));
    EXPECT_EQ(JET_errInvalidSesid, JetSetSessionContext(s, 0x10));
    EXPECT_EQ(JET_errInvalidSesid, JetResetSessionContext(s));
    EXPECT_EQ(JET_errInvalidSesid, JetGetVersion(s, &version));
    EXPECT_EQ(JET_errSuccess, JetGetVersion(keep, &version));
    EXPECT_NE(0UL, version);
    Term(inst);
}

TEST_F(SessionTest, NeverIssuedHandleFailsWithInvalidSesid) {
    JET_INSTANCE inst = Start("never");
    EXPECT_EQ(JET_errInvalidSesid, JetBeginTransaction(JET_SESID{0x12345678}));
    EXPECT_EQ(JET_errInvalidSesid, JetEndSession(JET_SESID{0x12345678}, 0));
    Term(inst);
}

TEST_F(SessionTest, ZeroAndNilSesidFailWithInvalidSesidWhetherOrNotAnInstanceRuns) {
    const JET_SESID bad[] = {JET_SESID{0}, JET_sesidNil};
    for (int running = 0; running < 2; ++running) {
        JET_INSTANCE inst = running ? Start("zeronil") : 0;
        for (JET_SESID s : bad) {
            JET_SESID out = JET_sesidNil;
            JET_ULONG version = 0;
            EXPECT_EQ(JET_errInvalidSesid, JetEndSession(s, 0)) << "running=" << running;
            EXPECT_EQ(JET_errInvalidSesid, JetDupSession(s, &out)) << "running=" << running;
            EXPECT_EQ(JET_errInvalidSesid, JetBeginTransaction(s)) << "running=" << running;
            EXPECT_EQ(JET_errInvalidSesid, JetCommitTransaction(s, 0)) << "running=" << running;
            EXPECT_EQ(JET_errInvalidSesid, JetRollback(s, 0)) << "running=" << running;
            EXPECT_EQ(JET_errInvalidSesid, JetSetSessionContext(s, 0x10)) << "running=" << running;
            EXPECT_EQ(JET_errInvalidSesid, JetResetSessionContext(s)) << "running=" << running;
            EXPECT_EQ(JET_errInvalidSesid, JetGetVersion(s, &version)) << "running=" << running;
        }
        if (running) Term(inst);
    }
}

TEST_F(SessionTest, HandleOfTerminatedInstanceFailsWithNotInitializedWhenNoInstanceIsLeft) {
    JET_INSTANCE inst = Start("termnone");
    JET_SESID s = Begin(inst);
    Term(inst);
    JET_SESID out = JET_sesidNil;
    EXPECT_EQ(JET_errNotInitialized, JetBeginTransaction(s));
    EXPECT_EQ(JET_errNotInitialized, JetEndSession(s, 0));
    EXPECT_EQ(JET_errNotInitialized, JetDupSession(s, &out));
    EXPECT_EQ(JET_errNotInitialized, JetResetSessionContext(s));
    EXPECT_EQ(JET_errNotInitialized, JetBeginTransaction(JET_SESID{0x12345678}));
}

TEST_F(SessionTest, HandleOfTerminatedInstanceFailsWithInvalidSesidWhileAnotherInstanceRuns) {
    JET_INSTANCE other = Start("termother_live");
    JET_INSTANCE inst = Start("termother");
    JET_SESID s = Begin(inst);
    Term(inst);
    JET_SESID out = JET_sesidNil;
    EXPECT_EQ(JET_errInvalidSesid, JetBeginTransaction(s));
    EXPECT_EQ(JET_errInvalidSesid, JetEndSession(s, 0));
    EXPECT_EQ(JET_errInvalidSesid, JetDupSession(s, &out));
    EXPECT_EQ(JET_errInvalidSesid, JetResetSessionContext(s));
    EXPECT_EQ(JET_errInvalidSesid, JetSetSessionContext(s, 0x10));
    Term(other);
}

TEST_F(SessionTest, HandleOfTerminatedInstanceStaysInvalidWhenANewInstanceTakesItsPlace) {
    // Instance slots are reused too: the session handle carries the instance's generation.
    JET_INSTANCE inst = Start("reuse_inst");
    JET_SESID s = Begin(inst);
    Term(inst);
    JET_INSTANCE again = Start("reuse_inst");
    JET_SESID fresh = Begin(again);
    EXPECT_NE(s, fresh);
    EXPECT_EQ(JET_errInvalidSesid, JetBeginTransaction(s));
    EXPECT_EQ(JET_errInvalidSesid, JetEndSession(s, 0));
    EXPECT_EQ(JET_errSuccess, JetBeginTransaction(fresh));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(fresh, 0));
    Term(again);
}

TEST_F(SessionTest, TermEndsOpenIdleSessionsAndInvalidatesTheirHandles) {
    // LC-19
    JET_INSTANCE keep = Start("lc19_keep");
    JET_INSTANCE inst = Start("lc19");
    JET_SESID s = Begin(inst);
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetDupSession(s, &s2));
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s2, 0x99));  // an idle session with a context
    Term(inst);
    EXPECT_EQ(JET_errInvalidSesid, JetBeginTransaction(s));
    EXPECT_EQ(JET_errInvalidSesid, JetEndSession(s, 0));
    EXPECT_EQ(JET_errInvalidSesid, JetResetSessionContext(s2));
    EXPECT_EQ(JET_errInvalidSesid, JetEndSession(s2, 0));
    Term(keep);
}

TEST_F(SessionTest, ReusedSlotDoesNotAcceptTheOldHandle) {
    // With MaxSessions = 1 every new session must reuse the one slot: the generation tells the
    // handles apart.
    JET_INSTANCE inst = Start("generation", 1);
    std::set<JET_SESID> old_handles;
    JET_SESID current = Begin(inst);
    for (int i = 0; i < 100; ++i) {
        ASSERT_EQ(JET_errSuccess, JetEndSession(current, 0));
        old_handles.insert(current);
        JET_SESID next = Begin(inst);
        ASSERT_EQ(0U, old_handles.count(next)) << "handle reissued at iteration " << i;
        current = next;
    }
    JET_SESID out = JET_sesidNil;
    for (JET_SESID old : old_handles) {
        EXPECT_EQ(JET_errInvalidSesid, JetBeginTransaction(old));
        EXPECT_EQ(JET_errInvalidSesid, JetSetSessionContext(old, 0x10));
        EXPECT_EQ(JET_errInvalidSesid, JetDupSession(old, &out));
        EXPECT_EQ(JET_errInvalidSesid, JetEndSession(old, 0));
    }
    // The live session was not disturbed by any of that.
    EXPECT_EQ(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(current));
    EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(current, 0));
    EXPECT_EQ(JET_errSuccess, JetEndSession(current, 0));
    Term(inst);
}

// ---- JetEndSession ----

TEST_F(SessionTest, EndSessionAcceptsZeroAndForceSessionClosed) {
    JET_INSTANCE inst = Start("endgrbit");
    EXPECT_EQ(JET_errSuccess, JetEndSession(Begin(inst), 0));
    EXPECT_EQ(JET_errSuccess, JetEndSession(Begin(inst), JET_bitForceSessionClosed));
    Term(inst);
}

TEST_F(SessionTest, EndSessionWithUnknownGrbitFailsAndKeepsTheSession) {
    JET_INSTANCE inst = Start("endbadgrbit");
    JET_SESID s = Begin(inst);
    EXPECT_EQ(JET_errInvalidGrbit, JetEndSession(s, 0x2));
    EXPECT_EQ(JET_errInvalidGrbit, JetEndSession(s, JET_bitForceSessionClosed | 0x2));
    EXPECT_EQ(JET_errInvalidGrbit, JetEndSession(s, 0x80000000UL));
    JET_ULONG version = 0;
    EXPECT_EQ(JET_errSuccess, JetGetVersion(s, &version));  // still alive
    EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
    Term(inst);
}

TEST_F(SessionTest, EndSessionRollsBackOpenLevels) {
    // SE-05: after the implicit rollback no transaction is open, so a plain term succeeds.
    JET_INSTANCE inst = Start("endrollback");
    JET_SESID s = Begin(inst);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
    Term(inst);
}

// ---- one thread at a time ----

TEST_F(SessionTest, DupSessionWhileAnotherThreadIsInsideACallOnTheSourceFailsWithSharingViolation) {
    JET_INSTANCE inst = Start("dupsharing");
    JET_SESID s = Begin(inst);
    CallGate gate;
    g_gate = &gate;
    seam::SetCallHook(&HoldingHook);

    JET_ERR held_result = 1;
    std::thread holder([&] {
        t_hold_next_call = true;
        held_result = JetBeginTransaction(s);  // held inside the call by the hook
        JetRollback(s, 0);
    });
    gate.WaitEntered();
    JET_SESID s2 = JET_sesidNil;
    EXPECT_EQ(JET_errSessionSharingViolation, JetDupSession(s, &s2));
    gate.Release();
    holder.join();
    seam::SetCallHook(nullptr);
    g_gate = nullptr;

    EXPECT_EQ(JET_errSuccess, held_result);
    // Once the other thread has left, JetDupSession works.
    ASSERT_EQ(JET_errSuccess, JetDupSession(s, &s2));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s2, 0));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
    Term(inst);
}

TEST_F(SessionTest, SessionsOfOneInstanceAreUsableFromDifferentThreads) {
    JET_INSTANCE inst = Start("perthread");
    constexpr int kThreads = 4;
    std::vector<JET_ERR> results(kThreads, 1);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            JET_SESID s = JET_sesidNil;
            JET_ERR err = JetBeginSession(inst, &s, nullptr, nullptr);
            for (int i = 0; err == JET_errSuccess && i < 100; ++i) {
                err = JetBeginTransaction(s);
                if (err == JET_errSuccess) err = JetCommitTransaction(s, JET_bitCommitLazyFlush);
            }
            if (err == JET_errSuccess) err = JetEndSession(s, 0);
            results[t] = err;
        });
    }
    for (auto &th : threads) th.join();
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(JET_errSuccess, results[t]) << "thread " << t;
    Term(inst);
}

}  // namespace
