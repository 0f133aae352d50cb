// Instance lifecycle: process run modes, JetCreateInstance/2, JetInit/2/3, JetTerm/2, stop service,
// JetEnableMultiInstance, JetGetInstanceInfo, JetGetVersion.
//
// References: ese-lifecycle-and-sessions.md section 2.1 (run modes), 2.2 (instance states), 3.1-3.8
// and the conformance checklist of section 7; esent-scenarios.md section 1 (LC-xx);
// DECISIONS.md 2-4.
//
// Every test runs in a process that shares one engine: it starts with no instance alive (run mode
// "not set") and must end the same way. SetUp points the global defaults of the paths at a fresh
// temporary folder and turns recovery off, so instances created with default parameters write
// nothing outside it; TearDown restores the globals.
#include <esent.h>

#include "engine/seams.h"
#include "tests/test_support.h"

#include <gtest/gtest.h>


#include <array>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace seam = jetstore::engine::seam;

constexpr JET_INSTANCE kNoInstance = 0;
constexpr JET_SESID kNoSesid = 0;

using jetstore::test::ExpectNoneAliveAndTerminateLeaked;
using jetstore::test::GetIntParam;
using jetstore::test::GetStringParam;
using jetstore::test::LiveInstanceCount;
using jetstore::test::SetInstancePaths;
using jetstore::test::TempDir;

// How many of this process's open file descriptors point inside `dir`.
int OpenFilesUnder(const std::string &dir) {
    int count = 0;
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator("/proc/self/fd", ec)) {
        std::error_code ec2;
        const fs::path target = fs::read_symlink(entry.path(), ec2);
        if (!ec2 && target.string().rfind(dir, 0) == 0) {
            ++count;
        }
    }
    return count;
}

class LifecycleTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(dir_.Valid());
        ASSERT_EQ(LiveInstanceCount(), 0ul) << "an earlier test left an instance alive";
        // Global defaults (run mode is "not set": a NULL target means the global value).
        saved_system_ = GetStringParam(kNoInstance, kNoSesid, JET_paramSystemPath);
        saved_log_ = GetStringParam(kNoInstance, kNoSesid, JET_paramLogFilePath);
        saved_temp_ = GetStringParam(kNoInstance, kNoSesid, JET_paramTempPath);
        saved_recovery_ = GetStringParam(kNoInstance, kNoSesid, JET_paramRecovery);
        saved_max_temp_ = GetIntParam(kNoInstance, kNoSesid, JET_paramMaxTemporaryTables);
        ASSERT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramSystemPath, 0, dir_.Path().c_str()), JET_errSuccess);
        ASSERT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramLogFilePath, 0, dir_.Path().c_str()), JET_errSuccess);
        ASSERT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramTempPath, 0, dir_.Path().c_str()), JET_errSuccess);
        ASSERT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramRecovery, 0, "off"), JET_errSuccess);
        ASSERT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxTemporaryTables, 0, nullptr), JET_errSuccess);
    }

    void TearDown() override {
        // Do not poison the following tests: free whatever leaked.
        if (!ExpectNoneAliveAndTerminateLeaked()) return;
        JetSetSystemParameter(nullptr, 0, JET_paramSystemPath, 0, saved_system_.c_str());
        JetSetSystemParameter(nullptr, 0, JET_paramLogFilePath, 0, saved_log_.c_str());
        JetSetSystemParameter(nullptr, 0, JET_paramTempPath, 0, saved_temp_.c_str());
        JetSetSystemParameter(nullptr, 0, JET_paramRecovery, 0, saved_recovery_.c_str());
        JetSetSystemParameter(nullptr, 0, JET_paramMaxTemporaryTables, saved_max_temp_, nullptr);
    }

    // Create a named instance whose files all live in `folder` (a fresh subfolder by default).
    JET_INSTANCE Create(const char *name, bool recovery = false, std::string folder = "") {
        if (folder.empty()) {
            folder = dir_.Sub(std::string("inst-") + std::to_string(++folders_));
        }
        JET_INSTANCE inst = kNoInstance;
        EXPECT_EQ(JetCreateInstance(&inst, name), JET_errSuccess) << name;
        Configure(&inst, folder, recovery);
        return inst;
    }

    static void Configure(JET_INSTANCE *inst, const std::string &folder, bool recovery) {
        SetInstancePaths(inst, folder, recovery);
        EXPECT_EQ(JetSetSystemParameter(inst, 0, JET_paramNoInformationEvent, 1, nullptr), JET_errSuccess);
    }

    // A created and initialized instance.
    JET_INSTANCE Start(const char *name, bool recovery = false, std::string folder = "") {
        JET_INSTANCE inst = Create(name, recovery, std::move(folder));
        EXPECT_EQ(JetInit(&inst), JET_errSuccess) << name;
        return inst;
    }

    // After JetEnableMultiInstance with no instance alive the process stays in multi-instance
    // mode; freeing the last instance is what returns it to "not set".
    void ReturnToNotSetMode() {
        JET_INSTANCE inst = kNoInstance;
        ASSERT_EQ(JetCreateInstance(&inst, "return-to-not-set"), JET_errSuccess);
        ASSERT_EQ(JetTerm(inst), JET_errSuccess);
    }

    TempDir dir_{"jetstore-lifecycle-"};
    int folders_ = 0;
    std::string saved_system_, saved_log_, saved_temp_, saved_recovery_;
    JET_API_PTR saved_max_temp_ = 20;
};

// ============================================================================================
// Run modes (section 2.1): one test per reachable cell of the table.
// ============================================================================================

TEST_F(LifecycleTest, CreateInstanceFromNotSetSwitchesToMultiInstanceMode) {
    JET_INSTANCE inst = Create("a");
    JET_INSTANCE *null_pinstance = nullptr;
    EXPECT_EQ(JetInit(null_pinstance), JET_errRunningInMultiInstanceMode);
    EXPECT_EQ(JetEnableMultiInstance(nullptr, 0, nullptr), JET_errSystemParamsAlreadySet);
    EXPECT_EQ(JetStopService(), JET_errRunningInMultiInstanceMode);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, CreateInstanceInOneInstanceModeFailsWithRunningInOneInstanceMode) {
    ASSERT_EQ(JetInit(nullptr), JET_errSuccess);
    JET_INSTANCE other = 12345;
    EXPECT_EQ(JetCreateInstance(&other, "x"), JET_errRunningInOneInstanceMode);
    EXPECT_EQ(other, JET_instanceNil);
    other = 12345;
    EXPECT_EQ(JetCreateInstance2(&other, "x", "display", 0), JET_errRunningInOneInstanceMode);
    EXPECT_EQ(other, JET_instanceNil);
    EXPECT_EQ(LiveInstanceCount(), 1ul);
    // One-instance mode ignores the handle: JetTerm(0) terminates the implicit instance.
    EXPECT_EQ(JetTerm(kNoInstance), JET_errSuccess);
}

TEST_F(LifecycleTest, CreateInstanceInMultiInstanceModeStaysInMultiInstanceMode) {
    JET_INSTANCE a = Create("a");
    JET_INSTANCE b = Create("b");
    EXPECT_EQ(LiveInstanceCount(), 2ul);
    EXPECT_EQ(JetInit(nullptr), JET_errRunningInMultiInstanceMode);
    EXPECT_EQ(JetTerm(a), JET_errSuccess);
    EXPECT_EQ(JetTerm(b), JET_errSuccess);
}

