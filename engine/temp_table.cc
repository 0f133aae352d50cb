// Temporary tables (JetOpenTempTable): a session-private table kept in memory.
#include "engine/temp_table.h"

#include "engine/table_common.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <unordered_map>

namespace jetstore::engine {

JET_ERR OpenTempTable(JET_SESID sesid, const JET_COLUMNDEF* defs, JET_ULONG n, JET_GRBIT grbit,
                      JET_TABLEID* ptableid, JET_COLUMNID* ids) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    return OpenTempTableIn(g, DataOf(g), defs, n, grbit, ptableid, ids);
}

JET_ERR OpenTempTableIn(CallGuard& g, SessionData& d, const JET_COLUMNDEF* defs, JET_ULONG n, JET_GRBIT grbit,
                        JET_TABLEID* ptableid, JET_COLUMNID* ids) {
    if (defs == nullptr || n == 0 || ptableid == nullptr) return JET_errInvalidParameter;
    constexpr JET_GRBIT kKnown = JET_bitTTIndexed | JET_bitTTUnique | JET_bitTTUpdatable | JET_bitTTScrollable |
                                 JET_bitTTSortNullsHigh | JET_bitTTForceMaterialization | JET_bitTTForwardOnly |
                                 JET_bitTTIntrinsicLVsOnly | JET_bitTTDotNetGuid;
    if ((grbit & ~kKnown) != 0) return JET_errInvalidGrbit;
    std::size_t open_temp = 0;
    for (const auto& [dbid, odb] : d.dbs) open_temp += odb.memory != nullptr ? 1 : 0;
    if (static_cast<std::int64_t>(open_temp) >= g.record().params.Int(JET_paramMaxTemporaryTables)) {
        return JET_errTooManySorts;  // JET_paramMaxTemporaryTables (0 disables temporary tables)
    }
    TableDef t;
    t.name = "<temporary>";
    t.objid = kFirstUserObjid;
    t.lv_objid = kFirstUserObjid + 1;
    std::vector<IndexSegment> key;
    for (JET_ULONG i = 0; i < n; ++i) {
        const JET_COLUMNDEF& def = defs[i];
        if (!ValidType(def.coltyp)) return JET_errInvalidColumnType;
        ColumnDef col;
        col.name = "column" + std::to_string(i);
        col.coltyp = def.coltyp;
        col.cbMax = static_cast<std::uint32_t>(def.cbMax);
        col.grbit = def.grbit & ~static_cast<JET_GRBIT>(JET_bitColumnTTKey | JET_bitColumnTTDescending);
        col.cp = def.cp == 0 ? (def.coltyp == JET_coltypText || def.coltyp == JET_coltypLongText ? 1252 : 0) : def.cp;
        const JET_ERR err = AssignColumnId(t, col);
        if (err < 0) return err;
        if ((def.grbit & JET_bitColumnTTKey) != 0) {
            if (IsLong(col.coltyp)) return JET_errInvalidColumnType;
            key.push_back({col.columnid, (def.grbit & JET_bitColumnTTDescending) != 0});
        }
        t.columns.push_back(std::move(col));
    }
    if (key.size() > JET_ccolKeyMost) return JET_errInvalidParameter;
    const bool unique = (grbit & JET_bitTTUnique) != 0;
    std::string index_name;
    if (!key.empty()) {
        IndexDef x;
        x.segments = key;
        if (unique) {
            // One record per key: the key is the table's primary index.
            x.name = "primary";
            x.objid = t.objid;
            x.grbit = JET_bitIndexPrimary | JET_bitIndexUnique;
        } else {
            // Duplicates stay, in insertion order: a secondary index over the implicit sequential one.
            x.name = "key";
            x.objid = kFirstUserObjid + 2;
            x.key_most = 500 - 8;
            index_name = x.name;
        }
        if ((grbit & JET_bitTTSortNullsHigh) != 0) x.grbit |= JET_bitIndexSortNullsHigh;
        t.indexes.push_back(std::move(x));
    }

    // The table's own in-memory store, under a private database id.
    static std::atomic<JET_DBID> next_temp_dbid{0x40000000};
    OpenDatabase odb;
    odb.db = std::make_shared<AttachedDatabase>();
    odb.db->dbid = next_temp_dbid.fetch_add(1, std::memory_order_relaxed);
    odb.db->locks = std::make_shared<LockTable>();
    odb.db->next_object_id.store(kFirstUserObjid + 16, std::memory_order_relaxed);
    odb.open_count = 1;
    odb.memory = std::make_unique<std::map<std::string, std::string, std::less<>>>();
    const JET_DBID dbid = odb.db->dbid;
    d.dbs.emplace(dbid, std::move(odb));
    JET_ERR err = NewCursor(g, d, dbid, std::move(t), false, ptableid);
    if (err < 0) {
        d.ForgetResolved();
        d.dbs.erase(dbid);
        return err;
    }
    Cursor& c = *d.cursors.at(*ptableid);
    c.index_name = index_name;
    c.temporary = true;
    // [esent] TTUnique drops duplicate keys, unless TTErrorOnDuplicateInsertion asks for the error.
    c.drop_duplicates = unique && (grbit & JET_bitTTErrorOnDuplicateInsertion) == 0;
    if (ids != nullptr) {
        for (JET_ULONG i = 0; i < n; ++i) ids[i] = c.table.columns[i].columnid;
    }
    return JET_errSuccess;
}

}  // namespace jetstore::engine
