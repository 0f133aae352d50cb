// JetSetSessionContext / JetResetSessionContext leave the page store untouched: no storage call,
// no LMDB transaction, no reader slot, even around an open transaction that holds data; with the
// commit log, no log write or flush, no commit, no change of the overlay and no checkpoint.
#include <esent.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <thread>

#include "engine/data.h"
#include "engine/instance.h"
#include "engine/seams.h"
#include "tests/test_support.h"

namespace jetstore {
namespace {

long Scale() { return test::Scaled(1000000, 1000); }

class StorageUntouchedTest : public ::testing::Test {
protected:
    virtual bool Logged() const { return false; }

    void SetUp() override {
        ASSERT_TRUE(dir_.Valid());
        ASSERT_EQ(JET_errSuccess, JetCreateInstance(&inst_, "untouched"));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&inst_, 0, JET_paramRecovery, 0, Logged() ? "on" : "off"));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&inst_, 0, JET_paramSystemPath, 0, dir_.Path().c_str()));
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&inst_, 0, JET_paramLogFilePath, 0, dir_.Path().c_str()));
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, (dir_.Path() + "u.edb").c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t_));
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t_, "k", &cd, nullptr, 0, &col_));
    }
    void TearDown() override {
        JetTerm2(inst_, JET_bitTermDirty);
        (void)test::ExpectNoneAliveAndTerminateLeaked();
    }

    // The storage counters of the database, read straight from the engine.
    storage::EnvStats Stats() {
        engine::InstanceRecord* r = engine::ResolveInstance(inst_);
        EXPECT_NE(r, nullptr);
        return r->data->dbs[db_ - 1]->env->Stats();
    }

    test::TempDir dir_{"jetstore_untouched_"};
    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_TABLEID t_ = 0;
    JET_COLUMNID col_ = 0;
};

TEST_F(StorageUntouchedTest, AMillionContextPairsAroundAnOpenTransactionMakeNoStorageCall) {
    constexpr JET_API_PTR kContext = 0x5eed;
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, kContext));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    for (int k = 0; k < 10; ++k) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, col_, &k, sizeof k, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    }
    // Nothing left for the flush timer to do meanwhile (a Wait flag commits nothing).
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitWaitAllLevel0Commit));
    ASSERT_EQ(JET_errSuccess, JetResetSessionContext(s_));

    const storage::EnvStats before = Stats();
    const long pairs = Scale();
    // Claims on this thread and on another, as a thread pool would.
    std::thread other([&] {
        for (long i = 0; i < pairs / 2; ++i) {
            if (JetSetSessionContext(s_, kContext) != JET_errSuccess || JetResetSessionContext(s_) != JET_errSuccess) {
                ADD_FAILURE() << "pair " << i << " failed";
                return;
            }
        }
    });
    other.join();
    for (long i = 0; i < pairs / 2; ++i) {
        ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, kContext));
        ASSERT_EQ(JET_errSuccess, JetResetSessionContext(s_));
    }
    const storage::EnvStats after = Stats();
    EXPECT_EQ(before.storage_calls, after.storage_calls);
    EXPECT_EQ(before.last_txn_id, after.last_txn_id);
    EXPECT_EQ(before.readers_used, after.readers_used);

    // The transaction is still there, and commits from the context on this thread.
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, kContext));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetResetSessionContext(s_));
    EXPECT_GT(Stats().last_txn_id, after.last_txn_id);
    JET_ULONG n = 0;
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t_, &n, 0));
    EXPECT_EQ(n, 10u);
}

