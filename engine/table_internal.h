// Internal to the table calls (ddl.cc, info_list.cc, records.cc, navigation.cc, temp_table.cc,
// locks.cc, table_common.cc): the view of one call over an open database and the helpers they share.
#pragma once

#include "engine/cursor.h"
#include "engine/instance.h"
#include "engine/session.h"
#include "engine/table.h"

#include "storage/key_codec.h"
#include "storage/record_codec.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace jetstore::engine {

using storage::ColumnKind;
using storage::RecordView;

inline std::uint8_t LevelOf(CallGuard& g) { return g.slot().level.load(std::memory_order_relaxed); }

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


// ---- the view of one call --------------------------------------------------------------------

// A call's access to one open database: inside a transaction the session's snapshot and the
// transaction's write set; outside, an implicit transaction: a fresh snapshot taken when the call
// first reads storage (a call served from a cursor's cached record takes none), and writes
// committed when the call ends.
class CallView {
public:
    CallView(CallGuard& g, SessionData& d, OpenDatabase& odb) : g_(g), d_(d), odb_(odb) {}
    ~CallView() {
        if (implicit_ && odb_.memory == nullptr && LevelOf(g_) == 0) {
            odb_.snapshot->Reset();
            odb_.snapshot_live = false;
        }
    }
    CallView(const CallView&) = delete;
    CallView& operator=(const CallView&) = delete;

    // Errors are reported by the calls that read (Get, Iterator); kept for the callers' shape.
    JET_ERR err() const { return JET_errSuccess; }
    bool temporary() const { return odb_.memory != nullptr; }

    std::unique_ptr<storage::KvIterator> Iterator() {
        if (temporary()) return odb_.temp_writes.NewMergedIterator(storage::NewMapIterator(odb_.memory.get()));
        const JET_ERR err = EnsureSnapshot();
        if (err < 0) return FailedIterator(err);
        return odb_.writes.NewMergedIterator(odb_.snapshot->NewIterator());
    }

    // Reads one key through the write set and the snapshot.
    JET_ERR Get(const std::string& key, std::string* value, bool* found) {
        std::string_view v;
        const storage::WriteSet::Found f = temporary() ? odb_.temp_writes.Get(key, &v) : odb_.writes.Get(key, &v);
        if (f != storage::WriteSet::Found::kAbsent) {
            *found = f == storage::WriteSet::Found::kValue;
            if (*found) value->assign(v);
            return JET_errSuccess;
        }
        if (temporary()) {
            auto it = odb_.memory->find(key);
            *found = it != odb_.memory->end();
            if (*found) *value = it->second;
            return JET_errSuccess;
        }
        const JET_ERR err = EnsureSnapshot();
        if (err < 0) return err;
        const storage::Status s = odb_.snapshot->Get(key, &v);
        if (s.Is(storage::Code::kNotFound)) {
            *found = false;
            return JET_errSuccess;
        }
        if (!s.ok()) return FromStorage(s, JET_errDiskIO);
        value->assign(v);
        *found = true;
        return JET_errSuccess;
    }

    // The commit seq this call reads at: the transaction's snapshot, or (outside one) the latest
    // committed state's. Cached records and iterators are stamped with it.
    std::uint64_t Seq() {
        if (temporary()) return 0;
        if (odb_.snapshot_live) return odb_.snapshot->Seq();
        return LatestSeq(*odb_.db);
    }
    // The snapshot's seq, renewing it first outside a transaction (conflict checks need a
    // snapshot that exists).
    JET_ERR SnapshotSeq(std::uint64_t* seq) {
        if (temporary()) {
            *seq = 0;
            return JET_errSuccess;
        }
        const JET_ERR err = EnsureSnapshot();
        if (err >= 0) *seq = odb_.snapshot->Seq();
        return err;
    }

    // Readies the session to write this database: read-only checks and DECISIONS.md 13.
    JET_ERR BeginWrite() {
        if (temporary()) return JET_errSuccess;  // not versioned: no transaction rules apply
        if (odb_.read_only) return JET_errPermissionDenied;
        if (g_.slot().read_only.load(std::memory_order_relaxed) != 0) return JET_errTransReadOnly;
        if (!g_.record().data->logged()) {
            // Without the log a commit is one LMDB transaction: one database per transaction.
            for (const auto& [dbid, other] : d_.dbs) {
                if (&other != &odb_ && other.memory == nullptr && other.HasChanges()) return JET_errInvalidOperation;
            }
        }
        return EnsureSnapshot();
    }

