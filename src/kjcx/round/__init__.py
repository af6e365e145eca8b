"""A reporting round: fill-in forms out and back, suspicious figures, write-back to the files."""
