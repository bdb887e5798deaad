"""Model fields whose values are sealed for their owner (reconnect.lib.sealing).

A sealed field holds plain Python values in memory (forms, validators, templates, exports
see text) and sealed text in the database: `pre_save` seals with the owner's keys and
`from_db_value` opens. The owner is `instance.sealing_owner_id()` (SealedModel). A value
that will not open is logged by its owner and record, never its content, and read as
`UnopenedText`: the page says so instead of failing.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.lookups import Exact
from django.utils.functional import Promise
from django.utils.translation import gettext

from . import sealing

logger = logging.getLogger(__name__)


class UnopenedText(str):
    """What a sealed value that did not open reads as."""

    __slots__ = ()


class SealedMixin:
    """For a text field: the column is text, whatever the field's `max_length` (which
    still bounds what the person writes)."""

    name: str
    model: type[models.Model]
    attname: str

    def __init__(self, *args: Any, unopened: str | Promise | None = None, **kwargs: Any) -> None:
        self.unopened = unopened
        super().__init__(*args, **kwargs)

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(
        self, value: str | None, expression: object, connection: BaseDatabaseWrapper
    ) -> Any:
        if not value:
            return self.from_text(value) if value is not None else None
        try:
            return self.from_text(sealing.open_text(value))
        except sealing.Unopened:
            logger.warning(
                "A sealed %s.%s of account %s did not open.",
                self.model._meta.label,
                self.name,
                sealing.owner(value),
            )
            return UnopenedText(str(self.unopened or gettext("This could not be opened.")))

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if value is None or value == "":
            return value
        if isinstance(value, UnopenedText):  # never store the notice over what is there
            raise sealing.Unopened(
                f"{model_instance._meta.label} {model_instance.pk}: {self.name} did not open."
            )
        owner = model_instance.sealing_owner_id()  # type: ignore[attr-defined]
        return sealing.seal(owner, self.to_text(value))

    def get_db_prep_save(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None or value == "":
            return value
        if not (isinstance(value, str) and sealing.is_sealed(value)):
            raise ValueError(
                f"{self.model._meta.label}.{self.name} is sealed: write it with save(), "
                "which seals it, not with update() or bulk_update()."
            )
        return value

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return EmptyOnly
        if lookup_name in ("isnull", "startswith"):  # startswith: finding what is not sealed
            return super().get_lookup(lookup_name)  # type: ignore[misc]
        raise FieldError(
            f"{self.model._meta.label}.{self.name} is sealed: the database cannot compare it "
            f"({lookup_name}). Compare in Python, or with a keyed hash (sealing.blind_key)."
        )

    def from_text(self, text: str) -> Any:
        return text

    def to_text(self, value: Any) -> str:
        return str(value)


class EmptyOnly(Exact[Any]):
    """`field=""` (is it blank?) is the one comparison a sealed value allows."""

    def get_prep_lookup(self) -> Any:
        if self.rhs != "":
            raise FieldError(
                f"{self.lhs.target.model._meta.label}.{self.lhs.target.name} is sealed: it can "
                "only be compared with the empty text in the database."
            )
        return super().get_prep_lookup()


class SealedCharField(SealedMixin, models.CharField):  # type: ignore[type-arg]
    pass


class SealedTextField(SealedMixin, models.TextField):  # type: ignore[type-arg]
    pass


class SealedEmailField(SealedMixin, models.EmailField):  # type: ignore[type-arg]
    pass


class SealedBooleanField(SealedMixin, models.BooleanField):  # type: ignore[type-arg]
    """A yes or no that says something private (a safety concern): sealed even when no,
    so that the two look alike."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = bool(getattr(model_instance, self.attname))
        return sealing.seal(model_instance.sealing_owner_id(), "1" if value else "0")  # type: ignore[attr-defined]

    def get_prep_value(self, value: Any) -> Any:
        return value if isinstance(value, str) else super().get_prep_value(value)

    def from_text(self, text: str | None) -> bool:
        return (text or "").lower() in ("1", "true", "t")  # a legacy plain value too


class SealedModel(models.Model):
    """A model with sealed fields, whose owner is its `user`."""

    class Meta:
        abstract = True

    def sealing_owner_id(self) -> int:
        owner: int = self.user_id  # type: ignore[attr-defined]
        return owner

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Any:
        instance = super().from_db(db, field_names, values)
        for name, value in zip(field_names, values, strict=False):
            if isinstance(value, UnopenedText):
                logger.warning("%s %s: %s did not open.", cls._meta.label, instance.pk, name)
        return instance
