"""Every rule at its threshold, `today` a parameter: one day or one column either side."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gongkai.sitecheck import newmedia, rules, state
from gongkai.sitecheck.state import Case, ColumnState, Fetched, Item, MediaAccount, Site

TODAY = date(2026, 11, 29)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def codes(site: Site) -> list[str]:
    return sorted(f.code for f in rules.evaluate(site))


def news(n: int, newest: date | None, **kw: object) -> ColumnState:
    return ColumnState(n, f"动态{n}", "own", state.NEWS, published=1, newest=newest, **kw)  # type: ignore[arg-type]


def notice(n: int, newest: date | None) -> ColumnState:
    return ColumnState(n, f"通知{n}", "own", state.NOTICE, published=1, newest=newest)


@pytest.mark.parametrize(
    ("newest", "fires"),
    [(ago(0), False), (ago(13), False), (ago(14), True), (ago(400), True), (None, True)],
)
def test_home_page_not_updated_for_14_days_is_a_veto(newest: date | None, fires: bool) -> None:
    found = rules.home(Site(TODAY, home_newest=newest))
    assert [(f.code, f.severity) for f in found] == (
        [("HOME_NOT_UPDATED", state.VETO)] if fires else []
    )


@pytest.mark.parametrize(
    ("column", "stale"),
    [
        (news(1, ago(13)), False),
        (news(1, ago(14)), True),
        (news(1, None), True),  # items without a visible date count as not updated
        (notice(1, date(2026, 5, 30)), False),  # six months back from 29 November: 29 May
        (notice(1, date(2026, 5, 29)), True),
        (ColumnState(1, "机构职能", "statutory", state.OTHER, published=1, newest=ago(900)), False),
    ],
)
def test_a_column_is_stale_by_its_class(column: ColumnState, stale: bool) -> None:
    found = rules.columns(Site(TODAY, columns=(column,)))
    assert [f.code for f in found] == (["COLUMN_NOT_UPDATED"] if stale else [])


def test_six_months_back_from_the_end_of_a_long_month_is_the_shorter_months_end() -> None:
    assert rules.months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert rules.months_before(date(2026, 3, 15), 6) == date(2025, 9, 15)


@pytest.mark.parametrize(("stale", "veto"), [(4, False), (5, True)])
def test_four_stale_columns_are_warnings_five_are_a_veto(stale: int, veto: bool) -> None:
    columns = [news(n, ago(20)) for n in range(stale)] + [news(99, ago(1))]
    found = rules.columns(Site(TODAY, columns=tuple(columns)))
    assert sum(f.code == "COLUMN_NOT_UPDATED" for f in found) == stale
    assert ("COLUMNS_NOT_UPDATED" in {f.code for f in found}) is veto


def _policies(newest: dict[str, date]) -> list[ColumnState]:
    """法定主动公开内容 › 法规文件 (政策文件类) › 规章, 规范性文件, 其他文件, as the 61号 list has it."""
    top = ColumnState(10, "法定主动公开内容", "statutory", state.OTHER)
    files = ColumnState(11, "法规文件", "statutory", state.NOTICE, parent_id=10)
    leaves = [
        ColumnState(
            12 + n, name, "statutory", state.NOTICE, parent_id=11, published=1, newest=newest[name]
        )
        for n, name in enumerate(("规章", "规范性文件", "其他文件"))
    ]
    return [top, files, *leaves]


def test_a_policy_column_counts_once_with_its_sub_columns_not_three_times() -> None:
    # 法规文件's three sub-columns seven months old, 政策解读 too, one news column stale: three
    # columns by the inspectors' count (first-level 政策文件 columns), not five (a false veto).
    old = ago(210)
    columns = [
        *_policies({"规章": old, "规范性文件": old, "其他文件": old}),
        ColumnState(
            20, "政策解读", "statutory", state.NOTICE, parent_id=10, published=1, newest=old
        ),
        news(21, ago(20)),
        news(22, ago(1)),
    ]
    found = rules.columns(Site(TODAY, columns=tuple(columns)))
    assert sorted(f.subject for f in found) == ["column:11", "column:20", "column:21"]
    assert "COLUMNS_NOT_UPDATED" not in {f.code for f in found}
    assert "法规文件" in next(f.message for f in found if f.subject == "column:11")
    # A new 规范性文件 keeps 法规文件 up to date, however old its 规章 are.
    fresh = _policies({"规章": ago(900), "规范性文件": ago(30), "其他文件": old})
    assert rules.columns(Site(TODAY, columns=tuple(fresh))) == []


def test_an_agencys_stricter_rule_makes_a_column_overdue() -> None:
    strict = news(1, ago(8), update_days=7)
    fine = news(2, ago(6), update_days=7)
    found = rules.columns(Site(TODAY, columns=(strict, fine)))
    assert [(f.code, f.subject) for f in found] == [("COLUMN_OVERDUE", "column:1")]


@pytest.mark.parametrize(("overdue", "veto"), [(9, False), (10, True)])
def test_nine_overdue_columns_are_warnings_ten_are_a_veto(overdue: int, veto: bool) -> None:
    columns = [
        ColumnState(
            n, f"人事{n}", "statutory", state.OTHER, update_days=30, published=1, newest=ago(30)
        )
        for n in range(overdue)
    ]
    found = {f.code for f in rules.columns(Site(TODAY, columns=tuple(columns)))}
    assert ("COLUMNS_OVERDUE" in found) is veto


@pytest.mark.parametrize(("empty", "veto"), [(4, False), (5, True)])
def test_four_empty_columns_are_warnings_five_are_a_veto(empty: int, veto: bool) -> None:
    columns = [ColumnState(n, f"空{n}", "own", state.OTHER) for n in range(empty)]
    found = rules.empty(Site(TODAY, columns=tuple(columns)))
    assert sum(f.code == "EMPTY_COLUMN" for f in found) == empty
    assert ("EMPTY_COLUMNS" in {f.code for f in found}) is veto


def test_a_parent_column_is_not_empty_for_lacking_items_of_its_own() -> None:
    parent = ColumnState(1, "法规文件", "statutory", state.NOTICE)
    child = ColumnState(2, "规章", "statutory", state.OTHER, parent_id=1, published=3,
                        newest=ago(1))  # fmt: skip
    assert rules.empty(Site(TODAY, columns=(parent, child))) == []


def test_the_four_first_level_columns_must_be_there_and_hold_something() -> None:
    columns = (
        ColumnState(1, "政府信息公开指南", "guide", state.OTHER),  # generated from data
        ColumnState(2, "政府信息公开制度", "system", state.OTHER, published=1, newest=ago(5)),
        ColumnState(3, "法定主动公开内容", "statutory", state.OTHER),
        ColumnState(
            4, "机构职能", "statutory", state.OTHER, parent_id=3, published=1, newest=ago(5)
        ),
    )
    found = rules.platform(Site(TODAY, columns=columns))
    assert [(f.code, f.subject) for f in found] == [("PLATFORM_COLUMN_MISSING", "section:annual")]
    empty_annual = (*columns, ColumnState(5, "政府信息公开年报", "annual", state.OTHER))
    found = rules.platform(Site(TODAY, columns=empty_annual))
    assert [(f.code, f.subject) for f in found] == [("PLATFORM_COLUMN_EMPTY", "section:annual")]


@pytest.mark.parametrize(("days", "fires"), [(364, False), (365, True)])
def test_the_guide_is_updated_within_the_year(days: int, fires: bool) -> None:
    guide = ColumnState(1, "指南", "guide", state.OTHER, published=1, newest=ago(days))
    found = {f.code for f in rules.platform(Site(TODAY, columns=(guide,)))}
    assert ("GUIDE_OUTDATED" in found) is fires


def test_a_normative_document_without_interpretation_is_a_warning() -> None:
    site = Site(TODAY, normative_without_interpretation=(Item(7, "关于印发某办法的通知"),))
    assert [(f.code, f.severity, f.subject) for f in rules.platform(site)][-1] == (
        "INTERPRETATION_MISSING",
        state.WARNING,
        "item:7",
    )


@pytest.mark.parametrize(
    ("case", "code"),
    [
        (Case(1, "A1", due_date=ago(1)), "CASE_OVERDUE"),
        (Case(1, "A1", due_date=TODAY), "CASE_DUE_SOON"),
        (Case(1, "A1", due_date=date(2026, 12, 4)), "CASE_DUE_SOON"),  # the 5th working day
        (Case(1, "A1", due_date=date(2026, 12, 7)), None),
        (
            Case(
                1, "A1", due_date=ago(9), awaiting_reply=False, concluded_on=ago(9), decision=True
            ),
            "CASE_NOT_SERVED",
        ),
        (
            Case(
                1, "A1", awaiting_reply=False, concluded_on=ago(9), served_on=ago(8), decision=True
            ),
            None,
        ),
        (
            Case(1, "A1", awaiting_reply=False, concluded_on=ago(9), decision=False),
            None,
        ),  # withdrawn
    ],
)
def test_cases_overdue_due_soon_or_not_served(case: Case, code: str | None) -> None:
    site = Site(TODAY, cases=(case,), due_soon_by=date(2026, 12, 4))
    assert [f.code for f in rules.applications(site)] == ([code] if code else [])


@pytest.mark.parametrize(("days", "fires"), [(20, False), (21, True)])
def test_an_item_published_after_20_working_days_is_late(days: int, fires: bool) -> None:
    site = Site(TODAY, late_items=((Item(3, "某通知"), days),))
    assert bool(rules.timeliness(site)) is fires


def test_the_annual_report_past_its_deadline() -> None:
    site = Site(TODAY, report_overdue=(2025, date(2026, 3, 31)))
    assert [(f.code, f.severity) for f in rules.timeliness(site)] == [
        ("ANNUAL_REPORT_OVERDUE", state.ERROR)
    ]


def test_personal_data_and_sensitive_terms_in_pages_and_attachments() -> None:
    site = Site(
        TODAY,
        personal_data=((Item(4, "公示", attachment_id=9), "居民身份证号码 110***********1234"),),
        terms=((Item(5, "通知"), "中华人名共和国", "应为“中华人民共和国”"),),
    )
    assert [(f.code, f.subject) for f in rules.content(site)] == [
        ("PERSONAL_DATA", "attachment:9"),
        ("SENSITIVE_TERM", "item:5:中华人名共和国"),
    ]


@pytest.mark.parametrize(
    ("fetched", "code"),
    [
        (Fetched("/xxgk/item/1/", 200), None),
        (Fetched("/xxgk/item/1/", 404, linked_from=("/",)), "BROKEN_LINK"),
        (
            Fetched("/xxgk/attachment/3/", 404, kind="attachment", linked_from=("/x/",)),
            "BROKEN_ATTACHMENT",
        ),
        (
            Fetched("https://example.org/", 0, kind="external", linked_from=("/x/",)),
            "BROKEN_EXTERNAL_LINK",
        ),
        (Fetched("/search/", 500), "SERVER_ERROR"),
        (Fetched("/", 0), "SERVER_ERROR"),
    ],
)
def test_the_crawl_findings(fetched: Fetched, code: str | None) -> None:
    found = rules.links(Site(TODAY, fetched=(fetched,)))
    assert [f.code for f in found] == ([code] if code else [])


def test_findings_come_veto_first_and_light_their_indicators() -> None:
    site = Site(
        TODAY,
        home_newest=ago(30),
        cases=(Case(1, "A1", due_date=ago(1)),),
        late_items=((Item(3, "某通知"), 25),),
    )
    found = rules.evaluate(site)
    assert [f.code for f in found if f.indicator != "platform"] == [
        "HOME_NOT_UPDATED",
        "CASE_OVERDUE",
        "LATE_PUBLICATION",
    ]
    order = [state.SEVERITY_ORDER[f.severity] for f in found]
    assert order == sorted(order) and found[0].severity == state.VETO
    lights = rules.lights(found, crawled=False)
    assert (lights["home"], lights["applications"], lights["timeliness"]) == (
        "red",
        "red",
        "amber",
    )
    assert (lights["columns"], lights["links"]) == ("green", "grey")
    assert "PLATFORM_COLUMN_MISSING" in codes(Site(TODAY, home_newest=TODAY))


def test_a_predicted_calendar_is_a_hint_never_more() -> None:
    found = rules.evaluate(Site(TODAY, home_newest=TODAY, predicted_years=(2027,)))
    hint = [f for f in found if f.code == "CALENDAR_PREDICTED"]
    assert [(f.severity, f.subject) for f in hint] == [(state.WARNING, "calendar:2027")]
    assert "2027年的节假日安排尚未载入" in hint[0].message
    assert rules.lights(hint)["applications"] == "amber"
    assert "CALENDAR_PREDICTED" not in codes(Site(TODAY, home_newest=TODAY))


def test_which_years_are_only_predicted_depends_on_the_day() -> None:
    from gongkai.calendar.sources import standard_calendar, unannounced

    calendar = standard_calendar()  # the package holds 2026, not 2027
    assert unannounced(date(2026, 9, 30), calendar) == []
    assert unannounced(date(2026, 10, 1), calendar) == [2027]
    assert unannounced(date(2027, 3, 1), calendar) == [2027]
    assert unannounced(date(2027, 12, 31), calendar) == [2027, 2028]


def test_each_footer_field_missing_is_a_problem_naming_it() -> None:
    complete = (
        ("sponsor", "某区人民政府办公室"),
        ("contact", "0379-12345678"),
        ("site_code", "4103000001"),
        ("icp", "豫ICP备12345678号-1"),
        ("police", "豫公网安备 41030502000123号"),
    )
    assert rules.identity(Site(TODAY, website=complete)) == []
    assert rules.identity(Site(TODAY)) == []  # not read: nothing said
    gaps = (("sponsor", "某区人民政府办公室"), ("contact", " "), ("site_code", ""), ("icp", ""))
    found = rules.identity(Site(TODAY, website=gaps, website_link="/office/system/website/"))
    assert [(f.code, f.severity, f.indicator, f.subject) for f in found] == [
        ("SITE_IDENTITY_MISSING", state.ERROR, state.IDENTITY, f"website:{name}")
        for name in ("contact", "site_code", "icp", "police")
    ]
    assert [f.message.split("”")[0] for f in found] == [
        "网站页脚缺少“联系方式",
        "网站页脚缺少“网站标识码",
        "网站页脚缺少“ICP备案号",
        "网站页脚缺少“公安机关备案号",
    ]
    assert all("《政府网站发展指引》" in f.message for f in found)
    assert rules.lights(found)["identity"] == "red"


def account(
    last: date | None, filed: date | None = date(2019, 6, 1), recent: int | None = 40
) -> MediaAccount:
    return MediaAccount(7, "“洛阳高新”微信公众号", last, filed, recent)


@pytest.mark.parametrize(
    ("account", "codes"),
    [
        (account(ago(0)), []),
        (account(ago(13)), []),  # updated within the two weeks before the check
        (account(ago(14)), [("MEDIA_NOT_UPDATED", state.VETO)]),  # 单项否决: 内容不更新
        (account(ago(400)), [("MEDIA_NOT_UPDATED", state.VETO)]),
        (account(None), [("MEDIA_UPDATE_UNKNOWN", state.ERROR)]),
        (account(ago(1), recent=0), [("MEDIA_DORMANT", state.ERROR)]),  # 3 months, no post
        (account(ago(1), recent=1), []),
        (account(ago(1), recent=None), []),  # months not entered: nothing to say
        (account(ago(1), filed=None), [("MEDIA_NOT_FILED", state.ERROR)]),
    ],
)
def test_new_media_at_their_thresholds(account: MediaAccount, codes: list[tuple[str, str]]) -> None:
    found = newmedia.media(Site(TODAY, media=(account,), media_link="/office/x/"))
    assert [(f.code, f.severity) for f in found] == codes
    assert all(f.indicator == state.MEDIA and f.subject == "account:7" for f in found)
    assert all("“洛阳高新”微信公众号" in f.message for f in found)
