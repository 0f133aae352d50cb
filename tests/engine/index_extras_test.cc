// The index calls ManagedEsent's pre-Vista path adds to navigation: JetIndexRecordCount2,
// JetSetCurrentIndex3 / 4 (the value of a multi-valued column, the index id hint),
// JetGetSecondaryIndexBookmark / JetGotoSecondaryIndexBookmark (virtual currency included),
// JetIntersectIndexes (checked against a brute-force intersection) and JetComputeStats.
//
// Specs: esent.h for each call; issue 11.

#include <esent.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace {

class IndexExtrasTest : public jetstore::test::InstanceTest {
protected:
    IndexExtrasTest() : InstanceTest("jetstore_ixx_") {}

    void SetUp() override {
        InstanceTest::SetUp();
        if (HasFatalFailure()) return;
        inst_ = CreateConfigured("ixx");
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&inst_, 0, JET_paramMaxTemporaryTables, 4, nullptr));
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        live_.push_back(inst_);
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
        const std::string path = dir_ + "/ixx.edb";
        ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path.c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t_));
        k_ = AddColumn("k", JET_coltypLong, 0);
        a_ = AddColumn("a", JET_coltypLong, 0);
        b_ = AddColumn("b", JET_coltypLong, 0);
        tag_ = AddColumn("tag", JET_coltypText, JET_bitColumnTagged | JET_bitColumnMultiValued);
        CreateIndex("primary", JET_bitIndexPrimary, "+k");
        CreateIndex("ixa", 0, "+a");
        CreateIndex("ixb", 0, "+b");
        CreateIndex("ixtag", 0, "+tag");
    }

    JET_COLUMNID AddColumn(const char* name, JET_COLTYP coltyp, JET_GRBIT grbit) {
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = coltyp;
        def.grbit = grbit;
        JET_COLUMNID id = 0;
        EXPECT_EQ(JET_errSuccess, JetAddColumn(s_, t_, name, &def, nullptr, 0, &id)) << name;
        return id;
    }

    void CreateIndex(const char* name, JET_GRBIT grbit, const char* column) {
        std::string key(column);
        key.push_back('\0');
        key.push_back('\0');
        ASSERT_EQ(JET_errSuccess,
                  JetCreateIndex(s_, t_, name, grbit, key.data(), static_cast<JET_ULONG>(key.size()), 100));
    }

    void Insert(std::int32_t k, std::int32_t a, std::int32_t b, const std::vector<std::string>& tags = {}) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, k_, &k, sizeof k, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, a_, &a, sizeof a, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, b_, &b, sizeof b, 0, nullptr));
        for (const std::string& tag : tags) {
            JET_SETINFO si{sizeof si, 0, 0};  // itagSequence 0: a new value
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, tag_, tag.data(), static_cast<JET_ULONG>(tag.size()), 0, &si));
        }
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    }

    std::int32_t CurrentLong(JET_TABLEID t, JET_COLUMNID col) {
        std::int32_t v = -1;
        JET_ULONG cb = 0;
        EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, col, &v, sizeof v, &cb, 0, nullptr));
        return v;
    }

    JET_ERR SeekLong(JET_TABLEID t, std::int32_t v, JET_GRBIT grbit = JET_bitSeekEQ) {
        EXPECT_EQ(JET_errSuccess, JetMakeKey(s_, t, &v, sizeof v, JET_bitNewKey));
        return JetSeek(s_, t, grbit);
    }

    // On `index` of cursor `t`: the range [lo, hi] of its Long key.
    void SetRange(JET_TABLEID t, const char* index, std::int32_t lo, std::int32_t hi) {
        ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t, index));
        ASSERT_LE(0, SeekLong(t, lo, JET_bitSeekGE));
        ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t, &hi, sizeof hi, JET_bitNewKey));
        ASSERT_EQ(JET_errSuccess, JetSetIndexRange(s_, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    }

    std::string Key(JET_TABLEID t) {
        std::string key(JET_cbKeyMost, '\0');
        JET_ULONG cb = 0;
        EXPECT_EQ(JET_errSuccess, JetRetrieveKey(s_, t, key.data(), static_cast<JET_ULONG>(key.size()), &cb, 0));
        key.resize(cb);
        return key;
    }

    JET_ULONG TableRecords(JET_TABLEID t) {
        JET_OBJECTINFO info{};
        EXPECT_EQ(JET_errSuccess, JetGetTableInfo(s_, t, &info, sizeof info, JET_TblInfo));
        return info.cRecord;
    }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = JET_sesidNil;
    JET_DBID db_ = JET_dbidNil;
    JET_TABLEID t_ = JET_tableidNil;
    JET_COLUMNID k_ = 0, a_ = 0, b_ = 0, tag_ = 0;
};

