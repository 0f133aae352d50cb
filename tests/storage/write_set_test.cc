#include "storage/write_set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace jetstore::storage {
namespace {

using Map = std::map<std::string, std::string, std::less<>>;

// The model: what a reader of base + write set must see.
Map Effective(const Map& base, const std::vector<std::map<std::string, std::optional<std::string>>>& layers) {
    Map out = base;
    for (const auto& l : layers) {
        for (const auto& [k, v] : l) {
            if (v) {
                out[k] = *v;
            } else {
                out.erase(k);
            }
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> ScanForward(KvIterator& it) {
    std::vector<std::pair<std::string, std::string>> out;
    EXPECT_TRUE(it.First().ok());
    while (it.Valid()) {
        out.emplace_back(it.key(), it.value());
        EXPECT_TRUE(it.Next().ok());
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> ScanBackward(KvIterator& it) {
    std::vector<std::pair<std::string, std::string>> out;
    EXPECT_TRUE(it.Last().ok());
    while (it.Valid()) {
        out.emplace_back(it.key(), it.value());
        EXPECT_TRUE(it.Prev().ok());
    }
    return out;
}

class WriteSetTest : public ::testing::Test {
protected:
    Map base_;
    WriteSet ws_;
};

TEST_F(WriteSetTest, EmptyWriteSetReadsTheBaseThrough) {
    base_ = {{"a", "1"}, {"b", "2"}};
    auto it = ws_.NewMergedIterator(NewMapIterator(&base_));
    EXPECT_EQ(ScanForward(*it), (std::vector<std::pair<std::string, std::string>>{{"a", "1"}, {"b", "2"}}));
    std::string_view v;
    EXPECT_EQ(ws_.Get("a", &v), WriteSet::Found::kAbsent);
    EXPECT_TRUE(ws_.empty());
}

TEST_F(WriteSetTest, PutShadowsTheBaseAndDeleteHidesIt) {
    base_ = {{"a", "1"}, {"b", "2"}, {"c", "3"}};
    ws_.Put("b", "two");
    ws_.Delete("c");
    ws_.Put("d", "4");
    auto it = ws_.NewMergedIterator(NewMapIterator(&base_));
    EXPECT_EQ(ScanForward(*it),
              (std::vector<std::pair<std::string, std::string>>{{"a", "1"}, {"b", "two"}, {"d", "4"}}));
    EXPECT_EQ(ScanBackward(*it),
              (std::vector<std::pair<std::string, std::string>>{{"d", "4"}, {"b", "two"}, {"a", "1"}}));
    std::string_view v;
    EXPECT_EQ(ws_.Get("c", &v), WriteSet::Found::kDeleted);
    ASSERT_EQ(ws_.Get("b", &v), WriteSet::Found::kValue);
    EXPECT_EQ(v, "two");
}

TEST_F(WriteSetTest, RollbackOfASavePointDropsOnlyItsWrites) {
    ws_.Put("a", "1");
    ws_.PushLevel();
    ws_.Put("a", "2");
    ws_.Put("b", "3");
    ws_.RollbackLevel();
    std::string_view v;
    ASSERT_EQ(ws_.Get("a", &v), WriteSet::Found::kValue);
    EXPECT_EQ(v, "1");
    EXPECT_EQ(ws_.Get("b", &v), WriteSet::Found::kAbsent);
    EXPECT_EQ(ws_.levels(), 1u);
}

TEST_F(WriteSetTest, CommitOfASavePointFoldsItIntoTheLevelBelow) {
    ws_.Put("a", "1");
    ws_.PushLevel();
    ws_.Delete("a");
    ws_.Put("b", "2");
    ws_.CommitLevel();
    EXPECT_EQ(ws_.levels(), 1u);
    std::string_view v;
    EXPECT_EQ(ws_.Get("a", &v), WriteSet::Found::kDeleted);
    ASSERT_EQ(ws_.Get("b", &v), WriteSet::Found::kValue);
    std::vector<std::pair<std::string, std::optional<std::string>>> batch;
    ws_.ForEach([&](const std::string& k, const std::optional<std::string>& val) { batch.emplace_back(k, val); });
    EXPECT_EQ(batch, (std::vector<std::pair<std::string, std::optional<std::string>>>{{"a", std::nullopt},
                                                                                      {"b", std::string("2")}}));
}

TEST_F(WriteSetTest, BytesCountKeysAndValuesAndReturnToZero) {
    ws_.Put("key", "value");
    EXPECT_EQ(ws_.bytes(), 8u);
    ws_.Put("key", "v");
    EXPECT_EQ(ws_.bytes(), 4u);
    ws_.PushLevel();
    ws_.Delete("other");
    EXPECT_EQ(ws_.bytes(), 9u);
    ws_.CommitLevel();
    EXPECT_EQ(ws_.bytes(), 9u);
    ws_.RollbackLevel();
    EXPECT_EQ(ws_.bytes(), 0u);
    ws_.Put("x", "y");
    ws_.Clear();
    EXPECT_EQ(ws_.bytes(), 0u);
}

TEST_F(WriteSetTest, KeysWithEmbeddedZeroBytesOrderAndStepCorrectly) {
    using namespace std::string_literals;
    base_ = {{"a"s, "base"}, {"a\0"s, "z1"}, {"a\0\0"s, "z2"}};
    ws_.Put("a\0\x01"s, "w");
    ws_.Delete("a\0"s);
    auto it = ws_.NewMergedIterator(NewMapIterator(&base_));
    EXPECT_EQ(ScanForward(*it), (std::vector<std::pair<std::string, std::string>>{
                                    {"a"s, "base"}, {"a\0\0"s, "z2"}, {"a\0\x01"s, "w"}}));
    EXPECT_EQ(ScanBackward(*it), (std::vector<std::pair<std::string, std::string>>{
                                     {"a\0\x01"s, "w"}, {"a\0\0"s, "z2"}, {"a"s, "base"}}));
}

// Random operations on base, layers and iterators against the model, with a fixed seed.
TEST_F(WriteSetTest, RandomOperationsMatchTheModel) {
    std::mt19937 rng(20261125);
    auto key = [&] { return std::string(1, static_cast<char>('a' + rng() % 20)) + std::to_string(rng() % 5); };
    for (int round = 0; round < 60; ++round) {
        base_.clear();
        ws_.Clear();
        std::vector<std::map<std::string, std::optional<std::string>>> model(1);
        for (int i = 0; i < 40; ++i) base_[key()] = "b" + std::to_string(i);
        for (int op = 0; op < 300; ++op) {
            const unsigned r = rng() % 100;
            if (r < 45) {
                const std::string k = key(), v = "w" + std::to_string(op);
                ws_.Put(k, v);
                model.back()[k] = v;
            } else if (r < 70) {
                const std::string k = key();
                ws_.Delete(k);
                model.back()[k] = std::nullopt;
            } else if (r < 78 && model.size() < 7) {
                ws_.PushLevel();
                model.emplace_back();
            } else if (r < 84 && model.size() > 1) {
                ws_.CommitLevel();
                auto top = std::move(model.back());
                model.pop_back();
                for (auto& [k, v] : top) model.back()[k] = v;
            } else if (r < 88) {
                ws_.RollbackLevel();
                if (model.size() > 1) {
                    model.pop_back();
                } else {
                    model.back().clear();
                }
            } else {
                // Random positioning against the model.
                const Map eff = Effective(base_, model);
                auto it = ws_.NewMergedIterator(NewMapIterator(&base_));
                const std::string t = key();
                if (rng() % 2 == 0) {
                    ASSERT_TRUE(it->SeekGE(t).ok());
                    auto m = eff.lower_bound(t);
                    for (int step = 0; step < 5; ++step) {
                        ASSERT_EQ(it->Valid(), m != eff.end()) << "round " << round << " op " << op;
                        if (m == eff.end()) break;
                        ASSERT_EQ(it->key(), m->first);
                        ASSERT_EQ(it->value(), m->second);
                        ASSERT_TRUE(it->Next().ok());
                        ++m;
                    }
                } else {
                    ASSERT_TRUE(it->SeekLE(t).ok());
                    auto m = eff.upper_bound(t);
                    for (int step = 0; step < 5; ++step) {
                        const bool has = m != eff.begin();
                        ASSERT_EQ(it->Valid(), has) << "round " << round << " op " << op;
                        if (!has) break;
                        --m;
                        ASSERT_EQ(it->key(), m->first);
                        ASSERT_EQ(it->value(), m->second);
                        ASSERT_TRUE(it->Prev().ok());
                    }
                }
            }
            std::string_view v;
            const std::string probe = key();
            const Map eff = Effective(base_, model);
            const WriteSet::Found f = ws_.Get(probe, &v);
            if (f == WriteSet::Found::kValue) {
                ASSERT_EQ(eff.count(probe), 1u);
                ASSERT_EQ(v, eff.at(probe));
            } else if (f == WriteSet::Found::kDeleted) {
                ASSERT_EQ(eff.count(probe), 0u);
            } else {
                ASSERT_EQ(eff.count(probe), base_.count(probe));
            }
        }
        const Map eff = Effective(base_, model);
        auto it = ws_.NewMergedIterator(NewMapIterator(&base_));
        std::vector<std::pair<std::string, std::string>> expect(eff.begin(), eff.end());
        ASSERT_EQ(ScanForward(*it), expect);
        std::reverse(expect.begin(), expect.end());
        ASSERT_EQ(ScanBackward(*it), expect);
    }
}

// Direction changes in the middle of a scan land on the neighbours, as a cursor's JetMove does.
TEST_F(WriteSetTest, NextThenPrevReturnsToTheSameEntry) {
    base_ = {{"b", "1"}, {"d", "2"}, {"f", "3"}};
    ws_.Put("c", "x");
    ws_.Delete("d");
    ws_.Put("e", "y");
    auto it = ws_.NewMergedIterator(NewMapIterator(&base_));
    ASSERT_TRUE(it->SeekGE("c").ok());
    ASSERT_EQ(it->key(), "c");
    ASSERT_TRUE(it->Next().ok());
    ASSERT_EQ(it->key(), "e");
    ASSERT_TRUE(it->Prev().ok());
    ASSERT_EQ(it->key(), "c");
    ASSERT_TRUE(it->Prev().ok());
    ASSERT_EQ(it->key(), "b");
    ASSERT_TRUE(it->Prev().ok());
    EXPECT_FALSE(it->Valid());
}

}  // namespace
}  // namespace jetstore::storage