    // Locks a record key for this transaction (esent's write conflicts).
    JET_ERR Lock(const std::string& key) {
        if (temporary()) return JET_errSuccess;  // private to the session
        touched_ = true;
        std::uint64_t seq = 0;
        JET_ERR err = SnapshotSeq(&seq);
        if (err < 0) return err;
        bool acquired = false;
        err = LocksOf(*odb_.db).Lock(key, g_.sesid(), seq, &acquired);
        if (err >= 0 && acquired) odb_.locked.push_back(key);  // each key once: released at the end
        return err;
    }

    // A read lock: other transactions' write locks on the record conflict until this one ends.
    JET_ERR ReadLock(const std::string& key) {
        if (temporary()) return JET_errSuccess;
        touched_ = true;
        const JET_ERR err = LocksOf(*odb_.db).ReadLock(key, g_.sesid());
        if (err >= 0) d_.read_locked.emplace_back(odb_.db->dbid, key);
        return err;
    }

    // The version store's bound: a transaction's uncommitted bytes (JET_paramMaxVerPages pages
    // of 16 KiB) over every database it writes. Past it the write is refused and the engine stays
    // healthy.
    JET_ERR Reserve(std::size_t bytes) {
        if (temporary()) return JET_errSuccess;
        const std::uint64_t limit = static_cast<std::uint64_t>(
            g_.record().params.Int(JET_paramMaxVerPages)) * 16384u;
        std::uint64_t held = 0;
        for (const auto& [dbid, other] : d_.dbs) held += other.writes.bytes();
        return held + bytes > limit ? JET_errVersionStoreOutOfMemory : JET_errSuccess;
    }

    storage::WriteSet& writes() {
        ++d_.writes_epoch;  // the caller is about to change it
        touched_ = true;
        return temporary() ? odb_.temp_writes : odb_.writes;
    }
    OpenDatabase& odb() { return odb_; }

    // Keeps `record` as the cursor's current record for this view's seq and these writes.
    void CacheRecord(Cursor& c, std::string_view record) {
        c.record_cache.assign(record);
        StampRecord(c);
    }
    // Marks the record bytes already in c.record_cache as current for this view.
    void StampRecord(Cursor& c) {
        c.cache_valid = true;
        c.cache_seq = Seq();
        c.cache_writes_epoch = d_.writes_epoch;
    }
    bool CachedRecord(Cursor& c) {
        return c.cache_valid && c.cache_writes_epoch == d_.writes_epoch && c.cache_seq == Seq();
    }

    // The cursor's kept iterator, made anew when the snapshot or the writes changed since.
    storage::KvIterator& NavIterator(Cursor& c, std::uint32_t objid) {
        if (!temporary() && !odb_.snapshot_live) (void)EnsureSnapshot();
        if (c.nav == nullptr || c.nav_renewals != odb_.renewals || c.nav_writes_epoch != d_.writes_epoch ||
            c.nav_objid != objid) {
            c.nav.reset();
            c.nav = Iterator();
            c.nav_renewals = odb_.renewals;
            c.nav_writes_epoch = d_.writes_epoch;
            c.nav_objid = objid;
        }
        return *c.nav;
    }

