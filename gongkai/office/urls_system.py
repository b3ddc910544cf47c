"""The back office's 系统管理 pages (agencies, users, roles), included by office.urls."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
