"""Judging what a posting says about US visa sponsorship: rules, model, training, evaluation."""

from listings.ingest.sponsorship.classifier import Classification, classify
from listings.ingest.sponsorship.model import VERSION

__all__ = ["VERSION", "Classification", "classify"]
