// Navigation over a table's primary index (or its implicit sequential index): JetMove, JetMakeKey,
// JetSeek, bookmarks, key ordering (signed integers, descending segments, multi-column keys,
// case-insensitive text), wildcard limits, and where the cursor stands after a failed seek, an
// insert and a delete.
//
// Specs: esent-scenarios.md NAV-01, NAV-03, NAV-04, NAV-06 (T_SEEK rows 10, 20, 30 on a primary
// index), NAV-12, NAV-14, NAV-13, NAV-15, NAV-16, NAV-17,
// DML-16; esent.h JetMove / JetMakeKey / JetSeek / JetGetBookmark / JetGotoBookmark / JetUpdate.

#include <esent.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace {

class NavigationTest : public jetstore::test::InstanceTest {
protected:
    NavigationTest() : InstanceTest("jetstore_nav_") {}

    void SetUp() override {
        InstanceTest::SetUp();
        if (HasFatalFailure()) return;
        inst_ = CreateConfigured("nav");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        live_.push_back(inst_);
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
        const std::string path = dir_ + "/nav.edb";
        ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path.c_str(), nullptr, &db_, 0));
    }

    JET_COLUMNID AddColumn(JET_TABLEID t, const char *name, JET_COLTYP coltyp, unsigned short cp = 0) {
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = coltyp;
        def.cp = cp;
        JET_COLUMNID id = 0;
        EXPECT_EQ(JET_errSuccess, JetAddColumn(s_, t, name, &def, nullptr, 0, &id)) << name;
        return id;
    }

    void CreatePrimary(JET_TABLEID t, const std::string &key_with_nuls) {
        // key_with_nuls holds "+a\0-b\0" (every segment NUL-terminated); the final NUL is added.
        std::string key = key_with_nuls;
        key.push_back('\0');
        ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t, "primary", JET_bitIndexPrimary, key.data(),
                                                 static_cast<JET_ULONG>(key.size()), 100));
    }

    // A table "t" with a Long column "k" (the primary key "+k", or "-k" when descending) and a Long
    // column "v".
    void MakeLongTable(bool descending = false) {
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t_));
        k_ = AddColumn(t_, "k", JET_coltypLong);
        v_ = AddColumn(t_, "v", JET_coltypLong);
        CreatePrimary(t_, std::string(descending ? "-k" : "+k", 2) + std::string(1, '\0'));
    }

    JET_ERR Insert(int32_t k, int32_t v = 0) {
        JET_ERR err = JetPrepareUpdate(s_, t_, JET_prepInsert);
        if (err < 0) return err;
        EXPECT_EQ(JET_errSuccess, JetSetColumn(s_, t_, k_, &k, sizeof k, 0, nullptr));
        EXPECT_EQ(JET_errSuccess, JetSetColumn(s_, t_, v_, &v, sizeof v, 0, nullptr));
        err = JetUpdate(s_, t_, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s_, t_, JET_prepCancel);
        return err;
    }

    // The Long column `col` of the current record, or nullopt when there is none.
    std::optional<int32_t> Current(JET_COLUMNID col) {
        int32_t v = 0;
        JET_ULONG cb = 0;
        const JET_ERR err = JetRetrieveColumn(s_, t_, col, &v, sizeof v, &cb, 0, nullptr);
        if (err != JET_errSuccess) return std::nullopt;
        return v;
    }
    std::optional<int32_t> CurrentKey() { return Current(k_); }

    JET_ERR RetrieveErr(JET_COLUMNID col) {
        int32_t v = 0;
        JET_ULONG cb = 0;
        return JetRetrieveColumn(s_, t_, col, &v, sizeof v, &cb, 0, nullptr);
    }

    JET_ERR SeekLong(int32_t k, JET_GRBIT grbit) {
        const JET_ERR err = JetMakeKey(s_, t_, &k, sizeof k, JET_bitNewKey);
        if (err < 0) return err;
        return JetSeek(s_, t_, grbit);
    }

    // Every key of the table, in index order, from MoveFirst.
    std::vector<int32_t> ScanKeys() {
        std::vector<int32_t> out;
        JET_ERR err = JetMove(s_, t_, JET_MoveFirst, 0);
        while (err == JET_errSuccess) {
            auto k = CurrentKey();
            if (!k) break;
            out.push_back(*k);
            err = JetMove(s_, t_, JET_MoveNext, 0);
        }
        EXPECT_EQ(JET_errNoCurrentRecord, err);
        return out;
    }

    void InsertT_Seek() {
        for (int32_t k : {10, 20, 30}) ASSERT_EQ(JET_errSuccess, Insert(k, k * 10));
    }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = JET_sesidNil;
    JET_DBID db_ = JET_dbidNil;
    JET_TABLEID t_ = JET_tableidNil;
    JET_COLUMNID k_ = 0;
    JET_COLUMNID v_ = 0;
};

using Keys = std::vector<int32_t>;

// ---- JetMove ----

TEST_F(NavigationTest, EveryMoveAndSeekOnAnEmptyTableFindsNoRecord) {
    // NAV-03, DML-16
    MakeLongTable();
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MoveLast, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MoveNext, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MovePrevious, 0));
    for (JET_GRBIT g : {JET_bitSeekEQ, JET_bitSeekGE, JET_bitSeekGT, JET_bitSeekLT, JET_bitSeekLE}) {
        EXPECT_EQ(JET_errRecordNotFound, SeekLong(1, g)) << g;
    }
    char bm[JET_cbBookmarkMost];
    JET_ULONG cb = 0;
    EXPECT_EQ(JET_errNoCurrentRecord, JetGetBookmark(s_, t_, bm, sizeof bm, &cb));
    EXPECT_EQ(JET_errNoCurrentRecord, RetrieveErr(k_));
}

TEST_F(NavigationTest, FirstLastNextPreviousFollowKeyOrderNotInsertOrder) {
    // NAV-01
    MakeLongTable();
    ASSERT_EQ(JET_errSuccess, Insert(2));
    ASSERT_EQ(JET_errSuccess, Insert(1));
    ASSERT_EQ(JET_errSuccess, Insert(3));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    EXPECT_EQ(1, CurrentKey());
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
    EXPECT_EQ(2, CurrentKey());
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveLast, 0));
    EXPECT_EQ(3, CurrentKey());
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MovePrevious, 0));
    EXPECT_EQ(2, CurrentKey());
}

