"""一、总体情况 from records: the demo's 2021 report states every figure of the seed's overview —
2912 (1, 1284, 481, 1146), 270期, 1223条, 1543条, 254345人, 38件, 2021年9月 — each in a sentence
about the same thing as the seed's, from the work register (worklog) and the items' 保密审查
records; the exported report is read back by `gongkai check` with no finding. And the 保密审查
sentence is drafted, and stands in saved prose, only while every item has its review."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gongkai import cli
from gongkai.annual import collect, drafts
from gongkai.applications.tests import factories
from gongkai.demo import loading as demo
from gongkai.orgs.models import Agency
from gongkai.orgs.roles import Role
from gongkai.publishing.models import Column, Publication, Review

pytestmark = pytest.mark.django_db
TUESDAY = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

# The seed's figure, and the sentence of the drafted overview that must carry it.
SEED_SENTENCES = {
    "2912 (1, 1284, 481, 1146)": r"政府网站主动公开各类信息2912条，其中规范性文件1条、区情要闻1284条、"
    r"工作动态481条、其他信息1146条",
    "270期 1223条": r"“洛阳高新”微信公众号发布信息270期1223条",
    "1543条 254345人": r"“洛阳高新区管委会”微博发布微博1543条，粉丝数达到254345人",
    "38件": r"共收到政府信息公开申请38件",
    "2021年9月": r"（四）平台建设方面\n2021年9月，新版网站正式上线运行",
    "保密审查": r"主动公开信息均经保密审查后发布",
    "公开专区和示范点": r"县区和乡镇（街道）两级政务公开专区\d+个、乡镇（街道）和村（居）两级标准化"
    r"规范化示范点\d+个",
    "会议和培训": r"（五）监督保障方面\n召开专题会议\d+次、举办培训\d+次",
}


@pytest.mark.slow
@pytest.mark.time_machine(TUESDAY)
def test_the_demo_overview_states_the_seeds_work_from_records(
    search_index: Any, tmp_path: Any, capsys: Any
) -> None:
    demo.load()
    office = Agency.objects.get(slug="luoyang-gaoxin")
    overview = collect.build(office, 2021).sections["overview"]
    missing = [f for f, sentence in SEED_SENTENCES.items() if not re.search(sentence, overview)]
    assert not missing, (missing, overview)
    for fmt in ("md", "docx"):
        out = tmp_path / f"report.{fmt}"
        args = ["report", "export", "--agency", "luoyang-gaoxin", "--year", "2021"]
        assert cli.main([*args, "--format", fmt, "-o", str(out)]) == 0
        capsys.readouterr()
        assert cli.main(["check", "--json", str(out)]) == 0, fmt
        read = json.loads(capsys.readouterr().out)
        assert read["findings"] == [], (fmt, read["findings"])
        narrative = read["narrative"]
        assert narrative["proactive_items_total"]["value"] == 2912
        assert [p["value"] for p in narrative["proactive_items_total"]["parts"]] == [
            1, 1284, 481, 1146
        ]  # fmt: skip
        text = read["sections"]["overview"]
        for figure in ("270期1223条", "1543条", "254345人", "2021年9月"):
            assert figure in text, (fmt, figure)


def _item(agency: Agency, day: date, reviewed: bool) -> Publication:
    column = Column.objects.filter(agency=agency).first()
    assert column is not None
    item = Publication.objects.create(
        agency=agency, column=column, title=f"{day}的通知", publisher=agency.name,
        written_on=day, published_at=datetime(day.year, day.month, day.day, 9,
                                              tzinfo=ZoneInfo("Asia/Shanghai")),
        status="published",
    )  # fmt: skip
    if reviewed:
        reviewer = factories.staff(agency, Role.REVIEWER)
        Review.objects.create(
            publication=item, reviewer=reviewer, level=1, opinion="同意", outcome=Review.APPROVED
        )
    return item


def test_the_review_sentence_is_earned_by_every_item_having_its_review() -> None:
    agency = factories.agency()
    _item(agency, date(2025, 3, 3), reviewed=True)
    _item(agency, date(2025, 4, 7), reviewed=True)
    reviewed = collect.drafted(agency, 2025)["overview"]
    assert drafts.REVIEWED_ALL in reviewed
    figures = collect.figures(agency, 2025, collect.tables(agency, 2025))
    assert drafts.contradictions({"overview": reviewed}, figures) == []

    unreviewed = _item(agency, date(2025, 5, 12), reviewed=False)
    drafted = drafts.fill(collect.drafted(agency, 2025)["overview"],
                          collect.figures(agency, 2025, collect.tables(agency, 2025)))  # fmt: skip
    assert drafts.REVIEWED_ALL not in drafted
    assert "本年主动公开的3条信息中，2条有保密审查记录（占66%），1条没有保密审查记录" in drafted
    # Saved prose that still says every item was reviewed is now contradicted by the records.
    figures = collect.figures(agency, 2025, collect.tables(agency, 2025))
    assert drafts.contradictions({"overview": reviewed}, figures) == [
        "正文称“均经保密审查”，但记录中有1条主动公开信息没有保密审查记录"
    ]
    Review.objects.create(
        publication=unreviewed, reviewer=factories.staff(agency, Role.REVIEWER),
        level=1, opinion="同意", outcome=Review.APPROVED,
    )  # fmt: skip
    figures = collect.figures(agency, 2025, collect.tables(agency, 2025))
    assert drafts.contradictions({"overview": reviewed}, figures) == []
