// Tables, columns and indexes: create, open, close, delete, rename, and their info calls.
#include "engine/ddl.h"

#include "engine/table_common.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <unordered_map>

namespace jetstore::engine {

JET_ERR CreateTable(JET_SESID sesid, JET_DBID dbid, const char* name, JET_ULONG pages, JET_ULONG density,
                    JET_TABLEID* ptableid, const char* template_name) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (ptableid == nullptr) return JET_errInvalidParameter;
    JET_ERR err = CheckName(name);
    if (err < 0) return err;
    if (density != 0 && (density < 20 || density > 100)) return JET_errDensityInvalid;
    SessionData& d = DataOf(g);
    OpenDatabase* odb = OpenDbOf(&d, dbid);
    if (odb == nullptr) return JET_errInvalidDatabaseId;
    CallView view(g, d, *odb);
    if (view.err() < 0) return view.err();
    err = view.BeginWrite();
    if (err < 0) return view.Finish(err);
    TableDef existing;
    err = LoadTableIn(view, name, &existing);
    if (err >= 0) return view.Finish(JET_errTableDuplicate);
    if (err != JET_errObjectNotFound) return view.Finish(err);
    const std::string tkey = TableKey(name);
    err = view.Lock(tkey);
    if (err < 0) return view.Finish(err);
    TableDef t;
    t.name = name;
    t.objid = odb->db->next_object_id.fetch_add(2, std::memory_order_relaxed);
    t.lv_objid = t.objid + 1;
    t.pages = static_cast<std::uint32_t>(pages);
    t.density = density == 0 ? 80 : static_cast<std::uint32_t>(density);
    if (template_name != nullptr) {
        // [esent] a derived table: the template's columns (same ids) and indexes (its own trees).
        TableDef tmpl;
        err = LoadTableIn(view, template_name, &tmpl);
        if (err < 0) return view.Finish(err);  // JET_errObjectNotFound
        if (!tmpl.Template()) return view.Finish(JET_errDDLNotInheritable);
        t.ddl_flags = JET_bitObjectTableDerived;
        if ((tmpl.ddl_flags & JET_bitObjectTableNoFixedVarColumnsInDerivedTables) != 0) {
            t.ddl_flags |= kDerivedTaggedColumnsOnly;
        }
        t.template_name = tmpl.name;
        t.next_fixed = t.template_next_fixed = tmpl.next_fixed;
        t.next_variable = t.template_next_variable = tmpl.next_variable;
        t.next_tagged = t.template_next_tagged = tmpl.next_tagged;
        for (const ColumnDef& col : tmpl.columns) {
            view.writes().Put(ColumnKey(t.objid, col.name), EncodeColumn(col));
            t.columns.push_back(col);
        }
        for (IndexDef x : tmpl.indexes) {
            x.objid = x.primary() ? t.objid : odb->db->next_object_id.fetch_add(1, std::memory_order_relaxed);
            view.writes().Put(IndexKey(t.objid, x.name), EncodeIndex(x));
            t.inherited_indexes.push_back(x.name);
            t.indexes.push_back(std::move(x));
        }
    }
    view.writes().Put(tkey, EncodeTable(t));
    err = NewCursor(g, d, dbid, t, false, ptableid);
    err = view.Finish(err);
    if (err < 0) {
        d.ForgetResolved();
        d.cursors.erase(*ptableid);
        *ptableid = JET_tableidNil;
    }
    return err;
}

JET_ERR FixTableDdl(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT create_grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    Cursor& c = *x.c;
    std::uint32_t flags = c.table.ddl_flags;
    if ((create_grbit & JET_bitTableCreateFixedDDL) != 0) flags |= JET_bitObjectTableFixedDDL;
    if ((create_grbit & JET_bitTableCreateTemplateTable) != 0) {
        flags |= JET_bitObjectTableTemplate | JET_bitObjectTableFixedDDL;  // [esent] a template's DDL is fixed
    }
    if ((create_grbit & JET_bitTableCreateNoFixedVarColumnsInDerivedTables) != 0) {
        flags |= JET_bitObjectTableNoFixedVarColumnsInDerivedTables;
    }
    if (flags == c.table.ddl_flags) return JET_errSuccess;
    TableDef t = c.table;
    t.ddl_flags = flags;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    err = view.BeginWrite();
    const std::string tkey = TableKey(t.name);
    if (err >= 0) err = view.Lock(tkey);
    if (err < 0) return view.Finish(err);
    view.writes().Put(tkey, EncodeTable(t));
    err = view.Finish(JET_errSuccess);
    if (err < 0) return err;
    x.d->schema_changed = true;
    c.table.ddl_flags = flags;
    // [esent] the cursor that created a fixed-DDL table (not a template) may still change it.
    if (c.table.FixedDDL() && !c.table.Template()) c.permit_ddl = true;
    return JET_errSuccess;
}

