import BebackCells
import BebackText

/// One row of a key table: an action, the keys that do it, and every word the screen and the
/// manual show for it. The help overlay, the key bar at every width and the README's key table are
/// all generated from these rows.
public struct KeyBinding<Action: Equatable & Sendable>: Sendable {
    public var action: Action
    public var keys: [Key]
    /// The keys as help shows them ("j ↓").
    public var label: String
    /// The word on the key bar after the key ("voicemail"); bindings that share a word next to
    /// each other share one bar entry ("r/w/m/b what happened").
    public var short: String
    public var help: String
    public var group: String
    /// Where the binding stands on the key bar (lower first); nil keeps it to help only.
    public var barPriority: Int?

    public init(_ action: Action, keys: [Key], label: String, short: String = "", help: String, group: String, bar: Int? = nil) {
        self.action = action
        self.keys = keys
        self.label = label
        self.short = short
        self.help = help
        self.group = group
        self.barPriority = bar
    }
}

/// A screen's key table (the rep's desk, the manager's team screen): the one source of what a key
/// does, what help says of it and what the key bar shows.
public struct KeyTable<Action: Equatable & Sendable>: Sendable {
    public let bindings: [KeyBinding<Action>]

    public init(_ bindings: [KeyBinding<Action>]) { self.bindings = bindings }

    /// The action a key does (the first binding that lists the key).
    public func action(for key: Key) -> Action? {
        bindings.first { $0.keys.contains(key) }?.action
    }

    /// The label of the first binding of `action` ("r"), for panes that show their keys.
    public func label(for action: Action) -> String? {
        bindings.first { $0.action == action }?.label
    }

    /// The key bar's entries for the bindings `include` keeps, by bar priority ("2 voicemail").
    /// Neighbours with the same short word share an entry ("r/w/m/b what happened").
    public func barParts(where include: (KeyBinding<Action>) -> Bool = { _ in true }) -> [String] {
        let placed = bindings.enumerated()
            .compactMap { index, binding in binding.barPriority.map { (priority: $0, index: index, binding: binding) } }
            .filter { include($0.binding) }
            .sorted { ($0.priority, $0.index) < ($1.priority, $1.index) }
        var parts: [(labels: [String], short: String)] = []
        for entry in placed {
            if let last = parts.last, last.short == entry.binding.short, !entry.binding.short.isEmpty {
                parts[parts.count - 1].labels.append(entry.binding.label)
            } else {
                parts.append(([entry.binding.label], entry.binding.short))
            }
        }
        return parts.map { part in
            let keys = part.labels.joined(separator: "/")
            return part.short.isEmpty ? keys : "\(keys) \(part.short)"
        }
    }

    /// Help's lines: each group's name, then its bindings ("  j ↓   next lead").
    public var helpLines: [(text: String, isGroup: Bool)] {
        var lines: [(text: String, isGroup: Bool)] = []
        var group = ""
        for binding in bindings {
            if binding.group != group {
                group = binding.group
                lines.append((group, true))
            }
            lines.append(("  " + SafeText.fit(binding.label, width: 6, pad: true) + binding.help, false))
        }
        return lines
    }

    /// The table as Markdown (the README's key table is checked against this): one row per binding.
    public var markdown: String {
        var lines = ["| keys | group | what they do |", "|---|---|---|"]
        for binding in bindings {
            let keys = binding.keys.map { "`\(Self.name(of: $0))`" }.joined(separator: " ")
            lines.append("| \(keys) | \(binding.group) | \(binding.help) |")
        }
        return lines.joined(separator: "\n")
    }

    /// A key as the manual writes it.
    static func name(of key: Key) -> String {
        switch key {
        case .character(let character): return String(character)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .escape: return "Esc"
        case .resize: return "resize"
        case .control(let character): return "Ctrl-\(String(character).uppercased())"
        case .function(let number): return "F\(number)"
        case .unknown(let code): return "key \(code)"
        }
    }
}
