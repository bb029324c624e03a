/// Problems found by stores outside this module (the PostgreSQL store checks the same things a file
/// scan does and reports them the same way, at the offset the record has in the journal file).
extension JournalProblem {
    public static func found(_ kind: Kind, at offset: Int, _ detail: String) -> JournalProblem {
        JournalProblem(kind: kind, offset: offset, detail: detail)
    }
}

extension LoadProblem {
    public static func found(in journal: JournalName, at path: String, _ problem: JournalProblem) -> LoadProblem {
        LoadProblem(journal: journal, path: path, problem: problem)
    }
}