TEST_F(LifecycleTest, EnableMultiInstanceFromNotSetSwitchesToMultiInstanceMode) {
    ASSERT_EQ(JetEnableMultiInstance(nullptr, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(JetInit(nullptr), JET_errRunningInMultiInstanceMode);
    EXPECT_EQ(JetStopService(), JET_errRunningInMultiInstanceMode);
    EXPECT_EQ(JetEnableMultiInstance(nullptr, 0, nullptr), JET_errSystemParamsAlreadySet);
    ReturnToNotSetMode();
}

TEST_F(LifecycleTest, EnableMultiInstanceInOneInstanceModeFailsWithRunningInOneInstanceMode) {
    ASSERT_EQ(JetInit(nullptr), JET_errSuccess);
    EXPECT_EQ(JetEnableMultiInstance(nullptr, 0, nullptr), JET_errRunningInOneInstanceMode);
    JET_SETSYSPARAM param{JET_paramMaxSessions, 20, nullptr, 12345};
    JET_ULONG succeeded = 99;
    EXPECT_EQ(JetEnableMultiInstance(&param, 1, &succeeded), JET_errRunningInOneInstanceMode);
    EXPECT_EQ(JetTerm(kNoInstance), JET_errSuccess);
}

TEST_F(LifecycleTest, InitWithNullPinstanceInNotSetModeStartsOneInstanceMode) {
    ASSERT_EQ(JetInit(nullptr), JET_errSuccess);
    EXPECT_EQ(LiveInstanceCount(), 1ul);
    // The single instance exists: a second legacy init is refused and changes nothing.
    EXPECT_EQ(JetInit(nullptr), JET_errAlreadyInitialized);
    JET_INSTANCE zero = kNoInstance;
    EXPECT_EQ(JetInit(&zero), JET_errAlreadyInitialized);
    EXPECT_EQ(LiveInstanceCount(), 1ul);
    // Instance arguments are ignored in one-instance mode.
    JET_SESID s1 = kNoSesid;
    JET_SESID s2 = kNoSesid;
    EXPECT_EQ(JetBeginSession(kNoInstance, &s1, nullptr, nullptr), JET_errSuccess);
    EXPECT_EQ(JetBeginSession(0xdead0000, &s2, nullptr, nullptr), JET_errSuccess);
    EXPECT_EQ(JetEndSession(s1, 0), JET_errSuccess);
    EXPECT_EQ(JetEndSession(s2, 0), JET_errSuccess);
    EXPECT_EQ(JetTerm(JET_instanceNil), JET_errSuccess);
}

TEST_F(LifecycleTest, InitWithPointerToNullInNotSetModeWritesTheImplicitInstanceHandle) {
    for (JET_INSTANCE start : {JET_INSTANCE{0}, JET_instanceNil}) {
        JET_INSTANCE inst = start;
        ASSERT_EQ(JetInit(&inst), JET_errSuccess);
        EXPECT_NE(inst, kNoInstance);
        EXPECT_NE(inst, JET_instanceNil);
        JET_INSTANCE other = kNoInstance;
        EXPECT_EQ(JetCreateInstance(&other, "x"), JET_errRunningInOneInstanceMode);
        JET_SESID s = kNoSesid;
        EXPECT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
        EXPECT_EQ(JetTerm(inst), JET_errSuccess);
    }
}

TEST_F(LifecycleTest, InitWithPointerToNullInMultiInstanceModeAllocatesAnUnnamedInstance) {
    JET_INSTANCE named = Create("named");
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetInit(&inst), JET_errSuccess);
    EXPECT_NE(inst, kNoInstance);
    EXPECT_NE(inst, named);
    EXPECT_EQ(LiveInstanceCount(), 2ul);
    JET_SESID s = kNoSesid;
    EXPECT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    // A second unnamed instance collides with the first (section 6 item 10).
    JET_INSTANCE second = JET_instanceNil;
    EXPECT_EQ(JetInit(&second), JET_errInstanceNameInUse);
    EXPECT_EQ(LiveInstanceCount(), 2ul);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
    EXPECT_EQ(JetTerm(named), JET_errSuccess);
}

TEST_F(LifecycleTest, StopServiceWithNoInstanceFailsWithInvalidParameter) {
    EXPECT_EQ(JetStopService(), JET_errInvalidParameter);
}

TEST_F(LifecycleTest, StopServiceInOneInstanceModeStopsTheImplicitInstance) {
    ASSERT_EQ(JetInit(nullptr), JET_errSuccess);
    JET_SESID s = kNoSesid;
    ASSERT_EQ(JetBeginSession(kNoInstance, &s, nullptr, nullptr), JET_errSuccess);
    EXPECT_EQ(JetStopService(), JET_errSuccess);
    JET_SESID s2 = kNoSesid;
    EXPECT_EQ(JetBeginSession(kNoInstance, &s2, nullptr, nullptr), JET_errClientRequestToStopJetService);
    EXPECT_EQ(JetBeginTransaction(s), JET_errClientRequestToStopJetService);
    EXPECT_EQ(JetEndSession(s, 0), JET_errSuccess);
    EXPECT_EQ(JetTerm(kNoInstance), JET_errSuccess);
}

TEST_F(LifecycleTest, FreeingTheLastInstanceReturnsToNotSetMode) {
    // One-instance -> not set: multi-instance calls work again.
    ASSERT_EQ(JetInit(nullptr), JET_errSuccess);
    ASSERT_EQ(JetTerm(kNoInstance), JET_errSuccess);
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "a"), JET_errSuccess);
    // Multi-instance -> not set: the legacy init works again.
    ASSERT_EQ(JetTerm(inst), JET_errSuccess);
    ASSERT_EQ(JetInit(nullptr), JET_errSuccess);
    ASSERT_EQ(JetTerm(kNoInstance), JET_errSuccess);
    // A failed init that frees the last instance also returns to not set.
    inst = Create("bad", true);
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, (dir_.Path() + "missing/log/").c_str()),
              JET_errSuccess);
    EXPECT_EQ(JetInit(&inst), JET_errInvalidPath);
    EXPECT_EQ(LiveInstanceCount(), 0ul);
    ASSERT_EQ(JetInit(nullptr), JET_errSuccess);
    EXPECT_EQ(JetTerm(kNoInstance), JET_errSuccess);
}

// ============================================================================================
// JetCreateInstance / JetCreateInstance2 (sections 3.1, 3.2; LC-06, LC-07, LC-08)
// ============================================================================================

TEST_F(LifecycleTest, CreateInstanceWithNullPinstanceFailsWithInvalidParameter) {
    EXPECT_EQ(JetCreateInstance(nullptr, "a"), JET_errInvalidParameter);
    EXPECT_EQ(JetCreateInstance2(nullptr, "a", "display", 0), JET_errInvalidParameter);
    EXPECT_EQ(LiveInstanceCount(), 0ul);
}

TEST_F(LifecycleTest, CreateInstanceWithADuplicateNameFailsWithInstanceNameInUse) {
    JET_INSTANCE a = Create("X");
    JET_INSTANCE b = 777;
    EXPECT_EQ(JetCreateInstance(&b, "X"), JET_errInstanceNameInUse);
    EXPECT_EQ(b, JET_instanceNil);
    b = 777;
    EXPECT_EQ(JetCreateInstance2(&b, "X", "other display", 0), JET_errInstanceNameInUse);
    EXPECT_EQ(b, JET_instanceNil);
    // Also when the holder is initialized.
    ASSERT_EQ(JetInit(&a), JET_errSuccess);
    EXPECT_EQ(JetCreateInstance(&b, "X"), JET_errInstanceNameInUse);
    EXPECT_EQ(LiveInstanceCount(), 1ul);
    EXPECT_EQ(JetTerm(a), JET_errSuccess);
}

TEST_F(LifecycleTest, CreateInstanceNamesAreCaseSensitive) {
    JET_INSTANCE a = Create("name");
    JET_INSTANCE b = Create("Name");
    EXPECT_NE(a, b);
    EXPECT_EQ(JetTerm(a), JET_errSuccess);
    EXPECT_EQ(JetTerm(b), JET_errSuccess);
}

