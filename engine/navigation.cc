// Navigation over a table's indexes: move, make key, seek, index ranges, bookmarks, the current
// index, and cursor and position info.
#include "engine/navigation.h"

#include "engine/table_common.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iterator>
#include <unordered_map>

namespace jetstore::engine {

namespace {

// Positions `c` from `it` when it stands on a record of the table; else off the end.
JET_ERR Land(Cursor& c, storage::KvIterator& it, bool forward, CallView& view) {
    const std::string prefix = ObjectPrefix(NavObjid(c));
    if (it.Valid() && HasPrefix(it.key(), prefix)) {
        if (InRange(c, it.key())) {
            StandOn(c, it, view);
            return JET_errSuccess;
        }
        c.has_range = false;  // [esent] falling off an index range drops it
    }
    c.position = forward ? Position::kAfterLast : Position::kBeforeFirst;
    return JET_errNoCurrentRecord;
}

JET_ERR StepOnce(Cursor& c, storage::KvIterator& it, bool forward, CallView& view) {
    const std::string prefix = ObjectPrefix(NavObjid(c));
    storage::Status s;
    if (forward) {
        if (c.position == Position::kAfterLast) return JET_errNoCurrentRecord;
        if (c.position == Position::kBeforeFirst) {
            s = it.SeekGE(prefix);
        } else if (it.Valid() && it.key() == c.entry_key) {
            s = it.Next();  // the kept iterator stands on the current entry: step
        } else {
            std::string after = c.entry_key;
            after.push_back('\0');
            s = it.SeekGE(after);
        }
    } else {
        if (c.position == Position::kBeforeFirst) return JET_errNoCurrentRecord;
        if (c.position == Position::kAfterLast) {
            s = it.SeekLE(ObjectPrefix(NavObjid(c) + 1));
        } else if (it.Valid() && it.key() == c.entry_key) {
            s = it.Prev();
        } else {
            s = it.SeekLE(c.entry_key);
            if (s.ok() && it.Valid() && it.key() == c.entry_key) s = it.Prev();
        }
    }
    if (!s.ok()) return FromStorage(s, JET_errDiskIO);
    return Land(c, it, forward, view);
}

}  // namespace

JET_ERR Move(JET_SESID sesid, JET_TABLEID tableid, JET_LONG crow, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    return MoveIn(g, x, crow, grbit);
}

JET_ERR StandOnFirstIn(CallGuard& g, CursorContext& x) {
    const JET_ERR err = MoveIn(g, x, JET_MoveFirst, 0);
    return err == JET_errNoCurrentRecord ? JET_errSuccess : err;
}

JET_ERR MoveIn(CallGuard& g, CursorContext& x, JET_LONG crow, JET_GRBIT grbit) {
    JET_ERR err = JET_errSuccess;
    if ((grbit & ~static_cast<JET_GRBIT>(JET_bitMoveKeyNE)) != 0) return JET_errInvalidGrbit;
    Cursor& c = *x.c;
    if (c.update.active && c.update.kind != JET_prepInsert) c.update = PreparedUpdate{};
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    storage::KvIterator* it = &view.NavIterator(c, NavObjid(c));
    if (crow == JET_MoveFirst || crow == static_cast<JET_LONG>(0x80000000UL) || crow == JET_MoveLast) {
        c.has_range = false;  // [esent] moving to either end cancels an index range
    }
    if (crow == JET_MoveFirst || crow == static_cast<JET_LONG>(0x80000000UL)) {
        c.position = Position::kBeforeFirst;
        err = StepOnce(c, *it, true, view);
    } else if (crow == JET_MoveLast) {
        c.position = Position::kAfterLast;
        err = StepOnce(c, *it, false, view);
    } else {
        const bool forward = crow > 0;
        for (JET_LONG n = crow > 0 ? crow : -crow; n > 0 && err >= 0; --n) {
            // JET_bitMoveKeyNE: [esent] skip the entries with the current key (a secondary entry's
            // key is its index key without the primary key that ends it).
            std::string current_key;
            if ((grbit & JET_bitMoveKeyNE) != 0 && c.position == Position::kOnRecord) {
                current_key = c.entry_key;
                if (SecondaryOf(c) != nullptr) current_key.resize(current_key.size() - (c.record_key.size() - 4));
            }
            err = StepOnce(c, *it, forward, view);
            while (err >= 0 && !current_key.empty() && HasPrefix(c.entry_key, current_key)) {
                err = StepOnce(c, *it, forward, view);
            }
        }
    }
    return view.Finish(err);
}

JET_ERR MakeKey(JET_SESID sesid, JET_TABLEID tableid, const void* pv, JET_ULONG cb, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    Cursor& c = *x.c;
    constexpr JET_GRBIT kLimits = JET_bitStrLimit | JET_bitSubStrLimit | JET_bitFullColumnStartLimit |
                                  JET_bitFullColumnEndLimit | JET_bitPartialColumnStartLimit |
                                  JET_bitPartialColumnEndLimit;
    constexpr JET_GRBIT kKnown = JET_bitNewKey | JET_bitNormalizedKey | JET_bitKeyDataZeroLength | kLimits;
    const JET_GRBIT limits = grbit & kLimits;
    // StrLimit / SubStrLimit are the older names of FullColumnEndLimit / PartialColumnEndLimit:
    // [esent] one limit at a time.
    if ((grbit & ~kKnown) != 0 || (limits & (limits - 1)) != 0) return JET_errInvalidGrbit;
    const IndexDef* primary = KeyIndexOf(c);  // the index the key is for
    if ((grbit & (JET_bitNewKey | JET_bitNormalizedKey)) != 0) {  // a normalized key is a whole key
        c.ClearSearchKey();
    } else if (c.search_segments == 0 && c.search_key.empty()) {
        return JET_errKeyNotMade;
    }
    if (pv == nullptr && cb != 0) return JET_errInvalidParameter;
    if ((grbit & JET_bitNormalizedKey) != 0) {
        c.search_key.assign(static_cast<const char*>(pv), cb);
        c.search_segments = primary != nullptr ? primary->segments.size() : 1;
        return JET_errSuccess;
    }
    if (primary == nullptr) {
        // The implicit sequential index: an 8-byte big-endian counter (the bookmark's bytes).
        if (cb != 8) return JET_errInvalidBufferSize;
        std::uint64_t v = 0;
        std::memcpy(&v, pv, 8);
        c.search_key = Be64(v);
        c.search_segments = 1;
        return JET_errSuccess;
    }
    if (c.search_segments >= primary->segments.size() || c.search_key_limit) return JET_errKeyIsMade;
    const IndexSegment& seg = primary->segments[c.search_segments];
    const ColumnDef* col = c.table.FindColumn(seg.columnid);
    if (col == nullptr) return JET_errIndexInvalidDef;
    storage::KeyLimit limit = storage::KeyLimit::kNone;
    if ((grbit & (JET_bitStrLimit | JET_bitFullColumnEndLimit)) != 0) limit = storage::KeyLimit::kFullColumnEnd;
    if ((grbit & (JET_bitSubStrLimit | JET_bitPartialColumnEndLimit)) != 0) limit = storage::KeyLimit::kPartialColumnEnd;
    if ((grbit & JET_bitFullColumnStartLimit) != 0) limit = storage::KeyLimit::kFullColumnStart;
    if ((grbit & JET_bitPartialColumnStartLimit) != 0) limit = storage::KeyLimit::kPartialColumnStart;
    // Rebuild the key: earlier segments are in search_key already, encoded; the builder appends.
    storage::KeyBuilder kb(primary->key_most);
    std::vector<storage::DecodedSegment> prior;
    std::vector<storage::SegmentSpec> specs;
    for (std::size_t i = 0; i < c.search_segments; ++i) {
        specs.push_back(SpecOf(*c.table.FindColumn(primary->segments[i].columnid), primary->segments[i].descending));
    }
    if (!specs.empty() && !storage::DecodeKey(c.search_key, specs, &prior).ok()) return JET_errInvalidParameter;
    for (std::size_t i = 0; i < prior.size(); ++i) {
        const storage::Status s = prior[i].is_null ? kb.AppendNull(specs[i]) : kb.AppendValue(specs[i], prior[i].value);
        if (!s.ok()) return JET_errInvalidParameter;
    }
    const storage::SegmentSpec spec = SpecOf(*col, seg.descending);
    storage::Status s;
    if (cb == 0 && (grbit & JET_bitKeyDataZeroLength) == 0) {
        s = kb.AppendNull(spec, limit);
    } else {
        if (FixedSize(col->coltyp) != 0 && cb != FixedSize(col->coltyp)) return JET_errInvalidBufferSize;
        s = kb.AppendValue(spec, std::string_view(static_cast<const char*>(pv), cb), limit);
    }
    if (!s.ok()) return JET_errInvalidParameter;
    c.search_key.assign(kb.key());
    ++c.search_segments;
    c.search_key_limit = limit != storage::KeyLimit::kNone;
    return JET_errSuccess;
}

JET_ERR Seek(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    Cursor& c = *x.c;
    constexpr JET_GRBIT kDirections =
        JET_bitSeekEQ | JET_bitSeekLT | JET_bitSeekLE | JET_bitSeekGE | JET_bitSeekGT;
    const JET_GRBIT dir = grbit & kDirections;
    if ((grbit & ~(kDirections | static_cast<JET_GRBIT>(JET_bitSetIndexRange | JET_bitCheckUniqueness))) != 0 ||
        (dir != JET_bitSeekEQ && dir != JET_bitSeekLT && dir != JET_bitSeekLE && dir != JET_bitSeekGE &&
         dir != JET_bitSeekGT)) {
        return JET_errInvalidGrbit;
    }
    // [esent] CheckUniqueness goes with SeekEQ only: JET_wrnUniqueKey when exactly one entry has the key.
    const bool check_unique = (grbit & JET_bitCheckUniqueness) != 0;
    if (check_unique && dir != JET_bitSeekEQ) return JET_errInvalidGrbit;
    if (c.search_segments == 0) return JET_errKeyNotMade;
    c.has_range = false;  // a seek cancels an index range
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    const std::string prefix = ObjectPrefix(NavObjid(c));
    const std::string target = prefix + c.search_key;
    // A full key (one value per index column, no wildcard) equals every entry that starts with it:
    // a secondary entry is its key followed by the primary key, so equal entries form one block
    // [target, block_end]. A partial key or a limit key is a point: esent sorts a key before its
    // extensions, so nothing equals it but itself.
    const IndexDef* index = KeyIndexOf(c);
    const bool full = !c.search_key_limit && (index == nullptr || c.search_segments >= index->segments.size());
    if (dir == JET_bitSeekEQ && full && SecondaryOf(c) == nullptr && (grbit & JET_bitSetIndexRange) == 0) {
        // A whole primary key names at most one record: one lookup, no iterator.
        c.ClearSearchKey();
        bool exists = false;
        err = view.Get(target, &c.record_cache, &exists);  // straight into the cursor's record copy
        c.cache_valid = false;
        if (err < 0) return view.Finish(err);
        if (!exists) {
            c.position = Position::kBeforeFirst;
            c.entry_key.clear();
            c.record_key.clear();
            return view.Finish(JET_errRecordNotFound);
        }
        c.position = Position::kOnRecord;
        c.entry_key = target;
        c.record_key = target;
        c.current_deleted = false;
        view.StampRecord(c);
        err = view.Finish(JET_errSuccess);
        return err < 0 || !check_unique ? err : JET_wrnUniqueKey;  // a primary key is unique
    }
    const std::string block_end = full ? target + std::string(600, '\xFF') : target;
    auto it = view.Iterator();
    storage::Status s;
    switch (dir) {
        case JET_bitSeekEQ:
        case JET_bitSeekGE:
            s = it->SeekGE(target);
            break;
        case JET_bitSeekGT:
            s = full ? it->SeekGE(block_end) : it->SeekGE(target + std::string(1, '\0'));
            break;
        case JET_bitSeekLE:
            s = it->SeekLE(block_end);
            break;
        default:  // LT
            s = it->SeekLE(target);
            if (s.ok() && it->Valid() && it->key() == target) s = it->Prev();
            break;
    }
    // [esent] a seek consumes the search key, and a failed seek leaves no current record.
    c.ClearSearchKey();
    if (!s.ok()) return view.Finish(FromStorage(s, JET_errDiskIO));
    const bool found = it->Valid() && HasPrefix(it->key(), prefix);
    const bool equal = found && (full ? HasPrefix(it->key(), target) : it->key() == target);
    if (!found || (dir == JET_bitSeekEQ && !equal)) {
        it.reset();
        c.position = Position::kBeforeFirst;
        c.entry_key.clear();
        c.record_key.clear();
        return view.Finish(JET_errRecordNotFound);
    }
    StandOn(c, *it, view);
    bool unique = true;
    if (check_unique && full) {  // a partial or limit key equals one entry at most
        s = it->Next();
        if (!s.ok()) {
            it.reset();
            return view.Finish(FromStorage(s, JET_errDiskIO));
        }
        unique = !(it->Valid() && HasPrefix(it->key(), target));
    }
    it.reset();
    err = view.Finish(JET_errSuccess);
    if (err < 0) return err;
    if ((grbit & JET_bitSetIndexRange) != 0) {
        // [esent] an inclusive upper range on the search key (with SeekEQ: the equal entries).
        c.has_range = true;
        c.range_upper = true;
        c.range_inclusive = true;
        c.range_target = target;
    }
    if (check_unique && unique) return JET_wrnUniqueKey;
    // [esent] only GE and LE warn when they land on another key.
    const bool warns = dir == JET_bitSeekGE || dir == JET_bitSeekLE;
    return equal || !warns ? JET_errSuccess : JET_wrnSeekNotEqual;
}

JET_ERR SetIndexRange(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    constexpr JET_GRBIT kKnown =
        JET_bitRangeInclusive | JET_bitRangeUpperLimit | JET_bitRangeInstantDuration | JET_bitRangeRemove;
    if ((grbit & ~kKnown) != 0) return JET_errInvalidGrbit;
    Cursor& c = *x.c;
    if ((grbit & JET_bitRangeRemove) != 0) {
        if (!c.has_range) return JET_errInvalidOperation;  // [esent] no range to remove
        c.has_range = false;
        return JET_errSuccess;
    }
    if (c.search_segments == 0) return JET_errKeyNotMade;
    if (c.position != Position::kOnRecord) return JET_errNoCurrentRecord;
    const std::string limit_key = c.search_key;
    // The search key is consumed, as by JetSeek.
    c.ClearSearchKey();
    const bool had = c.has_range;
    const bool was_upper = c.range_upper;
    const bool was_inclusive = c.range_inclusive;
    std::string was_target = c.range_target;
    c.has_range = true;
    c.range_upper = (grbit & JET_bitRangeUpperLimit) != 0;
    c.range_inclusive = (grbit & JET_bitRangeInclusive) != 0;
    c.range_target = ObjectPrefix(NavObjid(c)) + limit_key;
    // The current entry must lie within the range.
    if (!InRange(c, c.entry_key)) {
        c.has_range = false;
        return JET_errNoCurrentRecord;
    }
    if ((grbit & JET_bitRangeInstantDuration) != 0) {  // check only: the old range stays
        c.has_range = had;
        c.range_upper = was_upper;
        c.range_inclusive = was_inclusive;
        c.range_target = std::move(was_target);
    }
    return JET_errSuccess;
}

JET_ERR GetBookmark(JET_SESID sesid, JET_TABLEID tableid, void* pv, JET_ULONG cb, JET_ULONG* pcb_actual) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    Cursor& c = *x.c;
    if (c.position != Position::kOnRecord) return JET_errNoCurrentRecord;
    const std::string_view bm = std::string_view(c.record_key).substr(4);
    if (pcb_actual != nullptr) *pcb_actual = static_cast<JET_ULONG>(bm.size());
    if (pv == nullptr && cb != 0) return JET_errInvalidParameter;
    if (cb < bm.size()) return JET_errBufferTooSmall;
    std::memcpy(pv, bm.data(), bm.size());
    return JET_errSuccess;
}

