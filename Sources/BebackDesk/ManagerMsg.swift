import BebackCells
import Foundation

/// Everything that reaches the manager's model, one way in: keys, and the results of effects.
public enum ManagerMsg: Equatable, Sendable {
    case key(Key)
    /// An effect's entries were appended, synced and folded; the label says what they did.
    case saved(String, at: Date)
    /// An effect found nothing to write (a reclaim with no idle lead).
    case nothing(String)
    /// An effect could not be done: nothing was written.
    case failed(String)
    /// The desk changed under the screen (another process's entries, the minute turned).
    case deskChanged
    /// Something found without a key (a damaged journal): shown as an error.
    case alert(String)
}
