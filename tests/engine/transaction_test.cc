// Session-level transactions: levels 1..7, commit / rollback grbits, JetCommitTransaction2's
// durable-commit argument and commit ids, JetBeginTransaction2/3 grbits, the thread binding of a
// transaction, and JetTerm with a transaction open.
//
// Specs: ese-lifecycle-and-sessions.md 3.4, 3.17-3.19, 7 (items 6, 7, 9, 11, 12, 13);
// esent-scenarios.md TX-01, TX-02, TX-03, TX-06, TX-09, LC-20; DECISIONS.md 2, 6;
// esent.h JetCommitTransaction / JetCommitTransaction2 / JetRollback / JetBeginTransaction2.

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

using jetstore::test::CallGate;
using jetstore::test::g_gate;
using jetstore::test::HoldingHook;
using jetstore::test::t_hold_next_call;
using jetstore::test::Worker;

class TransactionTest : public jetstore::test::InstanceTest {
protected:
    TransactionTest() : InstanceTest("jetstore_trx_") {}

    void SetUp() override {
        InstanceTest::SetUp();
        if (HasFatalFailure()) return;
        inst_ = Start("trx", /*recovery=*/false);
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
    }

    JET_INSTANCE Start(const std::string &name, bool recovery) {
        JET_INSTANCE inst = CreateConfigured(name, recovery);
        EXPECT_EQ(JET_errSuccess, JetInit(&inst));
        live_.push_back(inst);
        return inst;
    }

    // Commits level after level until the session is at level 0; returns how many levels were open.
    int Unwind(JET_SESID s) {
        int levels = 0;
        while (JetCommitTransaction(s, 0) == JET_errSuccess) ++levels;
        return levels;
    }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = JET_sesidNil;
};

// ---- TX-01, TX-02, TX-03, TX-06 ----

TEST_F(TransactionTest, BeginCommitOrRollbackThenBeginAgain) {
    // TX-01
    EXPECT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(0, Unwind(s_));
}

TEST_F(TransactionTest, CommitOrRollbackAtLevelZeroFailsWithNotInTransaction) {
    // TX-02; checklist item 13.
    EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(s_, JET_bitCommitLazyFlush));
    EXPECT_EQ(JET_errNotInTransaction, JetRollback(s_, 0));
    EXPECT_EQ(JET_errNotInTransaction, JetRollback(s_, JET_bitRollbackAll));
    JET_COMMIT_ID id{};
    EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction2(s_, 0, 0, &id));
}

TEST_F(TransactionTest, SevenLevelsNestAndAnEighthBeginFailsWithTransTooDeep) {
    // TX-03; checklist item 13.
    for (int i = 1; i <= JET_cMaxTransactionLevels; ++i) ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_)) << i;
    EXPECT_EQ(JET_errTransTooDeep, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errTransTooDeep, JetBeginTransaction2(s_, JET_bitTransactionReadOnly));
    EXPECT_EQ(JET_errTransTooDeep, JetBeginTransaction3(s_, 42, 0));
    // Still exactly 7.
    EXPECT_EQ(JET_cMaxTransactionLevels, Unwind(s_));
    // And the session can go 7 deep again.
    for (int i = 1; i <= JET_cMaxTransactionLevels; ++i) ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_)) << i;
    EXPECT_EQ(JET_errTransTooDeep, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetRollback(s_, JET_bitRollbackAll));
}

TEST_F(TransactionTest, RollbackAllUndoesEveryLevel) {
    // TX-06
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetRollback(s_, JET_bitRollbackAll));
    EXPECT_EQ(JET_errNotInTransaction, JetRollback(s_, 0));
    EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(s_, 0));
}

TEST_F(TransactionTest, PlainRollbackUndoesOneLevel) {
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(2, Unwind(s_));
}

TEST_F(TransactionTest, RollbackWithBitsOtherThanRollbackAllFailsWithInvalidGrbit) {
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errInvalidGrbit, JetRollback(s_, 0x2));
    EXPECT_EQ(JET_errInvalidGrbit, JetRollback(s_, JET_bitRollbackAll | 0x2));
    EXPECT_EQ(JET_errInvalidGrbit, JetRollback(s_, 0x80000000UL));
    EXPECT_EQ(JET_errInvalidGrbit, JetRollback(s_, 0x10));
    EXPECT_EQ(2, Unwind(s_));  // nothing was rolled back
    EXPECT_EQ(JET_errInvalidGrbit, JetRollback(s_, 0x2));  // also at level 0
}

// ---- TX-09: commit grbits ----

TEST_F(TransactionTest, WaitFlagsAloneSucceedOutsideATransaction) {
    // TX-09
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitWaitLastLevel0Commit));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitWaitAllLevel0Commit));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitCommitLazyFlush));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitWaitLastLevel0Commit));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitWaitAllLevel0Commit));
    EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(s_, 0));
}

