// Databases: create / attach / detach / open / close cycles, read-only attach, duplicates and
// missing files, size limits (JET_errOutOfDatabaseSpace without losing committed data),
// JetGetDatabaseInfo, calls refused inside a transaction, JetGetInstanceInfo's database list,
// attachment across JetTerm / JetInit, sharing between instances and processes, exclusive opens,
// and bad arguments.
//
// Specs: esent-scenarios.md DB-01..DB-06; ese-lifecycle-and-sessions.md 3.20 and section 7 item 14;
// DECISIONS.md 14; esent.h "The ISAM data API" (JetCreateDatabase .. JetGetDatabaseInfo).

#include <esent.h>

#include <gtest/gtest.h>

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace {

namespace fs = std::filesystem;

constexpr JET_GRBIT kUnknownBit = 0x10000000;

class DatabaseTest : public jetstore::test::InstanceTest {
protected:
    DatabaseTest() : InstanceTest("jetstore_db_") {}

    void SetUp() override {
        InstanceTest::SetUp();
        if (HasFatalFailure()) return;
        inst_ = Start("db");
        ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
        path_ = DbPath("test.edb");
    }

    JET_INSTANCE Start(const std::string &name) {
        JET_INSTANCE inst = CreateConfigured(name, /*recovery=*/false);
        EXPECT_EQ(JET_errSuccess, JetInit(&inst));
        live_.push_back(inst);
        return inst;
    }

    std::string DbPath(const std::string &file) const { return dir_ + "/" + file; }

    // Creates the database at `path`, then closes and detaches it.
    void CreateDetached(const std::string &path) {
        JET_DBID db = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path.c_str(), "", &db, 0));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabase(s_, path.c_str()));
    }

    // Creates table "t" with a Long column "v" (its id in *col) and closes the cursor.
    static void CreateTable(JET_SESID s, JET_DBID db, JET_COLUMNID *col) {
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateTable(s, db, "t", 0, 100, &t));
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.coltyp = JET_coltypLong;
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s, t, "v", &def, nullptr, 0, col));
        ASSERT_EQ(JET_errSuccess, JetCloseTable(s, t));
    }

    static JET_ERR InsertLong(JET_SESID s, JET_TABLEID t, JET_COLUMNID col, std::int32_t v) {
        JET_ERR err = JetPrepareUpdate(s, t, JET_prepInsert);
        if (err < 0) return err;
        err = JetSetColumn(s, t, col, &v, sizeof v, 0, nullptr);
        if (err < 0) return err;
        return JetUpdate(s, t, nullptr, 0, nullptr);
    }

    // The number of records of table `name` (-1 if it cannot be opened).
    static long CountRecords(JET_SESID s, JET_DBID db, const char *name) {
        JET_TABLEID t = 0;
        if (JetOpenTable(s, db, name, nullptr, 0, 0, &t) != JET_errSuccess) return -1;
        long n = 0;
        for (JET_ERR err = JetMove(s, t, JET_MoveFirst, 0); err == JET_errSuccess; err = JetMove(s, t, JET_MoveNext, 0)) {
            ++n;
        }
        JetCloseTable(s, t);
        return n;
    }

    // Inserts batches of 20 records of ~250 bytes, each batch one transaction, until an error;
    // returns how many were committed and the error in *failure.
    long FillInBatches(JET_TABLEID t, JET_COLUMNID col, JET_COLUMNID blob, JET_ERR *failure) {
        std::array<unsigned char, 250> payload{};
        payload.fill(0x5A);
        long committed = 0;
        *failure = JET_errSuccess;
        for (int batch = 0; batch < 100000 && *failure == JET_errSuccess; ++batch) {
            EXPECT_EQ(JET_errSuccess, JetBeginTransaction(s_));
            for (int i = 0; i < 20 && *failure == JET_errSuccess; ++i) {
                const std::int32_t v = static_cast<std::int32_t>(committed + i);
                JET_ERR err = JetPrepareUpdate(s_, t, JET_prepInsert);
                if (err >= 0) err = JetSetColumn(s_, t, col, &v, sizeof v, 0, nullptr);
                if (err >= 0) err = JetSetColumn(s_, t, blob, payload.data(), payload.size(), 0, nullptr);
                if (err >= 0) err = JetUpdate(s_, t, nullptr, 0, nullptr);
                if (err < 0) *failure = err;
            }
            if (*failure == JET_errSuccess) {
                *failure = JetCommitTransaction(s_, 0);
                if (*failure == JET_errSuccess) committed += 20;
            }
            if (*failure != JET_errSuccess) {
                EXPECT_EQ(JET_errSuccess, JetRollback(s_, 0));
            }
        }
        return committed;
    }

    // The databases JetGetInstanceInfo lists for `inst`, in its order.
    static std::vector<std::string> ListedDatabases(JET_INSTANCE inst) {
        JET_ULONG count = 0;
        JET_INSTANCE_INFO *info = nullptr;
        std::vector<std::string> out;
        EXPECT_EQ(JET_errSuccess, JetGetInstanceInfo(&count, &info));
        for (JET_ULONG i = 0; i < count; ++i) {
            if (info[i].hInstanceId != inst) continue;
            for (JET_API_PTR k = 0; k < info[i].cDatabases; ++k) out.emplace_back(info[i].szDatabaseFileName[k]);
        }
        EXPECT_EQ(JET_errSuccess, JetFreeBuffer(reinterpret_cast<char *>(info)));
        return out;
    }

    static std::string Absolute(const std::string &p) { return fs::absolute(p).lexically_normal().string(); }

    JET_INSTANCE inst_ = 0;
    JET_SESID s_ = JET_sesidNil;
    std::string path_;
};