TEST_F(IndexExtrasTest, IndexRecordCount2CountsToTheEndOfTheIndexOrLimit) {
    for (int i = 0; i < 10; ++i) Insert(i, i * 10, 100 - i);
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    unsigned long long n = 0;
    EXPECT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, t_, &n, 0));
    EXPECT_EQ(10u, n);
    EXPECT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, t_, &n, 3));
    EXPECT_EQ(3u, n);
    ASSERT_EQ(JET_errSuccess, SeekLong(t_, 7));
    EXPECT_EQ(JET_errSuccess, JetIndexRecordCount2(s_, t_, &n, 0));
    EXPECT_EQ(3u, n);  // 7, 8, 9
    EXPECT_EQ(7, CurrentLong(t_, k_));  // the cursor did not move
    EXPECT_EQ(JET_errInvalidParameter, JetIndexRecordCount2(s_, t_, nullptr, 0));
    EXPECT_EQ(JET_errInvalidTableId, JetIndexRecordCount2(s_, t_ + 1000, &n, 0));
}

TEST_F(IndexExtrasTest, SetCurrentIndex3StandsOnTheEntryOfTheGivenValue) {
    Insert(1, 10, 20, {"pear", "apple", "fig"});
    Insert(2, 11, 21, {"kiwi"});
    // The key each value has in ixtag, read by walking the index.
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "ixtag"));
    std::vector<std::string> keys;  // apple, fig, kiwi, pear
    for (JET_ERR err = JetMove(s_, t_, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t_, JET_MoveNext, 0)) {
        keys.push_back(Key(t_));
    }
    ASSERT_EQ(4u, keys.size());
    const std::string& apple = keys[0];
    const std::string& fig = keys[1];
    const std::string& pear = keys[3];

    for (const auto& [itag, want] : std::vector<std::pair<JET_ULONG, std::string>>{{1, pear}, {2, apple}, {3, fig}}) {
        ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, nullptr));
        ASSERT_EQ(JET_errSuccess, SeekLong(t_, 1));
        ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex3(s_, t_, "ixtag", JET_bitNoMove, itag)) << itag;
        EXPECT_EQ(want, Key(t_)) << itag;
        EXPECT_EQ(1, CurrentLong(t_, k_));
    }
    // No fourth value: no entry to stand on.
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, nullptr));
    ASSERT_EQ(JET_errSuccess, SeekLong(t_, 1));
    EXPECT_EQ(JET_errNoCurrentRecord, JetSetCurrentIndex3(s_, t_, "ixtag", JET_bitNoMove, 4));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, nullptr));
    EXPECT_EQ(JET_errInvalidParameter, JetSetCurrentIndex3(s_, t_, "ixtag", JET_bitNoMove, 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetSetCurrentIndex3(s_, t_, "ixtag", 0x1000, 1));
    // An index over no multi-valued column has one entry per record: itagSequence does not matter.
    ASSERT_EQ(JET_errSuccess, SeekLong(t_, 2));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex3(s_, t_, "ixa", JET_bitNoMove, 3));
    EXPECT_EQ(11, CurrentLong(t_, a_));
    // MoveFirst ignores it too.
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex3(s_, t_, "ixb", JET_bitMoveFirst, 7));
    EXPECT_EQ(20, CurrentLong(t_, b_));
}

