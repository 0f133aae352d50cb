// Tests of the C++ wrappers in api/include/jetstore/ (jetstore.hpp, errors.hpp): error names,
// JetError, and the RAII types Instance, Session, ContextScope and Transaction.
#include <jetstore/jetstore.hpp>

#include <jetstore/errors.hpp>

#include <gtest/gtest.h>

#include <limits>

#include <stdlib.h>

#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using jetstore::ContextScope;
using jetstore::Instance;
using jetstore::JetError;
using jetstore::Session;
using jetstore::Transaction;

// What ThrownCode returns when nothing was thrown (not a JET code).
constexpr JET_ERR kNothingThrown = 424242;

// The code of the JetError `f` throws, or kNothingThrown.
template <typename F>
JET_ERR ThrownCode(F&& f) {
  try {
    std::forward<F>(f)();
  } catch (const JetError& e) {
    return e.code();
  }
  return kNothingThrown;
}

JET_ULONG LiveInstanceCount() {
  JET_ULONG count = 0;
  JET_INSTANCE_INFO* info = nullptr;
  if (JetGetInstanceInfo(&count, &info) != JET_errSuccess) return ~JET_ULONG{0};
  JetFreeBuffer(reinterpret_cast<char*>(info));
  return count;
}

// ---------------------------------------------------------------------------------------------
// errors.hpp
// ---------------------------------------------------------------------------------------------

TEST(ErrorNameTest, KnowsWhichCodesAreDocumented) {
  EXPECT_TRUE(jetstore::IsDocumentedCode(JET_errSuccess));
  EXPECT_FALSE(jetstore::IsDocumentedCode(-4242));
  EXPECT_NE(jetstore::ErrorName(JET_errSessionInUse), nullptr);
}

TEST(ErrorNameTest, NamesSuccessWarningsAndErrors) {
  EXPECT_STREQ(jetstore::ErrorName(JET_errSuccess), "JET_errSuccess");
  EXPECT_STREQ(jetstore::ErrorName(JET_wrnBufferTruncated), "JET_wrnBufferTruncated");
  EXPECT_STREQ(jetstore::ErrorName(JET_errSessionContextAlreadySet), "JET_errSessionContextAlreadySet");
  EXPECT_STREQ(jetstore::ErrorName(JET_errSessionContextNotSetByThisThread),
               "JET_errSessionContextNotSetByThisThread");
  EXPECT_STREQ(jetstore::ErrorName(-1104), "JET_errInvalidSesid");
  EXPECT_STREQ(jetstore::ErrorName(JET_wrnNyi), "JET_wrnNyi");
  EXPECT_STREQ(jetstore::ErrorName(JET_errClientSpaceEnd), "JET_errClientSpaceEnd");
  EXPECT_STREQ(jetstore::ErrorName(JET_wrnPreviousLogFileIncomplete), "JET_wrnPreviousLogFileIncomplete");
}

TEST(ErrorNameTest, AliasesReportTheirCanonicalName) {
  EXPECT_STREQ(jetstore::ErrorName(JET_errInvalidgrbit), "JET_errInvalidGrbit");
  EXPECT_STREQ(jetstore::ErrorName(JET_errDatabaseInconsistent), "JET_errDatabaseDirtyShutdown");
  EXPECT_STREQ(jetstore::ErrorName(JET_errColumnIllegalNull), "JET_errNullInvalid");
  EXPECT_STREQ(jetstore::ErrorName(JET_wrnRecordFoundGreater), "JET_wrnSeekNotEqual");
  EXPECT_STREQ(jetstore::ErrorName(JET_wrnRecordFoundLess), "JET_wrnSeekNotEqual");
}

TEST(ErrorNameTest, UndocumentedCodesHaveNoName) {
  for (JET_ERR code : {JET_ERR{1}, JET_ERR{-2}, JET_ERR{-4242}, JET_ERR{999999}, JET_ERR{-12000},
                       std::numeric_limits<JET_ERR>::min(), std::numeric_limits<JET_ERR>::max()}) {
    EXPECT_EQ(jetstore::ErrorName(code), nullptr) << code;
    EXPECT_FALSE(jetstore::IsDocumentedCode(code)) << code;
  }
}