JET_ERR OpenTable(JET_SESID sesid, JET_DBID dbid, const char* name, JET_GRBIT grbit, JET_TABLEID* ptableid) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (name == nullptr || ptableid == nullptr) return JET_errInvalidParameter;
    constexpr JET_GRBIT kKnown = JET_bitTableDenyWrite | JET_bitTableDenyRead | JET_bitTableReadOnly |
                                 JET_bitTableUpdatable | JET_bitTablePermitDDL | JET_bitTableNoCache |
                                 JET_bitTablePreread | JET_bitTableOpportuneRead | JET_bitTableSequential |
                                 JET_bitTableClassMask;
    if ((grbit & ~kKnown) != 0) return JET_errInvalidGrbit;
    // [esent] DDL on a fixed-DDL table needs the table to itself.
    if ((grbit & JET_bitTablePermitDDL) != 0 && (grbit & JET_bitTableDenyRead) == 0) return JET_errInvalidGrbit;
    SessionData& d = DataOf(g);
    OpenDatabase* odb = OpenDbOf(&d, dbid);
    if (odb == nullptr) return JET_errInvalidDatabaseId;
    if ((grbit & JET_bitTableUpdatable) != 0 && odb->read_only) return JET_errPermissionDenied;
    CallView view(g, d, *odb);
    if (view.err() < 0) return view.err();
    TableDef t;
    JET_ERR err = LoadTableIn(view, name, &t);
    if (err < 0) return view.Finish(err);
    if (LevelOf(g) > 0 && LocksOf(*odb->db).ChangedAfter(TableKey(name), view.Seq(), g.sesid())) {
        // Another session changed the table's row after this transaction's snapshot: if it
        // deleted or renamed the table, the snapshot's table is gone and must not be written to.
        std::unique_ptr<storage::Snapshot> latest;
        err = NewLatestSnapshot(*odb->db, &latest);
        if (err < 0) return view.Finish(err);
        TableDef now;
        auto it = latest->NewIterator();
        err = LoadTable(*it, name, &now);
        it.reset();
        if (err == JET_errObjectNotFound || (err >= 0 && now.objid != t.objid)) return view.Finish(JET_errObjectNotFound);
        if (err < 0) return view.Finish(err);
    }
    const bool read_only = odb->read_only || (grbit & JET_bitTableReadOnly) != 0;
    err = view.Finish(NewCursor(g, d, dbid, std::move(t), read_only, ptableid, (grbit & JET_bitTableDenyRead) != 0,
                                (grbit & JET_bitTableDenyWrite) != 0));
    if (err >= 0 && (grbit & JET_bitTablePermitDDL) != 0) d.cursors.at(*ptableid)->permit_ddl = true;
    return err;
}

JET_ERR CloseTable(JET_SESID sesid, JET_TABLEID tableid) {
    CallGuard g(sesid, true);  // exempt from stop-service
    if (g.err() < 0) return g.err();
    SessionData* d = DataIfAny(g);
    if (CursorOf(d, tableid) == nullptr) return JET_errInvalidTableId;
    CloseCursor(*d, tableid);
    return JET_errSuccess;
}

JET_ERR DeleteTable(JET_SESID sesid, JET_DBID dbid, const char* name) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (name == nullptr) return JET_errInvalidParameter;
    SessionData& d = DataOf(g);
    OpenDatabase* odb = OpenDbOf(&d, dbid);
    if (odb == nullptr) return JET_errInvalidDatabaseId;
    for (const auto& [id, c] : d.cursors) {
        if (c->dbid == dbid && c->table.name == name) return JET_errTableInUse;
    }
    CallView view(g, d, *odb);
    if (view.err() < 0) return view.err();
    JET_ERR err = view.BeginWrite();
    if (err < 0) return view.Finish(err);
    TableDef t;
    err = LoadTableIn(view, name, &t);
    if (err < 0) return view.Finish(err);
    if (odb->db->opens != nullptr && odb->db->opens->AnyOpen(t.objid)) return view.Finish(JET_errTableInUse);
    if (t.Template()) return view.Finish(JET_errCannotDeleteTemplateTable);  // [esent]
    const std::string tkey = TableKey(name);
    err = view.Lock(tkey);
    // No other session may open it until this transaction ends.
    if (err >= 0) err = ReserveTable(g, d, *odb->db, t.objid);
    if (err < 0) return view.Finish(err);
    // Every key of the table, its long values and its catalog rows.
    std::vector<std::string> doomed;
    auto it = view.Iterator();
    for (const std::string& prefix : {ObjectPrefix(t.objid), ObjectPrefix(t.lv_objid), ColumnPrefix(t.objid),
                                      IndexPrefix(t.objid)}) {
        for (storage::Status s = it->SeekGE(prefix); s.ok() && it->Valid() && HasPrefix(it->key(), prefix);
             s = it->Next()) {
            doomed.emplace_back(it->key());
        }
    }
    for (const IndexDef& x : t.indexes) {
        const std::string prefix = ObjectPrefix(x.objid);
        for (storage::Status s = it->SeekGE(prefix); s.ok() && it->Valid() && HasPrefix(it->key(), prefix);
             s = it->Next()) {
            doomed.emplace_back(it->key());
        }
    }
    it.reset();
    for (const std::string& k : doomed) view.writes().Delete(k);
    if (t.stats_pages != 0) view.writes().Delete(StatsKey(t.objid));
    view.writes().Delete(tkey);
    err = view.Finish(JET_errSuccess);
    // Its local storage and callbacks go with it once the delete is committed (inside a
    // transaction they stay until the database is detached: object ids are never reused).
    if (err >= 0 && LevelOf(g) == 0) odb->db->hooks.Forget(t.objid);
    return err;
}

