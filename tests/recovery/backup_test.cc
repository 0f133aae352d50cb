// Backup and restore through the C API: full, atomic and incremental backups and what a restore of
// each gives back (esent's BR-01, and the newer logs of the log folder replayed after the
// backup's), one moment across databases under concurrent commits, esent's codes and their order,
// a damaged backup refused with nothing changed, the Restoring state seen by other calls, JetTerm
// and JetStopBackupInstance against a running backup, a restore killed at its named points, and
// JetInit3's relocation map (BR-03).
#include <esent.h>

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "engine/os_snapshot.h"
#include "engine/seams.h"
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

// The bytes of a file.
std::string Bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every regular file under `folder` (recursively) by relative path: its size and a hash of its
// bytes (short enough to print when a comparison fails).
std::map<std::string, std::string> Files(const std::string& folder) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(folder)) {
        if (!e.is_regular_file()) continue;
        const std::string bytes = Bytes(e.path().string());
        out[fs::relative(e.path(), folder).string()] =
            std::to_string(bytes.size()) + ":" + std::to_string(std::hash<std::string>{}(bytes));
    }
    return out;
}

void Poke(const std::string& path, std::uint64_t offset, const std::string& bytes) {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(offset));
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void EmptyFolder(const std::string& folder) {
    for (const auto& e : fs::directory_iterator(folder)) fs::remove_all(e.path());
}

// Counts a status callback's calls.
struct Calls {
    int begin = 0, progress = 0, complete = 0, fail = 0;
    bool progress_ok = true;  // cunitDone <= cunitTotal in every progress call
};
Calls g_calls;
JET_ERR JET_API CountingStatus(JET_SESID, JET_SNP, JET_SNT snt, void* pv) {
    if (snt == JET_sntBegin) ++g_calls.begin;
    if (snt == JET_sntComplete) ++g_calls.complete;
    if (snt == JET_sntFail) ++g_calls.fail;
    if (snt == JET_sntProgress) {
        ++g_calls.progress;
        const auto* p = static_cast<const JET_SNPROG*>(pv);
        if (p == nullptr || p->cunitDone > p->cunitTotal) g_calls.progress_ok = false;
    }
    return JET_errSuccess;
}

class BackupTest : public ::testing::Test {
protected:
    BackupTest() : dir_("jetstore_backup_") {}
    void SetUp() override { ASSERT_EQ(0UL, jetstore::test::LiveInstanceCount()); }
    void TearDown() override { EXPECT_EQ(0UL, jetstore::test::LiveInstanceCount()); }

    std::string Data() const { return dir_.Sub("data"); }
    std::string Bak() const { return dir_.Path() + "backup/"; }
    std::string DbPath(const std::string& name = "db.edb") const { return Data() + name; }

    // Rows of `path` after a JetInit of the data folder.
    std::map<std::int32_t, std::string> RowsOf(const std::string& path) {
        LogInstance li(Data());
        EXPECT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        EXPECT_EQ(JET_errSuccess, li.Open(path, &db));
        auto rows = li.Rows(db);
        EXPECT_EQ(JET_errSuccess, li.Term());
        return rows;
    }

    jetstore::test::TempDir dir_;
};

TEST_F(BackupTest, AFullBackupRestoresIntoAnEmptiedFolder) {
    {
        LogInstance li(Data());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        for (int k = 1; k <= 50; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k), k % 2 == 0));
        g_calls = {};
        ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), Bak().c_str(), 0, CountingStatus));
        EXPECT_EQ(1, g_calls.begin);
        EXPECT_EQ(1, g_calls.complete);
        EXPECT_GE(g_calls.progress, 1);
        EXPECT_TRUE(g_calls.progress_ok);
        ASSERT_EQ(JET_errSuccess, li.Term());
    }
    EXPECT_TRUE(fs::exists(Bak() + "jetstore-backup.manifest"));
    EXPECT_TRUE(fs::exists(Bak() + "db.edb"));
    fs::remove_all(Data());
    LogInstance restorer(Data());
    g_calls = {};
    ASSERT_EQ(JET_errSuccess, restorer.Restore(Bak(), nullptr, CountingStatus));
    EXPECT_EQ(1, g_calls.begin);
    EXPECT_EQ(1, g_calls.complete);
    EXPECT_GE(g_calls.progress, 2);
    EXPECT_TRUE(g_calls.progress_ok);
    EXPECT_EQ(Expected(1, 50), RowsOf(DbPath()));
}

TEST_F(BackupTest, RestoreReplaysTheNewerLogsOfTheLogFolder) {
    {
        LogInstance li(Data());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        for (int k = 1; k <= 30; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), Bak().c_str(), 0, nullptr));
        for (int k = 31; k <= 60; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        ASSERT_EQ(JET_errDirtyShutdown, li.Term(JET_bitTermDirty));
    }
    // The database is lost; the logs since the backup are not.
    fs::remove(DbPath());
    LogInstance restorer(Data());
    ASSERT_EQ(JET_errSuccess, restorer.Restore(Bak()));
    EXPECT_EQ(Expected(1, 60), RowsOf(DbPath()));
}

TEST_F(BackupTest, AnIncrementalBackupIntoTheFullOnesFolderRestoresBoth) {
    {
        LogInstance li(Data(), LogInstanceOptions{64, false, 0});
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        for (int k = 1; k <= 20; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), Bak().c_str(), 0, nullptr));
        for (int k = 21; k <= 40; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), Bak().c_str(), JET_bitBackupIncremental, nullptr));
        for (int k = 41; k <= 45; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }
    int incrementals = 0;
    for (const auto& e : fs::directory_iterator(Bak())) {
        if (e.path().filename().string().rfind("jetstore-incremental-", 0) == 0) ++incrementals;
    }
    EXPECT_EQ(1, incrementals);
    fs::remove_all(Data());  // logs too: the backup set is all there is
    LogInstance restorer(Data());
    ASSERT_EQ(JET_errSuccess, restorer.Restore(Bak()));
    EXPECT_EQ(Expected(1, 40), RowsOf(DbPath()));
}

