"""The site's addresses: the home, then each room's and app's own."""

from django.contrib import admin
from django.urls import include, path

from .home import views as home
from .ops import views as ops

urlpatterns = [
    path("", home.welcome, name="welcome"),
    path("dashboard/", home.dashboard, name="dashboard"),
    path("start/", home.start, name="start"),
    path("manifest.webmanifest", home.manifest, name="manifest"),
    path("healthz", ops.healthz, name="healthz"),
    path("healthz/worker", ops.worker, name="healthz_worker"),
    path("readiness/", include("journal.readiness.urls")),
    path("", include("reconnect.accounts.urls")),
    path("advice/", include("advice.urls")),
    path("journal/", include("journal.urls")),
    path("urges/", include("journal.urges.urls")),
    path("insights/", include("journal.insights.urls")),
    path("admin/", admin.site.urls),
]
