"""The command line: click commands, help screens and the one output path."""
