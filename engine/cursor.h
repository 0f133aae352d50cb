// Cursors (JET_TABLEID): their position, key buffer, index range and prepared update, and their
// life in a session (cursor.cc): opened in a transaction level, closed by its rollback.
#pragma once

#include "engine/catalog.h"
#include "engine/data.h"
#include "storage/kv_iterator.h"

#include <esent.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace jetstore::engine {

class CallGuard;

// A prepared update (JetPrepareUpdate .. JetUpdate): the copy buffer.
struct PreparedUpdate {
    bool active = false;      // prepared and not yet updated or cancelled
    JET_ULONG kind = 0;   // the JET_prep value (JET_prepInsert is 0)
    std::string record;       // the record being built (record codec)
    std::string original;     // Replace / InsertCopyDeleteOriginal: the storage key of the original
    std::uint64_t sequential = 0;  // the implicit key of an insert into a table without primary index
};

// Where a cursor stands. Its position is a storage key (the record's), re-found on the session's
// current view for each move, so cursors outlive transactions and snapshots as esent's do.
enum class Position : unsigned char { kBeforeFirst, kOnRecord, kAfterLast };

struct TableOpen;

struct Cursor {
    Cursor() = default;
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;
    // [esent] a cursor's local storage is handed to the runtime callback when it closes.
    ~Cursor() {
        if (ls != JET_LSNil && ls_free != nullptr) {
            (void)ls_free(ls_sesid, dbid, tableid, JET_cbtypFreeCursorLS, reinterpret_cast<void*>(ls), nullptr, nullptr, 0);
        }
    }
    JET_TABLEID tableid = JET_tableidNil;
    JET_DBID dbid = JET_dbidNil;
    TableDef table;
    std::uint8_t level_opened = 0;  // rolling back below this level closes the cursor
    bool read_only = false;
    bool temporary = false;        // a cursor on a temporary table: closing the last one drops it
    bool drop_duplicates = false;  // TTUnique: an insert of an existing key is dropped silently
    Position position = Position::kBeforeFirst;
    // The current index: "" for the clustered one (the primary index, or the implicit sequential
    // index of a table without one), else a secondary index's name.
    std::string index_name;
    std::string entry_key;        // kOnRecord: the storage key of the current index entry
    std::string record_key;       // kOnRecord: the storage key of the current record
    bool current_deleted = false;  // the current record was deleted through this cursor
    // JetMakeKey's buffer over the primary index.
    std::string search_key;
    std::size_t search_segments = 0;
    bool search_key_limit = false;
    // Forgets the search key (JET_bitNewKey, and a seek, index range or index change consumes it).
    void ClearSearchKey() {
        search_key.clear();
        search_segments = 0;
        search_key_limit = false;
    }
    PreparedUpdate update;
    // JetSetIndexRange: the limit (a storage key: index prefix + normalized key) the cursor may
    // not move past, in the direction `range_upper` says.
    // The iterator of the last move, kept for the next one (a scan steps instead of seeking);
    // valid while the snapshot and the session's writes are those it was made for.
    std::unique_ptr<storage::KvIterator> nav;
    std::uint64_t nav_renewals = 0;
    std::uint64_t nav_writes_epoch = 0;
    std::uint32_t nav_objid = 0;
    // The current record's bytes as the last move or seek read them, valid for the same
    // commit seq and writes (so JetRetrieveColumn after JetMove reads no tree again).
    std::string record_cache;
    bool cache_valid = false;
    std::uint64_t cache_seq = 0;
    std::uint64_t cache_writes_epoch = 0;
    bool has_range = false;
    bool sequential = false;  // JetSetTableSequential's hint
    bool permit_ddl = false;  // opened with JET_bitTablePermitDDL
    std::unique_ptr<TableOpen> open;  // not for temporary tables
    bool range_upper = true;
    bool range_inclusive = false;
    std::string range_target;
    // JetSetLS(JET_bitLSCursor): the value, the runtime callback that frees it, the session.
    JET_LS ls = JET_LSNil;
    JET_CALLBACK ls_free = nullptr;
    JET_SESID ls_sesid = JET_sesidNil;
};

// Closes one cursor of the session (JetCloseTable); a temporary table goes with its last cursor.
void CloseCursor(SessionData& d, JET_TABLEID tableid);
// Replaces the cursor's table definition with a newer one; a current index the new one lacks is
// dropped with the position, search key, range and cached iterator that belonged to it.
void AdoptDefinition(Cursor& c, TableDef t);
void CloseCursorsOf(SessionData& d, JET_DBID dbid);
// [esent] A commit into `level` hands it the cursors the committed levels opened: a later
// rollback of `level` or below closes them, one of a deeper level no longer does.
void CommitCursorsTo(SessionData& d, std::uint8_t level);
// Closes cursors opened inside levels deeper than `level` (a rollback to `level`), cancels the
// prepared updates of the others.
void CloseCursorsAbove(SessionData& d, std::uint8_t level);

// A cursor of the call's session with its session data and open database (Resolve).
struct CursorContext {
    SessionData* d = nullptr;
    Cursor* c = nullptr;
    OpenDatabase* odb = nullptr;
};

}  // namespace jetstore::engine
