"""Activity pages (list, record, detail, edit, evidence) and the collaborator network of a commune."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from treem.accounts import access
from treem.activities import places, selectors, services
from treem.activities.forms import ActivityForm, PlaceForm, PostForm, adult_count_name, child_count_name
from treem.activities.models import (
    Activity,
    ActivityFile,
    ActivityKind,
    AdultRole,
    AgeGroup,
    CollaboratorPost,
    PlayPlace,
)
from treem.activities.selectors import MANAGE_NETWORK, RECORD, VIEW
from treem.core.forms import errors_on
from treem.geo.models import AdminUnit, Agency, Generation, Level
from treem.registry.models import Child, Sex

PAGE_SIZE = 50
MAX_TASK_CHOICES = 500


def _current(qs: Any) -> Any:
    return qs.filter(generation=Generation.CURRENT, valid_to__isnull=True).order_by("name_folded")


def _units_under(user: Any, perm: str, *, hamlets: bool) -> list[AdminUnit]:
    """The units to pick from: each root of the jurisdiction, a province's communes, a commune's hamlets."""
    result: list[AdminUnit] = []
    for root in access.top_units(user, perm):
        if root.level == Level.NATION:
            result.extend(_current(AdminUnit.objects.filter(level=Level.PROVINCE)))
            continue
        result.append(root)
        if root.level == Level.PROVINCE:
            result.extend(_current(AdminUnit.objects.filter(parent=root, level=Level.COMMUNE)))
        elif root.level == Level.COMMUNE and hamlets:
            result.extend(_current(AdminUnit.objects.filter(parent=root, level=Level.HAMLET)))
    return result


def _unit_label(unit: AdminUnit) -> str:
    return f"— {unit.name}" if unit.level == Level.HAMLET else unit.name


def _agency_choices(user: Any, activity: Activity | None) -> list[tuple[int, str]]:
    """The agencies of the user's units and of the levels above (or, for an agency officer, theirs)."""
    roots = access.top_units(user, RECORD)
    ids: set[int] = set()
    for root in roots:
        ids.update(root.ancestor_ids())
        ids.add(root.pk)
    restricted = {
        a.agency_id
        for a in access.get_access(user).assignments
        if a.agency_id and RECORD in a.role.permissions
    }
    q = Q(unit_id__in=ids, is_active=True)
    if restricted and all(
        a.agency_id for a in access.get_access(user).assignments if RECORD in a.role.permissions
    ):
        q = Q(pk__in=restricted)
    if activity is not None and activity.pk:
        q |= Q(pk=activity.organiser_id) | Q(pk__in=activity.cooperating.values("pk"))
    return [(a.pk, a.name) for a in Agency.objects.filter(q).order_by("name")[:500]]


def _task_choices(user: Any, activity: Activity | None) -> list[tuple[int, str]]:
    from treem.plans.selectors import tasks_visible

    tasks = list(
        tasks_visible(user)
        .filter(is_heading=False, plan__status="active")
        .select_related("plan")
        .order_by("plan__unit__path", "plan_id", "sort_order")[:MAX_TASK_CHOICES]
    )
    if activity is not None and activity.task is not None and activity.task not in tasks:
        tasks.append(activity.task)
    return [
        (t.pk, f"{t.plan.title[:60]} — {t.number} {t.title[:90]}".replace("  ", " ").strip()) for t in tasks
    ]


def _activity_form(request: HttpRequest, activity: Activity | None, **kwargs: Any) -> ActivityForm:
    units = _units_under(request.user, RECORD, hamlets=True)
    if activity is not None and activity.unit not in units:
        units.insert(0, activity.unit)
    files = list(activity.files.all()) if activity is not None else []
    return ActivityForm(
        *([request.POST, request.FILES] if request.method == "POST" else []),
        units=[(u.pk, _unit_label(u)) for u in units],
        agencies=_agency_choices(request.user, activity),
        tasks=_task_choices(request.user, activity),
        files=[(f.pk, f"{f.name} ({f.get_kind_display()})") for f in files],
        **kwargs,
    )


