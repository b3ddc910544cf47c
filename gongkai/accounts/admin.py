from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.db.models import QuerySet

from gongkai.accounts.models import User
from gongkai.orgs import services as org_services


@admin.register(User)
class StaffAdmin(UserAdmin[User]):
    """Every change goes through `orgs.services`, so it is in the audit log with the values
    before and after: the account's flags (active, staff, superuser), its groups and admin
    permissions, and deleting it (its posts end one by one)."""

    def save_model(self, request: Any, obj: User, form: Any, change: bool) -> None:
        org_services.save_account(request.user, obj)

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        data = form.cleaned_data
        if "groups" in data or "user_permissions" in data:  # the change form (not the add form)
            org_services.set_account_permissions(
                request.user,
                form.instance,
                data.get("groups", form.instance.groups.all()),
                data.get("user_permissions", form.instance.user_permissions.all()),
            )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @transaction.atomic
    def delete_model(self, request: Any, obj: User) -> None:
        for membership in obj.memberships.all():
            org_services.remove_member(membership, request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: QuerySet[User]) -> None:
        for user in queryset:
            self.delete_model(request, user)
