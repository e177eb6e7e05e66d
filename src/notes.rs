//! Endnotes: finding the notes list, finding references in the body, removing note texts
//! the page pasted after a reference, and resolving each reference to its note.
