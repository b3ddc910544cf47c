from django.urls import path

from gongkai.portal import views

app_name = "portal"
urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.apply_done, name="apply_done"),
    path("track/", views.track, name="track"),
]
