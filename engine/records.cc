// Records: prepared updates, set and retrieve columns, update, delete, explicit locks and
// escrow updates merged at commit.
#include "engine/records.h"

#include "engine/table_common.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <unordered_map>

namespace jetstore::engine {

JET_ERR PrepareUpdate(JET_SESID sesid, JET_TABLEID tableid, JET_ULONG prep) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    Cursor& c = *x.c;
    if (prep == JET_prepCancel) {
        if (!c.update.active) return JET_errUpdateNotPrepared;
        c.update = PreparedUpdate{};
        return JET_errSuccess;
    }
    if (prep != JET_prepInsert && prep != JET_prepReplace && prep != JET_prepReplaceNoLock &&
        prep != JET_prepInsertCopy && prep != JET_prepInsertCopyDeleteOriginal) {
        return JET_errInvalidParameter;
    }
    if (c.update.active) return JET_errAlreadyPrepared;
    if (c.read_only || x.odb->read_only) return JET_errPermissionDenied;
    if (g.slot().read_only.load(std::memory_order_relaxed) != 0) return JET_errTransReadOnly;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    PreparedUpdate u;
    u.active = true;
    u.kind = prep;
    if (prep == JET_prepInsert) {
        u.record = storage::RecordBuilder().Build();  // the empty record
        err = AssignAutoincrement(view, *x.odb->db, c.table, &u.record);
        if (err < 0) return view.Finish(err);
    } else {
        std::string current;
        err = CurrentRecord(view, c, &current);
        if (err < 0) return view.Finish(err);
        u.record = std::move(current);
        u.original = c.record_key;
        if (prep == JET_prepReplace && LevelOf(g) > 0) {
            // [esent] Outside a transaction a replace is JET_prepReplaceNoLock: JetUpdate runs it in
            // its own implicit transaction and takes the lock then.
            err = view.BeginWrite();
            if (err >= 0) err = view.Lock(c.record_key);  // [esent] Replace takes the write lock at once
            if (err < 0) return view.Finish(err);
        } else if (prep == JET_prepInsertCopy || prep == JET_prepInsertCopyDeleteOriginal) {
            // A copy gets its own long values and new autoincrement values.
            err = InlineLongValues(view, c.table, &u.record);
            if (err >= 0) err = AssignAutoincrement(view, *x.odb->db, c.table, &u.record);
            if (err < 0) return view.Finish(err);
        }
    }
    c.update = std::move(u);
    return view.Finish(JET_errSuccess);
}

JET_ERR SetColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, const void* pv, JET_ULONG cb,
                  JET_GRBIT grbit, const JET_SETINFO* setinfo) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (x.c->update.active && (grbit & (JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV)) != 0) {
        // Editing a long value stored apart: bring its bytes into the copy buffer first.
        CallView view(g, *x.d, *x.odb);
        if (view.err() < 0) return view.err();
        err = view.Finish(InlineLongValues(view, x.c->table, &x.c->update.record));
        if (err < 0) return err;
    }
    return SetColumnIn(*x.c, columnid, pv, cb, grbit, setinfo);
}