TEST_F(NavigationTest, MoveByACountSkipsThatManyRows) {
    MakeLongTable();
    for (int32_t k = 1; k <= 10; ++k) ASSERT_EQ(JET_errSuccess, Insert(k));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, 3, 0));
    EXPECT_EQ(4, CurrentKey());
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, -2, 0));
    EXPECT_EQ(2, CurrentKey());
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, 8, 0));
    EXPECT_EQ(10, CurrentKey());
    // Past the end: after the last row; one step back comes in on the last row.
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, -4, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, 100, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, RetrieveErr(k_));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MovePrevious, 0));
    EXPECT_EQ(10, CurrentKey());
    // Before the start: one step forward comes in on the first row.
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, -100, 0));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
    EXPECT_EQ(1, CurrentKey());
}

TEST_F(NavigationTest, FallingOffEitherEndAndComingBack) {
    // NAV-04
    MakeLongTable();
    for (int32_t k : {1, 2, 3}) ASSERT_EQ(JET_errSuccess, Insert(k));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveLast, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MoveNext, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MoveNext, JET_bitMoveKeyNE));
    EXPECT_EQ(JET_errNoCurrentRecord, RetrieveErr(k_));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MovePrevious, 0));
    EXPECT_EQ(3, CurrentKey());

    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MovePrevious, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MovePrevious, JET_bitMoveKeyNE));
    EXPECT_EQ(JET_errNoCurrentRecord, RetrieveErr(k_));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, JET_bitMoveKeyNE));
    EXPECT_EQ(1, CurrentKey());
}

TEST_F(NavigationTest, MoveWithAnUnknownGrbitFailsWithInvalidGrbit) {
    MakeLongTable();
    ASSERT_EQ(JET_errSuccess, Insert(1));
    EXPECT_EQ(JET_errInvalidGrbit, JetMove(s_, t_, JET_MoveFirst, 0x100));
}

// ---- key order ----

TEST_F(NavigationTest, SignedLongKeysSortNegativesFirst) {
    MakeLongTable();
    for (int32_t k : {1, -3, 0, INT32_MAX, INT32_MIN, -1}) ASSERT_EQ(JET_errSuccess, Insert(k));
    EXPECT_EQ((Keys{INT32_MIN, -3, -1, 0, 1, INT32_MAX}), ScanKeys());
    EXPECT_EQ(JET_wrnSeekNotEqual, SeekLong(-2, JET_bitSeekGE));
    EXPECT_EQ(-1, CurrentKey());
}

TEST_F(NavigationTest, DescendingSegmentReversesIndexOrderAndSeekDirection) {
    MakeLongTable(/*descending=*/true);
    for (int32_t k : {10, 30, 20}) ASSERT_EQ(JET_errSuccess, Insert(k));
    EXPECT_EQ((Keys{30, 20, 10}), ScanKeys());
    // GE / LE are in index order: 25 stands between 30 and 20.
    EXPECT_EQ(JET_wrnSeekNotEqual, SeekLong(25, JET_bitSeekGE));
    EXPECT_EQ(20, CurrentKey());
    EXPECT_EQ(JET_wrnSeekNotEqual, SeekLong(25, JET_bitSeekLE));
    EXPECT_EQ(30, CurrentKey());
    EXPECT_EQ(JET_errSuccess, SeekLong(20, JET_bitSeekEQ));
    EXPECT_EQ(20, CurrentKey());
    EXPECT_EQ(JET_wrnSeekNotEqual, SeekLong(5, JET_bitSeekLE));
    EXPECT_EQ(10, CurrentKey());
    EXPECT_EQ(JET_errRecordNotFound, SeekLong(5, JET_bitSeekGE));
}

TEST_F(NavigationTest, MultiColumnPrimaryKeyOrdersByEachSegmentInTurn) {
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t_));
    k_ = AddColumn(t_, "k", JET_coltypLong);
    const JET_COLUMNID name = AddColumn(t_, "name", JET_coltypText, 1252);
    v_ = AddColumn(t_, "v", JET_coltypLong);
    CreatePrimary(t_, std::string("+k\0+name\0", 9));
    struct Row {
        int32_t k;
        const char *name;
        int32_t v;
    };
    for (const Row &r : {Row{2, "b", 4}, Row{1, "b", 2}, Row{2, "a", 3}, Row{1, "a", 1}}) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, k_, &r.k, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, name, r.name, 1, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, v_, &r.v, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    }
    std::vector<int32_t> order;
    for (JET_ERR err = JetMove(s_, t_, JET_MoveFirst, 0); err == JET_errSuccess; err = JetMove(s_, t_, JET_MoveNext, 0)) {
        order.push_back(*Current(v_));
    }
    EXPECT_EQ((Keys{1, 2, 3, 4}), order);

    // A full key finds its record.
    const int32_t two = 2;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &two, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, "B", 1, 0));
    EXPECT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    EXPECT_EQ(4, Current(v_));

    // The same text under another number is no duplicate; the same pair (any case) is.
    const int32_t one = 1;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, k_, &one, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, name, "A", 1, 0, nullptr));
    EXPECT_EQ(JET_errKeyDuplicate, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));
}

TEST_F(NavigationTest, TextKeysCompareCaseInsensitively) {
    // esent's default text normalization folds case: "abc" and "ABC" are one key.
    for (unsigned short cp : {static_cast<unsigned short>(1252), static_cast<unsigned short>(1200)}) {
        SCOPED_TRACE(cp);
        const std::string table = "t" + std::to_string(cp);
        JET_TABLEID t = JET_tableidNil;
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, table.c_str(), 0, 100, &t));
        const JET_COLUMNID col = AddColumn(t, "s", JET_coltypText, cp);
        const std::string key("+s\0\0", 4);
        ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t, "primary", JET_bitIndexPrimary, key.data(), 4, 100));
        auto encode = [&](const std::string &ascii) {
            if (cp == 1252) return ascii;
            std::string u16;
            for (char c : ascii) {
                u16.push_back(c);
                u16.push_back('\0');
            }
            return u16;
        };
        auto insert = [&](const std::string &ascii) {
            const std::string v = encode(ascii);
            EXPECT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
            EXPECT_EQ(JET_errSuccess, JetSetColumn(s_, t, col, v.data(), static_cast<JET_ULONG>(v.size()), 0, nullptr));
            const JET_ERR err = JetUpdate(s_, t, nullptr, 0, nullptr);
            if (err < 0) JetPrepareUpdate(s_, t, JET_prepCancel);
            return err;
        };
        EXPECT_EQ(JET_errSuccess, insert("abc"));
        EXPECT_EQ(JET_errKeyDuplicate, insert("ABC"));
        EXPECT_EQ(JET_errKeyDuplicate, insert("aBc"));
        EXPECT_EQ(JET_errSuccess, insert("ABD"));
        EXPECT_EQ(JET_errSuccess, insert("Ab"));

        // Seeking with another case finds the record, which keeps the case it was stored with.
        const std::string probe = encode("AbC");
        ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, probe.data(), static_cast<JET_ULONG>(probe.size()), JET_bitNewKey));
        ASSERT_EQ(JET_errSuccess, JetSeek(s_, t, JET_bitSeekEQ));
        char buf[16] = {};
        JET_ULONG cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, col, buf, sizeof buf, &cb, 0, nullptr));
        EXPECT_EQ(encode("abc"), std::string(buf, cb));

        // Order ignores case: Ab < abc < ABD.
        std::vector<std::string> order;
        for (JET_ERR err = JetMove(s_, t, JET_MoveFirst, 0); err == JET_errSuccess; err = JetMove(s_, t, JET_MoveNext, 0)) {
            ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, col, buf, sizeof buf, &cb, 0, nullptr));
            order.emplace_back(buf, cb);
        }
        EXPECT_EQ((std::vector<std::string>{encode("Ab"), encode("abc"), encode("ABD")}), order);
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    }
}

