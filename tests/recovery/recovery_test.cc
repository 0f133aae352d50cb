// Crash recovery through the C API: a dirty stop is replayed at the next JetInit, a clean one
// needs nothing, a deleted database comes back from the log (esent's LC-22), a torn tail is the
// normal end of a crash, corruption and missing generations fail JetInit with esent's codes and
// change nothing, and the log's parameters (circular logging, ForceNewLog, the checkpoint depth)
// do what esent's do.
#include <esent.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "engine/seams.h"
#include "tests/recovery/log_fixture.h"
#include "tests/test_support.h"

namespace {

namespace fs = std::filesystem;
namespace seam = jetstore::engine::seam;
using jetstore::test::LogDb;
using jetstore::test::LogInstance;
using jetstore::test::LogInstanceOptions;

class RecoveryTest : public ::testing::Test {
protected:
    RecoveryTest() : dir_("jetstore_recovery_") {}
    void SetUp() override { ASSERT_EQ(0UL, jetstore::test::LiveInstanceCount()); }
    void TearDown() override { EXPECT_EQ(0UL, jetstore::test::LiveInstanceCount()); }

    std::string Folder() const { return dir_.Path(); }
    std::string DbPath(const std::string& name = "db.edb") const { return dir_.Path() + name; }

    // Commits rows 1..n (value "r<k>") one transaction each, then stops as `term` says.
    void Populate(int n, JET_GRBIT term, LogInstanceOptions options = {}) {
        LogInstance li(Folder(), options);
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        for (int k = 1; k <= n; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        const JET_ERR expected = (term & JET_bitTermDirty) != 0 ? JET_errDirtyShutdown : JET_errSuccess;
        ASSERT_EQ(expected, li.Term(term));
    }

    static std::map<std::int32_t, std::string> Expected(int n) {
        std::map<std::int32_t, std::string> rows;
        for (int k = 1; k <= n; ++k) rows[k] = "r" + std::to_string(k);
        return rows;
    }

    // Initializes, checks the rows, terminates cleanly.
    void ExpectRows(const std::map<std::int32_t, std::string>& want, bool recovered) {
        LogInstance li(Folder());
        ASSERT_EQ(JET_errSuccess, li.Init());
        EXPECT_EQ(recovered, seam::RecoveredAtLastInit(li.instance()));
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Open(DbPath(), &db));
        EXPECT_EQ(want, li.Rows(db));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }

    // The bytes of every file in the folder.
    std::map<std::string, std::string> Files() const {
        std::map<std::string, std::string> out;
        for (const auto& e : fs::directory_iterator(dir_.Path())) {
            if (!e.is_regular_file()) continue;
            std::ifstream in(e.path(), std::ios::binary);
            out[e.path().filename().string()] = std::string(std::istreambuf_iterator<char>(in), {});
        }
        return out;
    }

    void Poke(const std::string& path, std::uint64_t offset, const std::string& bytes) {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(offset));
        f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }

    jetstore::test::TempDir dir_;
};

TEST_F(RecoveryTest, ADirtyStopIsReplayedAtTheNextInit) {
    Populate(50, JET_bitTermDirty);
    ExpectRows(Expected(50), /*recovered=*/true);
    // And the recovered state is clean afterwards: no replay the time after.
    ExpectRows(Expected(50), /*recovered=*/false);
}

// A database created, lost to a crash, then created again over the same file
// (JET_bitDbOverwriteExisting) after recovery: the log knows two databases at one path. The next
// JetInit after a clean stop must start (it used to fail with JET_errDiskIO when it planned the
// file's current database first and then tried to open the same file for the older one). The
// planning order follows the databases' random signatures, so the scenario runs 8 times.
TEST_F(RecoveryTest, ADatabaseRecreatedOverItsFileAfterACrashDoesNotStopTheNextInit) {
    for (int round = 0; round < 8; ++round) {
        const std::string folder = Folder() + "round" + std::to_string(round) + "/";
        const std::string path = folder + "db.edb";
        {
            LogInstance li(folder);
            ASSERT_EQ(JET_errSuccess, li.Init());
            LogDb db;
            ASSERT_EQ(JET_errSuccess, li.Create(path, &db));
            ASSERT_EQ(JET_errSuccess, li.Put(db, 1, "lost with the old file"));
            ASSERT_EQ(JET_errDirtyShutdown, li.Term(JET_bitTermDirty));
        }
        {
            LogInstance li(folder);
            ASSERT_EQ(JET_errSuccess, li.Init());  // recovers; the database is left detached
            JET_DBID dbid = 0;
            ASSERT_EQ(JET_errSuccess, JetCreateDatabase(li.session(), path.c_str(), nullptr, &dbid,
                                                        JET_bitDbOverwriteExisting));
            ASSERT_EQ(JET_errSuccess, JetCloseDatabase(li.session(), dbid, 0));
            ASSERT_EQ(JET_errSuccess, li.Term());
        }
        LogInstance li(folder);
        ASSERT_EQ(JET_errSuccess, li.Init()) << "round " << round;
        JET_DBID dbid = 0;
        EXPECT_EQ(JET_errSuccess, JetAttachDatabase(li.session(), path.c_str(), 0));  // the new file
        EXPECT_EQ(JET_errSuccess, JetOpenDatabase(li.session(), path.c_str(), nullptr, &dbid, 0));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }
}

