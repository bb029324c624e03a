import Foundation

/// Reads an import file into a planner with its records checked on several threads. This thread
/// reads the records in file order (CSV.swift parses the whole text, quoted line breaks and all, so
/// each record and its line number are as read one by one) and sorts the checked records into the
/// plan in file order; the other threads sort chunks of records into lead fields and check them,
/// which depends on nothing but the record. The plan (new leads, duplicates, rejects and their
/// lines, warnings, tallies) and the progress reported are those of reading record by record.
public enum ParallelImportRead {
    /// Reads every record of `reader` into `planner`; `progress` gets the lines read after every
    /// `progressEvery`-th record. With one worker, all of it happens on this thread.
    public static func run(
        _ reader: LeadFileReader, into planner: inout ImportPlanner, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        chunkSize: Int = 512, progressEvery: Int = 256, progress: (Int) -> Void
    ) {
        var count = 0
        guard workers > 1 else {
            while let read = reader.nextRecord() {
                planner.add(read.lead(reader.mapping))
                count += 1
                if count % progressEvery == 0 { progress(read.linesRead) }
            }
            return
        }
        let queue = CheckQueue()
        let mapping = reader.mapping
        for _ in 0..<workers {
            let checker = planner.checker
            DispatchQueue.global(qos: .userInitiated).async { check(queue, checker: checker, mapping: mapping) }
        }
        defer { queue.close() }
        // Chunks read ahead of the plan at most: enough to keep the workers busy, few enough to hold little.
        let ahead = workers * 4
        var submitted = 0
        var planned = 0
        func plan(_ checked: CheckQueue.Checked) {
            for (offset, record) in checked.records.enumerated() {
                planner.add(record)
                count += 1
                if count % progressEvery == 0 { progress(checked.linesRead[offset]) }
            }
            planned += 1
        }
        var finished = false
        while !finished {
            var records: [ReadRecord] = []
            records.reserveCapacity(chunkSize)
            while records.count < chunkSize, let read = reader.nextRecord() { records.append(read) }
            finished = records.count < chunkSize
            if !records.isEmpty {
                _ = queue.submit(records)
                submitted += 1
            }
            while planned < submitted, let checked = queue.take(planned, wait: submitted - planned > ahead) { plan(checked) }
        }
        while planned < submitted, let checked = queue.take(planned, wait: true) { plan(checked) }
    }

    /// A worker: checks chunks until the queue is closed.
    private static func check(_ queue: CheckQueue, checker: RecordChecker, mapping: HeaderMapping) {
        var checker = checker
        while let (number, records) = queue.nextChunk() {
            var checked = CheckQueue.Checked(records: [], linesRead: [])
            checked.records.reserveCapacity(records.count)
            checked.linesRead.reserveCapacity(records.count)
            for read in records {
                checked.records.append(checker.check(read.lead(mapping)))
                checked.linesRead.append(read.linesRead)
            }
            queue.deliver(number, checked)
        }
    }
}
