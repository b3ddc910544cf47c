"""Running the self-check on an agency's records and pages, storing what it found, and the
rectification tasks: opened from a finding, closed by the run that no longer finds it, waived
only with a reason. Every change to a task is in the audit log (audit.registers)."""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.actors import actor_or_none
from gongkai.annual import tallies
from gongkai.annual.models import AnnualReport
from gongkai.annual.services import due as report_due
from gongkai.applications.models import Application
from gongkai.applications.workflow import Status
from gongkai.audit import registers
from gongkai.audit.locking import locked
from gongkai.calendar import services as calendar_services
from gongkai.calendar import sources
from gongkai.calendar.workdays import CalendarNotCovered
from gongkai.core.workflow import Forbidden, SystemActor
from gongkai.orgs import access as org_access
from gongkai.orgs import website
from gongkai.orgs.access import roles_in
from gongkai.orgs.models import Agency
from gongkai.publishing import pii, platform, timeliness
from gongkai.publishing.models import Attachment, Column, Publication
from gongkai.sitecheck import media_state, rules, state
from gongkai.sitecheck.crawl import Crawl
from gongkai.sitecheck.models import Finding, Run, SensitiveTerm, Task
from gongkai.sitecheck.workflow import WORKFLOW, Action
from gongkai.sitecheck.workflow import Status as TaskStatus

RECENT_DAYS = 365  # how far back late publications and unserved replies are looked for
CHUNK = 5000


class TaskError(ValueError):
    """A task change that cannot be made, in Chinese."""


class StaleTask(TaskError):
    def __init__(self) -> None:
        super().__init__("任务已被他人修改或已关闭，请刷新后重试")


RECHECK = SystemActor("自查复查")  # a run that no longer finds a task's problem closes it


def queue(agency: Agency, trigger: str, actor: Any = None, crawl: bool = True) -> Run:
    """A run waiting for the worker (tasks.run_check), or done at once with the immediate
    backend."""
    from gongkai.sitecheck import tasks

    run = _new_run(agency, trigger, actor, crawl)
    transaction.on_commit(lambda: tasks.run_check.enqueue(run.pk))
    return run


def run_now(agency: Agency, actor: Any = None, crawl: bool = True,
            base_url: str | None = None) -> Run:  # fmt: skip
    """A run started by hand and done here and now (`gongkai sitecheck run`), not queued."""
    return execute(_new_run(agency, Run.MANUAL, actor, crawl), base_url=base_url)


def _new_run(agency: Agency, trigger: str, actor: Any, crawl: bool) -> Run:
    return Run.objects.create(
        agency=agency,
        trigger=trigger,
        crawl=crawl,
        external=settings.SITECHECK_EXTERNAL_LINKS,
        checked_on=timezone.localdate(),
        started_by=actor_or_none(actor),
    )


def execute(run: Run, base_url: str | None = None, today: date | None = None) -> Run:
    """Collect, evaluate, store; then close the tasks whose problem is gone. A failure is
    stored on the run in Chinese, never lost."""
    run.status, run.started_at = Run.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    stats: dict[str, Any] = {}
    try:
        begun = time.perf_counter()
        site = collect(run.agency, today or run.checked_on)
        stats["check_s"] = round(time.perf_counter() - begun, 3)
        if run.crawl:
            site, crawl_stats = _crawled(site, run, base_url or settings.SITECHECK_BASE_URL)
            stats.update(crawl_stats)
        found = rules.evaluate(site)
    except Exception as exc:  # stored for staff, and re-raised for the worker's log
        run.status, run.finished_at = Run.FAILED, timezone.now()
        run.error = f"检查未能完成：{type(exc).__name__}"
        run.save(update_fields=["status", "finished_at", "error"])
        raise
    stats["counts"] = _counts(found)
    stats["lights"] = rules.lights(found, crawled=run.crawl)
    with transaction.atomic():
        Finding.objects.bulk_create(
            Finding(run=run, **{k: getattr(f, k) for k in FINDING_FIELDS}) for f in found
        )
        run.status, run.finished_at, run.stats = Run.DONE, timezone.now(), stats
        run.save(update_fields=["status", "finished_at", "stats"])
        answered = {f"url:{f.url}" for f in site.fetched if 0 < f.status < 400}
        _close_resolved(run, {f.key for f in found}, answered)
    return run


FINDING_FIELDS = ("code", "severity", "indicator", "subject", "message", "link")


