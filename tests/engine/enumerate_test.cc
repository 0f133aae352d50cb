// JetEnumerateColumns: every column of a record or the columns listed, each grbit, cbDataMost, the
// copy buffer, the column-id errors, and the caller's allocator (every block it gives is freed by
// the caller or, after a failure, by the call; an allocator failing at each call in turn).
//
// Specs: esent.h JetEnumerateColumns; issue 11.

#include <esent.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace {

// A realloc-compatible allocator that counts its live blocks, can fail its Nth allocation, and
// counts what JetEnumerateColumns must never ask of it.
struct TestAllocator {
    std::set<void*> live;
    int allocations = 0;  // the allocations asked for
    int fail_at = 0;      // the allocation (1-based) answered with NULL; 0: none
    int misuse = 0;       // resizes, zero-byte allocations, frees of unknown blocks

    static void* JET_API Realloc(void* context, void* pv, JET_ULONG cb) {
        auto* a = static_cast<TestAllocator*>(context);
        if (pv == nullptr) {
            if (cb == 0) {
                ++a->misuse;
                return nullptr;
            }
            if (++a->allocations == a->fail_at) return nullptr;
            void* p = std::malloc(cb);
            if (p != nullptr) a->live.insert(p);
            return p;
        }
        if (cb != 0 || a->live.erase(pv) == 0) {
            ++a->misuse;
            return nullptr;
        }
        std::free(pv);
        return nullptr;
    }
};

// Frees an output as esent.h tells the caller to: every value's bytes, each value array (the
// bytes of a JET_wrnColumnSingleValue column), then the array.
void FreeOutput(TestAllocator& a, JET_ULONG n, JET_ENUMCOLUMN* cols) {
    for (JET_ULONG i = 0; i < n; ++i) {
        if (cols[i].err == JET_wrnColumnSingleValue) {
            if (cols[i].pvData != nullptr) TestAllocator::Realloc(&a, cols[i].pvData, 0);
            continue;
        }
        for (JET_ULONG j = 0; j < cols[i].cEnumColumnValue; ++j) {
            if (cols[i].rgEnumColumnValue[j].pvData != nullptr) {
                TestAllocator::Realloc(&a, cols[i].rgEnumColumnValue[j].pvData, 0);
            }
        }
        if (cols[i].rgEnumColumnValue != nullptr) TestAllocator::Realloc(&a, cols[i].rgEnumColumnValue, 0);
    }
    if (cols != nullptr) TestAllocator::Realloc(&a, cols, 0);
}

// Bytes as the expectations write them: 'text' when printable, else #hex; longer than 32 bytes
// only as their size. A zero-length value whose pvData is not NULL shows as '!pv'.
std::string Show(const void* pv, JET_ULONG cb) {
    if (cb == 0) return pv == nullptr ? "''" : "'!pv'";
    if (cb > 32) return std::to_string(cb) + "b";
    const auto* p = static_cast<const unsigned char*>(pv);
    bool printable = true;
    for (JET_ULONG i = 0; i < cb; ++i) printable = printable && p[i] >= 0x20 && p[i] < 0x7F;
    std::string out = printable ? "'" : "#";
    for (JET_ULONG i = 0; i < cb; ++i) {
        if (printable) {
            out.push_back(static_cast<char>(p[i]));
        } else {
            char hex[3];
            std::snprintf(hex, sizeof hex, "%02x", p[i]);
            out += hex;
        }
    }
    return printable ? out + "'" : out;
}

