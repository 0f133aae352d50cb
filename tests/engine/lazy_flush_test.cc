// A lazy commit (JET_bitCommitLazyFlush) stays undurable only until the instance's flush timer
// (engine/data.h, kLazyFlushDeadline) or a JET_bitWaitLastLevel0Commit makes it durable.
#include <esent.h>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "engine/data.h"
#include "engine/instance.h"
#include "tests/test_support.h"

namespace {

class LazyFlushTest : public jetstore::test::InstanceTest {
protected:
    LazyFlushTest() : InstanceTest("jetstore_lazy_") {}

    void SetUp() override {
        InstanceTest::SetUp();
        if (HasFatalFailure()) return;
        inst_ = CreateConfigured("lazy", /*recovery=*/true);
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        live_.push_back(inst_);
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, (dir_ + "/lazy.edb").c_str(), "", &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t_));
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t_, "k", &cd, nullptr, 0, &col_));
    }

    // With the log, one committer serves the instance's databases.
    jetstore::storage::LogCommitter& Committer() {
        jetstore::engine::InstanceRecord* r = jetstore::engine::ResolveInstance(inst_);
        return *r->data->committer;
    }

    void LazyInsert(int k) {
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, col_, &k, sizeof k, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitCommitLazyFlush));
    }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_TABLEID t_ = 0;
    JET_COLUMNID col_ = 0;
};

TEST_F(LazyFlushTest, WaitLastLevel0CommitMakesALazyCommitDurable) {
    LazyInsert(1);
    EXPECT_TRUE(Committer().HasUnflushedLazy());
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitWaitLastLevel0Commit));
    EXPECT_FALSE(Committer().HasUnflushedLazy());
}

TEST_F(LazyFlushTest, TheFlushTimerMakesALazyCommitDurableOnItsOwn) {
    LazyInsert(2);
    // Bounded: the timer's deadline is a fraction of a second; allow a slow (sanitized) machine.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (Committer().HasUnflushedLazy() && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_FALSE(Committer().HasUnflushedLazy());
}

}  // namespace
