"""Writers: each turns the resolved Dataset and its triples into files under a staging folder."""
