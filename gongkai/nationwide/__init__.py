"""The national audit: every annual report in a folder checked by `manage.py db_worker`s, as many
as there are machines sharing the database and the files (`gongkai check --queue DIR`), the
results kept per file and summed up on demand (`gongkai check --results BATCH`).

`models` (a batch, a result per file), `services` (`queue`: the batch and one task per file;
`check`: one file read and checked as `gongkai check` does, stored once), `tasks` (the task the
workers run), `summary` (how far a batch has got). Imports only the report engine below it.
"""
