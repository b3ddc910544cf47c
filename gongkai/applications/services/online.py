"""The applicant answering a 补正 notice online (条例第三十条), from the tracking page.

The applicant has no account: /track/ knows them only by the tracking code and the check code.
What they send is recorded on the case by the platform acting for them, `APPLICANT`, a
`SystemActor` (the workflow table grants SYSTEM the receipt of a correction for this, and for
nothing else the applicant does): the same RECEIVE_CORRECTION transition a handler records for a
correction that came by post, so the clock restarts from the day it arrived either way.

The text and the files are kept with the event: the text in its data and note (the staff's
timeline shows it), each file in the default storage under `corrections/<case>/` with its name,
type, size and SHA-256 in the data (`correction_files` reads them back). Every file is checked —
type by extension and magic bytes, size, content in a bounded worker (core.uploads.read_upload) —
before anything is stored, and files stored for a transition that then fails are removed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from gongkai.applications.models import Application, CaseEvent
from gongkai.applications.services.actions import _events, _transition
from gongkai.applications.services.common import CaseError, today
from gongkai.applications.workflow import Action
from gongkai.core.attachments import AttachmentError
from gongkai.core.uploads import read_upload
from gongkai.core.workflow import SystemActor

APPLICANT = SystemActor("申请人网上补正")
CORRECTION_TEXT_MAX = 5_000  # a correction says what was unclear: a page or two
CORRECTION_FILES_MAX = 5


@dataclass(frozen=True)
class CorrectionFile:
    name: str  # as the applicant's computer named it
    kind: str  # pdf, docx, xlsx, jpg, png (core.attachments)
    size: int
    sha256: str
    path: str  # in the default storage
    text_path: str = ""  # the document's text (PDF, DOCX, XLSX), "" for an image


def answer_correction_online(
    application: Application,
    *,
    text: str,
    uploads: list[UploadedFile] | tuple[UploadedFile, ...] = (),
    today_: date | None = None,
) -> Application:
    """Record the applicant's answer to the 补正 notice (text and files) as the correction
    received today. CaseError (Chinese) when the case does not await a correction, when nothing
    or too much is sent, or when a file is refused; nothing is stored then."""
    text = text.strip()
    if not text and not uploads:
        raise CaseError("请填写补正内容或上传补正材料")
    if len(text) > CORRECTION_TEXT_MAX:
        raise CaseError(f"补正内容不超过{CORRECTION_TEXT_MAX}字，较长的材料请作为附件上传")
    if len(uploads) > CORRECTION_FILES_MAX:
        raise CaseError(f"附件最多{CORRECTION_FILES_MAX}个")
    try:
        files = [read_upload(upload) for upload in uploads]  # all checked before any is stored
    except AttachmentError as exc:
        raise CaseError(str(exc)) from None
    on = today_ or today()
    stored: list[str] = []

    def change(case: Application) -> dict[str, Any]:
        # Reached only once the table allowed it: the case awaits a correction.
        requested = _events(case, Action.REQUEST_CORRECTION)[-1]
        kept = []
        for number, (name, kind, data, content) in enumerate(files, 1):
            path = default_storage.save(f"corrections/{case.pk}/{number}.{kind}", ContentFile(data))
            stored.append(path)
            text_path = ""
            if content.strip():  # a document's text, for the staff's copy of the material
                text_path = default_storage.save(
                    f"corrections/{case.pk}/{number}.txt", ContentFile(content.encode())
                )
                stored.append(text_path)
            kept.append(
                {
                    "name": name,
                    "kind": kind,
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "path": path,
                    "text_path": text_path,
                }
            )
        reply_by = date.fromisoformat(requested.data["reply_by"])
        return {"online": True, "text": text, "files": kept, "late": on > reply_by}

    try:
        return _transition(
            application,
            Action.RECEIVE_CORRECTION,
            APPLICANT,
            None,
            on,
            change,
            _note(text, files),
            today_,
        )
    except BaseException:
        for path in stored:
            default_storage.delete(path)
        raise


def _note(text: str, files: list[tuple[str, str, bytes, str]]) -> str:
    """The timeline's line: what the applicant wrote and the files' names."""
    parts = ["申请人通过网上提交补正材料。"]
    if text:
        parts.append(f"补正内容：{text}")
    if files:
        names = "、".join(f"{name}（{_size(len(data))}）" for name, _, data, _ in files)
        parts.append(f"附件：{names}（可在“文书”中下载“申请人网上补正材料”）")
    return "\n".join(parts)


def _size(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{max(1, round(size / 1024))} KB"


def correction_files(event: CaseEvent) -> list[CorrectionFile]:
    """The files an online correction brought (an event of RECEIVE_CORRECTION)."""
    return [CorrectionFile(**item) for item in event.data.get("files", [])]


def read_correction_file(item: CorrectionFile) -> bytes:
    with default_storage.open(item.path, "rb") as handle:
        data: bytes = handle.read()
    return data


def correction_file_text(item: CorrectionFile) -> str:
    if not item.text_path:
        return ""
    with default_storage.open(item.text_path, "rb") as handle:
        return bytes(handle.read()).decode()


def online_correction(events: list[CaseEvent]) -> CaseEvent | None:
    """The latest correction the applicant sent online, or None."""
    found = [e for e in events if e.action == Action.RECEIVE_CORRECTION and e.data.get("online")]
    return found[-1] if found else None