TEST_F(LifecycleTest, SecondUnnamedInstanceFailsWithInstanceNameInUse) {
    JET_INSTANCE a = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&a, nullptr), JET_errSuccess);
    JET_INSTANCE b = kNoInstance;
    EXPECT_EQ(JetCreateInstance(&b, nullptr), JET_errInstanceNameInUse);
    EXPECT_EQ(JetCreateInstance2(&b, nullptr, "display", 0), JET_errInstanceNameInUse);
    EXPECT_EQ(LiveInstanceCount(), 1ul);
    EXPECT_EQ(JetTerm(a), JET_errSuccess);
    // Once the unnamed one is gone, another may be created.
    ASSERT_EQ(JetCreateInstance(&b, nullptr), JET_errSuccess);
    EXPECT_EQ(JetTerm(b), JET_errSuccess);
}

TEST_F(LifecycleTest, CreateInstance2WithAnyGrbitFailsWithInvalidGrbit) {
    JET_INSTANCE inst = kNoInstance;
    EXPECT_EQ(JetCreateInstance2(&inst, "a", "display", 1), JET_errInvalidGrbit);
    EXPECT_EQ(LiveInstanceCount(), 0ul);
}

TEST_F(LifecycleTest, CreateInstance2WithDisplayNameInitsAndTerms) {  // LC-02
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance2(&inst, "lc02-guid", "Instance Display Name", 0), JET_errSuccess);
    Configure(&inst, dir_.Sub("lc02"), false);
    EXPECT_EQ(JetInit(&inst), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, CreateInstance2AcceptsNullNames) {
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance2(&inst, nullptr, nullptr, 0), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, MaxInstancesLimitsLiveInstances) {
    // MaxInstances is global and settable only before the run mode is chosen.
    const JET_API_PTR saved = GetIntParam(kNoInstance, kNoSesid, JET_paramMaxInstances);
    ASSERT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxInstances, 2, nullptr), JET_errSuccess);
    JET_INSTANCE a = Create("a");
    JET_INSTANCE b = Create("b");
    JET_INSTANCE c = 777;
    EXPECT_EQ(JetCreateInstance(&c, "c"), JET_errTooManyInstances);
    EXPECT_EQ(c, JET_instanceNil);
    EXPECT_EQ(JetCreateInstance2(&c, "c", "c", 0), JET_errTooManyInstances);
    // The implicit unnamed instance of JetInit(&nil) counts too.
    c = JET_instanceNil;
    EXPECT_EQ(JetInit(&c), JET_errTooManyInstances);
    EXPECT_EQ(LiveInstanceCount(), 2ul);
    EXPECT_EQ(JetTerm(b), JET_errSuccess);
    JET_INSTANCE d = kNoInstance;
    EXPECT_EQ(JetCreateInstance(&d, "d"), JET_errSuccess);
    EXPECT_EQ(JetTerm(d), JET_errSuccess);
    EXPECT_EQ(JetTerm(a), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxInstances, saved, nullptr), JET_errSuccess);
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramMaxInstances), saved);
}

TEST_F(LifecycleTest, CreatedButNeverInitializedInstanceIsFreedByTerm2) {  // LC-08
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance2(&inst, "createnoinit", "createnoinit", 0), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, dir_.Path().c_str()), JET_errSuccess);
    EXPECT_EQ(JetTerm2(inst, 0), JET_errSuccess);
    EXPECT_EQ(LiveInstanceCount(), 0ul);
    // The name is free again.
    ASSERT_EQ(JetCreateInstance(&inst, "createnoinit"), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, NameCanBeReusedAfterTerm) {  // LC-07
    for (int i = 0; i < 3; ++i) {
        JET_INSTANCE inst = Start("finalize_me");
        EXPECT_EQ(JetTerm(inst), JET_errSuccess);
    }
}

// ============================================================================================
// JetInit / JetInit2 / JetInit3 (section 3.3; LC-01, LC-02, LC-04, LC-05, LC-12..LC-15)
// ============================================================================================

TEST_F(LifecycleTest, InitAndTermOneInstance) {  // LC-01
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "instance"), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramRecovery, 0, "off"), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramMaxTemporaryTables, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(JetInit(&inst), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, InitVariantsAllStartTheInstance) {  // LC-02
    for (int variant = 0; variant < 4; ++variant) {
        JET_INSTANCE inst = Create("variant");
        JET_RSTINFO rst{};
        rst.cbStruct = sizeof(rst);
        JET_ERR err = JET_errInternalError;
        switch (variant) {
            case 0: err = JetInit(&inst); break;
            case 1: err = JetInit2(&inst, 0); break;
            case 2: err = JetInit3(&inst, nullptr, 0); break;
            default: err = JetInit3(&inst, &rst, 0); break;
        }
        EXPECT_EQ(err, JET_errSuccess) << "variant " << variant;
        JET_SESID s = kNoSesid;
        EXPECT_EQ(JetBeginSession(inst, &s, "", ""), JET_errSuccess) << "variant " << variant;
        EXPECT_EQ(JetTerm(inst), JET_errSuccess) << "variant " << variant;
    }
}

TEST_F(LifecycleTest, Init3WithRstinfoAndRecoveryOnStartsTheInstance) {  // LC-02, last variant
    JET_INSTANCE inst = Create("recovery-on", true);
    JET_RSTINFO rst{};
    rst.cbStruct = sizeof(rst);
    EXPECT_EQ(JetInit3(&inst, &rst, 0), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, InitTwiceFailsWithAlreadyInitializedAndInstanceStaysUsable) {  // LC-13
    JET_INSTANCE inst = Start("twice");
    const JET_INSTANCE before = inst;
    EXPECT_EQ(JetInit(&inst), JET_errAlreadyInitialized);
    EXPECT_EQ(inst, before);
    EXPECT_EQ(JetInit2(&inst, 0), JET_errAlreadyInitialized);
    EXPECT_EQ(JetInit3(&inst, nullptr, 0), JET_errAlreadyInitialized);
    EXPECT_EQ(inst, before);
    JET_SESID s = kNoSesid;
    EXPECT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    EXPECT_EQ(JetBeginTransaction(s), JET_errSuccess);
    EXPECT_EQ(JetCommitTransaction(s, 0), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, Init3WithBadRstinfoSizeFailsWithInvalidParameterAndFreesTheInstance) {
    JET_INSTANCE anchor = Create("anchor");  // keeps the process in multi-instance mode
    JET_INSTANCE inst = Create("bad-rstinfo");
    const JET_INSTANCE old = inst;
    JET_RSTINFO rst{};
    rst.cbStruct = sizeof(rst) - 1;
    EXPECT_EQ(JetInit3(&inst, &rst, 0), JET_errInvalidParameter);
    EXPECT_EQ(inst, kNoInstance);
    EXPECT_EQ(LiveInstanceCount(), 1ul);
    if (inst != kNoInstance) {
        JetTerm(inst);  // the engine kept the instance (a failure above): do not cascade
    }
    JET_SESID s = kNoSesid;
    EXPECT_EQ(JetBeginSession(old, &s, nullptr, nullptr), JET_errInvalidParameter);
    // The name is free again.
    inst = Create("bad-rstinfo");
    rst.cbStruct = sizeof(rst) + 8;
    EXPECT_EQ(JetInit3(&inst, &rst, 0), JET_errInvalidParameter);
    EXPECT_EQ(inst, kNoInstance);
    if (inst != kNoInstance) {
        JetTerm(inst);
    }
    EXPECT_EQ(JetTerm(anchor), JET_errSuccess);
}

TEST_F(LifecycleTest, Init2WithUnknownGrbitFailsWithInvalidGrbit) {
    JET_INSTANCE anchor = Create("anchor");
    JET_INSTANCE inst = Create("bad-grbit");
    EXPECT_EQ(JetInit2(&inst, 0x40000000), JET_errInvalidGrbit);
    EXPECT_EQ(inst, kNoInstance);
    EXPECT_EQ(LiveInstanceCount(), 1ul);
    if (inst != kNoInstance) {
        JetTerm(inst);
    }
    EXPECT_EQ(JetTerm(anchor), JET_errSuccess);
}

TEST_F(LifecycleTest, FailedInitFreesTheInstanceZeroesTheHandleAndFreesTheName) {  // LC-14
    JET_INSTANCE anchor = Create("anchor");  // keeps the process in multi-instance mode
    JET_INSTANCE inst = Create("bad", true);  // as LC-14: recovery on, so the log folder is needed
    const JET_INSTANCE old = inst;
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, "/nonexistent/file/as/dir/"), JET_errSuccess);
    EXPECT_EQ(JetInit(&inst), JET_errInvalidPath);
    EXPECT_EQ(inst, kNoInstance);
    EXPECT_EQ(LiveInstanceCount(), 1ul);
    JET_SESID s = kNoSesid;
    EXPECT_EQ(JetBeginSession(old, &s, nullptr, nullptr), JET_errInvalidParameter);
    EXPECT_EQ(JetTerm(old), JET_errInvalidParameter);
    inst = Create("bad");
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
    EXPECT_EQ(JetTerm(anchor), JET_errSuccess);
}

