"""The consolidated yearly report of a province: build its content and write the DOCX and the XLSX.

    .venv/bin/python bench/bench_report.py --rows 1000000 --communes 100

Set-up (not timed in the result): ``--rows`` synthetic children over ``--communes`` communes of one
province (COPY loader, with guardians and special circumstances), supports for a tenth of the children
(SQL), HCMC's plan (seed 003) imported into the province and derived down to every commune, this
year's obligations generated, and every commune's yearly report built, sent and accepted through the
services (its time per commune is printed too).

Timed: the province's yearly report — ``content.build`` (every catalogue indicator with sex breakdown
over the whole province, task progress, case and support figures, the communes' accepted reports),
then ``as_document`` + ``report_docx`` + ``report_xlsx``. Goal (issue #7): under 10 seconds.

Baseline in the same run: one PostgreSQL scan of the province's children grouped by commune and sex
(the least any report over this register has to read), best of 3; the ratio says how many such scans
the report costs.
"""

from __future__ import annotations

import argparse
import datetime
import time
from pathlib import Path

import _setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    _setup.start()
    from django.db import connection
    from django.utils import timezone

    from treem.accounts.access import system_actor
    from treem.plans import drafts, parsing
    from treem.plans import services as plans
    from treem.registry import synthetic
    from treem.reporting import content, documents, services
    from treem.reporting.models import Obligation

    province, communes = _setup.province_with_communes(args.communes)
    _setup.log(f"{province.name}: {len(communes)} communes; generating {args.rows:,} children")
    started = time.perf_counter()
    records = list(synthetic.generate(args.rows, seed=args.seed, problems=synthetic.Problems()))
    synthetic.copy_children(records, communes, seed=args.seed)
    del records
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO registry_support
                (child_id, kind, date, amount, source, provider_name, note, created_at, updated_at)
            SELECT id, (ARRAY['gift','scholarship','school_supplies','health_insurance'])[1 + id %% 4],
                   make_date(%s, 1 + (id %% 11)::int, 1 + (id %% 27)::int), 500000 + (id %% 5) * 100000,
                   'budget', '', '', now(), now()
            FROM registry_child WHERE id %% 10 = 0
            """,
            [timezone.localdate().year],
        )
        cur.execute("VACUUM ANALYZE")
    _setup.log(f"children and supports loaded in {time.perf_counter() - started:.0f} s")

    year = timezone.localdate().year
    actor = system_actor(province)
    seed = Path(_setup.ROOT) / "data" / "plans" / "003_hcmc_4063_qd_ubnd.txt"
    draft = parsing.parse_plan(parsing.extract_text(seed.name, seed.read_bytes())).to_json()
    draft["start_year"], draft["end_year"] = drafts.plan_years(draft)
    started = time.perf_counter()
    plan = plans.plan_create_from_draft(actor=actor, unit=province, draft=draft)
    for commune in communes:
        plans.plan_derive(actor=actor, plan=plan, unit=commune)
    counts = services.obligations_generate(year)
    _setup.log(
        f"plan imported, derived to {len(communes)} communes, {counts['created']} obligations "
        f"in {time.perf_counter() - started:.1f} s"
    )

    started = time.perf_counter()
    below = Obligation.objects.filter(reviewer_unit=province, period=str(year)).select_related("unit")
    n = 0
    for obligation in below:
        commune_actor = system_actor(obligation.unit)
        obligation = services.report_save(
            actor=commune_actor,
            obligation=obligation,
            version=obligation.version,
            results="Đã triển khai các nhiệm vụ được giao.",
            shortcomings="",
            proposals="",
        )
        services.report_submit(
            actor=commune_actor,
            obligation=obligation,
            version=obligation.version,
            today=datetime.date(year, 11, 1),
        )
        obligation.refresh_from_db()
        services.report_review(
            actor=actor, obligation=obligation, version=obligation.version, decision="accepted", comment=""
        )
        n += 1
    per_commune = (time.perf_counter() - started) / max(n, 1)
    _setup.log(f"{n} commune reports built, sent and accepted: {per_commune:.2f} s each")

    city = Obligation.objects.filter(unit=province, period=str(year)).first()
    if city is None:
        raise SystemExit("no yearly obligation for the province")

    scans = []
    for _ in range(3):  # the baseline: best of 3
        started = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(
                "SELECT commune_id, sex, count(*) FROM registry_child WHERE province_id = %s GROUP BY 1, 2",
                [province.pk],
            )
            cur.fetchall()
        scans.append(time.perf_counter() - started)
    baseline = min(scans)

    timings: dict[str, float] = {}
    t = time.perf_counter()
    data = content.build(city)
    timings["content"] = time.perf_counter() - t
    t = time.perf_counter()
    model = content.as_document(data, city, draft=True)
    docx = documents.report_docx(model)
    timings["docx"] = time.perf_counter() - t
    t = time.perf_counter()
    xlsx = documents.report_xlsx(model)
    timings["xlsx"] = time.perf_counter() - t
    total = sum(timings.values())
    _setup.log(
        f"consolidated yearly report of {province.name} ({args.rows:,} children, {len(data['below'])} "
        f"commune reports, {len(data['indicators'])} indicators): {total:.2f} s "
        f"(content {timings['content']:.2f} s, DOCX {timings['docx']:.2f} s = {len(docx) / 1024:.0f} KiB, "
        f"XLSX {timings['xlsx']:.2f} s = {len(xlsx) / 1024:.0f} KiB); goal < 10 s: "
        f"{'met' if total < 10 else 'NOT met'}"
    )
    _setup.log(
        f"baseline: one grouped scan of the province's children {baseline:.2f} s; "
        f"report / scan = {total / baseline:.1f}×; peak RSS {_setup.peak_rss_mib():.0f} MiB"
    )


if __name__ == "__main__":
    main()
