// JetSetSystemParameter / JetGetSystemParameter: defaults, round trips, targeting (global,
// instance, session, one-instance mode), when a parameter may change, validation (every integer
// parameter's range), string buffers, path normalisation, JET_paramEnableAdvanced, the by-address
// parameters (ErrorToString, UnicodeIndexDefault), ManagedEsent's version probe, instance-state
// refusals.
//
// References: esent.h (the parameter list and its scope / "init" / "adv" tags), esent's "Extensible
// Storage Engine System Parameters" pages (ranges and defaults of Windows Server 2003), ese-lifecycle-
// and-sessions.md sections 3.9-3.11 and 5 (path limits), esent-scenarios.md LC-11, DECISIONS.md 10.
//
// Every test starts and ends with no instance alive (run mode "not set"), and puts back every
// global value it changes.
#include <esent.h>

#include "engine/seams.h"
#include "tests/test_support.h"

#include <gtest/gtest.h>


#include <array>
#include <cctype>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <utility>
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

std::string Lower(std::string s) {
    for (char &c : s) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

std::string Cwd() {
    std::error_code ec;
    std::string cwd = fs::current_path(ec).string();
    if (cwd.empty() || cwd.back() != '/') {
        cwd += '/';
    }
    return cwd;
}

// One row of esent.h's parameter list.
struct Param {
    JET_ULONG id;
    const char *name;
    bool is_string;
    JET_API_PTR default_int;
    const char *default_string;
    JET_API_PTR other_int;         // a legal non-default value
    const char *other_string;      // idem (paths are filled in by the test)
    bool global_only;              // [G]
    bool settable_after_init;      // "init" in esent.h
    bool is_path;
};

// Stands in for a JET_CALLBACK: JET_paramRuntimeCallback only stores it.
JET_ERR RuntimeCallbackStandIn() { return JET_errSuccess; }

// Every parameter of esent.h that takes a plain value, in id order (JET_paramErrorToString and
// JET_paramUnicodeIndexDefault, which take their values by address, have tests of their own).
const std::vector<Param> &AllParams() {
    static const std::vector<Param> params = {
        {JET_paramSystemPath, "SystemPath", true, 0, "./", 0, nullptr, false, false, true},
        {JET_paramTempPath, "TempPath", true, 0, "tmp.edb", 0, nullptr, false, false, true},
        {JET_paramLogFilePath, "LogFilePath", true, 0, "./", 0, nullptr, false, false, true},
        {JET_paramBaseName, "BaseName", true, 0, "edb", 0, "abc", false, false, false},
        {JET_paramEventSource, "EventSource", true, 0, "", 0, "my-source", false, false, false},
        {JET_paramMaxSessions, "MaxSessions", false, 16, nullptr, 100, nullptr, false, false, false},
        {JET_paramMaxOpenTables, "MaxOpenTables", false, 300, nullptr, 500, nullptr, false, false, false},
        {JET_paramPreferredMaxOpenTables, "PreferredMaxOpenTables", false, 0, nullptr, 100, nullptr, false, false,
         false},
        {JET_paramMaxCursors, "MaxCursors", false, 1024, nullptr, 2000, nullptr, false, false, false},
        {JET_paramMaxVerPages, "MaxVerPages", false, 64, nullptr, 128, nullptr, false, false, false},
        {JET_paramMaxTemporaryTables, "MaxTemporaryTables", false, 20, nullptr, 0, nullptr, false, false, false},
        {JET_paramLogFileSize, "LogFileSize", false, 5120, nullptr, 1024, nullptr, false, false, false},
        {JET_paramLogBuffers, "LogBuffers", false, 126, nullptr, 256, nullptr, false, false, false},
        {JET_paramWaitLogFlush, "WaitLogFlush", false, 0, nullptr, 10, nullptr, false, true, false},
        {JET_paramLogCheckpointPeriod, "LogCheckpointPeriod", false, 1024, nullptr, 2048, nullptr, false, false, false},
        {JET_paramLogWaitingUserMax, "LogWaitingUserMax", false, 3, nullptr, 5, nullptr, false, false, false},
        {JET_paramCommitDefault, "CommitDefault", false, 0, nullptr, JET_bitCommitLazyFlush, nullptr, false, true, false},
        {JET_paramCircularLog, "CircularLog", false, 0, nullptr, 1, nullptr, false, false, false},
        {JET_paramDbExtensionSize, "DbExtensionSize", false, 256, nullptr, 16, nullptr, false, false, false},
        {JET_paramPageTempDBMin, "PageTempDBMin", false, 0, nullptr, 14, nullptr, false, false, false},
        {JET_paramPageFragment, "PageFragment", false, 8, nullptr, 16, nullptr, false, false, false},
        {JET_paramBatchIOBufferMax, "BatchIOBufferMax", false, 256, nullptr, 0, nullptr, true, false, false},
        {JET_paramCacheSizeMax, "CacheSizeMax", false, 512, nullptr, 1024, nullptr, true, true, false},
        {JET_paramCheckpointDepthMax, "CheckpointDepthMax", false, 20 << 20, nullptr, 40 << 20, nullptr, false, false,
         false},
        {JET_paramLRUKCorrInterval, "LRUKCorrInterval", false, 128000, nullptr, 1000, nullptr, true, false, false},
        {JET_paramLRUKHistoryMax, "LRUKHistoryMax", false, 1024, nullptr, 2048, nullptr, true, false, false},
        {JET_paramLRUKPolicy, "LRUKPolicy", false, 2, nullptr, 1, nullptr, true, false, false},
        {JET_paramLRUKTimeout, "LRUKTimeout", false, 100, nullptr, 200, nullptr, true, false, false},
        {JET_paramLRUKTrxCorrInterval, "LRUKTrxCorrInterval", false, 0, nullptr, 1000, nullptr, true, false, false},
        {JET_paramOutstandingIOMax, "OutstandingIOMax", false, 64, nullptr, 128, nullptr, true, false, false},
        {JET_paramStartFlushThreshold, "StartFlushThreshold", false, 5, nullptr, 50, nullptr, true, true, false},
        {JET_paramStopFlushThreshold, "StopFlushThreshold", false, 10, nullptr, 100, nullptr, true, true, false},
        {JET_paramRecovery, "Recovery", true, 0, "On", 0, "Off", false, false, false},
        {JET_paramEnableOnlineDefrag, "EnableOnlineDefrag", false, JET_OnlineDefragAll, nullptr,
         JET_OnlineDefragDisable, nullptr, false, true, false},
        {JET_paramCacheSize, "CacheSize", false, 0, nullptr, 1000, nullptr, true, true, false},
        {JET_paramCheckFormatWhenOpenFail, "CheckFormatWhenOpenFail", false, 1, nullptr, 0, nullptr, false, false,
         false},
        {JET_paramEnableIndexChecking, "EnableIndexChecking", false, 0, nullptr, 1, nullptr, false, false, false},
        {JET_paramEnableTempTableVersioning, "EnableTempTableVersioning", false, 1, nullptr, 0, nullptr, false, false, false},
        {JET_paramIgnoreLogVersion, "IgnoreLogVersion", false, 0, nullptr, 1, nullptr, false, false, false},
        {JET_paramDeleteOldLogs, "DeleteOldLogs", false, 1, nullptr, 0, nullptr, false, false, false},
        {JET_paramEventSourceKey, "EventSourceKey", true, 0, "", 0, "my-key", false, false, false},
        {JET_paramNoInformationEvent, "NoInformationEvent", false, 0, nullptr, 1, nullptr, false, true, false},
        {JET_paramEventLoggingLevel, "EventLoggingLevel", false, JET_EventLoggingLevelMax, nullptr, 50, nullptr, false,
         false, false},
        {JET_paramDeleteOutOfRangeLogs, "DeleteOutOfRangeLogs", false, 0, nullptr, 1, nullptr, false, false, false},
        {JET_paramAccessDeniedRetryPeriod, "AccessDeniedRetryPeriod", false, 10000, nullptr, 0, nullptr, true, true,
         false},
        {JET_paramEnableIndexCleanup, "EnableIndexCleanup", false, 1, nullptr, 0, nullptr, false, false, false},
        {JET_paramCacheSizeMin, "CacheSizeMin", false, 1, nullptr, 64, nullptr, true, true, false},
        {JET_paramPreferredVerPages, "PreferredVerPages", false, 0, nullptr, 32, nullptr, false, true, false},
        {JET_paramDatabasePageSize, "DatabasePageSize", false, 4096, nullptr, 8192, nullptr, true, false, false},
        {JET_paramDisableCallbacks, "DisableCallbacks", false, 0, nullptr, 1, nullptr, false, false, false},
        {JET_paramLogFileCreateAsynch, "LogFileCreateAsynch", false, 1, nullptr, 0, nullptr, false, false, false},
        {JET_paramZeroDatabaseDuringBackup, "ZeroDatabaseDuringBackup", false, 0, nullptr, 1, nullptr, false, false,
         false},
        {JET_paramRuntimeCallback, "RuntimeCallback", false, 0, nullptr,
         reinterpret_cast<JET_API_PTR>(&RuntimeCallbackStandIn), nullptr, false, false, false},
        {JET_paramCleanupMismatchedLogFiles, "CleanupMismatchedLogFiles", false, 0, nullptr, 1, nullptr, false, false,
         false},
        {JET_paramRecordUpgradeDirtyLevel, "RecordUpgradeDirtyLevel", false, 1, nullptr, 3, nullptr, true, true, false},
        {JET_paramGlobalMinVerPages, "GlobalMinVerPages", false, 64, nullptr, 128, nullptr, true, false, false},
        {JET_paramOSSnapshotTimeout, "OSSnapshotTimeout", false, 20000, nullptr, 70000, nullptr, true, true, false},
        {JET_paramExceptionAction, "ExceptionAction", false, JET_ExceptionMsgBox, nullptr, JET_ExceptionNone, nullptr,
         true, false, false},
        {JET_paramEventLogCache, "EventLogCache", false, 0, nullptr, 4096, nullptr, true, false, false},
        {JET_paramCreatePathIfNotExist, "CreatePathIfNotExist", false, 0, nullptr, 1, nullptr, false, false, false},
        {JET_paramPageHintCacheSize, "PageHintCacheSize", false, 262144, nullptr, 32, nullptr, true, true, false},
        {JET_paramOneDatabasePerSession, "OneDatabasePerSession", false, 0, nullptr, 1, nullptr, true, false, false},
        {JET_paramMaxInstances, "MaxInstances", false, 16, nullptr, 32, nullptr, true, false, false},
        {JET_paramVersionStoreTaskQueueMax, "VersionStoreTaskQueueMax", false, 32, nullptr, 63, nullptr, false, false,
         false},
        {JET_paramIndexTuplesLengthMin, "IndexTuplesLengthMin", false, 3, nullptr, 2, nullptr, false, false, false},
        {JET_paramIndexTuplesLengthMax, "IndexTuplesLengthMax", false, 10, nullptr, 255, nullptr, false, false, false},
        {JET_paramIndexTuplesToIndexMax, "IndexTuplesToIndexMax", false, 32767, nullptr, 100, nullptr, false, false,
         false},
        {JET_paramAlternateDatabaseRecoveryPath, "AlternateDatabaseRecoveryPath", true, 0, "", 0, nullptr, false, false,
         true},
        {JET_paramConfiguration, "Configuration", false, 1, nullptr, 0, nullptr, false, false, false},
        {JET_paramEnableAdvanced, "EnableAdvanced", false, 1, nullptr, 0, nullptr, false, true, false},
        {JET_paramLegacyFileNames, "LegacyFileNames", false, JET_bitESE98FileNames, nullptr, 3, nullptr, false, false,
         false},
    };
    return params;
}

const Param &Row(JET_ULONG id) {
    for (const Param &p : AllParams()) {
        if (p.id == id) {
            return p;
        }
    }
    ADD_FAILURE() << "no row for parameter " << id;
    return AllParams().front();
}

// An integer parameter's range: its lowest and highest legal values and values it refuses.
struct Limits {
    JET_ULONG id;
    JET_API_PTR low;
    JET_API_PTR high;
    std::vector<JET_API_PTR> refused;  // each JET_errInvalidParameter
    bool zero_is_default;              // 0 sets the default back (tuple limits, esent before Vista)
};

constexpr JET_API_PTR kAboveInt = JET_API_PTR{0x80000000};
constexpr JET_API_PTR kUlong = JET_API_PTR{0xFFFFFFFF};
constexpr JET_API_PTR kAboveUlong = JET_API_PTR{0xFFFFFFFF} + 1;

// esent's documented ranges (Windows Server 2003), and jetstore's own where esent.h says so.
const std::vector<Limits> &AllLimits() {
    static const std::vector<Limits> limits = {
        {JET_paramMaxSessions, 0, 30000, {30001}, false},
        {JET_paramMaxOpenTables, 0, INT_MAX, {kAboveInt}, false},
        {JET_paramPreferredMaxOpenTables, 0, INT_MAX, {kAboveInt}, false},
        {JET_paramMaxCursors, 0, INT_MAX, {kAboveInt}, false},
        {JET_paramMaxVerPages, 1, INT_MAX, {0, kAboveInt}, false},
        {JET_paramMaxTemporaryTables, 0, INT_MAX, {kAboveInt}, false},
        {JET_paramLogFileSize, 32, 1048576, {31, 1048577}, false},
        {JET_paramLogBuffers, 16, INT_MAX, {15, kAboveInt}, false},
        {JET_paramWaitLogFlush, 0, INT_MAX, {kAboveInt}, false},
        {JET_paramLogCheckpointPeriod, 0, INT_MAX, {kAboveInt}, false},
        {JET_paramLogWaitingUserMax, 0, INT_MAX, {kAboveInt}, false},
        {JET_paramCommitDefault, 0, JET_bitCommitLazyFlush, {0x100}, false},
        {JET_paramDbExtensionSize, 1, INT_MAX, {0, kAboveInt}, false},
        {JET_paramPageTempDBMin, 0, INT_MAX, {kAboveInt}, false},
        {JET_paramPageFragment, 0, INT_MAX, {kAboveInt}, false},
        {JET_paramBatchIOBufferMax, 0, INT_MAX, {1, kAboveInt}, false},
        {JET_paramCacheSizeMax, 1, kUlong, {0, kAboveUlong}, false},
        {JET_paramCheckpointDepthMax, 0, INT_MAX, {kAboveInt}, false},
        {JET_paramLRUKCorrInterval, 0, INT_MAX, {kAboveInt}, false},
        {JET_paramLRUKHistoryMax, 0, 4194303, {4194304}, false},
        {JET_paramLRUKPolicy, 1, 2, {0, 3}, false},
        {JET_paramLRUKTimeout, 1, INT_MAX, {0, kAboveInt}, false},
        {JET_paramLRUKTrxCorrInterval, 0, INT_MAX, {kAboveInt}, false},
        {JET_paramOutstandingIOMax, 8, INT_MAX, {7, kAboveInt}, false},
        {JET_paramStartFlushThreshold, 1, kUlong, {0, kAboveUlong}, false},
        {JET_paramStopFlushThreshold, 1, kUlong, {0, kAboveUlong}, false},
        {JET_paramEnableOnlineDefrag, JET_OnlineDefragDisable, JET_OnlineDefragAll, {0x10000}, false},
        {JET_paramCacheSize, 0, kUlong, {kAboveUlong}, false},
        {JET_paramEventLoggingLevel, JET_EventLoggingDisable, JET_EventLoggingLevelMax, {101}, false},
        {JET_paramAccessDeniedRetryPeriod, 0, kUlong, {kAboveUlong}, false},
        {JET_paramCacheSizeMin, 1, kUlong, {0, kAboveUlong}, false},
        {JET_paramPreferredVerPages, 0, INT_MAX, {kAboveInt}, false},
        {JET_paramDatabasePageSize, 2048, 32768, {0, 1000, 3000, 65536}, false},
        {JET_paramRecordUpgradeDirtyLevel, 0, 3, {4}, false},
        {JET_paramGlobalMinVerPages, 1, INT_MAX, {0, kAboveInt}, false},
        {JET_paramOSSnapshotTimeout, 0, INT_MAX, {kAboveInt}, false},
        {JET_paramExceptionAction, JET_ExceptionMsgBox, JET_ExceptionNone, {0, 3}, false},
        {JET_paramEventLogCache, 0, INT_MAX, {kAboveInt}, false},
        {JET_paramPageHintCacheSize, 0, INT_MAX, {kAboveInt}, false},
        {JET_paramMaxInstances, 1, JET_cMaxInstances, {0, JET_cMaxInstances + 1}, false},
        {JET_paramVersionStoreTaskQueueMax, 1, 63, {0, 64}, false},
        {JET_paramIndexTuplesLengthMin, 0, 255, {1, 256}, true},
        {JET_paramIndexTuplesLengthMax, 0, 255, {1, 256}, true},
        {JET_paramIndexTuplesToIndexMax, 0, 32767, {32768}, true},
        {JET_paramConfiguration, 0, 0x1FF, {0x200}, false},
        {JET_paramLegacyFileNames, 0, JET_bitESE98FileNames | JET_bitEightDotThreeSoftCompat, {4}, false},
    };
    return limits;
}

// The default of a path parameter reads back either as written in esent.h or resolved against the
// working directory (paths are stored absolute).
void ExpectDefaultPath(const std::string &got, const char *as_documented, const char *where) {
    const std::string doc = as_documented;
    std::string resolved = Cwd() + (doc == "./" ? "" : doc);
    EXPECT_TRUE(got == doc || got == resolved) << where << ": got \"" << got << "\", want \"" << doc << "\" or \""
                                               << resolved << "\"";
}

class ParamsTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(dir_.Valid());
        ASSERT_EQ(LiveInstanceCount(), 0ul) << "an earlier test left an instance alive";
    }

    void TearDown() override {
        if (!ExpectNoneAliveAndTerminateLeaked()) return;
    }

    // A created instance whose files live in a fresh subfolder; recovery off.
    JET_INSTANCE Create(const char *name) {
        const std::string folder = dir_.Sub(std::string("inst-") + std::to_string(++folders_));
        JET_INSTANCE inst = kNoInstance;
        EXPECT_EQ(JetCreateInstance(&inst, name), JET_errSuccess) << name;
        SetInstancePaths(&inst, folder, /*recovery=*/false);
        return inst;
    }

    JET_INSTANCE Start(const char *name) {
        JET_INSTANCE inst = Create(name);
        EXPECT_EQ(JetInit(&inst), JET_errSuccess) << name;
        return inst;
    }

    // A path of exactly `length` characters, ending in '/', under the temp folder.
    std::string PathOfLength(size_t length) const {
        std::string p = dir_.Path();
        while (p.size() + 1 < length) {
            p += 'a';
        }
        p += '/';
        return p;
    }

    TempDir dir_{"jetstore-params-"};
    int folders_ = 0;
};