TEST_F(RecoveryTest, ACleanStopNeedsNoReplayAndLeavesTheCheckpointClean) {
    Populate(20, 0);
    LogInstance li(Folder());
    ASSERT_EQ(JET_errSuccess, li.Init());
    EXPECT_FALSE(seam::RecoveredAtLastInit(li.instance()));
    seam::LogStats stats;
    ASSERT_EQ(JET_errSuccess, seam::GetLogStats(li.instance(), &stats));
    EXPECT_EQ(0u, stats.replayed_records);
    ASSERT_EQ(JET_errSuccess, li.Term());
}

TEST_F(RecoveryTest, ReplayAppliesEveryCommitAfterTheCheckpoint) {
    {
        LogInstance li(Folder());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        for (int k = 1; k <= 10; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        ASSERT_EQ(JET_errSuccess, seam::CheckpointNow(li.instance()));
        for (int k = 11; k <= 30; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        ASSERT_EQ(JET_errSuccess, li.Put(db, 5, "changed"));
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(li.session()));
        ASSERT_EQ(JET_errSuccess, JetDelete(li.session(), db.t));  // row 5: the cursor is on it
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(li.session(), 0));
        ASSERT_EQ(JET_errDirtyShutdown, li.Term(JET_bitTermDirty));
    }
    auto want = Expected(30);
    want.erase(5);
    LogInstance li(Folder());
    ASSERT_EQ(JET_errSuccess, li.Init());
    seam::LogStats stats;
    ASSERT_EQ(JET_errSuccess, seam::GetLogStats(li.instance(), &stats));
    EXPECT_TRUE(stats.recovered);
    EXPECT_GE(stats.replayed_records, 22u);  // the commits after the checkpoint, not the 10 before
    EXPECT_LT(stats.replayed_records, 30u);
    EXPECT_EQ(1u, stats.replayed_databases);
    LogDb db;
    ASSERT_EQ(JET_errSuccess, li.Open(DbPath(), &db));
    EXPECT_EQ(want, li.Rows(db));
    ASSERT_EQ(JET_errSuccess, li.Term());
}

TEST_F(RecoveryTest, ADeletedDatabaseAndCheckpointAreRebuiltFromTheLog) {
    // esent's LC-22: after a clean stop, delete the database and the checkpoint file; with every
    // log generation kept, JetInit makes the database again from the log.
    Populate(40, 0, LogInstanceOptions{64, false, 0});
    ASSERT_TRUE(fs::remove(DbPath()));
    ASSERT_TRUE(fs::remove(Folder() + "edb.chk"));
    ExpectRows(Expected(40), /*recovered=*/true);
}

