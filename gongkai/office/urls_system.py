"""The back office's 系统管理 pages (agencies, users, roles), included by office.urls."""

from django.urls import URLPattern, path

from gongkai.office.views import system, website

urlpatterns: list[URLPattern] = [
    path("system/", system.system, name="system"),
    path("system/agencies/new/", system.agency_new, name="system_agency_new"),
    path("system/agencies/<int:pk>/", system.agency, name="system_agency"),
    path("system/agencies/<int:pk>/active/", system.agency_active, name="system_agency_active"),
    path("system/agencies/<int:pk>/members/", system.member_add, name="system_member_add"),
    path("system/members/<int:pk>/", system.member, name="system_member"),
    path("system/users/", system.users, name="system_users"),
    path("system/users/new/", system.user_new, name="system_user_new"),
    path("system/users/<int:pk>/", system.user, name="system_user"),
    path("system/users/<int:pk>/password/", system.user_password, name="system_user_password"),
    path("system/users/<int:pk>/active/", system.user_active, name="system_user_active"),
    path("system/log/", system.log, name="system_log"),
    path("system/website/", website.website_page, name="system_website"),
]
