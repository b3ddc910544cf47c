from django.urls import path

from gongkai.api import docs
from gongkai.api.v1 import api

urlpatterns = [path("", docs.page, name="api-docs"), path("v1/", api.urls)]
