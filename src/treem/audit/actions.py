"""Audit action codes: dotted strings ``<app>.<object>.<verb>`` (pretix log_action style)."""

LOGIN = "accounts.user.logged_in"
LOGOUT = "accounts.user.logged_out"
LOGIN_FAILED = "accounts.user.login_failed"
LOCKED_OUT = "accounts.user.locked_out"
USER_CREATED = "accounts.user.created"
USER_UPDATED = "accounts.user.updated"
USER_PASSWORD_SET = "accounts.user.password_set"  # noqa: S105 — an action code
ASSIGNMENT_CREATED = "accounts.assignment.created"
ASSIGNMENT_ENDED = "accounts.assignment.ended"
ASSIGNMENT_APPROVED = "accounts.assignment.approved"
ASSIGNMENT_REJECTED = "accounts.assignment.rejected"
ASSIGNMENT_REOPENED = "accounts.assignment.reopened"  # back to pending after a password set by another
TOTP_ENROLLED = "accounts.totp.enrolled"
ENROLMENT_CODE_ISSUED = "accounts.enrolment_code.issued"
ENROLMENT_CODE_USED = "accounts.enrolment_code.used"
ENROLMENT_CODE_REFUSED = "accounts.enrolment_code.refused"
PASSWORD_LINK_ISSUED = "accounts.user.password_link_issued"  # noqa: S105 — an action code
PASSWORD_SET_BY_LINK = "accounts.user.password_set_by_link"  # noqa: S105 — an action code
UNIT_SWITCHED = "accounts.user.unit_switched"

HAMLET_CREATED = "geo.hamlet.created"
HAMLET_UPDATED = "geo.hamlet.updated"
HAMLETS_IMPORTED = "geo.hamlet.imported"
AGENCY_CREATED = "geo.agency.created"
AGENCY_UPDATED = "geo.agency.updated"
REFERENCE_LOADED = "geo.reference.loaded"

CALENDAR_OVERRIDE_SET = "core.calendar.override_set"
CALENDAR_OVERRIDE_REMOVED = "core.calendar.override_removed"

AUDIT_VIEWED = "audit.event.listed"
