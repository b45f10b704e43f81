"""Exceptions of the rules engine. Plain Python: no Django anywhere in lotse.rules."""

from __future__ import annotations

from datetime import date


class RulesError(Exception):
    """Base class of every error the engine raises on purpose."""


class ParameterNotInForce(RulesError, LookupError):
    """No value of a dated parameter covers the requested date: we never fall back to a default."""

    def __init__(self, name: str, as_of: date, coverage: tuple[date, date | None] | None = None):
        self.name = name
        self.as_of = as_of
        self.coverage = coverage
        message = f"parameter {name!r} has no value in force on {as_of.isoformat()}"
        if coverage is not None:
            end = coverage[1].isoformat() if coverage[1] else "open end"
            message += f" (the rules cover {coverage[0].isoformat()} to {end})"
        super().__init__(message)

    def messages(self, lang: str = "de") -> list[str]:
        if lang == "en":
            return [str(self)]
        message = f"Für den Parameter „{self.name}“ ist am {self.as_of:%d.%m.%Y} kein Wert hinterlegt."
        if self.coverage is not None:
            end = f"{self.coverage[1]:%d.%m.%Y}" if self.coverage[1] else "offen"
            message += f" Die Regeln gelten vom {self.coverage[0]:%d.%m.%Y} bis {end}."
        return [message]


class InputError(RulesError, ValueError):
    """Invalid input. `.errors` is a list of (field_path, English message) as in the contract."""

    def __init__(self, details: list[tuple[str, str, dict]]):
        # details: (field_path, message code, parameters); messages are rendered per language on demand.
        from lotse.rules.messages import render

        self.details = details
        self.errors: list[tuple[str, str]] = [
            (path, render(code, params, "en")) for path, code, params in details
        ]
        super().__init__("; ".join(f"{path}: {message}" for path, message in self.errors))

    def messages(self, lang: str = "de") -> list[tuple[str, str]]:
        """(field_path, message) pairs in the requested language ("de" or "en")."""
        from lotse.rules.messages import render

        return [(path, render(code, params, lang)) for path, code, params in self.details]

    def as_list(self, lang: str = "en") -> list[dict[str, str]]:
        return [{"field": path, "message": message} for path, message in self.messages(lang)]