// ---- DB-01 ----

TEST_F(DatabaseTest, CreateCloseDetachAttachOpenCloseDetachCycleSucceeds) {
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
    EXPECT_TRUE(fs::exists(path_));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    EXPECT_EQ(JET_errSuccess, JetDetachDatabase2(s_, path_.c_str(), 0));
    for (int round = 0; round < 2; ++round) {
        EXPECT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));
        EXPECT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &db, 0));
        EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
        EXPECT_EQ(JET_errSuccess, JetDetachDatabase(s_, path_.c_str()));
    }
    EXPECT_TRUE(fs::exists(path_)) << "detach keeps the file";
}

TEST_F(DatabaseTest, DataWrittenBeforeDetachIsThereAfterReattach) {
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), nullptr, &db, 0));
    JET_COLUMNID col = 0;
    CreateTable(s_, db, &col);
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db, "t", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, InsertLong(s_, t, col, 42));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabase(s_, path_.c_str()));

    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), nullptr, &db, 0));
    EXPECT_EQ(1, CountRecords(s_, db, "t"));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
}

TEST_F(DatabaseTest, DetachOfDatabaseNotAttachedFailsWithDatabaseNotFound) {
    EXPECT_EQ(JET_errDatabaseNotFound, JetDetachDatabase(s_, path_.c_str()));
    CreateDetached(path_);
    EXPECT_EQ(JET_errDatabaseNotFound, JetDetachDatabase(s_, path_.c_str()));
}

// ---- DB-02 ----

TEST_F(DatabaseTest, ReadOnlyAttachRefusesUpdatesWithPermissionDenied) {
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
    JET_COLUMNID col = 0;
    CreateTable(s_, db, &col);
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabase(s_, path_.c_str()));

    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), JET_bitDbReadOnly));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &db, JET_bitDbReadOnly));
    JET_TABLEID t = 0;
    EXPECT_EQ(JET_errPermissionDenied, JetOpenTable(s_, db, "t", nullptr, 0, JET_bitTableUpdatable, &t));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db, "t", nullptr, 0, 0, &t));
    EXPECT_EQ(JET_errPermissionDenied, JetPrepareUpdate(s_, t, JET_prepInsert));
    JET_TABLEID t2 = 0;
    EXPECT_EQ(JET_errPermissionDenied, JetCreateTable(s_, db, "t2", 0, 100, &t2));
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
}

TEST_F(DatabaseTest, OpenWithoutReadOnlyOfReadOnlyAttachWarnsFileOpenReadOnly) {
    CreateDetached(path_);
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), JET_bitDbReadOnly));
    JET_DBID db = 0;
    EXPECT_EQ(JET_wrnFileOpenReadOnly, JetOpenDatabase(s_, path_.c_str(), "", &db, 0));
    JET_TABLEID t = 0;
    EXPECT_EQ(JET_errPermissionDenied, JetCreateTable(s_, db, "t", 0, 100, &t));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
}

// ---- DB-03 ----

TEST_F(DatabaseTest, CreateOfExistingFileFailsWithDatabaseDuplicate) {
    CreateDetached(path_);
    JET_DBID db = 0;
    EXPECT_EQ(JET_errDatabaseDuplicate, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
}

TEST_F(DatabaseTest, OverwriteExistingReplacesDetachedFileWithAnEmptyDatabase) {
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
    JET_COLUMNID col = 0;
    CreateTable(s_, db, &col);
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabase(s_, path_.c_str()));

    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), "", &db, JET_bitDbOverwriteExisting));
    JET_TABLEID t = 0;
    EXPECT_EQ(JET_errObjectNotFound, JetOpenTable(s_, db, "t", nullptr, 0, 0, &t));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
}

TEST_F(DatabaseTest, OverwriteExistingOfAttachedDatabaseFailsWithDatabaseDuplicate) {
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
    JET_DBID db2 = 0;
    EXPECT_EQ(JET_errDatabaseDuplicate, JetCreateDatabase(s_, path_.c_str(), "", &db2, JET_bitDbOverwriteExisting));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    EXPECT_EQ(JET_errDatabaseDuplicate, JetCreateDatabase(s_, path_.c_str(), "", &db2, JET_bitDbOverwriteExisting));
}

