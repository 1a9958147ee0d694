"""The daily digest of what is due: its figures (digest.py), who gets it (subscriptions.py), the
channels' messages (discord_embed.py, email_message.py, webhook_payload.py), their senders
(senders.py), the settings they need (channels.py) and the once-a-day record (runs.py);
send.py puts them together."""
