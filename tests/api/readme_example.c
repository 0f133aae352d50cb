/* The embedding example of the README: one instance, one session, a context-bound transaction. */
#include <stdio.h>
#include <esent.h>

#define CHECK(call) do { JET_ERR err_ = (call); \
    if (err_ < 0) { fprintf(stderr, "%s: error %ld\n", #call, (long)err_); return 1; } } while (0)

int main(void) {
    JET_INSTANCE instance;
    JET_SESID session;
    CHECK(JetCreateInstance(&instance, "readme"));
    CHECK(JetSetSystemParameter(&instance, 0, JET_paramRecovery, 0, "off"));
    CHECK(JetInit(&instance));
    CHECK(JetBeginSession(instance, &session, NULL, NULL));
    CHECK(JetSetSessionContext(session, 42));   /* claim the session for this thread */
    CHECK(JetBeginTransaction(session));        /* bound to context 42 */
    CHECK(JetCommitTransaction(session, 0));
    CHECK(JetResetSessionContext(session));     /* release the claim */
    CHECK(JetEndSession(session, 0));
    CHECK(JetTerm(instance));
    printf("ok\n");
    return 0;
}
