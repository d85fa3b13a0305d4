"""Loading catalog files: bytes → text → plain values, positions on demand."""
