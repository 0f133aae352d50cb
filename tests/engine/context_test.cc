// Session contexts: JetSetSessionContext / JetResetSessionContext, and how they bind transactions
// to a context value instead of a thread (thread migration, wrong thread, wrong value), plus
// JetEndSession's context and transaction checks.
//
// Every "other thread" is a long-lived Worker that runs one step at a time on request, so the
// thread that set a context or began a transaction stays alive while the main thread acts.
//
// Specs: ese-lifecycle-and-sessions.md 3.14-3.17, 4; esent-scenarios.md SC-01..SC-15;
// DECISIONS.md 5, 6; esent.h JetSetSessionContext / JetResetSessionContext / JetEndSession.

#include <esent.h>

#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/seams.h"
#include "tests/test_support.h"

namespace {

namespace seam = jetstore::engine::seam;

constexpr JET_API_PTR kCtxX = 0x1234;
constexpr JET_API_PTR kCtxY = 0x5678;

using jetstore::test::Worker;

class ContextTest : public jetstore::test::InstanceTest {
protected:
    ContextTest() : InstanceTest("jetstore_context_") {}

    void SetUp() override {
        InstanceTest::SetUp();
        if (HasFatalFailure()) return;
        inst_ = Start("context");
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
    }

    JET_INSTANCE Start(const std::string &name) {
        JET_INSTANCE inst = CreateConfigured(name);
        EXPECT_EQ(JET_errSuccess, JetInit(&inst));
        live_.push_back(inst);
        return inst;
    }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = JET_sesidNil;
};

// ---- SC-01 .. SC-05: transactions across threads ----

TEST_F(ContextTest, ContextBoundTransactionCommitsOnAnotherThread) {
    // SC-01; checklist item 7.
    Worker t1;
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetSetSessionContext(s_, kCtxX); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetResetSessionContext(s_); }));

    EXPECT_EQ(JET_errSuccess, JetSetSessionContext(s_, kCtxX));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetResetSessionContext(s_));
    EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(s_, 0));
}

TEST_F(ContextTest, ThreadBoundTransactionCommittedFromAnotherThreadFailsWithSharingViolation) {
    // SC-02; checklist item 6.
    Worker t1;
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    EXPECT_EQ(JET_errSessionSharingViolation, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSessionSharingViolation, JetCommitTransaction(s_, JET_bitCommitLazyFlush));
    // Still at level 1: the owner commits once, and a second commit finds no transaction.
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetCommitTransaction(s_, 0); }));
    EXPECT_EQ(JET_errNotInTransaction, t1.Run([&] { return JetCommitTransaction(s_, 0); }));
}

TEST_F(ContextTest, ThreadBoundTransactionRolledBackFromAnotherThreadFailsWithSharingViolation) {
    // SC-03
    Worker t1;
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    EXPECT_EQ(JET_errSessionSharingViolation, JetRollback(s_, 0));
    EXPECT_EQ(JET_errSessionSharingViolation, JetRollback(s_, JET_bitRollbackAll));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetRollback(s_, 0); }));
    EXPECT_EQ(JET_errNotInTransaction, t1.Run([&] { return JetRollback(s_, 0); }));
}

TEST_F(ContextTest, ContextBoundTransactionRollsBackOnAnotherThread) {
    // SC-04
    Worker t1;
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetSetSessionContext(s_, kCtxX); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetResetSessionContext(s_); }));

    EXPECT_EQ(JET_errSuccess, JetSetSessionContext(s_, kCtxX));
    EXPECT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(JET_errNotInTransaction, JetRollback(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetResetSessionContext(s_));
}

TEST_F(ContextTest, NestedBeginFromAnotherThreadFailsWithSharingViolation) {
    // SC-05: the level stays 1.
    Worker t1;
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    EXPECT_EQ(JET_errSessionSharingViolation, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSessionSharingViolation, JetBeginTransaction2(s_, JET_bitTransactionReadOnly));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetCommitTransaction(s_, 0); }));
    EXPECT_EQ(JET_errNotInTransaction, t1.Run([&] { return JetCommitTransaction(s_, 0); }));
}

TEST_F(ContextTest, LevelZeroBeginIsNotCheckedAgainstTheLastTransactionsThread) {
    // The binding ends with the transaction: any thread may begin the next one.
    Worker t1;
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetCommitTransaction(s_, 0); }));
    EXPECT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
}

