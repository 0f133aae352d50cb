// Normalized index keys: a key is a sequence of segments, one per index column, encoded so that
// memcmp (LMDB's default comparator) orders keys exactly as esent orders the index.
//
// FORMAT (on disk: never renumber, never change a byte value; add new types with new numbers)
//
// A key is the concatenation of its segments. Each segment is a header byte, then a body:
//
//   header  0x00  NULL value (nulls first: the default)                     no body
//           0x40  zero-length value (Binary / Text / LongBinary / LongText)  no body
//           0x7F  a value                                                   body below
//           0xC0  NULL value in a nulls-high segment (JET_bitIndexSortNullsHigh) no body
//   (these are esent's own prefix bytes: bPrefixNull, bPrefixZeroLength, bPrefixData,
//   bPrefixNullHigh.)
//
//   body of fixed-size types (values arrive little-endian, as the C API passes them):
//     Bit            1 byte: 0x00 for zero, 0xFF for any non-zero byte (esent's rule)
//     UnsignedByte   1 byte as is
//     Short, Long, LongLong, Currency
//                    big-endian with the sign bit flipped (two's complement -> offset binary)
//     UnsignedShort, UnsignedLong, UnsignedLongLong
//                    big-endian as is
//     IEEESingle, IEEEDouble, DateTime (an OLE date, a double)
//                    big-endian bits; negative (sign set): every bit inverted; otherwise the
//                    sign bit set. -0.0 is first rewritten as +0.0 so the two are one key.
//                    NaNs are not canonicalized: positive NaNs sort after +inf, negative
//                    NaNs before -inf (by bit pattern).
//     GUID           the 16 bytes reordered as esent does (its non-.NET order), memory bytes
//                    10 11 12 13 14 15 8 9 6 7 4 5 0 1 2 3; that is the GUID's node, then
//                    clock-seq, then Data3, Data2, Data1 with each field in memory byte order.
//
//   body of variable-length types (Binary, LongBinary, Text, LongText), esent's binary chunking:
//     the value is cut into 8-byte chunks; every chunk is written as 9 bytes: its 8 bytes
//     (the last one padded with 0x00) followed by a count byte: 9 when more chunks follow,
//     else the number of real bytes in this last chunk (1..8). So a value is never a prefix of
//     another value's body (the body ends at the first count byte below 9), a prefix sorts
//     before its extensions, embedded 0x00 / 0xFF need no escaping, and the next segment's
//     header starts right after. A zero-length value is header 0x40 and no body.
//     Text bodies are the chunked bytes of the *folded* string:
//       code page 1252 (8-bit): the bytes, ASCII 'A'-'Z' folded to 'a'-'z'; compares bytewise.
//       code page 1200 (UTF-16LE): code units with ASCII 'A'-'Z' and Latin-1 U+00C0-U+00DE
//         (but not U+00D7) folded to lower case, then written as UTF-8 (surrogate pairs as
//         one 4-byte sequence; a lone surrogate as its own 3-byte sequence, WTF-8 style), so
//         text compares case-insensitively for those letters and by code point otherwise. A
//         trailing odd byte is ignored, as esent ignores it. This is NOT esent's
//         LCMapString sort order (which also ignores punctuation weights, folds all scripts,
//         and orders accents specially); folding to lower case keeps '_', '[', ... before
//         letters as Windows does.
//
// A descending segment is its ascending encoding with every byte complemented, header and count
// bytes included (a body is prefix-free, so complementing reverses the order exactly): NULL
// then sorts after every value (header 0xFF), or first with nulls-high (0x3F).
//
// Length: a key holds at most max_key_bytes bytes (esent's cbKeyMost: 255 by default, at most
// kMaxKeyBytesLimit). A longer key is cut at max_key_bytes, mid-segment if need be, and reported
// as truncated; keys that differ only past the cut become equal (esent does the same).
//
// Limit keys (JetMakeKey wildcards, used by JetSeek / JetSetIndexRange, never stored):
//   FullColumn limits (later columns are wildcards): start = the key itself (every extension of
//     a key sorts after it); end = the key followed by 0xFF bytes up to end_limit_bytes (default
//     max_key_bytes + 1). Every stored key starting with the key is at most max_key_bytes long,
//     so it is strictly below the padded limit, and every key above the whole set differs from
//     the key inside it, so it is above the limit too.
//   PartialColumn limits (the last column is a prefix wildcard too) use two encodings of the
//     prefix p: E = the complete segment of p, and O = the segment left open (header, chunks
//     with count 9, then p's last bytes without padding or count byte), which the segment of
//     every value starting with p extends. Values shorter than p whose 0x00 padding makes
//     them extend O too sort below E. Ascending: start = E, end = O + 0xFF..; descending
//     (complemented): start = ~O, end = ~E + 0xFF... The range holds exactly the keys whose
//     column starts with p.
//   JET_bitStrLimit is FullColumnEndLimit, JET_bitSubStrLimit is PartialColumnEndLimit. Limit
//   keys of a truncated key are the cut key (start) and the cut key padded (end).
//   A Partial limit on a zero-length value covers every non-NULL value of the column (zero-length
//   included); on a NULL or on a fixed-size type it is the Full limit. A UTF-16 prefix ending in
//   a high surrogate drops it (the range then also holds the other strings of the shorter prefix).
#pragma once

#include "storage/status.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace jetstore::storage {

// esent's JET_coltyp numbers (never renumber: they are stored in the catalog).
enum class ColumnType : std::uint32_t {
    kBit = 1,
    kUnsignedByte = 2,
    kShort = 3,
    kLong = 4,
    kCurrency = 5,  // int64
    kIEEESingle = 6,
    kIEEEDouble = 7,
    kDateTime = 8,  // a double (OLE automation date)
    kBinary = 9,
    kText = 10,
    kLongBinary = 11,
    kLongText = 12,
    kUnsignedLong = 14,
    kLongLong = 15,
    kGUID = 16,
    kUnsignedShort = 17,
    kUnsignedLongLong = 18,
};