// ---- DB-04 ----

TEST_F(DatabaseTest, AttachOfMissingFileFailsWithFileNotFound) {
    EXPECT_EQ(JET_errFileNotFound, JetAttachDatabase(s_, DbPath("missing.edb").c_str(), 0));
    EXPECT_FALSE(fs::exists(DbPath("missing.edb")));
    EXPECT_TRUE(ListedDatabases(inst_).empty());
}

TEST_F(DatabaseTest, AttachOfAttachedDatabaseWarnsDatabaseAttached) {
    CreateDetached(path_);
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));
    EXPECT_EQ(JET_wrnDatabaseAttached, JetAttachDatabase(s_, path_.c_str(), 0));
    EXPECT_EQ(1u, ListedDatabases(inst_).size());
    // The warning changes nothing: one detach undoes the attach.
    EXPECT_EQ(JET_errSuccess, JetDetachDatabase(s_, path_.c_str()));
    EXPECT_EQ(JET_errDatabaseNotFound, JetDetachDatabase(s_, path_.c_str()));
}

TEST_F(DatabaseTest, AttachOfDatabaseCreatedBySameInstanceWarnsDatabaseAttached) {
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
    EXPECT_EQ(JET_wrnDatabaseAttached, JetAttachDatabase(s_, path_.c_str(), 0));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
}

// ---- DB-05: size limits ----

TEST_F(DatabaseTest, CreateDatabase2SizeLimitGivesOutOfDatabaseSpaceAndKeepsCommittedRecords) {
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase2(s_, path_.c_str(), 256, &db, 0));
    JET_COLUMNID col = 0;
    CreateTable(s_, db, &col);
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypBinary;
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db, "t", nullptr, 0, 0, &t));
    JET_COLUMNID blob = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "blob", &def, nullptr, 0, &blob));

    JET_ERR failure = JET_errSuccess;
    const long committed = FillInBatches(t, col, blob, &failure);
    EXPECT_EQ(JET_errOutOfDatabaseSpace, failure);
    EXPECT_GT(committed, 0);
    EXPECT_EQ(committed, CountRecords(s_, db, "t"));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));

    // Reopen: every committed record is there, no more.
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabase(s_, path_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &db, 0));
    EXPECT_EQ(committed, CountRecords(s_, db, "t"));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
}

TEST_F(DatabaseTest, AttachDatabase2SizeLimitRefusesTheCommitAndKeepsCommittedRecords) {
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
    JET_COLUMNID col = 0;
    CreateTable(s_, db, &col);
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabase(s_, path_.c_str()));

    ASSERT_EQ(JET_errSuccess, JetAttachDatabase2(s_, path_.c_str(), 256, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &db, 0));
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db, "t", nullptr, 0, 0, &t));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypBinary;
    JET_COLUMNID blob = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "blob", &def, nullptr, 0, &blob));
    JET_ERR failure = JET_errSuccess;
    const long committed = FillInBatches(t, col, blob, &failure);
    EXPECT_EQ(JET_errOutOfDatabaseSpace, failure);
    EXPECT_GT(committed, 0);
    EXPECT_EQ(committed, CountRecords(s_, db, "t"));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));

    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabase(s_, path_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &db, 0));
    EXPECT_EQ(committed, CountRecords(s_, db, "t"));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
}

// [esent] (fixed engine bug) when the implicit transaction of a JetUpdate outside any transaction fails to commit
// (here JET_errOutOfDatabaseSpace), its write stays pending in the session: every later call on the
// session (JetOpenTable, JetMove, ...) retries that commit and fails with -1012 too, and
// JetCloseDatabase leaves the database open (the detach then gives JET_errDatabaseInUse). esent
// rolls the failed implicit transaction back and the session stays usable: expected
// JetOpenTable / JetMove -> JET_errSuccess after the failure, actual JET_errOutOfDatabaseSpace.
TEST_F(DatabaseTest, AttachDatabase2SizeLimitGivesOutOfDatabaseSpaceAndKeepsCommittedRecords) {
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
    JET_COLUMNID col = 0;
    CreateTable(s_, db, &col);
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabase(s_, path_.c_str()));

    ASSERT_EQ(JET_errSuccess, JetAttachDatabase2(s_, path_.c_str(), 256, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &db, 0));
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db, "t", nullptr, 0, 0, &t));
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = JET_coltypBinary;
    JET_COLUMNID blob = 0;
    ASSERT_EQ(JET_errSuccess, JetAddColumn(s_, t, "blob", &def, nullptr, 0, &blob));
    std::array<unsigned char, 250> payload{};
    payload.fill(0xA5);

    // One record per implicit transaction (each JetUpdate commits).
    long committed = 0;
    JET_ERR failure = JET_errSuccess;
    while (failure == JET_errSuccess && committed < 1000000) {
        const std::int32_t v = static_cast<std::int32_t>(committed);
        JET_ERR err = JetPrepareUpdate(s_, t, JET_prepInsert);
        if (err >= 0) err = JetSetColumn(s_, t, col, &v, sizeof v, 0, nullptr);
        if (err >= 0) err = JetSetColumn(s_, t, blob, payload.data(), payload.size(), 0, nullptr);
        if (err >= 0) err = JetUpdate(s_, t, nullptr, 0, nullptr);
        if (err < 0) {
            failure = err;
            JetPrepareUpdate(s_, t, JET_prepCancel);
        } else {
            ++committed;
        }
    }
    EXPECT_EQ(JET_errOutOfDatabaseSpace, failure);
    EXPECT_GT(committed, 0);
    EXPECT_EQ(committed, CountRecords(s_, db, "t"));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));

    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabase(s_, path_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &db, 0));
    EXPECT_EQ(committed, CountRecords(s_, db, "t"));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
}

