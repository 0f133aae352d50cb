// Point-in-time recovery: JetInit3's JET_RSTINFO lgposStop after an external restore (the
// backup's database and logs copied into place, the checkpoint file removed), at a generation's
// end and at a record inside a generation; the log cut there, so that the instance goes on from
// the stop and nothing past it ever comes back; a stop a database has already passed refused with
// nothing changed; a stop past the log's end changes nothing; a recovery killed inside the cut
// finished by the same JetInit3. Also the restore path's stop (engine::RestoreInstance, which
// `jetstore-util restore --stop` calls).
#include <esent.h>
#include <jetstore/log_stats.h>

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/backup.h"
#include "storage/commit_log.h"
#include "storage/kill_point.h"
#include "tests/recovery/log_fixture.h"
#include "tests/test_support.h"

namespace {

namespace fs = std::filesystem;
using jetstore::test::LogDb;
using jetstore::test::LogInstance;
using jetstore::test::LogInstanceOptions;

std::map<std::int32_t, std::string> Expected(int from, int to) {
    std::map<std::int32_t, std::string> rows;
    for (int k = from; k <= to; ++k) rows[k] = "r" + std::to_string(k);
    return rows;
}

std::map<std::int32_t, std::string> Join(std::map<std::int32_t, std::string> a, const std::map<std::int32_t, std::string>& b) {
    a.insert(b.begin(), b.end());
    return a;
}

std::string Bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every regular file of a folder: its bytes' size and hash.
std::map<std::string, std::size_t> Files(const std::string& folder) {
    std::map<std::string, std::size_t> out;
    for (const auto& e : fs::directory_iterator(folder)) {
        if (!e.is_regular_file() || e.path().filename().string().ends_with("-lock")) continue;
        out[e.path().filename().string()] = std::hash<std::string>{}(Bytes(e.path().string()));
    }
    return out;
}

std::uint32_t CurrentGeneration(JET_INSTANCE inst) {
    JETSTORE_LOG_STATS st{};
    st.cbStruct = sizeof st;
    EXPECT_EQ(JET_errSuccess, JetstoreGetLogStats(inst, &st));
    return static_cast<std::uint32_t>(st.lGeneration);
}

JET_LGPOS Lgpos(std::uint32_t generation, std::uint64_t offset) {
    JET_LGPOS at{};
    at.lGeneration = static_cast<decltype(at.lGeneration)>(generation);
    at.isec = static_cast<unsigned short>(offset / 512);
    at.ib = static_cast<unsigned short>(offset % 512);
    return at;
}

class PointInTimeTest : public ::testing::Test {
protected:
    PointInTimeTest() : dir_("jetstore_pit_") {}
    void SetUp() override { ASSERT_EQ(0UL, jetstore::test::LiveInstanceCount()); }
    void TearDown() override { EXPECT_EQ(0UL, jetstore::test::LiveInstanceCount()); }

    std::string Data() const { return dir_.Sub("data"); }
    std::string Bak() const { return dir_.Path() + "backup/"; }
    std::string DbPath() const { return Data() + "db.edb"; }

