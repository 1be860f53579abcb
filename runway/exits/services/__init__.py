"""Writes for the rescue ladder and the exits marketplace, one module per concern: `listings`
(create, edit, publish, withdraw, exclusivity, sold), `ndas` (a buyer's NDA), `offers` (letters
of intent and the venture's decisions), `audit` (opening a listing's confidential part, which is
recorded either way), `rescue` (the ladder's one-click routes), `expiry` (offers and exclusivity
that run out), `notices` (notifications)."""
