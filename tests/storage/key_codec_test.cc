#include "storage/key_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace jetstore::storage {
namespace {

using Value = std::optional<std::string>;  // std::nullopt is NULL

template <typename T>
std::string Le(T v) {
    std::string s(sizeof(T), '\0');
    std::memcpy(s.data(), &v, sizeof(T));  // the test hosts are little-endian, as the C API
    return s;
}

std::string Hex(std::string_view s) {
    static const char* kDigits = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        out.push_back(kDigits[c >> 4]);
        out.push_back(kDigits[c & 15]);
        out.push_back(' ');
    }
    if (!out.empty()) out.pop_back();
    return out;
}

int Sign(int x) { return (x > 0) - (x < 0); }

// memcmp sign, the order LMDB's default comparator gives.
int KeyCompare(const std::string& a, const std::string& b) { return Sign(a.compare(b)); }

SegmentSpec Spec(ColumnType type, SortOrder order = SortOrder::kAscending,
                 TextEncoding encoding = TextEncoding::kUtf16Le, bool nulls_high = false) {
    SegmentSpec s;
    s.type = type;
    s.order = order;
    s.encoding = encoding;
    s.nulls_high = nulls_high;
    return s;
}

std::string Encode(const std::vector<SegmentSpec>& specs, const std::vector<Value>& values,
                   std::size_t max_key_bytes = kMaxKeyBytesLimit, bool* truncated = nullptr) {
    KeyBuilder b(max_key_bytes);
    for (std::size_t i = 0; i < specs.size(); ++i) {
        Status s = values[i] ? b.AppendValue(specs[i], *values[i]) : b.AppendNull(specs[i]);
        EXPECT_TRUE(s.ok()) << s.message();
    }
    if (truncated != nullptr) *truncated = b.truncated();
    return std::string(b.key());
}

std::string Encode1(const SegmentSpec& spec, const Value& v) { return Encode({spec}, {v}); }

using RefCompare = std::function<int(const std::string&, const std::string&)>;

