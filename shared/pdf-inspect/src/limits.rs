//! Bounds on the work one in-process inspection may do.

/// Bounds that [`inspect`](crate::inspect) enforces before and while lopdf
/// parses a PDF. Hitting one gives [`InspectError::TooComplex`] or
/// [`InspectError::TooLarge`](crate::InspectError::TooLarge), never a partial
/// report.
///
/// These bound the work the code can count. Memory and CPU time as a whole
/// are bounded by the child process's resource limits
/// ([`ChildLimits`](crate::ChildLimits)).
///
/// [`InspectError::TooComplex`]: crate::InspectError::TooComplex
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Maximum size of the PDF in bytes.
    pub max_input_bytes: usize,
    /// Maximum number of indirect objects: checked against the object
    /// headers and `/Size` entries in the raw bytes before parsing, and
    /// against the loaded objects (including those from object streams)
    /// after.
    pub max_objects: u32,
    /// Maximum size in bytes that any single stream may decompress to while
    /// lopdf loads the file (object streams and cross-reference streams).
    /// Content streams and images are never decompressed.
    pub max_decompressed_bytes: usize,
    /// Maximum nesting depth of the trees that inspection walks: the page
    /// tree, the AcroForm field tree and the `/EmbeddedFiles` name tree.
    pub max_tree_depth: usize,
}

impl Default for Limits {
    /// 64 MiB of input, 500,000 objects, 32 MiB per decompressed stream and
    /// trees 64 levels deep. Real documents stay far below each, while the
    /// total still fits in the child's 512 MiB address space.
    fn default() -> Self {
        Self {
            max_input_bytes: 64 * 1024 * 1024,
            max_objects: 500_000,
            max_decompressed_bytes: 32 * 1024 * 1024,
            max_tree_depth: 64,
        }
    }
}
