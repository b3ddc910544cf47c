"""The demo office's 2021 disputes, as the seed's Table 四 counts them: 2 reconsiderations (both
corrected), 14 lawsuits brought directly (8 upheld, 4 corrected, 2 other) and 2 brought after
those reconsiderations (both upheld)."""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.applications.models import Application
from gongkai.disputes.models import Dispute, Kind, Result, Stage
from gongkai.orgs.models import Agency

_DIRECT = [Result.UPHELD] * 8 + [Result.CORRECTED] * 4 + [Result.OTHER] * 2


def load(agency: Agency) -> bool:
    if Dispute.objects.filter(agency=agency).exists():
        return False
    cases = list(Application.objects.filter(agency=agency, received_on__year=2021).order_by("pk"))

    def case(number: int) -> Application | None:
        return cases[number % len(cases)] if cases else None

    reviews = []
    for number in range(2):
        filed = date(2021, 3 + number * 4, 8)
        reviews.append(
            Dispute.objects.create(
                agency=agency,
                kind=Kind.RECONSIDERATION,
                body="洛阳市人民政府",
                case_number=f"洛政复〔2021〕{31 + number}号",
                applicant=f"演示申请人{number + 1:02d}",
                application=case(number),
                filed_on=filed,
                decided_on=filed + timedelta(days=55),
                stage=Stage.DECIDED,
                result=Result.CORRECTED,
                summary="复议机关责令重新作出答复",
            )
        )
    for number, result in enumerate(_DIRECT):
        filed = date(2021, 1, 11) + timedelta(days=number * 20)
        Dispute.objects.create(
            agency=agency,
            kind=Kind.LITIGATION_DIRECT,
            body="洛阳市西工区人民法院",
            case_number=f"（2021）豫0303行初{101 + number}号",
            applicant=f"演示申请人{number + 3:02d}",
            application=case(number + 2),
            filed_on=filed,
            decided_on=filed + timedelta(days=70),
            stage=Stage.DECIDED,
            result=result,
        )
    for number, review in enumerate(reviews):
        assert review.decided_on is not None
        filed = review.decided_on + timedelta(days=10)
        Dispute.objects.create(
            agency=agency,
            kind=Kind.LITIGATION_AFTER,
            body="洛阳市西工区人民法院",
            case_number=f"（2021）豫0303行初{201 + number}号",
            applicant=review.applicant,
            application=review.application,
            follows=review,
            filed_on=filed,
            decided_on=filed + timedelta(days=60),
            stage=Stage.DECIDED,
            result=Result.UPHELD,
        )
    return True
