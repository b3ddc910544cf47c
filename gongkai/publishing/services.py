"""Every change to a publication goes through here: one transaction, the workflow's rules, a
signed review where one is due, an event in the audit log, and the search index brought in step
after the commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.accounts.actors import actor_or_none
from gongkai.audit.locking import locked
from gongkai.calendar import services as calendar_services
from gongkai.calendar.workdays import WorkCalendar
from gongkai.core.uploads import read_upload
from gongkai.core.workflow import Forbidden
from gongkai.orgs.access import roles_in
from gongkai.orgs.models import Agency
from gongkai.publishing import html, index_numbers, pii, platform, timeliness, workflow
from gongkai.publishing.models import (
    Attachment,
    Column,
    InterpretationForm,
    Publication,
    PublicationEvent,
    PublishingSettings,
    Review,
)
from gongkai.publishing.signals import publication_changed
from gongkai.publishing.workflow import Action, Status, WorkflowError


class StalePublication(WorkflowError):
    def __init__(self) -> None:
        super().__init__("该信息已被他人修改，请刷新页面查看最新内容后再操作")


class PersonalDataFound(WorkflowError):
    def __init__(self, hits: list[pii.Hit]) -> None:
        self.hits = hits
        kinds = "、".join(dict.fromkeys(h.label for h in hits))
        super().__init__(
            f"正文或附件中发现疑似个人信息（{kinds}，共{len(hits)}处）。"
            "请遮盖后再提交，或确认这些信息依法可以公开"
        )


# --- set-up --------------------------------------------------------------------------------------


def ensure_platform(agency: Agency) -> PublishingSettings:
    """The agency's publishing settings and the 61号 column structure, created once."""
    found, _ = PublishingSettings.objects.get_or_create(
        agency=agency, defaults={"agency_code": agency.code or f"GK{agency.pk:04d}"}
    )
    if not Column.objects.filter(agency=agency).exists():
        order = 0

        def create(spec: platform.ColumnSpec, parent: Column | None) -> None:
            nonlocal order
            order += 1
            column = Column.objects.create(
                agency=agency,
                parent=parent,
                slug=spec.slug,
                name=spec.name,
                section=spec.section,
                column_class=spec.column_class,
                category=f"{order:02d}",
                order=order,
            )
            for child in spec.children:
                create(child, column)

        for spec in platform.DEFAULT_COLUMNS:
            create(spec, None)
    return found


def platform_for_new_agency(agency: Agency, **_: Any) -> None:
    """orgs.signals.agency_created: the new agency's platform, in the same transaction."""
    ensure_platform(agency)


def platform_of_deleted_agency(agency: Agency, **_: Any) -> None:
    """orgs.signals.agency_deleting: its columns go, leaves first (a column protects its
    children); published items, if any, still protect the agency."""
    while Column.objects.filter(agency=agency).exists():
        Column.objects.filter(agency=agency, children__isnull=True).delete()


# --- editing -------------------------------------------------------------------------------------


@dataclass
class Draft:
    column: Column
    title: str
    publisher: str
    written_on: Any
    doc_number: str = ""
    topic: str = "综合政务"
    validity: str = "valid"
    valid_from: Any = None
    invalid_on: Any = None
    body: str = ""
    interprets: Publication | None = None
    interpretation_form: str = ""  # InterpretationForm; only with `interprets`


def save_draft(
    actor: Any,
    draft: Draft,
    publication: Publication | None = None,
    version: int | None = None,
    uploads: list[UploadedFile] | None = None,
) -> Publication:
    agency = draft.column.agency
    _require(actor, agency, {workflow.EDITOR, workflow.HEAD}, "编辑公开信息")
    files = [read_upload(f) for f in uploads or []]  # check every file before changing anything
    with transaction.atomic():
        if publication is None:
            publication = Publication(agency=agency, created_by=actor)
            action = "created"
        else:
            publication = locked(publication, version, StalePublication)
            if publication.status not in workflow.EDITABLE:
                raise WorkflowError("只有草稿可以修改；已提交或已发布的信息请先退回或撤回")
            publication.version += 1
            action = "edited"
        for name in ("column", "title", "publisher", "written_on", "doc_number", "topic"):
            setattr(publication, name, getattr(draft, name))
        for name in ("validity", "valid_from", "invalid_on", "interprets"):
            setattr(publication, name, getattr(draft, name))
        publication.interpretation_form = (
            (draft.interpretation_form or InterpretationForm.TEXT) if draft.interprets else ""
        )
        publication.body = html.clean(draft.body)
        publication.body_text = html.plain(publication.body)
        publication.pii_confirmed = False  # a changed text is scanned again
        publication.save()
        for name, kind, data, text in files:
            attachment = Attachment(
                publication=publication, name=name, size=len(data), kind=kind, text=text
            )
            from django.core.files.base import ContentFile

            attachment.file.save(name, ContentFile(data), save=False)
            attachment.save()
        _event(publication, action, actor, publication.status, publication.status)
    return publication


