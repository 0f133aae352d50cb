// The record codec: the bytes of one ESE record (one row), stored as the LMDB value of a
// primary-index entry. The codec knows column ids and values only; the schema (types, fixed sizes,
// cbMax, which columns are multi-valued) and the long-value store belong to the engine.
//
// Column ids (ESE's ranges; the engine assigns them):
//   fixed     1..127      at most one value
//   variable  128..255    at most one value
//   tagged    256..65535  an ordered list of values, itagSequence 1..n (multi-valued)
// A value is inline bytes (a zero-length value is a value, distinct from NULL) or a long-value
// reference ("separated": the value lives in the long-value store; the 12 bytes here are
// EncodeLongValueRef's). NULL is the absence of a value; a tagged column holds no NULL values.
//
// FORMAT, version 1. All integers little-endian. NEVER RENUMBER, NEVER REORDER: records on disk
// carry this layout; change it only by a new version byte that the decoder also accepts.
//
//   Header, 8 bytes
//     [0]     u8   version, kRecordFormatVersion (1)
//     [1]     u8   F: fixed slot count, 0..127 (slots for column ids 1..F)
//     [2]     u8   V: variable slot count, 0..128 (slots for column ids 128..127+V)
//     [3]     u8   reserved, 0
//     [4..7]  u32  T: tagged entry count
//   Fixed area: a slot area of F slots (below)
//   Variable area: a slot area of V slots
//   Tagged area
//     T entries of 8 bytes, sorted by (column id, itagSequence):
//       u16 column id (256..65535), u8 flags (bit 0: separated; other bits 0), u8 reserved 0,
//       u32 end offset of the value in the tagged data.
//     The itagSequence is implicit: the k-th consecutive entry of a column is its value k.
//     Tagged data: the values concatenated; value i spans [end(i-1), end(i)), end(-1) = 0.
//   The record ends exactly at the end of the tagged data.
//
//   Slot area of N slots (nothing at all when N = 0)
//     null bitmap       ceil(N/8) bytes; bit (i % 8) of byte i / 8 set: slot i is NULL
//     separated bitmap  ceil(N/8) bytes; bit set: slot i holds a long-value reference
//     N x u16           end offset of slot i's value in the area's data
//     data              the non-NULL values concatenated; slot i spans [end(i-1), end(i))
//
// Canonical form, which the decoder checks (so decode + encode reproduces the input exactly):
// the last slot of a non-empty slot area is not NULL (F and V are as small as possible); a NULL
// slot has zero length and no separated bit; bitmap bits past N are 0; offsets never decrease; a
// separated value is exactly kLongValueRefSize bytes; tagged entries are in (id, itag) order.
// Limits: a fixed or variable value is at most kMaxSlotValueSize (255, JET_cbColumnMost) bytes,
// so a slot area's data (at most 128 x 255 bytes) always fits u16 offsets; tagged data at most
// 4 GiB - 1 bytes.
//
// Thread safety: none of these types synchronize; a RecordView is read-only and may be shared
// by readers as long as the bytes it views stay alive and unchanged.
#pragma once

#include "storage/status.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jetstore::storage {

using ColumnId = std::uint32_t;

inline constexpr std::uint8_t kRecordFormatVersion = 1;
inline constexpr ColumnId kFirstFixedColumn = 1;
inline constexpr ColumnId kLastFixedColumn = 127;
inline constexpr ColumnId kFirstVariableColumn = 128;
inline constexpr ColumnId kLastVariableColumn = 255;
inline constexpr ColumnId kFirstTaggedColumn = 256;
inline constexpr ColumnId kLastTaggedColumn = 65535;
// The largest fixed or variable value (JET_cbColumnMost). Tagged values have no codec limit
// beyond the 4 GiB tagged data of one record.
inline constexpr std::size_t kMaxSlotValueSize = 255;
inline constexpr std::size_t kRecordHeaderSize = 8;

enum class ColumnKind : unsigned char { kInvalid, kFixed, kVariable, kTagged };

constexpr ColumnKind KindOf(ColumnId id) {
    if (id >= kFirstFixedColumn && id <= kLastFixedColumn) return ColumnKind::kFixed;
    if (id >= kFirstVariableColumn && id <= kLastVariableColumn) return ColumnKind::kVariable;
    if (id >= kFirstTaggedColumn && id <= kLastTaggedColumn) return ColumnKind::kTagged;
    return ColumnKind::kInvalid;
}

