"""Store policies: the document beside a catalog, and answers that quote it."""
