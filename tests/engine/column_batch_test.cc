// The batch column calls and the key of the current entry: JetSetColumns (every kind of column,
// multi-valued columns by itagSequence, long-value edits, NULL and zero length, per-column err
// fields, the first error and what it leaves undone), JetRetrieveColumns (several columns at once,
// per-column warnings, the call's own code, the copy buffer, the index and the primary bookmark,
// long-value offsets, value counts with itagSequence 0) and JetRetrieveKey (primary, secondary,
// multi-valued and sequential indexes, the search key being built, small buffers, no currency).
//
// Specs: esent-scenarios.md DML-08, DML-15, DML-16, LV-08, NAV-17; esent.h JetSetColumns,
// JetRetrieveColumns, JetRetrieveKey, JET_SETCOLUMN, JET_RETRIEVECOLUMN.

#include <esent.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace {

// What the calls must leave alone in the elements they do not reach.
constexpr JET_ERR kUntouchedErr = 0x5A5A;
constexpr JET_ULONG kUntouchedCb = 0xA5A5;
constexpr JET_COLUMNID kUntouchedColumnid = 0xC0C0;
// A column id no column of the table has.
constexpr JET_COLUMNID kNoSuchColumn = 4321;

std::string Bytes(std::int32_t v) { return std::string(reinterpret_cast<const char*>(&v), sizeof v); }

std::string Pattern(std::size_t n, char seed) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(seed + static_cast<char>(i % 23));
    return s;
}

JET_SETCOLUMN SetCol(JET_COLUMNID columnid, const void* pv, JET_ULONG cb, JET_GRBIT grbit = 0,
                     JET_ULONG itag = 1, JET_ULONG ib = 0) {
    JET_SETCOLUMN sc{};
    sc.columnid = columnid;
    sc.pvData = pv;
    sc.cbData = cb;
    sc.grbit = grbit;
    sc.ibLongValue = ib;
    sc.itagSequence = itag;
    sc.err = kUntouchedErr;
    return sc;
}

// The element points into `value`, which must outlive it.
JET_SETCOLUMN SetCol(JET_COLUMNID columnid, const std::string& value, JET_GRBIT grbit = 0, JET_ULONG itag = 1,
                     JET_ULONG ib = 0) {
    return SetCol(columnid, value.data(), static_cast<JET_ULONG>(value.size()), grbit, itag, ib);
}
JET_SETCOLUMN SetCol(JET_COLUMNID columnid, std::string&& value, JET_GRBIT grbit = 0, JET_ULONG itag = 1,
                     JET_ULONG ib = 0) = delete;

JET_RETRIEVECOLUMN RetCol(JET_COLUMNID columnid, void* pv, JET_ULONG cb, JET_GRBIT grbit = 0,
                          JET_ULONG itag = 1, JET_ULONG ib = 0) {
    JET_RETRIEVECOLUMN rc{};
    rc.columnid = columnid;
    rc.pvData = pv;
    rc.cbData = cb;
    rc.cbActual = kUntouchedCb;
    rc.grbit = grbit;
    rc.ibLongValue = ib;
    rc.itagSequence = itag;
    rc.columnidNextTagged = kUntouchedColumnid;
    rc.err = kUntouchedErr;
    return rc;
}

class ColumnBatchTest : public jetstore::test::InstanceTest {
protected:
    ColumnBatchTest() : InstanceTest("jetstore_cols_") {}

    // Table "t": k Long (the primary index), num Long, text Text (cbMax 64), bin Binary, tag a
    // tagged Binary, mv a multi-valued Long, lv LongBinary. Secondary indexes: by_num "+num",
    // by_num_text "+num -text", by_mv "+mv".
    void SetUp() override {
        InstanceTest::SetUp();
        if (HasFatalFailure()) return;
        inst_ = CreateConfigured("cols");
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&inst_, 0, JET_paramMaxTemporaryTables, 2, nullptr));
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        live_.push_back(inst_);
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, (dir_ + "/cols.edb").c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t_));
        k_ = Add("k", JET_coltypLong);
        num_ = Add("num", JET_coltypLong);
        text_ = Add("text", JET_coltypText, 0, 64);
        bin_ = Add("bin", JET_coltypBinary);
        tag_ = Add("tag", JET_coltypBinary, JET_bitColumnTagged);
        mv_ = Add("mv", JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued);
        lv_ = Add("lv", JET_coltypLongBinary);
        Index("primary", JET_bitIndexPrimary, {"+k"});
        Index("by_num", 0, {"+num"});
        Index("by_num_text", 0, {"+num", "-text"});
        Index("by_mv", 0, {"+mv"});
    }

    JET_COLUMNID Add(const char* name, JET_COLTYP coltyp, JET_GRBIT grbit = 0, JET_ULONG cbMax = 0,
                     const void* def = nullptr, JET_ULONG cbDef = 0) {
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = coltyp;
        cd.grbit = grbit;
        cd.cbMax = cbMax;
        cd.cp = coltyp == JET_coltypText ? 1252 : 0;
        JET_COLUMNID id = 0;
        EXPECT_EQ(JET_errSuccess, JetAddColumn(s_, t_, name, &cd, def, cbDef, &id)) << name;
        return id;
    }

    void Index(const char* name, JET_GRBIT grbit, const std::vector<std::string>& segments) {
        std::string key;
        for (const std::string& segment : segments) key += segment + '\0';
        key += '\0';
        ASSERT_EQ(JET_errSuccess,
                  JetCreateIndex(s_, t_, name, grbit, key.data(), static_cast<JET_ULONG>(key.size()), 100))
            << name;
    }

    // Inserts (k, num, text) with JetSetColumn; an empty text stays NULL.
    void Insert(std::int32_t k, std::int32_t num, const std::string& text = "") {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, k_, &k, sizeof k, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, num_, &num, sizeof num, 0, nullptr));
        if (!text.empty()) {
            ASSERT_EQ(JET_errSuccess,
                      JetSetColumn(s_, t_, text_, text.data(), static_cast<JET_ULONG>(text.size()), 0, nullptr));
        }
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    }

    // Sets `col` of the current record to `value` (appended for itag 0) in a committed Replace.
    void Replace(JET_COLUMNID col, const std::string& value, JET_ULONG itag = 1) {
        JET_SETINFO si{sizeof(JET_SETINFO), 0, itag};
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
        ASSERT_EQ(JET_errSuccess,
                  JetSetColumn(s_, t_, col, value.data(), static_cast<JET_ULONG>(value.size()), 0, &si));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    }

    // Stands on the record with key k (the primary index must be current).
    void Seek(std::int32_t k) {
        ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, sizeof k, JET_bitNewKey));
        ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    }

    // Value `itag` of `col` (JetRetrieveColumn), or nullopt when it is NULL.
    std::optional<std::string> Get(JET_COLUMNID col, JET_GRBIT grbit = 0, JET_ULONG itag = 1) {
        JET_RETINFO ri{sizeof(JET_RETINFO), 0, itag, 0};
        JET_ULONG cb = 0;
        JET_ERR err = JetRetrieveColumn(s_, t_, col, nullptr, 0, &cb, grbit, &ri);
        if (err == JET_wrnColumnNull) return std::nullopt;
        EXPECT_GE(err, 0) << "column " << col;
        std::string out(cb, '\0');
        if (cb > 0) err = JetRetrieveColumn(s_, t_, col, out.data(), cb, &cb, grbit, &ri);
        EXPECT_EQ(JET_errSuccess, err) << "column " << col;
        return out;
    }

    // The key JetRetrieveKey gives (sized by a first call with no buffer); the code in *perr.
    std::string Key(JET_GRBIT grbit = 0, JET_ERR* perr = nullptr) {
        JET_ULONG cb = 0;
        JET_ERR err = JetRetrieveKey(s_, t_, nullptr, 0, &cb, grbit);
        std::string key(cb, '\0');
        if (err >= 0) err = JetRetrieveKey(s_, t_, key.data(), cb, &cb, grbit);
        if (perr != nullptr) {
            *perr = err;
        } else {
            EXPECT_EQ(JET_errSuccess, err);
        }
        return key.substr(0, err >= 0 ? cb : 0);
    }

    // The search key JetMakeKey builds from `segments` on the current index, as
    // JetRetrieveKey(JET_bitRetrieveCopy) gives it.
    std::string MadeKey(const std::vector<std::string>& segments) {
        JET_GRBIT grbit = JET_bitNewKey;
        for (const std::string& segment : segments) {
            EXPECT_EQ(JET_errSuccess,
                      JetMakeKey(s_, t_, segment.data(), static_cast<JET_ULONG>(segment.size()), grbit));
            grbit = 0;
        }
        return Key(JET_bitRetrieveCopy);
    }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = JET_sesidNil;
    JET_DBID db_ = JET_dbidNil;
    JET_TABLEID t_ = JET_tableidNil;
    JET_COLUMNID k_ = 0;
    JET_COLUMNID num_ = 0;
    JET_COLUMNID text_ = 0;
    JET_COLUMNID bin_ = 0;
    JET_COLUMNID tag_ = 0;
    JET_COLUMNID mv_ = 0;
    JET_COLUMNID lv_ = 0;
};

