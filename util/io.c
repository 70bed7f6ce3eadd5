/* util/io.c — file reading and atomic output. */
#include "util/io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

fr_status fr_read_file(const char *path, fr_buf *out, fr_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp)
        return fr_fail(err, FR_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (!is_stdin && fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(fp);
        return fr_fail(err, FR_EIO, "%s: is a directory", path);
    }
    if (!is_stdin && fstat(fileno(fp), &st) == 0 && st.st_size > 0 &&
        fr_buf_reserve(out, (size_t)st.st_size) != FR_OK) {
        fclose(fp);
        return fr_fail(err, FR_ENOMEM, "%s: out of memory", path);
    }
    for (;;) {
        if (fr_buf_reserve(out, 1 << 16) != FR_OK) {
            if (!is_stdin)
                fclose(fp);
            return fr_fail(err, FR_ENOMEM, "%s: out of memory", path);
        }
        size_t room = out->cap - out->len - 1;
        size_t got = fread(out->data + out->len, 1, room, fp);
        out->len += got;
        out->data[out->len] = '\0';
        if (got < room) {
            if (ferror(fp)) {
                int e = errno;
                if (!is_stdin)
                    fclose(fp);
                return fr_fail(err, FR_EIO, "%s: read error: %s", path, strerror(e));
            }
            break;
        }
    }
    if (!is_stdin)
        fclose(fp);
    return FR_OK;
}

fr_status fr_outfile_open(fr_outfile *o, const char *path, fr_error *err)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return FR_OK;
    }
    size_t n = strlen(path);
    o->path = strdup(path);
    o->tmp = malloc(n + 16);
    if (!o->path || !o->tmp) {
        free(o->path);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        return fr_fail(err, FR_ENOMEM, "out of memory");
    }
    memcpy(o->tmp, path, n);
    memcpy(o->tmp + n, ".tmp.XXXXXX", 12);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        fr_status s = fr_fail(err, FR_EIO, "%s: cannot create: %s", path, strerror(errno));
        free(o->path);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        return s;
    }
    o->fp = fdopen(fd, "wb");
    if (!o->fp) {
        fr_status s = fr_fail(err, FR_EIO, "%s: cannot open: %s", path, strerror(errno));
        close(fd);
        unlink(o->tmp);
        free(o->path);
        free(o->tmp);
        memset(o, 0, sizeof *o);
        return s;
    }
    /* mkstemp creates 0600; an output file should get the usual umask-governed mode. */
    mode_t um = umask(0);
    umask(um);
    fchmod(fd, (mode_t)(0666 & ~um));
    return FR_OK;
}

fr_status fr_outfile_commit(fr_outfile *o, fr_error *err)
{
    if (!o->fp)
        return FR_OK;
    if (!o->path) {
        int bad = fflush(o->fp) != 0 || ferror(o->fp);
        o->fp = NULL;
        return bad ? fr_fail(err, FR_EIO, "stdout: write error: %s", strerror(errno)) : FR_OK;
    }
    int bad = fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0;
    int e = errno;
    if (fclose(o->fp) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    o->fp = NULL;
    if (!bad && rename(o->tmp, o->path) != 0) {
        bad = 1;
        e = errno;
    }
    fr_status s = FR_OK;
    if (bad) {
        unlink(o->tmp);
        s = fr_fail(err, FR_EIO, "%s: write error: %s", o->path, strerror(e));
    }
    free(o->path);
    free(o->tmp);
    o->path = o->tmp = NULL;
    return s;
}

void fr_outfile_abort(fr_outfile *o)
{
    if (o->fp && o->path) {
        fclose(o->fp);
        unlink(o->tmp);
    }
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
}