// A transaction with data migrates across threads under a context, and commits on the last one.
TEST_F(StorageUntouchedTest, ADataTransactionMigratesAcrossThreadsAndCommits) {
    constexpr JET_API_PTR kContext = 0xbeef;
    for (int k = 0; k < 8; ++k) {
        std::thread worker([&, k] {
            ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, kContext));
            if (k == 0) {
                ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
            }
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, col_, &k, sizeof k, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
            if (k == 7) {
                ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
            }
            ASSERT_EQ(JET_errSuccess, JetResetSessionContext(s_));
        });
        worker.join();
    }
    // Another session sees all eight rows.
    JET_SESID s2 = 0;
    JET_DBID db2 = 0;
    JET_TABLEID t2 = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s2, nullptr, nullptr));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s2, (dir_.Path() + "u.edb").c_str(), nullptr, &db2, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s2, db2, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetMove(s2, t2, JET_MoveFirst, 0));
    JET_ULONG n = 0;
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s2, t2, &n, 0));
    EXPECT_EQ(n, 8u);
    EXPECT_EQ(JET_errSuccess, JetEndSession(s2, 0));
}

class LoggedStorageUntouchedTest : public StorageUntouchedTest {
protected:
    bool Logged() const override { return true; }
};

TEST_F(LoggedStorageUntouchedTest, AMillionContextPairsTouchNeitherTheLogNorTheOverlayNorTheCheckpointer) {
    constexpr JET_API_PTR kContext = 0x10c;
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, kContext));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    for (int k = 0; k < 10; ++k) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, col_, &k, sizeof k, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    }
    ASSERT_EQ(JET_errSuccess, JetResetSessionContext(s_));
    // Everything committed so far is in LMDB and flushed: the background threads have nothing to
    // do while the pairs run.
    ASSERT_EQ(JET_errSuccess, engine::seam::CheckpointNow(inst_));
    engine::seam::LogStats before;
    ASSERT_EQ(JET_errSuccess, engine::seam::GetLogStats(inst_, &before));
    EXPECT_EQ(0u, before.overlay_bytes);
    const storage::EnvStats env_before = Stats();

    const long pairs = Scale();
    std::thread other([&] {
        for (long i = 0; i < pairs / 2; ++i) {
            if (JetSetSessionContext(s_, kContext) != JET_errSuccess || JetResetSessionContext(s_) != JET_errSuccess) {
                ADD_FAILURE() << "pair " << i << " failed";
                return;
            }
        }
    });
    other.join();
    for (long i = 0; i < pairs / 2; ++i) {
        ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, kContext));
        ASSERT_EQ(JET_errSuccess, JetResetSessionContext(s_));
    }
    engine::seam::LogStats after;
    ASSERT_EQ(JET_errSuccess, engine::seam::GetLogStats(inst_, &after));
    const storage::EnvStats env_after = Stats();
    EXPECT_EQ(before.appends, after.appends);
    EXPECT_EQ(before.log_writes, after.log_writes);
    EXPECT_EQ(before.log_syncs, after.log_syncs);
    EXPECT_EQ(before.log_bytes, after.log_bytes);
    EXPECT_EQ(before.commits, after.commits);
    EXPECT_EQ(before.groups, after.groups);
    EXPECT_EQ(before.published_seq, after.published_seq);
    EXPECT_EQ(before.overlay_bytes, after.overlay_bytes);
    EXPECT_EQ(before.checkpoints, after.checkpoints);
    EXPECT_EQ(before.keys_checkpointed, after.keys_checkpointed);
    EXPECT_EQ(env_before.storage_calls, env_after.storage_calls);
    EXPECT_EQ(env_before.last_txn_id, env_after.last_txn_id);
    EXPECT_EQ(env_before.readers_used, env_after.readers_used);

    // The transaction commits through the log afterwards.
    ASSERT_EQ(JET_errSuccess, JetSetSessionContext(s_, kContext));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetResetSessionContext(s_));
    engine::seam::LogStats committed;
    ASSERT_EQ(JET_errSuccess, engine::seam::GetLogStats(inst_, &committed));
    EXPECT_EQ(after.published_seq + 1, committed.published_seq);
    EXPECT_GT(committed.log_syncs, after.log_syncs);
}

}  // namespace
}  // namespace jetstore
