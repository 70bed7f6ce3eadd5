/* util/io.c — bounded reads and atomic output. */
#include "util/io.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *fr_binary_hint(const void *bytes, size_t n)
{
    const char *p = bytes;
    if (n >= 4 && memcmp(p, "PK\x03\x04", 4) == 0)
        return " (a ZIP archive: a .docx, .odt or .xlsx file? save it as text or PDF)";
    if (n >= 4 && memcmp(p, "\xd0\xcf\x11\xe0", 4) == 0)
        return " (an OLE file: a .doc or .xls file? save it as text or PDF)";
    return "";
}

fr_status fr_read_fd(int fd, const char *name, size_t max, int flags, fr_buf *out, fr_error *err)
{
    if (max == 0 || max > FR_MAX_INPUT_BYTES)
        max = FR_MAX_INPUT_BYTES;
    size_t start = out->len;
    struct stat st;
    /* a regular file says how big it is: one allocation (never more than the limit allows) */
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        fr_buf_reserve(out, (size_t)st.st_size < max ? (size_t)st.st_size + 1 : max + 1) != FR_OK)
        return fr_fail(err, FR_ENOMEM, "%s: out of memory", name);
    for (;;) {
        size_t got = out->len - start;
        /* read at most one byte past the limit: that byte is the proof the input is too long */
        size_t want = max + 1 - got;
        if (fr_buf_reserve(out, want < (1u << 16) ? want : (1u << 16)) != FR_OK)
            return fr_fail(err, FR_ENOMEM, "%s: out of memory", name);
        size_t room = out->cap - out->len - 1;
        if (room > want)
            room = want;
        ssize_t n = read(fd, out->data + out->len, room);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            out->data[out->len] = '\0';
            return fr_fail(err, FR_EIO, "%s: read error: %s", name, strerror(e));
        }
        if (n == 0)
            break;
        char *fresh = out->data + out->len;
        out->len += (size_t)n;
        out->data[out->len] = '\0';
        const char *nul = (flags & FR_READ_TEXT) ? memchr(fresh, '\0', (size_t)n) : NULL;
        if (nul) {
            size_t at = (size_t)(nul - out->data) - start;
            out->len = start + at;
            return fr_fail_at(err, FR_EFORMAT, at, "%s:%zu: binary data (a NUL byte), not text%s", name, at,
                              fr_binary_hint(out->data + start, out->len - start));
        }
        if (out->len - start > max) {
            out->len = start + max;
            out->data[out->len] = '\0';
            return fr_fail_at(err, FR_EFORMAT, max,
                              "%s:%zu: more than %zu bytes, the input limit (--max-input-bytes; at most %zu)", name,
                              max, max, FR_MAX_INPUT_BYTES);
        }
    }
    return FR_OK;
}

fr_status fr_read_file(const char *path, fr_buf *out, fr_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return fr_fail(err, FR_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (!is_stdin && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        return fr_fail(err, FR_EIO, "%s: is a directory", path);
    }
    fr_status s = fr_read_fd(fd, path, FR_MAX_INPUT_BYTES, 0, out, err);
    if (!is_stdin)
        close(fd);
    return s;
}

/* ------------------------------------------------------------ output */

/* The file a write to `path` lands in: `path` unless it is a symlink, else the end of its chain of
 * symlinks (a relative target resolves against its link's directory) — what `sed -i
 * --follow-symlinks` replaces.  A missing end is fine (it is the file to create).  Returns a
 * malloc'd path, or NULL with errno set (ELOOP after 40 links, ENOMEM). */
static char *follow_links(const char *path)
{
    char *cur = strdup(path);
    for (int hops = 0; cur; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        if (hops == 40) {
            free(cur);
            errno = ELOOP;
            return NULL;
        }
        /* /proc's links report size 0: grow until the target fits */
        size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 256;
        char *t = NULL;
        ssize_t n;
        for (;;) {
            char *nt = realloc(t, cap);
            if (!nt) {
                free(t);
                free(cur);
                errno = ENOMEM;
                return NULL;
            }
            t = nt;
            n = readlink(cur, t, cap);
            if (n < 0 || (size_t)n < cap)
                break;
            cap *= 2;
        }
        if (n < 0) {
            int e = errno;
            free(t);
            free(cur);
            errno = e;
            return NULL;
        }
        t[n] = '\0';
        const char *slash = strrchr(cur, '/');
        if (t[0] != '/' && slash) {
            size_t dl = (size_t)(slash - cur) + 1;
            char *joined = malloc(dl + (size_t)n + 1);
            if (joined) {
                memcpy(joined, cur, dl);
                memcpy(joined + dl, t, (size_t)n + 1);
            }
            free(t);
            t = joined;
        }
        free(cur);
        cur = t;
    }
    errno = ENOMEM;
    return NULL;
}

/* Six characters for a temporary name: O_EXCL makes the file ours, the name only has to be
 * unlikely to exist (mkstemp is not used because it creates 0600 files, and reading the umask to
 * repair that would change it for every thread for a moment). */
static void tmp_suffix(char *dst, const void *salt, unsigned attempt)
{
    static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 17) ^
                 (uint64_t)(uintptr_t)salt ^ ((uint64_t)attempt * 0x9E3779B97F4A7C15u);
    /* splitmix64's finaliser spreads every input bit over the six characters */
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
    x ^= x >> 31;
    for (int i = 0; i < 6; i++, x /= 62)
        dst[i] = al[x % 62];
}

static void outfile_clear(fr_outfile *o)
{
    free(o->path);
    free(o->tmp);
    memset(o, 0, sizeof *o);
}

