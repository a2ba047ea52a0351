import IdentityCore

/// A failure reported by PostgreSQL, by libpq, or by this wrapper, with the SQLSTATE when the server sent one.
///
/// `isConnectionFailure` errors leave the connection unusable (the pool discards it); everything else is a
/// statement error on a still-usable connection (outside a transaction; inside one it must roll back).
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// Where the failure came from.
    public enum Kind: Sendable, Equatable {
        /// The server rejected the statement (see `sqlState`).
        case server
        /// Connecting failed, or the connection broke (server shutdown, network, protocol desync).
        case connection
        /// No answer before the deadline; the connection was abandoned.
        case timeout
        /// The pool could not provide a connection: the server is unreachable (and reconnecting backs off),
        /// or every connection stayed busy beyond the checkout timeout.
        case unavailable
        /// Wrong use of the wrapper (e.g. a closed connection, a bad URL).
        case misuse
    }

    public let kind: Kind
    /// The five-character SQLSTATE, e.g. "23505" for a unique violation; nil when the server sent none.
    public let sqlState: String?
    /// The primary message (server or libpq).
    public let message: String
    /// The server's DETAIL field, when present (e.g. which key was duplicated).
    public let detail: String?
    /// The violated constraint's name, for integrity errors.
    public let constraint: String?
    /// The statement that failed, when there was one.
    public let sql: String?

    public init(
        kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil, constraint: String? = nil,
        sql: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.constraint = constraint
        self.sql = sql
    }

    /// 23505 unique_violation.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// 23503 foreign_key_violation.
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
    /// 40001 serialization_failure or 40P01 deadlock_detected: the transaction may simply be retried.
    public var isTransient: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// 55P03 lock_not_available: a lock wait exceeded `lock_timeout`.
    public var isLockTimeout: Bool { sqlState == "55P03" }

    /// The connection cannot be used any more: connecting failed, it broke, it timed out, or the server is
    /// shutting down / restarting (SQLSTATE class 08, 57P01–57P03, 53300 too many connections).
    public var isConnectionFailure: Bool {
        switch kind {
        case .connection, .timeout, .unavailable:
            return true
        case .server, .misuse:
            guard let sqlState else { return false }
            return sqlState.hasPrefix("08") || sqlState == "57P01" || sqlState == "57P02" || sqlState == "57P03"
                || sqlState == "53300"
        }
    }

    public var description: String {
        var text = kind == .server ? "PostgreSQL error \(sqlState ?? "")".trimmingWhitespace() + ": \(message)" : message
        if let detail { text += " (\(detail))" }
        if let sql { text += " (in: \(sql))" }
        return text
    }

    static func misuse(_ message: String, sql: String? = nil) -> PostgresError {
        PostgresError(kind: .misuse, message: message, sql: sql)
    }
}