JET_ERR ComputeStatsIn(CallGuard& g, CursorContext& x) {
    Cursor& c = *x.c;
    // A temporary table keeps no statistics (esent reports none for it either).
    if (c.temporary) return JET_errSuccess;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    JET_ERR err = view.BeginWrite();
    if (err < 0) return view.Finish(err);
    // [esent] the records of the table (its clustered index) and the pages they fill.
    const std::string prefix = ObjectPrefix(c.table.objid);
    std::uint64_t records = 0;
    std::uint64_t bytes = 0;
    auto it = view.Iterator();
    storage::Status s;
    for (s = it->SeekGE(prefix); s.ok() && it->Valid() && HasPrefix(it->key(), prefix); s = it->Next()) {
        ++records;
        bytes += it->key().size() + it->value().size();
    }
    it.reset();
    if (!s.ok()) return view.Finish(FromStorage(s, JET_errDiskIO));
    const std::uint64_t page = static_cast<std::uint64_t>(g.record().params.Int(JET_paramDatabasePageSize));
    const auto clamp = [](std::uint64_t v) { return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, UINT32_MAX)); };
    const std::uint32_t n = clamp(records);
    const std::uint32_t pages = std::max<std::uint32_t>(1, clamp((bytes + page - 1) / page));
    const std::string key = StatsKey(c.table.objid);
    err = view.Lock(key);
    if (err < 0) return view.Finish(err);
    view.writes().Put(key, EncodeStats(n, pages));
    return view.Finish(JET_errSuccess);
}

// ---- columns ---------------------------------------------------------------------------------

namespace {

// Re-reads the cursor's table definition through `view`: another session may have changed the
// table's DDL since the cursor was opened, and a DDL call must check against (and build on) what
// the table is now. The table row's lock, taken later in the same view, conflicts with any change
// after this view's snapshot.
JET_ERR RefreshDefinition(CallView& view, Cursor& c) {
    TableDef t;
    const JET_ERR err = LoadTableIn(view, c.table.name, &t);
    if (err < 0) return err;
    if (t.objid != c.table.objid) return JET_errObjectNotFound;  // the cursor's table is gone
    AdoptDefinition(c, std::move(t));
    return JET_errSuccess;
}

}  // namespace

JET_ERR AddColumn(JET_SESID sesid, JET_TABLEID tableid, const char* name, const JET_COLUMNDEF* def, const void* pv_default,
                  JET_ULONG cb_default, JET_COLUMNID* pcolumnid) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    SessionData* d = DataIfAny(g);
    Cursor* c = CursorOf(d, tableid);
    if (c == nullptr) return JET_errInvalidTableId;
    JET_ERR err = DdlAllowed(*c);  // [esent] before the column's own checks
    if (err < 0) return err;
    // JET_COLUMNDEF has one form: any other cbStruct is refused before another field is read.
    if (def == nullptr || def->cbStruct != sizeof(JET_COLUMNDEF)) return JET_errInvalidParameter;
    // [esent] the column's checks, in esent's order (ErrFILEIValidateAddColumn).
    if (def->cbMax > JET_cbLVColumnMost) return JET_errInvalidParameter;
    err = CheckName(name);
    if (err < 0) return err;
    if (!ValidType(def->coltyp)) return JET_errInvalidColumnType;
    ColumnDef col;
    col.name = name;
    col.coltyp = def->coltyp;
    col.cbMax = static_cast<std::uint32_t>(def->cbMax);
    col.grbit = def->grbit;
    const bool text = col.coltyp == JET_coltypText || col.coltyp == JET_coltypLongText;
    col.cp = text ? (def->cp == 0 ? 1252 : def->cp) : 0;
    if (text && col.cp != 1200 && col.cp != 1252) return JET_errInvalidCodePage;
    const JET_GRBIT grbit = def->grbit;
    if ((grbit & JET_bitColumnTagged) != 0 || IsLong(col.coltyp)) {
        if ((grbit & JET_bitColumnFixed) != 0) return JET_errInvalidGrbit;
    } else if ((grbit & JET_bitColumnMultiValued) != 0) {
        return JET_errMultiValuedColumnMustBeTagged;
    }
    if ((grbit & JET_bitColumnEscrowUpdate) != 0) {
        // [esent] an escrow column is a fixed Long or LongLong with a default value, so that
        // every record holds it.
        if (col.coltyp != JET_coltypLong && col.coltyp != JET_coltypLongLong) return JET_errInvalidGrbit;
        if ((grbit & JET_bitColumnTagged) != 0) return JET_errCannotBeTagged;
        if ((grbit & JET_bitColumnAutoincrement) != 0) return JET_errInvalidGrbit;
        if (pv_default == nullptr || cb_default == 0) return JET_errInvalidGrbit;
    } else if ((grbit & JET_bitColumnAutoincrement) != 0) {
        if (col.coltyp != JET_coltypLong && col.coltyp != JET_coltypLongLong && col.coltyp != JET_coltypCurrency) {
            return JET_errInvalidGrbit;
        }
        if ((grbit & JET_bitColumnTagged) != 0) return JET_errCannotBeTagged;
    }
    if ((c->table.ddl_flags & kDerivedTaggedColumnsOnly) != 0 && (grbit & JET_bitColumnTagged) == 0 &&
        !IsLong(col.coltyp)) {
        return JET_errCannotAddFixedVarColumnToDerivedTable;  // [esent] the template allows tagged ones only
    }
    if (pv_default == nullptr && cb_default != 0) return JET_errInvalidParameter;
    if (cb_default > (IsLong(col.coltyp) ? JET_cbLVDefaultValueMost : JET_cbColumnMost)) return JET_errDefaultValueTooBig;
    if (col.cbMax != 0 && cb_default > col.cbMax) return JET_errDefaultValueTooBig;  // [esent]
    if (pv_default != nullptr) {
        col.default_value = std::string(static_cast<const char*>(pv_default), cb_default);
        err = CheckValueSize(col, cb_default);
        if (err < 0) return JET_errInvalidParameter;
    }
    OpenDatabase* odb = OpenDbOf(d, c->dbid);
    if (odb == nullptr) return JET_errInvalidDatabaseId;
    CallView view(g, *d, *odb);
    if (view.err() < 0) return view.err();
    err = view.BeginWrite();
    if (err < 0) return view.Finish(err);
    const std::string tkey = TableKey(c->table.name);
    err = view.Lock(tkey);
    if (err < 0) return view.Finish(err);
    // The definition as this view has it, not the cursor's copy: another session may have added
    // columns since the cursor was opened, and their ids must not be handed out again.
    err = RefreshDefinition(view, *c);
    if (err < 0) return view.Finish(err);
    TableDef t = c->table;
    if (t.FindColumn(std::string_view(name)) != nullptr) return view.Finish(JET_errColumnDuplicate);
    err = AssignColumnId(t, col);
    if (err < 0) return view.Finish(err);
    view.writes().Put(tkey, EncodeTable(t));
    view.writes().Put(ColumnKey(t.objid, col.name), EncodeColumn(col));
    err = view.Finish(JET_errSuccess);
    if (err < 0) return err;
    d->schema_changed = true;
    t.columns.push_back(col);
    AdoptDefinition(*c, std::move(t));
    if (pcolumnid != nullptr) *pcolumnid = col.columnid;
    return JET_errSuccess;
}

