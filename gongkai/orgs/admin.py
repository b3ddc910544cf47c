"""The admin writes agencies and memberships through `orgs.services`, so every change is an
`OrgEvent` with the old and the new values (the admin's own log says only which field).

Django's admin is for superusers only: 系统管理员 work in the office's 系统管理 pages, in
Chinese and within their own agencies; `is_staff` alone no longer opens the admin."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from gongkai.accounts.models import User
from gongkai.orgs import services
from gongkai.orgs.models import Agency, Membership, OrgEvent


def superusers_only(request: HttpRequest) -> bool:
    """AdminSite.has_permission: an active superuser (not any `is_staff` account)."""
    user = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = superusers_only  # type: ignore[method-assign]


class MembershipInline(admin.TabularInline[Membership, Agency]):
    model = Membership
    extra = 1


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ("name", "slug", "kind", "parent", "phone", "is_active")
    search_fields = ("name", "short_name")
    inlines = [MembershipInline]
    readonly_fields = ("path",)

    def save_model(self, request: Any, obj: Agency, form: Any, change: bool) -> None:
        services.save_agency(request.user, obj)

    def delete_model(self, request: Any, obj: Agency) -> None:
        services.delete_agency(request.user, obj)

    def delete_queryset(self, request: Any, queryset: QuerySet[Agency]) -> None:
        for agency in queryset:
            services.delete_agency(request.user, agency)

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        formset.save(commit=False)  # sorts the rows into new, changed and deleted
        for membership in formset.deleted_objects:
            services.remove_member(membership, request.user)
        for membership, _fields in formset.changed_objects:
            services.change_member(
                membership, request.user, user=membership.user, role=membership.role
            )
        for membership in formset.new_objects:
            services.add_member(membership.user, form.instance, membership.role, request.user)


@admin.register(OrgEvent)
class OrgEventAdmin(admin.ModelAdmin[OrgEvent]):
    """Read only: the log is written by the services."""

    list_display = ("at", "kind", "label", "actor", "before", "after")
    list_filter = ("kind",)
    search_fields = ("label",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# The account admin lives here, not in accounts: every change to an account goes through
# orgs.services (accounts sits below orgs and imports nothing of it).
@admin.register(User)
class StaffAdmin(UserAdmin[User]):
    """Every change goes through `orgs.services`, so it is in the audit log with the values
    before and after: the account's flags (active, staff, superuser), its groups and admin
    permissions, and deleting it (its posts end one by one)."""

    def save_model(self, request: Any, obj: User, form: Any, change: bool) -> None:
        services.save_account(request.user, obj)

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        data = form.cleaned_data
        if "groups" in data or "user_permissions" in data:  # the change form (not the add form)
            services.set_account_permissions(
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
            services.remove_member(membership, request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request: Any, queryset: QuerySet[User]) -> None:
        for user in queryset:
            self.delete_model(request, user)
