// Normalized index keys; the format is described in key_codec.h.
#include "storage/key_codec.h"

#include <algorithm>
#include <cassert>

namespace jetstore::storage {

namespace {

constexpr unsigned char kHeaderNull = 0x00;
constexpr unsigned char kHeaderZeroLength = 0x40;
constexpr unsigned char kHeaderData = 0x7F;
constexpr unsigned char kHeaderNullHigh = 0xC0;

constexpr std::size_t kChunk = 8;                  // data bytes per chunk
constexpr unsigned char kChunkContinues = kChunk + 1;  // count byte: more chunks follow

// The GUID's memory bytes in key order (esent's non-.NET order).
constexpr int kGuidOrder[16] = {10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3};

std::uint64_t LoadLe(std::string_view v) {
    std::uint64_t x = 0;
    for (std::size_t i = v.size(); i-- > 0;) x = (x << 8) | static_cast<unsigned char>(v[i]);
    return x;
}

void StoreBe(std::uint64_t x, std::size_t n, std::string* out) {
    for (std::size_t i = n; i-- > 0;) out->push_back(static_cast<char>((x >> (8 * i)) & 0xFF));
}

std::uint64_t LoadBe(std::string_view v) {
    std::uint64_t x = 0;
    for (char c : v) x = (x << 8) | static_cast<unsigned char>(c);
    return x;
}

void StoreLe(std::uint64_t x, std::size_t n, std::string* out) {
    for (std::size_t i = 0; i < n; ++i) out->push_back(static_cast<char>((x >> (8 * i)) & 0xFF));
}

bool IsSigned(ColumnType t) {
    return t == ColumnType::kShort || t == ColumnType::kLong || t == ColumnType::kLongLong ||
           t == ColumnType::kCurrency;
}

bool IsFloat(ColumnType t) {
    return t == ColumnType::kIEEESingle || t == ColumnType::kIEEEDouble ||
           t == ColumnType::kDateTime;
}

bool IsText(ColumnType t) { return t == ColumnType::kText || t == ColumnType::kLongText; }

// Appends the body of a fixed-size value. REQUIRES: value.size() == FixedValueSize(type).
void EncodeFixedBody(ColumnType type, std::string_view value, std::string* out) {
    switch (type) {
        case ColumnType::kBit:
            out->push_back(value[0] == 0 ? '\x00' : '\xFF');
            return;
        case ColumnType::kGUID:
            for (int i : kGuidOrder) out->push_back(value[i]);
            return;
        default:
            break;
    }
    const std::size_t n = value.size();
    const std::uint64_t sign = std::uint64_t{1} << (8 * n - 1);
    const std::uint64_t mask = n == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * n)) - 1;
    std::uint64_t x = LoadLe(value);
    if (IsSigned(type)) {
        x ^= sign;
    } else if (IsFloat(type)) {
        if (x == sign) x = 0;  // -0.0 is +0.0
        x = (x & sign) ? (~x & mask) : (x | sign);
    }
    StoreBe(x, n, out);
}

// Undoes EncodeFixedBody. REQUIRES: body.size() == FixedValueSize(type).
void DecodeFixedBody(ColumnType type, std::string_view body, std::string* out) {
    switch (type) {
        case ColumnType::kBit:
            out->push_back(body[0]);
            return;
        case ColumnType::kGUID: {
            char guid[16];
            for (int i = 0; i < 16; ++i) guid[kGuidOrder[i]] = body[i];
            out->append(guid, 16);
            return;
        }
        default:
            break;
    }
    const std::size_t n = body.size();
    const std::uint64_t sign = std::uint64_t{1} << (8 * n - 1);
    const std::uint64_t mask = n == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * n)) - 1;
    std::uint64_t x = LoadBe(body);
    if (IsSigned(type)) {
        x ^= sign;
    } else if (IsFloat(type)) {
        x = (x & sign) ? (x & ~sign) : (~x & mask);
    }
    StoreLe(x, n, out);
}

// Folds ASCII A-Z (and for UTF-16, Latin-1 U+00C0-U+00DE but U+00D7) to lower case.
char16_t FoldUnit(char16_t u) {
    if ((u >= u'A' && u <= u'Z') || (u >= 0xC0 && u <= 0xDE && u != 0xD7)) return u + 0x20;
    return u;
}

