"""Pure school logic: no Telegram, no SQL, no clock. Every function takes ``now`` or dates."""
