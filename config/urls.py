from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="reports:check", permanent=False), name="home"),
    path("reports/", include("gongkai.reports.urls")),
    path("admin/", admin.site.urls),
]