JET_ERR SetColumnIn(Cursor& c, JET_COLUMNID columnid, const void* pv, JET_ULONG cb, JET_GRBIT grbit,
                    const JET_SETINFO* setinfo) {
    if (cb > JET_cbLVColumnMost) return JET_errInvalidParameter;  // [esent] before anything else
    if (!c.update.active) return JET_errUpdateNotPrepared;
    const ColumnDef* col = c.table.FindColumn(columnid);
    if (col == nullptr) return JET_errColumnNotFound;
    constexpr JET_GRBIT kKnown = JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV | JET_bitSetZeroLength |
                                 JET_bitSetSeparateLV | JET_bitSetUniqueMultiValues |
                                 JET_bitSetUniqueNormalizedMultiValues | JET_bitSetRevertToDefaultValue |
                                 JET_bitSetIntrinsicLV | JET_bitSetUncompressed | JET_bitSetCompressed;
    if ((grbit & ~kKnown) != 0) return JET_errInvalidGrbit;
    if (setinfo != nullptr && setinfo->cbStruct != sizeof(JET_SETINFO)) return JET_errInvalidParameter;
    if (pv == nullptr && cb != 0 && (grbit & JET_bitSetSizeLV) == 0) return JET_errInvalidParameter;
    if ((col->grbit & JET_bitColumnAutoincrement) != 0) {
        return JET_errInvalidColumnType;  // [esent] autoincrement columns cannot be set, in any update
    }
    const bool tagged = storage::KindOf(col->columnid) == ColumnKind::kTagged;
    std::uint32_t itag = setinfo != nullptr ? static_cast<std::uint32_t>(setinfo->itagSequence) : 1;
    if (!tagged && itag > 1) return JET_errInvalidParameter;
    const JET_ULONG ib = setinfo != nullptr ? setinfo->ibLongValue : 0;
    constexpr JET_GRBIT kLongValueEdit = JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV;
    constexpr JET_GRBIT kUnique = JET_bitSetUniqueMultiValues | JET_bitSetUniqueNormalizedMultiValues;
    // The copy buffer is parsed here only when the new value depends on what it holds; a plain
    // set goes straight to EditRecord (one parse per JetSetColumn, not two).
    const bool needs_view = (grbit & kLongValueEdit) != 0 || ((grbit & kUnique) != 0 && tagged);
    RecordView view;
    if (needs_view && !view.Parse(c.update.record).ok()) return JET_errDatabaseCorrupted;
    storage::ColumnValue existing;
    const bool has_existing =
        needs_view && itag != 0 && view.Find(col->columnid, itag, &existing) == storage::Presence::kValue;

    std::string value;      // the edited value of a long-value edit
    std::string_view bytes;  // the value to store: `value`, or the caller's buffer
    bool set_null = false;
    if ((grbit & JET_bitSetRevertToDefaultValue) != 0) {
        set_null = true;
    } else if ((grbit & kLongValueEdit) != 0) {
        if (!IsLong(col->coltyp) && (grbit & JET_bitSetSizeLV) == 0 && col->coltyp != JET_coltypBinary &&
            col->coltyp != JET_coltypText) {
            return JET_errInvalidParameter;
        }
        value = has_existing ? std::string(existing.bytes) : std::string();
        if ((grbit & JET_bitSetSizeLV) != 0 && (grbit & JET_bitSetOverwriteLV) != 0) {
            // Overwrite at ib and end the value there.
            if (ib > value.size()) return JET_errInvalidParameter;
            value.resize(ib);
            if (cb != 0) value.append(static_cast<const char*>(pv), cb);
        } else if ((grbit & JET_bitSetSizeLV) != 0) {
            value.resize(cb, '\0');
        } else if ((grbit & JET_bitSetAppendLV) != 0) {
            value.append(static_cast<const char*>(pv), cb);
        } else {  // overwrite at ib
            if (ib > value.size()) return JET_errInvalidParameter;
            if (value.size() < ib + cb) value.resize(ib + cb);
            if (cb != 0) std::memcpy(value.data() + ib, pv, cb);
        }
        bytes = value;
    } else if (cb == 0 && (grbit & JET_bitSetZeroLength) == 0) {
        set_null = true;
    } else {
        if (cb != 0) bytes = std::string_view(static_cast<const char*>(pv), cb);
        if (cb == 0 && FixedSize(col->coltyp) != 0) set_null = true;  // a fixed column has no zero length
    }
    if (!set_null) {
        const JET_ERR size_err = CheckValueSize(*col, bytes.size());
        if (size_err < 0) return size_err;
        if ((grbit & kUnique) != 0 && tagged) {
            const std::uint32_t n = view.CountValues(col->columnid);
            for (std::uint32_t i = 1; i <= n; ++i) {
                storage::ColumnValue other;
                if (i != itag && view.Find(col->columnid, i, &other) == storage::Presence::kValue &&
                    other.bytes == bytes) {
                    return JET_errMultiValuedDuplicate;
                }
            }
        }
    }
    if (tagged && itag == 0 && set_null) return JET_errSuccess;  // nothing to append
    const storage::ColumnValue v{bytes, false};
    const storage::Status s = storage::EditRecord(&c.update.record, col->columnid, itag, set_null ? nullptr : &v);
    if (s.Is(storage::Code::kCorrupt)) return JET_errDatabaseCorrupted;
    if (!s.ok()) return s.Is(storage::Code::kTooLarge) ? JET_errColumnTooBig : JET_errInvalidParameter;
    return JET_errSuccess;
}

