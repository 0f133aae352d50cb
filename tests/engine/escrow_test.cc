// JetEscrowUpdate (esent-scenarios.md section 10): deltas of several sessions to one column add up
// without conflicting; a replace of an escrowed record conflicts; rollback drops the delta. Every
// test runs without the log (escrow commits serialized, applied to LMDB directly) and with it
// (the group leader merges each commit's deltas onto the latest records, in commit order).
#include <esent.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_support.h"

namespace {

class EscrowTest : public jetstore::test::InstanceTest, public ::testing::WithParamInterface<bool> {
protected:
    EscrowTest() : InstanceTest("jetstore_escrow_") {}

    struct Conn {
        JET_SESID s = 0;
        JET_DBID db = 0;
        JET_TABLEID t = 0;
    };

    void SetUp() override {
        InstanceTest::SetUp();
        if (HasFatalFailure()) return;
        inst_ = CreateConfigured("escrow", /*recovery=*/GetParam());
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&inst_, 0, JET_paramMaxSessions, 64, nullptr));
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        live_.push_back(inst_);
        path_ = dir_ + "/escrow.edb";
        Conn a;
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &a.s, nullptr, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabase(a.s, path_.c_str(), "", &a.db, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTable(a.s, a.db, "counters", 0, 100, &a.t));
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumn(a.s, a.t, "key", &cd, nullptr, 0, &key_));
        cd.grbit = JET_bitColumnEscrowUpdate | JET_bitColumnFixed;
        const int zero = 0;
        ASSERT_EQ(JET_errSuccess, JetAddColumn(a.s, a.t, "count", &cd, &zero, sizeof zero, &count_));
        ASSERT_EQ(JET_errSuccess, JetAddColumn(a.s, a.t, "count2", &cd, &zero, sizeof zero, &count2_));
        cd.grbit = 0;
        ASSERT_EQ(JET_errSuccess, JetAddColumn(a.s, a.t, "other", &cd, nullptr, 0, &other_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndex(a.s, a.t, "pk", JET_bitIndexPrimary, "+key\0", 6, 100));
        const int k = 1;
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(a.s, a.t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(a.s, a.t, key_, &k, sizeof k, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(a.s, a.t, nullptr, 0, nullptr));
        a_ = a;
    }

    Conn Open() {
        Conn c;
        EXPECT_EQ(JET_errSuccess, JetBeginSession(inst_, &c.s, nullptr, nullptr));
        EXPECT_EQ(JET_errSuccess, JetOpenDatabase(c.s, path_.c_str(), "", &c.db, 0));
        EXPECT_EQ(JET_errSuccess, JetOpenTable(c.s, c.db, "counters", nullptr, 0, 0, &c.t));
        return c;
    }
    JET_ERR SeekRow(const Conn& c) {
        const int k = 1;
        JET_ERR err = JetMakeKey(c.s, c.t, &k, sizeof k, JET_bitNewKey);
        return err < 0 ? err : JetSeek(c.s, c.t, JET_bitSeekEQ);
    }
    int Count(const Conn& c, JET_COLUMNID column = 0) {
        EXPECT_EQ(JET_errSuccess, SeekRow(c));
        int v = -1;
        JET_ULONG cb = 0;
        EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(c.s, c.t, column != 0 ? column : count_, &v, sizeof v, &cb, 0, nullptr));
        return v;
    }
    JET_ERR Add(const Conn& c, int delta, int* old = nullptr, JET_COLUMNID column = 0) {
        JET_ERR err = SeekRow(c);
        if (err < 0) return err;
        int before = 0;
        JET_ULONG cb = 0;
        err = JetEscrowUpdate(c.s, c.t, column != 0 ? column : count_, &delta, sizeof delta, &before, sizeof before, &cb, 0);
        if (old != nullptr) *old = before;
        return err;
    }

    JET_INSTANCE inst_ = 0;
    std::string path_;
    Conn a_;
    JET_COLUMNID key_ = 0;
    JET_COLUMNID count_ = 0;
    JET_COLUMNID count2_ = 0;
    JET_COLUMNID other_ = 0;
};

TEST_P(EscrowTest, TwoSessionsEscrowTheSameColumnWithoutConflictAndBothDeltasCount) {
    Conn b = Open();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(a_.s));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    int old = -1;
    ASSERT_EQ(JET_errSuccess, Add(a_, 5, &old));
    EXPECT_EQ(0, old);
    ASSERT_EQ(JET_errSuccess, Add(b, 7, &old));
    EXPECT_EQ(5, old);           // DECISIONS 20: the latest value, a's uncommitted delta included
    EXPECT_EQ(5, Count(a_));     // reads see the snapshot plus their own deltas
    EXPECT_EQ(7, Count(b));
    ASSERT_EQ(JET_errSuccess, Add(a_, 1, &old));
    EXPECT_EQ(12, old);          // both deltas
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(a_.s, 0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(b.s, 0));
    EXPECT_EQ(13, Count(a_));
    EXPECT_EQ(13, Count(b));
}

