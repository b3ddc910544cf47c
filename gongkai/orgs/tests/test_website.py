"""The website's identity: formats of the footer fields, the emblem from an upload, and the
one service that changes them (who may, a concurrent edit, the audit row)."""

from __future__ import annotations

import io
import resource
import time

import pytest
from PIL import Image

from gongkai.accounts.models import User
from gongkai.core.workflow import SystemActor
from gongkai.orgs import access, services, website
from gongkai.orgs.models import OrgEvent, Role, Website


def test_footer_fields_take_the_shapes_real_sites_print() -> None:
    ok = {
        "site_code": ["4103000001", "bm01000001"],
        "icp": ["豫ICP备12345678号-1", "京ICP备05070218号", "鄂ICP备 05003336号"],
        "police": ["豫公网安备 41030502000123号", "鄂公网安备 42050002420933 号", "京公网安备11010202000001号"],
    }  # fmt: skip
    for name, values in ok.items():
        for value in values:
            assert website.problem(name, website.normalise(name, value)) == "", value
    assert "格式不对" in website.problem("site_code", "41030")
    assert "格式不对" in website.problem("icp", "ICP备12345678号")  # no province
    assert "格式不对" in website.problem("police", "豫公网安备 4103050200012号")  # 13 digits
    assert website.normalise("site_code", "４１０３０００００１") == "4103000001"
    assert website.normalise("icp", " 豫ＩＣＰ备１２３４５６７８号－１ ") == "豫ICP备12345678号-1"
    assert website.problem("sponsor", "") == ""
    assert website.missing({"sponsor": "某市人民政府", "contact": " "}) == [
        "联系方式", "网站标识码", "ICP备案号", "公安机关备案号",
    ]  # fmt: skip
    assert website.police_code("豫公网安备 41030502000123号") == "41030502000123"


def _png(width: int, height: int, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 20, 20)).save(out, format=fmt)
    return out.getvalue()


def test_an_emblem_is_scaled_and_re_encoded() -> None:
    prepared = website.prepare_emblem(_png(400, 400, "JPEG"))
    with Image.open(io.BytesIO(prepared)) as image:
        assert image.format == "PNG" and image.size == (96, 96)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<svg onload=alert(1)>",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,  # a PNG signature and junk
        b"GIF89a" + b"\xff" * 5000,
        b"x" * (website.EMBLEM_MAX_BYTES + 1),
    ],
)
def test_unusable_emblems_get_a_chinese_message(data: bytes) -> None:
    with pytest.raises(website.EmblemError, match="网站标志"):
        website.prepare_emblem(data)


def test_a_decompression_bomb_is_refused_from_its_header() -> None:
    """A 60000×60000 PNG compresses to a few kilobytes; decoding it would take gigabytes."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    side = 60000
    rows = zlib.compress(b"\x00" * (side // 8 + 1) * 64, 9)  # only the start: enough to claim it
    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
    bomb += chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(website.EmblemError, match="像素"):
        website.prepare_emblem(bomb)
    assert time.perf_counter() - started < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024  # KiB


@pytest.mark.django_db
def test_only_a_top_level_administrator_changes_it_and_each_change_is_logged() -> None:
    government = services.create_agency("某市人民政府")
    bureau = services.create_agency("某市财政局", parent=government)
    top = User.objects.create_user("top", password="x")
    below = User.objects.create_user("below", password="x")
    services.add_member(top, government, Role.ADMIN)
    services.add_member(below, bureau, Role.ADMIN)
    assert access.may_edit_website(top) and not access.may_edit_website(below)
    with pytest.raises(services.WebsiteError, match="上级机关的系统管理员"):
        services.update_website(below, {"sponsor": "某市财政局"}, 0)

    saved = services.update_website(top, {"sponsor": "某市人民政府", "icp": "豫ICP备12345678号"}, 0)
    assert saved.version == 1 and access.website().sponsor == "某市人民政府"
    event = OrgEvent.objects.get(kind=OrgEvent.Kind.WEBSITE_CHANGED)
    assert event.actor == top
    assert event.before["sponsor"] == "" and event.after["sponsor"] == "某市人民政府"
    assert event.after["icp"] == "豫ICP备12345678号"
    assert event in access.org_events_for_admin(top)
    assert event not in access.org_events_for_admin(below)

    with pytest.raises(services.WebsiteError, match="已被他人修改"):  # filled in from version 0
        services.update_website(top, {"sponsor": "别的名称"}, 0)
    with pytest.raises(services.WebsiteError, match="格式不对"):
        services.update_website(top, {"site_code": "123"}, 1)
    assert Website.objects.get().sponsor == "某市人民政府"  # nothing of a refused change kept

    services.update_website(
        SystemActor("测试"), {"sponsor": "某市人民政府"}, 1
    )  # the same: no new row
    assert OrgEvent.objects.filter(kind=OrgEvent.Kind.WEBSITE_CHANGED).count() == 1
