// Transactions with data: commit / rollback at every level, read-only transactions, what a
// rollback does to cursors and prepared updates, transactional DDL, implicit (auto-commit)
// transactions, snapshot isolation between sessions, esent's write conflicts, the one-database
// write rule, a transaction carried across threads by a session context, JetTerm with a data
// transaction open, and a randomized multi-session run checked against a model.
//
// Specs: esent-scenarios.md TX-04..TX-08, TX-10..TX-13, WC-01, WC-03, WC-07..WC-10;
// DECISIONS.md 2, 13; esent.h "The ISAM data API" (JetPrepareUpdate, JetUpdate, JetDelete),
// JetRollback, JetSetSessionContext, JetTerm2.
//
// The randomized run scales with JETSTORE_STRESS_SCALE (default 1.0, 0.05 under ThreadSanitizer).

#include <esent.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_support.h"

namespace {

using jetstore::test::Worker;

using jetstore::test::Scaled;
using jetstore::test::StressScale;

// One session's view of the test table "t": primary key "+k" (Long), a Long column "v".
struct Cur {
    JET_SESID s = JET_sesidNil;
    JET_TABLEID t = JET_tableidNil;
    JET_COLUMNID k = 0;
    JET_COLUMNID v = 0;

    JET_ERR Insert(int32_t key, int32_t value) const {
        JET_ERR err = JetPrepareUpdate(s, t, JET_prepInsert);
        if (err < 0) return err;
        EXPECT_EQ(JET_errSuccess, JetSetColumn(s, t, k, &key, 4, 0, nullptr));
        EXPECT_EQ(JET_errSuccess, JetSetColumn(s, t, v, &value, 4, 0, nullptr));
        err = JetUpdate(s, t, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s, t, JET_prepCancel);
        return err;
    }
    JET_ERR Seek(int32_t key) const {
        const JET_ERR err = JetMakeKey(s, t, &key, 4, JET_bitNewKey);
        return err < 0 ? err : JetSeek(s, t, JET_bitSeekEQ);
    }
    // v of the record with key `key`; nullopt when the session does not see it.
    std::optional<int32_t> Get(int32_t key) const {
        if (Seek(key) != JET_errSuccess) return std::nullopt;
        return Value();
    }
    std::optional<int32_t> Value() const {
        int32_t x = 0;
        JET_ULONG cb = 0;
        if (JetRetrieveColumn(s, t, v, &x, 4, &cb, 0, nullptr) != JET_errSuccess) return std::nullopt;
        return x;
    }
    // Seeks `key` and replaces v (PrepareUpdate's and JetUpdate's errors returned as they come).
    JET_ERR Replace(int32_t key, int32_t value, JET_ULONG prep = JET_prepReplace) const {
        JET_ERR err = Seek(key);
        if (err < 0) return err;
        err = JetPrepareUpdate(s, t, prep);
        if (err < 0) return err;
        EXPECT_EQ(JET_errSuccess, JetSetColumn(s, t, v, &value, 4, 0, nullptr));
        err = JetUpdate(s, t, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s, t, JET_prepCancel);
        return err;
    }
    JET_ERR Delete(int32_t key) const {
        const JET_ERR err = Seek(key);
        return err < 0 ? err : JetDelete(s, t);
    }
    // Every (k, v) in key order.
    std::map<int32_t, int32_t> All() const {
        std::map<int32_t, int32_t> out;
        for (JET_ERR err = JetMove(s, t, JET_MoveFirst, 0); err == JET_errSuccess; err = JetMove(s, t, JET_MoveNext, 0)) {
            int32_t key = 0;
            int32_t value = 0;
            JET_ULONG cb = 0;
            EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s, t, k, &key, 4, &cb, 0, nullptr));
            EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s, t, v, &value, 4, &cb, 0, nullptr));
            out[key] = value;
        }
        return out;
    }
    std::size_t Count() const { return All().size(); }
};

class DataTransactionTest : public jetstore::test::InstanceTest {
protected:
    DataTransactionTest() : InstanceTest("jetstore_dtx_") {}

    void SetUp() override {
        InstanceTest::SetUp();
        if (HasFatalFailure()) return;
        StartInstance();
        path_ = dir_ + "/data.edb";
        ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), nullptr, &db_, 0));
        JET_TABLEID t = JET_tableidNil;
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "k", &def, nullptr, 0, &k_));
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "v", &def, nullptr, 0, &v_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t, "primary", JET_bitIndexPrimary, "+k\0", 4, 100));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
        a_ = Open(s_);
    }

    void StartInstance() {
        inst_ = CreateConfigured("dtx");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        live_.push_back(inst_);
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
    }

    // A cursor on "t" for session s (which has the database open, or opens it now).
    Cur Open(JET_SESID s, const char *table = "t") {
        JET_DBID db = JET_dbidNil;
        EXPECT_GE(JetOpenDatabase(s, path_.c_str(), nullptr, &db, 0), 0);
        Cur c;
        c.s = s;
        c.k = k_;
        c.v = v_;
        EXPECT_EQ(JET_errSuccess, JetOpenTable(s, db, table, nullptr, 0, 0, &c.t));
        return c;
    }

    // A second session with its own cursor on "t".
    Cur Other() {
        JET_SESID s = JET_sesidNil;
        EXPECT_EQ(JET_errSuccess, JetBeginSession(inst_, &s, nullptr, nullptr));
        return Open(s);
    }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = JET_sesidNil;
    JET_DBID db_ = JET_dbidNil;
    std::string path_;
    JET_COLUMNID k_ = 0;
    JET_COLUMNID v_ = 0;
    Cur a_;
};

// ---- commit and rollback (TX-04 .. TX-07, TX-13) ----

TEST_F(DataTransactionTest, CommitPersistsRollbackUndoesAndOuterRollbackUndoesAnInnerCommit) {
    // TX-04
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 10));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSuccess, a_.Seek(1));

    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Insert(2, 20));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(JET_errRecordNotFound, a_.Seek(2));

    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Insert(3, 30));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));  // inner
    EXPECT_EQ(JET_errSuccess, a_.Seek(3));                   // visible to itself
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));           // outer
    EXPECT_EQ(JET_errRecordNotFound, a_.Seek(3));
    EXPECT_EQ((std::map<int32_t, int32_t>{{1, 10}}), a_.All());
}

TEST_F(DataTransactionTest, InnerRollbackKeepsTheOuterLevelsWork) {
    // TX-05
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 10));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Insert(2, 20));
    ASSERT_EQ(JET_errSuccess, a_.Replace(1, 11));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(10, a_.Get(1));  // the replace in the inner level is undone too
    EXPECT_EQ(std::nullopt, a_.Get(2));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ((std::map<int32_t, int32_t>{{1, 10}}), a_.All());
}

