//! Detection of JavaScript by its dictionary keys. Nothing is executed and
//! no stream is decoded.

use lopdf::{Dictionary, Document, Object};

/// Whether any loaded object, reachable from the catalog or not, contains a
/// dictionary that marks JavaScript: a `/JS` entry (the script of an
/// action), a `/JavaScript` entry (the document-level JavaScript name tree)
/// or `/S /JavaScript` (a JavaScript action). Stream dictionaries count too,
/// their contents do not.
pub(crate) fn has_javascript(document: &Document) -> bool {
    // Direct objects nest inside each indirect one, so walk them with an
    // explicit stack. References need no following, because every indirect
    // object is a root of the scan.
    let mut stack: Vec<&Object> = document.objects.values().collect();
    while let Some(object) = stack.pop() {
        match object {
            Object::Dictionary(dict) => {
                if marks_javascript(dict) {
                    return true;
                }
                stack.extend(dict.iter().map(|(_, value)| value));
            }
            Object::Stream(stream) => {
                if marks_javascript(&stream.dict) {
                    return true;
                }
                stack.extend(stream.dict.iter().map(|(_, value)| value));
            }
            Object::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    false
}

fn marks_javascript(dict: &Dictionary) -> bool {
    dict.has(b"JS")
        || dict.has(b"JavaScript")
        || dict
            .get(b"S")
            .and_then(Object::as_name)
            .is_ok_and(|name| name == b"JavaScript")
}

#[cfg(test)]
mod tests {
    use lopdf::{Document, Object, dictionary};

    use super::has_javascript;

    fn document_with(object: Object) -> Document {
        let mut document = Document::new();
        document.add_object(object);
        document
    }

    #[test]
    fn action_nested_in_annotation_is_found() {
        let action =
            dictionary! { "S" => "JavaScript", "JS" => Object::string_literal("app.alert(1)") };
        let annotation = dictionary! { "Type" => "Annot", "A" => action };
        let document = document_with(Object::Array(vec![annotation.into()]));
        assert!(has_javascript(&document));
    }

    #[test]
    fn names_tree_entry_is_found() {
        let names = dictionary! { "JavaScript" => Object::Reference((9, 0)) };
        assert!(has_javascript(&document_with(names.into())));
    }

    #[test]
    fn uri_action_is_not_javascript() {
        let action =
            dictionary! { "S" => "URI", "URI" => Object::string_literal("https://example.org") };
        assert!(!has_javascript(&document_with(action.into())));
    }
}
