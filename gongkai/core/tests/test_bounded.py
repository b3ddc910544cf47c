"""The bounded workers: a call that wants too much memory or time is stopped with a Chinese
reason, the worker is replaced, and the next call is served as if nothing happened."""

from __future__ import annotations

import time

import pytest

from gongkai.core import bounded
from gongkai.reports.parse import UnreadableDocument


def test_a_result_and_an_exception_come_back() -> None:
    assert bounded.run("math:factorial", 10) == 3628800
    with pytest.raises(ValueError):
        bounded.run("math:factorial", -1)
    with pytest.raises(UnreadableDocument, match="文件为空"):
        bounded.run("gongkai.reports.parse:parse_document", b"  ", "empty.txt")


def test_memory_over_the_limit_is_stopped_and_the_worker_replaced() -> None:
    with pytest.raises(bounded.Overrun, match="内存超过64 MB"):
        bounded.run("builtins:bytearray", 200 << 20, limits=bounded.Limits(memory_mb=64))
    assert bounded.run("builtins:len", b"abc", limits=bounded.Limits(memory_mb=64)) == 3


def test_time_over_the_limit_is_stopped_and_the_worker_replaced() -> None:
    start = time.monotonic()
    with pytest.raises(bounded.Overrun, match="时间超过1秒"):
        bounded.run("time:sleep", 30, limits=bounded.Limits(seconds=1))
    assert time.monotonic() - start < 3
    assert bounded.run("builtins:len", "四个字符") == 4


def test_many_calls_reuse_the_workers() -> None:
    bounded.run("builtins:len", "warm")
    start = time.monotonic()
    assert [bounded.run("builtins:abs", -i) for i in range(50)] == list(range(50))
    assert time.monotonic() - start < 5  # a process start each would take 15 s or more


_KEPT: list[bytes] = []


def hoard(megabytes: int) -> int:
    """Run in a worker: keeps `megabytes` for good (as a library's cache would); its pid."""
    import os

    _KEPT.append(b"\x01" * (megabytes << 20))
    return os.getpid()


def test_a_worker_that_has_grown_is_retired_after_its_call() -> None:
    """Memory a worker keeps between files (WeasyPrint's, pdfminer's caches) is not the next
    file's fault: past half its limit the worker is replaced, so no file fails for it."""
    bounded.shutdown()
    bounded.configure(1)
    try:
        first = bounded.run("gongkai.core.tests.test_bounded:hoard", 8)
        assert bounded.run("gongkai.core.tests.test_bounded:hoard", 8) == first  # reused
        grown = bounded.run("gongkai.core.tests.test_bounded:hoard", 300)  # past 256 of 512 MB
        assert grown == first
        assert bounded.run("gongkai.core.tests.test_bounded:hoard", 8) != first  # a fresh one
    finally:
        bounded.configure(bounded.POOL_SIZE)


def test_a_files_time_limit_starts_when_the_worker_is_ready() -> None:
    """Starting a worker (the interpreter, pdfminer, python-docx: a third of a second, several on
    a loaded machine) is not the file's time: a fresh worker still has the whole limit."""
    bounded.shutdown()
    started = time.monotonic()
    assert bounded.run("builtins:len", "字", limits=bounded.Limits(seconds=0.05)) == 1
    assert time.monotonic() - started > 0.05  # the start took longer than the file may
