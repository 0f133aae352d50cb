// A database's log state, kept in the database itself (one key of its LMDB environment, written
// in the same LMDB transaction as the changes it describes), so that replay knows where each
// database stands.
//
// KEY  "\x00\x00\x00\x03" (object id 3 of the engine's key layout, reserved for this; catalog.h)
// VALUE (little-endian; NEVER RENUMBER)
//   0  1  format version (1)
//   1  1  state: 0 = consistent (detached cleanly, or never attached with a log),
//                1 = attached to the log stream `lineage` (replay may have records for it)
//   2  8  signature: a random number given at creation (or at the first attach with a log); the
//         log's create / attach records carry it, so replay never applies one database's records
//         to another file at the same path
//   10 8  lineage of the log stream it is (or was last) attached to
//   18 8  applied seq: every record of that stream up to it is in the database
// A database without the key (created with JET_paramRecovery "off") is consistent at seq 0.
#pragma once

#include "storage/log_format.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace jetstore::storage {

inline const std::string& DbMetaKey() {
    static const std::string key("\x00\x00\x00\x03", 4);
    return key;
}

struct DbMeta {
    bool attached = false;
    std::uint64_t signature = 0;
    std::uint64_t lineage = 0;
    std::uint64_t applied_seq = 0;
};

inline std::string EncodeDbMeta(const DbMeta& m) {
    std::string out;
    out.push_back('\x01');
    out.push_back(m.attached ? '\x01' : '\x00');
    logfmt::PutU64(&out, m.signature);
    logfmt::PutU64(&out, m.lineage);
    logfmt::PutU64(&out, m.applied_seq);
    return out;
}

inline bool DecodeDbMeta(std::string_view v, DbMeta* m) {
    if (v.size() != 26 || v[0] != '\x01' || (v[1] != '\x00' && v[1] != '\x01')) return false;
    m->attached = v[1] == '\x01';
    m->signature = logfmt::GetLe(v.data() + 2, 8);
    m->lineage = logfmt::GetLe(v.data() + 10, 8);
    m->applied_seq = logfmt::GetLe(v.data() + 18, 8);
    return true;
}

}  // namespace jetstore::storage
