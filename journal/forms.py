from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from reconnect.lib import limits
from reconnect.lib.dates import EARLIEST_DAY, check_day, check_past_day, input_bounds

from .models import (
    TRIGGER_UNSAID,
    Answer,
    Change,
    Entry,
    EntryDraft,
    LogisticsContact,
    QuickTag,
    Situation,
    Trigger,
    Urge,
    WaitingPeriod,
    clean_tag,
    file_under_tags,
    local_midnight,
    name_key,
    sorted_names,
)
from .waiting import Suggestion, suggest_waiting_days

if TYPE_CHECKING:
    from .auth import User

MOOD_CHOICES = [
    ("", _("No mood noted")),
    (1, _("1 · very low")),
    (2, _("2 · low")),
    (3, _("3 · okay")),
    (4, _("4 · good")),
    (5, _("5 · very good")),
]
# The faces on the home, 1 to 5: the word under each face.
MOOD_WORDS = {
    1: _("Very low"),
    2: _("Low"),
    3: _("Okay"),
    4: _("Good"),
    5: _("Very good"),
}
PERIOD_PRESETS = (14, 21, 30, 60, 90)


def entry_day_problem(day: dt.date, today: dt.date) -> str:
    """Why a journal day is out of bounds (reconnect.lib.dates), or "" if it is not; for imports."""
    try:
        check_day(day, today)
    except forms.ValidationError as problem:
        return str(problem.messages[0])
    return ""


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


DATE_MESSAGE = _("Write the day as a date, such as 2026-03-14.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files from one input; each is checked and cleaned in EntryForm.clean_photos."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleImageField, self).clean(f, initial) for f in files]


