"""The notices and the reply letter as Word documents, from editable templates.

A template is a title and a body with fields in braces ({申请人}, {答复期限}, …); the agency
may override the built-in wording of any kind. A field that the case cannot fill is left
visible rather than silently blank.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.applications import workflow
from gongkai.applications.models import Application, CaseEvent, NoticeTemplate
from gongkai.applications.services import online
from gongkai.applications.workflow import Action

REMEDY = (
    "如对本答复不服，可以在收到本答复之日起60日内依法申请行政复议，"
    "或者在6个月内依法向人民法院提起行政诉讼。"
)


@dataclass(frozen=True)
class Kind:
    key: str
    title: str
    body: str
    after: str | None  # the event that makes this document available (None: always)


KINDS: tuple[Kind, ...] = (
    Kind(
        "acknowledgement",
        "政府信息公开申请受理回执",
        "{申请人}：\n本机关于{收到日期}通过{收到方式}收到您提出的政府信息公开申请（跟踪码：{跟踪码}），"
        "申请获取的信息为：{申请内容}。\n本机关将依照《中华人民共和国政府信息公开条例》在{答复期限}前作出答复。"
        "您可以凭跟踪码和查询码在政府信息公开平台查询办理进度。",
        None,
    ),
    Kind(
        "correction",
        "政府信息公开申请补正告知书",
        "{申请人}：\n本机关于{收到日期}收到您提出的政府信息公开申请（跟踪码：{跟踪码}）。经审查，"
        "您的申请内容不明确，根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对以下内容作出补正：{补正内容}。\n"
        "请于{补正期限}前提交补正材料。答复期限自本机关收到补正材料之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        Action.REQUEST_CORRECTION,
    ),
    Kind(
        "extension",
        "政府信息公开申请延期答复告知书",
        "{申请人}：\n本机关于{收到日期}收到您提出的政府信息公开申请（跟踪码：{跟踪码}）。因{延期理由}，"
        "不能在规定期限内答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，"
        "经本机关政府信息公开工作机构负责人同意，答复期限延长{延期天数}个工作日，本机关将在{答复期限}前作出答复。",
        Action.EXTEND,
    ),
    Kind(
        "consultation",
        "政府信息公开第三方意见征询函",
        "{征询对象}：\n本机关收到政府信息公开申请（跟踪码：{跟踪码}），申请公开的信息可能涉及您（单位）的合法权益。"
        "根据《中华人民共和国政府信息公开条例》第三十二条的规定，请您在收到本函之日起15个工作日内提出意见。"
        "逾期未提出意见的，由本机关依照条例的规定决定是否公开。",
        Action.START_CONSULTATION,
    ),
    Kind(
        "fee",
        "政府信息公开信息处理费收费通知",
        "{申请人}：\n您提出的政府信息公开申请（跟踪码：{跟踪码}）的申请数量、频次明显超过合理范围。"
        "根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），应收取信息处理费{收费金额}元（{收费说明}）。\n"
        "请于收到本通知次日起20个工作日内（{缴费期限}前）缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该申请。"
        "收费期间不计算在答复期限内。",
        Action.SEND_FEE_NOTICE,
    ),
    Kind(
        "reply",
        "政府信息公开申请答复书",
        "{申请人}：\n本机关于{收到日期}收到您提出的政府信息公开申请（跟踪码：{跟踪码}），申请获取：{申请内容}。\n"
        "经审查，现答复如下：{答复要点}\n办理结果：{办理结果}。依据：{答复依据}。\n" + REMEDY,
        Action.DECIDE,
    ),
)
KIND_BY_KEY = {kind.key: kind for kind in KINDS}
# Not a notice and no template: what the applicant sent with an online correction, for the staff
# (the text, each file's name, size and checksum, images shown, documents' text).
MATERIAL = Kind("correction_answer", "申请人网上补正材料", "", Action.RECEIVE_CORRECTION)


def available(events: list[CaseEvent]) -> list[Kind]:
    done = {event.action for event in events}
    kinds = [kind for kind in KINDS if kind.after is None or kind.after in done]
    if online.online_correction(events):
        kinds.append(MATERIAL)
    return kinds


def template_for(application: Application, key: str) -> tuple[str, str]:
    if key == MATERIAL.key:
        return MATERIAL.title, MATERIAL.body
    own = NoticeTemplate.objects.filter(agency=application.agency, kind=key).first()
    kind = KIND_BY_KEY[key]
    return (own.title, own.body) if own else (kind.title, kind.body)


class _Visible(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _day(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def field_values(application: Application, events: list[CaseEvent]) -> dict[str, str]:
    last = {event.action: event for event in events}
    agency = application.agency
    values = {
        "申请人": application.applicant.name,
        "跟踪码": application.tracking_code,
        "收到日期": _day(application.received_on),
        "收到方式": application.get_channel_display(),
        "申请内容": application.description,
        "答复期限": _day(application.due_date)
        + (f"（预测：{application.due_caveat()}）" if application.due_caveat() else ""),
        "机关名称": agency.name,
        "工作机构": agency.office_name or agency.name,
        "地址": agency.address,
        "邮编": agency.postcode,
        "电话": agency.phone,
        "办理结果": application.get_outcome_display() if application.outcome else "",
        "答复依据": workflow.OUTCOME_BY_KEY[application.outcome].basis
        if application.outcome
        else "",
        "答复要点": application.outcome_note,
        "答复日期": _day(application.concluded_on),
    }
    if Action.REQUEST_CORRECTION in last:
        event = last[Action.REQUEST_CORRECTION]
        values |= {
            "补正内容": event.data.get("what", ""),
            "补正告知日期": _day(event.on),
            "补正期限": _day(date.fromisoformat(event.data["reply_by"])),
        }
    if Action.EXTEND in last:
        values |= {
            "延期天数": str(last[Action.EXTEND].data.get("days", "")),
            "延期理由": last[Action.EXTEND].note,
        }
    if Action.START_CONSULTATION in last:
        values["征询对象"] = last[Action.START_CONSULTATION].data.get("party", "")
    if Action.SEND_FEE_NOTICE in last:
        data = last[Action.SEND_FEE_NOTICE].data
        values |= {
            "收费金额": str(data.get("amount", "")),
            "收费说明": data.get("explanation", ""),
            "缴费期限": _day(date.fromisoformat(data["pay_by"]))
            + (f"（{data['pay_by_caveat']}）" if data.get("pay_by_caveat") else ""),
        }
    return values


# Fields that name the applicant or what they asked for: the tracking page shows a notice's text
# without them (applications.public), so that a page opened with the codes shows no personal data.
PERSONAL_FIELDS = {"申请人": "申请人", "申请内容": "（见您的申请）"}


def notice_text(
    application: Application, key: str, events: list[CaseEvent], *, public: bool = False
) -> tuple[str, str]:
    """The notice's title and its text with the fields filled; `public`: the applicant's name and
    request left out (PERSONAL_FIELDS), for the tracking page."""
    title, body = template_for(application, key)
    values = field_values(application, events)
    if public:
        values |= PERSONAL_FIELDS
    return title, body.format_map(_Visible(values))


class ApplicantNotices:
    """A case's notices as the applicant is shown them on /track/ (public.Notices): the titles,
    and the texts without the applicant's name and request (PERSONAL_FIELDS)."""

    def __init__(self, application: Application, events: list[CaseEvent]) -> None:
        self.application, self.events = application, events

    def title(self, key: str) -> str:
        return template_for(self.application, key)[0]

    def text(self, key: str) -> str:
        return notice_text(self.application, key, self.events, public=True)[1]


