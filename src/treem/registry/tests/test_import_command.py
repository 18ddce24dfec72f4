from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from treem.audit.models import AuditEvent
from treem.registry.models import Child

pytestmark = pytest.mark.django_db

GOOD = "Họ và tên,Ngày sinh,Giới tính,Số định danh cá nhân\nNguyễn Văn An,05/06/2015,Nam,079215012345\n"


def _run(tmp_path: Path, text: str, *args: str, capsys: Any) -> tuple[int, dict[str, Any]]:
    path = tmp_path / "tre-em.csv"
    path.write_text(text, encoding="utf-8")
    code = 0
    try:
        call_command("import_children", str(path), "--commune", "26740", "--json", *args)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, json.loads(capsys.readouterr().out)


def test_command_dry_run_then_import(world: Any, tmp_path: Path, capsys: Any) -> None:
    code, out = _run(tmp_path, GOOD, "--dry-run", capsys=capsys)
    assert code == 0
    assert {k: out[k] for k in ("rows", "valid", "created", "updated", "errors")} == {
        "rows": 1,
        "valid": 1,
        "created": 1,
        "updated": 0,
        "errors": [],
    }
    assert out["unit"]["name"] == "Phường Sài Gòn"
    assert Child.objects.count() == 0
    code, out = _run(tmp_path, GOOD, capsys=capsys)
    assert code == 0 and out["created"] == 1
    event = AuditEvent.objects.get(action="registry.child.imported")
    assert event.actor_username == "system" and event.extra["created"] == 1


def test_command_errors_exit_non_zero(world: Any, tmp_path: Path, capsys: Any) -> None:
    code, out = _run(tmp_path, GOOD.replace("05/06/2015", "2015-06-05"), capsys=capsys)
    assert code == 1 and out["created"] == 0
    assert out["errors"][0]["row"] == 2 and out["errors"][0]["column"] == "Ngày sinh"
    code, out = _run(tmp_path, "", capsys=capsys)
    assert code == 1 and "rỗng" in out["errors"][0]["message"]
    assert Child.objects.count() == 0


def test_command_writes_to_the_current_commune_sharing_a_former_code(
    world: Any, tmp_path: Path, capsys: Any
) -> None:
    """26968 is both the current Phường Tân Sơn Nhất (a2) and the former Phường 4: the current one."""
    path = tmp_path / "tre-em.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_children", str(path), "--commune", "26968", "--json", "--dry-run")
    out = json.loads(capsys.readouterr().out)
    assert out["unit"] == {
        "code": "26968",
        "name": "Phường Tân Sơn Nhất",
        "province": "Thành phố Hồ Chí Minh",
    }
    assert out["created"] == 1 and out["dry_run"] is True
    call_command("import_children", str(path), "--commune", "26968", "--dry-run")
    assert "Chạy thử, sẽ ghi vào: Phường Tân Sơn Nhất (mã 26968)" in capsys.readouterr().out
    call_command("import_children", str(path), "--commune", "26968", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["created"] == 1 and not out["errors"]
    assert Child.objects.get().area_id == world.a2.pk


def test_command_refuses_a_former_code_naming_its_successors(world: Any, tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    path = tmp_path / "tre-em.csv"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("import_children", str(path), "--commune", "26965", "--dry-run")
    assert "Phường 2" in str(exc.value) and "Phường Tân Sơn Nhất (mã 26968)" in str(exc.value)
    with pytest.raises(CommandError, match="Không có xã, phường hiện hành"):
        call_command("import_children", str(path), "--commune", "99999", "--dry-run")
    assert not Child.objects.exists()