def _counts(found: list[state.Finding]) -> dict[str, Any]:
    counts: dict[str, Any] = dict.fromkeys(state.SEVERITY_LABELS, 0)
    per_indicator: dict[str, int] = dict.fromkeys(state.INDICATORS, 0)
    for finding in found:
        counts[finding.severity] += 1
        per_indicator[finding.indicator] += 1
    counts["indicators"] = per_indicator
    return counts


def _crawled(site: state.Site, run: Run, base_url: str) -> tuple[state.Site, dict[str, Any]]:
    rechecked = [  # the broken links staff are fixing, asked for again even if not reached
        subject.removeprefix("url:")
        for subject in Task.objects.filter(
            agency=run.agency, status=TaskStatus.OPEN, indicator__in=CRAWL_INDICATORS
        ).values_list("subject", flat=True)
        if subject.startswith("url:/")
    ]
    crawl = Crawl(
        base_url=base_url,
        start=(reverse("portal:platform", args=[run.agency_id]),),
        recheck=tuple(rechecked),
        max_pages=settings.SITECHECK_MAX_PAGES,
        external=run.external,
    )
    fetched = crawl.run()
    times = crawl.response_times()
    stats = {
        "crawl_pages": crawl.pages,
        "crawl_complete": crawl.complete,
        "crawl_s": round(crawl.seconds, 3),
        "crawl_pages_per_s": round(crawl.pages / crawl.seconds, 1) if crawl.seconds else 0,
        "response_p50_ms": _percentile_ms(times, 0.5),
        "response_p95_ms": _percentile_ms(times, 0.95),
        "response_max_ms": _percentile_ms(times, 1.0),
    }
    return dataclasses.replace(site, fetched=tuple(fetched)), stats


def _percentile_ms(times: list[float], q: float) -> float | None:
    if not times:
        return None
    return round(times[min(len(times) - 1, int(q * len(times)))] * 1000, 1)


KEEP_DAYS = 400  # every run for 13 months; after that, each month's last (the trend) remains


def prune(today: date) -> int:
    """Delete old runs and their findings, but the last run of each month and runs a task
    names; the number of runs deleted."""
    old = Run.objects.filter(checked_on__lt=today - timedelta(days=KEEP_DAYS))
    kept: set[int] = set(Task.objects.values_list("found_by_id", flat=True))
    last_of_month: dict[tuple[int, int, int], int] = {}
    for pk, agency_id, checked_on, status in old.order_by("checked_on", "pk").values_list(
        "pk", "agency_id", "checked_on", "status"
    ):
        if status == Run.DONE:
            last_of_month[(agency_id, checked_on.year, checked_on.month)] = pk
    kept |= set(last_of_month.values())
    deleted = old.exclude(pk__in=kept)
    count = deleted.count()
    Finding.objects.filter(run__in=deleted).delete()
    deleted.delete()
    return count


def collect(agency: Agency, today: date) -> state.Site:
    """The state of the agency's platform and cases as the rules read it."""
    columns = _columns(agency)
    own = [c for c in columns if c.section == platform.OWN] or columns
    home = max((c.newest for c in own if c.newest), default=None)
    recent = today - timedelta(days=RECENT_DAYS)
    calendar = calendar_services.current()
    try:
        due_soon_by: date | None = calendar.add_workdays(today, rules.DUE_SOON_WORKDAYS)
    except CalendarNotCovered:
        due_soon_by = None
    personal, terms = _content(agency)
    site_identity = org_access.website()
    return state.Site(
        today=today,
        columns=tuple(columns),
        home_newest=home,
        cases=tuple(_cases(agency, recent)),
        due_soon_by=due_soon_by,
        predicted_years=tuple(sources.unannounced(today, calendar)),
        normative_without_interpretation=tuple(_uninterpreted(agency)),
        late_items=tuple(_late(agency, recent)),
        report_overdue=_report_overdue(agency, today),
        personal_data=tuple(personal),
        terms=tuple(terms),
        website=tuple((field.name, getattr(site_identity, field.name)) for field in website.FOOTER),
        website_link=reverse("office:system_website"),
        media=tuple(media_state.accounts(agency, today)),
        media_link=reverse("office:worklog_accounts"),
    )


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment else None


def _columns(agency: Agency) -> list[state.ColumnState]:
    counted = {
        column_id: (n, newest)
        for column_id, n, newest in Publication.objects.visible()
        .filter(agency=agency)
        .values_list("column_id")
        .annotate(n=Count("*"), newest=Max("published_at"))
        .order_by()
    }
    return [
        state.ColumnState(
            id=c.pk,
            name=c.name,
            section=c.section,
            column_class=c.column_class,
            parent_id=c.parent_id,
            update_days=c.update_days,
            published=counted.get(c.pk, (0, None))[0],
            newest=_local_date(counted.get(c.pk, (0, None))[1]),
            link=reverse("portal:column", args=[c.pk]),
        )
        for c in Column.objects.filter(agency=agency).order_by("order", "pk")
    ]


