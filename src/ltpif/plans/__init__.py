"""Plans: the strategy delivery plan document, its files, and its validation against a pack."""