JET_ERR Update(JET_SESID sesid, JET_TABLEID tableid, void* bookmark, JET_ULONG cb_bookmark,
               JET_ULONG* pcb_actual) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    return UpdateIn(g, x, bookmark, cb_bookmark, pcb_actual);
}

JET_ERR UpdateIn(CallGuard& g, CursorContext& x, void* bookmark, JET_ULONG cb_bookmark,
                 JET_ULONG* pcb_actual) {
    JET_ERR err = JET_errSuccess;
    Cursor& c = *x.c;
    if (!c.update.active) return JET_errUpdateNotPrepared;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    err = view.BeginWrite();
    if (err < 0) return view.Finish(err);

    // NOT NULL columns must hold a value (or have a default).
    RecordView rv;
    if (!rv.Parse(c.update.record).ok()) return view.Finish(JET_errDatabaseCorrupted);
    for (const ColumnDef& col : c.table.columns) {
        storage::ColumnValue v;
        if ((col.grbit & JET_bitColumnNotNULL) != 0 && !col.default_value.has_value() &&
            rv.Find(col.columnid, 1, &v) != storage::Presence::kValue) {
            return view.Finish(JET_errNullInvalid);
        }
    }
    const bool insert = c.update.kind == JET_prepInsert || c.update.kind == JET_prepInsertCopy ||
                        c.update.kind == JET_prepInsertCopyDeleteOriginal;
    std::string key;
    if (insert && c.table.PrimaryIndex() == nullptr) {
        const std::string prefix = ObjectPrefix(c.table.objid);
        const std::uint64_t seq = NextCounter(*x.odb->db, c.table.objid, [&] {
            auto it = view.Iterator();
            std::string upper = ObjectPrefix(c.table.objid + 1);
            if (!it->SeekLE(upper).ok() || !it->Valid() || !HasPrefix(it->key(), prefix)) return std::uint64_t{0};
            return FromBe64(it->key().substr(prefix.size()));
        });
        err = PrimaryKeyOf(c.table, rv, seq, &key);
    } else if (insert) {
        err = PrimaryKeyOf(c.table, rv, 0, &key);
    } else {
        key = c.update.original;
        if (c.table.PrimaryIndex() != nullptr) {
            std::string now;
            err = PrimaryKeyOf(c.table, rv, 0, &now);
            if (err >= 0 && now != key) err = JET_errRecordPrimaryChanged;  // [esent]
        }
    }
    if (err < 0) return view.Finish(err);

    const std::string_view pk = std::string_view(key).substr(4);
    if (insert) {
        std::string existing;
        bool found = false;
        err = view.Get(key, &existing, &found);
        if (err < 0) return view.Finish(err);
        // [esent] InsertCopyDeleteOriginal that keeps the key replaces the original (DML-12).
        const bool takes_original_key =
            c.update.kind == JET_prepInsertCopyDeleteOriginal && key == c.update.original;
        if (found && c.drop_duplicates) {  // [esent] a unique sort keeps the first record of a key
            c.update = PreparedUpdate{};
            return view.Finish(JET_errSuccess);
        }
        if (found && !takes_original_key) return view.Finish(JET_errKeyDuplicate);
        err = view.Lock(key);  // a racing insert of the same key conflicts (esent: KeyDuplicate or WriteConflict)
        // The original's own key conflicts as the original does (WriteConflict).
        if (err < 0) {
            return view.Finish(err == JET_errWriteConflict && !takes_original_key ? JET_errKeyDuplicate : err);
        }
        if (c.update.kind == JET_prepInsertCopyDeleteOriginal) {
            err = view.Lock(c.update.original);
            std::string original;
            bool had = false;
            if (err >= 0) err = view.Get(c.update.original, &original, &had);
            if (err >= 0 && had) {
                err = MaintainSecondaryIndexes(view, c.table, &original, nullptr,
                                               std::string_view(c.update.original).substr(4));
                DropLongValues(view, c.table, original, nullptr);
            }
            if (err < 0) return view.Finish(err);
            view.writes().Delete(c.update.original);
        }
        err = MaintainSecondaryIndexes(view, c.table, nullptr, &c.update.record, pk);
        if (err >= 0) err = SeparateLongValues(view, *x.odb->db, c.table, &c.update.record);
        if (err < 0) return view.Finish(err);
    } else {
        std::string existing;
        if (c.position == Position::kOnRecord && c.record_key == key) {
            err = CurrentRecord(view, c, &existing);  // the record the seek cached, while still current
        } else {
            bool found = false;
            err = view.Get(key, &existing, &found);
            if (err >= 0 && !found) err = JET_errRecordDeleted;
        }
        if (err < 0) return view.Finish(err);
        err = view.Lock(key);  // ReplaceNoLock loses here (esent)
        if (err < 0) return view.Finish(err);
        err = MaintainSecondaryIndexes(view, c.table, &existing, &c.update.record, pk);
        if (err >= 0) err = SeparateLongValues(view, *x.odb->db, c.table, &c.update.record);
        if (err < 0) return view.Finish(err);
        DropLongValues(view, c.table, existing, &c.update.record);  // long values the replace let go
    }
    err = view.Reserve(key.size() + c.update.record.size());
    if (err < 0) return view.Finish(err);
    view.writes().Put(key, c.update.record);
    err = view.Finish(JET_errSuccess);
    if (err < 0) return err;
    const std::string_view bm = std::string_view(key).substr(4);
    if (pcb_actual != nullptr) *pcb_actual = static_cast<JET_ULONG>(bm.size());
    if (bookmark != nullptr && cb_bookmark > 0) {
        std::memcpy(bookmark, bm.data(), std::min<std::size_t>(cb_bookmark, bm.size()));
    }
    // [esent] a replace leaves the cursor on the record, which it reads as updated; its place in
    // the current index stays where the old key was (c.entry_key) until the next move or seek,
    // so a move from it goes to the old key's neighbours (NAV-13).
    c.update = PreparedUpdate{};
    c.current_deleted = false;
    return bookmark != nullptr && cb_bookmark < bm.size() ? JET_wrnBufferTruncated : JET_errSuccess;
}