TEST_F(BackupTest, AnAtomicBackupRotatesNewAndOld) {
    LogInstance li(Data());
    ASSERT_EQ(JET_errSuccess, li.Init());
    LogDb db;
    ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
    for (int k = 1; k <= 5; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
    ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), Bak().c_str(), JET_bitBackupAtomic, nullptr));
    EXPECT_TRUE(fs::exists(Bak() + "new/jetstore-backup.manifest"));
    EXPECT_FALSE(fs::exists(Bak() + "old"));
    for (int k = 6; k <= 10; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
    ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), Bak().c_str(), JET_bitBackupAtomic, nullptr));
    EXPECT_TRUE(fs::exists(Bak() + "new/jetstore-backup.manifest"));
    EXPECT_TRUE(fs::exists(Bak() + "old/jetstore-backup.manifest"));
    EXPECT_FALSE(fs::exists(Bak() + "temp"));
    ASSERT_EQ(JET_errSuccess, li.Term());
    fs::remove_all(Data());
    LogInstance restorer(Data());
    ASSERT_EQ(JET_errSuccess, restorer.Restore(Bak() + "new"));
    EXPECT_EQ(Expected(1, 10), RowsOf(DbPath()));
    fs::remove_all(Data());
    ASSERT_EQ(JET_errSuccess, restorer.Restore(Bak() + "old"));
    EXPECT_EQ(Expected(1, 5), RowsOf(DbPath()));
}

TEST_F(BackupTest, BackupCodesComeInEsentsOrder) {
    // Not initialized yet.
    {
        LogInstance li(Data());
        ASSERT_EQ(JET_errSuccess, li.CreateConfigured());
        EXPECT_EQ(JET_errBackupNotAllowedYet, JetBackupInstance(li.instance(), Bak().c_str(), 0, nullptr));
        EXPECT_EQ(JET_errInvalidGrbit, JetBackupInstance(li.instance(), Bak().c_str(), 0x100, nullptr));
        JetTerm(li.instance());
    }
    EXPECT_EQ(JET_errInvalidParameter, JetBackupInstance(JET_instanceNil, Bak().c_str(), 0, nullptr));
    // Logging off.
    {
        JET_INSTANCE inst = 0;
        ASSERT_EQ(JET_errSuccess, JetCreateInstance(&inst, "backup_recovery_off"));
        JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, Data().c_str());
        JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, Data().c_str());
        JetSetSystemParameter(&inst, 0, JET_paramRecovery, 0, "off");
        JetSetSystemParameter(&inst, 0, JET_paramMaxTemporaryTables, 0, nullptr);
        ASSERT_EQ(JET_errSuccess, JetInit(&inst));
        EXPECT_EQ(JET_errLoggingDisabled, JetBackupInstance(inst, Bak().c_str(), 0, nullptr));
        EXPECT_EQ(JET_errLoggingDisabled, JetBackupInstance(inst, Bak().c_str(), JET_bitBackupIncremental, nullptr));
        ASSERT_EQ(JET_errSuccess, JetTerm(inst));
    }
    // Circular logging refuses incremental backups; an incremental needs a full one first; a
    // full non-atomic one needs an empty folder.
    {
        LogInstance li(Data(), LogInstanceOptions{256, true, 0});
        ASSERT_EQ(JET_errSuccess, li.Init());
        EXPECT_EQ(JET_errInvalidBackup, JetBackupInstance(li.instance(), Bak().c_str(), JET_bitBackupIncremental, nullptr));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }
    {
        LogInstance li(dir_.Sub("other"));
        ASSERT_EQ(JET_errSuccess, li.Init());
        EXPECT_EQ(JET_errMissingFullBackup, JetBackupInstance(li.instance(), Bak().c_str(), JET_bitBackupIncremental, nullptr));
        fs::create_directories(Bak());
        std::ofstream(Bak() + "stranger").put('x');
        EXPECT_EQ(JET_errBackupDirectoryNotEmpty, JetBackupInstance(li.instance(), Bak().c_str(), 0, nullptr));
        // Atomic backups go to temp/ and may share the folder.
        EXPECT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), Bak().c_str(), JET_bitBackupAtomic, nullptr));
        EXPECT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), Bak().c_str(), JET_bitBackupIncremental, nullptr));
        // A NULL path only truncates.
        EXPECT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), nullptr, 0, nullptr));
        // The legacy calls need one-instance mode.
        EXPECT_EQ(JET_errRunningInMultiInstanceMode, JetBackup(Bak().c_str(), 0, nullptr));
        EXPECT_EQ(JET_errRunningInMultiInstanceMode, JetRestore(Bak().c_str(), nullptr));
        EXPECT_EQ(JET_errRunningInMultiInstanceMode, JetRestore2(Bak().c_str(), nullptr, nullptr));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }
}

TEST_F(BackupTest, ABackupTruncatesTheGenerationsNobodyNeedsAndIncrementalsStillChain) {
    LogInstance li(Data(), LogInstanceOptions{64, false, 0});
    ASSERT_EQ(JET_errSuccess, li.Init());
    LogDb db;
    ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
    for (int k = 1; k <= 600; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k) + std::string(1000, 'x')));
    auto generations = [&] {
        int n = 0;
        for (const auto& e : fs::directory_iterator(Data())) {
            const std::string name = e.path().filename().string();
            if (name.size() == 12 && name.rfind("edb", 0) == 0 && name.ends_with(".log") && name != "edbtmp.log") ++n;
        }
        return n;
    };
    ASSERT_EQ(JET_errSuccess, jetstore::engine::seam::CheckpointNow(li.instance()));
    const int before = generations();
    ASSERT_GT(before, 3);
    ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), Bak().c_str(), 0, nullptr));
    EXPECT_LT(generations(), before);
    // The next incremental backup finds every generation since this one.
    for (int k = 601; k <= 700; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
    ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), Bak().c_str(), JET_bitBackupIncremental, nullptr));
    ASSERT_EQ(JET_errSuccess, li.Term());
    fs::remove_all(Data());
    LogInstance restorer(Data(), LogInstanceOptions{64, false, 0});
    ASSERT_EQ(JET_errSuccess, restorer.Restore(Bak()));
    const auto rows = RowsOf(DbPath());
    EXPECT_EQ(700u, rows.size());
}

