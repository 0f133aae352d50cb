// The record codec (storage/record_codec.h): round trips of every record shape, the JetSetColumn
// editing semantics, a seeded random property test against a std::map model, and corrupt input
// (every prefix, single-byte mutations, random bytes), which must give kCorrupt and never crash.
#include "storage/record_codec.h"

#include "tests/test_support.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace jetstore::storage {
namespace {

struct ModelValue {
    std::string bytes;
    bool separated = false;
};
// column id -> values in itag order; a column with no values is absent from the map.
using Model = std::map<ColumnId, std::vector<ModelValue>>;

using jetstore::test::StressScale;

std::string Ref(std::uint64_t lvid, std::uint32_t size) {
    const auto encoded = EncodeLongValueRef({lvid, size});
    return std::string(encoded.data(), encoded.size());
}

class RecordCodecTest : public ::testing::Test {
protected:
    // Builds `model` with one Set per value (itag 0 = append).
    static std::string BuildModel(const Model& model) {
        RecordBuilder builder;
        for (const auto& [id, values] : model) {
            for (const ModelValue& v : values) {
                EXPECT_TRUE(builder.Set(id, 0, {v.bytes, v.separated}).ok()) << "column " << id;
            }
        }
        std::string out = builder.Build();
        EXPECT_EQ(builder.EncodedSize(), out.size());
        return out;
    }

    // Checks that `record` decodes to exactly `model`, through Find, CountValues, IsZeroLength and
    // iteration, and that decode + re-encode reproduces the bytes.
    static void ExpectMatches(const std::string& record, const Model& model) {
        RecordView view;
        ASSERT_TRUE(view.Parse(record).ok());
        EXPECT_EQ(view.Empty(), model.empty());

        std::vector<RecordView::Entry> expected;
        for (const auto& [id, values] : model) {
            ASSERT_FALSE(values.empty());
            EXPECT_EQ(view.CountValues(id), values.size()) << "column " << id;
            for (std::uint32_t i = 0; i < values.size(); ++i) {
                const ColumnValue want{values[i].bytes, values[i].separated};
                expected.push_back({id, i + 1, want});
                ColumnValue got;
                ASSERT_EQ(view.Find(id, i + 1, &got), Presence::kValue) << "column " << id << " itag " << i + 1;
                EXPECT_EQ(got, want) << "column " << id << " itag " << i + 1;
                EXPECT_EQ(view.IsZeroLength(id, i + 1), want.IsZeroLength());
            }
            EXPECT_EQ(view.Find(id, 0, nullptr), Presence::kNull);
            EXPECT_EQ(view.Find(id, static_cast<std::uint32_t>(values.size()) + 1, nullptr), Presence::kNull);
        }
        std::size_t n = 0;
        for (const RecordView::Entry& e : view) {
            ASSERT_LT(n, expected.size());
            EXPECT_EQ(e.id, expected[n].id);
            EXPECT_EQ(e.itag, expected[n].itag);
            EXPECT_EQ(e.value, expected[n].value);
            ++n;
        }
        EXPECT_EQ(n, expected.size());

        RecordBuilder again;
        again.Assign(view);
        EXPECT_EQ(again.Build(), record);
    }

    static void ExpectAbsent(const std::string& record, std::initializer_list<ColumnId> ids) {
        RecordView view;
        ASSERT_TRUE(view.Parse(record).ok());
        for (ColumnId id : ids) {
            EXPECT_EQ(view.Find(id, 1, nullptr), Presence::kNull) << "column " << id;
            EXPECT_EQ(view.CountValues(id), 0u) << "column " << id;
            EXPECT_FALSE(view.IsZeroLength(id, 1));
        }
    }

    static void ExpectCorrupt(std::string_view bytes) {
        RecordView view;
        Status s = view.Parse(bytes);
        EXPECT_TRUE(s.Is(Code::kCorrupt)) << "parsed " << bytes.size() << " bytes";
        EXPECT_TRUE(view.Empty());
        EXPECT_EQ(view.begin(), view.end());
    }