// A long-value reference: the value's id in the long-value store and its total size in bytes.
// Encoded as 12 bytes: u64 lvid, u32 total size, little-endian. Never reorder.
struct LongValueRef {
    std::uint64_t lvid = 0;
    std::uint32_t total_size = 0;
    friend bool operator==(const LongValueRef&, const LongValueRef&) = default;
};
inline constexpr std::size_t kLongValueRefSize = 12;
std::array<char, kLongValueRefSize> EncodeLongValueRef(LongValueRef ref);
// Fails with kCorrupt unless bytes.size() == kLongValueRefSize.
Status DecodeLongValueRef(std::string_view bytes, LongValueRef* ref);

// One value of a column. When separated, bytes is an encoded LongValueRef (12 bytes).
struct ColumnValue {
    std::string_view bytes;
    bool separated = false;

    static ColumnValue Inline(std::string_view b) { return {b, false}; }
    static ColumnValue Separated(std::string_view encoded_ref) { return {encoded_ref, true}; }
    bool IsZeroLength() const { return !separated && bytes.empty(); }
    friend bool operator==(const ColumnValue& a, const ColumnValue& b) {
        return a.separated == b.separated && a.bytes == b.bytes;
    }
};

enum class Presence : unsigned char { kNull, kValue };

// A read-only, zero-copy view of an encoded record. Parse validates the whole record once
// (O(size)); afterwards lookups trust the bytes: fixed and variable columns are O(1), tagged
// columns a binary search over the tagged entries.
class RecordView {
public:
    // A default view (or one whose Parse failed) is the empty record: every column NULL.
    RecordView() = default;

    // Validates `record` and views it. The bytes must stay alive and unchanged while the view and
    // any ColumnValue it returned are used.
    // Errors: kCorrupt (wrong version, truncated, trailing bytes, non-canonical or inconsistent
    // content); the view is then the empty record.
    Status Parse(std::string_view record);

    // The value `itag` (1-based) of column `id`. Fixed and variable columns have only itag 1;
    // any other itag (including 0), an invalid id or an absent column gives kNull.
    // `value` may be null; it is left unchanged on kNull.
    Presence Find(ColumnId id, std::uint32_t itag, ColumnValue* value) const;
    // The number of values of column `id`: 0 (NULL) or 1 for fixed and variable columns.
    std::uint32_t CountValues(ColumnId id) const;
    // True when value `itag` of `id` exists, is inline and has zero length.
    bool IsZeroLength(ColumnId id, std::uint32_t itag) const;
    // True when no column has a value.
    bool Empty() const { return fixed_.count == 0 && var_.count == 0 && tag_count_ == 0; }
    std::string_view bytes() const { return record_; }

    // Every present value, in (column id, itag) order. Range-for: `for (const auto& e : view)`.
    struct Entry {
        ColumnId id = 0;
        std::uint32_t itag = 0;
        ColumnValue value;
    };
    class Iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = Entry;
        using difference_type = std::ptrdiff_t;
        using pointer = const Entry*;
        using reference = const Entry&;

        Iterator() = default;
        const Entry& operator*() const { return entry_; }
        const Entry* operator->() const { return &entry_; }
        Iterator& operator++() {
            ++pos_;
            Settle();
            return *this;
        }
        Iterator operator++(int) {
            Iterator old = *this;
            ++*this;
            return old;
        }
        friend bool operator==(const Iterator& a, const Iterator& b) { return a.pos_ == b.pos_; }

    private:
        friend class RecordView;
        Iterator(const RecordView* view, std::uint32_t pos) : view_(view), pos_(pos) { Settle(); }
        void Settle();  // moves pos_ to the next present value at or after pos_ and fills entry_

        const RecordView* view_ = nullptr;
        std::uint32_t pos_ = 0;  // fixed slots, then variable slots, then tagged entries
        Entry entry_;
    };
    Iterator begin() const { return Iterator(this, 0); }
    Iterator end() const { return Iterator(nullptr, TotalPositions()); }

