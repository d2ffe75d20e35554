package dev.gmp.examples;

import dev.gmp.Gmp;
import dev.gmp.GmpStats;
import dev.gmp.Go;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Syscall blocking. Four goroutines block their Ms in reads of a named pipe (a real blocking system call),
 * while a fifth keeps ticking. Watch: sysmon sees each P stuck in a syscall and hands it to another M (P
 * handoffs, threads created), the ticker never stops; when the pipe is written the readers return, their Ms
 * go idle, and a second round reuses them (no new threads).
 */
public final class SyscallBlocking implements Example {
    @Override
    public String name() {
        return "syscall";
    }

    @Override
    public String summary() {
        return "goroutines blocked in pipe reads: P handed off, Ms created, then reused";
    }

    @Override
    public String run(Narrator out) throws Exception {
        out.say("4 goroutines read from a named pipe inside Go.syscall(...) (with the agent, plain\n"
                + "FileInputStream.read is rewritten the same way). Each blocks its M; sysmon retakes the P\n"
                + "after 20us-10ms and gives it to another M, so a ticking goroutine keeps running.");
        Path dir = Files.createTempDirectory("gmp-syscall");
        Path fifo = dir.resolve("pipe");
        if (new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("mkfifo failed");
        }
        GmpStats before = Gmp.stats();
        AtomicLong ticks = new AtomicLong();
        long threadsAfterRound1 = 0;
        for (int round = 1; round <= 2; round++) {
            int readers = 4;
            CountDownLatch done = new CountDownLatch(readers);
            CountDownLatch tickerDone = new CountDownLatch(1);
            for (int i = 0; i < readers; i++) {
                Go.go(() -> {
                    try {
                        Go.syscall(() -> {
                            try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                                return in.read();
                            }
                        });
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    done.countDown();
                });
            }
            Go.go(() -> {
                for (int i = 0; i < 20; i++) {
                    ticks.incrementAndGet();
                    Go.sleep(Duration.ofMillis(10));
                }
                tickerDone.countDown();
            });
            Work.await(tickerDone);
            GmpStats mid = Gmp.stats();
            out.say("round " + round + ", readers blocked: threads in syscall=" + mid.threads().syscall()
                    + ", ticks so far=" + ticks.get());
            out.schedtrace();
            try (FileOutputStream w = new FileOutputStream(fifo.toFile())) {
                w.write(1);
            }
            Work.await(done);
            if (round == 1) {
                // Let the returning Ms park on the idle list, however long a loaded machine takes to run them: no M
                // left in a syscall or between giving up its P and parking.
                Work.until(() -> {
                    GmpStats.ThreadStats t = Gmp.stats().threads();
                    return t.syscall() == 0 && t.idle() + t.running() + t.spinning() == t.created();
                }, 30_000);
                threadsAfterRound1 = Gmp.stats().threads().created();
            }
        }
        GmpStats after = Gmp.stats();
        out.counters(before, after);
        out.say("threads after round 1: " + threadsAfterRound1 + ", after round 2: " + after.threads().created()
                + " (idle Ms are reused)");
        Files.deleteIfExists(fifo);
        Files.deleteIfExists(dir);
        return "handoffs +" + (after.handoffsSysmon() - before.handoffsSysmon()) + ", threads "
                + before.threads().created() + "->" + after.threads().created();
    }
}
