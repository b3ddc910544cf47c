"""`/api/`: the documentation is the schema's, in Chinese, with a request for each operation that
answers on this site; linked from every public page's footer."""

from __future__ import annotations

import shlex
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from gongkai.api.v1 import api


@pytest.fixture
def demo(db, search_index) -> None:  # type: ignore[no-untyped-def]
    call_command("load_demo", force=True, verbosity=0)


def test_every_operation_is_documented_with_an_example_that_answers(demo: Any) -> None:
    client = Client()
    home = lxml_html.fromstring(client.get("/").content)
    assert home.xpath("//footer//a[text()='数据接口']/@href") == [reverse("api-docs")]
    page = client.get(reverse("api-docs"))
    assert page.status_code == 200
    tree = lxml_html.fromstring(page.content)
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    listed = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    headings = {tuple(h.text_content().split(" ", 1)) for h in tree.xpath("//section/h2[code]")}
    assert headings == listed and len(listed) == 7
    for section in tree.xpath("//section[h2/code]"):
        method = section.xpath("string(h2/code)").split()[0]
        example = section.xpath("string(pre/code)")
        assert example.startswith("curl "), example
        if method != "GET":
            continue
        url = shlex.split(example)[-1]
        assert url.startswith("http://testserver/api/v1/"), url
        answer = client.get(url.removeprefix("http://testserver"))
        assert answer.status_code == 200, (url, answer.content[:300])
    params = tree.xpath("//section[h2/code='GET /api/v1/items/']//tbody/tr/td[1]/code/text()")
    assert {"agency", "doc_number", "q", "published_after", "cursor"} <= set(params)
    assert len(tree.xpath("//section[@aria-labelledby='cells']//tbody/tr")) == 200