TEST_F(DataTransactionTest, RollbackAllUndoesEveryLevelsWork) {
    // TX-06
    ASSERT_EQ(JET_errSuccess, a_.Insert(9, 90));  // implicit transaction: committed
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 10));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Insert(2, 20));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Insert(3, 30));
    ASSERT_EQ(JET_errSuccess, a_.Delete(9));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, JET_bitRollbackAll));
    EXPECT_EQ(JET_errNotInTransaction, JetRollback(s_, 0));
    EXPECT_EQ((std::map<int32_t, int32_t>{{9, 90}}), a_.All());
}

TEST_F(DataTransactionTest, ReplaceThenRollbackRestoresTheOldValue) {
    // TX-07
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 100));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitCommitLazyFlush));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Replace(1, 200));
    EXPECT_EQ(200, a_.Get(1));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(100, a_.Get(1));
    // The cursor still stands on the record.
    EXPECT_EQ(100, a_.Value());
}

TEST_F(DataTransactionTest, DeleteThenRollbackBringsTheRecordBack) {
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 100));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Delete(1));
    EXPECT_EQ(std::nullopt, a_.Get(1));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(100, a_.Get(1));
}

TEST_F(DataTransactionTest, CancelledInsertLeavesTheTableEmpty) {
    // TX-13
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, a_.t, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, a_.t, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, a_.t, JET_prepCancel));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, a_.t, JET_MoveFirst, 0));
}

// ---- read-only transactions (TX-08) ----

TEST_F(DataTransactionTest, ReadOnlyTransactionReadsButRefusesUpdatesWithTransReadOnly) {
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 10));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction2(s_, JET_bitTransactionReadOnly));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, a_.t, JET_MoveFirst, 0));
    EXPECT_EQ(10, a_.Value());
    EXPECT_EQ(JET_errTransReadOnly, JetPrepareUpdate(s_, a_.t, JET_prepInsert));
    EXPECT_EQ(JET_errTransReadOnly, JetPrepareUpdate(s_, a_.t, JET_prepReplace));
    EXPECT_EQ(JET_errTransReadOnly, JetDelete(s_, a_.t));
    // Nested levels stay read-only.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errTransReadOnly, JetPrepareUpdate(s_, a_.t, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    // The next transaction may write.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, a_.Insert(2, 20));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(2u, a_.Count());
}

// ---- rollback closes cursors and cancels prepared updates (TX-10) ----

TEST_F(DataTransactionTest, RollbackClosesCursorsOpenedInTheLevelAndCancelsPreparedUpdates) {
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 10));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    JET_TABLEID t1 = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &t1));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t1, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, a_.t, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));

    EXPECT_EQ(JET_errUpdateNotPrepared, JetUpdate(s_, a_.t, nullptr, 0, nullptr));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s_, t1, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errInvalidTableId, JetCloseTable(s_, t1));
    // The cursor opened before the transaction is still usable.
    EXPECT_EQ(10, a_.Get(1));
}

TEST_F(DataTransactionTest, RollingBackANestedLevelClosesOnlyItsOwnCursors) {
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 10));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    JET_TABLEID t1 = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &t1));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    JET_TABLEID t2 = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s_, t2, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errSuccess, JetMove(s_, t1, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    // A cursor that outlived its level's commit stays open.
    EXPECT_EQ(JET_errSuccess, JetMove(s_, t1, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, t1));
}

// ---- DDL is transactional (TX-11) ----

TEST_F(DataTransactionTest, CreateTableRolledBackLeavesNoTableAndClosesItsCursor) {
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    JET_TABLEID tt = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "tx_tbl", 0, 100, &tt));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(JET_errInvalidTableId, JetCloseTable(s_, tt));
    EXPECT_EQ(JET_errObjectNotFound, JetOpenTable(s_, db_, "tx_tbl", nullptr, 0, 0, &tt));
    // The name is free again.
    EXPECT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "tx_tbl", 0, 100, &tt));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, tt));
}

TEST_F(DataTransactionTest, DeleteTableRolledBackKeepsTheTableAndItsRecords) {
    JET_TABLEID tt = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "doomed", 0, 100, &tt));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    JET_COLUMNID c = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, tt, "c", &def, nullptr, 0, &c));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, tt, JET_prepInsert));
    const int32_t x = 7;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, tt, c, &x, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, tt, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, tt));

    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetDeleteTable(s_, db_, "doomed"));
    EXPECT_EQ(JET_errObjectNotFound, JetOpenTable(s_, db_, "doomed", nullptr, 0, 0, &tt));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "doomed", nullptr, 0, 0, &tt));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, tt, JET_MoveFirst, 0));
    int32_t got = 0;
    JET_ULONG cb = 0;
    EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, tt, c, &got, 4, &cb, 0, nullptr));
    EXPECT_EQ(7, got);
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, tt));
}

TEST_F(DataTransactionTest, AddColumnRolledBackIsGoneForANewCursor) {
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    JET_COLUMNID c = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, a_.t, "extra", &def, nullptr, 0, &c));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    JET_COLUMNDEF out{};
    EXPECT_EQ(JET_errColumnNotFound, JetGetColumnInfo(s_, db_, "t", "extra", &out, sizeof out, JET_ColInfo));
    Cur fresh = Open(s_);
    EXPECT_EQ(JET_errColumnNotFound, JetGetTableColumnInfo(s_, fresh.t, "extra", &out, sizeof out, JET_ColInfo));
    // And it can be added again.
    EXPECT_EQ(JET_errSuccess, JetAddColumn(s_, fresh.t, "extra", &def, nullptr, 0, &c));
}

// [esent] (fixed engine bug) esent keeps a table's schema in one place shared by every cursor (its FCB), so a
// rolled-back JetAddColumn is gone for the cursor that added it too (JET_errColumnNotFound).
// jetstore's cursor keeps its own copy of the table definition, updated by JetAddColumn and not
// restored by the rollback: JetGetTableColumnInfo on that cursor still returns 0.
TEST_F(DataTransactionTest, AddColumnRolledBackIsGoneForTheCursorThatAddedIt) {
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    JET_COLUMNID c = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, a_.t, "extra", &def, nullptr, 0, &c));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    JET_COLUMNDEF out{};
    EXPECT_EQ(JET_errColumnNotFound, JetGetTableColumnInfo(s_, a_.t, "extra", &out, sizeof out, JET_ColInfo));
}

// ---- implicit transactions and pulsed transactions (TX-12) ----