// =============================================================================================
// JetSetColumns
// =============================================================================================

TEST_F(ColumnBatchTest, SetColumnsSetsFixedVariableTaggedAndLongColumnsInOneCall) {
    // DML-08
    const std::int32_t k = 1;
    const std::int32_t num = 42;
    const std::string text = "hello";
    const std::string bin("\x00\x01\x02", 3);
    const std::string tag = "tagged";
    const std::string lv = Pattern(3000, 'a');  // above 1 KiB: stored apart at JetUpdate
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    std::array<JET_SETCOLUMN, 6> sc{SetCol(k_, &k, sizeof k), SetCol(num_, &num, sizeof num),
                                    SetCol(text_, text),      SetCol(bin_, bin),
                                    SetCol(tag_, tag),        SetCol(lv_, lv)};
    ASSERT_EQ(JET_errSuccess, JetSetColumns(s_, t_, sc.data(), static_cast<JET_ULONG>(sc.size())));
    for (const JET_SETCOLUMN& c : sc) EXPECT_EQ(JET_errSuccess, c.err) << "column " << c.columnid;

    // The copy buffer holds every value before JetUpdate ...
    EXPECT_EQ(Bytes(num), Get(num_, JET_bitRetrieveCopy));
    EXPECT_EQ(text, Get(text_, JET_bitRetrieveCopy));
    EXPECT_EQ(lv, Get(lv_, JET_bitRetrieveCopy));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));

    // ... and the record after it.
    Seek(k);
    EXPECT_EQ(Bytes(k), Get(k_));
    EXPECT_EQ(Bytes(num), Get(num_));
    EXPECT_EQ(text, Get(text_));
    EXPECT_EQ(bin, Get(bin_));
    EXPECT_EQ(tag, Get(tag_));
    EXPECT_EQ(std::nullopt, Get(tag_, 0, 2));
    EXPECT_EQ(lv, Get(lv_));
    EXPECT_EQ(std::nullopt, Get(mv_));
}

TEST_F(ColumnBatchTest, SetColumnsAddsReplacesAndDeletesMultiValuesByItagSequence) {
    // LV-08 through JetSetColumns: itag 0 appends, an itag beyond the last appends, NULL deletes
    // (later values move down), NULL at itag 0 changes nothing.
    const std::int32_t k = 1;
    const std::int32_t v10 = 10, v20 = 20, v30 = 30;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    std::array<JET_SETCOLUMN, 4> insert{SetCol(k_, &k, sizeof k), SetCol(mv_, &v10, sizeof v10, 0, 1),
                                        SetCol(mv_, &v20, sizeof v20, 0, 0), SetCol(mv_, &v30, sizeof v30, 0, 7)};
    ASSERT_EQ(JET_errSuccess, JetSetColumns(s_, t_, insert.data(), static_cast<JET_ULONG>(insert.size())));
    for (const JET_SETCOLUMN& c : insert) EXPECT_EQ(JET_errSuccess, c.err);
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    Seek(k);
    EXPECT_EQ(Bytes(10), Get(mv_, 0, 1));
    EXPECT_EQ(Bytes(20), Get(mv_, 0, 2));
    EXPECT_EQ(Bytes(30), Get(mv_, 0, 3));
    EXPECT_EQ(std::nullopt, Get(mv_, 0, 4));

    const std::int32_t v40 = 40, v25 = 25;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    std::array<JET_SETCOLUMN, 4> replace{
        SetCol(mv_, nullptr, 0, 0, 0),         // NULL appended: nothing      -> 10 20 30
        SetCol(mv_, nullptr, 0, 0, 2),         // delete itag 2               -> 10 30
        SetCol(mv_, &v40, sizeof v40, 0, 0),   // append                      -> 10 30 40
        SetCol(mv_, &v25, sizeof v25, 0, 2)};  // overwrite itag 2            -> 10 25 40
    ASSERT_EQ(JET_errSuccess, JetSetColumns(s_, t_, replace.data(), static_cast<JET_ULONG>(replace.size())));
    for (const JET_SETCOLUMN& c : replace) EXPECT_EQ(JET_errSuccess, c.err);
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(Bytes(10), Get(mv_, 0, 1));
    EXPECT_EQ(Bytes(25), Get(mv_, 0, 2));
    EXPECT_EQ(Bytes(40), Get(mv_, 0, 3));
    EXPECT_EQ(std::nullopt, Get(mv_, 0, 4));
}

TEST_F(ColumnBatchTest, SetColumnsWithItagSequenceZeroSetsSingleValuedColumnsAndAppendsToTaggedOnes) {
    // A zero-initialized JET_SETCOLUMN has itagSequence 0: fixed and variable columns take the
    // value; a tagged column gets one more value, also in a Replace.
    Insert(1, 5, "old");
    Seek(1);
    Replace(tag_, "first");
    const std::int32_t num = 6;
    const std::string text = "new";
    const std::string second = "second";
    std::array<JET_SETCOLUMN, 3> sc{};
    sc[0].columnid = num_;
    sc[0].pvData = &num;
    sc[0].cbData = sizeof num;
    sc[1].columnid = text_;
    sc[1].pvData = text.data();
    sc[1].cbData = static_cast<JET_ULONG>(text.size());
    sc[2].columnid = tag_;
    sc[2].pvData = second.data();
    sc[2].cbData = static_cast<JET_ULONG>(second.size());
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetSetColumns(s_, t_, sc.data(), static_cast<JET_ULONG>(sc.size())));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(Bytes(6), Get(num_));
    EXPECT_EQ(text, Get(text_));
    EXPECT_EQ(std::string("first"), Get(tag_, 0, 1));
    EXPECT_EQ(second, Get(tag_, 0, 2));
}

