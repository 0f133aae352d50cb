// storage/group_commit: leader-based group commit. Many threads' commits all land, share LMDB
// write transactions, take the strongest durability of their group, and fail together; lazy
// commits are flushed on demand and only when needed. Runs in the `concurrency` suite (also
// under ThreadSanitizer). Groupings that matter are forced with the committer's test hooks and
// atomics, never with sleeps; loop sizes scale with JETSTORE_STRESS_SCALE.

#include "storage/group_commit.h"

#include "tests/test_support.h"

#include <gtest/gtest.h>
#include <lmdb.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <latch>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "storage/env.h"

namespace jetstore::storage {
namespace {

using jetstore::test::Scaled;

WriteBatch Put(const std::string& key, const std::string& value) { return WriteBatch{WriteOp{key, value}}; }

std::optional<std::string> Read(Env& env, std::string_view key) {
    std::unique_ptr<ReadSnapshot> snapshot;
    Status s = env.NewSnapshot(&snapshot);
    EXPECT_TRUE(s.ok()) << s.message();
    if (!s.ok()) return std::nullopt;
    std::string_view value;
    s = snapshot->Get(key, &value);
    if (s.Is(Code::kNotFound)) return std::nullopt;
    EXPECT_TRUE(s.ok()) << s.message();
    return std::string(value);
}

// Holds the first leader, after it took its group, until `count` commits have been queued in
// total (its own included), so the next group is made of everyone queued meanwhile. Records
// every group's size.
class HoldFirstLeader {
public:
    explicit HoldFirstLeader(long count) : count_(count) {}

