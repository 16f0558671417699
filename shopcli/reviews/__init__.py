"""Review insights: import, aspect sentiment, summaries with verbatim quotes, search signal."""