class EntryForm(forms.ModelForm[Entry]):
    mood = forms.TypedChoiceField(
        label=_("Mood"),
        choices=MOOD_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a mood from 1 to 5, or none.")},
    )

    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=limits.TAGS_FIELD_MAX,
        help_text=_("Separated by commas, e.g. run, no contact. #tags in the text count too."),
    )

    photos = MultipleImageField(
        label=_("Photos"),
        required=False,
        help_text=limits.words(
            _(
                "Up to %(photos)s an entry: JPEG, PNG or WebP, %(size)s MB each. Location and "
                "camera details are removed when you save."
            ),
            photos=limits.PHOTOS_PER_ENTRY,
            size=limits.megabytes(limits.PHOTO_MAX_BYTES),
        ),
    )

    class Meta:
        model = Entry
        fields = ("day", "time", "title", "body", "mood", "focus", "starred")
        labels = {
            "body": _("What happened, what you worked on, what you noticed"),
            "time": _("Time (optional)"),
            "starred": _("Star this entry"),
        }
        help_texts = {
            "body": limits.words(
                _("Markdown works: **bold**, lists, links. Up to %(limit)s characters."),
                limit=limits.BODY_MAX,
            ),
        }
        error_messages = {
            "day": {
                "required": _("Choose the day this entry is about."),
                "invalid": DATE_MESSAGE,
            },
            "title": {
                "required": _("Give the entry a title: a few words are enough."),
                "max_length": limits.words(
                    _("A title holds up to %(limit)s characters; this one has %%(show_value)d."),
                    limit=limits.TITLE_MAX,
                ),
            },
            "body": {
                "max_length": limits.words(
                    _(
                        "An entry holds up to %(limit)s characters; this one has "
                        "%%(show_value)d. Nothing is saved yet: shorten it, or split it into "
                        "two entries."
                    ),
                    limit=limits.BODY_MAX,
                ),
            },
            "focus": {"invalid_choice": _("Choose one of your changes, or none.")},
        }
        # No maxlength on the body: a browser would cut a long paste silently. The server
        # says how long it is instead, and static/js/counter.js counts as you type.
        widgets = {
            "day": DateInput(),
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "body": forms.Textarea(
                attrs={
                    "rows": 10,
                    "data-limit": limits.BODY_MAX,
                    # The counter's words, translated here; {n} is the number.
                    "data-left": _("{n} characters left"),
                    "data-thousands": limits.thousands(),
                    "data-over": _("{n} characters too many: shorten it, or split it in two"),
                }
            ),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["day"].initial = user.local_today()
        self.fields["day"].widget.attrs.update(input_bounds(latest=user.local_today()))
        focus = self.fields["focus"]
        assert isinstance(focus, forms.ModelChoiceField)  # noqa: S101 - for mypy: the foreign key
        # Only the user's own changes: a posted id of anyone else's is "not one of the choices".
        focus.queryset = Change.objects.filter(user=user, archived=False)
        focus.empty_label = _("None")
        focus.label = _("Change this is about")
        self.fields["body"].widget.attrs.pop("maxlength", None)
        if self.instance.pk:
            self.fields["tags"].initial = ", ".join(
                sorted_names(t.name for t in self.instance.tags.all())
            )

    def clean_day(self) -> dt.date:
        day: dt.date = self.cleaned_data["day"]
        return check_past_day(day, self.user.local_today())

    def clean_tags(self) -> list[str]:
        names = [clean_tag(n) for n in self.cleaned_data["tags"].split(",")]
        names = [n for n in names if n]
        if len(names) > limits.TAGS_PER_ENTRY:
            raise forms.ValidationError(
                _("Up to %(limit)d tags an entry, please.") % {"limit": limits.TAGS_PER_ENTRY}
            )
        return names

    def clean_photos(self) -> list[tuple[UploadedFile, tuple[int, int]]]:
        from .photos import PhotoProblem, check, too_large

        files = self.cleaned_data.get("photos") or []
        removing = self.data.getlist("remove_photos") if hasattr(self.data, "getlist") else []
        kept = self.instance.photos.exclude(token__in=removing).count() if self.instance.pk else 0
        if kept + len(files) > limits.PHOTOS_PER_ENTRY:
            raise forms.ValidationError(
                _("Up to %(limit)d photos an entry; this would make %(count)d.")
                % {"limit": limits.PHOTOS_PER_ENTRY, "count": kept + len(files)}
            )
        cleaned = []
        for upload in files:
            if upload.size > limits.PHOTO_MAX_BYTES:
                raise forms.ValidationError(too_large(upload.name or ""))
            # Only the header is read here; the worker cleans the photo (journal.photos).
            try:
                cleaned.append((upload, check(upload)))
            except PhotoProblem as problem:
                raise forms.ValidationError(str(problem)) from None
        return cleaned

    def save(self, commit: bool = True) -> Entry:
        from .photos import keep_for_later, prepare_photo

        entry = super().save(commit)
        if commit:
            file_under_tags(entry, self.cleaned_data.get("tags") or [])
            removing = self.data.getlist("remove_photos") if hasattr(self.data, "getlist") else []
            if removing:
                for photo in entry.photos.filter(token__in=removing):
                    photo.delete()  # and its files (post_delete)
            for upload, size in self.cleaned_data.get("photos") or []:
                prepare_photo.enqueue(keep_for_later(entry, upload, size).pk)
        return entry


class ChangeForm(forms.ModelForm[Change]):
    class Meta:
        model = Change
        fields = ("name", "about_breakup", "need_to_fix", "want_to_fix", "for_myself", "notes")
        labels = {"about_breakup": _("This was one of the reasons for the breakup")}
        widgets = {
            "need_to_fix": forms.RadioSelect,
            "want_to_fix": forms.RadioSelect,
            "for_myself": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["archived"] = forms.BooleanField(
                label=_("Archived (no longer working on it)"),
                required=False,
                initial=self.instance.archived,
            )
        for name in ("need_to_fix", "want_to_fix", "for_myself"):
            answer = self.fields[name]
            assert isinstance(answer, forms.ChoiceField)  # noqa: S101 - for mypy: fields with choices
            answer.choices = Answer.choices

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        taken = Change.objects.filter(user=self.user, name_key=name_key(self.user.pk, name))
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("You already have a change with that name."))
        return name

    def save(self, commit: bool = True) -> Change:
        self.instance.user = self.user
        if "archived" in self.fields:
            self.instance.archived = self.cleaned_data["archived"]
        return super().save(commit)


class DaysInput(forms.NumberInput):
    """A number box that offers the usual lengths (a <datalist>) and takes any other."""

    template_name = "journal/widgets/days_input.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["list"] = f"{context['widget']['attrs']['id']}-presets"
        context["presets"] = PERIOD_PRESETS
        return context


DAYS_MESSAGE = limits.words(
    _("Choose a number of days from 1 to %(limit)s."), limit=limits.PERIOD_DAYS_MAX
)


class WaitingPeriodForm(forms.ModelForm[WaitingPeriod]):
    # Set, hidden, once the overlap question has been asked: sending the form again says yes.
    confirm_overlap = forms.BooleanField(required=False, widget=forms.HiddenInput)
    needs_confirmation = False

    class Meta:
        model = WaitingPeriod
        fields = ("label", "start", "days", "purpose")
        labels = {
            "label": _("Name"),
            "days": _("How many days"),
            "purpose": _("Why you are waiting (optional)"),
        }
        help_texts = {
            "start": _("Today or earlier: you can count days you have already kept."),
            "days": limits.words(
                _("Any number of days from 1 to %(limit)s. Common choices: 14, 21, 30, 60 or 90."),
                limit=limits.PERIOD_DAYS_MAX,
            ),
        }
        error_messages = {
            "label": {"required": _("Give it a name, such as “No contact”.")},
            "start": {
                "required": _("Choose the day it started."),
                "invalid": _("Write the day as a date, such as 2026-03-14."),
            },
            "days": {
                "required": DAYS_MESSAGE,
                "invalid": DAYS_MESSAGE,
                "min_value": DAYS_MESSAGE,
                "max_value": DAYS_MESSAGE,
            },
        }
        widgets = {
            "start": DateInput(),
            "days": DaysInput(attrs={"min": 1, "max": limits.PERIOD_DAYS_MAX}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["start"].initial = user.local_today()
        self.fields["start"].widget.attrs.update(input_bounds(latest=user.local_today()))
        self.suggestion = suggested_length(user)
        self.fields["days"].initial = self.suggestion.days
        self.fields["label"].initial = _("No contact")

    def clean_start(self) -> dt.date:
        start: dt.date = self.cleaned_data["start"]
        return check_past_day(start, self.user.local_today())

    def clean_days(self) -> int:
        days: int = self.cleaned_data["days"]
        if not 1 <= days <= limits.PERIOD_DAYS_MAX:
            raise forms.ValidationError(DAYS_MESSAGE)
        return days

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, days = cleaned.get("start"), cleaned.get("days")
        if start is None or days is None or cleaned.get("confirm_overlap"):
            return cleaned
        running = self.overlapping(start, days)
        if running:
            period, ends_at = running
            self.needs_confirmation = True
            # Asked once: the same form sent again is the answer "yes, start another".
            assert isinstance(self.data, QueryDict | dict)  # noqa: S101 - for mypy: a POST, or a test's
            self.data = self.data.copy()
            self.data[self.add_prefix("confirm_overlap")] = "on"
            raise forms.ValidationError(
                _(
                    "You already have “%(label)s” running until %(ends)s. Start another? Two can "
                    "run side by side when they are about different things, such as no contact "
                    "and no social media."
                )
                % {"label": period.label, "ends": date_format(ends_at, "MONTH_DAY_FORMAT")},
                code="overlap",
            )
        return cleaned

    def overlapping(self, start: dt.date, days: int) -> tuple[WaitingPeriod, dt.datetime] | None:
        """A period still running now whose current run overlaps the new one, with its end."""
        now, tz = timezone.now(), self.user.tzinfo
        new_start = local_midnight(start, tz)
        new_end = local_midnight(start + dt.timedelta(days=days), tz)
        for period in WaitingPeriod.objects.filter(user=self.user):
            ends_at = period.ends_at(tz)
            if ends_at > now and period.started_at < new_end and new_start < ends_at:
                return period, ends_at.astimezone(tz)
        return None


def suggested_length(user: User) -> Suggestion:
    """The suggestion for this user, from the answers on the readiness page."""
    situation = Situation.objects.filter(user=user).only("together_months", "broke_up_on").first()
    return suggest_waiting_days(
        situation.together_months if situation else None,
        situation.broke_up_on if situation else None,
        user.local_today(),
    )


LED_TO_CHOICES = [*Trigger.choices, (TRIGGER_UNSAID, _("I'd rather not say"))]


class ResetForm(forms.Form):
    note = forms.CharField(
        label=_("What happened?"),
        max_length=limits.RESET_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A line for yourself: it helps to see patterns later."),
        # Said kindly: the history keeps a note with each reset, and a few words will do.
        error_messages={
            "required": _("A few words are enough, even just “it happened”. Then reset.")
        },
    )
    # Optional, with the urges' choices, so that resets join the patterns page.
    triggers = forms.MultipleChoiceField(
        label=_("What led to it? (optional)"),
        choices=LED_TO_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Pick from the list; “Something else” is fine.")},
    )

    def clean_triggers(self) -> str:
        """The answer packed as an urge's triggers are (",alcohol,date,"), or ""."""
        keys = list(dict.fromkeys(self.cleaned_data["triggers"]))
        if TRIGGER_UNSAID in keys and len(keys) > 1:
            raise forms.ValidationError(
                _("Choose what led to it, or “I'd rather not say”: not both.")
            )
        return Urge.pack_triggers(keys)


class ImportForm(forms.Form):
    problem = ""  # set when the upload is refused before it is read

    file = forms.FileField(
        label=_("Export file"),
        allow_empty_file=True,  # the importer says "The file is empty" in its own words
        help_text=limits.words(
            _(
                "This app's archive (zip, with photos), JSON, Markdown (zip) or CSV export, "
                "jrnl's JSON export (jrnl --export json), or Day One's JSON export "
                "(Journal.json, or the zip it comes in, with every journal in it). Up to "
                "%(size)s MB (%(text_size)s MB of text) and %(entries)s entries a file."
            ),
            size=limits.megabytes(limits.IMPORT_MAX_BYTES),
            text_size=limits.megabytes(limits.IMPORT_TEXT_MAX_BYTES),
            entries=limits.IMPORT_MAX_ENTRIES,
        ),
    )
    with_settings = forms.BooleanField(
        label=_("Also take this archive's settings"),
        required=False,
        help_text=_(
            "Your time zone, language, discreet mode, your name and number for your friend, "
            "and your friend, as the archive has them, in place of this account's."
        ),
    )


# Finding things: the journal list's filter


class ChangeChoiceField(forms.ModelChoiceField[Change]):
    """One of the user's changes, picked from `changes` (loaded for the page) without a query."""

    changes: list[Change] = []

    def to_python(self, value: Any) -> Change | None:
        return _pick(self.changes, value, self)


# What JournalFilterForm.values() holds: only the filters given, each valid. ("from" is a
# Python keyword, hence this way of writing the type.)
JournalFilters = TypedDict(
    "JournalFilters",
    {
        "q": str,
        "from": dt.date,
        "to": dt.date,
        "tag": str,
        "focus": Change,
        "mood": int,
        "starred": bool,
        "month": tuple[dt.date, dt.date],
        "page": int,
    },
    total=False,
)

NOT_YOUR_CHANGE = _("That change isn't one of yours, so the list is not filtered by it.")
BAD_MONTH = _("Months look like 2026-03; the list is not filtered by month.")


class JournalFilterForm(forms.Form):
    """The journal list's query string. A bad value is reported and that filter is left off."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=64)
    focus = ChangeChoiceField(
        label=_("Change"),
        queryset=Change.objects.none(),
        required=False,
        empty_label=_("All"),
        error_messages={"invalid_choice": NOT_YOUR_CHANGE},
    )
    starred = forms.BooleanField(label=_("Starred only"), required=False)
    mood = forms.TypedChoiceField(
        label=_("Mood"),
        choices=[("", _("Any mood")), *MOOD_CHOICES[1:]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    month = forms.RegexField(
        label=_("Month"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        error_messages={"invalid": BAD_MONTH},
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)

    def __init__(
        self, data: Mapping[str, Any] | None, *, user: User, changes: list[Change]
    ) -> None:
        super().__init__(data)
        self.user = user
        focus = self.fields["focus"]
        assert isinstance(focus, ChangeChoiceField)  # noqa: S101 - for mypy: declared above
        focus.queryset = Change.objects.filter(user=user)
        # The changes are already loaded for the page: pick from them without another query.
        focus.changes = changes
        # "from" is a Python keyword, so these two are added by name.
        self.fields["from"] = forms.DateField(label=_("From"), required=False, widget=DateInput())
        self.fields["to"] = forms.DateField(label=_("To"), required=False, widget=DateInput())
        self.order_fields(["q", "from", "to", "tag", "focus", "mood", "starred"])

    def clean_month(self) -> tuple[dt.date, dt.date] | None:
        month: str = self.cleaned_data["month"]
        if not month:
            return None
        year, number = int(month[:4]), int(month[5:])
        if year < EARLIEST_DAY.year:
            raise forms.ValidationError(_("Pick a month from 1900 on."))
        first = dt.date(year, number, 1)
        following = dt.date(year + (number == 12), number % 12 + 1, 1) if year < 9999 else None
        return first, (following - dt.timedelta(days=1)) if following else dt.date.max

    def values(self) -> JournalFilters:
        """The filters that were given and valid."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        # Django types cleaned data as dict[str, Any]; its keys and values are this form's.
        return cast(
            JournalFilters,
            {key: value for key, value in data.items() if value not in (None, "", False)},
        )


def _pick(
    changes: list[Change], value: object, field: forms.ModelChoiceField[Change]
) -> Change | None:
    if value in field.empty_values:
        return None
    change = next((a for a in changes if str(a.pk) == str(value)), None)
    if change is None:
        raise forms.ValidationError(field.error_messages["invalid_choice"], code="invalid_choice")
    return change


class LogisticsContactForm(forms.ModelForm[LogisticsContact]):
    class Meta:
        model = LogisticsContact
        fields = ("day", "note")
        labels = {"note": _("What it was about")}
        help_texts = {"note": _("Children, a shared lease, returning belongings.")}
        widgets = {"day": DateInput()}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["day"].initial = user.local_today()

    def clean_day(self) -> dt.date:
        day: dt.date = self.cleaned_data["day"]
        return check_past_day(day, self.user.local_today())


class EntryDraftForm(forms.ModelForm[EntryDraft]):
    """The words of a new entry kept as the page is left; only what the person wrote."""

    class Meta:
        model = EntryDraft
        fields = ("title", "body")


# A mood in one tap


class QuickTagChoice(forms.ModelMultipleChoiceField[QuickTag]):
    """The person's own quick tags by id; another person's id reads as one that does not
    exist. With nothing given it asks the database nothing."""

    def __init__(self, user: User) -> None:
        missing = _("That quick tag is not there any more. Nothing was changed.")
        super().__init__(
            queryset=QuickTag.objects.filter(user=user),
            required=False,
            error_messages={"invalid_choice": missing, "invalid_pk_value": missing},
        )

    def clean(self, value: Any) -> Any:
        # Only what a row's id can be is looked up: a number too large for the database
        # would fail there, not here.
        for pk in value or ():
            if not (isinstance(pk, str) and pk.isascii() and pk.isdigit() and len(pk) <= 18):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value"
                )
        return super().clean(value)


class MoodTodayForm(forms.Form):
    """One tap on the home: a face (`mood`), the chosen face again (`clear`), a quick tag
    put on the day (`quick_tag`) or taken off it (`quick_tag_off`)."""

    mood = forms.TypedChoiceField(
        choices=[(n, n) for n in MOOD_WORDS],
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a face from 1 to 5. Nothing was changed.")},
    )
    clear = forms.BooleanField(required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quick_tag"] = QuickTagChoice(user)
        self.fields["quick_tag_off"] = QuickTagChoice(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        on = set(data.get("quick_tag") or ())
        off = set(data.get("quick_tag_off") or ())
        if data.get("mood") is not None and data.get("clear"):
            raise forms.ValidationError(_("Choose a face, or clear it: not both."))
        if on & off:
            raise forms.ValidationError(_("A quick tag can't go on and off at once."))
        if data.get("mood") is None and not data.get("clear") and not on | off:
            raise forms.ValidationError(_("Choose a face from 1 to 5. Nothing was changed."))
        return data

    def problem(self) -> str:
        """The first thing wrong, in words."""
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class QuickTagForm(forms.ModelForm[QuickTag]):
    class Meta:
        model = QuickTag
        fields = ("name",)
        labels = {"name": _("A quick tag")}
        help_texts = {
            "name": limits.words(
                _(
                    "A few words of your own, like “slept badly” or “saw friends”. "
                    "Up to %(limit)s characters."
                ),
                limit=limits.QUICK_TAG_MAX,
            )
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_name(self) -> str:
        name = " ".join(str(self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError(_("Write a few words for it."))
        taken = QuickTag.objects.filter(user=self.user, name_key=name_key(self.user.pk, name))
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        elif QuickTag.objects.filter(user=self.user).count() >= limits.QUICK_TAGS_MAX:
            raise forms.ValidationError(
                limits.words(
                    _("You have %(limit)s quick tags, the most there can be: remove one first."),
                    limit=limits.QUICK_TAGS_MAX,
                )
            )
        if taken.exists():
            raise forms.ValidationError(_("You already have that quick tag."))
        return name

    def save(self, commit: bool = True) -> QuickTag:
        self.instance.user = self.user
        return super().save(commit)
