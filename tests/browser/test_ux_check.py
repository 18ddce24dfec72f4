"""The UX check (issue #19): the main pages of each role, at 360 px and 1280 px, in one browser.

A page fails on: sideways scrolling (the document wider than the window), a console error or an uncaught
script error, a form control without a label, or a raw code on screen (``accounts.user.logged_in``).
Every page is loaded once per role and measured at both widths (the layout follows the window without a
reload). Users are logged in by session cookie, not through the two-factor pages, to keep it quick.

Problems on pages owned elsewhere that are known and not yet fixed are listed in ``KNOWN``: they are
reported as warnings, not failures, and the entry is removed once the page is fixed.
"""

from __future__ import annotations

import datetime
import os
import warnings
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import build_world
from tests.browser.test_login_scope import _artifact

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_db")]

WIDTHS = (360, 1280)
CODE_PATTERN = r"\b[a-z_]+\.[a-z_]+\.[a-z_]+\b"

# (url name, width, check) → why it is not fixed here. Checks: overflow, console, label, code.
KNOWN: dict[tuple[str, int, str], str] = {}

MEASURE = """(pattern) => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) {
    // the widest element that sticks out, to say where
    let worst = null, right = window.innerWidth;
    for (const el of document.querySelectorAll("main *, header *")) {
      const r = el.getBoundingClientRect();
      if (r.right > right + 1 && el.offsetParent !== null) { right = r.right; worst = el; }
    }
    const cls = worst && typeof worst.className === "string" && worst.className.trim()
      ? "." + worst.className.trim().split(/\\s+/).join(".") : "";
    const where = worst ? worst.tagName.toLowerCase() + (worst.id ? "#" + worst.id : "") + cls : "?";
    problems.push(["overflow", doc.scrollWidth + " px wide (" + where + ")"]);
  }
  for (const el of document.querySelectorAll("input, select, textarea")) {
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (["hidden", "submit", "button", "reset", "image"].includes(type)) continue;
    const named = (el.labels && el.labels.length) || el.getAttribute("aria-label") ||
      el.getAttribute("aria-labelledby") || el.getAttribute("title");
    if (!named) problems.push(["label", el.tagName.toLowerCase() + "[name=" + el.getAttribute("name") + "]"]);
  }
  const text = document.body.innerText;
  const found = text.match(new RegExp(pattern, "g"));
  if (found) problems.push(["code", Array.from(new Set(found)).slice(0, 5).join(", ")]);
  return problems;
}"""


