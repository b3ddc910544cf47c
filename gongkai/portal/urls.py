from django.urls import path

from gongkai.portal import item_views, search_views, site_views, views
from gongkai.portal import platform_views as public

app_name = "portal"
urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.apply_done, name="apply_done"),
    path("track/", views.track, name="track"),
    path("track/correction/", views.track_correction, name="track_correction"),
    path("track/documents/<slug:kind>.<slug:fmt>", views.track_document, name="track_document"),
    path("track/forget/", views.track_forget, name="track_forget"),
    path("xxgk/<int:agency>/", public.platform_home, name="platform"),
    path("xxgk/<int:agency>/catalogue/", public.catalogue, name="catalogue"),
    path("xxgk/<int:agency>/guide/", public.guide, name="guide"),
    path("xxgk/<int:agency>/reports/", public.annual_reports, name="annual_reports"),
    path("xxgk/column/<int:pk>/", public.column_page, name="column"),
    path("xxgk/column/<int:pk>/rss/", public.ColumnFeed(), name="column_rss"),
    path("xxgk/column/<int:pk>/atom/", public.ColumnAtomFeed(), name="column_atom"),
    path("xxgk/item/<int:pk>/", item_views.item, name="item"),
    path("xxgk/attachment/<int:pk>/", item_views.attachment, name="attachment"),
    path("search/", search_views.search_page, name="search"),
    path("display/", site_views.preferences, name="display"),
    path("site-map/", site_views.site_map, name="site_map"),
    path("emblem.png", site_views.emblem, name="emblem"),
    path("sitemap.xml", public.sitemap, name="sitemap"),
]
