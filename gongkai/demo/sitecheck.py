"""A starting 错敏词 list for the demo: misspellings inspectors often report in government
pages. An agency replaces or extends it with the list its supervisor issues."""

from __future__ import annotations

from gongkai.sitecheck.models import SensitiveTerm

SOURCE = "演示数据：政府网站检查常见错别字"
TERMS = (
    ("中华人名共和国", "应为“中华人民共和国”"),
    ("依法制国", "应为“依法治国”"),
    ("两学一作", "应为“两学一做”"),
    ("社会主意核心价值观", "应为“社会主义核心价值观”"),
    ("国务院办公听", "应为“国务院办公厅”"),
)


def load() -> None:
    for term, note in TERMS:
        SensitiveTerm.objects.get_or_create(
            agency=None, term=term, defaults={"note": note, "source": SOURCE}
        )
