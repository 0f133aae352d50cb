// The (instance state x call) table: every session-level call of esent.h, plus the instance-level
// JetBeginSession, against every state of the instance state machine.
//
// Expected codes follow the check order of the session prologue (esent.h "Sessions" banner;
// ese-lifecycle-and-sessions.md 2.2, 2.4, 2.5; DECISIONS.md 7): StopRequested ->
// JET_errClientRequestToStopJetService except for the exempt calls (JetEndSession, JetRollback,
// JetResetSessionContext), Failed -> JET_errInstanceUnavailable (or ...DueToFatalLogDiskFull when
// the cause was JET_errLogDiskFull), Terminating -> JET_errTermInProgress, Restoring ->
// JET_errRestoreInProgress, Created / Initializing -> JET_errNotInitialized. The parameter calls
// with a sesid go through the same session prologue (section 3.9: "JET_errNotInitialized: the
// session-derived instance is not initialized (see 2.4)"), so they too give NotInitialized here;
// JET_errInitInProgress (section 2.2) is for instance-targeted parameter calls, which
// params_test.cc covers.
//
// How a cell runs: an "anchor" instance stays Running for the whole test, so the process always has
// an initialized instance and the state of the subject instance alone decides the code (otherwise
// the process-wide NotInitialized check would answer first). Forced states use seam::ForceState on
// a Running subject instance that has a live session, then seam::RestoreState, then put the
// session back to a known state (level 0, no context, default commit grbit) and check it. Failed
// is sticky until JetTerm, so each Failed cell uses a fresh instance (seam::FailInstance), ended by
// JetTerm. A real restore bracket (seam::BeginRestore) and a real never-initialized instance have
// no session, so only JetBeginSession applies to those rows.
#include <esent.h>

#include "engine/seams.h"
#include "tests/test_support.h"

#include <gtest/gtest.h>


#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace seam = jetstore::engine::seam;

constexpr JET_INSTANCE kNoInstance = 0;
constexpr JET_SESID kNoSesid = 0;
constexpr JET_API_PTR kContext = 0x5eed;

// ---- The calls (columns) -------------------------------------------------------------------

enum Call : int {
    kBeginTransaction,
    kBeginTransaction2,
    kBeginTransaction3,
    kCommitTransaction,
    kCommitTransaction2,
    kRollback,
    kEndSession,
    kDupSession,
    kSetSessionContext,
    kResetSessionContext,
    kGetVersion,
    kSetSystemParameter,  // with a sesid: JET_paramCommitDefault of that session
    kGetSystemParameter,  // idem
    kBeginSession,        // instance-level
    kCallCount,
};

const char *CallName(int call) {
    static const char *const names[kCallCount] = {
        "JetBeginTransaction", "JetBeginTransaction2",  "JetBeginTransaction3", "JetCommitTransaction",
        "JetCommitTransaction2", "JetRollback",         "JetEndSession",        "JetDupSession",
        "JetSetSessionContext", "JetResetSessionContext", "JetGetVersion",      "JetSetSystemParameter(sesid)",
        "JetGetSystemParameter(sesid)", "JetBeginSession",
    };
    return names[call];
}

// ---- The table (rows) ----------------------------------------------------------------------

// Not applicable: no session can live in that state (the row only has JetBeginSession).
constexpr JET_ERR kNA = 1;

constexpr JET_ERR kOk = JET_errSuccess;
constexpr JET_ERR kStop = JET_errClientRequestToStopJetService;
constexpr JET_ERR kFail = JET_errInstanceUnavailable;
constexpr JET_ERR kLdf = JET_errInstanceUnavailableDueToFatalLogDiskFull;
constexpr JET_ERR kTerm = JET_errTermInProgress;
constexpr JET_ERR kRst = JET_errRestoreInProgress;
constexpr JET_ERR kNoInit = JET_errNotInitialized;

