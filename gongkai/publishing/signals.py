"""What publishing tells the apps above it without importing them (Django signals, as
`calendar.services.notice_loaded` does for the calendar): publishing sits below the annual report
and the search index, which read its records, so it may not call up into them.

`publication_changed` is sent by `services.act` inside the transaction of the change, after the
event row: a receiver that writes (the annual report marking its item published) commits or rolls
back with it; one with side effects outside the database (the search index) defers them with
`transaction.on_commit`. Receivers are connected in their app's `ready()`.
"""

from django.dispatch import Signal

# sender=Publication, publication=<Publication>, action=<workflow action, e.g. "publish">
publication_changed = Signal()
