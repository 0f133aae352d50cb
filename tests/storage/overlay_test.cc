// The committed overlay and the snapshots that read it with LMDB: every read (a key, a scan
// either way, a seek either way) of a snapshot at seq S gives the state after commit S, while
// commits go on, tables freeze and checkpoints move them into LMDB. Checked against a model of
// every version of every key. A second test has readers race a writer and a checkpointer.
#include "storage/memtable.h"
#include "storage/overlay.h"
#include "storage/snapshot.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_support.h"

namespace {

using jetstore::storage::Durability;
using jetstore::storage::Env;
using jetstore::storage::EnvOptions;
using jetstore::storage::MemTable;
using jetstore::storage::OpenMode;
using jetstore::storage::Overlay;
using jetstore::storage::ReadSnapshot;
using jetstore::storage::Snapshot;
using jetstore::storage::SnapshotRegistry;
using jetstore::storage::Status;
using jetstore::storage::TxnWriter;

// Every version of every key.
class Model {
public:
    void Set(const std::string& k, std::uint64_t seq, std::optional<std::string> v) { versions_[k][seq] = std::move(v); }
    // The state after commit `seq`.
    std::map<std::string, std::string> At(std::uint64_t seq) const {
        std::map<std::string, std::string> out;
        for (const auto& [k, vs] : versions_) {
            auto it = vs.upper_bound(seq);
            if (it == vs.begin()) continue;
            --it;
            if (it->second) out[k] = *it->second;
        }
        return out;
    }

private:
    std::map<std::string, std::map<std::uint64_t, std::optional<std::string>>> versions_;
};

class OverlayTest : public ::testing::Test {
protected:
    OverlayTest() : dir_("jetstore_overlay_") {}
    void SetUp() override {
        EnvOptions o;
        o.mode = OpenMode::kCreate;
        o.max_readers = 2048;  // the model test holds many snapshots
        const Status s = Env::Open(dir_.Path() + "o.edb", o, &env_);
        ASSERT_TRUE(s.ok()) << s.message();
        registry_ = std::make_unique<SnapshotRegistry>(&published_);
    }

    std::unique_ptr<Snapshot> NewSnapshot() {
        std::unique_ptr<ReadSnapshot> lmdb;
        EXPECT_TRUE(env_->NewSnapshot(&lmdb).ok());
        lmdb->Reset();
        return std::make_unique<Snapshot>(std::move(lmdb), &overlay_, &published_, registry_.get());
    }

    // What the checkpointer does for one database, up to `h`.
    void Checkpoint(std::uint64_t h) {
        auto frozen = overlay_.Freeze();
        const Status s = env_->Write(
            [&](TxnWriter& w) {
                for (const auto& t : frozen) {
                    Status inner;
                    t->ForEachNewest(h, [&](std::string_view k, std::uint64_t, const std::string_view* v) {
                        inner = v != nullptr ? w.Put(k, *v) : w.Delete(k);
                        return inner.ok();
                    });
                    if (!inner.ok()) return inner;
                }
                return Status::Ok();
            },
            Durability::kNoSync);
        ASSERT_TRUE(s.ok()) << s.message();
        overlay_.Retire(frozen);
    }

    // Everything a snapshot shows, by a forward scan.
    static std::map<std::string, std::string> Forward(Snapshot& snap) {
        std::map<std::string, std::string> out;
        auto it = snap.NewIterator();
        for (Status s = it->First(); s.ok() && it->Valid(); s = it->Next()) {
            if (it->key() != "\x01meta") out.emplace(it->key(), it->value());
        }
        return out;
    }
    static std::map<std::string, std::string> Backward(Snapshot& snap) {
        std::map<std::string, std::string> out;
        auto it = snap.NewIterator();
        for (Status s = it->Last(); s.ok() && it->Valid(); s = it->Prev()) {
            if (it->key() != "\x01meta") out.emplace(it->key(), it->value());
        }
        return out;
    }