namespace {

// itag: which value of a multi-valued index column names the entry (JetSetCurrentIndex3/4); 0: the
// record's first entry in the index.
JET_ERR GotoBookmarkIn(CallGuard& g, CursorContext& x, const void* pv, JET_ULONG cb, std::uint32_t itag = 0) {
    JET_ERR err = JET_errSuccess;
    if (pv == nullptr || cb == 0) return JET_errInvalidBookmark;
    Cursor& c = *x.c;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    const std::string key = ObjectPrefix(c.table.objid) + std::string(static_cast<const char*>(pv), cb);
    std::string record;
    bool found = false;
    err = view.Get(key, &record, &found);
    if (err < 0) return view.Finish(err);
    if (!found) return view.Finish(JET_errRecordDeleted);
    if (c.update.active && c.update.kind != JET_prepInsert) c.update = PreparedUpdate{};
    std::string entry = key;
    if (const IndexDef* sx = SecondaryOf(c)) {
        std::vector<std::string> keys;
        const LongValueFetch fetch = FetchThrough(view, c.table);
        err = SecondaryKeysOf(c.table, *sx, record, &keys, itag, &fetch);
        if (err < 0) return view.Finish(err);
        if (keys.empty()) return view.Finish(JET_errNoCurrentRecord);  // the record has no entry here
        entry = ObjectPrefix(sx->objid) + keys.front() + std::string(static_cast<const char*>(pv), cb);
    }
    c.has_range = false;
    c.position = Position::kOnRecord;
    c.record_key = key;
    c.entry_key = std::move(entry);
    c.current_deleted = false;
    view.CacheRecord(c, record);
    return view.Finish(JET_errSuccess);
}

}  // namespace

