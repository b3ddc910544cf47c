"""Reading untrusted files in worker processes that cannot take the machine with them.

Every file a user hands the platform — a report to check (web, CLI), an attachment whose text is
extracted — is parsed by libraries (pdfminer, lxml, zipfile, openpyxl) that inflate, expand and
build trees as the file tells them to. A file can tell them to use gigabytes. So the parsing runs
in a small pool of reused worker processes, each started with an address-space limit
(RLIMIT_AS) and given a wall-clock limit per call: a worker that overruns either is killed and
replaced, and the caller gets `Overrun` with a Chinese reason; nothing else is affected.

No Django here. A worker is `python -m gongkai.core.bounded FD MB`, talking over a socket pair
(pickled calls and replies); it imports the parsing code once when it starts, so only a
replacement after a kill pays that (about 0.3 s).
"""

from __future__ import annotations

import atexit
import importlib
import os
import resource
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

MEMORY_MB = 512  # per worker: a report or an attachment never needs a tenth of it
SECONDS = 8.0  # per file: the longest real report (300 pages of PDF) reads in about 5 s
POOL_SIZE = 2
# A worker whose memory has grown past this share of its limit (libraries keep caches: each PDF
# WeasyPrint renders leaves some behind) is retired after the call that grew it, so the next
# file starts in a fresh one instead of failing for memory the files before it used.
RETIRE_SHARE = 0.5
# Not WeasyPrint: `gongkai check` starts a worker for every command and renders nothing (its
# half-second import is paid by the first PDF export instead).
_PRELOAD = ["gongkai.reports.checks", "gongkai.core.attachments", "pdfplumber", "docx"]
# A new worker's start (the interpreter, the imports above) is not a file's time: each call's
# limit starts once the worker says it is ready, which a loaded machine may take this long.
STARTUP_SECONDS = 60.0


class Overrun(Exception):
    """A file took more memory or time than any report or attachment may (Chinese reason)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Limits:
    memory_mb: int = MEMORY_MB
    seconds: float = SECONDS


def configure(workers: int) -> None:
    """How many files this process may have read at once (a batch: its --jobs)."""
    pool = _pool()
    with pool.available:
        pool.size = max(1, workers)
        pool.available.notify_all()


def run(function: str, *args: Any, limits: Limits | None = None) -> Any:
    """`function` ("package.module:name") called with `args` in a bounded worker: its result,
    or the exception it raised (re-raised here), or Overrun."""
    return _pool().run(function, args, limits or Limits())


def _serve(connection: Connection, memory_mb: int) -> None:
    """A worker's loop: load the parsing code, limit its own address space, then call what it
    is sent."""
    for module in _PRELOAD:
        importlib.import_module(module)
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    connection.send(("ready", None, _resident_mb()))
    functions: dict[str, Callable[..., Any]] = {}
    while True:
        try:
            function, args = connection.recv()
        except (EOFError, OSError):
            return
        try:
            if function not in functions:
                module, name = function.split(":")
                functions[function] = getattr(importlib.import_module(module), name)
            reply: tuple[str, Any] = ("ok", functions[function](*args))
        except MemoryError:
            reply = ("memory", None)
        except Exception as exc:  # the caller decides what the worker's exception means
            reply = ("raised", exc)
        try:
            connection.send((*reply, _resident_mb()))
        except MemoryError:
            connection.send(("memory", None, 0))
        except Exception as exc:  # an unpicklable result or exception
            connection.send(("failed", f"{type(exc).__name__}: {exc}", _resident_mb()))


def _resident_mb() -> int:
    """This process's resident memory now, in MB (0 where /proc is not there)."""
    try:
        pages = int(Path("/proc/self/statm").read_bytes().split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)


