from __future__ import annotations

from django.contrib import admin

from .models import (
    Change,
    Entry,
    LogisticsContact,
    ReadinessSnapshot,
    ReasonToWait,
    Reset,
    Situation,
    Urge,
    WaitingPeriod,
)


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin[Entry]):
    list_display = ("title", "user", "day", "mood")
    list_filter = ("day",)
    raw_id_fields = ("user", "focus")


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin[Change]):
    list_display = ("name", "user", "about_breakup", "archived")
    raw_id_fields = ("user",)


class ResetInline(admin.TabularInline[Reset, WaitingPeriod]):
    model = Reset
    extra = 0


@admin.register(WaitingPeriod)
class WaitingPeriodAdmin(admin.ModelAdmin[WaitingPeriod]):
    list_display = ("label", "user", "start", "days")
    raw_id_fields = ("user",)
    inlines = [ResetInline]


@admin.register(Situation)
class SituationAdmin(admin.ModelAdmin[Situation]):
    list_display = ("user", "whose_side", "updated")
    raw_id_fields = ("user",)


@admin.register(ReadinessSnapshot)
class ReadinessSnapshotAdmin(admin.ModelAdmin[ReadinessSnapshot]):
    list_display = ("user", "at", "state", "met", "total")
    raw_id_fields = ("user",)


# The hard moment


@admin.register(Urge)
class UrgeAdmin(admin.ModelAdmin[Urge]):
    list_display = ("user", "created", "intensity", "outcome", "draft")
    list_filter = ("outcome", "draft")
    raw_id_fields = ("user",)


@admin.register(ReasonToWait)
class ReasonToWaitAdmin(admin.ModelAdmin[ReasonToWait]):
    list_display = ("text", "user", "order")
    raw_id_fields = ("user",)


@admin.register(LogisticsContact)
class LogisticsContactAdmin(admin.ModelAdmin[LogisticsContact]):
    list_display = ("period", "day", "note")
    raw_id_fields = ("period",)
