/* libesent.so driven as a binding that marshals esent.dll's interface drives it: esent.h read with
 * JETSTORE_WINDOWS_ABI (32-bit JET_ULONG / JET_ERR / ids), 28-byte JET_COLUMNDEF, and every
 * `unsigned long *` out-parameter a 4-byte slot followed by a sentinel that must survive the call.
 * Usage: esent_abi_guard FOLDER. Exit status: 0, or the line of the first failed check. */
#define _POSIX_C_SOURCE 200809L
#include <esent.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHECK(cond)                                                      \
    do {                                                                 \
        if (!(cond)) {                                                   \
            fprintf(stderr, "esent_abi_guard:%d: %s\n", __LINE__, #cond); \
            return __LINE__;                                             \
        }                                                                \
    } while (0)
#define OK(call) CHECK((call) >= 0)

/* A 4-byte out-parameter and the guard behind it, as a binding's marshalled memory lies. */
typedef struct {
    JET_ULONG value;
    uint32_t guard;
} Slot;
#define kGuard 0xA5A5A5A5u

int main(int argc, char **argv) {
    _Static_assert(sizeof(JET_ULONG) == 4 && sizeof(JET_ERR) == 4 && sizeof(JET_COLUMNDEF) == 28,
                   "built with esent.dll's layout");
    if (argc < 2) return 2;
    /* A folder of its own per run (a rerun never meets an earlier run's files). */
    char folder[4096];
    snprintf(folder, sizeof folder, "%s/run-%ld-%ld/", argv[1], (long)getpid(), (long)time(NULL));
    char path[sizeof folder + 16];
    JET_INSTANCE inst = 0;
    JET_SESID s = 0;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    OK(JetCreateInstance(&inst, "abi_guard"));
    OK(JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, folder));
    OK(JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, folder));
    OK(JetSetSystemParameter(&inst, 0, JET_paramCreatePathIfNotExist, 1, NULL));
    OK(JetInit(&inst));
    OK(JetBeginSession(inst, &s, NULL, NULL));

    Slot count = {0, kGuard};
    JET_INSTANCE_INFO *infos = NULL;
    OK(JetGetInstanceInfo(&count.value, &infos));
    CHECK(count.value == 1 && count.guard == kGuard);
    CHECK(infos[0].hInstanceId == inst && strcmp(infos[0].szInstanceName, "abi_guard") == 0);
    OK(JetFreeBuffer((char *)infos));

    Slot version = {0, kGuard};
    OK(JetGetVersion(s, &version.value));
    CHECK(version.value != 0 && version.guard == kGuard);

    snprintf(path, sizeof path, "%sabi.edb", folder);
    OK(JetCreateDatabase(s, path, NULL, &db, 0));
    OK(JetCreateTable(s, db, "t", 0, 100, &t));
    JET_COLUMNDEF def;
    memset(&def, 0, sizeof def);
    def.cbStruct = sizeof def; /* 28, as esent.dll's */
    def.coltyp = JET_coltypLong;
    JET_COLUMNID key = 0, text = 0;
    OK(JetAddColumn(s, t, "key", &def, NULL, 0, &key));
    def.coltyp = JET_coltypLongText;
    OK(JetAddColumn(s, t, "text", &def, NULL, 0, &text));
    OK(JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+key\0", 6, 100));
    /* JetAddColumn refuses a JET_COLUMNDEF of another size before reading it. */
    def.cbStruct = 48;
    CHECK(JetAddColumn(s, t, "bad", &def, NULL, 0, &text) == JET_errInvalidParameter);
    def.cbStruct = sizeof def;

    /* JetCreateIndex2 with an array of XP-form JET_INDEXCREATEs (72 bytes each, no cbKeyMost):
     * the stride is their cbStruct, and each err (at 68) is written inside its element. */
    _Static_assert(offsetof(JET_INDEXCREATE, cbKeyMost) == 72, "the XP form's size");
    struct {
        unsigned char bytes[2][72];
        uint32_t guard;
    } xp;
    memset(&xp, 0, sizeof xp);
    xp.guard = kGuard;
    const char *names[2] = {"bykey", "bykeydesc"};
    const char *keys[2] = {"+key\0", "-key\0"};
    for (int i = 0; i < 2; ++i) {
        JET_INDEXCREATE ic;
        memset(&ic, 0, sizeof ic);
        ic.cbStruct = 72;
        ic.szIndexName = (char *)names[i];
        ic.szKey = (char *)keys[i];
        ic.cbKey = (JET_ULONG)strlen(keys[i]) + 2;
        ic.ulDensity = 100;
        ic.err = -1;
        memcpy(xp.bytes[i], &ic, 72);
    }
    OK(JetCreateIndex2(s, t, (JET_INDEXCREATE *)(void *)xp.bytes, 2));
    JET_INDEXCREATE back;
    memcpy(&back, xp.bytes[1], 72);
    CHECK(back.err == JET_errSuccess && xp.guard == kGuard);
    OK(JetSetCurrentIndex(s, t, "bykeydesc"));
    OK(JetSetCurrentIndex(s, t, "pk"));
    /* A cbStruct of neither form is refused. */
    JET_INDEXCREATE odd;
    memset(&odd, 0, sizeof odd);
    odd.cbStruct = 76;
    CHECK(JetCreateIndex2(s, t, &odd, 1) == JET_errInvalidParameter);

    /* JetCreateTableColumnIndex takes the same XP-form index array: its stride is cbStruct too. */
    memset(&xp, 0, sizeof xp);
    xp.guard = kGuard;
    for (int i = 0; i < 2; ++i) {
        JET_INDEXCREATE ic;
        memset(&ic, 0, sizeof ic);
        ic.cbStruct = 72;
        ic.szIndexName = (char *)names[i];
        ic.szKey = (char *)keys[i];
        ic.cbKey = (JET_ULONG)strlen(keys[i]) + 2;
        ic.ulDensity = 100;
        ic.err = -1;
        memcpy(xp.bytes[i], &ic, 72);
    }
    JET_COLUMNCREATE cc;
    memset(&cc, 0, sizeof cc);
    cc.cbStruct = sizeof cc;
    cc.szColumnName = (char *)"key";
    cc.coltyp = JET_coltypLong;
    JET_TABLECREATE tc;
    memset(&tc, 0, sizeof tc);
    tc.cbStruct = sizeof tc;
    tc.szTableName = (char *)"xp";
    tc.ulDensity = 100;
    tc.rgcolumncreate = &cc;
    tc.cColumns = 1;
    tc.rgindexcreate = (JET_INDEXCREATE *)(void *)xp.bytes;
    tc.cIndexes = 2;
    OK(JetCreateTableColumnIndex(s, db, &tc));
    CHECK(tc.cCreated == 4 && xp.guard == kGuard);
    memcpy(&back, xp.bytes[0], 72);
    CHECK(back.err == JET_errSuccess);
    memcpy(&back, xp.bytes[1], 72);
    CHECK(back.err == JET_errSuccess);
    OK(JetSetCurrentIndex(s, tc.tableid, "bykeydesc"));
    OK(JetCloseTable(s, tc.tableid));

    OK(JetBeginTransaction(s));
    const int32_t k = 7;
    OK(JetPrepareUpdate(s, t, JET_prepInsert));
    OK(JetSetColumn(s, t, key, &k, sizeof k, 0, NULL));
    OK(JetSetColumn(s, t, text, "hello", 5, 0, NULL));
    Slot bm = {0, kGuard};
    unsigned char bookmark[256];
    OK(JetUpdate(s, t, bookmark, sizeof bookmark, &bm.value));
    CHECK(bm.value > 0 && bm.guard == kGuard);
    OK(JetCommitTransaction(s, 0));

    OK(JetMakeKey(s, t, &k, sizeof k, JET_bitNewKey));
    OK(JetSeek(s, t, JET_bitSeekEQ));
    char buf[16];
    Slot actual = {0, kGuard};
    OK(JetRetrieveColumn(s, t, text, buf, sizeof buf, &actual.value, 0, NULL));
    CHECK(actual.value == 5 && actual.guard == kGuard && memcmp(buf, "hello", 5) == 0);
    /* A truncated read reports the whole size, still in 4 bytes. */
    Slot whole = {0, kGuard};
    CHECK(JetRetrieveColumn(s, t, text, buf, 2, &whole.value, 0, NULL) == JET_wrnBufferTruncated);
    CHECK(whole.value == 5 && whole.guard == kGuard);

    /* JET_RETRIEVECOLUMN arrays in their 48-byte layout. */
    JET_RETRIEVECOLUMN rc[2];
    memset(rc, 0, sizeof rc);
    int32_t got = 0;
    rc[0].columnid = key;
    rc[0].pvData = &got;
    rc[0].cbData = sizeof got;
    rc[0].itagSequence = 1;
    rc[1].columnid = text;
    rc[1].pvData = buf;
    rc[1].cbData = sizeof buf;
    rc[1].itagSequence = 1;
    OK(JetRetrieveColumns(s, t, rc, 2));
    CHECK(got == 7 && rc[0].cbActual == 4 && rc[1].cbActual == 5 && rc[1].err == JET_errSuccess);

    /* JetMove's cRow is esent's 32-bit long. */
    OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK(JetMove(s, t, JET_MoveNext, 0) == JET_errNoCurrentRecord);
    OK(JetMove(s, t, JET_MoveLast, 0));

    /* By-value 32-bit arguments with garbage in the upper half of their 64-bit registers, as a
     * binding's marshaller may leave them (mono sign-extends some constants): the library reads
     * the low 32 bits only. The calls go through pointer types of 64-bit parameters. */
    typedef JET_ERR(JET_API * MoveWide)(JET_SESID, JET_TABLEID, uint64_t crow, uint64_t grbit);
    typedef JET_ERR(JET_API * RetrieveWide)(JET_SESID, JET_TABLEID, uint64_t columnid, void *, uint64_t cb,
                                            JET_ULONG *, uint64_t grbit, JET_RETINFO *);
    const uint64_t dirty = 0xDEADBEEF00000000ull;
    MoveWide move_wide = (MoveWide)(void (*)(void))JetMove;
    RetrieveWide retrieve_wide = (RetrieveWide)(void (*)(void))JetRetrieveColumn;
    /* JET_MoveFirst is 0x80000000: sign-extended, then dirtied. */
    OK(move_wide(s, t, 0xFFFFFFFF00000000ull | (uint32_t)JET_MoveFirst, dirty));
    Slot wide = {0, kGuard};
    memset(buf, 0, sizeof buf);
    OK(retrieve_wide(s, t, dirty | text, buf, dirty | sizeof buf, &wide.value, dirty, NULL));
    CHECK(wide.value == 5 && wide.guard == kGuard && memcmp(buf, "hello", 5) == 0);
    CHECK(move_wide(s, t, dirty | 1u, dirty) == JET_errNoCurrentRecord); /* MoveNext off the one record */

    /* Escrow on a 32-bit column. */
    def.coltyp = JET_coltypLong;
    def.grbit = JET_bitColumnEscrowUpdate | JET_bitColumnFixed;
    JET_COLUMNID counter = 0;
    const int32_t zero = 0;
    OK(JetAddColumn(s, t, "counter", &def, &zero, sizeof zero, &counter));
    OK(JetMove(s, t, JET_MoveFirst, 0));
    OK(JetBeginTransaction(s));
    int32_t delta = 3;
    int32_t old = -1;
    Slot cb_old = {0, kGuard};
    OK(JetEscrowUpdate(s, t, counter, &delta, sizeof delta, &old, sizeof old, &cb_old.value, 0));
    CHECK(old == 0 && cb_old.value == 4 && cb_old.guard == kGuard);
    OK(JetCommitTransaction(s, 0));

    OK(JetCloseTable(s, t));
    OK(JetEndSession(s, 0));
    OK(JetTerm(inst));
    puts("libesent.so: esent.dll's layout end to end, every guard intact");
    return 0;
}
