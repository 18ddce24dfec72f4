from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    VERIFYING = "verifying", _("Đang xác minh")
    INITIAL_ASSESSMENT = "initial_assessment", _("Đánh giá nguy cơ ban đầu")
    EMERGENCY_PROTECTION = "emergency_protection", _("Can thiệp khẩn cấp, cách ly tạm thời")
    DETAILED_ASSESSMENT = "detailed_assessment", _("Đánh giá chi tiết, họp xác định nhu cầu")
    PLAN_DRAFTING = "plan_drafting", _("Xây dựng kế hoạch hỗ trợ, can thiệp")
    PLAN_PENDING_APPROVAL = "plan_pending_approval", _("Chờ phê duyệt kế hoạch")
    IMPLEMENTING = "implementing", _("Đang thực hiện kế hoạch")
    REVIEWING = "reviewing", _("Rà soát, đánh giá")
    CLOSED = "closed", _("Đã kết thúc")
    NOT_SUBSTANTIATED = "not_substantiated", _("Không có cơ sở")
    TRANSFERRED = "transferred", _("Đã chuyển xã khác")
    # No longer entered (ADR 0023: the police referral runs beside the support track); kept so that the
    # history of cases referred before the change still reads.
    REFERRED_TO_POLICE = "referred_to_police", _("Đã chuyển cơ quan công an (dấu hiệu tội phạm)")


FINAL_STATUSES = (
    CaseStatus.CLOSED,
    CaseStatus.NOT_SUBSTANTIATED,
    CaseStatus.TRANSFERRED,
)


class Action(models.TextChoices):
    START_VERIFICATION = "start_verification", _("Bắt đầu xác minh")
    CONFIRM = "confirm", _("Xác nhận có cơ sở, đánh giá ban đầu")
    NOT_SUBSTANTIATED = "not_substantiated", _("Kết luận không có cơ sở")
    TRANSFER = "transfer", _("Chuyển cho xã, phường khác")
    REFER_TO_POLICE = "refer_to_police", _("Chuyển cơ quan công an")
    SUBMIT_INITIAL_ASSESSMENT = "submit_initial_assessment", _("Hoàn thành đánh giá ban đầu (Mẫu 02)")
    START_EMERGENCY = "start_emergency", _("Áp dụng biện pháp khẩn cấp")
    END_EMERGENCY = "end_emergency", _("Kết thúc can thiệp khẩn cấp")
    SUBMIT_DETAILED_ASSESSMENT = "submit_detailed_assessment", _("Hoàn thành đánh giá chi tiết (Mẫu 03)")
    SUBMIT_PLAN = "submit_plan", _("Trình phê duyệt kế hoạch (Mẫu 04)")
    APPROVE_PLAN = "approve_plan", _("Phê duyệt kế hoạch (Mẫu 05)")
    RETURN_PLAN = "return_plan", _("Trả lại kế hoạch để chỉnh sửa")
    START_REVIEW = "start_review", _("Bắt đầu rà soát (Mẫu 06)")
    CLOSE = "close", _("Kết thúc vụ việc")
    REPLAN = "replan", _("Xây dựng lại kế hoạch")
    REOPEN = "reopen", _("Mở lại vụ việc")


class Level(models.TextChoices):
    HIGH = "high", _("Cao")
    MEDIUM = "medium", _("Trung bình")
    LOW = "low", _("Thấp")


class Category(models.TextChoices):
    ABUSE = "abuse", _("Trẻ em bị xâm hại")
    RISK = "risk", _("Trẻ em có nguy cơ bị bạo lực, bóc lột, bỏ rơi")
    SPECIAL = "special", _("Trẻ em có hoàn cảnh đặc biệt")


class AbuseForm(models.TextChoices):
    # Luật Trẻ em 2016 Điều 4 khoản 5.
    VIOLENCE = "violence", _("Bạo lực")
    EXPLOITATION = "exploitation", _("Bóc lột")
    SEXUAL_ABUSE = "sexual_abuse", _("Xâm hại tình dục")
    TRAFFICKING = "trafficking", _("Mua bán")
    ABANDONMENT = "abandonment", _("Bỏ rơi")
    NEGLECT = "neglect", _("Bỏ mặc")
    OTHER = "other", _("Hình thức gây tổn hại khác")


class SexualAbuseSubtype(models.TextChoices):
    # Luật Trẻ em Điều 4 khoản 8; Nghị định 56/2017.
    RAPE = "rape", _("Hiếp dâm")
    COERCED_SEX = "coerced_sex", _("Cưỡng dâm")
    INTERCOURSE = "intercourse", _("Giao cấu")
    MOLESTATION = "molestation", _("Dâm ô")
    PROSTITUTION_PORNOGRAPHY = "prostitution_pornography", _("Sử dụng trẻ em vào mục đích mại dâm, khiêu dâm")


