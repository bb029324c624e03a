import Foundation

/// A line of `desk.conf` that cannot be read, reported as `desk.conf:LINE: reason`.
public struct DeskConfigError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String

    public init(file: String = "desk.conf", line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(file):\(line): \(reason)" }
}

/// Reads the text of `desk.conf`: `[section]` headers, `key = value` lines, `#` comments and blank lines.
///
///     [reps]
///     ann = rep
///     joe = rep absent
///     mia = manager
///
///     [policy]
///     idle_flag_days = 3
///     idle_escalate_days = 5
///     idle_reclaim_days = 7
///
///     [dial]
///     command = softphone {tel}
///
/// Pure: the caller reads the file. The first problem is thrown, naming its line.
public enum DeskConfigParser {
    /// The `[policy]` keys, with what each sets.
    static let integerKeys: [(key: String, range: ClosedRange<Int>, set: @Sendable (inout CadencePolicy, Int) -> Void)] = [
        ("idle_flag_days", 1...365, { $0.idleFlagDays = $1 }),
        ("idle_escalate_days", 1...365, { $0.idleEscalateDays = $1 }),
        ("idle_reclaim_days", 1...365, { $0.idleReclaimDays = $1 }),
        ("first_follow_up_hours", 1...336, { $0.firstFollowUpHours = $1 }),
        ("minimum_touches_before_lost", 1...50, { $0.minimumTouchesBeforeLost = $1 }),
        ("long_term_days", 7...730, { $0.longTermDays = $1 }),
        ("satisfaction_days", 1...90, { $0.satisfactionDays = $1 }),
        ("nurture_days", 1...60, { $0.nurtureDays = $1 }),
        ("switch_channel_after", 1...20, { $0.switchChannelAfter = $1 })
    ]