// ---- JetSeek on T_SEEK's rows 10, 20, 30 (NAV-06, on a primary index) ----

TEST_F(NavigationTest, SeekWithAnExactKeySucceedsWithoutWarning) {
    MakeLongTable();
    InsertT_Seek();
    EXPECT_EQ(JET_errSuccess, SeekLong(20, JET_bitSeekEQ));
    EXPECT_EQ(20, CurrentKey());
    EXPECT_EQ(JET_errSuccess, SeekLong(10, JET_bitSeekLE));
    EXPECT_EQ(10, CurrentKey());
    EXPECT_EQ(JET_errSuccess, SeekLong(30, JET_bitSeekGE));
    EXPECT_EQ(30, CurrentKey());
}

TEST_F(NavigationTest, SeekLeOrGeWithAnInexactKeyWarnsSeekNotEqual) {
    MakeLongTable();
    InsertT_Seek();
    EXPECT_EQ(JET_wrnSeekNotEqual, SeekLong(11, JET_bitSeekLE));
    EXPECT_EQ(10, CurrentKey());
    EXPECT_EQ(JET_wrnSeekNotEqual, SeekLong(29, JET_bitSeekGE));
    EXPECT_EQ(30, CurrentKey());
    EXPECT_EQ(JET_wrnSeekNotEqual, SeekLong(25, JET_bitSeekGE));
    EXPECT_EQ(30, CurrentKey());
    EXPECT_EQ(JET_wrnSeekNotEqual, SeekLong(25, JET_bitSeekLE));
    EXPECT_EQ(20, CurrentKey());
}

TEST_F(NavigationTest, SeekLtAndGtLandOnTheNeighbouringRecord) {
    MakeLongTable();
    InsertT_Seek();
    EXPECT_GE(SeekLong(11, JET_bitSeekLT), 0);
    EXPECT_EQ(10, CurrentKey());
    EXPECT_GE(SeekLong(20, JET_bitSeekLT), 0);
    EXPECT_EQ(10, CurrentKey());
    EXPECT_GE(SeekLong(29, JET_bitSeekGT), 0);
    EXPECT_EQ(30, CurrentKey());
    EXPECT_GE(SeekLong(20, JET_bitSeekGT), 0);
    EXPECT_EQ(30, CurrentKey());
}

// [esent] (fixed engine bug) esent's SeekLT / SeekGT never warn: ErrIsamSeek returns JET_wrnSeekNotEqual only for
// SeekGE / SeekLE (an LT / GT result is unequal by definition). jetstore returns
// JET_wrnSeekNotEqual (1039) for them, and esent.h documents that too.
TEST_F(NavigationTest, SeekLtAndGtSucceedWithoutWarning) {
    MakeLongTable();
    InsertT_Seek();
    EXPECT_EQ(JET_errSuccess, SeekLong(11, JET_bitSeekLT));
    EXPECT_EQ(10, CurrentKey());
    EXPECT_EQ(JET_errSuccess, SeekLong(20, JET_bitSeekLT));
    EXPECT_EQ(10, CurrentKey());
    EXPECT_EQ(JET_errSuccess, SeekLong(29, JET_bitSeekGT));
    EXPECT_EQ(30, CurrentKey());
    EXPECT_EQ(JET_errSuccess, SeekLong(20, JET_bitSeekGT));
    EXPECT_EQ(30, CurrentKey());
}

TEST_F(NavigationTest, SeekWithNothingQualifyingFailsWithRecordNotFound) {
    MakeLongTable();
    InsertT_Seek();
    EXPECT_EQ(JET_errRecordNotFound, SeekLong(10, JET_bitSeekLT));
    EXPECT_EQ(JET_errRecordNotFound, SeekLong(9, JET_bitSeekLE));
    EXPECT_EQ(JET_errRecordNotFound, SeekLong(19, JET_bitSeekEQ));
    EXPECT_EQ(JET_errRecordNotFound, SeekLong(31, JET_bitSeekGE));
    EXPECT_EQ(JET_errRecordNotFound, SeekLong(30, JET_bitSeekGT));
}

// [esent] (fixed engine bug) after JET_errRecordNotFound esent's cursor has no current record (ErrIsamSeek leaves
// it on the seek position, not on a record: NAV-07's RetrieveColumns gives JET_errNoCurrentRecord,
// and esent.h says "the cursor then has no current record"). jetstore keeps the cursor on the
// record it was on before the seek (JetRetrieveColumn returns 0 and the old record).
TEST_F(NavigationTest, FailedSeekLeavesNoCurrentRecord) {
    MakeLongTable();
    InsertT_Seek();
    ASSERT_EQ(JET_errSuccess, SeekLong(20, JET_bitSeekEQ));
    ASSERT_EQ(JET_errRecordNotFound, SeekLong(19, JET_bitSeekEQ));
    EXPECT_EQ(JET_errNoCurrentRecord, RetrieveErr(k_));
    ASSERT_EQ(JET_errSuccess, SeekLong(20, JET_bitSeekEQ));
    ASSERT_EQ(JET_errRecordNotFound, SeekLong(31, JET_bitSeekGE));
    EXPECT_EQ(JET_errNoCurrentRecord, RetrieveErr(k_));
    // The cursor is usable again at once.
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    EXPECT_EQ(10, CurrentKey());
}

