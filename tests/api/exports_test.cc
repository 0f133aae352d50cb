// The version JetGetVersion reports is a promise to bindings (ManagedEsent picks its entry points by
// its build number): every function esent 5.2.3790's bindings call on their pre-Vista path must be
// exported by each shared library the build makes (libjetstore.so and libesent.so; meson passes
// their paths in JETSTORE_SHARED_LIBS). A missing export fails only when called there
// (EntryPointNotFoundException), so it is checked here by name, in the library as it is loaded.
//
// Specs: esent-windows-abi.md "How ManagedEsent finds and drives the library"; issue 11.

#include <esent.h>

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

// The pre-Vista path's functions (esent-windows-abi.md), the lifecycle, session, transaction and
// data API included.
const std::vector<std::string> kPreVista = {
    "JetAddColumn", "JetAttachDatabase", "JetAttachDatabase2", "JetBackupInstance", "JetBeginExternalBackupInstance",
    "JetBeginSession", "JetBeginTransaction", "JetBeginTransaction2", "JetCloseDatabase", "JetCloseFileInstance",
    "JetCloseTable", "JetCommitTransaction", "JetCompact", "JetComputeStats", "JetCreateDatabase",
    "JetCreateDatabase2", "JetCreateIndex", "JetCreateIndex2", "JetCreateInstance", "JetCreateInstance2",
    "JetCreateTable", "JetCreateTableColumnIndex", "JetCreateTableColumnIndex2", "JetDefragment", "JetDefragment2",
    "JetDelete", "JetDeleteColumn", "JetDeleteColumn2", "JetDeleteIndex", "JetDeleteTable", "JetDetachDatabase",
    "JetDetachDatabase2", "JetDupCursor", "JetDupSession", "JetEndExternalBackupInstance",
    "JetEndExternalBackupInstance2", "JetEndSession", "JetEnumerateColumns", "JetEscrowUpdate", "JetFreeBuffer",
    "JetGetAttachInfoInstance", "JetGetBookmark", "JetGetColumnInfo", "JetGetCurrentIndex", "JetGetCursorInfo",
    "JetGetDatabaseFileInfo", "JetGetDatabaseInfo", "JetGetIndexInfo", "JetGetInstanceInfo", "JetGetLock",
    "JetGetLogInfoInstance", "JetGetLS", "JetGetObjectInfo", "JetGetRecordPosition", "JetGetSecondaryIndexBookmark",
    "JetGetSystemParameter", "JetGetTableColumnInfo", "JetGetTableIndexInfo", "JetGetTableInfo",
    "JetGetTruncateLogInfoInstance", "JetGetVersion", "JetGotoBookmark", "JetGotoPosition",
    "JetGotoSecondaryIndexBookmark", "JetGrowDatabase", "JetIdle", "JetIndexRecordCount", "JetIndexRecordCount2",
    "JetInit", "JetInit2", "JetIntersectIndexes", "JetMakeKey", "JetMove", "JetOpenDatabase", "JetOpenFileInstance",
    "JetOpenTable", "JetOpenTempTable", "JetOpenTempTable2", "JetOpenTempTable3", "JetOSSnapshotAbort",
    "JetOSSnapshotFreeze", "JetOSSnapshotPrepare", "JetOSSnapshotThaw", "JetPrepareUpdate", "JetReadFileInstance",
    "JetRegisterCallback", "JetRenameColumn", "JetRenameTable", "JetResetSessionContext", "JetResetTableSequential",
    "JetRestoreInstance", "JetRetrieveColumn", "JetRetrieveColumns", "JetRetrieveKey", "JetRollback", "JetSeek",
    "JetSetColumn", "JetSetColumnDefaultValue", "JetSetColumns", "JetSetCurrentIndex", "JetSetCurrentIndex2",
    "JetSetCurrentIndex3", "JetSetCurrentIndex4", "JetSetDatabaseSize", "JetSetIndexRange", "JetSetLS",
    "JetSetSessionContext", "JetSetSystemParameter", "JetSetTableSequential", "JetStopBackupInstance",
    "JetStopService", "JetStopServiceInstance", "JetTerm", "JetTerm2", "JetTruncateLogInstance",
    "JetUnregisterCallback", "JetUpdate", "JetUpdate2",
};

TEST(ExportsTest, EveryFunctionOfTheReportedLevelIsExported) {
    const char* env = std::getenv("JETSTORE_SHARED_LIBS");
    ASSERT_NE(nullptr, env) << "run through meson test";
    std::vector<std::string> libs;
    std::string rest(env);
    for (std::size_t at = 0; at <= rest.size();) {
        const std::size_t colon = std::min(rest.find(':', at), rest.size());
        if (colon > at) libs.push_back(rest.substr(at, colon - at));
        at = colon + 1;
    }
    ASSERT_FALSE(libs.empty());
    for (const std::string& lib : libs) {
        // Kept loaded (RTLD_NODELETE): the library's process-lifetime objects stay reachable, so
        // LeakSanitizer does not count them when the test ends.
        void* handle = ::dlopen(lib.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
        ASSERT_NE(nullptr, handle) << lib << ": " << ::dlerror();
        std::string missing;
        for (const std::string& name : kPreVista) {
            if (::dlsym(handle, name.c_str()) == nullptr) missing += name + " ";
        }
        EXPECT_EQ("", missing) << lib << " does not export them";
        // The check itself can fail: a name the library does not export is not found.
        EXPECT_EQ(nullptr, ::dlsym(handle, "JetNoSuchFunction")) << lib;
        EXPECT_EQ(nullptr, ::dlsym(handle, "JetGetThreadStats")) << lib << ": a Vista function";
    }
}

TEST(ExportsTest, TheReportedVersionIsServer2003) {
    // Read without an instance's session: the value is a constant of the library, so a session of
    // a throwaway instance (ManagedEsent's own probe does the same) asks for it.
    JET_INSTANCE inst = 0;
    ASSERT_EQ(JET_errSuccess, JetCreateInstance(&inst, "exports_test"));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramRecovery, 0, "off"));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramMaxTemporaryTables, 0, nullptr));
    const std::string dir = ::testing::TempDir();
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, dir.c_str()));
    ASSERT_EQ(JET_errSuccess, JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, dir.c_str()));
    ASSERT_EQ(JET_errSuccess, JetInit(&inst));
    JET_SESID s = JET_sesidNil;
    ASSERT_EQ(JET_errSuccess, JetBeginSession(inst, &s, nullptr, nullptr));
    JET_ULONG version = 0;
    ASSERT_EQ(JET_errSuccess, JetGetVersion(s, &version));
    EXPECT_EQ(0x520ECE00u, version);
    EXPECT_EQ(JET_errSuccess, JetEndSession(s, 0));
    EXPECT_EQ(JET_errSuccess, JetTerm(inst));
}

}  // namespace
