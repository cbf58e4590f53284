"""Visa routes: which ways into a job fit a member's citizenship, status and degree, and the
job and employer facts each route depends on."""
