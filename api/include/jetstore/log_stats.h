/* jetstore's own diagnostics, not part of esent's API: what the commit log of an instance, its
 * group commit and its checkpointer have done, and what the last JetInit's crash recovery did.
 * C99; include after <esent.h>. */
#ifndef JETSTORE_LOG_STATS_H
#define JETSTORE_LOG_STATS_H

#include <esent.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint32_t cbStruct;           /* in: sizeof(JETSTORE_LOG_STATS) */
    uint32_t fRecovered;         /* the last JetInit ran crash recovery (the stop before was not clean) */
    uint64_t cCommits;           /* level-0 commits and database events that reached the log */
    uint64_t cGroups;            /* groups written (one write each) */
    uint64_t cDurableGroups;     /* groups that flushed the log (one fdatasync each) */
    uint64_t cLargestGroup;      /* commits in the largest group */
    uint64_t cbLogBytes;         /* record bytes appended to the log */
    uint64_t cLogWrites;         /* write(2) calls of the log */
    uint64_t cLogSyncs;          /* fdatasync calls of the log */
    uint64_t lGeneration;        /* the current log generation */
    uint64_t cCheckpoints;       /* checkpoints that moved changes into the databases */
    uint64_t cKeysCheckpointed;  /* keys written into the databases by checkpoints */
    uint64_t cbOverlay;          /* bytes of committed changes not yet checkpointed */
    uint64_t cReplayedRecords;   /* commit records the last JetInit replayed */
    uint64_t cbReplayed;         /* log bytes its replay scanned */
    uint64_t cusecReplay;        /* microseconds its recovery took */
} JETSTORE_LOG_STATS;

/* Fills *pstats for a running instance (not while JetTerm runs on it). With JET_paramRecovery
 * "off" the log counters are zero.
 * Returns JET_errSuccess; JET_errInvalidParameter for a NULL pointer, a cbStruct other than
 * sizeof(JETSTORE_LOG_STATS), or a handle that names no instance. */
JET_ERR JET_API JetstoreGetLogStats(JET_INSTANCE instance, JETSTORE_LOG_STATS* pstats);

#ifdef __cplusplus
}
#endif

#endif /* JETSTORE_LOG_STATS_H */
