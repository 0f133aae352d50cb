// Per-table hooks of an attached database (table_hooks.cc): the table's local storage
// (JetSetLS / JetGetLS with JET_bitLSTable) and the callbacks JetRegisterCallback registers, with
// the calls that run them around JetUpdate and JetDelete.
//
// Like esent's, both belong to the table as the instance has it open, not to one cursor: every
// session's cursors on the table share them. They live until JetUnregisterCallback (callbacks) or
// until the table is deleted or its database detached (local storage: the runtime callback is
// called with JET_cbtypFreeTableLS then).
#pragma once

#include "storage/mutex.h"

#include <esent.h>

#include <atomic>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace jetstore::engine {

struct RegisteredCallback {
    JET_HANDLE id = 0;
    JET_CBTYP cbtyp = 0;
    JET_CALLBACK fn = nullptr;
    void* context = nullptr;
};

// The callbacks one call runs: before it (an error refuses the call with JET_errCallbackFailed)
// and after it succeeded (their return values are ignored).
struct CallbackRun {
    JET_DBID dbid = JET_dbidNil;
    JET_CBTYP before_type = 0;
    JET_CBTYP after_type = 0;
    std::vector<RegisteredCallback> before;
    std::vector<RegisteredCallback> after;
};

class TableHooks {
public:
    TableHooks() = default;
    ~TableHooks();  // frees every table LS (the runtime callback, JET_cbtypFreeTableLS)
    TableHooks(const TableHooks&) = delete;
    TableHooks& operator=(const TableHooks&) = delete;

    // The table's local storage; JET_LSNil when none.
    JET_LS GetLS(std::uint32_t objid, bool reset);
    // JET_errLSAlreadySet when one is set (and `ls` is not JET_LSNil: a reset).
    [[nodiscard]] JET_ERR SetLS(std::uint32_t objid, JET_LS ls, JET_CALLBACK free_fn, JET_DBID dbid);
    // The table is gone (deleted): its LS is freed, its callbacks dropped.
    void Forget(std::uint32_t objid);

    JET_HANDLE Register(std::uint32_t objid, JET_CBTYP cbtyp, JET_CALLBACK fn, void* context);
    // False when no callback of the table has that id and type.
    bool Unregister(std::uint32_t objid, JET_CBTYP cbtyp, JET_HANDLE id);
    // The callbacks of the table for `before` and `after`.
    void Collect(std::uint32_t objid, JET_CBTYP before, JET_CBTYP after, CallbackRun* out);

private:
    struct Table {
        JET_LS ls = JET_LSNil;
        JET_CALLBACK free_fn = nullptr;
        JET_DBID dbid = JET_dbidNil;
        std::vector<RegisteredCallback> callbacks;
    };
    Mutex mu_;
    std::unordered_map<std::uint32_t, Table> tables_ GUARDED_BY(mu_);
};

// Callbacks registered in the process and not yet unregistered: JetUpdate and JetDelete look
// them up only when there are some (one relaxed load otherwise).
bool AnyCallbacksRegistered();

// ---- the calls (table_hooks.cc) ----------------------------------------------------------------
[[nodiscard]] JET_ERR GetLS(JET_SESID sesid, JET_TABLEID tableid, JET_LS* pls, JET_GRBIT grbit);
[[nodiscard]] JET_ERR SetLS(JET_SESID sesid, JET_TABLEID tableid, JET_LS ls, JET_GRBIT grbit);
[[nodiscard]] JET_ERR RegisterCallback(JET_SESID sesid, JET_TABLEID tableid, JET_CBTYP cbtyp, JET_CALLBACK fn,
                                       void* context, JET_HANDLE* pid);
[[nodiscard]] JET_ERR UnregisterCallback(JET_SESID sesid, JET_TABLEID tableid, JET_CBTYP cbtyp, JET_HANDLE id);
// Which registered callbacks JetUpdate (kUpdate: insert or replace, as the cursor's prepared update
// is) or JetDelete would run on the cursor now; an empty run when there is nothing to run (no
// prepared update, JET_paramDisableCallbacks, a temporary table). Errors: the cursor's.
enum class HookedCall { kUpdate, kDelete };
[[nodiscard]] JET_ERR CallbacksFor(JET_SESID sesid, JET_TABLEID tableid, HookedCall call, CallbackRun* out);

}  // namespace jetstore::engine