JET_ERR GotoBookmark(JET_SESID sesid, JET_TABLEID tableid, const void* pv, JET_ULONG cb) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    return GotoBookmarkIn(g, x, pv, cb);
}

JET_ERR DupCursor(JET_SESID sesid, JET_TABLEID tableid, JET_TABLEID* ptableid, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (ptableid == nullptr) return JET_errInvalidParameter;
    if (grbit != 0) return JET_errInvalidGrbit;
    // [esent] a duplicate opens on the clustered index (a temporary table's is its key) and stands
    // on the table's first record (on none when the table is empty), with no key or update.
    const Cursor& from = *x.c;
    JET_TABLEID id = JET_tableidNil;
    const JET_ERR made = NewCursor(g, *x.d, from.dbid, from.table, from.read_only, &id);
    if (made < 0) return made;
    Cursor& dup = *x.d->cursors.at(id);
    if (from.temporary) {
        dup.index_name = from.index_name;
        dup.temporary = true;  // shares the table: it lives until its last cursor closes
        dup.drop_duplicates = from.drop_duplicates;
    }
    CursorContext y{x.d, &dup, x.odb};
    const JET_ERR moved = StandOnFirstIn(g, y);
    if (moved < 0) {
        CloseCursor(*x.d, id);
        return moved;
    }
    *ptableid = id;
    return JET_errSuccess;
}