TEST_F(NavigationTest, FailedSeekDoesNotChangeTheTable) {
    // What holds in esent and jetstore alike: a failed seek is harmless, and the cursor can move on.
    MakeLongTable();
    InsertT_Seek();
    ASSERT_EQ(JET_errSuccess, SeekLong(20, JET_bitSeekEQ));
    ASSERT_EQ(JET_errRecordNotFound, SeekLong(19, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    EXPECT_EQ(10, CurrentKey());
    EXPECT_EQ((Keys{10, 20, 30}), ScanKeys());
}

// ---- JetMakeKey errors ----

TEST_F(NavigationTest, SeekWithoutAKeyFailsWithKeyNotMade) {
    MakeLongTable();
    InsertT_Seek();
    EXPECT_EQ(JET_errKeyNotMade, JetSeek(s_, t_, JET_bitSeekEQ));
    // A key must start with JET_bitNewKey.
    const int32_t k = 20;
    EXPECT_EQ(JET_errKeyNotMade, JetMakeKey(s_, t_, &k, 4, 0));
    EXPECT_EQ(JET_errKeyNotMade, JetSeek(s_, t_, JET_bitSeekEQ));
}

// [esent] (fixed engine bug) esent consumes the search key in every JetSeek (KSReset on every path of
// ErrIsamSeek; esent.h: "The search key is consumed (the next seek needs a new JetMakeKey)"), so a
// second JetSeek gives JET_errKeyNotMade. jetstore keeps the key and seeks again (returns 0).
TEST_F(NavigationTest, SeekConsumesTheSearchKey) {
    MakeLongTable();
    InsertT_Seek();
    ASSERT_EQ(JET_errSuccess, SeekLong(20, JET_bitSeekEQ));
    EXPECT_EQ(JET_errKeyNotMade, JetSeek(s_, t_, JET_bitSeekEQ));
    ASSERT_EQ(JET_errRecordNotFound, SeekLong(19, JET_bitSeekEQ));
    EXPECT_EQ(JET_errKeyNotMade, JetSeek(s_, t_, JET_bitSeekGE));
}

TEST_F(NavigationTest, MoreKeyColumnsThanTheIndexHasFailsWithKeyIsMade) {
    MakeLongTable();
    const int32_t k = 1;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey));
    EXPECT_EQ(JET_errKeyIsMade, JetMakeKey(s_, t_, &k, 4, 0));
    // A NewKey starts over.
    EXPECT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey));
}

TEST_F(NavigationTest, AKeyColumnOfTheWrongSizeFailsWithInvalidBufferSize) {
    MakeLongTable();
    const int16_t small = 1;
    EXPECT_EQ(JET_errInvalidBufferSize, JetMakeKey(s_, t_, &small, sizeof small, JET_bitNewKey));
}

// ---- multi-column keys: partial keys and wildcard limits ----

class MultiColumnKeyTest : public NavigationTest {
protected:
    void SetUp() override {
        NavigationTest::SetUp();
        if (HasFatalFailure()) return;
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t_));
        k_ = AddColumn(t_, "k", JET_coltypLong);
        name_ = AddColumn(t_, "name", JET_coltypText, 1252);
        v_ = AddColumn(t_, "v", JET_coltypLong);
        CreatePrimary(t_, std::string("+k\0+name\0", 9));
        // v numbers the rows in key order.
        InsertRow(1, "a", 1);
        InsertRow(2, "b", 3);
        InsertRow(2, "a", 2);
        InsertRow(3, "a", 4);
    }
    void InsertRow(int32_t k, const char *name, int32_t v) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, k_, &k, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, name_, name, static_cast<JET_ULONG>(strlen(name)), 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, v_, &v, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    }
    JET_ERR SeekFirstColumn(int32_t k, JET_GRBIT limit, JET_GRBIT seek) {
        const JET_ERR err = JetMakeKey(s_, t_, &k, 4, JET_bitNewKey | limit);
        return err < 0 ? err : JetSeek(s_, t_, seek);
    }
    JET_COLUMNID name_ = 0;
};

TEST_F(MultiColumnKeyTest, PartialKeySeekGeLandsOnTheFirstRecordOfThePrefix) {
    // NAV-14: a key of the first column only, with SeekGE, finds the first record starting with it.
    EXPECT_GE(SeekFirstColumn(2, 0, JET_bitSeekGE), 0);
    EXPECT_EQ(2, Current(v_));
    EXPECT_GE(SeekFirstColumn(1, 0, JET_bitSeekGE), 0);
    EXPECT_EQ(1, Current(v_));
    EXPECT_EQ(JET_errRecordNotFound, SeekFirstColumn(4, 0, JET_bitSeekGE));
}

// [esent] (esent's source: ErrIsamSeek -> ErrDIRDown, whose leaf search compares with
// CmpKeyData / CmpKey, which break a common-prefix tie by length): a search key of the first column
// only is shorter than, so sorts before and never equals, every two-column entry starting with it.
// esent: SeekGE -> (2,"a") with JET_wrnSeekNotEqual; SeekLE -> (1,"a") with JET_wrnSeekNotEqual;
// SeekEQ -> JET_errRecordNotFound; SeekGT -> (2,"a"); SeekLT -> (1,"a"). jetstore treats every entry
// the partial key is a prefix of as equal to it: SeekGE returns 0, SeekLE returns 0 on (2,"b"),
// SeekEQ returns 0 on (2,"a"), SeekGT lands on (3,"a"), SeekLT on (1,"a").
TEST_F(MultiColumnKeyTest, PartialKeySortsBeforeTheEntriesItIsAPrefixOf) {
    EXPECT_EQ(JET_wrnSeekNotEqual, SeekFirstColumn(2, 0, JET_bitSeekGE));
    EXPECT_EQ(2, Current(v_));
    EXPECT_EQ(JET_wrnSeekNotEqual, SeekFirstColumn(2, 0, JET_bitSeekLE));
    EXPECT_EQ(1, Current(v_));
    EXPECT_EQ(JET_errRecordNotFound, SeekFirstColumn(2, 0, JET_bitSeekEQ));
    EXPECT_EQ(JET_errSuccess, SeekFirstColumn(2, 0, JET_bitSeekGT));
    EXPECT_EQ(2, Current(v_));
    EXPECT_EQ(JET_errSuccess, SeekFirstColumn(2, 0, JET_bitSeekLT));
    EXPECT_EQ(1, Current(v_));
}