JET_ERR DeleteColumn(JET_SESID sesid, JET_TABLEID tableid, const char* name, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    SessionData* d = DataIfAny(g);
    Cursor* c = CursorOf(d, tableid);
    if (c == nullptr) return JET_errInvalidTableId;
    if (name == nullptr) return JET_errInvalidParameter;
    if ((grbit & ~static_cast<JET_GRBIT>(JET_bitDeleteColumnIgnoreTemplateColumns)) != 0) return JET_errInvalidGrbit;
    const JET_ERR allowed = DdlAllowed(*c);
    if (allowed < 0) return allowed;
    OpenDatabase* odb = OpenDbOf(d, c->dbid);
    if (odb == nullptr) return JET_errInvalidDatabaseId;
    CallView view(g, *d, *odb);
    if (view.err() < 0) return view.err();
    JET_ERR err = RefreshDefinition(view, *c);
    if (err < 0) return view.Finish(err);
    const ColumnDef* col = c->table.FindColumn(std::string_view(name));
    if (col == nullptr) return JET_errColumnNotFound;
    if (c->table.Inherited(*col)) {
        // [esent] IgnoreTemplateColumns looks among the derived table's own columns only.
        return (grbit & JET_bitDeleteColumnIgnoreTemplateColumns) != 0 ? JET_errColumnNotFound
                                                                       : JET_errFixedInheritedDDL;
    }
    for (const IndexDef& x : c->table.indexes) {
        for (const IndexSegment& s : x.segments) {
            if (s.columnid == col->columnid) return JET_errColumnInUse;
        }
    }
    err = view.BeginWrite();
    if (err < 0) return view.Finish(err);
    err = view.Lock(TableKey(c->table.name));
    if (err < 0) return view.Finish(err);
    view.writes().Delete(ColumnKey(c->table.objid, col->name));
    err = view.Finish(JET_errSuccess);
    if (err < 0) return err;
    d->schema_changed = true;
    // Records keep the old values under the id; ids are never reused, so they stay invisible.
    std::erase_if(c->table.columns, [&](const ColumnDef& x) { return x.name == name; });
    return JET_errSuccess;
}

JET_ERR RenameColumn(JET_SESID sesid, JET_TABLEID tableid, const char* name, const char* new_name, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    SessionData* d = DataIfAny(g);
    Cursor* c = CursorOf(d, tableid);
    if (c == nullptr) return JET_errInvalidTableId;
    if (name == nullptr || new_name == nullptr) return JET_errInvalidParameter;
    if (grbit != 0) return JET_errInvalidGrbit;
    JET_ERR err = DdlAllowed(*c);
    if (err < 0) return err;
    err = CheckName(new_name);
    if (err < 0) return err;
    OpenDatabase* odb = OpenDbOf(d, c->dbid);
    if (odb == nullptr) return JET_errInvalidDatabaseId;
    CallView view(g, *d, *odb);
    if (view.err() < 0) return view.err();
    err = view.BeginWrite();
    if (err < 0) return view.Finish(err);
    const std::string tkey = TableKey(c->table.name);
    err = view.Lock(tkey);  // DDL on one table is serialized by its row's lock
    if (err >= 0) err = RefreshDefinition(view, *c);
    if (err < 0) return view.Finish(err);
    const ColumnDef* col = c->table.FindColumn(std::string_view(name));
    if (col == nullptr) return view.Finish(JET_errColumnNotFound);
    if (c->table.Inherited(*col)) return view.Finish(JET_errFixedInheritedDDL);  // the template's
    // [esent] names compare without regard to case: renaming to another case of itself is allowed.
    const ColumnDef* other = c->table.FindColumn(std::string_view(new_name));
    if (other != nullptr && other != col) return view.Finish(JET_errColumnDuplicate);
    ColumnDef renamed = *col;
    renamed.name = new_name;
    // Indexes name their columns by id: only the column's own row moves.
    view.writes().Delete(ColumnKey(c->table.objid, col->name));
    view.writes().Put(ColumnKey(c->table.objid, renamed.name), EncodeColumn(renamed));
    err = view.Finish(JET_errSuccess);
    if (err < 0) return err;
    d->schema_changed = true;
    for (ColumnDef& x : c->table.columns) {
        if (x.columnid == renamed.columnid) x.name = renamed.name;
    }
    return JET_errSuccess;
}

