/*
 * powercut-fs: a FUSE passthrough for power-cut tests.
 *
 *   powercut-fs <backing-dir> <mountpoint> [fuse options]
 *
 * Data written through the mount is held in memory, page by page, the way a kernel page cache holds it, and
 * reaches the backing directory only when fsync/fdatasync flushes that file. Reads see the written data.
 * Metadata (create, mkdir, rename, unlink, link, chmod, chown) goes to the backing directory at once, the
 * way a journalling filesystem commits it soon after the call: a cut may leave a file that exists but lost
 * the data nobody flushed, which is the case durability code has to survive.
 *
 * SIGUSR1 is the power cut: every unflushed page is dropped and the filesystem freezes (every later call
 * fails with EIO), so nothing written after the cut can land either. Unmounting a filesystem that was not
 * cut flushes everything, as a clean shutdown would.
 *
 * The idea is Jepsen's LazyFS; this is a small implementation of that idea for the tests of this repository.
 */
#define FUSE_USE_VERSION 31
#define _GNU_SOURCE
#include <fuse.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <unistd.h>

#define PAGE 4096
#define PAGE_BUCKETS 1024
#define INODE_BUCKETS 4096

struct page {
  off_t index;
  struct page *next;
  unsigned char data[PAGE];
};

/* The unflushed state of one backing file (by inode number: it survives renames). */
struct inode {
  ino_t ino;
  struct inode *next;
  pthread_mutex_t lock;
  int dirty;       /* has pages or a size that differ from the backing file */
  int fd;          /* the backing file while dirty: a clean unmount flushes files nobody holds open */
  off_t size;      /* the size readers see */
  off_t floor;     /* backing bytes at or past this offset were truncated away (read as zeros) */
  struct page *pages[PAGE_BUCKETS];
};

static int root_fd = -1;
static volatile sig_atomic_t frozen = 0;
static atomic_long dirty_pages = 0;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct inode *inodes[INODE_BUCKETS];

#define CHECK_FROZEN() do { if (frozen) return -EIO; } while (0)

static const char *rel(const char *path) { return path[1] ? path + 1 : "."; }

static struct inode *inode_of(ino_t ino) {
  pthread_mutex_lock(&table_lock);
  struct inode **slot = &inodes[ino % INODE_BUCKETS], *n = *slot;
  while (n && n->ino != ino) n = n->next;
  if (!n) {
    n = calloc(1, sizeof *n);
    n->ino = ino;
    pthread_mutex_init(&n->lock, NULL);
    n->next = *slot;
    *slot = n;
  }
  pthread_mutex_unlock(&table_lock);
  return n;
}

static struct page *page_find(struct inode *n, off_t index) {
  struct page *p = n->pages[index % PAGE_BUCKETS];
  while (p && p->index != index) p = p->next;
  return p;
}

/* Bytes of the backing file as they read now: zeros past `floor` and past its end. */
static void backing_read(int fd, struct inode *n, unsigned char *buf, size_t len, off_t off) {
  memset(buf, 0, len);
  if (off >= n->floor) return;
  size_t want = (size_t)(n->floor - off) < len ? (size_t)(n->floor - off) : len;
  size_t got = 0;
  while (got < want) {
    ssize_t r = pread(fd, buf + got, want - got, off + (off_t)got);
    if (r <= 0) break;
    got += (size_t)r;
  }
}

/* Starts tracking a file: its size and floor are the backing file's. */
static void inode_begin(struct inode *n, int fd) {
  if (n->dirty) return;
  struct stat st;
  if (fstat(fd, &st) == 0) n->size = n->floor = st.st_size;
  n->fd = dup(fd);
  n->dirty = 1;
}

static struct page *page_get(struct inode *n, int fd, off_t index) {
  struct page *p = page_find(n, index);
  if (p) return p;
  p = malloc(sizeof *p);
  p->index = index;
  /* floor <= size always, so past the size this reads zeros */
  backing_read(fd, n, p->data, PAGE, index * PAGE);
  p->next = n->pages[index % PAGE_BUCKETS];
  n->pages[index % PAGE_BUCKETS] = p;
  atomic_fetch_add(&dirty_pages, 1);
  return p;
}