    // Parses arbitrary bytes; when they parse, touches every value and checks canonical form.
    static void ParseAnything(std::string_view bytes) {
        RecordView view;
        Status s = view.Parse(bytes);
        if (!s.ok()) {
            EXPECT_TRUE(s.Is(Code::kCorrupt));
            return;
        }
        std::size_t total = 0;
        for (const RecordView::Entry& e : view) {
            for (char c : e.value.bytes) total += static_cast<unsigned char>(c);
            ColumnValue v;
            EXPECT_EQ(view.Find(e.id, e.itag, &v), Presence::kValue);
            EXPECT_EQ(v, e.value);
            LongValueRef ref;
            if (e.value.separated) {
                EXPECT_TRUE(DecodeLongValueRef(e.value.bytes, &ref).ok());
            }
        }
        (void)total;
        RecordBuilder again;
        again.Assign(view);
        EXPECT_EQ(again.Build(), bytes);
    }

    // A record of every shape, for the corruption tests.
    static std::vector<std::string> SampleRecords() {
        std::vector<std::string> out;
        out.push_back(BuildModel({}));
        out.push_back(BuildModel({{1, {{"abcd"}}}, {9, {{""}}}, {17, {{"12345678"}}}}));
        out.push_back(BuildModel({{128, {{"v"}}}, {140, {{std::string(255, 'x')}}}, {255, {{""}}}}));
        out.push_back(BuildModel({{256, {{"a"}, {""}, {"ccc"}}}, {300, {{Ref(7, 9000), true}}}, {65535, {{"z"}}}}));
        out.push_back(BuildModel({{3, {{"fx"}}},
                                  {127, {{Ref(1, 2), true}}},
                                  {129, {{"var"}}},
                                  {200, {{""}}},
                                  {256, {{"t1"}, {"t2"}}},
                                  {1000, {{Ref(~0ull, 0xffffffffu), true}, {"x"}}}}));
        return out;
    }
};

// ---- round trips -----------------------------------------------------------------------------

TEST_F(RecordCodecTest, EmptyRecordIsJustTheHeader) {
    const std::string record = RecordBuilder().Build();
    EXPECT_EQ(record.size(), kRecordHeaderSize);
    EXPECT_EQ(static_cast<unsigned char>(record[0]), kRecordFormatVersion);
    ExpectMatches(record, {});
    ExpectAbsent(record, {1, 127, 128, 255, 256, 65535});
}

TEST_F(RecordCodecTest, DefaultViewIsTheEmptyRecord) {
    RecordView view;
    EXPECT_TRUE(view.Empty());
    EXPECT_EQ(view.Find(1, 1, nullptr), Presence::kNull);
    EXPECT_EQ(view.Find(256, 1, nullptr), Presence::kNull);
    EXPECT_EQ(view.CountValues(256), 0u);
    EXPECT_EQ(view.begin(), view.end());
}

TEST_F(RecordCodecTest, OnlyFixedColumnsRoundTrip) {
    const Model model = {{1, {{"\x01\x02\x03\x04"}}}, {2, {{"\xff"}}}, {5, {{std::string(8, '\0')}}},
                         {64, {{"guid-guid-guid-g"}}}, {100, {{"x"}}}};
    const std::string record = BuildModel(model);
    ExpectMatches(record, model);
    ExpectAbsent(record, {3, 4, 6, 63, 65, 99, 101, 127, 128, 256});
}

TEST_F(RecordCodecTest, OnlyVariableColumnsRoundTrip) {
    const Model model = {{128, {{"first"}}}, {130, {{std::string(255, 'm')}}}, {200, {{"hello"}}}};
    const std::string record = BuildModel(model);
    ExpectMatches(record, model);
    ExpectAbsent(record, {1, 127, 129, 131, 199, 201, 255, 256});
}

TEST_F(RecordCodecTest, OnlyTaggedColumnsRoundTrip) {
    const Model model = {{256, {{"one"}}}, {257, {{"a"}, {"b"}}}, {4096, {{std::string(100000, 't')}}},
                         {65000, {{"last"}}}};
    const std::string record = BuildModel(model);
    ExpectMatches(record, model);
    ExpectAbsent(record, {1, 128, 258, 4095, 4097, 65535});
}

TEST_F(RecordCodecTest, MixedColumnsIterateInColumnIdOrder) {
    // Inserted out of order on purpose.
    RecordBuilder b;
    ASSERT_TRUE(b.Set(65000, 0, ColumnValue::Inline("tag-65000")).ok());
    ASSERT_TRUE(b.Set(129, 1, ColumnValue::Inline("var-129")).ok());
    ASSERT_TRUE(b.Set(300, 0, ColumnValue::Inline("tag-300-1")).ok());
    ASSERT_TRUE(b.Set(7, 0, ColumnValue::Inline("fix-7")).ok());
    ASSERT_TRUE(b.Set(300, 0, ColumnValue::Inline("tag-300-2")).ok());
    ASSERT_TRUE(b.Set(2, 1, ColumnValue::Inline("fix-2")).ok());
    const Model model = {{2, {{"fix-2"}}},
                         {7, {{"fix-7"}}},
                         {129, {{"var-129"}}},
                         {300, {{"tag-300-1"}, {"tag-300-2"}}},
                         {65000, {{"tag-65000"}}}};
    ExpectMatches(b.Build(), model);
    EXPECT_EQ(b.Build(), BuildModel(model));
}

TEST_F(RecordCodecTest, MultiValuedColumnKeepsItagOrderFrom1To300Values) {
    for (std::uint32_t n = 1; n <= 300; ++n) {
        Model model;
        auto& values = model[1000];
        for (std::uint32_t i = 0; i < n; ++i) values.push_back({"v" + std::to_string(i) + std::string(i % 7, '.')});
        model[999] = {{"before"}};
        model[1001] = {{"after"}, {""}};
        const std::string record = BuildModel(model);
        ExpectMatches(record, model);
        if (HasFailure()) FAIL() << "with " << n << " values";
    }
}

TEST_F(RecordCodecTest, ZeroLengthIsAValueDistinctFromNull) {
    const Model model = {{1, {{""}}}, {128, {{""}}}, {256, {{""}}}, {257, {{"x"}, {""}, {"y"}}}};
    const std::string record = BuildModel(model);
    ExpectMatches(record, model);
    RecordView view;
    ASSERT_TRUE(view.Parse(record).ok());
    for (ColumnId id : {1u, 128u, 256u}) {
        ColumnValue v;
        ASSERT_EQ(view.Find(id, 1, &v), Presence::kValue);
        EXPECT_TRUE(v.bytes.empty());
        EXPECT_TRUE(view.IsZeroLength(id, 1));
        EXPECT_EQ(view.CountValues(id), 1u);
    }
    EXPECT_TRUE(view.IsZeroLength(257, 2));
    EXPECT_FALSE(view.IsZeroLength(257, 1));
    // NULL neighbours stay NULL.
    for (ColumnId id : {2u, 129u, 258u}) {
        EXPECT_EQ(view.Find(id, 1, nullptr), Presence::kNull);
        EXPECT_FALSE(view.IsZeroLength(id, 1));
    }
}

TEST_F(RecordCodecTest, SeparatedFlagRoundTripsOnEveryKind) {
    const Model model = {{5, {{Ref(1, 100), true}}},
                         {6, {{Ref(1, 100), false}}},  // the same bytes inline: must stay inline
                         {140, {{Ref(0x0102030405060708ull, 7), true}}},
                         {256, {{"inline"}, {Ref(42, 1u << 30), true}, {""}}},
                         {65535, {{Ref(~0ull, ~0u), true}}}};
    const std::string record = BuildModel(model);
    ExpectMatches(record, model);
    RecordView view;
    ASSERT_TRUE(view.Parse(record).ok());
    ColumnValue v;
    ASSERT_EQ(view.Find(256, 2, &v), Presence::kValue);
    ASSERT_TRUE(v.separated);
    EXPECT_FALSE(v.IsZeroLength());
    LongValueRef ref;
    ASSERT_TRUE(DecodeLongValueRef(v.bytes, &ref).ok());
    EXPECT_EQ(ref, (LongValueRef{42, 1u << 30}));
}

TEST_F(RecordCodecTest, LongValueRefEncodingIsLittleEndianLvidThenSize) {
    const auto bytes = EncodeLongValueRef({0x0807060504030201ull, 0x0c0b0a09u});
    for (std::size_t i = 0; i < bytes.size(); ++i) EXPECT_EQ(bytes[i], static_cast<char>(i + 1));
    LongValueRef ref;
    EXPECT_TRUE(DecodeLongValueRef(std::string_view(bytes.data(), 11), &ref).Is(Code::kCorrupt));
    EXPECT_TRUE(DecodeLongValueRef(std::string(13, '\0'), &ref).Is(Code::kCorrupt));
}

TEST_F(RecordCodecTest, SeparatedValueMustBeALongValueRef) {
    RecordBuilder b;
    EXPECT_TRUE(b.Set(1, 1, ColumnValue::Separated("short")).Is(Code::kInvalidArgument));
    EXPECT_TRUE(b.Set(256, 0, ColumnValue::Separated(std::string(13, 'x'))).Is(Code::kInvalidArgument));
    EXPECT_TRUE(b.Set(256, 0, ColumnValue::Separated("")).Is(Code::kInvalidArgument));
    EXPECT_EQ(b.CountValues(256), 0u);
    EXPECT_EQ(b.Build(), RecordBuilder().Build());
}

TEST_F(RecordCodecTest, BoundaryColumnIdsRoundTrip) {
    const Model model = {{1, {{"f1"}}},       {127, {{"f127"}}},     {128, {{"v128"}}},
                         {255, {{"v255"}}},   {256, {{"t256"}}},     {65535, {{"t65535a"}, {"t65535b"}}}};
    const std::string record = BuildModel(model);
    ExpectMatches(record, model);
    RecordView view;
    ASSERT_TRUE(view.Parse(record).ok());
    EXPECT_EQ(static_cast<unsigned char>(record[1]), 127);  // F
    EXPECT_EQ(static_cast<unsigned char>(record[2]), 128);  // V
}

TEST_F(RecordCodecTest, InvalidColumnIdsAreRejectedAndReadAsNull) {
    RecordBuilder b;
    for (ColumnId id : {0u, 65536u, 0xffffffffu}) {
        EXPECT_TRUE(b.Set(id, 1, ColumnValue::Inline("x")).Is(Code::kInvalidArgument)) << id;
        EXPECT_TRUE(b.SetNull(id, 1).Is(Code::kInvalidArgument)) << id;
        EXPECT_EQ(b.CountValues(id), 0u);
    }
    const std::string record = BuildModel({{1, {{"x"}}}, {65535, {{"y"}}}});
    RecordView view;
    ASSERT_TRUE(view.Parse(record).ok());
    EXPECT_EQ(view.Find(0, 1, nullptr), Presence::kNull);
    EXPECT_EQ(view.Find(65536, 1, nullptr), Presence::kNull);
    EXPECT_EQ(view.CountValues(65536 + 65535), 0u);
}

TEST_F(RecordCodecTest, SingleValuedColumnsHaveOnlyItagOne) {
    RecordBuilder b;
    EXPECT_TRUE(b.Set(1, 2, ColumnValue::Inline("x")).Is(Code::kInvalidArgument));
    EXPECT_TRUE(b.Set(200, 5, ColumnValue::Inline("x")).Is(Code::kInvalidArgument));
    EXPECT_TRUE(b.SetNull(1, 2).Is(Code::kInvalidArgument));
    ASSERT_TRUE(b.Set(1, 0, ColumnValue::Inline("a")).ok());  // itag 0 sets too
    ASSERT_TRUE(b.Set(200, 1, ColumnValue::Inline("b")).ok());
    RecordView view;
    const std::string record = b.Build();
    ASSERT_TRUE(view.Parse(record).ok());
    EXPECT_EQ(view.Find(1, 1, nullptr), Presence::kValue);
    EXPECT_EQ(view.Find(1, 2, nullptr), Presence::kNull);
    EXPECT_EQ(view.Find(200, 0, nullptr), Presence::kNull);
    EXPECT_EQ(view.CountValues(200), 1u);
}

TEST_F(RecordCodecTest, FixedAndVariableValuesAreLimitedTo255Bytes) {
    RecordBuilder b;
    EXPECT_TRUE(b.Set(1, 1, ColumnValue::Inline(std::string(256, 'x'))).Is(Code::kTooLarge));
    EXPECT_TRUE(b.Set(128, 1, ColumnValue::Inline(std::string(256, 'x'))).Is(Code::kTooLarge));
    EXPECT_TRUE(b.Set(256, 1, ColumnValue::Inline(std::string(256, 'x'))).ok());  // tagged: no limit
}

TEST_F(RecordCodecTest, EveryFixedAndVariableColumnAtMaximumSizeRoundTrips) {
    Model model;
    for (ColumnId id = kFirstFixedColumn; id <= kLastVariableColumn; ++id) {
        model[id] = {{std::string(kMaxSlotValueSize, static_cast<char>(id))}};
    }
    model[kLastTaggedColumn] = {{std::string(70000, 'T')}};
    ExpectMatches(BuildModel(model), model);
}

// ---- editing (JetSetColumn) ------------------------------------------------------------------

TEST_F(RecordCodecTest, SetReplacesAnExistingItag) {
    RecordBuilder b;
    ASSERT_TRUE(b.Set(300, 0, ColumnValue::Inline("a")).ok());
    ASSERT_TRUE(b.Set(300, 0, ColumnValue::Inline("b")).ok());
    ASSERT_TRUE(b.Set(300, 0, ColumnValue::Inline("c")).ok());
    ASSERT_TRUE(b.Set(300, 2, ColumnValue::Inline("B")).ok());
    ASSERT_TRUE(b.Set(5, 1, ColumnValue::Inline("old")).ok());
    ASSERT_TRUE(b.Set(5, 1, ColumnValue::Inline("new")).ok());
    ExpectMatches(b.Build(), {{5, {{"new"}}}, {300, {{"a"}, {"B"}, {"c"}}}});
}

TEST_F(RecordCodecTest, SetWithItagZeroOrPastTheEndAppends) {
    RecordBuilder b;
    ASSERT_TRUE(b.Set(300, 0, ColumnValue::Inline("a")).ok());
    ASSERT_TRUE(b.Set(300, 2, ColumnValue::Inline("b")).ok());
    ASSERT_TRUE(b.Set(300, 99, ColumnValue::Inline("c")).ok());
    ASSERT_TRUE(b.Set(301, 7, ColumnValue::Inline("other")).ok());
    EXPECT_EQ(b.CountValues(300), 3u);
    ExpectMatches(b.Build(), {{300, {{"a"}, {"b"}, {"c"}}}, {301, {{"other"}}}});
}

TEST_F(RecordCodecTest, SetNullOnATaggedItagShiftsLaterValuesDown) {
    RecordBuilder b;
    for (const char* v : {"a", "b", "c", "d"}) ASSERT_TRUE(b.Set(300, 0, ColumnValue::Inline(v)).ok());
    ASSERT_TRUE(b.Set(299, 0, ColumnValue::Inline("neighbour")).ok());
    ASSERT_TRUE(b.SetNull(300, 2).ok());
    ExpectMatches(b.Build(), {{299, {{"neighbour"}}}, {300, {{"a"}, {"c"}, {"d"}}}});
    ASSERT_TRUE(b.SetNull(300, 3).ok());  // the last one
    ASSERT_TRUE(b.SetNull(300, 1).ok());  // the first one
    ExpectMatches(b.Build(), {{299, {{"neighbour"}}}, {300, {{"c"}}}});
    ASSERT_TRUE(b.SetNull(300, 1).ok());
    ExpectMatches(b.Build(), {{299, {{"neighbour"}}}});
}

TEST_F(RecordCodecTest, SetNullWithItagZeroRemovesEveryValue) {
    RecordBuilder b;
    for (const char* v : {"a", "b", "c"}) ASSERT_TRUE(b.Set(300, 0, ColumnValue::Inline(v)).ok());
    ASSERT_TRUE(b.Set(301, 0, ColumnValue::Inline("keep")).ok());
    ASSERT_TRUE(b.SetNull(300, 0).ok());
    EXPECT_EQ(b.CountValues(300), 0u);
    ExpectMatches(b.Build(), {{301, {{"keep"}}}});
}

TEST_F(RecordCodecTest, SetNullPastTheEndChangesNothing) {
    RecordBuilder b;
    ASSERT_TRUE(b.Set(300, 0, ColumnValue::Inline("a")).ok());
    const std::string before = b.Build();
    ASSERT_TRUE(b.SetNull(300, 2).ok());
    ASSERT_TRUE(b.SetNull(400, 1).ok());
    ASSERT_TRUE(b.SetNull(100, 1).ok());
    ASSERT_TRUE(b.SetNull(200, 0).ok());
    EXPECT_EQ(b.Build(), before);
}

TEST_F(RecordCodecTest, NullingTheHighestFixedOrVariableColumnShrinksTheSlotArea) {
    RecordBuilder b;
    ASSERT_TRUE(b.Set(3, 1, ColumnValue::Inline("x")).ok());
    ASSERT_TRUE(b.Set(120, 1, ColumnValue::Inline("y")).ok());
    ASSERT_TRUE(b.Set(250, 1, ColumnValue::Inline("z")).ok());
    ASSERT_TRUE(b.SetNull(120, 1).ok());
    ASSERT_TRUE(b.SetNull(250, 1).ok());
    const std::string record = b.Build();
    EXPECT_EQ(record[1], 3);  // F: slots up to column 3 only
    EXPECT_EQ(record[2], 0);  // V: none
    EXPECT_EQ(record, BuildModel({{3, {{"x"}}}}));
    ExpectMatches(record, {{3, {{"x"}}}});
}

TEST_F(RecordCodecTest, AssignThenEditRebuildsOnlyTheEditedColumn) {
    const Model model = {{1, {{"f"}}}, {130, {{"v"}}}, {300, {{"a"}, {"b"}}}};
    const std::string record = BuildModel(model);
    RecordView view;
    ASSERT_TRUE(view.Parse(record).ok());
    RecordBuilder b;
    b.Assign(view);
    EXPECT_EQ(b.CountValues(300), 2u);
    ASSERT_TRUE(b.Set(300, 0, ColumnValue::Inline("c")).ok());
    ASSERT_TRUE(b.SetNull(1, 1).ok());
    ExpectMatches(b.Build(), {{130, {{"v"}}}, {300, {{"a"}, {"b"}, {"c"}}}});
}

TEST_F(RecordCodecTest, EditRecordStartsFromAnEmptyStringAndEditsInPlace) {
    std::string record;
    const ColumnValue one = ColumnValue::Inline("one");
    const ColumnValue zero = ColumnValue::Inline("");
    ASSERT_TRUE(EditRecord(&record, 300, 0, &one).ok());
    ASSERT_TRUE(EditRecord(&record, 300, 0, &zero).ok());
    ASSERT_TRUE(EditRecord(&record, 8, 1, &one).ok());
    ExpectMatches(record, {{8, {{"one"}}}, {300, {{"one"}, {""}}}});
    ASSERT_TRUE(EditRecord(&record, 300, 1, nullptr).ok());
    ExpectMatches(record, {{8, {{"one"}}}, {300, {{""}}}});
}

TEST_F(RecordCodecTest, EditRecordAcceptsAValueViewingTheRecordItself) {
    std::string record = BuildModel({{130, {{"payload-bytes"}}}});
    RecordView view;
    ASSERT_TRUE(view.Parse(record).ok());
    ColumnValue v;
    ASSERT_EQ(view.Find(130, 1, &v), Presence::kValue);
    ASSERT_TRUE(EditRecord(&record, 131, 1, &v).ok());  // v views `record`
    ExpectMatches(record, {{130, {{"payload-bytes"}}}, {131, {{"payload-bytes"}}}});
}

TEST_F(RecordCodecTest, EditRecordLeavesTheRecordUnchangedOnError) {
    std::string record = BuildModel({{1, {{"x"}}}});
    const std::string before = record;
    const ColumnValue big = ColumnValue::Inline(std::string(300, 'b'));
    EXPECT_TRUE(EditRecord(&record, 2, 1, &big).Is(Code::kTooLarge));
    EXPECT_TRUE(EditRecord(&record, 0, 1, nullptr).Is(Code::kInvalidArgument));
    EXPECT_EQ(record, before);
    std::string garbage = "\x02garbage";
    EXPECT_TRUE(EditRecord(&garbage, 1, 1, nullptr).Is(Code::kCorrupt));
    EXPECT_EQ(garbage, "\x02garbage");
}

// ---- random property test --------------------------------------------------------------------

TEST_F(RecordCodecTest, RandomEditsMatchAStdMapModel) {
    std::mt19937_64 rng(0x5eedc0dec0ffeeull);
    auto pick = [&](std::uint64_t n) { return static_cast<std::uint32_t>(rng() % n); };
    auto random_id = [&]() -> ColumnId {
        switch (pick(4)) {
            case 0: return 1 + pick(127);
            case 1: return 128 + pick(128);
            case 2: return 256 + pick(16);  // a few hot tagged columns: long multi-value lists
            default: return 256 + pick(65280);
        }
    };
    auto random_value = [&](ColumnId id) -> ModelValue {
        if (pick(8) == 0) return {Ref(rng(), static_cast<std::uint32_t>(rng())), true};
        const std::size_t max = KindOf(id) == ColumnKind::kTagged ? 600 : kMaxSlotValueSize;
        std::string bytes(pick(4) == 0 ? 0 : pick(max + 1), '\0');
        for (char& c : bytes) c = static_cast<char>(rng());
        return {std::move(bytes), false};
    };

    const int rounds = static_cast<int>(100 * StressScale());
    for (int round = 0; round < rounds; ++round) {
        Model model;
        std::string record;  // edited through EditRecord: decode + edit + rebuild each time
        for (int step = 0; step < 150; ++step) {
            const ColumnId id = random_id();
            const bool tagged = KindOf(id) == ColumnKind::kTagged;
            std::vector<ModelValue>& values = model[id];
            const std::uint32_t n = static_cast<std::uint32_t>(values.size());
            const std::uint32_t itag = tagged ? pick(n + 3) : pick(2);  // 0..n+2 or 0..1
            if (pick(4) == 0) {
                ASSERT_TRUE(EditRecord(&record, id, itag, nullptr).ok());
                if (!tagged || itag == 0) {
                    values.clear();
                } else if (itag <= n) {
                    values.erase(values.begin() + (itag - 1));
                }
            } else {
                ModelValue v = random_value(id);
                const ColumnValue cv{v.bytes, v.separated};
                ASSERT_TRUE(EditRecord(&record, id, itag, &cv).ok());
                if (!tagged) {
                    values.assign(1, v);
                } else if (itag >= 1 && itag <= n) {
                    values[itag - 1] = v;
                } else {
                    values.push_back(v);
                }
            }
            if (values.empty()) model.erase(id);
            if (step % 10 == 9) {
                ExpectMatches(record, model);
                if (HasFailure()) FAIL() << "round " << round << " step " << step;
            }
        }
        ExpectMatches(record, model);
        EXPECT_EQ(record, BuildModel(model));
    }
}

// ---- corrupt input ---------------------------------------------------------------------------

TEST_F(RecordCodecTest, EveryProperPrefixOfAValidRecordIsCorrupt) {
    for (const std::string& record : SampleRecords()) {
        for (std::size_t len = 0; len < record.size(); ++len) ExpectCorrupt(std::string_view(record).substr(0, len));
    }
}

TEST_F(RecordCodecTest, TrailingBytesAreCorrupt) {
    for (const std::string& record : SampleRecords()) {
        ExpectCorrupt(record + '\0');
        ExpectCorrupt(record + "xyz");
    }
}

TEST_F(RecordCodecTest, EverySingleByteMutationIsCorruptOrAValidCanonicalRecord) {
    for (const std::string& record : SampleRecords()) {
        for (std::size_t i = 0; i < record.size(); ++i) {
            for (int v : {0x00, 0x01, 0x02, 0x07, 0x0c, 0x7f, 0x80, 0xfe, 0xff}) {
                std::string mutated = record;
                mutated[i] = static_cast<char>(v);
                ParseAnything(mutated);
                mutated[i] = static_cast<char>(record[i] ^ 0x01);
                ParseAnything(mutated);
            }
        }
    }
}

TEST_F(RecordCodecTest, RandomBytesNeverCrash) {
    std::mt19937_64 rng(12345);
    const int rounds = static_cast<int>(200000 * StressScale());
    std::string bytes;
    for (int i = 0; i < rounds; ++i) {
        bytes.resize(rng() % 64);
        for (char& c : bytes) c = static_cast<char>(rng());
        if (!bytes.empty() && rng() % 2 == 0) bytes[0] = static_cast<char>(kRecordFormatVersion);
        if (bytes.size() > 3 && rng() % 2 == 0) bytes[3] = 0;
        ParseAnything(bytes);
    }
}

TEST_F(RecordCodecTest, RandomMutationsOfValidRecordsNeverCrash) {
    std::mt19937_64 rng(777);
    const std::vector<std::string> samples = SampleRecords();
    const int rounds = static_cast<int>(200000 * StressScale());
    for (int i = 0; i < rounds; ++i) {
        std::string bytes = samples[rng() % samples.size()];
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits && !bytes.empty(); ++e) bytes[rng() % bytes.size()] = static_cast<char>(rng());
        if (rng() % 4 == 0) bytes.resize(rng() % (bytes.size() + 1));
        ParseAnything(bytes);
    }
}