JET_ERR Delete(JET_SESID sesid, JET_TABLEID tableid) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    Cursor& c = *x.c;
    // [esent] the prepared move of this record to a new key must finish or be cancelled first.
    if (c.update.active && c.update.kind == JET_prepInsertCopyDeleteOriginal) return JET_errAlreadyPrepared;
    if (c.read_only || x.odb->read_only) return JET_errPermissionDenied;
    if (g.slot().read_only.load(std::memory_order_relaxed) != 0) return JET_errTransReadOnly;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    std::string record;
    err = CurrentRecord(view, c, &record);
    if (err < 0) return view.Finish(err);
    err = view.BeginWrite();
    if (err >= 0) err = view.Reserve(c.record_key.size());
    if (err >= 0) err = view.Lock(c.record_key);
    if (err >= 0) err = MaintainSecondaryIndexes(view, c.table, &record, nullptr, std::string_view(c.record_key).substr(4));
    if (err < 0) return view.Finish(err);
    DropLongValues(view, c.table, record, nullptr);
    view.writes().Delete(c.record_key);
    c.update = PreparedUpdate{};
    return view.Finish(JET_errSuccess);
}

namespace {

constexpr JET_GRBIT kRetrieveGrbits = JET_bitRetrieveCopy | JET_bitRetrieveFromIndex |
                                      JET_bitRetrieveFromPrimaryBookmark | JET_bitRetrieveTag | JET_bitRetrieveNull |
                                      JET_bitRetrieveIgnoreDefault | JET_bitRetrieveTuple;

// The bytes JetRetrieveColumn reads for `c`: the copy buffer or the current record (the cursor's
// cached copy when it is current; else read into *storage).
JET_ERR RecordForRetrieve(CallView& view, CursorContext& x, JET_GRBIT grbit, std::string* storage,
                          std::string_view* out) {
    Cursor& c = *x.c;
    if ((grbit & JET_bitRetrieveCopy) != 0 && c.update.active) {
        *out = c.update.record;
        return JET_errSuccess;
    }
    if (c.position == Position::kOnRecord && view.CachedRecord(c)) {
        *out = c.record_cache;
        return JET_errSuccess;
    }
    const JET_ERR err = CurrentRecord(view, c, storage);
    *out = *storage;
    return err;
}

// The checks of a retrieval that need no record. [esent] JET_bitRetrieveFromIndex and
// FromPrimaryBookmark read a column out of a key (jetstore reads the same value from the record):
// not both at once, and only a column that key holds. On the clustered index both mean the
// primary key of the record the cursor stands on; the sequential index of a table without a
// primary index holds no column (FromIndex reads the record, FromPrimaryBookmark from a secondary
// index finds nothing). A temporary table (esent's sort) reads the record.
JET_ERR CheckRetrieve(const Cursor& c, JET_COLUMNID columnid, JET_GRBIT grbit) {
    constexpr JET_GRBIT kFromKey = JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark;
    if ((grbit & ~kRetrieveGrbits) != 0 || (grbit & kFromKey) == kFromKey) return JET_errInvalidGrbit;
    if ((grbit & kFromKey) == 0 || c.temporary) return JET_errSuccess;
    const IndexDef* key = nullptr;
    if (const IndexDef* sx = SecondaryOf(c)) {
        key = (grbit & JET_bitRetrieveFromIndex) != 0 ? sx : c.table.PrimaryIndex();
        if (key == nullptr) return JET_errColumnNotFound;
    } else if (c.position == Position::kOnRecord) {
        key = c.table.PrimaryIndex();
    }
    if (key == nullptr) return JET_errSuccess;
    for (const IndexSegment& seg : key->segments) {
        if (seg.columnid == columnid) return JET_errSuccess;
    }
    return JET_errColumnNotFound;
}

// One column value out of a parsed record, with esent's NULL, default and truncation rules.
// REQUIRES: CheckRetrieve passed.
JET_ERR RetrieveFrom(CallView& view, const Cursor& c, const RecordView& rv, JET_COLUMNID columnid, void* pv,
                     JET_ULONG cb, JET_ULONG* pcb_actual, JET_ULONG itag_in, JET_ULONG ib,
                     JET_GRBIT grbit) {
    if (pv == nullptr && cb != 0) return JET_errInvalidParameter;
    const ColumnDef* col = c.table.FindColumn(columnid);
    if (col == nullptr) return JET_errColumnNotFound;
    const std::uint32_t itag = itag_in != 0 ? static_cast<std::uint32_t>(itag_in) : 1;
    storage::ColumnValue v;
    std::string_view bytes;
    std::string fetched;
    if (rv.Find(col->columnid, itag, &v) == storage::Presence::kValue) {
        bytes = v.bytes;
        if (v.separated) {  // a long value stored apart
            const JET_ERR err = FetchLongValue(view, c.table, v.bytes, &fetched);
            if (err < 0) return err;
            bytes = fetched;
        }
    } else if (itag == 1 && col->default_value.has_value() && (grbit & JET_bitRetrieveIgnoreDefault) == 0) {
        bytes = *col->default_value;
    } else {
        if (pcb_actual != nullptr) *pcb_actual = 0;
        return JET_wrnColumnNull;
    }
    if (IsLong(col->coltyp)) {  // [esent] ibLongValue is an offset into long values only
        bytes.remove_prefix(std::min<std::size_t>(ib, bytes.size()));
    }
    if (pcb_actual != nullptr) *pcb_actual = static_cast<JET_ULONG>(bytes.size());
    const std::size_t n = std::min<std::size_t>(cb, bytes.size());
    if (n != 0) std::memcpy(pv, bytes.data(), n);
    return bytes.size() > cb ? JET_wrnBufferTruncated : JET_errSuccess;
}

// [esent] JetRetrieveColumns with itagSequence 0: the number of values of the column (a default
// value counts as one) in *count, instead of data.
JET_ERR CountValuesOf(const Cursor& c, const RecordView& rv, JET_COLUMNID columnid, JET_ULONG* count) {
    const ColumnDef* col = c.table.FindColumn(columnid);
    if (col == nullptr) return JET_errColumnNotFound;
    const std::uint32_t n = rv.CountValues(col->columnid);
    *count = n == 0 && col->default_value.has_value() ? 1 : n;
    return JET_errSuccess;
}

}  // namespace

