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
