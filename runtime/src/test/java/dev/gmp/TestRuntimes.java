package dev.gmp;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Runtimes for tests: their reports go to a buffer and fatal errors are recorded instead of exiting. */
public final class TestRuntimes implements AutoCloseable {
    public final GmpRuntime rt;
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    public final ConcurrentLinkedQueue<String> fatals = new ConcurrentLinkedQueue<>();

    public TestRuntimes(int procs) {
        this(GmpRuntime.builder().gomaxprocs(procs));
    }

    public TestRuntimes(GmpRuntime.Builder b) {
        rt = b.err(new PrintStream(errBytes, true, StandardCharsets.UTF_8)).onFatal(fatals::add).build();
    }

    /** Everything the runtime wrote to its error stream so far. */
    public String err() {
        synchronized (errBytes) {
            return errBytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        rt.close();
    }
}