JET_ERR RetrieveColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, void* pv, JET_ULONG cb,
                       JET_ULONG* pcb_actual, JET_GRBIT grbit, JET_RETINFO* retinfo) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    err = CheckRetrieve(*x.c, columnid, grbit);
    if (err < 0) return err;
    if (retinfo != nullptr && retinfo->cbStruct != sizeof(JET_RETINFO)) return JET_errInvalidParameter;
    if (x.c->table.FindColumn(columnid) == nullptr) return JET_errColumnNotFound;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    std::string storage;
    std::string_view record;
    err = RecordForRetrieve(view, x, grbit, &storage, &record);
    if (err < 0) return view.Finish(err);
    RecordView rv;
    if (!rv.Parse(record).ok()) return view.Finish(JET_errDatabaseCorrupted);
    return view.Finish(RetrieveFrom(view, *x.c, rv, columnid, pv, cb, pcb_actual,
                                    retinfo != nullptr ? retinfo->itagSequence : 1,
                                    retinfo != nullptr ? retinfo->ibLongValue : 0, grbit));
}

JET_ERR RetrieveColumns(JET_SESID sesid, JET_TABLEID tableid, JET_RETRIEVECOLUMN* cols, JET_ULONG n) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (cols == nullptr && n != 0) return JET_errInvalidParameter;
    // One read of the record for every column (the copy buffer for those that ask for it).
    std::string current;
    std::string_view current_view;
    std::string copy;
    RecordView rv_current;
    RecordView rv_copy;
    bool have_current = false;
    bool have_copy = false;
    bool truncated = false;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    for (JET_ULONG i = 0; i < n; ++i) {
        JET_RETRIEVECOLUMN& r = cols[i];
        err = CheckRetrieve(*x.c, r.columnid, r.grbit);
        if (err < 0) {
            r.err = err;
            return view.Finish(err);
        }
        const bool from_copy = (r.grbit & JET_bitRetrieveCopy) != 0 && x.c->update.active;
        if (from_copy && !have_copy) {
            copy = x.c->update.record;
            if (!rv_copy.Parse(copy).ok()) return view.Finish(JET_errDatabaseCorrupted);
            have_copy = true;
        }
        if (!from_copy && !have_current) {
            err = RecordForRetrieve(view, x, 0, &current, &current_view);
            if (err < 0) return view.Finish(err);
            if (!rv_current.Parse(current_view).ok()) return view.Finish(JET_errDatabaseCorrupted);
            have_current = true;
        }
        const RecordView& rv = from_copy ? rv_copy : rv_current;
        if (r.itagSequence == 0) {
            r.err = CountValuesOf(*x.c, rv, r.columnid, &r.itagSequence);
            r.cbActual = 0;
        } else {
            r.err = RetrieveFrom(view, *x.c, rv, r.columnid, r.pvData, r.cbData, &r.cbActual, r.itagSequence,
                                 r.ibLongValue, r.grbit);
        }
        if (r.err < 0) return view.Finish(r.err);
        r.columnidNextTagged = r.columnid;
        truncated = truncated || r.err == JET_wrnBufferTruncated;
    }
    // [esent] a truncated column is the call's warning; JET_wrnColumnNull stays in the element.
    return view.Finish(truncated ? JET_wrnBufferTruncated : JET_errSuccess);
}

