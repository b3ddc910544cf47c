"""Changes to the 政务公开 work register, each with its audit row (audit.registers): one
function per change, the agency's scope checked, an edit of a stale version refused."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction

from gongkai.audit import registers
from gongkai.audit.locking import locked
from gongkai.core.uploads import read_upload
from gongkai.worklog import access, media
from gongkai.worklog.models import (
    Account,
    AccountFigure,
    Activity,
    ActivityFile,
    Venue,
    WebsiteEvent,
)

# Each register: the fields an edit may change (and the audit log shows) and its name there.
FIELDS: dict[type[models.Model], list[str]] = {
    Activity: ["kind", "held_on", "topic", "place", "participants", "findings"],
    Venue: ["kind", "name", "level", "address", "opened_on", "closed_on"],
    WebsiteEvent: ["kind", "happened_on", "description"],
    Account: ["platform", "name", "sponsor", "opened_on", "closed_on", "filed_on",
              "last_posted_on"],
}  # fmt: skip
WHAT: dict[type[models.Model], str] = {
    Activity: "培训、会议和调研登记",
    Venue: "公开专区、示范点和线下设施登记",
    WebsiteEvent: "网站建设事项登记",
    Account: "政务新媒体账号登记",
    AccountFigure: "政务新媒体数据",
}
FIGURE_FIELDS = ["year", "month", "issues", "posts", "followers", "source"]


class StaleEdit(Exception):
    """Someone saved the record since the form was opened."""


class NotYours(PermissionError):
    """Only the agency's 信息员 and managers keep its work register."""


class Refused(ValueError):
    """A change the register's rules do not allow; the message says why, in Chinese."""


def _require(actor: Any, agency: Any) -> None:
    if not access.may_keep(actor, agency):
        raise NotYours("只有本机关的信息员、公开办负责人或系统管理员可以登记政务公开工作")


@transaction.atomic
def keep(actor: Any, record: Any, version: int | None = None) -> Any:
    """A new record (`record.pk` unset), or an edit of the one stored at `version`; the fields
    the form set on `record` are saved, with an audit row of what changed."""
    kind = type(record)
    _require(actor, record.agency)
    before: dict[str, Any] = {}
    if record.pk:
        stored = locked(record, version, StaleEdit)
        if stored.agency_id != record.agency_id:
            _require(actor, stored.agency)
        before = registers.snapshot(stored, FIELDS[kind])
        record.version = stored.version + 1
    elif isinstance(record, Activity):
        record.created_by = actor
    try:
        with transaction.atomic():
            registers.record(actor, record, FIELDS[kind], before, WHAT[kind])
    except IntegrityError:
        raise Refused("本机关已登记过这个平台上同名的账号") from None
    return record


@transaction.atomic
def remove(actor: Any, record: Any) -> None:
    kind = type(record)
    _require(actor, record.agency)
    before = registers.snapshot(record, FIELDS[kind])
    registers.log(actor, record, WHAT[kind], before, {"deleted": True})
    if isinstance(record, Activity):
        for material in record.files.all():
            material.file.delete(save=False)
    record.delete()


@transaction.atomic
def add_material(actor: Any, activity: Activity, title: str, upload: UploadedFile) -> ActivityFile:
    """Raises core.attachments.AttachmentError (Chinese) for a file that may not be kept."""
    _require(actor, activity.agency)
    name, _, data, _ = read_upload(upload)
    material = ActivityFile(activity=activity, title=title)
    material.file.save(name, ContentFile(data), save=True)
    registers.log(
        actor, activity, WHAT[Activity], {}, {"material": title, "file": material.file.name}
    )
    return material


@transaction.atomic
def remove_material(actor: Any, material: ActivityFile) -> None:
    activity = material.activity
    _require(actor, activity.agency)
    registers.log(actor, activity, WHAT[Activity], {"material": material.title}, {})
    material.file.delete(save=False)
    material.delete()


@transaction.atomic
def save_figure(
    actor: Any,
    account: Account,
    year: int,
    month: int,
    posts: int,
    issues: int | None = None,
    followers: int | None = None,
    source: str = "",
) -> AccountFigure:
    """An account's figures for a month (or the whole year, month 0), entered or imported:
    stored over what the same month held; Refused when the year is told the other way."""
    _require(actor, account.agency)
    Account.objects.select_for_update().get(pk=account.pk)  # one writer per account at a time
    held = AccountFigure.objects.filter(account=account, year=year)
    why = media.mixing(held.values_list("month", flat=True), month)
    if why:
        raise Refused(f"{account} {year}年：{why}")
    figure = held.filter(month=month).first() or AccountFigure(
        account=account, year=year, month=month
    )
    before = registers.snapshot(figure, FIGURE_FIELDS) if figure.pk else {}
    figure.posts, figure.issues, figure.followers = posts, issues, followers
    figure.source = source
    registers.record(actor, figure, FIGURE_FIELDS, before, WHAT[AccountFigure])
    return figure


@transaction.atomic
def remove_figure(actor: Any, figure: AccountFigure) -> None:
    _require(actor, figure.account.agency)
    before = registers.snapshot(figure, FIGURE_FIELDS)
    registers.log(actor, figure, WHAT[AccountFigure], before, {"deleted": True})
    figure.delete()


# month → (posts, issues, followers, source), or None to remove what the month holds.
YearEntries = Mapping[int, "tuple[int, int | None, int | None, str] | None"]


@transaction.atomic
def save_year(actor: Any, account: Account, year: int, entries: YearEntries) -> None:
    """An account's year as one form gives it: the months cleared are removed first, then the
    others stored (save_figure); all or nothing, Refused when the year would be told both ways."""
    _require(actor, account.agency)
    held = {f.month: f for f in AccountFigure.objects.filter(account=account, year=year)}
    for month, entry in sorted(entries.items()):
        if entry is None and month in held:
            remove_figure(actor, held[month])
    for month, entry in sorted(entries.items()):
        if entry is not None:
            posts, issues, followers, source = entry
            save_figure(actor, account, year, month, posts, issues, followers, source)
