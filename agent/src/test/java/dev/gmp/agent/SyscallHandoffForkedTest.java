package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.testapp.Designated;
import dev.gmp.testapp.FastSyscalls;
import dev.gmp.testapp.FifoRead;
import dev.gmp.testapp.FifoStarveJdk;
import dev.gmp.testapp.ThreadLimit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Blocking calls rewritten into the syscall path, on a forked JVM with the real jar. */
class SyscallHandoffForkedTest {
    @TempDir
    Path dir;

    private Path mkfifo(String name) throws IOException, InterruptedException {
        Path p = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
        return p;
    }

    @Test
    @Timeout(60)
    void blockingFifoReadDoesNotStopTheOtherGoroutine() throws Exception {
        Path fifo = mkfifo("pipe");
        ForkedJvm.Result r = ForkedJvm.main(FifoRead.class, fifo.toString())
                .agentArgs("gomaxprocs=1,banner=off").timeout(40).run();
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("ticker progressed while the reader was blocked"), r.toString());
        assertEquals(200, r.value("ticks"), r.toString());
        assertTrue(r.out().contains("data hello"), r.toString());
        assertEquals(1, r.value("gomaxprocs"), r.toString());
        assertTrue(r.value("handoffs") >= 1, "the blocked P was handed off\n" + r);
        assertTrue(r.value("threads_created") >= 2, "an M was added for the handed-off P\n" + r);
        assertTrue(r.value("syscalls") >= 2, "open and read were syscalls\n" + r);
    }

    @Test
    @Timeout(60)
    void theJdkSchedulerStarvesWithTwoCarriersAndTwoBlockedReaders() throws Exception {
        Path a = mkfifo("a");
        Path b = mkfifo("b");
        ForkedJvm.Result r = ForkedJvm.main(FifoStarveJdk.class, a.toString(), b.toString()).noAgent()
                .jvm("-Djdk.virtualThreadScheduler.parallelism=2", "-Djdk.virtualThreadScheduler.maxPoolSize=2")
                .timeout(40).run();
        assertEquals(0, r.exit(), r.toString());
        assertEquals(0, r.value("ticks_while_blocked"), "both carriers pinned: the third thread starves\n" + r);
        assertTrue(r.value("ticks_after_release") > 0, r.toString());
    }

    @Test
    @Timeout(60)
    void fastSyscallsTakeTheFastPath() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(FastSyscalls.class, "100000")
                .agentArgs("gomaxprocs=2,banner=off").timeout(40).run();
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.value("syscalls") >= 100_000, "every read was a syscall\n" + r);
        assertTrue(r.value("handoffs") < 1_000, "no handoff storm (<1% of the reads)\n" + r);
        assertTrue(r.value("threads_created") <= r.value("gomaxprocs") + 2, "Ms stay near GOMAXPROCS\n" + r);
    }

    @Test
    @Timeout(60)
    void designatedMethodsAreSyscalls() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(Designated.class)
                .agentArgs("gomaxprocs=1,banner=off,blocking=dev.gmp.testapp.Designated#byPattern;"
                        + "dev.gmp.testapp.Designated#noSuchMethod")
                .timeout(40).run();
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.value("byPattern_syscalls") >= 1, r.toString());
        assertTrue(r.value("byAnnotation_syscalls") >= 1, r.toString());
        assertEquals(0, r.value("undesignated_syscalls"), r.toString());
        // The P was handed off during the designated calls: the ticker ran on the one P meanwhile.
        assertTrue(r.value("byPattern_ticks") >= 10, r.toString());
        assertTrue(r.value("byAnnotation_ticks") >= 10, r.toString());
        assertTrue(r.value("undesignated_ticks") <= 1, "an undesignated busy call keeps its P\n" + r);
        assertTrue(r.err().contains("gmp-agent: warning: blocking=dev.gmp.testapp.Designated#noSuchMethod:"),
                "a designated method that does not exist is named in a warning\n" + r);
    }

    @Test
    @Timeout(60)
    void aBlockingFileDesignatesToo() throws Exception {
        Path patterns = dir.resolve("blocking.txt");
        java.nio.file.Files.writeString(patterns, "# methods that hold their carrier\n"
                + "dev.gmp.testapp.Designated#byPattern\n");
        ForkedJvm.Result r = ForkedJvm.main(Designated.class)
                .agentArgs("gomaxprocs=1,banner=off,blocking.file=" + patterns).timeout(40).run();
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.value("byPattern_syscalls") >= 1, r.toString());
        assertTrue(r.value("byPattern_ticks") >= 10, r.toString());
        assertEquals(0, r.value("undesignated_syscalls"), r.toString());
    }

    @Test
    @Timeout(60)
    void tooManyBlockedThreadsIsGosThreadExhaustion() throws Exception {
        Path fifo = mkfifo("never-written");
        ForkedJvm.Result r = ForkedJvm.main(ThreadLimit.class, fifo.toString(), "12")
                .agentArgs("gomaxprocs=1,maxthreads=5,banner=off").timeout(40).run();
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("runtime: program exceeds 5-thread limit"), r.toString());
        assertTrue(r.err().contains("fatal error: thread exhaustion"), r.toString());
        assertTrue(!r.out().contains("survived"), r.toString());
    }
}
