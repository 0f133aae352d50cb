// Tables, columns, records and navigation over a table's primary index (or esent's implicit
// sequential one), with ESE's semantics, over the session's view (engine/data.h).
#include "engine/table.h"

#include "engine/cursor.h"
#include "engine/instance.h"
#include "engine/session.h"

#include "storage/key_codec.h"
#include "storage/record_codec.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <unordered_map>

namespace jetstore::engine {

// ---- the lock table --------------------------------------------------------------------------

JET_ERR LockTable::Lock(const std::string& key, std::uint64_t owner, std::uint64_t snapshot_txn, bool* acquired) {
    std::lock_guard lock(mu_);
    Entry& e = entries_[key];
    if (acquired != nullptr) *acquired = e.owner != owner;
    if (e.owner != 0 && e.owner != owner) return JET_errWriteConflict;
    for (const std::uint64_t r : e.readers) {
        if (r != owner) return JET_errWriteConflict;  // read locks block others' write locks
    }
    for (const std::uint64_t r : e.escrow) {
        if (r != owner) return JET_errWriteConflict;  // so do others' escrow updates
    }
    if (e.owner != owner && e.commit_txn > snapshot_txn) return JET_errWriteConflict;  // committed after our snapshot
    e.owner = owner;
    return JET_errSuccess;
}

JET_ERR LockTable::ReadLock(const std::string& key, std::uint64_t reader) {
    std::lock_guard lock(mu_);
    Entry& e = entries_[key];
    if (e.owner != 0 && e.owner != reader) return JET_errWriteConflict;
    if (std::find(e.readers.begin(), e.readers.end(), reader) == e.readers.end()) e.readers.push_back(reader);
    return JET_errSuccess;
}

bool LockTable::LockedByOther(const std::string& key, std::uint64_t me) const {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    return it != entries_.end() && it->second.owner != 0 && it->second.owner != me;
}

bool LockTable::Owns(const std::string& key, std::uint64_t owner) const {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    return it != entries_.end() && it->second.owner == owner;
}

JET_ERR LockTable::EscrowLock(const std::string& key, std::uint64_t owner, bool* acquired) {
    std::lock_guard lock(mu_);
    Entry& e = entries_[key];
    if (e.owner != 0 && e.owner != owner) return JET_errWriteConflict;
    const bool fresh = std::find(e.escrow.begin(), e.escrow.end(), owner) == e.escrow.end();
    if (fresh) e.escrow.push_back(owner);
    if (acquired != nullptr) *acquired = fresh && e.owner != owner;
    return JET_errSuccess;
}

void LockTable::Release(const std::string& key, std::uint64_t owner, std::uint64_t commit_txn) {
    std::lock_guard lock(mu_);
    ReleaseLocked(key, owner, commit_txn);
}

void LockTable::ReleaseAll(const std::vector<std::string>& keys, std::uint64_t owner, std::uint64_t commit_txn) {
    std::lock_guard lock(mu_);  // once for the whole transaction
    for (const std::string& key : keys) ReleaseLocked(key, owner, commit_txn);
}

void LockTable::ReleaseLocked(const std::string& key, std::uint64_t owner, std::uint64_t commit_txn) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    std::erase(it->second.readers, owner);
    if (std::erase(it->second.escrow, owner) > 0 && commit_txn != 0) it->second.commit_txn = commit_txn;
    if (it->second.owner == owner) {
        it->second.owner = 0;
        if (commit_txn != 0) it->second.commit_txn = commit_txn;
    }
    if (it->second.owner == 0 && it->second.commit_txn == 0 && it->second.readers.empty() &&
        it->second.escrow.empty()) {
        entries_.erase(it);
    }
}

void LockTable::Collect(std::uint64_t oldest_snapshot_txn) {
    std::lock_guard lock(mu_);
    std::erase_if(entries_, [&](const auto& kv) {
        return kv.second.owner == 0 && kv.second.readers.empty() && kv.second.escrow.empty() &&
               kv.second.commit_txn <= oldest_snapshot_txn;
    });
}

std::size_t LockTable::size() const {
    std::lock_guard lock(mu_);
    return entries_.size();
}

LockTable& LocksOf(AttachedDatabase& db) { return *db.locks; }

void ReleaseLocks(CallGuard& g, SessionData& d, std::uint64_t commit_txn) {
    if (!d.locked.empty()) {
        auto it = d.dbs.find(d.write_db);
        if (it != d.dbs.end()) {
            LockTable& locks = LocksOf(*it->second.db);
            locks.ReleaseAll(d.locked, g.sesid(), commit_txn);
            // Entries older than the database's last commit seen by a fresh snapshot cannot
            // conflict with anything that starts from now; keep the table small.
            if (locks.size() > 4096) locks.Collect(it->second.db->env->OldestReaderTxn());
        }
    }
    d.locked.clear();
    for (const auto& [dbid, key] : d.read_locked) {
        auto it = d.dbs.find(dbid);
        if (it != d.dbs.end()) LocksOf(*it->second.db).Release(key, g.sesid(), 0);
    }
    d.read_locked.clear();
}

void CloseCursorsOf(SessionData& d, JET_DBID dbid) {
    std::erase_if(d.cursors, [&](const auto& kv) { return kv.second->dbid == dbid; });
}

void CloseCursorsAbove(SessionData& d, std::uint8_t level) {
    std::erase_if(d.cursors, [&](const auto& kv) { return kv.second->level_opened > level; });
    for (auto& [id, c] : d.cursors) c->update = PreparedUpdate{};  // [esent] rollback cancels prepared updates
}

namespace {

using storage::ColumnKind;
using storage::RecordView;

std::uint8_t LevelOf(CallGuard& g) { return g.slot().level.load(std::memory_order_relaxed); }

// The fixed size of a column type; 0 for variable-length types.
std::uint32_t FixedSize(JET_COLTYP t) {
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

bool IsLong(JET_COLTYP t) { return t == JET_coltypLongBinary || t == JET_coltypLongText; }
bool ValidType(JET_COLTYP t) { return t >= JET_coltypBit && t <= JET_coltypUnsignedLongLong && t != 13; }

std::string Be64(std::uint64_t v) {
    std::string s(8, '\0');
    for (int i = 7; i >= 0; --i) {
        s[static_cast<std::size_t>(i)] = static_cast<char>(v & 0xFF);
        v >>= 8;
    }
    return s;
}

std::uint64_t FromBe64(std::string_view s) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8 && i < s.size(); ++i) v = (v << 8) | static_cast<unsigned char>(s[i]);
    return v;
}

