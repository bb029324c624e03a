import Foundation

/// Why the store could not do what was asked; each reads as one line naming the file.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// A system call failed (disk full, I/O error, permission).
    case io(path: String, operation: String, errno: Int32)
    /// A write returned fewer bytes than asked and nothing more could be written.
    case shortWrite(path: String, written: Int, expected: Int)
    /// The desk is read-only (damaged journal, newer format, read-only folder) and says why.
    case readOnly(String)
    /// A journal has damage in the middle and needs `beback salvage`.
    case corrupt(path: String, problem: JournalProblem)
    /// The desk folder does not exist or is not a desk.
    case noDesk(String)
    /// A record could not be encoded or decoded.
    case badPayload(path: String, offset: Int, detail: String)
    /// A journal (or its lock) is a symbolic link: refused, never followed.
    case symbolicLink(path: String)
    /// Another process held a journal's lock for longer than the desk waits (`lock_wait_seconds`).
    case lockBusy(path: String, holder: String, seconds: Int)
    /// A write the desk's rules refuse (a time out of order, a journal that is not the writer's).
    case refused(String)

    public var description: String {
        switch self {
        case .io(let path, let operation, let code):
            let reason = "\(path): \(operation) failed: \(String(cString: strerror(code)))"
            return ["write", "fdatasync", "fsync", "lock", "truncate"].contains(operation) ? reason + "; nothing was saved" : reason
        case .shortWrite(let path, let written, let expected):
            return "\(path): only \(written) of \(expected) bytes could be written; nothing was saved"
        case .readOnly(let why):
            return "the desk is read-only: \(why)"
        case .corrupt(let path, let problem):
            return "\(path): \(problem); run 'beback salvage' (the original is kept)"
        case .noDesk(let path):
            return "\(path): no desk here (create one with 'beback init --data \(path)' or 'beback demo --data \(path)')"
        case .badPayload(let path, let offset, let detail):
            return "\(path): record at offset \(offset): \(detail)"
        case .symbolicLink(let path):
            return "\(path): a symbolic link, not a journal file: refused (beback never follows links in journals/); nothing was saved"
        case .lockBusy(let path, let holder, let seconds):
            return "\(path): \(holder) held the lock for \(seconds) s; gave up waiting, nothing was saved"
        case .refused(let why):
            return why
        }
    }

    /// Whether the error says the folder or file refuses writes for good (permissions, a read-only mount).
    public var isPermanentRefusal: Bool {
        if case .io(_, _, let code) = self { return code == EACCES || code == EPERM || code == EROFS }
        return false
    }
}
