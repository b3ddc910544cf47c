from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.db.models import QuerySet

from gongkai.accounts.models import User
from gongkai.orgs import services as org_services


@admin.register(User)
class StaffAdmin(UserAdmin[User]):
    """Deleting a user ends their posts through `orgs.services`, so each is in the audit log."""

    @transaction.atomic
    def delete_model(self, request: Any, obj: User) -> None:
        for membership in obj.memberships.all():
            org_services.remove_member(membership, request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: QuerySet[User]) -> None:
        for user in queryset:
            self.delete_model(request, user)