TEST_F(MultiColumnKeyTest, FullColumnLimitsMakeTheLaterColumnsWildcards) {
    // Start limit: before every (2, *); end limit: after every (2, *).
    EXPECT_GE(SeekFirstColumn(2, JET_bitFullColumnStartLimit, JET_bitSeekGE), 0);
    EXPECT_EQ(2, Current(v_));
    EXPECT_GE(SeekFirstColumn(2, JET_bitFullColumnStartLimit, JET_bitSeekLT), 0);
    EXPECT_EQ(1, Current(v_));
    EXPECT_EQ(JET_wrnSeekNotEqual, SeekFirstColumn(2, JET_bitFullColumnEndLimit, JET_bitSeekLE));
    EXPECT_EQ(3, Current(v_));
    EXPECT_GE(SeekFirstColumn(2, JET_bitFullColumnEndLimit, JET_bitSeekGT), 0);
    EXPECT_EQ(4, Current(v_));
    EXPECT_EQ(JET_errRecordNotFound, SeekFirstColumn(3, JET_bitFullColumnEndLimit, JET_bitSeekGT));
}

TEST_F(MultiColumnKeyTest, AColumnAfterALimitFailsWithKeyIsMade) {
    const int32_t k = 2;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey | JET_bitFullColumnEndLimit));
    EXPECT_EQ(JET_errKeyIsMade, JetMakeKey(s_, t_, "a", 1, 0));
}

TEST_F(MultiColumnKeyTest, FullKeySeeksFindTheirRecords) {
    const int32_t k = 2;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, "B", 1, 0));
    EXPECT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    EXPECT_EQ(3, Current(v_));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, "aa", 2, 0));
    EXPECT_EQ(JET_wrnSeekNotEqual, JetSeek(s_, t_, JET_bitSeekGE));
    EXPECT_EQ(3, Current(v_));
}

// ---- wildcard seeks on text (NAV-15) ----

class TextKeyTest : public NavigationTest {
protected:
    void SetUp() override {
        NavigationTest::SetUp();
        if (HasFatalFailure()) return;
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "words", 0, 100, &t_));
        name_ = AddColumn(t_, "name", JET_coltypText, 1252);
        CreatePrimary(t_, std::string("+name\0", 6));
        for (const char *w : {"DOG", "A", "CAT", "ANT", "B", "C", "BAT", "D"}) {
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, name_, w, static_cast<JET_ULONG>(strlen(w)), 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
        }
    }
    JET_ERR SeekText(const char *text, JET_GRBIT limit, JET_GRBIT seek) {
        const JET_ERR err =
            JetMakeKey(s_, t_, text, static_cast<JET_ULONG>(strlen(text)), JET_bitNewKey | limit);
        return err < 0 ? err : JetSeek(s_, t_, seek);
    }
    std::string Name() { return CurrentName(); }
    // Every name from the current record on, by JetMove(Next), within the cursor's range.
    std::vector<std::string> NamesFromHere() {
        std::vector<std::string> out;
        JET_ERR err = JET_errSuccess;
        while (err == JET_errSuccess) {
            out.push_back(CurrentName());
            err = JetMove(s_, t_, JET_MoveNext, 0);
        }
        EXPECT_EQ(JET_errNoCurrentRecord, err);
        return out;
    }
    std::string CurrentName() {
        char buf[32] = {};
        JET_ULONG cb = 0;
        if (JetRetrieveColumn(s_, t_, name_, buf, sizeof buf, &cb, 0, nullptr) != JET_errSuccess) return "<none>";
        return std::string(buf, cb);
    }
    JET_COLUMNID name_ = 0;
};

TEST_F(TextKeyTest, PlainTextSeeks) {
    EXPECT_EQ(JET_errSuccess, SeekText("b", 0, JET_bitSeekEQ));
    EXPECT_EQ("B", CurrentName());
    EXPECT_EQ(JET_wrnSeekNotEqual, SeekText("ba", 0, JET_bitSeekGE));  // NAV-15 prefix seek
    EXPECT_EQ("BAT", CurrentName());
    EXPECT_EQ(JET_errRecordNotFound, SeekText("ba", 0, JET_bitSeekEQ));
}

TEST_F(TextKeyTest, SubStrLimitCoversEveryValueWithThePrefix) {
    // JET_bitSubStrLimit (= PartialColumnEndLimit): "A*" ends after ANT.
    EXPECT_GE(SeekText("A", JET_bitSubStrLimit, JET_bitSeekGT), 0);
    EXPECT_EQ("B", CurrentName());
    EXPECT_GE(SeekText("b", JET_bitSubStrLimit, JET_bitSeekLT), 0);
    EXPECT_EQ("BAT", CurrentName());
    EXPECT_EQ(JET_wrnSeekNotEqual, SeekText("c", JET_bitPartialColumnEndLimit, JET_bitSeekLE));
    EXPECT_EQ("CAT", CurrentName());
    EXPECT_EQ(JET_errRecordNotFound, SeekText("do", JET_bitSubStrLimit, JET_bitSeekGT));
}

TEST_F(TextKeyTest, StrLimitCoversOnlyTheWholeValue) {
    // JET_bitStrLimit (= FullColumnEndLimit) on "C": C is inside, CAT is not.
    EXPECT_EQ(JET_wrnSeekNotEqual, SeekText("C", JET_bitStrLimit, JET_bitSeekLE));
    EXPECT_EQ("C", CurrentName());
    EXPECT_GE(SeekText("C", JET_bitStrLimit, JET_bitSeekGT), 0);
    EXPECT_EQ("CAT", CurrentName());
    EXPECT_EQ(JET_wrnSeekNotEqual, SeekText("c", JET_bitFullColumnEndLimit, JET_bitSeekLE));
    EXPECT_EQ("C", CurrentName());
}

// ---- bookmarks and normalized keys ----

TEST_F(NavigationTest, BookmarkFromUpdateAndGetBookmarkAgreeAndGoBack) {
    // NAV-17, DML-09: an int32 primary key's bookmark is its 5-byte normalized key.
    MakeLongTable();
    InsertT_Seek();
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    const int32_t k = 15;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, k_, &k, 4, 0, nullptr));
    unsigned char bm1[JET_cbBookmarkMost];
    JET_ULONG cb1 = 0;
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, bm1, sizeof bm1, &cb1));
    EXPECT_EQ(5ul, cb1);
    ASSERT_EQ(JET_errSuccess, JetGotoBookmark(s_, t_, bm1, cb1));
    EXPECT_EQ(15, CurrentKey());
    unsigned char bm2[JET_cbBookmarkMost];
    JET_ULONG cb2 = 0;
    ASSERT_EQ(JET_errSuccess, JetGetBookmark(s_, t_, bm2, sizeof bm2, &cb2));
    ASSERT_EQ(cb1, cb2);
    EXPECT_EQ(0, std::memcmp(bm1, bm2, cb1));
    EXPECT_EQ(JET_errBufferTooSmall, JetGetBookmark(s_, t_, bm2, 1, &cb2));
}

