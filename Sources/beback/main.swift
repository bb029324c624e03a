import BebackCLI

ProcessLifetime.markExitsAfterCommand()
BebackCommand.main()