static void pages_drop(struct inode *n, off_t from_index) {
  for (int b = 0; b < PAGE_BUCKETS; b++) {
    struct page **pp = &n->pages[b];
    while (*pp) {
      if ((*pp)->index >= from_index) {
        struct page *gone = *pp;
        *pp = gone->next;
        free(gone);
        atomic_fetch_sub(&dirty_pages, 1);
      } else {
        pp = &(*pp)->next;
      }
    }
  }
}

static void inode_truncate(struct inode *n, int fd, off_t size) {
  inode_begin(n, fd);
  if (size < n->size) {
    pages_drop(n, (size + PAGE - 1) / PAGE);
    struct page *p = page_find(n, size / PAGE);
    if (p && size % PAGE) memset(p->data + size % PAGE, 0, PAGE - size % PAGE);
  }
  if (size < n->floor) n->floor = size;
  n->size = size;
}

/* Writes what is held for this file to the backing file and syncs it: fsync, fdatasync. */
static int inode_flush(struct inode *n, int fd, int datasync) {
  if (n->dirty) {
    if (ftruncate(fd, n->floor) != 0) return -errno;
    for (int b = 0; b < PAGE_BUCKETS; b++) {
      for (struct page *p = n->pages[b]; p; p = p->next) {
        off_t start = p->index * PAGE;
        if (start >= n->size) continue;
        size_t len = n->size - start < PAGE ? (size_t)(n->size - start) : PAGE;
        if (pwrite(fd, p->data, len, start) != (ssize_t)len) return -EIO;
      }
    }
    if (ftruncate(fd, n->size) != 0) return -errno;
    pages_drop(n, 0);
    n->floor = n->size;
    n->dirty = 0;
    close(n->fd);
    n->fd = -1;
  }
  return (datasync ? fdatasync(fd) : fsync(fd)) == 0 ? 0 : -errno;
}

static int open_fd_of(const char *path, struct fuse_file_info *fi, int *owned) {
  *owned = 0;
  if (fi) return (int)fi->fh;
  int fd = openat(root_fd, rel(path), O_RDWR | O_NOFOLLOW);
  if (fd < 0) return -errno;
  *owned = 1;
  return fd;
}

static void own(const char *path, int flags) {
  struct fuse_context *c = fuse_get_context();
  if (fchownat(root_fd, rel(path), c->uid, c->gid, flags) != 0) { /* the caller may be root already */ }
}

/* ------------------------------------------------------------------ operations */

static void *pc_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
  (void)conn;
  cfg->use_ino = 1;
  /* The kernel must not answer reads from a cache of its own across opens: we are the cache. */
  cfg->kernel_cache = 0;
  cfg->attr_timeout = 0;
  cfg->entry_timeout = 0;
  cfg->negative_timeout = 0;
  return NULL;
}

static int pc_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
  CHECK_FROZEN();
  int r = fi ? fstat((int)fi->fh, st) : fstatat(root_fd, rel(path), st, AT_SYMLINK_NOFOLLOW);
  if (r != 0) return -errno;
  if (S_ISREG(st->st_mode)) {
    struct inode *n = inode_of(st->st_ino);
    pthread_mutex_lock(&n->lock);
    if (n->dirty) { st->st_size = n->size; st->st_blocks = (n->size + 511) / 512; }
    pthread_mutex_unlock(&n->lock);
  }
  return 0;
}

static int pc_open(const char *path, struct fuse_file_info *fi) {
  CHECK_FROZEN();
  /* Always read-write underneath, so any descriptor can flush what others wrote (fsync flushes the file, not
   * the descriptor); the caller's access was checked by the kernel (default_permissions). O_TRUNC comes as a
   * separate truncate and must stay unflushed, O_APPEND is handled in write. */
  int flags = (fi->flags & ~(O_ACCMODE | O_TRUNC | O_APPEND | O_CREAT | O_EXCL)) | O_RDWR;
  int fd = openat(root_fd, rel(path), flags);
  if (fd < 0) return -errno;
  fi->fh = (uint64_t)fd;
  return 0;
}

