"""Writes for deals and data rooms, one module per concern: `deals` (start, transitions),
`messages` (Q&A), `documents` (uploads), `grants` (access grants and the NDA), `audit` (opening a
document, which records an AccessEvent either way)."""