TEST(ErrorNameTest, TableIsSortedAndEveryEntryFindsItself) {
  const auto codes = jetstore::DocumentedCodes();
  ASSERT_FALSE(codes.empty());
  for (size_t i = 0; i < codes.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(codes[i - 1].code, codes[i].code);
    }
    const std::string name = codes[i].name;
    EXPECT_TRUE(name.rfind("JET_err", 0) == 0 || name.rfind("JET_wrn", 0) == 0) << name;
    EXPECT_STREQ(jetstore::ErrorName(codes[i].code), codes[i].name);
    EXPECT_TRUE(jetstore::IsDocumentedCode(codes[i].code));
  }
}

// Finds esent.h of the source tree: beside this file (paths are relative to the build root, the
// working directory of `meson test`), else in an ancestor of the test executable's folder.
std::filesystem::path FindEsentH() {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates = {fs::path(__FILE__).parent_path() / ".." / "api" / "include" / "esent.h"};
  std::error_code ec;
  for (fs::path dir = fs::read_symlink("/proc/self/exe", ec).parent_path(); !ec && dir.has_relative_path();
       dir = dir.parent_path()) {
    candidates.push_back(dir / "api" / "include" / "esent.h");
  }
  for (const fs::path& p : candidates) {
    if (fs::is_regular_file(p, ec)) return p;
  }
  return {};
}

// Every numeric `#define JET_err... / JET_wrn...` of esent.h is in the table under its own name,
// and nothing else is. Reads esent.h from the source tree; skipped when it cannot be found.
TEST(ErrorNameTest, TableMatchesEveryNumericDefineOfEsentH) {
  const std::filesystem::path path = FindEsentH();
  if (path.empty()) GTEST_SKIP() << "esent.h of the source tree not found";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  const std::regex define(R"(^#define\s+(JET_(?:err|wrn)\w+)\s+\(?(-?\d+)\)?\s*$)");
  std::map<JET_ERR, std::string> expected;
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, define)) expected.emplace(std::stol(m[2].str()), m[1].str());
  }
  ASSERT_GT(expected.size(), 400u);
  EXPECT_EQ(jetstore::DocumentedCodes().size(), expected.size());
  for (const auto& [code, name] : expected) {
    const char* got = jetstore::ErrorName(code);
    EXPECT_STREQ(got != nullptr ? got : "(none)", name.c_str()) << code;
  }
}

// ---------------------------------------------------------------------------------------------
// jetstore.hpp
// ---------------------------------------------------------------------------------------------

class CppWrapperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = getenv("TMPDIR");
    std::string tmpl = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/jetstore-cpp-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    ASSERT_NE(mkdtemp(buf.data()), nullptr);
    dir_ = buf.data();
    dir_ += '/';
  }

  void TearDown() override {
    // Every test must leave no instance alive: the next test would see a wrong run mode.
    EXPECT_EQ(LiveInstanceCount(), 0u);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // A unique instance name for this test.
  std::string Name(const char* suffix = "") const {
    return std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + suffix;
  }

  // A created, not yet initialized instance with recovery off and its folders in dir_.
  Instance Created(const char* suffix = "", JET_ULONG max_sessions = 16) {
    Instance inst(Name(suffix));
    inst.SetParam(JET_paramRecovery, "off")
        .SetParam(JET_paramSystemPath, dir_)
        .SetParam(JET_paramLogFilePath, dir_)
        .SetParam(JET_paramTempPath, dir_)
        .SetParam(JET_paramMaxSessions, max_sessions);
    return inst;
  }

  // A running instance, as Created.
  Instance Running(const char* suffix = "", JET_ULONG max_sessions = 16) {
    Instance inst = Created(suffix, max_sessions);
    inst.Init();
    return inst;
  }

  std::string dir_;
};

// --- JetError and Check ---

