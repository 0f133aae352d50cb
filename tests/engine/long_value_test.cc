// Long values (esent-scenarios.md section 11): values of LongText / LongBinary columns above a
// threshold are stored apart from their record and read, edited, copied and deleted through it.
#include <esent.h>

#include <gtest/gtest.h>

#include <string>

#include "engine/data.h"
#include "engine/instance.h"
#include "tests/test_support.h"

namespace {

class LongValueTest : public jetstore::test::InstanceTest {
protected:
    LongValueTest() : InstanceTest("jetstore_lv_") {}

    void SetUp() override {
        InstanceTest::SetUp();
        if (HasFatalFailure()) return;
        inst_ = CreateConfigured("lv", /*recovery=*/false);
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        live_.push_back(inst_);
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, (dir_ + "/lv.edb").c_str(), "", &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t_));
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t_, "k", &cd, nullptr, 0, &key_));
        cd.coltyp = JET_coltypLongBinary;
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t_, "blob", &cd, nullptr, 0, &blob_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t_, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));
    }

    static std::string Pattern(std::size_t n, char seed) {
        std::string s(n, '\0');
        for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(seed + static_cast<char>(i % 23));
        return s;
    }
    void Insert(int k, const std::string& value) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, key_, &k, sizeof k, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, blob_, value.data(), static_cast<JET_ULONG>(value.size()), 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    }
    void SeekKey(int k) {
        ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &k, sizeof k, JET_bitNewKey));
        ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    }
    std::string Blob(JET_GRBIT grbit = 0) {
        JET_ULONG size = 0;
        EXPECT_EQ(JET_wrnBufferTruncated, JetRetrieveColumn(s_, t_, blob_, nullptr, 0, &size, grbit, nullptr));
        std::string out(size, '\0');
        EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, blob_, out.data(), size, &size, grbit, nullptr));
        return out;
    }
    // The sizes of the stored values, straight from the page store (after a checkpoint has moved
    // everything committed there, when the log is on).
    std::vector<std::size_t> StoredValueSizes() {
        if (jetstore::test::LogOn(false)) {
            EXPECT_EQ(JET_errSuccess, jetstore::engine::seam::CheckpointNow(inst_));
        }
        jetstore::engine::InstanceRecord* r = jetstore::engine::ResolveInstance(inst_);
        std::unique_ptr<jetstore::storage::ReadSnapshot> snap;
        EXPECT_TRUE(r->data->dbs[db_ - 1]->env->NewSnapshot(&snap).ok());
        std::vector<std::size_t> sizes;
        auto it = snap->NewIterator();
        for (auto s = it->First(); s.ok() && it->Valid(); s = it->Next()) {
            if (it->key().size() == 4 && it->key() == std::string("\0\0\0\3", 4)) continue;  // the log state (db_meta.h)
            sizes.push_back(it->value().size());
        }
        it.reset();
        return sizes;
    }
    std::size_t CountLarger(std::size_t n) {
        std::size_t count = 0;
        for (std::size_t s : StoredValueSizes()) count += s > n ? 1 : 0;
        return count;
    }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = 0;
    JET_DBID db_ = 0;
    JET_TABLEID t_ = JET_tableidNil;
    JET_COLUMNID key_ = 0;
    JET_COLUMNID blob_ = 0;
};

TEST_F(LongValueTest, ALargeValueIsStoredApartAndReadBackWhole) {
    const std::string big = Pattern(100000, 'a');
    Insert(1, big);
    Insert(2, "small");
    EXPECT_EQ(1u, CountLarger(50000));  // one stored value holds the bytes: the long value itself
    for (std::size_t s : StoredValueSizes()) EXPECT_TRUE(s < 2000 || s == big.size());
    SeekKey(1);
    EXPECT_EQ(big, Blob());
    JET_RETINFO ri{sizeof(JET_RETINFO), 99990, 1, 0};
    char tail[16] = {};
    JET_ULONG cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, blob_, tail, sizeof tail, &cb, 0, &ri));
    EXPECT_EQ(10u, cb);
    EXPECT_EQ(big.substr(99990), std::string(tail, cb));
}