TEST_F(TransactionTest, WaitFlagsInsideATransactionCommitNothing) {
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitWaitLastLevel0Commit));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitWaitAllLevel0Commit));
    EXPECT_EQ(2, Unwind(s_));
}

TEST_F(TransactionTest, WaitOrForceNewLogCombinedWithAnotherBitFailsWithInvalidGrbit) {
    // TX-09; checklist item 13.
    const JET_GRBIT bad[] = {
        JET_bitWaitLastLevel0Commit | JET_bitCommitLazyFlush,
        JET_bitWaitAllLevel0Commit | JET_bitCommitLazyFlush,
        JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit,
        JET_bitForceNewLog | JET_bitCommitLazyFlush,
        JET_bitForceNewLog | JET_bitWaitLastLevel0Commit,
        JET_bitForceNewLog | JET_bitWaitAllLevel0Commit,
    };
    for (JET_GRBIT g : bad) EXPECT_EQ(JET_errInvalidGrbit, JetCommitTransaction(s_, g)) << "level 0, grbit " << g;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    for (JET_GRBIT g : bad) EXPECT_EQ(JET_errInvalidGrbit, JetCommitTransaction(s_, g)) << "level 1, grbit " << g;
    EXPECT_EQ(1, Unwind(s_));  // nothing was committed
}

TEST_F(TransactionTest, UnknownCommitBitFailsWithInvalidGrbit) {
    const JET_GRBIT bad[] = {0x40000000UL, 0x4, 0x20, 0x80000000UL, JET_bitCommitLazyFlush | 0x4};
    for (JET_GRBIT g : bad) EXPECT_EQ(JET_errInvalidGrbit, JetCommitTransaction(s_, g)) << "level 0, grbit " << g;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    for (JET_GRBIT g : bad) EXPECT_EQ(JET_errInvalidGrbit, JetCommitTransaction(s_, g)) << "level 1, grbit " << g;
    EXPECT_EQ(1, Unwind(s_));
}

TEST_F(TransactionTest, ForceNewLogAloneSucceeds) {
    // TX-09 (GenerateSomeLogs): outside a transaction, repeatedly.
    for (int i = 0; i < 10; ++i) EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitForceNewLog)) << i;
}

TEST_F(TransactionTest, ForceNewLogAloneSucceedsWithRecoveryOn) {
    JET_INSTANCE inst = Start("trx_newlog", /*recovery=*/true);
    JET_SESID s = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst, &s, nullptr, nullptr));
    for (int i = 0; i < 3; ++i) EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s, JET_bitForceNewLog)) << i;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s, 0));
    Term(inst);
}

TEST_F(TransactionTest, LazyCommitSucceedsAtEveryLevel) {
    // LazyFlush is ignored below the outermost commit.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitCommitLazyFlush));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitCommitLazyFlush));
    EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(s_, JET_bitCommitLazyFlush));
}

// ---- JetCommitTransaction2 ----

class CommitTransaction2Test : public TransactionTest {
protected:
    // Recovery on, so that only an explicit LazyFlush makes a commit lazy.
    void SetUp() override {
        TransactionTest::SetUp();
        inst2_ = Start("trx_commit2", /*recovery=*/true);
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst2_, &s2_, nullptr, nullptr));
    }
    JET_INSTANCE inst2_ = 0;
    JET_SESID s2_ = JET_sesidNil;
};

TEST_F(CommitTransaction2Test, DurableCommitTimeoutWithoutLazyFlushFailsWithInvalidParameter) {
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    JET_COMMIT_ID id{};
    EXPECT_EQ(JET_errInvalidParameter, JetCommitTransaction2(s2_, 0, 100, &id));
    EXPECT_EQ(JET_errInvalidParameter, JetCommitTransaction2(s2_, 0, 1, nullptr));
    EXPECT_EQ(1, Unwind(s2_));  // the failed commits changed nothing
}

TEST_F(CommitTransaction2Test, DurableCommitTimeoutWithLazyFlushSucceeds) {
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    JET_COMMIT_ID id{};
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction2(s2_, JET_bitCommitLazyFlush, 100, &id));
    EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction(s2_, 0));
    // Make the lazy commit durable before term.
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s2_, JET_bitWaitLastLevel0Commit));
}