TEST_F(CppWrapperTest, CheckReturnsSuccessAndWarningsAndThrowsErrors) {
  EXPECT_EQ(jetstore::Check(JET_errSuccess), JET_errSuccess);
  EXPECT_EQ(jetstore::Check(JET_wrnBufferTruncated), JET_wrnBufferTruncated);
  try {
    jetstore::Check(JET_errInvalidParameter, "JetSomething");
    FAIL() << "no throw";
  } catch (const JetError& e) {
    EXPECT_EQ(e.code(), JET_errInvalidParameter);
    EXPECT_STREQ(e.call(), "JetSomething");
    EXPECT_NE(std::strstr(e.what(), "JetSomething"), nullptr) << e.what();
    EXPECT_NE(std::strstr(e.what(), "JET_errInvalidParameter"), nullptr) << e.what();
    EXPECT_NE(std::strstr(e.what(), "-1003"), nullptr) << e.what();
  }
  EXPECT_EQ(ThrownCode([] { jetstore::Check(-4242); }), -4242);
}

TEST_F(CppWrapperTest, JetErrorIsARuntimeError) {
  try {
    throw JetError(JET_errOutOfSessions);
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::strstr(e.what(), "JET_errOutOfSessions"), nullptr) << e.what();
  }
}

TEST_F(CppWrapperTest, WarningOfARealCallIsReturnedNotThrown) {
  Instance inst = Created();
  char buf[2] = {};
  // The default base name "edb" does not fit in 2 bytes.
  EXPECT_EQ(jetstore::Check(JetGetSystemParameter(inst.handle(), 0, JET_paramBaseName, nullptr, buf, sizeof buf)),
            JET_wrnBufferTruncated);
}

// --- Instance ---

TEST_F(CppWrapperTest, DuplicateInstanceNameThrowsInstanceNameInUse) {
  Instance a = Created();
  EXPECT_EQ(ThrownCode([&] { Instance b(Name()); }), JET_errInstanceNameInUse);
  EXPECT_EQ(LiveInstanceCount(), 1u);
}

TEST_F(CppWrapperTest, BadParameterValueThrowsInvalidParameter) {
  Instance inst = Created();
  EXPECT_EQ(ThrownCode([&] { inst.SetParam(JET_paramMaxSessions, 30001); }), JET_errInvalidParameter);
  EXPECT_EQ(ThrownCode([&] { inst.SetParam(JET_paramBaseName, "toolong"); }), JET_errInvalidParameter);
}

TEST_F(CppWrapperTest, SetParamIsFluentAndReachesTheInstance) {
  Instance inst = Created();
  inst.SetParam(JET_paramMaxSessions, 7).SetParam(JET_paramBaseName, std::string("abc"));
  JET_API_PTR value = 0;
  EXPECT_EQ(JetGetSystemParameter(inst.handle(), 0, JET_paramMaxSessions, &value, nullptr, 0), JET_errSuccess);
  EXPECT_EQ(value, 7u);
  char name[8] = {};
  EXPECT_EQ(JetGetSystemParameter(inst.handle(), 0, JET_paramBaseName, nullptr, name, sizeof name), JET_errSuccess);
  EXPECT_STREQ(name, "abc");
}

TEST_F(CppWrapperTest, InitTwiceThrowsAlreadyInitializedAndKeepsTheInstance) {
  Instance inst = Running();
  const JET_INSTANCE handle = inst.handle();
  EXPECT_EQ(ThrownCode([&] { inst.Init(); }), JET_errAlreadyInitialized);
  EXPECT_EQ(inst.handle(), handle);
  EXPECT_NO_THROW(Session s(inst));
}

TEST_F(CppWrapperTest, FailedInitThrowsAndLeavesNothingToTerminate) {
  Instance inst(Name());
  const std::string missing = dir_ + "missing/";
  inst.SetParam(JET_paramSystemPath, missing).SetParam(JET_paramLogFilePath, missing).SetParam(JET_paramTempPath, dir_);
  EXPECT_EQ(ThrownCode([&] { inst.Init(); }), JET_errInvalidPath);
  // A failed JetInit frees the instance and writes 0 to the handle.
  EXPECT_EQ(inst.handle(), 0u);
  EXPECT_FALSE(inst);
  EXPECT_EQ(LiveInstanceCount(), 0u);
}

TEST_F(CppWrapperTest, InstanceTerminatesOnScopeExitWhetherOrNotInitialized) {
  { Instance created = Created("-created"); }
  EXPECT_EQ(LiveInstanceCount(), 0u);
  {
    Instance running = Running("-running");
    Session s(running);
    (void)s.release();  // an idle session left open: JetTerm ends it
  }
  EXPECT_EQ(LiveInstanceCount(), 0u);
}

