// The record codec. The format is described at the top of record_codec.h.
#include "storage/record_codec.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace jetstore::storage {

namespace {

std::uint16_t Load16(const unsigned char* p) {
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
std::uint32_t Load32(const unsigned char* p) {
    return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) |
           (std::uint32_t{p[3]} << 24);
}
std::uint64_t Load64(const unsigned char* p) {
    return std::uint64_t{Load32(p)} | (std::uint64_t{Load32(p + 4)} << 32);
}
char* Store16(char* p, std::uint32_t v) {
    p[0] = static_cast<char>(v & 0xff);
    p[1] = static_cast<char>((v >> 8) & 0xff);
    return p + 2;
}
char* Store32(char* p, std::uint32_t v) {
    p = Store16(p, v & 0xffff);
    return Store16(p, v >> 16);
}
const unsigned char* Bytes(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}
std::size_t BitmapSize(std::uint32_t slots) { return (slots + 7) / 8; }

Status Corrupt(const char* what) {
    return Status::Error(Code::kCorrupt, std::string("record: ") + what);
}

}  // namespace

std::array<char, kLongValueRefSize> EncodeLongValueRef(LongValueRef ref) {
    std::array<char, kLongValueRefSize> out{};
    char* p = Store32(out.data(), static_cast<std::uint32_t>(ref.lvid));
    p = Store32(p, static_cast<std::uint32_t>(ref.lvid >> 32));
    Store32(p, ref.total_size);
    return out;
}

Status DecodeLongValueRef(std::string_view bytes, LongValueRef* ref) {
    if (bytes.size() != kLongValueRefSize) return Corrupt("long-value reference is not 12 bytes");
    ref->lvid = Load64(Bytes(bytes));
    ref->total_size = Load32(Bytes(bytes) + 8);
    return Status::Ok();
}

// ---- RecordView ------------------------------------------------------------------------------

Status RecordView::ParseSlotArea(std::string_view record, std::size_t* pos, std::uint32_t count,
                                 SlotArea* area) {
    *area = SlotArea{};
    if (count == 0) return Status::Ok();
    const std::size_t bitmap = BitmapSize(count);
    const std::size_t directory = 2 * bitmap + 2 * std::size_t{count};
    if (record.size() - *pos < directory) return Corrupt("truncated slot directory");
    const unsigned char* base = Bytes(record) + *pos;
    area->null_bits = base;
    area->sep_bits = base + bitmap;
    area->ends = base + 2 * bitmap;
    area->count = count;
    // Bits past the last slot are zero.
    const unsigned used_bits = count % 8;
    if (used_bits != 0) {
        const unsigned char spare = static_cast<unsigned char>(0xff << used_bits);
        if ((area->null_bits[bitmap - 1] & spare) != 0 || (area->sep_bits[bitmap - 1] & spare) != 0) {
            return Corrupt("bits set past the last slot");
        }
    }
    std::uint32_t previous = 0;
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint32_t end = area->End(i);
        if (end < previous) return Corrupt("slot offsets decrease");
        const std::uint32_t size = end - previous;
        if (area->IsNull(i)) {
            if (size != 0 || area->IsSeparated(i)) return Corrupt("NULL slot with a value");
        } else if (size > kMaxSlotValueSize) {
            return Corrupt("slot value over 255 bytes");
        } else if (area->IsSeparated(i) && size != kLongValueRefSize) {
            return Corrupt("separated slot value is not a long-value reference");
        }
        previous = end;
    }
    if (area->IsNull(count - 1)) return Corrupt("trailing NULL slot");
    *pos += directory;
    if (record.size() - *pos < previous) return Corrupt("truncated slot data");
    area->data = record.data() + *pos;
    *pos += previous;
    return Status::Ok();
}

