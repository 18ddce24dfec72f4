"""Community activities (hoạt động) and the village collaborator network (issue #16, ADR 0021).

An Activity is one event a unit held: a children's forum, a consultation, a communication campaign, an
inspection visit… It belongs to a unit (a hamlet, a commune, or a province for provincial ones) and is
scoped through ``unit`` like any other record; ``commune`` is the commune of a hamlet or commune activity
(null for provincial ones) so that a commune's figures are one indexed filter.

Children taking part are counted two ways, added together: children of the register linked by name
(``ActivityChild``, each counted once however many activities they attend) and anonymous counts by sex
and age group (``ChildCount``) where names were not collected. See ADR 0021 for the counting rules.

A CollaboratorPost says who is the village collaborator of a hamlet, since when, and when trained: a
commune's coverage (hamlets with a collaborator on a date) is criterion 1 of the child-friendly commune.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from treem.core.models import TimeStampedModel, VersionedModel
from treem.core.text import nfc
from treem.registry.models import Sex


class ActivityKind(models.TextChoices):
    FORUM = "forum", _("Diễn đàn trẻ em")
    CONSULTATION = "consultation", _("Tham vấn ý kiến trẻ em")
    CORE_GROUP = "core_group", _("Sinh hoạt nhóm trẻ em nòng cốt")
    COMMUNICATION = "communication", _("Truyền thông")
    MONTH_OF_ACTION = "month_of_action", _("Tháng hành động vì trẻ em")
    SUMMER = "summer", _("Hoạt động hè")
    SWIMMING = "swimming", _("Dạy bơi, phòng chống đuối nước")
    TRAINING = "training", _("Tập huấn")
    INSPECTION = "inspection", _("Kiểm tra, giám sát")
    BOARD_MEETING = "board_meeting", _("Họp Ban bảo vệ trẻ em")
    OTHER = "other", _("Hoạt động khác")


# Kinds in which children take part in giving their views (TT 13/2021 participation, QĐ23 indicator 22).
CONSULTING_KINDS = (ActivityKind.FORUM, ActivityKind.CONSULTATION, ActivityKind.CORE_GROUP)


class AgeGroup(models.TextChoices):
    """Cut at 7 (TT 13/2021: children aged 7 and over consulted) and 11 (QĐ 23 indicator 24)."""

    UNDER_7 = "0_6", _("Dưới 7 tuổi")
    AGE_7_10 = "7_10", _("7–10 tuổi")
    AGE_11_15 = "11_15", _("11–15 tuổi")
    AGE_16_17 = "16_17", _("16–17 tuổi")


AGE_GROUP_BOUNDS = {  # age in whole years on the activity's first day → group
    AgeGroup.UNDER_7: (0, 6),
    AgeGroup.AGE_7_10: (7, 10),
    AgeGroup.AGE_11_15: (11, 15),
    AgeGroup.AGE_16_17: (16, 17),
}


def age_group_of(age: int) -> str:
    for group, (low, high) in AGE_GROUP_BOUNDS.items():
        if low <= age <= high:
            return str(group)
    return ""


class AdultRole(models.TextChoices):
    PARENT = "parent", _("Cha mẹ, người chăm sóc")
    TEACHER = "teacher", _("Giáo viên")
    OFFICIAL = "official", _("Cán bộ, công chức")
    COLLABORATOR = "collaborator", _("Cộng tác viên thôn")
    MASS_ORG = "mass_org", _("Thành viên đoàn thể")
    OTHER = "other", _("Người tham gia khác")


class Activity(VersionedModel):
    kind = models.CharField(_("loại hoạt động"), max_length=20, choices=ActivityKind.choices)
    unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("tên hoạt động"), max_length=255)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    organiser = models.ForeignKey(
        "geo.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cooperating = models.ManyToManyField("geo.Agency", blank=True, related_name="+")
    task = models.ForeignKey(
        "plans.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    description = models.TextField(_("nội dung, kết quả"), blank=True)
    questions = models.TextField(_("câu hỏi tham vấn"), blank=True)
    children_views = models.TextField(_("ý kiến của trẻ em"), blank=True)
    findings = models.TextField(_("kết quả kiểm tra, giám sát"), blank=True)
    follow_up = models.TextField(_("kiến nghị, việc cần làm tiếp"), blank=True)
    children = models.ManyToManyField("registry.Child", through="ActivityChild", related_name="+")
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    updated_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["commune", "start_date"], name="activities_commune_date_idx"),
            models.Index(fields=["unit", "start_date"], name="activities_unit_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="activities_dates_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.title = nfc(self.title).strip()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_consultation(self) -> bool:
        return self.kind in CONSULTING_KINDS

    @property
    def is_inspection(self) -> bool:
        return self.kind == ActivityKind.INSPECTION


class ActivityChild(models.Model):
    """A child of the register who took part (named): counted once per period however often they come."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="linked")
    child = models.ForeignKey("registry.Child", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "child"], name="activities_child_once"),
        ]
        indexes = [models.Index(fields=["child"], name="activities_child_idx")]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.child_id}"