def remove_attachment(actor: Any, attachment: Attachment) -> None:
    publication = attachment.publication
    _require(actor, publication.agency, {workflow.EDITOR, workflow.HEAD}, "删除附件")
    if publication.status not in workflow.EDITABLE:
        raise WorkflowError("只有草稿可以删除附件")
    with transaction.atomic():
        attachment.file.delete(save=False)
        attachment.delete()
        _event(publication, "attachment_removed", actor, publication.status, publication.status,
               attachment.name)  # fmt: skip


def personal_data(publication: Publication) -> list[tuple[str, pii.Hit]]:
    """Where personal data was found: ("正文" or the attachment's name, hit)."""
    found = [("正文", hit) for hit in pii.scan(publication.title + "\n" + publication.body_text)]
    for attachment in publication.attachments.all():
        found += [(attachment.name, hit) for hit in pii.scan(attachment.text)]
    return found


def mask_personal_data(actor: Any, publication: Publication, version: int) -> int:
    """Masks what was found in the title and body; returns how many were masked. Attachments
    cannot be edited here: they are replaced, or the editor confirms."""
    _require(actor, publication.agency, {workflow.EDITOR, workflow.HEAD}, "编辑公开信息")
    with transaction.atomic():
        publication = locked(publication, version, StalePublication)
        if publication.status not in workflow.EDITABLE:
            raise WorkflowError("只有草稿可以修改")
        count = len(pii.scan(publication.title)) + len(pii.scan(publication.body_text))
        publication.title = pii.mask_all(publication.title)
        publication.body = html.clean(pii.mask_all(publication.body))
        publication.body_text = html.plain(publication.body)
        publication.version += 1
        publication.save()
        _event(publication, "masked", actor, publication.status, publication.status, f"{count}处")
    return count


# --- the workflow --------------------------------------------------------------------------------


def submit(actor: Any, publication: Publication, version: int,
           confirm_personal_data: bool = False) -> Publication:  # fmt: skip
    """To 保密审查; refused (PersonalDataFound) while personal data is neither masked nor
    confirmed."""
    return _transition(actor, publication, Action.SUBMIT, version,
                       lambda p: _submit(p, confirm_personal_data))  # fmt: skip


def approve(actor: Any, publication: Publication, version: int, note: str) -> Publication:
    """A signed level of 保密审查 (two levels: two different reviewers)."""
    return _transition(actor, publication, Action.APPROVE, version,
                       lambda p: _approve(actor, p, note.strip()), note)  # fmt: skip


def return_for_changes(actor: Any, publication: Publication, version: int,
                       note: str) -> Publication:  # fmt: skip
    def change(item: Publication) -> list[str]:
        reason = note.strip()
        if not reason:
            raise WorkflowError("退回修改必须写明理由")
        Review.objects.create(
            publication=item,
            reviewer=actor,
            level=item.reviews_done + 1,
            opinion=reason,
            outcome=Review.RETURNED,
        )
        item.return_reason, item.reviews_done = reason, 0
        return ["return_reason", "reviews_done"]

    return _transition(actor, publication, Action.RETURN, version, change, note)


def publish(actor: Any, publication: Publication, version: int,
            publish_at: datetime | None = None) -> Publication:  # fmt: skip
    """Live now, or at `publish_at` if that is later; the 索引号 is given here."""
    return _transition(actor, publication, Action.PUBLISH, version,
                       lambda p: _publish(p, publish_at))  # fmt: skip


def withdraw(actor: Any, publication: Publication, version: int, note: str) -> Publication:
    def change(_: Publication) -> list[str]:
        if not note.strip():
            raise WorkflowError("撤回必须写明理由")
        return []

    return _transition(actor, publication, Action.WITHDRAW, version, change, note)


def redraft(actor: Any, publication: Publication, version: int) -> Publication:
    return _transition(actor, publication, Action.REDRAFT, version, lambda _: [])


def act(
    actor: Any,
    publication: Publication,
    action: str,
    version: int,
    note: str = "",
    publish_at: datetime | None = None,
    confirm_personal_data: bool = False,
) -> Publication:
    """The action a form names (the review page posts its key), by its one service."""
    steps: dict[str, Callable[[], Publication]] = {
        Action.SUBMIT: lambda: submit(actor, publication, version, confirm_personal_data),
        Action.APPROVE: lambda: approve(actor, publication, version, note),
        Action.RETURN: lambda: return_for_changes(actor, publication, version, note),
        Action.PUBLISH: lambda: publish(actor, publication, version, publish_at),
        Action.WITHDRAW: lambda: withdraw(actor, publication, version, note),
        Action.REDRAFT: lambda: redraft(actor, publication, version),
    }
    if action not in steps:
        raise WorkflowError("未知的操作")
    return steps[action]()


