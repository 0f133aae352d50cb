// LMDB and errno values become a Status here, and nowhere else.

#include "storage/status.h"

#include <lmdb.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace jetstore::storage {
namespace {

// strerror_r comes in two shapes (GNU returns a pointer, XSI fills the buffer and returns int);
// the overloads pick whichever this libc declares.
[[maybe_unused]] const char* StrerrorResult(char* result, const char* /*buf*/) { return result; }
[[maybe_unused]] const char* StrerrorResult(int rc, const char* buf) { return rc == 0 ? buf : "unknown error"; }

std::string Describe(const char* what, const char* reason, int code) {
    std::string message = what != nullptr ? what : "storage";
    message += ": ";
    message += reason;
    message += " (";
    message += std::to_string(code);
    message += ")";
    return message;
}

}  // namespace

Status FromErrno(int err, const char* what) {
    if (err == 0) return Status::Ok();
    char buf[128] = {};
    const std::string message = Describe(what, StrerrorResult(::strerror_r(err, buf, sizeof buf), buf), err);
    Code code = Code::kIoError;
    switch (err) {
        case ENOENT:
        case ENOTDIR:
            code = Code::kNotFound;
            break;
        case EEXIST:
            code = Code::kExists;
            break;
        case ENOSPC:
        case EDQUOT:
        case EFBIG:  // the process's file size limit: to the caller, the disk is full
            code = Code::kDiskFull;
            break;
        case EACCES:
        case EPERM:
        case EROFS:
            code = Code::kAccessDenied;
            break;
#if EAGAIN != EWOULDBLOCK
        case EWOULDBLOCK:
#endif
        case EAGAIN:  // flock(LOCK_NB) on a file another process holds
            code = Code::kLockedByProcess;
            break;
        case ENOMEM:
            code = Code::kOutOfMemory;
            break;
        case EINVAL:
            code = Code::kInvalidArgument;
            break;
        default:
            code = Code::kIoError;
            break;
    }
    return Status::Error(code, message);
}

Status FromLmdb(int rc, const char* what) {
    if (rc == 0) return Status::Ok();
    // LMDB's own codes are negative, in [MDB_KEYEXIST, MDB_LAST_ERRCODE]; everything else it
    // returns is an errno value. mdb_strerror of an LMDB code is a static string (thread-safe).
    if (rc < MDB_KEYEXIST || rc > MDB_LAST_ERRCODE) return FromErrno(rc, what);
    Code code = Code::kIoError;
    switch (rc) {
        case MDB_NOTFOUND:
            code = Code::kNotFound;
            break;
        case MDB_KEYEXIST:
            code = Code::kExists;
            break;
        case MDB_MAP_FULL:
            code = Code::kMapFull;
            break;
        case MDB_READERS_FULL:
            code = Code::kReadersFull;
            break;
        case MDB_CORRUPTED:
        case MDB_PAGE_NOTFOUND:
        case MDB_INVALID:
        case MDB_VERSION_MISMATCH:
        case MDB_INCOMPATIBLE:  // the named DBI is not a database: the file is not ours
        case MDB_PAGE_FULL:     // LMDB's internal consistency check
            code = Code::kCorrupt;
            break;
        case MDB_PANIC:
            code = Code::kPanic;
            break;
        case MDB_BAD_VALSIZE:
        case MDB_TXN_FULL:  // too many dirty pages in one write transaction
            code = Code::kTooLarge;
            break;
        case MDB_DBS_FULL:
        case MDB_TLS_FULL:
        case MDB_CURSOR_FULL:
        case MDB_BAD_RSLOT:
        case MDB_BAD_TXN:
        case MDB_BAD_DBI:
            code = Code::kInvalidArgument;  // misuse of the LMDB API: a bug in storage/
            break;
        default:  // MDB_MAP_RESIZED and anything newer
            code = Code::kIoError;
            break;
    }
    return Status::Error(code, Describe(what, ::mdb_strerror(rc), rc));
}

}  // namespace jetstore::storage