JET_ERR GetCurrentIndex(JET_SESID sesid, JET_TABLEID tableid, char* name, JET_ULONG cb) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (name == nullptr || cb == 0) return JET_errInvalidParameter;
    const IndexDef* primary = x.c->table.PrimaryIndex();
    const std::string current = !x.c->index_name.empty() ? x.c->index_name
                                : primary != nullptr       ? primary->name
                                                           : std::string();  // "" = the sequential index
    const std::size_t n = std::min<std::size_t>(cb - 1, current.size());
    std::memcpy(name, current.data(), n);
    name[n] = '\0';
    return current.size() + 1 > cb ? JET_wrnBufferTruncated : JET_errSuccess;
}

JET_ERR SetCurrentIndex(JET_SESID sesid, JET_TABLEID tableid, const char* name, JET_GRBIT grbit) {
    return SetCurrentIndexEx(sesid, tableid, name, nullptr, grbit, 1);
}

namespace {

// The index id JetGetIndexInfo(JET_IdxInfoIndexId) hands out: the table's and the index's object
// ids (the table's twice for its clustered index) in rgbIndexId, the rest zero.
struct IndexIdFields {
    std::uint32_t table_objid;
    std::uint32_t index_objid;
};
static_assert(sizeof(IndexIdFields) <= sizeof(JET_INDEXID::rgbIndexId));

}  // namespace

