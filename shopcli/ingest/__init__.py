"""Bring-your-own catalog: source readers, column mapping, cleaning, the report, `shop catalog info`."""