// ---- DB-06: JetGetDatabaseInfo ----

TEST_F(DatabaseTest, GetDatabaseInfoReportsFilenameTransactionsLcidOptionsPageSizeAndFilesize) {
    // A relative path: the info gives the absolute one.
    std::error_code ec;
    const std::string relative = fs::relative(fs::path(dir_) / "sub" / ".." / "info.edb", fs::current_path(), ec).string();
    const std::string given = ec || relative.empty() ? dir_ + "/sub/../info.edb" : relative;
    fs::create_directories(dir_ + "/sub");
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, given.c_str(), "", &db, 0));

    std::array<char, 1024> name{};
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseInfo(s_, db, name.data(), name.size(), JET_DbInfoFilename));
    EXPECT_EQ(Absolute(dir_ + "/info.edb"), std::string(name.data()));
    EXPECT_TRUE(fs::path(name.data()).is_absolute());

    JET_ULONG v = 0;
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseInfo(s_, db, &v, sizeof v, JET_DbInfoTransactions));
    EXPECT_EQ(7ul, v);
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseInfo(s_, db, &v, sizeof v, JET_DbInfoLCID));
    EXPECT_EQ(1033ul, v);
    v = 12345;
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseInfo(s_, db, &v, sizeof v, JET_DbInfoOptions));
    EXPECT_EQ(0ul, v);
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseInfo(s_, db, &v, sizeof v, JET_DbInfoPageSize));
    EXPECT_EQ(static_cast<JET_ULONG>(jetstore::test::GetIntParam(inst_, 0, JET_paramDatabasePageSize)), v);
    v = 0;
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseInfo(s_, db, &v, sizeof v, JET_DbInfoFilesize));
    EXPECT_GT(v, 0ul);
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
}

TEST_F(DatabaseTest, GetDatabaseInfoOptionsShowReadOnlyAndExclusiveOpens) {
    CreateDetached(path_);
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &db, JET_bitDbExclusive));
    JET_ULONG v = 0;
    ASSERT_EQ(JET_errSuccess, JetGetDatabaseInfo(s_, db, &v, sizeof v, JET_DbInfoOptions));
    EXPECT_EQ(static_cast<JET_ULONG>(JET_bitDbExclusive), v & JET_bitDbExclusive);
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
}

TEST_F(DatabaseTest, GetDatabaseInfoRejectsSmallBufferUnknownLevelNullBufferAndUnopenedDbid) {
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
    std::array<char, 4> tiny{};
    EXPECT_EQ(JET_errBufferTooSmall, JetGetDatabaseInfo(s_, db, tiny.data(), tiny.size(), JET_DbInfoFilename));
    JET_ULONG v = 0;
    EXPECT_EQ(JET_errInvalidParameter, JetGetDatabaseInfo(s_, db, &v, sizeof v, 9999));
    EXPECT_EQ(JET_errInvalidParameter, JetGetDatabaseInfo(s_, db, nullptr, sizeof v, JET_DbInfoLCID));
    EXPECT_EQ(JET_errInvalidDatabaseId, JetGetDatabaseInfo(s_, db + 3, &v, sizeof v, JET_DbInfoLCID));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    EXPECT_EQ(JET_errInvalidDatabaseId, JetGetDatabaseInfo(s_, db, &v, sizeof v, JET_DbInfoLCID));
}

// ---- inside a transaction (checklist item 14) ----

TEST_F(DatabaseTest, CreateDatabaseInsideTransactionFailsWithInTransaction) {
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    JET_DBID db = 0;
    EXPECT_EQ(JET_errInTransaction, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
    EXPECT_EQ(-1108, JetCreateDatabase2(s_, path_.c_str(), 0, &db, 0));
    EXPECT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_FALSE(fs::exists(path_));
    EXPECT_TRUE(ListedDatabases(inst_).empty());
}

TEST_F(DatabaseTest, AttachAndDetachInsideTransactionFailWithInTransaction) {
    CreateDetached(path_);
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errInTransaction, JetAttachDatabase(s_, path_.c_str(), 0));
    EXPECT_EQ(JET_errInTransaction, JetAttachDatabase2(s_, path_.c_str(), 0, 0));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_TRUE(ListedDatabases(inst_).empty());

    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    EXPECT_EQ(JET_errInTransaction, JetDetachDatabase(s_, path_.c_str()));
    EXPECT_EQ(JET_errSuccess, JetRollback(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetDetachDatabase(s_, path_.c_str()));
}

TEST_F(DatabaseTest, OpenDatabaseInsideTransactionSucceeds) {
    CreateDetached(path_);
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s_));
    JET_DBID db = 0;
    EXPECT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &db, 0));
    EXPECT_EQ(JET_errSuccess, JetCommitTransaction(s_, 0));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
}