// ============================================================================================
// Defaults (esent.h parameter list; DECISIONS.md 10). Runs first: nothing has changed a global yet.
// ============================================================================================

TEST_F(ParamsTest, EveryParameterHasItsDocumentedDefault) {
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "defaults"), JET_errSuccess);
    for (const Param &p : AllParams()) {
        for (JET_INSTANCE target : {kNoInstance, inst}) {
            const char *where = target == kNoInstance ? "global" : "instance";
            JET_ERR err = JET_errInternalError;
            if (p.is_string) {
                const std::string got = GetStringParam(target, kNoSesid, p.id, &err);
                EXPECT_EQ(err, JET_errSuccess) << p.name << " " << where;
                if (p.is_path) {
                    ExpectDefaultPath(got, p.default_string, p.name);
                } else {
                    EXPECT_EQ(got, p.default_string) << p.name << " " << where;
                }
            } else {
                EXPECT_EQ(GetIntParam(target, kNoSesid, p.id, &err), p.default_int) << p.name << " " << where;
                EXPECT_EQ(err, JET_errSuccess) << p.name << " " << where;
            }
        }
    }
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

// ============================================================================================
// Round trips and targeting
// ============================================================================================

TEST_F(ParamsTest, EveryInstanceParameterRoundTripsBeforeInit) {
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "round-trip"), JET_errSuccess);
    for (const Param &p : AllParams()) {
        // Global-only ones have their own test; Configuration and EnableAdvanced change how other
        // parameters behave, so they are checked last.
        if (p.global_only || p.id == JET_paramConfiguration || p.id == JET_paramEnableAdvanced) {
            continue;
        }
        if (p.is_string) {
            const std::string value = p.is_path ? dir_.Sub(p.name) : p.other_string;
            EXPECT_EQ(JetSetSystemParameter(&inst, 0, p.id, 0, value.c_str()), JET_errSuccess) << p.name;
            EXPECT_EQ(GetStringParam(inst, kNoSesid, p.id), value) << p.name;
        } else {
            EXPECT_EQ(JetSetSystemParameter(&inst, 0, p.id, p.other_int, nullptr), JET_errSuccess) << p.name;
            EXPECT_EQ(GetIntParam(inst, kNoSesid, p.id), p.other_int) << p.name;
        }
    }
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramEnableAdvanced, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(GetIntParam(inst, kNoSesid, JET_paramEnableAdvanced), 0u);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);

    ASSERT_EQ(JetCreateInstance(&inst, "configuration"), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramConfiguration, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(GetIntParam(inst, kNoSesid, JET_paramConfiguration), 0u);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramConfiguration, 1, nullptr), JET_errSuccess);
    EXPECT_EQ(GetIntParam(inst, kNoSesid, JET_paramConfiguration), 1u);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, InstanceTargetedSetsDoNotChangeTheGlobalValue) {
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "instance-only"), JET_errSuccess);
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 99, nullptr), JET_errSuccess);
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramBaseName, 0, "xyz"), JET_errSuccess);
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramMaxSessions), 16u);
    EXPECT_EQ(GetStringParam(kNoInstance, kNoSesid, JET_paramBaseName), "edb");
    EXPECT_EQ(GetIntParam(inst, kNoSesid, JET_paramMaxSessions), 99u);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, GlobalValueIsCopiedIntoInstancesCreatedLaterOnly) {
    JET_INSTANCE before = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&before, "before"), JET_errSuccess);
    ASSERT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxSessions, 77, nullptr), JET_errSuccess);
    ASSERT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramBaseName, 0, "glb"), JET_errSuccess);
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramMaxSessions), 77u);
    JET_INSTANCE after = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&after, "after"), JET_errSuccess);
    EXPECT_EQ(GetIntParam(after, kNoSesid, JET_paramMaxSessions), 77u);
    EXPECT_EQ(GetStringParam(after, kNoSesid, JET_paramBaseName), "glb");
    EXPECT_EQ(GetIntParam(before, kNoSesid, JET_paramMaxSessions), 16u);
    EXPECT_EQ(GetStringParam(before, kNoSesid, JET_paramBaseName), "edb");
    EXPECT_EQ(JetTerm(before), JET_errSuccess);
    EXPECT_EQ(JetTerm(after), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxSessions, 16, nullptr), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramBaseName, 0, "edb"), JET_errSuccess);
}

