package dev.gmp.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time a server JVM's JIT compiler threads have used, read from Linux's {@code /proc} (the threads named
 * {@code C1 CompilerThre...} and {@code C2 CompilerThre...}). {@link ServerBench}'s apps mode loads each JVM until
 * its compilers have settled: its three JVMs share the server's CPUs, so one JVM's compilations would take time
 * from another's measured slice. Elsewhere than Linux it reads nothing, and the fixed warm-up alone applies.
 */
final class JitSettle {
    /** Linux's USER_HZ: the unit of a thread's utime and stime in {@code /proc/PID/task/TID/stat}. */
    private static final long MS_PER_TICK = 10;

    private final long pid;
    private Map<String, Long> last = new HashMap<>();

    JitSettle(long pid) {
        this.pid = pid;
    }

    /** Whether this system has the {@code /proc} files read here. */
    static boolean available() {
        return Files.isDirectory(Path.of("/proc/self/task"));
    }

    /**
     * The milliseconds of CPU the compiler threads used since the previous call (since their start at the first).
     * HotSpot ends and starts compiler threads as the queue of compilations grows and shrinks; a thread that ended
     * in between is not counted, which loses at most what it used after the previous call.
     */
    long sinceLast() throws IOException {
        Map<String, Long> now = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) threads::iterator) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException gone) { // the thread ended while listed
                    continue;
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close);
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    String[] f = stat.substring(close + 2).split(" ");
                    now.put(t.getFileName().toString(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                }
            }
        }
        long ticks = 0;
        for (Map.Entry<String, Long> e : now.entrySet()) {
            ticks += e.getValue() - last.getOrDefault(e.getKey(), 0L);
        }
        last = now;
        return ticks * MS_PER_TICK;
    }
}
