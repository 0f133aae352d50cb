// The commit log on its own: records written and scanned back, generation switches, the torn
// tail of a crash against corruption, missing generations, and a failure that stays.
#include "storage/commit_log.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace {

namespace fs = std::filesystem;
using jetstore::storage::Code;
using jetstore::storage::CommitLog;
using jetstore::storage::LogOptions;
using jetstore::storage::LogPosition;
using jetstore::storage::LogScan;
using jetstore::storage::ScanLog;
using jetstore::storage::Status;
namespace lf = jetstore::storage::logfmt;

class CommitLogTest : public ::testing::Test {
protected:
    CommitLogTest() : dir_("jetstore_log_") {}

    LogOptions Options(std::uint64_t size = 64 * 1024) {
        LogOptions o;
        o.folder = dir_.Path();
        o.base = "edb";
        o.file_size = size;
        return o;
    }

    // Opens (continuing whatever the folder holds).
    std::unique_ptr<CommitLog> Open(std::uint64_t size = 64 * 1024) {
        LogScan scan;
        EXPECT_TRUE(ScanLog(dir_.Path(), "edb", 0, 0, 0, &scan).ok());
        std::unique_ptr<CommitLog> log;
        const Status s = CommitLog::Open(Options(size), scan, {}, &log);
        EXPECT_TRUE(s.ok()) << s.message();
        return log;
    }

    // Appends commit records with payload "p<seq>" padded to `bytes`.
    void Append(CommitLog& log, int n, std::size_t bytes = 100) {
        for (int i = 0; i < n; ++i) {
            const std::uint64_t seq = log.last_seq() + 1;
            std::string payload = "p" + std::to_string(seq);
            payload.resize(bytes, '.');
            const CommitLog::Record r{lf::RecordType::kCommit, seq, payload};
            ASSERT_TRUE(log.Append({&r, 1}).ok());
        }
    }

    // The seqs a scan visits, and its status.
    Status Scan(std::vector<std::uint64_t>* seqs, LogScan* out = nullptr) {
        LogScan scan;
        seqs->clear();
        const Status s = ScanLog(dir_.Path(), "edb", 0, 0, 0, &scan,
                                 [&](const lf::RecordHeader& h, std::string_view payload, LogPosition) {
                                     EXPECT_EQ(0u, payload.find("p" + std::to_string(h.seq)));
                                     seqs->push_back(h.seq);
                                     return Status::Ok();
                                 });
        if (out != nullptr) *out = scan;
        return s;
    }

    static std::vector<std::uint64_t> Range(std::uint64_t from, std::uint64_t to) {
        std::vector<std::uint64_t> v;
        for (std::uint64_t i = from; i <= to; ++i) v.push_back(i);
        return v;
    }

    // Overwrites bytes of a file.
    void Poke(const std::string& path, std::uint64_t offset, const std::string& bytes) {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(offset));
        f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }

    std::string Current() const { return dir_.Path() + "edb.log"; }

    jetstore::test::TempDir dir_;
};

TEST_F(CommitLogTest, AppendedRecordsScanBackInOrder) {
    auto log = Open();
    Append(*log, 20);
    ASSERT_TRUE(log->Sync().ok());
    EXPECT_EQ(log->written(), log->durable());
    std::vector<std::uint64_t> seqs;
    LogScan scan;
    ASSERT_TRUE(Scan(&seqs, &scan).ok());
    EXPECT_EQ(Range(1, 20), seqs);
    EXPECT_EQ(20u, scan.last_seq);
    EXPECT_FALSE(scan.torn_tail);
    EXPECT_EQ(log->written(), scan.end);
}

TEST_F(CommitLogTest, ASeqThatDoesNotContinueTheStreamIsRefused) {
    auto log = Open();
    Append(*log, 2);
    const CommitLog::Record r{lf::RecordType::kCommit, 7, "p7"};
    EXPECT_TRUE(log->Append({&r, 1}).Is(Code::kInvalidArgument));
}

TEST_F(CommitLogTest, AFullGenerationSwitchesToTheNextWithItsNumberedName) {
    auto log = Open(16 * 1024);
    Append(*log, 500);  // about 70 KiB of records
    EXPECT_GE(log->generation(), 4u);
    EXPECT_TRUE(fs::exists(dir_.Path() + "edb00001.log"));
    EXPECT_TRUE(fs::exists(dir_.Path() + "edb00002.log"));
    std::vector<std::uint64_t> seqs;
    LogScan scan;
    ASSERT_TRUE(Scan(&seqs, &scan).ok());
    EXPECT_EQ(Range(1, 500), seqs);
    EXPECT_EQ(log->generation(), scan.generations.back().generation);
    EXPECT_EQ(1u, scan.generations.front().generation);
}

