"""Background work on procrastinate: import uploads, the daily rescore, the deadline refresh."""