class ChildCount(models.Model):
    """Children who took part without being named, by sex and age group (added to the linked ones)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="child_counts")
    sex = models.CharField(max_length=1, choices=Sex.choices)
    age_group = models.CharField(max_length=5, choices=AgeGroup.choices)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "sex", "age_group"], name="activities_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.sex} {self.age_group}: {self.count}"


class AdultCount(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="adult_counts")
    role = models.CharField(max_length=12, choices=AdultRole.choices)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "role"], name="activities_adult_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.count}"


class FileKind(models.TextChoices):
    MINUTES = "minutes", _("Biên bản")
    PHOTO = "photo", _("Hình ảnh")
    LIST = "list", _("Danh sách tham gia")
    OTHER = "other", _("Tài liệu khác")


class ActivityFile(TimeStampedModel):
    """An evidence file, stored under MEDIA_ROOT (never served directly: read through a checked view)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=8, choices=FileKind.choices, default=FileKind.OTHER)
    file = models.FileField(upload_to="activities/%Y/%m/")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    def __str__(self) -> str:
        return self.name


class CollaboratorPost(VersionedModel):
    """The village collaborator of a hamlet for a span of time (one at a time per hamlet)."""

    hamlet = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    since = models.DateField(_("từ ngày"))
    until = models.DateField(_("đến ngày"), null=True, blank=True)
    trained_on = models.DateField(_("ngày được tập huấn"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["hamlet", "-since"]
        indexes = [models.Index(fields=["commune", "since"], name="activities_post_commune_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                name="activities_post_dates_order",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.full_name = nfc(self.full_name).strip()
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class PlaceKind(models.TextChoices):
    PLAYGROUND = "playground", _("Sân chơi, khu vui chơi")
    CULTURE_HOUSE = "culture_house", _("Nhà văn hóa, điểm sinh hoạt cộng đồng có hoạt động cho trẻ em")
    SPORTS = "sports", _("Sân thể thao, nhà thi đấu")
    POOL = "pool", _("Bể bơi, điểm dạy bơi an toàn")
    LIBRARY = "library", _("Thư viện, phòng đọc cho trẻ em")
    OTHER = "other", _("Khác")


class PlayPlace(VersionedModel):
    """A place where the commune's children play, read, swim or do sport (điểm vui chơi, giải trí, văn hóa,
    thể thao cho trẻ em): QĐ 23/QĐ-TTg indicator 21 and QĐ 06 criterion 12.2 count the communes that
    have one open (ADR 0031)."""

    commune = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    hamlet = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("tên điểm"), max_length=200)
    kind = models.CharField(_("loại"), max_length=16, choices=PlaceKind.choices)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    opened_on = models.DateField(_("đưa vào sử dụng từ ngày"))
    closed_on = models.DateField(_("ngừng sử dụng từ ngày"), null=True, blank=True)
    managed_by = models.CharField(_("đơn vị quản lý"), max_length=200, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["commune", "name"]
        indexes = [models.Index(fields=["commune", "opened_on"], name="activities_place_commune_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gt=models.F("opened_on")),
                name="activities_place_dates_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = nfc(self.name).strip()
        super().save(*args, **kwargs)  # type: ignore[arg-type]
