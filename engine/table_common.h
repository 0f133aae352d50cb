// The helpers the table calls share (table_common.cc): column types, key and record codecs of a
// table, secondary index upkeep, counters, long values, cursor creation and resolution.
#pragma once

#include "engine/call_view.h"
#include "engine/cursor.h"
#include "engine/ddl.h"
#include "engine/info_list.h"
#include "engine/instance.h"
#include "engine/locks.h"
#include "engine/navigation.h"
#include "engine/records.h"
#include "engine/session.h"
#include "engine/temp_table.h"

#include "storage/key_codec.h"
#include "storage/record_codec.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace jetstore::engine {

using storage::ColumnKind;
using storage::RecordView;

// The fixed size of a column type; 0 for variable-length types.
inline std::uint32_t FixedSize(JET_COLTYP t) {
    switch (t) {
        case JET_coltypBit:
        case JET_coltypUnsignedByte:
            return 1;
        case JET_coltypShort:
        case JET_coltypUnsignedShort:
            return 2;
        case JET_coltypLong:
        case JET_coltypUnsignedLong:
        case JET_coltypIEEESingle:
            return 4;
        case JET_coltypCurrency:
        case JET_coltypIEEEDouble:
        case JET_coltypDateTime:
        case JET_coltypLongLong:
        case JET_coltypUnsignedLongLong:
            return 8;
        case JET_coltypGUID:
            return 16;
        default:
            return 0;
    }
}

inline bool IsLong(JET_COLTYP t) { return t == JET_coltypLongBinary || t == JET_coltypLongText; }
inline bool ValidType(JET_COLTYP t) { return t >= JET_coltypBit && t <= JET_coltypUnsignedLongLong && t != 13; }

inline std::string Be64(std::uint64_t v) {
    std::string s(8, '\0');
    for (int i = 7; i >= 0; --i) {
        s[static_cast<std::size_t>(i)] = static_cast<char>(v & 0xFF);
        v >>= 8;
    }
    return s;
}

inline std::uint64_t FromBe64(std::string_view s) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8 && i < s.size(); ++i) v = (v << 8) | static_cast<unsigned char>(s[i]);
    return v;
}

inline storage::SegmentSpec SpecOf(const ColumnDef& c, bool descending) {
    storage::SegmentSpec spec;
    spec.type = static_cast<storage::ColumnType>(c.coltyp);
    spec.order = descending ? storage::SortOrder::kDescending : storage::SortOrder::kAscending;
    spec.encoding = c.cp == 1200 ? storage::TextEncoding::kUtf16Le : storage::TextEncoding::kWindows1252;
    return spec;
}

// ---- helpers shared by the table calls (table_common.cc) ---------------------------------------

// A TableDef::ddl_flags bit of jetstore's own (never reported): a table derived from a template
// created with JET_bitTableCreateNoFixedVarColumnsInDerivedTables adds tagged columns only.
inline constexpr std::uint32_t kDerivedTaggedColumnsOnly = 0x00000100;
// JET_errFixedDDL when the cursor's table has fixed DDL: a template always; a table created with
// JET_bitTableCreateFixedDDL unless the cursor was opened with JET_bitTablePermitDDL.
// JET_errInvalidOperation on a temporary table: its columns and key are JetOpenTempTable's.
[[nodiscard]] inline JET_ERR DdlAllowed(const Cursor& c) {
    if (c.temporary) return JET_errInvalidOperation;
    if (c.table.Template() || (c.table.FixedDDL() && !c.permit_ddl)) return JET_errFixedDDL;
    return JET_errSuccess;
}

OpenDatabase* OpenDbOf(SessionData* d, JET_DBID dbid);
Cursor* CursorOf(SessionData* d, JET_TABLEID tableid);
// The storage key of a record with the given record bytes, for `t`'s primary index.
[[nodiscard]] JET_ERR PrimaryKeyOf(const TableDef& t, const RecordView& view, std::uint64_t sequential, std::string* key);
// The secondary index the cursor navigates; nullptr on the clustered index.
const IndexDef* SecondaryOf(const Cursor& c);
// The object id of the index the cursor navigates.
std::uint32_t NavObjid(const Cursor& c);
// The index whose key MakeKey builds for the cursor (nullptr: the implicit sequential index).
const IndexDef* KeyIndexOf(const Cursor& c);
// The keys of `x`'s entries for `record`, in the order of the multi-valued column's values, each
// once. only_itag != 0: only the entry of that value of the multi-valued column (none when the
// record has no such value or its key is left out of the index).
// `fetch` reads a long value stored apart from the record (its reference's bytes in, the value
// out): an index over a long-value column keys its first bytes ([esent]).
using LongValueFetch = std::function<JET_ERR(std::string_view ref, std::string* value)>;
[[nodiscard]] JET_ERR SecondaryKeysOf(const TableDef& t, const IndexDef& x, const std::string& record, std::vector<std::string>* out,
                                      std::uint32_t only_itag = 0, const LongValueFetch* fetch = nullptr);
