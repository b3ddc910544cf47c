"""The admin writes agencies and memberships through `orgs.services`, so every change is an
`OrgEvent` with the old and the new values (the admin's own log says only which field)."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from gongkai.orgs import services
from gongkai.orgs.models import Agency, Membership, OrgEvent


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