TEST_F(CommitTransaction2Test, CommitIdsIncreaseAcrossLevelZeroCommits) {
    JET_SESID other = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst2_, &other, nullptr, nullptr));
    long long last = -1;
    for (int i = 0; i < 10; ++i) {
        JET_SESID s = (i % 2 == 0) ? s2_ : other;  // ids grow per instance, across sessions
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s));
        JET_COMMIT_ID id{};
        id.commitId = -12345;
        const JET_GRBIT grbit = (i % 3 == 0) ? JET_bitCommitLazyFlush : 0;
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction2(s, grbit, grbit ? 50 : 0, &id)) << i;
        EXPECT_GT(id.commitId, last) << "commit " << i;
        last = id.commitId;
    }
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s2_, JET_bitWaitAllLevel0Commit));
}

TEST_F(CommitTransaction2Test, CommitIdIsOptional) {
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s2_));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction2(s2_, 0, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction2(s_, 0, 0, nullptr));
}

TEST_F(CommitTransaction2Test, CommitTransaction2ChecksGrbitsLikeCommitTransaction) {
    JET_COMMIT_ID id{};
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction2(s2_, JET_bitWaitLastLevel0Commit, 0, &id));
    EXPECT_EQ(JET_errInvalidGrbit,
              JetCommitTransaction2(s2_, JET_bitWaitLastLevel0Commit | JET_bitCommitLazyFlush, 0, &id));
    EXPECT_EQ(JET_errInvalidGrbit, JetCommitTransaction2(s2_, 0x40000000UL, 0, &id));
    EXPECT_EQ(JET_errNotInTransaction, JetCommitTransaction2(s2_, 0, 0, &id));
}

// ---- JetBeginTransaction2 / 3 ----

TEST_F(TransactionTest, BeginTransaction2AcceptsReadOnly) {
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction2(s_, JET_bitTransactionReadOnly));
    EXPECT_EQ(JET_errSuccess, JetBeginTransaction2(s_, JET_bitTransactionReadOnly));  // nested: ignored
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction2(s_, JET_bitTransactionReadOnly));
    EXPECT_EQ(JET_errSuccess, JetRollback(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction2(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
}

TEST_F(TransactionTest, BeginTransaction2IgnoresUnknownBits) {
    // [esent] unknown bits are filtered out, not rejected.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction2(s_, 0x40000000UL));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction2(s_, 0x80000000UL | JET_bitTransactionReadOnly));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction2(s_, ~JET_GRBIT{0}));
    EXPECT_EQ(3, Unwind(s_));
}

TEST_F(TransactionTest, BeginTransaction3IgnoresTheTrxidAndUnknownBits) {
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction3(s_, 0, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction3(s_, -1, JET_bitTransactionReadOnly));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction3(s_, 0x7fffffffffffffffLL, 0x40000000UL));
    EXPECT_EQ(3, Unwind(s_));
}

// ---- the thread binding (checklist items 6, 7, 9, 12) ----

TEST_F(TransactionTest, BeginOnOneThreadAndCommitOnAnotherFailsWithSharingViolation) {
    // Checklist item 6.
    Worker a;
    Worker b;
    ASSERT_EQ(JET_errSuccess, a.Run([&] { return JetBeginTransaction(s_); }));
    EXPECT_EQ(JET_errSessionSharingViolation, b.Run([&] { return JetCommitTransaction(s_, 0); }));
    EXPECT_EQ(JET_errSuccess, a.Run([&] { return JetRollback(s_, 0); }));
    EXPECT_EQ(JET_errNotInTransaction, a.Run([&] { return JetRollback(s_, 0); }));
}

TEST_F(TransactionTest, ContextCarriesATransactionToAnotherThreadOnlyWithTheSameValue) {
    // Checklist item 7.
    constexpr JET_API_PTR kV = 0xC0FFEE;
    constexpr JET_API_PTR kW = 0xBEEF;
    Worker a;
    Worker b;
    ASSERT_EQ(JET_errSuccess, a.Run([&] { return JetSetSessionContext(s_, kV); }));
    ASSERT_EQ(JET_errSuccess, a.Run([&] { return JetBeginTransaction(s_); }));
    ASSERT_EQ(JET_errSuccess, a.Run([&] { return JetResetSessionContext(s_); }));

    ASSERT_EQ(JET_errSuccess, b.Run([&] { return JetSetSessionContext(s_, kW); }));
    EXPECT_EQ(JET_errSessionSharingViolation, b.Run([&] { return JetCommitTransaction(s_, 0); }));
    ASSERT_EQ(JET_errSuccess, b.Run([&] { return JetResetSessionContext(s_); }));

    ASSERT_EQ(JET_errSuccess, b.Run([&] { return JetSetSessionContext(s_, kV); }));
    EXPECT_EQ(JET_errSuccess, b.Run([&] { return JetCommitTransaction(s_, 0); }));
    ASSERT_EQ(JET_errSuccess, b.Run([&] { return JetResetSessionContext(s_); }));
}

TEST_F(TransactionTest, EndSessionChecksContextAndTransactionOwner) {
    // Checklist item 9.
    Worker a;
    Worker b;
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, 0x42));
    EXPECT_EQ(JET_errSessionInUse, JetEndSession(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetResetSessionContext(s_));

    ASSERT_EQ(JET_errSuccess, a.Run([&] { return JetBeginTransaction(s_); }));
    EXPECT_EQ(JET_errSessionSharingViolation, b.Run([&] { return JetEndSession(s_, 0); }));
    // The session survives, with its transaction, for its owner.
    EXPECT_EQ(JET_errSuccess, a.Run([&] { return JetCommitTransaction(s_, 0); }));
    EXPECT_EQ(JET_errSuccess, b.Run([&] { return JetEndSession(s_, 0); }));
}