TEST_F(LifecycleTest, FailedInitOfTheOnlyInstanceLeavesItsHandleInvalid) {
    JET_INSTANCE inst = Create("bad");
    const JET_INSTANCE old = inst;
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, (dir_.Path() + "missing/").c_str()),
              JET_errSuccess);
    EXPECT_EQ(JetInit(&inst), JET_errInvalidPath);
    EXPECT_EQ(inst, kNoInstance);
    EXPECT_EQ(LiveInstanceCount(), 0ul);
    JET_SESID s = kNoSesid;
    EXPECT_EQ(JetBeginSession(old, &s, nullptr, nullptr), JET_errInvalidParameter);
}

TEST_F(LifecycleTest, InitCreatesMissingFoldersWhenCreatePathIfNotExistIsSet) {
    JET_INSTANCE inst = Create("create-path", true);
    const std::string folder = dir_.Path() + "new/nested/";
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, folder.c_str()), JET_errSuccess);
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, folder.c_str()), JET_errSuccess);
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramCreatePathIfNotExist, 1, nullptr), JET_errSuccess);
    EXPECT_EQ(JetInit(&inst), JET_errSuccess);
    EXPECT_TRUE(fs::is_directory(folder));
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, ReinitWithTheSameHandleVariableStartsOneInstanceMode) {  // LC-04
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "instance"), JET_errSuccess);
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 5, nullptr), JET_errSuccess);
    ASSERT_EQ(JetInit(&inst), JET_errSuccess);
    ASSERT_EQ(JetTerm(inst), JET_errSuccess);
    // No instance lives: the stale handle starts one-instance mode with a fresh instance.
    ASSERT_EQ(JetInit(&inst), JET_errSuccess);
    EXPECT_NE(inst, kNoInstance);
    EXPECT_NE(inst, JET_instanceNil);
    // Parameters are not carried over: the fresh instance has the global value.
    EXPECT_EQ(GetIntParam(inst, kNoSesid, JET_paramMaxSessions), GetIntParam(kNoInstance, kNoSesid, JET_paramMaxSessions));
    JET_INSTANCE other = kNoInstance;
    EXPECT_EQ(JetCreateInstance(&other, "other"), JET_errRunningInOneInstanceMode);
    JET_SESID s = kNoSesid;
    EXPECT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
    EXPECT_EQ(LiveInstanceCount(), 0ul);
}

TEST_F(LifecycleTest, ReinitWithAStaleHandleWhileAnotherInstanceRunsFailsWithInvalidParameter) {  // LC-04
    JET_INSTANCE other = Start("other");
    JET_INSTANCE inst = Start("instance");
    ASSERT_EQ(JetTerm(inst), JET_errSuccess);
    EXPECT_EQ(JetInit(&inst), JET_errInvalidParameter);
    EXPECT_EQ(LiveInstanceCount(), 1ul);
    EXPECT_EQ(JetTerm(other), JET_errSuccess);
}

TEST_F(LifecycleTest, TwoInstancesRunAtOnce) {  // LC-05
    JET_INSTANCE i1 = Create("instance1");
    JET_INSTANCE i2 = Create("instance2");
    EXPECT_EQ(JetInit(&i1), JET_errSuccess);
    EXPECT_EQ(JetInit(&i2), JET_errSuccess);
    JET_SESID s1 = kNoSesid;
    JET_SESID s2 = kNoSesid;
    EXPECT_EQ(JetBeginSession(i1, &s1, nullptr, nullptr), JET_errSuccess);
    EXPECT_EQ(JetBeginSession(i2, &s2, nullptr, nullptr), JET_errSuccess);
    EXPECT_EQ(JetTerm(i1), JET_errSuccess);
    // The other instance is untouched.
    EXPECT_EQ(JetBeginTransaction(s2), JET_errSuccess);
    EXPECT_EQ(JetCommitTransaction(s2, 0), JET_errSuccess);
    EXPECT_EQ(JetTerm(i2), JET_errSuccess);
}

TEST_F(LifecycleTest, InitWithRecoveryOnReleasesEveryFileAtTerm) {  // LC-12
    const std::string folder = dir_.Sub("lc12");
    JET_INSTANCE inst = Create("lc12", true, folder);
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramLogFileSize, 256, nullptr), JET_errSuccess);
    ASSERT_EQ(JetInit(&inst), JET_errSuccess);
    JET_SESID s = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    ASSERT_EQ(JetBeginTransaction(s), JET_errSuccess);
    ASSERT_EQ(JetCommitTransaction(s, 0), JET_errSuccess);
    ASSERT_EQ(JetTerm(inst), JET_errSuccess);
    EXPECT_EQ(OpenFilesUnder(folder.substr(0, folder.size() - 1)), 0);
    std::error_code ec;
    fs::remove_all(folder, ec);
    EXPECT_FALSE(ec) << ec.message();
}

TEST_F(LifecycleTest, BeginSessionOnACreatedInstanceFailsWithNotInitialized) {  // LC-15
    JET_INSTANCE inst = Create("u");
    JET_SESID s = kNoSesid;
    EXPECT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errNotInitialized);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

// ============================================================================================
// JetTerm / JetTerm2 (section 3.4; LC-03, LC-09, LC-19..LC-21; DECISIONS.md 2)
// ============================================================================================

TEST_F(LifecycleTest, AbruptTermStopsTheInstance) {  // LC-03
    JET_INSTANCE inst = Start("abrupt");
    EXPECT_EQ(JetTerm2(inst, JET_bitTermAbrupt), JET_errSuccess);
}

TEST_F(LifecycleTest, Term2WithEachCleanGrbitEndsIdleSessions) {
    const JET_GRBIT grbits[] = {0, JET_bitTermComplete, JET_bitTermAbrupt, JET_bitTermStopBackup};
    for (JET_GRBIT grbit : grbits) {
        JET_INSTANCE other = Start("other");  // keeps an initialized instance in the process
        JET_INSTANCE inst = Start("term2");
        JET_SESID s = kNoSesid;
        ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
        EXPECT_EQ(JetTerm2(inst, grbit), JET_errSuccess) << "grbit " << grbit;
        EXPECT_EQ(JetBeginTransaction(s), JET_errInvalidSesid) << "grbit " << grbit;
        EXPECT_EQ(JetEndSession(s, 0), JET_errInvalidSesid) << "grbit " << grbit;
        EXPECT_EQ(JetTerm(other), JET_errSuccess);
        // No instance is initialized any more.
        EXPECT_EQ(JetEndSession(s, 0), JET_errNotInitialized) << "grbit " << grbit;
    }
}