enum class How {
    kForce,            // seam::ForceState on the Running subject, then RestoreState
    kFailInstance,     // seam::FailInstance on a fresh instance, then JetTerm
    kRestoreBracket,   // seam::BeginRestore on a created instance (no session)
    kNeverInitialized, // a created instance (no session)
};

struct Row {
    const char *name;
    How how;
    seam::State state;  // kForce
    JET_ERR cause;      // kFail
    std::array<JET_ERR, kCallCount> expected;
};

// clang-format off
//                                        BT     BT2    BT3    Commit Commit2 Rollbk End    Dup    SetCtx ResetC GetVer SetPar GetPar BeginSession
const Row kTable[] = {
    {"Running",              How::kForce, seam::State::kRunning,       0,
        {kOk,   kOk,   kOk,   kOk,   kOk,   kOk,   kOk,   kOk,   kOk,   kOk,   kOk,   kOk,   kOk,   kOk}},
    {"StopRequested",        How::kForce, seam::State::kStopRequested, 0,
        {kStop, kStop, kStop, kStop, kStop, kOk,   kOk,   kStop, kStop, kOk,   kStop, kStop, kStop, kStop}},
    {"Failed",               How::kFailInstance, seam::State::kFailed,        JET_errDiskIO,
        {kFail, kFail, kFail, kFail, kFail, kFail, kFail, kFail, kFail, kFail, kFail, kFail, kFail, kFail}},
    {"Failed(LogDiskFull)",  How::kFailInstance, seam::State::kFailed,        JET_errLogDiskFull,
        {kLdf,  kLdf,  kLdf,  kLdf,  kLdf,  kLdf,  kLdf,  kLdf,  kLdf,  kLdf,  kLdf,  kLdf,  kLdf,  kLdf}},
    {"Terminating",          How::kForce, seam::State::kTerminating,   0,
        {kTerm, kTerm, kTerm, kTerm, kTerm, kTerm, kTerm, kTerm, kTerm, kTerm, kTerm, kTerm, kTerm, kTerm}},
    {"Restoring",            How::kForce, seam::State::kRestoring,     0,
        {kRst,  kRst,  kRst,  kRst,  kRst,  kRst,  kRst,  kRst,  kRst,  kRst,  kRst,  kRst,  kRst,  kRst}},
    {"Restoring(BeginRestore)", How::kRestoreBracket, seam::State::kRestoring, 0,
        {kNA,   kNA,   kNA,   kNA,   kNA,   kNA,   kNA,   kNA,   kNA,   kNA,   kNA,   kNA,   kNA,   kRst}},
    {"Initializing",         How::kForce, seam::State::kInitializing,  0,
        {kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit}},
    {"Created",              How::kForce, seam::State::kCreated,       0,
        {kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit, kNoInit}},
    {"Created(JetCreateInstance)", How::kNeverInitialized, seam::State::kCreated, 0,
        {kNA,   kNA,   kNA,   kNA,   kNA,   kNA,   kNA,   kNA,   kNA,   kNA,   kNA,   kNA,   kNA,   kNoInit}},
};
// clang-format on

// ---- Running one call ----------------------------------------------------------------------

// What a cell works on. `created` receives a session a call opened (JetDupSession, JetBeginSession).
struct Cell {
    JET_INSTANCE inst = kNoInstance;
    JET_SESID sesid = kNoSesid;
    JET_SESID created = kNoSesid;
};

// Puts the session in the state the call needs to succeed on a Running instance. Runs while the
// instance is Running.
JET_ERR Prepare(int call, Cell &cell) {
    switch (call) {
        case kCommitTransaction:
        case kCommitTransaction2:
        case kRollback: return JetBeginTransaction(cell.sesid);
        case kResetSessionContext: return JetSetSessionContext(cell.sesid, kContext);
        default: return JET_errSuccess;
    }
}

