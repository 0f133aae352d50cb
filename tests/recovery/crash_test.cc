// Process crashes: a child commits lazy, durable and cross-database transactions (with
// checkpoints and log-generation switches among them) and reports each acknowledgement in shared
// memory; the parent kills it with SIGKILL at a random moment, or the child kills itself at a
// named kill point (storage/kill_point.h: inside the log write, between the write and its
// fdatasync, after the flush before the followers wake, inside a checkpoint, between its LMDB
// commits and the checkpoint file, during a generation switch, during replay). The parent then
// recovers (JetInit replays the log) and checks: every acknowledged commit is there, lazy ones
// too (a killed process loses nothing that was handed to the OS), no transaction is partial (a
// cross-database one is in both databases or neither), and what is there is a prefix of the
// commit order. JETSTORE_CRASH_ROUNDS sets the number of random kills (the slow tier raises it).
#include <esent.h>

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <thread>

#include "engine/seams.h"
#include "storage/kill_point.h"
#include "tests/recovery/log_fixture.h"
#include "tests/test_support.h"

namespace {

namespace seam = jetstore::engine::seam;
using jetstore::test::LogDb;
using jetstore::test::LogInstance;
using jetstore::test::LogInstanceOptions;

// What the child tells the parent, in memory both see (no system call: the fault suites use the
// same child with I/O failures injected, and an acknowledgement must not be an I/O).
struct Shared {
    std::atomic<std::int64_t> acked{0};    // the last transaction whose commit returned
    std::atomic<std::int64_t> started{0};  // the last transaction begun
    std::atomic<int> ready{0};
};

// Transaction n writes row n of database A, and of B too when it is cross-database; its kind.
enum class Kind { kDurable, kLazy, kCross };
Kind KindOf(std::int64_t n) {
    switch (n % 3) {
        case 0:
            return Kind::kDurable;
        case 1:
            return Kind::kLazy;
        default:
            return Kind::kCross;
    }
}
std::string ValueOf(std::int64_t n) { return "t" + std::to_string(n) + std::string(static_cast<std::size_t>(n % 7) * 40, 'v'); }

LogInstanceOptions Options() { return LogInstanceOptions{64, /*circular=*/true, 0}; }

// The child's workload, until killed. Never returns.
[[noreturn]] void Work(const std::string& folder, Shared* shared, std::int64_t first) {
    LogInstance li(folder, Options());
    if (li.Init() < 0) _exit(10);
    LogDb a;
    LogDb b;
    if (li.Open(folder + "a.edb", &a) < 0 || li.Open(folder + "b.edb", &b) < 0) _exit(11);
    shared->ready = 1;
    for (std::int64_t n = first;; ++n) {
        shared->started = n;
        const Kind kind = KindOf(n);
        if (JetBeginTransaction(li.session()) < 0) _exit(12);
        if (li.PutIn(a, static_cast<std::int32_t>(n), ValueOf(n)) < 0) _exit(13);
        if (kind == Kind::kCross && li.PutIn(b, static_cast<std::int32_t>(n), ValueOf(n)) < 0) _exit(14);
        if (JetCommitTransaction(li.session(), kind == Kind::kLazy ? JET_bitCommitLazyFlush : 0) < 0) _exit(15);
        shared->acked = n;
        if (n % 29 == 0) (void)seam::CheckpointNow(li.instance());
        if (n % 53 == 0 && JetCommitTransaction(li.session(), JET_bitForceNewLog) < 0) _exit(16);
        if (n - first > 200000) _exit(17);  // never killed: the parent reports it
    }
}

class CrashTest : public ::testing::Test {
protected:
    CrashTest() : dir_("jetstore_crash_") {}

    void SetUp() override {
        ASSERT_EQ(0UL, jetstore::test::LiveInstanceCount());
        void* mem = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        ASSERT_NE(MAP_FAILED, mem);
        shared_ = new (mem) Shared();
        LogInstance li(dir_.Path(), Options());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb a;
        LogDb b;
        ASSERT_EQ(JET_errSuccess, li.Create(dir_.Path() + "a.edb", &a));
        ASSERT_EQ(JET_errSuccess, li.Create(dir_.Path() + "b.edb", &b));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }
    void TearDown() override {
        munmap(shared_, sizeof(Shared));
        EXPECT_EQ(0UL, jetstore::test::LiveInstanceCount());
    }

