"""URLs of the site's navigation, reversed once per process."""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

register = template.Library()


@register.simple_tag
def site_url(name: str) -> str:
    """{% site_url 'home' %}: like {% url %} for a URL without arguments, but remembered. The navigation on every
    page has a dozen of them, and reverse() costs about 20 µs a call."""
    return _reverse(name, get_script_prefix())


@lru_cache(maxsize=128)
def _reverse(name: str, script_prefix: str) -> str:
    return reverse(name)


@receiver(setting_changed)
def _forget_urls(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
