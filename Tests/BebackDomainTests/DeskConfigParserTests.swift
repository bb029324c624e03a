import BebackDomain
import Foundation
import Testing

@Suite("desk.conf is read line by line; a bad line is named")
struct DeskConfigParserTests {
    @Test("reps with roles and absence, and policy keys")
    func reads() throws {
        let text = """
            # the team
            [reps]
            ann = rep
            joe = rep absent   # on holiday
            mia = manager

            [policy]
            idle_flag_days = 2
            idle_escalate_days = 4
            idle_reclaim_days = 6
            retry_gap_days = 1, 2, 4
            calling_hours = 08:30-19:00
            working_days = mon tue wed thu fri sat
            """
        let config = try DeskConfigParser.parse(text)
        #expect(
            config.members == [TeamMember(name: "ann", role: .rep), TeamMember(name: "joe", role: .rep, absent: true), TeamMember(name: "mia", role: .manager)])
        #expect(config.managers == ["mia"])
        #expect(config.assignableReps == ["ann"])
        #expect(config.role(of: "ann") == .rep)
        #expect(config.role(of: "zed") == nil)
        #expect(config.policy.idleFlagDays == 2 && config.policy.idleEscalateDays == 4 && config.policy.idleReclaimDays == 6)
        #expect(config.policy.retryGapDays == [1, 2, 4])
        #expect(config.policy.callingStartMinute == 8 * 60 + 30 && config.policy.callingEndMinute == 19 * 60)
        #expect(config.policy.workingDays == [2, 3, 4, 5, 6, 7])
    }

    @Test("the [dial] section's command is kept as written, with its line")
    func dial() throws {
        let config = try DeskConfigParser.parse("[reps]\nann = rep\n\n[dial]\ncommand = \"/opt/My Phone/dial\" --call {tel}\n")
        #expect(config.dialCommand == "\"/opt/My Phone/dial\" --call {tel}")
        #expect(config.dialCommandLine == 5)
        #expect(try DeskConfigParser.parse("[reps]\nann = rep\n").dialCommand == nil)
    }

    @Test(
        "a call's length reads and prints as 45s, 3m12s, 1h02m",
        arguments: [
            ("3m12s", 192), ("192", 192), ("3:12", 192), ("45s", 45), ("12m", 720), ("1h02m", 3720), ("1:02:00", 3720)
        ])
    func callDuration(text: String, seconds: Int) {
        #expect(CallDuration.parse(text) == seconds)
    }

    @Test("a call's length that is not one is refused, and lengths print compactly")
    func callDurationText() {
        for bad in ["", "soon", "3x", "m3", "3:75", "-4", "3m3m"] { #expect(CallDuration.parse(bad) == nil, "\(bad)") }
        #expect(CallDuration.text(45) == "45s")
        #expect(CallDuration.text(192) == "3m12s")
        #expect(CallDuration.text(3720) == "1h02m")
        #expect(CallDuration.text(-5) == "0s")
    }

    @Test("[desk] time_zone names the desk's zone; none leaves it to the machine")
    func timeZone() throws {
        #expect(try DeskConfigParser.parse("[desk]\ntime_zone = America/Chicago\n").timeZoneID == "America/Chicago")
        #expect(try DeskConfigParser.parse("[desk]\nfixed_clock = no\n").timeZoneID == nil)
    }

    @Test("an empty file is an open desk with the standard policy")
    func empty() throws {
        let config = try DeskConfigParser.parse("# nothing yet\n\n")
        #expect(config == DeskConfig())
        #expect(config.role(of: "anyone") == .rep)
    }

    @Test("the template reads back as the team and policy it was made from")
    func template() throws {
        let members = [TeamMember(name: "ann", role: .rep), TeamMember(name: "mia", role: .manager), TeamMember(name: "joe", role: .rep, absent: true)]
        let config = try DeskConfigParser.parse(DeskConfigParser.template(members: members))
        #expect(config == DeskConfig(members: members, policy: .standard))
    }

    @Test(
        "each malformed line is reported with its number and reason",
        arguments: [
            ("[reps]\nann rep\n", "desk.conf:2: expected 'key = value', got 'ann rep'"),
            ("ann = rep\n", "desk.conf:1: 'ann' comes before any section: start with [reps], [policy], [dial], [store] or [desk]"),
            ("[team]\n", "desk.conf:1: unknown section [team] (known: [reps], [policy], [dial], [store], [desk], [mail], [text], [session], [notify])"),
            ("[session]\ncountdown = 99\n", "desk.conf:2: 'countdown' must be a whole number between 0 and 30, got '99'"),
            ("[session]\ncalls = lots\n", "desk.conf:2: 'calls' must be a whole number between 1 and 1000, got 'lots'"),
            ("[session]\nwins = 2\n", "desk.conf:2: unknown session key 'wins' (known: countdown, calls, contacts, appointments)"),
            ("[notify]\nlead_minutes = -1\n", "desk.conf:2: 'lead_minutes' must be a whole number between 0 and 120, got '-1'"),
            ("[notify]\npolicy = loud\n", "desk.conf:2: 'policy' must be bell or quiet, got 'loud'"),
            ("[notify]\nsound = yes\n", "desk.conf:2: unknown notify key 'sound' (known: lead_minutes, policy, command)"),
            ("[reps\n", "desk.conf:1: a section header needs a closing ']'"),
            ("[reps]\nann = boss\n", "desk.conf:2: 'ann': unknown role 'boss' (use rep or manager, optionally followed by absent and user=ACCOUNT)"),
            ("[reps]\nann = rep away\n", "desk.conf:2: 'ann': unknown flag 'away' (known: absent, user=ACCOUNT, email=ADDRESS, aka=\"NAME\")"),
            (
                "[reps]\nann = rep, user=ann\nben = rep\n",
                "desk.conf:3: 'ben' has no user=ACCOUNT: on a shared-host desk every person is mapped to their unix account"
            ),
            ("[reps]\nann = rep, user=ann\nben = rep, user=ann\n", "desk.conf:3: 'ben': user=ann is already ann's account"),
            ("[reps]\nann = rep, user=-x\n", "desk.conf:2: 'ann': '-x' is not a unix account name"),
            ("[desk]\nlock_wait_seconds = 0\n", "desk.conf:2: 'lock_wait_seconds' must be a whole number between 1 and 600, got '0'"),
            ("[desk]\nfixed_clock = maybe\n", "desk.conf:2: 'fixed_clock' must be yes or no, got 'maybe'"),
            ("[desk]\ntime_zone = Mars/Olympus\n", "desk.conf:2: 'time_zone' must be a time zone name such as Europe/London, got 'Mars/Olympus'"),
            ("[reps]\npool = rep\n", "desk.conf:2: 'pool' is the shared pool's name and cannot be a rep"),
            ("[reps]\nann/x = rep\n", "desk.conf:2: 'ann/x' is not a usable rep name (letters, digits, '-', '_', '.'; at most 32)"),
            ("[reps]\nann = rep\n\nann = manager\n", "desk.conf:4: 'ann' is set twice (first on line 2)"),
            ("[policy]\nidle_flag_days = soon\n", "desk.conf:2: 'idle_flag_days' must be a whole number, got 'soon'"),
            ("[policy]\nidle_flag_days = 0\n", "desk.conf:2: 'idle_flag_days' must be between 1 and 365, got 0"),
            (
                "[policy]\ncolour = red\n",
                "desk.conf:2: unknown policy key 'colour' (known: idle_flag_days, idle_escalate_days, idle_reclaim_days, first_follow_up_hours, minimum_touches_before_lost, long_term_days, satisfaction_days, nurture_days, switch_channel_after, retry_gap_days, calling_hours, working_days)"
            ),
            ("[policy]\ncalling_hours = 9-5\n", "desk.conf:2: 'calling_hours' must look like 09:00-20:00, got '9-5'"),
            ("[policy]\nworking_days = mon funday\n", "desk.conf:2: 'working_days': unknown day 'funday' (use mon tue wed thu fri sat sun)"),
            ("[dial]\nprogram = softphone\n", "desk.conf:2: unknown dial key 'program' (known: command)"),
            ("[dial]\ncommand =\n", "desk.conf:2: 'command' has no value"),
            ("[policy]\nidle_flag_days =\n", "desk.conf:2: 'idle_flag_days' has no value"),
            ("[policy]\nidle_escalate_days = 8\n", "desk.conf:2: the idle steps must grow: idle_flag_days (3) < idle_escalate_days (8) < idle_reclaim_days (7)")
        ])
    func malformed(text: String, message: String) {
        #expect(throws: DeskConfigError.self) { try DeskConfigParser.parse(text) }
        do {
            _ = try DeskConfigParser.parse(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("[session] sets the countdown and the goals, [notify] the reminders; left out, the defaults")
    func sessionAndNotify() throws {
        let config = try DeskConfigParser.parse(
            "[session]\ncountdown = 5\ncalls = 40\ncontacts = 10\nappointments = 3\n[notify]\nlead_minutes = 10\npolicy = quiet\ncommand = notify-send {name}\n"
        )
        #expect(config.session == SessionSettings(countdownSeconds: 5, calls: 40, contacts: 10, appointments: 3))
        #expect(config.reminders.leadMinutes == 10 && config.reminders.quiet && config.reminders.command == "notify-send {name}")
        #expect(config.reminders.commandLine == 9)
        let plain = try DeskConfigParser.parse("[reps]\nann = rep\n")
        #expect(plain.session == SessionSettings() && !plain.session.hasGoals)
        #expect(plain.reminders == ReminderSettings())
    }

    @Test("[desk] country names the country of national phone numbers")
    func country() throws {
        #expect(try DeskConfigParser.parse("[desk]\ncountry = GB").country?.callingCode == "44")
        #expect(try DeskConfigParser.parse("[desk]\ncountry = de").country?.code == "DE")
        #expect(try DeskConfigParser.parse("[reps]\nann = rep").country == nil)
        #expect(throws: DeskConfigError(line: 2, reason: "'country' must be a two-letter country code such as GB, US or DE, got 'Narnia'")) {
            try DeskConfigParser.parse("[desk]\ncountry = Narnia")
        }
    }
}

@Suite("desk.conf's [mail] and [text] sections")
struct DeskConfigMessagingTests {
    @Test("command and from are read with their lines; an unknown key is named")
    func messaging() throws {
        let config = try DeskConfigParser.parse("[mail]\ncommand = msmtp -t\nfrom = Ann <ann@x.example>\n[text]\ncommand = gw {tel}\n")
        #expect(config.messaging["mail.command"] == DeskConfig.Setting(value: "msmtp -t", line: 2))
        #expect(config.messaging["mail.from"]?.value == "Ann <ann@x.example>")
        #expect(config.messaging["text.command"] == DeskConfig.Setting(value: "gw {tel}", line: 5))
        #expect(throws: (any Error).self) { try DeskConfigParser.parse("[text]\nsender = x\n") }
    }
}
