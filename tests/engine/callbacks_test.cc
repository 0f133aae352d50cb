// Local storage (JetSetLS / JetGetLS, freed through JET_paramRuntimeCallback) and the callbacks
// JetRegisterCallback runs around JetUpdate and JetDelete.
//
// Specs: esent.h JetSetLS, JetGetLS, JetRegisterCallback, JetUnregisterCallback; issue 11.

#include <esent.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tests/test_support.h"

namespace {

// What the callbacks saw, in order.
struct Seen {
    JET_CBTYP cbtyp;
    JET_API_PTR arg1;
    void* context;
};
std::vector<Seen> g_seen;
JET_ERR g_answer = JET_errSuccess;       // what the registered callbacks answer
JET_COLUMNID g_read_column = 0;          // the column they read from the copy buffer (0: none)
std::vector<std::int32_t> g_read_values;  // what they read there

JET_ERR JET_API RuntimeCallback(JET_SESID, JET_DBID, JET_TABLEID, JET_CBTYP cbtyp, void* arg1, void*, void* context,
                                JET_API_PTR) {
    g_seen.push_back({cbtyp, reinterpret_cast<JET_API_PTR>(arg1), context});
    return JET_errSuccess;
}

JET_ERR JET_API TableCallback(JET_SESID sesid, JET_DBID, JET_TABLEID tableid, JET_CBTYP cbtyp, void* arg1, void*,
                              void* context, JET_API_PTR) {
    g_seen.push_back({cbtyp, reinterpret_cast<JET_API_PTR>(arg1), context});
    if (g_read_column != 0 && (cbtyp == JET_cbtypBeforeInsert || cbtyp == JET_cbtypBeforeReplace)) {
        // A callback may call back into the session: the record being written, from the copy buffer.
        std::int32_t v = -1;
        JET_ULONG cb = 0;
        const JET_ERR err = JetRetrieveColumn(sesid, tableid, g_read_column, &v, sizeof v, &cb, JET_bitRetrieveCopy, nullptr);
        g_read_values.push_back(err >= 0 ? v : err);
    }
    return g_answer;
}

class CallbacksTest : public jetstore::test::InstanceTest {
protected:
    CallbacksTest() : InstanceTest("jetstore_callbacks_") {}

    void SetUp() override {
        InstanceTest::SetUp();
        if (HasFatalFailure()) return;
        g_seen.clear();
        g_answer = JET_errSuccess;
        g_read_column = 0;
        g_read_values.clear();
        inst_ = CreateConfigured("cb");
        ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&inst_, 0, JET_paramRuntimeCallback,
                                                        reinterpret_cast<JET_API_PTR>(&RuntimeCallback), nullptr));
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        live_.push_back(inst_);
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
        path_ = dir_ + "/cb.edb";
        ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), nullptr, &db_, 0));
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t_));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t_, "k", &def, nullptr, 0, &k_));
        ASSERT_EQ(JET_errSuccess, JetCreateIndex(s_, t_, "pk", JET_bitIndexPrimary, "+k\0", 4, 100));
    }

    JET_ERR Insert(JET_SESID s, JET_TABLEID t, std::int32_t k) {
        EXPECT_EQ(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
        EXPECT_EQ(JET_errSuccess, JetSetColumn(s, t, k_, &k, sizeof k, 0, nullptr));
        const JET_ERR err = JetUpdate(s, t, nullptr, 0, nullptr);
        if (err < 0) JetPrepareUpdate(s, t, JET_prepCancel);
        return err;
    }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = JET_sesidNil;
    JET_DBID db_ = JET_dbidNil;
    JET_TABLEID t_ = JET_tableidNil;
    JET_COLUMNID k_ = 0;
    std::string path_;
};

