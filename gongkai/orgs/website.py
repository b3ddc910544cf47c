"""The website's identity (《政府网站发展指引》, 国办发〔2017〕47号): the name and emblem in its
header, and in its footer 主办单位, 联系方式, 网站标识码, ICP备案号 and 公安机关备案号. Set once
per installation; the formats and the list of what is missing are here, pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

DEFAULT_NAME = "政府信息公开平台"
NAME_MAX_LENGTH = 60


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    max_length: int
    help: str = ""
    pattern: re.Pattern[str] | None = None
    example: str = ""


_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
FOOTER = (
    Field("sponsor", "主办单位", 100, "网站的主办单位，一般是本级人民政府或其办公厅（室）。"),
    Field("contact", "联系方式", 200, "联系电话、电子邮箱或通信地址，供公众反映网站问题。"),
    Field(
        "site_code",
        "网站标识码",
        10,
        "全国政府网站基本信息数据库分配的10位标识码。",
        re.compile(r"[0-9A-Za-z]{10}"),
        "4103000001",
    ),
    Field(
        "icp",
        "ICP备案号",
        40,
        "工业和信息化部ICP备案编号。",
        re.compile(rf"[{_PROVINCES}]ICP备 ?\d{{6,10}} ?号(-\d{{1,3}})?"),
        "豫ICP备12345678号-1",
    ),
    Field(
        "police",
        "公安机关备案号",
        40,
        "公安机关互联网站安全管理服务平台的备案号。",
        re.compile(rf"[{_PROVINCES}]公网安备 ?\d{{14}} ?号"),
        "豫公网安备 41030502000123号",
    ),
)
FIELDS = {f.name: f for f in FOOTER}
ICP_URL = "https://beian.miit.gov.cn/"
# 我为政府网站找错 (the national error-report service), addressed by the 网站标识码.
ERRORS_URL = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code="
POLICE_URL = "https://beian.mps.gov.cn/#/query/webSearch?code="


def shown(site: Any) -> tuple[object, ...]:
    """What pages show of a website (a `Website`): its name, the footer's fields and whether it
    has an emblem, of which version; pages alike in this are alike in their frame."""
    footer = (getattr(site, f.name) for f in FOOTER)
    return (site.name, bool(site.emblem), site.version, *footer)


def normalise(name: str, value: str) -> str:
    """What was typed, as stored: spaces trimmed; in the codes, full-width letters, digits and
    signs (ＩＣＰ, １２３, －) folded to half-width."""
    value = " ".join(value.split())
    if name in ("site_code", "icp", "police"):
        value = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in value)
    return value


def problem(name: str, value: str) -> str:
    """Why `value` cannot be this field ("" when it can, or when it is left empty)."""
    field = FIELDS[name]
    if not value:
        return ""
    if len(value) > field.max_length:
        return f"{field.label}最多{field.max_length}个字符。"
    if field.pattern is not None and not field.pattern.fullmatch(value):
        return f"{field.label}的格式不对，应当形如“{field.example}”。"
    return ""


def missing(values: dict[str, str]) -> list[str]:
    """The labels of the footer fields that are not set, in the footer's order."""
    return [f.label for f in FOOTER if not (values.get(f.name) or "").strip()]


def police_code(value: str) -> str:
    """The 14 digits a 公安机关备案号 links to on the 备案 platform."""
    return "".join(ch for ch in value if ch.isdigit())


EMBLEM_MAX_BYTES = 512 * 1024
EMBLEM_MAX_SIDE = 2048  # pixels, checked before the image is decoded
EMBLEM_HEIGHT = 96  # stored at most this high: the header shows it at 48 px (96 for 2× screens)


class EmblemError(ValueError):
    """An uploaded emblem that cannot be used; the message is for the person who sent it."""


def prepare_emblem(data: bytes) -> bytes:
    """An uploaded PNG, JPEG or GIF as a small PNG: decoded only when small enough (a
    decompression bomb is refused from its header), scaled down, re-encoded without metadata, so
    what is served is never the bytes someone sent."""
    import io

    from PIL import Image, UnidentifiedImageError

    if len(data) > EMBLEM_MAX_BYTES:
        raise EmblemError(f"网站标志文件不能超过{EMBLEM_MAX_BYTES // 1024}KB。")
    try:
        with Image.open(io.BytesIO(data), formats=("PNG", "JPEG", "GIF")) as image:
            width, height = image.size
            if max(width, height) > EMBLEM_MAX_SIDE or min(width, height) < 1:
                raise EmblemError(f"网站标志的长和宽不能超过{EMBLEM_MAX_SIDE}像素。")
            image.load()
            picture = image.convert("RGBA")
    except EmblemError:
        raise
    except Image.DecompressionBombError as exc:  # Pillow's own limit, met before ours
        raise EmblemError(f"网站标志的长和宽不能超过{EMBLEM_MAX_SIDE}像素。") from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise EmblemError("无法读取网站标志：请上传PNG、JPEG或GIF图片。") from exc
    if picture.height > EMBLEM_HEIGHT:
        width = max(1, round(picture.width * EMBLEM_HEIGHT / picture.height))
        picture = picture.resize((width, EMBLEM_HEIGHT), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