    // Ends the call: outside a transaction, commits what it wrote (or drops it on error).
    JET_ERR Finish(JET_ERR err) {
        if (temporary()) {
            // A temporary table applies each call's writes when the call ends, whatever the level.
            if (err >= 0) {
                odb_.temp_writes.ForEach([&](const std::string& k, const std::optional<std::string>& v) {
                    if (v) {
                        (*odb_.memory)[k] = *v;
                    } else {
                        odb_.memory->erase(k);
                    }
                });
            }
            if (!odb_.temp_writes.empty()) ++d_.writes_epoch;
            odb_.temp_writes.Clear();
            return err;
        }
        if (LevelOf(g_) != 0) return err;
        // A call outside a transaction that wrote and locked nothing has nothing to commit: its
        // snapshot goes with the view.
        if (!touched_ && !odb_.HasChanges() && d_.reserved.empty() && d_.read_locked.empty()) return err;
        if (err < 0) {
            DropImplicit();
            return err;
        }
        const bool lazy = (SessionCommitDefault(g_) & JET_bitCommitLazyFlush) != 0;
        const JET_ERR c = DataCommitLevel(g_, true, lazy);
        if (c < 0) {
            // An implicit transaction that cannot commit is rolled back: nothing stays pending.
            DropImplicit();
            return c;
        }
        return err;
    }

private:
    // Outside a transaction, takes the call's snapshot when it first reads.
    JET_ERR EnsureSnapshot() {
        if (odb_.snapshot_live) return JET_errSuccess;
        const storage::Status s = odb_.snapshot->Renew();
        if (!s.ok()) return FromStorage(s, JET_errDiskIO);
        odb_.snapshot_live = true;
        ++odb_.renewals;
        implicit_ = true;
        return JET_errSuccess;
    }

    void DropImplicit() {
        ReleaseLocks(g_, d_, 0);
        for (auto& [dbid, other] : d_.dbs) {
            other.writes.Clear();
            other.locked.clear();
            other.escrow.clear();
        }
        ++d_.writes_epoch;
    }

    static std::unique_ptr<storage::KvIterator> FailedIterator(JET_ERR err);

    CallGuard& g_;
    SessionData& d_;
    OpenDatabase& odb_;
    bool implicit_ = false;
    bool touched_ = false;  // the call wrote or took a lock
};

// ---- helpers shared by the table calls (table_common.cc) ---------------------------------------

// Holds table `objid` against other sessions' opens until the transaction ends (a delete or a
// rename). JET_errTableInUse when another session has it open; JET_errTableLocked when one holds it.
JET_ERR ReserveTable(CallGuard& g, SessionData& d, AttachedDatabase& db, std::uint32_t objid);


// A TableDef::ddl_flags bit of jetstore's own (never reported): a table derived from a template
// created with JET_bitTableCreateNoFixedVarColumnsInDerivedTables adds tagged columns only.
inline constexpr std::uint32_t kDerivedTaggedColumnsOnly = 0x00000100;
// What JetGetTableInfo JET_TblInfo and JetGetObjectInfo report for a table (info_list.cc): cPage
// only with `stats`.
JET_OBJECTINFO ObjectInfoOf(const TableDef& t, bool read_only, bool stats);
// JET_errFixedDDL when the cursor's table has fixed DDL: a template always; a table created with
// JET_bitTableCreateFixedDDL unless the cursor was opened with JET_bitTablePermitDDL.
// JET_errInvalidOperation on a temporary table: its columns and key are JetOpenTempTable's.
inline JET_ERR DdlAllowed(const Cursor& c) {
    if (c.temporary) return JET_errInvalidOperation;
    if (c.table.Template() || (c.table.FixedDDL() && !c.permit_ddl)) return JET_errFixedDDL;
    return JET_errSuccess;
}

OpenDatabase* OpenDbOf(SessionData* d, JET_DBID dbid);
Cursor* CursorOf(SessionData* d, JET_TABLEID tableid);
// The storage key of a record with the given record bytes, for `t`'s primary index.
JET_ERR PrimaryKeyOf(const TableDef& t, const RecordView& view, std::uint64_t sequential, std::string* key);
// The secondary index the cursor navigates; nullptr on the clustered index.
const IndexDef* SecondaryOf(const Cursor& c);
// The object id of the index the cursor navigates.
std::uint32_t NavObjid(const Cursor& c);
// The index whose key MakeKey builds for the cursor (nullptr: the implicit sequential index).
const IndexDef* KeyIndexOf(const Cursor& c);
JET_ERR SecondaryKeysOf(const TableDef& t, const IndexDef& x, const std::string& record, std::vector<std::string>* out);
JET_ERR MaintainSecondaryIndexes(CallView& view, const TableDef& t, const std::string* before, const std::string* after,
                                 std::string_view pk);
