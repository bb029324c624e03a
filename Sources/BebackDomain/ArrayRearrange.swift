extension Array {
    /// Puts the elements in a new order without copying any: afterwards the element at `i` is the
    /// one that was at `places[i]` (`places` must name every index once). Elements are swapped
    /// round each cycle of the order, so a large element with references in it is moved, never
    /// copied and released.
    public mutating func rearrange(taking places: [Int32]) {
        precondition(places.count == count, "a new order must name every element once")
        var done = [Bool](repeating: false, count: count)
        for start in indices where !done[start] {
            var position = start
            while true {
                done[position] = true
                let source = Int(places[position])
                if source == start { break }
                swapAt(position, source)
                position = source
            }
        }
    }
}
