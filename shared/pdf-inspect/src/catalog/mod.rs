//! Facts read from the document catalog: the page count, the catalog
//! `/Version`, AcroForm fields and embedded files; plus a scan of every
//! object for JavaScript.

mod javascript;
mod tree;

use lopdf::{Dictionary, Document};

use crate::InspectError;
use crate::prescan::parse_version;
use tree::{Step, TreeWalk, resolve_array, resolve_dict, resolve_name};

pub(crate) use javascript::has_javascript;

/// Counts the page objects in the page tree. A node reached twice (a cycle
/// or a shared node) makes the file malformed, because the count would
/// depend on how the tree is walked.
pub(crate) fn count_pages(
    document: &Document,
    catalog: &Dictionary,
    max_depth: usize,
) -> Result<u32, InspectError> {
    let root = catalog
        .get(b"Pages")
        .map_err(|_| InspectError::malformed("the catalog has no /Pages entry"))?;

    let mut walk = TreeWalk::new(document, max_depth);
    walk.push_root(root, ());
    let mut pages: u32 = 0;
    while let Some(step) = walk.next_step() {
        match step {
            Step::Revisit((number, generation)) => {
                return Err(InspectError::malformed(format!(
                    "the page tree reaches object {number} {generation} more than once"
                )));
            }
            Step::Node { dict, depth, .. } if is_page_tree_node(dict) => {
                walk.push_kids(dict, depth, ())?;
            }
            Step::Node { .. } => pages = pages.saturating_add(1),
        }
    }
    Ok(pages)
}

/// Whether a page tree node is an intermediate `/Pages` node rather than a
/// page. A node without `/Type` counts as `/Pages` when it has `/Kids`.
fn is_page_tree_node(dict: &Dictionary) -> bool {
    match dict.get_type() {
        Ok(b"Page") => false,
        Ok(b"Pages") => true,
        _ => dict.has(b"Kids"),
    }
}

/// The catalog `/Version` name, such as "2.0", when it is a valid version.
pub(crate) fn catalog_version(document: &Document, catalog: &Dictionary) -> Option<String> {
    resolve_name(document, catalog, b"Version").and_then(parse_version)
}

/// Whether the catalog's `/AcroForm` lists at least one field, or any object is a widget
/// annotation. Pages cut out of a form by some tools keep their widgets (fillable fields with
/// `/FT`) but lose the catalog's `/AcroForm`.
pub(crate) fn has_form_fields(document: &Document, catalog: &Dictionary) -> bool {
    let listed = resolve_dict(document, catalog, b"AcroForm")
        .and_then(|form| resolve_array(document, form, b"Fields"))
        .is_some_and(|fields| !fields.is_empty());

    listed || document.objects.values().any(is_widget)
}

/// Whether an indirect object is a `/Subtype /Widget` annotation dictionary.
fn is_widget(object: &lopdf::Object) -> bool {
    object
        .as_dict()
        .and_then(|dict| dict.get(b"Subtype"))
        .and_then(lopdf::Object::as_name)
        .is_ok_and(|name| name == b"Widget")
}

/// Whether the AcroForm field tree contains a field of type `/Sig`. A field
/// without `/FT` inherits its parent's.
pub(crate) fn has_signature_field(
    document: &Document,
    catalog: &Dictionary,
    max_depth: usize,
) -> Result<bool, InspectError> {
    let Some(fields) = resolve_dict(document, catalog, b"AcroForm")
        .and_then(|form| resolve_array(document, form, b"Fields"))
    else {
        return Ok(false);
    };

    let mut walk = TreeWalk::<Option<&[u8]>>::new(document, max_depth);
    for field in fields.iter().rev() {
        walk.push_root(field, None);
    }
    while let Some(step) = walk.next_step() {
        let Step::Node { dict, depth, state } = step else {
            continue;
        };
        let field_type = resolve_name(document, dict, b"FT").or(state);
        if field_type == Some(b"Sig") {
            return Ok(true);
        }
        walk.push_kids(dict, depth, field_type)?;
    }
    Ok(false)
}

/// Counts the files in the catalog's `/Names` → `/EmbeddedFiles` name tree:
/// one for each key and value pair in a `/Names` array.
pub(crate) fn count_embedded_files(
    document: &Document,
    catalog: &Dictionary,
    max_depth: usize,
) -> Result<u32, InspectError> {
    let Some(names) = resolve_dict(document, catalog, b"Names") else {
        return Ok(0);
    };
    let Ok(tree) = names.get(b"EmbeddedFiles") else {
        return Ok(0);
    };

    let mut walk = TreeWalk::new(document, max_depth);
    walk.push_root(tree, ());
    let mut files: u32 = 0;
    while let Some(step) = walk.next_step() {
        let Step::Node { dict, depth, .. } = step else {
            continue;
        };
        if let Some(pairs) = resolve_array(document, dict, b"Names") {
            let count = u32::try_from(pairs.len() / 2).unwrap_or(u32::MAX);
            files = files.saturating_add(count);
        }
        walk.push_kids(dict, depth, ())?;
    }
    Ok(files)
}
