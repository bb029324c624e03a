extension Dictionary {
    /// Makes room four times over when the dictionary is full, where inserting would only double it:
    /// an import that fills a dictionary with a key per record then moves its keys a third as often.
    mutating func growFourFoldWhenFull() {
        if count >= capacity { reserveCapacity(Swift.max(64, capacity * 4)) }
    }
}
