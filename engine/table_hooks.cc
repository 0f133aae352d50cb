#include "engine/table_hooks.h"

#include "engine/table_common.h"

#include <algorithm>
#include <utility>

namespace jetstore::engine {
namespace {

std::atomic<std::int64_t> g_registered{0};
std::atomic<JET_HANDLE> g_next_id{1};

void FreeTableLS(JET_CALLBACK fn, JET_DBID dbid, JET_LS ls) {
    if (fn == nullptr || ls == JET_LSNil) return;
    // [esent] the LS value is handed back in pvArg1; the callback's answer changes nothing.
    (void)fn(JET_sesidNil, dbid, JET_tableidNil, JET_cbtypFreeTableLS, reinterpret_cast<void*>(ls), nullptr, nullptr,
             0);
}

}  // namespace

bool AnyCallbacksRegistered() { return g_registered.load(std::memory_order_relaxed) > 0; }

TableHooks::~TableHooks() {
    std::unordered_map<std::uint32_t, Table> tables;
    {
        MutexLock lock(&mu_);
        tables.swap(tables_);
    }
    for (auto& [objid, t] : tables) {
        g_registered.fetch_sub(static_cast<std::int64_t>(t.callbacks.size()), std::memory_order_relaxed);
        FreeTableLS(t.free_fn, t.dbid, t.ls);
    }
}

JET_LS TableHooks::GetLS(std::uint32_t objid, bool reset) {
    MutexLock lock(&mu_);
    auto it = tables_.find(objid);
    if (it == tables_.end()) return JET_LSNil;
    const JET_LS ls = it->second.ls;
    if (reset) it->second.ls = JET_LSNil;
    return ls;
}

JET_ERR TableHooks::SetLS(std::uint32_t objid, JET_LS ls, JET_CALLBACK free_fn, JET_DBID dbid) {
    MutexLock lock(&mu_);
    Table& t = tables_[objid];
    if (ls != JET_LSNil && t.ls != JET_LSNil) return JET_errLSAlreadySet;
    t.ls = ls;
    t.free_fn = free_fn;
    t.dbid = dbid;
    return JET_errSuccess;
}

void TableHooks::Forget(std::uint32_t objid) {
    Table gone;
    {
        MutexLock lock(&mu_);
        auto it = tables_.find(objid);
        if (it == tables_.end()) return;
        gone = std::move(it->second);
        tables_.erase(it);
    }
    g_registered.fetch_sub(static_cast<std::int64_t>(gone.callbacks.size()), std::memory_order_relaxed);
    FreeTableLS(gone.free_fn, gone.dbid, gone.ls);
}

JET_HANDLE TableHooks::Register(std::uint32_t objid, JET_CBTYP cbtyp, JET_CALLBACK fn, void* context) {
    const JET_HANDLE id = g_next_id.fetch_add(1, std::memory_order_relaxed);
    {
        MutexLock lock(&mu_);
        tables_[objid].callbacks.push_back(RegisteredCallback{id, cbtyp, fn, context});
    }
    g_registered.fetch_add(1, std::memory_order_relaxed);
    return id;
}

bool TableHooks::Unregister(std::uint32_t objid, JET_CBTYP cbtyp, JET_HANDLE id) {
    {
        MutexLock lock(&mu_);
        auto it = tables_.find(objid);
        if (it == tables_.end()) return false;
        auto& cbs = it->second.callbacks;
        auto found = std::find_if(cbs.begin(), cbs.end(),
                                  [&](const RegisteredCallback& c) { return c.id == id && c.cbtyp == cbtyp; });
        if (found == cbs.end()) return false;
        cbs.erase(found);
    }
    g_registered.fetch_sub(1, std::memory_order_relaxed);
    return true;
}

void TableHooks::Collect(std::uint32_t objid, JET_CBTYP before, JET_CBTYP after, CallbackRun* out) {
    out->before_type = before;
    out->after_type = after;
    MutexLock lock(&mu_);
    auto it = tables_.find(objid);
    if (it == tables_.end()) return;
    for (const RegisteredCallback& c : it->second.callbacks) {
        if ((c.cbtyp & before) != 0) out->before.push_back(c);
        if ((c.cbtyp & after) != 0) out->after.push_back(c);
    }
}

namespace {

constexpr JET_CBTYP kRegistrable = JET_cbtypBeforeInsert | JET_cbtypAfterInsert | JET_cbtypBeforeReplace |
                                   JET_cbtypAfterReplace | JET_cbtypBeforeDelete | JET_cbtypAfterDelete;

// JET_bitLSCursor (the default) or JET_bitLSTable, with or without JET_bitLSReset.
JET_ERR LSScope(JET_GRBIT grbit, bool* table) {
    if ((grbit & ~static_cast<JET_GRBIT>(JET_bitLSReset | JET_bitLSCursor | JET_bitLSTable)) != 0) return JET_errInvalidGrbit;
    if ((grbit & JET_bitLSCursor) != 0 && (grbit & JET_bitLSTable) != 0) return JET_errInvalidGrbit;
    *table = (grbit & JET_bitLSTable) != 0;
    return JET_errSuccess;
}

}  // namespace

JET_ERR GetLS(JET_SESID sesid, JET_TABLEID tableid, JET_LS* pls, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    bool table = false;
    err = LSScope(grbit, &table);
    if (err < 0) return err;
    if (pls == nullptr) return JET_errInvalidParameter;
    const bool reset = (grbit & JET_bitLSReset) != 0;
    Cursor& c = *x.c;
    JET_LS ls = JET_LSNil;
    if (table) {
        if (c.temporary) return JET_errLSNotSet;  // a temporary table has no table LS
        ls = x.odb->db->hooks.GetLS(c.table.objid, reset);
    } else {
        ls = c.ls;
        if (reset) c.ls = JET_LSNil;  // [esent] handed back: the runtime callback will not free it
    }
    if (ls == JET_LSNil) return JET_errLSNotSet;
    *pls = ls;
    return JET_errSuccess;
}

JET_ERR SetLS(JET_SESID sesid, JET_TABLEID tableid, JET_LS ls, JET_GRBIT grbit) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    bool table = false;
    err = LSScope(grbit, &table);
    if (err < 0) return err;
    Cursor& c = *x.c;
    const bool reset = (grbit & JET_bitLSReset) != 0;
    if (reset) ls = JET_LSNil;  // [esent] Reset forgets the value without freeing it
    if (!reset && ls == JET_LSNil) return JET_errInvalidParameter;
    // [esent] an LS needs the runtime callback that will free it.
    const auto free_fn = reinterpret_cast<JET_CALLBACK>(
        static_cast<JET_API_PTR>(g.record().params.Int(JET_paramRuntimeCallback)));
    if (!reset && free_fn == nullptr) return JET_errLSCallbackNotSpecified;
    if (table) {
        if (c.temporary) return JET_errInvalidOperation;
        return x.odb->db->hooks.SetLS(c.table.objid, ls, free_fn, c.dbid);
    }
    if (!reset && c.ls != JET_LSNil) return JET_errLSAlreadySet;
    c.ls = ls;
    c.ls_free = free_fn;
    c.ls_sesid = sesid;
    return JET_errSuccess;
}

