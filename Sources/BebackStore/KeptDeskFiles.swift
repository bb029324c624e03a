/// The files a desk keeps beside its journals in a store that is not a folder (PostgreSQL):
/// desk.conf, call scripts and message templates, named as they sit in a desk folder.
public enum KeptDeskFiles {
    /// The folders of a desk whose files are kept beside desk.conf.
    public static let folders = ["scripts", "templates"]

    /// Whether `name` is one: `desk.conf`, `scripts/NAME.script` or `templates/NAME.email|text`
    /// (PostgreSQL's `beback_desk_files` CHECK says the same).
    public static func isKept(_ name: String) -> Bool {
        name == "desk.conf" || name.range(of: "^scripts/[A-Za-z0-9_.-]{1,80}\\.script$", options: .regularExpression) != nil
            || name.range(of: "^templates/[A-Za-z0-9_.-]{1,80}\\.(email|text)$", options: .regularExpression) != nil
    }
}