TEST_F(IndexExtrasTest, SetCurrentIndex4ChecksTheIndexIdHint) {
    Insert(1, 10, 20);
    JET_INDEXID ida{};
    JET_INDEXID idb{};
    JET_INDEXID idp{};
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfo(s_, t_, "ixa", &ida, sizeof ida, JET_IdxInfoIndexId));
    ASSERT_EQ(JET_errSuccess, JetGetIndexInfo(s_, db_, "t", "ixb", &idb, sizeof idb, JET_IdxInfoIndexId));
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfo(s_, t_, "primary", &idp, sizeof idp, JET_IdxInfoIndexId));
    EXPECT_EQ(sizeof(JET_INDEXID), ida.cbStruct);
    EXPECT_NE(0, std::memcmp(&ida, &idb, sizeof ida));
    JET_INDEXID small{};
    EXPECT_EQ(JET_errBufferTooSmall, JetGetTableIndexInfo(s_, t_, "ixa", &small, sizeof small - 1, JET_IdxInfoIndexId));

    EXPECT_EQ(JET_errSuccess, JetSetCurrentIndex4(s_, t_, "ixa", &ida, JET_bitMoveFirst, 1));
    EXPECT_EQ(10, CurrentLong(t_, a_));
    EXPECT_EQ(JET_errSuccess, JetSetCurrentIndex4(s_, t_, "ixb", nullptr, JET_bitMoveFirst, 1));
    EXPECT_EQ(JET_errSuccess, JetSetCurrentIndex4(s_, t_, "primary", &idp, JET_bitMoveFirst, 1));
    EXPECT_EQ(JET_errSuccess, JetSetCurrentIndex4(s_, t_, nullptr, &idp, JET_bitMoveFirst, 1));
    // A hint for another index, a malformed one.
    EXPECT_EQ(JET_errInvalidIndexId, JetSetCurrentIndex4(s_, t_, "ixa", &idb, JET_bitMoveFirst, 1));
    JET_INDEXID bad = ida;
    bad.cbStruct = 4;
    EXPECT_EQ(JET_errInvalidParameter, JetSetCurrentIndex4(s_, t_, "ixa", &bad, JET_bitMoveFirst, 1));
    // An index deleted and created again under its name is a new index: the old hint is stale.
    ASSERT_EQ(JET_errSuccess, JetDeleteIndex(s_, t_, "ixa"));
    CreateIndex("ixa", 0, "+a");
    EXPECT_EQ(JET_errInvalidIndexId, JetSetCurrentIndex4(s_, t_, "ixa", &ida, JET_bitMoveFirst, 1));
    JET_INDEXID fresh{};
    ASSERT_EQ(JET_errSuccess, JetGetTableIndexInfo(s_, t_, "ixa", &fresh, sizeof fresh, JET_IdxInfoIndexId));
    EXPECT_EQ(JET_errSuccess, JetSetCurrentIndex4(s_, t_, "ixa", &fresh, JET_bitMoveFirst, 1));
}

