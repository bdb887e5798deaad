from django.urls import path

from .views import data, entries, focus, moods, waiting

app_name = "journal"
urlpatterns = [
    path("", entries.entry_list, name="entry_list"),
    path("new/", entries.entry_new, name="entry_new"),
    path("new/draft/", entries.entry_draft, name="entry_draft"),
    path("<int:pk>/", entries.entry_detail, name="entry_detail"),
    path("<int:pk>/edit/", entries.entry_edit, name="entry_edit"),
    path("<int:pk>/delete/", entries.entry_delete, name="entry_delete"),
    path("<int:pk>/star/", entries.entry_star, name="entry_star"),
    path("print/", entries.print_view, name="print"),
    path("photos/<str:token>/<str:size>/", entries.photo, name="photo"),
    path("focus/", focus.focus_list, name="focus_list"),
    path("focus/new/", focus.focus_new, name="focus_new"),
    path("focus/<int:pk>/edit/", focus.focus_edit, name="focus_edit"),
    path("focus/<int:pk>/delete/", focus.focus_delete, name="focus_delete"),
    path("waiting/", waiting.period_list, name="period_list"),
    path("waiting/new/", waiting.period_new, name="period_new"),
    path("waiting/<int:pk>/", waiting.period_detail, name="period_detail"),
    path("waiting/<int:pk>/reset/", waiting.period_reset, name="period_reset"),
    path("waiting/<int:pk>/delete/", waiting.period_delete, name="period_delete"),
    path("waiting/<int:pk>/contact/", waiting.period_contact, name="period_contact"),
    path("mood/", moods.mood_today, name="mood_today"),
    path("mood/tags/", moods.quick_tags, name="quick_tags"),
    path("mood/tags/<int:pk>/edit/", moods.quick_tag_edit, name="quick_tag_edit"),
    path("mood/tags/<int:pk>/delete/", moods.quick_tag_delete, name="quick_tag_delete"),
    path("export/<str:fmt>/", data.export, name="export"),
    path("import/", data.import_view, name="import"),
    path("import/<int:pk>/", data.import_progress, name="import_progress"),
    path("calendar/<str:token>.ics", waiting.calendar_feed, name="calendar_feed"),
]
