// Cursors in a session: adopting a newer table definition, closing them (with the temporary
// table of the last one), and their transaction levels.
#include "engine/cursor.h"

#include "engine/table_common.h"

#include <algorithm>
#include <vector>

namespace jetstore::engine {

void AdoptDefinition(Cursor& c, TableDef t) {
    c.table = std::move(t);
    if (c.temporary || c.index_name.empty() || c.table.FindIndex(c.index_name) != nullptr) return;
    // Its current index is gone (another session deleted it): back on the clustered index,
    // before the first record, with nothing of the old index kept.
    c.index_name.clear();
    c.position = Position::kBeforeFirst;
    c.entry_key.clear();
    c.record_key.clear();
    c.ClearSearchKey();
    c.has_range = false;
    c.nav.reset();
    c.cache_valid = false;
}

void CloseCursorsOf(SessionData& d, JET_DBID dbid) {
    d.ForgetResolved();
    std::erase_if(d.cursors, [&](const auto& kv) { return kv.second->dbid == dbid; });
}

void CloseCursor(SessionData& d, JET_TABLEID tableid) {
    auto it = d.cursors.find(tableid);
    if (it == d.cursors.end()) return;
    const bool temporary = it->second->temporary;
    const JET_DBID dbid = it->second->dbid;
    d.ForgetResolved();
    d.cursors.erase(it);
    if (!temporary) return;
    // The temporary table goes with its last cursor (JetDupCursor shares it).
    for (const auto& [id, c] : d.cursors) {
        if (c->dbid == dbid) return;
    }
    d.dbs.erase(dbid);
}

void CommitCursorsTo(SessionData& d, std::uint8_t level) {
    for (auto& [id, c] : d.cursors) c->level_opened = std::min(c->level_opened, level);
}

void CloseCursorsAbove(SessionData& d, std::uint8_t level) {
    std::vector<JET_TABLEID> doomed;
    for (const auto& [id, c] : d.cursors) {
        if (c->level_opened > level) doomed.push_back(id);
    }
    for (const JET_TABLEID id : doomed) CloseCursor(d, id);
    for (auto& [id, c] : d.cursors) c->update = PreparedUpdate{};  // [esent] rollback cancels prepared updates
}

}  // namespace jetstore::engine
