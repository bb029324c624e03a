/// Why the PostgreSQL store could not do what was asked; each reads as one line naming the server and desk.
public enum PostgresStoreError: Error, Equatable, CustomStringConvertible {
    /// The server cannot be reached or the connection was lost.
    case unreachable(address: String, detail: String)
    /// An append found the server out of reach: nothing of it was saved.
    case unsaved(address: String, detail: String)
    /// The connection was lost while the server was committing: the entry may or may not be saved
    /// (it shows on the desk once the server is back, if it was).
    case commitUnknown(address: String, detail: String)
    /// The server refused the statement (a constraint, a permission); nothing was saved.
    case refused(address: String, detail: String, sqlState: String)
    /// The database holds no desk of that name (or no Beback tables at all).
    case noDesk(address: String)
    /// A migration found something it will not copy, or a copy that differs from its source.
    case migration(String)

    public var description: String {
        switch self {
        case .unreachable(let address, let detail):
            return "\(address): PostgreSQL is unreachable (\(detail))"
        case .unsaved(let address, let detail):
            return "\(address): PostgreSQL is unreachable (\(detail)); nothing was saved"
        case .commitUnknown(let address, let detail):
            return "\(address): the connection was lost while saving (\(detail)); the entry shows on the desk once the server is back if it was saved"
        case .refused(let address, let detail, let sqlState):
            return "\(address): the database refused it: \(detail) (SQLSTATE \(sqlState)); nothing was saved"
        case .noDesk(let address):
            return "\(address): no desk here (create it with 'beback init --store URL' or 'beback migrate --to URL')"
        case .migration(let detail):
            return detail
        }
    }

    /// Whether the error means the server is out of reach (the desk turns read-only and retries).
    public var isOutage: Bool {
        switch self {
        case .unreachable, .unsaved, .commitUnknown: return true
        default: return false
        }
    }
}