TEST_F(RecoveryTest, ATornTailIsTheNormalTraceOfACrash) {
    Populate(10, JET_bitTermDirty);
    // The last record loses its end (as a crash inside the write would leave it).
    const std::string log = Folder() + "edb.log";
    std::ifstream in(log, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::size_t end = bytes.size();
    while (end > 0 && bytes[end - 1] == '\0') --end;
    ASSERT_GT(end, 4096u);
    Poke(log, end - 10, std::string(10, '\x7f'));
    LogInstance li(Folder());
    ASSERT_EQ(JET_errSuccess, li.Init());
    LogDb db;
    ASSERT_EQ(JET_errSuccess, li.Open(DbPath(), &db));
    const auto rows = li.Rows(db);
    // Everything but, at most, the transaction whose record tore.
    EXPECT_GE(rows.size(), 9u);
    for (const auto& [k, v] : rows) EXPECT_EQ("r" + std::to_string(k), v);
    ASSERT_EQ(JET_errSuccess, li.Term());
}

// Writes 1000 rows through 64 KiB generations and stops dirty; the newest archived generation.
std::uint32_t ManyGenerations(RecoveryTest* t, const std::string& folder, const std::string& db_path) {
    // A deep checkpoint (a minute between checkpoints): the checkpoint stays in the oldest generations.
    LogInstance li(folder, LogInstanceOptions{64, false, 1ul << 30});
    EXPECT_EQ(JET_errSuccess, li.Init());
    LogDb db;
    EXPECT_EQ(JET_errSuccess, li.Create(db_path, &db));
    for (int k = 1; k <= 1000; ++k) EXPECT_EQ(JET_errSuccess, li.Put(db, k, std::string(200, 'x')));
    EXPECT_EQ(JET_errDirtyShutdown, li.Term(JET_bitTermDirty));
    (void)t;
    std::uint32_t newest = 0;
    for (const auto& e : fs::directory_iterator(folder)) {
        const std::string name = e.path().filename().string();
        if (name.size() == 12 && name.rfind("edb", 0) == 0 && name != "edbtmp.log") {
            newest = std::max(newest, static_cast<std::uint32_t>(std::stoul(name.substr(3, 5), nullptr, 16)));
        }
    }
    return newest;
}

std::string GenerationPath(const std::string& folder, std::uint32_t gen) {
    char name[32];
    std::snprintf(name, sizeof name, "edb%05X.log", gen);
    return folder + name;
}

TEST_F(RecoveryTest, ACorruptRecordInAnOlderGenerationFailsInitWithLogFileCorruptAndChangesNothing) {
    const std::uint32_t newest = ManyGenerations(this, Folder(), DbPath());
    ASSERT_GE(newest, 2u);
    Poke(GenerationPath(Folder(), newest), 4096 + 300, "\x01\x02\x03\x04");
    const auto before = Files();
    LogInstance li(Folder());
    EXPECT_EQ(JET_errLogFileCorrupt, li.Init());
    EXPECT_EQ(before, Files());
}

TEST_F(RecoveryTest, AMissingGenerationFailsInitWithMissingLogFileAndChangesNothing) {
    // Replay starts at the checkpoint; a generation after it is gone.
    const std::uint32_t newest = ManyGenerations(this, Folder(), DbPath());
    ASSERT_GE(newest, 2u);
    ASSERT_TRUE(fs::remove(GenerationPath(Folder(), newest)));
    const auto before = Files();
    LogInstance li(Folder());
    EXPECT_EQ(JET_errMissingLogFile, li.Init());
    EXPECT_EQ(before, Files());
}

TEST_F(RecoveryTest, ADirtyCheckpointWithoutItsLogFailsWithMissingLogFile) {
    Populate(5, JET_bitTermDirty);
    for (const auto& e : fs::directory_iterator(Folder())) {
        if (e.path().extension() == ".log") fs::remove(e.path());
    }
    LogInstance li(Folder());
    EXPECT_EQ(JET_errMissingLogFile, li.Init());
}

TEST_F(RecoveryTest, ACorruptCheckpointFileFailsWithCheckpointCorrupt) {
    Populate(5, 0);
    Poke(Folder() + "edb.chk", 20, "\xde\xad");
    LogInstance li(Folder());
    EXPECT_EQ(JET_errCheckpointCorrupt, li.Init());
}

TEST_F(RecoveryTest, LogStreamMustExistRefusesToStartANewLog) {
    LogInstance li(Folder());
    EXPECT_EQ(JET_errMissingLogFile, li.Init(JET_bitLogStreamMustExist));
}

TEST_F(RecoveryTest, ADatabaseDirtyInAnotherLogStreamCannotBeAttached) {
    Populate(5, JET_bitTermDirty);
    // Another instance, with another log folder, attaches the database that needs the first
    // one's recovery.
    jetstore::test::TempDir other("jetstore_recovery_other_");
    LogInstance li(other.Path());
    ASSERT_EQ(JET_errSuccess, li.Init());
    EXPECT_EQ(JET_errDatabaseDirtyShutdown, JetAttachDatabase(li.session(), DbPath().c_str(), 0));
    ASSERT_EQ(JET_errSuccess, li.Term());
    // Its own instance recovers it; then anyone may attach it.
    ExpectRows(Expected(5), /*recovered=*/true);
    LogInstance again(other.Path());
    ASSERT_EQ(JET_errSuccess, again.Init());
    LogDb db;
    ASSERT_EQ(JET_errSuccess, again.Open(DbPath(), &db));
    EXPECT_EQ(Expected(5), again.Rows(db));
    ASSERT_EQ(JET_errSuccess, again.Term());
}

TEST_F(RecoveryTest, ForceNewLogAdvancesTheGeneration) {
    LogInstance li(Folder());
    ASSERT_EQ(JET_errSuccess, li.Init());
    LogDb db;
    ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
    seam::LogStats before;
    ASSERT_EQ(JET_errSuccess, seam::GetLogStats(li.instance(), &before));
    for (int i = 0; i < 3; ++i) {
        ASSERT_EQ(JET_errSuccess, li.Put(db, i, "x"));
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(li.session(), JET_bitForceNewLog));  // [esent] outside a transaction
    }
    seam::LogStats after;
    ASSERT_EQ(JET_errSuccess, seam::GetLogStats(li.instance(), &after));
    EXPECT_EQ(before.generations + 3, after.generations);
    EXPECT_TRUE(fs::exists(Folder() + "edb00001.log"));
    ASSERT_EQ(JET_errSuccess, li.Term());
}