TEST_F(TransactionTest, TwoConcurrentCallsOnOneSessionGiveSharingViolation) {
    // Checklist item 12: hold one call inside the session, then make each call from another thread.
    CallGate gate;
    g_gate = &gate;
    seam::SetCallHook(&HoldingHook);
    Worker holder;
    std::future<JET_ERR> held = holder.Async([&] {
        t_hold_next_call = true;
        return JetBeginTransaction(s_);
    });
    gate.WaitEntered();

    JET_ULONG version = 0;
    JET_SESID dup = JET_sesidNil;
    EXPECT_EQ(JET_errSessionSharingViolation, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSessionSharingViolation, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSessionSharingViolation, JetCommitTransaction(s_, JET_bitWaitLastLevel0Commit));
    EXPECT_EQ(JET_errSessionSharingViolation, JetRollback(s_, 0));
    EXPECT_EQ(JET_errSessionSharingViolation, JetGetVersion(s_, &version));
    EXPECT_EQ(JET_errSessionSharingViolation, JetDupSession(s_, &dup));
    EXPECT_EQ(JET_errSessionSharingViolation, JetSetSessionContext(s_, 0x42));
    EXPECT_EQ(JET_errSessionSharingViolation, JetEndSession(s_, 0));

    gate.Release();
    EXPECT_EQ(JET_errSuccess, held.get());
    seam::SetCallHook(nullptr);
    g_gate = nullptr;

    // The refused calls changed nothing: level 1, owned by the holder; no context is set.
    EXPECT_EQ(JET_errSessionContextNotSetByThisThread, JetResetSessionContext(s_));
    EXPECT_EQ(JET_errSuccess, holder.Run([&] { return JetCommitTransaction(s_, 0); }));
    EXPECT_EQ(JET_errNotInTransaction, holder.Run([&] { return JetCommitTransaction(s_, 0); }));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s_, 0));
}

// ---- term with an open transaction (checklist item 11, LC-20) ----

TEST_F(TransactionTest, TermWithAnOpenTransactionFailsWithTooManyActiveUsers) {
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errTooManyActiveUsers, JetTerm(inst_));
    EXPECT_EQ(JET_errTooManyActiveUsers, JetTerm2(inst_, 0));
    EXPECT_EQ(JET_errTooManyActiveUsers, JetTerm2(inst_, JET_bitTermComplete));
    EXPECT_EQ(JET_errTooManyActiveUsers, JetTerm2(inst_, JET_bitTermAbrupt));
    // The instance is still running, and the session with it.
    JET_SESID other = JET_sesidNil;
    EXPECT_EQ(JET_errSuccess, JetBeginSession(inst_, &other, nullptr, nullptr));
    EXPECT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetRollback(s_, JET_bitRollbackAll));
    Term(inst_);
}

TEST_F(TransactionTest, TermWithAnotherThreadsOpenTransactionFailsUntilItsOwnerRollsBack) {
    Worker a;
    ASSERT_EQ(JET_errSuccess, a.Run([&] { return JetBeginTransaction(s_); }));
    EXPECT_EQ(JET_errTooManyActiveUsers, JetTerm(inst_));
    EXPECT_EQ(JET_errSuccess, a.Run([&] { return JetRollback(s_, 0); }));
    Term(inst_);
}

TEST_F(TransactionTest, DirtyTermSucceedsWithAnOpenTransaction) {
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errDirtyShutdown, JetTerm2(inst_, JET_bitTermDirty));
    std::erase(live_, inst_);
    EXPECT_EQ(JET_errNotInitialized, JetCommitTransaction(s_, 0));
}

// ---- stop-service (checklist item 10) ----

TEST_F(TransactionTest, StopServiceRefusesBeginAndCommitButNotRollback) {
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetStopServiceInstance(inst_));
    EXPECT_EQ(JET_errClientRequestToStopJetService, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errClientRequestToStopJetService, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(JET_errNotInTransaction, JetRollback(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s_, 0));
    Term(inst_);
}

}  // namespace
