extension Array where Element: Hashable {
    /// The elements in first-seen order without repeats (id lists collapse duplicates).
    public func uniqued() -> [Element] {
        var seen = Set<Element>()
        seen.reserveCapacity(count)
        return filter { seen.insert($0).inserted }
    }
}