TEST_F(ColumnBatchTest, SetColumnsAppliesLongValueEditsInArrayOrder) {
    Insert(1, 5);
    Seek(1);
    Replace(lv_, "0123456789");
    const std::int32_t num = 7;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    std::array<JET_SETCOLUMN, 4> sc{SetCol(lv_, "XYZ", 3, JET_bitSetAppendLV),          // 0123456789XYZ
                                    SetCol(lv_, "--", 2, JET_bitSetOverwriteLV, 1, 2),  // 01--456789XYZ
                                    SetCol(num_, &num, sizeof num),
                                    SetCol(lv_, nullptr, 6, JET_bitSetSizeLV)};  // 01--45
    ASSERT_EQ(JET_errSuccess, JetSetColumns(s_, t_, sc.data(), static_cast<JET_ULONG>(sc.size())));
    for (const JET_SETCOLUMN& c : sc) EXPECT_EQ(JET_errSuccess, c.err);
    EXPECT_EQ(std::string("01--45"), Get(lv_, JET_bitRetrieveCopy));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(std::string("01--45"), Get(lv_));
    EXPECT_EQ(Bytes(7), Get(num_));

    // SizeLV | OverwriteLV at an offset ends the value after the new bytes; SizeLV grows with zeros.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    std::array<JET_SETCOLUMN, 2> more{SetCol(lv_, "ab", 2, JET_bitSetSizeLV | JET_bitSetOverwriteLV, 1, 1),
                                      SetCol(lv_, nullptr, 5, JET_bitSetSizeLV)};
    ASSERT_EQ(JET_errSuccess, JetSetColumns(s_, t_, more.data(), static_cast<JET_ULONG>(more.size())));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(std::string("0ab\0\0", 5), Get(lv_));
}

TEST_F(ColumnBatchTest, SetColumnsEditsALongValueStoredApartFromALaterElement) {
    // The long value lives outside the record; the first element is not a long-value edit, so
    // the value is brought back into the copy buffer only for the second.
    const std::string big = Pattern(5000, 'b');
    Insert(1, 5);
    Seek(1);
    Replace(lv_, big);
    const std::int32_t num = 9;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    std::array<JET_SETCOLUMN, 3> sc{SetCol(num_, &num, sizeof num), SetCol(lv_, "END", 3, JET_bitSetAppendLV),
                                    SetCol(lv_, "**", 2, JET_bitSetOverwriteLV, 1, 0)};
    ASSERT_EQ(JET_errSuccess, JetSetColumns(s_, t_, sc.data(), static_cast<JET_ULONG>(sc.size())));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ("**" + big.substr(2) + "END", Get(lv_));
    EXPECT_EQ(Bytes(9), Get(num_));
}

TEST_F(ColumnBatchTest, SetColumnsSetsNullWithNoDataAndZeroLengthWithSetZeroLength) {
    Insert(1, 5, "abc");
    Seek(1);
    Replace(bin_, "xyz");
    Replace(tag_, "t");
    Replace(lv_, "long");
    const std::int32_t num = 8;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    std::array<JET_SETCOLUMN, 5> sc{SetCol(num_, &num, 0),                           // cbData 0: NULL
                                    SetCol(text_, nullptr, 0),                       // pvData NULL: NULL
                                    SetCol(bin_, nullptr, 0, JET_bitSetZeroLength),  // zero length, not NULL
                                    SetCol(tag_, "ignored", 0),                      // cbData 0 deletes value 1
                                    SetCol(lv_, nullptr, 0, JET_bitSetZeroLength)};
    ASSERT_EQ(JET_errSuccess, JetSetColumns(s_, t_, sc.data(), static_cast<JET_ULONG>(sc.size())));
    for (const JET_SETCOLUMN& c : sc) EXPECT_EQ(JET_errSuccess, c.err);
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));

    EXPECT_EQ(std::nullopt, Get(num_));
    EXPECT_EQ(std::nullopt, Get(text_));
    EXPECT_EQ(std::nullopt, Get(tag_));
    char buf[4];
    JET_ULONG cb = kUntouchedCb;
    EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, bin_, buf, sizeof buf, &cb, 0, nullptr));
    EXPECT_EQ(0ul, cb);
    cb = kUntouchedCb;
    EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, lv_, buf, sizeof buf, &cb, 0, nullptr));
    EXPECT_EQ(0ul, cb);
}

TEST_F(ColumnBatchTest, SetColumnsStopsAtTheFirstErrorAndReturnsIt) {
    // [esent] the elements before the failing one are set (err 0), the elements after it are
    // neither set nor touched; the failing element's err holds the code (esent.h).
    const JET_COLUMNID ai = Add("ai", JET_coltypLong, JET_bitColumnAutoincrement);
    const std::int32_t ten = 10;
    const std::int16_t two_bytes = 1;
    const std::string too_long(65, 'x');  // text has cbMax 64
    const std::string later = "later";
    struct Case {
        const char* what;
        JET_SETCOLUMN bad;
        JET_ERR expected;
    };
    const std::vector<Case> cases{
        {"unknown columnid", SetCol(kNoSuchColumn, &ten, sizeof ten), JET_errColumnNotFound},
        {"wrong size for a fixed column", SetCol(num_, &two_bytes, sizeof two_bytes), JET_errInvalidBufferSize},
        {"over cbMax", SetCol(text_, too_long), JET_errColumnTooBig},
        {"unknown grbit", SetCol(num_, &ten, sizeof ten, 0x40000000), JET_errInvalidGrbit},
        {"NULL data with a size", SetCol(text_, nullptr, 3), JET_errInvalidParameter},
        {"autoincrement column", SetCol(ai, &ten, sizeof ten), JET_errInvalidColumnType},
        {"duplicate multi-value", SetCol(mv_, &ten, sizeof ten, JET_bitSetUniqueMultiValues, 0),
         JET_errMultiValuedDuplicate},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.what);
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        std::array<JET_SETCOLUMN, 3> sc{SetCol(mv_, &ten, sizeof ten, 0, 0), c.bad, SetCol(text_, later)};
        EXPECT_EQ(c.expected, JetSetColumns(s_, t_, sc.data(), static_cast<JET_ULONG>(sc.size())));
        EXPECT_EQ(JET_errSuccess, sc[0].err);
        EXPECT_EQ(c.expected, sc[1].err);
        EXPECT_EQ(kUntouchedErr, sc[2].err);
        EXPECT_EQ(Bytes(10), Get(mv_, JET_bitRetrieveCopy, 1));  // the first element was set ...
        EXPECT_EQ(std::nullopt, Get(mv_, JET_bitRetrieveCopy, 2));
        EXPECT_EQ(std::nullopt, Get(text_, JET_bitRetrieveCopy));  // ... the last one was not
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));
    }
}

// [esent] (fixed engine bug) ErrIsamSetColumns checks every cbData against JET_cbLVColumnMost
// before it sets any column, and ErrIsamSetColumn checks its own; jetstore checked neither: an
// AppendLV with cbData 0x80000000 read that many bytes from pvData (a crash), and the elements
// before it were already set.
TEST_F(ColumnBatchTest, SetColumnsRefusesADataSizeAboveTheLongValueLimitBeforeSettingAnything) {
    const std::int32_t num = 3;
    char small[8] = {};
    const JET_ULONG too_big = static_cast<JET_ULONG>(JET_cbLVColumnMost) + 1;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    std::array<JET_SETCOLUMN, 2> sc{SetCol(num_, &num, sizeof num), SetCol(lv_, small, too_big, JET_bitSetAppendLV)};
    EXPECT_EQ(JET_errInvalidParameter, JetSetColumns(s_, t_, sc.data(), static_cast<JET_ULONG>(sc.size())));
    EXPECT_EQ(kUntouchedErr, sc[0].err);
    EXPECT_EQ(kUntouchedErr, sc[1].err);
    EXPECT_EQ(std::nullopt, Get(num_, JET_bitRetrieveCopy));
    EXPECT_EQ(JET_errInvalidParameter, JetSetColumn(s_, t_, lv_, small, too_big, JET_bitSetAppendLV, nullptr));
    EXPECT_EQ(std::nullopt, Get(lv_, JET_bitRetrieveCopy));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));
}

