"""Forms of 系统管理: an agency, a new account, a post given, changed or taken away, and the
small confirmations of the account buttons. Every field has a length limit and Chinese labels
and errors; the choices are limited to what the administrator administers."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.safestring import mark_safe

from gongkai.accounts.models import User
from gongkai.orgs import website
from gongkai.orgs.models import Agency, Membership, Role

# Login names: typed at every sign-in and read aloud on the phone, so plain letters, digits and
# . _ - (no spaces, no look-alike Unicode), 3 to 30 characters.
USERNAME_MAX = 30
USERNAME = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]{2,29}\Z",
    "登录名只能使用英文字母、数字和 . _ -，以字母或数字开头，3至30个字符",
)
# The prefix of the agency's tracking codes (GX2026-…): letters only, so the year after it
# stays readable; at most the model's 8.
CODE = RegexValidator(r"^[A-Za-z]{1,8}\Z", "案件编号前缀只能使用英文字母，最多8个")
ROLE_CHOICES = [("", "请选择岗位"), *Role.choices()]
REQUIRED = "请填写{}"


def _required(label: str) -> dict[str, str]:
    return {"required": REQUIRED.format(label)}


def _max(label: str, limit: int) -> dict[str, str]:
    return {"max_length": f"{label}不能超过{limit}个字符"}


class AgencyChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Agencies in tree order, each indented under its parent."""

    def label_from_instance(self, obj: Any) -> str:
        depth: int = max(obj.path.count("/") - 1, 0)
        return "　" * depth + str(obj.name)


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return _person(obj)


class AgencyForm(forms.ModelForm[Agency]):
    """An agency's name, short name, place in the tree, kind and case-number prefix. The parent
    is one of the agencies the administrator administers (never the agency itself or one below
    it); an agency whose parent is outside their reach keeps it."""

    class Meta:
        model = Agency
        fields = ["name", "short_name", "parent", "kind", "code"]
        error_messages = {
            "name": {
                **_required("机关名称"),
                **_max("机关名称", 100),
                "unique": "已有同名的机关",
            },
            "short_name": _max("简称", 40),
            "kind": {"required": "请选择机关类型", "invalid_choice": "请选择机关类型"},
            "code": _max("案件编号前缀", 8),
        }
        help_texts = {
            "code": mark_safe(  # constant text
                "英文字母，用于案件跟踪码，如 <code>GX</code>（高新区）；留空则用 <code>GK</code>"
            )
        }
        field_classes = {"parent": AgencyChoice}

    def __init__(self, *args: Any, agencies: Any, superuser: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].validators.append(CODE)
        self.fields["name"].widget.attrs["maxlength"] = 100
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        choices = agencies.order_by("path")
        if self.instance.pk:
            choices = choices.exclude(path__startswith=self.instance.path)
        parent.queryset = choices
        parent.error_messages["invalid_choice"] = "请从列表中选择上级机关"
        if superuser:
            parent.empty_label = "（无，顶级机关）"
        else:
            parent.required = True
            parent.empty_label = "请选择上级机关"
            parent.error_messages["required"] = "请选择上级机关"
            stored = self.instance.parent if self.instance.pk else None
            if self.instance.pk and (stored is None or not agencies.filter(pk=stored.pk).exists()):
                # The administrator's own top agency: where it hangs is not theirs to change.
                parent.disabled = True
                parent.required = False
                parent.queryset = (
                    Agency.objects.filter(pk=stored.pk) if stored else Agency.objects.none()
                )
                parent.empty_label = "（无，顶级机关）"
                parent.help_text = "由上级机关的系统管理员调整"

    def clean_code(self) -> str:
        return str(self.cleaned_data.get("code") or "").upper()

    def clean_name(self) -> str:
        return re.sub(r"\s+", " ", str(self.cleaned_data.get("name") or "")).strip()


