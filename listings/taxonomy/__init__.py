"""Roles, states and visa types, the cached catalog pages and filters look them up in, and the
per-page job counts (the ListingCount summary)."""