TEST_F(DataTransactionTest, ImplicitTransactionsAreVisibleToOtherSessionsAtOnce) {
    Cur b = Other();
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 10));  // no JetBeginTransaction: auto-commit
    EXPECT_EQ(10, b.Get(1));
    ASSERT_EQ(JET_errSuccess, a_.Delete(1));
    EXPECT_EQ(std::nullopt, b.Get(1));
    // DDL too.
    JET_TABLEID tt = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "made", 0, 100, &tt));
    JET_DBID db2 = JET_dbidNil;
    ASSERT_GE(JetOpenDatabase(b.s, path_.c_str(), nullptr, &db2, 0), 0);
    JET_TABLEID bt = JET_tableidNil;
    EXPECT_EQ(JET_errSuccess, JetOpenTable(b.s, db2, "made", nullptr, 0, 0, &bt));
}

TEST_F(DataTransactionTest, ImplicitCommitsAfterATransactionBeganStayInvisibleToIt) {
    Cur b = Other();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    EXPECT_EQ(0u, b.Count());
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 10));
    EXPECT_EQ(std::nullopt, b.Get(1));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(b.s, 0));
    EXPECT_EQ(10, b.Get(1));
}

TEST_F(DataTransactionTest, PulsedTransactionCommitsEveryBatch) {
    // TX-12 (HowDoIPulseMyTransaction): commit lazily and begin again every 100 inserts.
    Cur b = Other();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    for (int32_t i = 0; i < 256; ++i) {
        ASSERT_EQ(JET_errSuccess, a_.Insert(i, i));
        if (i % 100 == 99) {
            ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitCommitLazyFlush));
            EXPECT_EQ(static_cast<std::size_t>(i + 1), b.Count());
            ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
        }
    }
    EXPECT_EQ(200u, b.Count());  // the last batch is not committed yet
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(256u, b.Count());
}

// ---- snapshot isolation (WC-08, WC-09, WC-10) ----

TEST_F(DataTransactionTest, UncommittedInsertIsInvisibleToOtherSessions) {
    // WC-08
    Cur b = Other();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Insert(5, 50));
    EXPECT_EQ(50, a_.Get(5));  // WC-10: own changes are visible
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    EXPECT_EQ(JET_errRecordNotFound, b.Seek(5));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(b.s, 0));
    EXPECT_EQ(JET_errRecordNotFound, b.Seek(5));  // nor outside a transaction
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    EXPECT_EQ(50, b.Get(5));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(b.s, 0));
}

TEST_F(DataTransactionTest, ReadsRepeatInsideATransactionUntilANewOneBegins) {
    // WC-09
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 1));
    Cur b = Other();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    EXPECT_EQ(1, b.Get(1));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Replace(1, 2));
    ASSERT_EQ(JET_errSuccess, a_.Insert(2, 2));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(1, b.Get(1));
    EXPECT_EQ(1u, b.Count());  // no phantom either
    // Nested levels read the same snapshot.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    EXPECT_EQ(1, b.Get(1));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(b.s, 0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(b.s, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    EXPECT_EQ(2, b.Get(1));
    EXPECT_EQ(2u, b.Count());
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(b.s, 0));
}

// ---- write conflicts (WC-01, WC-03, WC-07) ----

TEST_F(DataTransactionTest, ReplaceOrDeleteOfARecordAnotherLiveTransactionReplacedFailsAtOnce) {
    // WC-01, WC-03
    ASSERT_EQ(JET_errSuccess, a_.Insert(999, 1));
    Cur b = Other();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    ASSERT_EQ(JET_errSuccess, a_.Seek(999));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, a_.t, JET_prepReplace));  // the write lock, now
    ASSERT_EQ(JET_errSuccess, b.Seek(999));
    EXPECT_EQ(JET_errWriteConflict, JetPrepareUpdate(b.s, b.t, JET_prepReplace));
    EXPECT_EQ(JET_errWriteConflict, JetDelete(b.s, b.t));
    const int32_t two = 2;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, a_.t, v_, &two, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, a_.t, nullptr, 0, nullptr));
    EXPECT_EQ(1, b.Get(999));  // b reads the original
    EXPECT_EQ(JET_errWriteConflict, JetDelete(b.s, b.t));
    ASSERT_EQ(JET_errSuccess, JetRollback(b.s, 0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitCommitLazyFlush));
    // A transaction that begins after the commit may change it.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    EXPECT_EQ(2, b.Get(999));
    EXPECT_EQ(JET_errSuccess, JetDelete(b.s, b.t));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(b.s, 0));
    EXPECT_EQ(std::nullopt, a_.Get(999));
}

TEST_F(DataTransactionTest, ChangingARecordCommittedAfterMySnapshotFailsWithWriteConflict) {
    // WC-07
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 1));
    ASSERT_EQ(JET_errSuccess, a_.Insert(2, 2));
    Cur b = Other();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(1, a_.Get(1));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    ASSERT_EQ(JET_errSuccess, b.Replace(1, 10));
    ASSERT_EQ(JET_errSuccess, b.Replace(2, 20));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(b.s, 0));
    ASSERT_EQ(JET_errSuccess, a_.Seek(1));
    EXPECT_EQ(JET_errWriteConflict, JetPrepareUpdate(s_, a_.t, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, a_.Seek(2));
    EXPECT_EQ(JET_errWriteConflict, JetDelete(s_, a_.t));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, a_.Replace(1, 100));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(100, b.Get(1));
}

TEST_F(DataTransactionTest, WriteLocksOfACommitThatChangedNothingStillConflictWithOlderSnapshots) {
    // esent versions a write lock like a change: a transaction that began before the locking
    // transaction committed cannot then change the record; one that begins after it can.
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 1));
    ASSERT_EQ(JET_errSuccess, a_.Insert(2, 2));
    Cur b = Other();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(1, a_.Get(1));  // the older snapshot
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    ASSERT_EQ(JET_errSuccess, b.Seek(1));
    ASSERT_EQ(JET_errSuccess, JetGetLock(b.s, b.t, JET_bitWriteLock));
    ASSERT_EQ(JET_errSuccess, b.Seek(2));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(b.s, b.t, JET_prepReplace));  // locks, then cancelled
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(b.s, b.t, JET_prepCancel));
    EXPECT_EQ(JET_errWriteConflict, a_.Replace(1, 10));  // while b is live
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(b.s, 0));
    EXPECT_EQ(JET_errWriteConflict, a_.Replace(1, 10));  // committed after a's snapshot
    ASSERT_EQ(JET_errSuccess, a_.Seek(2));
    EXPECT_EQ(JET_errWriteConflict, JetDelete(s_, a_.t));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    // Nothing changed, and a transaction begun after the commit is free to write.
    EXPECT_EQ(1, b.Get(1));
    EXPECT_EQ(2, b.Get(2));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, a_.Replace(1, 10));
    EXPECT_EQ(JET_errSuccess, a_.Delete(2));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(10, b.Get(1));
    EXPECT_EQ(std::nullopt, b.Get(2));
    // Read locks only: no commit stamp, no conflict for an older snapshot.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(10, a_.Get(1));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    ASSERT_EQ(JET_errSuccess, b.Seek(1));
    ASSERT_EQ(JET_errSuccess, JetGetLock(b.s, b.t, JET_bitReadLock));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(b.s, 0));
    EXPECT_EQ(JET_errSuccess, a_.Replace(1, 11));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
}

