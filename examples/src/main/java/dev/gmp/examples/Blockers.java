package dev.gmp.examples;

import dev.gmp.Go;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Calls that really block the carrier thread (an M), as Go's blocking system calls do. */
final class Blockers {
    private Blockers() {}

    /**
     * Opens and reads a named pipe whose writer comes after {@code d}: an open(2) and read(2) that hold the M
     * for about {@code d}, run as a Go system call (the P can be handed to another M meanwhile).
     *
     * <p>Only calls that block the carrier belong in {@code Go.syscall}; a call that parks the virtual thread
     * (socket I/O, a Process stream on recent JDKs, {@code Thread.sleep}) must not be wrapped.
     */
    static int fifoRead(Duration d) throws Exception {
        Path dir = Files.createTempDirectory("gmp-fifo");
        Path fifo = dir.resolve("pipe");
        try {
            if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() != 0) {
                throw new IOException("mkfifo " + fifo + " failed");
            }
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    Thread.sleep(d.toMillis());
                    try (FileOutputStream w = new FileOutputStream(fifo.toFile())) {
                        w.write(42);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            int b = Go.syscall(() -> {
                try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                    return in.read();
                }
            });
            writer.join();
            return b;
        } finally {
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(dir);
        }
    }
}
