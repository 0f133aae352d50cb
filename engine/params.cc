#include "engine/params.h"

#include <jetstore/errors.hpp>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <utility>

namespace jetstore::engine {
namespace {

using enum ParamType;
using enum ParamScope;

// Never renumber: ids are esent's. Ranges and defaults are esent's for Windows Server 2003 (esent
// 5.2), the feature level jetstore reports (DECISIONS.md 10), from the "Extensible Storage Engine
// System Parameters" pages; esent.h says which of them have an effect in jetstore. In id order.
constexpr std::int64_t kIntMax = INT_MAX;
constexpr std::int64_t kUlongMax = 0xFFFFFFFF;
// JET_UNICODEINDEX{1033, LCMAP_SORTKEY | NORM_IGNORECASE | NORM_IGNOREKANATYPE | NORM_IGNOREWIDTH}.
constexpr std::int64_t kUnicodeIndexDefault = (std::int64_t{1033} << 32) | 0x00030401;

//  id  name  type  scope  init (settable after JetInit)  adv (ignored while EnableAdvanced is 0)  min  max
//  int default  str default
constexpr ParamDef kParams[kParamCount] = {
    {JET_paramSystemPath, "SystemPath", kPath, kInstance, false, false, 0, 246, 0, "./"},
    {JET_paramTempPath, "TempPath", kPath, kInstance, false, false, 0, 247, 0, "tmp.edb"},
    {JET_paramLogFilePath, "LogFilePath", kPath, kInstance, false, false, 0, 246, 0, "./"},
    {JET_paramBaseName, "BaseName", kString, kInstance, false, false, 3, 3, 0, "edb"},
    {JET_paramEventSource, "EventSource", kString, kInstance, false, false, 0, 259, 0, ""},
    {JET_paramMaxSessions, "MaxSessions", kInt, kInstance, false, true, 0, 30000, 16, nullptr},
    {JET_paramMaxOpenTables, "MaxOpenTables", kInt, kInstance, false, true, 0, kIntMax, 300, nullptr},
    {JET_paramPreferredMaxOpenTables, "PreferredMaxOpenTables", kInt, kInstance, false, true, 0, kIntMax, 0, nullptr},
    {JET_paramMaxCursors, "MaxCursors", kInt, kInstance, false, true, 0, kIntMax, 1024, nullptr},
    {JET_paramMaxVerPages, "MaxVerPages", kInt, kInstance, false, true, 1, kIntMax, 64, nullptr},
    {JET_paramMaxTemporaryTables, "MaxTemporaryTables", kInt, kInstance, false, false, 0, kIntMax, 20, nullptr},
    {JET_paramLogFileSize, "LogFileSize", kInt, kInstance, false, false, 32, 1048576, 5120, nullptr},
    {JET_paramLogBuffers, "LogBuffers", kInt, kInstance, false, true, 16, kIntMax, 126, nullptr},
    {JET_paramWaitLogFlush, "WaitLogFlush", kInt, kInstance, true, true, 0, kIntMax, 0, nullptr},
    {JET_paramLogCheckpointPeriod, "LogCheckpointPeriod", kInt, kInstance, false, true, 0, kIntMax, 1024, nullptr},
    {JET_paramLogWaitingUserMax, "LogWaitingUserMax", kInt, kInstance, false, true, 0, kIntMax, 3, nullptr},
    {JET_paramCommitDefault, "CommitDefault", kGrbit, kInstance, true, false, 0, JET_bitCommitLazyFlush, 0, nullptr},
    {JET_paramCircularLog, "CircularLog", kBool, kInstance, false, false, 0, 1, 0, nullptr},
    {JET_paramDbExtensionSize, "DbExtensionSize", kInt, kInstance, false, true, 1, kIntMax, 256, nullptr},
    {JET_paramPageTempDBMin, "PageTempDBMin", kInt, kInstance, false, false, 0, kIntMax, 0, nullptr},
    {JET_paramPageFragment, "PageFragment", kInt, kInstance, false, true, 0, kIntMax, 8, nullptr},
    {JET_paramBatchIOBufferMax, "BatchIOBufferMax", kInt, kGlobal, false, true, 0, kIntMax, 256, nullptr},
    {JET_paramCacheSizeMax, "CacheSizeMax", kInt, kGlobal, true, true, 1, kUlongMax, 512, nullptr},
    {JET_paramCheckpointDepthMax, "CheckpointDepthMax", kInt, kInstance, false, false, 0, kIntMax, 20 << 20,
     nullptr},
    {JET_paramLRUKCorrInterval, "LRUKCorrInterval", kInt, kGlobal, false, true, 0, kIntMax, 128000, nullptr},
    {JET_paramLRUKHistoryMax, "LRUKHistoryMax", kInt, kGlobal, false, true, 0, 4194303, 1024, nullptr},
    {JET_paramLRUKPolicy, "LRUKPolicy", kInt, kGlobal, false, true, 1, 2, 2, nullptr},
    {JET_paramLRUKTimeout, "LRUKTimeout", kInt, kGlobal, false, true, 1, kIntMax, 100, nullptr},
    {JET_paramLRUKTrxCorrInterval, "LRUKTrxCorrInterval", kInt, kGlobal, false, true, 0, kIntMax, 0, nullptr},
    {JET_paramOutstandingIOMax, "OutstandingIOMax", kInt, kGlobal, false, true, 8, kIntMax, 64, nullptr},
    {JET_paramStartFlushThreshold, "StartFlushThreshold", kInt, kGlobal, true, true, 1, kUlongMax, 5, nullptr},
    {JET_paramStopFlushThreshold, "StopFlushThreshold", kInt, kGlobal, true, true, 1, kUlongMax, 10, nullptr},
    {JET_paramRecovery, "Recovery", kString, kInstance, false, false, 0, 259, 0, "On"},
    {JET_paramEnableOnlineDefrag, "EnableOnlineDefrag", kGrbit, kInstance, true, false, 0, JET_OnlineDefragAll,
     JET_OnlineDefragAll, nullptr},
    {JET_paramCacheSize, "CacheSize", kInt, kGlobal, true, true, 0, kUlongMax, 0, nullptr},
    {JET_paramCheckFormatWhenOpenFail, "CheckFormatWhenOpenFail", kBool, kInstance, false, false, 0, 1, 1, nullptr},
    {JET_paramEnableIndexChecking, "EnableIndexChecking", kBool, kInstance, false, false, 0, 1, 0, nullptr},
    {JET_paramEnableTempTableVersioning, "EnableTempTableVersioning", kBool, kInstance, false, false, 0, 1, 1, nullptr},
    {JET_paramIgnoreLogVersion, "IgnoreLogVersion", kBool, kInstance, false, false, 0, 1, 0, nullptr},
    {JET_paramDeleteOldLogs, "DeleteOldLogs", kBool, kInstance, false, false, 0, 1, 1, nullptr},
    {JET_paramEventSourceKey, "EventSourceKey", kString, kInstance, false, false, 0, 259, 0, ""},
    {JET_paramNoInformationEvent, "NoInformationEvent", kBool, kInstance, true, false, 0, 1, 0, nullptr},
    {JET_paramEventLoggingLevel, "EventLoggingLevel", kInt, kInstance, false, false, JET_EventLoggingDisable,
     JET_EventLoggingLevelMax, JET_EventLoggingLevelMax, nullptr},
    {JET_paramDeleteOutOfRangeLogs, "DeleteOutOfRangeLogs", kBool, kInstance, false, false, 0, 1, 0, nullptr},
    {JET_paramAccessDeniedRetryPeriod, "AccessDeniedRetryPeriod", kInt, kGlobal, true, false, 0, kUlongMax, 10000,
     nullptr},
    {JET_paramEnableIndexCleanup, "EnableIndexCleanup", kBool, kInstance, false, false, 0, 1, 1, nullptr},
    {JET_paramCacheSizeMin, "CacheSizeMin", kInt, kGlobal, true, true, 1, kUlongMax, 1, nullptr},
    {JET_paramPreferredVerPages, "PreferredVerPages", kInt, kInstance, true, true, 0, kIntMax, 0, nullptr},
    {JET_paramDatabasePageSize, "DatabasePageSize", kInt, kGlobal, false, false, 2048, 32768, 4096, nullptr},
    {JET_paramDisableCallbacks, "DisableCallbacks", kBool, kInstance, false, false, 0, 1, 0, nullptr},
    {JET_paramLogFileCreateAsynch, "LogFileCreateAsynch", kBool, kInstance, false, true, 0, 1, 1, nullptr},
    {JET_paramErrorToString, "ErrorToString", kErrorText, kGlobal, false, false, 0, 0, 0, nullptr},
    {JET_paramZeroDatabaseDuringBackup, "ZeroDatabaseDuringBackup", kBool, kInstance, false, false, 0, 1, 0, nullptr},
    {JET_paramUnicodeIndexDefault, "UnicodeIndexDefault", kUnicodeIndex, kInstance, false, false, 0, 0,
     kUnicodeIndexDefault, nullptr},
    {JET_paramRuntimeCallback, "RuntimeCallback", kPointer, kInstance, false, false, 0, 0, 0, nullptr},
    {JET_paramCleanupMismatchedLogFiles, "CleanupMismatchedLogFiles", kBool, kInstance, false, false, 0, 1, 0, nullptr},
    {JET_paramRecordUpgradeDirtyLevel, "RecordUpgradeDirtyLevel", kInt, kGlobal, true, true, 0, 3, 1, nullptr},
    {JET_paramGlobalMinVerPages, "GlobalMinVerPages", kInt, kGlobal, false, true, 1, kIntMax, 64, nullptr},
    {JET_paramOSSnapshotTimeout, "OSSnapshotTimeout", kInt, kGlobal, true, false, 0, kIntMax, 20000, nullptr},
    {JET_paramExceptionAction, "ExceptionAction", kInt, kGlobal, false, false, JET_ExceptionMsgBox, JET_ExceptionNone,
     JET_ExceptionMsgBox, nullptr},
    {JET_paramEventLogCache, "EventLogCache", kInt, kGlobal, false, false, 0, kIntMax, 0, nullptr},
    {JET_paramCreatePathIfNotExist, "CreatePathIfNotExist", kBool, kInstance, false, false, 0, 1, 0, nullptr},
    {JET_paramPageHintCacheSize, "PageHintCacheSize", kInt, kGlobal, true, true, 0, kIntMax, 262144, nullptr},
    {JET_paramOneDatabasePerSession, "OneDatabasePerSession", kBool, kGlobal, false, false, 0, 1, 0, nullptr},
    {JET_paramMaxInstances, "MaxInstances", kInt, kGlobal, false, false, 1, JET_cMaxInstances, 16, nullptr},
    {JET_paramVersionStoreTaskQueueMax, "VersionStoreTaskQueueMax", kInt, kInstance, false, true, 1, 63, 32, nullptr},
    {JET_paramIndexTuplesLengthMin, "IndexTuplesLengthMin", kInt, kInstance, false, false, 0, 255, 3, nullptr},
    {JET_paramIndexTuplesLengthMax, "IndexTuplesLengthMax", kInt, kInstance, false, false, 0, 255, 10, nullptr},
    {JET_paramIndexTuplesToIndexMax, "IndexTuplesToIndexMax", kInt, kInstance, false, false, 0, 32767, 32767, nullptr},
    {JET_paramAlternateDatabaseRecoveryPath, "AlternateDatabaseRecoveryPath", kPath, kInstance, false, false, 0, 246, 0,
     ""},
    {JET_paramConfiguration, "Configuration", kInt, kInstance, false, false, 0, 0x1FF, 1, nullptr},
    {JET_paramEnableAdvanced, "EnableAdvanced", kBool, kInstance, true, false, 0, 1, 1, nullptr},
    {JET_paramLegacyFileNames, "LegacyFileNames", kGrbit, kInstance, false, false, 0, 3, JET_bitESE98FileNames,
     nullptr},
};

// Every row filled in (a short initializer list would leave rows of zeros) and every id once.
constexpr bool TableIsComplete() {
    for (std::size_t i = 0; i < kParamCount; ++i) {
        if (kParams[i].name == nullptr) return false;
        for (std::size_t j = 0; j < i; ++j) {
            if (kParams[j].id == kParams[i].id) return false;
        }
    }
    return true;
}
static_assert(TableIsComplete(), "kParams needs kParamCount rows with distinct ids");

std::size_t IndexOf(const ParamDef& def) { return static_cast<std::size_t>(&def - kParams); }

// Rules of an integer beyond its [min, max] range: values inside it that esent refuses, and 0
// meaning "back to the default" for the tuple limits (esent before Vista). Returns false for a
// refused value; may rewrite `*v`.
bool ApplyIntRules(const ParamDef& def, std::int64_t* v) {
    switch (def.id) {
        case JET_paramDatabasePageSize:
            return *v == 2048 || *v == 4096 || *v == 8192 || *v == 16384 || *v == 32768;
        case JET_paramBatchIOBufferMax:
            return *v != 1;  // 0, or 2..2^31-1
        case JET_paramIndexTuplesLengthMin:
        case JET_paramIndexTuplesLengthMax:
            if (*v == 1) return false;  // 0, or 2..255
            [[fallthrough]];
        case JET_paramIndexTuplesToIndexMax:
            if (*v == 0) *v = def.default_int;
            return true;
        default:
            return true;
    }
}

// JET_paramErrorToString's text: "<name>,<description>", the description being the words of the
// name after its JET_err / JET_wrn prefix ("JET_errInvalidParameter,Invalid parameter"); esent's
// own sentence for JET_errSuccess, and its "Unknown Error,Unknown Error" for a code esent.h lacks.
std::string ErrorText(JET_ERR code) {
    const char* name = jetstore::ErrorName(code);
    if (name == nullptr) return "Unknown Error,Unknown Error";
    std::string text = std::string(name) + ",";
    if (code == JET_errSuccess) return text + "Successful Operation";
    const std::string_view words = std::string_view(name).substr(std::strlen("JET_err"));
    const auto upper = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
    const auto lower = [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; };
    for (std::size_t i = 0; i < words.size(); ++i) {
        const char c = words[i];
        if (i > 0 && upper(c)) {
            // A word starts at a capital after a small letter or digit ("InvalidParameter"), or at
            // the last capital of a run that goes on in small letters ("IOError": "IO error").
            const bool after_word = !upper(words[i - 1]);
            const bool ends_run = upper(words[i - 1]) && i + 1 < words.size() && lower(words[i + 1]);
            if (after_word || ends_run) text.push_back(' ');
        }
        // Words after the first are lower case, but runs of capitals (IO, LV, SLV) are kept.
        const bool word_start = i > 0 && text.back() == ' ';
        const bool acronym = i + 1 < words.size() && upper(words[i + 1]);
        if (word_start && !acronym) {
            text.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else {
            text.push_back(c);
        }
    }
    return text;
}

// Writes `v` NUL-terminated into `sz` (`cb` > 0 bytes), cut to cb - 1 bytes if it does not fit.
JET_ERR CopyString(const std::string& v, char* sz, JET_ULONG cb) {
    if (v.size() + 1 > cb) {
        std::memcpy(sz, v.data(), cb - 1);
        sz[cb - 1] = '\0';
        return JET_wrnBufferTruncated;
    }
    std::memcpy(sz, v.c_str(), v.size() + 1);
    return JET_errSuccess;
}

// Absolute form of a folder or file path, keeping (or, for folders, adding) a trailing '/'.
// '\' separators are accepted as '/'.
JET_ERR NormalizePath(const ParamDef& def, const char* sz, std::string* out) {
    std::string p(sz);
    // A path whose default is "" (JET_paramAlternateDatabaseRecoveryPath) is unset when empty.
    if (p.empty() && def.default_str != nullptr && def.default_str[0] == '\0') {
        out->clear();
        return JET_errSuccess;
    }
    std::replace(p.begin(), p.end(), '\\', '/');
    if (p.empty()) p = "./";
    const bool trailing = p.back() == '/';
    std::error_code ec;
    std::filesystem::path abs = std::filesystem::absolute(std::filesystem::path(p), ec);
    if (ec) return JET_errInvalidPath;
    std::string s = abs.lexically_normal().string();
    const bool folder = def.id != JET_paramTempPath || trailing;
    if (folder && (s.empty() || s.back() != '/')) s.push_back('/');
    if (!folder && !s.empty() && s.back() == '/') s.pop_back();
    *out = std::move(s);
    return JET_errSuccess;
}

}  // namespace

// A linear scan: one per JetSetSystemParameter / JetGetSystemParameter, never on a data path.
const ParamDef* FindParam(JET_ULONG id) {
    for (const ParamDef& d : kParams) {
        if (d.id == id) return &d;
    }
    return nullptr;
}

bool RecoveryOff(const std::string& value) {
    if (value.size() != 3) return false;
    return std::tolower(static_cast<unsigned char>(value[0])) == 'o' &&
           std::tolower(static_cast<unsigned char>(value[1])) == 'f' &&
           std::tolower(static_cast<unsigned char>(value[2])) == 'f';
}

ParamStore::ParamStore() { Reset(); }

void ParamStore::Reset() {
    for (const ParamDef& d : kParams) {
        const std::size_t i = IndexOf(d);
        ints_[i] = d.default_int;
        strs_[i].clear();
        if (d.default_str != nullptr) {
            if (d.type == kPath) {
                std::string abs;
                if (NormalizePath(d, d.default_str, &abs) == JET_errSuccess) strs_[i] = abs;
            } else {
                strs_[i] = d.default_str;
            }
        }
    }
}

std::int64_t ParamStore::Int(JET_ULONG id) const { return ints_[IndexOf(*FindParam(id))]; }

const std::string& ParamStore::Str(JET_ULONG id) const { return strs_[IndexOf(*FindParam(id))]; }

JET_ERR ParamStore::Normalize(const ParamDef& def, JET_API_PTR lparam, const char* sz, std::int64_t* out_int,
                              std::string* out_str) {
    switch (def.type) {
        case kInt: {
            if (lparam > static_cast<JET_API_PTR>(INT64_MAX)) return JET_errInvalidParameter;
            auto v = static_cast<std::int64_t>(lparam);
            if (v < def.min || v > def.max || !ApplyIntRules(def, &v)) return JET_errInvalidParameter;
            *out_int = v;
            return JET_errSuccess;
        }
        case kBool:
            *out_int = lparam != 0 ? 1 : 0;
            return JET_errSuccess;
        case kGrbit:
            if ((lparam & ~static_cast<JET_API_PTR>(def.max)) != 0) return JET_errInvalidParameter;
            *out_int = static_cast<std::int64_t>(lparam);
            return JET_errSuccess;
        case kString: {
            if (sz == nullptr) return JET_errInvalidParameter;
            const std::size_t n = std::strlen(sz);
            if (static_cast<std::int64_t>(n) < def.min || static_cast<std::int64_t>(n) > def.max) {
                return JET_errInvalidParameter;
            }
            *out_str = sz;
            return JET_errSuccess;
        }
        case kPath: {
            if (sz == nullptr) return JET_errInvalidParameter;
            if (static_cast<std::int64_t>(std::strlen(sz)) > def.max) return JET_errInvalidParameter;
            return NormalizePath(def, sz, out_str);
        }
        case kPointer:
            *out_int = static_cast<std::int64_t>(lparam);
            return JET_errSuccess;
        case kUnicodeIndex: {
            if (lparam == 0) return JET_errInvalidParameter;
            JET_UNICODEINDEX idx;
            std::memcpy(&idx, reinterpret_cast<const void*>(lparam), sizeof(idx));
            if (!std::in_range<std::uint32_t>(idx.lcid) || !std::in_range<std::uint32_t>(idx.dwMapFlags)) {
                return JET_errInvalidParameter;
            }
            *out_int = static_cast<std::int64_t>((std::uint64_t{idx.lcid} << 32) | idx.dwMapFlags);
            return JET_errSuccess;
        }
        case kErrorText:
            return JET_errInvalidParameter;  // read-only
    }
    return JET_errInvalidParameter;
}

bool ParamStore::Equals(const ParamDef& def, std::int64_t v, const std::string& s) const {
    const std::size_t i = IndexOf(def);
    if (def.type == kString || def.type == kPath) {
        if (def.id == JET_paramRecovery) return RecoveryOff(strs_[i]) == RecoveryOff(s);
        return strs_[i] == s;
    }
    return ints_[i] == v;
}

void ParamStore::Store(const ParamDef& def, std::int64_t v, std::string s) {
    const std::size_t i = IndexOf(def);
    if (def.type == kString || def.type == kPath) {
        strs_[i] = std::move(s);
    } else {
        ints_[i] = v;
    }
}

JET_ERR ParamStore::Get(const ParamDef& def, JET_API_PTR* plparam, char* sz, JET_ULONG cb) const {
    const std::size_t i = IndexOf(def);
    if (def.type == kString || def.type == kPath) {
        if (sz == nullptr || cb == 0) return JET_errInvalidParameter;
        return CopyString(strs_[i], sz, cb);
    }
    if (plparam == nullptr) return JET_errInvalidParameter;
    if (def.type == kErrorText) {
        if (sz == nullptr || cb == 0) return JET_errInvalidParameter;
        // *plparam holds the code, sign- or zero-extended from esent's 32-bit JET_ERR.
        const auto code = static_cast<JET_ERR>(static_cast<std::int32_t>(static_cast<std::uint32_t>(*plparam)));
        return CopyString(ErrorText(code), sz, cb);
    }
    if (def.type == kUnicodeIndex) {
        // [esent] plParam is the address of a JET_UNICODEINDEX, cbMax its size.
        if (cb < sizeof(JET_UNICODEINDEX)) return JET_errInvalidParameter;
        JET_UNICODEINDEX idx{};
        const auto packed = static_cast<std::uint64_t>(ints_[i]);
        idx.lcid = static_cast<JET_ULONG>(packed >> 32);
        idx.dwMapFlags = static_cast<JET_ULONG>(packed & 0xFFFFFFFFu);
        std::memcpy(static_cast<void*>(plparam), &idx, sizeof(idx));
        return JET_errSuccess;
    }
    *plparam = static_cast<JET_API_PTR>(ints_[i]);
    return JET_errSuccess;
}

}  // namespace jetstore::engine
