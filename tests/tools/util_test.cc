// jetstore-util against real files: every mode's output and exit status, with damage it must find
// (a flipped byte in a log or checkpoint, a record whose index entry dangles, keys of no object, a
// database that needs recovery) next to the clean cases that must pass.
#include <esent.h>
#include <jetstore/log_stats.h>

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "engine/catalog.h"
#include "storage/env.h"
#include "tests/recovery/log_fixture.h"
#include "tests/test_support.h"

namespace {

namespace fs = std::filesystem;
using jetstore::test::LogDb;
using jetstore::test::LogInstance;

struct ToolRun {
    int status = -1;
    std::string out;
};

// Runs jetstore-util with `args`; its exit status and standard output.
ToolRun Util(const std::string& args) {
    const char* tool = std::getenv("JETSTORE_UTIL");
    ToolRun r;
    if (tool == nullptr) return r;
    FILE* p = ::popen((std::string(tool) + " " + args + " 2>/dev/null").c_str(), "r");
    if (p == nullptr) return r;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

void Poke(const std::string& path, std::uint64_t offset, const std::string& bytes) {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(offset));
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

class UtilTest : public ::testing::Test {
protected:
    UtilTest() : dir_("jetstore_util_") {}
    void SetUp() override {
        ASSERT_NE(nullptr, std::getenv("JETSTORE_UTIL")) << "run through meson test";
        ASSERT_EQ(0UL, jetstore::test::LiveInstanceCount());
    }
    void TearDown() override { EXPECT_EQ(0UL, jetstore::test::LiveInstanceCount()); }

    std::string Data() const { return dir_.Sub("data"); }
    std::string DbPath() const { return Data() + "db.edb"; }

    // A database with table "t" (k primary, v) plus a secondary index on a Long column "n";
    // `rows` rows; stopped as `term` says.
    void Make(int rows, JET_GRBIT term = 0) {
        LogInstance li(Data());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        const JET_SESID s = li.session();
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        cd.coltyp = JET_coltypLong;
        JET_COLUMNID n = 0;
        ASSERT_EQ(JET_errSuccess, JetAddColumn(s, db.t, "n", &cd, nullptr, 0, &n));
        ASSERT_EQ(JET_errSuccess, JetCreateIndex(s, db.t, "by_n", 0, "+n\0", 4, 100));
        for (std::int32_t k = 1; k <= rows; ++k) {
            ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s));
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s, db.t, JET_prepInsert));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s, db.t, db.k, &k, sizeof k, 0, nullptr));
            const std::int32_t nv = 1000 - k;
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s, db.t, n, &nv, sizeof nv, 0, nullptr));
            const std::string v = "value " + std::to_string(k);
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s, db.t, db.v, v.data(), static_cast<JET_ULONG>(v.size()), 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(s, db.t, nullptr, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s, 0));
        }
        if (term == JET_bitTermDirty) {
            ASSERT_EQ(JET_errDirtyShutdown, li.Term(term));
        } else {
            ASSERT_EQ(JET_errSuccess, li.Term(term));
        }
    }

    // Applies `fn` to the database's raw LMDB environment.
    template <typename F>
    void Raw(F&& fn) {
        jetstore::storage::EnvOptions o;
        std::unique_ptr<jetstore::storage::Env> env;
        ASSERT_TRUE(jetstore::storage::Env::Open(DbPath(), o, &env).ok());
        ASSERT_TRUE(env->Write(fn, jetstore::storage::Durability::kDurable).ok());
    }

    std::uint32_t TableObjid() {
        jetstore::storage::EnvOptions o;
        o.mode = jetstore::storage::OpenMode::kReadOnly;
        std::unique_ptr<jetstore::storage::Env> env;
        EXPECT_TRUE(jetstore::storage::Env::Open(DbPath(), o, &env).ok());
        std::unique_ptr<jetstore::storage::ReadSnapshot> snap;
        EXPECT_TRUE(env->NewSnapshot(&snap).ok());
        std::vector<jetstore::engine::TableDef> tables;
        auto it = snap->NewIterator();
        EXPECT_EQ(JET_errSuccess, jetstore::engine::ListTables(*it, &tables));
        return tables.empty() ? 0 : tables[0].objid;
    }

    jetstore::test::TempDir dir_;
};

TEST_F(UtilTest, UsageAndHelp) {
    EXPECT_EQ(2, Util("").status);
    EXPECT_EQ(2, Util("no-such-mode").status);
    EXPECT_EQ(2, Util("copy onlyone").status);
    const ToolRun help = Util("--help");
    EXPECT_EQ(0, help.status);
    EXPECT_NE(std::string::npos, help.out.find("integrity"));
}

