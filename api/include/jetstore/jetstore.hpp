// jetstore/jetstore.hpp -- small C++20 RAII wrappers over the C API of <esent.h>.
//
// Header-only, over the public C API only (no engine internals): link libjetstore as a C program
// would. Each wrapper owns one handle and releases it in its destructor.
//
//   jetstore::Instance inst("app");
//   inst.SetParam(JET_paramRecovery, "off").SetParam(JET_paramMaxSessions, 64).Init();
//   jetstore::Session session(inst);
//   {
//     jetstore::ContextScope claim(session, request_id);   // JetSetSessionContext
//     jetstore::Transaction txn(session);                  // JetBeginTransaction
//     ...
//     txn.Commit();                                        // else rolled back at scope exit
//   }                                                      // JetResetSessionContext
//
// Conventions
//  1. Errors (codes < 0) throw JetError, which carries the code; warnings (> 0) are not errors and
//     are returned where a call returns a JET_ERR. jetstore::Check() applies the rule to any call.
//  2. Destructors never throw. A release that fails in a destructor is ignored (the handle was
//     already invalid, e.g. the instance was terminated first); see each destructor for details.
//  3. Destroy in reverse order of creation: ContextScope / Transaction before their Session,
//     Sessions before their Instance. Declaring them in that order in one scope does it.
//  4. Instance, Session and Transaction are movable (the moved-from object owns nothing and its
//     handle() is 0) and not copyable. ContextScope is neither: a context must be released by the
//     thread that set it, so the object stays where it was made.
//  5. Thread safety is the C API's: one thread at a time per session (esent.h, convention 4).
#ifndef JETSTORE_JETSTORE_HPP
#define JETSTORE_JETSTORE_HPP

#include <esent.h>
#include <jetstore/errors.hpp>

#include <concepts>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace jetstore {

// A JET error (code < 0) returned by a C API call.
class JetError : public std::runtime_error {
 public:
  // `call` names the C function that failed (static string, may be nullptr).
  explicit JetError(JET_ERR code, const char* call = nullptr)
      : std::runtime_error(Describe(code, call)), code_(code), call_(call) {}

  // The JET_err... value.
  JET_ERR code() const noexcept { return code_; }
  // The C function that returned it, or nullptr.
  const char* call() const noexcept { return call_; }

 private:
  static std::string Describe(JET_ERR code, const char* call) {
    std::string s = call != nullptr ? std::string(call) + ": " : std::string();
    const char* name = ErrorName(code);
    s += name != nullptr ? name : "undocumented JET error";
    s += " (" + std::to_string(code) + ")";
    return s;
  }

  JET_ERR code_;
  const char* call_;
};

// Throws JetError when err < 0; returns err (JET_errSuccess or a warning) otherwise.
inline JET_ERR Check(JET_ERR err, const char* call = nullptr) {
  if (err < 0) throw JetError(err, call);
  return err;
}

// An engine instance: JetCreateInstance in the constructor, JetTerm in the destructor.
class Instance {
 public:
  // Owns nothing (handle() == 0).
  Instance() noexcept = default;

  // JetCreateInstance(name): switches the process to multi-instance mode. name may be nullptr
  // (only one live instance may be unnamed). Throws JetError.
  explicit Instance(const char* name) { Check(JetCreateInstance(&handle_, name), "JetCreateInstance"); }
  explicit Instance(const std::string& name) : Instance(name.c_str()) {}

  // JetCreateInstance2 with a display name.
  Instance(const char* name, const char* display_name) {
    Check(JetCreateInstance2(&handle_, name, display_name, 0), "JetCreateInstance2");
  }

  // Adopts a handle from JetCreateInstance / JetInit.
  static Instance Adopt(JET_INSTANCE handle) noexcept {
    Instance inst;
    inst.handle_ = handle;
    return inst;
  }

  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;
  Instance(Instance&& other) noexcept : handle_(std::exchange(other.handle_, 0)) {}
  Instance& operator=(Instance&& other) noexcept {
    if (this != &other) {
      TermNoThrow();
      handle_ = std::exchange(other.handle_, 0);
    }
    return *this;
  }

  // JetTerm (an abrupt, clean stop). If a session still has an open transaction (the stop is
  // refused with JET_errTooManyActiveUsers), the instance is stopped with JET_bitTermDirty instead,
  // so it never outlives this object: with recovery on, the next JetInit on its folders recovers.
  ~Instance() { TermNoThrow(); }