    // 1..20 before a full backup, 21..40 after it, a new generation begun (its number in
    // *stop_generation: everything before it is 1..40), then 41..60, and a dirty stop.
    void History(std::uint32_t* stop_generation) {
        LogInstance li(Data(), LogInstanceOptions{64, false, 0});
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        for (int k = 1; k <= 20; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), Bak().c_str(), 0, nullptr));
        for (int k = 21; k <= 40; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k), k % 3 == 0));
        ASSERT_EQ(JET_errSuccess, JetCommitTransaction(li.session(), JET_bitForceNewLog));
        *stop_generation = CurrentGeneration(li.instance());
        for (int k = 41; k <= 60; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k), k % 3 == 0));
        ASSERT_EQ(JET_errDirtyShutdown, li.Term(JET_bitTermDirty));
    }

    // An external restore: the backup's database and the logs the folder lacks copied into place,
    // the checkpoint file removed.
    void PlaceBackup() {
        fs::remove(Data() + "edb.chk");
        fs::remove(DbPath());
        fs::remove(DbPath() + "-lock");
        for (const auto& e : fs::directory_iterator(Bak())) {
            const std::string name = e.path().filename().string();
            if (name == "db.edb") fs::copy_file(e.path(), DbPath());
            if (name.ends_with(".log") && !fs::exists(Data() + name)) fs::copy_file(e.path(), Data() + name);
        }
    }

    JET_ERR InitWithStop(const JET_LGPOS& stop) {
        LogInstance li(Data(), LogInstanceOptions{64, false, 0});
        JET_ERR err = li.CreateConfigured();
        if (err < 0) return err;
        JET_RSTINFO info{};
        info.cbStruct = sizeof info;
        info.lgposStop = stop;
        JET_INSTANCE inst = li.instance();
        err = JetInit3(&inst, &info, 0);
        if (err >= 0) err = JetTerm(inst);
        return err;
    }

    std::map<std::int32_t, std::string> RowsOf(const std::string& path) {
        LogInstance li(Data(), LogInstanceOptions{64, false, 0});
        EXPECT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        EXPECT_EQ(JET_errSuccess, li.Open(path, &db));
        auto rows = li.Rows(db);
        EXPECT_EQ(JET_errSuccess, li.Term());
        return rows;
    }

    // Adds rows [from, to] to the database and stops cleanly.
    void Append(int from, int to) {
        LogInstance li(Data(), LogInstanceOptions{64, false, 0});
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Open(DbPath(), &db));
        for (int k = from; k <= to; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }

    // Where the commit record that inserted row `k` begins (its value, "r<k>", is in it), if the
    // log holds it.
    std::optional<jetstore::storage::LogPosition> PositionOf(int k) {
        std::optional<jetstore::storage::LogPosition> out;
        const std::string value = "r" + std::to_string(k);
        jetstore::storage::LogScan scan;
        const auto s = jetstore::storage::ScanLog(
            Data(), "edb", 0, 0, 0, &scan,
            [&](const jetstore::storage::logfmt::RecordHeader& h, std::string_view payload, jetstore::storage::LogPosition at) {
                if (h.type == jetstore::storage::logfmt::RecordType::kCommit && payload.find(value) != std::string_view::npos) {
                    out = at;
                }
                return jetstore::storage::Status::Ok();
            });
        EXPECT_TRUE(s.ok());
        return out;
    }

    jetstore::test::TempDir dir_;
};

TEST_F(PointInTimeTest, AStopAtAGenerationBringsTheRestoredDatabaseToThatMomentAndCutsTheLog) {
    std::uint32_t stop = 0;
    History(&stop);
    ASSERT_GT(stop, 1u);
    // Negative control: without a stop the same restore replays everything.
    PlaceBackup();
    EXPECT_EQ(Expected(1, 60), RowsOf(DbPath()));
    // Everything before generation `stop`, a second time from the backup. (The first replay went
    // to the end and the log is whole: the same files give the same start.)
    PlaceBackup();
    ASSERT_EQ(JET_errSuccess, InitWithStop(Lgpos(stop, 0)));
    EXPECT_EQ(Expected(1, 40), RowsOf(DbPath()));
    // The log now ends at the stop: new commits follow it, and a plain recovery (even from the
    // backup again) never brings 41..60 back.
    Append(100, 110);
    EXPECT_EQ(Join(Expected(1, 40), Expected(100, 110)), RowsOf(DbPath()));
    PlaceBackup();
    EXPECT_EQ(Join(Expected(1, 40), Expected(100, 110)), RowsOf(DbPath()));
}

