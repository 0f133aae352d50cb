// JetEnumerateColumns. The call works in two steps so that the caller's allocator never keeps a
// block after an error: it first plans the whole output in its own memory (which columns, each
// one's code, each value's code and bytes, the long values read from the store), then copies the
// plan into blocks pfnRealloc allocates. Only the copy can fail halfway (the allocator answers
// NULL); it then frees every block it got before it returns JET_errOutOfMemory.
#include "engine/enumerate.h"

#include "engine/table_common.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace jetstore::engine {
namespace {

constexpr JET_GRBIT kEnumerateGrbits = JET_bitEnumerateCopy | JET_bitEnumerateIgnoreDefault |
                                       JET_bitEnumeratePresenceOnly | JET_bitEnumerateTaggedOnly |
                                       JET_bitEnumerateCompressOutput | JET_bitEnumerateIgnoreUserDefinedDefault;

// One JET_ENUMCOLUMNVALUE of the output, before any memory of the caller's is allocated.
struct PlannedValue {
    JET_ULONG itag = 0;
    JET_ERR err = JET_errSuccess;
    std::string_view bytes;  // what pvData receives; cbData is its size
};

// One JET_ENUMCOLUMN of the output.
struct PlannedColumn {
    JET_COLUMNID columnid = 0;
    JET_ERR err = JET_errSuccess;
    std::string_view single;           // err JET_wrnColumnSingleValue: the one value
    std::vector<PlannedValue> values;  // any other err
};

// Plans the output's columns out of one parsed record (the current record or the copy buffer).
// The planned bytes view the record, the table's default values and the long values it read, so
// the planner and the record outlive the plan.
class Planner {
public:
    Planner(CallView& view, const Cursor& c, const RecordView& rv, JET_GRBIT grbit, JET_ULONG cb_data_most)
        : view_(view), c_(c), rv_(rv), grbit_(grbit), cb_data_most_(cb_data_most) {}

    // cEnumColumnId 0: every column that has a value, in columnid order.
    [[nodiscard]] JET_ERR AllColumns(std::vector<PlannedColumn>* out) {
        std::vector<const ColumnDef*> cols;
        for (const ColumnDef& col : c_.table.columns) {
            const bool tagged = storage::KindOf(static_cast<storage::ColumnId>(col.columnid)) == ColumnKind::kTagged;
            if ((grbit_ & JET_bitEnumerateTaggedOnly) != 0 && !tagged) continue;
            if (CountOf(col) != 0) cols.push_back(&col);
        }
        std::sort(cols.begin(), cols.end(),
                  [](const ColumnDef* a, const ColumnDef* b) { return a->columnid < b->columnid; });
        out->resize(cols.size());
        for (std::size_t i = 0; i < cols.size(); ++i) {
            (*out)[i].columnid = cols[i]->columnid;
            const JET_ERR err = WholeColumn(*cols[i], CountOf(*cols[i]), &(*out)[i]);
            if (err < 0) return err;
        }
        return JET_errSuccess;
    }

