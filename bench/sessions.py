"""A logged-in staff session for the benchmarks: the log-in and its second step (ADR 0142), as after the form.

Without the second step every staff page answers with a redirect to the second-factor page, and a benchmark would
measure that redirect (or stop at its first check)."""

from __future__ import annotations


def staff_client(user):
    """A Django test client logged in as `user` with a verified second factor (a confirmed authenticator device is
    created if the user has none). Its session cookie is a real session in the database that a server process reads."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
