"""Statutory clocks of case handling, each with its source (legal-reference.md §2).

Where the decree does not say from which event a clock runs, the choice is ours and is marked.
"""

from __future__ import annotations

# Nghị định 56/2017/NĐ-CP Điều 26 khoản 3: emergency intervention / temporary separation within 12 hours
# of receiving the information when the child's life, health or dignity is at serious risk. The initial
# assessment (Mẫu 02, Điều 26 k2) must decide within that window whether emergency measures apply.
EMERGENCY_HOURS = 12

# Nghị định 56/2017/NĐ-CP Điều 28 khoản 1: the support and intervention plan (Mẫu 04) is drafted within
# 05 working days, except in emergencies. Treem counts them from the end of the initial assessment
# (the decree's text seen does not name the starting event — UNCONFIRMED).
PLAN_WORKING_DAYS = 5

# Nghị định 56/2017/NĐ-CP Điều 28 khoản 2 and the administrative procedure "phê duyệt kế hoạch hỗ trợ,
# can thiệp trẻ em bị xâm hại hoặc có nguy cơ bị bạo lực, bóc lột, bỏ rơi": approval by the commune
# chairman (Mẫu 05) within 07 working days of receiving the file.
APPROVAL_WORKING_DAYS = 7

# Nghị định 56/2017/NĐ-CP Điều 30: review (Mẫu 06) by the dates set in the plan. Default when the plan
# sets none: 30 days after approval (Treem's choice, configurable per plan).
DEFAULT_REVIEW_DAYS = 30

# Reminders before a deadline (Treem's choice): 2 hours before the 12-hour clock, 1 working day before
# working-day clocks.
REMIND_HOURS_BEFORE_EMERGENCY = 2
REMIND_WORKING_DAYS_BEFORE = 1
