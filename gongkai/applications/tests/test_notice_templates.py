"""Editing an agency's notice template keeps the old text in the audit log (issue 14)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.applications import notice_templates
from gongkai.applications.tests import factories
from gongkai.audit.models import RegisterEvent
from gongkai.orgs.models import Role

pytestmark = pytest.mark.django_db


def test_each_edit_records_the_old_and_the_new_text_and_who() -> None:
    agency = factories.agency()
    head, other_head = factories.staff(agency, Role.HEAD), factories.staff(agency, Role.HEAD)
    first = notice_templates.save_template(
        head, agency, "reply", title="答复书", body="{申请人}：第一稿"
    )
    assert first.updated_by == head
    created = RegisterEvent.objects.get()
    assert (created.actor, created.agency, created.what) == (head, agency, "文书模板")
    assert created.before == {}  # the built-in wording was in use
    assert created.after == {"kind": "reply", "title": "答复书", "body": "{申请人}：第一稿"}

    second = notice_templates.save_template(
        other_head, agency, "reply", title="政府信息公开答复书", body="{申请人}：第二稿"
    )
    assert second.pk == first.pk and second.updated_by == other_head
    edited = notice_templates.history(agency, "reply").first()
    assert edited is not None and edited.actor == other_head
    assert (edited.before["title"], edited.before["body"]) == ("答复书", "{申请人}：第一稿")
    assert (edited.after["title"], edited.after["body"]) == (
        "政府信息公开答复书",
        "{申请人}：第二稿",
    )

    notice_templates.save_template(other_head, agency, "reply", title="政府信息公开答复书",
                          body="{申请人}：第二稿")  # fmt: skip
    assert notice_templates.history(agency, "reply").count() == 2  # no change, no row
    notice_templates.save_template(head, agency, "extension", title="延期告知书", body="延期")
    assert notice_templates.history(agency, "reply").count() == 2


def test_the_edit_page_saves_through_the_service_and_shows_the_history() -> None:
    agency = factories.agency()
    head = factories.staff(agency, Role.HEAD)
    client = Client()
    client.force_login(head)
    url = reverse("office:template_edit", args=[agency.pk, "reply"])
    assert "尚未修改，使用系统默认文本" in client.get(url).content.decode()
    assert client.post(url, {"title": "答复书", "body": "旧的正文"}).status_code == 302
    assert client.post(url, {"title": "答复书", "body": "新的正文"}).status_code == 302
    event = RegisterEvent.objects.filter(what="文书模板").first()
    assert event is not None and event.actor == head
    assert (event.before["body"], event.after["body"]) == ("旧的正文", "新的正文")
    page = client.get(url).content.decode()
    assert "旧的正文" in page and "新的正文" in page and head.username in page


def test_an_unknown_kind_is_refused() -> None:
    agency = factories.agency()
    with pytest.raises(ValueError, match="没有这种文书"):
        notice_templates.save_template(None, agency, "nonsense", title="t", body="b")
    assert not RegisterEvent.objects.exists()
