// Helpers shared by the table calls: cursors and open databases of a session, primary and
// secondary keys, autoincrement, long values stored apart, positions within index ranges.
#include "engine/table_common.h"


#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <unordered_map>
#include <atomic>

namespace jetstore::engine {

OpenDatabase* OpenDbOf(SessionData* d, JET_DBID dbid) {
    if (d == nullptr) return nullptr;
    auto it = d->dbs.find(dbid);
    return it == d->dbs.end() || it->second.open_count <= 0 ? nullptr : &it->second;
}

Cursor* CursorOf(SessionData* d, JET_TABLEID tableid) {
    if (d == nullptr) return nullptr;
    auto it = d->cursors.find(tableid);
    return it == d->cursors.end() ? nullptr : it->second.get();
}

// The storage key of a record with the given record bytes, for `table`'s primary index.
JET_ERR PrimaryKeyOf(const TableDef& t, const RecordView& view, std::uint64_t sequential, std::string* key) {
    *key = ObjectPrefix(t.objid);
    const IndexDef* primary = t.PrimaryIndex();
    if (primary == nullptr) {
        key->append(Be64(sequential));
        return JET_errSuccess;
    }
    storage::KeyBuilder kb(primary->key_most);
    for (const IndexSegment& seg : primary->segments) {
        const ColumnDef* c = t.FindColumn(seg.columnid);
        if (c == nullptr) return JET_errIndexInvalidDef;
        storage::ColumnValue v;
        const storage::SegmentSpec spec = SpecOf(*c, seg.descending);
        storage::Status s;
        if (view.Find(c->columnid, 1, &v) == storage::Presence::kValue) {
            s = kb.AppendValue(spec, v.bytes);
        } else if (c->default_value.has_value()) {
            s = kb.AppendValue(spec, *c->default_value);
        } else {
            // [esent] a NULL key column of a DisallowNull index (secondary indexes alike).
            if ((primary->grbit & JET_bitIndexDisallowNull) != 0) return JET_errNullKeyDisallowed;
            s = kb.AppendNull(spec);
        }
        if (!s.ok()) return JET_errInvalidParameter;
    }
    if (kb.truncated() && (primary->grbit & JET_bitIndexDisallowTruncation) != 0) return JET_errKeyTruncated;
    key->append(kb.key());
    return JET_errSuccess;
}

// ---- secondary indexes -----------------------------------------------------------------------
//
// An entry of secondary index X of a record with primary key P (the record's storage key without
// the table's object-id prefix) is stored under [X objid][normalized key][P] with value P: so
// entries of equal keys stay distinct and sort by primary key, as esent's do. Normalized keys are
// prefix-free segment by segment (key_codec.h), so an entry whose key starts with a full key K
// has key K.

// The current index of `c` when it is a secondary one; nullptr for the clustered index.
const IndexDef* SecondaryOf(const Cursor& c) {
    return c.index_name.empty() ? nullptr : c.table.FindIndex(c.index_name);
}

// The object id whose keys the cursor walks.
std::uint32_t NavObjid(const Cursor& c) {
    const IndexDef* x = SecondaryOf(c);
    return x != nullptr ? x->objid : c.table.objid;
}

// The index a key is made for: the current secondary one, else the primary (or none).
const IndexDef* KeyIndexOf(const Cursor& c) {
    const IndexDef* x = SecondaryOf(c);
    return x != nullptr ? x : c.table.PrimaryIndex();
}

// The normalized keys of `record` in secondary index `x` (one per value of its first
// multi-valued column, else one), after esent's NULL rules. JET_errNullKeyDisallowed for
// JET_bitIndexDisallowNull with a NULL segment.
LongValueFetch FetchThrough(CallView& view, const TableDef& t) {
    return [&view, &t](std::string_view ref, std::string* value) { return FetchLongValue(view, t, ref, value); };
}

JET_ERR SecondaryKeysOf(const TableDef& t, const IndexDef& x, const std::string& record, std::vector<std::string>* out,
                        std::uint32_t only_itag, const LongValueFetch* fetch) {
    out->clear();
    RecordView view;
    if (!view.Parse(record).ok()) return JET_errDatabaseCorrupted;
    // Which segment (if any) fans out over a multi-valued column's values.
    std::size_t fan = x.segments.size();
    std::uint32_t fan_values = 1;
    for (std::size_t i = 0; i < x.segments.size(); ++i) {
        const ColumnDef* c = t.FindColumn(x.segments[i].columnid);
        if (c != nullptr && (c->grbit & JET_bitColumnMultiValued) != 0) {
            fan = i;
            fan_values = std::max<std::uint32_t>(1, view.CountValues(c->columnid));
            break;
        }
    }
    for (std::uint32_t itag = 1; itag <= fan_values; ++itag) {
        // An index over no multi-valued column has one entry per record, whatever only_itag says.
        if (only_itag != 0 && fan < x.segments.size() && itag != only_itag) continue;
        storage::KeyBuilder kb(x.key_most);
        std::size_t nulls = 0;
        bool first_null = false;
        for (std::size_t i = 0; i < x.segments.size(); ++i) {
            const ColumnDef* c = t.FindColumn(x.segments[i].columnid);
            if (c == nullptr) return JET_errIndexInvalidDef;
            const storage::SegmentSpec spec = SpecOf(*c, x.segments[i].descending);
            storage::ColumnValue v;
            storage::Status st;
            const std::uint32_t tag = i == fan ? itag : 1;
            if (view.Find(c->columnid, tag, &v) == storage::Presence::kValue) {
                std::string long_value;
                std::string_view bytes = v.bytes;
                if (v.separated) {
                    // A long value stored apart: its first bytes make the key (the key builder
                    // truncates it to the index's key size).
                    if (fetch == nullptr) return JET_errIndexInvalidDef;
                    const JET_ERR err = (*fetch)(v.bytes, &long_value);
                    if (err < 0) return err;
                    bytes = long_value;
                }
                st = kb.AppendValue(spec, bytes);
            } else if (tag == 1 && c->default_value.has_value()) {
                st = kb.AppendValue(spec, *c->default_value);
            } else {
                ++nulls;
                if (i == 0) first_null = true;
                st = kb.AppendNull(spec);
            }
            if (!st.ok()) return JET_errInvalidParameter;
        }
        if (nulls > 0 && (x.grbit & JET_bitIndexDisallowNull) != 0) return JET_errNullKeyDisallowed;
        if (nulls == x.segments.size() && (x.grbit & JET_bitIndexIgnoreNull) != 0) continue;
        if (nulls > 0 && (x.grbit & JET_bitIndexIgnoreAnyNull) != 0) continue;
        if (first_null && (x.grbit & JET_bitIndexIgnoreFirstNull) != 0) continue;
        if (kb.truncated() && (x.grbit & JET_bitIndexDisallowTruncation) != 0) return JET_errKeyTruncated;
        std::string k(kb.key());
        if (std::find(out->begin(), out->end(), k) == out->end()) out->push_back(std::move(k));
    }
    return JET_errSuccess;
}

// Brings every secondary index of `t` from `before` to `after` (either may be null: an insert or a
// delete) for the record with primary key `pk`. JET_errKeyDuplicate for a unique index.
JET_ERR MaintainSecondaryIndexes(CallView& view, const TableDef& t, const std::string* before, const std::string* after,
                                 std::string_view pk) {
    const LongValueFetch fetch = FetchThrough(view, t);
    for (const IndexDef& x : t.indexes) {
        if (x.primary()) continue;
        std::vector<std::string> old_keys;
        std::vector<std::string> new_keys;
        JET_ERR err = before != nullptr ? SecondaryKeysOf(t, x, *before, &old_keys, 0, &fetch) : JET_errSuccess;
        if (err >= 0 && after != nullptr) err = SecondaryKeysOf(t, x, *after, &new_keys, 0, &fetch);
        if (err < 0) return err;
        const std::string prefix = ObjectPrefix(x.objid);
        for (const std::string& k : old_keys) {
            if (std::find(new_keys.begin(), new_keys.end(), k) == new_keys.end()) {
                view.writes().Delete(prefix + k + std::string(pk));
            }
        }
        for (const std::string& k : new_keys) {
            if (std::find(old_keys.begin(), old_keys.end(), k) != old_keys.end()) continue;
            if ((x.grbit & JET_bitIndexUnique) != 0) {
                const std::string block = prefix + k;
                auto it = view.Iterator();
                const storage::Status st = it->SeekGE(block);
                if (!st.ok()) return FromStorage(st, JET_errDiskIO);
                if (it->Valid() && HasPrefix(it->key(), block) && it->value() != pk) return JET_errKeyDuplicate;
                // Two transactions inserting the same unique key: the second one loses at once.
                err = view.Lock(block);
                if (err < 0) return JET_errKeyDuplicate;
            }
            err = view.Reserve(prefix.size() + k.size() + 2 * pk.size());
            if (err < 0) return err;
            view.writes().Put(prefix + k + std::string(pk), pk);
        }
    }
    return JET_errSuccess;
}

// Next value of a per-table counter (the implicit sequential key, or an autoincrement column),
// starting above the largest value the view shows.
std::uint64_t NextCounter(AttachedDatabase& db, std::uint64_t counter_id, const std::function<std::uint64_t()>& scan) {
    MutexLock lock(&db.counters_mu);
    auto it = db.counters.find(counter_id);
    if (it == db.counters.end()) it = db.counters.emplace(counter_id, scan() + 1).first;
    return it->second++;
}

// ---- column values ---------------------------------------------------------------------------

JET_ERR CheckValueSize(const ColumnDef& c, std::size_t n) {
    const std::uint32_t fixed = FixedSize(c.coltyp);
    if (fixed != 0) return n == fixed ? JET_errSuccess : JET_errInvalidBufferSize;
    const std::uint32_t most = c.cbMax != 0 ? c.cbMax : (IsLong(c.coltyp) ? 0x7FFFFFFFu : JET_cbColumnMost);
    return n <= most ? JET_errSuccess : JET_errColumnTooBig;
}

// Autoincrement values of an insert: the next value, in the column's type.
JET_ERR AssignAutoincrement(CallView& view, AttachedDatabase& db, const TableDef& t, std::string* record) {
    for (const ColumnDef& c : t.columns) {
        if ((c.grbit & JET_bitColumnAutoincrement) == 0) continue;
        const std::uint64_t counter_id = (static_cast<std::uint64_t>(t.objid) << 32) | c.columnid;
        const std::uint64_t v = NextCounter(db, counter_id, [&] {
            std::uint64_t max = 0;
            auto it = view.Iterator();
            const std::string prefix = ObjectPrefix(t.objid);
            for (storage::Status s = it->SeekGE(prefix); s.ok() && it->Valid() && HasPrefix(it->key(), prefix);
                 s = it->Next()) {
                RecordView r;
                storage::ColumnValue cv;
                if (!r.Parse(it->value()).ok() || r.Find(c.columnid, 1, &cv) != storage::Presence::kValue) continue;
                std::uint64_t x = 0;
                std::memcpy(&x, cv.bytes.data(), std::min<std::size_t>(8, cv.bytes.size()));
                max = std::max(max, x);
            }
            return max;
        });
        char bytes[8];
        std::memcpy(bytes, &v, 8);
        const storage::ColumnValue value{std::string_view(bytes, FixedSize(c.coltyp)), false};
        if (!storage::EditRecord(record, c.columnid, 1, &value).ok()) return JET_errInvalidParameter;
    }
    return JET_errSuccess;
}

// ---- long values -----------------------------------------------------------------------------
//
// A value of a LongText / LongBinary column longer than kSeparateAbove bytes is stored apart,
// under [table lv objid][lvid] (lvid: 8 bytes, big-endian, from a per-table counter), and the
// record holds a 12-byte reference to it (record_codec.h). JetUpdate separates; JetDelete and a
// replace that drops or changes the value delete the old long value.
constexpr std::size_t kSeparateAbove = 1024;

std::string LongValueKey(const TableDef& t, std::uint64_t lvid) { return ObjectPrefix(t.lv_objid) + Be64(lvid); }

JET_ERR FetchLongValue(CallView& view, const TableDef& t, std::string_view encoded_ref, std::string* out) {
    storage::LongValueRef ref;
    if (!storage::DecodeLongValueRef(encoded_ref, &ref).ok()) return JET_errDatabaseCorrupted;
    bool found = false;
    const JET_ERR err = view.Get(LongValueKey(t, ref.lvid), out, &found);
    if (err < 0) return err;
    return found && out->size() == ref.total_size ? JET_errSuccess : JET_errDatabaseCorrupted;
}

// The lvids a record refers to.
std::vector<std::uint64_t> LongValueIds(const RecordView& rv) {
    std::vector<std::uint64_t> ids;
    for (const auto& e : rv) {
        storage::LongValueRef ref;
        if (e.value.separated && storage::DecodeLongValueRef(e.value.bytes, &ref).ok()) ids.push_back(ref.lvid);
    }
    return ids;
}

// Stores every large inline long value of `record` apart and puts references in its place.
JET_ERR SeparateLongValues(CallView& view, AttachedDatabase& db, const TableDef& t, std::string* record) {
    if (record->size() <= kSeparateAbove) return JET_errSuccess;  // no value in it can be over the limit
    struct Move {
        JET_COLUMNID id;
        std::uint32_t itag;
    };
    std::vector<Move> moves;
    {
        RecordView rv;
        if (!rv.Parse(*record).ok()) return JET_errDatabaseCorrupted;
        for (const auto& e : rv) {
            const ColumnDef* col = t.FindColumn(static_cast<JET_COLUMNID>(e.id));
            if (col != nullptr && IsLong(col->coltyp) && !e.value.separated && e.value.bytes.size() > kSeparateAbove) {
                moves.push_back({static_cast<JET_COLUMNID>(e.id), e.itag});
            }
        }
    }
    for (const Move& m : moves) {
        RecordView rv;
        if (!rv.Parse(*record).ok()) return JET_errDatabaseCorrupted;
        storage::ColumnValue v;
        if (rv.Find(m.id, m.itag, &v) != storage::Presence::kValue) continue;
        const std::uint64_t counter = (static_cast<std::uint64_t>(t.lv_objid) << 32) | 0xFFFFFFFFu;
        const std::uint64_t lvid = NextCounter(db, counter, [&] {
            auto it = view.Iterator();
            const std::string prefix = ObjectPrefix(t.lv_objid);
            if (!it->SeekLE(ObjectPrefix(t.lv_objid + 1)).ok() || !it->Valid() || !HasPrefix(it->key(), prefix)) {
                return std::uint64_t{0};
            }
            return FromBe64(it->key().substr(prefix.size()));
        });
        const std::string bytes(v.bytes);
        JET_ERR err = view.Reserve(bytes.size() + 12);
        if (err < 0) return err;
        view.writes().Put(LongValueKey(t, lvid), bytes);
        const auto ref = storage::EncodeLongValueRef({lvid, static_cast<std::uint32_t>(bytes.size())});
        const storage::ColumnValue refv{std::string_view(ref.data(), ref.size()), true};
        if (!storage::EditRecord(record, m.id, m.itag, &refv).ok()) return JET_errInvalidParameter;
    }
    return JET_errSuccess;
}

// Deletes the long values `before` refers to and `after` (if any) does not.
void DropLongValues(CallView& view, const TableDef& t, const std::string& before, const std::string* after) {
    RecordView rb;
    if (!rb.Parse(before).ok()) return;
    std::vector<std::uint64_t> keep;
    RecordView ra;
    if (after != nullptr && ra.Parse(*after).ok()) keep = LongValueIds(ra);
    for (const std::uint64_t lvid : LongValueIds(rb)) {
        if (std::find(keep.begin(), keep.end(), lvid) == keep.end()) view.writes().Delete(LongValueKey(t, lvid));
    }
}

// Replaces every separated value of `record` by its bytes (a copy that must not share them).
JET_ERR InlineLongValues(CallView& view, const TableDef& t, std::string* record) {
    for (;;) {
        RecordView rv;
        if (!rv.Parse(*record).ok()) return JET_errDatabaseCorrupted;
        JET_COLUMNID id = 0;
        std::uint32_t itag = 0;
        std::string ref;
        for (const auto& e : rv) {
            if (e.value.separated) {
                id = static_cast<JET_COLUMNID>(e.id);
                itag = e.itag;
                ref.assign(e.value.bytes);
                break;
            }
        }
        if (id == 0) return JET_errSuccess;
        std::string bytes;
        const JET_ERR err = FetchLongValue(view, t, ref, &bytes);
        if (err < 0) return err;
        const storage::ColumnValue v{bytes, false};
        if (!storage::EditRecord(record, id, itag, &v).ok()) return JET_errInvalidParameter;
    }
}


namespace {

// An iterator whose every call fails with the error a snapshot could not be taken with.
class FailedKvIterator final : public storage::KvIterator {
public:
    explicit FailedKvIterator(JET_ERR err) : err_(err) {}
    bool Valid() const override { return false; }
    std::string_view key() const override { return {}; }
    std::string_view value() const override { return {}; }
    storage::Status First() override { return Fail(); }
    storage::Status Last() override { return Fail(); }
    storage::Status SeekGE(std::string_view) override { return Fail(); }
    storage::Status SeekLE(std::string_view) override { return Fail(); }
    storage::Status Next() override { return Fail(); }
    storage::Status Prev() override { return Fail(); }

private:
    storage::Status Fail() const {
        return storage::Status::Error(err_ == JET_errOutOfMemory ? storage::Code::kOutOfMemory : storage::Code::kIoError,
                                      "no snapshot");
    }
    JET_ERR err_;
};

// Tableids are unique in the process (never reused), so another session's is never one of ours.
std::atomic<JET_TABLEID> g_next_tableid{1};

}  // namespace

JET_ERR NewCursor(CallGuard& g, SessionData& d, JET_DBID dbid, TableDef table, bool read_only, JET_TABLEID* out,
                  bool deny_read, bool deny_write) {
    auto c = std::make_unique<Cursor>();
    c->tableid = g_next_tableid.fetch_add(1, std::memory_order_relaxed);
    c->dbid = dbid;
    c->table = std::move(table);
    c->level_opened = LevelOf(g);
    c->read_only = read_only;
    // A cursor on an attached database's table counts in its TableOpens (a temporary table's
    // database keeps none).
    const OpenDatabase* odb = OpenDbOf(&d, dbid);
    if (odb != nullptr && odb->db->opens != nullptr) {
        const JET_ERR err = AcquireTableOpen(odb->db->opens, c->table.objid, g.sesid(), deny_read, deny_write,
                                             !read_only, &c->open);
        if (err < 0) {
            *out = JET_tableidNil;
            return err;
        }
    }
    *out = c->tableid;
    d.cursors.emplace(c->tableid, std::move(c));
    return JET_errSuccess;
}

std::unique_ptr<storage::KvIterator> CallView::FailedIterator(JET_ERR err) {
    return std::make_unique<FailedKvIterator>(err);
}

JET_ERR LoadTableIn(CallView& view, std::string_view name, TableDef* t) {
    auto it = view.Iterator();
    return LoadTable(*it, name, t);
}


JET_ERR CurrentRecord(CallView& view, Cursor& c, std::string* record) {
    if (c.position != Position::kOnRecord) return JET_errNoCurrentRecord;
    if (view.CachedRecord(c)) {
        *record = c.record_cache;
        return JET_errSuccess;
    }
    bool found = false;
    const JET_ERR err = view.Get(c.record_key, record, &found);
    if (err < 0) return err;
    if (!found) return JET_errRecordDeleted;
    view.CacheRecord(c, *record);
    return JET_errSuccess;
}

JET_ERR Resolve(CallGuard& g, JET_TABLEID tableid, CursorContext* ctx) {
    ctx->d = DataIfAny(g);
    if (ctx->d != nullptr && ctx->d->resolved.tableid == tableid && tableid != JET_tableidNil) {
        ctx->c = ctx->d->resolved.cursor;
        ctx->odb = ctx->d->resolved.odb;
        return JET_errSuccess;
    }
    ctx->c = CursorOf(ctx->d, tableid);
    if (ctx->c == nullptr) return JET_errInvalidTableId;
    ctx->odb = OpenDbOf(ctx->d, ctx->c->dbid);
    if (ctx->odb == nullptr) return JET_errInvalidDatabaseId;
    ctx->d->resolved = SessionData::Resolved{tableid, ctx->c, ctx->odb};
    return JET_errSuccess;
}

// Whether `entry` lies within the cursor's index range (true when there is none). Entries that
// start with the limit key compare equal to it (the key block).
bool InRange(const Cursor& c, std::string_view entry) {
    if (!c.has_range) return true;
    const bool in_block = HasPrefix(entry, c.range_target);
    if (c.range_upper) return in_block ? c.range_inclusive : entry < c.range_target;
    return in_block ? c.range_inclusive : entry > c.range_target;
}

// Stands the cursor on the index entry `it` is on (its record: the entry itself for the clustered
// index, the primary key the entry holds for a secondary one).
void StandOn(Cursor& c, storage::KvIterator& it, CallView& view) {
    c.position = Position::kOnRecord;
    c.entry_key.assign(it.key());
    c.cache_valid = false;
    if (SecondaryOf(c) != nullptr) {
        c.record_key = ObjectPrefix(c.table.objid);
        c.record_key.append(it.value());
    } else {
        c.record_key = c.entry_key;
        view.CacheRecord(c, it.value());  // the clustered entry is the record
    }
    c.current_deleted = false;
}

JET_ERR AssignColumnId(TableDef& t, ColumnDef& col) {
    const bool tagged = (col.grbit & (JET_bitColumnTagged | JET_bitColumnMultiValued)) != 0 || IsLong(col.coltyp);
    if (tagged) {
        if (t.next_tagged > storage::kLastTaggedColumn) return JET_errTooManyColumns;
        col.columnid = t.next_tagged++;
    } else if (FixedSize(col.coltyp) != 0 || (col.grbit & JET_bitColumnFixed) != 0) {
        if (FixedSize(col.coltyp) == 0) return JET_errInvalidParameter;
        if (t.next_fixed > storage::kLastFixedColumn) return JET_errTooManyColumns;
        col.columnid = t.next_fixed++;
    } else {
        if (t.next_variable > storage::kLastVariableColumn) return JET_errTooManyColumns;
        col.columnid = t.next_variable++;
    }
    if (col.cbMax == 0 && FixedSize(col.coltyp) != 0) col.cbMax = FixedSize(col.coltyp);
    return JET_errSuccess;
}

}  // namespace jetstore::engine
