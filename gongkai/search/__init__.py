"""Chinese full-text search over published items: one text module (`text`), two engines
(`tantivy_engine`, embedded, the default; `postgres_engine`, GIN inside PostgreSQL), and the
Django side that keeps them in step with publishing (`services`)."""
