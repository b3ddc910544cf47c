"""网站信息 in 系统管理: the installation's name, emblem and the footer fields every Chinese
government website carries (《政府网站发展指引》). Only a superuser or a 系统管理员 of a
top-level agency may change them (orgs.access.may_edit_website); orgs.services records each
change with the values before and after."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.office.system_forms import WebsiteForm
from gongkai.office.views.common import gate
from gongkai.orgs import access as org_access
from gongkai.orgs import services, website

editors = gate(org_access.may_edit_website, "只有上级机关的系统管理员可以修改网站信息")


@editors
@require_http_methods(["GET", "POST"])
def website_page(request: HttpRequest) -> HttpResponse:
    current = org_access.website()
    initial = {"version": current.version, "name": current.name}
    initial.update((f.name, getattr(current, f.name)) for f in website.FOOTER)
    form = WebsiteForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            emblem = _emblem(data["emblem"])
            services.update_website(
                request.user,
                {name: data[name] for name in services.WEBSITE_FIELDS},
                data["version"],
                emblem=emblem,
                remove_emblem=data["remove_emblem"],
            )
        except (website.EmblemError, services.WebsiteError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "已保存网站信息")
            return redirect("office:system_website")
    return render(
        request,
        "office/system_website.html",
        {
            "form": form,
            "tab": "website",
            "current": current,
            "missing": website.missing({f.name: getattr(current, f.name) for f in website.FOOTER}),
        },
    )


def _emblem(upload: object) -> bytes | None:
    if not upload:
        return None
    size = getattr(upload, "size", 0) or 0
    if size > website.EMBLEM_MAX_BYTES:  # refused before it is read
        raise website.EmblemError(f"网站标志文件不能超过{website.EMBLEM_MAX_BYTES // 1024}KB。")
    return website.prepare_emblem(upload.read())  # type: ignore[attr-defined]