private:
    friend class RecordBuilder;

    struct SlotArea {
        const unsigned char* null_bits = nullptr;
        const unsigned char* sep_bits = nullptr;
        const unsigned char* ends = nullptr;  // count x u16
        const char* data = nullptr;
        std::uint32_t count = 0;

        bool IsNull(std::uint32_t i) const { return (null_bits[i >> 3] >> (i & 7)) & 1; }
        bool IsSeparated(std::uint32_t i) const { return (sep_bits[i >> 3] >> (i & 7)) & 1; }
        std::uint32_t End(std::uint32_t i) const {
            return std::uint32_t{ends[2 * i]} | (std::uint32_t{ends[2 * i + 1]} << 8);
        }
        // REQUIRES: i < count and slot i is not NULL.
        ColumnValue Value(std::uint32_t i) const {
            std::uint32_t begin = i == 0 ? 0 : End(i - 1);
            return {std::string_view(data + begin, End(i) - begin), IsSeparated(i)};
        }
    };
    static Status ParseSlotArea(std::string_view record, std::size_t* pos, std::uint32_t count,
                                SlotArea* area);

    std::uint32_t TotalPositions() const { return fixed_.count + var_.count + tag_count_; }
    ColumnId TagId(std::uint32_t i) const {
        const unsigned char* e = tags_ + 8 * std::size_t{i};
        return ColumnId{e[0]} | (ColumnId{e[1]} << 8);
    }
    std::uint32_t TagEnd(std::uint32_t i) const;
    ColumnValue TagValue(std::uint32_t i) const;
    std::uint32_t TagLowerBound(ColumnId id) const;  // first tagged entry with id >= `id`

    std::string_view record_;
    SlotArea fixed_;
    SlotArea var_;
    const unsigned char* tags_ = nullptr;  // tag_count_ x 8 bytes
    const char* tag_data_ = nullptr;
    std::uint32_t tag_count_ = 0;
};

// Collects column values and encodes a record. Also the editing model for JetSetColumn: load a
// parsed record with Assign, apply Set / SetNull, Build a new record.
//
// The builder does not copy value bytes: every ColumnValue passed to Set (and the record viewed
// by an Assign-ed view) must stay alive and unchanged until the last Build. EditRecord below
// packages the common single-edit case safely.
class RecordBuilder {
public:
    RecordBuilder() = default;

    // Forgets every value.
    void Clear();
    // Replaces the builder's content with every value of `view`.
    void Assign(const RecordView& view);

    // Sets value `itag` of column `id`.
    //   fixed / variable: itag 0 or 1 sets the column's value (replacing any);
    //   tagged: itag 1..n replaces value itag; itag 0 or itag > n appends a new last value n+1.
    // A zero-length inline value is a value, not NULL.
    // Errors: kInvalidArgument (invalid id; itag > 1 on a fixed or variable column; a separated
    // value that is not kLongValueRefSize bytes); kTooLarge (a fixed or variable value over
    // kMaxSlotValueSize, or the record's tagged data would reach 4 GiB). Nothing changes on error.
    Status Set(ColumnId id, std::uint32_t itag, ColumnValue value);

    // Makes value `itag` of column `id` NULL.
    //   fixed / variable: itag 0 or 1 makes the column NULL;
    //   tagged: itag 0 removes every value; itag 1..n removes value itag and the later values
    //   move down one (itag k+1 becomes k); itag > n changes nothing.
    // Errors: kInvalidArgument (invalid id; itag > 1 on a fixed or variable column).
    Status SetNull(ColumnId id, std::uint32_t itag);

    // The number of values column `id` holds now (as RecordView::CountValues).
    std::uint32_t CountValues(ColumnId id) const;
    // The exact size Build would produce.
    std::size_t EncodedSize() const;
    // Encodes the values. BuildInto reuses `out`'s capacity.
    std::string Build() const;
    void BuildInto(std::string* out) const;

private:
    struct Slot {
        std::string_view bytes;
        unsigned char state = 0;  // kAbsent, kInline, kSeparated
    };
    struct Tag {
        std::uint16_t id;
        ColumnValue value;
    };
    static constexpr unsigned char kAbsent = 0;
    static constexpr unsigned char kInline = 1;
    static constexpr unsigned char kSeparated = 2;

    static std::uint32_t UsedSlots(const std::vector<Slot>& slots);
    static std::size_t SlotAreaSize(const std::vector<Slot>& slots, std::uint32_t used);
    static char* WriteSlotArea(const std::vector<Slot>& slots, std::uint32_t used, char* out);
    std::pair<std::size_t, std::size_t> TagRange(ColumnId id) const;  // [first, last) in tags_

    std::vector<Slot> fixed_;  // index id - 1; may end with absent slots (trimmed by Build)
    std::vector<Slot> var_;    // index id - 128
    std::vector<Tag> tags_;    // sorted by id; a column's values consecutive, in itag order
    std::uint64_t tag_bytes_ = 0;
};

// Sets (value != nullptr) or NULLs (value == nullptr) value `itag` of column `id` in the encoded
// `record`, with RecordBuilder's Set / SetNull semantics, and re-encodes it in place. An empty
// `record` string is read as the empty record. `value` may view bytes inside `record`.
// Errors: kCorrupt (record does not parse), or Set / SetNull's errors; `record` is then unchanged.
Status EditRecord(std::string* record, ColumnId id, std::uint32_t itag, const ColumnValue* value);

}  // namespace jetstore::storage
