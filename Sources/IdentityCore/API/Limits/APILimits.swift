/// Limits that keep one request from making the server do unbounded work. Letta 0.16.8 has
/// none (`limit=0` means "everything"); these are this server's, configurable per server.
public struct APILimits: Sendable, Equatable {
    /// Largest `limit` a list accepts (422 above it); `limit=0` ("no limit" in Letta) returns
    /// at most this many items. nil removes the cap (Letta's behaviour).
    public var maxPageSize: Int?
    /// Most items a list in a request may have: JSON arrays in bodies (`agent_ids`, `tags`, …)
    /// and repeated query parameters (`tags=a&tags=b`, `identifier_keys`); 422 above it.
    public var maxListItems: Int

    public init(maxPageSize: Int? = 1000, maxListItems: Int = 1000) {
        self.maxPageSize = maxPageSize
        self.maxListItems = maxListItems
    }

    public static let `default` = APILimits()
}