TEST_F(CallbacksTest, CursorLocalStorageIsFreedWhenTheCursorCloses) {
    JET_TABLEID c = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &c));
    JET_LS ls = 0;
    EXPECT_EQ(JET_errLSNotSet, JetGetLS(s_, c, &ls, 0));
    ASSERT_EQ(JET_errSuccess, JetSetLS(s_, c, 0x1234, JET_bitLSCursor));
    EXPECT_EQ(JET_errLSAlreadySet, JetSetLS(s_, c, 0x5678, 0));
    ASSERT_EQ(JET_errSuccess, JetGetLS(s_, c, &ls, 0));
    EXPECT_EQ(0x1234u, ls);
    EXPECT_EQ(JET_errLSNotSet, JetGetLS(s_, t_, &ls, 0)) << "another cursor has its own";
    EXPECT_TRUE(g_seen.empty());
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, c));
    ASSERT_EQ(1u, g_seen.size());
    EXPECT_EQ(static_cast<JET_CBTYP>(JET_cbtypFreeCursorLS), g_seen[0].cbtyp);
    EXPECT_EQ(0x1234u, g_seen[0].arg1);

    // Taken back with Reset: the callback is not called for it.
    g_seen.clear();
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &c));
    ASSERT_EQ(JET_errSuccess, JetSetLS(s_, c, 0x42, 0));
    ASSERT_EQ(JET_errSuccess, JetGetLS(s_, c, &ls, JET_bitLSReset));
    EXPECT_EQ(0x42u, ls);
    EXPECT_EQ(JET_errLSNotSet, JetGetLS(s_, c, &ls, 0));
    ASSERT_EQ(JET_errSuccess, JetSetLS(s_, c, 0x43, 0));
    ASSERT_EQ(JET_errSuccess, JetSetLS(s_, c, JET_LSNil, JET_bitLSReset));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, c));
    EXPECT_TRUE(g_seen.empty());

    // A cursor closed by the end of its session frees its value too.
    JET_SESID s2 = JET_sesidNil;
    JET_DBID db2 = JET_dbidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s2, nullptr, nullptr));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s2, path_.c_str(), nullptr, &db2, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s2, db2, "t", nullptr, 0, 0, &c));
    ASSERT_EQ(JET_errSuccess, JetSetLS(s2, c, 0x77, 0));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s2, 0));
    ASSERT_EQ(1u, g_seen.size());
    EXPECT_EQ(0x77u, g_seen[0].arg1);

    // Bad calls.
    EXPECT_EQ(JET_errInvalidParameter, JetSetLS(s_, t_, JET_LSNil, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetGetLS(s_, t_, nullptr, 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetSetLS(s_, t_, 1, JET_bitLSCursor | JET_bitLSTable));
    EXPECT_EQ(JET_errInvalidGrbit, JetGetLS(s_, t_, &ls, 0x100));
    EXPECT_EQ(JET_errInvalidTableId, JetSetLS(s_, t_ + 1000, 1, 0));
}

TEST_F(CallbacksTest, TableLocalStorageIsSharedAndFreedWithTheTable) {
    JET_TABLEID c = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &c));
    ASSERT_EQ(JET_errSuccess, JetSetLS(s_, c, 0xAB, JET_bitLSTable));
    JET_LS ls = 0;
    ASSERT_EQ(JET_errSuccess, JetGetLS(s_, t_, &ls, JET_bitLSTable));  // another cursor on the table
    EXPECT_EQ(0xABu, ls);
    EXPECT_EQ(JET_errLSAlreadySet, JetSetLS(s_, t_, 0xCD, JET_bitLSTable));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, c));
    EXPECT_TRUE(g_seen.empty()) << "the table's LS outlives its cursors";
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t_));
    ASSERT_EQ(JET_errSuccess, JetDeleteTable(s_, db_, "t"));
    ASSERT_EQ(1u, g_seen.size());
    EXPECT_EQ(static_cast<JET_CBTYP>(JET_cbtypFreeTableLS), g_seen[0].cbtyp);
    EXPECT_EQ(0xABu, g_seen[0].arg1);
}