TEST_F(IndexExtrasTest, SecondaryIndexBookmarkRoundTrips) {
    for (int i = 0; i < 5; ++i) Insert(i, 7, 100 + i);  // one key in ixa, five entries
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "ixa"));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, 3, 0));
    const std::int32_t k = CurrentLong(t_, k_);
    unsigned char key[JET_cbKeyMost];
    unsigned char bm[JET_cbBookmarkMost];
    JET_ULONG cb_key = 0;
    JET_ULONG cb_bm = 0;
    // Too small: both sizes come back, nothing is copied.
    EXPECT_EQ(JET_errBufferTooSmall, JetGetSecondaryIndexBookmark(s_, t_, key, 1, &cb_key, bm, sizeof bm, &cb_bm, 0));
    EXPECT_EQ(Key(t_).size(), cb_key);
    EXPECT_LT(0u, cb_bm);
    ASSERT_EQ(JET_errSuccess,
              JetGetSecondaryIndexBookmark(s_, t_, key, sizeof key, &cb_key, bm, sizeof bm, &cb_bm, 0));
    EXPECT_EQ(Key(t_), std::string(reinterpret_cast<char*>(key), cb_key));
    // The primary bookmark is JetGetBookmark's.
    unsigned char pbm[JET_cbBookmarkMost];
    JET_ULONG cb_pbm = 0;
    ASSERT_EQ(JET_errSuccess, JetGetBookmark(s_, t_, pbm, sizeof pbm, &cb_pbm));
    EXPECT_EQ(std::string(reinterpret_cast<char*>(pbm), cb_pbm), std::string(reinterpret_cast<char*>(bm), cb_bm));

    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetGotoSecondaryIndexBookmark(s_, t_, key, cb_key, bm, cb_bm, 0));
    EXPECT_EQ(k, CurrentLong(t_, k_));
    // Navigation continues in ixa from there.
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
    EXPECT_EQ(k + 1, CurrentLong(t_, k_));

    // Bad calls.
    EXPECT_EQ(JET_errInvalidGrbit, JetGetSecondaryIndexBookmark(s_, t_, key, sizeof key, &cb_key, bm, sizeof bm, &cb_bm, 1));
    EXPECT_EQ(JET_errInvalidParameter, JetGetSecondaryIndexBookmark(s_, t_, nullptr, 8, &cb_key, bm, sizeof bm, &cb_bm, 0));
    EXPECT_EQ(JET_errInvalidBookmark, JetGotoSecondaryIndexBookmark(s_, t_, nullptr, 0, bm, cb_bm, 0));
    EXPECT_EQ(JET_errInvalidBookmark, JetGotoSecondaryIndexBookmark(s_, t_, key, cb_key, nullptr, 0, 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetGotoSecondaryIndexBookmark(s_, t_, key, cb_key, bm, cb_bm, 2));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, nullptr));
    EXPECT_EQ(JET_errNoCurrentIndex,
              JetGetSecondaryIndexBookmark(s_, t_, key, sizeof key, &cb_key, bm, sizeof bm, &cb_bm, 0));
    EXPECT_EQ(JET_errNoCurrentIndex, JetGotoSecondaryIndexBookmark(s_, t_, key, cb_key, bm, cb_bm, 0));
}

TEST_F(IndexExtrasTest, GotoSecondaryIndexBookmarkOfADeletedEntry) {
    for (int i = 0; i < 5; ++i) Insert(i, i * 10, 0);
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "ixa"));
    ASSERT_EQ(JET_errSuccess, SeekLong(t_, 20));
    unsigned char key[JET_cbKeyMost];
    unsigned char bm[JET_cbBookmarkMost];
    JET_ULONG cb_key = 0;
    JET_ULONG cb_bm = 0;
    ASSERT_EQ(JET_errSuccess,
              JetGetSecondaryIndexBookmark(s_, t_, key, sizeof key, &cb_key, bm, sizeof bm, &cb_bm, 0));
    // Another cursor deletes the record.
    JET_TABLEID other = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &other));
    ASSERT_EQ(JET_errSuccess, SeekLong(other, 2));
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, other));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, other));

    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    EXPECT_EQ(JET_errRecordDeleted, JetGotoSecondaryIndexBookmark(s_, t_, key, cb_key, bm, cb_bm, 0));
    // With virtual currency the cursor stands where the entry was.
    ASSERT_EQ(JET_errSuccess,
              JetGotoSecondaryIndexBookmark(s_, t_, key, cb_key, bm, cb_bm, JET_bitBookmarkPermitVirtualCurrency));
    std::int32_t v = 0;
    JET_ULONG cb = 0;
    EXPECT_EQ(JET_errRecordDeleted, JetRetrieveColumn(s_, t_, a_, &v, sizeof v, &cb, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
    EXPECT_EQ(30, CurrentLong(t_, a_));
    ASSERT_EQ(JET_errSuccess,
              JetGotoSecondaryIndexBookmark(s_, t_, key, cb_key, bm, cb_bm, JET_bitBookmarkPermitVirtualCurrency));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MovePrevious, 0));
    EXPECT_EQ(10, CurrentLong(t_, a_));
}

