from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from treem.accounts import access
from treem.audit.services import client_ip
from treem.core import rules, services
from treem.core.calendar import public_holidays
from treem.core.forms import CalendarOverrideForm, CalendarOverrideRemoveForm
from treem.core.lunar import solar_to_lunar
from treem.core.models import CalendarOverride

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def _require_manager(request: HttpRequest) -> None:
    if not access.has_perm(request.user, services.PERM):
        raise access.AccessDenied


def _year(value: Any, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if rules.MIN_YEAR <= year <= rules.MAX_YEAR else default


def _back(year: int) -> HttpResponseRedirect:
    return redirect(f"{reverse('core:calendar')}?year={year}")


@login_required
def calendar_view(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    year = _year(request.GET.get("year"), timezone.localdate().year)
    if request.method == "POST":
        form = CalendarOverrideForm(request.POST)
        if form.is_valid():
            day: datetime.date = form.cleaned_data["date"]
            try:
                override = services.calendar_override_set(
                    actor=request.user,
                    date=day,
                    kind=form.cleaned_data["kind"],
                    reason=form.cleaned_data["reason"],
                    ip=client_ip(request),
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, f"Đã lưu {override.get_kind_display().lower()} {day:%d/%m/%Y}.")
                return _back(day.year)
    else:
        form = CalendarOverrideForm()
    holidays = [
        {"date": d, "weekday": WEEKDAYS[d.weekday()], "lunar": solar_to_lunar(d), "name": name}
        for d, name in public_holidays(year).items()
    ]
    overrides = [
        {"override": o, "weekday": WEEKDAYS[o.date.weekday()]}
        for o in CalendarOverride.objects.filter(
            date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31)
        )
    ]
    context = {
        "year": year,
        "previous_year": year - 1 if year > rules.MIN_YEAR else None,
        "next_year": year + 1 if year < rules.MAX_YEAR else None,
        "holidays": holidays,
        "overrides": overrides,
        "form": form,
        "law": rules.LAW,
    }
    return render(request, "core/calendar.html", context)


@login_required
@require_POST
def calendar_override_remove_view(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = CalendarOverrideRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Yêu cầu không hợp lệ.")
        return redirect("core:calendar")
    day: datetime.date = form.cleaned_data["date"]
    if services.calendar_override_remove(actor=request.user, date=day, ip=client_ip(request)):
        messages.success(request, f"Đã xóa thay đổi của ngày {day:%d/%m/%Y}.")
    else:
        messages.error(request, f"Ngày {day:%d/%m/%Y} không có thay đổi nào để xóa.")
    return _back(day.year)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    from django.core.paginator import Paginator

    from treem.core.models import Notification

    items = Notification.objects.filter(user_id=int(request.user.pk or 0))
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "core/notification_list.html",
        {"page": page, "unread": items.filter(read_at__isnull=True).count()},
    )


@login_required
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one of the user's own notifications read and follow its link (404 for anyone else's)."""
    from django.shortcuts import get_object_or_404, redirect
    from django.utils.http import url_has_allowed_host_and_scheme

    from treem.core.models import Notification

    try:
        pk = access.parse_pk(notification_id)
    except ValueError:
        raise access.AccessDenied from None
    item = get_object_or_404(Notification, pk=pk, user_id=int(request.user.pk or 0))
    if item.read_at is None:
        item.read_at = timezone.now()
        item.save(update_fields=["read_at"])
    link = item.link if url_has_allowed_host_and_scheme(item.link, allowed_hosts={request.get_host()}) else ""
    return redirect(link or "web:notifications")
