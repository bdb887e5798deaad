"""Every route of the app, by name, in the class that says who may open it.

tests/security/test_access.py enforces each class (and fails for a route left out of
them); the `url_for` fixture builds any route's URL from these tables.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

# Route -> the URL's keyword arguments.
PUBLIC: dict[str, dict[str, str]] = {
    "welcome": {},
    "healthz": {},
    "healthz_worker": {},
    "signup": {},
    "login": {},
    "two_factor_login": {},  # the code step; without a password step first it sends to login
    "logout": {},  # POST only; harmless for a visitor
    "set_language": {},  # POST only: the footer's language switcher
    "password_reset": {},
    "password_reset_done": {},
    "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
    "password_reset_complete": {},
    "advice:index": {},
    "advice:tip": {"slug": "wait"},
    "journal:calendar_feed": {"token": "calendar_token"},  # the secret is the key
    "manifest": {},
}
SIGNED_IN: dict[str, dict[str, str]] = {
    "dashboard": {},
    "start": {},
    "readiness": {},
    "profile": {},
    "delete_account": {},
    "regenerate_calendar": {},
    "two_factor": {},
    "password_change": {},
    "password_change_done": {},
    "journal:entry_list": {},
    "journal:entry_new": {},
    "journal:focus_list": {},
    "journal:focus_new": {},
    "journal:period_list": {},
    "journal:period_new": {},
    "journal:export": {"fmt": "json"},
    "journal:import": {},
    "journal:print": {},
    "urges:patterns": {},
    "urges:new": {},
    "urges:drafts": {},
    "urges:reasons": {},
    "insights": {},
    "journal:mood_today": {},  # POST only: today's mood in one tap
    "journal:quick_tags": {},
    "still_here": {},  # POST only: the page saying someone is active
    "journal:entry_draft": {},  # POST only: a new entry kept as the page is left
    "urges:new_draft": {},  # POST only: an urge kept as the page is left
    "lock": {},
    "unlock": {},  # a journal that is not locked, or open here, says so
    "sign_out_everywhere": {},  # POST only
    "urges:helps": {},
    "urges:help_built_in": {},  # POST only: hide or show a built-in "what helped" choice
}
OWNER: dict[str, str] = {  # route -> the fixture whose pk goes in the URL
    "journal:entry_detail": "entry",
    "journal:entry_edit": "entry",
    "journal:entry_delete": "entry",
    "journal:focus_edit": "change",
    "journal:focus_delete": "change",
    "journal:period_detail": "period",
    "journal:period_reset": "period",
    "journal:period_delete": "period",
    "journal:entry_star": "entry",
    "journal:photo": "photo",  # by its random token, not a pk
    "journal:import_progress": "import_job",
    "journal:period_contact": "period",
    "urges:pause": "urge",
    "urges:outcome": "urge",
    "urges:reset": "urge",
    "urges:ask_friend": "urge",
    "urges:draft_decide": "urge",
    "urges:draft_delete": "urge",
    "urges:reason_edit": "reason",
    "urges:reason_delete": "reason",
    "urges:reason_move": "reason",
    "urges:helped": "urge",
    "urges:help_edit": "own_help",
    "urges:help_delete": "own_help",
    "journal:quick_tag_edit": "quick_tag",
    "journal:quick_tag_delete": "quick_tag",
}
POST_ONLY = {
    "logout", "set_language", "regenerate_calendar", "journal:period_reset", "journal:entry_star",
    "urges:outcome", "urges:reset", "urges:ask_friend", "urges:draft_decide", "urges:draft_delete",
    "urges:reason_delete", "urges:reason_move", "still_here", "journal:entry_draft",
    "urges:new_draft", "sign_out_everywhere", "urges:helped", "urges:help_delete",
    "urges:help_built_in", "journal:mood_today",
}  # fmt: skip
# Views that change something on POST (and must refuse a POST without a CSRF token).
STATE_CHANGING = {
    "signup", "login", "logout", "set_language", "password_reset", "password_change", "profile",
    "delete_account", "regenerate_calendar", "readiness", "journal:entry_new", "lock", "unlock",
    "sign_out_everywhere",
    "journal:import", "journal:focus_new", "journal:period_new", "urges:new", "urges:reasons",
    "two_factor", "two_factor_login", "still_here", "journal:entry_draft", "urges:new_draft",
    "urges:helps", "urges:help_built_in", "journal:mood_today", "journal:quick_tags", *OWNER,
} - {"journal:entry_detail", "journal:period_detail", "journal:photo", "urges:pause",
     "journal:import_progress"}  # fmt: skip


def route_names(
    patterns: list[URLPattern | URLResolver] | None = None, namespace: str = ""
) -> set[str]:
    """Every named route (with its namespace), admin's left out."""
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # staff only, Django's own permission checks
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names