class Setting(models.TextChoices):
    FAMILY = "family", _("Gia đình")
    SCHOOL = "school", _("Trường học")
    COMMUNITY = "community", _("Cộng đồng")
    ONLINE = "online", _("Môi trường mạng")
    CARE_FACILITY = "care_facility", _("Cơ sở trợ giúp xã hội, chăm sóc thay thế")
    OTHER = "other", _("Nơi khác")


class Channel(models.TextChoices):
    HOTLINE_111 = "hotline_111", _("Tổng đài 111")
    PHONE = "phone", _("Điện thoại")
    IN_PERSON = "in_person", _("Trực tiếp")
    COLLABORATOR = "collaborator", _("Cộng tác viên thôn, tổ dân phố báo tin")
    SCHOOL = "school", _("Nhà trường báo tin")
    POLICE = "police", _("Công an chuyển đến")
    OTHER_AGENCY = "other_agency", _("Cơ quan, tổ chức khác")
    OTHER = "other", _("Khác")


class DeadlineKind(models.TextChoices):
    EMERGENCY_12H = "emergency_12h", _("Đánh giá ban đầu, can thiệp khẩn cấp trong 12 giờ")
    PLAN_5WD = "plan_5wd", _("Xây dựng kế hoạch trong 05 ngày làm việc")
    APPROVAL_7WD = "approval_7wd", _("Phê duyệt kế hoạch trong 07 ngày làm việc")
    REVIEW = "review", _("Rà soát, đánh giá theo kế hoạch")


class AgeGroup(models.TextChoices):
    UNDER_18 = "under_18", _("Dưới 18 tuổi")
    ADULT_18_30 = "18_30", _("18–30 tuổi")
    ADULT_31_50 = "31_50", _("31–50 tuổi")
    OVER_50 = "over_50", _("Trên 50 tuổi")
    UNKNOWN = "unknown", _("Không rõ")


# Mẫu 06 of Nghị định 56/2017/NĐ-CP ("Rà soát, đánh giá tình trạng của trẻ em sau khi thực hiện kế hoạch hỗ
# trợ, can thiệp"), part 1 a): three criteria, each rated Cao / Trung bình / Thấp, with the totals per level;
# part 1 b): the child's capacity to protect themself and recover. Wording and level descriptions as the
# appendix has them (seen at https://dulieuphapluat.vn/?p=734279; legal-reference.md §2.3).
# (key in Assessment.content, row heading, {level: what the level means})
REVIEW_CRITERIA: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "harm_severity",
        "1. Mức độ tổn hại của trẻ em có còn nghiêm trọng không",
        {
            Level.HIGH: "tổn hại của trẻ em vẫn còn rất nghiêm trọng, ảnh hưởng đến sự phát triển của trẻ em",
            Level.MEDIUM: "tổn hại của trẻ em còn ít nghiêm trọng",
            Level.LOW: "tổn hại của trẻ em không còn nghiêm trọng",
        },
    ),
    (
        "abuser_access",
        "2. Khả năng tiếp cận trẻ em của đối tượng xâm hại",
        {
            Level.HIGH: "đối tượng xâm hại vẫn có khả năng tiếp cận trẻ em và thường xuyên",
            Level.MEDIUM: "đối tượng xâm hại có cơ hội tiếp cận trẻ em, nhưng không thường xuyên",
            Level.LOW: "đối tượng xâm hại ít hoặc không có khả năng tiếp cận trẻ em",
        },
    ),
    (
        "care_obstacles",
        "3. Những trở ngại trong môi trường chăm sóc trẻ em đối với việc bảo đảm an toàn cho trẻ em",
        {
            Level.HIGH: "môi trường chăm sóc vẫn có nhiều trở ngại đáng kể để bảo đảm an toàn cho trẻ em",
            Level.MEDIUM: "có một vài trở ngại, nhưng trẻ em vẫn có được sự bảo vệ nhất định",
            Level.LOW: "có ít hoặc không có trở ngại nào cho việc bảo vệ trẻ em",
        },
    ),
)
# Part 1 b). The appendix's level descriptions for it were not read: only the level is recorded.
SELF_PROTECTION_KEY = "self_protection"
SELF_PROTECTION_LABEL = "Khả năng tự bảo vệ, phục hồi của trẻ em"