    /// A rep line's words, split at spaces and commas, except inside double quotes (`aka="Ann Walker"`).
    static func words(_ value: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        for character in value {
            if character == "\"" {
                quoted.toggle()
            } else if !quoted, character == " " || character == "," {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    static let weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    public static func parse(_ text: String, file: String = "desk.conf") throws(DeskConfigError) -> DeskConfig {
        var config = DeskConfig()
        var section: String?
        var seenKeys: [String: Int] = [:]
        var idleLines: [String: Int] = [:]
        var accountLines: [RepName: Int] = [:]
        func fail(_ line: Int, _ reason: String) -> DeskConfigError { DeskConfigError(file: file, line: line, reason: reason) }

        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            if let hash = line.firstIndex(of: "#") { line = String(line[..<hash]) }
            line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw fail(number, "a section header needs a closing ']'") }
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces).lowercased()
                guard
                    name == "reps" || name == "policy" || name == "dial" || name == "store" || name == "desk" || name == "mail" || name == "text"
                        || name == "session" || name == "notify"
                else {
                    throw fail(number, "unknown section [\(name)] (known: [reps], [policy], [dial], [store], [desk], [mail], [text], [session], [notify])")
                }
                section = name
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { throw fail(number, "expected 'key = value', got '\(line)'") }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { throw fail(number, "a line starts with '=': the key is missing") }
            guard !value.isEmpty else { throw fail(number, "'\(key)' has no value") }
            guard let section else { throw fail(number, "'\(key)' comes before any section: start with [reps], [policy], [dial], [store] or [desk]") }
            let seenKey = "\(section).\(key)"
            if let first = seenKeys[seenKey] { throw fail(number, "'\(key)' is set twice (first on line \(first))") }
            seenKeys[seenKey] = number

            if section == "reps" {
                let rep = RepName(key)
                guard rep.isValid else { throw fail(number, "'\(key)' is not a usable rep name (letters, digits, '-', '_', '.'; at most 32)") }
                guard rep != DeskConfig.poolOwner else { throw fail(number, "'\(key)' is the shared pool's name and cannot be a rep") }
                let words = Self.words(value)
                guard let role = TeamRole(rawValue: words[0].lowercased()) else {
                    throw fail(number, "'\(key)': unknown role '\(words[0])' (use rep or manager, optionally followed by absent and user=ACCOUNT)")
                }
                var absent = false
                var account: String?
                var emails: [String] = [], akas: [String] = []
                for flag in words.dropFirst() {
                    if flag.lowercased() == "absent" {
                        absent = true
                    } else if flag.lowercased().hasPrefix("email=") {
                        let address = String(flag.dropFirst(6))
                        guard address.contains("@") else { throw fail(number, "'\(key)': '\(address)' is not an email address") }
                        emails.append(address)
                    } else if flag.lowercased().hasPrefix("aka=") {
                        let name = String(flag.dropFirst(4))
                        guard !name.isEmpty else { throw fail(number, "'\(key)': aka= needs a name, e.g. aka=\"Ann Walker\"") }
                        akas.append(name)
                    } else if flag.lowercased().hasPrefix("user=") {
                        let name = String(flag.dropFirst(5))
                        guard Self.isAccountName(name) else { throw fail(number, "'\(key)': '\(name)' is not a unix account name") }
                        if let other = config.members.first(where: { $0.account == name }) {
                            throw fail(number, "'\(key)': user=\(name) is already \(other.name)'s account")
                        }
                        account = name
                    } else {
                        throw fail(number, "'\(key)': unknown flag '\(flag)' (known: absent, user=ACCOUNT, email=ADDRESS, aka=\"NAME\")")
                    }
                }
                config.members.append(TeamMember(name: rep, role: role, absent: absent, account: account, emails: emails, akas: akas))
                accountLines[rep] = number
                continue
            }

            if section == "dial" {
                guard key == "command" else { throw fail(number, "unknown dial key '\(key)' (known: command)") }
                config.dialCommand = value
                config.dialCommandLine = number
                continue
            }

            if section == "mail" || section == "text" {
                guard key == "command" || key == "from" else { throw fail(number, "unknown \(section) key '\(key)' (known: command, from)") }
                config.messaging[section + "." + key] = DeskConfig.Setting(value: value, line: number)
                continue
            }

            if section == "session" {
                let limits: [String: ClosedRange<Int>] = ["countdown": 0...30, "calls": 1...1000, "contacts": 1...1000, "appointments": 1...1000]
                guard let range = limits[key] else { throw fail(number, "unknown session key '\(key)' (known: countdown, calls, contacts, appointments)") }
                guard let amount = Int(value), range.contains(amount) else {
                    throw fail(number, "'\(key)' must be a whole number between \(range.lowerBound) and \(range.upperBound), got '\(value)'")
                }
                switch key {
                case "countdown": config.session.countdownSeconds = amount
                case "calls": config.session.calls = amount
                case "contacts": config.session.contacts = amount
                default: config.session.appointments = amount
                }
                continue
            }

            if section == "notify" {
                switch key {
                case "lead_minutes":
                    guard let minutes = Int(value), (0...120).contains(minutes) else {
                        throw fail(number, "'lead_minutes' must be a whole number between 0 and 120, got '\(value)'")
                    }
                    config.reminders.leadMinutes = minutes
                case "policy":
                    guard value == "quiet" || value == "bell" else { throw fail(number, "'policy' must be bell or quiet, got '\(value)'") }
                    config.reminders.quiet = value == "quiet"
                case "command":
                    config.reminders.command = value
                    config.reminders.commandLine = number
                default:
                    throw fail(number, "unknown notify key '\(key)' (known: lead_minutes, policy, command)")
                }
                continue
            }

            if section == "desk" {
                if key == "lock_wait_seconds" {
                    guard let seconds = Int(value), (1...600).contains(seconds) else {
                        throw fail(number, "'lock_wait_seconds' must be a whole number between 1 and 600, got '\(value)'")
                    }
                    config.lockWaitSeconds = seconds
                } else if key == "fixed_clock" {
                    guard value == "yes" || value == "no" else { throw fail(number, "'fixed_clock' must be yes or no, got '\(value)'") }
                    config.fixedClock = value == "yes"
                } else if key == "country" {
                    guard let country = CallingCountry(code: value) else {
                        throw fail(number, "'country' must be a two-letter country code such as GB, US or DE, got '\(value)'")
                    }
                    config.country = country
                } else if key == "time_zone" {
                    guard TimeZone(identifier: value) != nil else {
                        throw fail(number, "'time_zone' must be a time zone name such as Europe/London, got '\(value)'")
                    }
                    config.timeZoneID = value
                } else {
                    throw fail(number, "unknown desk key '\(key)' (known: lock_wait_seconds, fixed_clock, country, time_zone)")
                }
                continue
            }

            if section == "store" {
                guard key == "url" else { throw fail(number, "unknown store key '\(key)' (known: url)") }
                guard value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") else {
                    throw fail(number, "'url' must be a postgres:// URL, got '\(value)'")
                }
                config.storeURL = value
                continue
            }

            // [policy]
            if let entry = integerKeys.first(where: { $0.key == key }) {
                guard let amount = Int(value) else { throw fail(number, "'\(key)' must be a whole number, got '\(value)'") }
                guard entry.range.contains(amount) else {
                    throw fail(number, "'\(key)' must be between \(entry.range.lowerBound) and \(entry.range.upperBound), got \(amount)")
                }
                entry.set(&config.policy, amount)
                if key.hasPrefix("idle_") { idleLines[key] = number }
            } else if key == "retry_gap_days" {
                let parts = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                let gaps = parts.compactMap(Int.init)
                guard gaps.count == parts.count, !gaps.isEmpty, gaps.allSatisfy({ (1...60).contains($0) }) else {
                    throw fail(number, "'retry_gap_days' must be days between 1 and 60 separated by commas, e.g. 2, 3, 5, 7")
                }
                config.policy.retryGapDays = gaps
            } else if key == "calling_hours" {
                guard let range = parseHours(value) else { throw fail(number, "'calling_hours' must look like 09:00-20:00, got '\(value)'") }
                config.policy.callingStartMinute = range.lowerBound
                config.policy.callingEndMinute = range.upperBound
            } else if key == "working_days" {
                var days: Set<Int> = []
                for word in value.lowercased().split(whereSeparator: { $0 == " " || $0 == "," }) {
                    guard let index = weekdays.firstIndex(of: String(word.prefix(3))), word.count >= 3 else {
                        throw fail(number, "'working_days': unknown day '\(word)' (use mon tue wed thu fri sat sun)")
                    }
                    days.insert(index + 1)
                }
                guard !days.isEmpty else { throw fail(number, "'working_days' lists no day") }
                config.policy.workingDays = days
            } else {
                let known = integerKeys.map(\.key) + ["retry_gap_days", "calling_hours", "working_days"]
                throw fail(number, "unknown policy key '\(key)' (known: \(known.joined(separator: ", ")))")
            }
        }
        if config.trust == .sharedHost, let missing = config.members.first(where: { $0.account == nil }) {
            throw fail(
                accountLines[missing.name] ?? 1, "'\(missing.name)' has no user=ACCOUNT: on a shared-host desk every person is mapped to their unix account")
        }
        let policy = config.policy
        if !(policy.idleFlagDays < policy.idleEscalateDays && policy.idleEscalateDays < policy.idleReclaimDays) {
            let line = idleLines["idle_reclaim_days"] ?? idleLines["idle_escalate_days"] ?? idleLines["idle_flag_days"] ?? 1
            throw fail(
                line,
                "the idle steps must grow: idle_flag_days (\(policy.idleFlagDays)) < idle_escalate_days (\(policy.idleEscalateDays)) < idle_reclaim_days (\(policy.idleReclaimDays))"
            )
        }
        return config
    }

    /// A unix account name as `useradd` takes it: letters, digits, '.', '_', '-', not starting with '-'; at most 32.
    static func isAccountName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first != "-", text.utf8.count <= 32 else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    /// "09:00-20:00" as minutes from midnight.
    static func parseHours(_ text: String) -> Range<Int>? {
        let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { return nil }
        func minute(_ text: String) -> Int? {
            let pieces = text.split(separator: ":")
            guard pieces.count == 2, let hour = Int(pieces[0]), let minute = Int(pieces[1]), (0...24).contains(hour), (0..<60).contains(minute) else {
                return nil
            }
            let total = hour * 60 + minute
            return total <= 24 * 60 ? total : nil
        }
        guard let start = minute(parts[0]), let end = minute(parts[1]), start < end else { return nil }
        return start..<end
    }

    /// The text of a new desk's `desk.conf`: the team given, the policy's defaults spelled out, each explained.
    public static func template(members: [TeamMember], policy: CadencePolicy = .standard, fixedClock: Bool = false) -> String {
        var lines = [
            "# Beback desk configuration. '#' starts a comment; a bad line is reported as desk.conf:LINE.",
            "#",
            "# [reps]: one person a line, 'name = rep' or 'name = manager', with 'absent' after the role",
            "# while they are away (round-robin assignment skips them). When this section lists anyone,",
            "# only the people listed may open the desk; 'pool' is reserved for the shared pool.",
            "# On a shared host, map each person to their unix account ('ann = rep, user=ann'): the",
            "# login then says who is at the keyboard, and --rep may only name yourself.",
            "[reps]"
        ]
        for member in members {
            lines.append("\(member.name) = \(member.role.rawValue)\(member.absent ? " absent" : "")\(member.account.map { ", user=\($0)" } ?? "")")
        }
        let days = policy.workingDays.sorted().map { weekdays[$0 - 1] }.joined(separator: " ")
        func hhmm(_ minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }
        lines += [
            "",
            "# [policy]: the follow-up rules; a key left out keeps the practice's default.",
            "[policy]",
            "# A lead untouched this many working days past its due time is flagged on its rep's desk,",
            "# then escalated to the manager, then reclaimed to the shared pool.",
            "idle_flag_days = \(policy.idleFlagDays)",
            "idle_escalate_days = \(policy.idleEscalateDays)",
            "idle_reclaim_days = \(policy.idleReclaimDays)",
            "# The first follow-up of a new lead comes within this many hours.",
            "first_follow_up_hours = \(policy.firstFollowUpHours)",
            "# Days between attempts without contact (the last value repeats).",
            "retry_gap_days = \(policy.retryGapDays.map(String.init).joined(separator: ", "))",
            "# Closing as lost for silence with fewer touches asks for confirmation.",
            "minimum_touches_before_lost = \(policy.minimumTouchesBeforeLost)",
            "long_term_days = \(policy.longTermDays)",
            "satisfaction_days = \(policy.satisfactionDays)",
            "calling_hours = \(hhmm(policy.callingStartMinute))-\(hhmm(policy.callingEndMinute))",
            "working_days = \(days)",
            "",
            "# [dial]: what 'd' at the desk runs to dial the selected lead's number. {number} becomes the",
            "# number as digits with a leading +, {tel} the same as a tel: URI; the program is run",
            "# directly (no shell), its output discarded. Uncomment and adapt, for example:",
            "# [dial]",
            "# command = xdg-open {tel}"
        ]
        if fixedClock {
            lines += ["", "# [desk]: made by 'beback demo --at': its entries may lie ahead of the machine's clock.", "[desk]", "fixed_clock = yes"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