// The output as one line: "columnid err [itag err bytes]...; ..." per column, or
// "columnid 1536 =bytes" for a JET_wrnColumnSingleValue column.
std::string Describe(JET_ULONG n, const JET_ENUMCOLUMN* cols) {
    std::string out;
    for (JET_ULONG i = 0; i < n; ++i) {
        const JET_ENUMCOLUMN& c = cols[i];
        if (!out.empty()) out += "; ";
        out += std::to_string(c.columnid) + " " + std::to_string(c.err);
        if (c.err == JET_wrnColumnSingleValue) {
            out += " =" + Show(c.pvData, c.cbData);
            continue;
        }
        if (c.cEnumColumnValue == 0 && c.rgEnumColumnValue != nullptr) out += " !rg";
        for (JET_ULONG j = 0; j < c.cEnumColumnValue; ++j) {
            const JET_ENUMCOLUMNVALUE& v = c.rgEnumColumnValue[j];
            out += " [" + std::to_string(v.itagSequence) + " " + std::to_string(v.err) + " " +
                   Show(v.pvData, v.cbData) + "]";
        }
    }
    return out;
}

class EnumerateTest : public jetstore::test::InstanceTest {
protected:
    EnumerateTest() : InstanceTest("jetstore_enum_") {}

    void SetUp() override {
        InstanceTest::SetUp();
        if (HasFatalFailure()) return;
        inst_ = CreateConfigured("enum");
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        live_.push_back(inst_);
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, (dir_ + "/enum.edb").c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t_));
        const std::int32_t seven = 7;
        k_ = AddColumn("k", JET_coltypLong, 0);
        n_ = AddColumn("n", JET_coltypLong, 0);
        d_ = AddColumn("d", JET_coltypLong, 0, &seven, sizeof seven);
        v_ = AddColumn("v", JET_coltypText, 0);
        tag_ = AddColumn("tag", JET_coltypBinary, JET_bitColumnTagged | JET_bitColumnMultiValued);
        big_ = AddColumn("big", JET_coltypLongBinary, 0);
        note_ = AddColumn("note", JET_coltypLongText, 0);
        td_ = AddColumn("td", JET_coltypText, JET_bitColumnTagged, "dflt", 4);
        // The ids the expectations below spell out: esent's ranges, in the order added.
        ASSERT_EQ((std::vector<JET_COLUMNID>{1, 2, 3, 128, 256, 257, 258, 259}),
                  (std::vector<JET_COLUMNID>{k_, n_, d_, v_, tag_, big_, note_, td_}));
        ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t_, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));
        big_value_ = Pattern(5000);
        // Record 1: n NULL, d and td at their defaults, three tags, a long value stored apart and
        // one kept in the record.
        Insert(1, "hello", {"a", "bb", "ccc"}, big_value_, "short note");
        Seek(1);
    }

    JET_COLUMNID AddColumn(const char* name, JET_COLTYP coltyp, JET_GRBIT grbit, const void* def = nullptr,
                           JET_ULONG cb_def = 0) {
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = coltyp;
        cd.grbit = grbit;
        JET_COLUMNID id = 0;
        EXPECT_EQ(JET_errSuccess, JetAddColumn(s_, t_, name, &cd, def, cb_def, &id)) << name;
        return id;
    }

    static std::string Pattern(std::size_t n) {
        std::string s(n, '\0');
        for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(i * 7 % 251);
        return s;
    }

    void Set(JET_COLUMNID col, const std::string& value, JET_GRBIT grbit = 0, JET_ULONG itag = 1) {
        JET_SETINFO si{sizeof si, 0, itag};
        ASSERT_EQ(JET_errSuccess,
                  JetSetColumn(s_, t_, col, value.data(), static_cast<JET_ULONG>(value.size()), grbit, &si));
    }

    void Insert(std::int32_t k, const std::string& v, const std::vector<std::string>& tags, const std::string& big,
                const std::string& note) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, k_, &k, sizeof k, 0, nullptr));
        if (!v.empty()) Set(v_, v);
        for (const std::string& tag : tags) Set(tag_, tag, 0, 0);  // itagSequence 0: a new value
        if (!big.empty()) Set(big_, big);
        if (!note.empty()) Set(note_, note);
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    }

    void Seek(std::int32_t k) {
        ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, sizeof k, JET_bitNewKey));
        ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    }

    // JetEnumerateColumns with the test allocator (its allocation count restarted); the output
    // stays in n_out_ / out_ until Free().
    JET_ERR Enumerate(JET_GRBIT grbit, std::vector<JET_ENUMCOLUMNID> ids = {}, JET_ULONG cb_data_most = 1u << 20) {
        alloc_.allocations = 0;
        n_out_ = 77;  // [esent] overwritten by every call
        out_ = reinterpret_cast<JET_ENUMCOLUMN*>(&n_out_);
        return JetEnumerateColumns(s_, t_, static_cast<JET_ULONG>(ids.size()), ids.empty() ? nullptr : ids.data(),
                                   &n_out_, &out_, &TestAllocator::Realloc, &alloc_, cb_data_most, grbit);
    }
    std::string Output() const { return Describe(n_out_, out_); }
    // Frees the output through the allocator; every block it gave must be back.
    void Free() {
        FreeOutput(alloc_, n_out_, out_);
        n_out_ = 0;
        out_ = nullptr;
        EXPECT_TRUE(alloc_.live.empty()) << alloc_.live.size() << " blocks leaked";
        EXPECT_EQ(0, alloc_.misuse);
    }
    // The bytes of value `j` of output column `i`.
    std::string ValueBytes(JET_ULONG i, JET_ULONG j) const {
        const JET_ENUMCOLUMNVALUE& v = out_[i].rgEnumColumnValue[j];
        return std::string(static_cast<const char*>(v.pvData), v.cbData);
    }
    void ExpectNoOutput() {
        EXPECT_EQ(0u, n_out_);
        EXPECT_EQ(nullptr, out_);
        EXPECT_TRUE(alloc_.live.empty());
        EXPECT_EQ(0, alloc_.misuse);
    }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = JET_sesidNil;
    JET_DBID db_ = JET_dbidNil;
    JET_TABLEID t_ = JET_tableidNil;
    JET_COLUMNID k_ = 0, n_ = 0, d_ = 0, v_ = 0, tag_ = 0, big_ = 0, note_ = 0, td_ = 0;
    std::string big_value_;
    TestAllocator alloc_;
    JET_ULONG n_out_ = 0;
    JET_ENUMCOLUMN* out_ = nullptr;
};

