"""Hostile and broken input: a clear reason or a result, within time and memory, never a crash."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.reports.parse import UnreadableDocument, parse_document
from gongkai.reports.tests.conftest import GOLDEN, SEED

INPUTS = sorted(p for p in GOLDEN.iterdir() if not p.name.endswith(".expected.json"))


def _read_or_refuse(data: bytes, name: str) -> None:
    try:
        parse_document(data, name)
    except UnreadableDocument as exc:
        assert exc.reason and "Traceback" not in exc.reason


@settings(max_examples=300, deadline=None)
@given(
    data=st.binary(max_size=4000),
    name=st.sampled_from(["x.txt", "x.html", "x.pdf", "x.docx", "x", "x.json"]),
)
def test_random_bytes(data: bytes, name: str) -> None:
    _read_or_refuse(data, name)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=3000), name=st.sampled_from(["x.txt", "x.md", "x.html"]))
def test_random_text(text: str, name: str) -> None:
    _read_or_refuse(text.encode("utf-8", "surrogatepass"), name)


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_truncated_files(path: Path) -> None:
    data = path.read_bytes()
    for fraction in (0.01, 0.1, 0.33, 0.5, 0.77, 0.95, 0.999):
        _read_or_refuse(data[: int(len(data) * fraction)], path.name)


@settings(max_examples=25, deadline=None)
@given(position=st.integers(0, 10**9), byte=st.integers(0, 255))
def test_flipped_bytes_in_a_pdf(position: int, byte: int) -> None:
    data = bytearray((GOLDEN / "hongze-district-2024.pdf").read_bytes())
    data[position % len(data)] = byte
    _read_or_refuse(bytes(data), "flipped.pdf")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "big5", "shift_jis", "latin-1"])
def test_mis_encoded_text(codec: str) -> None:
    text = SEED.read_text(encoding="utf-8")
    data = (
        text.encode(codec, errors="replace")
        if codec != "latin-1"
        else text.encode("utf-8").decode("latin-1").encode("utf-8")
    )
    _read_or_refuse(data, "seed.txt")


# Run in a child process with an address-space limit and a timeout, as a server would.
_CHILD = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))
from gongkai.reports.parse import UnreadableDocument, parse_document
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
try:
    report, _ = parse_document(data, sys.argv[2])
    print("OK", len(report.cells))
except UnreadableDocument as exc:
    print("UNREADABLE", exc.reason)
print("SECONDS", round(time.perf_counter() - start, 2))
"""


def _bounded(tmp_path: Path, data: bytes, name: str, seconds: float = 30) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), name],
        capture_output=True,
        text=True,
        timeout=seconds + 15,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert time.perf_counter() - started < seconds + 10
    return result.stdout


def _table_page(rows: int, attrs: str = "") -> bytes:
    row = f"<tr><td {attrs}>行政许可</td><td>1</td><td>2</td><td>3</td></tr>"
    return (
        "<html><body><h1>某局2022年政府信息公开工作年度报告</h1><table>"
        + row * rows
        + "</table></body></html>"
    ).encode()


def _many_pages_pdf(pages: int) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(1100):
            member.write(b"<w:p>" * 200_000)
    return buffer.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "make", "expect"),
    [
        ("huge-table.html", lambda: _table_page(19_000), "OK"),
        ("too-many-rows.html", lambda: _table_page(25_000), "UNREADABLE 网页中的表格有 25000 行"),
        ("span-bomb.html", lambda: _table_page(3_000, 'rowspan="200" colspan="200"'), "UNREADABLE"),
        (
            "deep.html",
            lambda: (
                "<div>" * 200_000 + "某局2021年政府信息公开工作年度报告" + "</div>" * 200_000
            ).encode(),
            "OK",
        ),
        ("bomb.docx", _zip_bomb, "UNREADABLE Word 文件解压后过大"),
        ("many-pages.pdf", lambda: _many_pages_pdf(400), "UNREADABLE PDF 有 400 页"),
        (
            "huge.txt",
            lambda: ("一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n" * 150_000).encode(),
            "UNREADABLE 文本行数过多",
        ),
        (
            "long-line.txt",
            lambda: ("某局2021年政府信息公开工作年度报告\n" + "公开" * 5_000_000).encode(),
            "OK",
        ),
    ],
)
def test_adversarial_input_within_bounds(
    tmp_path: Path, name: str, make: object, expect: str
) -> None:
    out = _bounded(tmp_path, make(), name)  # type: ignore[operator]
    assert out.startswith(expect), out


def _random_cjk_lines(size: int) -> bytes:
    rng = __import__("random").Random(13)
    lines, total = [], 0
    while total < size:
        line = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(5, 80)))
        lines.append(line)
        total += len(line.encode())
    return "\n".join(lines).encode()


@pytest.mark.parametrize(
    ("name", "make"),
    [
        # One paragraph of 1 MB (no sentence ends): joining its wrapped lines and searching it
        # for a title were quadratic (180 KB took 24 s).
        ("pasted.txt", lambda: _random_cjk_lines(1_000_000)),
        (
            "junk.html",
            lambda: bytes(
                __import__("random").Random(7).randint(0x81, 0xFE) for _ in range(200_000)
            ),
        ),
        (
            "repeated.txt",
            lambda: "\n".join(
                f"| 行政许可 | {i % 97} | {i % 89} |" for i in range(20_000)
            ).encode(),
        ),
    ],
)
def test_pasted_junk_is_answered_in_linear_time(name: str, make: object) -> None:
    from gongkai.reports.checks import check_document

    data = make()  # type: ignore[operator]
    started = time.perf_counter()
    try:
        _, findings = check_document(data, name)
    except UnreadableDocument as exc:
        assert "年度报告" in exc.reason
        findings = []
    # Quadratic took 24 s on 180 KB; linear takes well under a second, so 5 s leaves room for a
    # loaded machine (CI runs three passes beside other work) and still catches the quadratic.
    assert time.perf_counter() - started < 5
    assert len(findings) < 30  # a row printed 20,000 times is one ROW_DUPLICATE, not 19,999
