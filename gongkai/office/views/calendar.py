"""The working-day calendar: what is in force for each year and where it comes from, loading a
State Council notice (preview of the difference, then save), and each year's versions with the
cases whose due dates followed them."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.applications import access as case_access
from gongkai.applications.models import CaseEvent
from gongkai.calendar import access, sources
from gongkai.calendar import services as calendar_services
from gongkai.calendar.models import NoticeVersion
from gongkai.calendar.predict import predict
from gongkai.calendar.workdays import difference
from gongkai.office import forms
from gongkai.office.views.common import gate

View = Callable[..., HttpResponse]


# Heads and system administrators read the calendar; who may load it is access.may_load.
_readers = gate(access.may_read, "只有公开办负责人或系统管理员可以查看节假日安排")


@_readers
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    may_load = access.may_load(request.user)
    form = forms.NoticeLoadForm(request.POST or None) if may_load else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(f"节假日安排是全平台共用的数据，只有{access.LOADERS}可以载入")
        if form.is_valid():
            return _preview_or_load(request, form)
    today = timezone.localdate()
    calendar_ = calendar_services.current()
    years = [
        (year, calendar_services.in_force(year), calendar_services.latest_version(year))
        for year in range(today.year - 1, today.year + 3)
    ]
    return render(
        request,
        "office/calendar.html",
        {
            "form": form,
            "years": years,
            "versions": NoticeVersion.objects.select_related("loaded_by"),
            "unannounced": sources.unannounced(today, calendar_),
            "loaders": access.LOADERS,
            "last_year": sources.LAST_YEAR,
        },
        status=422 if request.method == "POST" else 200,
    )


def _preview_or_load(request: HttpRequest, form: forms.NoticeLoadForm) -> HttpResponse:
    data = form.cleaned_data
    holidays, makeup, outside = data["days"]
    try:
        if not request.POST.get("confirm"):
            preview = calendar_services.preview(data["year"], data["notice"], holidays, makeup)
            return render(
                request,
                "office/calendar_preview.html",
                {"form": form, "preview": preview, "outside": outside},
            )
        loaded = calendar_services.load_year(
            data["year"],
            data["notice"],
            holidays,
            makeup,
            actor=request.user,
            base_version=data.get("base_version") or 0,
            note=data.get("note", ""),
        )
    except calendar_services.NoticeError as exc:
        form.add_error(None, str(exc))
        return render(
            request,
            "office/calendar_preview.html",
            {"form": form, "preview": None, "outside": outside},
            status=422,
        )
    changed = CaseEvent.objects.filter(action=CaseEvent.RECALCULATED, data__notice=loaded.pk)
    moved = sum(1 for event in changed if event.data.get("changed"))
    messages.success(
        request,
        f"已载入{loaded.year}年节假日安排（第{loaded.version}版）；"
        f"{moved}件未办结案件的答复期限随之调整，{changed.count() - moved}件的期限经确认不变。",
    )
    return redirect("office:calendar_year", year=loaded.year)


@_readers
def calendar_year(request: HttpRequest, year: int) -> HttpResponse:
    if not sources.FIRST_YEAR <= year <= sources.LAST_YEAR:
        raise Http404("该年度不在平台计算范围内")
    arrangement = calendar_services.in_force(year)
    versions = list(
        NoticeVersion.objects.filter(year=year)
        .select_related("loaded_by")
        .prefetch_related("events__actor")
    )
    visible = case_access.cases_for_staff(request.user)
    followed = (
        CaseEvent.objects.filter(
            action=CaseEvent.RECALCULATED,
            data__notice__in=[v.pk for v in versions],
            application__in=visible,
        )
        .select_related("application", "application__agency")
        .order_by("-at", "application__tracking_code")
    )
    by_version: dict[int, list[CaseEvent]] = {}
    for event in followed:
        by_version.setdefault(event.data["notice"], []).append(event)
    predicted = predict(year) if year >= sources.PREDICTED_FROM else None
    return render(
        request,
        "office/calendar_year.html",
        {
            "year": year,
            "arrangement": arrangement,
            "versions": [(v, by_version.get(v.pk, [])) for v in versions],
            "predicted": predicted,
            "from_prediction": (
                difference(predicted, arrangement)
                if predicted and arrangement and arrangement.source != predicted.source
                else []
            ),
        },
    )