TEST_F(CppWrapperTest, InstanceDestructorStopsDirtyWhenATransactionIsStillOpen) {
  {
    Instance inst = Running();
    Session s(inst);
    ASSERT_EQ(JetBeginTransaction(s.handle()), JET_errSuccess);
    (void)s.release();  // the open transaction makes JetTerm refuse with JET_errTooManyActiveUsers
  }
  EXPECT_EQ(LiveInstanceCount(), 0u);
}

TEST_F(CppWrapperTest, ExplicitTermReleasesTheInstance) {
  Instance inst = Running();
  EXPECT_EQ(inst.Term(), JET_errSuccess);
  EXPECT_EQ(inst.handle(), 0u);
  EXPECT_EQ(LiveInstanceCount(), 0u);
}

TEST_F(CppWrapperTest, DirtyTermReturnsDirtyShutdownWithoutThrowing) {
  Instance inst = Running();
  EXPECT_EQ(inst.Term(JET_bitTermDirty), JET_errDirtyShutdown);
  EXPECT_EQ(inst.handle(), 0u);
  EXPECT_EQ(LiveInstanceCount(), 0u);
}

TEST_F(CppWrapperTest, TermWithOpenTransactionThrowsTooManyActiveUsersAndKeepsTheInstance) {
  Instance inst = Running();
  Session s(inst);
  Transaction txn(s);
  EXPECT_EQ(ThrownCode([&] { inst.Term(); }), JET_errTooManyActiveUsers);
  EXPECT_NE(inst.handle(), 0u);
  txn.Rollback();
  EXPECT_EQ(inst.Term(), JET_errSuccess);
  // The session was ended by the term; its destructor's JetEndSession fails quietly.
}

TEST_F(CppWrapperTest, InstanceMoveTransfersOwnership) {
  Instance a = Created("-a");
  const JET_INSTANCE handle = a.handle();
  Instance b(std::move(a));
  EXPECT_EQ(a.handle(), 0u);  // NOLINT(bugprone-use-after-move): moved-from state is specified
  EXPECT_EQ(b.handle(), handle);
  EXPECT_EQ(LiveInstanceCount(), 1u);

  Instance c = Created("-c");
  c = std::move(b);  // terminates c's own instance
  EXPECT_EQ(c.handle(), handle);
  EXPECT_EQ(b.handle(), 0u);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(LiveInstanceCount(), 1u);

  JET_INSTANCE raw = c.release();
  EXPECT_EQ(c.handle(), 0u);
  Instance adopted = Instance::Adopt(raw);
  EXPECT_EQ(adopted.handle(), handle);
}

// --- Session ---

TEST_F(CppWrapperTest, SessionOnUninitializedInstanceThrowsNotInitialized) {
  Instance inst = Created();
  EXPECT_EQ(ThrownCode([&] { Session s(inst); }), JET_errNotInitialized);
}

TEST_F(CppWrapperTest, SessionBeyondMaxSessionsThrowsOutOfSessions) {
  Instance inst = Running("", 2);
  Session a(inst);
  Session b(inst);
  EXPECT_EQ(ThrownCode([&] { Session c(inst); }), JET_errOutOfSessions);
  b = Session();  // ends b
  EXPECT_NO_THROW(Session c(inst));
}

TEST_F(CppWrapperTest, SessionEndsOnScopeExit) {
  Instance inst = Running();
  JET_SESID sesid = 0;
  {
    Session s(inst);
    sesid = s.handle();
    EXPECT_NE(sesid, 0u);
    EXPECT_EQ(JetBeginTransaction(sesid), JET_errSuccess);  // rolled back by the end
  }
  EXPECT_EQ(JetBeginTransaction(sesid), JET_errInvalidSesid);
}