std::uint64_t NextCounter(AttachedDatabase& db, std::uint64_t counter_id, const std::function<std::uint64_t()>& scan);
JET_ERR CheckValueSize(const ColumnDef& c, std::size_t n);
JET_ERR AssignAutoincrement(CallView& view, AttachedDatabase& db, const TableDef& t, std::string* record);
std::string LongValueKey(const TableDef& t, std::uint64_t lvid);
JET_ERR FetchLongValue(CallView& view, const TableDef& t, std::string_view encoded_ref, std::string* out);
std::vector<std::uint64_t> LongValueIds(const RecordView& rv);
JET_ERR SeparateLongValues(CallView& view, AttachedDatabase& db, const TableDef& t, std::string* record);
void DropLongValues(CallView& view, const TableDef& t, const std::string& before, const std::string* after);
JET_ERR InlineLongValues(CallView& view, const TableDef& t, std::string* record);
// A new cursor of the session on `table`, registered in the database's TableOpens with the deny
// bits given. JET_errTableLocked / JET_errTableInUse as TableOpens::Open says (no cursor is made).
JET_ERR NewCursor(CallGuard& g, SessionData& d, JET_DBID dbid, TableDef table, bool read_only, JET_TABLEID* out,
                  bool deny_read = false, bool deny_write = false);
JET_ERR LoadTableIn(CallView& view, std::string_view name, TableDef* t);
// Reads the current record of `c`. JET_errNoCurrentRecord / JET_errRecordDeleted when there is none.
JET_ERR CurrentRecord(CallView& view, Cursor& c, std::string* record);

struct CursorContext {
    SessionData* d = nullptr;
    Cursor* c = nullptr;
    OpenDatabase* odb = nullptr;
};

// The session data, cursor and open database of `tableid` in the call's session.
JET_ERR Resolve(CallGuard& g, JET_TABLEID tableid, CursorContext* ctx);
// Whether `entry` lies within the cursor's index range (true when there is none).
bool InRange(const Cursor& c, std::string_view entry);
// Stands the cursor on the index entry `it` is on.
void StandOn(Cursor& c, storage::KvIterator& it, CallView& view);
// Gives `col` the next id of its kind in `t` (esent's column id ranges), as JetAddColumn does.
JET_ERR AssignColumnId(TableDef& t, ColumnDef& col);

// ---- the work of a call, for calls that already hold the session's guard -----------------------
// (A guarded call must not call another guarded one: that is JET_errSessionSharingViolation.)

// JetMove's work on a resolved cursor (navigation.cc).
JET_ERR MoveIn(CallGuard& g, CursorContext& x, long crow, JET_GRBIT grbit);
// [esent] Stands the cursor on the first entry of its index, or on none when the index is empty
// (not an error): where JetDupCursor, JetSetCurrentIndex and the info lists leave a cursor.
JET_ERR StandOnFirstIn(CallGuard& g, CursorContext& x);
// JetUpdate's work on a resolved cursor (records.cc).
JET_ERR UpdateIn(CallGuard& g, CursorContext& x, void* bookmark, unsigned long cb_bookmark,
                 unsigned long* pcb_actual);
// JetOpenTempTable's work (temp_table.cc). REQUIRES: g admitted, d = DataOf(g).
JET_ERR OpenTempTableIn(CallGuard& g, SessionData& d, const JET_COLUMNDEF* defs, unsigned long n, JET_GRBIT grbit,
                        JET_TABLEID* ptableid, JET_COLUMNID* ids);

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
inline unsigned long BaseInfoLevel(unsigned long level) { return level & 0x0FFFFFFF; }
inline bool IsColumnListLevel(unsigned long level) {
    const unsigned long base = BaseInfoLevel(level);
    return base == JET_ColInfoList || base == JET_ColInfoListCompact || base == JET_ColInfoListSortColumnid;
}

// JET_ColInfoList, ListCompact, ListSortColumnid: a temporary table with one row per column of
// `t`, described in the JET_COLUMNLIST at pv. REQUIRES: g admitted.
JET_ERR ColumnListOf(CallGuard& g, const TableDef& t, void* pv, unsigned long cb, unsigned long level);
// JET_IdxInfo / JET_IdxInfoList: a temporary table with one row per key column of the index `name`
// (every index when name is NULL or ""), described in the JET_INDEXLIST at pv. REQUIRES: g admitted.
JET_ERR IndexListOf(CallGuard& g, const TableDef& t, const char* name, void* pv, unsigned long cb);

}  // namespace jetstore::engine