void FillIndexId(const TableDef& t, const IndexDef* x, JET_INDEXID* out) {
    std::memset(out, 0, sizeof *out);
    out->cbStruct = sizeof *out;
    const IndexIdFields f{t.objid, x != nullptr && !x->primary() ? x->objid : t.objid};
    std::memcpy(out->rgbIndexId, &f, sizeof f);
}

JET_ERR SetCurrentIndexEx(JET_SESID sesid, JET_TABLEID tableid, const char* name, const JET_INDEXID* hint,
                          JET_GRBIT grbit, JET_ULONG itag) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (grbit != JET_bitMoveFirst && grbit != JET_bitNoMove) return JET_errInvalidGrbit;
    // [esent] the values of a multi-valued column count from 1.
    if (itag == 0) return JET_errInvalidParameter;
    Cursor& c = *x.c;
    const IndexDef* primary = c.table.PrimaryIndex();
    const bool wants_primary = name == nullptr || name[0] == '\0' || (primary != nullptr && primary->name == name);
    std::string next;
    const IndexDef* target = primary;
    if (!wants_primary) {
        const IndexDef* sx = c.table.FindIndex(name);
        if (sx == nullptr) return JET_errIndexNotFound;
        next = sx->name;
        target = sx;
    }
    if (hint != nullptr) {
        // [esent] the hint must name the same index of this table, as it is now.
        if (hint->cbStruct != sizeof(JET_INDEXID)) return JET_errInvalidParameter;
        JET_INDEXID now;
        FillIndexId(c.table, target, &now);
        if (std::memcmp(&now, hint, sizeof now) != 0) return JET_errInvalidIndexId;
    }
    // [esent] selecting the current index again changes nothing, whatever the grbit.
    if (next == c.index_name) return JET_errSuccess;
    c.has_range = false;
    if (grbit == JET_bitNoMove && c.position == Position::kOnRecord) {
        // Keep the current record: find its entry (for itag's value) in the new index.
        c.index_name = next;
        const std::string bm = c.record_key.substr(4);
        c.ClearSearchKey();
        return GotoBookmarkIn(g, x, bm.data(), static_cast<JET_ULONG>(bm.size()), itag);
    }
    c.index_name = next;
    c.ClearSearchKey();
    if (grbit == JET_bitMoveFirst) {
        const JET_ERR moved = StandOnFirstIn(g, x);  // [esent] on the new index's first entry
        if (moved < 0) return moved;
    }
    return JET_errSuccess;
}

