"""Read models: pure folds over events."""