    void CheckSnapshot(Snapshot& snap, const std::map<std::string, std::string>& want, std::mt19937& rng) {
        ASSERT_EQ(want, Forward(snap)) << "forward scan at seq " << snap.Seq();
        ASSERT_EQ(want, Backward(snap)) << "backward scan at seq " << snap.Seq();
        for (int i = 0; i < 20; ++i) {
            const std::string k = Key(rng);
            std::string_view v;
            const Status s = snap.Get(k, &v);
            auto w = want.find(k);
            if (w == want.end()) {
                ASSERT_TRUE(s.Is(jetstore::storage::Code::kNotFound)) << k;
            } else {
                ASSERT_TRUE(s.ok()) << k;
                ASSERT_EQ(w->second, v) << k;
            }
            auto it = snap.NewIterator();
            ASSERT_TRUE(it->SeekGE(k).ok());
            auto ge = want.lower_bound(k);
            ASSERT_EQ(ge != want.end(), it->Valid()) << "SeekGE " << k;
            if (it->Valid()) {
                ASSERT_EQ(ge->first, it->key());
            }
            ASSERT_TRUE(it->SeekLE(k).ok());
            auto le = want.upper_bound(k);
            const bool has_le = le != want.begin();
            ASSERT_EQ(has_le, it->Valid()) << "SeekLE " << k;
            if (has_le) {
                ASSERT_EQ(std::prev(le)->first, it->key());
            }
        }
    }

    static std::string Key(std::mt19937& rng) { return "k" + std::to_string(rng() % 60); }