TEST_F(BackupTest, ADamagedBackupIsRefusedAndChangesNothing) {
    {
        LogInstance li(Data());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        for (int k = 1; k <= 20; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), Bak().c_str(), 0, nullptr));
        for (int k = 21; k <= 25; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }
    std::map<std::string, std::string> pristine;
    for (const auto& e : fs::directory_iterator(Bak())) pristine[e.path().filename().string()] = Bytes(e.path().string());
    const auto data_before = Files(Data());
    auto restore = [&] {
        LogInstance restorer(Data());
        return restorer.Restore(Bak());
    };
    auto reset_backup = [&] {
        EmptyFolder(Bak());
        for (const auto& [name, bytes] : pristine) std::ofstream(Bak() + name, std::ios::binary) << bytes;
    };
    std::string log_name;
    for (const auto& [name, bytes] : pristine) {
        if (name.ends_with(".log")) log_name = name;
    }
    ASSERT_FALSE(log_name.empty());

    // A flipped byte in the database copy: checksum.
    Poke(Bak() + "db.edb", 5000, "\x5a");
    EXPECT_EQ(JET_errReadVerifyFailure, restore());
    EXPECT_EQ(data_before, Files(Data()));
    reset_backup();
    // A flipped byte in a log generation.
    Poke(Bak() + log_name, 4100, "\x5a");
    EXPECT_EQ(JET_errReadVerifyFailure, restore());
    EXPECT_EQ(data_before, Files(Data()));
    reset_backup();
    // A short file.
    fs::resize_file(Bak() + log_name, fs::file_size(Bak() + log_name) - 1);
    EXPECT_EQ(JET_errDatabaseCorrupted, restore());
    EXPECT_EQ(data_before, Files(Data()));
    reset_backup();
    // A missing file.
    fs::remove(Bak() + "db.edb");
    EXPECT_EQ(JET_errFileNotFound, restore());
    EXPECT_EQ(data_before, Files(Data()));
    reset_backup();
    // A manifest that fails its checksum, or none.
    Poke(Bak() + "jetstore-backup.manifest", 20, "X");
    EXPECT_EQ(JET_errInvalidBackup, restore());
    fs::remove(Bak() + "jetstore-backup.manifest");
    EXPECT_EQ(JET_errInvalidBackup, restore());
    EXPECT_EQ(JET_errInvalidPath, [&] {
        LogInstance restorer(Data());
        return restorer.Restore(dir_.Path() + "no-such-folder");
    }());
    EXPECT_EQ(data_before, Files(Data()));
    reset_backup();
    // Logs of another stream in the log folder.
    {
        LogInstance stranger(dir_.Sub("stranger"));
        ASSERT_EQ(JET_errSuccess, stranger.Init());
        ASSERT_EQ(JET_errSuccess, stranger.Term());
    }
    {
        LogInstance restorer(dir_.Sub("stranger"));
        EXPECT_EQ(JET_errInvalidLogSequence, restorer.Restore(Bak()));
    }
    // The intact backup still restores.
    EXPECT_EQ(JET_errSuccess, restore());
    EXPECT_EQ(Expected(1, 25), RowsOf(DbPath()));
}

// Other calls on the instance while it restores, from the status callback.
JET_INSTANCE g_restoring = 0;
std::vector<JET_ERR> g_during;
JET_ERR JET_API ProbeStatus(JET_SESID, JET_SNP, JET_SNT snt, void*) {
    if (snt == JET_sntProgress && g_during.empty()) {
        JET_SESID s = 0;
        g_during.push_back(JetBeginSession(g_restoring, &s, nullptr, nullptr));
        JET_INSTANCE i = g_restoring;
        g_during.push_back(JetInit(&i));
        g_during.push_back(JetTerm(g_restoring));
        g_during.push_back(JetRestoreInstance(g_restoring, "/nonexistent", nullptr, nullptr));
        g_during.push_back(JetBackupInstance(g_restoring, "/nonexistent", 0, nullptr));
    }
    return JET_errSuccess;
}

TEST_F(BackupTest, TheInstanceIsRestoringMeanwhileAndCreatedAfterwards) {
    {
        LogInstance li(Data());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        ASSERT_EQ(JET_errSuccess, li.Put(db, 1, "r1"));
        ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), Bak().c_str(), 0, nullptr));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }
    LogInstance li(Data());
    ASSERT_EQ(JET_errSuccess, li.CreateConfigured());
    g_restoring = li.instance();
    g_during.clear();
    ASSERT_EQ(JET_errSuccess, JetRestoreInstance(li.instance(), Bak().c_str(), nullptr, ProbeStatus));
    EXPECT_EQ((std::vector<JET_ERR>{JET_errRestoreInProgress, JET_errRestoreInProgress, JET_errRestoreInProgress,
                                    JET_errRestoreInProgress, JET_errBackupNotAllowedYet}),
              g_during);
    // Created again: it can be initialized (or restored again).
    EXPECT_EQ(JET_errAlreadyInitialized, [&] {
        JET_INSTANCE i = li.instance();
        EXPECT_EQ(JET_errSuccess, JetInit(&i));
        return JetRestoreInstance(li.instance(), Bak().c_str(), nullptr, nullptr);
    }());
    EXPECT_EQ(JET_errSuccess, JetTerm(li.instance()));
    EXPECT_EQ(JET_errInvalidParameter, JetRestoreInstance(0, nullptr, nullptr, nullptr));
}