TEST_F(IndexExtrasTest, IntersectIndexesMatchesABruteForceIntersection) {
    std::vector<std::pair<std::int32_t, std::int32_t>> rows;  // (a, b) of record k
    for (int k = 0; k < 200; ++k) {
        rows.emplace_back((k * 37) % 50, (k * 11) % 70);
        Insert(k, rows.back().first, rows.back().second);
    }
    JET_TABLEID ta = JET_tableidNil;
    JET_TABLEID tb = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &ta));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &tb));
    SetRange(ta, "ixa", 10, 24);
    SetRange(tb, "ixb", 30, 55);
    std::set<std::int32_t> want;
    for (int k = 0; k < 200; ++k) {
        if (rows[k].first >= 10 && rows[k].first <= 24 && rows[k].second >= 30 && rows[k].second <= 55) want.insert(k);
    }
    ASSERT_FALSE(want.empty());

    JET_INDEXRANGE ranges[2] = {{sizeof(JET_INDEXRANGE), ta, JET_bitRecordInIndex},
                                {sizeof(JET_INDEXRANGE), tb, JET_bitRecordInIndex}};
    JET_RECORDLIST list{};
    list.cbStruct = sizeof list;
    ASSERT_EQ(JET_errSuccess, JetIntersectIndexes(s_, ranges, 2, &list, 0));
    EXPECT_EQ(want.size(), list.cRecord);
    std::set<std::int32_t> got;
    std::string previous;
    JET_ERR err = JET_errSuccess;
    for (JET_ULONG i = 0; i < list.cRecord && err >= 0; ++i, err = JetMove(s_, list.tableid, JET_MoveNext, 0)) {
        unsigned char bm[JET_cbBookmarkMost];
        JET_ULONG cb = 0;
        ASSERT_EQ(JET_errSuccess,
                  JetRetrieveColumn(s_, list.tableid, list.columnidBookmark, bm, sizeof bm, &cb, 0, nullptr));
        const std::string this_bm(reinterpret_cast<char*>(bm), cb);
        EXPECT_LT(previous, this_bm);  // sorted, each once
        previous = this_bm;
        ASSERT_EQ(JET_errSuccess, JetGotoBookmark(s_, t_, bm, cb));
        got.insert(CurrentLong(t_, k_));
    }
    EXPECT_EQ(JET_errNoCurrentRecord, JetMove(s_, list.tableid, JET_MoveNext, 0));
    EXPECT_EQ(want, got);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, list.tableid));
    // The cursors did not move: ta still stands on the first entry of its range.
    EXPECT_EQ(10, CurrentLong(ta, a_));

    // Bad calls.
    EXPECT_EQ(JET_errInvalidParameter, JetIntersectIndexes(s_, ranges, 1, &list, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetIntersectIndexes(s_, nullptr, 2, &list, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetIntersectIndexes(s_, ranges, 2, nullptr, 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetIntersectIndexes(s_, ranges, 2, &list, 1));
    JET_RECORDLIST short_list{};
    short_list.cbStruct = 4;
    EXPECT_EQ(JET_errInvalidParameter, JetIntersectIndexes(s_, ranges, 2, &short_list, 0));
    JET_INDEXRANGE bad[2] = {ranges[0], ranges[1]};
    bad[1].grbit = JET_bitRecordNotInIndex;
    EXPECT_EQ(JET_errInvalidGrbit, JetIntersectIndexes(s_, bad, 2, &list, 0));
    bad[1] = ranges[1];
    bad[1].cbStruct = 8;
    EXPECT_EQ(JET_errInvalidParameter, JetIntersectIndexes(s_, bad, 2, &list, 0));
    // Cursors on two tables.
    JET_TABLEID u = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "u", 0, 100, &u));
    bad[1] = ranges[1];
    bad[1].tableid = u;
    EXPECT_EQ(JET_errInvalidParameter, JetIntersectIndexes(s_, bad, 2, &list, 0));
    bad[1].tableid = u + 1000;
    EXPECT_EQ(JET_errInvalidTableId, JetIntersectIndexes(s_, bad, 2, &list, 0));
}