// For every pair of values, memcmp of the encodings agrees with the reference order (reversed
// for a descending segment).
void ExpectOrderMatches(ColumnType type, const std::vector<std::string>& values, const RefCompare& ref,
                        TextEncoding encoding = TextEncoding::kUtf16Le) {
    for (SortOrder order : {SortOrder::kAscending, SortOrder::kDescending}) {
        const SegmentSpec spec = Spec(type, order, encoding);
        std::vector<std::string> keys;
        for (const std::string& v : values) keys.push_back(Encode1(spec, v));
        const int flip = order == SortOrder::kAscending ? 1 : -1;
        for (std::size_t i = 0; i < values.size(); ++i) {
            for (std::size_t j = 0; j < values.size(); ++j) {
                const int want = flip * Sign(ref(values[i], values[j]));
                ASSERT_EQ(KeyCompare(keys[i], keys[j]), want)
                    << "type " << static_cast<int>(type) << (flip > 0 ? " asc" : " desc") << " values "
                    << Hex(values[i]) << " vs " << Hex(values[j]) << " keys " << Hex(keys[i]) << " vs "
                    << Hex(keys[j]);
            }
        }
        // And a sort by key equals a sort by reference.
        std::vector<std::size_t> by_key(values.size()), by_ref(values.size());
        for (std::size_t i = 0; i < values.size(); ++i) by_key[i] = by_ref[i] = i;
        std::stable_sort(by_key.begin(), by_key.end(), [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
        std::stable_sort(by_ref.begin(), by_ref.end(),
                         [&](std::size_t a, std::size_t b) { return flip * ref(values[a], values[b]) < 0; });
        EXPECT_EQ(by_key, by_ref);
    }
}

template <typename T>
int Cmp(T a, T b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

template <typename T>
std::vector<std::string> IntegerValues(std::mt19937_64& rng) {
    std::vector<T> v = {std::numeric_limits<T>::min(), std::numeric_limits<T>::max(), T(0), T(1),
                        static_cast<T>(-1), static_cast<T>(std::numeric_limits<T>::max() - 1),
                        static_cast<T>(std::numeric_limits<T>::min() + 1), T(0x7F), static_cast<T>(0x80)};
    for (int i = 0; i < 300; ++i) v.push_back(static_cast<T>(rng()));
    for (int i = 0; i < 40; ++i) v.push_back(static_cast<T>(static_cast<int>(rng() % 21) - 10));
    std::vector<std::string> out;
    for (T x : v) out.push_back(Le(x));
    return out;
}

template <typename T>
void CheckInteger(ColumnType type) {
    std::mt19937_64 rng(42);
    ExpectOrderMatches(type, IntegerValues<T>(rng), [](const std::string& a, const std::string& b) {
        T x, y;
        std::memcpy(&x, a.data(), sizeof(T));
        std::memcpy(&y, b.data(), sizeof(T));
        return Cmp(x, y);
    });
}

template <typename F, typename U>
std::vector<std::string> FloatValues(std::mt19937_64& rng) {
    using L = std::numeric_limits<F>;
    std::vector<F> v = {L::lowest(), L::max(), L::min(), -L::min(), L::denorm_min(), -L::denorm_min(),
                        L::infinity(), -L::infinity(), F(0), -F(0), F(1), F(-1), F(0.5), F(-0.5)};
    std::uniform_real_distribution<F> near(F(-1000), F(1000));
    for (int i = 0; i < 150; ++i) v.push_back(near(rng));
    while (v.size() < 320) {  // random bit patterns: every exponent, NaNs left out
        const U bits = static_cast<U>(rng());
        F f;
        std::memcpy(&f, &bits, sizeof(F));
        if (!std::isnan(f)) v.push_back(f);
    }
    std::vector<std::string> out;
    for (F x : v) out.push_back(Le(x));
    return out;
}

template <typename F, typename U>
void CheckFloat(ColumnType type) {
    std::mt19937_64 rng(7);
    ExpectOrderMatches(type, FloatValues<F, U>(rng), [](const std::string& a, const std::string& b) {
        F x, y;
        std::memcpy(&x, a.data(), sizeof(F));
        std::memcpy(&y, b.data(), sizeof(F));
        return Cmp(x, y);  // -0.0 == +0.0
    });
}

// Random byte strings over an alphabet heavy in the bytes that break naive encodings, plus
// prefixes of each other and lengths around the 8-byte chunk size.
std::vector<std::string> ByteStrings(std::mt19937_64& rng, const std::string& alphabet, int count) {
    std::vector<std::string> out = {"", std::string(1, '\0'), std::string(2, '\0'), std::string(8, '\0'),
                                    std::string(9, '\0'), std::string(1, '\xFF'), std::string(8, '\xFF'),
                                    std::string(16, '\xFF'), std::string("\x00\xFF", 2), std::string("\xFF\x00", 2)};
    while (static_cast<int>(out.size()) < count) {
        const std::size_t len = rng() % 20;
        std::string s;
        for (std::size_t i = 0; i < len; ++i) s.push_back(alphabet[rng() % alphabet.size()]);
        out.push_back(s);
        if (!s.empty()) out.push_back(s.substr(0, rng() % s.size()));  // a prefix of it
        out.push_back(s + std::string(1, '\0'));
    }
    return out;
}

const std::string kHardBytes = std::string("\x00\x01\x08\x09\x7F\x80\xFE\xFF", 8) + "aA";

std::string Fold1252(std::string s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 0x20);
    }
    return s;
}

std::string Utf16(const std::u16string& s) {
    std::string out;
    for (char16_t u : s) {
        out.push_back(static_cast<char>(u & 0xFF));
        out.push_back(static_cast<char>(u >> 8));
    }
    return out;
}

std::u16string FromUtf16(const std::string& s) {
    std::u16string out;
    for (std::size_t i = 0; i + 1 < s.size(); i += 2) {
        out.push_back(static_cast<char16_t>(static_cast<unsigned char>(s[i]) | (static_cast<unsigned char>(s[i + 1]) << 8)));
    }
    return out;
}

char16_t FoldUnit(char16_t u) {
    if ((u >= u'A' && u <= u'Z') || (u >= 0xC0 && u <= 0xDE && u != 0xD7)) return u + 0x20;
    return u;
}

// The reference order of UTF-16 text: fold, then compare code points (a lone surrogate
// compares as its own value).
std::vector<std::uint32_t> CodePoints(const std::string& utf16le) {
    std::u16string s = FromUtf16(utf16le);
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        std::uint32_t u = FoldUnit(s[i]);
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < s.size() && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            u = 0x10000 + ((u - 0xD800) << 10) + (s[i + 1] - 0xDC00);
            ++i;
        }
        out.push_back(u);
    }
    return out;
}

int CompareUtf16Text(const std::string& a, const std::string& b) {
    const auto x = CodePoints(a), y = CodePoints(b);
    return x < y ? -1 : (y < x ? 1 : 0);
}

std::vector<std::string> Utf16Strings(std::mt19937_64& rng, int count) {
    const std::u16string alphabet = {u'a',   u'A',   u'z',   u'Z',   u'_',   u'[',   u'0',    0x0000, 0x00C0, 0x00E0,
                                     0x00D7, 0x00F7, 0x00DE, 0x00FE, 0x00FF, 0x0100, 0x07FF, 0x0800, 0xD7FF, 0xE000,
                                     0xFFFF, 0xD83D, 0xDE00, 0xDBFF, 0xDC00};
    std::vector<std::string> out = {"", Utf16(u"abc"), Utf16(u"ABC"), Utf16(u"ab"), Utf16(std::u16string(1, 0)),
                                    Utf16(u"\xD83D\xDE00"), Utf16(u"\xFFFF"), Utf16(u"\xD83D")};
    while (static_cast<int>(out.size()) < count) {
        std::u16string s;
        const std::size_t len = rng() % 12;
        for (std::size_t i = 0; i < len; ++i) s.push_back(alphabet[rng() % alphabet.size()]);
        out.push_back(Utf16(s));
        if (!s.empty()) out.push_back(Utf16(s.substr(0, rng() % s.size())));
    }
    return out;
}

TEST(KeyCodecTest, SignedIntegersSortAsNumbers) {
    CheckInteger<std::int16_t>(ColumnType::kShort);
    CheckInteger<std::int32_t>(ColumnType::kLong);
    CheckInteger<std::int64_t>(ColumnType::kLongLong);
    CheckInteger<std::int64_t>(ColumnType::kCurrency);
}