TEST_F(UtilTest, DumpShowsEachKindOfFile) {
    Make(20);
    ToolRun r = Util("dump " + DbPath());
    EXPECT_EQ(0, r.status) << r.out;
    EXPECT_NE(std::string::npos, r.out.find("table t: 20 records")) << r.out;
    EXPECT_NE(std::string::npos, r.out.find("index by_n: 20 entries")) << r.out;
    EXPECT_NE(std::string::npos, r.out.find("consistent")) << r.out;
    r = Util("dump " + Data() + "edb.chk");
    EXPECT_EQ(0, r.status);
    EXPECT_NE(std::string::npos, r.out.find("clean")) << r.out;
    r = Util("dump " + Data() + "edb.log");
    EXPECT_EQ(0, r.status);
    EXPECT_NE(std::string::npos, r.out.find("log generation")) << r.out;
    EXPECT_EQ(2, Util("dump " + Data()).status);  // a folder
}

TEST_F(UtilTest, ChecksumFindsADamagedLogCheckpointOrBackup) {
    Make(20);
    EXPECT_EQ(0, Util("checksum " + Data() + "edb.log " + Data() + "edb.chk " + DbPath()).status);
    // A backup set.
    {
        LogInstance li(Data());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Open(DbPath(), &db));
        ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), (dir_.Path() + "bak").c_str(), 0, nullptr));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }
    ToolRun r = Util("checksum " + dir_.Path() + "bak");
    EXPECT_EQ(0, r.status) << r.out;
    Poke(dir_.Path() + "bak/db.edb", 100, "!");
    r = Util("checksum " + dir_.Path() + "bak");
    EXPECT_EQ(1, r.status) << r.out;
    EXPECT_NE(std::string::npos, r.out.find("DAMAGED")) << r.out;
    // A flipped byte inside a log record, and in the checkpoint file.
    std::string log;
    for (const auto& e : fs::directory_iterator(Data())) {
        const std::string name = e.path().filename().string();
        if (name.size() == 12 && name.rfind("edb0", 0) == 0) log = e.path().string();
    }
    ASSERT_FALSE(log.empty());
    Poke(log, 4096 + 50, "\x7e");
    EXPECT_EQ(1, Util("checksum " + log).status);
    Poke(Data() + "edb.chk", 20, "\x7e");
    EXPECT_EQ(1, Util("checksum " + Data() + "edb.chk").status);
    EXPECT_EQ(3, Util("checksum " + Data() + "missing.edb").status);
}

TEST_F(UtilTest, IntegrityPassesACleanDatabaseAndFindsDamage) {
    Make(30);
    ToolRun r = Util("integrity " + DbPath());
    EXPECT_EQ(0, r.status) << r.out;
    EXPECT_NE(std::string::npos, r.out.find("no damage found")) << r.out;
    // Keys of an object the catalog does not know.
    Raw([](jetstore::storage::TxnWriter& w) { return w.Put(std::string("\0\0\x03\xe7orphan", 10), "x"); });
    r = Util("integrity " + DbPath());
    EXPECT_EQ(1, r.status) << r.out;
    EXPECT_NE(std::string::npos, r.out.find("does not know")) << r.out;
    Raw([](jetstore::storage::TxnWriter& w) { return w.Delete(std::string("\0\0\x03\xe7orphan", 10)); });
    EXPECT_EQ(0, Util("integrity " + DbPath()).status);
    // A record deleted behind the engine's back: its secondary entry dangles.
    const std::string prefix = jetstore::engine::ObjectPrefix(TableObjid());
    std::string victim;
    {
        jetstore::storage::EnvOptions o;
        o.mode = jetstore::storage::OpenMode::kReadOnly;
        std::unique_ptr<jetstore::storage::Env> env;
        ASSERT_TRUE(jetstore::storage::Env::Open(DbPath(), o, &env).ok());
        std::unique_ptr<jetstore::storage::ReadSnapshot> snap;
        ASSERT_TRUE(env->NewSnapshot(&snap).ok());
        auto it = snap->NewIterator();
        ASSERT_TRUE(it->SeekGE(prefix).ok());
        ASSERT_TRUE(it->Valid());
        victim.assign(it->key());
    }
    Raw([&](jetstore::storage::TxnWriter& w) { return w.Delete(victim); });
    r = Util("integrity " + DbPath());
    EXPECT_EQ(1, r.status) << r.out;
}