def _cases(agency: Agency, recent: date) -> Iterator[state.Case]:
    """The open cases (`ApplicationQuerySet.open`: not closed) the rules read: those still
    awaiting their reply, and those replied to within `recent` and not yet served."""
    cases = (
        Application.objects.filter(agency=agency)
        .open()
        .filter(
            Q(concluded_on__isnull=True) | Q(status=Status.DECIDED.value, concluded_on__gte=recent)
        )
    )
    for pk, code, due_date, concluded_on, served_on, status in cases.values_list(
        "pk", "tracking_code", "due_date", "concluded_on", "served_on", "status"
    ):
        yield state.Case(
            id=pk,
            code=code,
            due_date=due_date,
            awaiting_reply=concluded_on is None,
            concluded_on=concluded_on,
            served_on=served_on,
            decision=status == Status.DECIDED.value,
            link=reverse("office:case", args=[pk]),
        )


def _item(pk: int, title: str, attachment_id: int | None = None) -> state.Item:
    return state.Item(pk, title, attachment_id=attachment_id,
                      link=reverse("office:publication", args=[pk]))  # fmt: skip


def _uninterpreted(agency: Agency) -> Iterator[state.Item]:
    documents = Publication.objects.visible().filter(
        agency=agency, column__slug=platform.NORMATIVE_SLUG
    )
    interpreted = Publication.objects.visible().filter(interprets__isnull=False)
    for pk, title in documents.exclude(pk__in=interpreted.values("interprets_id")).values_list(
        "pk", "title"
    ):
        yield _item(pk, title)


def _late(agency: Agency, recent: date) -> Iterator[tuple[state.Item, int]]:
    since = timezone.make_aware(datetime.combine(recent, datetime.min.time()))
    items = timeliness.late_items(
        Publication.objects.visible().filter(agency=agency, published_at__gte=since)
    )
    for pk, title, days in items.values_list("pk", "title", "publish_workdays"):
        yield _item(pk, title), int(days or 0)


def _report_overdue(agency: Agency, today: date) -> tuple[int, date] | None:
    """Last year's report, when its deadline has passed unpublished and the agency ran its
    platform here that year (an agency that joined later published it elsewhere)."""
    year = today.year - 1
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    state = report_due(agency, year, report, today)
    if state.state != "overdue":
        return None
    if report is None and not sum(tallies.publications(agency.pk, year)[0].values()):
        return None
    return year, state.on


def _texts(agency: Agency) -> Iterator[tuple[int, str, int | None, str]]:
    """(item, title, attachment or None, text) of everything published, in chunks."""
    items = Publication.objects.visible().filter(agency=agency, pii_confirmed=False)
    for pk, title, text in items.values_list("pk", "title", "body_text").iterator(CHUNK):
        yield pk, title, None, f"{title}\n{text}"
    attachments = Attachment.objects.filter(
        publication__in=items.values("pk")
    ).exclude(text="")  # fmt: skip
    for pk, item, title, text in attachments.values_list(
        "pk", "publication_id", "publication__title", "text"
    ).iterator(CHUNK):
        yield item, title, pk, text


_MAY_HOLD_NUMBERS = re.compile(r"\d{11}")  # every kind pii looks for has 11 digits in a row


def _content(
    agency: Agency,
) -> tuple[list[tuple[state.Item, str]], list[tuple[state.Item, str, str]]]:
    """Personal data and 错敏词 in everything published, in one pass over the text."""
    terms = {
        t.term: t.note or t.source
        for t in SensitiveTerm.objects.filter(Q(agency=agency) | Q(agency__isnull=True))
    }
    pattern = (
        re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))
        if terms
        else None
    )
    personal: list[tuple[state.Item, str]] = []
    found_terms: list[tuple[state.Item, str, str]] = []
    for pk, title, attachment, text in _texts(agency):
        if _MAY_HOLD_NUMBERS.search(text) and (hits := pii.scan(text)):
            what = "；".join(f"{h.label} {h.masked}" for h in hits[:3])
            more = f" 等{len(hits)}处" if len(hits) > 3 else ""
            personal.append((_item(pk, title, attachment), what + more))
        if pattern is not None:
            for term in dict.fromkeys(pattern.findall(text)):
                found_terms.append((_item(pk, title, attachment), term, terms[term]))
    return personal, found_terms


