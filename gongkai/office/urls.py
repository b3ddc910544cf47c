from django.urls import path

from gongkai.office import views
from gongkai.office.urls_system import urlpatterns as system_urls
from gongkai.office.views import annual, disputes, publishing, sitecheck

app_name = "office"
urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/act/<str:action>/", views.case_act, name="case_act"),
    path("cases/<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("cases/<int:pk>/documents/<str:kind>/", views.case_document, name="case_document"),
    path("statistics/", views.statistics, name="statistics"),
    path("register/export/", views.register_export, name="register_export"),
    path("register/import/", views.register_import, name="register_import"),
    path("register/import/<int:pk>/confirm/", views.register_confirm, name="register_confirm"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<int:year>/", views.calendar_year, name="calendar_year"),
    path("templates/", views.templates, name="templates"),
    path("templates/<int:agency_pk>/<str:kind>/", views.template_edit, name="template_edit"),
    path("publications/", publishing.publications, name="publications"),
    path("publications/new/", publishing.publication_edit, name="publication_new"),
    path("publications/<int:pk>/", publishing.publication_detail, name="publication"),
    path("publications/<int:pk>/edit/", publishing.publication_edit, name="publication_edit"),
    path(
        "publications/<int:pk>/act/<str:action>/",
        publishing.publication_act,
        name="publication_act",
    ),
    path("publications/<int:pk>/mask/", publishing.publication_mask, name="publication_mask"),
    path("attachments/<int:pk>/remove/", publishing.attachment_remove, name="attachment_remove"),
    path("normative/", publishing.normative_register, name="normative"),
    path("normative/<int:pk>/", publishing.normative_edit, name="normative_edit"),
    path("publishing/settings/", publishing.publishing_settings, name="publishing_settings"),
    path("publishing/columns/<int:pk>/", publishing.column_edit, name="column_edit"),
    path("figures/", publishing.figures, name="figures"),
    path("channels/", publishing.channels, name="channels"),
    path("timeliness/", publishing.timeliness, name="timeliness"),
    path("reports/", annual.reports, name="annual_reports"),
    path("reports/rollup/", annual.rollup, name="annual_rollup"),
    path("reports/<int:pk>/", annual.report, name="annual_report"),
    path("reports/<int:pk>/act/<str:action>/", annual.act, name="annual_act"),
    path("reports/<int:pk>/cell/<str:key>/", annual.cell, name="annual_cell"),
    path("reports/<int:pk>/export/<str:fmt>/", annual.export, name="annual_export"),
    path("disputes/", disputes.register, name="disputes"),
    path("disputes/<int:pk>/", disputes.edit, name="dispute"),
    path("disputes/documents/<int:pk>/", disputes.document, name="dispute_document"),
    path("sitecheck/", sitecheck.dashboard, name="sitecheck"),
    path("sitecheck/start/", sitecheck.start, name="sitecheck_start"),
    path("sitecheck/runs/<int:pk>/", sitecheck.run_detail, name="sitecheck_run"),
    path("sitecheck/findings/<int:pk>/task/", sitecheck.task_new, name="sitecheck_task_new"),
    path("sitecheck/tasks/", sitecheck.tasks, name="sitecheck_tasks"),
    path("sitecheck/tasks/<int:pk>/", sitecheck.task_detail, name="sitecheck_task"),
    path("sitecheck/terms/", sitecheck.terms, name="sitecheck_terms"),
    path("sitecheck/report/<str:month>.<str:fmt>", sitecheck.report, name="sitecheck_report"),
]
urlpatterns += system_urls