    // The `n` columns listed, one planned column each. *first_id_error receives the first listed
    // column's JET_errBadColumnId / JET_errColumnNotFound (JET_errSuccess when there is none).
    // REQUIRES: every element with ctagSequence > 0 has its rgtagSequence.
    [[nodiscard]] JET_ERR Listed(const JET_ENUMCOLUMNID* ids, JET_ULONG n, std::vector<PlannedColumn>* out,
                                 JET_ERR* first_id_error) {
        *first_id_error = JET_errSuccess;
        out->resize(n);
        for (JET_ULONG i = 0; i < n; ++i) {
            const JET_ENUMCOLUMNID& want = ids[i];
            PlannedColumn& planned = (*out)[i];
            planned.columnid = want.columnid;
            if (want.columnid == 0) {
                planned.err = JET_wrnColumnSkipped;
                continue;
            }
            const ColumnDef* col =
                want.columnid <= storage::kLastTaggedColumn ? c_.table.FindColumn(want.columnid) : nullptr;
            if (col == nullptr) {
                planned.err = want.columnid > storage::kLastTaggedColumn ? JET_errBadColumnId : JET_errColumnNotFound;
                if (*first_id_error == JET_errSuccess) *first_id_error = planned.err;
                continue;
            }
            const std::uint32_t count = CountOf(*col);
            // [esent] With IgnoreDefault a column the record holds no value of reads
            // JET_wrnColumnDefault, whether or not the column has a default value: esent answers
            // from the record (the column is absent from it), not from the column's definition.
            const JET_ERR none =
                count == 0 && (grbit_ & JET_bitEnumerateIgnoreDefault) != 0 ? JET_wrnColumnDefault : JET_wrnColumnNull;
            if (want.ctagSequence == 0) {
                if (count == 0) {
                    planned.err = none;
                    continue;
                }
                const JET_ERR err = WholeColumn(*col, count, &planned);
                if (err < 0) return err;
                continue;
            }
            planned.values.resize(want.ctagSequence);
            for (JET_ULONG j = 0; j < want.ctagSequence; ++j) {
                PlannedValue& v = planned.values[j];
                v.itag = want.rgtagSequence[j];
                if (v.itag == 0) {
                    v.err = JET_wrnColumnSkipped;
                } else if (v.itag > count) {
                    v.err = none;
                } else if ((grbit_ & JET_bitEnumeratePresenceOnly) != 0) {
                    v.err = JET_wrnColumnPresent;
                } else {
                    const JET_ERR err = ValueOf(*col, static_cast<std::uint32_t>(v.itag), &v);
                    if (err < 0) return err;
                }
            }
        }
        return JET_errSuccess;
    }

private:
    // The number of values of `col`: the record's; when it holds none, 1 for a default value
    // (read as value 1, as JetRetrieveColumn reads it) unless IgnoreDefault.
    std::uint32_t CountOf(const ColumnDef& col) const {
        const std::uint32_t n = rv_.CountValues(static_cast<storage::ColumnId>(col.columnid));
        if (n == 0 && col.default_value.has_value() && (grbit_ & JET_bitEnumerateIgnoreDefault) == 0) return 1;
        return n;
    }

    // Whether value `itag` of `col` is a long value stored apart from the record.
    bool StoredApart(const ColumnDef& col, std::uint32_t itag) const {
        storage::ColumnValue v;
        return rv_.Find(static_cast<storage::ColumnId>(col.columnid), itag, &v) == storage::Presence::kValue &&
               v.separated;
    }

    // Every value of `col`, which has `count` (>= 1) of them, asked for whole.
    [[nodiscard]] JET_ERR WholeColumn(const ColumnDef& col, std::uint32_t count, PlannedColumn* out) {
        if ((grbit_ & JET_bitEnumeratePresenceOnly) != 0) {
            out->err = JET_wrnColumnPresent;
            return JET_errSuccess;
        }
        if ((grbit_ & JET_bitEnumerateCompressOutput) != 0 && count == 1 && !StoredApart(col, 1)) {
            PlannedValue v;
            const JET_ERR err = ValueOf(col, 1, &v);
            out->err = JET_wrnColumnSingleValue;
            out->single = v.bytes;
            return err;
        }
        out->values.resize(count);
        for (std::uint32_t i = 0; i < count; ++i) {
            out->values[i].itag = i + 1;
            const JET_ERR err = ValueOf(col, i + 1, &out->values[i]);
            if (err < 0) return err;
        }
        return JET_errSuccess;
    }

