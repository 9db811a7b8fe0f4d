/* The SIGSYS report handler as position-independent bytes (gen/report_blob.c), for a
 * launcher to place in a program that does not load libsandbox.so. Offsets are from the
 * start of the blob; sb_report_blob_size covers the code and the zeroed data after it. */
#ifndef SB_REPORT_BLOB_H
#define SB_REPORT_BLOB_H
extern const unsigned char sb_report_blob[];
extern const unsigned long sb_report_blob_len;       /* bytes to copy */
extern const unsigned long sb_report_blob_handler;   /* sb_report_handler */
extern const unsigned long sb_report_blob_restorer;  /* rt_sigreturn trampoline */
extern const unsigned long sb_report_blob_data;      /* struct sb_report_data */
extern const unsigned long sb_report_blob_size;      /* bytes to map */
#endif