static int pc_create(const char *path, mode_t mode, struct fuse_file_info *fi) {
  CHECK_FROZEN();
  int fd = openat(root_fd, rel(path), (fi->flags & ~(O_ACCMODE | O_TRUNC | O_APPEND)) | O_RDWR | O_CREAT, mode);
  if (fd < 0) return -errno;
  own(path, 0);
  fi->fh = (uint64_t)fd;
  return 0;
}

static int pc_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
  (void)path;
  CHECK_FROZEN();
  int fd = (int)fi->fh;
  struct stat st;
  if (fstat(fd, &st) != 0) return -errno;
  struct inode *n = inode_of(st.st_ino);
  pthread_mutex_lock(&n->lock);
  if (!n->dirty) {
    pthread_mutex_unlock(&n->lock);
    ssize_t r = pread(fd, buf, size, off);
    return r < 0 ? -errno : (int)r;
  }
  if (off >= n->size) { pthread_mutex_unlock(&n->lock); return 0; }
  if ((off_t)size > n->size - off) size = (size_t)(n->size - off);
  size_t done = 0;
  while (done < size) {
    off_t at = off + (off_t)done;
    size_t in_page = PAGE - (size_t)(at % PAGE);
    size_t len = size - done < in_page ? size - done : in_page;
    struct page *p = page_find(n, at / PAGE);
    if (p) memcpy(buf + done, p->data + at % PAGE, len);
    else backing_read(fd, n, (unsigned char *)buf + done, len, at);
    done += len;
  }
  pthread_mutex_unlock(&n->lock);
  return (int)size;
}

static int pc_write(const char *path, const char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
  (void)path;
  CHECK_FROZEN();
  int fd = (int)fi->fh;
  struct stat st;
  if (fstat(fd, &st) != 0) return -errno;
  struct inode *n = inode_of(st.st_ino);
  pthread_mutex_lock(&n->lock);
  inode_begin(n, fd);
  if (fi->flags & O_APPEND) off = n->size;
  size_t done = 0;
  while (done < size) {
    off_t at = off + (off_t)done;
    size_t in_page = PAGE - (size_t)(at % PAGE);
    size_t len = size - done < in_page ? size - done : in_page;
    memcpy(page_get(n, fd, at / PAGE)->data + at % PAGE, buf + done, len);
    done += len;
  }
  if (off + (off_t)size > n->size) n->size = off + (off_t)size;
  pthread_mutex_unlock(&n->lock);
  return (int)size;
}

static int pc_truncate(const char *path, off_t size, struct fuse_file_info *fi) {
  CHECK_FROZEN();
  int owned, fd = open_fd_of(path, fi, &owned);
  if (fd < 0) return fd;
  struct stat st;
  int r = fstat(fd, &st) == 0 ? 0 : -errno;
  if (r == 0) {
    struct inode *n = inode_of(st.st_ino);
    pthread_mutex_lock(&n->lock);
    inode_truncate(n, fd, size);
    pthread_mutex_unlock(&n->lock);
  }
  if (owned) close(fd);
  return r;
}

static int pc_fallocate(const char *path, int mode, off_t off, off_t len, struct fuse_file_info *fi) {
  (void)path;
  CHECK_FROZEN();
  if (mode != 0) return -EOPNOTSUPP;
  int fd = (int)fi->fh;
  struct stat st;
  if (fstat(fd, &st) != 0) return -errno;
  struct inode *n = inode_of(st.st_ino);
  pthread_mutex_lock(&n->lock);
  inode_begin(n, fd);
  if (off + len > n->size) inode_truncate(n, fd, off + len);
  pthread_mutex_unlock(&n->lock);
  return 0;
}