TEST_F(RecordCodecTest, SpecificInconsistenciesAreCorrupt) {
    const std::string fixed = BuildModel({{1, {{"ab"}}}, {2, {{"cd"}}}});
    // Layout: header(8) null(1) sep(1) ends(2x2) data(4).
    ASSERT_EQ(fixed.size(), 8u + 1 + 1 + 4 + 4);
    auto with = [](std::string s, std::size_t at, char v) {
        s[at] = v;
        return s;
    };
    ExpectCorrupt(with(fixed, 0, 2));                // unknown version
    ExpectCorrupt(with(fixed, 0, 0));
    ExpectCorrupt(with(fixed, 3, 1));                // reserved header byte
    ExpectCorrupt(with(fixed, 1, static_cast<char>(128)));  // F past 127
    ExpectCorrupt(with(fixed, 8, 0x02));             // last slot NULL (and has data)
    ExpectCorrupt(with(fixed, 8, 0x01));             // NULL slot with two bytes
    ExpectCorrupt(with(fixed, 8, 0x04));             // null bit past the slot count
    ExpectCorrupt(with(fixed, 9, 0x01));             // separated but not 12 bytes
    ExpectCorrupt(with(fixed, 9, 0x04));             // separated bit past the slot count
    ExpectCorrupt(with(fixed, 10, 5));               // offsets decrease (5 then 4)
    ExpectCorrupt(with(fixed, 12, 3));               // data ends at 3: one trailing byte
    ExpectCorrupt(with(fixed, 13, 1));               // end offset 260

    // A trailing NULL slot that is otherwise consistent: F must be as small as possible.
    const std::string zero_last = BuildModel({{1, {{"ab"}}}, {2, {{""}}}});
    ASSERT_TRUE(RecordView().Parse(zero_last).ok());
    ExpectCorrupt(with(zero_last, 8, 0x02));

    std::string header_only = RecordBuilder().Build();
    ExpectCorrupt(with(header_only, 2, static_cast<char>(129)));  // V past 128
    ExpectCorrupt(with(header_only, 4, 1));                       // one tagged entry, no bytes

    const std::string tagged = BuildModel({{300, {{"x"}}}, {400, {{"y"}}}});
    // Layout: header(8) entries(2x8) data(2). Entry: id(2) flags(1) reserved(1) end(4).
    ExpectCorrupt(with(with(tagged, 8, static_cast<char>(0xf4)), 9, 1));  // first id 500 > 400
    ExpectCorrupt(with(with(tagged, 16, 0), 17, 1));  // second id 256 < 300: out of order
    ExpectCorrupt(with(with(tagged, 8, static_cast<char>(0xff)), 9, 0));  // id 255: not tagged
    ExpectCorrupt(with(tagged, 10, 2));               // unknown flag
    ExpectCorrupt(with(tagged, 10, 1));               // separated but 1 byte
    ExpectCorrupt(with(tagged, 11, 1));               // reserved byte
    ExpectCorrupt(with(tagged, 12, 3));               // first end past the second
}

}  // namespace
}  // namespace jetstore::storage
