import Foundation

/// Reads an import file into a planner with its records checked on several threads. This thread
/// reads the records in file order (CSV.swift parses the whole text, quoted line breaks and all, so
/// each record and its line number are as read one by one) and reports progress; other threads sort
/// chunks of records into lead fields and check them, which depends on nothing but the record; one
/// more sorts the checked records into the plan in file order. The plan (new leads, duplicates,
/// rejects and their lines, warnings, tallies) and the progress reported are those of reading
/// record by record.
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
        // Threads of their own, not the shared pool's: each waits on the queue, which could starve a pool as wide as the cores.
        for _ in 0..<workers {
            let checker = planner.checker
            Thread { check(queue, checker: checker, mapping: mapping) }.start()
        }
        let planned = ResultBox<ImportPlanner>()
        let planning = DispatchSemaphore(value: 0)
        let start = planner
        Thread {
            planned.put(plan(queue, into: start))
            planning.signal()
        }.start()
        // Chunks read ahead of the plan at most: enough to keep the workers busy, few enough to hold little.
        let ahead = workers * 4
        var finished = false
        while !finished {
            queue.waitForRoom(ahead)
            var records: [ReadRecord] = []
            records.reserveCapacity(chunkSize)
            while records.count < chunkSize, let read = reader.nextRecord() {
                count += 1
                if count % progressEvery == 0 { progress(read.linesRead) }
                records.append(read)
            }
            finished = records.count < chunkSize
            if !records.isEmpty { _ = queue.submit(records) }
        }
        queue.close()
        planning.wait()
        if let result = planned.take() { planner = result }
    }

    /// A worker: checks chunks until the queue is closed.
    private static func check(_ queue: CheckQueue, checker: RecordChecker, mapping: HeaderMapping) {
        var checker = checker
        while let (number, records) = queue.nextChunk() {
            var checked: [CheckedRecord] = []
            checked.reserveCapacity(records.count)
            for read in records { checked.append(checker.check(read.lead(mapping))) }
            queue.deliver(number, checked)
        }
    }

    /// The planner's thread: sorts the checked chunks into the plan in their order, until the last.
    private static func plan(_ queue: CheckQueue, into start: ImportPlanner) -> ImportPlanner {
        var planner = start
        var number = 0
        while let checked = queue.take(number) {
            for record in checked { planner.add(record) }
            number += 1
        }
        return planner
    }
}