TEST_F(IndexExtrasTest, ComputeStatsKeepsTheRecordCount) {
    for (int i = 0; i < 25; ++i) Insert(i, i, i);
    EXPECT_EQ(0u, TableRecords(t_));  // [esent] 0 until JetComputeStats
    ASSERT_EQ(JET_errSuccess, JetComputeStats(s_, t_));
    EXPECT_EQ(25u, TableRecords(t_));
    JET_OBJECTINFO info{};
    ASSERT_EQ(JET_errSuccess, JetGetObjectInfo(s_, db_, JET_objtypTable, nullptr, "t", &info, sizeof info, JET_ObjInfo));
    EXPECT_EQ(25u, info.cRecord);
    // The figure stays until the next JetComputeStats, through a new cursor too.
    Insert(100, 0, 0);
    JET_TABLEID again = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &again));
    EXPECT_EQ(25u, TableRecords(again));
    ASSERT_EQ(JET_errSuccess, JetComputeStats(s_, again));
    EXPECT_EQ(26u, TableRecords(again));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, again));
    // A rolled-back JetComputeStats leaves the old figure.
    Insert(101, 0, 0);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetComputeStats(s_, t_));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    ASSERT_EQ(JET_errSuccess, JetGetObjectInfo(s_, db_, JET_objtypTable, nullptr, "t", &info, sizeof info, JET_ObjInfo));
    EXPECT_EQ(26u, info.cRecord);
    // A table deleted and created again starts without figures.
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));
    ASSERT_EQ(JET_errSuccess, JetDeleteTable(s_, db_, "t"));
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t_));
    EXPECT_EQ(0u, TableRecords(t_));
    EXPECT_EQ(JET_errInvalidTableId, JetComputeStats(s_, t_ + 1000));
}

}  // namespace

namespace {

// [esent] A secondary index over a long-value column keys each value by its first bytes, whether
// the value sits in the record or is stored apart from it (over 1 KiB).
class LongValueIndexTest : public IndexExtrasTest {
protected:
    void MakeBodies(JET_GRBIT index_grbit) {
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLongText;
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t_, "body", &def, nullptr, 0, &body_));
        const char key[] = "+body\0";
        ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t_, "ixbody", index_grbit, key, sizeof key, 100));
    }

    JET_ERR InsertBody(std::int32_t k, const std::string& body) {
        EXPECT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        EXPECT_EQ(JET_errSuccess, JetSetColumn(s_, t_, k_, &k, sizeof k, 0, nullptr));
        EXPECT_EQ(JET_errSuccess,
                  JetSetColumn(s_, t_, body_, body.data(), static_cast<JET_ULONG>(body.size()), 0, nullptr));
        const JET_ERR err = JetUpdate(s_, t_, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s_, t_, JET_prepCancel);
        return err;
    }

    // The k of the record the index finds for `body` (SeekEQ), or -1.
    std::int32_t Find(const std::string& body) {
        EXPECT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "ixbody"));
        EXPECT_EQ(JET_errSuccess,
                  JetMakeKey(s_, t_, body.data(), static_cast<JET_ULONG>(body.size()), JET_bitNewKey));
        if (JetSeek(s_, t_, JET_bitSeekEQ) < 0) return -1;
        return CurrentLong(t_, k_);
    }

    // The k of every entry of ixbody, in index order.
    std::vector<std::int32_t> Walk() {
        std::vector<std::int32_t> ks;
        EXPECT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "ixbody"));
        for (JET_ERR err = JetMove(s_, t_, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t_, JET_MoveNext, 0)) {
            ks.push_back(CurrentLong(t_, k_));
        }
        return ks;
    }

    JET_COLUMNID body_ = 0;
};

}  // namespace