storage::SegmentSpec SpecOf(const ColumnDef& c, bool descending) {
    storage::SegmentSpec spec;
    spec.type = static_cast<storage::ColumnType>(c.coltyp);
    spec.order = descending ? storage::SortOrder::kDescending : storage::SortOrder::kAscending;
    spec.encoding = c.cp == 1200 ? storage::TextEncoding::kUtf16Le : storage::TextEncoding::kWindows1252;
    return spec;
}

bool HasPrefix(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(0, p.size()) == p; }

// ---- the view of one call --------------------------------------------------------------------

// A call's access to one open database: inside a transaction the session's snapshot and write
// set; outside, an implicit transaction: a fresh snapshot for the call, and writes committed when
// the call ends.
class CallView {
public:
    CallView(CallGuard& g, SessionData& d, OpenDatabase& odb) : g_(g), d_(d), odb_(odb) {
        if (odb_.memory == nullptr && !odb_.snapshot_live) {
            const storage::Status s = odb_.snapshot->Renew();
            err_ = s.ok() ? JET_errSuccess : FromStorage(s, JET_errDiskIO);
            odb_.snapshot_live = s.ok();
            ++odb_.renewals;
            implicit_ = true;
        }
    }
    ~CallView() {
        if (odb_.memory == nullptr && implicit_ && LevelOf(g_) == 0) {
            odb_.snapshot->Reset();
            odb_.snapshot_live = false;
        }
    }
    CallView(const CallView&) = delete;
    CallView& operator=(const CallView&) = delete;

    JET_ERR err() const { return err_; }
    bool writes_here() const { return d_.write_db == odb_.db->dbid; }
    bool temporary() const { return odb_.memory != nullptr; }

    std::unique_ptr<storage::KvIterator> Iterator() {
        if (temporary()) return odb_.temp_writes.NewMergedIterator(storage::NewMapIterator(odb_.memory.get()));
        auto base = odb_.snapshot->NewIterator();
        return writes_here() ? d_.writes.NewMergedIterator(std::move(base)) : std::move(base);
    }

