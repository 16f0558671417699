"""Understanding words: the EN/ZH rules, their lexicons, the hybrid model merge, follow-ups."""
