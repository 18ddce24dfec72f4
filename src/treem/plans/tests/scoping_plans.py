"""The plan pages in the access-scoping matrix (tests/test_scoping_matrix.py).

The objects hang under communes; plans of the units ABOVE a user's jurisdiction are readable too
(tested in test_views.py), which the matrix does not exercise because its objects are all communes.
"""

from __future__ import annotations

from typing import Any


def objects(world: Any) -> dict[str, dict[str, tuple[int, Any]]]:
    from django.core.files.base import ContentFile

    from treem.geo.models import Agency
    from treem.plans.models import Document, Evidence, Plan, PlanImport, PlanTarget, Task, TaskProgress

    kinds: dict[str, dict[str, tuple[int, Any]]] = {
        k: {} for k in ("plan", "document", "task", "evidence", "agency", "plan_import", "target")
    }
    for key in ("a1", "a2", "b1"):
        unit = getattr(world, key)
        document = Document.objects.create(
            unit=unit, doc_type="ke_hoach", number=f"{key}/KH-UBND", title="Kế hoạch thử", has_text=True
        )
        plan = Plan.objects.create(unit=unit, document=document, title=f"Kế hoạch {key}")
        task = Task.objects.create(plan=plan, number="1", title="Tuyên truyền Luật Trẻ em")
        target = PlanTarget.objects.create(plan=plan, label="Chỉ tiêu 1", text="Tỷ lệ …")
        progress = TaskProgress.objects.create(task=task, period="2026", status="in_progress")
        evidence = Evidence(progress=progress, name="bien-ban.pdf", content_type="application/pdf", size=8)
        evidence.file.save(f"scoping-{key}.pdf", ContentFile(b"%PDF-1.4"), save=True)
        agency = Agency.objects.create(unit=unit, name=f"Trạm Y tế {key}")
        item = PlanImport.objects.create(
            unit=unit,
            file_name="ke-hoach.txt",
            lines=["KẾ HOẠCH"],
            draft={"document": {"doc_type": "ke_hoach", "title": "Thử"}, "tasks": []},
        )
        for kind, obj in (
            ("plan", plan),
            ("document", document),
            ("task", task),
            ("evidence", evidence),
            ("agency", agency),
            ("plan_import", item),
            ("target", target),
        ):
            kinds[kind][key] = (obj.pk, unit)
    return kinds