    // Reads one key through the write set and the snapshot.
    JET_ERR Get(const std::string& key, std::string* value, bool* found) {
        if (temporary()) {
            std::string_view v;
            const storage::WriteSet::Found f = odb_.temp_writes.Get(key, &v);
            if (f != storage::WriteSet::Found::kAbsent) {
                *found = f == storage::WriteSet::Found::kValue;
                if (*found) value->assign(v);
                return JET_errSuccess;
            }
            auto it = odb_.memory->find(key);
            *found = it != odb_.memory->end();
            if (*found) *value = it->second;
            return JET_errSuccess;
        }
        if (writes_here()) {
            std::string_view v;
            const storage::WriteSet::Found f = d_.writes.Get(key, &v);
            if (f == storage::WriteSet::Found::kValue) {
                value->assign(v);
                *found = true;
                return JET_errSuccess;
            }
            if (f == storage::WriteSet::Found::kDeleted) {
                *found = false;
                return JET_errSuccess;
            }
        }
        std::string_view v;
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

    // Readies the session to write this database: read-only checks and DECISIONS.md 13.
    JET_ERR BeginWrite() {
        if (temporary()) return JET_errSuccess;  // not versioned: no transaction rules apply
        if (odb_.read_only) return JET_errPermissionDenied;
        if (g_.slot().read_only.load(std::memory_order_relaxed) != 0) return JET_errTransReadOnly;
        if (d_.write_db != JET_dbidNil && d_.write_db != odb_.db->dbid && !d_.writes.empty()) {
            return JET_errInvalidOperation;  // a second database in one transaction (DECISIONS.md 13)
        }
        d_.write_db = odb_.db->dbid;
        return JET_errSuccess;
    }

    // Locks a record key for this transaction (esent's write conflicts).
    JET_ERR Lock(const std::string& key) {
        if (temporary()) return JET_errSuccess;  // private to the session
        bool acquired = false;
        const JET_ERR err = LocksOf(*odb_.db).Lock(key, g_.sesid(), odb_.snapshot->TxnId(), &acquired);
        if (err >= 0 && acquired) d_.locked.push_back(key);  // each key once: released at the end
        return err;
    }

    // A read lock: other transactions' write locks on the record conflict until this one ends.
    JET_ERR ReadLock(const std::string& key) {
        if (temporary()) return JET_errSuccess;
        const JET_ERR err = LocksOf(*odb_.db).ReadLock(key, g_.sesid());
        if (err >= 0) d_.read_locked.emplace_back(odb_.db->dbid, key);
        return err;
    }

    // The version store's bound: a transaction's uncommitted bytes (JET_paramMaxVerPages pages
    // of 16 KiB). Past it the write is refused and the engine stays healthy.
    JET_ERR Reserve(std::size_t bytes) {
        const std::uint64_t limit = static_cast<std::uint64_t>(
            g_.record().params.Int(JET_paramMaxVerPages)) * 16384u;
        if (temporary()) return JET_errSuccess;
        return d_.writes.bytes() + bytes > limit ? JET_errVersionStoreOutOfMemory : JET_errSuccess;
    }

    storage::WriteSet& writes() {
        ++d_.writes_epoch;  // the caller is about to change it
        return temporary() ? odb_.temp_writes : d_.writes;
    }

    // Keeps `record` as the cursor's current record for this snapshot and these writes.
    void CacheRecord(Cursor& c, std::string_view record) {
        c.record_cache.assign(record);
        c.cache_valid = true;
        c.cache_renewals = odb_.renewals;
        c.cache_writes_epoch = d_.writes_epoch;
    }
    // Marks the record bytes already in c.record_cache as current for this view.
    void StampRecord(Cursor& c) {
        c.cache_valid = true;
        c.cache_renewals = odb_.renewals;
        c.cache_writes_epoch = d_.writes_epoch;
    }
    bool CachedRecord(const Cursor& c) const {
        return c.cache_valid && c.cache_renewals == odb_.renewals && c.cache_writes_epoch == d_.writes_epoch;
    }

    // The cursor's kept iterator, made anew when the snapshot or the writes changed since.
    storage::KvIterator& NavIterator(Cursor& c, std::uint32_t objid) {
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
        if (err < 0) {
            ReleaseLocks(g_, d_, 0);
            d_.writes.Clear();
            d_.write_db = JET_dbidNil;
            return err;
        }
        const bool lazy = (SessionCommitDefault(g_) & JET_bitCommitLazyFlush) != 0;
        const JET_ERR c = DataCommitLevel(g_, true, lazy);
        if (c < 0) {
            // An implicit transaction that cannot commit is rolled back: nothing stays pending.
            ReleaseLocks(g_, d_, 0);
            d_.writes.Clear();
            d_.write_db = JET_dbidNil;
            return c;
        }
        return err;
    }

private:
    CallGuard& g_;
    SessionData& d_;
    OpenDatabase& odb_;
    JET_ERR err_ = JET_errSuccess;
    bool implicit_ = false;
};

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
            if ((primary->grbit & (JET_bitIndexDisallowNull | JET_bitIndexIgnoreNull | JET_bitIndexIgnoreAnyNull)) != 0) {
                return JET_errNullInvalid;
            }
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
JET_ERR SecondaryKeysOf(const TableDef& t, const IndexDef& x, const std::string& record, std::vector<std::string>* out) {
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
                st = kb.AppendValue(spec, v.bytes);
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
    for (const IndexDef& x : t.indexes) {
        if (x.primary()) continue;
        std::vector<std::string> old_keys;
        std::vector<std::string> new_keys;
        JET_ERR err = before != nullptr ? SecondaryKeysOf(t, x, *before, &old_keys) : JET_errSuccess;
        if (err >= 0 && after != nullptr) err = SecondaryKeysOf(t, x, *after, &new_keys);
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
    std::lock_guard lock(db.counters_mu);
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

}  // namespace

// ---- tables ----------------------------------------------------------------------------------

namespace {

// Tableids are unique in the process (never reused), so another session's is never one of ours.
std::atomic<JET_TABLEID> g_next_tableid{1};

JET_ERR NewCursor(CallGuard& g, SessionData& d, JET_DBID dbid, TableDef table, bool read_only, JET_TABLEID* out) {
    auto c = std::make_unique<Cursor>();
    c->tableid = g_next_tableid.fetch_add(1, std::memory_order_relaxed);
    c->dbid = dbid;
    c->table = std::move(table);
    c->level_opened = LevelOf(g);
    c->read_only = read_only;
    *out = c->tableid;
    d.cursors.emplace(c->tableid, std::move(c));
    return JET_errSuccess;
}

JET_ERR LoadTableIn(CallView& view, std::string_view name, TableDef* t) {
    auto it = view.Iterator();
    return LoadTable(*it, name, t);
}

}  // namespace

JET_ERR CreateTable(JET_SESID sesid, JET_DBID dbid, const char* name, unsigned long pages, unsigned long density,
                    JET_TABLEID* ptableid) {
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
    view.writes().Put(tkey, EncodeTable(t));
    err = NewCursor(g, d, dbid, t, false, ptableid);
    err = view.Finish(err);
    if (err < 0) {
        d.cursors.erase(*ptableid);
        *ptableid = JET_tableidNil;
    }
    return err;
}

JET_ERR OpenTable(JET_SESID sesid, JET_DBID dbid, const char* name, JET_GRBIT grbit, JET_TABLEID* ptableid) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (name == nullptr || ptableid == nullptr) return JET_errInvalidParameter;
    SessionData& d = DataOf(g);
    OpenDatabase* odb = OpenDbOf(&d, dbid);
    if (odb == nullptr) return JET_errInvalidDatabaseId;
    CallView view(g, d, *odb);
    if (view.err() < 0) return view.err();
    TableDef t;
    const JET_ERR err = LoadTableIn(view, name, &t);
    if (err < 0) return view.Finish(err);
    const bool read_only = odb->read_only || (grbit & JET_bitTableReadOnly) != 0;
    return view.Finish(NewCursor(g, d, dbid, std::move(t), read_only, ptableid));
}

JET_ERR CloseTable(JET_SESID sesid, JET_TABLEID tableid) {
    CallGuard g(sesid, true);  // exempt from stop-service
    if (g.err() < 0) return g.err();
    SessionData* d = DataIfAny(g);
    Cursor* c = CursorOf(d, tableid);
    if (c == nullptr) return JET_errInvalidTableId;
    const bool temporary = c->temporary;
    const JET_DBID dbid = c->dbid;
    d->cursors.erase(tableid);
    if (temporary) d->dbs.erase(dbid);  // the temporary table goes with its cursor
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
    const std::string tkey = TableKey(name);
    err = view.Lock(tkey);
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
    view.writes().Delete(tkey);
    return view.Finish(JET_errSuccess);
}

// ---- columns ---------------------------------------------------------------------------------

JET_ERR AddColumn(JET_SESID sesid, JET_TABLEID tableid, const char* name, const JET_COLUMNDEF* def, const void* pv_default,
                  unsigned long cb_default, JET_COLUMNID* pcolumnid) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    SessionData* d = DataIfAny(g);
    Cursor* c = CursorOf(d, tableid);
    if (c == nullptr) return JET_errInvalidTableId;
    if (def == nullptr) return JET_errInvalidParameter;
    JET_ERR err = CheckName(name);
    if (err < 0) return err;
    if (!ValidType(def->coltyp)) return JET_errInvalidColumnType;
    if (c->table.FindColumn(std::string_view(name)) != nullptr) return JET_errColumnDuplicate;
    if (pv_default == nullptr && cb_default != 0) return JET_errInvalidParameter;
    if (cb_default > (IsLong(def->coltyp) ? JET_cbLVDefaultValueMost : JET_cbColumnMost)) return JET_errDefaultValueTooBig;
    ColumnDef col;
    col.name = name;
    col.coltyp = def->coltyp;
    col.cbMax = static_cast<std::uint32_t>(def->cbMax);
    col.grbit = def->grbit;
    col.cp = def->cp == 0 ? (col.coltyp == JET_coltypText || col.coltyp == JET_coltypLongText ? 1252 : 0) : def->cp;
    if ((col.coltyp == JET_coltypText || col.coltyp == JET_coltypLongText) && col.cp != 1200 && col.cp != 1252) {
        return JET_errInvalidParameter;
    }
    if ((col.grbit & JET_bitColumnAutoincrement) != 0 && col.coltyp != JET_coltypLong &&
        col.coltyp != JET_coltypCurrency && col.coltyp != JET_coltypLongLong) {
        return JET_errInvalidColumnType;
    }
    if ((col.grbit & JET_bitColumnEscrowUpdate) != 0 && col.coltyp != JET_coltypLong &&
        col.coltyp != JET_coltypLongLong) {
        return JET_errInvalidColumnType;
    }
    if (pv_default != nullptr) {
        col.default_value = std::string(static_cast<const char*>(pv_default), cb_default);
        err = CheckValueSize(col, cb_default);
        if (err < 0) return JET_errInvalidParameter;
    }
    const bool tagged = (col.grbit & (JET_bitColumnTagged | JET_bitColumnMultiValued)) != 0 || IsLong(col.coltyp);
    TableDef t = c->table;
    if (tagged) {
        if (t.next_tagged > storage::kLastTaggedColumn) return JET_errTooManyColumns;
        col.columnid = t.next_tagged++;
    } else if (FixedSize(col.coltyp) != 0 || (col.grbit & JET_bitColumnFixed) != 0) {
        if (FixedSize(col.coltyp) == 0) return JET_errInvalidParameter;  // fixed needs a fixed-size type
        if (t.next_fixed > storage::kLastFixedColumn) return JET_errTooManyColumns;
        col.columnid = t.next_fixed++;
    } else {
        if (t.next_variable > storage::kLastVariableColumn) return JET_errTooManyColumns;
        col.columnid = t.next_variable++;
    }
    if (col.cbMax == 0 && FixedSize(col.coltyp) != 0) col.cbMax = FixedSize(col.coltyp);