// [esent] (fixed engine bug) ErrIsamSetColumns returns JET_errUpdateNotPrepared before it looks
// at the array: no element's err is written, also with csetcolumn 0. jetstore wrote the code into
// the first element's err, and returned JET_errSuccess for an empty array.
TEST_F(ColumnBatchTest, SetColumnsWithoutAPreparedUpdateFailsBeforeTouchingAnyElement) {
    const std::int32_t num = 3;
    const std::string text = "text";
    std::array<JET_SETCOLUMN, 2> sc{SetCol(num_, &num, sizeof num), SetCol(text_, text)};
    EXPECT_EQ(JET_errUpdateNotPrepared, JetSetColumns(s_, t_, sc.data(), static_cast<JET_ULONG>(sc.size())));
    EXPECT_EQ(kUntouchedErr, sc[0].err);
    EXPECT_EQ(kUntouchedErr, sc[1].err);
    EXPECT_EQ(JET_errUpdateNotPrepared, JetSetColumns(s_, t_, sc.data(), 0));
    EXPECT_EQ(JET_errUpdateNotPrepared, JetSetColumns(s_, t_, nullptr, 0));

    // Cancelled and done updates leave nothing prepared either.
    Insert(1, 5);
    EXPECT_EQ(JET_errUpdateNotPrepared, JetSetColumns(s_, t_, sc.data(), static_cast<JET_ULONG>(sc.size())));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));
    EXPECT_EQ(JET_errUpdateNotPrepared, JetSetColumns(s_, t_, sc.data(), static_cast<JET_ULONG>(sc.size())));
    EXPECT_EQ(kUntouchedErr, sc[0].err);
}

TEST_F(ColumnBatchTest, SetColumnsWithNoColumnsSucceedsAndANullArrayWithColumnsIsRefused) {
    const std::int32_t num = 3;
    std::array<JET_SETCOLUMN, 1> sc{SetCol(num_, &num, sizeof num)};
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    EXPECT_EQ(JET_errSuccess, JetSetColumns(s_, t_, sc.data(), 0));
    EXPECT_EQ(kUntouchedErr, sc[0].err);
    EXPECT_EQ(std::nullopt, Get(num_, JET_bitRetrieveCopy));
    EXPECT_EQ(JET_errSuccess, JetSetColumns(s_, t_, nullptr, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetSetColumns(s_, t_, nullptr, 2));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));
}

TEST_F(ColumnBatchTest, SetColumnsOverwritesTheSameColumnInOrder) {
    const std::int32_t k = 4, first = 1, second = 2;
    const std::string one = "one";
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    std::array<JET_SETCOLUMN, 4> sc{SetCol(k_, &k, sizeof k), SetCol(num_, &first, sizeof first), SetCol(text_, one),
                                    SetCol(num_, &second, sizeof second)};
    ASSERT_EQ(JET_errSuccess, JetSetColumns(s_, t_, sc.data(), static_cast<JET_ULONG>(sc.size())));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    Seek(k);
    EXPECT_EQ(Bytes(2), Get(num_));
    EXPECT_EQ(std::string("one"), Get(text_));
}

// =============================================================================================
// JetRetrieveColumns
// =============================================================================================

// [esent] (fixed engine bug) ErrRECRetrieveColumns sets columnidNextTagged to the element's
// columnid; jetstore wrote 0.
TEST_F(ColumnBatchTest, RetrieveColumnsReadsEveryKindOfColumnOfTheCurrentRecord) {
    const std::string bin("\x00\x01\x02", 3);
    const std::string lv = Pattern(3000, 'c');
    Insert(1, 42, "hello");
    Insert(2, 43, "other");
    Seek(1);
    Replace(bin_, bin);
    Replace(tag_, "tagged");
    Replace(mv_, Bytes(7), 0);
    Replace(mv_, Bytes(8), 0);
    Replace(lv_, lv);

    std::int32_t k = 0, num = 0, mv2 = 0;
    std::array<char, 64> text{};
    std::array<char, 16> binb{};
    std::array<char, 16> tag{};
    std::string lvb(4000, '\0');
    std::array<JET_RETRIEVECOLUMN, 7> rc{RetCol(k_, &k, sizeof k),
                                         RetCol(num_, &num, sizeof num),
                                         RetCol(text_, text.data(), text.size()),
                                         RetCol(bin_, binb.data(), binb.size()),
                                         RetCol(tag_, tag.data(), tag.size()),
                                         RetCol(mv_, &mv2, sizeof mv2, 0, 2),
                                         RetCol(lv_, lvb.data(), static_cast<JET_ULONG>(lvb.size()))};
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t_, rc.data(), static_cast<JET_ULONG>(rc.size())));
    for (const JET_RETRIEVECOLUMN& c : rc) {
        EXPECT_EQ(JET_errSuccess, c.err) << "column " << c.columnid;
        EXPECT_EQ(c.columnid, c.columnidNextTagged) << "column " << c.columnid;
    }
    EXPECT_EQ(1, k);
    EXPECT_EQ(42, num);
    EXPECT_EQ(4ul, rc[0].cbActual);
    EXPECT_EQ(4ul, rc[1].cbActual);
    EXPECT_EQ("hello", std::string(text.data(), rc[2].cbActual));
    EXPECT_EQ(bin, std::string(binb.data(), rc[3].cbActual));
    EXPECT_EQ("tagged", std::string(tag.data(), rc[4].cbActual));
    EXPECT_EQ(8, mv2);
    EXPECT_EQ(4ul, rc[5].cbActual);
    EXPECT_EQ(lv, lvb.substr(0, rc[6].cbActual));
}

// [esent] (fixed engine bug) only a truncated column makes JetRetrieveColumns return a warning;
// "JET_wrnColumnNull [is] returned only in the error field" (the function's documentation, and
// ErrIsamRetrieveColumns). jetstore returned the first element warning, JET_wrnColumnNull here.
TEST_F(ColumnBatchTest, RetrieveColumnsReportsANullColumnOnlyInItsErr) {
    // DML-15
    Insert(1, 5);  // text stays NULL
    Seek(1);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, bin_, nullptr, 0, JET_bitSetZeroLength, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));

    std::string text(8, 'q');
    std::string bin(8, 'q');
    std::int32_t num = 0;
    std::array<JET_RETRIEVECOLUMN, 3> rc{RetCol(text_, text.data(), 8), RetCol(bin_, bin.data(), 8),
                                         RetCol(num_, &num, sizeof num)};
    EXPECT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t_, rc.data(), static_cast<JET_ULONG>(rc.size())));
    EXPECT_EQ(JET_wrnColumnNull, rc[0].err);
    EXPECT_EQ(0ul, rc[0].cbActual);
    EXPECT_EQ(std::string(8, 'q'), text);  // nothing copied
    EXPECT_EQ(JET_errSuccess, rc[1].err);  // zero length is a value
    EXPECT_EQ(0ul, rc[1].cbActual);
    EXPECT_EQ(JET_errSuccess, rc[2].err);
    EXPECT_EQ(5, num);
}