static int pc_fsync(const char *path, int datasync, struct fuse_file_info *fi) {
  (void)path;
  CHECK_FROZEN();
  int fd = (int)fi->fh;
  struct stat st;
  if (fstat(fd, &st) != 0) return -errno;
  struct inode *n = inode_of(st.st_ino);
  pthread_mutex_lock(&n->lock);
  int r = frozen ? -EIO : inode_flush(n, fd, datasync);
  pthread_mutex_unlock(&n->lock);
  return r;
}

static int pc_release(const char *path, struct fuse_file_info *fi) {
  (void)path;
  close((int)fi->fh);
  return 0;
}

static int pc_opendir(const char *path, struct fuse_file_info *fi) {
  CHECK_FROZEN();
  int fd = openat(root_fd, rel(path), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return -errno;
  fi->fh = (uint64_t)fd;
  return 0;
}

static int pc_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off, struct fuse_file_info *fi, enum fuse_readdir_flags flags) {
  (void)path; (void)off; (void)flags;
  CHECK_FROZEN();
  int fd = openat((int)fi->fh, ".", O_RDONLY | O_DIRECTORY);
  if (fd < 0) return -errno;
  DIR *d = fdopendir(fd);
  if (!d) { close(fd); return -errno; }
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    struct stat st = { .st_ino = e->d_ino, .st_mode = (mode_t)DTTOIF(e->d_type) };
    if (fill(buf, e->d_name, &st, 0, 0)) break;
  }
  closedir(d);
  return 0;
}

static int pc_fsyncdir(const char *path, int datasync, struct fuse_file_info *fi) {
  (void)path;
  CHECK_FROZEN();
  return (datasync ? fdatasync((int)fi->fh) : fsync((int)fi->fh)) == 0 ? 0 : -errno;
}

static int pc_releasedir(const char *path, struct fuse_file_info *fi) {
  (void)path;
  close((int)fi->fh);
  return 0;
}

static int pc_mkdir(const char *path, mode_t mode) {
  CHECK_FROZEN();
  if (mkdirat(root_fd, rel(path), mode) != 0) return -errno;
  own(path, AT_SYMLINK_NOFOLLOW);
  return 0;
}

static int pc_mknod(const char *path, mode_t mode, dev_t dev) {
  CHECK_FROZEN();
  if (mknodat(root_fd, rel(path), mode, dev) != 0) return -errno;
  own(path, AT_SYMLINK_NOFOLLOW);
  return 0;
}

static int pc_symlink(const char *target, const char *path) {
  CHECK_FROZEN();
  if (symlinkat(target, root_fd, rel(path)) != 0) return -errno;
  own(path, AT_SYMLINK_NOFOLLOW);
  return 0;
}

static int pc_readlink(const char *path, char *buf, size_t size) {
  CHECK_FROZEN();
  ssize_t r = readlinkat(root_fd, rel(path), buf, size - 1);
  if (r < 0) return -errno;
  buf[r] = '\0';
  return 0;
}

static int pc_unlink(const char *path) { CHECK_FROZEN(); return unlinkat(root_fd, rel(path), 0) == 0 ? 0 : -errno; }
static int pc_rmdir(const char *path) { CHECK_FROZEN(); return unlinkat(root_fd, rel(path), AT_REMOVEDIR) == 0 ? 0 : -errno; }

static int pc_rename(const char *from, const char *to, unsigned int flags) {
  CHECK_FROZEN();
  return renameat2(root_fd, rel(from), root_fd, rel(to), flags) == 0 ? 0 : -errno;
}

static int pc_link(const char *from, const char *to) {
  CHECK_FROZEN();
  return linkat(root_fd, rel(from), root_fd, rel(to), 0) == 0 ? 0 : -errno;
}

static int pc_chmod(const char *path, mode_t mode, struct fuse_file_info *fi) {
  CHECK_FROZEN();
  int r = fi ? fchmod((int)fi->fh, mode) : fchmodat(root_fd, rel(path), mode, 0);
  return r == 0 ? 0 : -errno;
}