def _transition(
    actor: Any,
    publication: Publication,
    action: Action,
    version: int,
    change: Callable[[Publication], list[str]],
    note: str = "",
) -> Publication:
    """Lock, version check, the table (state and role), the action's own change, save with
    update_fields, one event; the apps above follow by the signal (annual report, search)."""
    roles = roles_in(actor, publication.agency)
    with transaction.atomic():
        publication = locked(publication, version, StalePublication)
        try:
            target = workflow.WORKFLOW.next_status(Status(publication.status), action, roles)
        except Forbidden as exc:
            raise WorkflowError(str(exc)) from None
        before = publication.status
        publication.status = target
        changed = change(publication)  # may keep the status (a first of two review levels)
        publication.version += 1
        publication.save(update_fields=["status", "version", "updated_at", *changed])
        _event(publication, action, actor, before, publication.status, note.strip())
        publication_changed.send(sender=Publication, publication=publication, action=action)
    return publication


def _submit(publication: Publication, confirm: bool) -> list[str]:
    found = [hit for _, hit in personal_data(publication)]
    if found and not (confirm or publication.pii_confirmed):
        raise PersonalDataFound(found)
    publication.pii_confirmed = bool(found)
    publication.review_levels = ensure_platform(publication.agency).review_levels
    publication.reviews_done = 0
    publication.return_reason = ""
    return ["pii_confirmed", "review_levels", "reviews_done", "return_reason"]


def _approve(actor: Any, publication: Publication, note: str) -> list[str]:
    if not note:
        raise WorkflowError("请填写审查意见")
    earlier = publication.reviews.filter(
        outcome=Review.APPROVED, level__lte=publication.reviews_done
    ).order_by("-decided_at")[: publication.reviews_done]
    if any(review.reviewer_id == actor.pk for review in earlier):
        raise WorkflowError("两级审查须由不同的审核人签署，您已签署上一级审查")
    publication.reviews_done += 1
    Review.objects.create(
        publication=publication,
        reviewer=actor,
        level=publication.reviews_done,
        opinion=note,
        outcome=Review.APPROVED,
    )
    publication.status = workflow.after_approval(
        publication.review_levels, publication.reviews_done
    )
    return ["reviews_done"]


def _publish(publication: Publication, publish_at: datetime | None) -> list[str]:
    now = timezone.now()
    publication.published_at = publish_at if publish_at and publish_at > now else now
    publication.publish_workdays = timeliness.workdays(
        publication.written_on, publication.published_at, calendar_services.current()
    )
    if not publication.index_number:
        publication.index_number = next_index_number(publication)
    return ["published_at", "publish_workdays", "index_number"]


def recount_workdays(notice: Any, calendar: WorkCalendar, **_: Any) -> int:
    """After a holiday notice is loaded (calendar.services.notice_loaded): the working days from
    writing to publication (条例第二十六条) of every item whose span reaches into that year,
    counted again with the new calendar, so the late items and Table 二 follow. Returns how
    many changed."""
    first = timezone.make_aware(datetime(notice.year, 1, 1))
    items = Publication.objects.filter(
        published_at__gte=first, written_on__lte=date(notice.year, 12, 31)
    ).only("pk", "written_on", "published_at", "publish_workdays")
    changed = []
    for item in items.iterator(chunk_size=2000):
        days = timeliness.workdays(item.written_on, item.published_at, calendar)
        if days != item.publish_workdays:
            item.publish_workdays = days
            changed.append(item)
    Publication.objects.bulk_update(changed, ["publish_workdays"], batch_size=1000)
    return len(changed)


def next_index_number(publication: Publication) -> str:
    """The next free 索引号 under the agency's rule; the settings row is locked while counting."""
    found = PublishingSettings.objects.select_for_update().get(agency=publication.agency)
    # The local year: an item published at 00:30 on 1 January is the new year's (UTC still
    # says 31 December until 08:00), as its `published_at__year` below counts it.
    year = timezone.localtime(publication.published_at).year
    taken = Publication.objects.filter(
        agency=publication.agency, index_number__isnull=False, published_at__year=year
    ).count()
    for seq in range(taken + 1, taken + 1000):
        number = index_numbers.format_number(
            found.index_rule, found.agency_code, publication.column.category or "00", year, seq
        )
        if not Publication.objects.filter(index_number=number).exists():
            return number
    raise IntegrityError("no free index number")


# --- shared --------------------------------------------------------------------------------------


def _require(actor: Any, agency: Agency, allowed: set[str], what: str) -> None:
    if not roles_in(actor, agency) & allowed:
        raise WorkflowError(f"您的岗位不能{what}")


def _event(
    publication: Publication, action: str, actor: Any, before: str, after: str, note: str = ""
) -> None:
    PublicationEvent.objects.create(
        publication=publication,
        action=action,
        actor=actor_or_none(actor),
        before=before,
        after=after,
        note=note,
    )