TEST_F(ColumnBatchTest, RetrieveColumnsReturnsBufferTruncatedWhenAnyColumnIsCut) {
    // DML-15: a NULL buffer of size 0 asks for the size.
    Insert(1, 5, "abcdefghij");
    Seek(1);
    Replace(lv_, "0123456789");
    std::string text(8, '#');
    std::string bin(8, '#');
    std::int32_t num = 0;
    std::array<JET_RETRIEVECOLUMN, 4> rc{RetCol(text_, text.data(), 4), RetCol(bin_, bin.data(), 8),
                                         RetCol(lv_, nullptr, 0), RetCol(num_, &num, sizeof num)};
    EXPECT_EQ(JET_wrnBufferTruncated, JetRetrieveColumns(s_, t_, rc.data(), static_cast<JET_ULONG>(rc.size())));
    EXPECT_EQ(JET_wrnBufferTruncated, rc[0].err);
    EXPECT_EQ(10ul, rc[0].cbActual);  // the whole size
    EXPECT_EQ("abcd####", text);      // cbData bytes and not one more
    EXPECT_EQ(JET_wrnColumnNull, rc[1].err);
    EXPECT_EQ(JET_wrnBufferTruncated, rc[2].err);
    EXPECT_EQ(10ul, rc[2].cbActual);
    EXPECT_EQ(JET_errSuccess, rc[3].err);
    EXPECT_EQ(5, num);

    // A buffer of exactly the size is not truncated.
    std::array<JET_RETRIEVECOLUMN, 1> exact{RetCol(text_, text.data(), 10)};
    text.assign(10, '#');
    EXPECT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t_, exact.data(), 1));
    EXPECT_EQ("abcdefghij", text);
}

TEST_F(ColumnBatchTest, RetrieveColumnsWithRetrieveCopyReadsThePreparedUpdate) {
    // DML-13 for several columns at once: the copy buffer and the record side by side.
    Insert(1, 5, "old");
    Seek(1);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    const std::int32_t six = 6;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, num_, &six, sizeof six, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, text_, "new", 3, 0, nullptr));
    std::int32_t copy_num = 0, record_num = 0;
    std::array<char, 8> copy_text{}, record_text{};
    std::array<JET_RETRIEVECOLUMN, 4> rc{RetCol(num_, &copy_num, 4, JET_bitRetrieveCopy), RetCol(num_, &record_num, 4),
                                         RetCol(text_, copy_text.data(), 8, JET_bitRetrieveCopy),
                                         RetCol(text_, record_text.data(), 8)};
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t_, rc.data(), static_cast<JET_ULONG>(rc.size())));
    EXPECT_EQ(6, copy_num);
    EXPECT_EQ(5, record_num);
    EXPECT_EQ("new", std::string(copy_text.data(), rc[2].cbActual));
    EXPECT_EQ("old", std::string(record_text.data(), rc[3].cbActual));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));

    // With nothing prepared, JET_bitRetrieveCopy reads the record.
    std::array<JET_RETRIEVECOLUMN, 1> none{RetCol(num_, &copy_num, 4, JET_bitRetrieveCopy)};
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t_, none.data(), 1));
    EXPECT_EQ(5, copy_num);
}

TEST_F(ColumnBatchTest, RetrieveColumnsReadsTheCopyBufferOfAnInsertWithoutACurrentRecord) {
    // The table is empty: the copy-buffer elements are read, the first record element fails the
    // call with JET_errNoCurrentRecord and leaves itself and the rest untouched.
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    const std::int32_t nine = 9;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, num_, &nine, sizeof nine, 0, nullptr));
    std::int32_t copy_num = 0, record_num = -1, k = -1;
    std::array<char, 8> text{};
    std::array<JET_RETRIEVECOLUMN, 4> rc{RetCol(num_, &copy_num, 4, JET_bitRetrieveCopy),
                                         RetCol(text_, text.data(), 8, JET_bitRetrieveCopy),
                                         RetCol(num_, &record_num, 4), RetCol(k_, &k, 4, JET_bitRetrieveCopy)};
    EXPECT_EQ(JET_errNoCurrentRecord, JetRetrieveColumns(s_, t_, rc.data(), static_cast<JET_ULONG>(rc.size())));
    EXPECT_EQ(JET_errSuccess, rc[0].err);
    EXPECT_EQ(9, copy_num);
    EXPECT_EQ(JET_wrnColumnNull, rc[1].err);
    EXPECT_EQ(kUntouchedErr, rc[2].err);
    EXPECT_EQ(kUntouchedCb, rc[2].cbActual);
    EXPECT_EQ(-1, record_num);
    EXPECT_EQ(kUntouchedErr, rc[3].err);
    EXPECT_EQ(-1, k);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));
}

// [esent] (fixed engine bug) JetRetrieveColumns with itagSequence 0 returns the number of values
// of the column in itagSequence (cbActual 0, err 0, no data; a default value counts as one), as
// the function's documentation and ErrRECRetrieveColumns do (LV-08). jetstore read value 1.
TEST_F(ColumnBatchTest, RetrieveColumnsWithItagSequenceZeroCountsTheValues) {
    const std::int32_t seven = 7;
    const JET_COLUMNID def = Add("def", JET_coltypLong, 0, 0, &seven, sizeof seven);
    Insert(1, 5);
    Seek(1);
    for (std::int32_t v : {10, 20, 30}) Replace(mv_, Bytes(v), 0);

    const std::int32_t untouched = 0x11111111;
    std::int32_t first = 0, third = 0, count_buf = untouched, fourth = untouched, num = untouched;
    std::int32_t text = untouched, def_count = untouched, def_value = 0;
    std::array<JET_RETRIEVECOLUMN, 8> rc{RetCol(mv_, &first, 4, 0, 1),     RetCol(mv_, &third, 4, 0, 3),
                                         RetCol(mv_, &count_buf, 4, 0, 0), RetCol(mv_, &fourth, 4, 0, 4),
                                         RetCol(num_, &num, 4, 0, 0),      RetCol(text_, &text, 4, 0, 0),
                                         RetCol(def, &def_count, 4, 0, 0), RetCol(def, &def_value, 4, 0, 1)};
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t_, rc.data(), static_cast<JET_ULONG>(rc.size())));
    EXPECT_EQ(10, first);
    EXPECT_EQ(30, third);
    EXPECT_EQ(3ul, rc[2].itagSequence);
    EXPECT_EQ(0ul, rc[2].cbActual);
    EXPECT_EQ(JET_errSuccess, rc[2].err);
    EXPECT_EQ(mv_, rc[2].columnidNextTagged);
    EXPECT_EQ(untouched, count_buf);  // a count copies no data
    EXPECT_EQ(JET_wrnColumnNull, rc[3].err);
    EXPECT_EQ(untouched, fourth);
    EXPECT_EQ(1ul, rc[4].itagSequence);  // a fixed column with a value
    EXPECT_EQ(untouched, num);
    EXPECT_EQ(0ul, rc[5].itagSequence);  // a NULL variable column
    EXPECT_EQ(JET_errSuccess, rc[5].err);
    EXPECT_EQ(1ul, rc[6].itagSequence);  // the default value
    EXPECT_EQ(7, def_value);

    // The copy buffer counts its own values.
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    JET_SETINFO append{sizeof(JET_SETINFO), 0, 0};
    const std::int32_t forty = 40;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, mv_, &forty, sizeof forty, 0, &append));
    std::array<JET_RETRIEVECOLUMN, 2> counts{RetCol(mv_, nullptr, 0, JET_bitRetrieveCopy, 0),
                                             RetCol(mv_, nullptr, 0, 0, 0)};
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t_, counts.data(), 2));
    EXPECT_EQ(4ul, counts[0].itagSequence);
    EXPECT_EQ(3ul, counts[1].itagSequence);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));

    // A zero-initialized element asks for a count, not for the value.
    std::array<JET_RETRIEVECOLUMN, 1> zeroed{};
    zeroed[0].columnid = num_;
    zeroed[0].pvData = &num;
    zeroed[0].cbData = sizeof num;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t_, zeroed.data(), 1));
    EXPECT_EQ(1ul, zeroed[0].itagSequence);
    EXPECT_EQ(untouched, num);
}

