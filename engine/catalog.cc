#include "engine/catalog.h"

#include <algorithm>
#include <cstring>

namespace jetstore::engine {
namespace {

constexpr char kTableTag = 'T';
constexpr char kColumnTag = 'C';
constexpr char kIndexTag = 'I';
constexpr char kStatsTag = 'S';
constexpr std::uint8_t kVersion = 1;

void PutBe32(std::string* s, std::uint32_t v) {
    const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                       static_cast<char>(v)};
    s->append(b, 4);
}
void PutLe32(std::string* s, std::uint32_t v) {
    const char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 24)};
    s->append(b, 4);
}
void PutLe16(std::string* s, std::uint16_t v) {
    const char b[2] = {static_cast<char>(v), static_cast<char>(v >> 8)};
    s->append(b, 2);
}

// A bounds-checked reader: any short read sets `bad`.
struct Reader {
    std::string_view in;
    bool bad = false;
    std::uint32_t Le32() {
        if (in.size() < 4) return Fail();
        std::uint32_t v = 0;
        for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(in[static_cast<std::size_t>(i)]);
        in.remove_prefix(4);
        return v;
    }
    std::uint16_t Le16() {
        if (in.size() < 2) return static_cast<std::uint16_t>(Fail());
        const auto v = static_cast<std::uint16_t>(static_cast<unsigned char>(in[0]) |
                                                  (static_cast<unsigned char>(in[1]) << 8));
        in.remove_prefix(2);
        return v;
    }
    std::uint8_t U8() {
        if (in.empty()) return static_cast<std::uint8_t>(Fail());
        const auto v = static_cast<std::uint8_t>(in[0]);
        in.remove_prefix(1);
        return v;
    }
    std::uint32_t Fail() {
        bad = true;
        in = {};
        return 0;
    }
};


bool DecodeTable(std::string_view value, TableDef* t) {
    Reader r{value};
    if (r.U8() != kVersion) return false;
    t->objid = r.Le32();
    t->pages = r.Le32();
    t->density = r.Le32();
    t->next_fixed = r.Le32();
    t->next_variable = r.Le32();
    t->next_tagged = r.Le32();
    t->lv_objid = r.Le32();
    if (r.bad) return false;
    // The optional tail (catalog.h): DDL flags and, for a derived table, its template.
    t->ddl_flags = 0;
    t->template_name.clear();
    t->inherited_indexes.clear();
    if (r.in.empty()) return true;
    t->ddl_flags = r.Le32();
    t->template_next_fixed = r.Le32();
    t->template_next_variable = r.Le32();
    t->template_next_tagged = r.Le32();
    auto str = [&r](std::string* out) {
        const std::uint16_t n = r.Le16();
        if (r.in.size() < n) return static_cast<void>(r.Fail());
        out->assign(r.in.substr(0, n));
        r.in.remove_prefix(n);
    };
    str(&t->template_name);
    const std::uint16_t n = r.Le16();
    for (std::uint16_t i = 0; i < n && !r.bad; ++i) str(&t->inherited_indexes.emplace_back());
    return !r.bad && r.in.empty();
}

bool DecodeColumn(std::string_view name, std::string_view value, ColumnDef* c) {
    Reader r{value};
    if (r.U8() != kVersion) return false;
    c->name.assign(name);
    c->columnid = r.Le32();
    c->coltyp = r.Le32();
    c->cbMax = r.Le32();
    c->grbit = r.Le32();
    c->cp = r.Le16();
    const bool has_default = r.U8() != 0;
    if (r.bad) return false;
    if (has_default) {
        c->default_value = std::string(r.in);
    } else {
        c->default_value.reset();
    }
    return true;
}

bool DecodeIndex(std::string_view name, std::string_view value, IndexDef* x) {
    Reader r{value};
    if (r.U8() != kVersion) return false;
    x->name.assign(name);
    x->objid = r.Le32();
    x->grbit = r.Le32();
    x->density = r.Le32();
    x->key_most = r.Le32();
    const std::uint8_t n = r.U8();
    x->segments.clear();
    for (std::uint8_t i = 0; i < n && !r.bad; ++i) {
        IndexSegment seg;
        seg.columnid = r.Le32();
        seg.descending = r.U8() != 0;
        x->segments.push_back(seg);
    }
    return !r.bad && r.in.empty();
}

