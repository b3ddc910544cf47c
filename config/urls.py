from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from gongkai.core.views import health
from gongkai.office.views import system as system_views
from gongkai.portal import platform_views as portal_views
from gongkai.search import views as search_views

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("", include("gongkai.portal.urls")),
    path("reports/", include("gongkai.annual.urls")),
    path("office/", include("gongkai.office.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", system_views.password_change, name="password_change"),
    path("accounts/password/done/", system_views.password_change_done, name="password_change_done"),
    path("admin/", admin.site.urls),
    path("api/", include("gongkai.api.urls")),
    path("healthz", health, name="health"),
    path("healthz/search", search_views.health, name="search_health"),
]
