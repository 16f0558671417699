"""The local model: the backend seam and its backends, the model registry, prompts, grammar, grounding."""
