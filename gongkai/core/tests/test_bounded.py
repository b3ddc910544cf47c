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
