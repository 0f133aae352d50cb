#include "storage/checkpoint_file.h"

#include "storage/file_util.h"

#include <xxhash.h>

namespace jetstore::storage {
namespace {

constexpr char kMagic[8] = {'J', 'S', 'C', 'H', 'K', 'P', 'T', '1'};
constexpr std::uint32_t kVersion = 1;

}  // namespace

std::string EncodeCheckpoint(const CheckpointState& c) {
    using namespace logfmt;
    std::string out(kMagic, sizeof kMagic);
    PutU32(&out, kVersion);
    PutU32(&out, c.clean ? 1u : 0u);
    PutU64(&out, c.lineage);
    PutU32(&out, c.position.generation);
    PutU32(&out, 0);
    PutU64(&out, c.position.offset);
    PutU64(&out, c.seq);
    PutU16(&out, static_cast<std::uint16_t>(c.attached.size()));
    for (const DbAttachment& db : c.attached) EncodeDbEvent(&out, db);
    PutU64(&out, XXH3_64bits(out.data(), out.size()));
    return out;
}

bool DecodeCheckpoint(std::string_view bytes, CheckpointState* c) {
    using namespace logfmt;
    if (bytes.size() < 58 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) return false;
    const std::size_t body = bytes.size() - 8;
    if (XXH3_64bits(bytes.data(), body) != GetLe(bytes.data() + body, 8)) return false;
    Reader r(bytes.substr(8, body - 8));
    std::uint64_t version_flags = 0;
    std::uint64_t gen = 0;
    std::uint16_t count = 0;
    if (!r.U64(&version_flags) || (version_flags & 0xFFFFFFFFu) != kVersion) return false;
    c->clean = ((version_flags >> 32) & 1u) != 0;
    if (!r.U64(&c->lineage) || !r.U64(&gen) || !r.U64(&c->position.offset) || !r.U64(&c->seq) || !r.U16(&count)) {
        return false;
    }
    c->position.generation = static_cast<std::uint32_t>(gen & 0xFFFFFFFFu);
    c->attached.clear();
    for (unsigned i = 0; i < count; ++i) {
        DbAttachment db;
        std::uint16_t n = 0;
        std::string_view path;
        if (!r.U8(&db.dbid) || !r.U64(&db.signature) || !r.U16(&n) || !r.Bytes(n, &path)) return false;
        db.path.assign(path);
        c->attached.push_back(std::move(db));
    }
    return r.empty();
}

Status ReadCheckpoint(const std::string& path, CheckpointState* c) {
    std::string bytes;
    Status s = ReadWholeFile(path, &bytes);
    if (!s.ok()) return s;
    if (!DecodeCheckpoint(bytes, c)) return Status::Error(Code::kCorrupt, path + ": not a checkpoint file");
    return Status::Ok();
}

Status WriteCheckpoint(const std::string& path, const CheckpointState& c) {
    return WriteFileAtomically(path, EncodeCheckpoint(c));
}

}  // namespace jetstore::storage
