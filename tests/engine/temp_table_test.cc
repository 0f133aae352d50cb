// Temporary tables (esent-scenarios.md TT-01, TT-02, NAV-06's T_SEEK, NAV-08, NAV-10).
#include <esent.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/test_support.h"

namespace {

class TempTableTest : public jetstore::test::InstanceTest {
protected:
    TempTableTest() : InstanceTest("jetstore_temp_") {}

    void SetUp() override {
        InstanceTest::SetUp();
        if (HasFatalFailure()) return;
        inst_ = CreateConfigured("temp", /*recovery=*/false);
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&inst_, 0, JET_paramMaxTemporaryTables, 8, nullptr));
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        live_.push_back(inst_);
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
    }

    // T_SEEK: one Long key column holding 10, 20 and 30.
    void OpenSeekTable() {
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        def.grbit = JET_bitColumnTTKey;
        ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s_, &def, 1, JET_bitTTForceMaterialization, &t_, &col_));
        for (int v : {20, 10, 30}) Insert(v);
    }
    void Insert(int v) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, col_, &v, sizeof v, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    }
    JET_ERR SeekTo(int v, JET_GRBIT how) {
        const JET_ERR err = JetMakeKey(s_, t_, &v, sizeof v, JET_bitNewKey);
        return err < 0 ? err : JetSeek(s_, t_, how);
    }
    int Current() {
        int v = -1;
        JET_ULONG cb = 0;
        EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, col_, &v, sizeof v, &cb, 0, nullptr));
        return v;
    }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_TABLEID t_ = JET_tableidNil;
    JET_COLUMNID col_ = 0;
};

TEST_F(TempTableTest, SeeksFindEsentsAnswersOnTSeek) {
    OpenSeekTable();
    EXPECT_EQ(JET_errRecordNotFound, SeekTo(10, JET_bitSeekLT));
    ASSERT_EQ(JET_errSuccess, SeekTo(11, JET_bitSeekLT));
    EXPECT_EQ(10, Current());
    EXPECT_EQ(JET_errRecordNotFound, SeekTo(9, JET_bitSeekLE));
    ASSERT_EQ(JET_errSuccess, SeekTo(10, JET_bitSeekLE));
    EXPECT_EQ(10, Current());
    ASSERT_EQ(JET_wrnSeekNotEqual, SeekTo(11, JET_bitSeekLE));
    EXPECT_EQ(10, Current());
    EXPECT_EQ(JET_errRecordNotFound, SeekTo(19, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, SeekTo(20, JET_bitSeekEQ));
    EXPECT_EQ(20, Current());
    EXPECT_EQ(JET_errRecordNotFound, SeekTo(31, JET_bitSeekGE));
    ASSERT_EQ(JET_errSuccess, SeekTo(30, JET_bitSeekGE));
    EXPECT_EQ(30, Current());
    ASSERT_EQ(JET_wrnSeekNotEqual, SeekTo(29, JET_bitSeekGE));
    EXPECT_EQ(30, Current());
    EXPECT_EQ(JET_errRecordNotFound, SeekTo(30, JET_bitSeekGT));
    ASSERT_EQ(JET_errSuccess, SeekTo(29, JET_bitSeekGT));
    EXPECT_EQ(30, Current());
}

TEST_F(TempTableTest, ADuplicateCursorSharesTheTableUntilTheLastCursorCloses) {
    OpenSeekTable();
    JET_TABLEID dup = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetDupCursor(s_, t_, &dup, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));
    // The duplicate still reads the table after the original closed.
    int v = -1;
    JET_ULONG cb = 0;
    ASSERT_EQ(JET_errSuccess, JetMove(s_, dup, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, dup, col_, &v, sizeof v, &cb, 0, nullptr));
    EXPECT_EQ(10, v);
    // A new temporary table is a different table: the duplicate is not redirected to it.
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    def.grbit = JET_bitColumnTTKey;
    JET_TABLEID other = JET_tableidNil;
    JET_COLUMNID other_col = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s_, &def, 1, JET_bitTTForceMaterialization, &other, &other_col));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, dup, JET_MoveLast, 0));
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, dup, col_, &v, sizeof v, &cb, 0, nullptr));
    EXPECT_EQ(30, v);
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, other, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, dup));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s_, dup, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, other));
    // Every table is gone: the limit of 8 is free again.
    std::vector<JET_TABLEID> all(8, JET_tableidNil);
    for (JET_TABLEID& t : all) ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s_, &def, 1, 0, &t, &other_col));
    EXPECT_EQ(JET_errTooManySorts, JetOpenTempTable(s_, &def, 1, 0, &other, &other_col));
    for (JET_TABLEID t : all) EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, t));
}

TEST_F(TempTableTest, DdlOnATemporaryTableIsRefused) {
    OpenSeekTable();
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID id = 0;
    EXPECT_EQ(JET_errInvalidOperation, JetAddColumn(s_, t_, "more", &cd, nullptr, 0, &id));
    EXPECT_EQ(JET_errInvalidOperation, JetDeleteColumn(s_, t_, "column0"));
    EXPECT_EQ(JET_errInvalidOperation, JetCreateIndex(s_, t_, "idx", 0, "+column0\0", 10, 100));
    EXPECT_EQ(JET_errInvalidOperation, JetDeleteIndex(s_, t_, "idx"));
    // The table still works.
    Insert(7);
    EXPECT_EQ(JET_errSuccess, SeekTo(7, JET_bitSeekEQ));
}