TEST_F(LongValueTest, ReplacingOrDeletingTheRecordDropsTheOldLongValue) {
    Insert(1, Pattern(80000, 'a'));
    ASSERT_EQ(1u, CountLarger(50000));
    SeekKey(1);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    const std::string other = Pattern(90000, 'k');
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, blob_, other.data(), static_cast<JET_ULONG>(other.size()), 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(1u, CountLarger(50000));
    EXPECT_EQ(other, Blob());
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    EXPECT_EQ(0u, CountLarger(50000));
}

TEST_F(LongValueTest, AppendToALongValueStoredApart) {
    const std::string big = Pattern(5000, 'a');
    Insert(1, big);
    SeekKey(1);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, blob_, "XYZ", 3, JET_bitSetAppendLV, nullptr));
    EXPECT_EQ(big + "XYZ", Blob(JET_bitRetrieveCopy));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(big + "XYZ", Blob());
}

TEST_F(LongValueTest, InsertCopyGetsItsOwnLongValue) {
    const std::string big = Pattern(4000, 'q');
    Insert(1, big);
    SeekKey(1);
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsertCopy));
    int k = 2;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, key_, &k, sizeof k, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    SeekKey(1);
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    SeekKey(2);
    EXPECT_EQ(big, Blob());
}

TEST_F(LongValueTest, RollbackOfAnInsertLeavesNoLongValueBehind) {
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    Insert(1, Pattern(70000, 'z'));
    ASSERT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(0u, CountLarger(50000));
    EXPECT_EQ(JET_errRecordNotFound, [&] {
        int k = 1;
        JetMakeKey(s_, t_, &k, sizeof k, JET_bitNewKey);
        return JetSeek(s_, t_, JET_bitSeekEQ);
    }());
}

}  // namespace

namespace {

TEST_F(LongValueTest, SetSeparateLvReadsBackTheSameBytes) {
    // LV-01: a 64-byte LongText set with JET_bitSetSeparateLV.
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLongText;
    cd.cp = 1200;
    JET_COLUMNID text = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t_, "separated", &cd, nullptr, 0, &text));
    const std::string value = Pattern(64, 'a');
    const int k = 1;
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, key_, &k, sizeof k, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, text, value.data(), 64, JET_bitSetSeparateLV, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    SeekKey(1);
    char out[128] = {};
    JET_ULONG cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, text, out, sizeof out, &cb, 0, nullptr));
    EXPECT_EQ(value, std::string(out, cb));
}

TEST_F(LongValueTest, MultiValuedLongValuesByItag) {
    // LV-07: six values of a multi-valued LongBinary column, small and large (stored apart),
    // set and read back by itagSequence.
    JET_COLUMNDEF cd{};
    cd.cbStruct = sizeof cd;
    cd.coltyp = JET_coltypLongBinary;
    cd.grbit = JET_bitColumnTagged | JET_bitColumnMultiValued;
    JET_COLUMNID mv = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t_, "streams", &cd, nullptr, 0, &mv));
    std::vector<std::string> values;
    for (int i = 1; i <= 6; ++i) values.push_back(Pattern(i % 2 == 0 ? 5000 * static_cast<std::size_t>(i) : 10 * static_cast<std::size_t>(i), static_cast<char>('A' + i)));
    const int k = 7;
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, key_, &k, sizeof k, 0, nullptr));
    for (JET_ULONG i = 1; i <= values.size(); ++i) {
        JET_SETINFO si{};
        si.cbStruct = sizeof si;
        si.itagSequence = i;
        const std::string& v = values[i - 1];
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t_, mv, v.data(), static_cast<JET_ULONG>(v.size()), 0, &si));
    }
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_GE(CountLarger(5000), 3u) << "the large values are stored apart";
    SeekKey(7);
    for (JET_ULONG i = 1; i <= values.size(); ++i) {
        JET_RETINFO ri{};
        ri.cbStruct = sizeof ri;
        ri.itagSequence = i;
        std::string out(40000, '\0');
        JET_ULONG cb = 0;
        ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, mv, out.data(), static_cast<JET_ULONG>(out.size()), &cb, 0, &ri)) << i;
        out.resize(cb);
        EXPECT_EQ(values[i - 1], out) << "itagSequence " << i;
    }
    JET_RETINFO ri{};
    ri.cbStruct = sizeof ri;
    ri.itagSequence = 7;
    char byte = 0;
    JET_ULONG cb = 0;
    EXPECT_EQ(JET_wrnColumnNull, JetRetrieveColumn(s_, t_, mv, &byte, 1, &cb, 0, &ri));
}

}  // namespace
