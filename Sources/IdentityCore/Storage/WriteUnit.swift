/// One unit of work that may write, typically one API request: the store runs it with
/// `IdentityStore.perform(_:)` and then says how its writes ended. Exactly one of `committed`
/// or `failed` follows `run`.
///
/// Inside `run`, each store write is still all-or-nothing (a failing write undoes only itself),
/// but it is durable only when `committed()` is called: a store may hold the unit's writes in a
/// transaction shared with other units (group commit) and commit them together. So keep what
/// the writes returned and publish it only in `committed`.
public protocol WriteUnit: AnyObject, Sendable {
    /// Does the work; store calls made here belong to the unit.
    func run()
    /// Every write the unit made is durable (units that wrote nothing get this too).
    func committed()
    /// The unit's writes were lost (the shared transaction did not commit): nothing it wrote is
    /// stored. `error` is what the store would have thrown for a lone write
    /// (`StoreError.unavailable` for a busy database).
    func failed(_ error: any Error)
}

/// How `IdentityStore.perform(_:)` ran a unit.
public enum WriteUnitProgress: Sendable {
    /// The unit ran on the calling thread and `committed` or `failed` was already called.
    case finished
    /// The unit was queued; it runs, and ends, later on another thread.
    case pending
}

extension IdentityStore {
    /// Runs the unit at once on the calling thread, each of its writes committing on its own.
    /// The default for stores whose writers run concurrently (PostgreSQL).
    public func perform(_ unit: any WriteUnit) -> WriteUnitProgress {
        unit.run()
        unit.committed()
        return .finished
    }
}