    // Value `itag` of `col`. A long value stored apart is read from the store and cut to
    // cbDataMost bytes (JET_wrnColumnTruncated). REQUIRES: 1 <= itag <= CountOf(col).
    [[nodiscard]] JET_ERR ValueOf(const ColumnDef& col, std::uint32_t itag, PlannedValue* out) {
        storage::ColumnValue v;
        if (rv_.Find(static_cast<storage::ColumnId>(col.columnid), itag, &v) != storage::Presence::kValue) {
            out->bytes = *col.default_value;  // the record holds none: CountOf counted the default
            return JET_errSuccess;
        }
        if (!v.separated) {
            out->bytes = v.bytes;
            return JET_errSuccess;
        }
        std::string& fetched = fetched_.emplace_back();
        const JET_ERR err = FetchLongValue(view_, c_.table, v.bytes, &fetched);
        if (err < 0) return err;
        out->bytes = fetched;
        if (out->bytes.size() > cb_data_most_) {
            // [esent] cbData is then cbDataMost, the size of what pvData holds.
            out->bytes = out->bytes.substr(0, cb_data_most_);
            out->err = JET_wrnColumnTruncated;
        }
        return JET_errSuccess;
    }

    CallView& view_;
    const Cursor& c_;
    const RecordView& rv_;
    const JET_GRBIT grbit_;
    const JET_ULONG cb_data_most_;
    std::deque<std::string> fetched_;  // the long values read from the store (a deque: they never move)
};

// The caller's allocator.
class CallerMemory {
public:
    CallerMemory(JET_PFNREALLOC realloc, void* context) : realloc_(realloc), context_(context) {}

    // A new block of `cb` (> 0) bytes; nullptr when the allocator fails or cb does not fit its
    // JET_ULONG.
    void* Allocate(std::size_t cb) {
        if (cb > std::numeric_limits<JET_ULONG>::max()) return nullptr;
        return realloc_(context_, nullptr, static_cast<JET_ULONG>(cb));
    }
    void Free(void* p) {
        if (p != nullptr) (void)realloc_(context_, p, 0);
    }

    // A block holding a copy of `bytes`, into *pv / *cb; none for zero bytes (*pv NULL).
    // False when the allocator fails.
    bool Copy(std::string_view bytes, void** pv, JET_ULONG* cb) {
        if (bytes.empty()) return true;
        void* p = Allocate(bytes.size());
        if (p == nullptr) return false;
        std::memcpy(p, bytes.data(), bytes.size());
        *pv = p;
        *cb = static_cast<JET_ULONG>(bytes.size());
        return true;
    }

    // Frees the `n` columns of an output (zero-filled where not yet written) and the array.
    void FreeOutput(JET_ENUMCOLUMN* cols, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            JET_ENUMCOLUMN& col = cols[i];
            if (col.err == JET_wrnColumnSingleValue) {
                Free(col.pvData);
                continue;
            }
            for (JET_ULONG j = 0; j < col.cEnumColumnValue; ++j) Free(col.rgEnumColumnValue[j].pvData);
            Free(col.rgEnumColumnValue);
        }
        Free(cols);
    }

private:
    JET_PFNREALLOC realloc_;
    void* context_;
};

// The plan, copied into the caller's memory. Nothing is allocated for an empty plan.
// JET_errOutOfMemory, with every block it allocated freed, when the allocator fails.
[[nodiscard]] JET_ERR CopyOut(const std::vector<PlannedColumn>& plan, CallerMemory& mem, JET_ULONG* pc_enum_column,
                              JET_ENUMCOLUMN** prg_enum_column) {
    if (plan.empty()) return JET_errSuccess;
    auto* cols = static_cast<JET_ENUMCOLUMN*>(mem.Allocate(plan.size() * sizeof(JET_ENUMCOLUMN)));
    if (cols == nullptr) return JET_errOutOfMemory;
    std::memset(static_cast<void*>(cols), 0, plan.size() * sizeof(JET_ENUMCOLUMN));
    for (std::size_t i = 0; i < plan.size(); ++i) {
        const PlannedColumn& planned = plan[i];
        JET_ENUMCOLUMN& out = cols[i];
        out.columnid = planned.columnid;
        out.err = planned.err;
        bool copied = true;
        if (planned.err == JET_wrnColumnSingleValue) {
            copied = mem.Copy(planned.single, &out.pvData, &out.cbData);
        } else if (!planned.values.empty()) {
            const std::size_t cb = planned.values.size() * sizeof(JET_ENUMCOLUMNVALUE);
            auto* values = static_cast<JET_ENUMCOLUMNVALUE*>(mem.Allocate(cb));
            copied = values != nullptr;
            if (copied) {
                std::memset(static_cast<void*>(values), 0, cb);
                out.rgEnumColumnValue = values;
                out.cEnumColumnValue = static_cast<JET_ULONG>(planned.values.size());
            }
            for (std::size_t j = 0; copied && j < planned.values.size(); ++j) {
                values[j].itagSequence = planned.values[j].itag;
                values[j].err = planned.values[j].err;
                copied = mem.Copy(planned.values[j].bytes, &values[j].pvData, &values[j].cbData);
            }
        }
        if (!copied) {
            mem.FreeOutput(cols, plan.size());
            return JET_errOutOfMemory;
        }
    }
    *pc_enum_column = static_cast<JET_ULONG>(plan.size());
    *prg_enum_column = cols;
    return JET_errSuccess;
}

}  // namespace

