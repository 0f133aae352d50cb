// Currency on secondary indexes: where the cursor stands and where it moves to on an index with
// duplicate keys and on one that orders by a descending primary-key segment, after seeks, inserts,
// deletes and bookmarks (esent-scenarios.md NAV-02, NAV-03, NAV-07, NAV-11, NAV-12, NAV-17 in
// their secondary-index variants, as DMLCurrencyTests.cs runs them against esent).

#include <esent.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace {

// Table "t": Long columns key (primary "+key"), d1, d2; secondary indexes
// "secondarywithoutprimary" (+d1 +d2) and "secondarywithprimary" (+d1 -key).
class CurrencyTest : public jetstore::test::InstanceTest {
protected:
    CurrencyTest() : InstanceTest("jetstore_currency_") {}

    void SetUp() override {
        InstanceTest::SetUp();
        if (HasFatalFailure()) return;
        inst_ = CreateConfigured("currency", /*recovery=*/false);
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        live_.push_back(inst_);
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, (dir_ + "/currency.edb").c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t_));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t_, "key", &def, nullptr, 0, &key_));
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t_, "d1", &def, nullptr, 0, &d1_));
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t_, "d2", &def, nullptr, 0, &d2_));
        static const char kPrimary[] = "+key\0";
        static const char kWithout[] = "+d1\0+d2\0";
        static const char kWith[] = "+d1\0-key\0";
        ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t_, "primary", JET_bitIndexPrimary, kPrimary, sizeof kPrimary, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t_, "secondarywithoutprimary", 0, kWithout, sizeof kWithout, 100));
        ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t_, "secondarywithprimary", 0, kWith, sizeof kWith, 100));
    }

    void Insert(int32_t key, int32_t d1, int32_t d2) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, key_, &key, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, d1_, &d1, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, d2_, &d2, 4, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    }

    void Index(const char *name) { ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, name)); }

    // key of the current record, read with JetRetrieveColumns as DMLCurrencyTests does; nullopt
    // and the code in *err when there is none.
    std::optional<int32_t> Key(JET_ERR *err = nullptr) {
        int32_t k = 0;
        JET_RETRIEVECOLUMN rc{};
        rc.columnid = key_;
        rc.pvData = &k;
        rc.cbData = sizeof k;
        rc.itagSequence = 1;
        const JET_ERR e = JetRetrieveColumns(s_, t_, &rc, 1);
        const JET_ERR got = e < 0 ? e : rc.err;
        if (err != nullptr) *err = got;
        if (got != JET_errSuccess) return std::nullopt;
        return k;
    }
    JET_ERR KeyErr() {
        JET_ERR err = JET_errSuccess;
        Key(&err);
        return err;
    }
    std::optional<int32_t> Col(JET_COLUMNID col) {
        int32_t v = 0;
        JET_ULONG cb = 0;
        if (JetRetrieveColumn(s_, t_, col, &v, 4, &cb, 0, nullptr) != JET_errSuccess) return std::nullopt;
        return v;
    }

    JET_ERR Move(long crow, JET_GRBIT grbit = 0) { return JetMove(s_, t_, crow, grbit); }

    JET_ERR Seek(int32_t d1, std::optional<int32_t> d2, JET_GRBIT grbit) {
        JET_ERR err = JetMakeKey(s_, t_, &d1, 4, JET_bitNewKey);
        if (err >= 0 && d2) err = JetMakeKey(s_, t_, &*d2, 4, 0);
        return err < 0 ? err : JetSeek(s_, t_, grbit);
    }

    JET_ERR Delete() { return JetDelete(s_, t_); }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = JET_sesidNil;
    JET_DBID db_ = JET_dbidNil;
    JET_TABLEID t_ = JET_tableidNil;
    JET_COLUMNID key_ = 0, d1_ = 0, d2_ = 0;
};

TEST_F(CurrencyTest, ADescendingPrimaryKeySegmentOrdersDuplicatesDescending) {
    // NAV-02 (MoveFirst / MoveNext)
    Insert(1, 10, 0);
    Insert(2, 10, 0);
    Insert(-3, 30, 0);
    Index("secondarywithprimary");
    ASSERT_EQ(JET_errSuccess, Move(JET_MoveFirst));
    EXPECT_EQ(2, Key());
    ASSERT_EQ(JET_errSuccess, Move(JET_MoveNext));
    EXPECT_EQ(1, Key());
    ASSERT_EQ(JET_errSuccess, Move(JET_MoveNext));
    EXPECT_EQ(-3, Key());
}