/* Create the temporary file beside o->path; announce it to the hook with this thread's signals
 * blocked, so that a signal handler on this thread sees either no file or an announced one. */
static int create_tmp(fr_outfile *o)
{
    size_t n = strlen(o->path);
    if (!(o->tmp = malloc(n + 16)))
        return errno = ENOMEM, -1;
    memcpy(o->tmp, o->path, n);
    memcpy(o->tmp + n, ".tmp.XXXXXX", 12);
    sigset_t all, old;
    sigfillset(&all);
    int masked = o->hook.fn && pthread_sigmask(SIG_BLOCK, &all, &old) == 0;
    int fd = -1;
    for (unsigned attempt = 0; attempt < 100 && fd < 0; attempt++) {
        tmp_suffix(o->tmp + n + 5, o, attempt);
        fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    int e = errno;
    if (fd >= 0 && o->hook.fn)
        o->hook.fn(o->hook.ctx, o->tmp, 1);
    if (masked)
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = e;
    return fd;
}

static void tmp_gone(fr_outfile *o)
{
    if (o->hook.fn)
        o->hook.fn(o->hook.ctx, o->tmp, 0);
}

fr_status fr_outfile_open_with(fr_outfile *o, const char *path, const fr_tmp_hook *hook, fr_error *err)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return FR_OK;
    }
    struct stat st, so;
    int exists = stat(path, &st) == 0;
    if (exists && fstat(1, &so) == 0 && st.st_dev == so.st_dev && st.st_ino == so.st_ino) {
        o->fp = stdout; /* -o /dev/stdout, or the file stdout is redirected to: it is stdout */
        return FR_OK;
    }
    if (exists && S_ISDIR(st.st_mode))
        return fr_fail(err, FR_EIO, "%s: is a directory", path);
    if (exists && !S_ISREG(st.st_mode)) {
        /* a device, FIFO or socket: replacing it would be wrong (as root, -o /dev/null would turn
         * /dev/null into a regular file) — write to it */
        int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
            return fr_fail(err, FR_EIO, "%s: cannot open: %s", path, strerror(errno));
        if (!(o->path = strdup(path)) || !(o->fp = fdopen(fd, "wb"))) {
            int e = errno;
            close(fd);
            outfile_clear(o);
            return fr_fail(err, e == ENOMEM ? FR_ENOMEM : FR_EIO, "%s: cannot open: %s", path, strerror(e));
        }
        return FR_OK;
    }
    if (!(o->path = follow_links(path))) {
        int e = errno;
        outfile_clear(o);
        return e == ENOMEM ? fr_fail(err, FR_ENOMEM, "out of memory")
                           : fr_fail(err, FR_EIO, "%s: cannot follow the symlink: %s", path, strerror(e));
    }
    struct stat tt;
    if (exists && (stat(o->path, &tt) != 0 || tt.st_dev != st.st_dev || tt.st_ino != st.st_ino)) {
        /* e.g. /proc/PID/fd/N of a deleted file: there is no name to replace */
        outfile_clear(o);
        return fr_fail(err, FR_EIO, "%s: cannot follow the symlink to a file that can be replaced", path);
    }
    if (hook)
        o->hook = *hook;
    int fd = create_tmp(o);
    if (fd < 0) {
        fr_status s = errno == ENOMEM ? fr_fail(err, FR_ENOMEM, "out of memory")
                                      : fr_fail(err, FR_EIO, "%s: cannot create: %s", path, strerror(errno));
        outfile_clear(o);
        return s;
    }
    if (exists) {
        /* keep the file what it was: owner and group where we may (root may; others keep theirs),
         * then the permission bits (after fchown, which may clear set-id bits) */
        if (fchown(fd, st.st_uid, st.st_gid) != 0 && fchown(fd, (uid_t)-1, st.st_gid) != 0) {
            /* not allowed: the new file is ours, as any editor's would be */
        }
        if (fchmod(fd, st.st_mode & 07777) != 0) {
            fr_status s = fr_fail(err, FR_EIO, "%s: cannot set the mode: %s", path, strerror(errno));
            close(fd);
            unlink(o->tmp);
            tmp_gone(o);
            outfile_clear(o);
            return s;
        }
    }
    if (!(o->fp = fdopen(fd, "wb"))) {
        fr_status s = fr_fail(err, FR_EIO, "%s: cannot open: %s", path, strerror(errno));
        close(fd);
        unlink(o->tmp);
        tmp_gone(o);
        outfile_clear(o);
        return s;
    }
    return FR_OK;
}

fr_status fr_outfile_open(fr_outfile *o, const char *path, fr_error *err)
{
    return fr_outfile_open_with(o, path, NULL, err);
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
    /* a device or FIFO takes no fsync (EINVAL): flushing is all there is */
    int bad = fflush(o->fp) != 0 || ferror(o->fp) || (o->tmp && !o->hook.scratch && fsync(fileno(o->fp)) != 0);
    int e = errno;
    if (fclose(o->fp) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    o->fp = NULL;
    if (!bad && o->tmp && rename(o->tmp, o->path) != 0) {
        bad = 1;
        e = errno;
    }
    fr_status s = FR_OK;
    if (bad && o->tmp)
        unlink(o->tmp);
    if (bad)
        s = fr_fail(err, FR_EIO, "%s: write error: %s", o->path, strerror(e));
    if (o->tmp)
        tmp_gone(o);
    outfile_clear(o);
    return s;
}

void fr_outfile_abort(fr_outfile *o)
{
    if (o->fp && o->path) {
        fclose(o->fp);
        if (o->tmp) {
            unlink(o->tmp);
            tmp_gone(o);
        }
    }
    outfile_clear(o);
}
