"""The demo's printed passwords must be changed at the first sign-in, after a first load and
after --reset-passwords alike (the records the demo also loads are left out here: only the
accounts are looked at)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.demo import loading

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts_only(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("_seed_year", "_open_cases"):
        monkeypatch.setattr(loading, name, lambda *args: None)
    for module in (loading.publishing_demo, loading.disputes_demo, loading.sitecheck_demo,
                   loading.platform_demo, loading.reports_demo):  # fmt: skip
        monkeypatch.setattr(module, "load", lambda *args, **kwargs: None)


def _printed(lines: list[str]) -> dict[str, str]:
    """username → password, from the lines load_demo prints."""
    pairs = (line.split("：", 1)[1].split(" / ", 1) for line in lines)
    return {pair[0]: pair[1] for pair in pairs}


def test_printed_demo_passwords_must_be_changed(accounts_only: Any) -> None:
    printed = _printed(loading.load())
    assert set(printed) == {username for username, _, _ in loading.STAFF}
    assert User.objects.filter(must_change_password=False).count() == 0

    client = Client()
    client.post(reverse("login"), {"username": "chengban", "password": printed["chengban"]})
    assert client.get(reverse("office:workbench"))["Location"] == reverse("password_change")


def test_reset_demo_passwords_must_be_changed_again(accounts_only: Any) -> None:
    loading.load()
    User.objects.update(must_change_password=False)  # as if everyone had changed theirs
    assert loading.load() == []  # nothing printed, nothing forced
    assert not User.objects.filter(must_change_password=True).exists()
    printed = _printed(loading.load(reset_passwords=True))
    assert len(printed) == len(loading.STAFF)
    assert User.objects.filter(must_change_password=True).count() == len(loading.STAFF)