TEST(KeyCodecTest, UnsignedIntegersSortAsNumbers) {
    CheckInteger<std::uint8_t>(ColumnType::kUnsignedByte);
    CheckInteger<std::uint16_t>(ColumnType::kUnsignedShort);
    CheckInteger<std::uint32_t>(ColumnType::kUnsignedLong);
    CheckInteger<std::uint64_t>(ColumnType::kUnsignedLongLong);
}

TEST(KeyCodecTest, FloatsSortAsNumbersWithNegativeZeroEqualToZero) {
    CheckFloat<float, std::uint32_t>(ColumnType::kIEEESingle);
    CheckFloat<double, std::uint64_t>(ColumnType::kIEEEDouble);
    CheckFloat<double, std::uint64_t>(ColumnType::kDateTime);
    EXPECT_EQ(Encode1(Spec(ColumnType::kIEEEDouble), Le(-0.0)), Encode1(Spec(ColumnType::kIEEEDouble), Le(0.0)));
    EXPECT_EQ(Encode1(Spec(ColumnType::kIEEESingle), Le(-0.0f)), Encode1(Spec(ColumnType::kIEEESingle), Le(0.0f)));
}

TEST(KeyCodecTest, NaNsSortPastTheInfinitiesOfTheirSign) {
    const SegmentSpec spec = Spec(ColumnType::kIEEEDouble);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_GT(Encode1(spec, Le(std::fabs(nan))), Encode1(spec, Le(inf)));
    EXPECT_LT(Encode1(spec, Le(-std::fabs(nan))), Encode1(spec, Le(-inf)));
}

TEST(KeyCodecTest, BitSortsFalseBeforeTrueAndAnyNonZeroIsTrue) {
    const SegmentSpec spec = Spec(ColumnType::kBit);
    EXPECT_LT(Encode1(spec, std::string(1, '\0')), Encode1(spec, std::string(1, '\x01')));
    EXPECT_EQ(Encode1(spec, std::string(1, '\x01')), Encode1(spec, std::string(1, '\xFF')));
    ExpectOrderMatches(ColumnType::kBit, {std::string(1, '\0'), std::string(1, '\x01'), std::string(1, '\x80')},
                       [](const std::string& a, const std::string& b) { return Cmp(a[0] != 0, b[0] != 0); });
}

TEST(KeyCodecTest, GuidsSortByEsentsByteOrder) {
    std::mt19937_64 rng(3);
    std::vector<std::string> values = {std::string(16, '\0'), std::string(16, '\xFF')};
    for (int i = 0; i < 300; ++i) {
        std::string g(16, '\0');
        for (char& c : g) c = static_cast<char>(rng() % 3 == 0 ? 0 : rng());
        values.push_back(g);
    }
    const int order[16] = {10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3};
    ExpectOrderMatches(ColumnType::kGUID, values, [&](const std::string& a, const std::string& b) {
        for (int i : order) {
            if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]) ? -1 : 1;
        }
        return 0;
    });
    // Byte 10 (the node) outweighs byte 3 (Data1's high byte in memory).
    std::string low(16, '\0'), high(16, '\0');
    low[3] = '\xFF';
    high[10] = '\x01';
    EXPECT_LT(Encode1(Spec(ColumnType::kGUID), low), Encode1(Spec(ColumnType::kGUID), high));
}

TEST(KeyCodecTest, BinarySortsBytewiseWithPrefixesFirst) {
    std::mt19937_64 rng(11);
    const std::vector<std::string> values = ByteStrings(rng, kHardBytes, 300);
    for (ColumnType t : {ColumnType::kBinary, ColumnType::kLongBinary}) {
        ExpectOrderMatches(t, values, [](const std::string& a, const std::string& b) { return a.compare(b); });
    }
}

TEST(KeyCodecTest, AsciiTextSortsCaseInsensitively) {
    std::mt19937_64 rng(13);
    const std::vector<std::string> values =
        ByteStrings(rng, kHardBytes + std::string("zZ_[`{\xC0\xE0", 8), 300);
    for (ColumnType t : {ColumnType::kText, ColumnType::kLongText}) {
        ExpectOrderMatches(
            t, values, [](const std::string& a, const std::string& b) { return Fold1252(a).compare(Fold1252(b)); },
            TextEncoding::kWindows1252);
    }
    const SegmentSpec spec = Spec(ColumnType::kText, SortOrder::kAscending, TextEncoding::kWindows1252);
    EXPECT_EQ(Encode1(spec, "abc"), Encode1(spec, "ABC"));
    EXPECT_NE(Encode1(spec, "\xC0"), Encode1(spec, "\xE0"));  // only ASCII folds in 8-bit text
    EXPECT_LT(Encode1(spec, "_"), Encode1(spec, "A"));       // folded to lower case
}