TEST_F(CurrencyTest, ADescendingPrimaryKeySegmentFromTheLastEntry) {
    // NAV-02 (MoveLast / MovePrevious)
    Insert(-2, 30, 0);
    Insert(-3, 30, 0);
    Insert(1, 10, 0);
    Index("secondarywithprimary");
    ASSERT_EQ(JET_errSuccess, Move(JET_MoveLast));
    EXPECT_EQ(-3, Key());
    EXPECT_EQ(30, Col(d1_));
    ASSERT_EQ(JET_errSuccess, Move(JET_MovePrevious));
    EXPECT_EQ(-2, Key());
    ASSERT_EQ(JET_errSuccess, Move(JET_MovePrevious));
    EXPECT_EQ(1, Key());
    EXPECT_EQ(JET_errNoCurrentRecord, Move(JET_MovePrevious));
}

TEST_F(CurrencyTest, EveryMoveSeekAndRangeOnAnEmptySecondaryIndexFindsNothing) {
    // NAV-03, the secondary variant, with the range steps.
    Index("secondarywithoutprimary");
    for (long crow : {static_cast<long>(JET_MoveFirst), static_cast<long>(JET_MoveLast),
                      static_cast<long>(JET_MovePrevious), static_cast<long>(JET_MoveNext)}) {
        EXPECT_EQ(JET_errNoCurrentRecord, Move(crow)) << crow;
    }
    const JET_GRBIT seeks[] = {JET_bitSeekEQ, JET_bitSeekGE, JET_bitSeekGT, JET_bitSeekLT, JET_bitSeekLE,
                               JET_bitSeekEQ | JET_bitSetIndexRange};
    for (const JET_GRBIT grbit : seeks) {
        EXPECT_EQ(JET_errRecordNotFound, Seek(1, std::nullopt, grbit)) << grbit;
    }
    const int32_t one = 1;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &one, 4, JET_bitNewKey));
    EXPECT_EQ(JET_errNoCurrentRecord, JetSetIndexRange(s_, t_, 0));
    // The same on the clustered index's range calls.
    Index("primary");
    EXPECT_EQ(JET_errRecordNotFound, Seek(1, std::nullopt, JET_bitSeekEQ | JET_bitSetIndexRange));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &one, 4, JET_bitNewKey));
    EXPECT_EQ(JET_errNoCurrentRecord, JetSetIndexRange(s_, t_, JET_bitRangeUpperLimit));
}

TEST_F(CurrencyTest, SeeksAmongDuplicateSecondaryKeys) {
    // NAV-07
    Index("secondarywithoutprimary");
    Insert(5, 20, 200);
    Insert(2, 20, 200);
    ASSERT_EQ(JET_errSuccess, Seek(20, 200, JET_bitSeekEQ));
    EXPECT_EQ(2, Key()) << "duplicates are ordered by the primary key";
    ASSERT_EQ(JET_errSuccess, Move(JET_MoveNext));
    EXPECT_EQ(5, Key());
    Insert(3, 30, 200);
    Insert(1, 10, 100);
    Insert(4, 20, 201);
    EXPECT_EQ(JET_errRecordNotFound, Seek(20, 300, JET_bitSeekEQ));
    EXPECT_EQ(JET_errNoCurrentRecord, KeyErr()) << "a failed seek loses currency";
    EXPECT_GE(Seek(20, 200, JET_bitSeekLT), 0);
    EXPECT_EQ(1, Key());
    EXPECT_GE(Seek(20, 201, JET_bitSeekLT), 0);
    EXPECT_EQ(5, Key());
    EXPECT_GE(Seek(20, 300, JET_bitSeekLT), 0);
    EXPECT_EQ(4, Key());
    EXPECT_GE(Seek(40, 100, JET_bitSeekLT), 0);
    EXPECT_EQ(3, Key());
    // GT over the whole duplicate block, LE onto its last entry.
    EXPECT_GE(Seek(20, 200, JET_bitSeekGT), 0);
    EXPECT_EQ(4, Key());
    EXPECT_GE(Seek(20, 200, JET_bitSeekLE), 0);
    EXPECT_EQ(5, Key());
}

