#include "engine/params.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace jetstore::engine {
namespace {

using enum ParamType;
using enum ParamScope;

// Never renumber: ids are esent's. Ranges and defaults are esent's (DECISIONS.md 10).
//                                 id  name                     type     scope      init   adv  min  max         int default                str default
constexpr ParamDef kParams[kParamCount] = {
    {JET_paramSystemPath, "SystemPath", kPath, kInstance, false, false, 0, 246, 0, "./"},
    {JET_paramTempPath, "TempPath", kPath, kInstance, false, false, 0, 247, 0, "tmp.edb"},
    {JET_paramLogFilePath, "LogFilePath", kPath, kInstance, false, false, 0, 246, 0, "./"},
    {JET_paramBaseName, "BaseName", kString, kInstance, false, false, 3, 3, 0, "edb"},
    {JET_paramEventSource, "EventSource", kString, kInstance, false, false, 0, 259, 0, ""},
    {JET_paramMaxSessions, "MaxSessions", kInt, kInstance, false, true, 0, 30000, 16, nullptr},
    {JET_paramMaxOpenTables, "MaxOpenTables", kInt, kInstance, false, true, 1, INT_MAX, 300, nullptr},
    {JET_paramMaxCursors, "MaxCursors", kInt, kInstance, false, true, 1, INT_MAX, 1024, nullptr},
    {JET_paramMaxVerPages, "MaxVerPages", kInt, kInstance, false, true, 1, INT_MAX, 64, nullptr},
    {JET_paramMaxTemporaryTables, "MaxTemporaryTables", kInt, kInstance, false, false, 0, INT_MAX, 20, nullptr},
    {JET_paramLogFileSize, "LogFileSize", kInt, kInstance, false, false, 32, 1048576, 5120, nullptr},
    {JET_paramLogBuffers, "LogBuffers", kInt, kInstance, false, true, 16, INT_MAX, 126, nullptr},
    {JET_paramCheckpointDepthMax, "CheckpointDepthMax", kInt, kInstance, false, false, 1 << 20, INT_MAX, 20 << 20, nullptr},
    {JET_paramCommitDefault, "CommitDefault", kGrbit, kInstance, true, false, 0, JET_bitCommitLazyFlush, 0, nullptr},
    {JET_paramCircularLog, "CircularLog", kBool, kInstance, false, false, 0, 1, 0, nullptr},
    {JET_paramPageTempDBMin, "PageTempDBMin", kInt, kInstance, false, false, 0, INT_MAX, 0, nullptr},
    {JET_paramRecovery, "Recovery", kString, kInstance, false, false, 0, 259, 0, "On"},
    {JET_paramEnableIndexChecking, "EnableIndexChecking", kBool, kInstance, false, false, 0, 1, 0, nullptr},
    {JET_paramEnableTempTableVersioning, "EnableTempTableVersioning", kBool, kInstance, false, false, 0, 1, 1, nullptr},
    {JET_paramNoInformationEvent, "NoInformationEvent", kBool, kInstance, true, false, 0, 1, 0, nullptr},
    {JET_paramDatabasePageSize, "DatabasePageSize", kInt, kGlobal, false, false, 2048, 32768, 4096, nullptr},
    {JET_paramCreatePathIfNotExist, "CreatePathIfNotExist", kBool, kInstance, false, false, 0, 1, 0, nullptr},
    {JET_paramOneDatabasePerSession, "OneDatabasePerSession", kBool, kGlobal, false, false, 0, 1, 0, nullptr},
    {JET_paramMaxInstances, "MaxInstances", kInt, kGlobal, false, false, 1, JET_cMaxInstances, 16, nullptr},
    {JET_paramConfiguration, "Configuration", kInt, kInstance, false, false, 0, 0x1FF, 1, nullptr},
    {JET_paramEnableAdvanced, "EnableAdvanced", kBool, kInstance, true, false, 0, 1, 1, nullptr},
    {JET_paramLegacyFileNames, "LegacyFileNames", kGrbit, kInstance, false, false, 0, 3, JET_bitESE98FileNames, nullptr},
};

std::size_t IndexOf(const ParamDef& def) { return static_cast<std::size_t>(&def - kParams); }

bool ValidPageSize(std::int64_t v) {
    return v == 2048 || v == 4096 || v == 8192 || v == 16384 || v == 32768;
}

// Absolute form of a folder or file path, keeping (or, for folders, adding) a trailing '/'.
// '\' separators are accepted as '/'.
JET_ERR NormalizePath(const ParamDef& def, const char* sz, std::string* out) {
    std::string p(sz);
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
            const auto v = static_cast<std::int64_t>(lparam);
            if (v < def.min || v > def.max) return JET_errInvalidParameter;
            if (def.id == JET_paramDatabasePageSize && !ValidPageSize(v)) return JET_errInvalidParameter;
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
        const std::string& v = strs_[i];
        if (v.size() + 1 > cb) {
            std::memcpy(sz, v.data(), cb - 1);
            sz[cb - 1] = '\0';
            return JET_wrnBufferTruncated;
        }
        std::memcpy(sz, v.c_str(), v.size() + 1);
        return JET_errSuccess;
    }
    if (plparam == nullptr) return JET_errInvalidParameter;
    *plparam = static_cast<JET_API_PTR>(ints_[i]);
    return JET_errSuccess;
}

}  // namespace jetstore::engine