TEST(KeyCodecTest, UnicodeTextSortsCaseInsensitivelyThenByCodePoint) {
    std::mt19937_64 rng(17);
    const std::vector<std::string> values = Utf16Strings(rng, 300);
    for (ColumnType t : {ColumnType::kText, ColumnType::kLongText}) {
        ExpectOrderMatches(t, values, CompareUtf16Text, TextEncoding::kUtf16Le);
    }
    const SegmentSpec spec = Spec(ColumnType::kText);
    EXPECT_EQ(Encode1(spec, Utf16(u"abc")), Encode1(spec, Utf16(u"ABC")));
    EXPECT_EQ(Encode1(spec, Utf16(u"\u00C0b\u00DE")), Encode1(spec, Utf16(u"\u00E0B\u00FE")));
    EXPECT_NE(Encode1(spec, Utf16(u"\u00D7")), Encode1(spec, Utf16(u"\u00F7")));
    // U+1F600 (a surrogate pair) is above U+FFFF, as by code point.
    EXPECT_GT(Encode1(spec, Utf16(u"\U0001F600")), Encode1(spec, Utf16(u"\uFFFF")));
    // A trailing odd byte is ignored.
    EXPECT_EQ(Encode1(spec, Utf16(u"ab") + "x"), Encode1(spec, Utf16(u"ab")));
}

TEST(KeyCodecTest, EmptyValueSortsAfterNullAndBeforeEveryOtherValue) {
    for (ColumnType t : {ColumnType::kBinary, ColumnType::kText}) {
        const SegmentSpec asc = Spec(t), desc = Spec(t, SortOrder::kDescending);
        EXPECT_LT(Encode1(asc, std::nullopt), Encode1(asc, ""));
        EXPECT_LT(Encode1(asc, ""), Encode1(asc, std::string(2, '\0')));
        EXPECT_GT(Encode1(desc, std::nullopt), Encode1(desc, ""));
        EXPECT_GT(Encode1(desc, ""), Encode1(desc, std::string(2, '\0')));
    }
}

TEST(KeyCodecTest, NullsSortFirstAscendingAndLastDescending) {
    std::mt19937_64 rng(19);
    for (ColumnType t : {ColumnType::kLong, ColumnType::kIEEEDouble, ColumnType::kBinary, ColumnType::kGUID,
                         ColumnType::kBit, ColumnType::kText}) {
        std::vector<std::string> values;
        const std::size_t n = FixedValueSize(t);
        for (int i = 0; i < 50; ++i) {
            std::string v(n == 0 ? rng() % 10 : n, '\0');
            for (char& c : v) c = static_cast<char>(rng() % 2 ? 0xFF : rng());
            values.push_back(v);
        }
        for (bool nulls_high : {false, true}) {
            const SegmentSpec asc = Spec(t, SortOrder::kAscending, TextEncoding::kUtf16Le, nulls_high);
            const SegmentSpec desc = Spec(t, SortOrder::kDescending, TextEncoding::kUtf16Le, nulls_high);
            for (const std::string& v : values) {
                if (!nulls_high) {
                    EXPECT_LT(Encode1(asc, std::nullopt), Encode1(asc, v));
                    EXPECT_GT(Encode1(desc, std::nullopt), Encode1(desc, v));
                } else {
                    EXPECT_GT(Encode1(asc, std::nullopt), Encode1(asc, v));
                    EXPECT_LT(Encode1(desc, std::nullopt), Encode1(desc, v));
                }
            }
        }
    }
}

// A reference order over tuples: segment by segment, NULL first (ascending) unless nulls-high.
struct Column {
    SegmentSpec spec;
    RefCompare cmp;
};

int CompareTuples(const std::vector<Column>& cols, const std::vector<Value>& a, const std::vector<Value>& b) {
    for (std::size_t i = 0; i < cols.size(); ++i) {
        int c;
        if (!a[i] || !b[i]) {
            c = Cmp(a[i].has_value(), b[i].has_value());
            if (cols[i].spec.nulls_high) c = -c;
        } else {
            c = Sign(cols[i].cmp(*a[i], *b[i]));
        }
        if (cols[i].spec.order == SortOrder::kDescending) c = -c;
        if (c != 0) return c;
    }
    return 0;
}

TEST(KeyCodecTest, LaterSegmentsDecideOnlyOnTiesOfEarlierOnes) {
    std::mt19937_64 rng(23);
    const RefCompare bytes = [](const std::string& a, const std::string& b) { return a.compare(b); };
    const RefCompare longs = [](const std::string& a, const std::string& b) {
        std::int32_t x, y;
        std::memcpy(&x, a.data(), 4);
        std::memcpy(&y, b.data(), 4);
        return Cmp(x, y);
    };
    // Few distinct first values (with prefixes of each other and embedded 0x00 / 0xFF), so ties
    // are common and the second segment must decide them.
    const std::vector<std::string> firsts = {"", std::string(1, '\0'), std::string("\0\0", 2), "a",
                                             std::string("a\0", 2), std::string("a\xFF", 2), "ab",
                                             std::string(8, 'x'), std::string(9, 'x'), std::string(16, 'x')};
    for (SortOrder o1 : {SortOrder::kAscending, SortOrder::kDescending}) {
        for (SortOrder o2 : {SortOrder::kAscending, SortOrder::kDescending}) {
            for (bool nulls_high : {false, true}) {
                const std::vector<Column> cols = {
                    {Spec(ColumnType::kBinary, o1, TextEncoding::kUtf16Le, nulls_high), bytes},
                    {Spec(ColumnType::kLong, o2), longs},
                    {Spec(ColumnType::kText, SortOrder::kAscending, TextEncoding::kWindows1252),
                     [](const std::string& a, const std::string& b) { return Fold1252(a).compare(Fold1252(b)); }}};
                std::vector<SegmentSpec> specs;
                for (const Column& c : cols) specs.push_back(c.spec);
                std::vector<std::vector<Value>> rows;
                for (int i = 0; i < 200; ++i) {
                    Value v1 = rng() % 8 == 0 ? Value() : Value(firsts[rng() % firsts.size()]);
                    Value v2 = rng() % 8 == 0 ? Value() : Value(Le(static_cast<std::int32_t>(rng() % 7) - 3));
                    Value v3 = rng() % 8 == 0 ? Value() : Value(std::string(1, "aAb\0"[rng() % 4]));
                    rows.push_back({v1, v2, v3});
                }
                std::vector<std::string> keys;
                for (const auto& r : rows) keys.push_back(Encode(specs, r));
                for (std::size_t i = 0; i < rows.size(); ++i) {
                    for (std::size_t j = 0; j < rows.size(); ++j) {
                        ASSERT_EQ(KeyCompare(keys[i], keys[j]), CompareTuples(cols, rows[i], rows[j]))
                            << Hex(keys[i]) << " vs " << Hex(keys[j]);
                    }
                }
            }
        }
    }
}