// The folded text of a value as the bytes a body chunks: 1252 bytes, or WTF-8 of UTF-16LE.
// With drop_trailing_high_surrogate (a Partial limit's prefix), a final lone high surrogate is
// left out.
std::string TextBytes(TextEncoding enc, std::string_view value, bool drop_trailing_high_surrogate) {
    std::string out;
    if (enc == TextEncoding::kWindows1252) {
        out.reserve(value.size());
        for (char c : value) out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 0x20) : c);
        return out;
    }
    std::size_t units = value.size() / 2;  // a trailing odd byte is ignored, as esent does
    auto unit = [&](std::size_t i) {
        return FoldUnit(static_cast<char16_t>(static_cast<unsigned char>(value[2 * i]) |
                                              (static_cast<unsigned char>(value[2 * i + 1]) << 8)));
    };
    if (drop_trailing_high_surrogate && units > 0 && unit(units - 1) >= 0xD800 &&
        unit(units - 1) <= 0xDBFF) {
        --units;
    }
    out.reserve(units * 3);
    for (std::size_t i = 0; i < units; ++i) {
        std::uint32_t cp = unit(i);
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < units) {
            const char16_t lo = unit(i + 1);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                ++i;
            }
        }
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }
    return out;
}

// Undoes the WTF-8 of TextBytes into UTF-16LE. Returns false on a malformed sequence.
bool Utf8ToUtf16Le(std::string_view in, std::string* out) {
    auto put = [out](std::uint32_t u) { StoreLe(u, 2, out); };
    for (std::size_t i = 0; i < in.size();) {
        const unsigned char b = static_cast<unsigned char>(in[i]);
        std::size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
        if (len == 0 || i + len > in.size()) return false;
        std::uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
        for (std::size_t k = 1; k < len; ++k) {
            const unsigned char c = static_cast<unsigned char>(in[i + k]);
            if ((c & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (c & 0x3F);
        }
        i += len;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            put(0xD800 + (cp >> 10));
            put(0xDC00 + (cp & 0x3FF));
        } else {
            put(cp);
        }
    }
    return true;
}

// Appends bytes chunked: each 8-byte chunk (the last padded with 0x00) and its count byte.
// REQUIRES: !data.empty().
void ChunkBody(std::string_view data, std::string* out) {
    for (std::size_t i = 0; i < data.size(); i += kChunk) {
        const std::size_t n = std::min(kChunk, data.size() - i);
        out->append(data.substr(i, n));
        out->append(kChunk - n, '\0');
        out->push_back(static_cast<char>(i + n < data.size() ? kChunkContinues : n));
    }
}

// Appends the chunked form of a prefix left open: every value that starts with data has a body
// that starts with these bytes. REQUIRES: !data.empty().
void OpenChunkBody(std::string_view data, std::string* out) {
    const std::size_t last = (data.size() - 1) / kChunk * kChunk;  // start of the last chunk
    for (std::size_t i = 0; i < last; i += kChunk) {
        out->append(data.substr(i, kChunk));
        out->push_back(static_cast<char>(kChunkContinues));
    }
    out->append(data.substr(last));
}

void Complement(std::string* s, std::size_t from) {
    for (std::size_t i = from; i < s->size(); ++i) (*s)[i] = static_cast<char>(~(*s)[i]);
}

unsigned char Directed(unsigned char b, SortOrder order) {
    return order == SortOrder::kDescending ? static_cast<unsigned char>(~b) : b;
}

}  // namespace

std::size_t FixedValueSize(ColumnType type) {
    switch (type) {
        case ColumnType::kBit:
        case ColumnType::kUnsignedByte:
            return 1;
        case ColumnType::kShort:
        case ColumnType::kUnsignedShort:
            return 2;
        case ColumnType::kLong:
        case ColumnType::kUnsignedLong:
        case ColumnType::kIEEESingle:
            return 4;
        case ColumnType::kCurrency:
        case ColumnType::kIEEEDouble:
        case ColumnType::kDateTime:
        case ColumnType::kLongLong:
        case ColumnType::kUnsignedLongLong:
            return 8;
        case ColumnType::kGUID:
            return 16;
        case ColumnType::kBinary:
        case ColumnType::kText:
        case ColumnType::kLongBinary:
        case ColumnType::kLongText:
            return 0;
    }
    return 0;
}

