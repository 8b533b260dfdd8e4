"""claimbase: from ML paper abstracts to a normalized SQLite knowledge base of claimed results."""