TEST_F(BackupTest, RestoreIntoAnotherFolderReplaysThere) {
    {
        LogInstance li(Data());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        for (int k = 1; k <= 10; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), Bak().c_str(), 0, nullptr));
        for (int k = 11; k <= 15; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }
    const auto original = Files(Data());
    const std::string elsewhere = dir_.Path() + "elsewhere/";
    {
        LogInstance restorer(Data());
        ASSERT_EQ(JET_errSuccess, restorer.Restore(Bak(), elsewhere.c_str()));
    }
    EXPECT_TRUE(fs::exists(elsewhere + "db.edb"));
    EXPECT_EQ(original.at("db.edb"), Files(Data()).at("db.edb"));  // the original is untouched
    EXPECT_EQ(Expected(1, 15), RowsOf(elsewhere + "db.edb"));
}

TEST_F(BackupTest, ABackupUnderConcurrentCommitsIsOneMomentAcrossDatabases) {
    LogInstance li(Data());
    ASSERT_EQ(JET_errSuccess, li.Init());
    LogDb a, b;
    ASSERT_EQ(JET_errSuccess, li.Create(DbPath("a.edb"), &a));
    ASSERT_EQ(JET_errSuccess, li.Create(DbPath("b.edb"), &b));
    std::atomic<int> acked{0};
    std::atomic<bool> stop{false};
    std::atomic<int> backup_started_at{-1};
    std::thread writer([&] {
        JET_SESID s = 0;
        ASSERT_EQ(JET_errSuccess, JetBeginSession(li.instance(), &s, nullptr, nullptr));
        JET_DBID da = 0, db_ = 0;
        ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s, a.path.c_str(), nullptr, &da, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s, b.path.c_str(), nullptr, &db_, 0));
        JET_TABLEID ta = 0, tb = 0;
        ASSERT_EQ(JET_errSuccess, JetOpenTable(s, da, "t", nullptr, 0, 0, &ta));
        ASSERT_EQ(JET_errSuccess, JetOpenTable(s, db_, "t", nullptr, 0, 0, &tb));
        for (std::int32_t k = 1; !stop.load() && k < 1000000; ++k) {
            ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s));
            for (auto [t, kc, vc] : {std::tuple{ta, a.k, a.v}, std::tuple{tb, b.k, b.v}}) {
                ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
                ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, kc, &k, sizeof k, 0, nullptr));
                const std::string v = "r" + std::to_string(k);
                ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, vc, v.data(), static_cast<JET_ULONG>(v.size()), 0, nullptr));
                ASSERT_EQ(JET_errSuccess, JetUpdate(s, t, nullptr, 0, nullptr));
            }
            ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s, k % 3 == 0 ? 0 : JET_bitCommitLazyFlush));
            acked.store(k);
        }
        JetEndSession(s, 0);
    });
    while (acked.load() < 200) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    backup_started_at.store(acked.load());
    ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), Bak().c_str(), 0, nullptr));
    const int acked_after = acked.load();
    while (acked.load() < acked_after + 100) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    stop.store(true);
    writer.join();
    ASSERT_EQ(JET_errSuccess, li.Term());

    fs::remove_all(Data());
    LogInstance restorer(Data());
    ASSERT_EQ(JET_errSuccess, restorer.Restore(Bak()));
    // Only the backup's logs exist now: the restored state is the backup's moment.
    LogInstance check(Data());
    ASSERT_EQ(JET_errSuccess, check.Init());
    LogDb ra, rb;
    ASSERT_EQ(JET_errSuccess, check.Open(DbPath("a.edb"), &ra));
    ASSERT_EQ(JET_errSuccess, check.Open(DbPath("b.edb"), &rb));
    const auto rows_a = check.Rows(ra);
    const auto rows_b = check.Rows(rb);
    EXPECT_EQ(rows_a, rows_b);  // one moment across both databases
    ASSERT_FALSE(rows_a.empty());
    const int n = rows_a.rbegin()->first;
    EXPECT_EQ(Expected(1, n), rows_a);  // a prefix of the commits
    EXPECT_GE(n, backup_started_at.load());
    EXPECT_LE(n, acked_after + 1);
    ASSERT_EQ(JET_errSuccess, check.Term());
}

// A status callback that stops the backup from the inside.
JET_INSTANCE g_backing_up = 0;
std::vector<JET_ERR> g_in_backup;
JET_ERR JET_API StopFromInside(JET_SESID, JET_SNP, JET_SNT snt, void*) {
    if (snt == JET_sntBegin) {
        g_in_backup.push_back(JetTerm2(g_backing_up, JET_bitTermComplete));
        g_in_backup.push_back(JetTerm2(g_backing_up, 0));
        g_in_backup.push_back(JetBackupInstance(g_backing_up, "/nonexistent", 0, nullptr));
        g_in_backup.push_back(JetStopBackupInstance(g_backing_up));
    }
    return JET_errSuccess;
}

