"""Checks on a file's container before anything inside it is inflated or parsed: the sizes and
ratios a zip package or a PDF's compressed streams declare, XML that declares entities (billion
laughs, external entities), and polyglots (a PDF carrying an executable or a zip archive).

Pure (no Django): the report readers and the attachment checks both call these, inside the
bounded workers (core.bounded) that are the last line of defence. Each raises ContainerError
with a Chinese reason.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

MAX_UNZIPPED = 200 * 1024 * 1024  # a report or an attachment, inflated
MAX_MEMBERS = 5000
MAX_RATIO = 200  # a member larger than 1 MB inflated may be at most 200 times its compressed size
MAX_PDF_INFLATED = 200 * 1024 * 1024
_RATIO_FROM = 1024 * 1024


class ContainerError(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def zip_package(data: bytes, required: str, what: str) -> zipfile.ZipFile:
    """An Office package (.docx, .xlsx) checked from its directory alone: one archive starting
    at the first byte and ending at the last, sane sizes, `required` member present, no XML
    part declaring entities."""
    if not data.startswith(b"PK\x03\x04"):
        raise ContainerError(f"{what}文件不是有效的压缩包（开头不对），可能已损坏或是伪装的文件")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ContainerError(f"{what}文件已损坏（不是有效的压缩包）") from exc
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ContainerError(f"{what}文件内部条目过多，疑似恶意构造的文件")
    if sum(info.file_size for info in infos) > MAX_UNZIPPED:
        raise ContainerError(
            f"{what}文件解压后过大（超过 {MAX_UNZIPPED // 1048576}MB），疑似恶意构造的压缩包"
        )
    for info in infos:
        if info.file_size > _RATIO_FROM and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise ContainerError(f"{what}文件中的“{info.filename}”压缩比异常，疑似压缩炸弹")
    if required not in archive.namelist():
        raise ContainerError(f"压缩包中没有“{required}”，不是有效的{what}文件")
    end = _end_of_archive(data)
    if end is not None and end < len(data):
        raise ContainerError(f"{what}文件末尾附带了其他数据，疑似伪装的文件")
    for info in infos:
        _verify_member(archive, info, what)
    return archive


def _verify_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, what: str) -> None:
    """Inflate a member a megabyte at a time, no further than the size its directory entry
    declares (zipfile stops there and then checks the CRC, so a member that lies about its size
    is found without inflating the lie); an XML part may not declare entities."""
    try:
        with archive.open(info) as member:
            head = member.read(4096)
            while member.read(1 << 20):
                pass
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ContainerError(f"{what}文件中的“{info.filename}”已损坏（与压缩包目录不符）") from exc
    if info.filename.endswith((".xml", ".rels")) and (b"<!DOCTYPE" in head or b"<!ENTITY" in head):
        raise ContainerError(f"{what}文件中的“{info.filename}”声明了实体，疑似恶意构造的文件")


def _end_of_archive(data: bytes) -> int | None:
    """Where the zip's end-of-central-directory record (with its comment) ends."""
    position = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if position < 0 or position + 22 > len(data):
        return None
    comment = int.from_bytes(data[position + 20 : position + 22], "little")
    return position + 22 + comment


_STREAM = re.compile(rb"stream\r?\n")
_ENDSTREAM = b"endstream"
_EXECUTABLE = (b"This program cannot be run in DOS mode", b"PE\x00\x00L\x01", b"PE\x00\x00d\x86")


def pdf_container(data: bytes) -> None:
    """A PDF whose compressed streams inflate beyond reason, or which carries an executable or a
    zip archive (a polyglot), is refused before a parser inflates anything."""
    if any(marker in data for marker in _EXECUTABLE):
        raise ContainerError("PDF 文件中夹带了可执行程序，疑似伪装的文件")
    if data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557)) >= 0 and b"PK\x03\x04" in data:
        raise ContainerError("PDF 文件中夹带了压缩包，疑似伪装的文件")
    inflated = 0
    position = 0
    while True:
        start = _STREAM.search(data, position)
        if start is None:
            return
        end = data.find(_ENDSTREAM, start.end())
        if end < 0:
            return
        inflated += _inflated_size(data[start.end() : end], MAX_PDF_INFLATED - inflated)
        if inflated >= MAX_PDF_INFLATED:
            raise ContainerError(
                f"PDF 中的压缩数据解压后超过 {MAX_PDF_INFLATED // 1048576}MB，疑似压缩炸弹"
            )
        position = end + len(_ENDSTREAM)


def _inflated_size(raw: bytes, room: int) -> int:
    """How much a Flate stream inflates to, counting no further than `room` (0 if not Flate)."""
    decompressor = zlib.decompressobj()
    size = 0
    chunk = raw
    try:
        while chunk and size < room:
            out = decompressor.decompress(chunk, min(1 << 20, room - size + 1))
            size += len(out)
            chunk = decompressor.unconsumed_tail
    except zlib.error:
        return size  # not Flate, or damaged: the parser will say so
    return size
