"""Upgrading an installation: every figure of the old channel counts (publishing.ChannelCount)
is kept, as 政务新媒体 accounts with whole-year figures."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("publishing", "0009_publication_interpretation_form"), ("worklog", "0001_initial")]
AFTER = [("publishing", "0010_delete_channelcount")]


@pytest.mark.django_db(transaction=True)
def test_every_channel_count_lives_on_as_an_account_and_its_year() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    agency = old.get_model("orgs", "Agency").objects.create(name="某区政府办", path="000001/")
    counts = old.get_model("publishing", "ChannelCount").objects
    rows = [
        (2020, "“某区发布”微信公众号", 800, "公众号后台"),
        (2021, "“某区发布”微信公众号", 900, ""),
        (2021, "政务微博", 1543, "微博后台"),
        (2021, "抖音号", 12, ""),
        (2021, "客户端", 40, ""),
    ]
    for year, channel, count, source in rows:
        counts.create(agency=agency, year=year, channel=channel, count=count, source=source)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    figures = new.get_model("worklog", "AccountFigure").objects.select_related("account")
    kept = sorted(
        (f.year, f.account.name, f.account.platform, f.month, f.posts, f.source) for f in figures
    )
    assert kept == [
        (2020, "“某区发布”微信公众号", "wechat", 0, 800, "公众号后台"),
        (2021, "“某区发布”微信公众号", "wechat", 0, 900, ""),
        (2021, "客户端", "other", 0, 40, ""),
        (2021, "抖音号", "douyin", 0, 12, ""),
        (2021, "政务微博", "weibo", 0, 1543, "微博后台"),
    ]
    accounts = new.get_model("worklog", "Account").objects.all()
    assert accounts.count() == 4 and {a.sponsor for a in accounts} == {"某区政府办"}

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the latest for the next tests
