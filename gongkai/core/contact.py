"""The limits of what people write into the platform: an applicant's contact details (phone,
e-mail, postcode, name, address) and the length of every free text, each with its reason.

One place for them, pure (no Django): the public application form and the staff's registration
(applications.forms.ApplicantForm, portal.forms, office.forms) and the register import
(applications.register.check) ask the same functions, so what a form refuses a register refuses
too, with the same words. A check returns the reason in Chinese, or None when the value is
acceptable; whether an empty value is allowed is the caller's business.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

# --- phone numbers ----------------------------------------------------------------------------

# 中国大陆 mobile numbers: 11 digits from 13x to 19x (工业和信息化部's numbering plan).
MOBILE = re.compile(r"1[3-9]\d{9}")
# A landline: an area code (010, 02x, or 0 and three digits) and a local number of 7 or 8 digits
# not starting with 0, or a local number alone (never starting with 0 or 1, which would be a
# mobile or a code); then an optional extension (-123, 转123, #123).
LANDLINE = re.compile(
    r"(?:0(?:10|2\d|[3-9]\d{2})-?[1-9]\d{6,7}|[2-9]\d{6,7})(?:(?:-|转|#)\d{1,6})?"
)
# A company's nationwide number (400 and 800 numbers), with an optional extension.
SERVICE = re.compile(r"[48]00-?\d{3}-?\d{4}(?:(?:-|转|#)\d{1,6})?")
PHONE_MAX = 40  # the column's width; the longest valid form above is 23 characters
PHONE_TOO_LONG = f"联系电话最多{PHONE_MAX}个字符，请只填写一个号码"
PHONE_REASON = (
    "请填写一个可以联系到申请人的电话：手机号为1开头的11位数字（如 13812345678），"
    "固定电话为区号加号码（如 0571-88888888，分机写在后面：010-12345678-123）"
)


def normalise_phone(value: str) -> str:
    """Full-width digits and punctuation as ASCII, spaces and the brackets of an area code
    ("(0571) 8888 8888") taken out: the form in which a number is checked and kept."""
    text = unicodedata.normalize("NFKC", value).strip()
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^\((0\d{2,3})\)", r"\1-", text)
    return text


def phone_problem(value: str) -> str | None:
    """Why `value` is not a Chinese mobile, landline or 400/800 number; None if it is one."""
    text = normalise_phone(value)
    if len(text) > PHONE_MAX:
        return PHONE_TOO_LONG
    mobile = re.sub(r"^(?:\+86|0086|86)-?", "", text).replace("-", "")
    if MOBILE.fullmatch(mobile) or LANDLINE.fullmatch(text) or SERVICE.fullmatch(text):
        return None
    if re.search(r"[,，;；、/]", text):
        return "请只填写一个电话号码，其他联系方式可写在通信地址或申请内容中"
    return f"联系电话格式不正确。{PHONE_REASON}"


# --- e-mail, postcode ------------------------------------------------------------------------------

EMAIL_MAX = 254  # RFC 5321's limit on an address, and the column's
# A local part without spaces, at a domain of labels (letters of any script, digits, hyphens
# inside) ending in a top-level domain of letters. Django's EmailValidator holds the same shape.
EMAIL = re.compile(
    r"[^\s@\"(),:;<>\[\\\]]{1,64}@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}",
)
EMAIL_INVALID = "请输入有效的电子邮箱地址"
EMAIL_TOO_LONG = f"电子邮箱地址最多{EMAIL_MAX}个字符"


def email_problem(value: str) -> str | None:
    text = value.strip()
    if len(text) > EMAIL_MAX:
        return EMAIL_TOO_LONG
    if not EMAIL.fullmatch(text):
        return EMAIL_INVALID
    return None


POSTCODE = re.compile(r"\d{6}")
POSTCODE_INVALID = "邮政编码应为6位数字，如 471000"


def normalise_postcode(value: str) -> str:
    """Full-width digits as ASCII, spaces taken out."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))


def postcode_problem(value: str) -> str | None:
    return None if POSTCODE.fullmatch(normalise_postcode(value)) else POSTCODE_INVALID


# --- lengths ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    """How many characters a field takes, and why no more (said when refusing)."""

    label: str
    most: int
    why: str

    @property
    def template(self) -> str:
        """The refusal with a placeholder for the length found (Django's max_length message
        fills %(show_value)d)."""
        return f"{self.label}最多{self.most}个字（现有%(show_value)d个字）。{self.why}"

    def named(self, label: str) -> Limit:
        """The same limit for another field (the refusal names the field)."""
        return replace(self, label=label)

    def problem(self, value: str) -> str | None:
        if len(value) <= self.most:
            return None
        return self.template % {"show_value": len(value)}


# The applicant. The columns are as wide (applications.models.Applicant); a test holds them so.
NAME = Limit("姓名或名称", 100, "请按身份证件或营业执照上的姓名或名称填写")
CONTACT_PERSON = Limit("联系人", 50, "请填写一位联系人的姓名")
ADDRESS = Limit("通信地址", 200, "请填写能收到邮件的地址，写到门牌号或单位即可")
# The request. A real request names a document or a few (a few hundred characters); a list of a
# hundred documents with their titles and numbers is about 5,000. Beyond 10,000 a case page
# becomes a book (a 120,000-character request made one 132,780 px tall) and the acknowledgement
# and the decision letters, which quote it, run to pages of it.
DESCRIPTION = Limit(
    "所需信息的描述",
    10_000,
    "请写明所需信息的名称、文号或便于查询的其他特征；需要的信息较多时，请分为几件申请",
)
# Staff's free text: a reason, an opinion or a note is a few sentences (it is quoted in notices
# and logs); a notice template or a published item's body is a whole letter or document.
NOTE = Limit("说明", 2_000, "请写明要点，详细材料可作为附件或另行存档")
LETTER = Limit("文书正文", 20_000, "文书模板写明格式和占位符即可，具体内容在办理时填入")
# A published item's body, as sanitised HTML: the longest policy documents (a 规划 with its
# tables) run to some 100,000 characters with their markup; a longer one belongs in an attachment.
BODY = Limit("正文", 200_000, "篇幅较长的文件请作为附件上传，正文写明摘要")
# The calendar notice as published by 国务院办公厅 is under 2,000 characters.
NOTICE_TEXT = Limit("通知全文", 20_000, "请只粘贴通知本身")


def applicant_problems(values: dict[str, str]) -> dict[str, str]:
    """Every problem of the applicant's contact details present in `values` (keys as the model's
    fields: name, contact_person, phone, email, address, postcode), by field."""
    checks = {
        "name": NAME.problem,
        "contact_person": CONTACT_PERSON.problem,
        "address": ADDRESS.problem,
        "phone": phone_problem,
        "email": email_problem,
        "postcode": postcode_problem,
    }
    found = {}
    for name, check in checks.items():
        value = (values.get(name) or "").strip()
        if value and (problem := check(value)):
            found[name] = problem
    return found