TEST_F(PointInTimeTest, AStopInsideAGenerationReplaysTheRecordsThatBeginBeforeIt) {
    std::uint32_t stop = 0;
    History(&stop);
    PlaceBackup();
    // The commit of row 50: stop at its first byte.
    const auto at = PositionOf(50);
    ASSERT_TRUE(at.has_value());
    ASSERT_EQ(stop, at->generation);
    ASSERT_TRUE(PositionOf(49).has_value());
    ASSERT_EQ(JET_errSuccess, InitWithStop(Lgpos(at->generation, at->offset)));
    EXPECT_EQ(Expected(1, 49), RowsOf(DbPath()));
    EXPECT_TRUE(PositionOf(49).has_value());
    EXPECT_FALSE(PositionOf(50).has_value());  // the records past the stop are gone from the log
    EXPECT_FALSE(PositionOf(60).has_value());
    Append(70, 75);
    PlaceBackup();
    EXPECT_EQ(Join(Expected(1, 49), Expected(70, 75)), RowsOf(DbPath()));
}

TEST_F(PointInTimeTest, AStopPastTheEndChangesNothingAndTheEndOfAGenerationIsAllOfIt) {
    std::uint32_t stop = 0;
    History(&stop);
    PlaceBackup();
    JET_LGPOS end_of{};
    end_of.lGeneration = static_cast<decltype(end_of.lGeneration)>(stop + 5);
    end_of.isec = end_of.ib = 0xFFFF;
    ASSERT_EQ(JET_errSuccess, InitWithStop(end_of));
    EXPECT_EQ(Expected(1, 60), RowsOf(DbPath()));
    // The end of the generation before `stop`: everything in it, so 1..40.
    PlaceBackup();
    end_of.lGeneration = static_cast<decltype(end_of.lGeneration)>(stop - 1);
    ASSERT_EQ(JET_errSuccess, InitWithStop(end_of));
    EXPECT_EQ(Expected(1, 40), RowsOf(DbPath()));
}

TEST_F(PointInTimeTest, ADatabasePastTheStopIsRefusedWithNothingChanged) {
    std::uint32_t stop = 0;
    History(&stop);
    // Recovered to the end: the database stands past any earlier stop.
    EXPECT_EQ(Expected(1, 60), RowsOf(DbPath()));
    const auto before = Files(Data());
    EXPECT_EQ(JET_errDbTimeTooNew, InitWithStop(Lgpos(stop, 0)));
    EXPECT_EQ(before, Files(Data()));
    EXPECT_EQ(Expected(1, 60), RowsOf(DbPath()));
    // A negative generation is a bad parameter.
    JET_LGPOS bad{};
    bad.lGeneration = -3;
    EXPECT_EQ(JET_errInvalidParameter, InitWithStop(bad));
}

TEST_F(PointInTimeTest, ARecoveryKilledInsideTheCutIsFinishedByTheSameStop) {
    std::uint32_t stop = 0;
    History(&stop);
    PlaceBackup();
    // Row 30's commit lies in a generation before `stop`: later generations are there to delete.
    const auto row30 = PositionOf(30);
    ASSERT_TRUE(row30.has_value());
    ASSERT_LT(row30->generation, stop);
    const JET_LGPOS at = Lgpos(row30->generation, row30->offset);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        jetstore::storage::ArmKillPoint("log-cut", 1);
        (void)InitWithStop(at);
        _exit(20);
    }
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "log-cut was not reached";
    // A plain recovery now cannot read past the stop (the later records are ended away and
    // nothing continues them): it refuses rather than replay past the point.
    {
        LogInstance li(Data(), LogInstanceOptions{64, false, 0});
        EXPECT_EQ(JET_errLogFileCorrupt, li.Init());
    }
    ASSERT_EQ(JET_errSuccess, InitWithStop(at));
    EXPECT_EQ(Expected(1, 29), RowsOf(DbPath()));
}

TEST_F(PointInTimeTest, ARestoreWithAStopReplaysTheNewerLogsUpToIt) {
    std::uint32_t stop = 0;
    History(&stop);
    fs::remove(DbPath());
    LogInstance restorer(Data(), LogInstanceOptions{64, false, 0});
    ASSERT_EQ(JET_errSuccess, restorer.CreateConfigured());
    ASSERT_EQ(JET_errSuccess, jetstore::engine::RestoreInstance(restorer.instance(), Bak().c_str(), nullptr, nullptr,
                                                                jetstore::storage::LogPosition{stop, 0}));
    EXPECT_EQ(Expected(1, 40), RowsOf(DbPath()));
}

}  // namespace
