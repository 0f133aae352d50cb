// Helpers shared by the GoogleTest files in tests/. Header-only; every test file is its own
// executable, so the inline variables below (the call gate) are per test program.
#ifndef JETSTORE_TESTS_TEST_SUPPORT_H
#define JETSTORE_TESTS_TEST_SUPPORT_H

#include <esent.h>

#include <gtest/gtest.h>

#include <array>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/seams.h"

namespace jetstore::test {

// ---- stress scale ----

// Loop sizes of randomized and stress tests scale with JETSTORE_STRESS_SCALE (default 1, or 0.05
// in a ThreadSanitizer build, which runs about 20 times slower); the slow tier sets 10.
#if defined(__SANITIZE_THREAD__)
inline constexpr double kDefaultStressScale = 0.05;
#else
inline constexpr double kDefaultStressScale = 1.0;
#endif

inline double StressScale() {
    static const double scale = [] {
        const char *env = std::getenv("JETSTORE_STRESS_SCALE");
        if (env == nullptr || *env == '\0') return kDefaultStressScale;
        char *end = nullptr;
        const double v = std::strtod(env, &end);
        return (end != env && v > 0) ? v : kDefaultStressScale;
    }();
    return scale;
}

// n scaled, and at least `minimum`.
inline long Scaled(long n, long minimum = 1) {
    const long v = static_cast<long>(static_cast<double>(n) * StressScale());
    return v < minimum ? minimum : v;
}

// ---- temp folders ----

// A fresh folder under the system temp dir named `prefix` + 6 random characters; "" on failure.
inline std::string MakeTempDir(const std::string &prefix) {
    std::string templ = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
    char *made = ::mkdtemp(templ.data());
    return made != nullptr ? std::string(made) : std::string();
}

// A fresh folder under the system temp dir, removed with its contents on destruction.
class TempDir {
public:
    explicit TempDir(const std::string &prefix) : path_(MakeTempDir(prefix)) {}
    ~TempDir() {
        std::error_code ec;
        if (!path_.empty()) {
            std::filesystem::remove_all(path_, ec);
        }
    }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;

    // The folder, with a trailing '/'.
    std::string Path() const { return path_ + "/"; }
    // A subfolder (created), with a trailing '/'.
    std::string Sub(const std::string &name) const {
        std::error_code ec;
        std::filesystem::create_directories(path_ + "/" + name, ec);
        return path_ + "/" + name + "/";
    }
    bool Valid() const { return !path_.empty(); }

private:
    std::string path_;
};

// ---- instances ----

// How many instances are alive (JetGetInstanceInfo); ~0 if that call fails.
inline JET_ULONG LiveInstanceCount() {
    JET_ULONG count = 0;
    JET_INSTANCE_INFO *infos = nullptr;
    if (JetGetInstanceInfo(&count, &infos) != JET_errSuccess) return ~JET_ULONG{0};
    JetFreeBuffer(reinterpret_cast<char *>(infos));
    return count;
}

// Expects that no instance is alive, then frees (dirty) whatever leaked so the following tests
// are not poisoned. Returns false, after a fatal failure, if the instance list could not be read.
inline bool ExpectNoneAliveAndTerminateLeaked() {
    JET_ULONG count = ~JET_ULONG{0};
    JET_INSTANCE_INFO *info = nullptr;
    bool read = false;
    [&] {
        ASSERT_EQ(JetGetInstanceInfo(&count, &info), JET_errSuccess);
        read = true;
    }();
    if (!read) return false;
    EXPECT_EQ(count, 0ul) << "the test left an instance alive";
    std::vector<JET_INSTANCE> leaked;
    for (JET_ULONG i = 0; i < count; ++i) {
        leaked.push_back(info[i].hInstanceId);
    }
    JetFreeBuffer(reinterpret_cast<char *>(info));
    for (JET_INSTANCE inst : leaked) {
        JetTerm2(inst, JET_bitTermDirty);
    }
    return true;
}

// Points a created instance's system, log and temp paths at `folder`, sets Recovery and allows
// no temporary tables.
inline void SetInstancePaths(JET_INSTANCE *inst, const std::string &folder, bool recovery) {
    EXPECT_EQ(JetSetSystemParameter(inst, 0, JET_paramSystemPath, 0, folder.c_str()), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(inst, 0, JET_paramLogFilePath, 0, folder.c_str()), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(inst, 0, JET_paramTempPath, 0, folder.c_str()), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(inst, 0, JET_paramRecovery, 0, recovery ? "on" : "off"), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(inst, 0, JET_paramMaxTemporaryTables, 0, nullptr), JET_errSuccess);
}

// ---- system parameters ----

inline std::string GetStringParam(JET_INSTANCE inst, JET_SESID sesid, JET_ULONG paramid,
                                  JET_ERR *err = nullptr) {
    std::array<char, 1024> buf{};
    const JET_ERR e = JetGetSystemParameter(inst, sesid, paramid, nullptr, buf.data(), buf.size());
    if (err != nullptr) {
        *err = e;
    }
    return std::string(buf.data());
}

inline JET_API_PTR GetIntParam(JET_INSTANCE inst, JET_SESID sesid, JET_ULONG paramid, JET_ERR *err = nullptr) {
    JET_API_PTR value = 0xdeadbeef;
    const JET_ERR e = JetGetSystemParameter(inst, sesid, paramid, &value, nullptr, 0);
    if (err != nullptr) {
        *err = e;
    }
    return value;
}

// ---- threads ----

// A thread that stays alive and runs the steps it is given, one at a time, in order.
class Worker {
public:
    Worker() : thread_([this] { Loop(); }) {}
    ~Worker() {
        Post(nullptr);
        thread_.join();
    }
    Worker(const Worker &) = delete;
    Worker &operator=(const Worker &) = delete;