// [esent] (fixed engine bug) ibLongValue applies to long values only ("the offset to the first
// byte to be retrieved from a column of type JET_coltypLongBinary, or JET_coltypLongText");
// jetstore also cut it off the front of other columns.
TEST_F(ColumnBatchTest, RetrieveColumnsReadsLongValuesFromTheirOffset) {
    const std::string big = Pattern(5000, 'd');  // stored apart from the record
    Insert(1, 5, "abcdefghij");
    Seek(1);
    Replace(lv_, big);
    std::array<char, 16> tail{}, past{}, text{};
    std::array<char, 4> middle{};
    std::array<JET_RETRIEVECOLUMN, 4> rc{
        RetCol(lv_, tail.data(), 16, 0, 1, 4990), RetCol(lv_, middle.data(), 4, 0, 1, 100),
        RetCol(lv_, past.data(), 16, 0, 1, 6000), RetCol(text_, text.data(), 16, 0, 1, 3)};
    EXPECT_EQ(JET_wrnBufferTruncated, JetRetrieveColumns(s_, t_, rc.data(), static_cast<JET_ULONG>(rc.size())));
    EXPECT_EQ(JET_errSuccess, rc[0].err);
    EXPECT_EQ(10ul, rc[0].cbActual);
    EXPECT_EQ(big.substr(4990), std::string(tail.data(), 10));
    EXPECT_EQ(JET_wrnBufferTruncated, rc[1].err);
    EXPECT_EQ(4900ul, rc[1].cbActual);
    EXPECT_EQ(big.substr(100, 4), std::string(middle.data(), 4));
    EXPECT_EQ(JET_errSuccess, rc[2].err);  // past the end: nothing, and no warning
    EXPECT_EQ(0ul, rc[2].cbActual);
    EXPECT_EQ(JET_errSuccess, rc[3].err);
    EXPECT_EQ("abcdefghij", std::string(text.data(), rc[3].cbActual));

    // A long value kept in the record reads from its offset the same way.
    Replace(lv_, "0123456789");
    std::array<JET_RETRIEVECOLUMN, 1> small{RetCol(lv_, tail.data(), 16, 0, 1, 4)};
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t_, small.data(), 1));
    EXPECT_EQ("456789", std::string(tail.data(), small[0].cbActual));
}

TEST_F(ColumnBatchTest, RetrieveColumnsStopsAtTheFirstErrorAndReturnsIt) {
    Insert(1, 5, "abc");
    Seek(1);
    std::int32_t num = 0;
    std::string text(8, '#');
    std::array<JET_RETRIEVECOLUMN, 3> rc{RetCol(num_, &num, 4), RetCol(kNoSuchColumn, &num, 4),
                                         RetCol(text_, text.data(), 8)};
    EXPECT_EQ(JET_errColumnNotFound, JetRetrieveColumns(s_, t_, rc.data(), static_cast<JET_ULONG>(rc.size())));
    EXPECT_EQ(JET_errSuccess, rc[0].err);
    EXPECT_EQ(5, num);
    EXPECT_EQ(JET_errColumnNotFound, rc[1].err);
    EXPECT_EQ(kUntouchedErr, rc[2].err);
    EXPECT_EQ(kUntouchedCb, rc[2].cbActual);
    EXPECT_EQ(std::string(8, '#'), text);

    std::array<JET_RETRIEVECOLUMN, 2> grbit{RetCol(num_, &num, 4), RetCol(text_, text.data(), 8, 0x10000000)};
    EXPECT_EQ(JET_errInvalidGrbit, JetRetrieveColumns(s_, t_, grbit.data(), 2));
    EXPECT_EQ(JET_errSuccess, grbit[0].err);
    EXPECT_EQ(JET_errInvalidGrbit, grbit[1].err);
    EXPECT_EQ(std::string(8, '#'), text);
}

TEST_F(ColumnBatchTest, RetrieveColumnsWithoutACurrentRecordFailsWithNoCurrentRecord) {
    // DML-16
    std::int32_t num = -1;
    std::array<JET_RETRIEVECOLUMN, 1> rc{RetCol(num_, &num, 4)};
    EXPECT_EQ(JET_errNoCurrentRecord, JetRetrieveColumns(s_, t_, rc.data(), 1));
    EXPECT_EQ(kUntouchedErr, rc[0].err);
    EXPECT_EQ(kUntouchedCb, rc[0].cbActual);
    EXPECT_EQ(-1, num);
    // No column asks for nothing: no record is needed.
    EXPECT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t_, rc.data(), 0));
    EXPECT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t_, nullptr, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetRetrieveColumns(s_, t_, nullptr, 1));

    // Moved off the end.
    Insert(1, 5);
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveLast, 0));
    ASSERT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MoveNext, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetRetrieveColumns(s_, t_, rc.data(), 1));

    // Standing on a deleted record.
    Seek(1);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    EXPECT_EQ(JET_errRecordDeleted, JetRetrieveColumns(s_, t_, rc.data(), 1));
    EXPECT_EQ(-1, num);
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
}

// [esent] (fixed engine bug) ErrRECIRetrieveFromIndex refuses JET_bitRetrieveFromIndex together
// with JET_bitRetrieveFromPrimaryBookmark (JET_errInvalidGrbit: "this bit cannot be set if ...
// is also set"), and a column the key does not hold (JET_errColumnNotFound); jetstore ignored
// both bits and read the record.
TEST_F(ColumnBatchTest, RetrieveColumnsFromTheIndexEntryAndThePrimaryBookmark) {
    Insert(1, 50, "one");
    Insert(2, 40, "two");
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "by_num"));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));  // num 40: record 2
    std::int32_t num = 0, k = 0;
    std::array<char, 8> text{};
    std::array<JET_RETRIEVECOLUMN, 3> rc{RetCol(num_, &num, 4, JET_bitRetrieveFromIndex),
                                         RetCol(k_, &k, 4, JET_bitRetrieveFromPrimaryBookmark),
                                         RetCol(text_, text.data(), 8)};
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumns(s_, t_, rc.data(), static_cast<JET_ULONG>(rc.size())));
    EXPECT_EQ(40, num);
    EXPECT_EQ(2, k);
    EXPECT_EQ("two", std::string(text.data(), rc[2].cbActual));

    auto one = [&](JET_COLUMNID col, JET_GRBIT grbit, std::int32_t* out) {
        std::array<JET_RETRIEVECOLUMN, 1> r{RetCol(col, out, 4, grbit)};
        return JetRetrieveColumns(s_, t_, r.data(), 1);
    };
    const JET_GRBIT both = JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark;
    EXPECT_EQ(JET_errInvalidGrbit, one(num_, both, &num));
    EXPECT_EQ(JET_errInvalidGrbit, JetRetrieveColumn(s_, t_, num_, &num, 4, nullptr, both, nullptr));
    EXPECT_EQ(JET_errColumnNotFound, one(text_, JET_bitRetrieveFromIndex, &num));           // not in by_num
    EXPECT_EQ(JET_errColumnNotFound, one(num_, JET_bitRetrieveFromPrimaryBookmark, &num));  // not in the primary key

    // On the primary index both read its key.
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, nullptr));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));  // record 1
    k = 0;
    EXPECT_EQ(JET_errSuccess, one(k_, JET_bitRetrieveFromIndex, &k));
    EXPECT_EQ(1, k);
    k = 0;
    EXPECT_EQ(JET_errSuccess, one(k_, JET_bitRetrieveFromPrimaryBookmark, &k));
    EXPECT_EQ(1, k);
    EXPECT_EQ(JET_errColumnNotFound, one(num_, JET_bitRetrieveFromIndex, &num));
}

