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

/// The bundled articles' metadata, as `seeds/catalog.toml` beside them gives it.
const CATALOG: &str = include_str!("../seeds/catalog.toml");

/// Parses one bundled article, applying the bundled catalog.
pub fn parse_bundled(
    name: &str,
    bytes: &[u8],
) -> Result<crate::Document, crate::ingest::IngestError> {
    let mut doc = crate::ingest::parse_bytes(name, bytes)?;
    crate::ingest::apply_catalog(
        &mut doc,
        std::path::Path::new("seeds/catalog.toml"),
        CATALOG,
        name,
    );
    Ok(doc)
}

/// Parses every bundled article (the seeds are known-good text; one that failed to parse
/// would be left out rather than stop the program).
pub fn bundled_documents() -> Vec<crate::Document> {
    BUNDLED
        .iter()
        .filter_map(|(name, bytes)| parse_bundled(name, bytes).ok())
        .collect()
}
