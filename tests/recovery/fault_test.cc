// I/O faults from outside, with libfiu: the test runs with libfiu's POSIX wrappers preloaded
// (LD_PRELOAD=fiu_posix_preload.so, set by meson), and a forked child fails the Nth write,
// pwrite, fdatasync, fsync, rename or open of its workload (lazy, durable and cross-database
// commits, DDL, checkpoints, log-generation switches) with EIO or ENOSPC, once or for good. For
// each N, children then fail the Mth such call of the recovery that follows (NuDB's double
// sweep), and a last recovery runs without faults. After each, the test checks: every call
// failed with a documented code (after a log failure the instance is Failed: every later call
// answers JET_errInstanceUnavailable[DueToFatalLogDiskFull]), and after reopening every commit
// that returned durable is there, what is there is a prefix of the commit order, no transaction
// is partial, and the databases walk clean. Every N and every M is swept; the slow tier
// (JETSTORE_FAULT_SWEEP=all-modes) fails each N in all four ways.
#define FIU_ENABLE 1
#include <fiu-control.h>
#include <fiu.h>

#include <esent.h>

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/seams.h"
#include "tests/recovery/log_fixture.h"
#include "tests/test_support.h"

namespace {

namespace fs = std::filesystem;
namespace seam = jetstore::engine::seam;
using jetstore::test::LogDb;
using jetstore::test::LogInstance;
using jetstore::test::LogInstanceOptions;

constexpr int kTransactions = 36;

// In memory the parent and the child share (an acknowledgement must not be an I/O).
struct Shared {
    std::atomic<int> acked[kTransactions + 1];  // 0 none, 1 lazy, 2 durable
    std::atomic<long> calls{0};                 // calls of the failpoint seen
    std::atomic<int> undocumented{0};           // a code no documentation allows
    std::atomic<int> first_error{0};
    std::atomic<int> not_failed_after{0};       // a log failure that did not leave the instance Failed
    std::atomic<int> faulted{0};                // the fault was injected
};

// The failpoint's decision: count the call, fail the target one (and, persistent, every later).
std::atomic<long> g_target{0};
std::atomic<bool> g_persistent{false};
std::atomic<long> g_errno{EIO};
Shared* g_shared = nullptr;

int Decide(const char*, int*, void** failinfo, unsigned int*) {
    const long n = g_shared->calls.fetch_add(1) + 1;
    const long target = g_target.load();
    if (target == 0) return 0;
    if (n == target || (g_persistent.load() && n > target)) {
        *failinfo = reinterpret_cast<void*>(g_errno.load());
        g_shared->faulted = 1;
        return 1;
    }
    return 0;
}

LogInstanceOptions Options() { return LogInstanceOptions{64, false, 0}; }

bool Documented(JET_ERR e) {
    static const std::set<JET_ERR> codes = {
        JET_errLogWriteFail, JET_errLogDiskFull, JET_errInstanceUnavailable,
        JET_errInstanceUnavailableDueToFatalLogDiskFull, JET_errDiskIO, JET_errDiskFull,
        JET_errOutOfDatabaseSpace, JET_errFileAccessDenied, JET_errInvalidPath, JET_errDirtyShutdown,
        JET_errFileNotFound, JET_errDatabaseDirtyShutdown};
    return codes.count(e) != 0;
}

void Note(Shared* shared, JET_ERR e) {
    if (e >= 0) return;
    if (shared->first_error == 0) shared->first_error = e;
    if (!Documented(e)) shared->undocumented = e;
}

enum class Kind { kLazy, kDurable, kCross };
Kind KindOf(int n) { return n % 3 == 0 ? Kind::kLazy : (n % 3 == 1 ? Kind::kDurable : Kind::kCross); }
std::string ValueOf(int n) { return "f" + std::to_string(n) + std::string(static_cast<std::size_t>(n % 5) * 30, 'x'); }

// The workload, with the failpoint armed. Exits.
[[noreturn]] void Workload(const std::string& folder, Shared* shared) {
    LogInstance li(folder, Options());
    JET_ERR e = li.Init();
    Note(shared, e);
    if (e < 0) _exit(0);
    LogDb a;
    LogDb b;
    e = li.Open(folder + "a.edb", &a);
    if (e >= 0) e = li.Open(folder + "b.edb", &b);
    Note(shared, e);
    for (int n = 1; e >= 0 && n <= kTransactions; ++n) {
        const Kind kind = KindOf(n);
        e = JetBeginTransaction(li.session());
        if (e >= 0) e = li.PutIn(a, n, ValueOf(n));
        if (e >= 0 && kind == Kind::kCross) e = li.PutIn(b, n, ValueOf(n));
        if (e >= 0 && n == 12) {  // DDL in the transaction
            JET_COLUMNDEF cd{};
            cd.cbStruct = sizeof cd;
            cd.coltyp = JET_coltypLong;
            JET_COLUMNID id = 0;
            e = JetAddColumn(li.session(), a.t, "extra", &cd, nullptr, 0, &id);
        }
        if (e >= 0) e = JetCommitTransaction(li.session(), kind == Kind::kLazy ? JET_bitCommitLazyFlush : 0);
        if (e < 0) {
            Note(shared, e);
            JetRollback(li.session(), 0);
            break;
        }
        shared->acked[n] = kind == Kind::kLazy ? 1 : 2;
        if (n % 11 == 0) {
            e = seam::CheckpointNow(li.instance());
            Note(shared, e);
        }
        if (e >= 0 && n % 8 == 0) {
            e = JetCommitTransaction(li.session(), JET_bitForceNewLog);
            Note(shared, e);
        }
    }
    if (e == JET_errLogWriteFail || e == JET_errLogDiskFull) {
        // A log failure leaves the instance Failed: every later call is refused so.
        const JET_ERR after = JetBeginTransaction(li.session());
        if (after != JET_errInstanceUnavailable && after != JET_errInstanceUnavailableDueToFatalLogDiskFull) {
            shared->not_failed_after = after == 0 ? 1 : after;
        }
    }
    Note(shared, li.Term());
    _exit(0);
}

// A recovery (JetInit) with the failpoint armed, then a dirty stop. Exits.
[[noreturn]] void Recovery(const std::string& folder, Shared* shared) {
    LogInstance li(folder, Options());
    const JET_ERR e = li.Init();
    if (e < 0 && !Documented(e) && e != JET_errLogFileCorrupt && e != JET_errMissingLogFile &&
        e != JET_errCheckpointCorrupt && e != JET_errAttachedDatabaseMismatch && e != JET_errDatabaseCorrupted) {
        shared->undocumented = e;
    }
    if (e >= 0) li.Term(JET_bitTermDirty);
    _exit(0);
}

class FaultTest : public ::testing::Test {
protected:
    FaultTest() : dir_("jetstore_fault_") {}