TEST_F(UtilTest, ADatabaseThatNeedsRecoveryIsRecovered) {
    Make(10, JET_bitTermDirty);
    ToolRun r = Util("integrity " + DbPath());
    EXPECT_EQ(1, r.status) << r.out;
    EXPECT_NE(std::string::npos, r.out.find("recover")) << r.out;
    EXPECT_EQ(1, Util("compact " + DbPath() + " " + Data() + "small.edb").status);
    r = Util("recover " + Data());
    EXPECT_EQ(0, r.status) << r.out;
    r = Util("integrity " + DbPath());
    EXPECT_EQ(0, r.status) << r.out;
    EXPECT_NE(std::string::npos, Util("dump " + Data() + "edb.chk").out.find("clean"));
}

TEST_F(UtilTest, CopyAndCompactMakeCheckedDatabases) {
    Make(200);
    ToolRun r = Util("copy " + DbPath() + " " + dir_.Path() + "copy.edb");
    EXPECT_EQ(0, r.status) << r.out;
    EXPECT_EQ(0, Util("integrity " + dir_.Path() + "copy.edb").status);
    r = Util("compact " + DbPath() + " " + dir_.Path() + "compact.edb");
    EXPECT_EQ(0, r.status) << r.out;
    EXPECT_LE(fs::file_size(dir_.Path() + "compact.edb"), fs::file_size(dir_.Path() + "copy.edb"));
    r = Util("integrity " + dir_.Path() + "compact.edb");
    EXPECT_EQ(0, r.status) << r.out;
    EXPECT_NE(std::string::npos, Util("dump " + dir_.Path() + "compact.edb").out.find("table t: 200 records"));
    EXPECT_EQ(3, Util("copy " + Data() + "none.edb " + dir_.Path() + "x.edb").status);
}

TEST_F(UtilTest, RestoreFromABackupFolder) {
    Make(25);
    {
        LogInstance li(Data());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Open(DbPath(), &db));
        ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), (dir_.Path() + "bak").c_str(), 0, nullptr));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }
    fs::remove_all(Data());
    ToolRun r = Util("restore " + dir_.Path() + "bak " + Data());
    EXPECT_EQ(0, r.status) << r.out;
    EXPECT_NE(std::string::npos, Util("dump " + DbPath()).out.find("table t: 25 records"));
    EXPECT_EQ(1, Util("restore " + dir_.Path() + "data " + dir_.Path() + "elsewhere").status);  // not a backup
}

TEST_F(UtilTest, RestoreToAPointStopsTheNewerLogsThere) {
    Make(25);
    std::uint32_t point = 0;
    {
        LogInstance li(Data());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Open(DbPath(), &db));
        ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), (dir_.Path() + "bak").c_str(), 0, nullptr));
        for (int k = 100; k < 110; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "later"));
        // The point: the end of the generation holding 100..109.
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(li.session(), JET_bitForceNewLog));
        JETSTORE_LOG_STATS st{};
        st.cbStruct = sizeof st;
        ASSERT_EQ(JET_errSuccess, JetstoreGetLogStats(li.instance(), &st));
        point = static_cast<std::uint32_t>(st.lGeneration) - 1;
        for (int k = 200; k < 205; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "after the point"));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }
    fs::remove(DbPath());
    // The same folder, kept for the negative control below.
    const std::string copy = dir_.Path() + "copy/";
    fs::copy(Data(), copy);
    EXPECT_EQ(2, Util("restore --stop x " + dir_.Path() + "bak " + Data()).status);
    EXPECT_EQ(2, Util("restore --stop 0 " + dir_.Path() + "bak " + Data()).status);
    ToolRun r = Util("restore --stop " + std::to_string(point) + " " + dir_.Path() + "bak " + Data());
    EXPECT_EQ(0, r.status) << r.out;
    EXPECT_NE(std::string::npos, Util("dump " + DbPath()).out.find("table t: 35 records")) << Util("dump " + DbPath()).out;
    // Negative control: the copy restored without the stop replays the later rows too.
    r = Util("restore --dest " + copy + " " + dir_.Path() + "bak " + copy);
    EXPECT_EQ(0, r.status) << r.out;
    EXPECT_NE(std::string::npos, Util("dump " + copy + "db.edb").out.find("table t: 40 records"));
    // And the cut log holds nothing past the point: a plain restore gives the point again.
    fs::remove(DbPath());
    r = Util("restore " + dir_.Path() + "bak " + Data());
    EXPECT_EQ(0, r.status) << r.out;
    EXPECT_NE(std::string::npos, Util("dump " + DbPath()).out.find("table t: 35 records"));
    // recover --stop before where the database stands: refused, nothing changed.
    r = Util("recover --stop 1:0 " + Data());
    EXPECT_EQ(3, r.status) << r.out;
    EXPECT_NE(std::string::npos, r.out.find("JET_errDbTimeTooNew")) << r.out;
}

}  // namespace
