from typing import Any

from django.contrib import admin

from gongkai.orgs import services
from gongkai.orgs.models import Agency, Membership


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
        super().save_model(request, obj, form, change)
        services.place(obj)