    // Runs fn on the worker and waits for its result.
    JET_ERR Run(std::function<JET_ERR()> fn) { return Async(std::move(fn)).get(); }

    // Runs fn on the worker; the caller collects the result later.
    std::future<JET_ERR> Async(std::function<JET_ERR()> fn) {
        auto task = std::make_shared<std::packaged_task<JET_ERR()>>(std::move(fn));
        std::future<JET_ERR> result = task->get_future();
        Post([task] { (*task)(); });
        return result;
    }

private:
    void Post(std::function<void()> job) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            jobs_.push_back(std::move(job));
        }
        cv_.notify_one();
    }
    void Loop() {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock<std::mutex> lock(mu_);
                cv_.wait(lock, [this] { return !jobs_.empty(); });
                job = std::move(jobs_.front());
                jobs_.pop_front();
            }
            if (!job) return;
            job();
        }
    }

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;  // guarded by mu_; nullptr means stop
    std::thread thread_;                      // last: starts after the members above exist
};

// Holds the first guarded call made by a thread that armed it inside that call (through
// seam::SetCallHook) until the test releases it.
struct CallGate {
    std::mutex mu;
    std::condition_variable cv;
    bool entered = false;
    bool released = false;

    void WaitEntered() {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [this] { return entered; });
    }
    void Release() {
        {
            std::lock_guard<std::mutex> lock(mu);
            released = true;
        }
        cv.notify_all();
    }
};

inline CallGate *g_gate = nullptr;
inline thread_local bool t_hold_next_call = false;

// The call hook: holds the call if this thread armed t_hold_next_call, until g_gate is released.
inline void HoldingHook() {
    if (!t_hold_next_call) return;
    t_hold_next_call = false;
    std::unique_lock<std::mutex> lock(g_gate->mu);
    g_gate->entered = true;
    g_gate->cv.notify_all();
    g_gate->cv.wait(lock, [] { return g_gate->released; });
}

// ---- the log mode of the data suites ----

// JETSTORE_TEST_LOG=1 runs a suite with the commit log on for every instance it configures
// (meson registers each data suite a second time so), and JETSTORE_TEST_LOG=checkpoint also makes
// the checkpointer run continuously, so reads race checkpoints.
inline bool LogModeForced() {
    const char *v = std::getenv("JETSTORE_TEST_LOG");
    return v != nullptr && *v != '\0' && std::string(v) != "0";
}
inline bool CheckpointStormForced() {
    const char *v = std::getenv("JETSTORE_TEST_LOG");
    return v != nullptr && std::string(v) == "checkpoint";
}
// True when a test's instance (configured with `recovery`) has the commit log.
inline bool LogOn(bool recovery) { return recovery || LogModeForced(); }

// ---- fixture for tests that own their instances ----

// Each test gets a fresh temp folder (dir_) and asserts that no instance is alive before it runs;
// TearDown terminates the instances listed in live_, asserts none is alive and removes dir_.
class InstanceTest : public ::testing::Test {
protected:
    explicit InstanceTest(std::string temp_prefix) : temp_prefix_(std::move(temp_prefix)) {}

    void SetUp() override {
        ASSERT_EQ(0UL, LiveInstanceCount()) << "a previous test leaked an instance";
        if (CheckpointStormForced()) jetstore::engine::seam::SetCheckpointIntervalForTesting(1);
        dir_ = MakeTempDir(temp_prefix_);
        ASSERT_FALSE(dir_.empty());
    }

    void TearDown() override {
        jetstore::engine::seam::SetCallHook(nullptr);
        for (JET_INSTANCE inst : live_) {
            JET_ERR err = JetTerm(inst);
            if (err == JET_errTooManyActiveUsers) JetTerm2(inst, JET_bitTermDirty);
        }
        live_.clear();
        EXPECT_EQ(0UL, LiveInstanceCount());
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    // Creates (multi-instance mode) an instance whose files live in dir_/name/ (created on
    // demand), with the given Recovery, no temporary tables and no information events.
    // Does not add it to live_.
    JET_INSTANCE CreateConfigured(const std::string &name, bool recovery = false) {
        if (LogModeForced()) recovery = true;
        JET_INSTANCE inst = 0;
        EXPECT_EQ(JET_errSuccess, JetCreateInstance(&inst, name.c_str()));
        const std::string folder = dir_ + "/" + name + "/";
        EXPECT_EQ(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramCreatePathIfNotExist, 1, nullptr));
        EXPECT_EQ(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, folder.c_str()));
        EXPECT_EQ(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, folder.c_str()));
        EXPECT_EQ(JET_errSuccess,
                  JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, (folder + "tmp.edb").c_str()));
        EXPECT_EQ(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramRecovery, 0, recovery ? "on" : "off"));
        EXPECT_EQ(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramMaxTemporaryTables, 0, nullptr));
        EXPECT_EQ(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramNoInformationEvent, 1, nullptr));
        return inst;
    }

    void Term(JET_INSTANCE inst) {
        EXPECT_EQ(JET_errSuccess, JetTerm(inst));
        std::erase(live_, inst);
    }

    std::string dir_;
    std::vector<JET_INSTANCE> live_;

private:
    std::string temp_prefix_;
};

}  // namespace jetstore::test

#endif  // JETSTORE_TESTS_TEST_SUPPORT_H
