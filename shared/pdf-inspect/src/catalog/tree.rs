//! A depth-first walk over a tree of dictionaries linked by `/Kids`, bounded
//! in depth and safe against reference cycles.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::InspectError;

/// One step of a [`TreeWalk`].
pub(super) enum Step<'a, S> {
    /// A node that resolved to a dictionary, seen for the first time.
    Node {
        dict: &'a Dictionary,
        depth: usize,
        state: S,
    },
    /// An indirect object that the walk reached before. The tree has a cycle
    /// or a node with two parents, and the walk does not enter it again.
    Revisit(ObjectId),
}

/// An explicit-stack walk, so that a deep tree cannot overflow the call
/// stack. Each reference is followed at most once, which bounds the walk by
/// the number of objects. `S` is state that a node passes to its
/// kids, such as an inherited field type.
pub(super) struct TreeWalk<'a, S> {
    document: &'a Document,
    max_depth: usize,
    stack: Vec<(&'a Object, usize, S)>,
    seen: HashSet<ObjectId>,
}

impl<'a, S: Copy> TreeWalk<'a, S> {
    pub(super) fn new(document: &'a Document, max_depth: usize) -> Self {
        Self {
            document,
            max_depth,
            stack: Vec::new(),
            seen: HashSet::new(),
        }
    }

    /// Adds a root node at depth 0.
    pub(super) fn push_root(&mut self, node: &'a Object, state: S) {
        self.stack.push((node, 0, state));
    }

    /// Adds the `/Kids` of `dict`, a node at `depth`. Fails when the kids
    /// would lie deeper than the depth limit.
    pub(super) fn push_kids(
        &mut self,
        dict: &'a Dictionary,
        depth: usize,
        state: S,
    ) -> Result<(), InspectError> {
        let Some(kids) = resolve_array(self.document, dict, b"Kids") else {
            return Ok(());
        };
        if depth + 1 > self.max_depth && !kids.is_empty() {
            return Err(InspectError::too_complex(format!(
                "a tree of /Kids is nested more than {} levels deep",
                self.max_depth
            )));
        }

        // Reversed, so that kids pop off the stack in document order.
        for kid in kids.iter().rev() {
            self.stack.push((kid, depth + 1, state));
        }
        Ok(())
    }

    /// Returns the next node, skipping nodes that do not resolve to a
    /// dictionary, or `None` when the walk is done.
    pub(super) fn next_step(&mut self) -> Option<Step<'a, S>> {
        while let Some((node, depth, state)) = self.stack.pop() {
            if let Object::Reference(id) = node
                && !self.seen.insert(*id)
            {
                return Some(Step::Revisit(*id));
            }
            let Ok((_, object)) = self.document.dereference(node) else {
                continue;
            };
            if let Ok(dict) = object.as_dict() {
                return Some(Step::Node { dict, depth, state });
            }
        }
        None
    }
}

/// Resolves `dict[key]` to an array, following references.
pub(super) fn resolve_array<'a>(
    document: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Vec<Object>> {
    let (_, object) = document.dereference(dict.get(key).ok()?).ok()?;
    object.as_array().ok()
}

/// Resolves `dict[key]` to a dictionary, following references.
pub(super) fn resolve_dict<'a>(
    document: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    let (_, object) = document.dereference(dict.get(key).ok()?).ok()?;
    object.as_dict().ok()
}

/// Resolves `dict[key]` to a name, following references.
pub(super) fn resolve_name<'a>(
    document: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a [u8]> {
    let (_, object) = document.dereference(dict.get(key).ok()?).ok()?;
    object.as_name().ok()
}