// Record 1 whole, every value as it is stored (the NULL column n left out).
constexpr const char* kRecord1 =
    "1 0 [1 0 #01000000]; 3 0 [1 0 #07000000]; 128 0 [1 0 'hello']; "
    "256 0 [1 0 'a'] [2 0 'bb'] [3 0 'ccc']; 257 0 [1 0 5000b]; 258 0 [1 0 'short note']; 259 0 [1 0 'dflt']";

TEST_F(EnumerateTest, AllColumnsComeInColumnidOrderWithDefaultsAndWithoutNullColumns) {
    ASSERT_EQ(JET_errSuccess, Enumerate(0));
    EXPECT_EQ(kRecord1, Output());
    ASSERT_EQ(7u, n_out_);
    EXPECT_EQ(big_value_, ValueBytes(4, 0));   // the long value stored apart, read whole
    EXPECT_EQ(1 + 7 + 9, alloc_.allocations);  // the array, 7 value arrays, 9 values, nothing more
    Free();
}

TEST_F(EnumerateTest, IgnoreDefaultLeavesDefaultsOutButNotAValueSetEqualToOne) {
    ASSERT_EQ(JET_errSuccess, Enumerate(JET_bitEnumerateIgnoreDefault));
    EXPECT_EQ(
        "1 0 [1 0 #01000000]; 128 0 [1 0 'hello']; 256 0 [1 0 'a'] [2 0 'bb'] [3 0 'ccc']; "
        "257 0 [1 0 5000b]; 258 0 [1 0 'short note']",
        Output());
    Free();
    // A value set equal to the default is the record's own.
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    const std::int32_t seven = 7;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, d_, &seven, sizeof seven, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, Enumerate(JET_bitEnumerateIgnoreDefault));
    EXPECT_EQ(
        "1 0 [1 0 #01000000]; 3 0 [1 0 #07000000]; 128 0 [1 0 'hello']; 256 0 [1 0 'a'] [2 0 'bb'] [3 0 'ccc']; "
        "257 0 [1 0 5000b]; 258 0 [1 0 'short note']",
        Output());
    Free();
    ASSERT_EQ(JET_errSuccess, Enumerate(JET_bitEnumerateIgnoreDefault, {{d_, 0, nullptr}}));
    EXPECT_EQ("3 0 [1 0 #07000000]", Output());
    Free();
}