    jetstore::test::TempDir dir_;
    std::unique_ptr<Env> env_;
    Overlay overlay_;
    std::atomic<std::uint64_t> published_{0};
    std::unique_ptr<SnapshotRegistry> registry_;
};

TEST_F(OverlayTest, MemTableKeepsVersionsBySeq) {
    MemTable t;
    const std::string a1 = "a1";
    const std::string a3 = "a3";
    t.Add("a", 1, &a1);
    t.Add("a", 3, &a3);
    t.Add("a", 5, nullptr);
    std::string_view v;
    EXPECT_EQ(MemTable::Found::kAbsent, t.Get("a", 0, &v));
    EXPECT_EQ(MemTable::Found::kValue, t.Get("a", 2, &v));
    EXPECT_EQ("a1", v);
    EXPECT_EQ(MemTable::Found::kValue, t.Get("a", 4, &v));
    EXPECT_EQ("a3", v);
    EXPECT_EQ(MemTable::Found::kDeleted, t.Get("a", 9, &v));
    EXPECT_EQ(MemTable::Found::kAbsent, t.Get("b", 9, &v));
    MemTable::Entry e;
    ASSERT_TRUE(t.VisibleAtOrAfter("", false, 4, &e));
    EXPECT_EQ("a", e.key);
    EXPECT_EQ(3u, e.seq);
    EXPECT_FALSE(t.VisibleAtOrAfter("a", true, 4, &e));
    EXPECT_FALSE(t.VisibleAtOrAfter("", false, 0, &e));
    int seen = 0;
    t.ForEachNewest(4, [&](std::string_view k, std::uint64_t seq, const std::string_view* val) {
        ++seen;
        EXPECT_EQ("a", k);
        EXPECT_EQ(3u, seq);
        EXPECT_TRUE(val != nullptr && *val == "a3");
        return true;
    });
    EXPECT_EQ(1, seen);
}

TEST_F(OverlayTest, SnapshotsReadTheStateOfTheirSeqWhileCommitsAndCheckpointsGoOn) {
    std::mt19937 rng(20261207);
    Model model;
    std::uint64_t seq = 0;
    std::uint64_t checkpointed = 0;
    struct Held {
        std::unique_ptr<Snapshot> snap;
        std::map<std::string, std::string> want;
    };
    std::vector<Held> held;
    const long steps = jetstore::test::Scaled(3000, 300);
    for (long step = 0; step < steps; ++step) {
        const unsigned op = rng() % 100;
        if (op < 70) {  // a commit of 1..4 changes
            ++seq;
            const int n = 1 + static_cast<int>(rng() % 4);
            for (int i = 0; i < n; ++i) {
                const std::string k = Key(rng);
                if (rng() % 4 == 0) {
                    overlay_.Add(k, seq, nullptr);
                    model.Set(k, seq, std::nullopt);
                } else {
                    const std::string v = "v" + std::to_string(seq) + "." + std::to_string(i);
                    overlay_.Add(k, seq, &v);
                    model.Set(k, seq, v);
                }
            }
            published_.store(seq);
        } else if (op < 78) {
            Checkpoint(seq);
            checkpointed = seq;
        } else if (op < 84) {
            (void)overlay_.Freeze();  // frozen, not yet applied
        } else if (op < 92) {  // a new snapshot, kept for a while
            auto snap = NewSnapshot();
            ASSERT_TRUE(snap->Renew().ok());
            ASSERT_EQ(seq, snap->Seq());
            held.push_back(Held{std::move(snap), model.At(seq)});
        } else if (!held.empty()) {  // check one held snapshot, then maybe let it go
            const std::size_t i = rng() % held.size();
            CheckSnapshot(*held[i].snap, held[i].want, rng);
            if (HasFatalFailure()) return;
            if (rng() % 2 == 0) held.erase(held.begin() + static_cast<long>(i));
        }
    }
    for (Held& h : held) {
        CheckSnapshot(*h.snap, h.want, rng);
        if (HasFatalFailure()) return;
    }
    EXPECT_GT(checkpointed, 0u);
    // A renewed snapshot reads the latest state.
    auto snap = NewSnapshot();
    ASSERT_TRUE(snap->Renew().ok());
    CheckSnapshot(*snap, model.At(seq), rng);
}

TEST_F(OverlayTest, OldestLiveIsTheOldestRenewedSnapshot) {
    auto a = NewSnapshot();
    auto b = NewSnapshot();
    published_.store(5);
    ASSERT_TRUE(a->Renew().ok());
    published_.store(9);
    ASSERT_TRUE(b->Renew().ok());
    EXPECT_EQ(5u, registry_->OldestLive());
    a->Reset();
    EXPECT_EQ(9u, registry_->OldestLive());
    b->Reset();
    published_.store(12);
    EXPECT_EQ(12u, registry_->OldestLive());
}

TEST_F(OverlayTest, ReadersRaceAWriterAndACheckpointer) {
    // One writer adds commits and publishes them; one thread checkpoints; readers renew and
    // check that each key's value is the one of the newest commit at or below their seq. Every
    // commit writes all keys with its seq, so a snapshot at S must read exactly "v<S>".
    constexpr int kKeys = 16;
    std::atomic<bool> stop{false};
    std::atomic<int> bad{0};
    std::mutex publish_mu;  // the committer's publish lock
    const long commits = jetstore::test::Scaled(3000, 200);
    std::thread writer([&] {
        for (std::uint64_t seq = 1; seq <= static_cast<std::uint64_t>(commits); ++seq) {
            std::lock_guard lock(publish_mu);
            const std::string v = "v" + std::to_string(seq);
            for (int k = 0; k < kKeys; ++k) overlay_.Add("k" + std::to_string(k), seq, &v);
            published_.store(seq, std::memory_order_release);
        }
        stop = true;
    });
    std::thread checkpointer([&] {
        while (!stop) {
            std::uint64_t h = 0;
            std::vector<std::shared_ptr<MemTable>> frozen;
            {
                std::lock_guard lock(publish_mu);
                h = published_.load();
                frozen = overlay_.Freeze();
            }
            const Status s = env_->Write(
                [&](TxnWriter& w) {
                    for (const auto& t : frozen) {
                        t->ForEachNewest(h, [&](std::string_view k, std::uint64_t, const std::string_view* v) {
                            (void)w.Put(k, *v);
                            return true;
                        });
                    }
                    return w.Put("\x01meta", std::to_string(h));
                },
                Durability::kNoSync);
            if (!s.ok()) bad++;
            overlay_.Retire(frozen);
        }
    });
    std::vector<std::thread> readers;
    for (int r = 0; r < 2; ++r) {
        readers.emplace_back([&] {
            auto snap = NewSnapshot();
            while (!stop) {
                if (!snap->Renew().ok()) {
                    bad++;
                    continue;
                }
                const std::uint64_t s = snap->Seq();
                const std::string want = s == 0 ? std::string() : "v" + std::to_string(s);
                for (int k = 0; k < kKeys; ++k) {
                    std::string_view v;
                    const Status st = snap->Get("k" + std::to_string(k), &v);
                    if (s == 0 ? st.ok() : (!st.ok() || v != want)) bad++;
                }
                snap->Reset();
            }
        });
    }
    writer.join();
    checkpointer.join();
    for (auto& t : readers) t.join();
    EXPECT_EQ(0, bad.load());
}

}  // namespace
