//! The `recto` binary: parse the command line and dispatch; nothing else.

fn main() {
    let docs = recto::library::bundled_documents();
    for d in &docs {
        println!("{}", d.title());
    }
}