TEST(KeyCodecTest, LongKeysAreCutAtTheLimitAndReportedTruncated) {
    const SegmentSpec bin = Spec(ColumnType::kBinary);
    bool truncated = false;
    std::string key = Encode({bin}, {std::string(300, 'q')}, kDefaultMaxKeyBytes, &truncated);
    EXPECT_TRUE(truncated);
    EXPECT_EQ(key.size(), kDefaultMaxKeyBytes);
    key = Encode({bin}, {std::string(200, 'q')}, kDefaultMaxKeyBytes, &truncated);
    EXPECT_FALSE(truncated);
    EXPECT_EQ(key.size(), 1 + 25 * 9u);

    // Segments after the cut add nothing but still count.
    KeyBuilder b(20);
    ASSERT_TRUE(b.AppendValue(bin, std::string(30, 'q')).ok());
    ASSERT_TRUE(b.AppendValue(Spec(ColumnType::kLong), Le(std::int32_t{5})).ok());
    EXPECT_TRUE(b.truncated());
    EXPECT_EQ(b.key().size(), 20u);
    EXPECT_EQ(b.segment_count(), 2u);

    // The largest limit is honoured too.
    key = Encode({bin}, {std::string(3000, 'q')}, kMaxKeyBytesLimit, &truncated);
    EXPECT_TRUE(truncated);
    EXPECT_EQ(key.size(), kMaxKeyBytesLimit);
}

TEST(KeyCodecTest, TruncatedKeysKeepTheOrderButMayTie) {
    std::mt19937_64 rng(29);
    const std::vector<std::string> values = ByteStrings(rng, kHardBytes, 200);
    for (SortOrder order : {SortOrder::kAscending, SortOrder::kDescending}) {
        const std::vector<SegmentSpec> specs = {Spec(ColumnType::kBinary, order), Spec(ColumnType::kLong)};
        std::vector<std::string> keys;
        int cut = 0;
        for (const std::string& v : values) {
            bool t = false;
            keys.push_back(Encode(specs, {v, Le(std::int32_t{1})}, 12, &t));
            EXPECT_LE(keys.back().size(), 12u);
            cut += t;
        }
        EXPECT_GT(cut, 50);
        for (std::size_t i = 0; i < values.size(); ++i) {
            for (std::size_t j = 0; j < values.size(); ++j) {
                int want = Sign(values[i].compare(values[j]));
                if (order == SortOrder::kDescending) want = -want;
                if (want < 0) {
                    EXPECT_LE(KeyCompare(keys[i], keys[j]), 0);
                }
                if (want == 0) {
                    EXPECT_EQ(keys[i], keys[j]);
                }
            }
        }
    }
}

// The (start, end) limit keys of a prefix of segments, the last one with a Full or Partial
// wildcard.
std::pair<std::string, std::string> Limits(const std::vector<SegmentSpec>& specs, const std::vector<Value>& prefix,
                                           bool partial, std::size_t max_key_bytes = kMaxKeyBytesLimit) {
    std::string out[2];
    for (int e = 0; e < 2; ++e) {
        const KeyLimit limit = partial ? (e ? KeyLimit::kPartialColumnEnd : KeyLimit::kPartialColumnStart)
                                       : (e ? KeyLimit::kFullColumnEnd : KeyLimit::kFullColumnStart);
        KeyBuilder b(max_key_bytes);
        for (std::size_t i = 0; i < prefix.size(); ++i) {
            const KeyLimit l = i + 1 == prefix.size() ? limit : KeyLimit::kNone;
            Status s = prefix[i] ? b.AppendValue(specs[i], *prefix[i], l) : b.AppendNull(specs[i], l);
            EXPECT_TRUE(s.ok());
        }
        EXPECT_EQ(b.limit(), limit);
        out[e] = std::string(b.key());
    }
    return {out[0], out[1]};
}