TEST_F(ParamsTest, NullOrNilInstanceTargetsTheGlobalValueInMultiInstanceMode) {
    JET_INSTANCE inst = Start("multi");
    JET_INSTANCE zero = kNoInstance;
    JET_INSTANCE nil = JET_instanceNil;
    ASSERT_EQ(JetSetSystemParameter(&zero, 0, JET_paramMaxSessions, 40, nullptr), JET_errSuccess);
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramMaxSessions), 40u);
    EXPECT_EQ(GetIntParam(JET_instanceNil, kNoSesid, JET_paramMaxSessions), 40u);
    ASSERT_EQ(JetSetSystemParameter(&nil, 0, JET_paramMaxSessions, 41, nullptr), JET_errSuccess);
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramMaxSessions), 41u);
    // pinstance is never written.
    EXPECT_EQ(zero, kNoInstance);
    EXPECT_EQ(nil, JET_instanceNil);
    // The running instance kept its own value.
    EXPECT_EQ(GetIntParam(inst, kNoSesid, JET_paramMaxSessions), 16u);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxSessions, 16, nullptr), JET_errSuccess);
}

TEST_F(ParamsTest, GlobalOnlyParametersRoundTripBeforeTheRunModeIsChosen) {
    for (const Param &p : AllParams()) {
        if (!p.global_only) {
            continue;
        }
        EXPECT_EQ(JetSetSystemParameter(nullptr, 0, p.id, p.other_int, nullptr), JET_errSuccess) << p.name;
        EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, p.id), p.other_int) << p.name;
        EXPECT_EQ(JetSetSystemParameter(nullptr, 0, p.id, p.default_int, nullptr), JET_errSuccess) << p.name;
        EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, p.id), p.default_int) << p.name;
    }
}

