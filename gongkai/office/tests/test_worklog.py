"""The 政务公开工作台账 through its pages: each register kept (with its audit rows), another
agency's records a 404, stale edits refused, the 政务新媒体 figures entered and imported, and an
activity's materials."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.audit.models import RegisterEvent
from gongkai.core.tests import files
from gongkai.orgs.models import Role
from gongkai.orgs.services import add_member, create_agency
from gongkai.worklog import media, services
from gongkai.worklog.models import (
    Account,
    AccountFigure,
    Activity,
    ActivityFile,
    Venue,
    WebsiteEvent,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path
    agency = create_agency("洛阳高新技术产业开发区管理委员会")
    other = create_agency("另一个机关")
    people = {"agency": agency, "other": other}
    for name, where, role in (
        ("editor", agency, Role.EDITOR),
        ("head", agency, Role.HEAD),
        ("stranger", other, Role.EDITOR),
        ("handler", agency, Role.HANDLER),
    ):
        user = User.objects.create_user(name, password="pw-very-long-1")
        add_member(user, where, role)
        people[name] = user
    return people


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    return str(response.content.decode())


ACTIVITY = {"kind": "training", "held_on": "2025-04-18", "topic": "政务公开业务培训",
            "place": "管委会三楼会议室", "participants": "56", "findings": "讲解条例和年报格式"}  # fmt: skip
VENUE = {"kind": "zone", "name": "政务服务中心政务公开专区", "level": "county",
         "address": "洛阳市高新区滨河北路", "opened_on": "2021-06-01", "closed_on": ""}  # fmt: skip
EVENT = {"kind": "relaunch", "happened_on": "2025-09-30", "description": "新版门户网站上线"}
ACCOUNT = {"platform": "wechat", "name": "洛阳高新", "sponsor": "洛阳高新区党政办公室",
           "opened_on": "2016-03-01", "closed_on": "", "filed_on": "2019-05-10",
           "last_posted_on": "2026-03-09"}  # fmt: skip
REGISTERS = [
    # (model, list, new, record, delete, data, a field to change, audit name)
    (Activity, "office:worklog_activities", "office:worklog_activity_new",
     "office:worklog_activity", "office:worklog_activity_delete", ACTIVITY,
     ("topic", "政务公开业务培训（第二期）"), "培训、会议和调研登记"),
    (Venue, "office:worklog_venues", "office:worklog_venue_new", "office:worklog_venue",
     "office:worklog_venue_delete", VENUE, ("closed_on", "2025-12-31"),
     "公开专区、示范点和线下设施登记"),
    (WebsiteEvent, "office:worklog_website", "office:worklog_website_new",
     "office:worklog_website_event", "office:worklog_website_delete", EVENT,
     ("description", "新版网站上线，适老化改造"), "网站建设事项登记"),
    (Account, "office:worklog_accounts", "office:worklog_account_new",
     "office:worklog_account", "office:worklog_account_delete", ACCOUNT,
     ("sponsor", "洛阳高新区融媒体中心"), "政务新媒体账号登记"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("model", "listing", "new", "record", "delete", "data", "change", "what"), REGISTERS
)
def test_each_register_is_kept_through_its_pages_with_audit_rows(
    staff: dict[str, Any],
    model: Any,
    listing: str,
    new: str,
    record: str,
    delete: str,
    data: dict[str, str],
    change: tuple[str, str],
    what: str,
) -> None:
    agency, client = staff["agency"], _client(staff["editor"])
    assert client.get(reverse(new)).status_code == 200
    response = client.post(reverse(new), {**data, "agency": agency.pk})
    assert response.status_code == 302, _text(response)
    found = model.objects.get()
    assert found.agency == agency and found.version == 1
    page = _text(client.get(reverse(listing), {"year": 2025}))
    assert reverse(record, args=[found.pk]) in page
    # Edited at the version shown: saved, version 2, the change in the audit log.
    field, value = change
    edit = reverse(record, args=[found.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**data, "agency": agency.pk, field: value, "version": 1})
    assert response.status_code == 302, _text(response)
    found.refresh_from_db()
    assert found.version == 2 and str(getattr(found, field)) == value
    events = list(RegisterEvent.objects.filter(what=what).order_by("pk"))
    assert len(events) == 2 and events[0].before == {}
    assert events[1].after[field] == value and events[1].before[field] != value
    assert events[1].actor == staff["editor"]
    # Deleting needs the tick: an empty post deletes nothing; a ticked one does, logged.
    gone = reverse(delete, args=[found.pk])
    assert client.get(gone).status_code == 405
    assert client.post(gone, {}).status_code == 302 and model.objects.count() == 1
    assert client.post(gone, {"confirm": "on"}).status_code == 302
    assert not model.objects.exists()
    last = RegisterEvent.objects.filter(what=what).order_by("pk").last()
    assert last is not None and last.after == {"deleted": True} and last.before[field] == value


def test_another_agencys_records_are_a_404_and_no_role_is_refused(staff: dict[str, Any]) -> None:
    agency, editor = staff["agency"], staff["editor"]
    activity = services.keep(editor, Activity(agency=agency, **_model_data(ACTIVITY)))
    account = services.keep(editor, Account(agency=agency, **_model_data(ACCOUNT)))
    venue = services.keep(editor, Venue(agency=agency, **_model_data(VENUE)))
    event = services.keep(editor, WebsiteEvent(agency=agency, **_model_data(EVENT)))
    material = services.add_material(
        editor, activity, "课件", SimpleUploadedFile("课件.pdf", files.pdf("Slides"))
    )
    stranger = _client(staff["stranger"])
    urls = [
        reverse("office:worklog_activity", args=[activity.pk]),
        reverse("office:worklog_activity_delete", args=[activity.pk]),
        reverse("office:worklog_material", args=[material.pk]),
        reverse("office:worklog_material_remove", args=[material.pk]),
        reverse("office:worklog_venue", args=[venue.pk]),
        reverse("office:worklog_venue_delete", args=[venue.pk]),
        reverse("office:worklog_website_event", args=[event.pk]),
        reverse("office:worklog_website_delete", args=[event.pk]),
        reverse("office:worklog_account", args=[account.pk]),
        reverse("office:worklog_account_delete", args=[account.pk]),
        reverse("office:worklog_figures", args=[account.pk]),
    ]
    for url in urls:
        assert stranger.get(url).status_code in (404, 405), url
        assert stranger.post(url, {"confirm": "on", "year": 2025}).status_code == 404, url
    for listing in ("activities", "venues", "website", "accounts"):
        page = _text(stranger.get(reverse(f"office:worklog_{listing}"), {"year": 2025}))
        assert "政务公开业务培训" not in page and "洛阳高新" not in page
    assert Activity.objects.count() == Account.objects.count() == ActivityFile.objects.count() == 1
    # A post with no place in the register: the refusal the other areas give (403, in Chinese).
    handler = _client(staff["handler"])
    refused = handler.get(reverse("office:worklog"))
    assert refused.status_code == 403 and "政务公开工作台账" in _text(refused)
    assert handler.get(reverse("office:worklog_activity", args=[activity.pk])).status_code == 403
    # The navigation shows the register to the editor and the head, not to the handler.
    assert "政务公开工作台账" in _text(_client(staff["head"]).get(reverse("office:worklog")))
    assert reverse("office:worklog") not in _text(handler.get(reverse("office:home")))


def _model_data(data: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key.endswith("_on"):
            out[key] = date.fromisoformat(value) if value else None
        elif key == "participants":
            out[key] = int(value)
        else:
            out[key] = value
    return out


def test_a_stale_edit_is_refused_and_loses_nothing(staff: dict[str, Any]) -> None:
    agency = staff["agency"]
    activity = services.keep(staff["editor"], Activity(agency=agency, **_model_data(ACTIVITY)))
    url = reverse("office:worklog_activity", args=[activity.pk])
    first, second = _client(staff["editor"]), _client(staff["head"])
    base = {**ACTIVITY, "agency": agency.pk, "version": 1}
    assert first.post(url, {**base, "findings": "第一人的记录"}).status_code == 302
    page = _text(second.post(url, {**base, "findings": "第二人的记录"}))
    assert "已被他人修改" in page and "第二人的记录" in page  # the second text is still there
    activity.refresh_from_db()
    assert (activity.findings, activity.version) == ("第一人的记录", 2)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("venue_", {**VENUE, "closed_on": "2020-01-01"}, "撤销日期不能早于建成日期"),
        ("venue_", {**VENUE, "opened_on": "2021-02-30"}, "请输入有效日期"),
        ("venue_", {**VENUE, "name": "专" * 101}, "名称最多100个字"),
        ("venue_", {**VENUE, "level": "planet"}, "选择一个有效的选项"),
        ("activity_", {**ACTIVITY, "participants": "-3"}, "参加人数不能为负数"),
        ("activity_", {**ACTIVITY, "participants": "3000000"}, "参加人数不超过十万人"),
        ("activity_", {**ACTIVITY, "participants": "五十"}, "参加人数应为非负整数"),
        ("activity_", {**ACTIVITY, "held_on": "2099-01-01"}, "日期不能晚于今天"),
        ("activity_", {**ACTIVITY, "held_on": "1899-01-01"}, "日期不能早于2000年"),
        ("activity_", {**ACTIVITY, "topic": ""}, "请填写主题"),
        ("account_", {**ACCOUNT, "closed_on": "2015-01-01"}, "关停日期不能早于开设日期"),
        ("account_", {**ACCOUNT, "platform": ""}, "请选择平台"),
        ("website_", {**EVENT, "description": "说" * 301}, "说明最多300个字"),
    ],
)
def test_bad_input_is_refused_in_chinese(
    staff: dict[str, Any], name: str, data: dict[str, str], message: str
) -> None:
    response = _client(staff["editor"]).post(
        reverse(f"office:worklog_{name}new"), {**data, "agency": staff["agency"].pk}
    )
    assert response.status_code == 200 and message in _text(response)
    assert not RegisterEvent.objects.exists()


def test_the_same_account_twice_is_refused(staff: dict[str, Any]) -> None:
    client = _client(staff["editor"])
    url = reverse("office:worklog_account_new")
    assert client.post(url, {**ACCOUNT, "agency": staff["agency"].pk}).status_code == 302
    page = _text(client.post(url, {**ACCOUNT, "agency": staff["agency"].pk}))
    assert "本机关已登记过这个平台上同名的账号" in page and Account.objects.count() == 1


# --- 政务新媒体 figures -------------------------------------------------------------------------------


@pytest.fixture
def account(staff: dict[str, Any]) -> Account:
    saved: Account = services.keep(
        staff["editor"], Account(agency=staff["agency"], **_model_data(ACCOUNT))
    )
    return saved


def _month(month: int, issues: str = "", posts: str = "", followers: str = "", source: str = "") -> dict[str, str]:  # fmt: skip
    return {f"m{month}_issues": issues, f"m{month}_posts": posts,
            f"m{month}_followers": followers, f"m{month}_source": source}  # fmt: skip


def test_a_years_figures_are_entered_in_one_form(staff: dict[str, Any], account: Account) -> None:
    client = _client(staff["editor"])
    url = reverse("office:worklog_figures", args=[account.pk]) + "?year=2025"
    page = _text(client.get(url))
    assert "12月" in page and "全年合计</th>" not in page  # no whole-year row: the year has none
    data = {
        "year": "2025",
        **_month(1, "20", "86", "35120", "后台"),
        **_month(2, "18", "70", "35400"),
    }
    assert client.post(url, data).status_code == 302
    assert set(account.figures.values_list("month", "posts")) == {(1, 86), (2, 70)}
    page = _text(client.get(reverse("office:worklog_accounts"), {"year": 2025}))
    assert '<td data-label="2025年条数">156</td>' in page and "35400" in page
    assert "已登记2个月" in page
    # Clearing a month removes it (logged); a row without posts is refused, nothing changes.
    assert (
        client.post(url, {"year": "2025", **_month(1, "20", "86", "35120", "后台")}).status_code
        == 302
    )
    assert list(account.figures.values_list("month", flat=True)) == [1]
    removed = RegisterEvent.objects.filter(what="政务新媒体数据", after={"deleted": True})
    assert removed.count() == 1 and removed.get().before["month"] == 2
    page = _text(client.post(url, {"year": "2025", **_month(3, "4", "", "10")}))
    assert "请填写3月发布条数" in page
    page = _text(client.post(url, {"year": "2025", **_month(3, "", "99999999999")}))
    assert "一年的发布条数不超过一千万" in page
    page = _text(client.post(url, {"year": "2025", **_month(3, "", "5", "2000000000")}))
    assert "粉丝或关注数不超过十亿" in page
    assert client.post(url, {}).status_code == 200  # an empty post: invalid, nothing removed
    assert list(account.figures.values_list("month", flat=True)) == [1]


def test_a_whole_year_row_is_shown_and_kept_apart_from_months(
    staff: dict[str, Any], account: Account
) -> None:
    services.save_figure(staff["editor"], account, 2024, 0, 1210, None, 80211, "年报")
    client = _client(staff["editor"])
    url = reverse("office:worklog_figures", args=[account.pk]) + "?year=2024"
    page = _text(client.get(url))
    assert "全年合计</th>" in page and 'value="1210"' in page
    page = _text(client.post(url, {"year": "2024", **_month(0, "", "1300", "80211", "年报"),
                                   **_month(5, "", "20")}))  # fmt: skip
    assert media.mixing({0}, 5) in page
    assert account.figures.get().posts == 1210
    assert client.post(url, {"year": "2024", **_month(0, "", "1300", "80211")}).status_code == 302
    assert account.figures.get().posts == 1300


CSV_HEADER = "账号名称,年度,月份,期数,发布条数,粉丝数,数据来源\n"


def _import(client: Client, agency: Any, name: str, data: bytes) -> Any:
    upload = SimpleUploadedFile(name, data)
    return client.post(reverse("office:worklog_import"), {"agency": agency.pk, "file": upload})


def test_figures_import_from_csv_and_xlsx(staff: dict[str, Any], account: Account) -> None:
    client, agency = _client(staff["editor"]), staff["agency"]
    assert client.get(reverse("office:worklog_import")).status_code == 200
    good = CSV_HEADER + "洛阳高新,2025,1,20,86,35120,公众号后台\n洛阳高新,2025,2月,,70,,\n"
    assert _import(client, agency, "数据.csv", good.encode("gbk")).status_code == 302
    assert set(account.figures.values_list("year", "month", "posts", "issues")) == {
        (2025, 1, 86, 20),
        (2025, 2, 70, None),
    }
    sheet = files.xlsx([["账号名称", "年度", "月份", "期数", "发布条数", "粉丝数", "数据来源"],
                        ["洛阳高新", 2024, "全年", None, 1210, 80211, "年报"],
                        ["洛阳高新", 2025.0, 3, 22, 91, 36000, None]])  # fmt: skip
    assert _import(client, agency, "数据.xlsx", sheet).status_code == 302
    whole = account.figures.get(year=2024)
    assert (whole.month, whole.posts, whole.followers) == (0, 1210, 80211)
    assert account.figures.get(year=2025, month=3).source == "导入"
    assert RegisterEvent.objects.filter(what="政务新媒体数据").count() == 4


def test_a_bad_line_imports_nothing_and_is_named(staff: dict[str, Any], account: Account) -> None:
    client, agency = _client(staff["editor"]), staff["agency"]
    bad = (
        CSV_HEADER
        + "洛阳高新,2025,1,20,86,35120,后台\n"
        + "洛阳高新,2025,13,,5,,\n"
        + "不存在的账号,2025,2,,5,,\n"
        + "洛阳高新,2025,4,,-5,,\n"
        + "洛阳高新,2025,1,,9,,\n"
    )
    page = _text(_import(client, agency, "数据.csv", bad.encode()))
    assert "第3行：月份“13”应为 1 至 12" in page
    assert "第4行：本机关没有名为“不存在的账号”的政务新媒体账号" in page
    assert "第5行：发布条数“-5”应为非负整数" in page
    assert "第6行：“洛阳高新”微信公众号 2025年1月的数据在文件中出现了两次" in page
    assert not AccountFigure.objects.exists()
    # Another agency's account is not found by its name.
    other = services.keep(
        staff["stranger"],
        Account(agency=staff["other"], **{**_model_data(ACCOUNT), "name": "别人的号"}),
    )
    page = _text(_import(client, agency, "数据.csv", f"{other.name},2025,1,,5,,\n".encode()))
    assert "本机关没有名为“别人的号”" in page and not AccountFigure.objects.exists()


def test_a_whole_year_beside_months_is_refused_with_the_registers_words(
    staff: dict[str, Any], account: Account
) -> None:
    client, agency = _client(staff["editor"]), staff["agency"]
    mixed = CSV_HEADER + "洛阳高新,2025,1,,86,,\n洛阳高新,2025,0,,900,,\n"
    page = _text(_import(client, agency, "数据.csv", mixed.encode()))
    assert f"第3行：“洛阳高新”微信公众号 2025年：{media.mixing({1}, 0)}" in page
    assert not AccountFigure.objects.exists()
    services.save_figure(staff["editor"], account, 2025, 0, 900)
    page = _text(_import(client, agency, "数据.csv", "洛阳高新,2025,3,,5,,\n".encode()))
    assert media.mixing({0}, 3) in page and "第1行" in page
    assert list(account.figures.values_list("month", flat=True)) == [0]


def test_an_unreadable_file_is_refused_in_chinese(staff: dict[str, Any], account: Account) -> None:
    client, agency = _client(staff["editor"]), staff["agency"]
    bomb = next(h for h in files.corpus() if h.name.endswith(".xlsx"))
    page = _text(_import(client, agency, bomb.name, bomb.data))
    assert "没有数据行" not in page and not AccountFigure.objects.exists()
    assert 'class="errorlist"' in page


# --- materials ------------------------------------------------------------------------------------


def test_materials_are_uploaded_downloaded_by_staff_in_scope_and_removed(
    staff: dict[str, Any],
) -> None:
    agency, editor = staff["agency"], staff["editor"]
    activity = services.keep(editor, Activity(agency=agency, **_model_data(ACTIVITY)))
    client = _client(editor)
    url = reverse("office:worklog_activity", args=[activity.pk])
    slides = SimpleUploadedFile("培训课件.pdf", files.pdf("Training slides"))
    response = client.post(url, {"material": "1", "title": "培训课件", "file": slides})
    assert response.status_code == 302
    material = ActivityFile.objects.get()
    download = reverse("office:worklog_material", args=[material.pk])
    assert download in _text(client.get(url))
    got = client.get(download)
    assert got.status_code == 200 and b"".join(
        got.streaming_content if got.streaming else [got.content]
    ).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert _client(staff["stranger"]).get(download).status_code == 404
    assert Client().get(download).status_code == 302  # to the login
    # Hostile and wrong files are refused in Chinese, nothing kept, the record's form untouched.
    for hostile in [h for h in files.corpus() if h.name.endswith((".pdf", ".docx"))][:3]:
        upload = SimpleUploadedFile(hostile.name, hostile.data)
        page = _text(client.post(url, {"material": "1", "title": "恶意文件", "file": upload}))
        assert "恶意文件" in page and 'class="errorlist"' in page, hostile.what
    page = _text(client.post(url, {"material": "1", "title": "程序", "file": SimpleUploadedFile("a.exe", b"MZ\x90\x00")}))  # fmt: skip
    assert "errorlist" in page and ActivityFile.objects.count() == 1
    page = _text(client.post(url, {"material": "1", "title": "", "file": ""}))
    assert "请填写材料名称" in page and "请选择文件" in page
    activity.refresh_from_db()
    assert activity.version == 1  # posting a material saves nothing of the activity's form
    # Removing: only with the button's own field; logged.
    remove = reverse("office:worklog_material_remove", args=[material.pk])
    assert client.post(remove, {}).status_code == 302 and ActivityFile.objects.count() == 1
    assert client.post(remove, {"confirm": "on"}).status_code == 302
    assert not ActivityFile.objects.exists()
    assert RegisterEvent.objects.filter(before={"material": "培训课件"}).count() == 1


def test_the_hub_and_the_lists_answer(staff: dict[str, Any], account: Account) -> None:
    client = _client(staff["editor"])
    hub = _text(client.get(reverse("office:worklog")))
    for name in ("activities", "venues", "website", "accounts"):
        assert reverse(f"office:worklog_{name}") in hub
        assert client.get(reverse(f"office:worklog_{name}"), {"year": "abc"}).status_code == 200
    assert "在运营1个" in hub
