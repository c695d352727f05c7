#!/usr/bin/python3
"""Read-only passthrough FUSE filesystem whose failure mode is switched at run time (test fixture).

Usage: chaosfs.py SRC MNT CTL
CTL is a file outside the mount holding one of:
  ok       pass through
  eio      every request fails with EIO
  slowN    every request sleeps N seconds (float) first, then passes through
  hang     the daemon holds every request until CTL changes (the caller cannot be killed meanwhile)
Caches are off (attr/entry/negative timeouts 0) so every stat reaches the daemon.
"""
import errno
import os
import sys
import time

from fusepy import FUSE, FuseOSError, Operations


class Chaos(Operations):
    def __init__(self, src, ctl):
        self.src = src
        self.ctl = ctl

    def _mode(self):
        try:
            with open(self.ctl) as f:
                return f.read().strip()
        except OSError:
            return "ok"

    def _check(self):
        mode = self._mode()
        if mode == "hang":
            while self._mode() == "hang":
                time.sleep(0.05)
        elif mode == "eio":
            raise FuseOSError(errno.EIO)
        elif mode.startswith("slow"):
            time.sleep(float(mode[4:] or 1))

    def _path(self, path):
        return os.path.join(self.src, path.lstrip("/"))

    def _passthrough(self, call, *args):
        try:
            return call(*args)
        except OSError as e:
            raise FuseOSError(e.errno)

    def getattr(self, path, fh=None):
        self._check()
        st = self._passthrough(os.lstat, self._path(path))
        keys = ("st_mode", "st_nlink", "st_uid", "st_gid", "st_size", "st_atime", "st_mtime", "st_ctime")
        return {k: getattr(st, k) for k in keys}

    def access(self, path, amode):
        self._check()
        if not os.access(self._path(path), amode):
            raise FuseOSError(errno.EACCES)

    def readdir(self, path, fh):
        self._check()
        return [".", ".."] + self._passthrough(os.listdir, self._path(path))

    def readlink(self, path):
        self._check()
        return self._passthrough(os.readlink, self._path(path))

    def statfs(self, path):
        self._check()
        sv = os.statvfs(self._path(path))
        keys = ("f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail", "f_ffree", "f_files", "f_flag",
                "f_frsize", "f_namemax")
        return {k: getattr(sv, k) for k in keys}

    def open(self, path, flags):
        self._check()
        return self._passthrough(os.open, self._path(path), os.O_RDONLY)

    def read(self, path, size, offset, fh):
        self._check()
        os.lseek(fh, offset, os.SEEK_SET)
        return os.read(fh, size)

    def release(self, path, fh):
        os.close(fh)


if __name__ == "__main__":
    src, mnt, ctl = sys.argv[1:4]
    FUSE(Chaos(src, ctl), mnt, foreground=True, ro=True, nothreads=False, allow_other=True,
         fsname="chaosfs", subtype="chaosfs", attr_timeout=0, entry_timeout=0, negative_timeout=0)
