import CFuzzDriver
#if canImport(Glibc)
import Glibc
#endif

// SwiftPM makes this file the program's main; hand control to libFuzzer's driver, which calls
// `LLVMFuzzerTestOneInput` (JournalReaderFuzz.swift) with each input.
var arguments = CommandLine.argc
var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &vector) { data, size in journalReaderFuzz(data, size) })
