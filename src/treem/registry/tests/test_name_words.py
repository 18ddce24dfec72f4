"""The vocabulary of the words in children's names (``NameWord``, migration 0005): a trigger on
registry_child keeps it whatever writes the children — the services, the bulk import's COPY and its
``UPDATE … FROM`` — and marks the words seen between two other words of a name."""

from __future__ import annotations

from typing import Any

import pytest

from treem.accounts.models import User
from treem.registry import importing, services
from treem.registry.models import Child, NameWord

pytestmark = pytest.mark.django_db

IMPORT = (
    "Họ và tên,Ngày sinh,Giới tính,Số định danh cá nhân,Dân tộc,Địa chỉ,Thôn,Họ tên cha,Họ tên mẹ\n"
    "Lò Thị Xuyến,05/06/2015,Nữ,079315012345,Thái,,,,\n"
    "Quàng Pấng,20/11/2016,Nam,,,,,,\n"
)


def add(root: User, commune: Any, name: str) -> Child:
    data = {"full_name": name, "date_of_birth": "05/06/2015", "sex": "Nam"}
    return services.child_create(actor=root, commune=commune, hamlet=None, data=data)


def import_children(world: Any, text: str) -> importing.ImportResult:
    return importing.import_table(
        actor=world.worker_a1,
        commune=world.a1,
        table=importing.read_table(text.encode()),
        mapping={**importing.PRESETS["treem"][1], "hamlet": "Thôn"},
        dry_run=False,
    )


def words() -> set[str]:
    return set(NameWord.objects.values_list("word", flat=True))


def middle() -> set[str]:
    return set(NameWord.objects.filter(middle=True).values_list("word", flat=True))


def test_the_services_add_the_words_of_new_and_renamed_children(
    world: Any, catalogues: None, root: User
) -> None:
    child = add(root, world.a1, "Nguyễn Văn An")
    assert words() == {"nguyen", "van", "an"} and middle() == {"van"}
    add(root, world.a1, "Lê An Nguyên")
    assert words() == {"nguyen", "van", "an", "le"}
    assert middle() == {"van", "an"}  # a known word, now seen between two others
    services.child_update(
        actor=root, child=child, data={"full_name": "Nguyễn Văn Khuê"}, expected_version=child.version
    )
    assert words() == {"nguyen", "van", "an", "le", "khue"}  # "an" stays: words are never removed
    services.child_set_status(actor=root, child=child, status="deceased", date=child.date_of_birth)
    assert words() == {"nguyen", "van", "an", "le", "khue"}  # an update without a new name: no change


def test_the_bulk_import_adds_words_by_copy_and_by_upsert(world: Any, catalogues: None) -> None:
    result = import_children(world, IMPORT)  # new children: COPY registry_child
    assert result.errors == [] and result.created == 2
    assert words() == {"lo", "thi", "xuyen", "quang", "pang"} and middle() == {"thi"}
    result = import_children(world, IMPORT.replace("Lò Thị Xuyến", "Lò Xuân Mai"))  # UPDATE … FROM
    assert result.errors == [] and result.updated == 1
    assert words() == {"lo", "thi", "xuyen", "quang", "pang", "xuan", "mai"}
    assert middle() == {"thi", "xuan"}
