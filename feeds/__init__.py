"""Pure feed rendering: a view of a feed goes in, bytes come out."""