TEST_F(LifecycleTest, Term2WithUnknownGrbitFailsWithInvalidGrbitAndChangesNothing) {
    JET_INSTANCE inst = Start("bad-grbit");
    JET_SESID s = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    EXPECT_EQ(JetTerm2(inst, 0x10), JET_errInvalidGrbit);
    EXPECT_EQ(JetTerm2(inst, JET_bitTermComplete | 0x100), JET_errInvalidGrbit);
    EXPECT_EQ(JetBeginTransaction(s), JET_errSuccess);
    EXPECT_EQ(JetRollback(s, 0), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, TermWithOpenSessionsButNoTransactionSucceeds) {  // LC-19
    JET_INSTANCE inst = Start("lc19");
    JET_SESID s = kNoSesid;
    JET_SESID s2 = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    ASSERT_EQ(JetDupSession(s, &s2), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
    EXPECT_EQ(JetEndSession(s, 0), JET_errNotInitialized);
    EXPECT_EQ(JetEndSession(s2, 0), JET_errNotInitialized);
}

TEST_F(LifecycleTest, TermWithAnOpenTransactionFailsWithTooManyActiveUsersForEveryCleanMode) {  // LC-20
    struct Mode {
        const char *name;
        JET_GRBIT grbit;
        bool plain;
    };
    const Mode modes[] = {{"JetTerm", 0, true},
                          {"0", 0, false},
                          {"Complete", JET_bitTermComplete, false},
                          {"Abrupt", JET_bitTermAbrupt, false},
                          {"StopBackup", JET_bitTermStopBackup, false}};
    for (const Mode &mode : modes) {
        JET_INSTANCE inst = Start("lc20");
        JET_SESID s = kNoSesid;
        ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
        ASSERT_EQ(JetBeginTransaction(s), JET_errSuccess);
        ASSERT_EQ(JetBeginTransaction(s), JET_errSuccess);
        const JET_ERR err = mode.plain ? JetTerm(inst) : JetTerm2(inst, mode.grbit);
        EXPECT_EQ(err, JET_errTooManyActiveUsers) << mode.name;
        // Nothing changed: the instance runs, the session keeps both levels.
        JET_SESID s2 = kNoSesid;
        EXPECT_EQ(JetBeginSession(inst, &s2, nullptr, nullptr), JET_errSuccess) << mode.name;
        EXPECT_EQ(JetCommitTransaction(s, 0), JET_errSuccess) << mode.name;
        EXPECT_EQ(JetRollback(s, 0), JET_errSuccess) << mode.name;
        EXPECT_EQ(JetRollback(s, 0), JET_errNotInTransaction) << mode.name;
        EXPECT_EQ(mode.plain ? JetTerm(inst) : JetTerm2(inst, mode.grbit), JET_errSuccess) << mode.name;
    }
}

TEST_F(LifecycleTest, DirtyTermWithAnOpenTransactionReturnsDirtyShutdown) {
    JET_INSTANCE inst = Start("dirty-open-trx");
    JET_SESID s = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    ASSERT_EQ(JetBeginTransaction(s), JET_errSuccess);
    EXPECT_EQ(JetTerm2(inst, JET_bitTermDirty), JET_errDirtyShutdown);
    EXPECT_EQ(LiveInstanceCount(), 0ul);
}

TEST_F(LifecycleTest, DirtyTermMakesTheNextInitRunRecovery) {  // LC-21
    const std::string folder = dir_.Sub("lc21");
    JET_INSTANCE inst = Start("lc21", true, folder);
    JET_SESID s = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    ASSERT_EQ(JetBeginTransaction(s), JET_errSuccess);
    ASSERT_EQ(JetCommitTransaction(s, 0), JET_errSuccess);
    ASSERT_EQ(JetStopServiceInstance(inst), JET_errSuccess);
    ASSERT_EQ(JetEndSession(s, 0), JET_errSuccess);
    EXPECT_EQ(JetTerm2(inst, JET_bitTermDirty), JET_errDirtyShutdown);

    JET_INSTANCE inst2 = Start("lc21-again", true, folder);
    EXPECT_TRUE(seam::RecoveredAtLastInit(inst2));
    EXPECT_EQ(JetTerm(inst2), JET_errSuccess);

    // The recovery left a clean state: a clean term followed by an init does not recover.
    JET_INSTANCE inst3 = Start("lc21-third", true, folder);
    EXPECT_FALSE(seam::RecoveredAtLastInit(inst3));
    EXPECT_EQ(JetTerm(inst3), JET_errSuccess);
}

TEST_F(LifecycleTest, CleanTermFollowedByInitDoesNotRecover) {
    const std::string folder = dir_.Sub("clean");
    JET_INSTANCE inst = Start("clean", true, folder);
    EXPECT_FALSE(seam::RecoveredAtLastInit(inst));
    JET_SESID s = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    EXPECT_EQ(JetTerm2(inst, JET_bitTermComplete), JET_errSuccess);
    JET_INSTANCE inst2 = Start("clean", true, folder);
    EXPECT_FALSE(seam::RecoveredAtLastInit(inst2));
    EXPECT_EQ(JetTerm(inst2), JET_errSuccess);
}

TEST_F(LifecycleTest, TermOfAFailedInstanceStopsItDirtyAndReturnsSuccess) {
    const std::string folder = dir_.Sub("failed");
    JET_INSTANCE inst = Start("failed", true, folder);
    JET_SESID s = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    ASSERT_EQ(JetBeginTransaction(s), JET_errSuccess);
    ASSERT_EQ(seam::FailInstance(inst, JET_errDiskIO), JET_errSuccess);
    // No TooManyActiveUsers for a Failed instance: it is always stopped dirty.
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
    JET_INSTANCE inst2 = Start("failed", true, folder);
    EXPECT_TRUE(seam::RecoveredAtLastInit(inst2));
    EXPECT_EQ(JetTerm(inst2), JET_errSuccess);
}

TEST_F(LifecycleTest, DirtyTermOfAFailedInstanceReturnsDirtyShutdown) {
    JET_INSTANCE inst = Start("failed-dirty");
    ASSERT_EQ(seam::FailInstance(inst, JET_errLogDiskFull), JET_errSuccess);
    EXPECT_EQ(JetTerm2(inst, JET_bitTermDirty), JET_errDirtyShutdown);
}

TEST_F(LifecycleTest, TermDuringARestoreFailsWithRestoreInProgress) {
    JET_INSTANCE inst = Create("restoring");
    ASSERT_EQ(seam::BeginRestore(inst), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errRestoreInProgress);
    EXPECT_EQ(JetTerm2(inst, 0), JET_errRestoreInProgress);
    ASSERT_EQ(seam::EndRestore(inst), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, TermOfANullOrNilHandleFailsWithInvalidParameterWhenModeIsNotSet) {  // LC-09
    EXPECT_EQ(JetTerm(kNoInstance), JET_errInvalidParameter);
    EXPECT_EQ(JetTerm2(kNoInstance, 0), JET_errInvalidParameter);
    EXPECT_EQ(JetTerm(JET_instanceNil), JET_errInvalidParameter);
    EXPECT_EQ(JetTerm2(JET_instanceNil, 0), JET_errInvalidParameter);
}

TEST_F(LifecycleTest, TermOfANullOrNilHandleFailsWithInvalidParameterInMultiInstanceMode) {  // LC-09
    JET_INSTANCE inst = Start("multi");
    EXPECT_EQ(JetTerm(kNoInstance), JET_errInvalidParameter);
    EXPECT_EQ(JetTerm2(kNoInstance, 0), JET_errInvalidParameter);
    EXPECT_EQ(JetTerm(JET_instanceNil), JET_errInvalidParameter);
    EXPECT_EQ(JetTerm2(JET_instanceNil, 0), JET_errInvalidParameter);
    EXPECT_EQ(JetTerm(0x12345678), JET_errInvalidParameter);
    EXPECT_EQ(LiveInstanceCount(), 1ul);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

// ============================================================================================
// Stop service (section 3.5; LC-16..LC-18)
// ============================================================================================

TEST_F(LifecycleTest, StopServiceInstanceBlocksNewSessionsAndTermStillWorks) {  // LC-16
    JET_INSTANCE inst = Start("lc16");
    EXPECT_EQ(JetStopServiceInstance(inst), JET_errSuccess);
    JET_SESID s = kNoSesid;
    EXPECT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errClientRequestToStopJetService);
    EXPECT_EQ(JetTerm2(inst, 0), JET_errSuccess);
}

TEST_F(LifecycleTest, StopServiceInstanceLeavesOnlyTheExemptCallsToExistingSessions) {  // LC-17
    JET_INSTANCE inst = Start("lc17");
    JET_SESID s = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    ASSERT_EQ(JetBeginTransaction(s), JET_errSuccess);
    ASSERT_EQ(JetStopServiceInstance(inst), JET_errSuccess);
    EXPECT_EQ(JetBeginTransaction(s), JET_errClientRequestToStopJetService);
    EXPECT_EQ(JetCommitTransaction(s, 0), JET_errClientRequestToStopJetService);
    JET_SESID dup = kNoSesid;
    EXPECT_EQ(JetDupSession(s, &dup), JET_errClientRequestToStopJetService);
    EXPECT_EQ(JetSetSessionContext(s, 0x42), JET_errClientRequestToStopJetService);
    EXPECT_EQ(JetRollback(s, 0), JET_errSuccess);
    EXPECT_EQ(JetEndSession(s, 0), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, StopServiceInstanceOnAnInstanceThatIsNotRunningFailsWithInvalidParameter) {
    JET_INSTANCE inst = Create("created");
    EXPECT_EQ(JetStopServiceInstance(inst), JET_errInvalidParameter);
    EXPECT_EQ(JetStopServiceInstance2(inst, JET_bitStopServiceAll), JET_errInvalidParameter);
    EXPECT_EQ(JetStopServiceInstance(0x12345678), JET_errInvalidParameter);
    EXPECT_EQ(JetStopServiceInstance(kNoInstance), JET_errInvalidParameter);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, StopServiceInstance2ResumableGrbitsStillAcceptCallsAndResume) {  // LC-18
    JET_INSTANCE inst = Start("lc18");
    for (JET_GRBIT grbit : {JET_GRBIT{JET_bitStopServiceQuiesceCaches}, JET_GRBIT{JET_bitStopServiceBackgroundUserTasks}}) {
        EXPECT_EQ(JetStopServiceInstance2(inst, grbit), JET_errSuccess) << grbit;
        JET_SESID s = kNoSesid;
        EXPECT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess) << grbit;
        EXPECT_EQ(JetBeginTransaction(s), JET_errSuccess) << grbit;
        EXPECT_EQ(JetCommitTransaction(s, 0), JET_errSuccess) << grbit;
        EXPECT_EQ(JetEndSession(s, 0), JET_errSuccess) << grbit;
        EXPECT_EQ(JetStopServiceInstance2(inst, grbit | JET_bitStopServiceResume), JET_errSuccess) << grbit;
        EXPECT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess) << grbit;
        EXPECT_EQ(JetEndSession(s, 0), JET_errSuccess) << grbit;
    }
    // Resume with nothing stopped is fine.
    EXPECT_EQ(JetStopServiceInstance2(inst, JET_bitStopServiceResume), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, StopServiceInstance2AllCannotBeResumed) {  // LC-18
    JET_INSTANCE inst = Start("lc18-all");
    EXPECT_EQ(JetStopServiceInstance2(inst, JET_bitStopServiceAll), JET_errSuccess);
    JET_SESID s = kNoSesid;
    EXPECT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errClientRequestToStopJetService);
    EXPECT_EQ(JetStopServiceInstance2(inst, JET_bitStopServiceResume), JET_errInvalidParameter);
    EXPECT_EQ(JetStopServiceInstance2(inst, JET_bitStopServiceQuiesceCaches | JET_bitStopServiceResume),
              JET_errInvalidParameter);
    EXPECT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errClientRequestToStopJetService);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, StopServiceInstance2WithUnknownBitsFailsWithInvalidGrbit) {
    JET_INSTANCE inst = Start("bad-bits");
    EXPECT_EQ(JetStopServiceInstance2(inst, 0x1), JET_errInvalidGrbit);
    EXPECT_EQ(JetStopServiceInstance2(inst, 0x100), JET_errInvalidGrbit);
    JET_SESID s = kNoSesid;
    EXPECT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

// ============================================================================================
// JetEnableMultiInstance (section 3.7)
// ============================================================================================

TEST_F(LifecycleTest, EnableMultiInstanceSetsGlobalParametersAndReportsEachEntry) {
    const JET_API_PTR saved_sessions = GetIntParam(kNoInstance, kNoSesid, JET_paramMaxSessions);
    const JET_API_PTR saved_circular = GetIntParam(kNoInstance, kNoSesid, JET_paramCircularLog);
    JET_SETSYSPARAM params[] = {{JET_paramMaxSessions, 20, nullptr, 12345},
                                {JET_paramCircularLog, 1, nullptr, 12345},
                                {JET_paramBaseName, 0, "abc", 12345}};
    JET_ULONG succeeded = 99;
    ASSERT_EQ(JetEnableMultiInstance(params, 3, &succeeded), JET_errSuccess);
    EXPECT_EQ(succeeded, 3ul);
    for (const JET_SETSYSPARAM &p : params) {
        EXPECT_EQ(p.err, JET_errSuccess) << p.paramid;
    }
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramMaxSessions), 20u);
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramCircularLog), 1u);
    EXPECT_EQ(GetStringParam(kNoInstance, kNoSesid, JET_paramBaseName), "abc");
    // Instances created later copy them.
    JET_INSTANCE inst = Create("copies");
    EXPECT_EQ(GetIntParam(inst, kNoSesid, JET_paramMaxSessions), 20u);
    EXPECT_EQ(GetStringParam(inst, kNoSesid, JET_paramBaseName), "abc");
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxSessions, saved_sessions, nullptr), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramCircularLog, saved_circular, nullptr), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramBaseName, 0, "edb"), JET_errSuccess);
}

