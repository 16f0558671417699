"""shopcli: a local shopping advisor for the terminal."""

__version__ = "0.1.0"
