package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syscall handoff without the agent, through {@link GmpRuntime#syscall}: a goroutine blocked in a real
 * carrier-blocking read (a named pipe) loses its P to sysmon, a new M runs the other goroutines, and when the
 * read returns the goroutine gets a P back (proc.go entersyscall/retake/exitsyscall).
 */
class SyscallTest {

    @Test
    void blockedFifoReadHandsThePOffAndOthersKeepRunning(@TempDir Path dir) throws Exception {
        Path fifo = mkfifo(dir);
        try (TestRuntimes t = new TestRuntimes(1)) {
            AtomicInteger progress = new AtomicInteger();
            AtomicLong readByte = new AtomicLong(-1);
            CountDownLatch readerDone = new CountDownLatch(1);
            CountDownLatch inSyscall = new CountDownLatch(1);
            t.rt.go(() -> {
                try {
                    inSyscall.countDown();
                    int b = t.rt.syscall(() -> {
                        try (FileInputStream in = new FileInputStream(fifo.toFile())) { // blocks in open+read
                            return in.read();
                        }
                    });
                    readByte.set(b);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                readerDone.countDown();
            });
            assertTrue(inSyscall.await(10, TimeUnit.SECONDS));
            CountDownLatch ticker = new CountDownLatch(20);
            t.rt.go(() -> {
                for (int i = 0; i < 20; i++) {
                    progress.incrementAndGet();
                    t.rt.sleep(java.time.Duration.ofMillis(5));
                    ticker.countDown();
                }
            });
            assertTrue(ticker.await(20, TimeUnit.SECONDS),
                    "with GOMAXPROCS=1 the second goroutine must run while the first blocks in a syscall\n"
                            + t.rt.schedtrace(true));
            GmpStats during = t.rt.stats();
            assertTrue(during.handoffsSysmon() >= 1, "sysmon retook the P: " + during);
            assertTrue(during.threads().created() >= 2, "a second M was started: " + during.threads());
            assertEquals(1, during.threads().syscall(), "one M blocked in the syscall");
            try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
                out.write(42);
            }
            assertTrue(readerDone.await(10, TimeUnit.SECONDS));
            assertEquals(42, readByte.get());
            GmpStats after = t.rt.stats();
            assertEquals(0, after.threads().syscall());
            assertEquals(1, after.syscalls());
        }
    }

    @Test
    void fastSyscallsKeepTheirPAndCreateNoThreads() throws Exception {
        try (TestRuntimes t = new TestRuntimes(1)) {
            int n = 100_000;
            t.rt.run(() -> {
                for (int i = 0; i < n; i++) {
                    try {
                        t.rt.syscall(() -> 1);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }
            });
            GmpStats s = t.rt.stats();
            assertEquals(n, s.syscalls());
            assertTrue(s.threads().created() <= 3, "no handoff storm: " + s.threads());
            assertTrue(s.handoffsSysmon() < 100, "fast syscalls are rarely retaken: " + s.handoffsSysmon());
        }
    }

    @Test
    void syscallFromPlatformThreadJustRunsTheCall() throws Exception {
        try (TestRuntimes t = new TestRuntimes(1)) {
            assertEquals("x", t.rt.syscall(() -> "x"));
            assertEquals(0, t.rt.stats().syscalls());
        }
    }

    @Test
    void moreBlockedSyscallsThanMaxThreadsIsThreadExhaustion(@TempDir Path dir) throws Exception {
        Path fifo = mkfifo(dir);
        try (TestRuntimes t = new TestRuntimes(GmpRuntime.builder().gomaxprocs(1).maxThreads(3))) {
            for (int i = 0; i < 6; i++) {
                t.rt.go(() -> {
                    try {
                        t.rt.syscall(() -> {
                            try (FileInputStream in = new FileInputStream(fifo.toFile())) { // blocks the M in open
                                return in.read();
                            }
                        });
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (t.fatals.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
                out.write(1); // release the blocked readers
            }
            assertFalse(t.fatals.isEmpty(), "expected thread exhaustion; " + t.rt.stats().threads());
            assertTrue(t.err().contains("runtime: program exceeds 3-thread limit\nfatal error: thread exhaustion"),
                    t.err());
        }
    }

    static Path mkfifo(Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        return fifo;
    }
}