// ---- JetGetInstanceInfo ----

TEST_F(DatabaseTest, GetInstanceInfoListsAttachedDatabasesInAttachOrder) {
    const std::string a = DbPath("a.edb"), b = DbPath("b.edb"), c = DbPath("c.edb");
    CreateDetached(c);
    CreateDetached(a);
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, b.c_str(), "", &db, 0));  // attached first
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, c.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, a.c_str(), 0));

    const std::vector<std::string> expected{Absolute(b), Absolute(c), Absolute(a)};
    EXPECT_EQ(expected, ListedDatabases(inst_));

    // Another instance lists nothing of ours.
    JET_INSTANCE other = Start("other");
    EXPECT_TRUE(ListedDatabases(other).empty());

    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabase(s_, nullptr));  // every database
    EXPECT_TRUE(ListedDatabases(inst_).empty());
}

TEST_F(DatabaseTest, GetInstanceInfoNamesTheInstanceAndFreeBufferAcceptsNull) {
    JET_ULONG count = 0;
    JET_INSTANCE_INFO *info = nullptr;
    ASSERT_EQ(JET_errSuccess, JetGetInstanceInfo(&count, &info));
    ASSERT_EQ(1ul, count);
    ASSERT_NE(nullptr, info);
    EXPECT_EQ(inst_, info[0].hInstanceId);
    ASSERT_NE(nullptr, info[0].szInstanceName);
    EXPECT_STREQ("db", info[0].szInstanceName);
    EXPECT_EQ(0u, info[0].cDatabases);
    EXPECT_EQ(JET_errSuccess, JetFreeBuffer(reinterpret_cast<char *>(info)));
    EXPECT_EQ(JET_errSuccess, JetFreeBuffer(nullptr));
}

// ---- across JetTerm / JetInit ----

TEST_F(DatabaseTest, DatabasesPersistAcrossTermAndInitButMustBeReattached) {
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
    JET_COLUMNID col = 0;
    CreateTable(s_, db, &col);
    JET_TABLEID t = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db, "t", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, InsertLong(s_, t, col, 1234));
    ASSERT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    Term(inst_);  // the database stays attached until the term

    inst_ = Start("db");  // same name, same folders
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s_, nullptr, nullptr));
    EXPECT_TRUE(ListedDatabases(inst_).empty()) << "XP+: JetInit detaches every database";
    EXPECT_EQ(JET_errDatabaseNotFound, JetOpenDatabase(s_, path_.c_str(), "", &db, 0));
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &db, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenTable(s_, db, "t", nullptr, 0, 0, &t));
    ASSERT_EQ(JET_errSuccess, JetMove(s_, t, JET_MoveFirst, 0));
    std::int32_t v = 0;
    JET_ULONG cb = 0;
    EXPECT_EQ(JET_errSuccess, JetRetrieveColumn(s_, t, col, &v, sizeof v, &cb, 0, nullptr));
    EXPECT_EQ(1234, v);
    EXPECT_EQ(4ul, cb);
    EXPECT_EQ(JET_errSuccess, JetCloseTable(s_, t));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
}

TEST_F(DatabaseTest, TermReleasesTheFileForAnotherInstance) {
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
    JET_INSTANCE other = Start("other");
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(other, &s2, nullptr, nullptr));
    EXPECT_EQ(JET_errDatabaseSharingViolation, JetAttachDatabase(s2, path_.c_str(), 0));
    Term(inst_);  // with the session and its open database
    EXPECT_EQ(JET_errSuccess, JetAttachDatabase(s2, path_.c_str(), 0));
}

// ---- sharing between instances and processes (DECISIONS.md 14) ----

