// The database-file calls ManagedEsent's pre-Vista path adds: JetGetDatabaseFileInfo (and
// JET_DbInfoMisc), JetGrowDatabase, JetSetDatabaseSize, JetDefragment2's callback and JetIdle.
//
// Specs: esent.h for each call; issue 11.

#include <esent.h>

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "tests/test_support.h"

namespace {

class DbFileTest : public jetstore::test::InstanceTest {
protected:
    DbFileTest() : InstanceTest("jetstore_dbfile_") {}

    void Start(bool recovery) {
        inst_ = CreateConfigured("dbf", recovery);
        ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
        live_.push_back(inst_);
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
        path_ = dir_ + "/dbf.edb";
        ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), nullptr, &db_, 0));
        JET_TABLEID t = JET_tableidNil;
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s_, db_, "t", 0, 100, &t));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "v", &def, nullptr, 0, &col_));
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        const std::int32_t v = 42;
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, col_, &v, sizeof v, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    }

    void Stop(bool dirty = false) {
        ASSERT_EQ(JET_errSuccess, JetEndSession(s_, 0));
        // [esent] a dirty stop says so.
        ASSERT_EQ(dirty ? JET_errDirtyShutdown : JET_errSuccess, JetTerm2(inst_, dirty ? JET_bitTermDirty : JET_bitTermComplete));
        live_.clear();
    }

    JET_DBINFOMISC Misc() {
        JET_DBINFOMISC m{};
        EXPECT_EQ(JET_errSuccess, JetGetDatabaseFileInfo(path_.c_str(), &m, sizeof m, JET_DbInfoMisc));
        return m;
    }

    std::uint64_t FileBytes() {
        struct stat st {};
        EXPECT_EQ(0, ::stat(path_.c_str(), &st));
        return static_cast<std::uint64_t>(st.st_size);
    }

    static std::uint64_t PageSize() {
        JET_API_PTR v = 0;
        EXPECT_EQ(JET_errSuccess, JetGetSystemParameter(0, JET_sesidNil, JET_paramDatabasePageSize, &v, nullptr, 0));
        return v;
    }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = JET_sesidNil;
    JET_DBID db_ = JET_dbidNil;
    JET_COLUMNID col_ = 0;
    std::string path_;
};

TEST_F(DbFileTest, FileInfoSizesAndPageSize) {
    Start(false);
    unsigned long long bytes = 0;
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfo(path_.c_str(), &bytes, sizeof bytes, JET_DbInfoFilesize));
    EXPECT_EQ(FileBytes(), bytes);
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfo(path_.c_str(), &bytes, sizeof bytes, JET_DbInfoFilesizeOnDisk));
    EXPECT_LT(0u, bytes);
    JET_ULONG page = 0;
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseFileInfo(path_.c_str(), &page, sizeof page, JET_DbInfoPageSize));
    EXPECT_EQ(PageSize(), page);
    // A Windows-built path names the same file.
    std::string windows = path_;
    for (char& c : windows) c = c == '/' ? '\\' : c;
    EXPECT_EQ(JET_errSuccess, JetGetDatabaseFileInfo(windows.c_str(), &page, sizeof page, JET_DbInfoPageSize));
    // Bad calls.
    EXPECT_EQ(JET_errBufferTooSmall, JetGetDatabaseFileInfo(path_.c_str(), &bytes, 4, JET_DbInfoFilesize));
    JET_DBINFOMISC m{};
    EXPECT_EQ(JET_errBufferTooSmall, JetGetDatabaseFileInfo(path_.c_str(), &m, sizeof m - 1, JET_DbInfoMisc));
    EXPECT_EQ(JET_errInvalidParameter, JetGetDatabaseFileInfo(path_.c_str(), &page, sizeof page, JET_DbInfoCp));
    EXPECT_EQ(JET_errInvalidParameter, JetGetDatabaseFileInfo(nullptr, &page, sizeof page, JET_DbInfoPageSize));
    EXPECT_EQ(JET_errInvalidParameter, JetGetDatabaseFileInfo(path_.c_str(), nullptr, 4, JET_DbInfoPageSize));
    EXPECT_EQ(JET_errFileNotFound,
              JetGetDatabaseFileInfo((dir_ + "/none.edb").c_str(), &page, sizeof page, JET_DbInfoPageSize));
}