JET_ERR RegisterCallback(JET_SESID sesid, JET_TABLEID tableid, JET_CBTYP cbtyp, JET_CALLBACK fn, void* context,
                         JET_HANDLE* pid) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (fn == nullptr || pid == nullptr) return JET_errInvalidParameter;
    if (cbtyp == 0 || (cbtyp & ~kRegistrable) != 0) return JET_errInvalidParameter;
    if (x.c->temporary) return JET_errInvalidOperation;  // a temporary table runs no callbacks
    *pid = x.odb->db->hooks.Register(x.c->table.objid, cbtyp, fn, context);
    return JET_errSuccess;
}

JET_ERR UnregisterCallback(JET_SESID sesid, JET_TABLEID tableid, JET_CBTYP cbtyp, JET_HANDLE id) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (x.c->temporary) return JET_errInvalidParameter;
    return x.odb->db->hooks.Unregister(x.c->table.objid, cbtyp, id) ? JET_errSuccess : JET_errInvalidParameter;
}

JET_ERR CallbacksFor(JET_SESID sesid, JET_TABLEID tableid, HookedCall call, CallbackRun* out) {
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    const JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    const Cursor& c = *x.c;
    if (c.temporary || g.record().params.Int(JET_paramDisableCallbacks) != 0) return JET_errSuccess;
    out->dbid = c.dbid;
    if (call == HookedCall::kDelete) {
        x.odb->db->hooks.Collect(c.table.objid, JET_cbtypBeforeDelete, JET_cbtypAfterDelete, out);
        return JET_errSuccess;
    }
    if (!c.update.active) return JET_errSuccess;  // JetUpdate will say JET_errUpdateNotPrepared
    const bool replace = c.update.kind == JET_prepReplace || c.update.kind == JET_prepReplaceNoLock;
    if (replace) {
        x.odb->db->hooks.Collect(c.table.objid, JET_cbtypBeforeReplace, JET_cbtypAfterReplace, out);
    } else {
        x.odb->db->hooks.Collect(c.table.objid, JET_cbtypBeforeInsert, JET_cbtypAfterInsert, out);
    }
    return JET_errSuccess;
}

}  // namespace jetstore::engine