JET_ERR SetColumns(JET_SESID sesid, JET_TABLEID tableid, JET_SETCOLUMN* cols, JET_ULONG n) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (cols == nullptr && n != 0) return JET_errInvalidParameter;
    // [esent] checked before any element is looked at or set.
    if (!x.c->update.active) return JET_errUpdateNotPrepared;
    for (JET_ULONG i = 0; i < n; ++i) {
        if (cols[i].cbData > JET_cbLVColumnMost) return JET_errInvalidParameter;
    }
    bool inlined = false;
    JET_ERR last = JET_errSuccess;
    for (JET_ULONG i = 0; i < n; ++i) {
        JET_SETCOLUMN& sc = cols[i];
        if (!inlined && (sc.grbit & (JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV)) != 0) {
            CallView view(g, *x.d, *x.odb);
            if (view.err() < 0) return view.err();
            const JET_ERR e = view.Finish(InlineLongValues(view, x.c->table, &x.c->update.record));
            if (e < 0) return e;
            inlined = true;
        }
        JET_SETINFO info{sizeof(JET_SETINFO), sc.ibLongValue, sc.itagSequence};
        sc.err = SetColumnIn(*x.c, sc.columnid, sc.pvData, sc.cbData, sc.grbit, &info);
        if (sc.err < 0) return sc.err;
        last = sc.err;
    }
    return last;  // [esent] the last element's code
}

