// System parameters: the table of every parameter jetstore knows (id, type, scope, limits,
// defaults, when it may change) and the value stores of the global defaults and of each instance.
#pragma once

#include <esent.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace jetstore::engine {

// kPointer: a JET_API_PTR stored and returned as given (JET_paramRuntimeCallback).
// kUnicodeIndex: a JET_UNICODEINDEX passed by address in the integer argument
//   (JET_paramUnicodeIndexDefault); stored as (lcid << 32) | dwMapFlags.
// kErrorText: read-only, computed (JET_paramErrorToString).
enum class ParamType : std::uint8_t { kInt, kBool, kGrbit, kString, kPath, kPointer, kUnicodeIndex, kErrorText };
enum class ParamScope : std::uint8_t { kInstance, kGlobal };

struct ParamDef {
    JET_ULONG id;
    const char* name;
    ParamType type;
    ParamScope scope;
    bool settable_after_init;  // may change on a running instance
    bool advanced;             // ignored while JET_paramEnableAdvanced is 0
    std::int64_t min;          // integer range (kInt), the grbit mask (kGrbit: max), or the string's
    std::int64_t max;          // length range (kString; kPath: max)
    std::int64_t default_int;
    const char* default_str;
};

// Looks a parameter up by id; nullptr for an unknown id.
const ParamDef* FindParam(JET_ULONG id);

inline constexpr std::size_t kParamCount = 73;

// One store of values: the global defaults, or one instance's copy.
class ParamStore {
public:
    ParamStore();

    std::int64_t Int(JET_ULONG id) const;
    const std::string& Str(JET_ULONG id) const;

    // Validates and normalises a value for `def` (paths become absolute with a trailing '/').
    // Returns JET_errSuccess or the code for a bad value; `*out_int` / `*out_str` get the
    // normalised value.
    [[nodiscard]] static JET_ERR Normalize(const ParamDef& def, JET_API_PTR lparam, const char* sz, std::int64_t* out_int,
                             std::string* out_str);

    // True when the normalised value equals the stored one.
    bool Equals(const ParamDef& def, std::int64_t v, const std::string& s) const;
    void Store(const ParamDef& def, std::int64_t v, std::string s);

    // Writes the value the way JetGetSystemParameter reports it.
    [[nodiscard]] JET_ERR Get(const ParamDef& def, JET_API_PTR* plparam, char* sz, JET_ULONG cb) const;

    // Every value back to its default.
    void Reset();

private:
    std::array<std::int64_t, kParamCount> ints_{};
    std::array<std::string, kParamCount> strs_{};
};

// The recovery switch: "off" (any case) turns logging and crash safety off.
bool RecoveryOff(const std::string& value);

}  // namespace jetstore::engine