TEST_F(TempTableTest, EmptyRangesGiveNoCurrentRecord) {
    OpenSeekTable();
    ASSERT_EQ(JET_errSuccess, SeekTo(10, JET_bitSeekLE));
    int ten = 10;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &ten, sizeof ten, JET_bitNewKey));
    EXPECT_EQ(JET_errNoCurrentRecord, JetSetIndexRange(s_, t_, 0));
    ASSERT_EQ(JET_errSuccess, SeekTo(30, JET_bitSeekGE));
    int thirty = 30;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &thirty, sizeof thirty, JET_bitNewKey));
    EXPECT_EQ(JET_errNoCurrentRecord, JetSetIndexRange(s_, t_, JET_bitRangeUpperLimit));
    EXPECT_EQ(JET_errKeyNotMade, JetSetIndexRange(s_, t_, 0));
    EXPECT_EQ(JET_errInvalidOperation, JetSetIndexRange(s_, t_, JET_bitRangeRemove));
}

// NAV-08: SeekEQ | SetIndexRange limits the cursor to the equal keys; falling off drops the range.
TEST_F(TempTableTest, SeekWithIndexRangeStopsAfterTheEqualKeysThenTheRangeIsGone) {
    OpenSeekTable();
    ASSERT_EQ(JET_errSuccess, SeekTo(20, JET_bitSeekEQ | JET_bitSetIndexRange));
    EXPECT_EQ(20, Current());
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MoveNext, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MoveNext, 0));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MovePrevious, 0));
    EXPECT_EQ(30, Current());
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MovePrevious, 0));
    EXPECT_EQ(20, Current());
}

// TT-01: a sort returns its records in key order.
TEST_F(TempTableTest, SortReturnsRecordsInKeyOrder) {
    JET_COLUMNDEF defs[2] = {};
    defs[0].cbStruct = sizeof defs[0];
    defs[0].coltyp = JET_coltypLong;
    defs[0].grbit = JET_bitColumnTTKey;
    defs[1].cbStruct = sizeof defs[1];
    defs[1].coltyp = JET_coltypText;
    defs[1].cp = 1200;
    JET_COLUMNID cols[2] = {};
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s_, defs, 2, JET_bitTTScrollable, &t_, cols));
    for (int i = 5; i >= 0; --i) {
        const std::u16string text(1, static_cast<char16_t>(u'0' + i));
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, cols[0], &i, sizeof i, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, cols[1], text.data(), 2, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    }
    std::u16string seen;
    for (JET_ERR e = JetMove(s_, t_, JET_MoveFirst, 0); e >= 0; e = JetMove(s_, t_, JET_MoveNext, 0)) {
        char16_t ch = 0;
        JET_ULONG cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, cols[1], &ch, sizeof ch, &cb, 0, nullptr));
        seen.push_back(ch);
    }
    EXPECT_EQ(u"012345", seen);
}

TEST_F(TempTableTest, DuplicateKeysStayUnlessUniqueAndUniqueCanReportThem) {
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    def.grbit = JET_bitColumnTTKey;
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s_, &def, 1, 0, &t_, &col_));
    for (int v : {2, 1, 2}) Insert(v);
    JET_ULONG n = 0;
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t_, &n, 0));
    EXPECT_EQ(3u, n);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));

    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s_, &def, 1, JET_bitTTUnique, &t_, &col_));
    for (int v : {2, 1, 2}) Insert(v);  // the second 2 is dropped silently
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t_, &n, 0));
    EXPECT_EQ(2u, n);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));

    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s_, &def, 1, JET_bitTTUnique | JET_bitTTErrorOnDuplicateInsertion,
                                               &t_, &col_));
    Insert(7);
    int seven = 7;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, col_, &seven, sizeof seven, 0, nullptr));
    EXPECT_EQ(JET_errKeyDuplicate, JetUpdate(s_, t_, nullptr, 0, nullptr));
}

// TT-02: an empty table, then one record reached through its bookmark.
TEST_F(TempTableTest, EmptyTableThenBookmarkOfTheInsertedRecord) {
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    def.grbit = JET_bitColumnTTKey;
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s_, &def, 1, JET_bitTTForceMaterialization, &t_, &col_));
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MoveFirst, 0));
    int v = 3;
    char bookmark[JET_cbBookmarkMost];
    JET_ULONG cb = 0;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, col_, &v, sizeof v, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, bookmark, sizeof bookmark, &cb));
    ASSERT_EQ(JET_errSuccess, JetGotoBookmark(s_, t_, bookmark, cb));
    EXPECT_EQ(3, Current());
    EXPECT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
}

TEST_F(TempTableTest, ClosingTheCursorDropsTheTableAndTheLimitHolds) {
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    std::vector<JET_TABLEID> open;
    for (int i = 0; i < 8; ++i) {
        JET_TABLEID t = JET_tableidNil;
        ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s_, &def, 1, 0, &t, &col_));
        open.push_back(t);
    }
    JET_TABLEID extra = JET_tableidNil;
    EXPECT_EQ(JET_errTooManySorts, JetOpenTempTable(s_, &def, 1, 0, &extra, &col_));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, open.back()));
    EXPECT_EQ(JET_errSuccess, JetOpenTempTable(s_, &def, 1, 0, &extra, &col_));
    EXPECT_EQ(JET_errInvalidTableId, JetMove(s_, open.back(), JET_MoveFirst, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetOpenTempTable(s_, nullptr, 1, 0, &extra, &col_));
    EXPECT_EQ(JET_errInvalidGrbit, JetOpenTempTable(s_, &def, 1, 0x10000000, &extra, &col_));
}

}  // namespace