TEST_F(CppWrapperTest, SessionMoveTransfersOwnership) {
  Instance inst = Running();
  Session a(inst);
  const JET_SESID first = a.handle();
  Session b(std::move(a));
  EXPECT_EQ(a.handle(), 0u);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(b.handle(), first);

  Session c(inst);
  const JET_SESID second = c.handle();
  c = std::move(b);  // ends `second`
  EXPECT_EQ(c.handle(), first);
  EXPECT_EQ(JetBeginTransaction(second), JET_errInvalidSesid);
  EXPECT_EQ(JetBeginTransaction(first), JET_errSuccess);
  EXPECT_EQ(JetRollback(first, 0), JET_errSuccess);

  { Session moved_from(std::move(c)); }
  EXPECT_EQ(JetBeginTransaction(first), JET_errInvalidSesid);
  // c owns nothing: its destructor must not end anything (and must not crash).
}

TEST_F(CppWrapperTest, SessionEndThrowsSessionInUseWhileAContextIsSet) {
  Instance inst = Running();
  Session s(inst);
  ContextScope claim(s, 5);
  EXPECT_EQ(ThrownCode([&] { s.End(); }), JET_errSessionInUse);
  EXPECT_NE(s.handle(), 0u);
  claim.Reset();
  EXPECT_NO_THROW(s.End());
  EXPECT_EQ(s.handle(), 0u);
}

TEST_F(CppWrapperTest, DupGivesAnIndependentSession) {
  Instance inst = Running();
  Session a(inst);
  Session b = a.Dup();
  EXPECT_NE(b.handle(), 0u);
  EXPECT_NE(b.handle(), a.handle());
  ContextScope claim_a(a, 1);
  ContextScope claim_b(b, 1);  // a different session: no conflict
  EXPECT_TRUE(claim_b.held());
}

// --- ContextScope ---

TEST_F(CppWrapperTest, ContextScopeResetsOnScopeExit) {
  Instance inst = Running();
  Session s(inst);
  {
    ContextScope claim(s, 17);
    EXPECT_TRUE(claim.held());
    EXPECT_EQ(claim.result(), JET_errSuccess);
  }
  // Not set any more: a raw reset fails, a new claim succeeds.
  EXPECT_EQ(JetResetSessionContext(s.handle()), JET_errSessionContextNotSetByThisThread);
  ContextScope again(s, 18);
  EXPECT_TRUE(again.held());
}

TEST_F(CppWrapperTest, ContextOfZeroOrMinusOneThrowsInvalidParameter) {
  Instance inst = Running();
  Session s(inst);
  EXPECT_EQ(ThrownCode([&] { ContextScope claim(s, 0); }), JET_errInvalidParameter);
  EXPECT_EQ(ThrownCode([&] { ContextScope claim(s, ~JET_API_PTR{0}); }), JET_errInvalidParameter);
  ContextScope probe(s, 0, std::nothrow);
  EXPECT_FALSE(probe.held());
  EXPECT_EQ(probe.result(), JET_errInvalidParameter);
}

TEST_F(CppWrapperTest, SecondClaimThrowsContextAlreadySet) {
  Instance inst = Running();
  Session s(inst);
  ContextScope first(s, 1);
  EXPECT_EQ(ThrownCode([&] { ContextScope second(s, 2); }), JET_errSessionContextAlreadySet);
  ContextScope probe(s, 2, std::nothrow);
  EXPECT_FALSE(probe);
  EXPECT_EQ(probe.result(), JET_errSessionContextAlreadySet);
  // The failed probes did not release the first claim.
  EXPECT_EQ(JetSetSessionContext(s.handle(), 3), JET_errSessionContextAlreadySet);
}

TEST_F(CppWrapperTest, ContextScopeExcludesOtherThreadsUntilItEnds) {
  Instance inst = Running();
  Session s(inst);
  std::promise<void> released;
  std::future<void> released_future = released.get_future();
  std::promise<void> probed;
  std::future<void> probed_future = probed.get_future();

  auto claim = std::make_unique<ContextScope>(s, 1);
  std::thread other([&] {
    EXPECT_EQ(ThrownCode([&] { ContextScope c(s, 2); }), JET_errSessionContextAlreadySet);
    EXPECT_EQ(JetResetSessionContext(s.handle()), JET_errSessionContextNotSetByThisThread);
    probed.set_value();
    released_future.wait();
    ContextScope mine(s, 2);
    EXPECT_TRUE(mine.held());
  });
  probed_future.wait();
  claim.reset();  // JetResetSessionContext on the claiming thread
  released.set_value();
  other.join();
  // The other thread's scope ended on that thread: the session is free again.
  ContextScope again(s, 3);
  EXPECT_TRUE(again.held());
}