TEST_F(EnumerateTest, ListedColumnsFollowTheListAndItsItagSequences) {
    JET_ULONG tags[] = {3, 0, 1, 9};
    JET_ULONG second[] = {2};
    ASSERT_EQ(JET_errSuccess, Enumerate(0, {{tag_, 4, tags},
                                            {0, 0, nullptr},
                                            {v_, 0, nullptr},
                                            {n_, 0, nullptr},
                                            {d_, 0, nullptr},
                                            {tag_, 1, second},
                                            {v_, 1, second}}));
    EXPECT_EQ(
        "256 0 [3 0 'ccc'] [0 1531 ''] [1 0 'a'] [9 1004 '']; 0 1531; 128 0 [1 0 'hello']; 2 1004; "
        "3 0 [1 0 #07000000]; 256 0 [2 0 'bb']; 128 0 [2 1004 '']",
        Output());
    Free();
}

TEST_F(EnumerateTest, ListedWithIgnoreDefaultReportsColumnsWithoutARecordValueAsDefault) {
    JET_ULONG one_two[] = {1, 2};
    JET_ULONG four[] = {4};
    ASSERT_EQ(JET_errSuccess,
              Enumerate(JET_bitEnumerateIgnoreDefault,
                        {{d_, 0, nullptr}, {n_, 0, nullptr}, {td_, 2, one_two}, {tag_, 1, four}, {v_, 0, nullptr}}));
    EXPECT_EQ("3 1537; 2 1537; 259 0 [1 1537 ''] [2 1537 '']; 256 0 [4 1004 '']; 128 0 [1 0 'hello']", Output());
    Free();
    // Without IgnoreDefault the default is value 1, and there is no value 2.
    ASSERT_EQ(JET_errSuccess, Enumerate(0, {{td_, 2, one_two}, {n_, 0, nullptr}}));
    EXPECT_EQ("259 0 [1 0 'dflt'] [2 1004 '']; 2 1004", Output());
    Free();
}

TEST_F(EnumerateTest, PresenceOnlyReportsPresenceWithoutData) {
    ASSERT_EQ(JET_errSuccess, Enumerate(JET_bitEnumeratePresenceOnly));
    EXPECT_EQ("1 1535; 3 1535; 128 1535; 256 1535; 257 1535; 258 1535; 259 1535", Output());
    EXPECT_EQ(1, alloc_.allocations);  // the array only
    Free();
    JET_ULONG tags[] = {1, 5, 0};
    ASSERT_EQ(JET_errSuccess,
              Enumerate(JET_bitEnumeratePresenceOnly, {{tag_, 3, tags}, {n_, 0, nullptr}, {v_, 0, nullptr}}));
    EXPECT_EQ("256 0 [1 1535 ''] [5 1004 ''] [0 1531 '']; 2 1004; 128 1535", Output());
    Free();
}

TEST_F(EnumerateTest, TaggedOnlyEnumeratesTaggedColumnsAndRefusesAList) {
    ASSERT_EQ(JET_errSuccess, Enumerate(JET_bitEnumerateTaggedOnly));
    EXPECT_EQ(
        "256 0 [1 0 'a'] [2 0 'bb'] [3 0 'ccc']; 257 0 [1 0 5000b]; 258 0 [1 0 'short note']; "
        "259 0 [1 0 'dflt']",
        Output());
    Free();
    EXPECT_EQ(JET_errInvalidGrbit, Enumerate(JET_bitEnumerateTaggedOnly, {{v_, 0, nullptr}}));
    ExpectNoOutput();
    EXPECT_EQ(0, alloc_.allocations);
}