JET_ERR EnumerateColumns(JET_SESID sesid, JET_TABLEID tableid, JET_ULONG c_enum_column_id,
                         const JET_ENUMCOLUMNID* rg_enum_column_id, JET_ULONG* pc_enum_column,
                         JET_ENUMCOLUMN** prg_enum_column, JET_PFNREALLOC pfn_realloc, void* realloc_context,
                         JET_ULONG cb_data_most, JET_GRBIT grbit) {
    // [esent] The outputs read 0 and NULL after every error but the listed column ids' ones.
    if (pc_enum_column != nullptr) *pc_enum_column = 0;
    if (prg_enum_column != nullptr) *prg_enum_column = nullptr;
    CallGuard g(sesid, false);
    if (g.err() < 0) return g.err();
    CursorContext x;
    JET_ERR err = Resolve(g, tableid, &x);
    if (err < 0) return err;
    if (pc_enum_column == nullptr || prg_enum_column == nullptr || pfn_realloc == nullptr) {
        return JET_errInvalidParameter;
    }
    if ((grbit & ~kEnumerateGrbits) != 0) return JET_errInvalidGrbit;
    const bool listed = c_enum_column_id != 0;  // else rgEnumColumnId is ignored
    if (listed && (grbit & JET_bitEnumerateTaggedOnly) != 0) return JET_errInvalidGrbit;
    if (listed && rg_enum_column_id == nullptr) return JET_errInvalidParameter;
    for (JET_ULONG i = 0; listed && i < c_enum_column_id; ++i) {
        if (rg_enum_column_id[i].ctagSequence != 0 && rg_enum_column_id[i].rgtagSequence == nullptr) {
            return JET_errInvalidParameter;
        }
    }

    Cursor& c = *x.c;
    CallView view(g, *x.d, *x.odb);
    if (view.err() < 0) return view.err();
    std::string current;
    std::string_view record;
    if ((grbit & JET_bitEnumerateCopy) != 0 && c.update.active) {
        record = c.update.record;  // as JET_bitRetrieveCopy reads it
    } else {
        err = CurrentRecord(view, c, &current);
        if (err < 0) return view.Finish(err);
        record = current;
    }
    RecordView rv;
    if (!rv.Parse(record).ok()) return view.Finish(JET_errDatabaseCorrupted);
    Planner planner(view, c, rv, grbit, cb_data_most);
    std::vector<PlannedColumn> plan;
    JET_ERR id_error = JET_errSuccess;
    err = listed ? planner.Listed(rg_enum_column_id, c_enum_column_id, &plan, &id_error) : planner.AllColumns(&plan);
    err = view.Finish(err);
    if (err < 0) return err;

    CallerMemory mem(pfn_realloc, realloc_context);
    err = CopyOut(plan, mem, pc_enum_column, prg_enum_column);
    // [esent] a listed column's id error is the call's, with the output kept for the caller.
    return err < 0 ? err : id_error;
}

}  // namespace jetstore::engine