TEST_F(CppWrapperTest, ContextScopeResetThrowsWhenTheSessionWasEndedByTerm) {
  Instance inst = Running();
  Session s(inst);
  ContextScope claim(s, 9);
  inst = Instance();  // JetTerm ends the idle session; its handle becomes invalid
  const JET_ERR code = ThrownCode([&] { claim.Reset(); });
  EXPECT_TRUE(code == JET_errInvalidSesid || code == JET_errNotInitialized) << code;
  EXPECT_FALSE(claim.held());
}

// --- Transaction ---

TEST_F(CppWrapperTest, TransactionRollsBackOnScopeExit) {
  Instance inst = Running();
  Session s(inst);
  { Transaction txn(s); }
  EXPECT_EQ(JetCommitTransaction(s.handle(), 0), JET_errNotInTransaction);

  // Only its own level: an enclosing level stays open.
  ASSERT_EQ(JetBeginTransaction(s.handle()), JET_errSuccess);
  {
    Transaction inner(s);
    EXPECT_TRUE(inner.open());
  }
  EXPECT_EQ(JetRollback(s.handle(), 0), JET_errSuccess);
  EXPECT_EQ(JetRollback(s.handle(), 0), JET_errNotInTransaction);
}

TEST_F(CppWrapperTest, CommittedTransactionIsNotRolledBack) {
  Instance inst = Running();
  Session s(inst);
  ASSERT_EQ(JetBeginTransaction(s.handle()), JET_errSuccess);
  {
    Transaction inner(s);
    EXPECT_EQ(inner.Commit(), JET_errSuccess);
    EXPECT_FALSE(inner.open());
  }
  // Had the destructor rolled back, it would have undone the enclosing level.
  EXPECT_EQ(JetRollback(s.handle(), 0), JET_errSuccess);
  EXPECT_EQ(JetRollback(s.handle(), 0), JET_errNotInTransaction);

  {
    Transaction txn(s);
    EXPECT_EQ(txn.Commit(JET_bitCommitLazyFlush), JET_errSuccess);
  }
  EXPECT_EQ(JetRollback(s.handle(), 0), JET_errNotInTransaction);
}

TEST_F(CppWrapperTest, ExplicitRollbackEndsTheLevel) {
  Instance inst = Running();
  Session s(inst);
  ASSERT_EQ(JetBeginTransaction(s.handle()), JET_errSuccess);
  {
    Transaction inner(s);
    inner.Rollback();
    EXPECT_FALSE(inner.open());
  }
  EXPECT_EQ(JetCommitTransaction(s.handle(), 0), JET_errSuccess);
  EXPECT_EQ(JetCommitTransaction(s.handle(), 0), JET_errNotInTransaction);
}

TEST_F(CppWrapperTest, FailedCommitThrowsAndKeepsTheTransactionOpen) {
  Instance inst = Running();
  Session s(inst);
  {
    Transaction txn(s);
    EXPECT_EQ(ThrownCode([&] { txn.Commit(0x00010000); }), JET_errInvalidGrbit);
    EXPECT_TRUE(txn.open());
    EXPECT_EQ(ThrownCode([&] { txn.Commit(JET_bitForceNewLog | JET_bitCommitLazyFlush); }), JET_errInvalidGrbit);
    EXPECT_TRUE(txn.open());
  }
  // The destructor rolled it back.
  EXPECT_EQ(JetRollback(s.handle(), 0), JET_errNotInTransaction);
}

TEST_F(CppWrapperTest, CommitWithAWaitFlagCommitsNothingAndKeepsTheTransactionOpen) {
  Instance inst = Running();
  Session s(inst);
  Transaction txn(s);
  EXPECT_EQ(txn.Commit(JET_bitWaitLastLevel0Commit), JET_errSuccess);
  EXPECT_TRUE(txn.open());
  EXPECT_EQ(txn.Commit(), JET_errSuccess);
  EXPECT_FALSE(txn.open());
}