    GroupCommitter::TestHooks Hooks() {
        GroupCommitter::TestHooks hooks;
        hooks.on_enqueued = [this] {
            enqueued_.fetch_add(1);
            enqueued_.notify_all();
        };
        hooks.before_apply = [this](std::size_t size) {
            {
                std::lock_guard<std::mutex> lock(mu_);
                sizes_.push_back(size);
            }
            if (!held_.exchange(true)) WaitEnqueued(count_);
        };
        return hooks;
    }
    // Returns once `n` commits have been queued.
    void WaitEnqueued(long n) {
        for (long v = enqueued_.load(); v < n; v = enqueued_.load()) enqueued_.wait(v);
    }
    std::vector<std::size_t> sizes() const {
        std::lock_guard<std::mutex> lock(mu_);
        return sizes_;
    }

private:
    const long count_;
    std::atomic<long> enqueued_{0};
    std::atomic<bool> held_{false};
    mutable std::mutex mu_;
    std::vector<std::size_t> sizes_;
};

class GroupCommitTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string templ = (std::filesystem::temp_directory_path() / "group_commit_test_XXXXXX").string();
        ASSERT_NE(::mkdtemp(templ.data()), nullptr);
        dir_ = templ;
        path_ = dir_ + "/db.edb";
        Open(OpenMode::kCreate);
    }
    void TearDown() override {
        env_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    void Open(OpenMode mode, std::uint64_t max_bytes = 0) {
        env_.reset();
        EnvOptions options;
        options.mode = mode;
        options.max_bytes = max_bytes;
        options.owner = this;
        Status s = Env::Open(path_, options, &env_);
        ASSERT_TRUE(s.ok()) << s.message();
    }

    std::string dir_;
    std::string path_;
    std::unique_ptr<Env> env_;
};

TEST_F(GroupCommitTest, ACommitAloneIsOneTransaction) {
    GroupCommitter committer(env_.get());
    const std::uint64_t txn = env_->Stats().last_txn_id;
    ASSERT_TRUE(committer.Commit(Put("a", "1"), Durability::kDurable).ok());
    EXPECT_EQ(Read(*env_, "a"), "1");
    EXPECT_EQ(env_->Stats().last_txn_id, txn + 1);
    const auto counters = committer.counters();
    EXPECT_EQ(counters.commits, 1u);
    EXPECT_EQ(counters.groups, 1u);
    EXPECT_EQ(counters.failed_groups, 0u);
}

TEST_F(GroupCommitTest, AnEmptyBatchCommitsNothing) {
    GroupCommitter committer(env_.get());
    const EnvStats before = env_->Stats();
    ASSERT_TRUE(committer.Commit(WriteBatch{}, Durability::kDurable).ok());
    EXPECT_EQ(env_->Stats().last_txn_id, before.last_txn_id);
    EXPECT_EQ(env_->Stats().storage_calls, before.storage_calls);
    EXPECT_EQ(committer.counters().groups, 0u);
}

TEST_F(GroupCommitTest, ManyThreadsCommitsAllLandInFewerTransactions) {
    GroupCommitter committer(env_.get());
    const long threads = 4;
    const long per_thread = Scaled(100, 10);
    // The first leader waits for every thread's first commit: at least one group of threads - 1.
    HoldFirstLeader hold(threads);
    committer.SetTestHooks(hold.Hooks());
    const std::uint64_t txn_before = env_->Stats().last_txn_id;

    std::latch start(threads);
    std::atomic<long> failures{0};
    std::vector<std::thread> workers;
    for (long t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            start.arrive_and_wait();
            // Even threads commit durably, odd ones lazily.
            const Durability d = t % 2 == 0 ? Durability::kDurable : Durability::kLazy;
            for (long i = 0; i < per_thread; ++i) {
                const std::string key = "t" + std::to_string(t) + "/" + std::to_string(i);
                if (!committer.Commit(Put(key, key + "=v"), d).ok()) failures.fetch_add(1);
            }
        });
    }
    for (auto& w : workers) w.join();
    EXPECT_EQ(failures.load(), 0);

    const long commits = threads * per_thread;
    const auto counters = committer.counters();
    const std::uint64_t txns = env_->Stats().last_txn_id - txn_before;
    EXPECT_EQ(counters.commits, static_cast<std::uint64_t>(commits));
    EXPECT_EQ(counters.groups, txns);                      // one LMDB write transaction per group
    EXPECT_LT(txns, static_cast<std::uint64_t>(commits));  // grouping happened
    const auto sizes = hold.sizes();
    ASSERT_GE(sizes.size(), 2u);
    // The held leader's followers, plus perhaps its own next commit if it queued first.
    EXPECT_GE(sizes[1], static_cast<std::size_t>(threads - 1));
    std::size_t total = 0;
    for (std::size_t s : sizes) total += s;
    EXPECT_EQ(total, static_cast<std::size_t>(commits));

    // Every commit is visible, once.
    std::unique_ptr<ReadSnapshot> snapshot;
    ASSERT_TRUE(env_->NewSnapshot(&snapshot).ok());
    for (long t = 0; t < threads; ++t) {
        for (long i = 0; i < per_thread; ++i) {
            const std::string key = "t" + std::to_string(t) + "/" + std::to_string(i);
            std::string_view value;
            ASSERT_TRUE(snapshot->Get(key, &value).ok()) << key;
            EXPECT_EQ(value, key + "=v");
        }
    }
    long n = 0;
    auto it = snapshot->NewIterator();
    ASSERT_TRUE(it->First().ok());
    while (it->Valid()) {
        ++n;
        ASSERT_TRUE(it->Next().ok());
    }
    EXPECT_EQ(n, commits);
}

