//! Embeds the pages' templates (`templates/`) in the library, so the binary carries its words.

fn main() {
    minijinja_embed::embed_templates!("templates");
}