TEST_F(EnumerateTest, CompressOutputPutsASingleValueInTheColumn) {
    ASSERT_EQ(JET_errSuccess, Enumerate(JET_bitEnumerateCompressOutput));
    // Multi-valued tag and the long value stored apart keep their value arrays.
    EXPECT_EQ(
        "1 1536 =#01000000; 3 1536 =#07000000; 128 1536 ='hello'; 256 0 [1 0 'a'] [2 0 'bb'] [3 0 'ccc']; "
        "257 0 [1 0 5000b]; 258 1536 ='short note'; 259 1536 ='dflt'",
        Output());
    Free();
    // Only a column asked for whole is compressed.
    JET_ULONG one[] = {1};
    ASSERT_EQ(JET_errSuccess, Enumerate(JET_bitEnumerateCompressOutput, {{v_, 1, one}, {v_, 0, nullptr}}));
    EXPECT_EQ("128 0 [1 0 'hello']; 128 1536 ='hello'", Output());
    Free();
}

TEST_F(EnumerateTest, CbDataMostCutsOnlyLongValuesStoredApart) {
    // note (a long value of 300 bytes, kept in the record) and the other values come whole.
    const std::string note = Pattern(300);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    Set(note_, note);
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, Enumerate(0, {{big_, 0, nullptr}, {note_, 0, nullptr}, {v_, 0, nullptr}}, 100));
    EXPECT_EQ("257 0 [1 1534 100b]; 258 0 [1 0 300b]; 128 0 [1 0 'hello']", Output());
    EXPECT_EQ(big_value_.substr(0, 100), ValueBytes(0, 0));
    EXPECT_EQ(note, ValueBytes(1, 0));
    Free();
    // cbDataMost 0: none of its bytes, and no block for them.
    ASSERT_EQ(JET_errSuccess, Enumerate(JET_bitEnumerateCompressOutput, {{big_, 0, nullptr}}, 0));
    EXPECT_EQ("257 0 [1 1534 '']", Output());
    Free();
    // A value of exactly cbDataMost bytes is whole; one byte more is cut.
    ASSERT_EQ(JET_errSuccess, Enumerate(0, {{big_, 0, nullptr}}, 5000));
    EXPECT_EQ("257 0 [1 0 5000b]", Output());
    EXPECT_EQ(big_value_, ValueBytes(0, 0));
    Free();
    ASSERT_EQ(JET_errSuccess, Enumerate(0, {{big_, 0, nullptr}}, 4999));
    EXPECT_EQ("257 0 [1 1534 4999b]", Output());
    EXPECT_EQ(big_value_.substr(0, 4999), ValueBytes(0, 0));
    Free();
}

TEST_F(EnumerateTest, CopyReadsThePreparedUpdate) {
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    Set(v_, "changed");
    Set(tag_, "dddd", 0, 0);
    ASSERT_EQ(JET_errSuccess,
              Enumerate(JET_bitEnumerateCopy, {{v_, 0, nullptr}, {tag_, 0, nullptr}, {big_, 0, nullptr}}, 10));
    // The long value of the record still stored apart is cut.
    EXPECT_EQ(
        "128 0 [1 0 'changed']; 256 0 [1 0 'a'] [2 0 'bb'] [3 0 'ccc'] [4 0 'dddd']; 257 0 [1 1534 "
        "#00070e151c232a31383f]",
        Output());
    Free();
    ASSERT_EQ(JET_errSuccess, Enumerate(0, {{v_, 0, nullptr}, {tag_, 0, nullptr}}));
    EXPECT_EQ("128 0 [1 0 'hello']; 256 0 [1 0 'a'] [2 0 'bb'] [3 0 'ccc']", Output());
    Free();
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepCancel));

    // An insert on a cursor without a current record: only the copy buffer can be read.
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t_, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errNoCurrentRecord, JetMove(s_, t_, JET_MovePrevious, 0));
    EXPECT_EQ(JET_errNoCurrentRecord, Enumerate(0));
    ExpectNoOutput();
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    const std::int32_t k = 50;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, k_, &k, sizeof k, 0, nullptr));
    Set(v_, "new");
    Set(big_, big_value_);
    EXPECT_EQ(JET_errNoCurrentRecord, Enumerate(0));
    ExpectNoOutput();
    ASSERT_EQ(JET_errSuccess, Enumerate(JET_bitEnumerateCopy, {}, 10));
    // The long value set since the prepare is stored apart only at JetUpdate: it comes whole.
    EXPECT_EQ("1 0 [1 0 #32000000]; 3 0 [1 0 #07000000]; 128 0 [1 0 'new']; 257 0 [1 0 5000b]; 259 0 [1 0 'dflt']",
              Output());
    Free();
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    Seek(50);
    ASSERT_EQ(JET_errSuccess, Enumerate(0, {{big_, 0, nullptr}}, 10));
    EXPECT_EQ("257 0 [1 1534 #00070e151c232a31383f]", Output());
    Free();
}

