"""What orgs tells the apps above it without importing them (Django signals).

`agency_created` is sent inside the transaction that creates an agency: publishing gives it its
settings and the 61号 column structure there, so no page has to create them on a first visit.
`agency_deleting` is sent inside the transaction that deletes one, before the delete: publishing
takes its empty column structure away (what holds records still protects the agency).
"""

from django.dispatch import Signal

# sender=Agency, agency=<Agency>
agency_created = Signal()
agency_deleting = Signal()
