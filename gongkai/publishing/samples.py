"""Realistic published items and reader queries, generated deterministically: for the search
benchmark, the demo site and tests. Texts are built from the phrases a district government's
website really uses, with rare names mixed in so some queries are selective."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

PLACES = [
    "辛店街道",
    "孙旗屯乡",
    "丰李镇",
    "瀛洲街道",
    "高新技术开发区",
    "洛龙科技园",
    "河洛路",
    "龙门大道",
    "滨河北路",
]
UNITS = [
    "党政办公室",
    "财政局",
    "经济发展局",
    "规划建设局",
    "社会事业局",
    "市场监督管理局",
    "生态环境分局",
    "应急管理局",
    "人力资源和社会保障局",
    "税务局",
    "公安分局",
    "综合执法局",
]
TOPICS = [
    "营商环境",
    "安全生产",
    "疫情防控",
    "垃圾分类",
    "人居环境",
    "乡村振兴",
    "招商引资",
    "科技创新",
    "双随机一公开",
    "行政许可",
    "行政处罚",
    "政府采购",
    "财政预算",
    "财政决算",
    "规范性文件",
    "政策解读",
    "政府信息公开",
    "依申请公开",
    "重大建设项目",
    "公共服务",
    "社会救助",
    "就业创业",
    "医疗保障",
    "教育",
    "食品药品",
    "环境保护",
    "消防安全",
    "防汛抗旱",
    "文明城市",
    "减税降费",
]
ACTIONS = [
    "召开",
    "部署",
    "推进",
    "开展",
    "组织",
    "举办",
    "印发",
    "制发",
    "落实",
    "督导",
    "检查",
    "调研",
    "宣传",
    "培训",
    "验收",
]
EVENTS = [
    "工作会议",
    "推进会",
    "座谈会",
    "专题培训",
    "现场观摩会",
    "督导检查",
    "专项行动",
    "集中宣传活动",
]
SENTENCES = (
    "{date}，{unit}{action}{topic}{event}，区有关部门负责同志参加会议。",
    "会议指出，要深入学习贯彻党的十九届六中全会精神，扎实做好{topic}各项工作。",
    "会议强调，各单位要提高政治站位，压实工作责任，确保{topic}工作取得实效。",
    "{unit}依法{action}{topic}相关文件，共涉及企业{n}家、项目{m}个。",
    "截至{month}月底，{place}已完成{topic}任务{n}项，{company}等{m}家企业参与。",
    "下一步，{unit}将持续优化{topic}，不断提升群众的获得感、幸福感、安全感。",
    "根据《中华人民共和国政府信息公开条例》，现将{topic}有关情况公开如下。",
    "{place}{action}{topic}{event}，发放宣传资料{n}份，接受群众咨询{m}人次。",
    "联系人：{person}，联系电话：0379-{phone}。",
    "本次{event}由{company}承办，{project}项目总投资{n}万元。",
    "{unit}主要负责同志带队深入{place}，实地查看{project}项目进展情况。",
    "检查组对{company}的{topic}台账资料进行了逐项核查，现场反馈问题{m}条。",
    "{place}坚持问题导向，建立{topic}问题清单、责任清单和整改清单。",
    "各责任单位要于{month}月{m}日前将{topic}工作开展情况报送{unit}。",
    "{unit}对照年度目标任务，梳理{topic}重点工作{m}项，明确时间节点。",
    "此次培训邀请{company}技术负责人授课，{n}名工作人员参加培训。",
    "活动现场设置咨询台{m}个，工作人员向过往群众讲解{topic}相关政策。",
    "{project}项目计划于{month}月底完工，建成后将有效改善周边群众出行条件。",
    "{unit}{action}《关于进一步加强{topic}工作的实施意见》，自印发之日起施行。",
    "本意见所称{topic}，是指在本辖区内依法开展的相关管理和服务活动。",
    "对违反本办法规定的，由{unit}责令限期改正，并依法予以处理。",
    "{place}聚焦企业和群众关切，推动{topic}事项“一网通办”，平均办理时限压缩{m}%。",
    "全年累计受理{topic}事项{n}件，办结率达到100%。",
    "{person}同志强调，要以钉钉子精神抓好{topic}任务落实。",
    "{unit}组织执法人员{m}人次，检查经营主体{n}家，责令整改{m}家。",
    "{company}负责人表示，将严格落实主体责任，确保{topic}各项措施落地见效。",
    "会上，{place}、{unit}分别作了交流发言。",
    "{month}月{m}日，{place}组织召开{topic}工作调度会，听取各单位工作汇报。",
    "为深入贯彻落实市委、市政府关于{topic}的决策部署，制定本方案。",
    "{unit}将{topic}纳入年度绩效考核，考核结果作为评先评优的重要依据。",
    "{place}新增市场主体{n}户，同比增长{m}%。",
    "本通知自发布之日起实施，有效期{m}年。",
    "如有疑问，请与{unit}联系。",
    "{unit}开展{topic}“回头看”，对发现的{m}个问题实行销号管理。",
    "{place}投入资金{n}万元，实施{project}工程。",
    "区政府常务会议研究通过了《{topic}三年行动计划》。",
)
COLUMN_KINDS = ("要闻", "工作动态", "通知公告", "规范性文件", "政策解读", "其他文件")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅建国志"
BRAND = "恒瑞宏达鑫源华信瑞丰博远中科汇通天润金盛嘉禾正和锦程永泰盛世德隆"
TRADE = ["科技", "智能", "新材料", "电子", "生物医药", "机械", "物流", "建设", "环保", "软件"]


@dataclass(frozen=True)
class SampleItem:
    title: str
    body: str
    kind: str
    unit: str
    doc_number: str
    written_on: date
    published: datetime


class Sampler:
    def __init__(self, seed: int = 2021) -> None:
        self.random = random.Random(seed)
        # A long tail of enterprise and project names: rare terms for selective queries.
        self.companies = [self._company() for _ in range(5000)]
        self.projects = [self._project() for _ in range(3000)]

    def _company(self) -> str:
        r = self.random
        return "洛阳" + r.choice(BRAND) + r.choice(BRAND) + r.choice(TRADE) + "有限公司"

    def _project(self) -> str:
        r = self.random
        return (
            r.choice(PLACES)
            + r.choice(BRAND)
            + r.choice("路桥园馆苑")
            + r.choice(("改造", "建设", "提升", "配套"))
        )

    def item(self, number: int, year: int = 2021) -> SampleItem:
        r = self.random
        topic, unit = r.choice(TOPICS), r.choice(UNITS)
        day = date(year, 1, 1) + timedelta(days=r.randrange(365))
        fill = {
            "date": f"{day.month}月{day.day}日",
            "month": day.month,
            "unit": unit,
            "action": r.choice(ACTIONS),
            "topic": topic,
            "event": r.choice(EVENTS),
            "place": r.choice(PLACES),
            "n": r.randrange(2, 400),
            "m": r.randrange(2, 60),
            "company": r.choice(self.companies),
            "project": r.choice(self.projects),
            "person": r.choice(SURNAMES) + r.choice(GIVEN) + r.choice(GIVEN),
            "phone": r.randrange(60000000, 69999999),
        }
        body = "".join(s.format(**fill) for s in r.sample(SENTENCES, r.randrange(6, 11)))
        kind = r.choice(COLUMN_KINDS)
        doc_number = (
            f"洛开管〔{year}〕{number % 300 + 1}号" if kind in ("规范性文件", "通知公告") else ""
        )
        title = f"{fill['place']}{fill['action']}{topic}{fill['event']}"
        hour = r.randrange(8, 18)
        published = datetime(day.year, day.month, day.day, hour, r.randrange(60))
        return SampleItem(title, body, kind, unit, doc_number, day, published)

    def items(self, count: int, year: int = 2021) -> Iterator[SampleItem]:
        for number in range(count):
            yield self.item(number, year)

    def queries(self, count: int = 200) -> list[str]:
        """1–3-word queries: common words, selective topics and rare names, some mixed with
        full-width characters and typed the way readers type."""
        r = random.Random(7)
        common = ["工作", "会议", "企业", "公开", "项目", "群众", "检查", "责任"]
        selective = [*TOPICS, *EVENTS, "制发", "十九届六中全会", "获得感", "总投资"]
        rare = self.companies[:400] + self.projects[:300] + ["辛店街道 防汛抗旱", "ＧＢ２０２１"]
        out: list[str] = []
        while len(out) < count:
            kind = len(out) % 4
            if kind == 0:
                words = [r.choice(common), *r.sample(selective, r.randrange(0, 2))]
            elif kind == 1:
                words = r.sample(selective, r.randrange(1, 3))
            elif kind == 2:
                words = [r.choice(rare)]
            else:
                words = [r.choice(selective), r.choice(rare)][: r.randrange(1, 3)] + (
                    [r.choice(common)] if r.random() < 0.3 else []
                )
            out.append(" ".join(words))
        return out
