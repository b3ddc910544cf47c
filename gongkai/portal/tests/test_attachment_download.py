"""An attachment is sent by Django, or — with DOWNLOADS_X_ACCEL — by nginx after Django's
checks (X-Accel-Redirect to the internal location), under its Chinese name either way; a hidden
item's attachment is a 404 both ways, and so is a file gone from storage."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.publishing import workflow
from gongkai.publishing.models import Attachment, Column, Publication

pytestmark = pytest.mark.django_db


def _attachment(office: Any, status: str = workflow.PUBLISHED) -> Attachment:
    item = Publication.objects.create(
        agency=office.agency, column=Column.objects.get(agency=office.agency, slug="tzgg"),
        title="关于公布名单的通知", publisher=office.agency.name, written_on=date(2026, 1, 5),
        status=status, published_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip
    found = Attachment(publication=item, name="名单全文.pdf", size=9, kind="pdf")
    found.file.save("名单全文.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    return found


def test_django_or_nginx_sends_it(office: Any, settings: Any) -> None:
    found = _attachment(office)
    url = reverse("portal:attachment", args=[found.pk])
    plain = Client().get(url)
    assert plain.status_code == 200 and plain.content == b"%PDF-1.7\n"
    assert (
        "filename*=UTF-8''%E5%90%8D%E5%8D%95%E5%85%A8%E6%96%87.pdf" in plain["Content-Disposition"]
    )
    settings.DOWNLOADS_X_ACCEL = "/protected/"
    sent = Client().get(url)
    assert sent.status_code == 200 and sent.content == b""
    assert sent["X-Accel-Redirect"].startswith("/protected/attachments/")
    assert sent["Content-Disposition"] == plain["Content-Disposition"]
    assert sent["Content-Type"] == plain["Content-Type"]


@pytest.mark.parametrize("x_accel", ["", "/protected/"])
def test_a_hidden_or_missing_file_is_not_found(office: Any, settings: Any, x_accel: str) -> None:
    settings.DOWNLOADS_X_ACCEL = x_accel
    draft = _attachment(office, status=workflow.DRAFT)
    assert Client().get(reverse("portal:attachment", args=[draft.pk])).status_code == 404
    gone = _attachment(office)
    gone.file.storage.delete(gone.file.name)
    assert Client().get(reverse("portal:attachment", args=[gone.pk])).status_code == 404
