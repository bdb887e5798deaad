"""The hard moment, mounted at /urges/ by the project's urls."""

from django.urls import path

from . import views

app_name = "urges"
urlpatterns = [
    path("", views.urge_patterns, name="patterns"),
    path("new/", views.urge_new, name="new"),
    path("new/draft/", views.urge_draft, name="new_draft"),
    path("<int:pk>/", views.urge_pause, name="pause"),
    path("<int:pk>/outcome/", views.urge_outcome, name="outcome"),
    path("<int:pk>/reset/", views.urge_reset, name="reset"),
    path("<int:pk>/ask-friend/", views.urge_ask_friend, name="ask_friend"),
    path("<int:pk>/helped/", views.urge_helped, name="helped"),
    path("helps/", views.help_list, name="helps"),
    path("helps/built-in/", views.help_built_in, name="help_built_in"),
    path("helps/<int:pk>/edit/", views.help_edit, name="help_edit"),
    path("helps/<int:pk>/delete/", views.help_delete, name="help_delete"),
    path("drafts/", views.urge_drafts, name="drafts"),
    path("drafts/<int:pk>/", views.urge_draft_decide, name="draft_decide"),
    path("drafts/<int:pk>/delete/", views.urge_draft_delete, name="draft_delete"),
    path("reasons/", views.reason_list, name="reasons"),
    path("reasons/<int:pk>/edit/", views.reason_edit, name="reason_edit"),
    path("reasons/<int:pk>/delete/", views.reason_delete, name="reason_delete"),
    path("reasons/<int:pk>/move/", views.reason_move, name="reason_move"),
]
