"""The audit log shared by every app: the register of settings and registers (`RegisterEvent`,
written by `registers.record` / `registers.log`) and the one shape of a workflow event
(`models.WorkflowEvent`). Above accounts and orgs, below every domain app."""