TEST_F(DatabaseTest, DatabaseAttachedByAnotherInstanceGivesDatabaseSharingViolation) {
    CreateDetached(path_);
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));

    JET_INSTANCE other = Start("other");
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(other, &s2, nullptr, nullptr));
    EXPECT_EQ(JET_errDatabaseSharingViolation, JetAttachDatabase(s2, path_.c_str(), 0));
    EXPECT_EQ(JET_errDatabaseSharingViolation, JetAttachDatabase(s2, path_.c_str(), JET_bitDbReadOnly));
    JET_DBID db = 0;
    EXPECT_EQ(JET_errDatabaseSharingViolation,
              JetCreateDatabase(s2, path_.c_str(), "", &db, JET_bitDbOverwriteExisting));
    EXPECT_EQ(JET_errDatabaseNotFound, JetOpenDatabase(s2, path_.c_str(), "", &db, 0));
    EXPECT_TRUE(ListedDatabases(other).empty());

    // Once detached by its holder, the other instance may attach it.
    ASSERT_EQ(JET_errSuccess, JetDetachDatabase(s_, path_.c_str()));
    EXPECT_EQ(JET_errSuccess, JetAttachDatabase(s2, path_.c_str(), 0));
    EXPECT_EQ(JET_errDatabaseSharingViolation, JetAttachDatabase(s_, path_.c_str(), 0));
}

TEST_F(DatabaseTest, DatabaseAttachedByAnotherProcessGivesFileAccessDenied) {
    CreateDetached(path_);
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));

    // Everything the child needs is prepared before the fork.
    const std::string child_dir = dir_ + "/child/";
    fs::create_directories(child_dir);
    const std::string db_path = path_;
    int fds[2];
    ASSERT_EQ(0, ::pipe(fds));
    const pid_t pid = ::fork();
    ASSERT_NE(-1, pid);
    if (pid == 0) {
        ::close(fds[0]);
        ::alarm(60);  // a hung child dies instead of hanging the test
        JET_INSTANCE ci = 0;
        JET_ERR err = JetCreateInstance(&ci, "child_process");
        if (err >= 0) err = JetSetSystemParameter(&ci, 0, JET_paramSystemPath, 0, child_dir.c_str());
        if (err >= 0) err = JetSetSystemParameter(&ci, 0, JET_paramLogFilePath, 0, child_dir.c_str());
        if (err >= 0) err = JetSetSystemParameter(&ci, 0, JET_paramTempPath, 0, child_dir.c_str());
        if (err >= 0) err = JetSetSystemParameter(&ci, 0, JET_paramRecovery, 0, "off");
        if (err >= 0) err = JetSetSystemParameter(&ci, 0, JET_paramMaxTemporaryTables, 0, nullptr);
        if (err >= 0) err = JetInit(&ci);
        JET_SESID cs = 0;
        if (err >= 0) err = JetBeginSession(ci, &cs, nullptr, nullptr);
        if (err >= 0) err = JetAttachDatabase(cs, db_path.c_str(), 0);
        const long code = err;
        (void)!::write(fds[1], &code, sizeof code);
        ::_exit(code == JET_errFileAccessDenied ? 0 : 1);
    }
    ::close(fds[1]);
    long code = 0;
    const ssize_t n = ::read(fds[0], &code, sizeof code);
    ::close(fds[0]);
    int status = 0;
    ASSERT_EQ(pid, ::waitpid(pid, &status, 0));
    ASSERT_TRUE(WIFEXITED(status)) << "the child did not exit normally (status " << status << ")";
    ASSERT_EQ(static_cast<ssize_t>(sizeof code), n);
    EXPECT_EQ(JET_errFileAccessDenied, code);
    EXPECT_EQ(0, WEXITSTATUS(status));

    // The parent still uses it.
    JET_DBID db = 0;
    EXPECT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &db, 0));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
}

// ---- opens by several sessions ----

TEST_F(DatabaseTest, DetachWhileAnotherSessionHasItOpenFailsWithDatabaseInUse) {
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s2, nullptr, nullptr));
    JET_DBID db2 = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s2, path_.c_str(), "", &db2, 0));
    EXPECT_EQ(db, db2) << "one dbid per database for every session of the instance";

    EXPECT_EQ(JET_errDatabaseInUse, JetDetachDatabase(s_, path_.c_str()));
    EXPECT_EQ(JET_errDatabaseInUse, JetDetachDatabase(s_, nullptr));
    EXPECT_EQ(1u, ListedDatabases(inst_).size());

    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s2, db2, 0));
    EXPECT_EQ(JET_errSuccess, JetDetachDatabase(s_, path_.c_str()));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s2, 0));
}

TEST_F(DatabaseTest, EndSessionClosesItsDatabasesSoDetachSucceeds) {
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s2, nullptr, nullptr));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s2, path_.c_str(), "", &db, 0));
    EXPECT_EQ(JET_errDatabaseInUse, JetDetachDatabase(s_, path_.c_str()));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s2, 0));
    EXPECT_EQ(JET_errSuccess, JetDetachDatabase(s_, path_.c_str()));
}

TEST_F(DatabaseTest, EndSessionReleasesAnExclusiveOpen) {
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s2, nullptr, nullptr));
    JET_DBID db2 = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s2, path_.c_str(), "", &db2, JET_bitDbExclusive));
    EXPECT_EQ(JET_errDatabaseLocked, JetOpenDatabase(s_, path_.c_str(), "", &db, 0));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s2, 0));  // without closing the database
    EXPECT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &db, JET_bitDbExclusive));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
}

