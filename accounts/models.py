from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """The site's user; sign-in is by email (accounts are free and email-verified)."""

    email = models.EmailField("email address", unique=True)
