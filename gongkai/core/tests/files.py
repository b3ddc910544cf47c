"""Files for tests, generated: small valid ones, and the hostile corpus every file path is
attacked with (tests and bench/hostile.py).

The hostile files are the shapes that took workers to gigabytes or minutes, or got through as
attachments: compressed data that inflates a thousandfold (PDF streams, zip members, honest and
lying sizes), XML entities that expand exponentially or reach outside, text and tables too big
or too deep for a parser's comfort, junk encodings, polyglots, truncated files, and files that
lie about their page count. Each is built in well under a second (the 1 GiB bombs are never
compressed: see `_zeros_deflated`)."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache

GIB = 1 << 30


@dataclass(frozen=True)
class Hostile:
    name: str  # the file name it is uploaded under (its extension matters to every path)
    what: str  # what it attacks
    data: bytes


def pdf(text: str = "Annual report", pages: int = 1, count: int | None = None) -> bytes:
    """A small valid PDF: `pages` pages with `text` on each (ASCII, Helvetica); `count` is the
    page count its page tree claims (default: the truth)."""
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages if count is None else count} >>".encode(),
    ]
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    for i in range(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> "
            ">> >> >>".encode()
        )
        objects.append(_stream(content))
    return _pdf_file(objects)


def docx(text: str = "年度报告") -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx(rows: list[list[object]] | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows or [["项目", "数量"], ["主动公开", 3]]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@cache
def corpus() -> tuple[Hostile, ...]:
    """The hostile files, each different in kind (at least one per shape the issue names)."""
    valid_pdf = pdf("Annual report 2021", pages=4)
    valid_docx = docx("2021年政府信息公开工作年度报告\n一、总体情况")
    return (
        Hostile("bomb-stream.pdf", "PDF 内容流解压后 1 GiB", _pdf_bomb()),
        Hostile("bomb-zip.docx", "DOCX 压缩炸弹：document.xml 解压后 1 GiB", _docx_bomb()),
        Hostile("bomb-lying.docx", "DOCX 压缩炸弹，目录谎报解压大小", _docx_bomb(lie=True)),
        Hostile("laughs.docx", "DOCX 中的 billion laughs 实体", _billion_laughs_docx()),
        Hostile("laughs.html", "网页中的 billion laughs 实体", _billion_laughs_html()),
        Hostile("xxe.docx", "DOCX 引用外部实体（/etc/passwd）", _xxe_docx()),
        Hostile("one-line.txt", "2 MB 单行文本", _one_line()),
        Hostile("random.gbk.txt", "1 MB 随机 GBK 汉字", _random_gbk()),
        Hostile("junk.txt", "1 MB 随机字节", random.Random(2).randbytes(1 << 20)),
        Hostile("cells-100k.html", "10 万个单元格的网页表格", _html_table(10_000, 10)),
        Hostile("table-19mb.html", "19 MB 的网页表格", _html_table(120_000, 12)),
        Hostile("nested.html", "嵌套 10 万层的网页", b"<div>" * 100_000 + b"x"),
        Hostile("polyglot-exe.pdf", "PDF 后夹带 Windows 可执行程序", _pdf_exe()),
        Hostile("polyglot-zip.pdf", "PDF 后附压缩包", valid_pdf + valid_docx),
        Hostile("truncated.pdf", "截断的 PDF", valid_pdf[: len(valid_pdf) // 2]),
        Hostile("truncated.docx", "截断的 DOCX", valid_docx[: len(valid_docx) // 2]),
        Hostile("five-bytes.pdf", "只有 5 个字节的 %PDF-", b"%PDF-"),
        Hostile("pages-2e31.pdf", "声称有 2³¹ 页的 PDF", pdf("x", count=2**31)),
        Hostile("big.xlsx", "26 MB 的 XLSX，解压后约 674 MB", _big_xlsx()),
    )


def _stream(data: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(data)}{extra} >>\nstream\n".encode() + data + b"\nendstream"


def _pdf_file(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _zeros_deflated(size: int, raw: bool = False) -> bytes:
    """Deflate data (zlib-wrapped, or raw for zip) inflating to `size` zero bytes, made without
    compressing a gigabyte: after a full flush the compressor turns each further MiB of zeros
    into the same bytes, so the middle is one segment repeated; the end is the final block and,
    for zlib, the Adler-32 of `size` zeros, which is (size mod 65521) << 16 | 1."""
    block = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15 if raw else 15)
    head = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    middle = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()
    if raw:
        return head + middle * (size // len(block) - 1) + end
    checksum = (((size % 65521) << 16) | 1).to_bytes(4, "big")
    return head + middle * (size // len(block) - 1) + end[:-4] + checksum


def _pdf_bomb() -> bytes:
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page,
        _stream(_zeros_deflated(GIB), " /Filter /FlateDecode"),
    ]
    return _pdf_file(objects)


def _zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip archive from (name, data as stored, method, crc, declared size) — for members that
    zipfile would not write (precompressed, or lying about their size)."""
    out = bytearray()
    central = bytearray()
    for name, data, method, crc, size in members:
        encoded = name.encode()
        offset = len(out)
        fields = struct.pack("<HHHHHIII", 20, 0, method, 0, 0x21, crc, len(data), size)
        out += b"PK\x03\x04" + fields + struct.pack("<HH", len(encoded), 0) + encoded + data
        central += b"PK\x01\x02" + struct.pack("<H", 20) + fields
        central += struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    end = struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + b"PK\x05\x06" + end)