TEST(KeyCodecTest, LimitKeysBoundExactlyTheKeysSharingThePrefix) {
    std::mt19937_64 rng(31);
    std::vector<std::string> firsts = ByteStrings(rng, std::string("\x00\xFF" "ab", 4), 120);
    for (ColumnType t : {ColumnType::kBinary, ColumnType::kText}) {
        for (SortOrder o1 : {SortOrder::kAscending, SortOrder::kDescending}) {
            for (SortOrder o2 : {SortOrder::kAscending, SortOrder::kDescending}) {
                const std::vector<SegmentSpec> specs = {Spec(t, o1, TextEncoding::kWindows1252), Spec(ColumnType::kLong, o2)};
                std::vector<std::pair<Value, std::string>> rows;  // (first column, key)
                for (const std::string& f : firsts) {
                    for (std::int32_t second : {std::numeric_limits<std::int32_t>::min(), -1, 0,
                                                std::numeric_limits<std::int32_t>::max()}) {
                        rows.push_back({f, Encode(specs, {f, Le(second)})});
                    }
                    rows.push_back({f, Encode(specs, {f, std::nullopt})});
                    rows.push_back({f, Encode({specs[0]}, {f})});  // a key of one segment
                }
                rows.push_back({std::nullopt, Encode(specs, {std::nullopt, Le(std::int32_t{0})})});
                rows.push_back({std::nullopt, Encode(specs, {std::nullopt, std::nullopt})});
                std::vector<Value> prefixes(firsts.begin(), firsts.begin() + 40);
                prefixes.push_back(std::nullopt);
                for (const Value& p : prefixes) {
                    for (bool partial : {false, true}) {
                        const auto [lo, hi] = Limits(specs, {p}, partial);
                        for (const auto& [first, key] : rows) {
                            bool match;
                            if (!p || !first) {
                                match = !p && !first;
                            } else if (partial) {
                                match = first->compare(0, p->size(), *p) == 0;
                            } else {
                                match = *first == *p;
                            }
                            const bool inside = lo <= key && key < hi;  // the end limit is never a key
                            ASSERT_EQ(inside, match) << (partial ? "partial " : "full ") << Hex(p ? *p : "NULL")
                                                     << " key " << Hex(key) << " lo " << Hex(lo);
                            EXPECT_NE(key, hi);
                        }
                    }
                }
            }
        }
    }
}

TEST(KeyCodecTest, PartialLimitOfTextFoldsCase) {
    const std::vector<SegmentSpec> specs = {Spec(ColumnType::kText)};
    const auto [lo, hi] = Limits(specs, {Utf16(u"AB")}, true);
    for (const char16_t* s : {u"ab", u"AB", u"aBc", u"ab\uFFFF", u"AB\U0001F600"}) {
        const std::string k = Encode(specs, {Utf16(s)});
        EXPECT_TRUE(lo <= k && k < hi);
    }
    for (const char16_t* s : {u"a", u"ac", u"b", u"\u00C0"}) {
        const std::string k = Encode(specs, {Utf16(s)});
        EXPECT_FALSE(lo <= k && k < hi);
    }
}

TEST(KeyCodecTest, EndLimitOfATruncatedKeyBoundsTheKeysCutTheSameWay) {
    const std::vector<SegmentSpec> specs = {Spec(ColumnType::kBinary, SortOrder::kDescending)};
    const std::string long_value(100, 'q');
    const auto [lo, hi] = Limits(specs, {long_value}, false, 30);
    EXPECT_EQ(hi.size(), 31u);
    for (const std::string& v : {long_value, long_value + "r", long_value + std::string(5, '\0')}) {
        const std::string k = Encode(specs, {v}, 30);
        EXPECT_TRUE(lo <= k && k < hi);
    }
    EXPECT_GT(Encode(specs, {std::string(20, 'q')}, 30), hi);  // descending: shorter sorts after
}

TEST(KeyCodecTest, EndLimitPadsToTheRequestedLength) {
    KeyBuilder b(kDefaultMaxKeyBytes, 600);
    ASSERT_TRUE(b.AppendValue(Spec(ColumnType::kLong), Le(std::int32_t{1}), KeyLimit::kFullColumnEnd).ok());
    EXPECT_EQ(b.key().size(), 600u);
    EXPECT_EQ(b.key().substr(5), std::string(595, '\xFF'));
}

