import BebackCLI

BebackCommand.main()