TEST_F(CurrencyTest, CheckUniquenessWarnsWhenOneEntryHasTheKey) {
    Index("secondarywithoutprimary");
    Insert(1, 10, 100);
    Insert(2, 20, 200);
    Insert(3, 20, 200);
    EXPECT_EQ(JET_wrnUniqueKey, Seek(10, 100, JET_bitSeekEQ | JET_bitCheckUniqueness));
    EXPECT_EQ(1, Key());
    EXPECT_EQ(JET_errSuccess, Seek(20, 200, JET_bitSeekEQ | JET_bitCheckUniqueness)) << "two entries";
    EXPECT_EQ(2, Key());
    EXPECT_EQ(JET_errRecordNotFound, Seek(30, 300, JET_bitSeekEQ | JET_bitCheckUniqueness));
    EXPECT_EQ(JET_errInvalidGrbit, Seek(10, 100, JET_bitSeekGE | JET_bitCheckUniqueness)) << "SeekEQ only";
    Index("primary");
    const int32_t two = 2;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &two, 4, JET_bitNewKey));
    EXPECT_EQ(JET_wrnUniqueKey, JetSeek(s_, t_, JET_bitSeekEQ | JET_bitCheckUniqueness));
    EXPECT_EQ(2, Key());
}

TEST_F(CurrencyTest, MakeKeyRefusesUnknownOrSeveralLimitGrbits) {
    const int32_t one = 1;
    EXPECT_EQ(JET_errInvalidGrbit, JetMakeKey(s_, t_, &one, 4, JET_bitNewKey | 0x1000));
    EXPECT_EQ(JET_errInvalidGrbit,
              JetMakeKey(s_, t_, &one, 4, JET_bitNewKey | JET_bitFullColumnEndLimit | JET_bitPartialColumnEndLimit));
    EXPECT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &one, 4, JET_bitNewKey | JET_bitFullColumnEndLimit));
}

TEST_F(CurrencyTest, MoveKeyNeSkipsDuplicatesBothWays) {
    // NAV-11, the whole sequence.
    Insert(3, 30, 300);
    Insert(6, 20, 200);
    Insert(2, 10, 100);
    Insert(4, 20, 200);
    Insert(1, 20, 200);
    Insert(5, 30, 300);
    Index("secondarywithoutprimary");
    EXPECT_EQ(2, Key()) << "JetSetCurrentIndex stands on the first entry";
    ASSERT_EQ(JET_errSuccess, Move(JET_MoveNext, JET_bitMoveKeyNE));
    EXPECT_EQ(1, Key());
    ASSERT_EQ(JET_errSuccess, Move(JET_MoveNext));
    EXPECT_EQ(4, Key());
    ASSERT_EQ(JET_errSuccess, Move(JET_MoveNext, JET_bitMoveKeyNE));
    EXPECT_EQ(3, Key());
    EXPECT_EQ(JET_errNoCurrentRecord, Move(JET_MoveNext, JET_bitMoveKeyNE));
    EXPECT_EQ(JET_errNoCurrentRecord, Move(JET_MoveNext, JET_bitMoveKeyNE));
    ASSERT_EQ(JET_errSuccess, Move(JET_MovePrevious, JET_bitMoveKeyNE));
    EXPECT_EQ(5, Key());
    ASSERT_EQ(JET_errSuccess, Move(JET_MovePrevious));
    EXPECT_EQ(3, Key());
    ASSERT_EQ(JET_errSuccess, Move(JET_MovePrevious, JET_bitMoveKeyNE));
    EXPECT_EQ(6, Key());
    ASSERT_EQ(JET_errSuccess, Move(JET_MovePrevious, JET_bitMoveKeyNE));
    EXPECT_EQ(2, Key());
    EXPECT_EQ(JET_errNoCurrentRecord, Move(JET_MovePrevious, JET_bitMoveKeyNE));
    ASSERT_EQ(JET_errSuccess, Move(JET_MoveNext, JET_bitMoveKeyNE));
    EXPECT_EQ(2, Key());
}

TEST_F(CurrencyTest, InsertDoesNotMoveACursorOnASecondaryIndex) {
    // NAV-12, insert half, secondary variant.
    Index("secondarywithoutprimary");
    Insert(3, 30, 300);
    Insert(1, 10, 100);
    Insert(2, 20, 200);
    ASSERT_EQ(JET_errSuccess, Move(JET_MoveFirst));
    EXPECT_EQ(1, Key());
    Insert(0, 0, 0);
    EXPECT_EQ(1, Key());
    ASSERT_EQ(JET_errSuccess, Move(JET_MovePrevious));
    EXPECT_EQ(0, Key());
}

