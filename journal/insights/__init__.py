"""What went with better days: the person's tags, changes and quick tags beside their moods."""
