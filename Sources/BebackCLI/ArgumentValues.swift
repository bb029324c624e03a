import ArgumentParser
import BebackDomain

// The domain's value types the commands take as arguments (`--outcome reached`, `--channel phone`).
extension Channel: ExpressibleByArgument {}
extension LeadSource: ExpressibleByArgument {}
extension BestTime: ExpressibleByArgument {}
extension Disposition: ExpressibleByArgument {}
extension LostReason: ExpressibleByArgument {}
extension ObjectionCategory: ExpressibleByArgument {}
extension ObjectionStatus: ExpressibleByArgument {}
