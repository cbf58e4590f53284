from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from listings.visas.profile import Degree, Profile, Status

MAX_EXPERIENCE_YEARS = 60


class EmailUserManager(UserManager):
    """Users are identified by email alone; there is no username to ask for."""

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    def __str__(self) -> str:
        return self.email


class VisaProfile(models.Model):
    """What a member tells us about their visa situation; only they ever see it. The choices and
    the rules that read it are listings.visas.routes'."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="visa_profile")
    citizenships = ArrayField(models.CharField(max_length=2), size=5)
    status = models.CharField("current US status", max_length=8, choices=Status)
    degree = models.CharField("highest degree", max_length=9, choices=Degree)
    stem = models.BooleanField("my degree is in a STEM field", default=False)
    opt_end = models.DateField("OPT end date", null=True, blank=True)
    # Nullable: added to a table that already has rows, and "not said" is an answer too.
    counted_against_cap = models.BooleanField(
        "ever counted against the H-1B cap", null=True, blank=True
    )
    experience_years = models.PositiveSmallIntegerField(
        "years of work experience in your field",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_EXPERIENCE_YEARS)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(citizenships__len__gte=1), name="visaprofile_has_citizenship"
            ),
        ]

    def __str__(self) -> str:
        return f"Visa profile of {self.user}"

    def as_profile(self) -> Profile:
        return Profile(
            citizenships=frozenset(self.citizenships),
            status=self.status,
            degree=self.degree,
            stem=self.stem,
            opt_end=self.opt_end,
            counted=self.counted_against_cap,
            experience=self.experience_years or 0,
        )
