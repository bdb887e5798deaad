from django.urls import path

from . import views

app_name = "journal"
urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("new/", views.entry_new, name="entry_new"),
    path("<int:pk>/", views.entry_detail, name="entry_detail"),
    path("<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("<int:pk>/star/", views.entry_star, name="entry_star"),
    path("print/", views.print_view, name="print"),
    path("photos/<str:token>/<str:size>/", views.photo, name="photo"),
    path("focus/", views.focus_list, name="focus_list"),
    path("focus/new/", views.focus_new, name="focus_new"),
    path("focus/<int:pk>/edit/", views.focus_edit, name="focus_edit"),
    path("focus/<int:pk>/delete/", views.focus_delete, name="focus_delete"),
    path("waiting/", views.period_list, name="period_list"),
    path("waiting/new/", views.period_new, name="period_new"),
    path("waiting/<int:pk>/", views.period_detail, name="period_detail"),
    path("waiting/<int:pk>/reset/", views.period_reset, name="period_reset"),
    path("waiting/<int:pk>/delete/", views.period_delete, name="period_delete"),
    path("waiting/<int:pk>/contact/", views.period_contact, name="period_contact"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("import/", views.import_view, name="import"),
    path("import/<int:pk>/", views.import_progress, name="import_progress"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
