"""Writes for roadshow events, one module per concern: `events` (terms and status),
`applications` (apply, select, withdraw), `slots` (the pitch schedule), `registrations` (investor
seats), `intros` (introductions after the event), `notices` (in-app notifications)."""