// A LongValueFetch reading through `view` for table `t`.
LongValueFetch FetchThrough(CallView& view, const TableDef& t);
[[nodiscard]] JET_ERR MaintainSecondaryIndexes(CallView& view, const TableDef& t, const std::string* before, const std::string* after,
                                 std::string_view pk);
std::uint64_t NextCounter(AttachedDatabase& db, std::uint64_t counter_id, const std::function<std::uint64_t()>& scan);
[[nodiscard]] JET_ERR CheckValueSize(const ColumnDef& c, std::size_t n);
[[nodiscard]] JET_ERR AssignAutoincrement(CallView& view, AttachedDatabase& db, const TableDef& t, std::string* record);
std::string LongValueKey(const TableDef& t, std::uint64_t lvid);
[[nodiscard]] JET_ERR FetchLongValue(CallView& view, const TableDef& t, std::string_view encoded_ref, std::string* out);
std::vector<std::uint64_t> LongValueIds(const RecordView& rv);
[[nodiscard]] JET_ERR SeparateLongValues(CallView& view, AttachedDatabase& db, const TableDef& t, std::string* record);
void DropLongValues(CallView& view, const TableDef& t, const std::string& before, const std::string* after);
[[nodiscard]] JET_ERR InlineLongValues(CallView& view, const TableDef& t, std::string* record);
// A new cursor of the session on `table`, registered in the database's TableOpens with the deny
// bits given. JET_errTableLocked / JET_errTableInUse as TableOpens::Open says (no cursor is made).
[[nodiscard]] JET_ERR NewCursor(CallGuard& g, SessionData& d, JET_DBID dbid, TableDef table, bool read_only, JET_TABLEID* out,
                  bool deny_read = false, bool deny_write = false);
[[nodiscard]] JET_ERR LoadTableIn(CallView& view, std::string_view name, TableDef* t);
// Reads the current record of `c`. JET_errNoCurrentRecord / JET_errRecordDeleted when there is none.
[[nodiscard]] JET_ERR CurrentRecord(CallView& view, Cursor& c, std::string* record);

// The session data, cursor and open database of `tableid` in the call's session.
[[nodiscard]] JET_ERR Resolve(CallGuard& g, JET_TABLEID tableid, CursorContext* ctx);
// Whether `entry` lies within the cursor's index range (true when there is none).
bool InRange(const Cursor& c, std::string_view entry);
// Stands the cursor on the index entry `it` is on.
void StandOn(Cursor& c, storage::KvIterator& it, CallView& view);
// Gives `col` the next id of its kind in `t` (esent's column id ranges), as JetAddColumn does.
[[nodiscard]] JET_ERR AssignColumnId(TableDef& t, ColumnDef& col);

// ---- the work of a call, for calls that already hold the session's guard -----------------------
// (A guarded call must not call another guarded one: that is JET_errSessionSharingViolation.)

// ---- the info calls (ddl.cc, info_list.cc) ---------------------------------------------------------

// What the info calls report for every column and index: esent's defaults for the country, the
// language (en-US) and the LCMapString flags of an index (LCMAP_SORTKEY | NORM_IGNORECASE |
// NORM_IGNOREKANATYPE | NORM_IGNOREWIDTH); jetstore has one collation.
inline constexpr std::uint16_t kReportedCountry = 1;
inline constexpr std::uint16_t kReportedLangid = 0x409;
inline constexpr std::uint32_t kReportedLCMapFlags = 0x00030401;
// The grbit the info calls report for a column.
inline JET_GRBIT ReportedGrbit(const ColumnDef& c) { return c.grbit | JET_bitColumnUpdatable; }
// The base info level without its JET_ColInfoGrbit... bits.
inline JET_ULONG BaseInfoLevel(JET_ULONG level) { return level & 0x0FFFFFFF; }
inline bool IsColumnListLevel(JET_ULONG level) {
    const JET_ULONG base = BaseInfoLevel(level);
    return base == JET_ColInfoList || base == JET_ColInfoListCompact || base == JET_ColInfoListSortColumnid;
}

}  // namespace jetstore::engine
