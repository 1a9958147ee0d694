"""Business operations: each module is the only writer of its tables and owns their SQL.

The API, the CLI and the jobs call these alike; nothing here imports any of them.
"""