TEST_F(LifecycleTest, EnableMultiInstanceTwiceFailsWithSystemParamsAlreadySetEvenWithoutParameters) {
    ASSERT_EQ(JetEnableMultiInstance(nullptr, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(JetEnableMultiInstance(nullptr, 0, nullptr), JET_errSystemParamsAlreadySet);
    JET_ULONG succeeded = 99;
    EXPECT_EQ(JetEnableMultiInstance(nullptr, 0, &succeeded), JET_errSystemParamsAlreadySet);
    // Same values as the current ones: still -1082.
    JET_SETSYSPARAM same{JET_paramMaxSessions, GetIntParam(kNoInstance, kNoSesid, JET_paramMaxSessions), nullptr, 0};
    EXPECT_EQ(JetEnableMultiInstance(&same, 1, nullptr), JET_errSystemParamsAlreadySet);
    ReturnToNotSetMode();
}

TEST_F(LifecycleTest, EnableMultiInstanceInMultiModeWithADifferingValueFailsWithSystemParameterConflict) {
    const JET_API_PTR current = GetIntParam(kNoInstance, kNoSesid, JET_paramMaxSessions);
    JET_INSTANCE inst = Create("multi");
    JET_SETSYSPARAM differing{JET_paramMaxSessions, current + 1, nullptr, 0};
    EXPECT_EQ(JetEnableMultiInstance(&differing, 1, nullptr), JET_errSystemParameterConflict);
    // Nothing was changed.
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramMaxSessions), current);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, EnableMultiInstanceWithARejectedEntryKeepsTheModeAndTheEarlierEntries) {
    const JET_API_PTR saved_sessions = GetIntParam(kNoInstance, kNoSesid, JET_paramMaxSessions);
    JET_SETSYSPARAM params[] = {{JET_paramMaxSessions, 21, nullptr, 12345},
                                {JET_paramBaseName, 0, "toolong", 12345}};
    JET_ULONG succeeded = 99;
    EXPECT_EQ(JetEnableMultiInstance(params, 2, &succeeded), JET_errInvalidParameter);
    EXPECT_EQ(succeeded, 1ul);
    EXPECT_EQ(params[0].err, JET_errSuccess);
    EXPECT_EQ(params[1].err, JET_errInvalidParameter);
    // The successful entry stays set; the mode did not change (still "not set").
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramMaxSessions), 21u);
    EXPECT_EQ(JetEnableMultiInstance(nullptr, 0, nullptr), JET_errSuccess);
    ReturnToNotSetMode();
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxSessions, saved_sessions, nullptr), JET_errSuccess);
}