TEST_F(DbFileTest, DbInfoMiscTellsCleanFromDirty) {
    Start(true);
    JET_DBINFOMISC m = Misc();
    EXPECT_EQ(static_cast<JET_ULONG>(JET_dbstateDirtyShutdown), m.dbstate) << "attached";
    EXPECT_EQ(PageSize(), m.cbPageSize);
    EXPECT_EQ(5u, m.dwMajorVersion);
    EXPECT_EQ(2u, m.dwMinorVersion);
    EXPECT_EQ(3790u, m.dwBuildNumber);
    EXPECT_EQ(0x620u, m.ulVersion);
    // The same through JetGetDatabaseInfo.
    JET_DBINFOMISC via{};
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseInfo(s_, db_, &via, sizeof via, JET_DbInfoMisc));
    EXPECT_EQ(m.dbstate, via.dbstate);
    Stop();
    m = Misc();
    EXPECT_EQ(static_cast<JET_ULONG>(JET_dbstateCleanShutdown), m.dbstate) << "after a clean stop";
    const JET_ULONG identity = m.signDb.ulRandom;
    EXPECT_NE(0u, identity);

    // A dirty stop leaves it needing recovery; the next JetInit recovers it.
    inst_ = CreateConfigured("dbf", true);
    ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
    live_.push_back(inst_);
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));
    Stop(/*dirty=*/true);
    m = Misc();
    EXPECT_EQ(static_cast<JET_ULONG>(JET_dbstateDirtyShutdown), m.dbstate) << "after a dirty stop";
    EXPECT_EQ(identity, m.signDb.ulRandom);
    inst_ = CreateConfigured("dbf", true);
    ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
    live_.push_back(inst_);
    ASSERT_EQ(JET_errSuccess, JetTerm(inst_));
    live_.clear();
    EXPECT_EQ(static_cast<JET_ULONG>(JET_dbstateCleanShutdown), Misc().dbstate) << "after recovery";
}

TEST_F(DbFileTest, GrowDatabaseGrowsTheFileAndNeverShrinksIt) {
    Start(false);
    const std::uint64_t page = PageSize();
    JET_ULONG real = 0;
    ASSERT_EQ(JET_errSuccess, JetGrowDatabase(s_, db_, 2048, &real));
    EXPECT_EQ(2048u, real);
    EXPECT_EQ(2048 * page, FileBytes());
    ASSERT_EQ(JET_errSuccess, JetGrowDatabase(s_, db_, 16, &real));
    EXPECT_EQ(2048u, real);  // not shrunk
    ASSERT_EQ(JET_errSuccess, JetGrowDatabase(s_, db_, 4096, nullptr));
    EXPECT_EQ(4096 * page, FileBytes());
    // The data is intact and the database still takes writes.
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &t));
    for (std::int32_t i = 0; i < 500; ++i) {
        ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
        ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, col_, &i, sizeof i, 0, nullptr));
        ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    }
    JET_ULONG n = 0;
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t, &n, 0));
    EXPECT_EQ(501u, n);
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    // Bad calls.
    EXPECT_EQ(JET_errInvalidDatabaseId, JetGrowDatabase(s_, db_ + 100, 16, &real));
    JET_DBID ro = JET_dbidNil;
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db_, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), nullptr, &ro, JET_bitDbReadOnly));
    EXPECT_EQ(JET_errPermissionDenied, JetGrowDatabase(s_, ro, 8192, &real));
}

TEST_F(DbFileTest, SetDatabaseSizeGrowsADetachedFile) {
    Start(false);
    const std::uint64_t page = PageSize();
    JET_ULONG real = 0;
    EXPECT_EQ(JET_errDatabaseInUse, JetSetDatabaseSize(s_, path_.c_str(), 1024, &real));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db_, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabase(s_, path_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetSetDatabaseSize(s_, path_.c_str(), 1024, &real));
    EXPECT_EQ(1024u, real);
    EXPECT_EQ(1024 * page, FileBytes());
    EXPECT_EQ(JET_errFileNotFound, JetSetDatabaseSize(s_, (dir_ + "/none.edb").c_str(), 1024, &real));
    EXPECT_EQ(JET_errInvalidParameter, JetSetDatabaseSize(s_, nullptr, 1024, &real));
    EXPECT_EQ(JET_errInvalidParameter, JetSetDatabaseSize(s_, "", 1024, &real));
    // Attached again, the record is there.
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), nullptr, &db_, 0));
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    std::int32_t v = 0;
    JET_ULONG cb = 0;
    ASSERT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, col_, &v, sizeof v, &cb, 0, nullptr));
    EXPECT_EQ(42, v);
}

