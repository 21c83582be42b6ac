import CLibXML2

/// Depth-first walk over a libxml2 tree without recursion, so that deeply nested tag soup cannot
/// overflow the stack of a worker thread.
struct TreeWalker {
    let root: xmlNodePtr

    /// Calls `enter` on each node in document order; when it returns true the node's children are
    /// visited, then `leave` is called on the node. Nodes `enter` refuses are neither descended into nor
    /// left.
    func walk(enter: (xmlNodePtr) -> Bool, leave: (xmlNodePtr) -> Void) {
        var current: xmlNodePtr? = root
        while let node = current {
            if enter(node) {
                if let child = node.pointee.children {
                    current = child
                    continue
                }
                leave(node)
            }
            // Climb until a next sibling exists, leaving each finished parent on the way.
            var finished = node
            current = nil
            while finished != root {
                if let sibling = finished.pointee.next {
                    current = sibling
                    break
                }
                guard let parent = finished.pointee.parent else { break }
                leave(parent)
                finished = parent
            }
        }
    }
}