TEST_F(DataTransactionTest, AReadLockBlocksAnotherSessionsWriteLockUntilItsTransactionEnds) {
    // WC-04
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 1));
    Cur b = Other();
    ASSERT_EQ(JET_errSuccess, a_.Seek(1));
    ASSERT_EQ(JET_errSuccess, b.Seek(1));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    ASSERT_EQ(JET_errSuccess, JetGetLock(s_, a_.t, JET_bitReadLock));
    EXPECT_EQ(JET_errWriteConflict, JetGetLock(b.s, b.t, JET_bitWriteLock));
    EXPECT_EQ(JET_errWriteConflict, JetPrepareUpdate(b.s, b.t, JET_prepReplace));
    EXPECT_EQ(JET_errSuccess, JetGetLock(b.s, b.t, JET_bitReadLock)) << "read locks share";
    ASSERT_EQ(JET_errSuccess, JetRollback(b.s, 0));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    EXPECT_EQ(JET_errSuccess, JetGetLock(b.s, b.t, JET_bitWriteLock));
    // ... and now b's write lock blocks a's read lock.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errWriteConflict, JetGetLock(s_, a_.t, JET_bitReadLock));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetRollback(b.s, 0));
}

TEST_F(DataTransactionTest, ASessionsOwnReadAndWriteLocksAreCompatible) {
    // WC-05
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 1));
    ASSERT_EQ(JET_errSuccess, a_.Seek(1));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, JetGetLock(s_, a_.t, JET_bitReadLock));
    EXPECT_EQ(JET_errSuccess, JetGetLock(s_, a_.t, JET_bitWriteLock));
    EXPECT_EQ(JET_errSuccess, JetGetLock(s_, a_.t, JET_bitReadLock));
    EXPECT_EQ(JET_errSuccess, a_.Replace(1, 2));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(1, a_.Get(1));
}

TEST_F(DataTransactionTest, DeleteThenInsertOfTheSameKeyInOneTransactionSucceeds) {
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 10));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Delete(1));
    EXPECT_EQ(JET_errSuccess, a_.Insert(1, 11));
    EXPECT_EQ(11, a_.Get(1));
    EXPECT_EQ(JET_errKeyDuplicate, a_.Insert(1, 12));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    Cur b = Other();
    EXPECT_EQ(11, b.Get(1));
    EXPECT_EQ(1u, b.Count());
}

// A transaction that inserts a key and deletes it again leaves nothing in the table, but its
// commit is still a commit: transactions that begin after it may insert that key, and a
// transaction whose snapshot is older conflicts with it (esent meets its versions). The storage
// write of such a commit changes no page (the delete of a key LMDB never held), so LMDB would not
// advance its transaction id; the locks must not be stamped with an id no later snapshot reaches.
TEST_F(DataTransactionTest, ACommitWhoseInsertAndDeleteCancelOutStillOrdersLaterTransactions) {
    Cur b = Other();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));  // older than the commit below
    ASSERT_EQ(std::nullopt, b.Get(1));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 10));
    ASSERT_EQ(JET_errSuccess, a_.Delete(1));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    // Begun after that commit, with no other commit since: the key is free.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errSuccess, a_.Insert(1, 11));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    // The same outside a transaction, and for a row that existed before.
    EXPECT_EQ(JET_errSuccess, a_.Insert(2, 20));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Delete(2));
    ASSERT_EQ(JET_errSuccess, a_.Insert(2, 21));
    ASSERT_EQ(JET_errSuccess, a_.Delete(2));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSuccess, a_.Insert(2, 22));
    EXPECT_EQ(22, a_.Get(2));
    // The older snapshot met the first commit's change of key 1.
    const JET_ERR older = b.Insert(1, 12);
    EXPECT_TRUE(older == JET_errWriteConflict || older == JET_errKeyDuplicate) << older;
    ASSERT_EQ(JET_errSuccess, JetRollback(b.s, 0));
    EXPECT_EQ(std::nullopt, a_.Get(1));
}

TEST_F(DataTransactionTest, ReplaceNoLockLosesAtUpdate) {
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 1));
    ASSERT_EQ(JET_errSuccess, a_.Insert(2, 2));
    Cur b = Other();
    // Against a commit after the snapshot.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Seek(1));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, a_.t, JET_prepReplaceNoLock));  // no lock: no conflict yet
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    ASSERT_EQ(JET_errSuccess, b.Replace(1, 10));  // b's PrepareUpdate(Replace) is not blocked
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(b.s, 0));
    const int32_t x = 100;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, a_.t, v_, &x, 4, 0, nullptr));
    EXPECT_EQ(JET_errWriteConflict, JetUpdate(s_, a_.t, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(10, a_.Get(1));

    // Against another live transaction's lock.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    ASSERT_EQ(JET_errSuccess, b.Replace(2, 20));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errWriteConflict, a_.Replace(2, 200, JET_prepReplaceNoLock));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(b.s, 0));
    EXPECT_EQ(20, a_.Get(2));
}

TEST_F(DataTransactionTest, RacingInsertsOfOneKeyLetOnlyOneWin) {
    Cur b = Other();
    // Against another live transaction's insert.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Insert(5, 1));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    JET_ERR err = b.Insert(5, 2);
    EXPECT_TRUE(err == JET_errKeyDuplicate || err == JET_errWriteConflict) << err;
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetRollback(b.s, 0));
    EXPECT_EQ(1, b.Get(5));

    // Against an insert committed after the snapshot (invisible to it).
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    EXPECT_EQ(0u, b.All().count(6));
    ASSERT_EQ(JET_errSuccess, a_.Insert(6, 1));
    err = b.Insert(6, 2);
    EXPECT_TRUE(err == JET_errKeyDuplicate || err == JET_errWriteConflict) << err;
    ASSERT_EQ(JET_errSuccess, JetRollback(b.s, 0));
    EXPECT_EQ(1, b.Get(6));

    // A visible key is a plain duplicate.
    EXPECT_EQ(JET_errKeyDuplicate, b.Insert(6, 3));
}

