"""The conversation's parts: dialogue acts, references, and answers built from rows."""
