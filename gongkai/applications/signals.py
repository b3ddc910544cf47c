"""What applications tells the apps above it without importing them (a Django signal, as
`publishing.signals.publication_changed` does): the notifications (`gongkai.notify`) sit above the
cases, so the cases may not call up into them.

`case_changed` is sent inside the transaction of the change, after its event row is written: by
`services.receiving` when a case is registered (action "received") and by `services.actions.
_transition` for every workflow action (the action's value, e.g. "request_correction"). A receiver
that writes commits or rolls back with the case; one with effects outside the database (an
e-mail) defers them with `transaction.on_commit`, so a case that rolls back tells nobody anything
and a receiver that fails after the commit cannot undo the case. Receivers are connected in their
app's `ready()`.
"""

from django.dispatch import Signal

# sender=Application, case=<Application>, action=<"received" or a workflow.Action value>,
# event=<the CaseEvent just written>, actor=<the user or SystemActor who acted, None: the public>
case_changed = Signal()