TEST_F(DataTransactionTest, RollbackReleasesTheWriteLock) {
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 1));
    Cur b = Other();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Replace(1, 2));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(b.s));
    EXPECT_EQ(JET_errSuccess, b.Replace(1, 3));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(b.s, 0));
    EXPECT_EQ(3, a_.Get(1));
}

// ---- two databases (DECISIONS.md 13) ----

TEST_F(DataTransactionTest, WithRecoveryOffWritingASecondDatabaseInOneTransactionFailsWithInvalidOperation) {
    if (jetstore::test::LogModeForced()) GTEST_SKIP() << "with the log a transaction may write several databases";
    const std::string path2 = dir_ + "/second.edb";
    JET_DBID db2 = JET_dbidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path2.c_str(), nullptr, &db2, 0));
    Cur c2;
    c2.s = s_;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db2, "t2", 0, 100, &c2.t));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, c2.t, "k", &def, nullptr, 0, &c2.k));
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, c2.t, "v", &def, nullptr, 0, &c2.v));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, c2.t, "primary", JET_bitIndexPrimary, "+k\0", 4, 100));
    ASSERT_EQ(JET_errSuccess, c2.Insert(1, 1));

    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errInTransaction, JetCreateDatabase(s_, (dir_ + "/third.edb").c_str(), nullptr, &db2, 0));
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 10));
    EXPECT_EQ(1, c2.Get(1));  // reading the second database is fine
    EXPECT_EQ(JET_errInvalidOperation, c2.Insert(2, 2));
    ASSERT_EQ(JET_errSuccess, c2.Seek(1));
    EXPECT_EQ(JET_errInvalidOperation, JetPrepareUpdate(s_, c2.t, JET_prepReplace));
    EXPECT_EQ(JET_errInvalidOperation, JetDelete(s_, c2.t));
    JET_TABLEID t3 = JET_tableidNil;
    EXPECT_EQ(JET_errInvalidOperation, JetCreateTable(s_, db2, "t3", 0, 100, &t3));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(10, a_.Get(1));
    EXPECT_EQ((std::map<int32_t, int32_t>{{1, 1}}), c2.All());

    // A transaction that writes only the second database is fine.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(10, a_.Get(1));  // reading the first is fine too
    EXPECT_EQ(JET_errSuccess, c2.Insert(2, 2));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(2u, c2.Count());
}

// With the log a transaction writes several databases, and its commit is one record: another
// session sees all of it or none of it, and a rollback undoes it in every database.
TEST_F(DataTransactionTest, WithTheLogATransactionWritesTwoDatabasesAndCommitsThemTogether) {
    if (!jetstore::test::LogModeForced()) GTEST_SKIP() << "cross-database transactions need the log";
    const std::string path2 = dir_ + "/second.edb";
    JET_DBID db2 = JET_dbidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path2.c_str(), nullptr, &db2, 0));
    Cur c2;
    c2.s = s_;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db2, "t2", 0, 100, &c2.t));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, c2.t, "k", &def, nullptr, 0, &c2.k));
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, c2.t, "v", &def, nullptr, 0, &c2.v));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, c2.t, "primary", JET_bitIndexPrimary, "+k\0", 4, 100));

    // A reader in its own transaction, begun before the writer commits.
    JET_SESID r = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &r, nullptr, nullptr));
    JET_DBID rdb2 = JET_dbidNil;
    Cur ra = Open(r);
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(r, path2.c_str(), nullptr, &rdb2, 0));
    Cur rc2 = c2;
    rc2.s = r;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(r, rdb2, "t2", nullptr, 0, 0, &rc2.t));

    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 10));
    ASSERT_EQ(JET_errSuccess, c2.Insert(1, 20));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(r));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(0u, ra.Count());  // the reader's snapshot predates the commit: neither part
    EXPECT_EQ(0u, rc2.Count());
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(r, 0));
    EXPECT_EQ(10, ra.Get(1));  // both parts at once
    EXPECT_EQ(20, rc2.Get(1));

    // A rollback undoes both.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Insert(2, 11));
    ASSERT_EQ(JET_errSuccess, c2.Insert(2, 21));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(1u, ra.Count());
    EXPECT_EQ(1u, rc2.Count());
    ASSERT_EQ(JET_errSuccess, JetEndSession(r, 0));
}

// ---- a transaction moving between threads ----

TEST_F(DataTransactionTest, ContextCarriesADataTransactionToAnotherThreadThatCommitsIt) {
    constexpr JET_API_PTR kCtx = 0x5E55;
    Worker a;
    Worker b;
    ASSERT_EQ(JET_errSuccess, a.Run([&] { return JetSetSessionContext(s_, kCtx); }));
    ASSERT_EQ(JET_errSuccess, a.Run([&] { return JetBeginTransaction(s_); }));
    ASSERT_EQ(JET_errSuccess, a.Run([&] { return a_.Insert(1, 10); }));
    ASSERT_EQ(JET_errSuccess, a.Run([&] { return JetResetSessionContext(s_); }));

    Cur other = Other();
    EXPECT_EQ(std::nullopt, other.Get(1));

    ASSERT_EQ(JET_errSuccess, b.Run([&] { return JetSetSessionContext(s_, kCtx); }));
    EXPECT_EQ(JET_errSuccess, b.Run([&] { return a_.Seek(1); }));  // the transaction's own insert
    ASSERT_EQ(JET_errSuccess, b.Run([&] { return a_.Insert(2, 20); }));
    ASSERT_EQ(JET_errSuccess, b.Run([&] { return JetCommitTransaction(s_, 0); }));
    ASSERT_EQ(JET_errSuccess, b.Run([&] { return JetResetSessionContext(s_); }));
    EXPECT_EQ((std::map<int32_t, int32_t>{{1, 10}, {2, 20}}), other.All());
}

TEST_F(DataTransactionTest, ContextCarriesADataTransactionToAnotherThreadThatRollsItBack) {
    constexpr JET_API_PTR kCtx = 0x5E56;
    Worker a;
    Worker b;
    ASSERT_EQ(JET_errSuccess, a.Run([&] { return JetSetSessionContext(s_, kCtx); }));
    ASSERT_EQ(JET_errSuccess, a.Run([&] { return JetBeginTransaction(s_); }));
    ASSERT_EQ(JET_errSuccess, a.Run([&] { return a_.Insert(1, 10); }));
    ASSERT_EQ(JET_errSuccess, a.Run([&] { return JetResetSessionContext(s_); }));
    ASSERT_EQ(JET_errSuccess, b.Run([&] { return JetSetSessionContext(s_, kCtx); }));
    ASSERT_EQ(JET_errSuccess, b.Run([&] { return a_.Insert(2, 20); }));
    ASSERT_EQ(JET_errSuccess, b.Run([&] { return JetRollback(s_, 0); }));
    ASSERT_EQ(JET_errSuccess, b.Run([&] { return JetResetSessionContext(s_); }));
    EXPECT_EQ(0u, a_.Count());
}