TEST_F(NavigationTest, NormalizedKeyFromABookmarkSeeksBackToItsRecord) {
    // NAV-17: a primary index's bookmark is the record's normalized key.
    MakeLongTable();
    InsertT_Seek();
    ASSERT_EQ(JET_errSuccess, SeekLong(20, JET_bitSeekEQ));
    unsigned char bm[JET_cbBookmarkMost];
    JET_ULONG cb = 0;
    ASSERT_EQ(JET_errSuccess, JetGetBookmark(s_, t_, bm, sizeof bm, &cb));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveLast, 0));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, bm, cb, JET_bitNormalizedKey));
    EXPECT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    EXPECT_EQ(20, CurrentKey());
    // And as the start of an inequality seek.
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, bm, cb, JET_bitNormalizedKey));
    EXPECT_GE(JetSeek(s_, t_, JET_bitSeekGT), 0);
    EXPECT_EQ(30, CurrentKey());
}

TEST_F(NavigationTest, GotoBookmarkOfADeletedRecordFailsWithRecordDeleted) {
    MakeLongTable();
    InsertT_Seek();
    ASSERT_EQ(JET_errSuccess, SeekLong(20, JET_bitSeekEQ));
    unsigned char bm[JET_cbBookmarkMost];
    JET_ULONG cb = 0;
    ASSERT_EQ(JET_errSuccess, JetGetBookmark(s_, t_, bm, sizeof bm, &cb));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errRecordDeleted, JetGotoBookmark(s_, t_, bm, cb));
}

// ---- currency after insert and delete (NAV-12) ----

TEST_F(NavigationTest, InsertDoesNotMoveTheCursor) {
    MakeLongTable();
    for (int32_t k : {3, 1, 2}) ASSERT_EQ(JET_errSuccess, Insert(k));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    EXPECT_EQ(1, CurrentKey());
    ASSERT_EQ(JET_errSuccess, Insert(0));
    EXPECT_EQ(1, CurrentKey());
    ASSERT_EQ(JET_errSuccess, Insert(5));
    EXPECT_EQ(1, CurrentKey());
    // The next move is relative to the record, and sees the new rows.
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MovePrevious, 0));
    EXPECT_EQ(0, CurrentKey());
}

TEST_F(NavigationTest, MovesFromADeletedRecordLandOnItsNeighbours) {
    MakeLongTable();
    for (int32_t k : {1, 2, 3}) ASSERT_EQ(JET_errSuccess, Insert(k));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, SeekLong(2, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    EXPECT_EQ(JET_errRecordDeleted, RetrieveErr(k_));
    EXPECT_EQ(JET_errRecordDeleted, JetDelete(s_, t_));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
    EXPECT_EQ(3, CurrentKey());

    ASSERT_EQ(JET_errSuccess, SeekLong(3, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MovePrevious, 0));
    EXPECT_EQ(1, CurrentKey());
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ((Keys{1}), ScanKeys());
}

TEST_F(NavigationTest, CursorPositionAfterDeleteFollowsNav12) {
    // NAV-12, on the primary index: the bookmark is the primary key, so re-inserting the deleted
    // key puts a record back under the cursor.
    MakeLongTable();
    for (int32_t k : {1, 2, 3}) ASSERT_EQ(JET_errSuccess, Insert(k, k * 10));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, SeekLong(1, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    EXPECT_EQ(JET_errRecordDeleted, RetrieveErr(k_));
    ASSERT_EQ(JET_errSuccess, Insert(1, 11));
    EXPECT_EQ(11, Current(v_));
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MovePrevious, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, RetrieveErr(k_));
    ASSERT_EQ(JET_errSuccess, Insert(1, 12));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));  // the cursor was before the first
    EXPECT_EQ(1, CurrentKey());
    EXPECT_EQ(12, Current(v_));

    ASSERT_EQ(JET_errSuccess, SeekLong(3, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MoveNext, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, RetrieveErr(k_));
    ASSERT_EQ(JET_errSuccess, Insert(3, 30));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MovePrevious, 0));  // the cursor was after the last
    EXPECT_EQ(3, CurrentKey());
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
}

// ---- the implicit sequential index ----

TEST_F(NavigationTest, TableWithoutPrimaryIndexKeepsInsertOrder) {
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "seq", 0, 100, &t_));
    k_ = AddColumn(t_, "k", JET_coltypLong);
    v_ = AddColumn(t_, "v", JET_coltypLong);
    std::vector<std::string> bookmarks;
    for (int32_t k : {5, -1, 3, 100, 0}) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, k_, &k, 4, 0, nullptr));
        char bm[JET_cbBookmarkMost];
        JET_ULONG cb = 0;
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, bm, sizeof bm, &cb));
        EXPECT_EQ(8ul, cb);
        bookmarks.emplace_back(bm, cb);
    }
    EXPECT_EQ((Keys{5, -1, 3, 100, 0}), ScanKeys());
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveLast, 0));
    EXPECT_EQ(0, CurrentKey());
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, -2, 0));
    EXPECT_EQ(3, CurrentKey());
    // Bookmarks go back to their records; they increase with the insert order.
    ASSERT_EQ(JET_errSuccess, JetGotoBookmark(s_, t_, bookmarks[1].data(), static_cast<JET_ULONG>(bookmarks[1].size())));
    EXPECT_EQ(-1, CurrentKey());
    for (std::size_t i = 1; i < bookmarks.size(); ++i) EXPECT_LT(bookmarks[i - 1], bookmarks[i]) << i;
    // Records appended later come last, also after a delete.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    ASSERT_EQ(JET_errSuccess, Insert(7));
    EXPECT_EQ((Keys{-1, 3, 100, 0, 7}), ScanKeys());
}