namespace {

// Calls `each` for the bookmark of every entry from the cursor's current one (or the first) to the
// end of its index or range, at most `max` entries (0: all), without moving the cursor.
JET_ERR ForEachEntryToRangeEnd(CallGuard& g, CursorContext& x, std::uint64_t max,
                               const std::function<void(std::string_view bookmark)>& each, std::uint64_t* count) {
    Cursor& c = *x.c;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    const std::string prefix = ObjectPrefix(NavObjid(c));
    const bool secondary = SecondaryOf(c) != nullptr;
    auto it = view.Iterator();
    // [esent] from the current entry (or the first) to the end of the index or of its range.
    storage::Status s = c.position == Position::kOnRecord ? it->SeekGE(c.entry_key) : it->SeekGE(prefix);
    if (c.position == Position::kAfterLast) s = it->SeekGE(ObjectPrefix(NavObjid(c) + 1));
    std::uint64_t n = 0;
    // [esent] within the index range when there is one (NAV-15, NAV-16).
    while (s.ok() && it->Valid() && HasPrefix(it->key(), prefix) && InRange(c, it->key()) && (max == 0 || n < max)) {
        ++n;
        if (each) {
            // A clustered entry's key (without the object id) is the bookmark; a secondary
            // entry's value is.
            each(secondary ? std::string_view(it->value()) : std::string_view(it->key()).substr(4));
        }
        s = it->Next();
    }
    it.reset();
    if (!s.ok()) return view.Finish(FromStorage(s, JET_errDiskIO));
    *count = n;
    return view.Finish(JET_errSuccess);
}

}  // namespace

JET_ERR IndexRecordCount(JET_SESID sesid, JET_TABLEID tableid, JET_ULONG* pcrec, JET_ULONG max) {
    if (pcrec == nullptr) return IndexRecordCount2(sesid, tableid, nullptr, max);
    unsigned long long n = 0;
    const JET_ERR err = IndexRecordCount2(sesid, tableid, &n, max);
    if (err >= 0) *pcrec = static_cast<JET_ULONG>(n);  // at most max, which fits
    return err;
}

JET_ERR IndexRecordCount2(JET_SESID sesid, JET_TABLEID tableid, unsigned long long* pcrec, unsigned long long max) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (pcrec == nullptr) return JET_errInvalidParameter;
    std::uint64_t n = 0;
    err = ForEachEntryToRangeEnd(g, x, max, nullptr, &n);
    if (err >= 0) *pcrec = n;
    return err;
}

JET_ERR RetrieveKey(JET_SESID sesid, JET_TABLEID tableid, void* pv, JET_ULONG cb, JET_ULONG* pcb_actual,
                    JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if ((grbit & ~static_cast<JET_GRBIT>(JET_bitRetrieveCopy)) != 0) return JET_errInvalidGrbit;
    Cursor& c = *x.c;
    std::string key;
    if ((grbit & JET_bitRetrieveCopy) != 0) {
        if (c.search_segments == 0) return JET_errKeyNotMade;
        key = c.search_key;  // the key JetMakeKey built
    } else {
        // [esent] the current entry is read: a deleted record has none.
        CallView view(g, *x.d, *x.odb);
        if (view.err() < 0) return view.err();
        std::string record;
        err = view.Finish(CurrentRecord(view, c, &record));
        if (err < 0) return err;
        key = c.entry_key.substr(4);
        // A secondary entry's key is the index key followed by the primary key.
        if (SecondaryOf(c) != nullptr) key.resize(key.size() - (c.record_key.size() - 4));
    }
    if (pcb_actual != nullptr) *pcb_actual = static_cast<JET_ULONG>(key.size());
    if (pv == nullptr && cb != 0) return JET_errInvalidParameter;
    const std::size_t n = std::min<std::size_t>(cb, key.size());
    if (n != 0) std::memcpy(pv, key.data(), n);
    return key.size() > cb ? JET_wrnBufferTruncated : JET_errSuccess;
}

JET_ERR GetCursorInfo(JET_SESID sesid, JET_TABLEID tableid, void* pv, JET_ULONG cb, JET_ULONG level) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    (void)pv;
    (void)cb;
    if (level != 0) return JET_errInvalidParameter;
    // [esent] succeeds on a current record, and reports a record another transaction is changing.
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    std::string record;
    err = CurrentRecord(view, *x.c, &record);
    if (err >= 0 && x.odb->memory == nullptr) {
        LockTable& locks = LocksOf(*x.odb->db);
        // Inside a transaction its snapshot may be older than another session's commit of the
        // record; outside, the call's own snapshot sees every commit.
        if (locks.LockedByOther(x.c->record_key, g.sesid()) ||
            (LevelOf(g) > 0 && locks.ChangedAfter(x.c->record_key, view.Seq(), g.sesid()))) {
            err = JET_errWriteConflict;
        }
    }
    return view.Finish(err);
}