TEST_F(GroupCommitTest, AFailedGroupFailsEachOfItsCommitsWithTheSameStatus) {
    Open(OpenMode::kOpenExisting, 1 << 20);  // 256 pages
    GroupCommitter committer(env_.get());
    ASSERT_TRUE(committer.Commit(Put("before", "1"), Durability::kDurable).ok());

    // The leader's small commit goes alone; the followers' ~50 pages each fit one by one but
    // not seven together.
    const long followers = 7;
    HoldFirstLeader hold(followers + 1);
    committer.SetTestHooks(hold.Hooks());
    const std::string big(200 * 1024, 'b');
    std::vector<Status> results(static_cast<std::size_t>(followers));
    Status leader_result;
    std::thread leader([&] { leader_result = committer.Commit(Put("leader", "1"), Durability::kLazy); });
    hold.WaitEnqueued(1);  // the leader is first
    std::vector<std::thread> workers;
    for (long f = 0; f < followers; ++f) {
        workers.emplace_back([&, f] {
            results[static_cast<std::size_t>(f)] =
                committer.Commit(Put("follower" + std::to_string(f), big), Durability::kDurable);
        });
    }
    leader.join();
    for (auto& w : workers) w.join();

    EXPECT_EQ(hold.sizes(), (std::vector<std::size_t>{1, static_cast<std::size_t>(followers)}));
    EXPECT_TRUE(leader_result.ok()) << leader_result.message();
    for (const Status& s : results) {
        EXPECT_TRUE(s.Is(Code::kMapFull)) << s.message();
        EXPECT_EQ(s.message(), results[0].message());
    }
    EXPECT_EQ(committer.counters().failed_groups, 1u);

    // Nothing of the group was applied; everything before it is intact, also after reopening.
    for (long f = 0; f < followers; ++f) EXPECT_EQ(Read(*env_, "follower" + std::to_string(f)), std::nullopt);
    EXPECT_EQ(Read(*env_, "before"), "1");
    EXPECT_EQ(Read(*env_, "leader"), "1");
    // Each of those commits alone would have fit: the committer goes on working.
    ASSERT_TRUE(committer.Commit(Put("follower0", big), Durability::kDurable).ok());
    ASSERT_TRUE(committer.FlushLazy().ok());

    Open(OpenMode::kOpenExisting);
    EXPECT_EQ(Read(*env_, "before"), "1");
    EXPECT_EQ(Read(*env_, "leader"), "1");
    EXPECT_EQ(Read(*env_, "follower0"), big);
    for (long f = 1; f < followers; ++f) EXPECT_EQ(Read(*env_, "follower" + std::to_string(f)), std::nullopt);
}

TEST_F(GroupCommitTest, AGroupCommitsWithTheStrongestDurabilityAskedFor) {
    GroupCommitter committer(env_.get());
    const unsigned mask = MDB_NOSYNC | MDB_NOMETASYNC;
    // Runs a leader commit of `leader_d` alone, then `follower_ds` as one group; returns the
    // environment's sync flags after that group.
    const auto run_group = [&](Durability leader_d, std::vector<Durability> follower_ds) {
        HoldFirstLeader hold(static_cast<long>(follower_ds.size()) + 1);
        committer.SetTestHooks(hold.Hooks());
        std::vector<std::thread> threads;
        threads.emplace_back([&] { EXPECT_TRUE(committer.Commit(Put("leader", "x"), leader_d).ok()); });
        hold.WaitEnqueued(1);  // the leader is first
        for (std::size_t i = 0; i < follower_ds.size(); ++i) {
            threads.emplace_back(
                [&, i] { EXPECT_TRUE(committer.Commit(Put("f" + std::to_string(i), "x"), follower_ds[i]).ok()); });
        }
        for (auto& t : threads) t.join();
        EXPECT_EQ(hold.sizes(), (std::vector<std::size_t>{1, follower_ds.size()}));
        committer.SetTestHooks({});
        return env_->FlagsForTesting() & mask;
    };
    EXPECT_EQ(run_group(Durability::kDurable, {Durability::kNoSync, Durability::kLazy, Durability::kNoSync}),
              static_cast<unsigned>(MDB_NOMETASYNC));
    EXPECT_EQ(run_group(Durability::kDurable, {Durability::kNoSync, Durability::kNoSync}),
              static_cast<unsigned>(MDB_NOSYNC));
    EXPECT_EQ(run_group(Durability::kNoSync, {Durability::kLazy, Durability::kDurable, Durability::kNoSync}), 0u);
    EXPECT_FALSE(committer.HasUnflushedLazy());  // the last group was durable
}