// DECISIONS 20 like a fetch-and-add: sessions that each add 1 to the same column, concurrently,
// get distinct old values, exactly 0 .. n-1 when all commit; a rolled-back delta leaves the
// latest value at once, so the next one sees it gone.
TEST_P(EscrowTest, ConcurrentIncrementsSeeDistinctOldValuesLikeAFetchAndAdd) {
    const int per_thread = static_cast<int>(jetstore::test::Scaled(300, 20));
    constexpr int kThreads = 8;
    std::vector<Conn> conns;
    for (int i = 0; i < kThreads; ++i) conns.push_back(Open());
    std::vector<std::vector<int>> olds(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            const Conn& c = conns[static_cast<std::size_t>(i)];
            for (int n = 0; n < per_thread; ++n) {
                int old = -1;
                // Lazy and durable commits mixed: with the log they share groups.
                if (JetBeginTransaction(c.s) != JET_errSuccess || Add(c, 1, &old) != JET_errSuccess ||
                    JetCommitTransaction(c.s, n % 2 == 0 ? JET_bitCommitLazyFlush : 0) != JET_errSuccess) {
                    ADD_FAILURE() << "an increment failed";
                    return;
                }
                olds[static_cast<std::size_t>(i)].push_back(old);
            }
        });
    }
    for (auto& t : threads) t.join();
    std::vector<int> all;
    for (const auto& v : olds) all.insert(all.end(), v.begin(), v.end());
    std::sort(all.begin(), all.end());
    ASSERT_EQ(static_cast<std::size_t>(kThreads * per_thread), all.size());
    for (int k = 0; k < static_cast<int>(all.size()); ++k) {
        ASSERT_EQ(k, all[static_cast<std::size_t>(k)]) << "old values repeat or skip";
    }
    EXPECT_EQ(kThreads * per_thread, Count(a_));
}

