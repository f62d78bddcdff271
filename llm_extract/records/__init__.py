"""Records: read back (records), merged, exported, reviewed; their commands (cli)."""
