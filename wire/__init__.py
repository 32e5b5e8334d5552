"""Newswire: the syndication feed server."""
