"""Statutory numbers of the children register, each with its source."""

# Luật Trẻ em 2016 (102/2016/QH13) Điều 1: trẻ em là người dưới 16 tuổi.
CHILD_AGE_LIMIT = 16
# Bộ luật Dân sự 2015 Điều 21: người chưa thành niên là người chưa đủ 18 tuổi. People aged 16–17 stay on
# the register as minors (labour and health-insurance indicators count them); 18+ are refused.
MINOR_AGE_LIMIT = 18
# Child labour is measured for ages 5–17 (Bộ luật Lao động 2019 Điều 143–147; ILO/GSO survey practice).
CHILD_LABOUR_MIN_AGE = 5
CHILD_LABOUR_MAX_AGE = 17
# Luật Trẻ em Điều 6, Nghị định 56/2017 Điều 33, 36: consent of the child from 7 years old is required
# to disclose private information.
CONSENT_AGE = 7
# Số định danh cá nhân: Nghị định 137/2015 Điều 13, Thông tư 07/2016/TT-BCA (Phụ lục I, III) — 12 digits.
PERSONAL_ID_LENGTH = 12
# Groups of children in special circumstances (Luật Trẻ em Điều 10 k1) whose membership is itself sensitive
# personal data (ADR 0017): health — 4 disability, 5 HIV/AIDS, 7 drug addiction, 13 serious illness
# (Nghị định 13/2023 Điều 2 k4 b, carried on by Nghị định 356/2025: health status); sex life and crime —
# 6 in conflict with the law, 9 harmed by violence, 10 exploited, 11 sexually abused, 12 trafficked
# (Nghị định 13/2023 Điều 2 k4 e, g; Luật Trẻ em Điều 6 k11, Nghị định 56/2017 Điều 33). Their names are
# listed only to holders of registry.view_sensitive_groups; counts stay visible to everyone.
SENSITIVE_GROUPS = frozenset({4, 5, 6, 7, 9, 10, 11, 12, 13})
# Risk flags of the same nature (sexual abuse, trafficking, drugs, breaking the law).
SENSITIVE_RISKS = frozenset({"sexual_abuse", "trafficking", "drugs", "law"})
