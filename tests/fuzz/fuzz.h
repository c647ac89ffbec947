/*
 * fuzz.h - what the libFuzzer harnesses share (tests/fuzz/fuzz_*.c).
 *
 * Each harness defines LLVMFuzzerTestOneInput for one parser.  It is
 * linked either with libFuzzer (configure --enable-fuzz, make fuzz) or with
 * replay.c, which runs it once on each kept input as a test.  An input for
 * a format that spans files (a 13F cover and its table, an XBRL instance
 * and its label linkbase, the clearing CSVs) holds the files in order,
 * separated by FUZZ_SEP.
 *
 * A harness aborts (which libFuzzer and the replay report as a crash) when
 * a parser breaks its contract on bad input: it must return CF_OK or
 * CF_EINPUT, and a CF_EINPUT message must start with the path of a file
 * it was given, as "path:line: ..." does.  Every path a harness gives is
 * in its scratch folder, even for a parser that reads from memory.  And
 * libxml2 must not print: a message that reaches the thread's default
 * handlers would have gone to stderr beside circfin's own.
 */
#ifndef CF_FUZZ_H
#define CF_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "import.h"

#define FUZZ_SEP "\n--circfin-fuzz-next-file--\n"
#define FUZZ_MAX_PARTS 4

struct fuzz_part {
	const char *p;
	size_t len;
};

/* Split data at FUZZ_SEP into at most max parts (the last takes the
 * rest); the number of parts, at least 1. */
size_t fuzz_split(const uint8_t *data, size_t size, struct fuzz_part *parts,
    size_t max);

/* Write part i to the file names[i] in the harness's scratch folder (made
 * on first use, removed at exit), for i < n; a name without a part is
 * removed, so that no file outlives the input that wrote it.  The path of
 * file i is fuzz_path(names[i]). */
void fuzz_write(const struct fuzz_part *parts, size_t nparts,
    const char *const *names, size_t n);
const char *fuzz_path(const char *name);

/* Abort unless rc is CF_OK, or CF_EINPUT with a message that starts
 * with the path of a file in the scratch folder and a colon. */
void fuzz_check(int rc);

/* What the batch does with the file name (in the scratch folder) once
 * its reader is chosen: parse it (a streaming reader from the file, the others from buf, which
 * the batch first refuses when empty, binary or blank), check the dataset
 * and prepare its resolution.  The return code, checked by fuzz_check. */
int fuzz_read(const struct cf_reader *r, const char *name, const char *buf,
    size_t len);

/* fuzz_write the input as the one file name, and fuzz_read it with r. */
void fuzz_read_one(const struct cf_reader *r, const char *name,
    const uint8_t *data, size_t size);

/* Run every reader's detection on buf's head, as the batch does on a
 * file's first CF_DETECT_HEAD bytes past white space. */
void fuzz_detect(const char *buf, size_t len);

/* The harness's name: its kept inputs are in tests/fuzz/corpus/NAME. */
extern const char fuzz_name[];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* CF_FUZZ_H */