TEST_F(ContextTest, ThreadBoundTransactionIsNotAdoptedByALaterThread) {
    // Thread identity must not be recyclable (spec 5): a thread that starts after the owner has
    // exited, possibly on the same stack and TLS block, is still another thread.
    {
        Worker t1;
        ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    }  // t1 exits with its transaction open
    for (int i = 0; i < 4; ++i) {
        Worker later;
        EXPECT_EQ(JET_errSessionSharingViolation, later.Run([&] { return JetCommitTransaction(s_, 0); }));
        EXPECT_EQ(JET_errSessionSharingViolation, later.Run([&] { return JetRollback(s_, 0); }));
    }
    // Nobody can end the orphaned transaction: a plain term refuses, a dirty one stops anyway.
    EXPECT_EQ(JET_errTooManyActiveUsers, JetTerm(inst_));
    EXPECT_EQ(JET_errDirtyShutdown, JetTerm2(inst_, JET_bitTermDirty));
    std::erase(live_, inst_);
}

// ---- SC-06 .. SC-09: set and reset ----

TEST_F(ContextTest, SetTwiceOnTheSameThreadFailsWithContextAlreadySet) {
    // SC-06
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, 0x10));
    EXPECT_EQ(JET_errSessionContextAlreadySet, JetSetSessionContext(s_, 0x10));
    EXPECT_EQ(JET_errSessionContextAlreadySet, JetSetSessionContext(s_, 0x20));
    EXPECT_EQ(JET_errSuccess, JetResetSessionContext(s_));
    EXPECT_EQ(JET_errSuccess, JetSetSessionContext(s_, 0x20));  // free again after the reset
    EXPECT_EQ(JET_errSuccess, JetResetSessionContext(s_));
}

TEST_F(ContextTest, SetFromAnotherThreadWhileSetFailsWithContextAlreadySet) {
    // SC-07
    Worker t1;
    Worker t2;
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetSetSessionContext(s_, 0x10); }));
    EXPECT_EQ(JET_errSessionContextAlreadySet, t2.Run([&] { return JetSetSessionContext(s_, 0x20); }));
    EXPECT_EQ(JET_errSessionContextAlreadySet, t2.Run([&] { return JetSetSessionContext(s_, 0x10); }));
    EXPECT_EQ(JET_errSessionContextAlreadySet, JetSetSessionContext(s_, 0x30));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetResetSessionContext(s_); }));
    // A Set that follows a completed Reset succeeds on any thread (DECISIONS.md 5).
    EXPECT_EQ(JET_errSuccess, t2.Run([&] { return JetSetSessionContext(s_, 0x20); }));
    EXPECT_EQ(JET_errSuccess, t2.Run([&] { return JetResetSessionContext(s_); }));
}

TEST_F(ContextTest, ResetFromOtherThreadFailsWithNotSetByThisThread) {
    // SC-08: the context stays set.
    Worker t1;
    Worker t2;
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetSetSessionContext(s_, 0x10); }));
    EXPECT_EQ(JET_errSessionContextNotSetByThisThread, t2.Run([&] { return JetResetSessionContext(s_); }));
    EXPECT_EQ(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s_));
    EXPECT_EQ(JET_errSessionContextAlreadySet, t2.Run([&] { return JetSetSessionContext(s_, 0x20); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetResetSessionContext(s_); }));
}

TEST_F(ContextTest, ResetWhenNoContextIsSetFailsWithNotSetByThisThread) {
    // SC-08, second half.
    EXPECT_EQ(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s_));
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, 0x10));
    ASSERT_EQ(JET_errSuccess, JetResetSessionContext(s_));
    EXPECT_EQ(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s_));
}

TEST_F(ContextTest, ReservedContextValuesFailWithInvalidParameter) {
    // SC-09: 0 and (JET_API_PTR)-1; nothing is set.
    EXPECT_EQ(JET_errInvalidParameter, JetSetSessionContext(s_, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetSetSessionContext(s_, ~JET_API_PTR{0}));
    EXPECT_EQ(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s_));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s_, 0));
    s_ = JET_sesidNil;
}

TEST_F(ContextTest, ReservedContextValuesAreRejectedEvenWhenAContextIsSet) {
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, 0x10));
    const JET_ERR zero = JetSetSessionContext(s_, 0);
    EXPECT_TRUE(zero == JET_errInvalidParameter || zero == JET_errSessionContextAlreadySet) << zero;
    EXPECT_EQ(JET_errSuccess, JetResetSessionContext(s_));
}

