// The list info levels: JetGetTableColumnInfo / JetGetColumnInfo JET_ColInfoList (and its
// variants) and JetGetTableIndexInfo / JetGetIndexInfo JET_IdxInfo / JET_IdxInfoList answer with a
// temporary table the caller walks with JetMove / JetRetrieveColumn and closes with JetCloseTable.
//
// The tables have esent's columns, types and keys (JET_COLUMNLIST and JET_INDEXLIST in esent.h
// name them): a column list is keyed by (presentation order, column name), so it comes sorted by
// name, or by column id when the presentation order holds the column id; an index list is keyed by
// (index name, key column position). Like esent, a list is filled inside the calling API call, so
// these run with the caller's guard held and never re-enter a guarded call.
#include "engine/info_list.h"

#include "engine/table_common.h"

#include <strings.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

namespace jetstore::engine {

namespace {

JET_COLUMNDEF ListColumn(JET_COLTYP coltyp, JET_GRBIT grbit) {
    JET_COLUMNDEF def{};
    def.cbStruct = sizeof def;
    def.coltyp = coltyp;
    def.grbit = grbit;
    return def;
}

// The values of one row, set in order on the cursor's prepared insert; the first error sticks.
class Row {
public:
    explicit Row(Cursor& c) : c_(c) {}

    void Long(JET_COLUMNID id, std::uint32_t v) { Set(id, &v, sizeof v); }
    void Short(JET_COLUMNID id, std::uint16_t v) { Set(id, &v, sizeof v); }
    void Bytes(JET_COLUMNID id, std::string_view v) { Set(id, v.data(), v.size()); }
    JET_ERR err() const { return err_; }

private:
    void Set(JET_COLUMNID id, const void* pv, std::size_t cb) {
        if (err_ >= 0) err_ = SetColumnIn(c_, id, pv, static_cast<JET_ULONG>(cb), 0, nullptr);
    }

    Cursor& c_;
    JET_ERR err_ = JET_errSuccess;
};

// A list's temporary table while the call fills it; closed again unless Release()d.
class ListTable {
public:
    explicit ListTable(CallGuard& g) : g_(g), d_(DataOf(g)) {}
    ~ListTable() {
        if (tableid_ != JET_tableidNil) CloseCursor(d_, tableid_);
    }
    ListTable(const ListTable&) = delete;
    ListTable& operator=(const ListTable&) = delete;

    // Opens the table as JetOpenTempTable does (JET_paramMaxTemporaryTables applies); ids gets
    // the column ids, in defs' order.
    JET_ERR Open(const JET_COLUMNDEF* defs, JET_ULONG n, JET_COLUMNID* ids) {
        return OpenTempTableIn(g_, d_, defs, n, JET_bitTTIndexed | JET_bitTTScrollable, &tableid_, ids);
    }

    // Inserts one row whose values `fill` sets.
    JET_ERR Insert(const std::function<void(Row&)>& fill) {
        CursorContext x;
        JET_ERR err = Resolve(g_, tableid_, &x);
        if (err < 0) return err;
        // The engine's own table: its rows go in even inside a read-only transaction, and it has
        // no autoincrement column, so the empty record is the whole prepared insert.
        x.c->update = PreparedUpdate{};
        x.c->update.active = true;
        x.c->update.kind = JET_prepInsert;
        x.c->update.record = storage::RecordBuilder().Build();
        Row row(*x.c);
        fill(row);
        err = row.err() < 0 ? row.err() : UpdateIn(g_, x, nullptr, 0, nullptr);
        if (err < 0) {
            x.c->update = PreparedUpdate{};
            return err;
        }
        ++rows_;
        return JET_errSuccess;
    }

    // [esent] the list is handed over standing on its first row (if any).
    JET_ERR MoveFirst() {
        CursorContext x;
        const JET_ERR err = Resolve(g_, tableid_, &x);
        return err < 0 ? err : StandOnFirstIn(g_, x);
    }