    // Runs the child from transaction `next_` on, kills it (or lets a kill point do it), and
    // checks the recovered databases. `kill_point`: armed in the child before it starts.
    void Round(const char* kill_point, long kill_count, std::chrono::microseconds run_for, bool during_replay = false) {
        shared_->acked = next_ - 1;
        shared_->started = next_ - 1;
        shared_->ready = 0;
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            if (kill_point != nullptr && !during_replay) jetstore::storage::ArmKillPoint(kill_point, kill_count);
            Work(dir_.Path(), shared_, next_);
        }
        int status = 0;
        if (kill_point != nullptr && !during_replay) {
            // The child dies at its kill point; give it a while.
            const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (waitpid(child, &status, WNOHANG) == 0) {
                if (std::chrono::steady_clock::now() > give_up) {
                    kill(child, SIGKILL);
                    waitpid(child, &status, 0);
                    FAIL() << "the child never reached kill point " << kill_point;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        } else {
            const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (shared_->ready == 0 && waitpid(child, &status, WNOHANG) == 0 && std::chrono::steady_clock::now() < give_up) {
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            }
            std::this_thread::sleep_for(run_for);
            kill(child, SIGKILL);
            waitpid(child, &status, 0);
        }
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            << "the child exited with " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        ++kills_;
        if (during_replay) {
            // A second child dies inside the replay of the first one's log.
            const pid_t replayer = fork();
            ASSERT_GE(replayer, 0);
            if (replayer == 0) {
                jetstore::storage::ArmKillPoint(kill_point, kill_count);
                LogInstance li(dir_.Path(), Options());
                li.Init();
                _exit(20);  // the kill point was not reached (nothing to replay): fine
            }
            waitpid(replayer, &status, 0);
            if (WIFSIGNALED(status)) ++kills_;
        }
        Check();
    }

    // Recovers and checks the rows against the acknowledgements.
    void Check() {
        const std::int64_t acked = shared_->acked;
        const std::int64_t started = shared_->started;
        LogInstance li(dir_.Path(), Options());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb a;
        LogDb b;
        ASSERT_EQ(JET_errSuccess, li.Open(dir_.Path() + "a.edb", &a));
        ASSERT_EQ(JET_errSuccess, li.Open(dir_.Path() + "b.edb", &b));
        JET_ERR err = JET_errSuccess;
        const auto rows_a = li.Rows(a, &err);
        ASSERT_EQ(JET_errSuccess, err);
        const auto rows_b = li.Rows(b, &err);
        ASSERT_EQ(JET_errSuccess, err);
        ASSERT_EQ(JET_errSuccess, li.Term());
        // A prefix of the commit order: 1 .. last, with nothing missing and nothing after.
        std::int64_t last = 0;
        for (const auto& [k, v] : rows_a) {
            ASSERT_EQ(last + 1, k) << "a gap in the commit order before " << k;
            ASSERT_EQ(ValueOf(k), v) << "row " << k;
            last = k;
        }
        ASSERT_GE(last, acked) << "acknowledged commits lost: " << last + 1 << " .. " << acked;
        ASSERT_LE(last, started) << "a transaction that never began is there";
        // No partial transaction: a cross-database one is in both or neither.
        for (std::int64_t n = 1; n <= last; ++n) {
            if (KindOf(n) != Kind::kCross) continue;
            auto it = rows_b.find(static_cast<std::int32_t>(n));
            ASSERT_TRUE(it != rows_b.end()) << "transaction " << n << " is in A but not in B";
            ASSERT_EQ(ValueOf(n), it->second);
        }
        for (const auto& [k, v] : rows_b) {
            ASSERT_LE(k, last) << "transaction " << k << " is in B but not in A";
            ASSERT_EQ(Kind::kCross, KindOf(k));
        }
        next_ = last + 1;
    }

    jetstore::test::TempDir dir_;
    Shared* shared_ = nullptr;
    std::int64_t next_ = 1;
    int kills_ = 0;
};

TEST_F(CrashTest, KillsAtNamedPointsLoseNoAcknowledgedCommitAndLeaveNoPartialOne) {
    const char* points[] = {"log-write", "log-before-sync", "log-before-wake", "log-switch",
                            "checkpoint-apply", "checkpoint-file"};
    for (const char* point : points) {
        for (const long count : {1L, 2L, 7L}) {
            SCOPED_TRACE(std::string(point) + ":" + std::to_string(count));
            Round(point, count, std::chrono::microseconds(0));
            if (HasFatalFailure()) return;
        }
    }
    RecordProperty("kills", kills_);
}

TEST_F(CrashTest, KillsDuringReplayAreRecoveredByTheNextInit) {
    for (const long count : {1L, 2L}) {
        SCOPED_TRACE("replay:" + std::to_string(count));
        Round("replay", count, std::chrono::milliseconds(15), /*during_replay=*/true);
        if (HasFatalFailure()) return;
    }
    RecordProperty("kills", kills_);
    EXPECT_EQ(4, kills_) << "each round kills a committer and then its replayer";
}

TEST_F(CrashTest, KillsAtRandomMomentsLoseNoAcknowledgedCommitAndLeaveNoPartialOne) {
    const char* env = std::getenv("JETSTORE_CRASH_ROUNDS");
    const long rounds = env != nullptr ? std::max(1L, std::strtol(env, nullptr, 10)) : 190;
    std::mt19937 rng(7);
    for (long r = 0; r < rounds; ++r) {
        SCOPED_TRACE("round " + std::to_string(r));
        Round(nullptr, 0, std::chrono::microseconds(rng() % 12000));
        if (HasFatalFailure()) return;
    }
    RecordProperty("kills", kills_);
    EXPECT_EQ(rounds, kills_);
}

}  // namespace