// ---- JetTerm with a data transaction open ----

TEST_F(DataTransactionTest, TermWithAnOpenDataTransactionFailsUntilItIsRolledBack) {
    ASSERT_EQ(JET_errSuccess, a_.Insert(1, 10));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, a_.Insert(2, 20));
    EXPECT_EQ(JET_errTooManyActiveUsers, JetTerm(inst_));
    // Nothing changed: the transaction goes on.
    EXPECT_EQ(20, a_.Get(2));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    Term(inst_);

    // After a restart only the committed record is there.
    StartInstance();
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));
    Cur c = Open(s_);
    EXPECT_EQ((std::map<int32_t, int32_t>{{1, 10}}), c.All());
}

// ---- many sessions against a model ----

TEST_F(DataTransactionTest, RandomTransactionsOnASharedTableMatchACommittedStateModel) {
    const int kThreads = 4;
    const int32_t kKeys = 300;
    const long kTransactions = Scaled(2000, 40);

    std::mutex commit_mu;                      // one commit (and its model update) at a time
    std::map<int32_t, int32_t> model;          // guarded by commit_mu: the committed state
    std::atomic<long> commits{0}, conflicts{0};
    std::mutex bad_mu;
    std::vector<std::string> bad;              // guarded by bad_mu
    auto note = [&](const std::string &what) {
        std::lock_guard<std::mutex> lock(bad_mu);
        if (bad.size() < 20) bad.push_back(what);
    };

    std::vector<JET_SESID> sessions(kThreads, JET_sesidNil);
    for (auto &s : sessions) ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s, nullptr, nullptr));

    std::vector<std::thread> threads;
    for (int ti = 0; ti < kThreads; ++ti) {
        threads.emplace_back([&, ti] {
            Cur c = Open(sessions[ti]);
            std::mt19937 rng(1234u + static_cast<unsigned>(ti));
            int32_t next_value = (ti + 1) * 1000000;
            for (long n = 0; n < kTransactions; ++n) {
                if (JetBeginTransaction(c.s) != JET_errSuccess) {
                    note("begin failed");
                    return;
                }
                // Per key: what this transaction first saw (nullopt: absent) and what it leaves.
                std::map<int32_t, std::optional<int32_t>> seen;
                std::map<int32_t, std::optional<int32_t>> wrote;
                bool conflict = false;
                const int ops = 1 + static_cast<int>(rng() % 4);
                for (int op = 0; op < ops && !conflict; ++op) {
                    const int32_t key = static_cast<int32_t>(rng() % kKeys);
                    const std::optional<int32_t> now = c.Get(key);
                    if (seen.count(key) == 0) seen[key] = now;
                    if (wrote.count(key) != 0 && wrote[key] != now) {
                        note("own write not visible on key " + std::to_string(key));
                    }
                    JET_ERR err = JET_errSuccess;
                    std::optional<int32_t> after = now;
                    if (!now) {
                        after = ++next_value;
                        err = c.Insert(key, *after);
                    } else if (rng() % 3 == 0) {
                        after = std::nullopt;
                        err = JetDelete(c.s, c.t);  // Get left the cursor on the record
                    } else {
                        after = *now + 1;  // read-modify-write: a lost update would show in the model
                        err = JetPrepareUpdate(c.s, c.t, JET_prepReplace);
                        if (err >= 0) {
                            EXPECT_EQ(JET_errSuccess, JetSetColumn(c.s, c.t, c.v, &*after, 4, 0, nullptr));
                            err = JetUpdate(c.s, c.t, nullptr, 0, nullptr);
                            if (err < 0) JetPrepareUpdate(c.s, c.t, JET_prepCancel);
                        }
                    }
                    if (err == JET_errWriteConflict || err == JET_errKeyDuplicate) {
                        conflict = true;
                    } else if (err != JET_errSuccess) {
                        note("op on key " + std::to_string(key) + " returned " + std::to_string(err));
                        conflict = true;
                    } else {
                        wrote[key] = after;
                    }
                }
                if (conflict) {
                    if (JetRollback(c.s, 0) != JET_errSuccess) note("rollback failed");
                    conflicts.fetch_add(1, std::memory_order_relaxed);
                    continue;
                }
                std::lock_guard<std::mutex> lock(commit_mu);
                const JET_ERR err = JetCommitTransaction(c.s, 0);
                if (err != JET_errSuccess) {
                    note("commit returned " + std::to_string(err));
                    JetRollback(c.s, 0);
                    continue;
                }
                // Every key it changed must still hold what it read: no lost update, no write
                // over a newer commit.
                for (const auto &[key, value] : wrote) {
                    auto it = model.find(key);
                    const std::optional<int32_t> committed =
                        it == model.end() ? std::nullopt : std::optional<int32_t>(it->second);
                    if (committed != seen[key]) note("lost update on key " + std::to_string(key));
                    if (value) {
                        model[key] = *value;
                    } else {
                        model.erase(key);
                    }
                }
                commits.fetch_add(1, std::memory_order_relaxed);
            }
            JetCloseTable(c.s, c.t);
        });
    }
    for (auto &t : threads) t.join();
    for (const std::string &b : bad) ADD_FAILURE() << b;
    EXPECT_GT(commits.load(), 0);
    RecordProperty("commits", std::to_string(commits.load()));
    RecordProperty("conflicts", std::to_string(conflicts.load()));
    RecordProperty("rows", std::to_string(model.size()));
    EXPECT_EQ(kThreads * kTransactions, commits.load() + conflicts.load());
    EXPECT_EQ(model, a_.All());
    Cur fresh = Other();
    EXPECT_EQ(model, fresh.All());
    for (JET_SESID s : sessions) EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
}