TEST_P(EscrowTest, IncrementsWithRollbacksMixedInAddUpToTheCommittedDeltas) {
    const int per_thread = static_cast<int>(jetstore::test::Scaled(300, 20));
    constexpr int kThreads = 8;
    std::vector<Conn> conns;
    for (int i = 0; i < kThreads; ++i) conns.push_back(Open());
    std::vector<long> committed(kThreads, 0);
    std::atomic<long> in_flight_bound{0};  // the sum of every delta made so far (all positive)
    std::atomic<int> out_of_bounds{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            const Conn& c = conns[static_cast<std::size_t>(i)];
            for (int n = 0; n < per_thread; ++n) {
                const int delta = 1 + (n + i) % 3;
                int old = -1;
                if (JetBeginTransaction(c.s) != JET_errSuccess) return;
                in_flight_bound.fetch_add(delta);  // counted before it is made
                if (Add(c, delta, &old) != JET_errSuccess) {
                    ADD_FAILURE() << "an increment failed";
                    (void)JetRollback(c.s, JET_bitRollbackAll);
                    return;
                }
                // The old value holds only deltas counted by now, this one excepted.
                if (old < 0 || old > in_flight_bound.load() - delta) out_of_bounds.fetch_add(1);
                if ((n + i) % 4 == 0) {
                    // A nested level rolled back: its delta goes, the outer one stays.
                    in_flight_bound.fetch_add(100);
                    if (JetBeginTransaction(c.s) != JET_errSuccess || Add(c, 100) != JET_errSuccess ||
                        JetRollback(c.s, 0) != JET_errSuccess) {
                        ADD_FAILURE() << "the nested level failed";
                        return;
                    }
                }
                if ((n + i) % 3 == 0) {
                    ASSERT_EQ(JET_errSuccess, JetRollback(c.s, JET_bitRollbackAll));
                } else if (JetCommitTransaction(c.s, JET_bitCommitLazyFlush) == JET_errSuccess) {
                    committed[static_cast<std::size_t>(i)] += delta;
                } else {
                    ADD_FAILURE() << "a commit failed";
                    (void)JetRollback(c.s, JET_bitRollbackAll);
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    long total = 0;
    for (long n : committed) total += n;
    EXPECT_EQ(0, out_of_bounds.load());
    EXPECT_EQ(total, Count(a_));
    // Nothing is left pending: a fresh increment's old value is the committed total.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(a_.s));
    int old = -1;
    ASSERT_EQ(JET_errSuccess, Add(a_, 1, &old));
    EXPECT_EQ(total, old);
    ASSERT_EQ(JET_errSuccess, JetRollback(a_.s, 0));
}

TEST_P(EscrowTest, EscrowOutsideATransactionFailsWithNotInTransaction) {
    const int one = 1;
    ASSERT_EQ(JET_errSuccess, SeekRow(a_));
    EXPECT_EQ(JET_errNotInTransaction, JetEscrowUpdate(a_.s, a_.t, count_, const_cast<int*>(&one), sizeof one,
                                                       nullptr, 0, nullptr, 0));
}

TEST_P(EscrowTest, EscrowOfAColumnWithoutTheFlagFailsAndSizesAreChecked) {
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(a_.s));
    ASSERT_EQ(JET_errSuccess, SeekRow(a_));
    int one = 1;
    long long wide = 1;
    EXPECT_EQ(JET_errInvalidOperation, JetEscrowUpdate(a_.s, a_.t, other_, &one, sizeof one, nullptr, 0, nullptr, 0));
    EXPECT_EQ(JET_errInvalidBufferSize, JetEscrowUpdate(a_.s, a_.t, count_, &wide, sizeof wide, nullptr, 0, nullptr, 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetEscrowUpdate(a_.s, a_.t, count_, &one, sizeof one, nullptr, 0, nullptr, 0x100));
    // AE-04: not while an update is prepared on the cursor.
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(a_.s, a_.t, JET_prepReplace));
    EXPECT_EQ(JET_errAlreadyPrepared, JetEscrowUpdate(a_.s, a_.t, count_, &one, sizeof one, nullptr, 0, nullptr, 0));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(a_.s, a_.t, JET_prepCancel));
    ASSERT_EQ(JET_errSuccess, JetRollback(a_.s, 0));
}

TEST_P(EscrowTest, ReplaceOfARecordAnotherSessionEscrowedConflicts) {
    Conn b = Open();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(a_.s));
    ASSERT_EQ(JET_errSuccess, Add(a_, 1));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    ASSERT_EQ(JET_errSuccess, SeekRow(b));
    EXPECT_EQ(JET_errWriteConflict, JetPrepareUpdate(b.s, b.t, JET_prepReplace));
    EXPECT_EQ(JET_errWriteConflict, JetDelete(b.s, b.t));
    ASSERT_EQ(JET_errSuccess, JetRollback(b.s, 0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(a_.s, 0));
    EXPECT_EQ(1, Count(b));
}

TEST_P(EscrowTest, EscrowAfterAChangeCommittedAfterTheSnapshotConflictsUnlessThatChangeWasAnEscrow) {
    // [esent] only two deltas commute: an escrow committed after my snapshot does not stop mine,
    // a replace or a delete does (before, a delete made my commit fail with JET_errRecordDeleted).
    Conn b = Open();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    ASSERT_EQ(JET_errSuccess, SeekRow(b));  // b's snapshot
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(a_.s));
    ASSERT_EQ(JET_errSuccess, Add(a_, 2));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(a_.s, 0));
    ASSERT_EQ(JET_errSuccess, Add(b, 3));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(b.s, 0));
    EXPECT_EQ(5, Count(a_));

    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    ASSERT_EQ(JET_errSuccess, SeekRow(b));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(a_.s));  // a replaces the other column and commits
    ASSERT_EQ(JET_errSuccess, SeekRow(a_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(a_.s, a_.t, JET_prepReplace));
    const int v = 9;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(a_.s, a_.t, other_, &v, sizeof v, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(a_.s, a_.t, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(a_.s, 0));
    EXPECT_EQ(JET_errWriteConflict, Add(b, 1));
    ASSERT_EQ(JET_errSuccess, JetRollback(b.s, 0));

    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    ASSERT_EQ(JET_errSuccess, SeekRow(b));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(a_.s));
    ASSERT_EQ(JET_errSuccess, SeekRow(a_));
    ASSERT_EQ(JET_errSuccess, JetDelete(a_.s, a_.t));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(a_.s, 0));
    EXPECT_EQ(JET_errWriteConflict, Add(b, 1));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(b.s, 0));
    EXPECT_EQ(JET_errRecordNotFound, SeekRow(b));
}