TEST_F(CommitLogTest, ForceNewGenerationClosesTheCurrentOneEvenWhenNotFull) {
    auto log = Open();
    Append(*log, 3);
    ASSERT_TRUE(log->ForceNewGeneration().ok());
    EXPECT_EQ(2u, log->generation());
    ASSERT_TRUE(log->ForceNewGeneration().ok());  // an empty generation is not switched again
    EXPECT_EQ(2u, log->generation());
    Append(*log, 3);
    std::vector<std::uint64_t> seqs;
    ASSERT_TRUE(Scan(&seqs).ok());
    EXPECT_EQ(Range(1, 6), seqs);
}

TEST_F(CommitLogTest, ATornRecordAtTheEndIsTheTraceOfACrashAndEndsTheScan) {
    auto log = Open();
    Append(*log, 10);
    const LogPosition before_last = [&] {
        std::vector<std::uint64_t> s;
        LogScan scan;
        EXPECT_TRUE(Scan(&s, &scan).ok());
        return scan.end;
    }();
    Append(*log, 1);
    log.reset();
    // The last record lost its second half (a write the crash tore).
    Poke(Current(), before_last.offset + 60, std::string(60, '\x5a'));
    std::vector<std::uint64_t> seqs;
    LogScan scan;
    ASSERT_TRUE(Scan(&seqs, &scan).ok());
    EXPECT_EQ(Range(1, 10), seqs);
    EXPECT_TRUE(scan.torn_tail);
    EXPECT_EQ(before_last, scan.end);
}

TEST_F(CommitLogTest, UnflushedRecordsLostOutOfOrderAreATornTailToo) {
    // After a crash the OS may have written a later unflushed record and not an earlier one.
    auto log = Open();
    Append(*log, 5);
    ASSERT_TRUE(log->Sync().ok());
    const LogPosition flushed = log->durable();
    Append(*log, 5);  // never flushed
    log.reset();
    Poke(Current(), flushed.offset + 20, std::string(30, '\0'));  // the first unflushed record lost
    std::vector<std::uint64_t> seqs;
    LogScan scan;
    ASSERT_TRUE(Scan(&seqs, &scan).ok());
    EXPECT_EQ(Range(1, 5), seqs);  // the prefix, never a gap
}

TEST_F(CommitLogTest, ABadRecordThatHadBeenFlushedIsCorruptionNotATornTail) {
    auto log = Open();
    Append(*log, 5);
    ASSERT_TRUE(log->Sync().ok());
    Append(*log, 5);  // these say the first five were flushed
    ASSERT_TRUE(log->Sync().ok());
    log.reset();
    Poke(Current(), lf::kHeaderSize + 50, "\x01\x02\x03");  // inside record 1
    std::vector<std::uint64_t> seqs;
    EXPECT_TRUE(Scan(&seqs).Is(Code::kCorrupt));
}

TEST_F(CommitLogTest, ABadRecordInAnOlderGenerationIsCorruption) {
    auto log = Open();
    Append(*log, 5);
    ASSERT_TRUE(log->ForceNewGeneration().ok());
    Append(*log, 5);
    log.reset();
    Poke(dir_.Path() + "edb00001.log", lf::kHeaderSize + 200, "\xff\xff");
    std::vector<std::uint64_t> seqs;
    EXPECT_TRUE(Scan(&seqs).Is(Code::kCorrupt));
}

TEST_F(CommitLogTest, AMissingGenerationIsReportedMissing) {
    auto log = Open();
    for (int g = 0; g < 3; ++g) {
        Append(*log, 2);
        ASSERT_TRUE(log->ForceNewGeneration().ok());
    }
    log.reset();
    ASSERT_TRUE(fs::remove(dir_.Path() + "edb00002.log"));
    std::vector<std::uint64_t> seqs;
    EXPECT_TRUE(Scan(&seqs).Is(Code::kNotFound));
    // From a generation that is gone, too.
    LogScan scan;
    EXPECT_TRUE(ScanLog(dir_.Path(), "edb", 2, 0, 0, &scan).Is(Code::kNotFound));
}

TEST_F(CommitLogTest, AnotherStreamsGenerationIsCorruption) {
    jetstore::test::TempDir other("jetstore_log_other_");
    {
        auto log = Open();
        Append(*log, 2);
        ASSERT_TRUE(log->ForceNewGeneration().ok());
        Append(*log, 2);
    }
    {
        LogOptions o = Options();
        o.folder = other.Path();
        LogScan empty;
        std::unique_ptr<CommitLog> log;
        ASSERT_TRUE(CommitLog::Open(o, empty, {}, &log).ok());
        Append(*log, 2);
        ASSERT_TRUE(log->ForceNewGeneration().ok());
    }
    // Generation 1 of another stream in place of ours.
    fs::copy_file(other.Path() + "edb00001.log", dir_.Path() + "edb00001.log", fs::copy_options::overwrite_existing);
    std::vector<std::uint64_t> seqs;
    EXPECT_TRUE(Scan(&seqs).Is(Code::kCorrupt));
}