def _session_cookie(user: Any) -> str:
    """A logged-in session (second factor included), as the ``login`` fixture makes one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _data(world: Any) -> dict[str, Any]:
    """Enough records for the pages to show tables: children, a case, a plan with reports (one sent)."""
    from treem.cases.choices import CaseStatus
    from treem.cases.tests.test_services import case_in_state
    from treem.indicators.reference import load_indicators
    from treem.plans import services as plans
    from treem.plans.tests.conftest import hand_draft, load_agency_types
    from treem.registry import services as registry
    from treem.registry.reference import load_circumstances, load_ethnicities
    from treem.reporting import services as reporting
    from treem.reporting.models import Obligation

    load_ethnicities()
    load_circumstances()
    load_agency_types()
    load_indicators()
    child = None
    for n, name in enumerate(("Nguyễn Văn An", "Trần Thị Bình Minh Khuê")):
        child = registry.child_create(
            actor=world.worker_a1,
            commune=world.a1,
            data={
                "full_name": name,
                "date_of_birth": f"0{n + 1}/06/2015",
                "sex": "Nam" if n == 0 else "Nữ",
                "ethnicity": "08",
                "address": "Số 12 đường Nguyễn Thị Minh Khai, khu phố 1, phường Sài Gòn",
            },
        )
    case = case_in_state(world, CaseStatus.PLAN_PENDING_APPROVAL)
    draft = hand_draft()
    draft["start_year"], draft["end_year"] = 2024, 2030
    plan = plans.plan_create_from_draft(actor=world.province_a, unit=world.a, draft=draft)
    plans.plan_derive(actor=world.province_a, plan=plan, unit=world.a1)
    reporting.obligations_generate(datetime.date.today().year)  # noqa: DTZ011
    ward = Obligation.objects.filter(unit=world.a1).order_by("due_date").first()
    assert ward is not None
    ward = reporting.report_save(
        actor=world.worker_a1,
        obligation=ward,
        version=ward.version,
        results="Tuyên truyền tại 4 khu phố.",
        shortcomings="Thiếu kinh phí.",
        proposals="",
    )
    reporting.report_submit(actor=world.worker_a1, obligation=ward, version=ward.version)
    return {"child": child, "case": case, "plan": plan, "report": ward}


def _pages(world: Any, data: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """(url name, url) per user: the pages each role opens day to day."""
    report = reverse("reporting:detail", args=[data["report"].pk])
    case = reverse("cases:detail", args=[data["case"].pk])
    return {
        "worker_a1": [
            ("web:home", reverse("web:home")),
            ("registry:list", reverse("registry:list")),
            ("registry:detail", reverse("registry:detail", args=[data["child"].pk])),
            ("registry:create", reverse("registry:create")),
            ("cases:list", reverse("cases:list")),
            ("cases:detail", case),
            ("reporting:detail", report),
            ("registry:cleaning", reverse("registry:cleaning")),
            ("activities:list", reverse("activities:list")),
        ],
        "chairman_a1": [
            ("web:home", reverse("web:home")),
            ("audit:list", reverse("audit:list")),
        ],
        "province_a": [
            ("web:home", reverse("web:home")),
            ("indicators:scorecard", reverse("indicators:scorecard")),
            ("plans:list", reverse("plans:list")),
            ("plans:detail", reverse("plans:detail", args=[data["plan"].pk])),
            ("reporting:list", reverse("reporting:list")),
            ("reporting:detail", report),
            ("accounts:user_create", reverse("accounts:user_create")),
            ("geo:browse", reverse("geo:browse") + "?q=tan+son"),
            ("assessment:home", reverse("assessment:home")),
        ],
        "hotline": [
            ("web:home", reverse("web:home")),
            ("cases:intake", reverse("cases:intake")),
        ],
        "sysadmin": [
            ("audit:list", reverse("audit:list")),
            ("accounts:users", reverse("accounts:users")),
            ("core:calendar", reverse("core:calendar")),
            ("reporting:rules", reverse("reporting:rules")),
        ],
    }


def _context(chromium: Any, live_server: Any, user: Any) -> Any:
    context = chromium.new_context(locale="vi-VN", viewport={"width": WIDTHS[0], "height": 740})
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": _session_cookie(user), "url": live_server.url}
    context.add_cookies([cookie])
    return context


def test_main_pages_for_each_role_at_360_and_1280_px(live_server: Any, chromium: Any) -> None:
    world = build_world()
    data = _data(world)
    failures: list[str] = []
    known: list[str] = []
    for username, pages in _pages(world, data).items():
        context = _context(chromium, live_server, world.users[username])
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        for name, url in pages:
            errors.clear()
            page.set_viewport_size({"width": WIDTHS[0], "height": 740})
            response = page.goto(f"{live_server.url}{url}")
            status = response.status if response else 0
            problems: list[tuple[int, str, str]] = []
            if status != 200:
                problems.append((WIDTHS[0], "status", str(status)))
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 740 if width < 800 else 900})
                problems += [(width, check, detail) for check, detail in page.evaluate(MEASURE, CODE_PATTERN)]
                if os.environ.get("TREEM_UX_SCREENSHOTS"):  # to look at the pages, not part of the check
                    shot = f"ux-{username}-{name.replace(':', '-')}-{width}.png"
                    page.screenshot(path=str(_artifact(shot)), full_page=True)
            problems += [(0, "console", e[:200]) for e in errors]
            for width, check, detail in problems:
                line = f"{username} {name} @{width or 'load'}: {check}: {detail}"
                if (name, width, check) in KNOWN:
                    known.append(f"{line} — {KNOWN[(name, width, check)]}")
                else:
                    failures.append(line)
        context.close()
    for line in known:
        warnings.warn(f"known UX problem: {line}", stacklevel=1)
    assert not failures, "UX check failed:\n" + "\n".join(failures)

    # An invalid form: the focus lands on the error summary, whose links lead to the fields; the place is
    # typed without accents and the suggestions come from the server.
    context = _context(chromium, live_server, world.province_a)
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('accounts:user_create')}")
    page.get_by_label("Địa bàn").fill("tan son")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('#id_unit-goi-y option')).some(o =>"
        " o.value.startsWith('Phường Tân Sơn Nhất') && o.textContent.includes('gồm Phường 2, 4 cũ'))"
    )
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.wait_for_selector("[data-error-summary]")
    assert page.evaluate("document.activeElement.matches('[data-error-summary]')")
    page.locator(".error-summary a[href='#id_username']").click()
    assert page.evaluate("document.activeElement.id") == "id_username"
    context.close()