TEST_F(ParamsTest, GlobalOnlyParameterWithAnInstanceTargetGoesToTheGlobalValue) {
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "global-only"), JET_errSuccess);
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramOneDatabasePerSession, 1, nullptr), JET_errSuccess);
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramOneDatabasePerSession), 1u);
    EXPECT_EQ(GetIntParam(inst, kNoSesid, JET_paramOneDatabasePerSession), 1u);
    ASSERT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramOneDatabasePerSession, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(GetIntParam(inst, kNoSesid, JET_paramOneDatabasePerSession), 0u);
    // MaxInstances read through an instance is the global value too.
    EXPECT_EQ(GetIntParam(inst, kNoSesid, JET_paramMaxInstances),
              GetIntParam(kNoInstance, kNoSesid, JET_paramMaxInstances));
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, MaxInstancesCannotChangeOnceTheRunModeIsChosenButTheSameValueIsAccepted) {
    const JET_API_PTR current = GetIntParam(kNoInstance, kNoSesid, JET_paramMaxInstances);
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "mode-chosen"), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxInstances, current + 1, nullptr),
              JET_errAlreadyInitialized);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramMaxInstances, current + 1, nullptr),
              JET_errAlreadyInitialized);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxInstances, current, nullptr), JET_errSuccess);
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramMaxInstances), current);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, OneInstanceModeTargetsTheImplicitInstance) {
    // The implicit instance copies the globals: point them at the temp folder first.
    const std::string folder = dir_.Sub("single");
    const std::string saved_system = GetStringParam(kNoInstance, kNoSesid, JET_paramSystemPath);
    const std::string saved_log = GetStringParam(kNoInstance, kNoSesid, JET_paramLogFilePath);
    const std::string saved_temp = GetStringParam(kNoInstance, kNoSesid, JET_paramTempPath);
    ASSERT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramSystemPath, 0, folder.c_str()), JET_errSuccess);
    ASSERT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramLogFilePath, 0, folder.c_str()), JET_errSuccess);
    ASSERT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramTempPath, 0, folder.c_str()), JET_errSuccess);
    ASSERT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramRecovery, 0, "off"), JET_errSuccess);

    ASSERT_EQ(JetInit(nullptr), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramCommitDefault, JET_bitCommitLazyFlush, nullptr),
              JET_errSuccess);
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramCommitDefault), JET_API_PTR{JET_bitCommitLazyFlush});
    // An init-only parameter now targets a running instance.
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxSessions, 17, nullptr), JET_errAlreadyInitialized);
    JET_SESID s = kNoSesid;
    ASSERT_EQ(JetBeginSession(kNoInstance, &s, nullptr, nullptr), JET_errSuccess);
    EXPECT_EQ(GetIntParam(kNoInstance, s, JET_paramCommitDefault), JET_API_PTR{JET_bitCommitLazyFlush});
    EXPECT_EQ(JetTerm(kNoInstance), JET_errSuccess);

    // The global value was never touched.
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramCommitDefault), 0u);
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramMaxSessions), 16u);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramSystemPath, 0, saved_system.c_str()), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramLogFilePath, 0, saved_log.c_str()), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramTempPath, 0, saved_temp.c_str()), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramRecovery, 0, "On"), JET_errSuccess);
}

// ============================================================================================
// After init (section 3.11 "Set after JetInit")
// ============================================================================================

TEST_F(ParamsTest, InitOnlyParametersFailWithAlreadyInitializedAfterInitButAcceptTheirCurrentValue) {
    JET_INSTANCE inst = Start("after-init");
    for (const Param &p : AllParams()) {
        if (p.global_only || p.settable_after_init) {
            continue;
        }
        if (p.is_string) {
            const std::string current = GetStringParam(inst, kNoSesid, p.id);
            std::string other = p.is_path ? dir_.Sub(std::string("other-") + p.name) : p.other_string;
            if (p.id == JET_paramRecovery) {
                other = Lower(current) == "off" ? "On" : "Off";
            }
            ASSERT_NE(current, other) << p.name;
            EXPECT_EQ(JetSetSystemParameter(&inst, 0, p.id, 0, other.c_str()), JET_errAlreadyInitialized) << p.name;
            EXPECT_EQ(GetStringParam(inst, kNoSesid, p.id), current) << p.name;
            EXPECT_EQ(JetSetSystemParameter(&inst, 0, p.id, 0, current.c_str()), JET_errSuccess) << p.name;
        } else {
            const JET_API_PTR current = GetIntParam(inst, kNoSesid, p.id);
            const JET_API_PTR other = current == p.other_int ? p.default_int : p.other_int;
            EXPECT_EQ(JetSetSystemParameter(&inst, 0, p.id, other, nullptr), JET_errAlreadyInitialized) << p.name;
            EXPECT_EQ(GetIntParam(inst, kNoSesid, p.id), current) << p.name;
            EXPECT_EQ(JetSetSystemParameter(&inst, 0, p.id, current, nullptr), JET_errSuccess) << p.name;
        }
    }
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, ParametersMarkedInitChangeAfterInit) {
    JET_INSTANCE inst = Start("runtime");
    for (const Param &p : AllParams()) {
        if (!p.settable_after_init) {
            continue;
        }
        EXPECT_EQ(JetSetSystemParameter(&inst, 0, p.id, p.other_int, nullptr), JET_errSuccess) << p.name;
        EXPECT_EQ(GetIntParam(inst, kNoSesid, p.id), p.other_int) << p.name;
        EXPECT_EQ(JetSetSystemParameter(&inst, 0, p.id, p.default_int, nullptr), JET_errSuccess) << p.name;
        EXPECT_EQ(GetIntParam(inst, kNoSesid, p.id), p.default_int) << p.name;
    }
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

// ============================================================================================
// Validation
// ============================================================================================

TEST_F(ParamsTest, UnknownParamIdFailsWithInvalidParameter) {
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "unknown"), JET_errSuccess);
    // Holes in esent's numbering, ids of esent's debug builds (36..43), and ids past the last.
    for (JET_ULONG id : std::initializer_list<JET_ULONG>{21, 33, 36, 37, 55, 66, 103, 1000, 100000, 0xFFFFFFFF}) {
        JET_API_PTR value = 0;
        std::array<char, 16> buf{};
        EXPECT_EQ(JetSetSystemParameter(nullptr, 0, id, 1, "x"), JET_errInvalidParameter) << id;
        EXPECT_EQ(JetSetSystemParameter(&inst, 0, id, 1, "x"), JET_errInvalidParameter) << id;
        EXPECT_EQ(JetGetSystemParameter(kNoInstance, 0, id, &value, buf.data(), buf.size()), JET_errInvalidParameter)
            << id;
        EXPECT_EQ(JetGetSystemParameter(inst, 0, id, &value, buf.data(), buf.size()), JET_errInvalidParameter) << id;
    }
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, OutOfRangeValuesFailWithInvalidParameterAndKeepTheOldValue) {
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "range"), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 30001, nullptr), JET_errInvalidParameter);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxSessions, 30001, nullptr), JET_errInvalidParameter);
    EXPECT_EQ(GetIntParam(inst, kNoSesid, JET_paramMaxSessions), 16u);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 30000, nullptr), JET_errSuccess);
    EXPECT_EQ(GetIntParam(inst, kNoSesid, JET_paramMaxSessions), 30000u);

    for (const char *bad : {"", "ab", "abcd"}) {
        EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramBaseName, 0, bad), JET_errInvalidParameter) << bad;
    }
    EXPECT_EQ(GetStringParam(inst, kNoSesid, JET_paramBaseName), "edb");

    // Path limits: 246 characters for the system and log folders, 247 for the temp path.
    for (JET_ULONG id : {JET_paramSystemPath, JET_paramLogFilePath}) {
        const std::string before = GetStringParam(inst, kNoSesid, id);
        EXPECT_EQ(JetSetSystemParameter(&inst, 0, id, 0, PathOfLength(247).c_str()), JET_errInvalidParameter) << id;
        EXPECT_EQ(JetSetSystemParameter(&inst, 0, id, 0, PathOfLength(300).c_str()), JET_errInvalidParameter) << id;
        EXPECT_EQ(GetStringParam(inst, kNoSesid, id), before) << id;
        EXPECT_EQ(JetSetSystemParameter(&inst, 0, id, 0, PathOfLength(246).c_str()), JET_errSuccess) << id;
        EXPECT_EQ(GetStringParam(inst, kNoSesid, id), PathOfLength(246)) << id;
    }
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, PathOfLength(248).c_str()), JET_errInvalidParameter);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, PathOfLength(247).c_str()), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramRecovery, 0, std::string(300, 'o').c_str()),
              JET_errInvalidParameter);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);

    // Global-only ranges (the run mode is "not set" again).
    const JET_API_PTR max_instances = GetIntParam(kNoInstance, kNoSesid, JET_paramMaxInstances);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxInstances, 0, nullptr), JET_errInvalidParameter);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramMaxInstances, 1025, nullptr), JET_errInvalidParameter);
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramMaxInstances), max_instances);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramDatabasePageSize, 1000, nullptr), JET_errInvalidParameter);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramDatabasePageSize, 65536, nullptr), JET_errInvalidParameter);
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramDatabasePageSize), 4096u);
}