    JET_ULONG rows() const { return rows_; }
    // The table now belongs to the caller.
    JET_TABLEID Release() { return std::exchange(tableid_, JET_tableidNil); }

private:
    CallGuard& g_;
    SessionData& d_;
    JET_TABLEID tableid_ = JET_tableidNil;
    JET_ULONG rows_ = 0;
};

// The columns of a column list, in esent's order.
enum ColumnListField : unsigned {
    kPresentationOrder,
    kColumnName,
    kColumnId,
    kColumnType,
    kColumnCountry,
    kColumnLangid,
    kColumnCp,
    kColumnCollate,
    kColumnCbMax,
    kColumnGrbit,
    kColumnDefault,
    kBaseTableName,
    kBaseColumnName,
    kColumnListFields
};

// The columns of an index list, in esent's order.
enum IndexListField : unsigned {
    kIndexName,
    kIndexGrbit,
    kIndexKeys,
    kIndexEntries,
    kIndexPages,
    kKeyColumns,
    kKeyColumnPosition,
    kKeyColumnId,
    kKeyColumnType,
    kKeyCountry,
    kKeyLangid,
    kKeyCp,
    kKeyCollate,
    kKeyColumnGrbit,
    kKeyColumnName,
    kKeyLCMapFlags,
    kIndexListFields
};

}  // namespace

JET_ERR ColumnListOf(CallGuard& g, const TableDef& t, void* pv, JET_ULONG cb, JET_ULONG level) {
    if (pv == nullptr) return JET_errInvalidParameter;
    // jetstore's code for every too small info buffer (esent's engine answers JET_errInvalidParameter).
    if (cb < sizeof(JET_COLUMNLIST)) return JET_errBufferTooSmall;
    const JET_ULONG base_level = BaseInfoLevel(level);
    // JET_ColInfoListCompact: no key, the rows stay in column id order.
    const bool compact = base_level == JET_ColInfoListCompact;
    const bool by_columnid = base_level == JET_ColInfoListSortColumnid || (level & JET_ColInfoGrbitSortByColumnid) != 0;
    const bool minimal = (level & JET_ColInfoGrbitMinimalInfo) != 0;
    // JET_ColInfoGrbitNonDerivedColumnsOnly: a derived table's own columns, not its template's.
    const bool own_only = (level & JET_ColInfoGrbitNonDerivedColumnsOnly) != 0;
    const JET_GRBIT key = compact ? 0 : JET_bitColumnTTKey;
    const JET_COLUMNDEF defs[kColumnListFields] = {
        ListColumn(JET_coltypLong, JET_bitColumnFixed | key),              // kPresentationOrder
        ListColumn(JET_coltypText, key),                                   // kColumnName
        ListColumn(JET_coltypLong, JET_bitColumnFixed),                    // kColumnId
        ListColumn(JET_coltypLong, JET_bitColumnFixed),                    // kColumnType
        ListColumn(JET_coltypShort, JET_bitColumnFixed),                   // kColumnCountry
        ListColumn(JET_coltypShort, JET_bitColumnFixed),                   // kColumnLangid
        ListColumn(JET_coltypShort, JET_bitColumnFixed),                   // kColumnCp
        ListColumn(JET_coltypShort, JET_bitColumnFixed),                   // kColumnCollate
        ListColumn(JET_coltypLong, JET_bitColumnFixed),                    // kColumnCbMax
        ListColumn(JET_coltypLong, JET_bitColumnFixed),                    // kColumnGrbit
        ListColumn(compact ? JET_coltypBinary : JET_coltypLongBinary, 0),  // kColumnDefault
        ListColumn(JET_coltypText, 0),                                     // kBaseTableName
        ListColumn(JET_coltypText, 0),                                     // kBaseColumnName
    };
    JET_COLUMNID ids[kColumnListFields] = {};
    ListTable list(g);
    JET_ERR err = list.Open(defs, kColumnListFields, ids);
    if (err < 0) return err;

    std::vector<const ColumnDef*> columns;
    for (const ColumnDef& col : t.columns) {
        if (!own_only || !t.Inherited(col)) columns.push_back(&col);
    }
    std::sort(columns.begin(), columns.end(),
              [](const ColumnDef* a, const ColumnDef* b) { return a->columnid < b->columnid; });
    for (const ColumnDef* col : columns) {
        err = list.Insert([&](Row& row) {
            // NULL (first in the key) unless sorting by column id: the rows sort by name.
            if (by_columnid) row.Long(ids[kPresentationOrder], static_cast<std::uint32_t>(col->columnid));
            row.Bytes(ids[kColumnName], col->name);
            row.Long(ids[kColumnId], static_cast<std::uint32_t>(col->columnid));
            if (minimal) return;  // JET_ColInfoGrbitMinimalInfo: the name and the column id only
            row.Long(ids[kColumnType], static_cast<std::uint32_t>(col->coltyp));
            row.Short(ids[kColumnCountry], kReportedCountry);
            row.Short(ids[kColumnLangid], kReportedLangid);
            row.Short(ids[kColumnCp], col->cp);
            row.Short(ids[kColumnCollate], 0);
            row.Long(ids[kColumnCbMax], col->cbMax);
            row.Long(ids[kColumnGrbit], static_cast<std::uint32_t>(ReportedGrbit(*col)));
            if (col->default_value.has_value() && !col->default_value->empty()) {
                row.Bytes(ids[kColumnDefault], *col->default_value);
            }
            row.Bytes(ids[kBaseTableName], t.Inherited(*col) ? t.template_name : t.name);
            row.Bytes(ids[kBaseColumnName], col->name);
        });
        if (err < 0) return err;
    }
    err = list.MoveFirst();
    if (err < 0) return err;

    JET_COLUMNLIST out{};
    out.cbStruct = sizeof out;
    out.cRecord = list.rows();
    out.columnidPresentationOrder = ids[kPresentationOrder];
    out.columnidcolumnname = ids[kColumnName];
    out.columnidcolumnid = ids[kColumnId];
    out.columnidcoltyp = ids[kColumnType];
    out.columnidCountry = ids[kColumnCountry];
    out.columnidLangid = ids[kColumnLangid];
    out.columnidCp = ids[kColumnCp];
    out.columnidCollate = ids[kColumnCollate];
    out.columnidcbMax = ids[kColumnCbMax];
    out.columnidgrbit = ids[kColumnGrbit];
    out.columnidDefault = ids[kColumnDefault];
    out.columnidBaseTableName = ids[kBaseTableName];
    out.columnidBaseColumnName = ids[kBaseColumnName];
    out.columnidDefinitionName = ids[kColumnName];  // [esent] the name column again
    out.tableid = list.Release();
    std::memcpy(pv, &out, sizeof out);
    return JET_errSuccess;
}

JET_ERR IndexListOf(CallGuard& g, const TableDef& t, const char* name, void* pv, JET_ULONG cb) {
    if (pv == nullptr) return JET_errInvalidParameter;
    // jetstore's code for every too small info buffer (esent's engine fills its original, shorter
    // layout down to sizeof(JET_INDEXLIST) minus columnidLCMapFlags, and below that returns
    // JET_wrnBufferTruncated without a table).
    if (cb < sizeof(JET_INDEXLIST)) return JET_errBufferTooSmall;
    // [esent] a name lists that index only; NULL or "" lists them all. The implicit sequential
    // index of a table without a primary index is not an index esent lists.
    std::vector<const IndexDef*> indexes;
    if (name != nullptr && name[0] != '\0') {
        const IndexDef* x = t.FindIndex(std::string_view(name));
        if (x == nullptr) return JET_errIndexNotFound;
        indexes.push_back(x);
    } else {
        for (const IndexDef& x : t.indexes) indexes.push_back(&x);
    }
    const JET_COLUMNDEF defs[kIndexListFields] = {
        ListColumn(JET_coltypText, JET_bitColumnTTKey),                       // kIndexName
        ListColumn(JET_coltypLong, JET_bitColumnFixed),                       // kIndexGrbit
        ListColumn(JET_coltypLong, JET_bitColumnFixed),                       // kIndexKeys
        ListColumn(JET_coltypLong, JET_bitColumnFixed),                       // kIndexEntries
        ListColumn(JET_coltypLong, JET_bitColumnFixed),                       // kIndexPages
        ListColumn(JET_coltypLong, JET_bitColumnFixed),                       // kKeyColumns
        ListColumn(JET_coltypLong, JET_bitColumnFixed | JET_bitColumnTTKey),  // kKeyColumnPosition
        ListColumn(JET_coltypLong, JET_bitColumnFixed),                       // kKeyColumnId
        ListColumn(JET_coltypLong, JET_bitColumnFixed),                       // kKeyColumnType
        ListColumn(JET_coltypShort, JET_bitColumnFixed),                      // kKeyCountry
        ListColumn(JET_coltypShort, JET_bitColumnFixed),                      // kKeyLangid
        ListColumn(JET_coltypShort, JET_bitColumnFixed),                      // kKeyCp
        ListColumn(JET_coltypShort, JET_bitColumnFixed),                      // kKeyCollate
        ListColumn(JET_coltypLong, JET_bitColumnFixed),                       // kKeyColumnGrbit
        ListColumn(JET_coltypText, 0),                                        // kKeyColumnName
        ListColumn(JET_coltypLong, JET_bitColumnFixed),                       // kKeyLCMapFlags
    };
    JET_COLUMNID ids[kIndexListFields] = {};
    ListTable list(g);
    JET_ERR err = list.Open(defs, kIndexListFields, ids);
    if (err < 0) return err;

    for (const IndexDef* x : indexes) {
        const auto segments = static_cast<std::uint32_t>(x->segments.size());
        for (std::uint32_t i = 0; i < segments; ++i) {
            const IndexSegment& seg = x->segments[i];
            const ColumnDef* col = t.FindColumn(seg.columnid);
            if (col == nullptr) return JET_errIndexInvalidDef;  // a key column cannot be deleted
            err = list.Insert([&](Row& row) {
                row.Bytes(ids[kIndexName], x->name);
                row.Long(ids[kIndexGrbit], static_cast<std::uint32_t>(x->grbit));
                // [esent] cKey, cEntry and cPage are the statistics JetComputeStats last stored,
                // 0 before it ran; jetstore keeps none.
                row.Long(ids[kIndexKeys], 0);
                row.Long(ids[kIndexEntries], 0);
                row.Long(ids[kIndexPages], 0);
                row.Long(ids[kKeyColumns], segments);
                row.Long(ids[kKeyColumnPosition], i);
                row.Long(ids[kKeyColumnId], static_cast<std::uint32_t>(col->columnid));
                row.Long(ids[kKeyColumnType], static_cast<std::uint32_t>(col->coltyp));
                row.Short(ids[kKeyCountry], kReportedCountry);
                row.Short(ids[kKeyLangid], kReportedLangid);
                row.Short(ids[kKeyCp], col->cp);
                row.Short(ids[kKeyCollate], 0);
                row.Long(ids[kKeyColumnGrbit], seg.descending ? JET_bitKeyDescending : JET_bitKeyAscending);
                row.Bytes(ids[kKeyColumnName], col->name);
                row.Long(ids[kKeyLCMapFlags], kReportedLCMapFlags);
            });
            if (err < 0) return err;
        }
    }
    err = list.MoveFirst();
    if (err < 0) return err;

    JET_INDEXLIST out{};
    out.cbStruct = sizeof out;
    out.cRecord = list.rows();
    out.columnidindexname = ids[kIndexName];
    out.columnidgrbitIndex = ids[kIndexGrbit];
    out.columnidcKey = ids[kIndexKeys];
    out.columnidcEntry = ids[kIndexEntries];
    out.columnidcPage = ids[kIndexPages];
    out.columnidcColumn = ids[kKeyColumns];
    out.columnidiColumn = ids[kKeyColumnPosition];
    out.columnidcolumnid = ids[kKeyColumnId];
    out.columnidcoltyp = ids[kKeyColumnType];
    out.columnidCountry = ids[kKeyCountry];
    out.columnidLangid = ids[kKeyLangid];
    out.columnidCp = ids[kKeyCp];
    out.columnidCollate = ids[kKeyCollate];
    out.columnidgrbitColumn = ids[kKeyColumnGrbit];
    out.columnidcolumnname = ids[kKeyColumnName];
    out.columnidLCMapFlags = ids[kKeyLCMapFlags];
    out.tableid = list.Release();
    std::memcpy(pv, &out, sizeof out);
    return JET_errSuccess;
}

namespace {

// The columns of an object list, in esent's order (JET_OBJECTLIST).
enum ObjectListField : unsigned {
    kContainerName,
    kObjectName,
    kObjectType,
    kDateCreate,
    kDateUpdate,
    kObjectGrbit,
    kObjectFlags,
    kObjectRecords,
    kObjectPages,
    kObjectListFields
};

}  // namespace

JET_ERR BookmarkListOf(CallGuard& g, const std::vector<std::string>& bookmarks, JET_RECORDLIST* out) {
    // [esent] one binary key column of bookmarks (JET_RECORDLIST.columnidBookmark), in key order.
    const JET_COLUMNDEF def = ListColumn(JET_coltypBinary, JET_bitColumnTTKey);
    JET_COLUMNID id = 0;
    ListTable list(g);
    JET_ERR err = list.Open(&def, 1, &id);
    for (std::size_t i = 0; i < bookmarks.size() && err >= 0; ++i) {
        err = list.Insert([&](Row& row) { row.Bytes(id, bookmarks[i]); });
    }
    if (err >= 0) err = list.MoveFirst();
    if (err < 0) return err;
    out->cRecord = list.rows();
    out->columnidBookmark = id;
    out->tableid = list.Release();
    return JET_errSuccess;
}

JET_OBJECTINFO ObjectInfoOf(const TableDef& t, bool read_only, bool stats) {
    JET_OBJECTINFO info{};
    info.cbStruct = sizeof info;
    info.objtyp = JET_objtypTable;
    info.grbit = JET_bitTableInfoBookmark | JET_bitTableInfoRollback;
    if (!read_only) info.grbit |= JET_bitTableInfoUpdatable;
    // The DDL flags as created; never JET_bitObjectSystem: the catalog is not listed.
    info.flags = t.ddl_flags & (JET_bitObjectTableFixedDDL | JET_bitObjectTableTemplate | JET_bitObjectTableDerived |
                                JET_bitObjectTableNoFixedVarColumnsInDerivedTables);
    info.cRecord = t.stats_records;  // [esent] the last JetComputeStats' figure (0 before one)
    info.cPage = stats ? std::max<JET_ULONG>(1, t.pages) : 0;
    return info;
}

JET_ERR GetObjectInfo(JET_SESID sesid, JET_DBID dbid, JET_OBJTYP objtyp, const char* container, const char* name,
                      void* pv, JET_ULONG cb, JET_ULONG level) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (level != JET_ObjInfo && level != JET_ObjInfoNoStats && level != JET_ObjInfoList &&
        level != JET_ObjInfoListNoStats) {
        return JET_errInvalidParameter;
    }
    if (pv == nullptr) return JET_errInvalidParameter;
    SessionData& d = DataOf(g);
    OpenDatabase* odb = OpenDbOf(&d, dbid);
    if (odb == nullptr || odb->memory != nullptr) return JET_errInvalidDatabaseId;
    // [esent] tables live in the container "Tables" (any case); none is the same.
    if (container != nullptr && container[0] != '\0' && strcasecmp(container, "Tables") != 0) {
        return JET_errObjectNotFound;
    }
    // [esent] a list of another type of object is empty (a single object's type is not checked).
    const bool tables = objtyp == JET_objtypNil || objtyp == JET_objtypTable;
    const bool stats = level == JET_ObjInfo || level == JET_ObjInfoList;