  // JetSetSystemParameter on this instance. Fluent: returns *this. Throws JetError.
  template <typename T>
    requires std::integral<T> || std::is_enum_v<T>
  Instance& SetParam(unsigned long paramid, T value) {
    Check(JetSetSystemParameter(&handle_, 0, paramid, static_cast<JET_API_PTR>(value), nullptr),
          "JetSetSystemParameter");
    return *this;
  }
  Instance& SetParam(unsigned long paramid, const char* value) {
    Check(JetSetSystemParameter(&handle_, 0, paramid, 0, value), "JetSetSystemParameter");
    return *this;
  }
  Instance& SetParam(unsigned long paramid, const std::string& value) { return SetParam(paramid, value.c_str()); }

  // JetInit2(grbit). Returns *this. Throws JetError; on failure the engine has freed the instance
  // (handle() becomes 0) unless the code is JET_errAlreadyInitialized.
  Instance& Init(JET_GRBIT grbit = 0) {
    Check(JetInit2(&handle_, grbit), "JetInit2");
    return *this;
  }

  // JetTerm2(grbit) now. Afterwards the object owns nothing. Throws JetError (and keeps the
  // instance) on failure, e.g. JET_errTooManyActiveUsers; JET_errDirtyShutdown, the success code
  // of a JET_bitTermDirty stop, is returned, not thrown.
  JET_ERR Term(JET_GRBIT grbit = 0) {
    const JET_ERR err = JetTerm2(handle_, grbit);
    if (err == JET_errDirtyShutdown && (grbit & JET_bitTermDirty) != 0) {
      handle_ = 0;
      return err;
    }
    Check(err, "JetTerm2");
    handle_ = 0;
    return err;
  }

  // Gives up ownership without terminating; returns the handle.
  JET_INSTANCE release() noexcept { return std::exchange(handle_, 0); }

  JET_INSTANCE handle() const noexcept { return handle_; }
  explicit operator bool() const noexcept { return handle_ != 0; }

 private:
  void TermNoThrow() noexcept {
    if (handle_ == 0) return;
    if (JetTerm(handle_) == JET_errTooManyActiveUsers) (void)JetTerm2(handle_, JET_bitTermDirty);
    handle_ = 0;
  }

  JET_INSTANCE handle_ = 0;
};

// A session: JetBeginSession in the constructor, JetEndSession in the destructor.
class Session {
 public:
  // Owns nothing (handle() == 0).
  Session() noexcept = default;

  // JetBeginSession on a running instance. Throws JetError (e.g. JET_errOutOfSessions).
  explicit Session(JET_INSTANCE instance) {
    Check(JetBeginSession(instance, &sesid_, nullptr, nullptr), "JetBeginSession");
  }
  explicit Session(const Instance& instance) : Session(instance.handle()) {}

  // Adopts a handle from JetBeginSession / JetDupSession.
  static Session Adopt(JET_SESID sesid) noexcept {
    Session s;
    s.sesid_ = sesid;
    return s;
  }

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  Session(Session&& other) noexcept : sesid_(std::exchange(other.sesid_, 0)) {}
  Session& operator=(Session&& other) noexcept {
    if (this != &other) {
      EndNoThrow();
      sesid_ = std::exchange(other.sesid_, 0);
    }
    return *this;
  }

  // JetEndSession (rolls back open levels). Errors are ignored: a session whose context is still
  // set (JET_errSessionInUse) or whose transaction is bound to another thread
  // (JET_errSessionSharingViolation) then stays open until its instance terminates.
  ~Session() { EndNoThrow(); }

  // JetEndSession now. Afterwards the object owns nothing. Throws JetError (and keeps the
  // session) on failure.
  void End(JET_GRBIT grbit = 0) {
    Check(JetEndSession(sesid_, grbit), "JetEndSession");
    sesid_ = 0;
  }

  // JetDupSession: a new session on the same instance.
  Session Dup() const {
    JET_SESID dup = 0;
    Check(JetDupSession(sesid_, &dup), "JetDupSession");
    return Adopt(dup);
  }

  // Gives up ownership without ending the session; returns the handle.
  JET_SESID release() noexcept { return std::exchange(sesid_, 0); }

  JET_SESID handle() const noexcept { return sesid_; }
  explicit operator bool() const noexcept { return sesid_ != 0; }

 private:
  void EndNoThrow() noexcept {
    if (sesid_ != 0) (void)JetEndSession(sesid_, 0);
    sesid_ = 0;
  }

  JET_SESID sesid_ = 0;
};