TEST_F(ParamsTest, NullStringForAStringParameterFailsWithInvalidParameter) {
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "null-string"), JET_errSuccess);
    for (JET_ULONG id : {JET_paramSystemPath, JET_paramTempPath, JET_paramLogFilePath, JET_paramBaseName,
                             JET_paramEventSource, JET_paramRecovery}) {
        EXPECT_EQ(JetSetSystemParameter(&inst, 0, id, 0, nullptr), JET_errInvalidParameter) << id;
    }
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, StringTruncationReturnsBufferTruncated) {
    std::array<char, 8> buf{};
    buf.fill('#');
    EXPECT_EQ(JetGetSystemParameter(kNoInstance, 0, JET_paramBaseName, nullptr, buf.data(), 2), JET_wrnBufferTruncated);
    EXPECT_STREQ(buf.data(), "e");
    buf.fill('#');
    EXPECT_EQ(JetGetSystemParameter(kNoInstance, 0, JET_paramBaseName, nullptr, buf.data(), 3), JET_wrnBufferTruncated);
    EXPECT_STREQ(buf.data(), "ed");
    buf.fill('#');
    EXPECT_EQ(JetGetSystemParameter(kNoInstance, 0, JET_paramBaseName, nullptr, buf.data(), 1), JET_wrnBufferTruncated);
    EXPECT_EQ(buf[0], '\0');
    buf.fill('#');
    EXPECT_EQ(JetGetSystemParameter(kNoInstance, 0, JET_paramBaseName, nullptr, buf.data(), 4), JET_errSuccess);
    EXPECT_STREQ(buf.data(), "edb");
}

TEST_F(ParamsTest, ZeroSizedOrNullStringBufferFailsWithInvalidParameter) {
    std::array<char, 8> buf{};
    EXPECT_EQ(JetGetSystemParameter(kNoInstance, 0, JET_paramBaseName, nullptr, buf.data(), 0), JET_errInvalidParameter);
    EXPECT_EQ(JetGetSystemParameter(kNoInstance, 0, JET_paramSystemPath, nullptr, buf.data(), 0),
              JET_errInvalidParameter);
    EXPECT_EQ(JetGetSystemParameter(kNoInstance, 0, JET_paramBaseName, nullptr, nullptr, 8), JET_errInvalidParameter);
}

TEST_F(ParamsTest, NullIntegerOutPointerFailsWithInvalidParameter) {
    std::array<char, 8> buf{};
    for (JET_ULONG id : {JET_paramMaxSessions, JET_paramCommitDefault, JET_paramMaxInstances, JET_paramEnableAdvanced}) {
        EXPECT_EQ(JetGetSystemParameter(kNoInstance, 0, id, nullptr, buf.data(), buf.size()), JET_errInvalidParameter)
            << id;
    }
}

TEST_F(ParamsTest, EveryIntegerParameterAcceptsItsRangeAndRefusesValuesOutsideIt) {
    // Global-only parameters first, before the run mode is chosen (MaxInstances and
    // DatabasePageSize cannot change afterwards); then the instance ones, on a created instance.
    JET_INSTANCE inst = kNoInstance;
    for (const bool global : {true, false}) {
        if (!global) {
            ASSERT_EQ(JetCreateInstance(&inst, "limits"), JET_errSuccess);
        }
        JET_INSTANCE *target = global ? nullptr : &inst;
        const JET_INSTANCE read = global ? kNoInstance : inst;
        for (const Limits &l : AllLimits()) {
            const Param &p = Row(l.id);
            if (p.global_only != global) {
                continue;
            }
            EXPECT_EQ(GetIntParam(read, kNoSesid, l.id), p.default_int) << p.name;
            JET_API_PTR current = p.default_int;
            for (const JET_API_PTR v : {l.low, l.high}) {
                EXPECT_EQ(JetSetSystemParameter(target, 0, l.id, v, nullptr), JET_errSuccess) << p.name << " " << v;
                current = v == 0 && l.zero_is_default ? p.default_int : v;
                EXPECT_EQ(GetIntParam(read, kNoSesid, l.id), current) << p.name << " " << v;
            }
            for (const JET_API_PTR v : l.refused) {
                EXPECT_EQ(JetSetSystemParameter(target, 0, l.id, v, nullptr), JET_errInvalidParameter)
                    << p.name << " " << v;
                EXPECT_EQ(GetIntParam(read, kNoSesid, l.id), current) << p.name << " " << v;
            }
            EXPECT_EQ(JetSetSystemParameter(target, 0, l.id, p.default_int, nullptr), JET_errSuccess) << p.name;
        }
    }
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, ZeroSetsTheTupleLimitsBackToTheirDefaults) {  // esent before Vista
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "tuples"), JET_errSuccess);
    for (const JET_ULONG id :
         {JET_paramIndexTuplesLengthMin, JET_paramIndexTuplesLengthMax, JET_paramIndexTuplesToIndexMax}) {
        const Param &p = Row(id);
        ASSERT_EQ(JetSetSystemParameter(&inst, 0, id, p.other_int, nullptr), JET_errSuccess) << p.name;
        ASSERT_EQ(JetSetSystemParameter(&inst, 0, id, 0, nullptr), JET_errSuccess) << p.name;
        EXPECT_EQ(GetIntParam(inst, kNoSesid, id), p.default_int) << p.name;
    }
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, StringParametersAcceptTheirLongestValueAndRefuseALongerOne) {
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "lengths"), JET_errSuccess);
    for (const JET_ULONG id : {JET_paramEventSource, JET_paramEventSourceKey, JET_paramRecovery}) {
        const std::string longest(259, 'o');
        EXPECT_EQ(JetSetSystemParameter(&inst, 0, id, 0, longest.c_str()), JET_errSuccess) << id;
        EXPECT_EQ(GetStringParam(inst, kNoSesid, id), longest) << id;
        EXPECT_EQ(JetSetSystemParameter(&inst, 0, id, 0, std::string(260, 'o').c_str()), JET_errInvalidParameter)
            << id;
        EXPECT_EQ(GetStringParam(inst, kNoSesid, id), longest) << id;
    }
    const JET_ULONG alternate = JET_paramAlternateDatabaseRecoveryPath;
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, alternate, 0, PathOfLength(246).c_str()), JET_errSuccess);
    EXPECT_EQ(GetStringParam(inst, kNoSesid, alternate), PathOfLength(246));
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, alternate, 0, PathOfLength(247).c_str()), JET_errInvalidParameter);
    EXPECT_EQ(GetStringParam(inst, kNoSesid, alternate), PathOfLength(246));
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