TEST(KeyCodecTest, LosslessTypesDecodeToTheValueSet) {
    std::mt19937_64 rng(37);
    const std::vector<ColumnType> types = {ColumnType::kUnsignedByte, ColumnType::kShort, ColumnType::kLong,
                                           ColumnType::kCurrency, ColumnType::kIEEESingle, ColumnType::kIEEEDouble,
                                           ColumnType::kDateTime, ColumnType::kUnsignedLong, ColumnType::kLongLong,
                                           ColumnType::kGUID, ColumnType::kUnsignedShort, ColumnType::kUnsignedLongLong,
                                           ColumnType::kBinary, ColumnType::kLongBinary};
    for (ColumnType t : types) {
        ASSERT_TRUE(IsLosslessInKey(t));
        for (SortOrder order : {SortOrder::kAscending, SortOrder::kDescending}) {
            const SegmentSpec spec = Spec(t, order);
            std::vector<std::string> values;
            if (FixedValueSize(t) == 0) {
                values = ByteStrings(rng, kHardBytes, 100);
            } else {
                for (int i = 0; i < 100; ++i) {
                    std::string v(FixedValueSize(t), '\0');
                    for (char& c : v) c = static_cast<char>(rng());
                    if (i == 0) {  // a negative zero for the floats: decodes as +0
                        v = std::string(v.size(), '\0');
                        v.back() = '\x80';
                    }
                    if (i == 1) v = std::string(v.size(), '\xFF');
                    values.push_back(v);
                }
            }
            for (const std::string& v : values) {
                std::vector<DecodedSegment> out;
                const std::vector<SegmentSpec> specs = {spec, Spec(ColumnType::kLong)};
                ASSERT_TRUE(DecodeKey(Encode(specs, {v, Le(std::int32_t{-7})}), specs, &out).ok());
                ASSERT_EQ(out.size(), 2u);
                EXPECT_FALSE(out[0].is_null);
                EXPECT_TRUE(out[0].complete);
                std::string want = v;
                const bool float_type = t == ColumnType::kIEEESingle || t == ColumnType::kIEEEDouble ||
                                        t == ColumnType::kDateTime;
                if (float_type && want.back() == '\x80' && want.find_first_not_of('\0') == want.size() - 1) {
                    want = std::string(want.size(), '\0');
                }
                EXPECT_EQ(Hex(out[0].value), Hex(want)) << static_cast<int>(t);
                EXPECT_EQ(out[1].value, Le(std::int32_t{-7}));
            }
        }
    }
}

TEST(KeyCodecTest, BitDecodesToZeroOrFF) {
    std::vector<DecodedSegment> out;
    const std::vector<SegmentSpec> specs = {Spec(ColumnType::kBit)};
    ASSERT_TRUE(DecodeKey(Encode(specs, {std::string(1, '\x01')}), specs, &out).ok());
    EXPECT_EQ(out[0].value, std::string(1, '\xFF'));
    ASSERT_TRUE(DecodeKey(Encode(specs, {std::string(1, '\0')}), specs, &out).ok());
    EXPECT_EQ(out[0].value, std::string(1, '\0'));
}

TEST(KeyCodecTest, TextDecodesAsFolded) {
    std::mt19937_64 rng(41);
    EXPECT_FALSE(IsLosslessInKey(ColumnType::kText));
    for (SortOrder order : {SortOrder::kAscending, SortOrder::kDescending}) {
        const std::vector<SegmentSpec> specs = {Spec(ColumnType::kText, order)};
        for (const std::string& v : Utf16Strings(rng, 150)) {
            std::vector<DecodedSegment> out;
            ASSERT_TRUE(DecodeKey(Encode(specs, {v}), specs, &out).ok());
            std::u16string folded = FromUtf16(v);
            for (char16_t& u : folded) u = FoldUnit(u);
            EXPECT_EQ(Hex(out[0].value), Hex(Utf16(folded)));
        }
        const std::vector<SegmentSpec> ascii = {Spec(ColumnType::kLongText, order, TextEncoding::kWindows1252)};
        std::vector<DecodedSegment> out;
        const std::string v("Hello\0World\xC0\xFF", 13);
        ASSERT_TRUE(DecodeKey(Encode(ascii, {v}), ascii, &out).ok());
        EXPECT_EQ(out[0].value, Fold1252(v));
    }
}

TEST(KeyCodecTest, DecodeReportsNullsEmptyValuesAndCuts) {
    const std::vector<SegmentSpec> specs = {Spec(ColumnType::kLong, SortOrder::kDescending), Spec(ColumnType::kBinary),
                                            Spec(ColumnType::kText, SortOrder::kDescending)};
    std::vector<DecodedSegment> out;
    ASSERT_TRUE(DecodeKey(Encode(specs, {std::nullopt, std::string(), Utf16(u"x")}), specs, &out).ok());
    ASSERT_EQ(out.size(), 3u);
    EXPECT_TRUE(out[0].is_null);
    EXPECT_FALSE(out[1].is_null);
    EXPECT_EQ(out[1].value, "");
    EXPECT_EQ(out[2].value, Utf16(u"x"));

    // A key of fewer segments decodes to fewer segments.
    ASSERT_TRUE(DecodeKey(Encode({specs[0]}, {Le(std::int32_t{3})}), specs, &out).ok());
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].value, Le(std::int32_t{3}));

    // A truncated key: the cut segment is incomplete and holds the bytes before the cut.
    bool truncated = false;
    const std::string key = Encode(specs, {Le(std::int32_t{3}), std::string(40, 'z'), Utf16(u"x")}, 25, &truncated);
    ASSERT_TRUE(truncated);
    ASSERT_TRUE(DecodeKey(key, specs, &out).ok());
    ASSERT_EQ(out.size(), 2u);
    EXPECT_TRUE(out[0].complete);
    EXPECT_FALSE(out[1].complete);
    EXPECT_EQ(out[1].value, std::string(16, 'z') + std::string(1, 'z'));  // 2 chunks, then 1 byte

    // A cut inside a fixed-size value.
    ASSERT_TRUE(DecodeKey(key.substr(0, 3), specs, &out).ok());
    ASSERT_EQ(out.size(), 1u);
    EXPECT_FALSE(out[0].complete);
}

