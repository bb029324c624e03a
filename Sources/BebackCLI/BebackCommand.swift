import ArgumentParser

/// The `beback` command line: the desk (the default) and the commands around it.
public struct BebackCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "beback",
        abstract: "A terminal lead desk: work today's follow-ups, record outcomes, never lose a lead.",
        discussion: """
            With no command, opens the desk on the desk folder. Every change is appended to the \
            desk's journal files and synced before it is shown as saved.

            Environment: BEBACK_DATA (desk folder), BEBACK_REP (rep name), BEBACK_NOW (fixed clock), \
            NO_COLOR (no colours), BEBACK_STORE (a postgres:// URL: the journals on PostgreSQL; PGPASSWORD its password).
            """,
        version: BebackVersion.current,
        subcommands: [
            DeskCommand.self, InitCommand.self, DemoCommand.self, AddCommand.self, LogCommand.self, SnoozeCommand.self, DecisionCommand.self,
            FeedbackCommand.self, ObjectionCommand.self, ReopenCommand.self, DoNotContactCommand.self,
            DueCommand.self, FindCommand.self, ShowCommand.self, VerifyCommand.self, ImportCommand.self, ExportCommand.self,
            ScriptsCommand.self, TemplatesCommand.self, SendCommand.self, AuditCommand.self, ReportCommand.self, ReclaimCommand.self, AssignCommand.self,
            CompactCommand.self, SalvageCommand.self, MigrateCommand.self, RebuildCommand.self, GrantCommand.self, DeskFilesCommand.self
        ],
        defaultSubcommand: DeskCommand.self
    )

    public init() {}
}

/// This build's version: `--version`, and the version a snapshot must carry to be used.
public enum BebackVersion {
    public static let current = "0.1.0"
}