TEST_F(CppWrapperTest, ReadOnlyTransactionBeginsAndCommits) {
  Instance inst = Running();
  Session s(inst);
  Transaction txn(s, JET_bitTransactionReadOnly);
  EXPECT_EQ(txn.Commit(), JET_errSuccess);
}

TEST_F(CppWrapperTest, EighthLevelThrowsTransTooDeepAndDestructorsUnwindAllSeven) {
  Instance inst = Running();
  Session s(inst);
  {
    std::vector<Transaction> levels;
    for (int i = 0; i < JET_cMaxTransactionLevels; ++i) levels.emplace_back(s);
    EXPECT_EQ(ThrownCode([&] { Transaction eighth(s); }), JET_errTransTooDeep);
    while (!levels.empty()) levels.pop_back();  // innermost first
  }
  EXPECT_EQ(JetRollback(s.handle(), 0), JET_errNotInTransaction);
}

TEST_F(CppWrapperTest, TransactionOnEndedSessionThrowsInvalidSesid) {
  Instance inst = Running();
  Session s(inst);
  const JET_SESID stale = s.handle();
  s.End();
  EXPECT_EQ(ThrownCode([&] { Transaction txn(stale); }), JET_errInvalidSesid);
}

TEST_F(CppWrapperTest, TransactionMoveTransfersTheRollbackDuty) {
  Instance inst = Running();
  Session s1(inst);
  Session s2(inst);
  {
    Transaction a(s1);
    Transaction b(std::move(a));
    EXPECT_FALSE(a.open());  // NOLINT(bugprone-use-after-move)
    EXPECT_TRUE(b.open());
    { Transaction gone(std::move(a)); }  // owns nothing: rolls nothing back
    EXPECT_EQ(b.Commit(), JET_errSuccess);
  }
  EXPECT_EQ(JetRollback(s1.handle(), 0), JET_errNotInTransaction);

  Transaction on1(s1);
  Transaction on2(s2);
  on1 = std::move(on2);  // rolls back s1's transaction, takes over s2's
  EXPECT_EQ(JetRollback(s1.handle(), 0), JET_errNotInTransaction);
  EXPECT_EQ(on1.sesid(), s2.handle());
  EXPECT_EQ(on1.Commit(), JET_errSuccess);
  EXPECT_EQ(JetRollback(s2.handle(), 0), JET_errNotInTransaction);
}

// A transaction begun under a context is bound to the context value: a Transaction object moved
// to another thread commits there once that thread holds the same value.
TEST_F(CppWrapperTest, ContextBoundTransactionCommitsOnAnotherThread) {
  Instance inst = Running();
  Session s(inst);
  Transaction txn;
  {
    ContextScope claim(s, 42);
    txn = Transaction(s);
  }
  std::thread other([&s, t = std::move(txn)]() mutable {
    // Without the context the binding is refused and nothing changes.
    EXPECT_EQ(ThrownCode([&] { t.Commit(); }), JET_errSessionSharingViolation);
    EXPECT_TRUE(t.open());
    {
      ContextScope wrong(s, 43);
      EXPECT_EQ(ThrownCode([&] { t.Commit(); }), JET_errSessionSharingViolation);
    }
    ContextScope claim(s, 42);
    EXPECT_EQ(t.Commit(), JET_errSuccess);
  });
  other.join();
  EXPECT_EQ(JetRollback(s.handle(), 0), JET_errNotInTransaction);
}

// The destructor's rollback is refused when the destroying thread does not hold the context the
// transaction is bound to; the transaction stays open for the holder of that value.
TEST_F(CppWrapperTest, TransactionDestroyedWithoutItsContextStaysOpen) {
  Instance inst = Running();
  Session s(inst);
  {
    Transaction txn;
    {
      ContextScope claim(s, 7);
      txn = Transaction(s);
    }
  }  // ~Transaction: JetRollback -> JET_errSessionSharingViolation, ignored
  ContextScope claim(s, 7);
  EXPECT_EQ(JetRollback(s.handle(), 0), JET_errSuccess);
  EXPECT_EQ(JetRollback(s.handle(), 0), JET_errNotInTransaction);
}

}  // namespace