TEST_F(RecoveryTest, CircularLoggingDeletesGenerationsBehindTheCheckpoint) {
    LogInstance li(Folder(), LogInstanceOptions{64, true, 0});
    ASSERT_EQ(JET_errSuccess, li.Init());
    LogDb db;
    ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
    for (int k = 1; k <= 600; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, std::string(200, 'c')));
    ASSERT_EQ(JET_errSuccess, seam::CheckpointNow(li.instance()));
    seam::LogStats stats;
    ASSERT_EQ(JET_errSuccess, seam::GetLogStats(li.instance(), &stats));
    EXPECT_GE(stats.generations, 3u);
    EXPECT_FALSE(fs::exists(Folder() + "edb00001.log"));
    ASSERT_EQ(JET_errSuccess, li.Term());
}

TEST_F(RecoveryTest, WithoutCircularLoggingEveryGenerationStays) {
    LogInstance li(Folder(), LogInstanceOptions{64, false, 0});
    ASSERT_EQ(JET_errSuccess, li.Init());
    LogDb db;
    ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
    for (int k = 1; k <= 600; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, std::string(200, 'c')));
    ASSERT_EQ(JET_errSuccess, seam::CheckpointNow(li.instance()));
    EXPECT_TRUE(fs::exists(Folder() + "edb00001.log"));
    ASSERT_EQ(JET_errSuccess, li.Term());
}

TEST_F(RecoveryTest, TruncateLogsAfterRecoveryLeavesOnlyTheCurrentGeneration) {
    {
        LogInstance li(Folder(), LogInstanceOptions{64, false, 0});
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        for (int k = 1; k <= 300; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, std::string(200, 't')));
        ASSERT_EQ(JET_errDirtyShutdown, li.Term(JET_bitTermDirty));
    }
    LogInstance li(Folder(), LogInstanceOptions{64, false, 0});
    ASSERT_EQ(JET_errSuccess, li.Init(JET_bitTruncateLogsAfterRecovery));
    EXPECT_FALSE(fs::exists(Folder() + "edb00001.log"));
    LogDb db;
    ASSERT_EQ(JET_errSuccess, li.Open(DbPath(), &db));
    EXPECT_EQ(300u, li.Rows(db).size());
    ASSERT_EQ(JET_errSuccess, li.Term());
}

TEST_F(RecoveryTest, ATransactionAcrossTwoDatabasesIsReplayedIntoBoth) {
    {
        LogInstance li(Folder());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb a;
        LogDb b;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath("a.edb"), &a));
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath("b.edb"), &b));
        for (int k = 1; k <= 20; ++k) {
            ASSERT_EQ(JET_errSuccess, JetBeginTransaction(li.session()));
            ASSERT_EQ(JET_errSuccess, li.PutIn(a, k, "a" + std::to_string(k)));
            ASSERT_EQ(JET_errSuccess, li.PutIn(b, k, "b" + std::to_string(k)));
            ASSERT_EQ(JET_errSuccess, JetCommitTransaction(li.session(), 0));
        }
        ASSERT_EQ(JET_errDirtyShutdown, li.Term(JET_bitTermDirty));
    }
    LogInstance li(Folder());
    ASSERT_EQ(JET_errSuccess, li.Init());
    LogDb a;
    LogDb b;
    ASSERT_EQ(JET_errSuccess, li.Open(DbPath("a.edb"), &a));
    ASSERT_EQ(JET_errSuccess, li.Open(DbPath("b.edb"), &b));
    EXPECT_EQ(20u, li.Rows(a).size());
    EXPECT_EQ(20u, li.Rows(b).size());
    ASSERT_EQ(JET_errSuccess, li.Term());
}

