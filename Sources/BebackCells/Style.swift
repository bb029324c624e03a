/// How a cell looks: a foreground colour plus bold, reverse, underline and dim.
///
/// Styles are the program's own decoration; they are applied after outside text has been
/// sanitized, so text can never choose its own style. On a terminal without colours (or
/// with colours turned off) the screen draws `monochrome` instead.
public struct Style: Hashable, Sendable {
    /// The eight colours every colour terminal has; `default` is the terminal's own
    /// foreground colour.
    public enum Color: Hashable, Sendable, CaseIterable {
        case `default`, red, green, yellow, blue, magenta, cyan, white
    }

    public var foreground: Color
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool

    public init(
        foreground: Color = .default,
        bold: Bool = false,
        reverse: Bool = false,
        underline: Bool = false,
        dim: Bool = false
    ) {
        self.foreground = foreground
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }

    /// Ordinary text.
    public static let plain = Style()
    /// Title and status bars.
    public static let header = Style(bold: true, reverse: true)
    /// The selected row.
    public static let selected = Style(reverse: true)
    /// Something that needs attention soon (for example a follow-up due today).
    public static let warning = Style(foreground: .yellow, bold: true)
    /// Secondary text: hints, timestamps.
    public static let muted = Style(dim: true)
    /// Highlights: key names in help, the focused pane's title.
    public static let accent = Style(foreground: .cyan, bold: true)
    /// Failures (for example a journal write that did not reach the disk).
    public static let error = Style(foreground: .red, bold: true)

    /// This style for a terminal without colours: the colour is dropped and replaced by
    /// attributes, so coloured text still stands out. Red and yellow (errors, warnings)
    /// become bold and underlined; other colours become bold.
    public var monochrome: Style {
        var style = self
        style.foreground = .default
        switch foreground {
        case .default:
            break
        case .red, .yellow:
            style.bold = true
            style.underline = true
        case .green, .blue, .magenta, .cyan, .white:
            style.bold = true
        }
        return style
    }
}
