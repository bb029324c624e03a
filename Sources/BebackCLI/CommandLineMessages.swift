import BebackDomain

// The domain's refusals carry data and a description that names no flag; the command line says
// which of its flags was wrong and what to type instead (`reportingErrors` prints these).

extension AccessError {
    /// The one line `beback` prints for this refusal.
    var commandLineMessage: String {
        switch self {
        case .managerOnly(let what):
            return "\(what) is for a manager: open the desk with --manager as a rep listed as manager in desk.conf"
        case .notManager(let rep, let managers):
            return "--manager: \(rep) is not a manager in desk.conf (\(AccessError.managersListed(managers)))"
        case .notYourself(let requested, let login, let rep):
            return "--rep \(requested): you are logged in as \(login), rep \(rep); on a shared-host desk you act only as yourself"
        case .notYours, .notOnTeam, .unknownLogin, .rootActsAsNobody:
            return description
        }
    }
}

extension AssignmentError {
    /// The one line `beback assign` prints for this refusal.
    var commandLineMessage: String {
        switch self {
        case .unknownRep: return "--to: \(description)"
        case .toPool: return "--to: use 'beback reclaim' to send leads to the pool"
        case .alreadyOwned, .nobodyPresent: return description
        }
    }
}
