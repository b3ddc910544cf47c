"""Forms of the back office: input errors belong here, in Chinese; the rules live in services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.applications import services, workflow
from gongkai.applications.deadlines import PAUSE_KINDS
from gongkai.applications.forms import limit
from gongkai.applications.models import Application, Channel
from gongkai.applications.workflow import Action
from gongkai.calendar.notice import parse_lines, parse_notice
from gongkai.core import contact
from gongkai.core.uploads import limited_upload
from gongkai.orgs.models import Agency

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A list of people (a name, or the login name of an account without one) or of tracking codes is
# literal data, not language: browsers' translation leaves it alone.
NAMES = {"translate": "no"}


def _date_field(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE_WIDGET,
        input_formats=["%Y-%m-%d", "%Y/%m/%d"],
        error_messages={"invalid": "请输入有效日期，如 2025-09-26"},
        **kwargs,
    )


class CaseForm(forms.ModelForm[Application]):
    """Registering an application received by letter, in person, by fax or e-mail, or orally."""

    received_on = _date_field(
        "收到申请日期", help_text="按条例第三十一条确定：签收之日、确认之日或提交之日"
    )

    class Meta:
        model = Application
        fields = [
            "agency",
            "channel",
            "received_on",
            "receipt_note",
            "oral",
            "assisted",
            "description",
            "form_requested",
            "delivery_requested",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit(self.fields["description"], contact.DESCRIPTION)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()

    def clean_received_on(self) -> date:
        received_on: date = self.cleaned_data["received_on"]
        problem = services.received_on_error(received_on, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return received_on


# The version of the record the page showed (a stale one is refused): hidden, but named in
# Chinese like every field, should a page ever show its label.
def _version(required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label="版本", widget=forms.HiddenInput, required=required)


def _note(label: str, rows: int = 2, required: bool = True) -> forms.CharField:
    """A reason, an opinion or a note: a few sentences (core.contact.NOTE)."""
    field = forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"请填写{label}"},
    )
    return limit(field, contact.NOTE.named(label))


class _ActionForm(forms.Form):
    on = _date_field("日期")
    version = _version()

    def arguments(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class RequestCorrectionForm(_ActionForm):
    what = _note("需要补正的内容", rows=3)
    reply_by = _date_field("补正期限")


class OnlyDateForm(_ActionForm):
    pass


class StartConsultationForm(_ActionForm):
    kind = forms.ChoiceField(
        label="征求对象", choices=[(k, v) for k, v in PAUSE_KINDS.items() if k != "fee"]
    )
    party = forms.CharField(label="第三方或机关名称", max_length=100)


class EndConsultationForm(_ActionForm):
    opinion = _note("意见摘要", required=False)


class ExtendForm(_ActionForm):
    days = forms.IntegerField(
        label="延长工作日数",
        min_value=1,
        max_value=20,
        error_messages={
            "max_value": "延长期限最长不得超过20个工作日（条例第三十三条）",
            "min_value": "延长期限至少1个工作日",
        },
    )
    reason = _note("延期理由")


class CustomDeadlineForm(_ActionForm):
    due = _date_field("确定的答复期限")
    reason = _note("理由（条例第三十五条）")


class FeeNoticeForm(_ActionForm):
    basis = forms.ChoiceField(
        label="计收方式", choices=[("per_piece", "按件计收"), ("per_volume", "按量计收")]
    )
    # A count of pieces or pages of one application: the fee is computed band by band, and no
    # application runs to ten thousand pages.
    quantity = forms.IntegerField(
        label="件数或页数",
        min_value=1,
        max_value=10_000,
        error_messages={
            "min_value": "件数或页数至少为1",
            "max_value": "一件申请的件数或页数不超过10000，请核对",
        },
    )


class DecideForm(_ActionForm):
    outcome = forms.ChoiceField(
        label="办理结果", choices=[(o.key, o.label) for o in workflow.DECISION_OUTCOMES]
    )
    note = _note("答复要点", rows=3, required=False)


class ServeForm(_ActionForm):
    method = forms.ChoiceField(label="送达方式", choices=list(services.SERVICE_METHODS.items()))


class WithdrawForm(_ActionForm):
    note = limit(forms.CharField(label="说明", required=False), contact.NOTE)


ACTION_FORMS: dict[Action, type[_ActionForm]] = {
    Action.REQUEST_CORRECTION: RequestCorrectionForm,
    Action.RECEIVE_CORRECTION: OnlyDateForm,
    Action.LAPSE_CORRECTION: OnlyDateForm,
    Action.START_CONSULTATION: StartConsultationForm,
    Action.END_CONSULTATION: EndConsultationForm,
    Action.EXTEND: ExtendForm,
    Action.SET_CUSTOM_DEADLINE: CustomDeadlineForm,
    Action.SEND_FEE_NOTICE: FeeNoticeForm,
    Action.RECORD_PAYMENT: OnlyDateForm,
    Action.LAPSE_FEE: OnlyDateForm,
    Action.DECIDE: DecideForm,
    Action.SERVE: ServeForm,
    Action.WITHDRAW: WithdrawForm,
}


class AssignForm(forms.Form):
    handler: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="承办人", queryset=User.objects.none(), widget=forms.Select(attrs=NAMES)
    )
    version = _version()

    def __init__(self, *args: Any, handlers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers  # type: ignore[attr-defined]


class WorkbenchFilter(forms.Form):
    q = forms.CharField(label="跟踪码", required=False, max_length=40)
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部未办结"), *((s.value, s.label) for s in workflow.Status)],
    )
    channel = forms.ChoiceField(
        label="渠道", required=False, choices=[("", "全部"), *Channel.choices]
    )
    handler = forms.ChoiceField(label="承办人", required=False, widget=forms.Select(attrs=NAMES))
    year = forms.IntegerField(label="收到年度", required=False, min_value=2008, max_value=2100)

    def __init__(self, *args: Any, handlers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = [("", "全部"), ("none", "未指定"), *handlers]  # type: ignore[attr-defined]


class RegisterUploadForm(forms.Form):
    agency: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="机关", queryset=Agency.objects.none()
    )
    file = forms.FileField(label="台账文件（XLSX 或 CSV）")

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        return limited_upload(self.cleaned_data.get("file"))


class NoticeLoadForm(forms.Form):
    """A State Council holiday notice: pasted as published, or typed one range or day per line."""

    year = forms.IntegerField(
        label="年度",
        min_value=2004,
        max_value=2100,
        error_messages={
            "min_value": "年度应在2004至2100年之间",
            "max_value": "年度应在2004至2100年之间",
        },
    )
    text = limit(
        forms.CharField(
            label="通知全文",
            required=False,
            widget=forms.Textarea(attrs={"rows": 12}),
            help_text="从中国政府网复制《国务院办公厅关于××××年部分节假日安排的通知》全文粘贴于此；"
            "系统逐条读出放假和上班日期，保存前先显示与现行安排的差异",
        ),
        contact.NOTICE_TEXT,
    )
    notice = forms.CharField(
        label="依据（通知名称及文号）",
        max_length=200,
        required=False,
        help_text="粘贴全文时可不填（取通知标题），如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）",
    )
    holidays = forms.CharField(
        label="放假日期",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="不粘贴全文时填写。每行一段：2027-01-01 至 2027-01-03 元旦；单日可只写一个日期",
    )
    makeup = forms.CharField(
        label="调休上班日期",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="不粘贴全文时填写。每行一个：2027-02-07 春节调休上班",
    )
    note = forms.CharField(
        label="载入说明",
        required=False,
        max_length=200,
        help_text="如：更正第1版中劳动节的调休日期",
    )
    base_version = _version(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year = data.get("year")
        if year is None:
            return data
        outside: list[date] = []
        try:
            if data.get("text", "").strip():
                parsed = parse_notice(data["text"], year)
                if parsed.year != year:
                    raise ValueError(f"粘贴的是{parsed.year}年的通知，与所填年度{year}年不符")
                holidays, makeup, outside = parsed.holidays, parsed.makeup, parsed.outside
                data["notice"] = data.get("notice") or parsed.title
            elif data.get("holidays", "").strip():
                holidays = parse_lines(data["holidays"], ranges=True)
                makeup = parse_lines(data.get("makeup", ""), ranges=False)
            else:
                raise ValueError("请粘贴通知全文，或逐行填写放假日期")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if not data.get("notice"):
            self.add_error("notice", "请填写通知名称及文号")
        data["days"] = (holidays, makeup, outside)
        return data


class TemplateForm(forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    body = limit(
        forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 12})), contact.LETTER
    )