JET_ERR SetColumnDefaultValue(JET_SESID sesid, JET_DBID dbid, const char* table, const char* column, const void* pv,
                              JET_ULONG cb, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (table == nullptr || column == nullptr) return JET_errInvalidParameter;
    if (grbit != 0) return JET_errInvalidGrbit;
    if (pv == nullptr && cb != 0) return JET_errInvalidParameter;
    SessionData& d = DataOf(g);
    OpenDatabase* odb = OpenDbOf(&d, dbid);
    if (odb == nullptr || odb->memory != nullptr) return JET_errInvalidDatabaseId;
    CallView view(g, d, *odb);
    if (view.err() < 0) return view.err();
    JET_ERR err = view.BeginWrite();
    if (err < 0) return view.Finish(err);
    const std::string tkey = TableKey(table);
    err = view.Lock(tkey);
    if (err < 0) return view.Finish(err);
    TableDef t;
    err = LoadTableIn(view, table, &t);
    if (err < 0) return view.Finish(err);
    if (t.Template() || t.FixedDDL()) return view.Finish(JET_errFixedDDL);
    const ColumnDef* col = t.FindColumn(std::string_view(column));
    if (col == nullptr) return view.Finish(JET_errColumnNotFound);
    if (t.Inherited(*col)) return view.Finish(JET_errFixedInheritedDDL);
    ColumnDef changed = *col;
    if (pv == nullptr) {
        // No value: the column has no default from now on (an escrow column needs one).
        if ((changed.grbit & JET_bitColumnEscrowUpdate) != 0) return view.Finish(JET_errInvalidParameter);
        changed.default_value.reset();
    } else {
        // [esent] as JetAddColumn checks a default value.
        if (cb > (IsLong(changed.coltyp) ? JET_cbLVDefaultValueMost : JET_cbColumnMost)) {
            return view.Finish(JET_errDefaultValueTooBig);
        }
        if (changed.cbMax != 0 && cb > changed.cbMax) return view.Finish(JET_errDefaultValueTooBig);
        if (CheckValueSize(changed, cb) < 0) return view.Finish(JET_errInvalidParameter);
        if ((changed.grbit & JET_bitColumnEscrowUpdate) != 0 && cb == 0) return view.Finish(JET_errInvalidParameter);
        changed.default_value = std::string(static_cast<const char*>(pv), cb);
    }
    view.writes().Put(ColumnKey(t.objid, changed.name), EncodeColumn(changed));
    err = view.Finish(JET_errSuccess);
    if (err < 0) return err;
    d.schema_changed = true;
    // The session's own cursors on the table read records with the new default at once.
    for (auto& [id, cur] : d.cursors) {
        if (cur->dbid != dbid || cur->table.objid != t.objid) continue;
        for (ColumnDef& x : cur->table.columns) {
            if (x.columnid == changed.columnid) x.default_value = changed.default_value;
        }
    }
    return JET_errSuccess;
}

namespace {

JET_ERR FillColumnInfo(const TableDef& t, const ColumnDef& col, void* pv, JET_ULONG cb, JET_ULONG level) {
    const JET_ULONG base_level = BaseInfoLevel(level);
    if (base_level == JET_ColInfo || base_level == JET_ColInfoByColid) {
        if (cb < sizeof(JET_COLUMNDEF)) return JET_errBufferTooSmall;
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.columnid = col.columnid;
        def.coltyp = col.coltyp;
        def.wCountry = kReportedCountry;
        def.langid = kReportedLangid;
        def.cp = col.cp;
        def.cbMax = col.cbMax;
        def.grbit = ReportedGrbit(col);
        std::memcpy(pv, &def, sizeof def);
        return JET_errSuccess;
    }
    if (base_level == JET_ColInfoBase || base_level == JET_ColInfoBaseByColid) {
        if (cb < sizeof(JET_COLUMNBASE)) return JET_errBufferTooSmall;
        JET_COLUMNBASE b{};
        b.cbStruct = sizeof b;
        b.columnid = col.columnid;
        b.coltyp = col.coltyp;
        b.wCountry = kReportedCountry;
        b.langid = kReportedLangid;
        b.cp = col.cp;
        b.cbMax = col.cbMax;
        b.grbit = ReportedGrbit(col);
        // [esent] an inherited column's base table is the template.
        const std::string& base = t.Inherited(col) ? t.template_name : t.name;
        std::snprintf(b.szBaseTableName, sizeof b.szBaseTableName, "%s", base.c_str());
        std::snprintf(b.szBaseColumnName, sizeof b.szBaseColumnName, "%s", col.name.c_str());
        std::memcpy(pv, &b, sizeof b);
        return JET_errSuccess;
    }
    return JET_errInvalidParameter;
}

// The column info levels that return a value (the list levels: ColumnListOf, info_list.cc).
JET_ERR ColumnInfoOf(const TableDef& t, const char* name, void* pv, JET_ULONG cb, JET_ULONG level) {
    if (pv == nullptr) return JET_errInvalidParameter;
    const JET_ULONG base_level = BaseInfoLevel(level);
    const ColumnDef* col = nullptr;
    if (base_level == JET_ColInfoByColid || base_level == JET_ColInfoBaseByColid) {
        if (name == nullptr) return JET_errInvalidParameter;
        JET_COLUMNID id = 0;
        std::memcpy(&id, name, sizeof id);
        col = t.FindColumn(id);
    } else {
        if (name == nullptr) return JET_errInvalidParameter;
        col = t.FindColumn(std::string_view(name));
    }
    if (col == nullptr) return JET_errColumnNotFound;
    return FillColumnInfo(t, *col, pv, cb, level);
}

}  // namespace