JET_ERR Invoke(int call, Cell &cell) {
    switch (call) {
        case kBeginTransaction: return JetBeginTransaction(cell.sesid);
        case kBeginTransaction2: return JetBeginTransaction2(cell.sesid, 0);
        case kBeginTransaction3: return JetBeginTransaction3(cell.sesid, 42, 0);
        case kCommitTransaction: return JetCommitTransaction(cell.sesid, 0);
        case kCommitTransaction2: {
            JET_COMMIT_ID id{};
            return JetCommitTransaction2(cell.sesid, 0, 0, &id);
        }
        case kRollback: return JetRollback(cell.sesid, 0);
        case kEndSession: return JetEndSession(cell.sesid, 0);
        case kDupSession: return JetDupSession(cell.sesid, &cell.created);
        case kSetSessionContext: return JetSetSessionContext(cell.sesid, kContext);
        case kResetSessionContext: return JetResetSessionContext(cell.sesid);
        case kGetVersion: {
            JET_ULONG version = 0;
            return JetGetVersion(cell.sesid, &version);
        }
        case kSetSystemParameter:
            return JetSetSystemParameter(nullptr, cell.sesid, JET_paramCommitDefault, JET_bitCommitLazyFlush, nullptr);
        case kGetSystemParameter: {
            JET_API_PTR value = 0;
            return JetGetSystemParameter(kNoInstance, cell.sesid, JET_paramCommitDefault, &value, nullptr, 0);
        }
        case kBeginSession: return JetBeginSession(cell.inst, &cell.created, nullptr, nullptr);
        default: return JET_errInternalError;
    }
}

using jetstore::test::ExpectNoneAliveAndTerminateLeaked;
using jetstore::test::LiveInstanceCount;
using jetstore::test::SetInstancePaths;

class StateTableTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string templ = (fs::temp_directory_path() / "jetstore-state-XXXXXX").string();
        std::vector<char> buf(templ.begin(), templ.end());
        buf.push_back('\0');
        const char *made = ::mkdtemp(buf.data());
        ASSERT_NE(made, nullptr);
        dir_ = made;
        ASSERT_EQ(LiveInstanceCount(), 0ul) << "an earlier test left an instance alive";
    }

    void TearDown() override {
        if (!ExpectNoneAliveAndTerminateLeaked()) return;
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    // A created instance with recovery off whose files live in a fresh subfolder.
    JET_INSTANCE Create(const std::string &name) {
        const std::string folder = dir_ + "/" + std::to_string(++folders_) + "/";
        std::error_code ec;
        fs::create_directories(folder, ec);
        JET_INSTANCE inst = kNoInstance;
        EXPECT_EQ(JetCreateInstance(&inst, name.c_str()), JET_errSuccess) << name;
        SetInstancePaths(&inst, folder, /*recovery=*/false);
        return inst;
    }

    JET_INSTANCE Start(const std::string &name) {
        JET_INSTANCE inst = Create(name);
        EXPECT_EQ(JetInit(&inst), JET_errSuccess) << name;
        return inst;
    }

    std::string dir_;
    int folders_ = 0;
};

std::string Where(const Row &row, int call) {
    return std::string("state ") + row.name + " x " + CallName(call);
}