TEST_F(ContextTest, ExtremeButLegalContextValuesWork) {
    const JET_API_PTR values[] = {1, ~JET_API_PTR{0} - 1, JET_API_PTR{1} << 63,
                                  reinterpret_cast<JET_API_PTR>(this)};
    for (JET_API_PTR v : values) {
        ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, v)) << v;
        EXPECT_EQ(JET_errSuccess, JetBeginTransaction(s_));
        EXPECT_EQ(JET_errSuccess, JetResetSessionContext(s_));
        EXPECT_EQ(JET_errSuccess, JetSetSessionContext(s_, v));
        EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
        EXPECT_EQ(JET_errSuccess, JetResetSessionContext(s_));
    }
}

// ---- SC-10 .. SC-13: the binding of a transaction ----

TEST_F(ContextTest, CommitUnderADifferentContextValueFailsWithSharingViolation) {
    // SC-10
    Worker t1;
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetSetSessionContext(s_, kCtxX); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetResetSessionContext(s_); }));

    EXPECT_EQ(JET_errSuccess, JetSetSessionContext(s_, kCtxY));
    EXPECT_EQ(JET_errSessionSharingViolation, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSessionSharingViolation, JetRollback(s_, 0));
    EXPECT_EQ(JET_errSessionSharingViolation, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetResetSessionContext(s_));
    EXPECT_EQ(JET_errSuccess, JetSetSessionContext(s_, kCtxX));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetResetSessionContext(s_));
}

TEST_F(ContextTest, ContextBoundTransactionCommittedWithoutTheContextOnTheSameThreadFails) {
    // SC-11: the transaction stays context-bound until it ends.
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, kCtxX));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetResetSessionContext(s_));
    EXPECT_EQ(JET_errSessionSharingViolation, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSessionSharingViolation, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSessionSharingViolation, JetRollback(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetSetSessionContext(s_, kCtxX));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetResetSessionContext(s_));
}

TEST_F(ContextTest, ThreadBoundTransactionCommitsOnItsThreadAfterAContextIsSet) {
    // SC-12: the binding is the thread, fixed at level 0 -> 1.
    Worker t1;
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetSetSessionContext(s_, kCtxX); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));  // nested
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetCommitTransaction(s_, 0); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetCommitTransaction(s_, 0); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetResetSessionContext(s_); }));
}

TEST_F(ContextTest, ThreadBoundTransactionIsNotReleasedToAnotherThreadByAContext) {
    // The context value does not rebind a thread-bound transaction.
    Worker t1;
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, kCtxX));
    EXPECT_EQ(JET_errSessionSharingViolation, JetCommitTransaction(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetResetSessionContext(s_));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetCommitTransaction(s_, 0); }));
}

TEST_F(ContextTest, OtherThreadMayMakeNonTransactionalCallsWhileAContextIsSet) {
    // SC-13: only the transaction calls check the binding (DECISIONS.md 6).
    Worker t1;
    Worker t2;
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetSetSessionContext(s_, kCtxX); }));
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    EXPECT_EQ(JET_errSuccess, t2.Run([&] {
        JET_ULONG version = 0;
        return JetGetVersion(s_, &version);
    }));
    EXPECT_EQ(JET_errSuccess, t2.Run([&] {
        JET_API_PTR value = 0;
        return JetGetSystemParameter(0, s_, JET_paramMaxSessions, &value, nullptr, 0);
    }));
    EXPECT_EQ(JET_errSessionSharingViolation, t2.Run([&] { return JetCommitTransaction(s_, 0); }));
    EXPECT_EQ(JET_errSessionSharingViolation, t2.Run([&] { return JetBeginTransaction(s_); }));
    EXPECT_EQ(JET_errSessionSharingViolation, t2.Run([&] { return JetRollback(s_, 0); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetCommitTransaction(s_, 0); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetResetSessionContext(s_); }));
}

TEST_F(ContextTest, ContextBoundTransactionNeedsTheSettersThreadNotJustTheValue) {
    // The check is "the caller holds the context and its value is the bound value".
    Worker t1;
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetSetSessionContext(s_, kCtxX); }));
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    // Context X is set, by t1; the main thread does not hold it.
    EXPECT_EQ(JET_errSessionSharingViolation, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetCommitTransaction(s_, 0); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetResetSessionContext(s_); }));
}

// ---- SC-14, SC-15: ending a session ----

TEST_F(ContextTest, EndSessionWhileTheCallerHoldsTheContextFailsWithSessionInUse) {
    // SC-14, same thread; checklist item 9.
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, kCtxX));
    EXPECT_EQ(JET_errSessionInUse, JetEndSession(s_, 0));
    EXPECT_EQ(JET_errSessionInUse, JetEndSession(s_, JET_bitForceSessionClosed));
    // Still usable.
    EXPECT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetResetSessionContext(s_));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s_, 0));
}