// ============================================================================================
// Paths (LC-11; section 5)
// ============================================================================================

TEST_F(ParamsTest, PathsRoundTripAbsoluteWithTheirTrailingSeparator) {  // LC-11
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance2(&inst, "createnoinit", "createnoinit", 0), JET_errSuccess);
    const std::string folder = dir_.Sub("lc11");
    for (JET_ULONG id : {JET_paramLogFilePath, JET_paramSystemPath, JET_paramTempPath}) {
        ASSERT_EQ(JetSetSystemParameter(&inst, 0, id, 0, folder.c_str()), JET_errSuccess) << id;
        EXPECT_EQ(GetStringParam(inst, kNoSesid, id), folder) << id;
    }
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, RelativeFolderPathsBecomeAbsoluteWithATrailingSlash) {
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "relative"), JET_errSuccess);
    const std::string cwd = Cwd();
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, "rel/sys"), JET_errSuccess);
    EXPECT_EQ(GetStringParam(inst, kNoSesid, JET_paramSystemPath), cwd + "rel/sys/");
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, "rel/log/"), JET_errSuccess);
    EXPECT_EQ(GetStringParam(inst, kNoSesid, JET_paramLogFilePath), cwd + "rel/log/");
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, "rel/tmp/"), JET_errSuccess);
    EXPECT_EQ(GetStringParam(inst, kNoSesid, JET_paramTempPath), cwd + "rel/tmp/");
    // An absolute folder without its trailing separator gets one.
    const std::string folder = dir_.Sub("abs");
    const std::string no_slash = folder.substr(0, folder.size() - 1);
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, no_slash.c_str()), JET_errSuccess);
    EXPECT_EQ(GetStringParam(inst, kNoSesid, JET_paramLogFilePath), folder);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, AlternateDatabaseRecoveryPathIsEmptyUntilSetAndAbsoluteOnceSet) {
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "alternate"), JET_errSuccess);
    const JET_ULONG id = JET_paramAlternateDatabaseRecoveryPath;
    EXPECT_EQ(GetStringParam(inst, kNoSesid, id), "");
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, id, 0, "rel\\alt"), JET_errSuccess);
    EXPECT_EQ(GetStringParam(inst, kNoSesid, id), Cwd() + "rel/alt/");
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, id, 0, ""), JET_errSuccess);
    EXPECT_EQ(GetStringParam(inst, kNoSesid, id), "");
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

// ============================================================================================
// Recovery, EnableAdvanced, sessions
// ============================================================================================

TEST_F(ParamsTest, RecoveryAcceptsOffInAnyCase) {
    for (const char *value : {"off", "OFF", "Off", "oFf"}) {
        JET_INSTANCE inst = kNoInstance;
        ASSERT_EQ(JetCreateInstance(&inst, "recovery"), JET_errSuccess);
        const std::string folder = dir_.Sub(std::string("recovery-") + value);
        ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, folder.c_str()), JET_errSuccess);
        ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, folder.c_str()), JET_errSuccess);
        ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, folder.c_str()), JET_errSuccess);
        ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramMaxTemporaryTables, 0, nullptr), JET_errSuccess);
        EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramRecovery, 0, value), JET_errSuccess) << value;
        EXPECT_EQ(Lower(GetStringParam(inst, kNoSesid, JET_paramRecovery)), "off") << value;
        ASSERT_EQ(JetInit(&inst), JET_errSuccess) << value;
        JET_SESID s = kNoSesid;
        ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
        ASSERT_EQ(JetBeginTransaction(s), JET_errSuccess);
        ASSERT_EQ(JetCommitTransaction(s, 0), JET_errSuccess);
        // Recovery off: no checkpoint and no logs.
        for (const auto &entry : fs::directory_iterator(folder)) {
            const std::string ext = entry.path().extension().string();
            EXPECT_TRUE(ext != ".chk" && ext != ".log" && ext != ".jrs") << value << ": " << entry.path();
        }
        EXPECT_EQ(JetTerm(inst), JET_errSuccess);
    }
}

TEST_F(ParamsTest, RecoveryAcceptsOnInAnyCase) {
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "recovery-on"), JET_errSuccess);
    for (const char *value : {"on", "ON", "On"}) {
        EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramRecovery, 0, value), JET_errSuccess) << value;
        EXPECT_EQ(Lower(GetStringParam(inst, kNoSesid, JET_paramRecovery)), "on") << value;
    }
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, EnableAdvancedZeroSilentlyIgnoresMaxSessions) {
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "advanced"), JET_errSuccess);
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramEnableAdvanced, 0, nullptr), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 50, nullptr), JET_errSuccess);
    EXPECT_EQ(GetIntParam(inst, kNoSesid, JET_paramMaxSessions), 16u);
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramEnableAdvanced, 1, nullptr), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 50, nullptr), JET_errSuccess);
    EXPECT_EQ(GetIntParam(inst, kNoSesid, JET_paramMaxSessions), 50u);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, EnableAdvancedZeroSilentlyIgnoresEveryAdvancedInstanceParameter) {
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "advanced-all"), JET_errSuccess);
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramEnableAdvanced, 0, nullptr), JET_errSuccess);
    for (const JET_ULONG id :
         {JET_paramMaxSessions, JET_paramMaxOpenTables, JET_paramPreferredMaxOpenTables, JET_paramMaxCursors,
          JET_paramMaxVerPages, JET_paramLogBuffers, JET_paramWaitLogFlush, JET_paramLogCheckpointPeriod,
          JET_paramLogWaitingUserMax, JET_paramDbExtensionSize, JET_paramPageFragment, JET_paramPreferredVerPages,
          JET_paramLogFileCreateAsynch, JET_paramVersionStoreTaskQueueMax}) {
        const Param &p = Row(id);
        EXPECT_EQ(JetSetSystemParameter(&inst, 0, id, p.other_int, nullptr), JET_errSuccess) << p.name;
        EXPECT_EQ(GetIntParam(inst, kNoSesid, id), p.default_int) << p.name;
    }
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, SessionTargetedCommitDefaultSetsOnlyThatSession) {
    JET_INSTANCE inst = Start("sesid-target");
    JET_SESID s1 = kNoSesid;
    JET_SESID s2 = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &s1, nullptr, nullptr), JET_errSuccess);
    ASSERT_EQ(JetBeginSession(inst, &s2, nullptr, nullptr), JET_errSuccess);
    // pinstance is ignored when a session is given.
    JET_INSTANCE bogus = 0x12345678;
    EXPECT_EQ(JetSetSystemParameter(&bogus, s1, JET_paramCommitDefault, JET_bitCommitLazyFlush, nullptr),
              JET_errSuccess);
    EXPECT_EQ(GetIntParam(kNoInstance, s1, JET_paramCommitDefault), JET_API_PTR{JET_bitCommitLazyFlush});
    EXPECT_EQ(GetIntParam(inst, s2, JET_paramCommitDefault), 0u);
    EXPECT_EQ(GetIntParam(inst, kNoSesid, JET_paramCommitDefault), 0u);
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramCommitDefault), 0u);
    // The session-targeted read of an instance parameter reads the session's instance.
    EXPECT_EQ(GetIntParam(kNoInstance, s1, JET_paramMaxTemporaryTables), 0u);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, NewSessionsInheritTheInstanceCommitDefault) {
    JET_INSTANCE inst = Start("inherit");
    JET_SESID before = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &before, nullptr, nullptr), JET_errSuccess);
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramCommitDefault, JET_bitCommitLazyFlush, nullptr),
              JET_errSuccess);
    JET_SESID after = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &after, nullptr, nullptr), JET_errSuccess);
    EXPECT_EQ(GetIntParam(kNoInstance, after, JET_paramCommitDefault), JET_API_PTR{JET_bitCommitLazyFlush});
    JET_SESID dup = kNoSesid;
    ASSERT_EQ(JetDupSession(before, &dup), JET_errSuccess);
    EXPECT_EQ(GetIntParam(kNoInstance, dup, JET_paramCommitDefault), JET_API_PTR{JET_bitCommitLazyFlush});
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, BadSesidTargetFailsWithInvalidSesidOrNotInitialized) {
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0xdead0001, JET_paramCommitDefault, 0, nullptr), JET_errNotInitialized);
    JET_API_PTR value = 0;
    EXPECT_EQ(JetGetSystemParameter(kNoInstance, 0xdead0001, JET_paramCommitDefault, &value, nullptr, 0),
              JET_errNotInitialized);
    JET_INSTANCE inst = Start("bad-sesid");
    JET_SESID s = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    ASSERT_EQ(JetEndSession(s, 0), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(nullptr, s, JET_paramCommitDefault, 0, nullptr), JET_errInvalidSesid);
    EXPECT_EQ(JetGetSystemParameter(kNoInstance, s, JET_paramCommitDefault, &value, nullptr, 0), JET_errInvalidSesid);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0xdead0001, JET_paramCommitDefault, 0, nullptr), JET_errInvalidSesid);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

