#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Seconds on a clock that never jumps, for deadlines.
enum MonotonicClock {
    /// Now, in seconds since an arbitrary fixed point.
    static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
