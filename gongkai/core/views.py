"""Views of the platform itself, not of any one app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and uptime checks: the process answers. Touches nothing else, which
    also makes it the trivial view the portal benchmark compares pages against."""
    return HttpResponse("ok", content_type="text/plain")