// ============================================================================================
// Parameters passed by address: ErrorToString, UnicodeIndexDefault
// ============================================================================================

// JET_paramErrorToString's text for `code` (as JetGetSystemParameter's integer argument).
std::string ErrorString(JET_API_PTR code, JET_INSTANCE inst = kNoInstance) {
    std::array<char, 256> buf{};
    EXPECT_EQ(JetGetSystemParameter(inst, 0, JET_paramErrorToString, &code, buf.data(), buf.size()), JET_errSuccess)
        << code;
    return std::string(buf.data());
}

JET_API_PTR SignExtended(JET_ERR code) { return static_cast<JET_API_PTR>(static_cast<std::intptr_t>(code)); }

TEST_F(ParamsTest, ErrorToStringGivesTheNameAndADescription) {
    EXPECT_EQ(ErrorString(SignExtended(JET_errSuccess)), "JET_errSuccess,Successful Operation");
    EXPECT_EQ(ErrorString(SignExtended(JET_errInvalidParameter)), "JET_errInvalidParameter,Invalid parameter");
    EXPECT_EQ(ErrorString(SignExtended(JET_errDiskIO)), "JET_errDiskIO,Disk IO");
    EXPECT_EQ(ErrorString(SignExtended(JET_wrnBufferTruncated)), "JET_wrnBufferTruncated,Buffer truncated");
    // esent's JET_ERR is 32-bit: a binding may pass it zero-extended.
    EXPECT_EQ(ErrorString(static_cast<std::uint32_t>(SignExtended(JET_errInvalidParameter))),
              "JET_errInvalidParameter,Invalid parameter");
    EXPECT_EQ(ErrorString(SignExtended(-4242)), "Unknown Error,Unknown Error");
    // A global parameter: an instance target reads the same.
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "error-text"), JET_errSuccess);
    EXPECT_EQ(ErrorString(SignExtended(JET_errSuccess), inst), "JET_errSuccess,Successful Operation");
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, ErrorToStringIsReadOnlyAndChecksItsBuffers) {
    JET_API_PTR code = SignExtended(JET_errInvalidParameter);
    std::array<char, 8> small{};
    EXPECT_EQ(JetGetSystemParameter(kNoInstance, 0, JET_paramErrorToString, &code, small.data(), small.size()),
              JET_wrnBufferTruncated);
    EXPECT_STREQ(small.data(), "JET_err");
    EXPECT_EQ(JetGetSystemParameter(kNoInstance, 0, JET_paramErrorToString, nullptr, small.data(), small.size()),
              JET_errInvalidParameter);
    EXPECT_EQ(JetGetSystemParameter(kNoInstance, 0, JET_paramErrorToString, &code, nullptr, small.size()),
              JET_errInvalidParameter);
    EXPECT_EQ(JetGetSystemParameter(kNoInstance, 0, JET_paramErrorToString, &code, small.data(), 0),
              JET_errInvalidParameter);
    EXPECT_EQ(JetSetSystemParameter(nullptr, 0, JET_paramErrorToString, code, "x"), JET_errInvalidParameter);
}

TEST_F(ParamsTest, UnicodeIndexDefaultRoundTripsThroughTheAddressesItIsGiven) {
    alignas(JET_API_PTR) JET_UNICODEINDEX got{};
    const auto get = [&got](JET_INSTANCE inst, JET_ULONG cb) {
        got = JET_UNICODEINDEX{};
        return JetGetSystemParameter(inst, 0, JET_paramUnicodeIndexDefault, reinterpret_cast<JET_API_PTR *>(&got),
                                     nullptr, cb);
    };
    // Default: U.S. English, LCMAP_SORTKEY | NORM_IGNORECASE | NORM_IGNOREKANATYPE | NORM_IGNOREWIDTH.
    ASSERT_EQ(get(kNoInstance, sizeof(JET_UNICODEINDEX)), JET_errSuccess);
    EXPECT_EQ(got.lcid, 1033u);
    EXPECT_EQ(got.dwMapFlags, 0x00030401u);

    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "unicode-default"), JET_errSuccess);
    JET_UNICODEINDEX french{};
    french.lcid = 1036;
    french.dwMapFlags = 0x00000401;
    ASSERT_EQ(JetSetSystemParameter(&inst, 0, JET_paramUnicodeIndexDefault, reinterpret_cast<JET_API_PTR>(&french),
                                    nullptr),
              JET_errSuccess);
    ASSERT_EQ(get(inst, sizeof(JET_UNICODEINDEX)), JET_errSuccess);
    EXPECT_EQ(got.lcid, 1036u);
    EXPECT_EQ(got.dwMapFlags, 0x00000401u);
    ASSERT_EQ(get(kNoInstance, sizeof(JET_UNICODEINDEX)), JET_errSuccess);
    EXPECT_EQ(got.lcid, 1033u);  // the global default is untouched

    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramUnicodeIndexDefault, 0, nullptr), JET_errInvalidParameter);
    EXPECT_EQ(get(inst, sizeof(JET_UNICODEINDEX) - 1), JET_errInvalidParameter);
    EXPECT_EQ(JetGetSystemParameter(inst, 0, JET_paramUnicodeIndexDefault, nullptr, nullptr, sizeof(JET_UNICODEINDEX)),
              JET_errInvalidParameter);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

// ============================================================================================
// Parameters without effect in jetstore; bindings
// ============================================================================================