class NewUserForm(forms.Form):
    username = forms.CharField(
        label="登录名",
        max_length=USERNAME_MAX,
        validators=[USERNAME],
        help_text=mark_safe(
            "英文字母、数字和 <code>. _ -</code>，3至30个字符，如 <code>zhangsan</code>"
        ),
        error_messages={**_required("登录名"), **_max("登录名", USERNAME_MAX)},
        widget=forms.TextInput(attrs={"autocomplete": "off", "translate": "no"}),
    )
    display_name = forms.CharField(
        label="姓名",
        max_length=50,
        error_messages={**_required("姓名"), **_max("姓名", 50)},
    )
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        max_length=254,
        error_messages={"invalid": "请填写有效的电子邮箱地址", **_max("电子邮箱", 254)},
        widget=forms.EmailInput(attrs={"translate": "no"}),
    )
    agency = AgencyChoice(
        label="所在机关",
        queryset=Agency.objects.none(),
        empty_label="请选择机关",
        error_messages={"required": "请选择所在机关", "invalid_choice": "请从列表中选择机关"},
    )
    role = forms.ChoiceField(
        label="岗位",
        choices=ROLE_CHOICES,
        error_messages={"required": "请选择岗位", "invalid_choice": "请从列表中选择岗位"},
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = agencies.active().order_by("path")

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"])
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("这个登录名已被使用，请换一个")
        return username

    def clean_display_name(self) -> str:
        return re.sub(r"\s+", " ", str(self.cleaned_data["display_name"])).strip()


class GrantForm(forms.Form):
    """A post in the agency for one of the accounts the administrator manages."""

    user = PersonChoice(
        label="人员",
        queryset=User.objects.none(),
        empty_label="请选择人员",
        error_messages={"required": "请选择人员", "invalid_choice": "请从列表中选择人员"},
        widget=forms.Select(attrs={"translate": "no"}),  # login names among the names
    )
    role = forms.ChoiceField(
        label="岗位",
        choices=ROLE_CHOICES,
        error_messages={"required": "请选择岗位", "invalid_choice": "请从列表中选择岗位"},
    )

    def __init__(self, *args: Any, agency: Agency, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        user = self.fields["user"]
        assert isinstance(user, forms.ModelChoiceField)
        user.queryset = users.filter(is_active=True).order_by("username")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        user, role = data.get("user"), data.get("role")
        held = Membership.objects.filter(user=user, agency=self.agency, role=role)
        if user and role and held.exists():
            raise forms.ValidationError(f"该人员在本机关已有{Role(role).label}岗位")
        return data


def _person(user: User) -> str:
    return f"{user.display_name}（{user.username}）" if user.display_name else user.username


class MemberForm(forms.Form):
    """A button on a post's row: change its role, or take it away."""

    action = forms.ChoiceField(
        choices=[("change", "变更岗位"), ("revoke", "撤销岗位")],
        error_messages={"required": "请选择操作", "invalid_choice": "请选择操作"},
    )
    role = forms.ChoiceField(
        label="岗位",
        required=False,
        choices=ROLE_CHOICES,
        error_messages={"invalid_choice": "请从列表中选择岗位"},
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.membership = membership

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") != "change":
            return data
        role = data.get("role")
        if not role:
            raise forms.ValidationError("请选择新的岗位")
        held = Membership.objects.filter(
            user=self.membership.user_id, agency=self.membership.agency_id, role=role
        ).exclude(pk=self.membership.pk)
        if held.exists():
            raise forms.ValidationError(f"该人员在本机关已有{Role(role).label}岗位")
        return data


class ActiveForm(forms.Form):
    """The 停用 / 启用 button of an account or an agency."""

    active = forms.TypedChoiceField(
        choices=[("1", "启用"), ("0", "停用")],
        coerce=lambda value: value == "1",
        error_messages={"required": "请选择启用或停用", "invalid_choice": "请选择启用或停用"},
    )


class ResetForm(forms.Form):
    """The 重置密码 button: the confirmation it carries, so an empty request does nothing."""

    confirm = forms.ChoiceField(
        choices=[("1", "确认重置")],
        error_messages={"required": "请确认重置密码", "invalid_choice": "请确认重置密码"},
    )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form and validators (AUTH_PASSWORD_VALIDATORS); the validators' messages that
    Django's Chinese translation lacks (a password too short) are given in Chinese here."""

    def validate_password_for_user(self, user: Any, password_field_name: str = "password2") -> None:
        password = self.cleaned_data.get(password_field_name)
        if not password:
            return
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            self.add_error(password_field_name, [_in_chinese(e) for e in error.error_list])


def _in_chinese(error: ValidationError) -> ValidationError:
    if error.code == "password_too_short":
        limit = (error.params or {}).get("min_length")
        return ValidationError(f"密码太短，至少需要{limit}个字符。", code=error.code)
    return error


class WebsiteForm(forms.Form):
    """The installation's identity: the header's name and emblem, the footer's five fields.
    Formats are checked by the service (gongkai/orgs/website.py), which says what is wrong."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    name = forms.CharField(
        label="网站名称",
        max_length=website.NAME_MAX_LENGTH,
        required=False,
        help_text=f"显示在每页顶部；不填时为“{website.DEFAULT_NAME}”。",
        error_messages=_max("网站名称", website.NAME_MAX_LENGTH),
    )
    emblem = forms.FileField(
        label="网站标志",
        required=False,
        help_text="PNG、JPEG或GIF图片，不超过512KB；显示在网站名称左侧。",
    )
    remove_emblem = forms.BooleanField(label="删除现有网站标志", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in website.FOOTER:
            self.fields[field.name] = forms.CharField(
                label=field.label,
                max_length=field.max_length,
                required=False,
                help_text=field.help + (f"例如：{field.example}" if field.example else ""),
                error_messages=_max(field.label, field.max_length),
            )