    OpenDatabase* odb = OpenDbOf(d, c->dbid);
    if (odb == nullptr) return JET_errInvalidDatabaseId;
    CallView view(g, *d, *odb);
    if (view.err() < 0) return view.err();
    err = view.BeginWrite();
    if (err < 0) return view.Finish(err);
    const std::string tkey = TableKey(t.name);
    err = view.Lock(tkey);
    if (err < 0) return view.Finish(err);
    view.writes().Put(tkey, EncodeTable(t));
    view.writes().Put(ColumnKey(t.objid, col.name), EncodeColumn(col));
    err = view.Finish(JET_errSuccess);
    if (err < 0) return err;
    d->schema_changed = true;
    t.columns.push_back(col);
    c->table = std::move(t);
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
    const ColumnDef* col = c->table.FindColumn(std::string_view(name));
    if (col == nullptr) return JET_errColumnNotFound;
    for (const IndexDef& x : c->table.indexes) {
        for (const IndexSegment& s : x.segments) {
            if (s.columnid == col->columnid) return JET_errColumnInUse;
        }
    }
    OpenDatabase* odb = OpenDbOf(d, c->dbid);
    if (odb == nullptr) return JET_errInvalidDatabaseId;
    CallView view(g, *d, *odb);
    if (view.err() < 0) return view.err();
    JET_ERR err = view.BeginWrite();
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

namespace {

JET_ERR FillColumnInfo(const TableDef& t, const ColumnDef& col, void* pv, unsigned long cb, unsigned long level) {
    const unsigned long base_level = level & 0x0FFFFFFF;
    if (base_level == JET_ColInfo || base_level == JET_ColInfoByColid) {
        if (cb < sizeof(JET_COLUMNDEF)) return JET_errBufferTooSmall;
        JET_COLUMNDEF def{};
        def.cbStruct = sizeof def;
        def.columnid = col.columnid;
        def.coltyp = col.coltyp;
        def.wCountry = 1;
        def.langid = 0x409;
        def.cp = col.cp;
        def.cbMax = col.cbMax;
        def.grbit = col.grbit | JET_bitColumnUpdatable;
        std::memcpy(pv, &def, sizeof def);
        return JET_errSuccess;
    }
    if (base_level == JET_ColInfoBase || base_level == JET_ColInfoBaseByColid) {
        if (cb < sizeof(JET_COLUMNBASE)) return JET_errBufferTooSmall;
        JET_COLUMNBASE b{};
        b.cbStruct = sizeof b;
        b.columnid = col.columnid;
        b.coltyp = col.coltyp;
        b.wCountry = 1;
        b.langid = 0x409;
        b.cp = col.cp;
        b.cbMax = col.cbMax;
        b.grbit = col.grbit | JET_bitColumnUpdatable;
        std::snprintf(b.szBaseTableName, sizeof b.szBaseTableName, "%s", t.name.c_str());
        std::snprintf(b.szBaseColumnName, sizeof b.szBaseColumnName, "%s", col.name.c_str());
        std::memcpy(pv, &b, sizeof b);
        return JET_errSuccess;
    }
    return JET_errInvalidParameter;  // JET_ColInfoList needs temporary tables (not yet)
}

JET_ERR ColumnInfoOf(const TableDef& t, const char* name, void* pv, unsigned long cb, unsigned long level) {
    if (pv == nullptr) return JET_errInvalidParameter;
    const unsigned long base_level = level & 0x0FFFFFFF;
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

JET_ERR GetTableColumnInfo(JET_SESID sesid, JET_TABLEID tableid, const char* name, void* pv, unsigned long cb,
                           unsigned long level) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    Cursor* c = CursorOf(DataIfAny(g), tableid);
    if (c == nullptr) return JET_errInvalidTableId;
    return ColumnInfoOf(c->table, name, pv, cb, level);
}

JET_ERR GetColumnInfo(JET_SESID sesid, JET_DBID dbid, const char* table, const char* name, void* pv,
                      unsigned long cb, unsigned long level) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (table == nullptr) return JET_errInvalidParameter;
    SessionData& d = DataOf(g);
    OpenDatabase* odb = OpenDbOf(&d, dbid);
    if (odb == nullptr) return JET_errInvalidDatabaseId;
    CallView view(g, d, *odb);
    if (view.err() < 0) return view.err();
    TableDef t;
    const JET_ERR err = LoadTableIn(view, table, &t);
    if (err < 0) return view.Finish(err);
    return view.Finish(ColumnInfoOf(t, name, pv, cb, level));
}

// ---- the primary index -----------------------------------------------------------------------

JET_ERR CreateIndexCall(JET_SESID sesid, JET_TABLEID tableid, const char* name, JET_GRBIT grbit, const char* key,
                           unsigned long cb_key, unsigned long density) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    SessionData* d = DataIfAny(g);
    Cursor* c = CursorOf(d, tableid);
    if (c == nullptr) return JET_errInvalidTableId;
    JET_ERR err = CheckName(name);
    if (err < 0) return err;
    if (key == nullptr || cb_key < 2) return JET_errIndexInvalidDef;
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
        if (IsLong(col->coltyp)) return JET_errIndexInvalidDef;
        x.segments.push_back({col->columnid, descending});
        pos += n + 1;
    }
    if (x.segments.empty() || x.segments.size() > JET_ccolKeyMost) return JET_errIndexInvalidDef;
    OpenDatabase* odb = OpenDbOf(d, c->dbid);
    if (odb == nullptr) return JET_errInvalidDatabaseId;
    CallView view(g, *d, *odb);
    if (view.err() < 0) return view.err();
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
        TableDef with = c->table;
        with.indexes.push_back(x);
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