JET_ERR GetLock(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (grbit != JET_bitReadLock && grbit != JET_bitWriteLock) return JET_errInvalidGrbit;
    if (LevelOf(g) == 0) return JET_errNotInTransaction;
    Cursor& c = *x.c;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    std::string record;
    err = CurrentRecord(view, c, &record);
    if (err < 0) return view.Finish(err);
    if (grbit == JET_bitWriteLock) {
        if (c.read_only || x.odb->read_only) return view.Finish(JET_errPermissionDenied);
        err = view.BeginWrite();
        if (err >= 0) err = view.Lock(c.record_key);
    } else {
        err = view.ReadLock(c.record_key);
    }
    return view.Finish(err);
}

namespace {

std::int64_t ReadInt(std::string_view bytes) {
    if (bytes.size() == 4) {
        std::int32_t v = 0;
        std::memcpy(&v, bytes.data(), 4);
        return v;
    }
    std::int64_t v = 0;
    std::memcpy(&v, bytes.data(), std::min<std::size_t>(8, bytes.size()));
    return v;
}

// Adds `delta` to column `id` (of `size` bytes) of `record`; a NULL value counts as 0.
JET_ERR AddToColumn(std::string* record, JET_COLUMNID id, std::uint32_t size, std::int64_t delta,
                    std::int64_t* old_value) {
    RecordView rv;
    if (!rv.Parse(*record).ok()) return JET_errDatabaseCorrupted;
    storage::ColumnValue cv;
    const std::int64_t old = rv.Find(id, 1, &cv) == storage::Presence::kValue ? ReadInt(cv.bytes) : 0;
    if (old_value != nullptr) *old_value = old;
    const std::int64_t now = old + delta;
    char bytes[8];
    if (size == 4) {
        const auto v32 = static_cast<std::int32_t>(now);
        std::memcpy(bytes, &v32, 4);
    } else {
        std::memcpy(bytes, &now, 8);
    }
    const storage::ColumnValue value{std::string_view(bytes, size), false};
    return storage::EditRecord(record, id, 1, &value).ok() ? JET_errSuccess : JET_errInvalidParameter;
}

}  // namespace

JET_ERR EscrowUpdate(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, const void* pv, JET_ULONG cb,
                     void* pv_old, JET_ULONG cb_old, JET_ULONG* pcb_old_actual, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if ((grbit & ~static_cast<JET_GRBIT>(JET_bitEscrowNoRollback)) != 0) return JET_errInvalidGrbit;
    if (LevelOf(g) == 0) return JET_errNotInTransaction;
    Cursor& c = *x.c;
    const ColumnDef* col = c.table.FindColumn(columnid);
    if (col == nullptr) return JET_errColumnNotFound;
    if ((col->grbit & JET_bitColumnEscrowUpdate) == 0) return JET_errInvalidOperation;
    const std::uint32_t size = FixedSize(col->coltyp);
    if (pv == nullptr || cb != size) return JET_errInvalidBufferSize;
    if (c.update.active) return JET_errAlreadyPrepared;
    if (c.read_only || x.odb->read_only) return JET_errPermissionDenied;
    if (g.slot().read_only.load(std::memory_order_relaxed) != 0) return JET_errTransReadOnly;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    std::string record;
    err = CurrentRecord(view, c, &record);
    if (err >= 0) err = view.BeginWrite();
    if (err >= 0) err = view.Reserve(record.size());
    bool acquired = false;
    if (err >= 0) {
        std::uint64_t snapshot_seq = 0;
        err = view.SnapshotSeq(&snapshot_seq);
        if (err >= 0) err = LocksOf(*x.odb->db).EscrowLock(c.record_key, g.sesid(), snapshot_seq, &acquired);
    }
    if (err < 0) return view.Finish(err);
    if (acquired) x.odb->locked.push_back(c.record_key);
    const std::int64_t delta = ReadInt(std::string_view(static_cast<const char*>(pv), cb));
    std::int64_t old = 0;
    {
        // DECISIONS 20: the old value is the latest: the latest committed record's value plus
        // every live transaction's delta (this one's included), read and added to atomically, so
        // concurrent increments see distinct old values. A record this transaction holds the
        // write lock on (it replaced or inserted it) is its own: nobody else has deltas on it.
        AttachedDatabase& db = *x.odb->db;
        std::lock_guard escrow_lock(db.escrow_mu);
        std::int64_t latest = 0;
        bool from_latest = false;
        if (!LocksOf(db).Owns(c.record_key, g.sesid())) {
            err = RenewLatest(db, &db.escrow_snapshot);
            std::string_view committed;
            const storage::Status s = err < 0 ? storage::Status::Ok() : db.escrow_snapshot->Get(c.record_key, &committed);
            if (err >= 0 && s.ok()) {
                std::string copy(committed);
                err = AddToColumn(&copy, columnid, size, 0, &latest);
                from_latest = err >= 0;
            } else if (err >= 0 && !s.Is(storage::Code::kNotFound)) {
                err = FromStorage(s, JET_errDiskIO);
            }
            if (db.escrow_snapshot != nullptr) db.escrow_snapshot->Reset();
        }
        if (err >= 0) err = AddToColumn(&record, columnid, size, delta, &old);
        if (err < 0) return view.Finish(err);
        std::int64_t& pending = db.escrow_pending[{c.record_key, static_cast<std::uint32_t>(columnid)}];
        if (from_latest) old = latest + pending;
        pending += delta;
    }
    view.writes().Put(c.record_key, record);  // this transaction sees its own deltas at once
    x.odb->escrow.push_back({c.record_key, static_cast<std::uint32_t>(columnid), size, delta, LevelOf(g)});
    if (pcb_old_actual != nullptr) *pcb_old_actual = size;
    if (pv_old != nullptr) {
        char bytes[8];
        if (size == 4) {
            const auto v32 = static_cast<std::int32_t>(old);
            std::memcpy(bytes, &v32, 4);
        } else {
            std::memcpy(bytes, &old, 8);
        }
        std::memcpy(pv_old, bytes, std::min<std::size_t>(cb_old, size));
    }
    return view.Finish(JET_errSuccess);
}

