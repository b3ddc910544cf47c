"""The security matrix's parts: who asks (`who`), agency A's records (`world`), the declared
policy and the URL patterns (`policy`). The matrix itself is gongkai/tests/test_security_matrix.py;
the Chinese-pages crawl builds on the same world."""