TEST(KeyCodecTest, DecodeRejectsMalformedKeys) {
    const std::vector<SegmentSpec> specs = {Spec(ColumnType::kLong), Spec(ColumnType::kBinary)};
    std::vector<DecodedSegment> out;
    EXPECT_TRUE(DecodeKey(std::string("\x13", 1), specs, &out).Is(Code::kCorrupt));  // bad header
    // A zero-length header on a fixed-size column.
    EXPECT_TRUE(DecodeKey(std::string("\x40", 1), specs, &out).Is(Code::kCorrupt));
    // A bad chunk count byte.
    std::string key = Encode(specs, {Le(std::int32_t{1}), std::string("abc")});
    key.back() = '\x0A';
    EXPECT_TRUE(DecodeKey(key, specs, &out).Is(Code::kCorrupt));
    // Bytes past the last segment.
    EXPECT_TRUE(DecodeKey(Encode(specs, {Le(std::int32_t{1}), std::string("abc")}) + "x", specs, &out).Is(Code::kCorrupt));
}

TEST(KeyCodecTest, BuilderRejectsBadValuesAndSegmentsAfterALimit) {
    KeyBuilder b;
    EXPECT_TRUE(b.AppendValue(Spec(ColumnType::kLong), "abc").Is(Code::kInvalidArgument));
    EXPECT_TRUE(b.AppendValue(Spec(ColumnType::kGUID), "").Is(Code::kInvalidArgument));
    EXPECT_TRUE(b.AppendValue(Spec(static_cast<ColumnType>(13)), "").Is(Code::kInvalidArgument));
    EXPECT_EQ(b.key(), "");
    ASSERT_TRUE(b.AppendValue(Spec(ColumnType::kLong), Le(std::int32_t{1}), KeyLimit::kFullColumnStart).ok());
    EXPECT_TRUE(b.AppendNull(Spec(ColumnType::kLong)).Is(Code::kInvalidArgument));
    b.Reset();  // JET_bitNewKey
    EXPECT_EQ(b.key(), "");
    EXPECT_EQ(b.limit(), KeyLimit::kNone);
    EXPECT_TRUE(b.AppendNull(Spec(ColumnType::kLong)).ok());
    EXPECT_EQ(b.segment_count(), 1u);
}

// The format is on disk: these bytes never change.
TEST(KeyCodecTest, FormatIsPinned) {
    EXPECT_EQ(Hex(Encode1(Spec(ColumnType::kLong), Le(std::int32_t{1}))), "7F 80 00 00 01");
    EXPECT_EQ(Hex(Encode1(Spec(ColumnType::kLong, SortOrder::kDescending), Le(std::int32_t{1}))), "80 7F FF FF FE");
    EXPECT_EQ(Hex(Encode1(Spec(ColumnType::kShort), Le(std::int16_t{-1}))), "7F 7F FF");
    EXPECT_EQ(Hex(Encode1(Spec(ColumnType::kUnsignedShort), Le(std::uint16_t{0x1234}))), "7F 12 34");
    EXPECT_EQ(Hex(Encode1(Spec(ColumnType::kIEEEDouble), Le(1.0))), "7F BF F0 00 00 00 00 00 00");
    EXPECT_EQ(Hex(Encode1(Spec(ColumnType::kIEEEDouble), Le(-1.0))), "7F 40 0F FF FF FF FF FF FF");
    EXPECT_EQ(Hex(Encode1(Spec(ColumnType::kBit), std::string(1, '\x01'))), "7F FF");
    EXPECT_EQ(Hex(Encode1(Spec(ColumnType::kLong), std::nullopt)), "00");
    EXPECT_EQ(Hex(Encode1(Spec(ColumnType::kLong, SortOrder::kDescending), std::nullopt)), "FF");
    EXPECT_EQ(Hex(Encode1(Spec(ColumnType::kLong, SortOrder::kAscending, TextEncoding::kUtf16Le, true), std::nullopt)),
              "C0");
    EXPECT_EQ(Hex(Encode1(Spec(ColumnType::kBinary), "")), "40");
    EXPECT_EQ(Hex(Encode1(Spec(ColumnType::kBinary), "abc")), "7F 61 62 63 00 00 00 00 00 03");
    EXPECT_EQ(Hex(Encode1(Spec(ColumnType::kBinary), "abcdefghi")),
              "7F 61 62 63 64 65 66 67 68 09 69 00 00 00 00 00 00 00 01");
    EXPECT_EQ(Hex(Encode1(Spec(ColumnType::kText), Utf16(u"A\u00E9"))), "7F 61 C3 A9 00 00 00 00 00 03");
    std::string guid;
    for (int i = 0; i < 16; ++i) guid.push_back(static_cast<char>(i));
    EXPECT_EQ(Hex(Encode1(Spec(ColumnType::kGUID), guid)), "7F 0A 0B 0C 0D 0E 0F 08 09 06 07 04 05 00 01 02 03");
    EXPECT_EQ(static_cast<int>(ColumnType::kUnsignedShort), 17);
    EXPECT_EQ(static_cast<int>(ColumnType::kGUID), 16);
}

}  // namespace
}  // namespace jetstore::storage