TEST_F(EnumerateTest, UnknownColumnsFailTheCallButKeepTheOutput) {
    ASSERT_EQ(JET_errColumnNotFound,
              Enumerate(0, {{v_, 0, nullptr}, {999, 0, nullptr}, {70000, 0, nullptr}, {k_, 0, nullptr}}));
    EXPECT_EQ("128 0 [1 0 'hello']; 999 -1507; 70000 -1517; 1 0 [1 0 #01000000]", Output());
    Free();
    ASSERT_EQ(JET_errBadColumnId, Enumerate(0, {{70000, 0, nullptr}, {999, 0, nullptr}}));
    EXPECT_EQ("70000 -1517; 999 -1507", Output());
    Free();
}

TEST_F(EnumerateTest, BadArgumentsAllocateNothingAndClearTheOutput) {
    JET_ULONG n = 5;
    JET_ENUMCOLUMN* cols = reinterpret_cast<JET_ENUMCOLUMN*>(&n);
    EXPECT_EQ(JET_errInvalidParameter, JetEnumerateColumns(s_, t_, 0, nullptr, &n, &cols, nullptr, &alloc_, 0, 0));
    EXPECT_EQ(0u, n);
    EXPECT_EQ(nullptr, cols);
    EXPECT_EQ(JET_errInvalidParameter,
              JetEnumerateColumns(s_, t_, 0, nullptr, nullptr, &cols, &TestAllocator::Realloc, &alloc_, 0, 0));
    EXPECT_EQ(JET_errInvalidParameter,
              JetEnumerateColumns(s_, t_, 0, nullptr, &n, nullptr, &TestAllocator::Realloc, &alloc_, 0, 0));
    EXPECT_EQ(JET_errInvalidParameter,
              JetEnumerateColumns(s_, t_, 2, nullptr, &n, &cols, &TestAllocator::Realloc, &alloc_, 0, 0));
    EXPECT_EQ(JET_errInvalidParameter, Enumerate(0, {{v_, 0, nullptr}, {tag_, 2, nullptr}}));
    ExpectNoOutput();
    EXPECT_EQ(JET_errInvalidGrbit, Enumerate(0x00200000));  // JET_bitEnumerateInRecordOnly: not jetstore's
    ExpectNoOutput();
    EXPECT_EQ(JET_errInvalidTableId,
              JetEnumerateColumns(s_, t_ + 1000, 0, nullptr, &n, &cols, &TestAllocator::Realloc, &alloc_, 0, 0));
    EXPECT_EQ(0, alloc_.allocations);
    // JET_bitEnumerateIgnoreUserDefinedDefault is accepted and changes nothing.
    ASSERT_EQ(JET_errSuccess, Enumerate(JET_bitEnumerateIgnoreUserDefinedDefault));
    EXPECT_EQ(kRecord1, Output());
    Free();
}

