/* esent.h is a self-contained C99 header: this program includes nothing else, uses its types,
 * constants and structs, and makes a few calls. Built with -std=c99 -pedantic (and the project's
 * -Werror). Exit status: 0, or the number of the first check that failed. */
#include <esent.h>

/* Compile-time checks of the ABI conventions (esent.h, convention 1). */
#define STATIC_CHECK(name, cond) typedef char static_check_##name[(cond) ? 1 : -1]
#ifdef JETSTORE_WINDOWS_ABI
STATIC_CHECK(err_is_int32, sizeof(JET_ERR) == 4 && sizeof(JET_ULONG) == 4);  /* esent.dll's layout */
#else
STATIC_CHECK(err_is_long, sizeof(JET_ERR) == sizeof(long) && sizeof(JET_ULONG) == sizeof(unsigned long));
#endif
STATIC_CHECK(handles_are_pointer_wide, sizeof(JET_INSTANCE) == sizeof(void *) && sizeof(JET_SESID) == sizeof(void *));
STATIC_CHECK(grbit_is_unsigned_long, sizeof(JET_GRBIT) == sizeof(JET_ULONG));
STATIC_CHECK(handles_are_unsigned, (JET_SESID)-1 > 0);
STATIC_CHECK(sesid_nil_is_all_ones, JET_sesidNil == (JET_SESID)-1 && JET_instanceNil == (JET_INSTANCE)-1);
STATIC_CHECK(esent_values, JET_errSessionContextAlreadySet == -1912 && JET_wrnBufferTruncated == 1006 &&
                               JET_paramMaxSessions == 5 && JET_paramRecovery == 34 &&
                               JET_cMaxTransactionLevels == 7 && JET_bitTermDirty == 0x8);
STATIC_CHECK(aliases, JET_errInvalidgrbit == JET_errInvalidGrbit && JET_wrnRecordFoundLess == JET_wrnSeekNotEqual);

static JET_ERR JET_API Status(JET_SESID sesid, JET_SNP snp, JET_SNT snt, void *pv) {
    (void)sesid;
    (void)snp;
    (void)snt;
    (void)pv;
    return JET_errSuccess;
}

static int Expect(JET_ERR got, JET_ERR want) { return got == want; }

int main(void) {
    JET_INSTANCE instance = JET_instanceNil;
    JET_SESID sesid = JET_sesidNil;
    JET_API_PTR value = 0;
    JET_ULONG version = 0;
    JET_ULONG count = 0;
    JET_INSTANCE_INFO *info = NULL;
    JET_COMMIT_ID commit_id;
    char text[16];
    JET_LGPOS stop = {0, 0, 0};
    JET_RSTINFO rstinfo = {0};
    JET_SETSYSPARAM setting = {JET_paramMaxSessions, 4, NULL, JET_errSuccess};
    JET_PFNSTATUS callback = Status;
    /* esent's ...A names are aliases of the plain names. */
    JET_ERR (*begin_session)(JET_INSTANCE, JET_SESID *, JET_PCSTR, JET_PCSTR) = JetBeginSessionA;

    rstinfo.cbStruct = sizeof rstinfo;
    rstinfo.rgrstmap = NULL;
    rstinfo.crstmap = 0;
    rstinfo.lgposStop = stop;
    rstinfo.pfnStatus = callback;
    (void)rstinfo;
    (void)setting;

    if (!Expect(JetCreateInstance(&instance, "esent_header_c99"), JET_errSuccess)) return 1;
    if (instance == 0 || instance == JET_instanceNil) return 2;
    if (!Expect(JetSetSystemParameter(&instance, 0, JET_paramRecovery, 0, "off"), JET_errSuccess)) return 3;
    if (!Expect(JetSetSystemParameter(&instance, 0, JET_paramTempPath, 0, "/tmp/"), JET_errSuccess)) return 4;
    if (!Expect(JetSetSystemParameter(&instance, 0, JET_paramMaxTemporaryTables, 0, NULL), JET_errSuccess)) return 5;
    if (!Expect(JetSetSystemParameter(&instance, 0, JET_paramMaxSessions, 4, NULL), JET_errSuccess)) return 6;
    if (!Expect(JetGetSystemParameter(instance, 0, JET_paramMaxSessions, &value, NULL, 0), JET_errSuccess) ||
        value != 4)
        return 7;
    if (!Expect(JetGetSystemParameter(instance, 0, JET_paramRecovery, NULL, text, sizeof text), JET_errSuccess))
        return 8;
    if (!Expect(JetBeginSession(instance, &sesid, NULL, NULL), JET_errNotInitialized)) return 9;

    if (!Expect(JetInit(&instance), JET_errSuccess)) return 10;
    if (!Expect(JetInit(&instance), JET_errAlreadyInitialized)) return 11;
    if (!Expect(JetGetInstanceInfo(&count, &info), JET_errSuccess) || count != 1 || info == NULL ||
        info[0].hInstanceId != instance)
        return 12;
    if (!Expect(JetFreeBuffer((char *)info), JET_errSuccess)) return 13;

    if (!Expect(begin_session(instance, &sesid, NULL, NULL), JET_errSuccess)) return 14;
    if (sesid == 0 || sesid == JET_sesidNil) return 15;
    if (!Expect(JetGetVersion(sesid, &version), JET_errSuccess) || version == 0) return 16;
    if (!Expect(JetSetSessionContext(sesid, 7), JET_errSuccess)) return 17;
    if (!Expect(JetSetSessionContext(sesid, 8), JET_errSessionContextAlreadySet)) return 18;
    if (!Expect(JetEndSession(sesid, 0), JET_errSessionInUse)) return 19;
    if (!Expect(JetBeginTransaction2(sesid, JET_bitTransactionReadOnly), JET_errSuccess)) return 20;
    if (!Expect(JetCommitTransaction2(sesid, JET_bitCommitLazyFlush, 0, &commit_id), JET_errSuccess)) return 21;
    if (!Expect(JetBeginTransaction(sesid), JET_errSuccess)) return 22;
    if (!Expect(JetRollback(sesid, JET_bitRollbackAll), JET_errSuccess)) return 23;
    if (!Expect(JetRollback(sesid, 0), JET_errNotInTransaction)) return 24;
    if (!Expect(JetResetSessionContext(sesid), JET_errSuccess)) return 25;
    if (!Expect(JetResetSessionContext(sesid), JET_errSessionContextNotSetByThisThread)) return 26;
    if (!Expect(JetEndSession(sesid, JET_bitForceSessionClosed), JET_errSuccess)) return 27;
    if (!Expect(JetEndSession(sesid, 0), JET_errInvalidSesid)) return 28;

    if (!Expect(JetTerm2(instance, JET_bitTermComplete), JET_errSuccess)) return 29;
    if (!Expect(JetGetInstanceInfo(&count, &info), JET_errSuccess) || count != 0) return 30;
    JetFreeBuffer((char *)info);
    return 0;
}
