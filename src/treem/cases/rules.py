"""Statutory clocks of case handling, each with its source (legal-reference.md §2).

Where the decree does not say from which event a clock runs, the choice is ours and is marked.
"""

from __future__ import annotations

import datetime

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

# -- access to case files (ADR 0006, 0018) -----------------------------------------------------------------
# Luật Trẻ em 2016 Điều 21 (the child's private life is inviolable) and Nghị định 56/2017 Điều 33 (what
# private-life information is protected) set no durations; these are Treem's choices, recorded in ADR 0018.
# A break-glass opening by a user of the commune lasts this long.
BREAK_GLASS_HOURS = 24
# A break-glass reason or an access request must say why, in at least this many characters.
ACCESS_REASON_MIN_CHARS = 10
# An access request (a provincial officer asking to open a file) asks for at most this many hours,
# counted from its approval.
ACCESS_GRANT_MAX_HOURS = 72
ACCESS_GRANT_DEFAULT_HOURS = 24
# A request nobody has decided within this many hours lapses (it shows as expired).
ACCESS_REQUEST_PENDING_HOURS = 72

# -- plausible dates of an intake (Mẫu 01) -------------------------------------------------------------------
# Nghị định 56/2017/NĐ-CP (signed 09/5/2017) took effect on 01/7/2017 (legal-reference.md §2): no case
# handled under it was received earlier.
EARLIEST_RECEIPT = datetime.date(2017, 7, 1)
# A report may carry the caller's clock, a little ahead of ours; more than this in the future is an error.
RECEIPT_FUTURE_TOLERANCE_MINUTES = 10