# Tasks.

CRAWL_INDICATORS = frozenset({state.LINKS, state.AVAILABILITY})


def _close_resolved(
    run: Run, still_found: set[tuple[str, str]], answered: frozenset[str] | set[str] = frozenset()
) -> None:
    """Close the open tasks whose problem this run checked for and no longer found. A crawl
    that stopped at its page limit may not have reached a broken link: then a link task closes
    only when its URL was asked for again and answered (`answered`: "url:…" subjects)."""
    crawled_all = run.crawl and run.stats.get("crawl_complete", False)
    for task in Task.objects.filter(agency=run.agency).open():
        if (task.code, task.subject) in still_found:
            continue
        if (
            task.indicator in CRAWL_INDICATORS
            and not crawled_all
            and not (run.crawl and task.subject in answered)
        ):
            continue

        def closed_by(found: Task) -> list[str]:
            found.closed_by, found.closed_at = run, timezone.now()
            return ["closed_by", "closed_at"]

        _transition(task, RECHECK, Action.CLOSE, None, closed_by)


def _transition(
    task: Task, actor: Any, action: Action, version: int | None,
    change: Callable[[Task], list[str]],
) -> Task:  # fmt: skip
    """Lock, version check, the table (state and role), the change, save with update_fields,
    one audit row (audit.registers) with the task before and after."""
    roles = roles_in(actor, task.agency)
    with transaction.atomic():
        task = locked(task, version, StaleTask)
        try:
            target = WORKFLOW.next_status(TaskStatus(task.status), action, roles)
        except Forbidden as exc:
            raise TaskError(str(exc)) from None
        before = registers.snapshot(task, TASK_FIELDS)
        task.status = target
        changed = change(task)
        task.version += 1
        task.save(update_fields=["status", "version", *changed])
        registers.log(actor, task, "整改任务", before, registers.snapshot(task, TASK_FIELDS))
    return task


TASK_FIELDS = ["status", "owner", "due_on", "note", "waived_reason"]


TERM_FIELDS = ["term", "note", "source"]


def add_term(actor: Any, term: SensitiveTerm) -> SensitiveTerm:
    """A 错敏词 added to an agency's list (IntegrityError if the list has it already)."""
    if term.agency is None or not may_manage(actor, term.agency):
        raise TaskError("只有公开办负责人或系统管理员可以维护错敏词")
    with transaction.atomic():
        term.save()
        registers.log(actor, term, "错敏词", {}, registers.snapshot(term, TERM_FIELDS))
    return term


@transaction.atomic
def remove_term(actor: Any, term: SensitiveTerm) -> None:
    if term.agency is None or not may_manage(actor, term.agency):
        raise TaskError("只有公开办负责人或系统管理员可以维护错敏词")
    registers.log(actor, term, "错敏词", registers.snapshot(term, TERM_FIELDS), {})
    term.delete()


# Tasks are set and waived, and the term list kept, by the head or the administrator.
may_manage = org_access.may_manage


def open_task(
    actor: Any, finding: Finding, owner: Any, due_on: date, note: str, today: date | None = None
) -> Task:
    agency = finding.run.agency
    if not may_manage(actor, agency):
        raise TaskError("只有公开办负责人或系统管理员可以布置整改任务")
    if not roles_in(owner, agency):
        raise TaskError("责任人必须是本机关的工作人员")
    if due_on < (today or timezone.localdate()):
        raise TaskError("整改期限不能早于今天")
    task = Task(
        agency=agency,
        **{name: getattr(finding, name) for name in FINDING_FIELDS},
        owner=owner,
        due_on=due_on,
        note=note,
        found_by=finding.run,
        created_by=actor_or_none(actor),
    )
    try:
        with transaction.atomic():
            task.save()
            registers.log(actor, task, "整改任务", {}, registers.snapshot(task, TASK_FIELDS))
    except IntegrityError as exc:
        raise TaskError("这个问题已有整改任务，请在任务列表中查看") from exc
    return task


def waive(actor: Any, task: Task, reason: str, version: int) -> Task:
    if not may_manage(actor, task.agency):
        raise TaskError("只有公开办负责人或系统管理员可以豁免整改任务")
    if not reason.strip():
        raise TaskError("请填写豁免理由")

    def waived(found: Task) -> list[str]:
        found.waived_reason = reason.strip()
        return ["waived_reason"]

    return _transition(task, actor, Action.WAIVE, version, waived)