TEST_P(EscrowTest, RollbackDropsTheDeltaOfItsLevelOnly) {
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(a_.s));
    ASSERT_EQ(JET_errSuccess, Add(a_, 10));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(a_.s));
    ASSERT_EQ(JET_errSuccess, Add(a_, 100));
    EXPECT_EQ(110, Count(a_));
    ASSERT_EQ(JET_errSuccess, JetRollback(a_.s, 0));
    EXPECT_EQ(10, Count(a_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(a_.s, 0));
    EXPECT_EQ(10, Count(a_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(a_.s));
    ASSERT_EQ(JET_errSuccess, Add(a_, 5));
    ASSERT_EQ(JET_errSuccess, JetRollback(a_.s, JET_bitRollbackAll));
    EXPECT_EQ(10, Count(a_));
}

// Many threads, each with its own session, add to one counter in transactions: the total is exact.
TEST_P(EscrowTest, ConcurrentEscrowUpdatesAddUpExactly) {
    const int per_thread = static_cast<int>(jetstore::test::Scaled(400, 20));
    constexpr int kThreads = 4;
    std::vector<Conn> conns;
    for (int i = 0; i < kThreads; ++i) conns.push_back(Open());
    std::vector<std::thread> threads;
    std::vector<int> committed(kThreads, 0);
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            const Conn& c = conns[static_cast<std::size_t>(i)];
            for (int n = 0; n < per_thread; ++n) {
                if (JetBeginTransaction(c.s) != JET_errSuccess) return;
                if (Add(c, 1) == JET_errSuccess && JetCommitTransaction(c.s, n % 3 == 0 ? 0 : JET_bitCommitLazyFlush) == JET_errSuccess) {
                    ++committed[static_cast<std::size_t>(i)];
                } else {
                    (void)JetRollback(c.s, JET_bitRollbackAll);
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    int total = 0;
    for (int n : committed) total += n;
    EXPECT_EQ(kThreads * per_thread, total);  // escrow updates never conflict with each other
    EXPECT_EQ(total, Count(a_));
}

// Two escrow columns of one record, each incremented by its own sessions concurrently: the
// commits that land in one group must each keep the other's deltas (with the log, the leader
// merges a commit onto the record its group's earlier commit wrote, not onto the published one).
TEST_P(EscrowTest, ConcurrentIncrementsOfTwoColumnsOfOneRecordBothCount) {
    const int per_thread = static_cast<int>(jetstore::test::Scaled(300, 20));
    constexpr int kThreads = 6;
    std::vector<Conn> conns;
    for (int i = 0; i < kThreads; ++i) conns.push_back(Open());
    std::vector<int> committed(2, 0);
    std::vector<int> per(kThreads, 0);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            const Conn& c = conns[static_cast<std::size_t>(i)];
            const JET_COLUMNID column = i % 2 == 0 ? count_ : count2_;
            for (int n = 0; n < per_thread; ++n) {
                if (JetBeginTransaction(c.s) != JET_errSuccess || Add(c, 1, nullptr, column) != JET_errSuccess ||
                    JetCommitTransaction(c.s, n % 4 == 0 ? 0 : JET_bitCommitLazyFlush) != JET_errSuccess) {
                    ADD_FAILURE() << "an increment failed";
                    (void)JetRollback(c.s, JET_bitRollbackAll);
                    return;
                }
                ++per[static_cast<std::size_t>(i)];
            }
        });
    }
    for (auto& t : threads) t.join();
    for (int i = 0; i < kThreads; ++i) committed[static_cast<std::size_t>(i % 2)] += per[static_cast<std::size_t>(i)];
    EXPECT_EQ(committed[0], Count(a_, count_));
    EXPECT_EQ(committed[1], Count(a_, count2_));
}

// The merged records are what the log holds: after a dirty stop, recovery's replay gives every
// committed increment back.
TEST_P(EscrowTest, IncrementsCommittedDurablySurviveADirtyStop) {
    if (!GetParam()) GTEST_SKIP() << "without the log a dirty stop keeps only what LMDB flushed";
    constexpr int kThreads = 4;
    const int per_thread = static_cast<int>(jetstore::test::Scaled(100, 10));
    std::vector<Conn> conns;
    for (int i = 0; i < kThreads; ++i) conns.push_back(Open());
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            const Conn& c = conns[static_cast<std::size_t>(i)];
            for (int n = 0; n < per_thread; ++n) {
                if (JetBeginTransaction(c.s) != JET_errSuccess || Add(c, 1) != JET_errSuccess ||
                    JetCommitTransaction(c.s, 0) != JET_errSuccess) {
                    ADD_FAILURE() << "an increment failed";
                    return;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    ASSERT_EQ(JET_errDirtyShutdown, JetTerm2(inst_, JET_bitTermDirty));
    live_.clear();
    inst_ = CreateConfigured("escrow", /*recovery=*/true);
    ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
    live_.push_back(inst_);
    Conn c;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &c.s, nullptr, nullptr));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(c.s, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(c.s, path_.c_str(), "", &c.db, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(c.s, c.db, "counters", nullptr, 0, 0, &c.t));
    EXPECT_EQ(kThreads * per_thread, Count(c));
}

INSTANTIATE_TEST_SUITE_P(Log, EscrowTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& p) { return p.param ? "WithTheLog" : "Direct"; });

}  // namespace
