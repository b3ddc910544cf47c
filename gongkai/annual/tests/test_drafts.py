"""Drafted prose links its numbers to figures; every link resolves; unknown ones are reported."""

from __future__ import annotations

from gongkai.annual import drafts
from gongkai.reports.tables import TEMPLATE_2021


def _facts(late: int = 0) -> drafts.Facts:
    cells = dict.fromkeys(TEMPLATE_2021.keys(), 0)
    cells.update({"applications.new.total": 5, "applications.granted.total": 4})
    cells["applications.withheld.third_party.total"] = 1
    return drafts.Facts(
        agency="某局",
        year=2025,
        cells=cells,  # type: ignore[arg-type]
        published=10,
        published_parts=(("规范性文件", 1), ("其他信息", 9)),
        accounts=(
            drafts.Account("media.3", "某局发布", "微信公众号", "信息", "关注人数", 7, 2, 900),
            drafts.Account("media.4", "某局", "微博", "微博", "粉丝数", 11),
        ),
        work=drafts.Work(
            zones=(2, ("县区", "乡镇（街道）")),
            trainings=1,
            trained=30,
            surveys=1,
            survey_places=("某村",),
            relaunched_month=9,
            interpretations=(("图解", 1), ("文字解读", 2)),
            unreviewed=late,
        ),
        columns=24,
        late_publications=late,
        late_replies=late,
        fees_collected=30,
    )


def test_every_linked_figure_of_a_draft_resolves() -> None:
    for late in (0, 2):
        facts = _facts(late)
        figures = facts.figures()
        for text in (drafts.overview(facts), drafts.problems(facts), drafts.other(facts)):
            assert drafts.unknown(text, figures) == []
            assert "{{" not in drafts.fill(text, figures)
    filled = drafts.fill(drafts.overview(_facts()), _facts().figures())
    assert "主动公开各类信息10条，其中规范性文件1条、其他信息9条" in filled
    assert "予以公开4件、部分公开0件、不予公开1件" in filled
    assert (
        "“某局发布”微信公众号发布信息2期7条，关注人数达到900人；“某局”微博发布微博11条。" in filled
    )
    assert "建有县区和乡镇（街道）两级政务公开专区2个。" in filled
    assert "发布政策解读3篇，其中图解1篇、文字解读2篇。" in filled
    assert "2025年9月，新版网站正式上线运行。" in filled
    assert "举办培训1次，参训30人次" in filled and "到某村等地开展政府信息公开工作调研1次" in filled
    assert drafts.REVIEWED_ALL in filled
    late = drafts.fill(drafts.overview(_facts(2)), _facts(2).figures())
    assert drafts.REVIEWED_ALL not in late and "8条有保密审查记录（占80%），2条没有" in late
    assert drafts.fill(drafts.other(_facts()), _facts().figures()).endswith("信息处理费30元。")


def test_an_unknown_link_stays_visible_and_is_reported() -> None:
    figures = {"published": 3}
    assert drafts.fill("共{{published}}条，另{{publishd}}条", figures) == "共3条，另{{publishd}}条"
    assert drafts.unknown("共{{published}}条，另{{publishd}}条", figures) == ["publishd"]


def test_a_zero_claim_the_figures_contradict_is_named() -> None:
    sections = {
        "problems": "2025年，政府信息公开申请均在法定期限内答复。",
        "other": "未收取信息处理费。",
    }
    assert drafts.contradictions(sections, {"late.replies": 0, "fees": 0}) == []
    assert drafts.contradictions(sections, {"late.replies": 2, "fees": 0}) == [
        "正文称“均在法定期限内答复”，但记录中有2件申请逾期答复"
    ]


def test_staff_write_figures_by_name_and_the_report_keeps_keys() -> None:
    keys = [
        "applications.new.total",
        "published",
        "outcome.予以公开",
        "venues.zone",
        "late.replies",
    ]
    names = drafts.names_for(keys)
    assert names["applications.new.total"] == "表三一、本年新收政府信息公开申请数量：总计"
    assert names["published"] == "主动公开信息总数" and names["venues.zone"] == "政务公开专区数"
    stored = "共收到申请{{applications.new.total}}件，公开{{published}}条，{{unknown.key}}。"
    shown = drafts.to_names(stored, names)
    assert "applications" not in shown and "{{主动公开信息总数}}" in shown
    assert "{{unknown.key}}" in shown  # not a figure: left as written, and flagged as unknown
    assert drafts.to_keys(shown, names) == stored
    assert all(" " not in name for name in names.values())  # one token each