// Every operation, conflict and snapshot read of interleaved transactions against a model: the
// operations run one at a time (op_mu), so the test knows at each step which commits follow a
// transaction's snapshot and which live transactions hold which locks, and so whether esent's
// rules call for a conflict. Inserts, replaces, deletes, escrow updates and whole-table scans.
TEST_F(DataTransactionTest, InterleavedTransactionsConflictExactlyWhenEsentsRulesSay) {
    constexpr int kThreads = 4;
    constexpr int32_t kKeys = 24;  // few keys: many conflicts
    const long kTransactions = Scaled(600, 30);

    JET_TABLEID mt = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "m", 0, 100, &mt));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    JET_COLUMNID mk = 0, mv = 0, me = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, mt, "k", &def, nullptr, 0, &mk));
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, mt, "v", &def, nullptr, 0, &mv));
    def.grbit = JET_bitColumnEscrowUpdate | JET_bitColumnFixed;
    const int32_t zero = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, mt, "e", &def, &zero, sizeof zero, &me));
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, mt, "primary", JET_bitIndexPrimary, "+k\0", 4, 100));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, mt));

    struct Row {
        int32_t v = 0;
        int32_t e = 0;
        bool operator==(const Row &) const = default;
    };
    using State = std::map<int32_t, Row>;
    struct Shared {
        std::mutex op_mu;           // one operation (and its bookkeeping) at a time
        State model;                // the committed state
        long seq = 0;               // commits so far
        std::map<int32_t, long> last_commit;         // key -> seq of the last commit that changed it
        std::map<int32_t, long> last_write_commit;   // the same, escrow-only commits left out
        std::map<int32_t, std::set<int>> writers;    // key -> live transactions holding its write lock
        std::map<int32_t, std::set<int>> escrowers;  // key -> live transactions with escrow updates on it
        std::map<int32_t, int32_t> pending;          // key -> the live transactions' escrow deltas
        std::vector<std::string> bad;
        long commits = 0, conflicts = 0, checked_conflicts = 0;
        void Note(const std::string &what) {
            if (bad.size() < 20) bad.push_back(what);
        }
    } sh;

    auto others = [](const std::set<int> &holders, int me_id) {
        return std::any_of(holders.begin(), holders.end(), [&](int h) { return h != me_id; });
    };

    std::vector<JET_SESID> sessions(kThreads, JET_sesidNil);
    for (auto &s : sessions) ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s, nullptr, nullptr));
    std::vector<std::thread> threads;
    for (int ti = 0; ti < kThreads; ++ti) {
        threads.emplace_back([&, ti] {
            const JET_SESID s = sessions[ti];
            JET_DBID db = JET_dbidNil;
            JET_TABLEID t = JET_tableidNil;
            {
                std::lock_guard<std::mutex> lock(sh.op_mu);
                if (JetOpenDatabase(s, path_.c_str(), nullptr, &db, 0) < 0 ||
                    JetOpenTable(s, db, "m", nullptr, 0, 0, &t) != JET_errSuccess) {
                    sh.Note("open failed");
                    return;
                }
            }
            std::mt19937 rng(77u + static_cast<unsigned>(ti));
            int32_t next_value = (ti + 1) * 1000000;
            auto seek = [&](int32_t key) {
                const JET_ERR err = JetMakeKey(s, t, &key, sizeof key, JET_bitNewKey);
                return err < 0 ? err : JetSeek(s, t, JET_bitSeekEQ);
            };
            auto read_row = [&](Row *r, int32_t *key) {
                JET_ULONG cb = 0;
                JET_ERR err = JetRetrieveColumn(s, t, mv, &r->v, 4, &cb, 0, nullptr);
                if (err == JET_errSuccess) err = JetRetrieveColumn(s, t, me, &r->e, 4, &cb, 0, nullptr);
                if (err == JET_errSuccess && key != nullptr) err = JetRetrieveColumn(s, t, mk, key, 4, &cb, 0, nullptr);
                return err;
            };
            for (long n = 0; n < kTransactions; ++n) {
                long begin_seq = 0;
                State view;  // the snapshot with this transaction's own changes
                std::set<int32_t> written, escrowed;
                std::map<int32_t, int32_t> deltas;
                {
                    std::lock_guard<std::mutex> lock(sh.op_mu);
                    if (JetBeginTransaction(s) != JET_errSuccess) {
                        sh.Note("begin failed");
                        return;
                    }
                    begin_seq = sh.seq;
                    view = sh.model;
                }
                bool conflict = false;
                const int ops = 1 + static_cast<int>(rng() % 4);
                for (int op = 0; op < ops && !conflict; ++op) {
                    std::lock_guard<std::mutex> lock(sh.op_mu);
                    // With the log, checkpoints at random points: the committed overlay moves into
                    // LMDB under live snapshots, and nothing a transaction reads may change.
                    if (jetstore::test::LogModeForced() && rng() % 16 == 0 &&
                        jetstore::engine::seam::CheckpointNow(inst_) != JET_errSuccess) {
                        sh.Note("checkpoint failed");
                    }
                    const int32_t key = static_cast<int32_t>(rng() % kKeys);
                    const std::string where = "session " + std::to_string(ti) + " key " + std::to_string(key) + ": ";
                    const bool changed_since = sh.last_commit.count(key) != 0 && sh.last_commit[key] > begin_seq;
                    const bool written_since =
                        sh.last_write_commit.count(key) != 0 && sh.last_write_commit[key] > begin_seq;
                    const bool other_writer = others(sh.writers[key], ti);
                    const bool other_escrower = others(sh.escrowers[key], ti);
                    const int what = static_cast<int>(rng() % 6);
                    if (what == 5) {  // scan: exactly the view
                        State seen;
                        JET_ERR err = JetMove(s, t, JET_MoveFirst, 0);
                        for (; err == JET_errSuccess; err = JetMove(s, t, JET_MoveNext, 0)) {
                            Row r;
                            int32_t k = 0;
                            if (read_row(&r, &k) != JET_errSuccess) sh.Note(where + "scan read failed");
                            seen[k] = r;
                        }
                        if (err != JET_errNoCurrentRecord) sh.Note(where + "scan ended with " + std::to_string(err));
                        if (seen != view) sh.Note(where + "scan differs from the snapshot plus own changes");
                        continue;
                    }
                    const JET_ERR found = seek(key);
                    const auto it = view.find(key);
                    if ((found == JET_errSuccess) != (it != view.end())) {
                        sh.Note(where + "seek returned " + std::to_string(found) + " against the view");
                        conflict = true;
                        break;
                    }
                    if (it != view.end()) {
                        Row r;
                        if (read_row(&r, nullptr) != JET_errSuccess || !(r == it->second)) {
                            sh.Note(where + "read differs from the view");
                        }
                    }
                    JET_ERR err = JET_errSuccess;
                    bool justified = false;
                    enum { kInsert, kReplace, kDelete, kEscrow } kind;
                    if (it == view.end()) {
                        kind = kInsert;
                        const int32_t v = ++next_value;
                        err = JetPrepareUpdate(s, t, JET_prepInsert);
                        if (err >= 0) err = JetSetColumn(s, t, mk, &key, 4, 0, nullptr);
                        if (err >= 0) err = JetSetColumn(s, t, mv, &v, 4, 0, nullptr);
                        if (err >= 0) err = JetUpdate(s, t, nullptr, 0, nullptr);
                        if (err < 0) JetPrepareUpdate(s, t, JET_prepCancel);
                        // A row committed after the snapshot (not one this transaction deleted), a
                        // key another live transaction holds, or one changed after the snapshot
                        // (inserted and deleted again: esent meets its versions).
                        justified = (sh.model.count(key) != 0 && written.count(key) == 0) || other_writer ||
                                    (changed_since && written.count(key) == 0);
                        if (err == JET_errSuccess) view[key] = Row{v, 0};
                    } else if (what < 2) {
                        kind = kEscrow;
                        const int32_t d = 1 + static_cast<int32_t>(rng() % 5);
                        int32_t before = 0;
                        JET_ULONG cb = 0;
                        err = JetEscrowUpdate(s, t, me, const_cast<int32_t *>(&d), 4, &before, 4, &cb, 0);
                        // [esent] only deltas commute: another's write lock, or a change other
                        // than an escrow update committed after the snapshot, conflicts.
                        justified = other_writer || written_since;
                        if (err == JET_errSuccess) {
                            // DECISIONS 20: the latest value: the committed one plus every live
                            // transaction's deltas; a row this transaction wrote is its own.
                            const int32_t latest = written.count(key) != 0 ? it->second.e : sh.model[key].e + sh.pending[key];
                            if (before != latest) sh.Note(where + "escrow's old value is not the latest value");
                            view[key].e += d;
                            deltas[key] += d;
                            sh.pending[key] += d;
                        }
                    } else if (what < 4) {
                        kind = kReplace;
                        const int32_t v = ++next_value;
                        err = JetPrepareUpdate(s, t, JET_prepReplace);
                        if (err >= 0) {
                            sh.writers[key].insert(ti);  // the prepared replace holds the lock
                            err = JetSetColumn(s, t, mv, &v, 4, 0, nullptr);
                            if (err >= 0) err = JetUpdate(s, t, nullptr, 0, nullptr);
                            if (err < 0) JetPrepareUpdate(s, t, JET_prepCancel);
                        }
                        justified = changed_since || other_writer || other_escrower;
                        if (err == JET_errSuccess) view[key].v = v;
                    } else {
                        kind = kDelete;
                        err = JetDelete(s, t);
                        justified = changed_since || other_writer || other_escrower;
                        if (err == JET_errSuccess) view.erase(key);
                    }
                    if (err == JET_errSuccess) {
                        if (justified) sh.Note(where + "succeeded where esent refuses it");
                        if (kind == kEscrow) {
                            sh.escrowers[key].insert(ti);
                            escrowed.insert(key);
                        } else {
                            sh.writers[key].insert(ti);
                            written.insert(key);
                        }
                    } else if (err == JET_errWriteConflict || (kind == kInsert && err == JET_errKeyDuplicate)) {
                        ++sh.checked_conflicts;
                        if (!justified) {
                            sh.Note(where + "conflict " + std::to_string(err) + " that esent would not raise");
                        }
                        conflict = true;
                    } else {
                        sh.Note(where + "operation returned " + std::to_string(err));
                        conflict = true;
                    }
                }
                std::lock_guard<std::mutex> lock(sh.op_mu);
                auto release = [&] {
                    for (auto &[k, holders] : sh.writers) holders.erase(ti);
                    for (auto &[k, holders] : sh.escrowers) holders.erase(ti);
                    for (const auto &[k, d] : deltas) sh.pending[k] -= d;
                };
                if (conflict) {
                    if (JetRollback(s, 0) != JET_errSuccess) sh.Note("rollback failed");
                    release();
                    ++sh.conflicts;
                    continue;
                }
                const JET_ERR err = JetCommitTransaction(s, 0);
                if (err != JET_errSuccess) {
                    sh.Note("commit returned " + std::to_string(err));
                    JetRollback(s, 0);
                    release();
                    continue;
                }
                ++sh.seq;
                for (const int32_t k : written) {  // the rows it replaced, inserted or deleted
                    auto v = view.find(k);
                    if (v == view.end()) {
                        sh.model.erase(k);
                    } else {
                        sh.model[k] = v->second;  // its escrow deltas are in the view
                    }
                    sh.last_commit[k] = sh.seq;
                    sh.last_write_commit[k] = sh.seq;
                }
                for (const auto &[k, d] : deltas) {  // escrow only: added to the latest committed value
                    if (written.count(k) == 0) sh.model[k].e += d;
                    sh.last_commit[k] = sh.seq;
                }
                release();
                ++sh.commits;
            }
            std::lock_guard<std::mutex> lock(sh.op_mu);
            JetCloseTable(s, t);
        });
    }
    for (auto &th : threads) th.join();
    for (const std::string &b : sh.bad) ADD_FAILURE() << b;
    EXPECT_GT(sh.commits, 0);
    EXPECT_GT(sh.checked_conflicts, 0);
    RecordProperty("commits", std::to_string(sh.commits));
    RecordProperty("conflicts", std::to_string(sh.checked_conflicts));
    EXPECT_EQ(kThreads * kTransactions, sh.commits + sh.conflicts);
    // The committed state, read by a fresh session.
    JET_SESID fresh = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &fresh, nullptr, nullptr));
    JET_DBID fdb = JET_dbidNil;
    ASSERT_GE(JetOpenDatabase(fresh, path_.c_str(), nullptr, &fdb, 0), 0);
    JET_TABLEID ft = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(fresh, fdb, "m", nullptr, 0, 0, &ft));
    State final_state;
    for (JET_ERR err = JetMove(fresh, ft, JET_MoveFirst, 0); err == JET_errSuccess; err = JetMove(fresh, ft, JET_MoveNext, 0)) {
        int32_t k = 0;
        Row r;
        JET_ULONG cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(fresh, ft, mk, &k, 4, &cb, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(fresh, ft, mv, &r.v, 4, &cb, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(fresh, ft, me, &r.e, 4, &cb, 0, nullptr));
        final_state[k] = r;
    }
    EXPECT_TRUE(final_state == sh.model) << final_state.size() << " rows against " << sh.model.size() << " in the model";
    for (JET_SESID s : sessions) EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
    EXPECT_EQ(JET_errSuccess, JetEndSession(fresh, 0));
}

}  // namespace
