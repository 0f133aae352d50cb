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
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"

#if defined(__SANITIZE_THREAD__)
#define JETSTORE_TEST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define JETSTORE_TEST_TSAN 1
#endif
#endif

namespace {

using jetstore::test::Worker;

#ifdef JETSTORE_TEST_TSAN
constexpr double kDefaultScale = 0.05;
#else
constexpr double kDefaultScale = 1.0;
#endif

double StressScale() {
    static const double scale = [] {
        const char *env = std::getenv("JETSTORE_STRESS_SCALE");
        if (env == nullptr || *env == '\0') return kDefaultScale;
        char *end = nullptr;
        const double v = std::strtod(env, &end);
        return (end != env && v > 0) ? v : kDefaultScale;
    }();
    return scale;
}

long Scaled(long n, long minimum) {
    return std::max(minimum, static_cast<long>(static_cast<double>(n) * StressScale()));
}

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
        unsigned long cb = 0;
        if (JetRetrieveColumn(s, t, v, &x, 4, &cb, 0, nullptr) != JET_errSuccess) return std::nullopt;
        return x;
    }
    // Seeks `key` and replaces v (PrepareUpdate's and JetUpdate's errors returned as they come).
    JET_ERR Replace(int32_t key, int32_t value, unsigned long prep = JET_prepReplace) const {
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
            unsigned long cb = 0;
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
    unsigned long cb = 0;
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

TEST_F(DataTransactionTest, WritingASecondDatabaseInOneTransactionFailsWithInvalidOperation) {
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

}  // namespace
