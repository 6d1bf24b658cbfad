"""Bundled timelines, one TOML file each; the file name is the timeline id."""