def _data(form: ActivityForm) -> services.ActivityData:
    cd = form.cleaned_data
    try:
        unit = AdminUnit.objects.select_related("parent").get(pk=cd["unit"])
    except AdminUnit.DoesNotExist:
        raise access.AccessDenied from None
    from treem.plans.models import Task

    agencies = {
        a.pk: a
        for a in Agency.objects.select_related("unit").filter(
            pk__in=[cd["organiser"] or 0, *cd["cooperating"]]
        )
    }
    return services.ActivityData(
        kind=cd["kind"],
        unit=unit,
        title=cd["title"],
        start_date=cd["start_date"],
        end_date=cd["end_date"] or cd["start_date"],
        place=cd["place"],
        organiser=agencies.get(cd["organiser"]) if cd["organiser"] else None,
        cooperating=[agencies[pk] for pk in cd["cooperating"] if pk in agencies],
        task=Task.objects.select_related("plan__unit").filter(pk=cd["task"]).first() if cd["task"] else None,
        description=cd["description"],
        questions=cd["questions"],
        children_views=cd["children_views"],
        findings=cd["findings"],
        follow_up=cd["follow_up"],
        child_counts={
            (sex, group): cd[child_count_name(sex, group)] or 0
            for sex in Sex.values
            for group in AgeGroup.values
            if cd.get(child_count_name(sex, group))
        },
        adult_counts={
            role: cd[adult_count_name(role)] for role in AdultRole.values if cd.get(adult_count_name(role))
        },
        child_ids=cd["child_ids"],
    )


def _uploads(request: HttpRequest, form: ActivityForm) -> list[tuple[Any, str]]:
    kind = form.cleaned_data.get("file_kind") or "other"
    return [(upload, kind) for upload in request.FILES.getlist("files")]


def _year(value: Any) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    if not access.has_perm(request.user, VIEW):
        raise access.AccessDenied
    units = _units_under(request.user, VIEW, hamlets=True)
    qs = selectors.activities_visible(request.user).select_related("unit", "organiser", "task")
    kind = request.GET.get("kind", "")
    if kind in ActivityKind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    year = _year(request.GET.get("year"))
    if year:
        qs = qs.filter(start_date__year=year)
    unit_id = _pk(request.GET.get("unit"))
    unit = next((u for u in units if u.pk == unit_id), None)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    page = Paginator(qs.order_by("-start_date", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "activities/activity_list.html",
        {
            "page": page,
            "kinds": ActivityKind.choices,
            "units": [(u.pk, _unit_label(u)) for u in units],
            "filters": {"kind": kind, "year": year, "unit": unit.pk if unit else None},
            "query": query.urlencode(),
            "can_record": access.has_perm(request.user, RECORD),
        },
    )


def _pk(value: Any) -> int | None:
    try:
        return access.parse_pk(value)
    except (TypeError, ValueError):
        return None


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    if not access.has_perm(request.user, RECORD):
        raise access.AccessDenied
    form = _activity_form(request, None, initial={"start_date": timezone.localdate(), "file_kind": "minutes"})
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            activity = services.activity_create(
                actor=request.user, data=_data(form), files=_uploads(request, form)
            )
            messages.success(request, "Đã ghi nhận hoạt động.")
            return redirect("activities:detail", activity_id=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form, "activity": None})


@login_required
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.access_activity(request.user, activity_id)
    participation = selectors.activity_participation(activity)
    visible_children: list[Child] = []
    if participation.child_ids and access.has_perm(request.user, "registry.view_child"):
        visible_children = list(
            access.scope(
                Child.objects.filter(pk__in=participation.child_ids),
                request.user,
                "registry.view_child",
                "area",
            ).order_by("name_sort_key", "pk")
        )
    table = [
        (label, [participation.by_sex_age.get((sex, group), 0) for sex in Sex.values])
        for group, label in AgeGroup.choices
    ]
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "participation": participation,
            "table": table,
            "sexes": Sex.choices,
            "adults": [(c.get_role_display(), c.count) for c in activity.adult_counts.order_by("role")],
            "children": visible_children,
            "hidden_children": participation.named - len(visible_children),
            "files": list(activity.files.order_by("created_at")),
            "cooperating": list(activity.cooperating.order_by("name")),
            "can_edit": services.can_edit(request.user, activity),
        },
    )