// ---- records ---------------------------------------------------------------------------------

namespace {

// Reads the current record of `c`. JET_errNoCurrentRecord / JET_errRecordDeleted when there is none.
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

struct CursorContext {
    SessionData* d = nullptr;
    Cursor* c = nullptr;
    OpenDatabase* odb = nullptr;
};

JET_ERR Resolve(CallGuard& g, JET_TABLEID tableid, CursorContext* ctx) {
    ctx->d = DataIfAny(g);
    ctx->c = CursorOf(ctx->d, tableid);
    if (ctx->c == nullptr) return JET_errInvalidTableId;
    ctx->odb = OpenDbOf(ctx->d, ctx->c->dbid);
    return ctx->odb == nullptr ? JET_errInvalidDatabaseId : JET_errSuccess;
}

}  // namespace

JET_ERR PrepareUpdate(JET_SESID sesid, JET_TABLEID tableid, unsigned long prep) {
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
        if (prep == JET_prepReplace) {
            if (LevelOf(g) == 0) return view.Finish(JET_errNotInTransaction);  // [esent] it takes a write lock
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

JET_ERR SetColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, const void* pv, unsigned long cb,
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

JET_ERR SetColumnIn(Cursor& c, JET_COLUMNID columnid, const void* pv, unsigned long cb, JET_GRBIT grbit,
                    const JET_SETINFO* setinfo) {
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
    if ((col->grbit & JET_bitColumnAutoincrement) != 0 && c.update.kind != JET_prepReplace &&
        c.update.kind != JET_prepReplaceNoLock) {
        return JET_errInvalidColumnType;  // [esent] autoincrement columns cannot be set
    }
    if ((c.update.kind == JET_prepReplace || c.update.kind == JET_prepReplaceNoLock) &&
        (col->grbit & JET_bitColumnAutoincrement) != 0) {
        return JET_errInvalidColumnType;
    }
    const bool tagged = storage::KindOf(col->columnid) == ColumnKind::kTagged;
    std::uint32_t itag = setinfo != nullptr ? static_cast<std::uint32_t>(setinfo->itagSequence) : (tagged ? 1 : 1);
    if (!tagged && itag > 1) return JET_errInvalidParameter;
    const unsigned long ib = setinfo != nullptr ? setinfo->ibLongValue : 0;
    RecordView view;
    if (!view.Parse(c.update.record).ok()) return JET_errDatabaseCorrupted;
    storage::ColumnValue existing;
    const bool has_existing = itag != 0 && view.Find(col->columnid, itag, &existing) == storage::Presence::kValue;

    std::string value;
    bool set_null = false;
    if ((grbit & JET_bitSetRevertToDefaultValue) != 0) {
        set_null = true;
    } else if ((grbit & (JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV)) != 0) {
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
    } else if (cb == 0 && (grbit & JET_bitSetZeroLength) == 0) {
        set_null = true;
    } else {
        value.assign(static_cast<const char*>(pv), cb);
        if (cb == 0 && FixedSize(col->coltyp) != 0) set_null = true;  // a fixed column has no zero length
    }
    if (!set_null) {
        const JET_ERR size_err = CheckValueSize(*col, value.size());
        if (size_err < 0) return size_err;
        if ((grbit & (JET_bitSetUniqueMultiValues | JET_bitSetUniqueNormalizedMultiValues)) != 0 && tagged) {
            const std::uint32_t n = view.CountValues(col->columnid);
            for (std::uint32_t i = 1; i <= n; ++i) {
                storage::ColumnValue other;
                if (i != itag && view.Find(col->columnid, i, &other) == storage::Presence::kValue &&
                    other.bytes == value) {
                    return JET_errMultiValuedDuplicate;
                }
            }
        }
    }
    if (tagged && itag == 0 && set_null) return JET_errSuccess;  // nothing to append
    const storage::ColumnValue v{value, false};
    const storage::Status s = storage::EditRecord(&c.update.record, col->columnid, itag, set_null ? nullptr : &v);
    if (!s.ok()) return s.Is(storage::Code::kTooLarge) ? JET_errColumnTooBig : JET_errInvalidParameter;
    return JET_errSuccess;
}

JET_ERR Update(JET_SESID sesid, JET_TABLEID tableid, void* bookmark, unsigned long cb_bookmark,
               unsigned long* pcb_actual) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
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
        if (found && c.drop_duplicates) {  // [esent] a unique sort keeps the first record of a key
            c.update = PreparedUpdate{};
            return view.Finish(JET_errSuccess);
        }
        if (found) return view.Finish(JET_errKeyDuplicate);
        err = view.Lock(key);  // a racing insert of the same key conflicts (esent: KeyDuplicate or WriteConflict)
        if (err < 0) return view.Finish(err == JET_errWriteConflict ? JET_errKeyDuplicate : err);
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
        bool found = false;
        std::string existing;
        err = view.Get(key, &existing, &found);
        if (err < 0) return view.Finish(err);
        if (!found) return view.Finish(JET_errRecordDeleted);
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
    if (pcb_actual != nullptr) *pcb_actual = static_cast<unsigned long>(bm.size());
    if (bookmark != nullptr && cb_bookmark > 0) {
        std::memcpy(bookmark, bm.data(), std::min<std::size_t>(cb_bookmark, bm.size()));
    }
    if (!insert && c.position == Position::kOnRecord && c.record_key == key) {
        // [esent] the cursor stays on the record, at its new place in the current index.
        if (const IndexDef* sx = SecondaryOf(c)) {
            std::vector<std::string> keys;
            if (SecondaryKeysOf(c.table, *sx, c.update.record, &keys) >= 0 && !keys.empty()) {
                c.entry_key = ObjectPrefix(sx->objid) + keys.front() + std::string(bm);
            }
        }
    }
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

// One column value out of a parsed record, with esent's NULL, default and truncation rules.
JET_ERR RetrieveFrom(CallView& view, const Cursor& c, const RecordView& rv, JET_COLUMNID columnid, void* pv,
                     unsigned long cb, unsigned long* pcb_actual, JET_GRBIT grbit, unsigned long itag_in,
                     unsigned long ib) {
    if ((grbit & ~kRetrieveGrbits) != 0) return JET_errInvalidGrbit;
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
    if (ib > bytes.size()) {
        bytes = {};
    } else {
        bytes.remove_prefix(ib);
    }
    if (pcb_actual != nullptr) *pcb_actual = static_cast<unsigned long>(bytes.size());
    const std::size_t n = std::min<std::size_t>(cb, bytes.size());
    if (n != 0) std::memcpy(pv, bytes.data(), n);
    return bytes.size() > cb ? JET_wrnBufferTruncated : JET_errSuccess;
}

}  // namespace

JET_ERR RetrieveColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, void* pv, unsigned long cb,
                       unsigned long* pcb_actual, JET_GRBIT grbit, JET_RETINFO* retinfo) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if ((grbit & ~kRetrieveGrbits) != 0) return JET_errInvalidGrbit;
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
    return view.Finish(RetrieveFrom(view, *x.c, rv, columnid, pv, cb, pcb_actual, grbit,
                                    retinfo != nullptr ? retinfo->itagSequence : 1,
                                    retinfo != nullptr ? retinfo->ibLongValue : 0));
}

