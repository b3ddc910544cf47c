from django.contrib import admin

from gongkai.sitecheck.models import SensitiveTerm


@admin.register(SensitiveTerm)
class SensitiveTermAdmin(admin.ModelAdmin[SensitiveTerm]):
    """The list every agency shares (agency left blank) is kept here by the operator."""

    list_display = ("term", "note", "source", "agency")
    list_filter = ("agency",)
    search_fields = ("term", "source")
