/// A question on the status line waiting for `y` (anything else says no), and what `y` does.
public struct DeskConfirmation: Equatable, Sendable {
    public var question: String
    public var effect: DeskEffect

    public init(question: String, effect: DeskEffect) {
        self.question = question
        self.effect = effect
    }
}