TEST_F(BackupTest, JetStopBackupInstanceAndJetTermStopARunningBackup) {
    LogInstance li(Data());
    ASSERT_EQ(JET_errSuccess, li.Init());
    LogDb db;
    ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
    ASSERT_EQ(JET_errSuccess, li.Put(db, 1, "r1"));
    g_backing_up = li.instance();
    g_in_backup.clear();
    EXPECT_EQ(JET_errBackupAbortByServer, JetBackupInstance(li.instance(), Bak().c_str(), 0, StopFromInside));
    EXPECT_EQ((std::vector<JET_ERR>{JET_errBackupInProgress, JET_errBackupInProgress, JET_errBackupInProgress,
                                    JET_errSuccess}),
              g_in_backup);
    EXPECT_FALSE(fs::exists(Bak() + "jetstore-backup.manifest"));
    // The instance goes on; a later backup works.
    EXPECT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), (dir_.Path() + "second/").c_str(), 0, nullptr));

    // An abrupt JetTerm from another thread stops a backup and waits for it to leave.
    std::atomic<bool> term_started{false};
    std::thread terminator;
    struct Ctx {
        std::atomic<bool>* started;
        std::thread* t;
        JET_INSTANCE inst;
    };
    static Ctx* ctx = nullptr;
    Ctx c{&term_started, &terminator, li.instance()};
    ctx = &c;
    auto cb = [](JET_SESID, JET_SNP, JET_SNT snt, void*) -> JET_ERR {
        if (snt == JET_sntBegin) {
            *ctx->t = std::thread([] {
                ctx->started->store(true);
                EXPECT_EQ(JET_errSuccess, JetTerm(ctx->inst));
            });
            // Wait until the term has begun (new calls get JET_errTermInProgress).
            for (int i = 0; i < 5000; ++i) {
                JET_SESID s = 0;
                const JET_ERR e = JetBeginSession(ctx->inst, &s, nullptr, nullptr);
                if (e == JET_errTermInProgress) break;
                if (e >= 0) JetEndSession(s, 0);
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        }
        return JET_errSuccess;
    };
    EXPECT_EQ(JET_errBackupAbortByServer, JetBackupInstance(li.instance(), (dir_.Path() + "third/").c_str(), 0, cb));
    terminator.join();
    (void)li.Term();  // already gone: the fixture forgets it
}

// Every name of a double-NUL-terminated list.
std::vector<std::string> ListOf(const std::vector<char>& buf) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < buf.size() && buf[i] != '\0';) {
        out.emplace_back(&buf[i]);
        i += out.back().size() + 1;
    }
    return out;
}

// Copies a file of an external backup into `folder` under its own name.
void StreamFile(JET_INSTANCE inst, const std::string& path, const std::string& folder) {
    JET_HANDLE h = 0;
    JET_ULONG lo = 0, hi = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenFileInstance(inst, path.c_str(), &h, &lo, &hi));
    const std::uint64_t size = (static_cast<std::uint64_t>(hi) << 32) | lo;
    std::string bytes;
    std::vector<char> buf(64 * 1024);
    for (;;) {
        JET_ULONG n = 0;
        ASSERT_EQ(JET_errSuccess, JetReadFileInstance(inst, h, buf.data(), static_cast<JET_ULONG>(buf.size()), &n));
        if (n == 0) break;
        bytes.append(buf.data(), n);
    }
    EXPECT_EQ(size, bytes.size());
    ASSERT_EQ(JET_errSuccess, JetCloseFileInstance(inst, h));
    std::ofstream(folder + fs::path(path).filename().string(), std::ios::binary) << bytes;
}

