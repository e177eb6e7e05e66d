//! The bundled articles: the files of `seeds/`, compiled into the binary so that `recto`
//! with no arguments works from any directory.

/// (file name, bytes) of every bundled article, in file-name order.
pub const BUNDLED: &[(&str, &[u8])] = &[
    (
        "000_f2cfccdc1b9fc92d.txt",
        include_bytes!("../seeds/000_f2cfccdc1b9fc92d.txt"),
    ),
    (
        "001_3f732d8f3809c190.txt",
        include_bytes!("../seeds/001_3f732d8f3809c190.txt"),
    ),
    (
        "002_66f89187aacebddc.txt",
        include_bytes!("../seeds/002_66f89187aacebddc.txt"),
    ),
    (
        "003_65fe45beb2573283.txt",
        include_bytes!("../seeds/003_65fe45beb2573283.txt"),
    ),
    (
        "004_a5b23d6c4b7a4d0c.txt",
        include_bytes!("../seeds/004_a5b23d6c4b7a4d0c.txt"),
    ),
];

/// Parses every bundled article. The seeds are known-good text, so a failure is a bug.
pub fn bundled_documents() -> Vec<crate::Document> {
    BUNDLED
        .iter()
        .map(|(name, bytes)| {
            crate::ingest::parse_bytes(name, bytes).expect("bundled seeds are valid text")
        })
        .collect()
}
