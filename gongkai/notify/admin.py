from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.notify.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    """Read-only: messages are written by the platform; the digests (no case) are found here."""

    list_display = ["created_at", "kind", "channel", "recipient", "status", "attempts"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["recipient", "subject"]
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
