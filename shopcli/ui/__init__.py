"""The screen: typer commands, rich rendering, the line editor; the only place errors become exit codes."""