def render_notice(
    application: Application, key: str, events: list[CaseEvent] | None = None
) -> bytes:
    events = events if events is not None else list(application.events.all())
    if key == MATERIAL.key:
        return _material(application, events)
    title, text = notice_text(application, key, events)
    document = _document()
    for line, size in ((application.agency.name, 16), (title, 18)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.bold = True
        run.font.size = Pt(size)
    for number, line in enumerate(text.split("\n")):
        paragraph = document.add_paragraph(line)
        if number:
            paragraph.paragraph_format.first_line_indent = Pt(28)
    for line in (application.agency.name, _day(_issued_on(application, key, events))):
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    contact = "　".join(
        part
        for part in (
            f"地址：{application.agency.address}" if application.agency.address else "",
            f"电话：{application.agency.phone}" if application.agency.phone else "",
        )
        if part
    )
    if contact:
        document.add_paragraph(contact)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_notice_pdf(
    application: Application, key: str, events: list[CaseEvent] | None = None
) -> bytes:
    """The same notice as a PDF (WeasyPrint, the Noto CJK fonts), for whoever has no word
    processor: the applicant downloading the reply from /track/."""
    events = events if events is not None else list(application.events.all())
    title, text = notice_text(application, key, events)
    agency = application.agency
    contact = "　".join(
        part
        for part in (
            f"地址：{agency.address}" if agency.address else "",
            f"电话：{agency.phone}" if agency.phone else "",
        )
        if part
    )
    paragraphs = "".join(
        f'<p class="{"first" if number == 0 else "body"}">{escape(line)}</p>'
        for number, line in enumerate(text.split("\n"))
    )
    page = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_PDF_STYLE}</style></head><body>"
        f'<p class="agency">{escape(agency.name)}</p><h1>{escape(title)}</h1>{paragraphs}'
        f'<p class="sign">{escape(agency.name)}</p>'
        f'<p class="sign">{_day(_issued_on(application, key, events))}</p>'
        + (f'<p class="contact">{escape(contact)}</p>' if contact else "")
        + "</body></html>"
    )
    import weasyprint  # loaded only when a PDF is asked for (0.6 s)

    for name in ("weasyprint", "weasyprint.progress", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    data: bytes = weasyprint.HTML(string=page).write_pdf()
    return data


_PDF_STYLE = (
    "@page{size:A4;margin:2.5cm 2.6cm}"
    "body{font-family:'FangSong','Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:14pt;"
    "line-height:1.8}"
    ".agency,h1{text-align:center;font-weight:bold}.agency{font-size:16pt;margin:0}"
    "h1{font-size:18pt;margin:0.5em 0 1em}p{margin:0}.body{text-indent:2em}"
    ".sign{text-align:right}.contact{margin-top:1em}"
)


def _document() -> Any:
    document = docx.Document()
    normal: Any = document.styles["Normal"]
    normal.font.name = "仿宋"
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")
    return document


def _material(application: Application, events: list[CaseEvent]) -> bytes:
    """What the applicant sent online, for the staff: the text, and per file its name, type, size
    and SHA-256, an image shown, a document's text (the original stays in the storage)."""
    event = online.online_correction(events)
    if event is None:
        raise KeyError(MATERIAL.key)
    document = _document()
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(f"{MATERIAL.title}（跟踪码：{application.tracking_code}）")
    run.bold = True
    run.font.size = Pt(16)
    late = "（已过补正期限）" if event.data.get("late") else ""
    document.add_paragraph(f"申请人于{_day(event.on)}通过政府信息公开平台提交补正材料{late}。")
    document.add_heading("补正内容", level=2)
    for line in (event.data.get("text") or "（未填写文字，见附件）").split("\n"):
        document.add_paragraph(line)
    for number, item in enumerate(online.correction_files(event), 1):
        document.add_heading(f"附件{number}：{item.name}", level=2)
        document.add_paragraph(
            f"类型 {item.kind.upper()}，大小 {item.size} 字节，SHA-256 {item.sha256}"
        )
        if item.kind in ("jpg", "jpeg", "png"):
            try:
                document.add_picture(
                    io.BytesIO(online.read_correction_file(item)), width=docx.shared.Cm(15)
                )
            except Exception:  # an image python-docx cannot read: its checksum stays listed
                document.add_paragraph("（图片无法在文书中显示）")
        elif text := online.correction_file_text(item):
            for line in text.splitlines()[:2000]:
                document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _issued_on(application: Application, key: str, events: list[CaseEvent]) -> date:
    kind = KIND_BY_KEY[key]
    dated = [event.on for event in events if event.action == kind.after]
    return dated[-1] if dated else application.received_on