TEST_F(BackupTest, AStreamingBackupCopiesTheSameSetFileByFile) {
    {
        LogInstance li(Data());
        ASSERT_EQ(JET_errSuccess, li.Init());
        const JET_INSTANCE inst = li.instance();
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        for (int k = 1; k <= 30; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        JET_ULONG n = 0;
        EXPECT_EQ(JET_errNoBackup, JetGetAttachInfoInstance(inst, nullptr, 0, &n));
        EXPECT_EQ(JET_errNoBackup, JetEndExternalBackupInstance(inst));
        EXPECT_EQ(JET_errInvalidGrbit, JetBeginExternalBackupInstance(inst, JET_bitBackupAtomic));
        ASSERT_EQ(JET_errSuccess, JetBeginExternalBackupInstance(inst, 0));
        EXPECT_EQ(JET_errBackupInProgress, JetBeginExternalBackupInstance(inst, 0));
        EXPECT_EQ(JET_errBackupInProgress, JetBackupInstance(inst, Bak().c_str(), 0, nullptr));
        EXPECT_EQ(JET_errBackupInProgress, JetTerm2(inst, JET_bitTermComplete));

        // The databases: one entry, the database's path; its size in bytes, both NULs included.
        ASSERT_EQ(JET_errSuccess, JetGetAttachInfoInstance(inst, nullptr, 0, &n));
        std::vector<char> buf(n);
        EXPECT_EQ(JET_errBufferTooSmall, JetGetAttachInfoInstance(inst, buf.data(), n - 1, &n));
        ASSERT_EQ(JET_errSuccess, JetGetAttachInfoInstance(inst, buf.data(), n, &n));
        const auto dbs = ListOf(buf);
        ASSERT_EQ(1u, dbs.size());
        EXPECT_EQ(DbPath(), dbs[0]);
        // Commits go on while the backup runs.
        for (int k = 31; k <= 40; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        JET_HANDLE h = 0;
        JET_ULONG lo = 0, hi = 0;
        const std::string first_log = Data() + "edb00001.log";
        EXPECT_EQ(JET_errInvalidBackupSequence, JetOpenFileInstance(inst, first_log.c_str(), &h, &lo, &hi));
        EXPECT_EQ(JET_errFileNotFound, JetOpenFileInstance(inst, (Data() + "nothing.edb").c_str(), &h, &lo, &hi));
        ASSERT_EQ(JET_errSuccess, JetOpenFileInstance(inst, dbs[0].c_str(), &h, &lo, &hi));
        char page[4096];
        EXPECT_EQ(JET_errInvalidParameter, JetReadFileInstance(inst, h, page, 1000, &n));  // not whole pages
        EXPECT_EQ(JET_errInvalidParameter, JetReadFileInstance(inst, h + 100, page, sizeof page, &n));
        ASSERT_EQ(JET_errSuccess, JetCloseFileInstance(inst, h));
        fs::create_directories(Bak());
        StreamFile(inst, dbs[0], Bak());
        for (int k = 41; k <= 50; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));

        // The logs (fixing the moment), ending with the manifest.
        EXPECT_EQ(JET_errInvalidBackupSequence, JetTruncateLogInstance(inst));
        ASSERT_EQ(JET_errSuccess, JetGetLogInfoInstance(inst, nullptr, 0, &n));
        buf.assign(n, 0);
        ASSERT_EQ(JET_errSuccess, JetGetLogInfoInstance(inst, buf.data(), n, &n));
        const auto logs = ListOf(buf);
        ASSERT_GE(logs.size(), 2u);
        EXPECT_EQ("jetstore-backup.manifest", fs::path(logs.back()).filename().string());
        EXPECT_EQ(JET_errInvalidBackupSequence, JetOpenFileInstance(inst, dbs[0].c_str(), &h, &lo, &hi));
        for (const std::string& l : logs) StreamFile(inst, l, Bak());
        for (int k = 51; k <= 60; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        ASSERT_EQ(JET_errSuccess, JetGetTruncateLogInfoInstance(inst, nullptr, 0, &n));
        ASSERT_EQ(JET_errSuccess, JetTruncateLogInstance(inst));
        EXPECT_EQ(JET_errInvalidGrbit, JetEndExternalBackupInstance2(inst, JET_bitBackupEndNormal | JET_bitBackupEndAbort));
        ASSERT_EQ(JET_errSuccess, JetEndExternalBackupInstance2(inst, JET_bitBackupEndNormal));
        EXPECT_EQ(JET_errNoBackup, JetEndExternalBackupInstance(inst));
        // Recorded: an incremental backup may follow.
        ASSERT_EQ(JET_errSuccess, JetBeginExternalBackupInstance(inst, JET_bitBackupIncremental));
        EXPECT_EQ(JET_errInvalidBackupSequence, JetGetAttachInfoInstance(inst, nullptr, 0, &n));
        ASSERT_EQ(JET_errSuccess, JetStopBackupInstance(inst));
        EXPECT_EQ(JET_errBackupAbortByServer, JetGetLogInfoInstance(inst, nullptr, 0, &n));
        EXPECT_EQ(JET_errBackupAbortByServer, JetEndExternalBackupInstance(inst));
        // An abrupt term ends an external backup.
        ASSERT_EQ(JET_errSuccess, JetBeginExternalBackupInstance(inst, 0));
        ASSERT_EQ(JET_errSuccess, li.Term(JET_bitTermAbrupt));
    }
    // The streamed folder restores like JetBackupInstance's: everything up to the moment (row 50,
    // when the log list was asked for), whenever the database copy was taken before it.
    fs::remove_all(Data());
    LogInstance restorer(Data());
    ASSERT_EQ(JET_errSuccess, restorer.Restore(Bak()));
    EXPECT_EQ(Expected(1, 50), RowsOf(DbPath()));
}

TEST_F(BackupTest, OsSnapshotCallsComeInOrder) {
    JET_OSSNAPID id = 0;
    JET_ULONG n = 0;
    JET_INSTANCE_INFO* info = nullptr;
    EXPECT_EQ(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotFreeze(12345, &n, &info, 0));
    EXPECT_EQ(JET_errInvalidParameter, JetOSSnapshotPrepare(nullptr, 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetOSSnapshotPrepare(&id, 0x100));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, 0));
    JET_OSSNAPID other = 0;
    EXPECT_EQ(JET_errOSSnapshotNotAllowed, JetOSSnapshotPrepare(&other, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSequence, JetOSSnapshotThaw(id, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSequence, JetOSSnapshotEnd(id, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSequence, JetOSSnapshotPrepareInstance(id, 0, 0));  // not explicit
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreeze(id, &n, &info, 0));
    EXPECT_EQ(0u, n);  // no instance runs
    JetFreeBuffer(reinterpret_cast<char*>(info));
    EXPECT_EQ(JET_errOSSnapshotInvalidSequence, JetOSSnapshotFreeze(id, &n, &info, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSequence, JetOSSnapshotEnd(id, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotEnd(id, 0));
    EXPECT_EQ(JET_errOSSnapshotInvalidSnapId, JetOSSnapshotThaw(id, 0));
    // Abort ends one in any state.
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitExplicitPrepare));
    EXPECT_EQ(JET_errInvalidParameter, JetOSSnapshotPrepareInstance(id, JET_instanceNil, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotEnd(id, JET_bitAbortSnapshot));
}

TEST_F(BackupTest, AFreezeHoldsTheFilesStillAndTheirCopyRecovers) {
    LogInstance li(Data());
    ASSERT_EQ(JET_errSuccess, li.Init());
    LogDb db;
    ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
    std::atomic<int> acked{0};
    std::atomic<bool> stop{false};
    std::thread writer([&] {
        JET_SESID s = 0;
        ASSERT_EQ(JET_errSuccess, JetBeginSession(li.instance(), &s, nullptr, nullptr));
        JET_DBID d = 0;
        JET_TABLEID t = 0;
        ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s, db.path.c_str(), nullptr, &d, 0));
        ASSERT_EQ(JET_errSuccess, JetOpenTable(s, d, "t", nullptr, 0, 0, &t));
        for (std::int32_t k = 1; !stop.load(); ++k) {
            ASSERT_EQ(JET_errSuccess, JetBeginTransaction(s));
            ASSERT_EQ(JET_errSuccess, JetPrepareUpdate(s, t, JET_prepInsert));
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, db.k, &k, sizeof k, 0, nullptr));
            const std::string v = "r" + std::to_string(k);
            ASSERT_EQ(JET_errSuccess, JetSetColumn(s, t, db.v, v.data(), static_cast<JET_ULONG>(v.size()), 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetUpdate(s, t, nullptr, 0, nullptr));
            ASSERT_EQ(JET_errSuccess, JetCommitTransaction(s, k % 2 == 0 ? JET_bitCommitLazyFlush : 0));
            acked.store(k);
        }
        JetEndSession(s, 0);
    });
    while (acked.load() < 100) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    JET_OSSNAPID id = 0;
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, 0));
    JET_ULONG n = 0;
    JET_INSTANCE_INFO* info = nullptr;
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreeze(id, &n, &info, 0));
    const int at_freeze = acked.load();
    ASSERT_EQ(1u, n);
    EXPECT_EQ(li.instance(), info[0].hInstanceId);
    ASSERT_EQ(1u, info[0].cDatabases);
    EXPECT_EQ(DbPath(), info[0].szDatabaseFileName[0]);
    JetFreeBuffer(reinterpret_cast<char*>(info));
    // Nothing changes while frozen: the commits wait.
    const auto still = Files(Data());
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(still, Files(Data()));
    EXPECT_LE(acked.load(), at_freeze + 1);
    const std::string image = dir_.Path() + "image/";
    fs::create_directories(image);
    for (const auto& e : fs::directory_iterator(Data())) {
        if (e.is_regular_file()) fs::copy_file(e.path(), image + e.path().filename().string());
    }
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotEnd(id, 0));
    const int after_thaw = acked.load();
    while (acked.load() < after_thaw + 50) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    // Negative control: thawed, the same check sees the files move.
    const auto moving = Files(Data());
    const int before_wait = acked.load();
    while (acked.load() < before_wait + 20) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_NE(moving, Files(Data()));
    stop.store(true);
    writer.join();
    ASSERT_EQ(JET_errSuccess, li.Term());

    // The copy is a crash image: JetInit3 (relocating the database to the copy) recovers it to a
    // prefix of the commits holding every one acknowledged before the freeze.
    LogInstance copy(image);
    ASSERT_EQ(JET_errSuccess, copy.CreateConfigured());
    std::string from = DbPath(), to = image + "db.edb";
    JET_RSTMAP map{from.data(), to.data()};
    JET_RSTINFO rst{};
    rst.cbStruct = sizeof rst;
    rst.rgrstmap = &map;
    rst.crstmap = 1;
    JET_INSTANCE inst = copy.instance();
    ASSERT_EQ(JET_errSuccess, JetInit3(&inst, &rst, 0));
    ASSERT_EQ(JET_errSuccess, JetTerm(inst));
    LogInstance check(image);
    ASSERT_EQ(JET_errSuccess, check.Init());
    LogDb cdb;
    ASSERT_EQ(JET_errSuccess, check.Open(to, &cdb));
    const auto rows = check.Rows(cdb);
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(Expected(1, rows.rbegin()->first), rows);
    EXPECT_GE(rows.rbegin()->first, at_freeze);
    EXPECT_LE(rows.rbegin()->first, at_freeze + 1);
    ASSERT_EQ(JET_errSuccess, check.Term());
}