JET_ERR GetRecordPosition(JET_SESID sesid, JET_TABLEID tableid, JET_RECPOS* pos, JET_ULONG cb) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (pos == nullptr || cb < sizeof(JET_RECPOS)) return JET_errInvalidParameter;
    Cursor& c = *x.c;
    if (c.position != Position::kOnRecord) return JET_errNoCurrentRecord;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    // Exact counts: the entries before the current one and in the whole index.
    const std::string prefix = ObjectPrefix(NavObjid(c));
    auto it = view.Iterator();
    JET_ULONG before = 0;
    JET_ULONG total = 0;
    storage::Status s;
    for (s = it->SeekGE(prefix); s.ok() && it->Valid() && HasPrefix(it->key(), prefix); s = it->Next()) {
        if (it->key() < c.entry_key) ++before;
        ++total;
    }
    it.reset();
    if (!s.ok()) return view.Finish(FromStorage(s, JET_errDiskIO));
    pos->cbStruct = sizeof(JET_RECPOS);
    pos->centriesLT = before;
    pos->centriesInRange = 1;
    pos->centriesTotal = total;
    return view.Finish(JET_errSuccess);
}

JET_ERR GotoPosition(JET_SESID sesid, JET_TABLEID tableid, const JET_RECPOS* pos) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (pos == nullptr || pos->cbStruct < sizeof(JET_RECPOS) || pos->centriesLT > pos->centriesTotal) {
        return JET_errInvalidParameter;
    }
    Cursor& c = *x.c;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    // Exact, like JetGetRecordPosition: the entry centriesLT / centriesTotal of the way through
    // the index (the last one for a fraction of 1). On failure the cursor stays where it was.
    const std::string prefix = ObjectPrefix(NavObjid(c));
    auto it = view.Iterator();
    std::uint64_t total = 0;
    storage::Status s;
    for (s = it->SeekGE(prefix); s.ok() && it->Valid() && HasPrefix(it->key(), prefix); s = it->Next()) ++total;
    if (!s.ok()) return view.Finish(FromStorage(s, JET_errDiskIO));
    if (c.update.active && c.update.kind != JET_prepInsert) c.update = PreparedUpdate{};
    c.has_range = false;
    c.ClearSearchKey();
    if (total == 0) {  // [esent] an empty index: the cursor stands before the first entry
        c.position = Position::kBeforeFirst;
        return view.Finish(JET_errRecordNotFound);
    }
    // In floating point: centriesLT * total may not fit 64 bits; the position is approximate anyway.
    const std::uint64_t target =
        pos->centriesTotal == 0
            ? 0
            : std::min<std::uint64_t>(total - 1, static_cast<std::uint64_t>(static_cast<long double>(total) *
                                                                             pos->centriesLT / pos->centriesTotal));
    s = it->SeekGE(prefix);
    for (std::uint64_t i = 0; s.ok() && i < target; ++i) s = it->Next();
    if (!s.ok()) return view.Finish(FromStorage(s, JET_errDiskIO));
    err = Land(c, *it, true, view);
    return view.Finish(err);
}

JET_ERR SetTableSequential(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit, bool set) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    const JET_GRBIT allowed = set ? (JET_bitPrereadForward | JET_bitPrereadBackward) : 0;
    if ((grbit & ~allowed) != 0) return JET_errInvalidGrbit;
    // A hint: LMDB reads the memory-mapped file, whose read-ahead the OS already does. The cursor
    // keeps it (JET_CURSORINFO has no field for it); no behaviour depends on it.
    x.c->sequential = set;
    return JET_errSuccess;
}

JET_ERR GetSecondaryIndexBookmark(JET_SESID sesid, JET_TABLEID tableid, void* pv_key, JET_ULONG cb_key,
                                  JET_ULONG* pcb_key, void* pv_bookmark, JET_ULONG cb_bookmark, JET_ULONG* pcb_bookmark,
                                  JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (grbit != 0) return JET_errInvalidGrbit;
    const Cursor& c = *x.c;
    if (SecondaryOf(c) == nullptr) return JET_errNoCurrentIndex;  // [esent] a secondary index only
    if (c.position != Position::kOnRecord) return JET_errNoCurrentRecord;
    if ((pv_key == nullptr && cb_key != 0) || (pv_bookmark == nullptr && cb_bookmark != 0)) {
        return JET_errInvalidParameter;
    }
    // A secondary entry is [index objid] + its key + the record's bookmark.
    const std::string_view bookmark = std::string_view(c.record_key).substr(4);
    const std::string_view key =
        std::string_view(c.entry_key).substr(4, c.entry_key.size() - 4 - bookmark.size());
    if (pcb_key != nullptr) *pcb_key = static_cast<JET_ULONG>(key.size());
    if (pcb_bookmark != nullptr) *pcb_bookmark = static_cast<JET_ULONG>(bookmark.size());
    // Both or neither: a caller never gets half an answer.
    if (cb_key < key.size() || cb_bookmark < bookmark.size()) return JET_errBufferTooSmall;
    if (!key.empty()) std::memcpy(pv_key, key.data(), key.size());
    if (!bookmark.empty()) std::memcpy(pv_bookmark, bookmark.data(), bookmark.size());
    return JET_errSuccess;
}