TEST_F(CurrencyTest, CursorPositionAfterDeleteOnASecondaryIndex) {
    // NAV-12, delete half, secondary variant (rows k -> (k, 10k, 100k)).
    Index("secondarywithoutprimary");
    for (int32_t k : {1, 2, 3}) Insert(k, 10 * k, 100 * k);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));

    ASSERT_EQ(JET_errSuccess, Seek(10, 100, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, Delete());
    EXPECT_EQ(JET_errRecordDeleted, KeyErr());
    EXPECT_EQ(JET_errRecordDeleted, Delete());
    EXPECT_EQ(JET_errNoCurrentRecord, Move(JET_MovePrevious));
    EXPECT_EQ(JET_errNoCurrentRecord, KeyErr());
    Insert(1, 10, 100);
    ASSERT_EQ(JET_errSuccess, Move(JET_MoveNext));  // the cursor was before the first entry
    EXPECT_EQ(1, Key());

    ASSERT_EQ(JET_errSuccess, Seek(20, 200, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, Delete());
    EXPECT_EQ(JET_errRecordDeleted, KeyErr());
    ASSERT_EQ(JET_errSuccess, Move(JET_MovePrevious));
    EXPECT_EQ(1, Key());
    Insert(2, 20, 200);
    ASSERT_EQ(JET_errSuccess, Move(JET_MoveNext));
    EXPECT_EQ(2, Key());
    ASSERT_EQ(JET_errSuccess, Delete());
    ASSERT_EQ(JET_errSuccess, Move(JET_MoveNext));
    EXPECT_EQ(3, Key()) << "a move from a deleted entry goes to its neighbour";
    Insert(2, 20, 200);

    ASSERT_EQ(JET_errSuccess, Seek(30, 300, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, Delete());
    EXPECT_EQ(JET_errNoCurrentRecord, Move(JET_MoveNext));
    EXPECT_EQ(JET_errNoCurrentRecord, KeyErr());
    Insert(3, 30, 300);
    ASSERT_EQ(JET_errSuccess, Move(JET_MovePrevious));  // the cursor was after the last entry
    EXPECT_EQ(3, Key());
    ASSERT_EQ(JET_errSuccess, Delete());
    EXPECT_EQ(JET_errNoCurrentRecord, Move(JET_MoveNext));
    ASSERT_EQ(JET_errSuccess, Move(JET_MovePrevious));
    EXPECT_EQ(2, Key());
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
}

TEST_F(CurrencyTest, BookmarksOnASecondaryIndexGoBackToTheirEntries) {
    // NAV-17, BookmarksSecondary.
    Index("secondarywithoutprimary");
    for (int32_t k : {1, 2, 3}) Insert(k, 10 * k, 100 * k);
    ASSERT_EQ(JET_errSuccess, Seek(20, 200, JET_bitSeekEQ));
    unsigned char bm2[JET_cbBookmarkMost] = {};
    JET_ULONG cb2 = 0;
    ASSERT_EQ(JET_errSuccess, JetGetBookmark(s_, t_, bm2, sizeof bm2, &cb2));
    ASSERT_EQ(JET_errSuccess, Move(JET_MoveLast));
    ASSERT_EQ(JET_errSuccess, JetGotoBookmark(s_, t_, bm2, cb2));
    EXPECT_EQ(2, Key());
    ASSERT_EQ(JET_errSuccess, Move(JET_MovePrevious)) << "moves continue on the secondary index";
    EXPECT_EQ(1, Key());
    unsigned char bm1[JET_cbBookmarkMost] = {};
    JET_ULONG cb1 = 0;
    ASSERT_EQ(JET_errSuccess, JetGetBookmark(s_, t_, bm1, sizeof bm1, &cb1));
    ASSERT_EQ(JET_errSuccess, Move(JET_MoveLast));
    EXPECT_EQ(3, Key());
    ASSERT_EQ(JET_errSuccess, JetGotoBookmark(s_, t_, bm1, cb1));
    EXPECT_EQ(1, Key());
    ASSERT_EQ(JET_errSuccess, Move(JET_MoveNext));
    EXPECT_EQ(2, Key());
}

}  // namespace

// A replace reads the record it replaces from the cursor's cache while nothing changed since the
// seek; once another cursor of the session deleted the record, JetUpdate finds it gone.
TEST_F(CurrencyTest, ReplaceAfterAnotherCursorDeletedTheRecordFailsWithRecordDeleted) {
    Insert(1, 10, 100);
    Insert(2, 20, 200);
    JET_TABLEID other = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetDupCursor(s_, t_, &other, 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    int32_t k = 1;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    const int32_t d1 = 11;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, d1_, &d1, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, other, &k, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, other, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, other));
    EXPECT_EQ(JET_errRecordDeleted, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));
    // The other record, replaced with nothing changed in between: the replace lands.
    k = 2;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, d1_, &d1, 4, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    EXPECT_EQ(11, Col(d1_));
    k = 1;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, 4, JET_bitNewKey));
    EXPECT_EQ(JET_errRecordNotFound, JetSeek(s_, t_, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, other));
}