TEST_F(RecoveryTest, ADetachedAndDeletedDatabaseDoesNotStopReplay) {
    {
        LogInstance li(Folder());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb gone;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath("gone.edb"), &gone));
        ASSERT_EQ(JET_errSuccess, li.Put(gone, 1, "x"));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(li.session(), gone.dbid, 0));
        ASSERT_EQ(JET_errSuccess, JetDetachDatabase(li.session(), DbPath("gone.edb").c_str()));
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        ASSERT_EQ(JET_errSuccess, li.Put(db, 1, "r1"));
        ASSERT_EQ(JET_errDirtyShutdown, li.Term(JET_bitTermDirty));
    }
    ASSERT_TRUE(fs::remove(DbPath("gone.edb")));
    ExpectRows(Expected(1), /*recovered=*/true);
}

TEST_F(RecoveryTest, ADeletedDatabaseWhoseCreationIsInTheLogIsMadeAgain) {
    Populate(5, JET_bitTermDirty);
    ASSERT_TRUE(fs::remove(DbPath()));
    ExpectRows(Expected(5), /*recovered=*/true);
}

TEST_F(RecoveryTest, AnAttachedDatabaseThatIsGoneFailsWithAttachedDatabaseMismatchUnlessIgnored) {
    // Created under one log stream, attached (not created) under another, written, and lost.
    Populate(2, 0);
    for (const auto& e : fs::directory_iterator(Folder())) {
        if (e.path().extension() == ".log" || e.path().extension() == ".chk") fs::remove(e.path());
    }
    {
        LogInstance li(Folder());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Open(DbPath(), &db));
        ASSERT_EQ(JET_errSuccess, li.Put(db, 3, "r3"));
        ASSERT_EQ(JET_errDirtyShutdown, li.Term(JET_bitTermDirty));
    }
    ASSERT_TRUE(fs::remove(DbPath()));
    const auto before = Files();
    {
        LogInstance li(Folder());
        EXPECT_EQ(JET_errAttachedDatabaseMismatch, li.Init());
    }
    EXPECT_EQ(before, Files());
    LogInstance li(Folder());
    EXPECT_EQ(JET_errSuccess, li.Init(JET_bitReplayIgnoreMissingDB));
    ASSERT_EQ(JET_errSuccess, li.Term());
}

TEST_F(RecoveryTest, ReplayIsIdempotent) {
    Populate(30, JET_bitTermDirty);
    // Recover twice over the same log: the second replay finds everything applied.
    const std::string chk = Folder() + "edb.chk";
    const std::string saved = [&] {
        std::ifstream in(chk, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }();
    {
        LogInstance li(Folder());
        ASSERT_EQ(JET_errSuccess, li.Init());
        ASSERT_EQ(JET_errDirtyShutdown, li.Term(JET_bitTermDirty));
    }
    {  // the old, dirty checkpoint again: replay runs once more over the applied records
        std::ofstream out(chk, std::ios::binary | std::ios::trunc);
        out << saved;
    }
    ExpectRows(Expected(30), /*recovered=*/true);
}

}  // namespace

namespace {

TEST_F(RecoveryTest, ARollbackThatCannotCompleteFailsTheInstanceAndTheNextInitRecovers) {
    {
        LogInstance li(Folder());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        ASSERT_EQ(JET_errSuccess, li.Put(db, 1, "r1"));
        ASSERT_EQ(JET_errSuccess, JetBeginTransaction(li.session()));
        ASSERT_EQ(JET_errSuccess, li.PutIn(db, 2, "never"));
        seam::FailNextRollbackForTesting();
        EXPECT_EQ(JET_errRollbackError, JetRollback(li.session(), 0));
        // Failed: every later call is refused, JetTerm stops it dirty and succeeds.
        EXPECT_EQ(JET_errInstanceUnavailable, JetBeginTransaction(li.session()));
        JET_SESID other = 0;
        EXPECT_EQ(JET_errInstanceUnavailable, JetBeginSession(li.instance(), &other, nullptr, nullptr));
        EXPECT_EQ(JET_errSuccess, li.Term());
    }
    ExpectRows(Expected(1), /*recovered=*/true);
}

}  // namespace