Status RecordView::Parse(std::string_view record) {
    *this = RecordView();
    if (record.size() < kRecordHeaderSize) return Corrupt("shorter than its header");
    const unsigned char* header = Bytes(record);
    if (header[0] != kRecordFormatVersion) return Corrupt("unknown format version");
    const std::uint32_t fixed_count = header[1];
    const std::uint32_t var_count = header[2];
    if (fixed_count > kLastFixedColumn) return Corrupt("too many fixed slots");
    if (var_count > kLastVariableColumn - kFirstVariableColumn + 1) return Corrupt("too many variable slots");
    if (header[3] != 0) return Corrupt("reserved header byte set");
    const std::uint32_t tag_count = Load32(header + 4);

    RecordView view;
    std::size_t pos = kRecordHeaderSize;
    if (Status s = ParseSlotArea(record, &pos, fixed_count, &view.fixed_); !s.ok()) return s;
    if (Status s = ParseSlotArea(record, &pos, var_count, &view.var_); !s.ok()) return s;

    if ((record.size() - pos) / 8 < tag_count) return Corrupt("truncated tagged entries");
    const unsigned char* tags = Bytes(record) + pos;
    std::uint32_t previous_end = 0;
    ColumnId previous_id = kFirstTaggedColumn;
    for (std::uint32_t i = 0; i < tag_count; ++i) {
        const unsigned char* e = tags + 8 * std::size_t{i};
        const ColumnId id = Load16(e);
        const std::uint32_t end = Load32(e + 4);
        if (id < previous_id) return Corrupt("tagged entries out of order");
        if ((e[2] & ~1u) != 0 || e[3] != 0) return Corrupt("unknown tagged entry flags");
        if (end < previous_end) return Corrupt("tagged offsets decrease");
        if ((e[2] & 1) != 0 && end - previous_end != kLongValueRefSize) {
            return Corrupt("separated tagged value is not a long-value reference");
        }
        previous_id = id;
        previous_end = end;
    }
    pos += 8 * std::size_t{tag_count};
    if (record.size() - pos != previous_end) {
        return Corrupt(record.size() - pos < previous_end ? "truncated tagged data" : "trailing bytes");
    }
    view.tags_ = tags;
    view.tag_data_ = record.data() + pos;
    view.tag_count_ = tag_count;
    view.record_ = record;
    *this = view;
    return Status::Ok();
}

std::uint32_t RecordView::TagEnd(std::uint32_t i) const { return Load32(tags_ + 8 * std::size_t{i} + 4); }

ColumnValue RecordView::TagValue(std::uint32_t i) const {
    const std::uint32_t begin = i == 0 ? 0 : TagEnd(i - 1);
    const bool separated = (tags_[8 * std::size_t{i} + 2] & 1) != 0;
    return {std::string_view(tag_data_ + begin, TagEnd(i) - begin), separated};
}