TEST_F(GroupCommitTest, FlushLazySyncsOnlyWhenALazyCommitIsPending) {
    GroupCommitter committer(env_.get());
    EXPECT_FALSE(committer.HasUnflushedLazy());
    EXPECT_EQ(committer.SinceOldestUnflushedLazy().count(), 0);
    std::uint64_t calls = env_->Stats().storage_calls;
    ASSERT_TRUE(committer.FlushLazy().ok());
    EXPECT_EQ(env_->Stats().storage_calls, calls);  // nothing to flush: no storage call

    // Lazy, then durable: the durable commit flushed the lazy one too.
    ASSERT_TRUE(committer.Commit(Put("a", "1"), Durability::kLazy).ok());
    EXPECT_TRUE(committer.HasUnflushedLazy());
    EXPECT_GE(committer.SinceOldestUnflushedLazy().count(), 0);
    ASSERT_TRUE(committer.Commit(Put("b", "1"), Durability::kDurable).ok());
    EXPECT_FALSE(committer.HasUnflushedLazy());
    calls = env_->Stats().storage_calls;
    ASSERT_TRUE(committer.FlushLazy().ok());
    EXPECT_EQ(env_->Stats().storage_calls, calls);
    EXPECT_EQ(committer.counters().syncs, 0u);

    // Lazy and no-sync commits are pending until FlushLazy, which syncs once.
    ASSERT_TRUE(committer.Commit(Put("c", "1"), Durability::kLazy).ok());
    ASSERT_TRUE(committer.Commit(Put("d", "1"), Durability::kNoSync).ok());
    EXPECT_TRUE(committer.HasUnflushedLazy());
    calls = env_->Stats().storage_calls;
    ASSERT_TRUE(committer.FlushLazy().ok());
    EXPECT_EQ(env_->Stats().storage_calls, calls + 1);
    EXPECT_EQ(committer.counters().syncs, 1u);
    EXPECT_FALSE(committer.HasUnflushedLazy());
    EXPECT_EQ(committer.SinceOldestUnflushedLazy().count(), 0);
    ASSERT_TRUE(committer.FlushLazy().ok());
    EXPECT_EQ(committer.counters().syncs, 1u);
}

TEST_F(GroupCommitTest, FlushLazyRacingLazyCommitsLeavesNothingPending) {
    GroupCommitter committer(env_.get());
    const long threads = 3;
    const long per_thread = Scaled(200, 20);
    std::atomic<long> running{threads};
    std::latch start(threads + 1);
    std::vector<std::thread> workers;
    for (long t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            start.arrive_and_wait();
            for (long i = 0; i < per_thread; ++i) {
                const Durability d = i % 3 == 0 ? Durability::kNoSync : Durability::kLazy;
                EXPECT_TRUE(committer.Commit(Put("t" + std::to_string(t) + "/" + std::to_string(i), "v"), d).ok());
            }
            running.fetch_sub(1);
        });
    }
    // The engine's timer, without the timer: flush whenever something is pending.
    std::thread flusher([&] {
        start.arrive_and_wait();
        while (running.load() > 0) {
            if (committer.HasUnflushedLazy()) {
                EXPECT_TRUE(committer.FlushLazy().ok());
            } else {
                std::this_thread::yield();
            }
        }
    });
    for (auto& w : workers) w.join();
    flusher.join();
    ASSERT_TRUE(committer.FlushLazy().ok());
    EXPECT_FALSE(committer.HasUnflushedLazy());
    EXPECT_EQ(committer.counters().commits, static_cast<std::uint64_t>(threads * per_thread));
    for (long t = 0; t < threads; ++t) {
        EXPECT_EQ(Read(*env_, "t" + std::to_string(t) + "/" + std::to_string(per_thread - 1)), "v");
    }
}

}  // namespace
}  // namespace jetstore::storage