def _docx_parts(document: bytes) -> list[tuple[str, bytes, int, int, int]]:
    """A Word package's minimum parts, stored, with `document` as word/document.xml."""
    types = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        b'package.relationships+xml"/><Override PartName="/word/document.xml" ContentType='
        b'"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        b"</Types>"
    )
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        b"</Relationships>"
    )
    return [
        (name, data, 0, zlib.crc32(data), len(data))
        for name, data in (
            ("[Content_Types].xml", types),
            ("_rels/.rels", rels),
            ("word/document.xml", document),
        )
    ]


def _docx_bomb(lie: bool = False) -> bytes:
    """word/document.xml inflating to 1 GiB of zeros; `lie`: the directory says 10 KB."""
    crc = 0
    block = bytes(1 << 20)
    for _ in range(GIB >> 20):
        crc = zlib.crc32(block, crc)
    parts = _docx_parts(b"")[:2]
    parts.append(
        ("word/document.xml", _zeros_deflated(GIB, raw=True), 8, crc, 10_240 if lie else GIB)
    )
    return _zip(parts)


_ENTITIES = ['<!ENTITY lol0 "lol">'] + [
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
]
_LAUGHS = f'<?xml version="1.0"?>\n<!DOCTYPE lolz [{"".join(_ENTITIES)}]>\n'.encode()


def _billion_laughs_docx() -> bytes:
    body = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _zip(_docx_parts(_LAUGHS + body))


def _billion_laughs_html() -> bytes:
    return _LAUGHS + b"<html><body><table><tr><td>&lol9;</td><td>1</td></tr></table></body></html>"


def _xxe_docx() -> bytes:
    body = (
        b'<?xml version="1.0"?>\n<!DOCTYPE w [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _zip(_docx_parts(body))


def _one_line() -> bytes:
    """2 MB on one line, in the shapes the text readers look for (headings, labels, numbers,
    pipes), so that every regular expression gets a long run to try."""
    unit = "一、总体情况（一）主动公开 规章 | 0 | 1 | 12 |  政府信息公开 收到申请 3 件 ".encode()
    return (unit * (2 * 1024 * 1024 // len(unit) + 1))[: 2 * 1024 * 1024]


def _random_gbk() -> bytes:
    rng = random.Random(3)
    chars = []
    while len(chars) < 512 * 1024:
        try:
            chars.append(bytes([rng.randint(0xB0, 0xF7), rng.randint(0xA1, 0xFE)]).decode("gbk"))
        except UnicodeDecodeError:
            continue
    return "".join(chars).encode("gbk")


def _html_table(rows: int, columns: int) -> bytes:
    labels = ["规章", "规范性文件", "行政许可", "收到申请数", "予以公开", "维持", "纠正"]
    out = ["<html><head><meta charset='utf-8'></head><body><h1>2021年政府信息公开工作年度报告</h1>"]
    out.append("<table>")
    for r in range(rows):
        cells = "".join(f"<td>{(r * 7 + c) % 1000}</td>" for c in range(columns - 1))
        out.append(f"<tr><td>{labels[r % len(labels)]}</td>{cells}</tr>")
    out.append("</table></body></html>")
    return "".join(out).encode()


def _pdf_exe() -> bytes:
    """%PDF-1.4, then a Windows executable's header (MZ, the DOS stub, PE), then a PDF's tail."""
    stub = b"MZ" + bytes(58) + struct.pack("<I", 64) + b"This program cannot be run in DOS mode"
    executable = stub + bytes(64 - len(stub) % 64) + b"PE\x00\x00L\x01" + bytes(4096)
    return b"%PDF-1.4\n" + executable + pdf()[9:]


def _big_xlsx() -> bytes:
    """About 26 MB, about 674 MB inflated: one sheet of plain rows, compressed about 26:1 (so
    no single ratio looks like a bomb: only the total does)."""
    rng = random.Random(4)
    row = '<row><c t="inlineStr"><is><t>{}</t></is></c><c><v>{}</v></c><c><v>0</v></c></row>'
    chunk = "".join(row.format(rng.randrange(4), rng.randrange(4)) for _ in range(12_000))
    rows = chunk.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        book.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet><sheetData>')
            for _ in range((674 << 20) // len(rows)):
                sheet.write(rows)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()
