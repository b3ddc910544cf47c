"""Valid annual reports made up from a seeded random generator.

The tables balance and the prose restates them, so the checks find no error: the property
tests render these in every format and read them back, the benchmark checks a thousand of
them, and single-cell corruptions of them must trip the right check on the right cell.
"""

from __future__ import annotations

import random
from decimal import Decimal

from gongkai.reports import tables
from gongkai.reports.parse import narrative
from gongkai.reports.tables import Cell, ReportData, t3_key

_PLACES = (
    "洛阳市",
    "淮安市",
    "洪泽区",
    "高新区",
    "宁波市鄞州区",
    "绩溪县",
    "广元市",
    "杨凌示范区",
    "西安市雁塔区",
    "成都市武侯区",
    "龙岗区",
    "上海市浦东新区",
)
_BODIES = (
    "人民政府",
    "人民政府办公室",
    "统计局",
    "自然资源和规划局",
    "生态环境局",
    "市场监督管理局",
    "住房和城乡建设局",
    "教育局",
    "卫生健康委员会",
    "管理委员会党政办公室",
    "交通运输局",
)
_FILLER = (
    "坚持以公开为常态、不公开为例外，规范政务公开行为，全面、及时、准确地做好政务公开工作。",
    "严格执行“先审查、后公开”和“一事一审”制度，落实公开属性源头认定机制。",
    "进一步优化政务公开专栏设置，定期对政府信息公开栏目进行检查，确保信息及时更新。",
    "加强政策解读，通过文字、图片、视频等形式解读重要政策，回应社会关切。",
    "将政务公开工作纳入年度绩效考核，开展业务培训，提升工作人员能力水平。",
    "畅通依申请公开渠道，规范受理、审查、处理、答复各环节，保证办理时效不超期。",
    "加强政府网站和政务新媒体日常监管，及时整改栏目不更新、链接不可用等问题。",
)
_PROBLEMS = (
    "一是政策解读形式还不够丰富；二是公开内容的针对性有待增强；三是工作人员专业水平仍需提高。",
    "下一步，将进一步完善工作制度，拓展公开覆盖面，加大培训力度，不断提升政务公开工作水平。",
    "部分栏目更新不够及时，依申请公开答复文书的规范性有待提升。",
)


def _count(rng: random.Random, busy: bool, scale: int) -> int:
    if not busy or rng.random() < 0.45:
        return 0
    return rng.randint(0, scale)


def generate(rng: random.Random, template_name: str = "2021") -> ReportData:
    template = tables.TEMPLATES[template_name]
    year = rng.randint(2021, 2025) if template_name == "2021" else rng.randint(2019, 2020)
    report = ReportData(
        template=template_name, agency=rng.choice(_PLACES) + rng.choice(_BODIES), year=year
    )
    _proactive(rng, report, template)
    _applications(rng, report, template)
    _disputes(rng, report)
    _prose(rng, report)
    return report


def _proactive(rng: random.Random, report: ReportData, template: tables.Template) -> None:
    cells = report.cells
    for item in template.proactive:
        prefix = f"{template.proactive_prefix}.{item.key}"
        for col, _ in item.columns:
            value: Cell
            if col in item.money_columns:
                value = Decimal(rng.randint(0, 3_000_000)) / Decimal(10000)
            elif col == "change":
                value = rng.randint(-20, 20)
            else:
                value = rng.randint(0, 400)
            cells[f"{prefix}.{col}"] = value
        if template.name == "2021" and item.key in ("regulations", "normative_documents"):
            issued = rng.randint(0, 30)
            repealed = rng.randint(0, 10)
            cells[f"{prefix}.issued"], cells[f"{prefix}.repealed"] = issued, repealed
            cells[f"{prefix}.in_force"] = issued + rng.randint(0, 200)
    if template.name == "2021" and rng.random() < 0.2:
        for col in ("issued", "repealed", "in_force"):  # a body without rule-making power: 「/」
            cells[f"proactive.regulations.{col}"] = None


def _applications(rng: random.Random, report: ReportData, template: tables.Template) -> None:
    busy = {col: col == "natural_person" or rng.random() < 0.35 for col in tables.APPLICANT_COLUMNS}
    scale = rng.choice((3, 12, 60, 400))
    for col in tables.APPLICANT_COLUMNS:
        handled = 0
        for row in template.outcome_rows:
            value = _count(rng, busy[col], scale)
            report.cells[t3_key(row.key, col)] = value
            handled += value
        carried_in = _count(rng, busy[col], max(1, scale // 5))
        carried_out = _count(rng, busy[col], max(1, scale // 5))
        if handled + carried_out < carried_in:
            carried_in = handled + carried_out
        report.cells[t3_key("handled_total", col)] = handled
        report.cells[t3_key("carried_in", col)] = carried_in
        report.cells[t3_key("carried_out", col)] = carried_out
        report.cells[t3_key("new", col)] = handled + carried_out - carried_in
    for row in template.t3_rows:
        report.cells[t3_key(row.key, "total")] = sum(
            int(report.cells[t3_key(row.key, col)] or 0) for col in tables.APPLICANT_COLUMNS
        )


def _disputes(rng: random.Random, report: ReportData) -> None:
    for group in tables.DISPUTE_GROUPS:
        parts = [rng.choice((0, 0, 0, rng.randint(0, 30))) for _ in range(4)]
        for result, value in zip(tables.DISPUTE_RESULTS, [*parts, sum(parts)], strict=True):
            report.cells[tables.dispute_key(group, result)] = value


def _prose(rng: random.Random, report: ReportData) -> None:
    cell = report.cells
    received = cell[t3_key("new", "total")]
    handled = cell[t3_key("handled_total", "total")]
    carried_out = cell[t3_key("carried_out", "total")]
    granted = cell[t3_key("granted", "total")]
    parts = [rng.randint(0, 900) for _ in range(3)]
    overview = [rng.choice(_FILLER)]
    overview.append(
        f"{report.year}年，主动公开各类信息{sum(parts)}条，其中政策文件{parts[0]}条、"
        f"工作动态{parts[1]}条，其他信息{parts[2]}条。"
    )
    overview.append(
        f"{report.year}年，共收到政府信息公开申请{received}件，办结{handled}件，"
        f"其中予以公开{granted}件；结转下年度继续办理{carried_out}件。"
    )
    reconsiderations = cell[tables.dispute_key("reconsideration", "total")]
    if rng.random() < 0.5:
        overview.append(f"全年被申请行政复议{reconsiderations}件。")
    overview += rng.sample(_FILLER, k=rng.randint(1, 3))
    report.sections = {
        "overview": "\n".join(overview),
        "problems": "\n".join(rng.sample(_PROBLEMS, k=rng.randint(1, 2))),
        "other": rng.choice(
            ("无。", f"{report.year}年收取政府信息公开信息处理费{rng.randint(0, 5000)}元。")
        ),
    }
    # The figures the parser will read back from this prose, by the same reading.
    report.narrative = narrative.read([], {k: v.split("\n") for k, v in report.sections.items()})
