#include "storage/log_format.h"

#define XXH_STATIC_LINKING_ONLY  // XXH3_state_t on the stack
#include <xxhash.h>

#include <cstdio>

namespace jetstore::storage::logfmt {
namespace {

void PutAttachment(std::string* out, const DbAttachment& db) {
    out->push_back(static_cast<char>(db.dbid));
    PutU64(out, db.signature);
    PutU16(out, static_cast<std::uint16_t>(db.path.size()));
    out->append(db.path);
}

bool GetAttachment(Reader* r, DbAttachment* db) {
    std::uint16_t n = 0;
    std::string_view path;
    if (!r->U8(&db->dbid) || !r->U64(&db->signature) || !r->U16(&n) || !r->Bytes(n, &path)) return false;
    db->path.assign(path);
    return true;
}

}  // namespace

std::string EncodeGenerationHeader(const GenerationHeader& h) {
    std::string out(kGenerationMagic, sizeof kGenerationMagic);
    PutU32(&out, kFormatVersion);
    PutU32(&out, h.generation);
    PutU64(&out, h.lineage);
    PutU64(&out, h.prev_seq);
    PutU64(&out, h.size);
    PutU64(&out, h.created_us);
    PutU16(&out, static_cast<std::uint16_t>(h.attached.size()));
    for (const DbAttachment& db : h.attached) PutAttachment(&out, db);
    out.resize(kHeaderSize - 8, '\0');
    PutU64(&out, XXH3_64bits(out.data(), out.size()));
    return out;
}

bool DecodeGenerationHeader(std::string_view bytes, GenerationHeader* h) {
    if (bytes.size() < kHeaderSize) return false;
    if (std::memcmp(bytes.data(), kGenerationMagic, sizeof kGenerationMagic) != 0) return false;
    if (XXH3_64bits(bytes.data(), kHeaderSize - 8) != GetLe(bytes.data() + kHeaderSize - 8, 8)) return false;
    Reader r(bytes.substr(8, kHeaderSize - 16));
    std::uint64_t version_and_gen = 0;
    std::uint16_t count = 0;
    if (!r.U64(&version_and_gen) || (version_and_gen & 0xFFFFFFFFu) != kFormatVersion) return false;
    h->generation = static_cast<std::uint32_t>(version_and_gen >> 32);
    if (!r.U64(&h->lineage) || !r.U64(&h->prev_seq) || !r.U64(&h->size) || !r.U64(&h->created_us) ||
        !r.U16(&count)) {
        return false;
    }
    h->attached.clear();
    for (unsigned i = 0; i < count; ++i) {
        DbAttachment db;
        if (!GetAttachment(&r, &db)) return false;
        h->attached.push_back(std::move(db));
    }
    return true;
}

void AppendRecord(std::string* out, RecordType type, std::uint32_t generation, std::uint64_t seq,
                  std::uint64_t synced_through, std::uint64_t lineage, std::string_view payload) {
    const std::size_t start = out->size();
    PutU32(out, kRecordMagic);
    PutU32(out, static_cast<std::uint32_t>(payload.size()));
    out->push_back(static_cast<char>(type));
    out->append(3, '\0');
    PutU32(out, generation);
    PutU64(out, seq);
    PutU64(out, synced_through);
    XXH3_state_t state;
    // A state on the stack must be initialized first: reset_withSeed keeps a stale secret when
    // the garbage it finds happens to hold the same seed.
    XXH3_INITSTATE(&state);
    XXH3_64bits_reset_withSeed(&state, lineage);
    XXH3_64bits_update(&state, out->data() + start, 32);
    XXH3_64bits_update(&state, payload.data(), payload.size());
    PutU64(out, XXH3_64bits_digest(&state));
    out->append(payload);
}

bool DecodeRecordHeader(std::string_view bytes, RecordHeader* h) {
    if (bytes.size() < kRecordHeaderSize) return false;
    const char* p = bytes.data();
    if (GetLe(p, 4) != kRecordMagic) return false;
    h->length = static_cast<std::uint32_t>(GetLe(p + 4, 4));
    if (h->length > kMaxPayload) return false;
    h->type = static_cast<RecordType>(static_cast<std::uint8_t>(p[8]));
    h->generation = static_cast<std::uint32_t>(GetLe(p + 12, 4));
    h->seq = GetLe(p + 16, 8);
    h->synced_through = GetLe(p + 24, 8);
    h->checksum = GetLe(p + 32, 8);
    return true;
}

bool VerifyRecord(std::string_view header_bytes, std::string_view payload, std::uint64_t lineage,
                  std::uint64_t checksum) {
    if (header_bytes.size() < 32) return false;
    XXH3_state_t state;
    XXH3_INITSTATE(&state);
    XXH3_64bits_reset_withSeed(&state, lineage);
    XXH3_64bits_update(&state, header_bytes.data(), 32);
    XXH3_64bits_update(&state, payload.data(), payload.size());
    return XXH3_64bits_digest(&state) == checksum;
}

void EncodeDbEvent(std::string* out, const DbAttachment& db) { PutAttachment(out, db); }

bool DecodeDbEvent(std::string_view payload, DbAttachment* db) {
    Reader r(payload);
    return GetAttachment(&r, db) && r.empty();
}

void EncodeDetach(std::string* out, std::uint8_t dbid, std::uint64_t signature) {
    out->push_back(static_cast<char>(dbid));
    PutU64(out, signature);
}

bool DecodeDetach(std::string_view payload, std::uint8_t* dbid, std::uint64_t* signature) {
    Reader r(payload);
    return r.U8(dbid) && r.U64(signature) && r.empty();
}

std::string CurrentName(const std::string& base) { return base + ".log"; }

std::string GenerationName(const std::string& base, std::uint32_t gen) {
    char digits[16];
    std::snprintf(digits, sizeof digits, gen <= 0xFFFFF ? "%05X" : "%08X", gen);
    return base + digits + ".log";
}

std::string TempName(const std::string& base) { return base + "tmp.log"; }

std::uint32_t ParseGenerationName(const std::string& base, std::string_view name) {
    if (!name.starts_with(base) || !name.ends_with(".log")) return 0;
    const std::string_view digits = name.substr(base.size(), name.size() - base.size() - 4);
    if (digits.size() != 5 && digits.size() != 8) return 0;
    std::uint32_t gen = 0;
    for (const char ch : digits) {
        int v = -1;
        if (ch >= '0' && ch <= '9') v = ch - '0';
        if (ch >= 'A' && ch <= 'F') v = ch - 'A' + 10;
        if (v < 0) return 0;
        gen = gen * 16 + static_cast<std::uint32_t>(v);
    }
    if (digits.size() == 8 && gen <= 0xFFFFF) return 0;  // such a number has a 5-digit name
    return gen;
}

}  // namespace jetstore::storage::logfmt