bool IsVariableLength(ColumnType type) {
    return type == ColumnType::kBinary || type == ColumnType::kLongBinary || IsText(type);
}

bool IsValidColumnType(ColumnType type) {
    return FixedValueSize(type) != 0 || IsVariableLength(type);
}

bool IsLosslessInKey(ColumnType type) { return IsValidColumnType(type) && !IsText(type); }

KeyBuilder::KeyBuilder(std::size_t max_key_bytes, std::size_t end_limit_bytes)
    : max_key_bytes_(max_key_bytes),
      end_limit_bytes_(end_limit_bytes == 0 ? max_key_bytes + 1 : end_limit_bytes) {
    assert(max_key_bytes_ >= 1 && max_key_bytes_ <= kMaxKeyBytesLimit);
    assert(end_limit_bytes_ > max_key_bytes_);
}

void KeyBuilder::Reset() {
    key_.clear();
    truncated_ = false;
    limit_ = KeyLimit::kNone;
    segments_ = 0;
}

Status KeyBuilder::AppendNull(const SegmentSpec& spec, KeyLimit limit) {
    return Append(spec, nullptr, limit);
}

Status KeyBuilder::AppendValue(const SegmentSpec& spec, std::string_view value, KeyLimit limit) {
    return Append(spec, &value, limit);
}

Status KeyBuilder::Append(const SegmentSpec& spec, const std::string_view* value, KeyLimit limit) {
    if (limit_ != KeyLimit::kNone) {
        return Status::Error(Code::kInvalidArgument, "key: a limit key takes no more segments");
    }
    if (!IsValidColumnType(spec.type)) {
        return Status::Error(Code::kInvalidArgument, "key: unknown column type");
    }
    const std::size_t fixed = FixedValueSize(spec.type);
    if (value != nullptr && fixed != 0 && value->size() != fixed) {
        return Status::Error(Code::kInvalidArgument, "key: fixed-size value of the wrong size");
    }

    const bool partial = limit == KeyLimit::kPartialColumnStart || limit == KeyLimit::kPartialColumnEnd;
    const bool end = limit == KeyLimit::kFullColumnEnd || limit == KeyLimit::kPartialColumnEnd;
    const std::size_t start = key_.size();
    ++segments_;
    if (!truncated_) {
        bool directed = false;  // the bytes appended already carry the segment's order
        if (value == nullptr) {
            key_.push_back(static_cast<char>(spec.nulls_high ? kHeaderNullHigh : kHeaderNull));
        } else if (fixed != 0) {
            key_.push_back(static_cast<char>(kHeaderData));
            EncodeFixedBody(spec.type, *value, &key_);
        } else {
            std::string folded;            // text only: its key bytes
            std::string_view bytes = *value;  // binary values are keyed as they are
            if (IsText(spec.type)) {
                folded = TextBytes(spec.encoding, *value, partial);
                bytes = folded;
            }
            if (partial && bytes.empty()) {
                // Every non-NULL value: from the lower of the (directed) zero-length and data
                // headers to the higher one, padded below.
                const unsigned char a = Directed(kHeaderZeroLength, spec.order);
                const unsigned char b = Directed(kHeaderData, spec.order);
                key_.push_back(static_cast<char>(end ? std::max(a, b) : std::min(a, b)));
                directed = true;
            } else if (bytes.empty()) {
                key_.push_back(static_cast<char>(kHeaderZeroLength));
            } else {
                key_.push_back(static_cast<char>(kHeaderData));
                // A Partial limit's bounds: the smallest value with the prefix is the prefix
                // itself, and every value with it has a body starting with the open prefix
                // (shorter values that the 0x00 padding makes start with it too sort below the
                // prefix itself). Ascending: [prefix, open + 0xFF..]; descending complements,
                // so: [~open, ~prefix + 0xFF..].
                const bool descending = spec.order == SortOrder::kDescending;
                if (partial && end != descending) {
                    OpenChunkBody(bytes, &key_);
                } else {
                    ChunkBody(bytes, &key_);
                }
            }
        }
        if (!directed && spec.order == SortOrder::kDescending) Complement(&key_, start);
        if (key_.size() > max_key_bytes_) {
            key_.resize(max_key_bytes_);
            truncated_ = true;
        }
    }
    limit_ = limit;
    if (end && key_.size() < end_limit_bytes_) key_.append(end_limit_bytes_ - key_.size(), '\xFF');
    return Status::Ok();
}

