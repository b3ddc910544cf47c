from django.urls import path

from gongkai.annual import views

app_name = "reports"
urlpatterns = [
    path("check/", views.check, name="check"),
    path("check/export/", views.export, name="export"),
]