TEST_F(StateTableTest, EveryStateAndCallPairReturnsTheCodeOfTheCheckOrder) {
    const JET_INSTANCE anchor = Start("anchor");
    JET_SESID anchor_session = kNoSesid;
    ASSERT_EQ(JetBeginSession(anchor, &anchor_session, nullptr, nullptr), JET_errSuccess);

    const JET_INSTANCE subject = Start("subject");
    Cell base;
    base.inst = subject;
    ASSERT_EQ(JetBeginSession(subject, &base.sesid, nullptr, nullptr), JET_errSuccess);

    int cells = 0;
    int failed_cells = 0;
    for (const Row &row : kTable) {
        for (int call = 0; call < kCallCount; ++call) {
            const JET_ERR expected = row.expected[call];
            if (expected == kNA) {
                continue;
            }
            ++cells;
            const std::string where = Where(row, call);
            JET_ERR got = JET_errInternalError;

            switch (row.how) {
                case How::kForce: {
                    Cell cell = base;
                    ASSERT_EQ(Prepare(call, cell), JET_errSuccess) << where << ": preparing on a Running instance";
                    const std::uint64_t saved = seam::ForceState(subject, row.state);
                    got = Invoke(call, cell);
                    seam::RestoreState(subject, saved);

                    // Back to a known session state: level 0, no context, default commit grbit,
                    // no extra session; a new session if the call ended this one.
                    if (cell.created != kNoSesid) {
                        EXPECT_EQ(JetEndSession(cell.created, 0), JET_errSuccess) << where << ": cleanup";
                    }
                    JET_ULONG version = 0;
                    if (JetGetVersion(base.sesid, &version) == JET_errInvalidSesid) {
                        ASSERT_EQ(JetBeginSession(subject, &base.sesid, nullptr, nullptr), JET_errSuccess)
                            << where << ": cleanup";
                    } else {
                        JetResetSessionContext(base.sesid);
                        JetRollback(base.sesid, JET_bitRollbackAll);
                        EXPECT_EQ(JetSetSystemParameter(nullptr, base.sesid, JET_paramCommitDefault, 0, nullptr),
                                  JET_errSuccess)
                            << where << ": cleanup";
                    }
                    EXPECT_EQ(JetRollback(base.sesid, 0), JET_errNotInTransaction) << where << ": after cleanup";
                    EXPECT_EQ(JetResetSessionContext(base.sesid), JET_errSessionContextNotSetByThisThread)
                        << where << ": after cleanup";
                    break;
                }
                case How::kFailInstance: {
                    Cell cell;
                    cell.inst = Start("failed-cell");
                    ASSERT_EQ(JetBeginSession(cell.inst, &cell.sesid, nullptr, nullptr), JET_errSuccess) << where;
                    ASSERT_EQ(Prepare(call, cell), JET_errSuccess) << where << ": preparing on a Running instance";
                    ASSERT_EQ(seam::FailInstance(cell.inst, row.cause), JET_errSuccess) << where;
                    got = Invoke(call, cell);
                    // A Failed instance is stopped dirty by JetTerm, which returns success.
                    EXPECT_EQ(JetTerm(cell.inst), JET_errSuccess) << where << ": cleanup";
                    break;
                }
                case How::kRestoreBracket: {
                    Cell cell;
                    cell.inst = Create("restoring-cell");
                    ASSERT_EQ(seam::BeginRestore(cell.inst), JET_errSuccess) << where;
                    got = Invoke(call, cell);
                    EXPECT_EQ(seam::EndRestore(cell.inst), JET_errSuccess) << where << ": cleanup";
                    EXPECT_EQ(JetTerm(cell.inst), JET_errSuccess) << where << ": cleanup";
                    break;
                }
                case How::kNeverInitialized: {
                    Cell cell;
                    cell.inst = Create("created-cell");
                    got = Invoke(call, cell);
                    EXPECT_EQ(JetTerm(cell.inst), JET_errSuccess) << where << ": cleanup";
                    break;
                }
            }
            if (got != expected) {
                ++failed_cells;
            }
            EXPECT_EQ(got, expected) << where << ": expected " << expected << ", got " << got;
        }
    }
    EXPECT_EQ(failed_cells, 0) << "of " << cells << " cells";

    // The anchor never changed state.
    EXPECT_EQ(JetBeginTransaction(anchor_session), JET_errSuccess);
    EXPECT_EQ(JetRollback(anchor_session, 0), JET_errSuccess);
    EXPECT_EQ(JetTerm(subject), JET_errSuccess);
    EXPECT_EQ(JetTerm(anchor), JET_errSuccess);
}

}  // namespace
