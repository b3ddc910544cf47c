"""The read API (`/api/v1/`): what the public site shows, as JSON, described by OpenAPI."""
