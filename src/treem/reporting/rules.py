"""Numbers of the reporting regime, each with its source."""

from __future__ import annotations

# Nghị định 09/2019/NĐ-CP Điều 12: a data period starts on the 15th and ends on the 14th (of the month,
# the quarter's last month, June/December for half-years, December for the year).
PERIOD_FIRST_DAY = 15
PERIOD_LAST_DAY = 14
# Nghị định 09/2019/NĐ-CP Điều 8 khoản 5: at least one working day between the cut-off and the deadline.
WORKING_DAYS_AFTER_CUT_OFF = 1
# Treem's default, changed by the administrator on /bao-cao/quy-dinh/ (ADR 0009).
REMIND_DAYS_BEFORE = 5
REMIND_DAYS_MAX = 60
# The body that receives a report sent to the nation: state management of children belongs to the
# Ministry of Health since 2025 (Nghị định 42/2025/NĐ-CP; legal-reference §9). ADR 0025.
NATIONAL_RECEIVER = "Bộ Y tế"