TEST_F(DatabaseTest, EachOpenNeedsItsOwnClose) {
    CreateDetached(path_);
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));
    JET_DBID a = 0, b = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &a, 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &b, 0));
    EXPECT_EQ(a, b);
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, a, 0));
    EXPECT_EQ(JET_errDatabaseInUse, JetDetachDatabase(s_, path_.c_str()));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, b, 0));
    EXPECT_EQ(JET_errInvalidDatabaseId, JetCloseDatabase(s_, b, 0));
    EXPECT_EQ(JET_errSuccess, JetDetachDatabase(s_, path_.c_str()));
}

TEST_F(DatabaseTest, ExclusiveOpenLocksOutOtherSessionsAndNeedsNoOtherOpener) {
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s2, nullptr, nullptr));

    // s2 holds it exclusively: s_ is locked out, with or without asking for exclusivity.
    JET_DBID db2 = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s2, path_.c_str(), "", &db2, JET_bitDbExclusive));
    EXPECT_EQ(JET_errDatabaseLocked, JetOpenDatabase(s_, path_.c_str(), "", &db, 0));
    EXPECT_EQ(JET_errDatabaseLocked, JetOpenDatabase(s_, path_.c_str(), "", &db, JET_bitDbExclusive));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s2, db2, 0));

    // s_ has it open: s2 cannot get it exclusively, but may share it.
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &db, 0));
    EXPECT_EQ(JET_errDatabaseInUse, JetOpenDatabase(s2, path_.c_str(), "", &db2, JET_bitDbExclusive));
    EXPECT_EQ(JET_errSuccess, JetOpenDatabase(s2, path_.c_str(), "", &db2, 0));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s2, db2, 0));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));

    // Closing the exclusive open releases the lock.
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s2, path_.c_str(), "", &db2, JET_bitDbExclusive));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s2, db2, 0));
    EXPECT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &db, 0));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s2, 0));
}

TEST_F(DatabaseTest, CloseDatabaseOfDbidNotOpenFailsWithInvalidDatabaseId) {
    EXPECT_EQ(JET_errInvalidDatabaseId, JetCloseDatabase(s_, 1, 0));  // nothing opened yet
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s_, path_.c_str(), "", &db, 0));
    EXPECT_EQ(JET_errInvalidDatabaseId, JetCloseDatabase(s_, db + 1, 0));
    EXPECT_EQ(JET_errInvalidDatabaseId, JetCloseDatabase(s_, JET_dbidNil, 0));

    // Another session has not opened it.
    JET_SESID s2 = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst_, &s2, nullptr, nullptr));
    EXPECT_EQ(JET_errInvalidDatabaseId, JetCloseDatabase(s2, db, 0));
    JET_TABLEID t = 0;
    EXPECT_EQ(JET_errInvalidDatabaseId, JetCreateTable(s2, db, "t", 0, 100, &t));
    EXPECT_EQ(JET_errSuccess, JetEndSession(s2, 0));

    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    EXPECT_EQ(JET_errInvalidDatabaseId, JetCloseDatabase(s_, db, 0));
}

// ---- bad arguments ----

