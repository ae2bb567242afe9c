"""Random Vietnamese administrative documents in many layouts, with their ground truth.

`render(layout, seed, directory)` writes one document and returns (GenDoc, path); `compare`
checks a read Document against the GenDoc; `roundtrip` runs layouts × seeds through
corpus.parse.parse_file and counts what came back exactly.
"""