std::string Prefix(char tag) {
    std::string k = ObjectPrefix(kCatalogObjid);
    k.push_back(tag);
    return k;
}

}  // namespace

const ColumnDef* TableDef::FindColumn(std::string_view column_name) const {
    for (const ColumnDef& c : columns) {
        if (c.name == column_name) return &c;
    }
    return nullptr;
}

const ColumnDef* TableDef::FindColumn(JET_COLUMNID id) const {
    for (const ColumnDef& c : columns) {
        if (c.columnid == id) return &c;
    }
    return nullptr;
}

const IndexDef* TableDef::FindIndex(std::string_view index_name) const {
    for (const IndexDef& i : indexes) {
        if (i.name == index_name) return &i;
    }
    return nullptr;
}

bool TableDef::Inherited(const ColumnDef& c) const {
    if (template_name.empty()) return false;
    if (c.columnid >= 256) return c.columnid < template_next_tagged;
    if (c.columnid >= 128) return c.columnid < template_next_variable;
    return c.columnid < template_next_fixed;
}

bool TableDef::Inherited(const IndexDef& x) const {
    return std::find(inherited_indexes.begin(), inherited_indexes.end(), x.name) != inherited_indexes.end();
}

const IndexDef* TableDef::PrimaryIndex() const {
    for (const IndexDef& i : indexes) {
        if (i.primary()) return &i;
    }
    return nullptr;
}

std::string ObjectPrefix(std::uint32_t objid) {
    std::string s;
    PutBe32(&s, objid);
    return s;
}

std::string TableKey(std::string_view table_name) { return Prefix(kTableTag).append(table_name); }

std::string ColumnPrefix(std::uint32_t table_objid) {
    std::string k = Prefix(kColumnTag);
    PutBe32(&k, table_objid);
    return k;
}

std::string IndexPrefix(std::uint32_t table_objid) {
    std::string k = Prefix(kIndexTag);
    PutBe32(&k, table_objid);
    return k;
}

std::string ColumnKey(std::uint32_t table_objid, std::string_view column_name) {
    return ColumnPrefix(table_objid).append(column_name);
}

std::string StatsKey(std::uint32_t table_objid) {
    std::string k = Prefix(kStatsTag);
    PutBe32(&k, table_objid);
    return k;
}

std::string EncodeStats(std::uint32_t records, std::uint32_t pages) {
    std::string v(1, static_cast<char>(kVersion));
    PutLe32(&v, records);
    PutLe32(&v, pages);
    return v;
}

std::string IndexKey(std::uint32_t table_objid, std::string_view index_name) {
    return IndexPrefix(table_objid).append(index_name);
}

std::string EncodeTable(const TableDef& t) {
    std::string v(1, static_cast<char>(kVersion));
    PutLe32(&v, t.objid);
    PutLe32(&v, t.pages);
    PutLe32(&v, t.density);
    PutLe32(&v, t.next_fixed);
    PutLe32(&v, t.next_variable);
    PutLe32(&v, t.next_tagged);
    PutLe32(&v, t.lv_objid);
    if (t.ddl_flags == 0 && t.template_name.empty()) return v;  // the tail is written only when needed
    PutLe32(&v, t.ddl_flags);
    PutLe32(&v, t.template_next_fixed);
    PutLe32(&v, t.template_next_variable);
    PutLe32(&v, t.template_next_tagged);
    auto str = [&v](std::string_view x) {
        PutLe16(&v, static_cast<std::uint16_t>(x.size()));
        v.append(x);
    };
    str(t.template_name);
    PutLe16(&v, static_cast<std::uint16_t>(t.inherited_indexes.size()));
    for (const std::string& name : t.inherited_indexes) str(name);
    return v;
}

std::string EncodeColumn(const ColumnDef& c) {
    std::string v(1, static_cast<char>(kVersion));
    PutLe32(&v, c.columnid);
    PutLe32(&v, static_cast<std::uint32_t>(c.coltyp));
    PutLe32(&v, c.cbMax);
    PutLe32(&v, static_cast<std::uint32_t>(c.grbit));
    PutLe16(&v, c.cp);
    v.push_back(c.default_value ? 1 : 0);
    if (c.default_value) v.append(*c.default_value);
    return v;
}