TEST_F(EnumerateTest, NothingToReturnAllocatesNothing) {
    Insert(2, "", {}, "", "");
    Seek(2);
    ASSERT_EQ(JET_errSuccess, Enumerate(JET_bitEnumerateTaggedOnly | JET_bitEnumerateIgnoreDefault));
    ExpectNoOutput();
    EXPECT_EQ(0, alloc_.allocations);
    ASSERT_EQ(JET_errSuccess, Enumerate(JET_bitEnumerateTaggedOnly));
    EXPECT_EQ("259 0 [1 0 'dflt']", Output());
    Free();
}

TEST_F(EnumerateTest, AZeroLengthValueHasNoBlock) {
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, v_, nullptr, 0, JET_bitSetZeroLength, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, Enumerate(0, {{v_, 0, nullptr}}));
    EXPECT_EQ("128 0 [1 0 '']", Output());
    EXPECT_EQ(2, alloc_.allocations);  // the array and the value array
    Free();
    ASSERT_EQ(JET_errSuccess, Enumerate(JET_bitEnumerateCompressOutput, {{v_, 0, nullptr}}));
    EXPECT_EQ("128 1536 =''", Output());
    Free();
}

TEST_F(EnumerateTest, EverythingReturnedIsTheCallersToFreeWithTheAllocator) {
    ASSERT_EQ(JET_errSuccess, Enumerate(JET_bitEnumerateCompressOutput));
    const std::size_t blocks = alloc_.live.size();
    EXPECT_EQ(1u + 5 /* single values */ + 2 /* value arrays */ + 4 /* tag and big values */, blocks);
    // Every pointer in the output is one of the allocator's live blocks.
    std::set<void*> seen{out_};
    for (JET_ULONG i = 0; i < n_out_; ++i) {
        if (out_[i].err == JET_wrnColumnSingleValue) {
            seen.insert(out_[i].pvData);
            continue;
        }
        seen.insert(out_[i].rgEnumColumnValue);
        for (JET_ULONG j = 0; j < out_[i].cEnumColumnValue; ++j) seen.insert(out_[i].rgEnumColumnValue[j].pvData);
    }
    EXPECT_EQ(alloc_.live, seen);
    Free();  // expects every block back and no misuse
}

// The allocator fails its 1st allocation, then its 2nd, ... until the call succeeds: each failure
// is JET_errOutOfMemory with an empty output and every block it got freed; the success's output
// is the one a call without failures gives.
TEST_F(EnumerateTest, AnAllocatorFailingAtEachCallInTurnLeaksNothing) {
    JET_ULONG tags[] = {2, 0, 3};
    const std::vector<std::pair<JET_GRBIT, std::vector<JET_ENUMCOLUMNID>>> calls = {
        {0, {}},
        {JET_bitEnumerateCompressOutput, {}},
        {0, {{tag_, 3, tags}, {big_, 0, nullptr}, {999, 0, nullptr}, {d_, 0, nullptr}}},
    };
    for (const auto& [grbit, ids] : calls) {
        alloc_ = TestAllocator{};
        const JET_ERR expected = Enumerate(grbit, ids);
        ASSERT_EQ(ids.empty() ? JET_errSuccess : JET_errColumnNotFound, expected);
        const std::string reference = Output();
        const int needed = alloc_.allocations;
        Free();
        ASSERT_GT(needed, 3);
        for (int fail_at = 1;; ++fail_at) {
            SCOPED_TRACE("grbit " + std::to_string(grbit) + ", allocation " + std::to_string(fail_at) + " fails");
            alloc_ = TestAllocator{};
            alloc_.fail_at = fail_at;
            const JET_ERR err = Enumerate(grbit, ids);
            if (fail_at <= needed) {
                ASSERT_EQ(JET_errOutOfMemory, err);
                EXPECT_EQ(fail_at, alloc_.allocations);  // no allocation after the failed one
                ExpectNoOutput();
                continue;
            }
            ASSERT_EQ(expected, err);
            EXPECT_EQ(reference, Output());
            Free();
            break;
        }
    }
}

}  // namespace
