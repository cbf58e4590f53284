"""Readers of job feeds, one module per format, each turning a byte stream into RawJob
records (or reported skips) one at a time, so any feed is read in constant memory."""

from listings.ingest.readers import ashby, csvfeed, greenhouse, jsonld, lever

READERS = {
    "greenhouse": greenhouse.read,
    "lever": lever.read,
    "ashby": ashby.read,
    "jsonld": jsonld.read,
    "csv": csvfeed.read,
}