TEST_F(CallbacksTest, WithoutARuntimeCallbackThereIsNoLocalStorage) {
    JET_INSTANCE other = CreateConfigured("cb2");
    ASSERT_EQ(JET_errSuccess, JetInit(&other));
    live_.push_back(other);
    JET_SESID s = JET_sesidNil;
    JET_DBID db = JET_dbidNil;
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(other, &s, nullptr, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s, (dir_ + "/cb2.edb").c_str(), nullptr, &db, 0));
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s, db, "t", 0, 100, &t));
    EXPECT_EQ(JET_errLSCallbackNotSpecified, JetSetLS(s, t, 1, 0));
    EXPECT_EQ(JET_errLSCallbackNotSpecified, JetSetLS(s, t, 1, JET_bitLSTable));
}

TEST_F(CallbacksTest, RegisteredCallbacksRunAroundUpdateAndDelete) {
    int context = 0;
    JET_HANDLE before_insert = 0;
    JET_HANDLE after_all = 0;
    JET_HANDLE before_delete = 0;
    ASSERT_EQ(JET_errSuccess,
              JetRegisterCallback(s_, t_, JET_cbtypBeforeInsert | JET_cbtypBeforeReplace, TableCallback, &context,
                                  &before_insert));
    ASSERT_EQ(JET_errSuccess,
              JetRegisterCallback(s_, t_, JET_cbtypAfterInsert | JET_cbtypAfterReplace | JET_cbtypAfterDelete,
                                  TableCallback, nullptr, &after_all));
    ASSERT_EQ(JET_errSuccess, JetRegisterCallback(s_, t_, JET_cbtypBeforeDelete, TableCallback, nullptr, &before_delete));
    g_read_column = k_;

    ASSERT_EQ(JET_errSuccess, Insert(s_, t_, 1));
    ASSERT_EQ(2u, g_seen.size());
    EXPECT_EQ(static_cast<JET_CBTYP>(JET_cbtypBeforeInsert), g_seen[0].cbtyp);
    EXPECT_EQ(&context, g_seen[0].context);
    EXPECT_EQ(static_cast<JET_CBTYP>(JET_cbtypAfterInsert), g_seen[1].cbtyp);
    ASSERT_EQ(1u, g_read_values.size());
    EXPECT_EQ(1, g_read_values[0]) << "the before-callback read the copy buffer through the session";

    // Through another session's cursor on the table too.
    g_seen.clear();
    JET_SESID s2 = JET_sesidNil;
    JET_DBID db2 = JET_dbidNil;
    JET_TABLEID t2 = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s2, nullptr, nullptr));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s2, path_.c_str(), nullptr, &db2, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s2, db2, "t", nullptr, 0, 0, &t2));
    ASSERT_EQ(JET_errSuccess, Insert(s2, t2, 2));
    EXPECT_EQ(2u, g_seen.size());

    // A replace.
    g_seen.clear();
    const std::int32_t one = 1;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &one, sizeof one, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t_, JET_prepReplace));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t_, nullptr, 0, nullptr));
    ASSERT_EQ(2u, g_seen.size());
    EXPECT_EQ(static_cast<JET_CBTYP>(JET_cbtypBeforeReplace), g_seen[0].cbtyp);
    EXPECT_EQ(static_cast<JET_CBTYP>(JET_cbtypAfterReplace), g_seen[1].cbtyp);

    // A before-callback's error refuses the call: nothing is written and no after-callback runs.
    g_seen.clear();
    g_answer = JET_errInvalidParameter;
    EXPECT_EQ(JET_errCallbackFailed, JetDelete(s_, t_));
    EXPECT_EQ(1u, g_seen.size());
    std::int32_t v = 0;
    JET_ULONG cb = 0;
    EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t_, k_, &v, sizeof v, &cb, 0, nullptr)) << "not deleted";
    EXPECT_EQ(JET_errCallbackFailed, Insert(s_, t_, 3));
    g_answer = JET_errSuccess;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &v, sizeof v, JET_bitNewKey));
    ASSERT_EQ(JET_errSuccess, JetSeek(s_, t_, JET_bitSeekEQ));
    g_seen.clear();
    ASSERT_EQ(JET_errSuccess, JetDelete(s_, t_));
    ASSERT_EQ(2u, g_seen.size());
    EXPECT_EQ(static_cast<JET_CBTYP>(JET_cbtypBeforeDelete), g_seen[0].cbtyp);
    EXPECT_EQ(static_cast<JET_CBTYP>(JET_cbtypAfterDelete), g_seen[1].cbtyp);
    const std::int32_t three = 3;
    ASSERT_EQ(JET_errSuccess, JetMakeKey(s_, t_, &three, sizeof three, JET_bitNewKey));
    EXPECT_EQ(JET_errRecordNotFound, JetSeek(s_, t_, JET_bitSeekEQ)) << "the refused insert wrote nothing";

    // Unregistered, they no longer run.
    EXPECT_EQ(JET_errInvalidParameter, JetUnregisterCallback(s_, t_, JET_cbtypBeforeDelete, before_insert));
    ASSERT_EQ(JET_errSuccess,
              JetUnregisterCallback(s_, t_, JET_cbtypBeforeInsert | JET_cbtypBeforeReplace, before_insert));
    ASSERT_EQ(JET_errSuccess, JetUnregisterCallback(s2, t2,
                                                    JET_cbtypAfterInsert | JET_cbtypAfterReplace | JET_cbtypAfterDelete,
                                                    after_all));
    ASSERT_EQ(JET_errSuccess, JetUnregisterCallback(s_, t_, JET_cbtypBeforeDelete, before_delete));
    EXPECT_EQ(JET_errInvalidParameter, JetUnregisterCallback(s_, t_, JET_cbtypBeforeDelete, before_delete));
    g_seen.clear();
    ASSERT_EQ(JET_errSuccess, Insert(s_, t_, 4));
    EXPECT_TRUE(g_seen.empty());

    // Bad registrations.
    JET_HANDLE h = 0;
    EXPECT_EQ(JET_errInvalidParameter, JetRegisterCallback(s_, t_, 0, TableCallback, nullptr, &h));
    EXPECT_EQ(JET_errInvalidParameter, JetRegisterCallback(s_, t_, JET_cbtypFreeCursorLS, TableCallback, nullptr, &h));
    EXPECT_EQ(JET_errInvalidParameter, JetRegisterCallback(s_, t_, JET_cbtypBeforeInsert, nullptr, nullptr, &h));
    EXPECT_EQ(JET_errInvalidParameter, JetRegisterCallback(s_, t_, JET_cbtypBeforeInsert, TableCallback, nullptr, nullptr));
    EXPECT_EQ(JET_errInvalidTableId, JetRegisterCallback(s_, t_ + 1000, JET_cbtypBeforeInsert, TableCallback, nullptr, &h));
}

TEST_F(CallbacksTest, DisableCallbacksTurnsThemOff) {
    JET_INSTANCE other = CreateConfigured("cb3");
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&other, 0, JET_paramDisableCallbacks, 1, nullptr));
    ASSERT_EQ(JET_errSuccess, JetInit(&other));
    live_.push_back(other);
    JET_SESID s = JET_sesidNil;
    JET_DBID db = JET_dbidNil;
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(other, &s, nullptr, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s, (dir_ + "/cb3.edb").c_str(), nullptr, &db, 0));
    ASSERT_EQ(JET_errSuccess, JetCreateTable(s, db, "t", 0, 100, &t));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypLong;
    JET_COLUMNID k = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s, t, "k", &def, nullptr, 0, &k));
    JET_HANDLE h = 0;
    ASSERT_EQ(JET_errSuccess, JetRegisterCallback(s, t, JET_cbtypBeforeInsert, TableCallback, nullptr, &h));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s, t, nullptr, 0, nullptr));
    EXPECT_TRUE(g_seen.empty());
}

}  // namespace