TEST_F(ColumnBatchTest, RetrieveColumnsFromIndexOnATemporaryTableReadsTheRecord) {
    // [esent] a sort has no index to read from: the record answers, whatever the column.
    std::array<JET_COLUMNDEF, 2> defs{};
    defs[0].cbStruct = sizeof defs[0];
    defs[0].coltyp = JET_coltypLong;
    defs[0].grbit = JET_bitColumnTTKey;
    defs[1].cbStruct = sizeof defs[1];
    defs[1].coltyp = JET_coltypText;
    defs[1].cp = 1252;
    JET_TABLEID tt = JET_tableidNil;
    std::array<JET_COLUMNID, 2> cols{};
    ASSERT_EQ(JET_errSuccess, JetOpenTempTable(s_, defs.data(), 2, JET_bitTTScrollable, &tt, cols.data()));
    for (const auto& [k, text] : {std::pair<std::int32_t, std::string>{5, "five"}, {3, "three"}}) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, tt, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, tt, cols[0], &k, sizeof k, 0, nullptr));
        ASSERT_EQ(JET_errSuccess,
                  JetSetColumn(s_, tt, cols[1], text.data(), static_cast<JET_ULONG>(text.size()), 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, tt, nullptr, 0, nullptr));
    }
    ASSERT_EQ(JET_errSuccess, JetMove(s_, tt, JET_MoveFirst, 0));
    std::int32_t k = 0;
    std::array<char, 16> text{};
    std::array<JET_RETRIEVECOLUMN, 2> rc{RetCol(cols[1], text.data(), 16, JET_bitRetrieveFromIndex),
                                         RetCol(cols[0], &k, 4, JET_bitRetrieveFromIndex)};
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumns(s_, tt, rc.data(), 2));
    EXPECT_EQ("three", std::string(text.data(), rc[0].cbActual));
    EXPECT_EQ(3, k);
    rc[1].grbit = JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark;
    EXPECT_EQ(JET_errInvalidGrbit, JetRetrieveColumns(s_, tt, rc.data(), 2));

    // The key of the current entry is the sort key.
    std::array<char, 64> key{}, made{};
    JET_ULONG cb_key = 0, cb_made = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveKey(s_, tt, key.data(), key.size(), &cb_key, 0));
    const std::int32_t three = 3;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, tt, &three, sizeof three, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetRetrieveKey(s_, tt, made.data(), made.size(), &cb_made, JET_bitRetrieveCopy));
    EXPECT_EQ(std::string(made.data(), cb_made), std::string(key.data(), cb_key));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, tt));
}

// jetstore today (esent.h, JetRetrieveColumns): columnid 0, which esent reads as every tagged
// column at once (itagSequence 0: their number of values), is refused.
TEST_F(ColumnBatchTest, RetrieveColumnsOfColumnidZeroIsRefusedWithColumnNotFound) {
    Insert(1, 5);
    Seek(1);
    Replace(tag_, "t");
    std::array<char, 8> buf{};
    for (JET_ULONG itag : {0ul, 1ul}) {
        std::array<JET_RETRIEVECOLUMN, 1> rc{RetCol(0, buf.data(), 8, 0, itag)};
        EXPECT_EQ(JET_errColumnNotFound, JetRetrieveColumns(s_, t_, rc.data(), 1)) << itag;
        EXPECT_EQ(JET_errColumnNotFound, rc[0].err);
    }
    EXPECT_EQ(JET_errColumnNotFound, JetRetrieveColumn(s_, t_, 0, buf.data(), 8, nullptr, 0, nullptr));
}

// =============================================================================================
// JetRetrieveKey
// =============================================================================================

TEST_F(ColumnBatchTest, RetrieveKeyOnThePrimaryIndexIsTheKeyJetMakeKeyBuilds) {
    for (std::int32_t k : {10, 20, 30}) Insert(k, k * 2);
    Seek(20);
    const std::string key = Key();
    ASSERT_FALSE(key.empty());
    EXPECT_EQ(MadeKey({Bytes(20)}), key);
    EXPECT_NE(MadeKey({Bytes(10)}), key);
    // Normalized keys sort as the index does.
    Seek(10);
    const std::string key10 = Key();
    Seek(30);
    const std::string key30 = Key();
    EXPECT_LT(key10, key);
    EXPECT_LT(key, key30);
}

TEST_F(ColumnBatchTest, RetrieveKeyRoundTripsThroughJetMakeKeyNormalizedKey) {
    // NAV-17: on the primary index and on a secondary one.
    for (std::int32_t k : {1, 2, 3}) Insert(k, 100 - k);
    Seek(2);
    std::string key = Key();
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess,
              JetMakeKey(s_, t_, key.data(), static_cast<JET_ULONG>(key.size()), JET_bitNormalizedKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    EXPECT_EQ(Bytes(2), Get(k_));

    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "by_num"));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));  // num 97: record 3
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));   // num 98: record 2
    key = Key();
    EXPECT_EQ(MadeKey({Bytes(98)}), key);
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveLast, 0));
    ASSERT_EQ(JET_errSuccess,
              JetMakeKey(s_, t_, key.data(), static_cast<JET_ULONG>(key.size()), JET_bitNormalizedKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    EXPECT_EQ(Bytes(2), Get(k_));
}

TEST_F(ColumnBatchTest, RetrieveKeyOnASecondaryIndexIsTheIndexKeyWithoutThePrimaryKey) {
    // Two records with one index key have one normalized key; a two-column key is both values.
    Insert(1, 7, "same");
    Insert(2, 7, "same");
    Insert(3, 7, "zzz");
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "by_num_text"));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));  // text descending: "zzz" first
    EXPECT_EQ(Bytes(3), Get(k_));
    const std::string zzz = Key();
    EXPECT_EQ(MadeKey({Bytes(7), "zzz"}), zzz);
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
    const std::string first = Key();
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));
    const std::string second = Key();
    EXPECT_EQ(first, second);
    EXPECT_EQ(MadeKey({Bytes(7), "same"}), first);
    EXPECT_NE(zzz, first);
    EXPECT_LT(zzz, first);  // descending text: "zzz" sorts first

    // The partial key being built is the front of the whole key.
    const std::string partial = MadeKey({Bytes(7)});
    ASSERT_FALSE(partial.empty());
    EXPECT_LT(partial.size(), first.size());
    EXPECT_EQ(partial, first.substr(0, partial.size()));
}

TEST_F(ColumnBatchTest, RetrieveKeyOnAMultiValuedIndexIsTheKeyOfTheCurrentEntry) {
    Insert(1, 5);
    Seek(1);
    Replace(mv_, Bytes(9), 0);
    Replace(mv_, Bytes(4), 0);
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "by_mv"));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));  // the entry of 4
    EXPECT_EQ(MadeKey({Bytes(4)}), Key());
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveNext, 0));  // the entry of 9, same record
    EXPECT_EQ(Bytes(1), Get(k_));
    EXPECT_EQ(MadeKey({Bytes(9)}), Key());
}

TEST_F(ColumnBatchTest, RetrieveKeyOnTheSequentialIndexIsTheBookmark) {
    JET_TABLEID seq = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "seq", 0, 100, &seq));
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLong;
    JET_COLUMNID v = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, seq, "v", &cd, nullptr, 0, &v));
    for (std::int32_t i : {1, 2, 3}) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, seq, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, seq, v, &i, sizeof i, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, seq, nullptr, 0, nullptr));
    }
    ASSERT_EQ(JET_errSuccess, JetMove(s_, seq, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, seq, JET_MoveNext, 0));
    std::array<char, JET_cbBookmarkMost> bm{};
    JET_ULONG cb_bm = 0;
    ASSERT_EQ(JET_errSuccess, JetGetBookmark(s_, seq, bm.data(), bm.size(), &cb_bm));
    std::array<char, 64> key{};
    JET_ULONG cb_key = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveKey(s_, seq, key.data(), key.size(), &cb_key, 0));
    EXPECT_EQ(std::string(bm.data(), cb_bm), std::string(key.data(), cb_key));

    ASSERT_EQ(JET_errSuccess, JetMove(s_, seq, JET_MoveLast, 0));
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, seq, key.data(), cb_key, JET_bitNormalizedKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, seq, JET_bitSeekEQ));
    std::int32_t got = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, seq, v, &got, sizeof got, nullptr, 0, nullptr));
    EXPECT_EQ(2, got);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, seq));
}

