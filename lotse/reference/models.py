"""NRW reference data: administrative units, labour-market regions, postcodes and the authority directory.

Public facts, not personal data, so these models are not region-scoped.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Regierungsbezirk(models.Model):
    code = models.CharField(max_length=3, unique=True)  # "051" … "059": Land + RB digit of the AGS
    name = models.CharField(max_length=100)
    seat = models.CharField(max_length=100, blank=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Regierungsbezirk")
        verbose_name_plural = _("Regierungsbezirke")

    def __str__(self):
        return self.name


class Arbeitsmarktregion(models.Model):
    """One of the 16 NRW labour-market regions, each served by one Regionalagentur."""

    class TraegerStatus(models.TextChoices):
        VERIFIED = "verified", _("belegt")
        VERIFIED_OLD = "verified_old", _("belegt, Quelle älter")
        INFERRED = "inferred", _("abgeleitet, nicht bestätigt")
        UNKNOWN = "unknown", _("unbekannt")

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    agency_name = models.CharField(_("Regionalagentur"), max_length=200)
    traeger = models.CharField(_("Träger"), max_length=300, blank=True)
    traeger_status = models.CharField(
        max_length=20, choices=TraegerStatus.choices, default=TraegerStatus.UNKNOWN
    )
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=60, blank=True)
    address = models.CharField(_("Anschrift"), max_length=300, blank=True)
    contact_verified = models.BooleanField(_("Kontaktdaten bestätigt"), default=False)
    contact_source = models.URLField(_("Quelle der Kontaktdaten"), max_length=500, blank=True)
    sources = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Arbeitsmarktregion")
        verbose_name_plural = _("Arbeitsmarktregionen")

    def __str__(self):
        return self.name

    @property
    def traeger_verified(self) -> bool:
        return self.traeger_status in {self.TraegerStatus.VERIFIED, self.TraegerStatus.VERIFIED_OLD}


class Kreis(models.Model):
    class Kind(models.TextChoices):
        KREISFREIE_STADT = "kreisfreie_stadt", _("kreisfreie Stadt")
        KREIS = "kreis", _("Kreis")

    ags = models.CharField(max_length=5, unique=True)
    name = models.CharField(max_length=100)
    short_name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    regierungsbezirk = models.ForeignKey(Regierungsbezirk, on_delete=models.PROTECT, related_name="kreise")
    # The region of most of the Kreis; a Gemeinde may deviate (Ennepe-Ruhr-Kreis is split).
    arbeitsmarktregion = models.ForeignKey(
        Arbeitsmarktregion, on_delete=models.PROTECT, related_name="kreise"
    )

    class Meta:
        ordering = ["ags"]
        verbose_name = _("Kreis oder kreisfreie Stadt")
        verbose_name_plural = _("Kreise und kreisfreie Städte")

    def __str__(self):
        return self.short_name


class Gemeinde(models.Model):
    class Kind(models.TextChoices):
        KREISFREIE_STADT = "kreisfreie_stadt", _("kreisfreie Stadt")
        STADT = "stadt", _("kreisangehörige Stadt")
        GEMEINDE = "gemeinde", _("Gemeinde")

    ags = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    kreis = models.ForeignKey(Kreis, on_delete=models.PROTECT, related_name="gemeinden")
    arbeitsmarktregion = models.ForeignKey(
        Arbeitsmarktregion, on_delete=models.PROTECT, related_name="gemeinden"
    )
    population = models.PositiveIntegerField(null=True, blank=True)
    seat_postcode = models.CharField(max_length=5, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Gemeinde")
        verbose_name_plural = _("Gemeinden")
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        # Destatis writes "Düsseldorf, Stadt"; people write "Düsseldorf".
        return self.name.split(",")[0].strip()


class Postleitzahl(models.Model):
    """One (PLZ, Gemeinde) pair. A PLZ may span several Gemeinden and even Kreise."""

    code = models.CharField(max_length=5, db_index=True)
    gemeinde = models.ForeignKey(Gemeinde, on_delete=models.CASCADE, related_name="postleitzahlen")
    place_name = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["code", "gemeinde"], name="unique_plz_gemeinde")]
        verbose_name = _("Postleitzahl")
        verbose_name_plural = _("Postleitzahlen")

    def __str__(self):
        return f"{self.code} {self.gemeinde.display_name}"


class Authority(models.Model):
    """An entry of the authority directory, with its source and whether that source confirmed it."""

    class Kind(models.TextChoices):
        ZFE = "zfe", _("Zentrale Ausländerbehörde für Fachkräfteeinwanderung")
        AUSLAENDERBEHOERDE = "auslaenderbehoerde", _("Ausländerbehörde")
        RECOGNITION = "recognition", _("Anerkennungsstelle")
        BEZIRKSREGIERUNG = "bezirksregierung", _("Bezirksregierung")
        CHAMBER = "chamber", _("Kammer")
        FEDERAL = "federal", _("Bundesbehörde")
        AGENTUR_FUER_ARBEIT = "agentur_fuer_arbeit", _("Agentur für Arbeit")
        OTHER = "other", _("Sonstige")

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=250)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    remit = models.TextField(_("Zuständigkeit"), blank=True)
    remit_en = models.TextField(_("Zuständigkeit (Englisch)"), blank=True)
    address = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=500, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=60, blank=True)
    verified = models.BooleanField(default=False)
    source = models.TextField(blank=True)
    note = models.TextField(blank=True)
    # Local offices: the area they serve. A Gemeinde entry overrides its Kreis (Große kreisangehörige Städte).
    kreise = models.ManyToManyField(Kreis, blank=True, related_name="authorities")
    # Kept as a key, not a foreign key, so the directory loads before (or without) the Gemeinde import.
    gemeinde_ags = models.CharField(max_length=8, blank=True, db_index=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("Behörde")
        verbose_name_plural = _("Behörden")

    def __str__(self):
        return self.name

    @property
    def remit_display(self) -> str:
        """The remit in the reader's language: the English text where the directory gives one, else the German."""
        return self.remit_en if self.remit_en and get_language() == "en" else self.remit
