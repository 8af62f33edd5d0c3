"""Vacancy sources: the interface the search actions use, and its implementations."""