JET_ERR GetTableColumnInfo(JET_SESID sesid, JET_TABLEID tableid, const char* name, void* pv, JET_ULONG cb,
                           JET_ULONG level) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    Cursor* c = CursorOf(DataIfAny(g), tableid);
    if (c == nullptr) return JET_errInvalidTableId;
    if (IsColumnListLevel(level)) return ColumnListOf(g, c->table, pv, cb, level);
    return ColumnInfoOf(c->table, name, pv, cb, level);
}

JET_ERR GetColumnInfo(JET_SESID sesid, JET_DBID dbid, const char* table, const char* name, void* pv,
                      JET_ULONG cb, JET_ULONG level) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (table == nullptr) return JET_errInvalidParameter;
    SessionData& d = DataOf(g);
    OpenDatabase* odb = OpenDbOf(&d, dbid);
    if (odb == nullptr) return JET_errInvalidDatabaseId;
    TableDef t;
    {
        CallView view(g, d, *odb);
        if (view.err() < 0) return view.err();
        const JET_ERR err = view.Finish(LoadTableIn(view, table, &t));
        if (err < 0) return err;
    }
    // The table's definition is read: the list's temporary table is made outside that view.
    if (IsColumnListLevel(level)) return ColumnListOf(g, t, pv, cb, level);
    return ColumnInfoOf(t, name, pv, cb, level);
}

// ---- the primary index -----------------------------------------------------------------------

JET_ERR CreateIndexCall(JET_SESID sesid, JET_TABLEID tableid, const char* name, JET_GRBIT grbit, const char* key,
                           JET_ULONG cb_key, JET_ULONG density) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    SessionData* d = DataIfAny(g);
    Cursor* c = CursorOf(d, tableid);
    if (c == nullptr) return JET_errInvalidTableId;
    JET_ERR err = DdlAllowed(*c);  // [esent] before the index's own checks
    if (err < 0) return err;
    err = CheckName(name);
    if (err < 0) return err;
    if (key == nullptr || cb_key < 2) return JET_errIndexInvalidDef;
    if (density != 0 && (density < 20 || density > 100)) return JET_errDensityInvalid;
    OpenDatabase* odb = OpenDbOf(d, c->dbid);
    if (odb == nullptr) return JET_errInvalidDatabaseId;
    CallView view(g, *d, *odb);
    if (view.err() < 0) return view.err();
    err = RefreshDefinition(view, *c);
    if (err < 0) return view.Finish(err);
    if (c->table.FindIndex(std::string_view(name)) != nullptr) return JET_errIndexDuplicate;
    const bool primary = (grbit & JET_bitIndexPrimary) != 0;
    if (primary && c->table.PrimaryIndex() != nullptr) return JET_errIndexHasPrimary;
    if (primary && (grbit & (JET_bitIndexIgnoreNull | JET_bitIndexIgnoreAnyNull | JET_bitIndexIgnoreFirstNull)) != 0) {
        return JET_errInvalidGrbit;  // [esent] every record is in the primary index
    }
    IndexDef x;
    x.name = name;
    x.grbit = primary ? (grbit | JET_bitIndexUnique) : grbit;
    // A secondary entry is its key plus the primary key, within LMDB's key limit (511 bytes).
    if (!primary) {
        const IndexDef* p = c->table.PrimaryIndex();
        const std::uint32_t pk_most = p != nullptr ? p->key_most : 8;
        x.key_most = std::min<std::uint32_t>(JET_cbKeyMostMin, 507 - pk_most);
    }
    x.density = density == 0 ? 100 : static_cast<std::uint32_t>(density);
    // "+col1\0-col2\0\0": each segment a sign and a column name.
    std::size_t pos = 0;
    while (pos < cb_key && key[pos] != '\0') {
        const char* seg = key + pos;
        const std::size_t n = strnlen(seg, cb_key - pos);
        std::string_view s(seg, n);
        bool descending = false;
        if (s.front() == '+' || s.front() == '-') {
            descending = s.front() == '-';
            s.remove_prefix(1);
        }
        const ColumnDef* col = c->table.FindColumn(s);
        if (col == nullptr) return JET_errColumnNotFound;
        // [esent] a secondary index keys a long value by its first bytes; the primary key (the
        // records' own tree) takes no long value.
        if (IsLong(col->coltyp) && primary) return JET_errIndexInvalidDef;
        for (const IndexSegment& other : x.segments) {
            if (other.columnid == col->columnid) return JET_errIndexInvalidDef;  // [esent] a column once
        }
        x.segments.push_back({col->columnid, descending});
        pos += n + 1;
    }
    if (x.segments.empty() || x.segments.size() > JET_ccolKeyMost) return JET_errIndexInvalidDef;
    err = view.BeginWrite();
    if (err < 0) return view.Finish(err);
    err = view.Lock(TableKey(c->table.name));
    if (err < 0) return view.Finish(err);
    if (primary) {
        auto it = view.Iterator();
        const std::string prefix = ObjectPrefix(c->table.objid);
        const storage::Status s = it->SeekGE(prefix);
        if (!s.ok()) return view.Finish(FromStorage(s, JET_errDiskIO));
        if (it->Valid() && HasPrefix(it->key(), prefix)) return view.Finish(JET_errTableNotEmpty);  // [esent]
        x.objid = c->table.objid;  // the primary index is the table's own tree
    } else {
        x.objid = odb->db->next_object_id.fetch_add(1, std::memory_order_relaxed);
        // Entries for the records already there (read first: the index's writes join the same set).
        std::vector<std::pair<std::string, std::string>> records;
        {
            auto it = view.Iterator();
            const std::string prefix = ObjectPrefix(c->table.objid);
            storage::Status s;
            for (s = it->SeekGE(prefix); s.ok() && it->Valid() && HasPrefix(it->key(), prefix); s = it->Next()) {
                records.emplace_back(std::string(it->key()), std::string(it->value()));
            }
            if (!s.ok()) return view.Finish(FromStorage(s, JET_errDiskIO));
        }
        TableDef only = c->table;
        only.indexes.assign(1, x);
        for (const auto& [rkey, rec] : records) {
            err = MaintainSecondaryIndexes(view, only, nullptr, &rec, std::string_view(rkey).substr(4));
            if (err < 0) return view.Finish(err);
        }
    }
    view.writes().Put(IndexKey(c->table.objid, x.name), EncodeIndex(x));
    err = view.Finish(JET_errSuccess);
    if (err < 0) return err;
    d->schema_changed = true;
    c->table.indexes.push_back(std::move(x));
    return JET_errSuccess;
}

