"""What went with better days, mounted at /insights/ by the project's urls."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.insights, name="insights"),
]
