"""People, organisations and their roles. Users log in with their e-mail address."""

import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from lotse.core.scoping import ScopedModel, Visibility


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    full_name = models.CharField(_("Name"), max_length=150, blank=True)
    preferred_language = models.CharField(_("Sprache"), max_length=5, default="de")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Part of what every session of this user carries (with the password hash): renewing it ends them all.
    session_secret = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("Benutzer")
        verbose_name_plural = _("Benutzer")

    def __str__(self):
        return self.full_name or self.email

    def _get_session_auth_hash(self, secret=None):
        # Django keeps a hash of the password in each session and ends sessions whose hash no longer matches; the
        # session secret joins it so that "log out everywhere" works without changing the password.
        key_salt = "lotse.accounts.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_secret}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def rotate_session_secret(self) -> None:
        self.session_secret = secrets.token_hex(32)
        self.save(update_fields=["session_secret"])


class Organisation(ScopedModel):
    class Kind(models.TextChoices):
        FAI = "fai", _("FAI NRW")
        REGIONALAGENTUR = "regionalagentur", _("Regionalagentur")
        UNTERNEHMEN = "unternehmen", _("Unternehmen")
        MINISTERIUM = "ministerium", _("Ministerium")
        KAMMER = "kammer", _("Kammer")

    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    # Regionalagentur: the region it serves. Unternehmen: the region of its Gemeinde (routing and scoping).
    region = models.ForeignKey(
        "reference.Arbeitsmarktregion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    gemeinde = models.ForeignKey(
        "reference.Gemeinde", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=120, blank=True)
    website = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        constraints = [
            models.UniqueConstraint(
                fields=["region"],
                condition=models.Q(kind="regionalagentur"),
                name="one_regionalagentur_per_region",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="regionalagentur") | models.Q(region__isnull=False),
                name="regionalagentur_has_region",
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        # Partner organisations are a public directory; an employer is business data of its region.
        public = ~models.Q(kind=cls.Kind.UNTERNEHMEN)
        if visibility.all_regions:
            return models.Q()
        return (
            public
            | models.Q(kind=cls.Kind.UNTERNEHMEN, region__in=visibility.region_ids)
            | models.Q(pk__in=visibility.organisation_ids)
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administration")
        ADVISER = "adviser", _("Beratung")
        EVENT_MANAGER = "event_manager", _("Veranstaltungen")
        MEMBER = "member", _("Mitglied")
        ANALYST = "analyst", _("Auswertung")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership_role")
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
