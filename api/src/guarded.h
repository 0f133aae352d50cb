// The C facade's one rule (DECISIONS.md 12): the C API never throws. Internal to api/src.
#pragma once

#include <esent.h>

#include <new>

namespace jetstore::api {

// Runs an engine call; anything that escapes it becomes a JET_ERR.
template <typename F>
JET_ERR Guarded(F&& f) noexcept {
    try {
        return f();
    } catch (const std::bad_alloc&) {
        return JET_errOutOfMemory;
    } catch (...) {
        return JET_errInternalError;
    }
}

}  // namespace jetstore::api