TEST_F(ColumnBatchTest, RetrieveKeyIntoASmallBufferGivesBufferTruncatedAndTheWholeSize) {
    Insert(1, 7, "abc");
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "by_num_text"));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    const std::string key = Key();
    ASSERT_GT(key.size(), 2u);
    const auto size = static_cast<JET_ULONG>(key.size());

    // No buffer, cbMax 0: the size only.
    JET_ULONG cb = kUntouchedCb;
    EXPECT_EQ(JET_wrnBufferTruncated, JetRetrieveKey(s_, t_, nullptr, 0, &cb, 0));
    EXPECT_EQ(size, cb);
    // One byte short: that many bytes, not one more.
    std::string buf(key.size() + 4, '#');
    cb = kUntouchedCb;
    EXPECT_EQ(JET_wrnBufferTruncated, JetRetrieveKey(s_, t_, buf.data(), size - 1, &cb, 0));
    EXPECT_EQ(size, cb);
    EXPECT_EQ(key.substr(0, key.size() - 1), buf.substr(0, key.size() - 1));
    EXPECT_EQ(std::string(5, '#'), buf.substr(key.size() - 1));
    // Exactly the size, and without pcbActual.
    buf.assign(key.size(), '#');
    EXPECT_EQ(JET_errSuccess, JetRetrieveKey(s_, t_, buf.data(), size, nullptr, 0));
    EXPECT_EQ(key, buf);
    // A NULL buffer with a size is refused.
    EXPECT_EQ(JET_errInvalidParameter, JetRetrieveKey(s_, t_, nullptr, size, &cb, 0));

    // The search key being built truncates the same way.
    const std::string made = MadeKey({Bytes(7), "abc"});
    ASSERT_EQ(JET_errSuccess,
              JetMakeKey(s_, t_, made.data(), static_cast<JET_ULONG>(made.size()), JET_bitNormalizedKey));
    cb = kUntouchedCb;
    EXPECT_EQ(JET_wrnBufferTruncated, JetRetrieveKey(s_, t_, nullptr, 0, &cb, JET_bitRetrieveCopy));
    EXPECT_EQ(static_cast<JET_ULONG>(made.size()), cb);
    buf.assign(made.size() + 4, '#');
    EXPECT_EQ(JET_wrnBufferTruncated, JetRetrieveKey(s_, t_, buf.data(), 1, &cb, JET_bitRetrieveCopy));
    EXPECT_EQ(made.substr(0, 1), buf.substr(0, 1));
    EXPECT_EQ('#', buf[1]);
}

TEST_F(ColumnBatchTest, RetrieveKeyWithoutACurrentRecordFailsWithNoCurrentRecord) {
    // DML-16
    char key[8];
    JET_ULONG cb = 0;
    EXPECT_EQ(JET_errNoCurrentRecord, JetRetrieveKey(s_, t_, key, 1, &cb, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetRetrieveKey(s_, t_, nullptr, 0, &cb, 0));
    Insert(1, 5);
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MovePrevious, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, JetRetrieveKey(s_, t_, key, sizeof key, &cb, 0));
    const std::int32_t missing = 2;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &missing, sizeof missing, JET_bitNewKey));
    ASSERT_EQ(JET_errRecordNotFound, JetSeek(s_, t_, JET_bitSeekEQ));
    EXPECT_EQ(JET_errNoCurrentRecord, JetRetrieveKey(s_, t_, key, sizeof key, &cb, 0));
}

// [esent] (fixed engine bug) JetRetrieveKey reads the current entry (ErrDIRGet), which fails with
// JET_errRecordDeleted once the record is deleted; jetstore returned the key of the deleted
// record.
TEST_F(ColumnBatchTest, RetrieveKeyOfADeletedRecordFailsWithRecordDeleted) {
    Insert(1, 5);
    Seek(1);
    const std::string key = Key();
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    char buf[64];
    JET_ULONG cb = 0;
    EXPECT_EQ(JET_errRecordDeleted, JetRetrieveKey(s_, t_, buf, sizeof buf, &cb, 0));
    // The search key does not depend on the current record.
    const std::int32_t one = 1;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &one, sizeof one, JET_bitNewKey));
    EXPECT_EQ(key, Key(JET_bitRetrieveCopy));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(key, Key());  // the record is back
}

TEST_F(ColumnBatchTest, RetrieveKeyCopyWithoutASearchKeyFailsWithKeyNotMade) {
    char buf[64];
    JET_ULONG cb = 0;
    EXPECT_EQ(JET_errKeyNotMade, JetRetrieveKey(s_, t_, buf, sizeof buf, &cb, JET_bitRetrieveCopy));
    // The search key needs no current record (the table is empty).
    const std::int32_t five = 5;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &five, sizeof five, JET_bitNewKey));
    EXPECT_EQ(JET_errSuccess, JetRetrieveKey(s_, t_, buf, sizeof buf, &cb, JET_bitRetrieveCopy));
    EXPECT_GT(cb, 0ul);
    // A seek consumes it.
    EXPECT_EQ(JET_errRecordNotFound, JetSeek(s_, t_, JET_bitSeekEQ));
    EXPECT_EQ(JET_errKeyNotMade, JetRetrieveKey(s_, t_, buf, sizeof buf, &cb, JET_bitRetrieveCopy));
    // So does a change of index.
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &five, sizeof five, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSetCurrentIndex(s_, t_, "by_num"));
    EXPECT_EQ(JET_errKeyNotMade, JetRetrieveKey(s_, t_, buf, sizeof buf, &cb, JET_bitRetrieveCopy));
}

TEST_F(ColumnBatchTest, RetrieveKeyWithAnUnknownGrbitFailsWithInvalidGrbit) {
    Insert(1, 5);
    Seek(1);
    char buf[64];
    JET_ULONG cb = 0;
    EXPECT_EQ(JET_errInvalidGrbit, JetRetrieveKey(s_, t_, buf, sizeof buf, &cb, 0x100));
    EXPECT_EQ(JET_errInvalidGrbit, JetRetrieveKey(s_, t_, buf, sizeof buf, &cb, JET_bitRetrieveCopy | 0x100));
    EXPECT_EQ(JET_errSuccess, JetRetrieveKey(s_, t_, buf, sizeof buf, &cb, 0));
}

TEST_F(ColumnBatchTest, BatchCallsOnABadTableIdFailWithInvalidTableId) {
    Insert(1, 5);
    JET_TABLEID other = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &other));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, other));
    std::int32_t num = 0;
    std::array<JET_SETCOLUMN, 1> sc{SetCol(num_, &num, sizeof num)};
    std::array<JET_RETRIEVECOLUMN, 1> rc{RetCol(num_, &num, sizeof num)};
    char key[64];
    JET_ULONG cb = 0;
    for (JET_TABLEID bad : {other, JET_tableidNil}) {
        EXPECT_EQ(JET_errInvalidTableId, JetSetColumns(s_, bad, sc.data(), 1));
        EXPECT_EQ(JET_errInvalidTableId, JetRetrieveColumns(s_, bad, rc.data(), 1));
        EXPECT_EQ(JET_errInvalidTableId, JetRetrieveKey(s_, bad, key, sizeof key, &cb, 0));
    }
    EXPECT_EQ(kUntouchedErr, sc[0].err);
    EXPECT_EQ(kUntouchedErr, rc[0].err);
}

}  // namespace