TEST_F(BackupTest, AFreezeEndsAtItsTimeoutAndAtJetTerm) {
    jetstore::engine::seam::SetFreezeTimeoutForTesting(std::chrono::milliseconds(100));
    LogInstance li(Data());
    ASSERT_EQ(JET_errSuccess, li.Init());
    LogDb db;
    ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
    JET_OSSNAPID id = 0;
    JET_ULONG n = 0;
    JET_INSTANCE_INFO* info = nullptr;
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreeze(id, &n, &info, 0));
    JetFreeBuffer(reinterpret_cast<char*>(info));
    // A commit waits for the timeout, then goes through.
    EXPECT_EQ(JET_errSuccess, li.Put(db, 1, "r1"));
    EXPECT_EQ(JET_errOSSnapshotTimeOut, JetOSSnapshotThaw(id, 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotEnd(id, 0));
    jetstore::engine::seam::SetFreezeTimeoutForTesting(std::chrono::milliseconds(0));
    // JetTerm of a frozen instance thaws it.
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepare(&id, JET_bitExplicitPrepare));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotPrepareInstance(id, li.instance(), 0));
    ASSERT_EQ(JET_errSuccess, JetOSSnapshotFreeze(id, &n, &info, 0));
    EXPECT_EQ(1u, n);
    JetFreeBuffer(reinterpret_cast<char*>(info));
    ASSERT_EQ(JET_errSuccess, li.Term());
    EXPECT_EQ(JET_errSuccess, JetOSSnapshotThaw(id, 0));
    EXPECT_EQ(JET_errSuccess, JetOSSnapshotEnd(id, 0));
    EXPECT_EQ(Expected(1, 1), RowsOf(DbPath()));
}

