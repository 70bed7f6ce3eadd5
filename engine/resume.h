/* engine/resume.h — checks of the résumé parser's own tables (engine/resume.c); the parser's API is
 * in engine/document.h. */
#ifndef FR_ENGINE_RESUME_H
#define FR_ENGINE_RESUME_H

/* 1 when the headings' index (their phrases in byte order) holds every phrase once, in order, and
 * finds what a scan of the table finds for each phrase and its near misses (a test). */
int fr_resume_heading_index_ok(void);

#endif
