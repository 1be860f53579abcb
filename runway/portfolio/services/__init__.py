"""Writes of the portfolio: the nightly alerts (alerts), the members' e-mail digests (digests),
the audit of looks at held ventures' metrics (audit), and members' digest choices (preferences).
Holdings themselves are written only by closing a round (runway.deals)."""