@login_required
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.access_activity(request.user, activity_id, RECORD)
    if not services.can_edit(request.user, activity):
        raise access.AccessDenied
    counts = {child_count_name(c.sex, c.age_group): c.count for c in activity.child_counts.all()}
    counts.update({adult_count_name(c.role): c.count for c in activity.adult_counts.all()})
    initial = {
        "kind": activity.kind,
        "unit": activity.unit_id,
        "title": activity.title,
        "start_date": activity.start_date,
        "end_date": activity.end_date,
        "place": activity.place,
        "organiser": activity.organiser_id,
        "cooperating": list(activity.cooperating.values_list("pk", flat=True)),
        "task": activity.task_id,
        "description": activity.description,
        "questions": activity.questions,
        "children_views": activity.children_views,
        "findings": activity.findings,
        "follow_up": activity.follow_up,
        "child_ids": ", ".join(
            str(pk) for pk in activity.linked.order_by("child_id").values_list("child_id", flat=True)
        ),
        "version": activity.version,
        "file_kind": "minutes",
        **counts,
    }
    form = _activity_form(request, activity, initial=initial)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.activity_update(
                actor=request.user,
                activity=activity,
                data=_data(form),
                version=form.cleaned_data["version"] or 0,
                files=_uploads(request, form),
                remove_file_ids=form.cleaned_data.get("remove_files") or [],
            )
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("activities:detail", activity_id=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form, "activity": activity})


@login_required
def file_download(request: HttpRequest, file_id: int) -> FileResponse:
    try:
        item = ActivityFile.objects.get(pk=access.parse_pk(file_id))
    except (ValueError, TypeError, ActivityFile.DoesNotExist):
        raise access.AccessDenied from None
    if not selectors.activities_visible(request.user).filter(pk=item.activity_id).exists():
        raise access.AccessDenied
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.content_type
    )


# -- the collaborator network ------------------------------------------------------------------------------
@login_required
def network_index(request: HttpRequest) -> HttpResponse:
    if not access.has_perm(request.user, VIEW):
        raise access.AccessDenied
    today = timezone.localdate()
    communes = [u for u in _units_under(request.user, VIEW, hamlets=False) if u.level == Level.COMMUNE][:200]
    rows = selectors.collaborator_coverages(communes=communes, on_date=today)
    return render(request, "activities/network_index.html", {"rows": rows, "today": today})


def _post_form(request: HttpRequest, commune: AdminUnit, **kwargs: Any) -> PostForm:
    from treem.accounts.models import Assignment

    hamlets = list(_current(AdminUnit.objects.filter(parent=commune, level=Level.HAMLET)))
    users = {
        a.user_id: a.user
        for a in Assignment.objects.filter(unit__parent=commune, unit__level=Level.HAMLET).select_related(
            "user"
        )
    }
    return PostForm(
        *([request.POST] if request.method == "POST" else []),
        hamlets=[(h.pk, h.name) for h in hamlets],
        users=[
            (u.pk, f"{u.full_name} ({u.username})") for u in sorted(users.values(), key=lambda u: u.username)
        ],
        **kwargs,
    )


def _post_data(form: PostForm, commune: AdminUnit) -> services.PostData:
    from treem.accounts.models import User

    cd = form.cleaned_data
    hamlet = AdminUnit.objects.select_related("parent").filter(pk=cd["hamlet"], parent=commune).first()
    if hamlet is None:
        raise access.AccessDenied
    return services.PostData(
        hamlet=hamlet,
        full_name=cd["full_name"],
        phone=cd["phone"],
        since=cd["since"],
        until=cd["until"],
        trained_on=cd["trained_on"],
        user=User.objects.filter(pk=cd["user"]).first() if cd["user"] else None,
        note=cd["note"],
    )


def _on_date(value: Any) -> datetime.date:
    try:
        return datetime.datetime.strptime(str(value), "%d/%m/%Y").date()  # noqa: DTZ007
    except ValueError:
        return timezone.localdate()


@login_required
def network(request: HttpRequest, commune_id: int) -> HttpResponse:
    commune = access.access_unit(request.user, commune_id, VIEW)
    if commune.level != Level.COMMUNE:
        raise access.AccessDenied
    can_manage = access.has_perm(request.user, MANAGE_NETWORK, commune)
    form = _post_form(request, commune) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise access.AccessDenied
        if form.is_valid():
            with errors_on(form):
                services.post_create(actor=request.user, data=_post_data(form, commune))
                messages.success(request, "Đã ghi nhận cộng tác viên.")
                return redirect("activities:network", commune_id=commune.pk)
    on_date = _on_date(request.GET.get("ngay"))
    return render(
        request,
        "activities/network.html",
        {
            "commune": commune,
            "coverage": selectors.collaborator_coverage(commune=commune, on_date=on_date),
            "history": list(selectors.commune_posts(commune).order_by("hamlet__name_folded", "-since")),
            "form": form,
            "can_manage": can_manage,
        },
    )