JET_ERR GetTableInfo(JET_SESID sesid, JET_TABLEID tableid, void* pv, JET_ULONG cb, JET_ULONG level) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (pv == nullptr) return JET_errInvalidParameter;
    const Cursor& c = *x.c;
    switch (level) {
        case JET_TblInfo: {
            if (cb < sizeof(JET_OBJECTINFO)) return JET_errBufferTooSmall;
            JET_OBJECTINFO info = ObjectInfoOf(c.table, c.read_only || x.odb->read_only, true);
            if (!c.temporary) {
                // The statistics as the session sees them now (JetComputeStats, perhaps through
                // another cursor, or rolled back since).
                CallView view(g, *x.d, *x.odb);
                TableDef now;
                const JET_ERR loaded = view.Finish(LoadTableIn(view, c.table.name, &now));
                if (loaded < 0 && loaded != JET_errObjectNotFound) return loaded;
                info.cRecord = loaded < 0 ? 0 : now.stats_records;
            }
            std::memcpy(pv, &info, sizeof info);
            return JET_errSuccess;
        }
        case JET_TblInfoName:
        case JET_TblInfoTemplateTableName: {
            const std::string v = level == JET_TblInfoName ? c.table.name : c.table.template_name;
            if (cb < v.size() + 1) return JET_errBufferTooSmall;
            std::memcpy(pv, v.c_str(), v.size() + 1);
            return JET_errSuccess;
        }
        case JET_TblInfoDbid: {
            if (cb < sizeof(JET_DBID)) return JET_errBufferTooSmall;
            const JET_DBID dbid = c.dbid;
            std::memcpy(pv, &dbid, sizeof dbid);
            return JET_errSuccess;
        }
        case JET_TblInfoSpaceOwned:
        case JET_TblInfoSpaceAvailable: {
            if (cb < sizeof(JET_ULONG)) return JET_errBufferTooSmall;
            const JET_ULONG pages = level == JET_TblInfoSpaceOwned ? std::max<JET_ULONG>(1, c.table.pages) : 0;
            std::memcpy(pv, &pages, sizeof pages);
            return JET_errSuccess;
        }
        default:
            return JET_errInvalidParameter;
    }
}

JET_ERR DeleteIndex(JET_SESID sesid, JET_TABLEID tableid, const char* name) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    Cursor& c = *x.c;
    err = DdlAllowed(c);
    if (err < 0) return err;
    if (name == nullptr) return JET_errInvalidParameter;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    err = RefreshDefinition(view, c);
    if (err < 0) return view.Finish(err);
    const IndexDef* idx = c.table.FindIndex(std::string_view(name));
    if (idx == nullptr) return JET_errIndexNotFound;
    if (c.table.Inherited(*idx)) return JET_errFixedInheritedDDL;
    if (idx->primary()) return JET_errIndexMustStay;  // [esent] the clustered index cannot be deleted
    // [esent] not while a cursor of this session has it current (other sessions' cursors that do
    // fall back to the clustered index when they next read the definition).
    for (const auto& [id, other] : x.d->cursors) {
        if (other->dbid == c.dbid && other->table.objid == c.table.objid && other->index_name == name) {
            return JET_errIndexInUse;
        }
    }
    err = view.BeginWrite();
    if (err >= 0) err = view.Lock(TableKey(c.table.name));
    if (err < 0) return view.Finish(err);
    std::vector<std::string> doomed;
    {
        auto it = view.Iterator();
        const std::string prefix = ObjectPrefix(idx->objid);
        storage::Status s;
        for (s = it->SeekGE(prefix); s.ok() && it->Valid() && HasPrefix(it->key(), prefix); s = it->Next()) {
            doomed.emplace_back(it->key());
        }
        if (!s.ok()) return view.Finish(FromStorage(s, JET_errDiskIO));
    }
    for (const std::string& k : doomed) view.writes().Delete(k);
    view.writes().Delete(IndexKey(c.table.objid, idx->name));
    err = view.Finish(JET_errSuccess);
    if (err < 0) return err;
    x.d->schema_changed = true;
    std::erase_if(c.table.indexes, [&](const IndexDef& i) { return i.name == name; });
    return JET_errSuccess;
}