std::uint32_t RecordView::TagLowerBound(ColumnId id) const {
    std::uint32_t lo = 0;
    std::uint32_t hi = tag_count_;
    while (lo < hi) {
        const std::uint32_t mid = lo + (hi - lo) / 2;
        if (TagId(mid) < id) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

Presence RecordView::Find(ColumnId id, std::uint32_t itag, ColumnValue* value) const {
    if (itag == 0) return Presence::kNull;
    const SlotArea* area = nullptr;
    std::uint32_t slot = 0;
    switch (KindOf(id)) {
        case ColumnKind::kFixed:
            area = &fixed_;
            slot = id - kFirstFixedColumn;
            break;
        case ColumnKind::kVariable:
            area = &var_;
            slot = id - kFirstVariableColumn;
            break;
        case ColumnKind::kTagged: {
            const std::uint32_t first = TagLowerBound(id);
            if (itag > tag_count_ - first) return Presence::kNull;
            const std::uint32_t i = first + (itag - 1);
            if (TagId(i) != id) return Presence::kNull;
            if (value != nullptr) *value = TagValue(i);
            return Presence::kValue;
        }
        case ColumnKind::kInvalid:
            return Presence::kNull;
    }
    if (itag != 1 || slot >= area->count || area->IsNull(slot)) return Presence::kNull;
    if (value != nullptr) *value = area->Value(slot);
    return Presence::kValue;
}

std::uint32_t RecordView::CountValues(ColumnId id) const {
    switch (KindOf(id)) {
        case ColumnKind::kFixed:
        case ColumnKind::kVariable:
            return Find(id, 1, nullptr) == Presence::kValue ? 1 : 0;
        case ColumnKind::kTagged: {
            std::uint32_t i = TagLowerBound(id);
            const std::uint32_t first = i;
            while (i < tag_count_ && TagId(i) == id) ++i;
            return i - first;
        }
        case ColumnKind::kInvalid:
            break;
    }
    return 0;
}

bool RecordView::IsZeroLength(ColumnId id, std::uint32_t itag) const {
    ColumnValue value;
    return Find(id, itag, &value) == Presence::kValue && value.IsZeroLength();
}

void RecordView::Iterator::Settle() {
    if (view_ == nullptr) return;
    const std::uint32_t fixed = view_->fixed_.count;
    const std::uint32_t var = view_->var_.count;
    for (; pos_ < fixed; ++pos_) {
        if (!view_->fixed_.IsNull(pos_)) {
            entry_ = {kFirstFixedColumn + pos_, 1, view_->fixed_.Value(pos_)};
            return;
        }
    }
    for (; pos_ < fixed + var; ++pos_) {
        const std::uint32_t slot = pos_ - fixed;
        if (!view_->var_.IsNull(slot)) {
            entry_ = {kFirstVariableColumn + slot, 1, view_->var_.Value(slot)};
            return;
        }
    }
    const std::uint32_t tag = pos_ - fixed - var;
    if (tag < view_->tag_count_) {
        const ColumnId id = view_->TagId(tag);
        const bool continues = tag > 0 && entry_.id == id && view_->TagId(tag - 1) == id;
        entry_ = {id, continues ? entry_.itag + 1 : 1, view_->TagValue(tag)};
    }
}

// ---- RecordBuilder ---------------------------------------------------------------------------

void RecordBuilder::Clear() {
    fixed_.clear();
    var_.clear();
    tags_.clear();
    tag_bytes_ = 0;
}

void RecordBuilder::Assign(const RecordView& view) {
    Clear();
    auto load = [](const RecordView::SlotArea& area, std::vector<Slot>* slots) {
        slots->resize(area.count);
        for (std::uint32_t i = 0; i < area.count; ++i) {
            if (area.IsNull(i)) continue;
            const ColumnValue v = area.Value(i);
            (*slots)[i] = {v.bytes, v.separated ? kSeparated : kInline};
        }
    };
    load(view.fixed_, &fixed_);
    load(view.var_, &var_);
    tags_.reserve(view.tag_count_);
    for (std::uint32_t i = 0; i < view.tag_count_; ++i) {
        tags_.push_back({static_cast<std::uint16_t>(view.TagId(i)), view.TagValue(i)});
    }
    tag_bytes_ = view.tag_count_ == 0 ? 0 : view.TagEnd(view.tag_count_ - 1);
}

std::pair<std::size_t, std::size_t> RecordBuilder::TagRange(ColumnId id) const {
    auto less = [](const Tag& t, ColumnId x) { return t.id < x; };
    auto first = std::lower_bound(tags_.begin(), tags_.end(), id, less);
    auto last = first;
    while (last != tags_.end() && last->id == id) ++last;
    return {static_cast<std::size_t>(first - tags_.begin()), static_cast<std::size_t>(last - tags_.begin())};
}

Status RecordBuilder::Set(ColumnId id, std::uint32_t itag, ColumnValue value) {
    const ColumnKind kind = KindOf(id);
    if (kind == ColumnKind::kInvalid) return Status::Error(Code::kInvalidArgument, "record: invalid column id");
    if (value.separated && value.bytes.size() != kLongValueRefSize) {
        return Status::Error(Code::kInvalidArgument, "record: separated value is not a long-value reference");
    }
    if (kind != ColumnKind::kTagged) {
        if (itag > 1) return Status::Error(Code::kInvalidArgument, "record: itag > 1 on a single-valued column");
        if (value.bytes.size() > kMaxSlotValueSize) {
            return Status::Error(Code::kTooLarge, "record: fixed or variable value over 255 bytes");
        }
        std::vector<Slot>& slots = kind == ColumnKind::kFixed ? fixed_ : var_;
        const std::size_t slot = id - (kind == ColumnKind::kFixed ? kFirstFixedColumn : kFirstVariableColumn);
        if (slots.size() <= slot) slots.resize(slot + 1);
        slots[slot] = {value.bytes, value.separated ? kSeparated : kInline};
        return Status::Ok();
    }
    const auto [first, last] = TagRange(id);
    const std::size_t count = last - first;
    const bool replace = itag >= 1 && itag <= count;
    const std::uint64_t removed = replace ? tags_[first + itag - 1].value.bytes.size() : 0;
    const std::uint64_t total = tag_bytes_ - removed + value.bytes.size();
    if (total > std::numeric_limits<std::uint32_t>::max()) {
        return Status::Error(Code::kTooLarge, "record: tagged data over 4 GiB");
    }
    if (replace) {
        tags_[first + itag - 1].value = value;
    } else {
        tags_.insert(tags_.begin() + static_cast<std::ptrdiff_t>(last), Tag{static_cast<std::uint16_t>(id), value});
    }
    tag_bytes_ = total;
    return Status::Ok();
}

Status RecordBuilder::SetNull(ColumnId id, std::uint32_t itag) {
    const ColumnKind kind = KindOf(id);
    if (kind == ColumnKind::kInvalid) return Status::Error(Code::kInvalidArgument, "record: invalid column id");
    if (kind != ColumnKind::kTagged) {
        if (itag > 1) return Status::Error(Code::kInvalidArgument, "record: itag > 1 on a single-valued column");
        std::vector<Slot>& slots = kind == ColumnKind::kFixed ? fixed_ : var_;
        const std::size_t slot = id - (kind == ColumnKind::kFixed ? kFirstFixedColumn : kFirstVariableColumn);
        if (slot < slots.size()) slots[slot] = Slot{};
        return Status::Ok();
    }
    const auto [first, last] = TagRange(id);
    std::size_t erase_first = first;
    std::size_t erase_last = last;
    if (itag != 0) {
        if (itag > last - first) return Status::Ok();
        erase_first = first + itag - 1;
        erase_last = erase_first + 1;
    }
    for (std::size_t i = erase_first; i < erase_last; ++i) tag_bytes_ -= tags_[i].value.bytes.size();
    tags_.erase(tags_.begin() + static_cast<std::ptrdiff_t>(erase_first),
                tags_.begin() + static_cast<std::ptrdiff_t>(erase_last));
    return Status::Ok();
}

std::uint32_t RecordBuilder::CountValues(ColumnId id) const {
    const ColumnKind kind = KindOf(id);
    if (kind == ColumnKind::kTagged) {
        const auto [first, last] = TagRange(id);
        return static_cast<std::uint32_t>(last - first);
    }
    if (kind == ColumnKind::kInvalid) return 0;
    const std::vector<Slot>& slots = kind == ColumnKind::kFixed ? fixed_ : var_;
    const std::size_t slot = id - (kind == ColumnKind::kFixed ? kFirstFixedColumn : kFirstVariableColumn);
    return slot < slots.size() && slots[slot].state != kAbsent ? 1 : 0;
}

std::uint32_t RecordBuilder::UsedSlots(const std::vector<Slot>& slots) {
    std::size_t used = slots.size();
    while (used > 0 && slots[used - 1].state == kAbsent) --used;
    return static_cast<std::uint32_t>(used);
}

std::size_t RecordBuilder::SlotAreaSize(const std::vector<Slot>& slots, std::uint32_t used) {
    if (used == 0) return 0;
    std::size_t size = 2 * BitmapSize(used) + 2 * std::size_t{used};
    for (std::uint32_t i = 0; i < used; ++i) size += slots[i].bytes.size();
    return size;
}

char* RecordBuilder::WriteSlotArea(const std::vector<Slot>& slots, std::uint32_t used, char* out) {
    if (used == 0) return out;
    const std::size_t bitmap = BitmapSize(used);
    char* null_bits = out;
    char* sep_bits = out + bitmap;
    std::memset(out, 0, 2 * bitmap);
    char* ends = out + 2 * bitmap;
    char* data = ends + 2 * std::size_t{used};
    std::uint32_t end = 0;
    for (std::uint32_t i = 0; i < used; ++i) {
        const Slot& slot = slots[i];
        const char bit = static_cast<char>(1 << (i & 7));
        if (slot.state == kAbsent) {
            null_bits[i >> 3] = static_cast<char>(null_bits[i >> 3] | bit);
        } else {
            if (slot.state == kSeparated) sep_bits[i >> 3] = static_cast<char>(sep_bits[i >> 3] | bit);
            if (!slot.bytes.empty()) std::memcpy(data + end, slot.bytes.data(), slot.bytes.size());
            end += static_cast<std::uint32_t>(slot.bytes.size());
        }
        ends = Store16(ends, end);
    }
    return data + end;
}

std::size_t RecordBuilder::EncodedSize() const {
    return kRecordHeaderSize + SlotAreaSize(fixed_, UsedSlots(fixed_)) + SlotAreaSize(var_, UsedSlots(var_)) +
           8 * tags_.size() + tag_bytes_;
}

std::string RecordBuilder::Build() const {
    std::string out;
    BuildInto(&out);
    return out;
}

void RecordBuilder::BuildInto(std::string* out) const {
    const std::uint32_t fixed_used = UsedSlots(fixed_);
    const std::uint32_t var_used = UsedSlots(var_);
    const std::size_t size = kRecordHeaderSize + SlotAreaSize(fixed_, fixed_used) + SlotAreaSize(var_, var_used) +
                             8 * tags_.size() + tag_bytes_;
    out->resize(size);
    char* p = out->data();
    p[0] = static_cast<char>(kRecordFormatVersion);
    p[1] = static_cast<char>(fixed_used);
    p[2] = static_cast<char>(var_used);
    p[3] = 0;
    p = Store32(p + 4, static_cast<std::uint32_t>(tags_.size()));
    p = WriteSlotArea(fixed_, fixed_used, p);
    p = WriteSlotArea(var_, var_used, p);
    char* data = p + 8 * tags_.size();
    std::uint32_t end = 0;
    for (const Tag& tag : tags_) {
        p = Store16(p, tag.id);
        *p++ = tag.value.separated ? 1 : 0;
        *p++ = 0;
        if (!tag.value.bytes.empty()) std::memcpy(data + end, tag.value.bytes.data(), tag.value.bytes.size());
        end += static_cast<std::uint32_t>(tag.value.bytes.size());
        p = Store32(p, end);
    }
}

Status EditRecord(std::string* record, ColumnId id, std::uint32_t itag, const ColumnValue* value) {
    RecordView view;
    if (!record->empty()) {
        if (Status s = view.Parse(*record); !s.ok()) return s;
    }
    RecordBuilder builder;
    builder.Assign(view);
    Status s = value != nullptr ? builder.Set(id, itag, *value) : builder.SetNull(id, itag);
    if (!s.ok()) return s;
    std::string rebuilt;
    builder.BuildInto(&rebuilt);
    record->swap(rebuilt);
    return Status::Ok();
}

}  // namespace jetstore::storage