TEST_F(LifecycleTest, EnableMultiInstanceWithACountAndNoArrayFailsWithInvalidParameter) {
    JET_ULONG succeeded = 99;
    EXPECT_EQ(JetEnableMultiInstance(nullptr, 1, &succeeded), JET_errInvalidParameter);
    // The mode did not change.
    ASSERT_EQ(JetInit(nullptr), JET_errSuccess);
    EXPECT_EQ(JetTerm(kNoInstance), JET_errSuccess);
}

// ============================================================================================
// JetGetInstanceInfo / JetFreeBuffer (section 3.8; LC-23)
// ============================================================================================

TEST_F(LifecycleTest, GetInstanceInfoWithNoInstanceReportsZeroAndNull) {
    JET_ULONG count = 99;
    JET_INSTANCE_INFO *info = reinterpret_cast<JET_INSTANCE_INFO *>(0x1);
    EXPECT_EQ(JetGetInstanceInfo(&count, &info), JET_errSuccess);
    EXPECT_EQ(count, 0ul);
    EXPECT_EQ(info, nullptr);
}

TEST_F(LifecycleTest, GetInstanceInfoWithANullArgumentFailsWithInvalidParameter) {
    JET_ULONG count = 0;
    JET_INSTANCE_INFO *info = nullptr;
    EXPECT_EQ(JetGetInstanceInfo(nullptr, &info), JET_errInvalidParameter);
    EXPECT_EQ(JetGetInstanceInfo(&count, nullptr), JET_errInvalidParameter);
    EXPECT_EQ(JetGetInstanceInfo(nullptr, nullptr), JET_errInvalidParameter);
}

TEST_F(LifecycleTest, GetInstanceInfoListsCreatedAndRunningInstancesByName) {
    JET_INSTANCE created = Create("created-only");
    JET_INSTANCE running = Start("running");
    JET_INSTANCE unnamed = kNoInstance;
    ASSERT_EQ(JetCreateInstance2(&unnamed, nullptr, "display-of-unnamed", 0), JET_errSuccess);
    JET_INSTANCE displayed = kNoInstance;
    ASSERT_EQ(JetCreateInstance2(&displayed, "real-name", "display-name", 0), JET_errSuccess);

    JET_ULONG count = 0;
    JET_INSTANCE_INFO *info = nullptr;
    ASSERT_EQ(JetGetInstanceInfo(&count, &info), JET_errSuccess);
    ASSERT_EQ(count, 4ul);
    ASSERT_NE(info, nullptr);
    int seen = 0;
    for (JET_ULONG i = 0; i < count; ++i) {
        const JET_INSTANCE_INFO &entry = info[i];
        EXPECT_EQ(entry.cDatabases, JET_API_PTR{0});
        if (entry.hInstanceId == created) {
            ASSERT_NE(entry.szInstanceName, nullptr);
            EXPECT_STREQ(entry.szInstanceName, "created-only");
            seen |= 1;
        } else if (entry.hInstanceId == running) {
            ASSERT_NE(entry.szInstanceName, nullptr);
            EXPECT_STREQ(entry.szInstanceName, "running");
            seen |= 2;
        } else if (entry.hInstanceId == unnamed) {
            EXPECT_EQ(entry.szInstanceName, nullptr);
            seen |= 4;
        } else if (entry.hInstanceId == displayed) {
            ASSERT_NE(entry.szInstanceName, nullptr);
            EXPECT_STREQ(entry.szInstanceName, "real-name");  // the name, not the display name
            seen |= 8;
        } else {
            ADD_FAILURE() << "unknown instance " << entry.hInstanceId;
        }
    }
    EXPECT_EQ(seen, 15);
    EXPECT_EQ(JetFreeBuffer(reinterpret_cast<char *>(info)), JET_errSuccess);
    EXPECT_EQ(JetTerm(created), JET_errSuccess);
    EXPECT_EQ(JetTerm(running), JET_errSuccess);
    EXPECT_EQ(JetTerm(unnamed), JET_errSuccess);
    EXPECT_EQ(JetTerm(displayed), JET_errSuccess);
    EXPECT_EQ(LiveInstanceCount(), 0ul);
}

TEST_F(LifecycleTest, GetInstanceInfoListsTheOneInstanceModeInstance) {
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetInit(&inst), JET_errSuccess);
    JET_ULONG count = 0;
    JET_INSTANCE_INFO *info = nullptr;
    ASSERT_EQ(JetGetInstanceInfo(&count, &info), JET_errSuccess);
    ASSERT_EQ(count, 1ul);
    EXPECT_EQ(info[0].hInstanceId, inst);
    EXPECT_EQ(JetFreeBuffer(reinterpret_cast<char *>(info)), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, FreeBufferAcceptsNull) {
    EXPECT_EQ(JetFreeBuffer(nullptr), JET_errSuccess);
}

// ============================================================================================
// JetGetVersion (LC-10)
// ============================================================================================

TEST_F(LifecycleTest, GetVersionIsNotZeroAndTermWithTheSessionOpenSucceeds) {
    JET_INSTANCE inst = Start("lc10");
    JET_SESID s = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &s, "", ""), JET_errSuccess);
    JET_ULONG version = 0;
    EXPECT_EQ(JetGetVersion(s, &version), JET_errSuccess);
    EXPECT_NE(version, 0ul);
    // esent's format: Windows Server 2003's 5.2.3790, build number in bits 8..23.
    EXPECT_EQ(5u, (version >> 28) & 0xF);
    EXPECT_EQ(2u, (version >> 24) & 0xF);
    EXPECT_EQ(3790u, (version & 0xFFFFFF) >> 8);
    EXPECT_EQ(JetGetVersion(s, nullptr), JET_errInvalidParameter);
    EXPECT_EQ(JetGetVersion(kNoSesid, &version), JET_errInvalidSesid);
    EXPECT_EQ(JetGetVersion(JET_sesidNil, &version), JET_errInvalidSesid);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
    EXPECT_EQ(JetGetVersion(s, &version), JET_errNotInitialized);
}

// ============================================================================================
// Conformance checklist, section 7 (items 1-5, 10, 11, 15, 16)
// ============================================================================================