Status EncodeKey(std::span<const SegmentSpec> specs,
                 std::span<const std::optional<std::string_view>> values, std::string* out,
                 bool* truncated, std::size_t max_key_bytes) {
    assert(specs.size() == values.size());
    KeyBuilder builder(max_key_bytes);
    for (std::size_t i = 0; i < specs.size(); ++i) {
        Status s = values[i] ? builder.AppendValue(specs[i], *values[i]) : builder.AppendNull(specs[i]);
        if (!s.ok()) return s;
    }
    out->assign(builder.key());
    if (truncated != nullptr) *truncated = builder.truncated();
    return Status::Ok();
}

Status DecodeKey(std::string_view key, std::span<const SegmentSpec> specs,
                 std::vector<DecodedSegment>* out) {
    out->clear();
    std::size_t pos = 0;
    for (const SegmentSpec& spec : specs) {
        if (pos == key.size()) return Status::Ok();
        if (!IsValidColumnType(spec.type)) {
            return Status::Error(Code::kInvalidArgument, "key: unknown column type");
        }
        auto byte = [&](std::size_t i) { return Directed(static_cast<unsigned char>(key[i]), spec.order); };
        DecodedSegment seg;
        const unsigned char header = byte(pos++);
        if (header == (spec.nulls_high ? kHeaderNullHigh : kHeaderNull)) {
            seg.is_null = true;
            out->push_back(std::move(seg));
            continue;
        }
        const std::size_t fixed = FixedValueSize(spec.type);
        if (header == kHeaderZeroLength && fixed == 0) {
            out->push_back(std::move(seg));
            continue;
        }
        if (header != kHeaderData) return Status::Error(Code::kCorrupt, "key: bad segment header");
        if (fixed != 0) {
            if (key.size() - pos < fixed) {
                seg.complete = false;
                out->push_back(std::move(seg));
                return Status::Ok();
            }
            std::string body(key.substr(pos, fixed));
            if (spec.order == SortOrder::kDescending) Complement(&body, 0);
            DecodeFixedBody(spec.type, body, &seg.value);
            pos += fixed;
            out->push_back(std::move(seg));
            continue;
        }
        std::string bytes;
        bool done = false;
        while (!done) {
            if (key.size() - pos < kChunk + 1) {  // cut inside this chunk
                for (std::size_t i = pos; i < key.size(); ++i) bytes.push_back(static_cast<char>(byte(i)));
                pos = key.size();
                seg.complete = false;
                break;
            }
            const unsigned char count = byte(pos + kChunk);
            if (count == 0 || count > kChunkContinues) {
                return Status::Error(Code::kCorrupt, "key: bad chunk count byte");
            }
            const std::size_t n = count == kChunkContinues ? kChunk : count;
            for (std::size_t i = 0; i < n; ++i) bytes.push_back(static_cast<char>(byte(pos + i)));
            pos += kChunk + 1;
            done = count != kChunkContinues;
        }
        if (IsText(spec.type) && spec.encoding == TextEncoding::kUtf16Le) {
            if (!seg.complete) {
                // Drop a multi-byte sequence the cut split.
                std::size_t keep = bytes.size();
                for (std::size_t back = 1; back <= 4 && back <= bytes.size(); ++back) {
                    const unsigned char c = static_cast<unsigned char>(bytes[bytes.size() - back]);
                    if ((c & 0xC0) == 0x80) continue;
                    const std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
                    if (len > back) keep = bytes.size() - back;
                    break;
                }
                bytes.resize(keep);
            }
            if (!Utf8ToUtf16Le(bytes, &seg.value)) {
                return Status::Error(Code::kCorrupt, "key: bad text bytes");
            }
        } else {
            seg.value = std::move(bytes);
        }
        const bool complete = seg.complete;
        out->push_back(std::move(seg));
        if (!complete) return Status::Ok();
    }
    if (pos != key.size()) return Status::Error(Code::kCorrupt, "key: bytes past the last segment");
    return Status::Ok();
}

}  // namespace jetstore::storage