TEST_F(DatabaseTest, NullPathsAndDbidPointersFailWithInvalidParameter) {
    JET_DBID db = 0;
    EXPECT_EQ(JET_errInvalidParameter, JetCreateDatabase(s_, nullptr, "", &db, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetCreateDatabase(s_, path_.c_str(), "", nullptr, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetCreateDatabase2(s_, nullptr, 0, &db, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetCreateDatabase2(s_, path_.c_str(), 0, nullptr, 0));
    EXPECT_FALSE(fs::exists(path_));
    EXPECT_EQ(JET_errInvalidParameter, JetAttachDatabase(s_, nullptr, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetAttachDatabase2(s_, nullptr, 0, 0));

    CreateDetached(path_);
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));
    EXPECT_EQ(JET_errInvalidParameter, JetOpenDatabase(s_, nullptr, "", &db, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetOpenDatabase(s_, path_.c_str(), "", nullptr, 0));
    EXPECT_TRUE(ListedDatabases(inst_).size() == 1u);
}

TEST_F(DatabaseTest, UnknownGrbitsFailWithInvalidGrbit) {
    JET_DBID db = 0;
    EXPECT_EQ(JET_errInvalidGrbit, JetCreateDatabase(s_, path_.c_str(), "", &db, kUnknownBit));
    EXPECT_EQ(JET_errInvalidGrbit, JetCreateDatabase2(s_, path_.c_str(), 0, &db, kUnknownBit));
    EXPECT_FALSE(fs::exists(path_));
    CreateDetached(path_);
    EXPECT_EQ(JET_errInvalidGrbit, JetAttachDatabase(s_, path_.c_str(), kUnknownBit));
    EXPECT_EQ(JET_errInvalidGrbit, JetAttachDatabase2(s_, path_.c_str(), 0, kUnknownBit));
    EXPECT_TRUE(ListedDatabases(inst_).empty());
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, path_.c_str(), 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetOpenDatabase(s_, path_.c_str(), "", &db, kUnknownBit));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s_, path_.c_str(), "", &db, 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetCloseDatabase(s_, db, kUnknownBit));
    EXPECT_EQ(JET_errSuccess, JetCloseDatabase(s_, db, 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetDetachDatabase2(s_, path_.c_str(), kUnknownBit));
    EXPECT_EQ(JET_errSuccess, JetDetachDatabase2(s_, path_.c_str(), 0));
}

TEST_F(DatabaseTest, InvalidSessionHandlesFailWithInvalidSesid) {
    JET_DBID db = 0;
    EXPECT_EQ(JET_errInvalidSesid, JetCreateDatabase(JET_sesidNil, path_.c_str(), "", &db, 0));
    EXPECT_EQ(JET_errInvalidSesid, JetAttachDatabase(0, path_.c_str(), 0));
    EXPECT_EQ(JET_errInvalidSesid, JetOpenDatabase(JET_sesidNil, path_.c_str(), "", &db, 0));
    EXPECT_EQ(JET_errInvalidSesid, JetCloseDatabase(JET_sesidNil, 1, 0));
    EXPECT_EQ(JET_errInvalidSesid, JetDetachDatabase(0, path_.c_str()));
    EXPECT_FALSE(fs::exists(path_));
}

TEST_F(DatabaseTest, EightAttachedDatabasesFailWithTooManyAttachedDatabases) {
    for (int i = 0; i < JET_cMaxAttachedDatabases; ++i) {
        const std::string p = DbPath("many" + std::to_string(i) + ".edb");
        CreateDetached(p);
        ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s_, p.c_str(), 0)) << i;
    }
    const std::string extra = DbPath("extra.edb");
    JET_DBID db = 0;
    EXPECT_EQ(JET_errTooManyAttachedDatabases, JetCreateDatabase(s_, extra.c_str(), "", &db, 0));
    EXPECT_EQ(static_cast<std::size_t>(JET_cMaxAttachedDatabases), ListedDatabases(inst_).size());
}

}  // namespace

namespace {

// DECISIONS 8 and [esent]: a database path built the Windows way ('\' separators) names the same
// file as with '/'; with JET_paramCreatePathIfNotExist, JetCreateDatabase and JetAttachDatabase
// create the missing folders of the path; without it a missing folder is JET_errInvalidPath.
class DatabasePathTest : public jetstore::test::InstanceTest {
protected:
    DatabasePathTest() : InstanceTest("jetstore_dbpath_") {}
};

TEST_F(DatabasePathTest, BackslashPathsAndMissingFoldersAsEsentTakesThem) {
    JET_INSTANCE inst = CreateConfigured("p", /*recovery=*/false);  // CreatePathIfNotExist on
    ASSERT_EQ(JET_errSuccess, JetInit(&inst));
    live_.push_back(inst);
    JET_SESID s = 0;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst, &s, nullptr, nullptr));
    const std::string windows = dir_ + "\\a\\b\\x.edb";
    JET_DBID db = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateDatabase(s, windows.c_str(), "", &db, 0));
    EXPECT_TRUE(fs::exists(dir_ + "/a/b/x.edb"));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s, db, 0));
    // The same file under either separator.
    EXPECT_EQ(JET_wrnDatabaseAttached, JetAttachDatabase(s, (dir_ + "/a/b/x.edb").c_str(), 0));
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s, (dir_ + "/a\\b/x.edb").c_str(), "", &db, 0));
    ASSERT_EQ(JET_errSuccess, JetCloseDatabase(s, db, 0));
    ASSERT_EQ(JET_errSuccess, JetDetachDatabase(s, windows.c_str()));
    // Attach creates the folders too (the file is still missing there).
    EXPECT_EQ(JET_errFileNotFound, JetAttachDatabase(s, (dir_ + "\\c\\d\\y.edb").c_str(), 0));
    EXPECT_TRUE(fs::is_directory(dir_ + "/c/d"));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s, 0));

    JET_INSTANCE strict = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateInstance(&strict, "strict"));
    const std::string sys = dir_ + "/strict/";
    fs::create_directories(sys);
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&strict, 0, JET_paramSystemPath, 0, sys.c_str()));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&strict, 0, JET_paramLogFilePath, 0, sys.c_str()));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&strict, 0, JET_paramRecovery, 0, "off"));
    ASSERT_EQ(JET_errSuccess, JetInit(&strict));
    live_.push_back(strict);
    ASSERT_EQ(JET_errSuccess, JetBeginSession(strict, &s, nullptr, nullptr));
    EXPECT_EQ(JET_errInvalidPath, JetCreateDatabase(s, (dir_ + "\\e\\z.edb").c_str(), "", &db, 0));
    EXPECT_FALSE(fs::exists(dir_ + "/e"));
    ASSERT_EQ(JET_errSuccess, JetEndSession(s, 0));
}

}  // namespace