    if (level == JET_ObjInfo || level == JET_ObjInfoNoStats) {
        if (name == nullptr || name[0] == '\0') return JET_errInvalidParameter;
        if (cb < sizeof(JET_OBJECTINFO)) return JET_errBufferTooSmall;
        TableDef t;
        CallView view(g, d, *odb);
        if (view.err() < 0) return view.err();
        const JET_ERR err = view.Finish(LoadTableIn(view, name, &t));
        if (err < 0) return err;  // JET_errObjectNotFound
        const JET_OBJECTINFO info = ObjectInfoOf(t, odb->read_only, stats);
        std::memcpy(pv, &info, sizeof info);
        return JET_errSuccess;
    }

    if (cb < sizeof(JET_OBJECTLIST)) return JET_errBufferTooSmall;
    std::vector<TableDef> listed;
    if (tables) {
        CallView view(g, d, *odb);
        if (view.err() < 0) return view.err();
        auto it = view.Iterator();
        JET_ERR err = ListTables(*it, &listed);
        it.reset();
        err = view.Finish(err);
        if (err < 0) return err;
    }
    const JET_COLUMNDEF defs[kObjectListFields] = {
        ListColumn(JET_coltypText, JET_bitColumnTTKey),     // kContainerName
        ListColumn(JET_coltypText, JET_bitColumnTTKey),     // kObjectName
        ListColumn(JET_coltypLong, JET_bitColumnFixed),     // kObjectType
        ListColumn(JET_coltypDateTime, JET_bitColumnFixed), // kDateCreate
        ListColumn(JET_coltypDateTime, JET_bitColumnFixed), // kDateUpdate
        ListColumn(JET_coltypLong, JET_bitColumnFixed),     // kObjectGrbit
        ListColumn(JET_coltypLong, JET_bitColumnFixed),     // kObjectFlags
        ListColumn(JET_coltypLong, JET_bitColumnFixed),     // kObjectRecords
        ListColumn(JET_coltypLong, JET_bitColumnFixed),     // kObjectPages
    };
    JET_COLUMNID ids[kObjectListFields] = {};
    ListTable list(g);
    JET_ERR err = list.Open(defs, kObjectListFields, ids);
    if (err < 0) return err;
    for (const TableDef& t : listed) {
        const JET_OBJECTINFO info = ObjectInfoOf(t, odb->read_only, stats);
        err = list.Insert([&](Row& row) {
            row.Bytes(ids[kContainerName], "Tables");  // [esent] the container of every table
            row.Bytes(ids[kObjectName], t.name);
            row.Long(ids[kObjectType], static_cast<std::uint32_t>(info.objtyp));
            const double never = 0.0;  // dtCreate / dtUpdate: obsolete, 0
            row.Bytes(ids[kDateCreate], std::string_view(reinterpret_cast<const char*>(&never), sizeof never));
            row.Bytes(ids[kDateUpdate], std::string_view(reinterpret_cast<const char*>(&never), sizeof never));
            row.Long(ids[kObjectGrbit], static_cast<std::uint32_t>(info.grbit));
            row.Long(ids[kObjectFlags], static_cast<std::uint32_t>(info.flags));
            row.Long(ids[kObjectRecords], static_cast<std::uint32_t>(info.cRecord));
            row.Long(ids[kObjectPages], static_cast<std::uint32_t>(info.cPage));
        });
        if (err < 0) return err;
    }
    err = list.MoveFirst();
    if (err < 0) return err;
    JET_OBJECTLIST out{};
    out.cbStruct = sizeof out;
    out.cRecord = list.rows();
    out.columnidcontainername = ids[kContainerName];
    out.columnidobjectname = ids[kObjectName];
    out.columnidobjtyp = ids[kObjectType];
    out.columniddtCreate = ids[kDateCreate];
    out.columniddtUpdate = ids[kDateUpdate];
    out.columnidgrbit = ids[kObjectGrbit];
    out.columnidflags = ids[kObjectFlags];
    out.columnidcRecord = ids[kObjectRecords];
    out.columnidcPage = ids[kObjectPages];
    out.tableid = list.Release();
    std::memcpy(pv, &out, sizeof out);
    return JET_errSuccess;
}

}  // namespace jetstore::engine