    void SetUp() override {
        ASSERT_EQ(0, fiu_init(0));
        void* mem = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        ASSERT_NE(MAP_FAILED, mem);
        shared_ = new (mem) Shared();
        g_shared = shared_;
        // The starting point of every run: two databases, stopped cleanly.
        template_ = dir_.Sub("template");
        LogInstance li(template_, Options());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb a;
        LogDb b;
        ASSERT_EQ(JET_errSuccess, li.Create(template_ + "a.edb", &a));
        ASSERT_EQ(JET_errSuccess, li.Create(template_ + "b.edb", &b));
        ASSERT_EQ(JET_errSuccess, li.Term());
    }
    void TearDown() override { munmap(shared_, sizeof(Shared)); }

    std::string FreshRun() {
        const std::string run = dir_.Path() + "run" + std::to_string(runs_++) + "/";
        fs::copy(template_, run, fs::copy_options::recursive);
        return run;
    }

    // Runs `body` in a child with `point` failing its `target`-th call (0: count only);
    // returns the number of calls the child made.
    long InChild(const char* point, long target, bool persistent, long err, void (*body)(const std::string&, Shared*),
                 const std::string& folder) {
        shared_->calls = 0;
        shared_->faulted = 0;
        const pid_t child = fork();
        if (child == 0) {
            g_target = target;
            g_persistent = persistent;
            g_errno = err;
            if (fiu_enable_external(point, 1, nullptr, 0, &Decide) != 0) _exit(99);
            body(folder, shared_);
        }
        int status = 0;
        waitpid(child, &status, 0);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
            << point << " #" << target << ": the child " << (WIFSIGNALED(status) ? "died of a signal " : "exited ")
            << (WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
        return shared_->calls;
    }

    // Recovers without faults and checks the databases against the acknowledgements.
    void Verify(const std::string& folder, const std::string& trace) {
        SCOPED_TRACE(trace);
        LogInstance li(folder, Options());
        ASSERT_EQ(JET_errSuccess, li.Init());
        LogDb a;
        LogDb b;
        ASSERT_EQ(JET_errSuccess, li.Open(folder + "a.edb", &a));
        ASSERT_EQ(JET_errSuccess, li.Open(folder + "b.edb", &b));
        JET_ERR err = JET_errSuccess;
        const auto rows_a = li.Rows(a, &err);
        ASSERT_EQ(JET_errSuccess, err) << "the database does not walk clean";
        const auto rows_b = li.Rows(b, &err);
        ASSERT_EQ(JET_errSuccess, err) << "the database does not walk clean";
        // Backwards too.
        int back = 0;
        for (JET_ERR e = JetMove(li.session(), a.t, JET_MoveLast, 0); e >= 0; e = JetMove(li.session(), a.t, JET_MovePrevious, 0)) ++back;
        EXPECT_EQ(rows_a.size(), static_cast<std::size_t>(back));
        ASSERT_EQ(JET_errSuccess, li.Term());
        int last = 0;
        for (const auto& [k, v] : rows_a) {
            ASSERT_EQ(last + 1, k) << "a gap in the commit order";
            ASSERT_EQ(ValueOf(k), v);
            last = k;
        }
        for (int n = 1; n <= kTransactions; ++n) {
            if (shared_->acked[n] == 2) {
                ASSERT_LE(n, last) << "durable commit " << n << " lost";
            }
            if (n <= last && KindOf(n) == Kind::kCross) {
                ASSERT_EQ(1u, rows_b.count(n)) << "transaction " << n << " partial";
            }
        }
        for (const auto& [k, v] : rows_b) ASSERT_LE(k, last) << "transaction " << k << " partial";
    }

    void Sweep(const char* point) {
        // Every N by default; JETSTORE_FAULT_SWEEP=all-modes (the slow tier) fails each N in all
        // four ways (once or for good, EIO or ENOSPC) instead of one.
        const char* mode = std::getenv("JETSTORE_FAULT_SWEEP");
        const bool all_modes = mode != nullptr && std::string(mode) == "all-modes";
        // How many calls the workload and a recovery make.
        for (auto& a : shared_->acked) a = 0;
        const long calls = InChild(point, 0, false, EIO, &Workload, FreshRun());
        if (calls == 0) GTEST_SKIP() << point << " is never called by this build's I/O";
        int swept = 0;
        for (long n = 1; n <= calls; ++n) {
          for (int variant = 0; variant < (all_modes ? 4 : 1); ++variant) {
            const int v = all_modes ? variant : static_cast<int>(n % 4);
            const bool persistent = (v & 1) != 0;
            const long err = (v & 2) != 0 ? ENOSPC : EIO;
            const std::string trace = std::string(point) + " #" + std::to_string(n) + (persistent ? " for good" : " once") +
                                      (err == ENOSPC ? " ENOSPC" : " EIO");
            const std::string run = FreshRun();
            for (auto& a : shared_->acked) a = 0;
            shared_->first_error = 0;
            shared_->undocumented = 0;
            shared_->not_failed_after = 0;
            InChild(point, n, persistent, err, &Workload, run);
            const std::string what = trace + " (first error " + std::to_string(shared_->first_error.load()) + ")";
            EXPECT_EQ(0, shared_->undocumented.load()) << what << ": an undocumented code";
            EXPECT_EQ(0, shared_->not_failed_after.load()) << what << ": the instance is not Failed after a log failure";
            // The double sweep: every Mth call of the recovery that follows fails once.
            const long rcalls = InChild(point, 0, false, EIO, &Recovery, run);
            for (long m = 1; m <= rcalls; ++m) {
                shared_->undocumented = 0;
                InChild(point, m, false, m % 2 == 0 ? ENOSPC : EIO, &Recovery, run);
                EXPECT_EQ(0, shared_->undocumented.load()) << what << ", then recovery #" << m << ": an undocumented code";
            }
            Verify(run, what);
            if (HasFatalFailure()) return;
            fs::remove_all(run);
            ++swept;
          }
        }
        RecordProperty(std::string(point) + "_runs", swept);
    }

    jetstore::test::TempDir dir_;
    std::string template_;
    Shared* shared_ = nullptr;
    int runs_ = 0;
};

TEST_F(FaultTest, FailedWrites) { Sweep("posix/io/rw/write"); }
TEST_F(FaultTest, FailedPwrites) { Sweep("posix/io/rw/pwrite"); }
TEST_F(FaultTest, FailedWritevs) { Sweep("posix/io/rw/writev"); }  // LMDB's page writes
TEST_F(FaultTest, FailedFdatasyncs) { Sweep("posix/io/sync/fdatasync"); }
TEST_F(FaultTest, FailedFsyncs) { Sweep("posix/io/sync/fsync"); }
TEST_F(FaultTest, FailedRenames) { Sweep("posix/io/dir/rename"); }
TEST_F(FaultTest, FailedOpens) { Sweep("posix/io/oc/open"); }

// The negative control: without libfiu's wrappers in the process nothing fails, and the sweep
// would prove nothing. Its counting run must see calls.
TEST_F(FaultTest, TheWrappersArePreloaded) {
    const char* preload = std::getenv("LD_PRELOAD");
    ASSERT_TRUE(preload != nullptr && std::string(preload).find("fiu_posix_preload") != std::string::npos)
        << "run with LD_PRELOAD=/usr/lib/fiu/fiu_posix_preload.so";
    for (auto& a : shared_->acked) a = 0;
    EXPECT_GT(InChild("posix/io/sync/fdatasync", 0, false, EIO, &Workload, FreshRun()), 0);
}

}  // namespace
