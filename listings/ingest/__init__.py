"""Getting jobs in: feed readers, normalising, sanitising, de-duplication, the sponsorship
classifier and its evaluation, the import pipeline, feed refresh and expiry."""