TEST_F(CommitLogTest, ReopeningAfterACleanTailAppendsInPlace) {
    auto log = Open();
    Append(*log, 4);
    ASSERT_TRUE(log->Sync().ok());
    log.reset();
    log = Open();
    EXPECT_EQ(1u, log->generation());
    EXPECT_EQ(4u, log->last_seq());
    Append(*log, 4);
    std::vector<std::uint64_t> seqs;
    ASSERT_TRUE(Scan(&seqs).ok());
    EXPECT_EQ(Range(1, 8), seqs);
}

TEST_F(CommitLogTest, ReopeningAfterATornTailClosesThatGenerationAndBeginsANewOne) {
    auto log = Open();
    Append(*log, 4);
    const LogPosition end = log->written();
    Append(*log, 1);
    log.reset();
    Poke(Current(), end.offset + 10, std::string(20, '\x11'));
    log = Open();
    EXPECT_EQ(2u, log->generation());
    EXPECT_EQ(4u, log->last_seq());
    Append(*log, 3);
    std::vector<std::uint64_t> seqs;
    ASSERT_TRUE(Scan(&seqs).ok());  // the torn record is behind an end-of-generation record now
    EXPECT_EQ(Range(1, 7), seqs);
}

TEST_F(CommitLogTest, ASwitchInterruptedBetweenItsRenamesIsCompleted) {
    auto log = Open();
    Append(*log, 3);
    ASSERT_TRUE(log->ForceNewGeneration().ok());  // edb00001.log + edb.log (gen 2)
    Append(*log, 2);
    ASSERT_TRUE(log->Sync().ok());
    log.reset();
    // The crash fell after "edb.log -> edb00001.log" and before "edbtmp.log -> edb.log".
    fs::rename(Current(), dir_.Path() + "edbtmp.log");
    std::vector<std::uint64_t> seqs;
    ASSERT_TRUE(Scan(&seqs).ok());
    EXPECT_EQ(Range(1, 5), seqs);
    log = Open();
    EXPECT_TRUE(fs::exists(Current()));
    EXPECT_EQ(5u, log->last_seq());
}

TEST_F(CommitLogTest, AFailedWriteLeavesTheLogFailedForGood) {
    // The process's file size limit makes the next generation's preallocation fail (EFBIG: to
    // the log, a full disk).
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    struct sigaction old {};
    ASSERT_EQ(0, sigaction(SIGXFSZ, &ignore, &old));
    auto log = Open(16 * 1024);
    Append(*log, 10);
    rlimit saved{};
    ASSERT_EQ(0, getrlimit(RLIMIT_FSIZE, &saved));
    rlimit small = saved;
    small.rlim_cur = 8 * 1024;
    ASSERT_EQ(0, setrlimit(RLIMIT_FSIZE, &small));
    Status failed;
    for (int i = 0; i < 400 && failed.ok(); ++i) {
        std::string payload(100, 'x');
        const CommitLog::Record r{lf::RecordType::kCommit, log->last_seq() + 1, payload};
        failed = log->Append({&r, 1});
    }
    ASSERT_EQ(0, setrlimit(RLIMIT_FSIZE, &saved));
    sigaction(SIGXFSZ, &old, nullptr);
    EXPECT_TRUE(failed.Is(Code::kDiskFull)) << failed.message();
    // Sticky: nothing works again, even with room.
    const CommitLog::Record r{lf::RecordType::kCommit, log->last_seq() + 1, "p"};
    EXPECT_TRUE(log->Append({&r, 1}).Is(Code::kDiskFull));
    EXPECT_TRUE(log->Sync().Is(Code::kDiskFull));
    EXPECT_TRUE(log->failure().Is(Code::kDiskFull));
}

TEST_F(CommitLogTest, AnEmptyFolderHasNoLog) {
    std::vector<std::uint64_t> seqs;
    LogScan scan;
    ASSERT_TRUE(Scan(&seqs, &scan).ok());
    EXPECT_TRUE(scan.empty());
}

TEST_F(CommitLogTest, GenerationNamesAreEsents) {
    EXPECT_EQ("edb00001.log", lf::GenerationName("edb", 1));
    EXPECT_EQ("edb000AB.log", lf::GenerationName("edb", 0xAB));
    EXPECT_EQ("edb00100000.log", lf::GenerationName("edb", 0x100000));
    EXPECT_EQ(0xABu, lf::ParseGenerationName("edb", "edb000AB.log"));
    EXPECT_EQ(0u, lf::ParseGenerationName("edb", "edb.log"));
    EXPECT_EQ(0u, lf::ParseGenerationName("edb", "edbtmp.log"));
    EXPECT_EQ(0u, lf::ParseGenerationName("edb", "edb0000G.log"));
}

}  // namespace