class _Worker:
    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gongkai.core.bounded", str(theirs.fileno()), str(memory_mb)],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self.connection = Connection(ours.detach())
        self.resident_mb = 0
        self.ready = False

    def alive(self) -> bool:
        return self.process.poll() is None

    def grown(self) -> bool:
        return self.resident_mb > self.memory_mb * RETIRE_SHARE

    def call(self, function: str, args: tuple[Any, ...], seconds: float) -> Any:
        try:
            if not self.ready:
                if not self.connection.poll(STARTUP_SECONDS):
                    raise Overrun("文件处理进程未能启动，请稍后再试")
                self.connection.recv()  # ("ready", None, resident)
                self.ready = True
            self.connection.send((function, args))
            if not self.connection.poll(seconds):
                raise Overrun(
                    f"文件处理时间超过{seconds:.0f}秒的上限，已停止（文件可能过大或结构异常）"
                )
            status, value, self.resident_mb = self.connection.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError):
            raise Overrun(
                f"文件处理所需内存超过{self.memory_mb} MB 的上限，已停止（文件可能过大或结构异常）"
            ) from None
        if status == "ok":
            return value
        if status == "memory":
            raise Overrun(
                f"文件处理所需内存超过{self.memory_mb} MB 的上限，已停止（文件可能过大或结构异常）"
            )
        if status == "raised":
            raise value
        raise Overrun(f"文件无法处理：{value}")

    def stop(self, gently: bool = False) -> None:
        """Kill it; `gently`: let it finish and exit on its own (its loop ends when the socket
        closes), killed only if it does not within a second."""
        self.connection.close()
        if not gently or not _exited(self.process, 1.0):
            self.process.kill()
            self.process.wait(timeout=5)


class _Pool:
    def __init__(self, size: int) -> None:
        self.size = size
        self.idle: list[_Worker] = []
        self.busy = 0
        self.available = threading.Condition()

    def run(self, function: str, args: tuple[Any, ...], limits: Limits) -> Any:
        worker = self._take(limits.memory_mb)
        healthy = False
        try:
            result = worker.call(function, args, limits.seconds)
            healthy = True
            return result
        except Overrun:
            raise
        except Exception:
            healthy = True  # the file's own error: the worker is fine
            raise
        finally:
            self._give_back(worker, healthy)

    def _take(self, memory_mb: int) -> _Worker:
        with self.available:
            while not self.idle and self.busy >= self.size:
                self.available.wait()
            self.busy += 1
            while self.idle:
                worker = self.idle.pop()
                if worker.alive() and worker.memory_mb == memory_mb:
                    return worker
                worker.stop()
        try:
            return _Worker(memory_mb)
        except BaseException:
            with self.available:
                self.busy -= 1
                self.available.notify()
            raise

    def _give_back(self, worker: _Worker, healthy: bool) -> None:
        if not healthy:
            worker.stop()  # killed mid-file, or out of memory: never reused
        elif worker.grown():
            healthy = False
            worker.stop(gently=True)
        with self.available:
            self.busy -= 1
            if healthy:
                self.idle.append(worker)
            self.available.notify()

    def close(self) -> None:
        """Stop the idle workers (at exit: waited for, so their use counts in this process's
        resource usage of its children)."""
        with self.available:
            idle, self.idle = self.idle, []
        for worker in idle:
            worker.stop(gently=True)


def _exited(process: subprocess.Popen[bytes], seconds: float) -> bool:
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return False
    return True


def shutdown() -> None:
    """Stop this process's idle workers (called at exit; tests call it to count them)."""
    with _lock:
        pool = _pools.get(os.getpid())
    if pool is not None:
        pool.close()


_pools: dict[int, _Pool] = {}
_lock = threading.Lock()


def _pool() -> _Pool:
    """One pool per process (a forked web worker gets its own)."""
    with _lock:
        pid = os.getpid()
        if pid not in _pools:
            _pools.clear()
            _pools[pid] = _Pool(int(os.environ.get("GONGKAI_PARSE_WORKERS", POOL_SIZE)))
        return _pools[pid]


atexit.register(shutdown)

if __name__ == "__main__":  # a worker: python -m gongkai.core.bounded FD MEMORY_MB
    _serve(Connection(int(sys.argv[1])), int(sys.argv[2]))