TEST_F(ContextTest, EndSessionWhileAnotherThreadHoldsTheContextFailsWithSessionInUse) {
    // SC-14, other thread.
    Worker t1;
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetSetSessionContext(s_, kCtxX); }));
    EXPECT_EQ(JET_errSessionInUse, JetEndSession(s_, 0));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    EXPECT_EQ(JET_errSessionInUse, JetEndSession(s_, 0));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetRollback(s_, 0); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetResetSessionContext(s_); }));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s_, 0));
}

TEST_F(ContextTest, EndSessionOnAnotherThreadWithAThreadBoundTransactionFailsAndKeepsTheSession) {
    // SC-15; checklist item 9.
    Worker t1;
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    EXPECT_EQ(JET_errSessionSharingViolation, JetEndSession(s_, 0));
    // The session survives with its transaction.
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetRollback(s_, JET_bitRollbackAll); }));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s_, 0));
}

TEST_F(ContextTest, EndSessionRollsBackAResetContextBoundTransactionFromAnyThread) {
    // spec 3.14: once the context is reset, EndSession may roll a context-bound transaction back
    // from any thread.
    Worker t1;
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetSetSessionContext(s_, kCtxX); }));
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetResetSessionContext(s_); }));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s_, 0));
    Term(inst_);  // nothing is left open: a plain term succeeds
}

TEST_F(ContextTest, OwnerThreadEndsItsSessionWithAThreadBoundTransaction) {
    Worker t1;
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetBeginTransaction(s_); }));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetEndSession(s_, 0); }));
    Term(inst_);
}

// ---- stop-service and term ----

TEST_F(ContextTest, SetAfterStopServiceFailsButResetStillSucceeds) {
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s2, nullptr, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, kCtxX));
    ASSERT_EQ(JET_errSuccess, JetStopServiceInstance(inst_));

    EXPECT_EQ(JET_errClientRequestToStopJetService, JetSetSessionContext(s2, kCtxY));
    // The refused Set left no context behind.
    EXPECT_EQ(JET_errClientRequestToStopJetService, JetSetSessionContext(s2, kCtxY));
    EXPECT_EQ(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s2));

    EXPECT_EQ(JET_errSuccess, JetResetSessionContext(s_));  // exempt
    EXPECT_EQ(JET_errClientRequestToStopJetService, JetSetSessionContext(s_, kCtxX));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s2, 0));
    Term(inst_);
}

TEST_F(ContextTest, RollbackOfAContextBoundTransactionAfterStopServiceSucceeds) {
    // Checklist item 10 with a context: Rollback and Reset are exempt, Commit is not.
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, kCtxX));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetStopServiceInstance(inst_));
    EXPECT_EQ(JET_errClientRequestToStopJetService, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errClientRequestToStopJetService, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetResetSessionContext(s_));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s_, 0));
    Term(inst_);
}

TEST_F(ContextTest, ResetAfterTermEndedTheSessionFailsWithNotInitializedWhenNoInstanceIsLeft) {
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, kCtxX));
    Term(inst_);  // ends the idle session although a context is set
    EXPECT_EQ(JET_errNotInitialized, JetResetSessionContext(s_));
    EXPECT_EQ(JET_errNotInitialized, JetSetSessionContext(s_, kCtxX));
}

TEST_F(ContextTest, ResetAfterTermEndedTheSessionFailsWithInvalidSesidWhileAnotherInstanceRuns) {
    JET_INSTANCE other = Start("context_other");
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, kCtxX));
    Term(inst_);
    EXPECT_EQ(JET_errInvalidSesid, JetResetSessionContext(s_));
    EXPECT_EQ(JET_errInvalidSesid, JetSetSessionContext(s_, kCtxX));
    EXPECT_EQ(JET_errInvalidSesid, JetEndSession(s_, 0));
    Term(other);
}

TEST_F(ContextTest, ContextsOfDifferentSessionsAreIndependent) {
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s2, nullptr, nullptr));
    Worker t1;
    ASSERT_EQ(JET_errSuccess, t1.Run([&] { return JetSetSessionContext(s_, kCtxX); }));
    EXPECT_EQ(JET_errSuccess, JetSetSessionContext(s2, kCtxX));  // same value, other session
    EXPECT_EQ(JET_errSessionContextNotSetByThisThread, t1.Run([&] { return JetResetSessionContext(s2); }));
    EXPECT_EQ(JET_errSuccess, JetResetSessionContext(s2));
    EXPECT_EQ(JET_errSuccess, t1.Run([&] { return JetResetSessionContext(s_); }));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s2, 0));
}

}  // namespace
