"""What an attachment may be, and its text for search and the personal-data scan. No Django: the
content is inspected in a bounded worker (core.bounded)."""

from __future__ import annotations

import io
import logging

from gongkai.core import containers

log = logging.getLogger(__name__)

ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
_MAGIC = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
MAX_TEXT = 200_000


class AttachmentError(ValueError):
    pass


def check(name: str, head: bytes, size: int, limit: int) -> str:
    """The kind (file extension) if acceptable; otherwise AttachmentError in Chinese."""
    kind = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind not in ALLOWED:
        raise AttachmentError(f"附件“{name}”的类型不允许，只能上传 PDF、DOCX、XLSX、JPG、PNG 文件")
    if size == 0:
        raise AttachmentError(f"附件“{name}”是空文件")
    if size > limit:
        raise AttachmentError(f"附件“{name}”超过 {limit // (1024 * 1024)} MB 的上限")
    if not any(head.startswith(magic) for magic in _MAGIC[kind]):
        raise AttachmentError(f"附件“{name}”的内容与扩展名不符，请检查文件")
    return kind


MAX_PAGES = 2000  # a PDF attachment: a long annex, but not the 2³¹ pages a hostile file claims


def inspect(kind: str, data: bytes) -> str:
    """The attachment's content checked — a PDF opens and has a sane number of pages, a DOCX or
    XLSX is a valid package, no bomb and no polyglot — and its text for search and the
    personal-data scan. Runs in a bounded worker (core.bounded); AttachmentError otherwise."""
    try:
        if kind == "pdf":
            containers.pdf_container(data)
            return _pdf_text(data)
        if kind == "docx":
            containers.zip_package(data, "word/document.xml", "Word ").close()
            return _docx_text(data)
        if kind == "xlsx":
            containers.zip_package(data, "xl/workbook.xml", "Excel ").close()
            return _xlsx_text(data)
    except containers.ContainerError as exc:
        raise AttachmentError(exc.reason) from None
    return ""  # an image: its magic bytes were checked; no text


def _pdf_text(data: bytes) -> str:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer's many errors on a file that is no PDF
        raise AttachmentError("PDF 文件已损坏或不完整，无法打开") from exc
    with pdf:
        try:
            claimed = int(pdf.doc.catalog["Pages"].resolve().get("Count", 0))
        except Exception:
            claimed = 0
        if claimed > MAX_PAGES:
            raise AttachmentError(f"PDF 声称有 {claimed} 页，超出合理范围（{MAX_PAGES} 页）")
        try:
            pages = pdf.pages
        except Exception as exc:
            raise AttachmentError("PDF 文件的页面结构已损坏，无法打开") from exc
        if not pages:
            raise AttachmentError("PDF 文件没有任何页面")
        if len(pages) > MAX_PAGES:
            raise AttachmentError(f"PDF 有 {len(pages)} 页，超出合理范围（{MAX_PAGES} 页）")
        try:  # the text is best effort: a page that cannot be read is skipped
            return "\n".join((page.extract_text() or "") for page in pages[:200])[:MAX_TEXT]
        except Exception:
            log.warning("could not read the text of a PDF attachment", exc_info=True)
            return ""


def _docx_text(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise AttachmentError("Word 文件已损坏，无法打开") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)[:MAX_TEXT]


def _xlsx_text(data: bytes) -> str:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise AttachmentError("Excel 文件已损坏，无法打开") from exc
    cells: list[str] = []
    size = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if value is not None:
                    cells.append(str(value))
                    size += len(cells[-1])
            if size > MAX_TEXT:
                return " ".join(cells)[:MAX_TEXT]
    return " ".join(cells)[:MAX_TEXT]