TEST_F(NavigationTest, DupCursorOpensOnTheClusteredIndexAtTheFirstRecord) {
    MakeLongTable();
    for (int32_t k : {3, 1, 2}) ASSERT_EQ(JET_errSuccess, Insert(k, 10 - k));  // v: 7, 9, 8
    const std::string vkey = std::string("+v", 2) + std::string(2, '\0');
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t_, "byv", 0, vkey.data(), static_cast<JET_ULONG>(vkey.size()), 100));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "byv"));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveLast, 0));
    EXPECT_EQ(1, CurrentKey());  // v = 9
    int32_t k = 2;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, sizeof k, JET_bitNewKey));

    JET_TABLEID dup = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetDupCursor(s_, t_, &dup, 0));
    EXPECT_NE(t_, dup);
    // On the primary index, on its first record, with no search key.
    char name[JET_cbNameMost + 1] = {};
    ASSERT_EQ(JET_errSuccess, JetGetCurrentIndex(s_, dup, name, sizeof name));
    EXPECT_STREQ("primary", name);
    int32_t got = 0;
    JET_ULONG cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, dup, k_, &got, sizeof got, &cb, 0, nullptr));
    EXPECT_EQ(1, got);
    EXPECT_EQ(JET_errKeyNotMade, JetSeek(s_, dup, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, dup, JET_MoveNext, 0));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, dup, k_, &got, sizeof got, &cb, 0, nullptr));
    EXPECT_EQ(2, got);
    // The original keeps its index, position and key.
    EXPECT_EQ(1, CurrentKey());
    ASSERT_EQ(JET_errSuccess, JetGetCurrentIndex(s_, t_, name, sizeof name));
    EXPECT_STREQ("byv", name);
    // Bad inputs.
    JET_TABLEID other = JET_tableidNil;
    EXPECT_EQ(JET_errInvalidParameter, JetDupCursor(s_, t_, nullptr, 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetDupCursor(s_, t_, &other, 1));
    EXPECT_EQ(JET_tableidNil, other);
    EXPECT_EQ(JET_errInvalidTableId, JetDupCursor(s_, JET_tableidNil, &other, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, dup));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s_, dup, JET_MoveFirst, 0));
}

TEST_F(NavigationTest, DupCursorOfAnEmptyTableStandsOnNoRecord) {
    MakeLongTable();
    JET_TABLEID dup = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetDupCursor(s_, t_, &dup, 0));
    int32_t got = 0;
    JET_ULONG cb = 0;
    EXPECT_EQ(JET_errNoCurrentRecord, JetRetrieveColumn(s_, dup, k_, &got, sizeof got, &cb, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, Insert(5));
    EXPECT_EQ(JET_errSuccess, JetMove(s_, dup, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, dup, k_, &got, sizeof got, &cb, 0, nullptr));
    EXPECT_EQ(5, got);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, dup));
}

}  // namespace

namespace {

using Names = std::vector<std::string>;

// ---- index ranges on a text index (NAV-15) ----

TEST_F(TextKeyTest, UpperRangesWithWildcardLimitsBoundAScan) {
    // [NAV-15] keys A, ANT, B, BAT, C, CAT, D, DOG.
    auto range = [&](const char *text, JET_GRBIT limit, JET_GRBIT range_grbit) {
        const JET_ERR err = JetMakeKey(s_, t_, text, static_cast<JET_ULONG>(strlen(text)), JET_bitNewKey | limit);
        return err < 0 ? err : JetSetIndexRange(s_, t_, range_grbit);
    };
    const JET_GRBIT incl_upper = JET_bitRangeInclusive | JET_bitRangeUpperLimit;
    ASSERT_EQ(JET_errSuccess, SeekText("A", 0, JET_bitSeekGE));
    ASSERT_EQ(JET_errSuccess, range("C", JET_bitPartialColumnEndLimit, incl_upper));
    EXPECT_EQ((Names{"A", "ANT", "B", "BAT", "C", "CAT"}), NamesFromHere());

    ASSERT_GE(SeekText("A", JET_bitPartialColumnEndLimit, JET_bitSeekGT), 0);
    ASSERT_EQ(JET_errSuccess, range("C", JET_bitPartialColumnEndLimit, incl_upper));
    EXPECT_EQ((Names{"B", "BAT", "C", "CAT"}), NamesFromHere());

    ASSERT_EQ(JET_errSuccess, SeekText("A", 0, JET_bitSeekGE));
    ASSERT_EQ(JET_errSuccess, range("C", 0, JET_bitRangeUpperLimit));  // exclusive
    EXPECT_EQ((Names{"A", "ANT", "B", "BAT"}), NamesFromHere());

    ASSERT_GE(SeekText("A", JET_bitPartialColumnEndLimit, JET_bitSeekGT), 0);
    ASSERT_EQ(JET_errSuccess, range("C", 0, JET_bitRangeUpperLimit));
    EXPECT_EQ((Names{"B", "BAT"}), NamesFromHere());

    ASSERT_GE(SeekText("A", JET_bitPartialColumnEndLimit, JET_bitSeekGT), 0);
    ASSERT_EQ(JET_errSuccess, range("C", JET_bitFullColumnEndLimit, incl_upper));
    EXPECT_EQ((Names{"B", "BAT", "C"}), NamesFromHere());
}

TEST_F(TextKeyTest, IndexRecordCountStaysWithinTheRange) {
    // [NAV-15] a prefix range: "B*" holds B and BAT.
    ASSERT_EQ(JET_wrnSeekNotEqual, SeekText("ba", 0, JET_bitSeekGE));
    EXPECT_EQ("BAT", Name());
    ASSERT_EQ(JET_errSuccess, SeekText("b", 0, JET_bitSeekGE));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, "b", 1, JET_bitNewKey | JET_bitPartialColumnEndLimit));
    ASSERT_EQ(JET_errSuccess, JetSetIndexRange(s_, t_, JET_bitRangeInclusive | JET_bitRangeUpperLimit));
    JET_ULONG n = 0;
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t_, &n, 0));
    EXPECT_EQ(2u, n);
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t_, &n, 1));
    EXPECT_EQ(1u, n);
    EXPECT_EQ("B", Name()) << "counting does not move the cursor";
    // Without the range: to the end of the index.
    ASSERT_EQ(JET_errSuccess, JetSetIndexRange(s_, t_, JET_bitRangeRemove));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t_, &n, 0));
    EXPECT_EQ(6u, n);  // B BAT C CAT D DOG
}

// ---- counts, positions, sequential scans (NAV-16) ----

class PositionTest : public NavigationTest {
protected:
    static constexpr int32_t kRows = 10;
    void SetUp() override {
        NavigationTest::SetUp();
        if (HasFatalFailure()) return;
        MakeLongTable();
        for (int32_t k = kRows - 1; k >= 0; --k) ASSERT_EQ(JET_errSuccess, Insert(k, k));
    }
};

TEST_F(PositionTest, IndexRecordCountCountsToTheEndOrTheMaximum) {
    JET_ULONG n = 0;
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t_, &n, 0));
    EXPECT_EQ(static_cast<JET_ULONG>(kRows), n);
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t_, &n, kRows - 1));
    EXPECT_EQ(static_cast<JET_ULONG>(kRows - 1), n);
    // seek 2; upper limit kRows - 2 exclusive: 2 .. kRows - 3.
    ASSERT_EQ(JET_errSuccess, SeekLong(2, JET_bitSeekEQ));
    const int32_t upper = kRows - 2;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &upper, sizeof upper, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSetIndexRange(s_, t_, JET_bitRangeUpperLimit));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t_, &n, 0));
    EXPECT_EQ(static_cast<JET_ULONG>(kRows - 4), n);
    EXPECT_EQ(JET_errInvalidParameter, JetIndexRecordCount(s_, t_, nullptr, 0));
}

