#include "keyspace.h"

#include "resp.h"

#include <jetstore/errors.hpp>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>

namespace jetstore::server {
namespace {

constexpr long kString = 0;
constexpr long kInteger = 1;
// The primary index's key size (esent's default, JET_cbKeyMostMin). A Binary key of L bytes
// normalizes to 1 + 9 * ceil(L / 8) bytes: 255 holds 224 bytes whole.
constexpr JET_ULONG kKeyMost = JET_cbKeyMostMin;
// The key column is Binary: esent's Binary columns hold at most 255 bytes.
constexpr std::size_t kKeyColumnMost = 255;

std::size_t MaxWholeKey(JET_ULONG key_most) { return (key_most - 1) / 9 * 8; }

std::string ArityError(std::string_view name) {
    return "ERR wrong number of arguments for '" + std::string(name) + "' command";
}

bool IsConflict(JET_ERR err) {
    return err == JET_errWriteConflict || err == JET_errKeyDuplicate || err == JET_errRecordDeleted;
}

}  // namespace

JET_ERR OpenKeyspace(JET_SESID s, const std::string& path, KeyspaceSchema* schema) {
    JET_DBID db = 0;
    JET_ERR err = JetAttachDatabase(s, path.c_str(), 0);
    if (err == JET_errFileNotFound) {
        err = JetCreateDatabase(s, path.c_str(), nullptr, &db, 0);
        JET_TABLEID t = 0;
        if (err >= 0) err = JetBeginTransaction(s);
        if (err >= 0) err = JetCreateTable(s, db, "kv", 0, 100, &t);
        JET_COLUMNDEF cd{};
        cd.cbStruct = sizeof cd;
        JET_COLUMNID id = 0;
        cd.coltyp = JET_coltypBinary;
        cd.cbMax = 255;
        if (err >= 0) err = JetAddColumn(s, t, "k", &cd, nullptr, 0, &id);
        cd.cbMax = 0;
        cd.coltyp = JET_coltypLongBinary;
        if (err >= 0) err = JetAddColumn(s, t, "v", &cd, nullptr, 0, &id);
        cd.coltyp = JET_coltypLongLong;
        cd.grbit = JET_bitColumnEscrowUpdate | JET_bitColumnFixed;
        const long long zero = 0;
        if (err >= 0) err = JetAddColumn(s, t, "n", &cd, &zero, sizeof zero, &id);
        cd.coltyp = JET_coltypLong;
        cd.grbit = JET_bitColumnFixed;
        const std::int32_t string_kind = kString;
        if (err >= 0) err = JetAddColumn(s, t, "t", &cd, &string_kind, sizeof string_kind, &id);
        if (err >= 0) {
            err = JetCreateIndex(s, t, "primary", JET_bitIndexPrimary | JET_bitIndexDisallowTruncation, "+k\0", 4, 100);
        }
        if (err >= 0) err = JetCloseTable(s, t);
        if (err >= 0) err = JetCommitTransaction(s, 0);
        if (err < 0) return err;
    } else if (err < 0 && err != JET_wrnDatabaseAttached) {
        return err;
    } else {
        err = JetOpenDatabase(s, path.c_str(), nullptr, &db, 0);
        if (err < 0) return err;
    }
    JET_TABLEID t = 0;
    err = JetOpenTable(s, db, "kv", nullptr, 0, 0, &t);
    if (err < 0) return err;
    JET_COLUMNDEF def{};
    const char* names[] = {"k", "v", "n", "t"};
    JET_COLUMNID* ids[] = {&schema->k, &schema->v, &schema->n, &schema->t};
    for (int i = 0; i < 4 && err >= 0; ++i) {
        err = JetGetTableColumnInfo(s, t, names[i], &def, sizeof def, JET_ColInfo);
        *ids[i] = def.columnid;
    }
    JetCloseTable(s, t);
    schema->max_key = std::min(kKeyColumnMost, MaxWholeKey(kKeyMost));
    return err < 0 ? err : JET_errSuccess;
}

bool Keyspace::IsDataCommand(std::string_view name, int* arity, bool* writes) {
    struct Def {
        const char* name;
        int arity;
        bool writes;
    };
    static constexpr Def kDefs[] = {
        {"get", 2, false},     {"set", -3, true},     {"getset", 3, true},  {"del", -2, true},
        {"exists", -2, false}, {"incr", 2, true},     {"decr", 2, true},    {"incrby", 3, true},
        {"decrby", 3, true},   {"mget", -2, false},   {"mset", -3, true},   {"dbsize", 1, false},
        {"flushdb", -1, true}, {"type", 2, false},
    };
    for (const Def& d : kDefs) {
        if (name == d.name) {
            *arity = d.arity;
            *writes = d.writes;
            return true;
        }
    }
    return false;
}

bool Keyspace::KeyTooLong(std::string_view key, std::string* out) const {
    if (key.size() <= s_.max_key) return false;
    ReplyError(out, "ERR key too long: jetstore-server keys hold at most " + std::to_string(s_.max_key) + " bytes");
    return true;
}

Keyspace::Outcome Keyspace::Failed(JET_ERR err, std::string* out) {
    if (IsConflict(err)) return Outcome::kConflict;
    const char* name = ErrorName(err);
    ReplyError(out, std::string("ERR jetstore: ") + (name != nullptr ? name : "error") + " (" + std::to_string(err) + ")");
    return err == JET_errInstanceUnavailable || err == JET_errInstanceUnavailableDueToFatalLogDiskFull ||
                   err == JET_errLogWriteFail || err == JET_errLogDiskFull || err == JET_errOutOfDatabaseSpace
               ? Outcome::kFatal
               : Outcome::kDone;
}

JET_ERR Keyspace::Seek(std::string_view key) {
    JET_ERR err = JetMakeKey(ses_, t_, key.data(), static_cast<JET_ULONG>(key.size()),
                             key.empty() ? JET_bitNewKey | JET_bitKeyDataZeroLength : JET_bitNewKey);
    if (err < 0) return err;
    return JetSeek(ses_, t_, JET_bitSeekEQ);
}

JET_ERR Keyspace::ReadCurrent(std::string* value) {
    std::int32_t kind = 0;
    JET_ULONG cb = 0;
    JET_ERR err = JetRetrieveColumn(ses_, t_, s_.t, &kind, sizeof kind, &cb, 0, nullptr);
    if (err < 0) return err;
    if (kind == kInteger) {
        long long n = 0;
        err = JetRetrieveColumn(ses_, t_, s_.n, &n, sizeof n, &cb, 0, nullptr);
        if (err < 0) return err;
        *value = std::to_string(n);
        return JET_errSuccess;
    }
    value->resize(256);
    err = JetRetrieveColumn(ses_, t_, s_.v, value->data(), static_cast<JET_ULONG>(value->size()), &cb, 0, nullptr);
    if (err == JET_wrnBufferTruncated) {
        value->resize(cb);
        err = JetRetrieveColumn(ses_, t_, s_.v, value->data(), cb, &cb, 0, nullptr);
    }
    if (err == JET_wrnColumnNull) cb = 0;
    if (err < 0) return err;
    value->resize(cb);
    return JET_errSuccess;
}

JET_ERR Keyspace::Write(std::string_view key, std::string_view value, bool insert) {
    JET_ERR err = JetPrepareUpdate(ses_, t_, insert ? JET_prepInsert : JET_prepReplace);
    if (err < 0) return err;
    // The record's columns in one call: the key (an insert's), the value, its type.
    const std::int32_t kind = kString;
    JET_SETCOLUMN cols[3]{};
    std::size_t n = 0;
    if (insert) {
        cols[n].columnid = s_.k;
        cols[n].pvData = key.data();
        cols[n].cbData = static_cast<JET_ULONG>(key.size());
        cols[n].grbit = key.empty() ? JET_bitSetZeroLength : 0;
        ++n;
    }
    cols[n].columnid = s_.v;
    cols[n].pvData = value.data();
    cols[n].cbData = static_cast<JET_ULONG>(value.size());
    cols[n].grbit = value.empty() ? JET_bitSetZeroLength : 0;
    ++n;
    cols[n].columnid = s_.t;
    cols[n].pvData = &kind;
    cols[n].cbData = sizeof kind;
    ++n;
    for (std::size_t i = 0; i < n; ++i) cols[i].itagSequence = 1;
    err = JetSetColumns(ses_, t_, cols, static_cast<JET_ULONG>(n));
    if (err >= 0) err = JetUpdate(ses_, t_, nullptr, 0, nullptr);
    if (err < 0) (void)JetPrepareUpdate(ses_, t_, JET_prepCancel);
    return err;
}

Keyspace::Outcome Keyspace::Run(const std::vector<std::string>& a, std::string* out) {
    const std::string& name = a[0];
    // Each command in a nested level: an error undoes that command alone.
    JET_ERR err = JetBeginTransaction(ses_);
    if (err < 0) return Failed(err, out);
    const std::size_t mark = out->size();
    Outcome r = Outcome::kDone;
    if (name == "get") {
        r = Get(a, out);
    } else if (name == "set") {
        r = Set(a, out);
    } else if (name == "getset") {
        r = GetSet(a, out);
    } else if (name == "del") {
        r = Del(a, out);
    } else if (name == "exists") {
        r = Exists(a, out);
    } else if (name == "incr" || name == "decr") {
        r = Incr(a[1], name == "incr" ? 1 : -1, out);
    } else if (name == "incrby" || name == "decrby") {
        long long by = 0;
        if (!ParseInteger(a[2], &by)) {
            ReplyError(out, "ERR value is not an integer or out of range");
        } else if (name == "decrby" && by == LLONG_MIN) {
            ReplyError(out, "ERR decrement would overflow");
        } else {
            r = Incr(a[1], name == "incrby" ? by : -by, out);
        }
    } else if (name == "mget") {
        r = MGet(a, out);
    } else if (name == "mset") {
        r = MSet(a, out);
    } else if (name == "dbsize") {
        r = DbSize(out);
    } else if (name == "flushdb") {
        r = FlushDb(out);
    } else if (name == "type") {
        r = Type(a, out);
    }
    const bool error_reply = out->size() > mark && (*out)[mark] == '-';
    if (r != Outcome::kDone || error_reply) {
        (void)JetRollback(ses_, 0);  // this level only
        if (r == Outcome::kConflict) out->resize(mark);
        return r;
    }
    err = JetCommitTransaction(ses_, 0);  // into the batch's transaction
    if (err < 0) {
        out->resize(mark);
        return Failed(err, out);
    }
    return Outcome::kDone;
}

Keyspace::Outcome Keyspace::Get(const std::vector<std::string>& a, std::string* out) {
    if (KeyTooLong(a[1], out)) return Outcome::kDone;
    JET_ERR err = Seek(a[1]);
    if (err == JET_errRecordNotFound) {
        ReplyNull(out);
        return Outcome::kDone;
    }
    std::string v;
    if (err >= 0) err = ReadCurrent(&v);
    if (err < 0) return Failed(err, out);
    ReplyBulk(out, v);
    return Outcome::kDone;
}

Keyspace::Outcome Keyspace::Set(const std::vector<std::string>& a, std::string* out) {
    bool nx = false, xx = false;
    for (std::size_t i = 3; i < a.size(); ++i) {
        std::string opt = a[i];
        for (char& c : opt) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (opt == "nx") {
            nx = true;
        } else if (opt == "xx") {
            xx = true;
        } else if (opt == "ex" || opt == "px" || opt == "exat" || opt == "pxat" || opt == "keepttl" || opt == "get") {
            ReplyError(out, "ERR SET option '" + a[i] + "' is not supported by jetstore-server (keys do not expire)");
            return Outcome::kDone;
        } else {
            ReplyError(out, "ERR syntax error");
            return Outcome::kDone;
        }
    }
    if (nx && xx) {
        ReplyError(out, "ERR syntax error");
        return Outcome::kDone;
    }
    if (KeyTooLong(a[1], out)) return Outcome::kDone;
    JET_ERR err = Seek(a[1]);
    if (err < 0 && err != JET_errRecordNotFound) return Failed(err, out);
    const bool exists = err >= 0;
    if ((nx && exists) || (xx && !exists)) {
        ReplyNull(out);
        return Outcome::kDone;
    }
    err = Write(a[1], a[2], !exists);
    if (err < 0) return Failed(err, out);
    ReplySimple(out, "OK");
    return Outcome::kDone;
}

Keyspace::Outcome Keyspace::GetSet(const std::vector<std::string>& a, std::string* out) {
    if (KeyTooLong(a[1], out)) return Outcome::kDone;
    JET_ERR err = Seek(a[1]);
    if (err < 0 && err != JET_errRecordNotFound) return Failed(err, out);
    const bool exists = err >= 0;
    std::string old;
    if (exists) {
        err = ReadCurrent(&old);
        if (err < 0) return Failed(err, out);
    }
    err = Write(a[1], a[2], !exists);
    if (err < 0) return Failed(err, out);
    if (exists) {
        ReplyBulk(out, old);
    } else {
        ReplyNull(out);
    }
    return Outcome::kDone;
}

Keyspace::Outcome Keyspace::Del(const std::vector<std::string>& a, std::string* out) {
    long long n = 0;
    for (std::size_t i = 1; i < a.size(); ++i) {
        if (a[i].size() > s_.max_key) continue;  // no such key can exist
        JET_ERR err = Seek(a[i]);
        if (err == JET_errRecordNotFound) continue;
        if (err >= 0) err = JetDelete(ses_, t_);
        if (err < 0) return Failed(err, out);
        ++n;
    }
    ReplyInteger(out, n);
    return Outcome::kDone;
}

Keyspace::Outcome Keyspace::Exists(const std::vector<std::string>& a, std::string* out) {
    long long n = 0;
    for (std::size_t i = 1; i < a.size(); ++i) {
        if (a[i].size() > s_.max_key) continue;
        const JET_ERR err = Seek(a[i]);
        if (err == JET_errRecordNotFound) continue;
        if (err < 0) return Failed(err, out);
        ++n;
    }
    ReplyInteger(out, n);
    return Outcome::kDone;
}

Keyspace::Outcome Keyspace::Incr(std::string_view key, long long delta, std::string* out) {
    if (KeyTooLong(key, out)) return Outcome::kDone;
    JET_ERR err = Seek(key);
    if (err < 0 && err != JET_errRecordNotFound) return Failed(err, out);
    const std::int32_t integer = kInteger;
    if (err == JET_errRecordNotFound) {
        // A new key: the delta is its value.
        err = JetPrepareUpdate(ses_, t_, JET_prepInsert);
        if (err >= 0) {
            err = JetSetColumn(ses_, t_, s_.k, key.data(), static_cast<JET_ULONG>(key.size()),
                               key.empty() ? JET_bitSetZeroLength : 0, nullptr);
        }
        if (err >= 0) err = JetSetColumn(ses_, t_, s_.n, &delta, sizeof delta, 0, nullptr);
        if (err >= 0) err = JetSetColumn(ses_, t_, s_.t, &integer, sizeof integer, 0, nullptr);
        if (err >= 0) err = JetUpdate(ses_, t_, nullptr, 0, nullptr);
        if (err < 0) {
            (void)JetPrepareUpdate(ses_, t_, JET_prepCancel);
            return Failed(err, out);
        }
        ReplyInteger(out, delta);
        return Outcome::kDone;
    }
    std::int32_t kind = 0;
    JET_ULONG cb = 0;
    err = JetRetrieveColumn(ses_, t_, s_.t, &kind, sizeof kind, &cb, 0, nullptr);
    if (err < 0) return Failed(err, out);
    if (kind == kInteger) {
        // An escrow update: concurrent increments never conflict, and the old value is the
        // latest (other clients' uncommitted increments included), so each gets its own result.
        long long old = 0;
        err = JetEscrowUpdate(ses_, t_, s_.n, &delta, sizeof delta, &old, sizeof old, &cb, 0);
        if (err < 0) return Failed(err, out);
        if ((delta > 0 && old > LLONG_MAX - delta) || (delta < 0 && old < LLONG_MIN - delta)) {
            ReplyError(out, "ERR increment or decrement would overflow");  // Run rolls the level back
            return Outcome::kDone;
        }
        ReplyInteger(out, old + delta);
        return Outcome::kDone;
    }
    // A string: it must hold an integer, which moves into the escrow column.
    std::string text;
    err = ReadCurrent(&text);
    if (err < 0) return Failed(err, out);
    long long value = 0;
    if (!ParseInteger(text, &value)) {
        ReplyError(out, "ERR value is not an integer or out of range");
        return Outcome::kDone;
    }
    if ((delta > 0 && value > LLONG_MAX - delta) || (delta < 0 && value < LLONG_MIN - delta)) {
        ReplyError(out, "ERR increment or decrement would overflow");
        return Outcome::kDone;
    }
    value += delta;
    err = JetPrepareUpdate(ses_, t_, JET_prepReplace);
    if (err >= 0) err = JetSetColumn(ses_, t_, s_.n, &value, sizeof value, 0, nullptr);
    if (err >= 0) err = JetSetColumn(ses_, t_, s_.t, &integer, sizeof integer, 0, nullptr);
    if (err >= 0) err = JetSetColumn(ses_, t_, s_.v, nullptr, 0, 0, nullptr);
    if (err >= 0) err = JetUpdate(ses_, t_, nullptr, 0, nullptr);
    if (err < 0) {
        (void)JetPrepareUpdate(ses_, t_, JET_prepCancel);
        return Failed(err, out);
    }
    ReplyInteger(out, value);
    return Outcome::kDone;
}

Keyspace::Outcome Keyspace::MGet(const std::vector<std::string>& a, std::string* out) {
    std::string replies;
    for (std::size_t i = 1; i < a.size(); ++i) {
        if (a[i].size() > s_.max_key) {
            ReplyNull(&replies);
            continue;
        }
        JET_ERR err = Seek(a[i]);
        if (err == JET_errRecordNotFound) {
            ReplyNull(&replies);
            continue;
        }
        std::string v;
        if (err >= 0) err = ReadCurrent(&v);
        if (err < 0) return Failed(err, out);
        ReplyBulk(&replies, v);
    }
    ReplyArrayHeader(out, a.size() - 1);
    out->append(replies);
    return Outcome::kDone;
}

Keyspace::Outcome Keyspace::MSet(const std::vector<std::string>& a, std::string* out) {
    if (a.size() % 2 != 1) {
        ReplyError(out, ArityError("mset"));
        return Outcome::kDone;
    }
    for (std::size_t i = 1; i < a.size(); i += 2) {
        if (KeyTooLong(a[i], out)) return Outcome::kDone;
    }
    for (std::size_t i = 1; i < a.size(); i += 2) {
        JET_ERR err = Seek(a[i]);
        if (err < 0 && err != JET_errRecordNotFound) return Failed(err, out);
        err = Write(a[i], a[i + 1], err == JET_errRecordNotFound);
        if (err < 0) return Failed(err, out);
    }
    ReplySimple(out, "OK");
    return Outcome::kDone;
}

Keyspace::Outcome Keyspace::DbSize(std::string* out) {
    JET_ULONG n = 0;
    JET_ERR err = JetMove(ses_, t_, JET_MoveFirst, 0);
    if (err == JET_errNoCurrentRecord) {
        ReplyInteger(out, 0);
        return Outcome::kDone;
    }
    if (err >= 0) err = JetIndexRecordCount(ses_, t_, &n, 0);
    if (err < 0) return Failed(err, out);
    ReplyInteger(out, static_cast<long long>(n));
    return Outcome::kDone;
}

Keyspace::Outcome Keyspace::FlushDb(std::string* out) {
    JET_ERR err = JetMove(ses_, t_, JET_MoveFirst, 0);
    while (err >= 0) {
        err = JetDelete(ses_, t_);
        if (err >= 0) err = JetMove(ses_, t_, JET_MoveNext, 0);
    }
    if (err != JET_errNoCurrentRecord) return Failed(err, out);
    ReplySimple(out, "OK");
    return Outcome::kDone;
}

Keyspace::Outcome Keyspace::Type(const std::vector<std::string>& a, std::string* out) {
    if (a[1].size() > s_.max_key) {
        ReplySimple(out, "none");
        return Outcome::kDone;
    }
    const JET_ERR err = Seek(a[1]);
    if (err < 0 && err != JET_errRecordNotFound) return Failed(err, out);
    ReplySimple(out, err >= 0 ? "string" : "none");
    return Outcome::kDone;
}

}  // namespace jetstore::server
