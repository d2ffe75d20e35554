package dev.gmp.internal.sched;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * The settings one scheduler instance is built with (validated by the public builder).
 *
 * @param name           thread-name prefix of its Ms
 * @param gomaxprocs     number of Ps
 * @param maxThreads     Go's {@code debug.SetMaxThreads}: more Ms than this is fatal ("thread exhaustion")
 * @param runqCapacity   local run-queue slots per P (256 in Go; tests shrink it to reach the edges)
 * @param panicExit      {@code panic=exit}: an uncaught exception in a goroutine ends the process, like Go
 * @param fullCreationStacks record the whole creating stack of each goroutine, not just the go call's frame
 * @param err            where Go-shaped reports (panics, fatal errors, schedtrace) are written
 * @param fatal          what a fatal error does after printing; Go exits with status 2
 */
public record SchedConfig(String name, int gomaxprocs, int maxThreads, int runqCapacity, boolean panicExit,
                          boolean fullCreationStacks, PrintStream err, Consumer<String> fatal) {

    /** {@code panic=}: what an uncaught exception in a goroutine does ({@link #panicExit}). */
    public enum Panic {
        /** Report it and go on. */
        LOG,
        /** Report it and exit with status 2, as Go does. */
        EXIT
    }

    /** Go's default {@code debug.SetMaxThreads}. */
    public static final int DEFAULT_MAX_THREADS = 10000;
    /** Go's local run queue size (runtime2.go {@code runq [256]guintptr}). */
    public static final int DEFAULT_RUNQ = 256;

    /** Exit with status 2 after the message, as Go's {@code fatal error} does. */
    public static Consumer<String> exitOnFatal() {
        return msg -> Runtime.getRuntime().halt(2);
    }
}