JET_ERR RetrieveColumns(JET_SESID sesid, JET_TABLEID tableid, JET_RETRIEVECOLUMN* cols, unsigned long n) {
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
    JET_ERR result = JET_errSuccess;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    for (unsigned long i = 0; i < n; ++i) {
        JET_RETRIEVECOLUMN& r = cols[i];
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
        r.err = RetrieveFrom(view, *x.c, from_copy ? rv_copy : rv_current, r.columnid, r.pvData, r.cbData,
                             &r.cbActual, r.grbit, r.itagSequence, r.ibLongValue);
        r.columnidNextTagged = 0;
        if (r.err < 0) return view.Finish(r.err);
        if (r.err > 0 && result == JET_errSuccess) result = r.err;
    }
    return view.Finish(result);
}

// ---- navigation ------------------------------------------------------------------------------

namespace {

// Positions `c` from `it` when it stands on a record of the table; else off the end.
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

JET_ERR Move(JET_SESID sesid, JET_TABLEID tableid, long crow, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if ((grbit & ~static_cast<JET_GRBIT>(JET_bitMoveKeyNE)) != 0) return JET_errInvalidGrbit;
    Cursor& c = *x.c;
    if (c.update.active && c.update.kind != JET_prepInsert) c.update = PreparedUpdate{};
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    storage::KvIterator* it = &view.NavIterator(c, NavObjid(c));
    if (crow == JET_MoveFirst || crow == static_cast<long>(0x80000000UL) || crow == JET_MoveLast) {
        c.has_range = false;  // [esent] moving to either end cancels an index range
    }
    if (crow == JET_MoveFirst || crow == static_cast<long>(0x80000000UL)) {
        c.position = Position::kBeforeFirst;
        err = StepOnce(c, *it, true, view);
    } else if (crow == JET_MoveLast) {
        c.position = Position::kAfterLast;
        err = StepOnce(c, *it, false, view);
    } else {
        const bool forward = crow > 0;
        for (long n = crow > 0 ? crow : -crow; n > 0 && err >= 0; --n) {
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

JET_ERR MakeKey(JET_SESID sesid, JET_TABLEID tableid, const void* pv, unsigned long cb, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    Cursor& c = *x.c;
    const IndexDef* primary = KeyIndexOf(c);  // the index the key is for
    if ((grbit & (JET_bitNewKey | JET_bitNormalizedKey)) != 0) {  // a normalized key is a whole key
        c.search_key.clear();
        c.search_segments = 0;
        c.search_key_limit = false;
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
    if ((grbit & ~(kDirections | static_cast<JET_GRBIT>(JET_bitSetIndexRange))) != 0 ||
        (dir != JET_bitSeekEQ && dir != JET_bitSeekLT && dir != JET_bitSeekLE && dir != JET_bitSeekGE &&
         dir != JET_bitSeekGT)) {
        return JET_errInvalidGrbit;
    }
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
        c.search_key.clear();
        c.search_segments = 0;
        c.search_key_limit = false;
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
        return view.Finish(JET_errSuccess);
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
    c.search_key.clear();
    c.search_segments = 0;
    c.search_key_limit = false;
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
    c.search_key.clear();
    c.search_segments = 0;
    c.search_key_limit = false;
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

JET_ERR GetBookmark(JET_SESID sesid, JET_TABLEID tableid, void* pv, unsigned long cb, unsigned long* pcb_actual) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    Cursor& c = *x.c;
    if (c.position != Position::kOnRecord) return JET_errNoCurrentRecord;
    const std::string_view bm = std::string_view(c.record_key).substr(4);
    if (pcb_actual != nullptr) *pcb_actual = static_cast<unsigned long>(bm.size());
    if (pv == nullptr && cb != 0) return JET_errInvalidParameter;
    if (cb < bm.size()) return JET_errBufferTooSmall;
    std::memcpy(pv, bm.data(), bm.size());
    return JET_errSuccess;
}

namespace {

JET_ERR GotoBookmarkIn(CallGuard& g, CursorContext& x, const void* pv, unsigned long cb) {
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
        err = SecondaryKeysOf(c.table, *sx, record, &keys);
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

JET_ERR GotoBookmark(JET_SESID sesid, JET_TABLEID tableid, const void* pv, unsigned long cb) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    return GotoBookmarkIn(g, x, pv, cb);
}

}  // namespace jetstore::engine

namespace jetstore::engine {

JET_ERR SetColumns(JET_SESID sesid, JET_TABLEID tableid, JET_SETCOLUMN* cols, unsigned long n) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (cols == nullptr && n != 0) return JET_errInvalidParameter;
    bool inlined = false;
    for (unsigned long i = 0; i < n; ++i) {
        JET_SETCOLUMN& sc = cols[i];
        if (!inlined && x.c->update.active &&
            (sc.grbit & (JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV)) != 0) {
            CallView view(g, *x.d, *x.odb);
            if (view.err() < 0) return view.err();
            const JET_ERR e = view.Finish(InlineLongValues(view, x.c->table, &x.c->update.record));
            if (e < 0) return e;
            inlined = true;
        }
        JET_SETINFO info{sizeof(JET_SETINFO), sc.ibLongValue, sc.itagSequence};
        sc.err = SetColumnIn(*x.c, sc.columnid, sc.pvData, sc.cbData, sc.grbit, &info);
        if (sc.err < 0) return sc.err;
    }
    return JET_errSuccess;
}

JET_ERR DupCursor(JET_SESID sesid, JET_TABLEID tableid, JET_TABLEID* ptableid, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (ptableid == nullptr) return JET_errInvalidParameter;
    if (grbit != 0) return JET_errInvalidGrbit;
    // [esent] a duplicate starts on the same index, before its first record, with no key or update.
    return NewCursor(g, *x.d, x.c->dbid, x.c->table, x.c->read_only, ptableid);
}

JET_ERR GetCurrentIndex(JET_SESID sesid, JET_TABLEID tableid, char* name, unsigned long cb) {
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
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (grbit != JET_bitMoveFirst && grbit != JET_bitNoMove) return JET_errInvalidGrbit;
    Cursor& c = *x.c;
    const IndexDef* primary = c.table.PrimaryIndex();
    const bool wants_primary = name == nullptr || name[0] == '\0' || (primary != nullptr && primary->name == name);
    std::string next;
    if (!wants_primary) {
        const IndexDef* sx = c.table.FindIndex(name);
        if (sx == nullptr) return JET_errIndexNotFound;
        next = sx->name;
    }
    if (next == c.index_name && grbit == JET_bitNoMove) return JET_errSuccess;
    c.has_range = false;
    if (grbit == JET_bitNoMove && c.position == Position::kOnRecord) {
        // Keep the current record: find its entry in the new index.
        c.index_name = next;
        const std::string bm = c.record_key.substr(4);
        c.search_key.clear();
        c.search_segments = 0;
        c.search_key_limit = false;
        return GotoBookmarkIn(g, x, bm.data(), static_cast<unsigned long>(bm.size()));
    }
    c.index_name = next;
    c.search_key.clear();
    c.search_segments = 0;
    c.search_key_limit = false;
    if (grbit == JET_bitMoveFirst) {
        c.position = Position::kBeforeFirst;  // [esent] positioned before the first entry
        c.record_key.clear();
    }
    return JET_errSuccess;
}

JET_ERR GetTableInfo(JET_SESID sesid, JET_TABLEID tableid, void* pv, unsigned long cb, unsigned long level) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (pv == nullptr) return JET_errInvalidParameter;
    const Cursor& c = *x.c;
    switch (level) {
        case JET_TblInfoName:
        case JET_TblInfoTemplateTableName: {
            const std::string v = level == JET_TblInfoName ? c.table.name : std::string();
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
            if (cb < sizeof(unsigned long)) return JET_errBufferTooSmall;
            const unsigned long pages = level == JET_TblInfoSpaceOwned ? std::max<unsigned long>(1, c.table.pages) : 0;
            std::memcpy(pv, &pages, sizeof pages);
            return JET_errSuccess;
        }
        default:
            return JET_errInvalidParameter;
    }
}

JET_ERR IndexRecordCount(JET_SESID sesid, JET_TABLEID tableid, unsigned long* pcrec, unsigned long max) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (pcrec == nullptr) return JET_errInvalidParameter;
    Cursor& c = *x.c;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    const std::string prefix = ObjectPrefix(NavObjid(c));
    auto it = view.Iterator();
    // [esent] from the current entry (or the first) to the end of the index.
    storage::Status s = c.position == Position::kOnRecord ? it->SeekGE(c.entry_key) : it->SeekGE(prefix);
    if (c.position == Position::kAfterLast) s = it->SeekGE(ObjectPrefix(NavObjid(c) + 1));
    unsigned long n = 0;
    while (s.ok() && it->Valid() && HasPrefix(it->key(), prefix) && (max == 0 || n < max)) {
        ++n;
        s = it->Next();
    }
    it.reset();
    if (!s.ok()) return view.Finish(FromStorage(s, JET_errDiskIO));
    *pcrec = n;
    return view.Finish(JET_errSuccess);
}

JET_ERR RetrieveKey(JET_SESID sesid, JET_TABLEID tableid, void* pv, unsigned long cb, unsigned long* pcb_actual,
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
        if (c.position != Position::kOnRecord) return JET_errNoCurrentRecord;
        key = c.entry_key.substr(4);
        // A secondary entry's key is the index key followed by the primary key.
        if (SecondaryOf(c) != nullptr) key.resize(key.size() - (c.record_key.size() - 4));
    }
    if (pcb_actual != nullptr) *pcb_actual = static_cast<unsigned long>(key.size());
    if (pv == nullptr && cb != 0) return JET_errInvalidParameter;
    const std::size_t n = std::min<std::size_t>(cb, key.size());
    if (n != 0) std::memcpy(pv, key.data(), n);
    return key.size() > cb ? JET_wrnBufferTruncated : JET_errSuccess;
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

}  // namespace jetstore::engine

namespace jetstore::engine {

JET_ERR DeleteIndex(JET_SESID sesid, JET_TABLEID tableid, const char* name) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (name == nullptr) return JET_errInvalidParameter;
    Cursor& c = *x.c;
    const IndexDef* idx = c.table.FindIndex(std::string_view(name));
    if (idx == nullptr) return JET_errIndexNotFound;
    if (idx->primary()) return JET_errIndexMustStay;  // [esent] the clustered index cannot be deleted
    if (c.index_name == name) return JET_errIndexInUse;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
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

}  // namespace jetstore::engine

namespace jetstore::engine {

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

}  // namespace jetstore::engine

namespace jetstore::engine {

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

JET_ERR EscrowUpdate(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, const void* pv, unsigned long cb,
                     void* pv_old, unsigned long cb_old, unsigned long* pcb_old_actual, JET_GRBIT grbit) {
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
    if (err >= 0) err = LocksOf(*x.odb->db).EscrowLock(c.record_key, g.sesid(), &acquired);
    if (err < 0) return view.Finish(err);
    if (acquired) x.d->locked.push_back(c.record_key);
    const std::int64_t delta = ReadInt(std::string_view(static_cast<const char*>(pv), cb));
    std::int64_t old = 0;
    err = AddToColumn(&record, columnid, size, delta, &old);
    if (err < 0) return view.Finish(err);
    view.writes().Put(c.record_key, record);  // this transaction sees its own deltas at once
    x.d->escrow.push_back({c.record_key, static_cast<std::uint32_t>(columnid), size, delta, LevelOf(g)});
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

JET_ERR MergeEscrow(CallGuard& g, SessionData& d, AttachedDatabase& db, storage::WriteBatch* batch) {
    // The escrowed records this transaction does not hold write locks on: their latest committed
    // bytes plus every delta of this transaction. REQUIRES: db.escrow_mu held.
    std::unique_ptr<storage::ReadSnapshot> latest;
    storage::Status s = db.env->NewSnapshot(&latest);
    if (!s.ok()) return FromStorage(s, JET_errDiskIO);
    for (storage::WriteOp& op : *batch) {
        bool escrowed = false;
        for (const SessionData::EscrowDelta& e : d.escrow) escrowed = escrowed || e.record_key == op.key;
        if (!escrowed || LocksOf(db).Owns(op.key, g.sesid())) continue;
        std::string_view current;
        s = latest->Get(op.key, &current);
        if (!s.ok()) return s.Is(storage::Code::kNotFound) ? JET_errRecordDeleted : FromStorage(s, JET_errDiskIO);
        std::string record(current);
        for (const SessionData::EscrowDelta& e : d.escrow) {
            if (e.record_key != op.key) continue;
            const JET_ERR err = AddToColumn(&record, e.columnid, e.size, e.delta, nullptr);
            if (err < 0) return err;
        }
        op.value = std::move(record);
    }
    return JET_errSuccess;
}

}  // namespace jetstore::engine

namespace jetstore::engine {

namespace {

// The index info levels that return a value (the list levels return temporary tables: not yet).
JET_ERR IndexInfoOf(const TableDef& t, const char* name, void* pv, unsigned long cb, unsigned long level) {
    if (pv == nullptr) return JET_errInvalidParameter;
    auto put_ulong = [&](unsigned long v) {
        if (cb < sizeof v) return JET_errBufferTooSmall;
        std::memcpy(pv, &v, sizeof v);
        return JET_errSuccess;
    };
    if (level == JET_IdxInfoCount) return put_ulong(static_cast<unsigned long>(t.indexes.size()));
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
        default:
            return JET_errInvalidParameter;
    }
}

}  // namespace

JET_ERR GetTableIndexInfo(JET_SESID sesid, JET_TABLEID tableid, const char* name, void* pv, unsigned long cb,
                          unsigned long level) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    return IndexInfoOf(x.c->table, name, pv, cb, level);
}

JET_ERR GetIndexInfo(JET_SESID sesid, JET_DBID dbid, const char* table, const char* name, void* pv, unsigned long cb,
                     unsigned long level) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (table == nullptr) return JET_errInvalidParameter;
    SessionData& d = DataOf(g);
    OpenDatabase* odb = OpenDbOf(&d, dbid);
    if (odb == nullptr) return JET_errInvalidDatabaseId;
    CallView view(g, d, *odb);
    if (view.err() < 0) return view.err();
    TableDef t;
    const JET_ERR err = LoadTableIn(view, table, &t);
    if (err < 0) return view.Finish(err);
    return view.Finish(IndexInfoOf(t, name, pv, cb, level));
}

JET_ERR GetCursorInfo(JET_SESID sesid, JET_TABLEID tableid, void* pv, unsigned long cb, unsigned long level) {
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
    if (err >= 0 && LocksOf(*x.odb->db).LockedByOther(x.c->record_key, g.sesid())) err = JET_errWriteConflict;
    return view.Finish(err);
}

JET_ERR GetRecordPosition(JET_SESID sesid, JET_TABLEID tableid, JET_RECPOS* pos, unsigned long cb) {
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
    unsigned long before = 0;
    unsigned long total = 0;
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

}  // namespace jetstore::engine

namespace jetstore::engine {

namespace {

// Gives `col` the next id of its kind in `t` (esent's column id ranges), as JetAddColumn does.
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

}  // namespace

JET_ERR OpenTempTable(JET_SESID sesid, const JET_COLUMNDEF* defs, unsigned long n, JET_GRBIT grbit,
                      JET_TABLEID* ptableid, JET_COLUMNID* ids) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    if (defs == nullptr || n == 0 || ptableid == nullptr) return JET_errInvalidParameter;
    constexpr JET_GRBIT kKnown = JET_bitTTIndexed | JET_bitTTUnique | JET_bitTTUpdatable | JET_bitTTScrollable |
                                 JET_bitTTSortNullsHigh | JET_bitTTForceMaterialization | JET_bitTTForwardOnly |
                                 JET_bitTTIntrinsicLVsOnly | JET_bitTTDotNetGuid;
    if ((grbit & ~kKnown) != 0) return JET_errInvalidGrbit;
    SessionData& d = DataOf(g);
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
    for (unsigned long i = 0; i < n; ++i) {
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
        d.dbs.erase(dbid);
        return err;
    }
    Cursor& c = *d.cursors.at(*ptableid);
    c.index_name = index_name;
    c.temporary = true;
    // [esent] TTUnique drops duplicate keys, unless TTErrorOnDuplicateInsertion asks for the error.
    c.drop_duplicates = unique && (grbit & JET_bitTTErrorOnDuplicateInsertion) == 0;
    if (ids != nullptr) {
        for (unsigned long i = 0; i < n; ++i) ids[i] = c.table.columns[i].columnid;
    }
    return JET_errSuccess;
}

}  // namespace jetstore::engine