@login_required
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access.access_object(
        CollaboratorPost.objects.select_related("hamlet", "commune"),
        request.user,
        post_id,
        MANAGE_NETWORK,
        "hamlet",
    )
    commune = post.commune
    form = _post_form(
        request,
        commune,
        initial={
            "hamlet": post.hamlet_id,
            "full_name": post.full_name,
            "phone": post.phone,
            "since": post.since,
            "until": post.until,
            "trained_on": post.trained_on,
            "user": post.user_id,
            "note": post.note,
            "version": post.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.post_update(
                actor=request.user,
                post=post,
                data=_post_data(form, commune),
                version=form.cleaned_data["version"] or 0,
            )
            messages.success(request, "Đã lưu thông tin cộng tác viên.")
            return redirect("activities:network", commune_id=commune.pk)
    return render(request, "activities/post_form.html", {"form": form, "post": post, "commune": commune})


# -- play places (ADR 0031) ---------------------------------------------------------------------------------
def _place_form(request: HttpRequest, commune: AdminUnit, **kwargs: Any) -> PlaceForm:
    hamlets = list(_current(AdminUnit.objects.filter(parent=commune, level=Level.HAMLET)))
    return PlaceForm(
        *([request.POST] if request.method == "POST" else []),
        hamlets=[(h.pk, h.name) for h in hamlets],
        **kwargs,
    )


def _place_data(form: PlaceForm, commune: AdminUnit) -> places.PlaceData:
    c = form.cleaned_data
    hamlet = AdminUnit.objects.filter(pk=c["hamlet"]).first() if c["hamlet"] else None
    return places.PlaceData(
        commune=commune,
        hamlet=hamlet,
        name=c["name"],
        kind=c["kind"],
        address=c["address"],
        opened_on=c["opened_on"],
        closed_on=c["closed_on"],
        managed_by=c["managed_by"],
        note=c["note"],
    )


@login_required
def places_page(request: HttpRequest, commune_id: int) -> HttpResponse:
    """A commune's play places, open and closed, and the form to add one."""
    commune = access.access_unit(request.user, commune_id, VIEW)
    if commune.level != Level.COMMUNE:
        raise access.AccessDenied
    can_record = access.has_perm(request.user, RECORD, commune)
    form = _place_form(request, commune) if can_record else None
    if request.method == "POST":
        if form is None:
            raise access.AccessDenied
        if form.is_valid():
            with errors_on(form):
                places.place_create(actor=request.user, data=_place_data(form, commune))
                messages.success(request, "Đã ghi nhận điểm vui chơi.")
                return redirect("activities:places", commune_id=commune.pk)
    today = timezone.localdate()
    rows = list(places.commune_places(commune))
    open_now = [p for p in rows if p.opened_on <= today and (p.closed_on is None or p.closed_on > today)]
    return render(
        request,
        "activities/places.html",
        {"commune": commune, "rows": rows, "open_now": open_now, "form": form, "today": today},
    )


@login_required
def place_edit(request: HttpRequest, place_id: int) -> HttpResponse:
    place = access.access_object(
        PlayPlace.objects.select_related("commune", "hamlet"), request.user, place_id, RECORD, "commune"
    )
    commune = place.commune
    form = _place_form(
        request,
        commune,
        initial={
            "name": place.name,
            "kind": place.kind,
            "hamlet": place.hamlet_id,
            "address": place.address,
            "opened_on": place.opened_on,
            "closed_on": place.closed_on,
            "managed_by": place.managed_by,
            "note": place.note,
            "version": place.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            places.place_update(
                actor=request.user,
                place=place,
                data=_place_data(form, commune),
                version=form.cleaned_data["version"] or 0,
            )
            messages.success(request, "Đã lưu điểm vui chơi.")
            return redirect("activities:places", commune_id=commune.pk)
    return render(request, "activities/place_form.html", {"form": form, "place": place, "commune": commune})