TEST_F(PositionTest, GotoPositionLandsOnTheFractionOfTheIndex) {
    JET_RECPOS pos{};
    pos.cbStruct = sizeof pos;
    pos.centriesLT = 0;
    pos.centriesTotal = 10;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t_, &pos));
    EXPECT_EQ(0, CurrentKey());
    pos.centriesLT = 4;
    pos.centriesTotal = 4;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t_, &pos));
    EXPECT_EQ(kRows - 1, CurrentKey());
    pos.centriesLT = 1;
    pos.centriesTotal = 2;
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t_, &pos));
    EXPECT_EQ(kRows / 2, CurrentKey());
    // JetGetRecordPosition gives back what JetGotoPosition takes.
    JET_RECPOS here{};
    ASSERT_EQ(JET_errSuccess, JetGetRecordPosition(s_, t_, &here, sizeof here));
    EXPECT_EQ(static_cast<JET_ULONG>(kRows / 2), here.centriesLT);
    EXPECT_EQ(static_cast<JET_ULONG>(kRows), here.centriesTotal);
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveLast, 0));
    ASSERT_EQ(JET_errSuccess, JetGetRecordPosition(s_, t_, &here, sizeof here));
    EXPECT_EQ(here.centriesTotal - 1, here.centriesLT);
    ASSERT_EQ(JET_errSuccess, JetGotoPosition(s_, t_, &here));
    EXPECT_EQ(kRows - 1, CurrentKey());

    // Errors leave the cursor where it was.
    ASSERT_EQ(JET_errSuccess, SeekLong(3, JET_bitSeekEQ));
    pos.centriesLT = 5;
    pos.centriesTotal = 4;
    EXPECT_EQ(JET_errInvalidParameter, JetGotoPosition(s_, t_, &pos));
    pos.centriesLT = 0;
    pos.cbStruct = 4;
    EXPECT_EQ(JET_errInvalidParameter, JetGotoPosition(s_, t_, &pos));
    EXPECT_EQ(JET_errInvalidParameter, JetGotoPosition(s_, t_, nullptr));
    EXPECT_EQ(3, CurrentKey());
    pos.cbStruct = sizeof pos;
    EXPECT_EQ(JET_errInvalidTableId, JetGotoPosition(s_, JET_tableidNil, &pos));
}

TEST_F(NavigationTest, GotoPositionOnAnEmptyIndexFailsWithRecordNotFound) {
    MakeLongTable();
    JET_RECPOS pos{};
    pos.cbStruct = sizeof pos;
    pos.centriesTotal = 1;
    EXPECT_EQ(JET_errRecordNotFound, JetGotoPosition(s_, t_, &pos));
}

TEST_F(PositionTest, ASequentialScanReadsEveryRowInOrder) {
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetSetTableSequential(s_, t_, 0));
    ASSERT_EQ(JET_errSuccess, JetSetTableSequential(s_, t_, JET_bitPrereadForward));
    std::vector<int32_t> seen;
    for (JET_ERR err = JET_errSuccess; err == JET_errSuccess; err = JetMove(s_, t_, JET_MoveNext, 0)) {
        seen.push_back(*CurrentKey());
    }
    std::vector<int32_t> want;
    for (int32_t k = 0; k < kRows; ++k) want.push_back(k);
    EXPECT_EQ(want, seen);
    ASSERT_EQ(JET_errSuccess, JetResetTableSequential(s_, t_, 0));
    ASSERT_EQ(JET_errSuccess, JetResetTableSequential(s_, t_, 0)) << "safe without a hint";
    EXPECT_EQ(JET_errInvalidGrbit, JetSetTableSequential(s_, t_, 0x100));
    EXPECT_EQ(JET_errInvalidGrbit, JetResetTableSequential(s_, t_, JET_bitPrereadForward));
    EXPECT_EQ(JET_errInvalidTableId, JetSetTableSequential(s_, JET_tableidNil, 0));
}

// ---- currency after a replace that changes the current secondary key (NAV-13) ----

TEST_F(NavigationTest, AReplaceThatMovesTheSecondaryKeyLeavesTheCursorAtTheOldPlace) {
    MakeLongTable();
    const JET_COLUMNID d1 = AddColumn(t_, "d1", JET_coltypLong);
    const JET_COLUMNID d2 = AddColumn(t_, "d2", JET_coltypLong);
    const char kIndex[] = "+d1\0+d2\0";
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t_, "secondarywithoutprimary", 0, kIndex, sizeof kIndex, 100));
    auto put = [&](int32_t k, int32_t a, int32_t b) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, k_, &k, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, d1, &a, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, d2, &b, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    };
    put(1, 20, 200);
    put(3, 10, 100);
    put(2, 10, 100);
    put(4, 40, 400);
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "secondarywithoutprimary"));
    auto seek = [&](int32_t a, int32_t b) {
        EXPECT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &a, 4, JET_bitNewKey));
        EXPECT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &b, 4, 0));
        return JetSeek(s_, t_, JET_bitSeekEQ);
    };
    auto replace = [&](int32_t a, int32_t b) {
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, d1, &a, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, d2, &b, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    };
    using Row = std::vector<std::optional<int32_t>>;
    auto row = [&] { return Row{CurrentKey(), Current(d1), Current(d2)}; };

    // Index order: (10,100,k2) (10,100,k3) (20,200,k1) (40,400,k4).
    ASSERT_EQ(JET_errSuccess, seek(10, 100));
    ASSERT_EQ(2, CurrentKey());
    replace(-10, -100);
    EXPECT_EQ((Row{2, -10, -100}), row()) << "the cursor reads the updated record";
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MovePrevious, 0));  // from the old place (10,100,k2)
    EXPECT_EQ((Row{2, -10, -100}), row());
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
    EXPECT_EQ((Row{3, 10, 100}), row());

    ASSERT_EQ(JET_errSuccess, seek(-10, -100));
    replace(10, 100);
    ASSERT_EQ(JET_errSuccess, seek(10, 100));
    ASSERT_EQ(2, CurrentKey());
    replace(30, 300);
    EXPECT_EQ((Row{2, 30, 300}), row());
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
    EXPECT_EQ((Row{3, 10, 100}), row());
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MovePrevious, 0));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
    EXPECT_EQ((Row{2, 30, 300}), row());
}

}  // namespace