enum class SortOrder : unsigned char { kAscending, kDescending };

// The code page of a Text / LongText column.
enum class TextEncoding : unsigned char {
    kWindows1252,  // 8-bit ASCII / Windows-1252 (code page 1252)
    kUtf16Le,      // UTF-16LE (code page 1200)
};

// How one index column is keyed.
struct SegmentSpec {
    ColumnType type = ColumnType::kLong;
    SortOrder order = SortOrder::kAscending;
    TextEncoding encoding = TextEncoding::kUtf16Le;  // Text / LongText only
    bool nulls_high = false;                         // JET_bitIndexSortNullsHigh
};

// JetMakeKey's wildcard options, applied with a key's last segment.
enum class KeyLimit : unsigned char {
    kNone,
    kFullColumnStart,     // JET_bitFullColumnStartLimit
    kFullColumnEnd,       // JET_bitFullColumnEndLimit, JET_bitStrLimit
    kPartialColumnStart,  // JET_bitPartialColumnStartLimit
    kPartialColumnEnd,    // JET_bitPartialColumnEndLimit, JET_bitSubStrLimit
};

inline constexpr std::size_t kDefaultMaxKeyBytes = 255;   // esent's JET_cbKeyMost default
inline constexpr std::size_t kMaxKeyBytesLimit = 2000;    // the largest esent allows

// The size in bytes of a fixed-size type's value, or 0 for variable-length types.
std::size_t FixedValueSize(ColumnType type);
// True for Binary, Text, LongBinary, LongText.
bool IsVariableLength(ColumnType type);
// True when the type is a known key column type.
bool IsValidColumnType(ColumnType type);
// True when DecodeKey gives back the value exactly as it was set: every type but Text and
// LongText (those come back folded) and with the -0.0 -> +0.0 and Bit -> 0x00/0xFF rewrites.
bool IsLosslessInKey(ColumnType type);

// Builds one key one segment at a time, as JetMakeKey does. Not thread-safe.
class KeyBuilder {
public:
    // REQUIRES: 1 <= max_key_bytes <= kMaxKeyBytesLimit; end_limit_bytes == 0 (meaning
    // max_key_bytes + 1) or end_limit_bytes > max_key_bytes. Pass a larger end_limit_bytes
    // when the stored entries that a limit must bound are longer than an index key (for
    // example an index key followed by a primary key).
    explicit KeyBuilder(std::size_t max_key_bytes = kDefaultMaxKeyBytes,
                        std::size_t end_limit_bytes = 0);

    // Discards the key (JET_bitNewKey).
    void Reset();

    // Appends a NULL segment. With a limit, the key becomes that limit key and is closed.
    // Errors: kInvalidArgument if the key is closed by a limit or the type is unknown.
    Status AppendNull(const SegmentSpec& spec, KeyLimit limit = KeyLimit::kNone);

    // Appends a value (little-endian bytes as the C API passes them; empty = zero-length, which
    // only variable-length types accept). Past max_key_bytes the key is cut and truncated()
    // becomes true; later segments then add nothing (but still count). With a limit, the key
    // becomes that limit key and is closed.
    // Errors: kInvalidArgument for a closed key, an unknown type, or a fixed-size value of the
    // wrong size.
    Status AppendValue(const SegmentSpec& spec, std::string_view value,
                       KeyLimit limit = KeyLimit::kNone);

    // The key so far (a limit key once a limit was applied; an end limit may be longer than
    // max_key_bytes, up to end_limit_bytes).
    std::string_view key() const { return key_; }
    bool truncated() const { return truncated_; }
    KeyLimit limit() const { return limit_; }
    std::size_t segment_count() const { return segments_; }
    std::size_t max_key_bytes() const { return max_key_bytes_; }

private:
    Status Append(const SegmentSpec& spec, const std::string_view* value, KeyLimit limit);

    // Constant after construction.
    std::size_t max_key_bytes_;
    std::size_t end_limit_bytes_;

    std::string key_;
    bool truncated_ = false;
    KeyLimit limit_ = KeyLimit::kNone;
    std::size_t segments_ = 0;
};

// Encodes a whole key: values[i] is the value of specs[i], std::nullopt for NULL.
// *truncated (optional) tells whether the key was cut at max_key_bytes.
// REQUIRES: values.size() == specs.size().
// Errors: as KeyBuilder::AppendValue.
Status EncodeKey(std::span<const SegmentSpec> specs,
                 std::span<const std::optional<std::string_view>> values,
                 std::string* out, bool* truncated = nullptr,
                 std::size_t max_key_bytes = kDefaultMaxKeyBytes);

// One decoded segment.
struct DecodedSegment {
    bool is_null = false;
    // False when the key ended inside this segment (a truncated key). value then holds what
    // the cut left: nothing for a fixed-size type; for a variable-length type the bytes before
    // the cut, possibly with up to 7 trailing 0x00 pad bytes of the last chunk (UTF-16 text: a
    // character the cut split is dropped).
    bool complete = true;
    // Little-endian value bytes as the C API passes them; Text as folded (UTF-16LE or 1252).
    std::string value;
};

// Decodes a normalized key (or a prefix of one: a truncated key, or a key of fewer segments)
// into one DecodedSegment per segment present; stops at the end of the key.
// Errors: kCorrupt when a byte is not a valid header / count byte, or key holds bytes past its
// last spec'd segment.
Status DecodeKey(std::string_view key, std::span<const SegmentSpec> specs,
                 std::vector<DecodedSegment>* out);

}  // namespace jetstore::storage