void ReleaseEscrowPending(OpenDatabase& odb, std::uint8_t level) {
    std::map<std::pair<std::string, std::uint32_t>, std::int64_t>& pending = odb.db->escrow_pending;
    for (const OpenDatabase::EscrowDelta& e : odb.escrow) {
        if (e.level <= level) continue;
        auto it = pending.find({e.record_key, e.columnid});
        if (it == pending.end()) continue;
        it->second -= e.delta;
        if (it->second == 0) pending.erase(it);
    }
}

void ReleaseEscrowPendingLocked(OpenDatabase& odb, std::uint8_t level) {
    if (odb.escrow.empty() || odb.db == nullptr) return;
    std::lock_guard lock(odb.db->escrow_mu);
    ReleaseEscrowPending(odb, level);
}

JET_ERR MergeEscrow(JET_SESID sesid, OpenDatabase& odb, storage::WriteBatch* batch, const LatestRecord& latest) {
    // The escrowed records this transaction does not hold write locks on: their latest committed
    // bytes plus every delta of this transaction.
    AttachedDatabase& db = *odb.db;
    for (storage::WriteOp& op : *batch) {
        bool escrowed = false;
        for (const OpenDatabase::EscrowDelta& e : odb.escrow) escrowed = escrowed || e.record_key == op.key;
        if (!escrowed || LocksOf(db).Owns(op.key, sesid)) continue;
        std::string record;
        const JET_ERR found = latest(op.key, &record);
        if (found < 0) return found;
        for (const OpenDatabase::EscrowDelta& e : odb.escrow) {
            if (e.record_key != op.key) continue;
            const JET_ERR err = AddToColumn(&record, e.columnid, e.size, e.delta, nullptr);
            if (err < 0) return err;
        }
        op.value = std::move(record);
    }
    return JET_errSuccess;
}

JET_ERR SnapshotRecord(storage::Snapshot& snapshot, std::string_view key, std::string* record) {
    std::string_view bytes;
    const storage::Status s = snapshot.Get(key, &bytes);
    if (!s.ok()) return s.Is(storage::Code::kNotFound) ? JET_errRecordDeleted : FromStorage(s, JET_errDiskIO);
    record->assign(bytes);
    return JET_errSuccess;
}

}  // namespace jetstore::engine
