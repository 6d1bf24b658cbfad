"""The command line, one module per group of commands: a reader looking for `tracker export`
opens `commands/feed.py`. `tracker.cli.group` gathers them into the `tracker` group."""
