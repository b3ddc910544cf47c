"""Backup and restore of an installation: the database and the uploaded files.

`archive`: the tar file and its manifest (no Django).
"""
