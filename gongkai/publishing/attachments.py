"""What an attachment may be, and its text for search and the personal-data scan."""

from __future__ import annotations

import io
import logging

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


def text_of(kind: str, data: bytes) -> str:
    """Best effort: a damaged file still publishes, it just cannot be searched inside."""
    try:
        if kind == "pdf":
            import pdfplumber

            with pdfplumber.open(io.BytesIO(data)) as pdf:
                return "\n".join((page.extract_text() or "") for page in pdf.pages[:200])[:MAX_TEXT]
        if kind == "docx":
            import docx

            document = docx.Document(io.BytesIO(data))
            parts = [p.text for p in document.paragraphs]
            for table in document.tables:
                parts.extend(cell.text for row in table.rows for cell in row.cells)
            return "\n".join(parts)[:MAX_TEXT]
        if kind == "xlsx":
            import openpyxl

            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            cells = (
                str(value)
                for sheet in book.worksheets
                for row in sheet.iter_rows(values_only=True)
                for value in row
                if value is not None
            )
            return " ".join(cells)[:MAX_TEXT]
    except Exception:  # a malformed upload must not stop publishing
        log.warning("could not read the text of a %s attachment", kind, exc_info=True)
    return ""