TEST_F(LifecycleTest, ChecklistItem01_CreateInstanceNameLimitNullAndOneInstanceModeErrors) {
    // Same name / both unnamed -> -1086.
    JET_INSTANCE a = Create("same");
    JET_INSTANCE b = kNoInstance;
    EXPECT_EQ(JetCreateInstance(&b, "same"), JET_errInstanceNameInUse);
    JET_INSTANCE u1 = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&u1, nullptr), JET_errSuccess);
    EXPECT_EQ(JetCreateInstance(&b, nullptr), JET_errInstanceNameInUse);
    // NULL pinstance -> -1003.
    EXPECT_EQ(JetCreateInstance(nullptr, "x"), JET_errInvalidParameter);
    EXPECT_EQ(JetTerm(a), JET_errSuccess);
    EXPECT_EQ(JetTerm(u1), JET_errSuccess);
    // More than MaxInstances -> -1214.
    const JET_API_PTR saved = GetIntParam(kNoInstance, kNoSesid, JET_paramMaxInstances);
    ASSERT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxInstances, 1, nullptr), JET_errSuccess);
    a = Create("only");
    EXPECT_EQ(JetCreateInstance(&b, "second"), JET_errTooManyInstances);
    EXPECT_EQ(JetTerm(a), JET_errSuccess);
    ASSERT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxInstances, saved, nullptr), JET_errSuccess);
    // After a legacy JetInit(NULL) -> -1080.
    ASSERT_EQ(JetInit(nullptr), JET_errSuccess);
    EXPECT_EQ(JetCreateInstance(&b, "late"), JET_errRunningInOneInstanceMode);
    EXPECT_EQ(JetTerm(kNoInstance), JET_errSuccess);
}

TEST_F(LifecycleTest, ChecklistItem02_TermOfACreatedInstanceSucceedsAndASecondTermFails) {
    JET_INSTANCE anchor = Create("anchor");  // multi-instance mode throughout
    JET_INSTANCE inst = Create("created");
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errInvalidParameter);
    EXPECT_EQ(JetTerm2(inst, 0), JET_errInvalidParameter);
    JET_SESID s = kNoSesid;
    EXPECT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errInvalidParameter);
    EXPECT_EQ(JetTerm(anchor), JET_errSuccess);
    // Also when it was the last instance.
    inst = Create("created");
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errInvalidParameter);
}

TEST_F(LifecycleTest, ChecklistItem03_InitTwiceKeepsTheInstanceAndAFailedInitFreesIt) {
    JET_INSTANCE inst = Start("item3");
    EXPECT_EQ(JetInit(&inst), JET_errAlreadyInitialized);
    JET_SESID s = kNoSesid;
    EXPECT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);

    JET_INSTANCE bad = Create("item3-bad");
    const JET_INSTANCE old = bad;
    ASSERT_EQ(JetSetSystemParameter(&bad, 0, JET_paramSystemPath, 0, (dir_.Path() + "missing/").c_str()),
              JET_errSuccess);
    EXPECT_LT(JetInit(&bad), 0);
    EXPECT_EQ(bad, kNoInstance);
    JET_SESID s2 = kNoSesid;
    const JET_ERR err = JetBeginSession(old, &s2, nullptr, nullptr);
    EXPECT_TRUE(err == JET_errInvalidParameter || err == JET_errInvalidInstance) << err;
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, ChecklistItem04_BeginSessionOnCreatedInstanceAndExactSessionCap) {
    JET_INSTANCE inst = Create("item4");
    JET_SESID s = kNoSesid;
    EXPECT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errNotInitialized);
    constexpr int kMax = 5;
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, kMax, nullptr), JET_errSuccess);
    ASSERT_EQ(JetInit(&inst), JET_errSuccess);
    std::vector<JET_SESID> sessions;
    for (int i = 0; i < kMax; ++i) {
        ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess) << i;
        sessions.push_back(s);
    }
    EXPECT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errOutOfSessions);
    EXPECT_EQ(JetDupSession(sessions[0], &s), JET_errOutOfSessions);
    // Ending one frees a slot.
    EXPECT_EQ(JetEndSession(sessions.back(), 0), JET_errSuccess);
    EXPECT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, ChecklistItem05_MaxSessionsAfterInitAndMaxInstancesAfterAnInstanceExist) {
    JET_INSTANCE inst = Start("item5");
    const JET_API_PTR current = GetIntParam(inst, kNoSesid, JET_paramMaxSessions);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, current + 1, nullptr), JET_errAlreadyInitialized);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, current, nullptr), JET_errSuccess);
    EXPECT_EQ(GetIntParam(inst, kNoSesid, JET_paramMaxSessions), current);
    const JET_API_PTR max_instances = GetIntParam(kNoInstance, kNoSesid, JET_paramMaxInstances);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxInstances, max_instances + 1, nullptr),
              JET_errAlreadyInitialized);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
    // Also for a created (not initialized) instance: the run mode is chosen.
    inst = Create("item5-created");
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxInstances, max_instances + 1, nullptr),
              JET_errAlreadyInitialized);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, ChecklistItem10_StopServiceRefusesBeginButExemptCallsAndTermSucceed) {
    JET_INSTANCE inst = Start("item10");
    JET_SESID s = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    ASSERT_EQ(JetSetSessionContext(s, 0x5151), JET_errSuccess);
    ASSERT_EQ(JetBeginTransaction(s), JET_errSuccess);
    ASSERT_EQ(JetStopServiceInstance(inst), JET_errSuccess);
    EXPECT_EQ(JetBeginTransaction(s), JET_errClientRequestToStopJetService);
    EXPECT_EQ(JetRollback(s, 0), JET_errSuccess);
    EXPECT_EQ(JetResetSessionContext(s), JET_errSuccess);
    EXPECT_EQ(JetEndSession(s, 0), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, ChecklistItem11_TermWithOpenTransactionThenRollbackThenTermAndDirtyRecovers) {
    const std::string folder = dir_.Sub("item11");
    JET_INSTANCE inst = Start("item11", true, folder);
    JET_SESID s = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    ASSERT_EQ(JetBeginTransaction(s), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errTooManyActiveUsers);
    JET_SESID s2 = kNoSesid;
    EXPECT_EQ(JetBeginSession(inst, &s2, nullptr, nullptr), JET_errSuccess);  // still running
    EXPECT_EQ(JetRollback(s, 0), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);

    inst = Start("item11", true, folder);
    EXPECT_FALSE(seam::RecoveredAtLastInit(inst));
    EXPECT_EQ(JetTerm2(inst, JET_bitTermDirty), JET_errDirtyShutdown);
    inst = Start("item11", true, folder);
    EXPECT_TRUE(seam::RecoveredAtLastInit(inst));
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(LifecycleTest, ChecklistItem15_EnableMultiInstanceTwiceAndAfterLegacyInit) {
    ASSERT_EQ(JetEnableMultiInstance(nullptr, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(JetEnableMultiInstance(nullptr, 0, nullptr), JET_errSystemParamsAlreadySet);
    ReturnToNotSetMode();
    ASSERT_EQ(JetInit(nullptr), JET_errSuccess);
    EXPECT_EQ(JetEnableMultiInstance(nullptr, 0, nullptr), JET_errRunningInOneInstanceMode);
    EXPECT_EQ(JetTerm(kNoInstance), JET_errSuccess);
}

TEST_F(LifecycleTest, ChecklistItem16_GetInstanceInfoWithNoInstanceAndWithNullArguments) {
    JET_ULONG count = 99;
    JET_INSTANCE_INFO *info = nullptr;
    EXPECT_EQ(JetGetInstanceInfo(&count, &info), JET_errSuccess);
    EXPECT_EQ(count, 0ul);
    EXPECT_EQ(info, nullptr);
    EXPECT_EQ(JetGetInstanceInfo(nullptr, &info), JET_errInvalidParameter);
    EXPECT_EQ(JetGetInstanceInfo(&count, nullptr), JET_errInvalidParameter);
}

}  // namespace
