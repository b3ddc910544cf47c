"""查询码: long codes from an unambiguous alphabet, stored under a key; the six-digit codes given
out before keep working once migration 0005 has re-wrapped their hashes."""

from __future__ import annotations

import hashlib
import itertools
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gongkai.applications import checkcodes, services
from gongkai.applications.models import Application
from gongkai.applications.tests import factories

SECRET = "a-secret-for-tests"
TRACKING = "GK2026-ABCDEF"


def test_codes_are_long_and_unambiguous() -> None:
    code = checkcodes.new_code()
    assert len(code) == 12 and set(code) <= set(checkcodes.ALPHABET)
    assert not set("0O1IL") & set(checkcodes.ALPHABET)
    assert len(checkcodes.ALPHABET) ** checkcodes.LENGTH > 2**59
    assert checkcodes.display("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"


@pytest.mark.parametrize(
    "entered",
    [
        "ABCD-EFGH-JKMN",
        "abcd efgh jkmn",
        " abcdefghjkmn ",
        "ＡＢＣＤ－ＥＦＧＨ－ＪＫＭＮ",
        "ABCD—EFGH–JKMN",
    ],
)
def test_what_applicants_type_is_forgiven(entered: str) -> None:
    stored = checkcodes.digest(SECRET, TRACKING, "ABCDEFGHJKMN")
    assert checkcodes.matches(SECRET, stored, TRACKING, entered)


@pytest.mark.parametrize("entered", ["ABCD-EFGH-JKMP", "ABCDEFGHJKM", "", "123456"])
def test_anything_else_is_refused(entered: str) -> None:
    stored = checkcodes.digest(SECRET, TRACKING, "ABCDEFGHJKMN")
    assert not checkcodes.matches(SECRET, stored, TRACKING, entered)


def test_a_code_belongs_to_its_case() -> None:
    stored = checkcodes.digest(SECRET, TRACKING, "ABCDEFGHJKMN")
    assert not checkcodes.matches(SECRET, stored, "GK2026-ABCDEG", "ABCDEFGHJKMN")


def test_a_rewrapped_six_digit_code_is_accepted() -> None:
    stored = checkcodes.rewrap(SECRET, hashlib.sha256(f"{TRACKING}:042917".encode()).hexdigest())
    assert checkcodes.matches(SECRET, stored, TRACKING, "042917")
    assert checkcodes.matches(SECRET, stored, TRACKING, "042 917")
    assert not checkcodes.matches(SECRET, stored, TRACKING, "042918")


def test_placeholder_hashes_never_match() -> None:
    assert not checkcodes.matches(SECRET, "-", TRACKING, "123456")
    assert not checkcodes.matches(SECRET, "x", TRACKING, "ABCDEFGHJKMN")


def test_a_database_copy_does_not_give_the_codes_away() -> None:
    """The stored value is no unkeyed function of the code: without the secret no guess can be
    checked; with another secret nothing matches."""
    code = "ABCDEFGHJKMN"
    stored = checkcodes.digest(SECRET, TRACKING, code)
    keyless = [
        hashlib.sha256(f"{TRACKING}:{code}".encode()).hexdigest(),
        hashlib.sha256(code.encode()).hexdigest(),
        hashlib.sha256(f"v2:{TRACKING}:{code}".encode()).hexdigest(),
    ]
    assert stored not in keyless
    assert not checkcodes.matches("another-secret", stored, TRACKING, code)


@pytest.mark.django_db
def test_the_old_attack_finds_nothing_in_the_stored_values() -> None:
    """Issue 14: sha256(tracking:code) over all 10⁶ six-digit codes found every code of a database
    copy in seconds. Run against what is stored now, old codes re-wrapped included, it finds none."""
    agency = factories.agency(code="GK")
    case = services.receive(
        agency=agency,
        on=date(2026, 12, 4),
        applicant=factories.applicant(),
        case={"received_on": date(2026, 12, 4), "channel": "online", "description": "某文件"},
    ).application
    wrapped = checkcodes.rewrap(
        SECRET, hashlib.sha256(f"{case.tracking_code}:000123".encode()).hexdigest()
    )
    stored = {case.check_code_hash, wrapped}
    found = [
        i
        for i in range(10**6)
        if hashlib.sha256(f"{case.tracking_code}:{i:06d}".encode()).hexdigest() in stored
    ]
    assert found == []


def _old_models() -> tuple[MigrationExecutor, Any]:
    executor = MigrationExecutor(connection)
    target = [("applications", "0004_due_predicted")]
    executor.migrate(target)
    return executor, executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_six_digit_codes_given_out_before_keep_working() -> None:
    executor, old = _old_models()
    agency = old.get_model("orgs", "Agency").objects.create(name="某局", path="000001/")
    applicant_model = old.get_model("applications", "Applicant")
    application_model = old.get_model("applications", "Application")
    codes = {"GK2026-AAAAAA": "042917", "GK2026-BBBBBB": "990001"}
    for tracking_code, code in codes.items():
        application_model.objects.create(
            agency=agency,
            applicant=applicant_model.objects.create(
                kind="natural_person", name="张三", id_type="passport", id_number=tracking_code
            ),
            channel="online",
            tracking_code=tracking_code,
            received_on=date(2026, 11, 30),
            description="某文件",
            check_code_hash=hashlib.sha256(f"{tracking_code}:{code}".encode()).hexdigest(),
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    for tracking_code, code in codes.items():
        case = Application.objects.get(tracking_code=tracking_code)
        assert (
            case.check_code_hash != hashlib.sha256(f"{tracking_code}:{code}".encode()).hexdigest()
        )
        assert services.check_code_matches(case, code)
        assert services.check_code_matches(case, f" {code[:3]}-{code[3:]} ")
        others = (f"{n:06d}" for n in itertools.count() if f"{n:06d}" != code)
        assert not any(services.check_code_matches(case, c) for c in itertools.islice(others, 50))
