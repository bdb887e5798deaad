from django.urls import path

from . import views

app_name = "advice"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.tip, name="tip"),
]