TEST_F(LongValueIndexTest, KeysLongValuesInTheRecordAndStoredApart) {
    MakeBodies(0);
    const std::string big_b = "b" + std::string(5000, 'x');  // stored apart from its record
    const std::string big_c = "c" + std::string(3000, 'y');
    ASSERT_EQ(JET_errSuccess, InsertBody(1, "delta"));
    ASSERT_EQ(JET_errSuccess, InsertBody(2, big_b));
    ASSERT_EQ(JET_errSuccess, InsertBody(3, "apple"));
    ASSERT_EQ(JET_errSuccess, InsertBody(4, big_c));
    EXPECT_EQ((std::vector<std::int32_t>{3, 2, 4, 1}), Walk());
    EXPECT_EQ(3, Find("apple"));
    EXPECT_EQ(2, Find(big_b));
    EXPECT_EQ(4, Find(big_c));

    // Replacing a value stored apart moves its entry (the old key is read from the old value).
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, nullptr));
    ASSERT_EQ(JET_errSuccess, SeekLong(t_, 2));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    const std::string big_e = "e" + std::string(4000, 'z');
    ASSERT_EQ(JET_errSuccess,
              JetSetColumn(s_, t_, body_, big_e.data(), static_cast<JET_ULONG>(big_e.size()), 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    EXPECT_EQ((std::vector<std::int32_t>{3, 4, 1, 2}), Walk());
    EXPECT_EQ(-1, Find(big_b));
    EXPECT_EQ(2, Find(big_e));
    // A replace that leaves the value alone keeps its entry.
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, nullptr));
    ASSERT_EQ(JET_errSuccess, SeekLong(t_, 4));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    const std::int32_t a = 99;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, a_, &a, sizeof a, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    EXPECT_EQ(4, Find(big_c));
    // A delete takes its entry away.
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    EXPECT_EQ((std::vector<std::int32_t>{3, 1, 2}), Walk());

    // An index created over existing records reads the values stored apart too.
    const char key[] = "-body\0";
    ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t_, "ixbody_desc", 0, key, sizeof key, 100));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "ixbody_desc"));
    std::vector<std::int32_t> desc;
    for (JET_ERR err = JetMove(s_, t_, JET_MoveFirst, 0); err >= 0; err = JetMove(s_, t_, JET_MoveNext, 0)) {
        desc.push_back(CurrentLong(t_, k_));
    }
    EXPECT_EQ((std::vector<std::int32_t>{2, 1, 3}), desc);
}

TEST_F(LongValueIndexTest, DisallowTruncationRefusesAValueWhoseKeyDoesNotFit) {
    MakeBodies(JET_bitIndexDisallowTruncation);
    ASSERT_EQ(JET_errSuccess, InsertBody(1, "short"));
    EXPECT_EQ(JET_errKeyTruncated, InsertBody(2, std::string(2000, 'q')));
    EXPECT_EQ((std::vector<std::int32_t>{1}), Walk());
}

TEST_F(LongValueIndexTest, APrimaryIndexTakesNoLongValue) {
    JET_TABLEID u = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "u", 0, 100, &u));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLongBinary;
    JET_COLUMNID id = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, u, "blob", &def, nullptr, 0, &id));
    const char key[] = "+blob\0";
    EXPECT_EQ(JET_errIndexInvalidDef, JetCreateIndex(s_, u, "pk", JET_bitIndexPrimary, key, sizeof key, 100));
    EXPECT_EQ(JET_errSuccess, JetCreateIndex(s_, u, "ix", 0, key, sizeof key, 100));
}
