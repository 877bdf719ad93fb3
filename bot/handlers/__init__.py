"""Telegram update handlers, one module per conversation topic."""