// A claim of a session by the calling thread: JetSetSessionContext in the constructor,
// JetResetSessionContext in the destructor (on the same thread, as the C API requires).
class ContextScope {
 public:
  // Claims or throws JetError: JET_errSessionContextAlreadySet when another claim holds the
  // session, JET_errInvalidParameter for a context of 0 or -1, ...
  ContextScope(JET_SESID sesid, JET_API_PTR context) : sesid_(sesid) {
    Check(JetSetSessionContext(sesid, context), "JetSetSessionContext");
    held_ = true;
  }
  ContextScope(const Session& session, JET_API_PTR context) : ContextScope(session.handle(), context) {}

  // Tries to claim and never throws: check the result with held() / result(). The way a pool
  // probes its sessions (losers get JET_errSessionContextAlreadySet).
  ContextScope(JET_SESID sesid, JET_API_PTR context, std::nothrow_t) noexcept
      : sesid_(sesid), result_(JetSetSessionContext(sesid, context)), held_(result_ >= 0) {}
  ContextScope(const Session& session, JET_API_PTR context, std::nothrow_t) noexcept
      : ContextScope(session.handle(), context, std::nothrow) {}

  ContextScope(const ContextScope&) = delete;
  ContextScope& operator=(const ContextScope&) = delete;

  // JetResetSessionContext if held; errors are ignored (e.g. the session was ended by JetTerm).
  ~ContextScope() {
    if (held_) (void)JetResetSessionContext(sesid_);
  }

  // JetResetSessionContext now. Throws JetError on failure (the claim then counts as released).
  void Reset() {
    if (!held_) return;
    held_ = false;
    Check(JetResetSessionContext(sesid_), "JetResetSessionContext");
  }

  bool held() const noexcept { return held_; }
  explicit operator bool() const noexcept { return held_; }
  // The code of JetSetSessionContext.
  JET_ERR result() const noexcept { return result_; }
  JET_SESID sesid() const noexcept { return sesid_; }

 private:
  JET_SESID sesid_;
  JET_ERR result_ = JET_errSuccess;
  bool held_ = false;
};

// A transaction level: JetBeginTransaction2 in the constructor; rolled back (JetRollback, one
// level) in the destructor unless Commit succeeded. Nest them for save points.
class Transaction {
 public:
  // Owns nothing.
  Transaction() noexcept = default;

  // JetBeginTransaction2(grbit), e.g. JET_bitTransactionReadOnly. Throws JetError.
  explicit Transaction(JET_SESID sesid, JET_GRBIT grbit = 0) : sesid_(sesid) {
    Check(JetBeginTransaction2(sesid, grbit), "JetBeginTransaction2");
    open_ = true;
  }
  explicit Transaction(const Session& session, JET_GRBIT grbit = 0) : Transaction(session.handle(), grbit) {}

  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction(Transaction&& other) noexcept
      : sesid_(std::exchange(other.sesid_, 0)), open_(std::exchange(other.open_, false)) {}
  Transaction& operator=(Transaction&& other) noexcept {
    if (this != &other) {
      RollbackNoThrow();
      sesid_ = std::exchange(other.sesid_, 0);
      open_ = std::exchange(other.open_, false);
    }
    return *this;
  }

  // Rolls the level back if still open. Errors are ignored: a transaction bound to a context the
  // destroying thread does not hold (JET_errSessionSharingViolation) stays open.
  ~Transaction() { RollbackNoThrow(); }

  // JetCommitTransaction(grbit): 0 or JET_bitCommitLazyFlush. Throws JetError and stays open on
  // failure (so the destructor still rolls back). The Wait flags (JET_bitWaitLastLevel0Commit,
  // JET_bitWaitAllLevel0Commit) commit nothing: the level stays open after them.
  JET_ERR Commit(JET_GRBIT grbit = 0) {
    const JET_ERR err = Check(JetCommitTransaction(sesid_, grbit), "JetCommitTransaction");
    if ((grbit & (JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit)) == 0) open_ = false;
    return err;
  }

  // JetRollback of this level now. Throws JetError and stays open on failure.
  void Rollback() {
    Check(JetRollback(sesid_, 0), "JetRollback");
    open_ = false;
  }

  // True until Commit or Rollback succeeded.
  bool open() const noexcept { return open_; }
  JET_SESID sesid() const noexcept { return sesid_; }

 private:
  void RollbackNoThrow() noexcept {
    if (open_) (void)JetRollback(sesid_, 0);
    open_ = false;
  }

  JET_SESID sesid_ = 0;
  bool open_ = false;
};

}  // namespace jetstore

#endif  // JETSTORE_JETSTORE_HPP
