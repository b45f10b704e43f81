"""The editable content of one kind of communication as one typed value: the form builds it, the services write it.

Each kind (NewsContent, EntryContent, OfferContent, TemplateContent) is a frozen dataclass whose fields are named
after the model's fields. That list of fields is the allow-list of what a form can change, so what is not content
(owner, author, status of the workflow) never reaches the model through it; a service takes it as one typed keyword
argument, `content=`, next to those other arguments.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Self, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


class Content:
    """Base of the content dataclasses; it reads and writes exactly their fields, nothing else."""

    @classmethod
    def from_instance(cls, instance: models.Model) -> Self:
        """The content as `instance` holds it; a many-to-many field as a tuple of its objects."""
        values = {}
        for field in fields(cls):
            value = getattr(instance, field.name)
            values[field.name] = tuple(value.all()) if isinstance(value, models.Manager) else value
        return cls(**values)

    def values(self) -> dict[str, Any]:
        """Field name → value, shallow (related objects stay objects, unlike with dataclasses.asdict, which would
        deep-copy them): the initial data of the edit form and the values the audit log keeps."""
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def create(self, instance: M) -> M:
        """Insert the new, unsaved `instance` (which carries what is not content) with this content."""
        self._write(instance, many=False)
        instance.save(force_insert=True)
        self._write(instance, many=True)
        return instance

    def update(self, instance: M) -> M:
        """Save this content onto `instance`; the service has locked it and set what else changes."""
        self._write(instance, many=False)
        instance.save()
        self._write(instance, many=True)
        return instance

    def _write(self, instance: models.Model, *, many: bool) -> None:
        # Many-to-many fields need a saved row: they are written after the save.
        for field in fields(self):
            if bool(instance._meta.get_field(field.name).many_to_many) != many:  # None on a plain column
                continue
            value = getattr(self, field.name)
            if many:
                getattr(instance, field.name).set(value)
            else:
                setattr(instance, field.name, value)