TEST_F(ParamsTest, ParametersEsentAcceptsAreAcceptedEvenWithoutEffectInJetstore) {  // issue 11
    const std::initializer_list<JET_ULONG> ids = {
        JET_paramCheckpointDepthMax,       JET_paramDbExtensionSize,   JET_paramEnableOnlineDefrag,
        JET_paramEventLoggingLevel,        JET_paramEventSourceKey,    JET_paramPreferredVerPages,
        JET_paramVersionStoreTaskQueueMax, JET_paramCleanupMismatchedLogFiles};
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "no-effect"), JET_errSuccess);
    for (JET_INSTANCE *target : {&inst, static_cast<JET_INSTANCE *>(nullptr)}) {
        const JET_INSTANCE read = target == nullptr ? kNoInstance : inst;
        for (const JET_ULONG id : ids) {
            const Param &p = Row(id);
            if (p.is_string) {
                EXPECT_EQ(JetSetSystemParameter(target, 0, id, 0, p.other_string), JET_errSuccess) << p.name;
                EXPECT_EQ(GetStringParam(read, kNoSesid, id), p.other_string) << p.name;
            } else {
                EXPECT_EQ(JetSetSystemParameter(target, 0, id, p.other_int, nullptr), JET_errSuccess) << p.name;
                EXPECT_EQ(GetIntParam(read, kNoSesid, id), p.other_int) << p.name;
            }
        }
    }
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
    for (const JET_ULONG id : ids) {  // the global defaults back
        const Param &p = Row(id);
        EXPECT_EQ(JetSetSystemParameter(nullptr, 0, id, p.default_int, p.default_string), JET_errSuccess) << p.name;
    }
}

TEST_F(ParamsTest, ManagedEsentVersionProbeValuesAreAccepted) {
    // ManagedEsent sizes a throwaway instance with these before JetInit to read the version.
    const std::string folder = dir_.Sub("probe");
    JET_INSTANCE inst = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&inst, "probe"), JET_errSuccess);
    for (const JET_ULONG id : {JET_paramSystemPath, JET_paramLogFilePath, JET_paramTempPath}) {
        ASSERT_EQ(JetSetSystemParameter(&inst, 0, id, 0, folder.c_str()), JET_errSuccess) << id;
    }
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramRecovery, 0, "off"), JET_errSuccess);
    const std::pair<JET_ULONG, JET_API_PTR> probe[] = {
        {JET_paramNoInformationEvent, 1}, {JET_paramMaxTemporaryTables, 0}, {JET_paramMaxCursors, 16},
        {JET_paramMaxOpenTables, 16},     {JET_paramMaxVerPages, 4},        {JET_paramMaxSessions, 1}};
    for (const auto &[id, value] : probe) {
        EXPECT_EQ(JetSetSystemParameter(&inst, 0, id, value, nullptr), JET_errSuccess) << id;
        EXPECT_EQ(GetIntParam(inst, kNoSesid, id), value) << id;
    }
    ASSERT_EQ(JetInit(&inst), JET_errSuccess);
    JET_SESID s = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    JET_ULONG version = 0;
    EXPECT_EQ(JetGetVersion(s, &version), JET_errSuccess);
    EXPECT_NE(version, 0u);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

// ============================================================================================
// Instance handle and state
// ============================================================================================

TEST_F(ParamsTest, InvalidInstanceHandleFailsWithInvalidInstance) {
    JET_INSTANCE anchor = kNoInstance;  // multi-instance mode
    ASSERT_EQ(JetCreateInstance(&anchor, "anchor"), JET_errSuccess);
    JET_INSTANCE gone = kNoInstance;
    ASSERT_EQ(JetCreateInstance(&gone, "gone"), JET_errSuccess);
    ASSERT_EQ(JetTerm(gone), JET_errSuccess);
    JET_INSTANCE bogus = 0x12345678;
    JET_API_PTR value = 0;
    for (JET_INSTANCE bad : {gone, bogus}) {
        JET_INSTANCE target = bad;
        EXPECT_EQ(JetSetSystemParameter(&target, 0, JET_paramMaxSessions, 20, nullptr), JET_errInvalidInstance) << bad;
        EXPECT_EQ(JetGetSystemParameter(bad, 0, JET_paramMaxSessions, &value, nullptr, 0), JET_errInvalidInstance)
            << bad;
    }
    EXPECT_EQ(GetIntParam(kNoInstance, kNoSesid, JET_paramMaxSessions), 16u);
    EXPECT_EQ(JetTerm(anchor), JET_errSuccess);
}

TEST_F(ParamsTest, StopRequestedInstanceRefusesParametersWithClientRequestToStop) {
    JET_INSTANCE inst = Start("stopped");
    JET_SESID s = kNoSesid;
    ASSERT_EQ(JetBeginSession(inst, &s, nullptr, nullptr), JET_errSuccess);
    ASSERT_EQ(JetStopServiceInstance(inst), JET_errSuccess);
    JET_API_PTR value = 0;
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramCommitDefault, JET_bitCommitLazyFlush, nullptr),
              JET_errClientRequestToStopJetService);
    EXPECT_EQ(JetGetSystemParameter(inst, 0, JET_paramCommitDefault, &value, nullptr, 0),
              JET_errClientRequestToStopJetService);
    EXPECT_EQ(JetSetSystemParameter(nullptr, s, JET_paramCommitDefault, JET_bitCommitLazyFlush, nullptr),
              JET_errClientRequestToStopJetService);
    EXPECT_EQ(JetGetSystemParameter(kNoInstance, s, JET_paramCommitDefault, &value, nullptr, 0),
              JET_errClientRequestToStopJetService);
    // Global values are not the instance's: still fine.
    EXPECT_EQ(JetGetSystemParameter(kNoInstance, 0, JET_paramCommitDefault, &value, nullptr, 0), JET_errSuccess);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

TEST_F(ParamsTest, InstanceTargetedParametersReportTheInstanceState) {
    JET_API_PTR value = 0;
    // Restoring (through the restore bracket on a created instance).
    JET_INSTANCE created = Create("restoring");
    ASSERT_EQ(seam::BeginRestore(created), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(&created, 0, JET_paramMaxSessions, 20, nullptr), JET_errRestoreInProgress);
    EXPECT_EQ(JetGetSystemParameter(created, 0, JET_paramMaxSessions, &value, nullptr, 0), JET_errRestoreInProgress);
    ASSERT_EQ(seam::EndRestore(created), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(&created, 0, JET_paramMaxSessions, 20, nullptr), JET_errSuccess);
    EXPECT_EQ(JetTerm(created), JET_errSuccess);

    // Initializing and Terminating (forced on a running instance).
    JET_INSTANCE inst = Start("states");
    std::uint64_t saved = seam::ForceState(inst, seam::State::kInitializing);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramCommitDefault, 0, nullptr), JET_errInitInProgress);
    EXPECT_EQ(JetGetSystemParameter(inst, 0, JET_paramCommitDefault, &value, nullptr, 0), JET_errInitInProgress);
    seam::RestoreState(inst, saved);
    saved = seam::ForceState(inst, seam::State::kTerminating);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramCommitDefault, 0, nullptr), JET_errTermInProgress);
    EXPECT_EQ(JetGetSystemParameter(inst, 0, JET_paramCommitDefault, &value, nullptr, 0), JET_errTermInProgress);
    seam::RestoreState(inst, saved);

    // Failed, both causes.
    ASSERT_EQ(seam::FailInstance(inst, JET_errDiskIO), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramCommitDefault, 0, nullptr), JET_errInstanceUnavailable);
    EXPECT_EQ(JetGetSystemParameter(inst, 0, JET_paramCommitDefault, &value, nullptr, 0), JET_errInstanceUnavailable);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
    inst = Start("states-ldf");
    ASSERT_EQ(seam::FailInstance(inst, JET_errLogDiskFull), JET_errSuccess);
    EXPECT_EQ(JetSetSystemParameter(&inst, 0, JET_paramCommitDefault, 0, nullptr),
              JET_errInstanceUnavailableDueToFatalLogDiskFull);
    EXPECT_EQ(JetTerm(inst), JET_errSuccess);
}

}  // namespace
