#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// Scans a whole journal file a window at a time, so that reading a journal of any size keeps only
/// about one window of it in memory: what `JournalScan.scan` finds over the whole file's bytes, with
/// the same problems, torn tail, sequence and chain.
///
/// The file's bytes sit in one range of addresses as long as the file, filled one window after
/// another: read into private memory (`scan`), or mapped from the page cache under the writers'
/// shared lock (`scanMapped`). Each scan resumes where the last valid record ended, and the pages
/// behind it are given back to the system. A window that ends inside a record (or inside damage
/// whose next good record lies beyond it) is not taken for a torn tail: the scan goes on from that
/// record with more of the file in, and only the end of the file decides what is torn.
enum JournalWindowScan {
    /// The bytes brought in ahead of the scan at each step.
    static let defaultWindow = 1 << 20

    /// Scans the journal at `path` (an empty scan when it does not exist), reading it window by
    /// window, and hands each valid record and its payload's bytes to `visit` in file order. The
    /// bytes are valid only during the call.
    static func scan(
        _ path: String, window: Int = defaultWindow, verifyChain: Bool = true, visit: (ScannedRecord, UnsafeRawBufferPointer) -> Void
    ) throws -> JournalScan {
        let fd: Int32
        do { fd = try Posix.open(path, O_RDONLY | Posix.noFollow) } catch StoreError.io(_, _, let code) where code == ENOENT {
            return JournalScan()
        }
        defer { close(fd) }
        let length = try Posix.size(fd, path: path)
        guard length > 0 else { return JournalScan.scan(UnsafeRawBufferPointer(start: nil, count: 0)) }
        guard let base = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0), base != MAP_FAILED else {
            throw StoreError.io(path: path, operation: "mmap", errno: errno)
        }
        defer { munmap(base, length) }
        return try run(length: length, base: base, window: window, verifyChain: verifyChain, visit: visit) { from, to in
            var loaded = from
            while loaded < to {
                let count = pread(fd, base + loaded, to - loaded, off_t(loaded))
                if count < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.io(path: path, operation: "read", errno: errno)
                }
                // The file was cut while it was read (a writer set a torn tail aside): it ends here.
                if count == 0 { break }
                loaded += count
            }
            return loaded
        }
    }

    /// Scans as `scan` does, with the file mapped from the page cache window by window while its
    /// writers' lock (`lockPath`) is held shared, so nothing is copied and no writer can cut a page
    /// that is mapped. Nil when the lock cannot be had at once or a window's pages did not all come
    /// in from the disk (a page that failed would fault when read): the caller then reads the file.
    static func scanMapped(
        _ path: String, lockPath: String, window: Int = defaultWindow, verifyChain: Bool,
        visit: (ScannedRecord, UnsafeRawBufferPointer) -> Void
    ) throws -> (scan: JournalScan, fileSize: Int)? {
        guard let lock = JournalMapping.sharedLock(lockPath) else { return nil }
        defer { JournalMapping.unlock(lock) }
        let fd: Int32
        do { fd = try Posix.open(path, O_RDONLY | Posix.noFollow) } catch StoreError.io(_, _, let code) where code == ENOENT {
            return (JournalScan(), 0)
        }
        defer { close(fd) }
        let length = try Posix.size(fd, path: path)
        guard length > 0 else { return (JournalScan.scan(UnsafeRawBufferPointer(start: nil, count: 0)), 0) }
        // Addresses for the whole file, nothing behind them until a window is mapped in.
        guard let base = mmap(nil, length, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0), base != MAP_FAILED else {
            return nil
        }
        defer { munmap(base, length) }
        var complete = true
        let scan = try run(length: length, base: base, window: window, verifyChain: verifyChain, visit: visit) { from, to in
            guard complete else { return from }
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            let start = from / page * page
            guard mmap(base + start, to - start, PROT_READ, MAP_SHARED | MAP_FIXED | MAP_POPULATE, fd, off_t(start)) != MAP_FAILED,
                JournalMapping.allResident(base + start, length: to - start)
            else {
                complete = false
                return from
            }
            return to
        }
        return complete ? (scan, length) : nil
    }

    /// The loop both ways share: `load(from, to)` brings bytes `from..<to` in and says how far it got
    /// (less at a file cut short while read).
    private static func run(
        length fileLength: Int, base: UnsafeMutableRawPointer, window: Int, verifyChain: Bool,
        visit: (ScannedRecord, UnsafeRawBufferPointer) -> Void, load: (Int, Int) throws -> Int
    ) throws -> JournalScan {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let step = max(window / page, 1) * page
        var length = fileLength
        var reach = step
        var loaded = 0
        var position = 0
        var dropped = 0
        var resume: JournalScan?
        while true {
            let wanted = min(length, (max(loaded, position) + reach + page - 1) / page * page)
            let reached = try load(loaded, wanted)
            if reached < wanted { length = reached }
            loaded = reached
            let bytes = UnsafeRawBufferPointer(start: base, count: loaded)
            let isEnd = loaded >= length
            var scan = JournalScan.scan(bytes, startingAt: position, resume: resume, keepRecords: false, verifyChain: verifyChain) { record in
                visit(record, UnsafeRawBufferPointer(rebasing: bytes[record.payload]))
            }
            if isEnd { return scan }
            guard let header = scan.header else {
                // The header line is not whole yet (bring in more), or it is damaged (nothing more to find).
                if !scan.problems.isEmpty { return scan }
                reach *= 2
                continue
            }
            if header.version > JournalFormat.version {
                scan.validEnd = length
                return scan
            }
            // A tail that stops at the window's edge is only where the reading stopped.
            scan.tornTail = nil
            let advanced = resume == nil || scan.validEnd > position
            reach = advanced ? step : reach * 2
            position = scan.validEnd
            resume = scan
            let behind = position / page * page
            if behind > dropped {
                madvise(base + dropped, behind - dropped, MADV_DONTNEED)
                dropped = behind
            }
        }
    }
}
