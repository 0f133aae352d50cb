// The catalog: the schema of a database (tables, columns, indexes), stored as ordinary
// transactional data under object id 1, so DDL commits and rolls back with everything else.
//
// KEY LAYOUT (all integers big-endian; NEVER RENUMBER the tags or object ids)
//   object id 1 is the catalog; object ids from 16 up name tables, indexes and long-value trees.
//   [00000001]'T'<table name>                      -> TableRecord
//   [00000001]'C'<table objid><column name>        -> ColumnRecord
//   [00000001]'I'<table objid><index name>         -> IndexRecord
//   [00000001]'S'<table objid>                     -> StatsRecord (JetComputeStats; absent before)
//   [00000002]                                      -> u8 1, rewritten by a commit that changed no data
//                                                      but holds write locks (see kLockClockObjid)
//   [objid]<...>                                    the data of object objid (records, index entries)
// VALUE FORMATS (version byte first; little-endian fields)
//   TableRecord  v1: u32 objid, u32 pages, u32 density, u32 next fixed id, u32 next variable id,
//                    u32 next tagged id, u32 long-value objid; then, only for a table with DDL
//                    flags or a template (records without it have neither): u32 DDL flags
//                    (JET_bitObjectTable*), u32 template's next fixed / variable / tagged ids,
//                    u16 length + template name, u16 count + (u16 length + name) inherited indexes.
//                    A derived table holds copies of its template's column and index records.
//   ColumnRecord v1: u32 columnid, u32 coltyp, u32 cbMax, u32 grbit, u16 cp, u8 has default,
//                    default value bytes
//   IndexRecord  v1: u32 objid, u32 grbit, u32 density, u32 key-most, u8 segment count,
//                    segments: u32 columnid, u8 descending
//   StatsRecord  v1: u32 records, u32 pages (what JetComputeStats counted)
#pragma once

#include "storage/kv_iterator.h"
#include "storage/status.h"

#include <esent.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jetstore::engine {

inline constexpr std::uint32_t kCatalogObjid = 1;
// A transaction that took write locks and changed nothing (JetGetLock, a prepared replace it
// cancelled) still commits one LMDB transaction, rewriting this key, so that its locks are stamped
// with a commit id like any writer's: a transaction older than that commit then gets esent's
// JET_errWriteConflict on those records, as esent's committed lock versions give it.
inline constexpr std::uint32_t kLockClockObjid = 2;
inline constexpr std::uint32_t kFirstUserObjid = 16;

struct ColumnDef {
    std::string name;
    JET_COLUMNID columnid = 0;
    JET_COLTYP coltyp = JET_coltypNil;
    std::uint32_t cbMax = 0;
    JET_GRBIT grbit = 0;
    std::uint16_t cp = 0;
    std::optional<std::string> default_value;
};

struct IndexSegment {
    JET_COLUMNID columnid = 0;
    bool descending = false;
};

struct IndexDef {
    std::string name;
    std::uint32_t objid = 0;
    JET_GRBIT grbit = 0;
    std::uint32_t density = 100;
    std::uint32_t key_most = JET_cbKeyMostMin;
    std::vector<IndexSegment> segments;
    bool primary() const { return (grbit & JET_bitIndexPrimary) != 0; }
};

struct TableDef {
    std::string name;
    std::uint32_t objid = 0;
    std::uint32_t pages = 0;
    std::uint32_t density = 100;
    JET_COLUMNID next_fixed = 1;
    JET_COLUMNID next_variable = 128;
    JET_COLUMNID next_tagged = 256;
    std::uint32_t lv_objid = 0;
    std::vector<ColumnDef> columns;
    std::vector<IndexDef> indexes;
    // JET_bitObjectTableFixedDDL / Template / NoFixedVarColumnsInDerivedTables / Derived.
    std::uint32_t ddl_flags = 0;
    // A derived table: its template's name, the template's next column ids when it was derived
    // (the columns below them are the template's) and the names of the indexes it inherited.
    std::string template_name;
    JET_COLUMNID template_next_fixed = 0;
    JET_COLUMNID template_next_variable = 0;
    JET_COLUMNID template_next_tagged = 0;
    std::vector<std::string> inherited_indexes;
    // The figures of the last JetComputeStats (its StatsRecord; 0 before one).
    std::uint32_t stats_records = 0;
    std::uint32_t stats_pages = 0;

    bool FixedDDL() const { return (ddl_flags & JET_bitObjectTableFixedDDL) != 0; }
    bool Template() const { return (ddl_flags & JET_bitObjectTableTemplate) != 0; }
    // Whether a column or index of this table came from its template.
    bool Inherited(const ColumnDef& c) const;
    bool Inherited(const IndexDef& x) const;

    const ColumnDef* FindColumn(std::string_view column_name) const;
    const ColumnDef* FindColumn(JET_COLUMNID id) const;
    const IndexDef* FindIndex(std::string_view index_name) const;
    const IndexDef* PrimaryIndex() const;
};

// Whether key `s` starts with prefix `p`.
inline bool HasPrefix(std::string_view s, std::string_view p) { return s.starts_with(p); }

// Big-endian object-id prefix of every key of `objid`.
std::string ObjectPrefix(std::uint32_t objid);
std::string TableKey(std::string_view table_name);
std::string ColumnKey(std::uint32_t table_objid, std::string_view column_name);
std::string IndexKey(std::uint32_t table_objid, std::string_view index_name);
// Prefix of all column (or index) records of a table.
std::string ColumnPrefix(std::uint32_t table_objid);
std::string IndexPrefix(std::uint32_t table_objid);
std::string StatsKey(std::uint32_t table_objid);
std::string EncodeStats(std::uint32_t records, std::uint32_t pages);

std::string EncodeTable(const TableDef& t);
std::string EncodeColumn(const ColumnDef& c);
std::string EncodeIndex(const IndexDef& i);

// Reads a table's whole definition (its record, columns and indexes) through `view`, an iterator
// over the session's view of the database. JET_errObjectNotFound when there is no such table.
[[nodiscard]] JET_ERR LoadTable(storage::KvIterator& view, std::string_view table_name, TableDef* out);
// Every table name (for JetGetObjectInfo-like listing and the max object id at attach).
[[nodiscard]] JET_ERR ListTables(storage::KvIterator& view, std::vector<TableDef>* out);

// Validates an object name as esent does: 1..JET_cbNameMost bytes, no leading space, no control
// characters, none of ! . [ ]. Returns JET_errInvalidName when bad.
[[nodiscard]] JET_ERR CheckName(const char* name);

}  // namespace jetstore::engine