static int pc_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi) {
  CHECK_FROZEN();
  int r = fi ? fchown((int)fi->fh, uid, gid) : fchownat(root_fd, rel(path), uid, gid, AT_SYMLINK_NOFOLLOW);
  return r == 0 ? 0 : -errno;
}

static int pc_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi) {
  CHECK_FROZEN();
  int r = fi ? futimens((int)fi->fh, tv) : utimensat(root_fd, rel(path), tv, AT_SYMLINK_NOFOLLOW);
  return r == 0 ? 0 : -errno;
}

static int pc_statfs(const char *path, struct statvfs *st) {
  (void)path;
  CHECK_FROZEN();
  return fstatvfs(root_fd, st) == 0 ? 0 : -errno;
}

static int pc_access(const char *path, int mask) {
  CHECK_FROZEN();
  return faccessat(root_fd, rel(path), mask, 0) == 0 ? 0 : -errno;
}

/* A clean unmount is a clean shutdown: what is held reaches the disk. After a cut nothing does. */
static void pc_destroy(void *data) {
  (void)data;
  if (frozen) return;
  for (int b = 0; b < INODE_BUCKETS; b++) {
    for (struct inode *n = inodes[b]; n; n = n->next) {
      if (n->dirty && n->fd >= 0) inode_flush(n, n->fd, 0);
    }
  }
}

static const struct fuse_operations ops = {
  .init = pc_init, .getattr = pc_getattr, .open = pc_open, .create = pc_create, .read = pc_read,
  .write = pc_write, .truncate = pc_truncate, .fallocate = pc_fallocate, .fsync = pc_fsync,
  .release = pc_release, .opendir = pc_opendir, .readdir = pc_readdir, .fsyncdir = pc_fsyncdir,
  .releasedir = pc_releasedir, .mkdir = pc_mkdir, .mknod = pc_mknod, .symlink = pc_symlink,
  .readlink = pc_readlink, .unlink = pc_unlink, .rmdir = pc_rmdir, .rename = pc_rename, .link = pc_link,
  .chmod = pc_chmod, .chown = pc_chown, .utimens = pc_utimens, .statfs = pc_statfs, .access = pc_access,
  .destroy = pc_destroy,
};

/* The cut: async-signal-safe, it only freezes and reports how much it dropped. */
static void on_cut(int sig) {
  (void)sig;
  frozen = 1;
  char msg[64] = "powercut-fs: cut, dropped ";
  char digits[24];
  long v = atomic_load(&dirty_pages);
  int i = 0;
  do { digits[i++] = (char)('0' + v % 10); v /= 10; } while (v && i < 20);
  size_t len = strlen(msg);
  while (i) msg[len++] = digits[--i];
  const char *tail = " unflushed pages\n";
  memcpy(msg + len, tail, strlen(tail));
  len += strlen(tail);
  if (write(STDERR_FILENO, msg, len) < 0) { /* nothing to do */ }
}

int main(int argc, char *argv[]) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s <backing-dir> <mountpoint> [fuse options]\n", argv[0]);
    return 2;
  }
  char backing[PATH_MAX];
  if (!realpath(argv[1], backing) || (root_fd = open(backing, O_RDONLY | O_DIRECTORY)) < 0) {
    perror("powercut-fs: backing dir");
    return 2;
  }
  umask(0); /* the kernel already applied the caller's umask to the modes we get */
  struct sigaction sa = { .sa_handler = on_cut };
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &sa, NULL);
  /* argv[1] is ours; fuse_main gets the program name, the mountpoint and the rest. */
  char *fargv[64];
  int fargc = 0;
  fargv[fargc++] = argv[0];
  for (int i = 2; i < argc && fargc < 60; i++) fargv[fargc++] = argv[i];
  fargv[fargc++] = "-f";
  fargv[fargc++] = "-o";
  fargv[fargc++] = "allow_other,default_permissions,fsname=powercut-fs";
  return fuse_main(fargc, fargv, &ops, NULL);
}