JET_ERR RenameTable(JET_SESID sesid, JET_DBID dbid, const char* name, const char* new_name) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (name == nullptr || new_name == nullptr) return JET_errInvalidParameter;
    JET_ERR err = CheckName(new_name);
    if (err < 0) return err;
    SessionData& d = DataOf(g);
    OpenDatabase* odb = OpenDbOf(&d, dbid);
    if (odb == nullptr) return JET_errInvalidDatabaseId;
    for (const auto& [id, c] : d.cursors) {
        if (c->dbid == dbid && c->table.name == name) return JET_errTableInUse;
    }
    CallView view(g, d, *odb);
    if (view.err() < 0) return view.err();
    err = view.BeginWrite();
    if (err < 0) return view.Finish(err);
    TableDef t;
    err = LoadTableIn(view, name, &t);
    if (err < 0) return view.Finish(err);
    if (odb->db->opens != nullptr && odb->db->opens->AnyOpen(t.objid)) return view.Finish(JET_errTableInUse);
    err = ReserveTable(g, d, *odb->db, t.objid);  // no other session opens it by its old name meanwhile
    if (err < 0) return view.Finish(err);
    // Derived tables name their template: it keeps its name as it keeps its DDL.
    if (t.Template()) return view.Finish(JET_errFixedDDL);
    TableDef other;
    err = LoadTableIn(view, new_name, &other);
    if (err >= 0) return view.Finish(JET_errTableDuplicate);
    if (err != JET_errObjectNotFound) return view.Finish(err);
    // Columns and indexes are keyed by the table's object id: only the name row moves.
    const std::string from = TableKey(name);
    const std::string to = TableKey(new_name);
    err = view.Lock(from);
    if (err >= 0) err = view.Lock(to);
    if (err < 0) return view.Finish(err);
    view.writes().Delete(from);
    view.writes().Put(to, EncodeTable(t));
    return view.Finish(JET_errSuccess);
}

namespace {

// The index info levels that return a value (the list levels: IndexListOf, info_list.cc).
JET_ERR IndexInfoOf(const TableDef& t, const char* name, void* pv, JET_ULONG cb, JET_ULONG level) {
    if (pv == nullptr) return JET_errInvalidParameter;
    auto put_ulong = [&](JET_ULONG v) {
        if (cb < sizeof v) return JET_errBufferTooSmall;
        std::memcpy(pv, &v, sizeof v);
        return JET_errSuccess;
    };
    if (level == JET_IdxInfoCount) return put_ulong(static_cast<JET_ULONG>(t.indexes.size()));
    const IndexDef* x = nullptr;
    if (name == nullptr || name[0] == '\0') {
        x = t.PrimaryIndex();
    } else {
        x = t.FindIndex(std::string_view(name));
    }
    if (x == nullptr) return JET_errIndexNotFound;
    switch (level) {
        case JET_IdxInfoLCID:
            return put_ulong(1033);
        case JET_IdxInfoVarSegMac:
        case JET_IdxInfoKeyMost:
            return put_ulong(x->key_most);
        case JET_IdxInfoSpaceAlloc:
            return put_ulong(1);
        case JET_IdxInfoIndexId: {
            // JetSetCurrentIndex4's hint (navigation.cc says what it holds).
            if (cb < sizeof(JET_INDEXID)) return JET_errBufferTooSmall;
            JET_INDEXID id;
            FillIndexId(t, x, &id);
            std::memcpy(pv, &id, sizeof id);
            return JET_errSuccess;
        }
        default:
            return JET_errInvalidParameter;
    }
}

}  // namespace

JET_ERR GetTableIndexInfo(JET_SESID sesid, JET_TABLEID tableid, const char* name, void* pv, JET_ULONG cb,
                          JET_ULONG level) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (level == JET_IdxInfo || level == JET_IdxInfoList) return IndexListOf(g, x.c->table, name, pv, cb);
    return IndexInfoOf(x.c->table, name, pv, cb, level);
}

JET_ERR GetIndexInfo(JET_SESID sesid, JET_DBID dbid, const char* table, const char* name, void* pv, JET_ULONG cb,
                     JET_ULONG level) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (table == nullptr) return JET_errInvalidParameter;
    SessionData& d = DataOf(g);
    OpenDatabase* odb = OpenDbOf(&d, dbid);
    if (odb == nullptr) return JET_errInvalidDatabaseId;
    TableDef t;
    {
        CallView view(g, d, *odb);
        if (view.err() < 0) return view.err();
        const JET_ERR err = view.Finish(LoadTableIn(view, table, &t));
        if (err < 0) return err;
    }
    if (level == JET_IdxInfo || level == JET_IdxInfoList) return IndexListOf(g, t, name, pv, cb);
    return IndexInfoOf(t, name, pv, cb, level);
}

}  // namespace jetstore::engine
