"""Government sponsorship data: USCIS hub, DOL LCA and FLAG wage files, employer-name
matching, the verified-sponsor flag, employer history and prevailing-wage levels."""