struct Calls {
    int n = 0;
    JET_CBTYP cbtyp = 0;
    JET_DBID dbid = 0;
};

Calls g_calls;

JET_ERR JET_API OnDefrag(JET_SESID, JET_DBID dbid, JET_TABLEID, JET_CBTYP cbtyp, void*, void*, void*, JET_API_PTR) {
    ++g_calls.n;
    g_calls.cbtyp = cbtyp;
    g_calls.dbid = dbid;
    return JET_errSuccess;
}

TEST_F(DbFileTest, Defragment2CallsBackWhenThePassCompletes) {
    Start(false);
    JET_ULONG passes = 9;
    JET_ULONG seconds = 9;
    ASSERT_EQ(JET_errSuccess,
              JetDefragment2(s_, db_, nullptr, &passes, &seconds, OnDefrag, JET_bitDefragmentBatchStart));
    EXPECT_EQ(1, g_calls.n);
    EXPECT_EQ(static_cast<JET_CBTYP>(JET_cbtypOnlineDefragCompleted), g_calls.cbtyp);
    EXPECT_EQ(db_, g_calls.dbid);
    EXPECT_EQ(0u, passes);
    EXPECT_EQ(JET_wrnDefragNotRunning,
              JetDefragment2(s_, db_, nullptr, nullptr, nullptr, OnDefrag, JET_bitDefragmentBatchStop));
    EXPECT_EQ(1, g_calls.n);
    EXPECT_EQ(JET_errInvalidGrbit, JetDefragment2(s_, db_, nullptr, nullptr, nullptr, OnDefrag, 0x10000));
    EXPECT_EQ(JET_errInvalidDatabaseId, JetDefragment2(s_, db_ + 100, nullptr, nullptr, nullptr, OnDefrag, 0));
    EXPECT_EQ(1, g_calls.n);
    EXPECT_EQ(JET_errSuccess, JetDefragment2(s_, db_, nullptr, nullptr, nullptr, nullptr, 0));
}

TEST_F(DbFileTest, IdleAnswersAsEsentDoes) {
    Start(true);
    EXPECT_EQ(JET_wrnNoIdleActivity, JetIdle(s_, 0));
    EXPECT_EQ(JET_wrnNoIdleActivity, JetIdle(s_, JET_bitIdleCompact));
    EXPECT_EQ(JET_errSuccess, JetIdle(s_, JET_bitIdleStatus));
    // A lazy commit, then FlushBuffers: it is in the log and in the database file.
    JET_TABLEID t = JET_tableidNil;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s_, t, JET_prepInsert));
    const std::int32_t v = 7;
    ASSERT_EQ(JET_errSuccess, JetSetColumn(s_, t, col_, &v, sizeof v, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetUpdate(s_, t, nullptr, 0, nullptr));
    ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s_, JET_bitCommitLazyFlush));
    EXPECT_EQ(JET_errSuccess, JetIdle(s_, JET_bitIdleFlushBuffers));
    EXPECT_EQ(JET_errInvalidGrbit, JetIdle(s_, 0x100));
    EXPECT_EQ(JET_errInvalidSesid, JetIdle(JET_sesidNil, 0));
    // A dirty stop after it loses nothing.
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    Stop(/*dirty=*/true);
    inst_ = CreateConfigured("dbf", true);
    ASSERT_EQ(JET_errSuccess, JetInit(&inst_));
    live_.push_back(inst_);
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
    ASSERT_LE(0, JetAttachDatabase(s_, path_.c_str(), 0));  // recovery may have attached it
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), nullptr, &db_, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db_, "t", nullptr, 0, 0, &t));
    JET_ULONG n = 0;
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    ASSERT_EQ(JET_errSuccess, JetIndexRecordCount(s_, t, &n, 0));
    EXPECT_EQ(2u, n);
}

}  // namespace