TEST_F(BackupTest, JetCompactWritesACompactedCopyThatReplacesTheDatabase) {
    {
        LogInstance li(Data());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        for (int k = 1; k <= 300; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k) + std::string(300, 'x')));
        ASSERT_EQ(JET_errSuccess, JetCloseDatabase(li.session(), db.dbid, 0));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }
    LogInstance li(Data());
    ASSERT_EQ(JET_errSuccess, li.Init());
    const JET_SESID s = li.session();
    ASSERT_EQ(JET_errSuccess, JetAttachDatabase(s, DbPath().c_str(), 0));  // attached, not opened (BR-05)
    const std::string copy = Data() + "defragged.edb";
    EXPECT_EQ(JET_errInvalidParameter,
              JetCompact(s, DbPath().c_str(), copy.c_str(), nullptr, reinterpret_cast<JET_CONVERT_A*>(&g_calls), 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetCompact(s, DbPath().c_str(), copy.c_str(), nullptr, nullptr, 0x1));
    EXPECT_EQ(JET_errInvalidParameter, JetCompact(s, DbPath().c_str(), DbPath().c_str(), nullptr, nullptr, 0));
    g_calls = {};
    ASSERT_EQ(JET_errSuccess, JetCompact(s, DbPath().c_str(), copy.c_str(), CountingStatus, nullptr, 0));
    EXPECT_EQ(1, g_calls.begin);
    EXPECT_EQ(1, g_calls.complete);
    EXPECT_TRUE(g_calls.progress_ok);
    // Online defragmentation has nothing to do.
    JET_DBID dbid = 0;
    ASSERT_EQ(JET_errSuccess, JetOpenDatabase(s, DbPath().c_str(), nullptr, &dbid, 0));
    JET_ULONG passes = 7, seconds = 7;
    EXPECT_EQ(JET_errSuccess, JetDefragment(s, dbid, nullptr, &passes, &seconds, JET_bitDefragmentBatchStart));
    EXPECT_EQ(0u, passes);
    EXPECT_EQ(JET_wrnDefragNotRunning, JetDefragment(s, dbid, nullptr, nullptr, nullptr, JET_bitDefragmentBatchStop));
    EXPECT_EQ(JET_errInvalidDatabaseId, JetDefragment(s, dbid + 1, nullptr, nullptr, nullptr, 0));
    EXPECT_EQ(JET_errInvalidGrbit, JetDefragment(s, dbid, nullptr, nullptr, nullptr, 0x8000));
    ASSERT_EQ(JET_errSuccess, li.Term());
    EXPECT_LE(fs::file_size(copy), fs::file_size(DbPath()));
    fs::rename(copy, DbPath());
    fs::remove(DbPath() + "-lock");
    const auto rows = RowsOf(DbPath());
    ASSERT_EQ(300u, rows.size());
    EXPECT_EQ("r17" + std::string(300, 'x'), rows.at(17));
}

// A restore killed at a named point: before anything is renamed the destination is as it was;
// later, running the restore again finishes it.
void RestoreKilledAt(BackupTest* t, const std::string& data, const std::string& bak, const char* point, int count,
                     bool destination_unchanged) {
    (void)t;
    const auto before = Files(data);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        jetstore::storage::ArmKillPoint(point, count);
        LogInstance restorer(data);
        restorer.Restore(bak);
        _exit(20);
    }
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << point << " was not reached";
    if (destination_unchanged) {
        // Files staged before the kill may remain beside their destinations ("*.jrestore", which
        // nothing reads; the next restore removes them): everything else is as it was.
        auto after = Files(data);
        std::erase_if(after, [](const auto& kv) { return kv.first.find(".jrestore") != std::string::npos; });
        EXPECT_EQ(before, after) << "killed at " << point;
    }
    LogInstance restorer(data);
    ASSERT_EQ(JET_errSuccess, restorer.Restore(bak)) << "after a kill at " << point;
}

TEST_F(BackupTest, ARestoreKilledAtEachPointIsFinishedByRunningItAgain) {
    {
        LogInstance li(Data());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        for (int k = 1; k <= 30; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        ASSERT_EQ(JET_errSuccess, JetBackupInstance(li.instance(), Bak().c_str(), 0, nullptr));
        for (int k = 31; k <= 40; ++k) ASSERT_EQ(JET_errSuccess, li.Put(db, k, "r" + std::to_string(k)));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }
    RestoreKilledAt(this, Data(), Bak(), "restore-staged", 1, true);
    EXPECT_EQ(Expected(1, 40), RowsOf(DbPath()));
    RestoreKilledAt(this, Data(), Bak(), "restore-commit", 1, false);
    EXPECT_EQ(Expected(1, 40), RowsOf(DbPath()));
    RestoreKilledAt(this, Data(), Bak(), "restore-commit", 2, false);
    EXPECT_EQ(Expected(1, 40), RowsOf(DbPath()));
    RestoreKilledAt(this, Data(), Bak(), "replay", 1, false);
    EXPECT_EQ(Expected(1, 40), RowsOf(DbPath()));
    // Negative control: a restore that is not killed leaves the destination changed (the check
    // above can tell).
    const auto before = Files(Data());
    fs::remove(DbPath());
    LogInstance restorer(Data());
    ASSERT_EQ(JET_errSuccess, restorer.Restore(Bak()));
    EXPECT_NE(before, Files(Data()));
}

TEST_F(BackupTest, JetInit3RelocatesADatabaseAndRebuildsItFromTheLog) {
    {
        LogInstance li(Data());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb db;
        ASSERT_EQ(JET_errSuccess, li.Create(DbPath(), &db));
        ASSERT_EQ(JET_errSuccess, li.Put(db, 17, "r17"));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }
    fs::remove(DbPath());
    fs::remove(Data() + "edb.chk");
    LogInstance li(Data());
    ASSERT_EQ(JET_errSuccess, li.CreateConfigured());
    JET_INSTANCE inst = li.instance();
    std::string from = DbPath(), to = DbPath() + ".moved";
    JET_RSTMAP map{from.data(), to.data()};
    JET_RSTINFO info{};
    info.cbStruct = sizeof info;
    info.rgrstmap = &map;
    info.crstmap = 1;
    info.pfnStatus = CountingStatus;
    g_calls = {};
    ASSERT_EQ(JET_errSuccess, JetInit3(&inst, &info, 0));
    EXPECT_EQ(1, g_calls.begin);
    EXPECT_EQ(1, g_calls.complete);
    ASSERT_EQ(JET_errSuccess, JetTerm(inst));
    EXPECT_TRUE(fs::exists(to));
    EXPECT_FALSE(fs::exists(from));
    fs::rename(to, from);
    EXPECT_EQ(Expected(17, 17), RowsOf(DbPath()));
    // A malformed map.
    LogInstance bad(Data());
    ASSERT_EQ(JET_errSuccess, bad.CreateConfigured());
    inst = bad.instance();
    info.crstmap = -1;
    EXPECT_EQ(JET_errInvalidParameter, JetInit3(&inst, &info, 0));
}

}  // namespace