JET_ERR GotoSecondaryIndexBookmark(JET_SESID sesid, JET_TABLEID tableid, const void* pv_key, JET_ULONG cb_key,
                                   const void* pv_bookmark, JET_ULONG cb_bookmark, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if ((grbit & ~static_cast<JET_GRBIT>(JET_bitBookmarkPermitVirtualCurrency)) != 0) return JET_errInvalidGrbit;
    Cursor& c = *x.c;
    const IndexDef* sx = SecondaryOf(c);
    if (sx == nullptr) return JET_errNoCurrentIndex;
    if (pv_key == nullptr || cb_key == 0 || pv_bookmark == nullptr || cb_bookmark == 0) return JET_errInvalidBookmark;
    const std::string bookmark(static_cast<const char*>(pv_bookmark), cb_bookmark);
    const std::string entry =
        ObjectPrefix(sx->objid) + std::string(static_cast<const char*>(pv_key), cb_key) + bookmark;
    const std::string record_key = ObjectPrefix(c.table.objid) + bookmark;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    std::string value;
    bool found = false;
    err = view.Get(entry, &value, &found);
    std::string record;
    if (err >= 0 && found) err = view.Get(record_key, &record, &found);
    if (err < 0) return view.Finish(err);
    if (c.update.active && c.update.kind != JET_prepInsert) c.update = PreparedUpdate{};
    c.ClearSearchKey();
    c.has_range = false;
    if (!found) {
        if ((grbit & JET_bitBookmarkPermitVirtualCurrency) == 0) return view.Finish(JET_errRecordDeleted);
        // [esent] virtual currency: the cursor stands where the entry was, on a deleted record,
        // so that a move goes to the entries next to it.
        c.position = Position::kOnRecord;
        c.entry_key = entry;
        c.record_key = record_key;
        c.current_deleted = true;
        c.cache_valid = false;
        return view.Finish(JET_errSuccess);
    }
    c.position = Position::kOnRecord;
    c.entry_key = entry;
    c.record_key = record_key;
    c.current_deleted = false;
    view.CacheRecord(c, record);
    return view.Finish(JET_errSuccess);
}

JET_ERR IntersectIndexes(JET_SESID sesid, JET_INDEXRANGE* ranges, JET_ULONG n, JET_RECORDLIST* out, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (grbit != 0) return JET_errInvalidGrbit;
    if (ranges == nullptr || out == nullptr || out->cbStruct < sizeof(JET_RECORDLIST)) return JET_errInvalidParameter;
    if (n < 2) return JET_errInvalidParameter;  // [esent] an intersection needs two ranges
    std::vector<std::string> result;
    std::uint32_t table_objid = 0;
    JET_DBID dbid = JET_dbidNil;
    for (JET_ULONG i = 0; i < n; ++i) {
        const JET_INDEXRANGE& r = ranges[i];
        if (r.cbStruct != sizeof(JET_INDEXRANGE)) return JET_errInvalidParameter;
        if (r.grbit != JET_bitRecordInIndex) return JET_errInvalidGrbit;  // [esent] the only one it takes
        CursorContext x;
        JET_ERR err = Resolve(g, r.tableid, &x);
        if (err < 0) return err;
        // Every range is over an index of one table.
        if (i == 0) {
            table_objid = x.c->table.objid;
            dbid = x.c->dbid;
        } else if (x.c->table.objid != table_objid || x.c->dbid != dbid || x.c->temporary) {
            return JET_errInvalidParameter;
        }
        std::vector<std::string> these;
        std::uint64_t count = 0;
        err = ForEachEntryToRangeEnd(g, x, 0, [&](std::string_view bm) { these.emplace_back(bm); }, &count);
        if (err < 0) return err;
        std::sort(these.begin(), these.end());
        these.erase(std::unique(these.begin(), these.end()), these.end());  // a multi-valued index
        if (i == 0) {
            result = std::move(these);
        } else {
            std::vector<std::string> both;
            std::set_intersection(result.begin(), result.end(), these.begin(), these.end(), std::back_inserter(both));
            result = std::move(both);
        }
    }
    return BookmarkListOf(g, result, out);
}

JET_ERR ComputeStats(JET_SESID sesid, JET_TABLEID tableid) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    return ComputeStatsIn(g, x);
}

}  // namespace jetstore::engine