std::string EncodeIndex(const IndexDef& x) {
    std::string v(1, static_cast<char>(kVersion));
    PutLe32(&v, x.objid);
    PutLe32(&v, static_cast<std::uint32_t>(x.grbit));
    PutLe32(&v, x.density);
    PutLe32(&v, x.key_most);
    v.push_back(static_cast<char>(x.segments.size()));
    for (const IndexSegment& s : x.segments) {
        PutLe32(&v, s.columnid);
        v.push_back(s.descending ? 1 : 0);
    }
    return v;
}

JET_ERR LoadTable(storage::KvIterator& view, std::string_view table_name, TableDef* out) {
    const std::string tkey = TableKey(table_name);
    storage::Status s = view.SeekGE(tkey);
    if (!s.ok()) return JET_errDiskIO;
    if (!view.Valid() || view.key() != tkey) return JET_errObjectNotFound;
    TableDef t;
    t.name.assign(table_name);
    if (!DecodeTable(view.value(), &t)) return JET_errDatabaseCorrupted;

    const std::string cprefix = ColumnPrefix(t.objid);
    for (s = view.SeekGE(cprefix); s.ok() && view.Valid() && HasPrefix(view.key(), cprefix); s = view.Next()) {
        ColumnDef c;
        if (!DecodeColumn(view.key().substr(cprefix.size()), view.value(), &c)) return JET_errDatabaseCorrupted;
        t.columns.push_back(std::move(c));
    }
    if (!s.ok()) return JET_errDiskIO;
    const std::string iprefix = IndexPrefix(t.objid);
    for (s = view.SeekGE(iprefix); s.ok() && view.Valid() && HasPrefix(view.key(), iprefix); s = view.Next()) {
        IndexDef x;
        if (!DecodeIndex(view.key().substr(iprefix.size()), view.value(), &x)) return JET_errDatabaseCorrupted;
        t.indexes.push_back(std::move(x));
    }
    if (!s.ok()) return JET_errDiskIO;
    const std::string skey = StatsKey(t.objid);
    s = view.SeekGE(skey);
    if (!s.ok()) return JET_errDiskIO;
    if (view.Valid() && view.key() == skey) {
        Reader r{view.value()};
        if (r.U8() != kVersion) return JET_errDatabaseCorrupted;
        t.stats_records = r.Le32();
        t.stats_pages = r.Le32();
        if (r.bad) return JET_errDatabaseCorrupted;
    }
    *out = std::move(t);
    return JET_errSuccess;
}

JET_ERR ListTables(storage::KvIterator& view, std::vector<TableDef>* out) {
    const std::string prefix = Prefix(kTableTag);
    storage::Status s;
    for (s = view.SeekGE(prefix); s.ok() && view.Valid() && HasPrefix(view.key(), prefix); s = view.Next()) {
        TableDef t;
        t.name.assign(view.key().substr(prefix.size()));
        if (!DecodeTable(view.value(), &t)) return JET_errDatabaseCorrupted;
        out->push_back(std::move(t));
    }
    if (!s.ok()) return JET_errDiskIO;
    // Index object ids count too (the caller wants the largest id in use).
    for (TableDef& t : *out) {
        const std::string iprefix = IndexPrefix(t.objid);
        for (s = view.SeekGE(iprefix); s.ok() && view.Valid() && HasPrefix(view.key(), iprefix); s = view.Next()) {
            IndexDef x;
            if (DecodeIndex(view.key().substr(iprefix.size()), view.value(), &x)) t.indexes.push_back(std::move(x));
        }
        if (!s.ok()) return JET_errDiskIO;
    }
    return JET_errSuccess;
}

JET_ERR CheckName(const char* name) {
    if (name == nullptr) return JET_errInvalidParameter;
    const std::size_t n = std::strlen(name);
    if (n == 0 || n > JET_cbNameMost || name[0] == ' ') return JET_errInvalidName;
    for (std::size_t i = 0; i < n; ++i) {
        const auto ch = static_cast<unsigned char>(name[i]);
        if (ch < 0x20 || ch == '!' || ch == '.' || ch == '[' || ch == ']') return JET_errInvalidName;
    }
    return JET_errSuccess;
}

}  // namespace jetstore::engine
