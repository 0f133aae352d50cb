// Sessions and session-level transactions: the entry guard and every call that takes a
// JET_SESID. The lock-free parts are explained in session_table.h.
#pragma once

#include "engine/instance.h"
#include "engine/session_table.h"

#include <esent.h>

namespace jetstore::engine {

// The entry guard of a session call: decodes the handle, checks the process, the handle, the
// instance's state (in esent's precedence) and concurrent use, and marks the session busy for the
// life of the guard. Use: `CallGuard g(sesid, exempt); if (g.err() < 0) return g.err();`.
class CallGuard {
public:
    CallGuard(JET_SESID sesid, bool exempt_from_stop);
    ~CallGuard();
    CallGuard(const CallGuard&) = delete;
    CallGuard& operator=(const CallGuard&) = delete;

    JET_ERR err() const { return err_; }
    InstanceRecord& record() const { return *rec_; }
    SessionSlot& slot() const { return *slot_; }
    JET_SESID sesid() const { return sesid_; }

    // Leaves the call now, storing `final_ctl` (EndSession frees the slot this way).
    void LeaveWith(std::uint64_t final_ctl);

private:
    JET_SESID sesid_;
    JET_ERR err_;
    InstanceRecord* rec_ = nullptr;
    SessionSlot* slot_ = nullptr;
};

// The precise error for a session handle that failed the fast checks: process, handle, state,
// concurrent use, in that order. JET_errSuccess when a retry may pass (a transient race).
[[nodiscard]] JET_ERR DiagnoseSession(JET_SESID sesid, bool exempt_from_stop);

[[nodiscard]] JET_ERR BeginSession(JET_INSTANCE instance, JET_SESID* psesid);
[[nodiscard]] JET_ERR DupSession(JET_SESID sesid, JET_SESID* psesid);
[[nodiscard]] JET_ERR EndSession(JET_SESID sesid, JET_GRBIT grbit);
[[nodiscard]] JET_ERR SetSessionContext(JET_SESID sesid, JET_API_PTR context);
[[nodiscard]] JET_ERR ResetSessionContext(JET_SESID sesid);
[[nodiscard]] JET_ERR GetVersion(JET_SESID sesid, JET_ULONG* version);

// Term's side: waits until no call is inside any session of `rec`, then reports whether a live
// session has an open transaction.
void WaitForCallsToLeave(InstanceRecord& rec);
bool AnyOpenTransaction(InstanceRecord& rec);
// Ends every live session of `rec` (REQUIRES: rec is Terminating and no call is inside).
void EndAllSessions(InstanceRecord& rec);

// The session's JET_paramCommitDefault: its own when set through the session, else the instance's.
std::uint32_t SessionCommitDefault(const CallGuard& g);
void SetSessionCommitDefault(const CallGuard& g, std::uint32_t grbit);

// Runs the test hook (seams.h) if one is set.
void RunCallHook();

}  // namespace jetstore::engine
