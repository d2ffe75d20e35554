package dev.gmp.internal.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which frames a traceback shows (golang/go src/runtime/traceback.go showframe: runtime.* hidden unless
 * GOTRACEBACK=system) and Go's header. Go's own output for a goroutine blocked in a channel send
 * ({@code func main() { c := make(chan int); c <- 1 }}, Go 1.19):
 * <pre>
 * fatal error: all goroutines are asleep - deadlock!
 *
 * goroutine 1 [chan send]:
 * main.main()
 * 	/tmp/x/main.go:5 +0x31
 * exit status 2
 * </pre>
 * The user's frame comes right after the header; runtime.gopark, runtime.chansend and runtime.chansend1 are hidden.
 */
class TracebackTest {
    private static StackTraceElement f(String cls, String method) {
        return new StackTraceElement(cls, method, cls.substring(cls.lastIndexOf('.') + 1) + ".java", 10);
    }

    /** The stack of a goroutine parked in Chan.send, innermost first, as the JVM reports it. */
    static final StackTraceElement[] CHAN_SEND = {
        f("java.lang.VirtualThread", "park"),
        f("java.lang.System$1", "parkVirtualThread"),
        f("jdk.internal.misc.VirtualThreads", "park"),
        f("java.util.concurrent.locks.LockSupport", "park"),
        f("dev.gmp.internal.chan.Waiter", "park"),
        f("dev.gmp.internal.chan.Hchan", "send"),
        f("dev.gmp.Chan", "send"),
        f("com.acme.Main", "lambda$main$0"),
        f("dev.gmp.internal.sched.Goroutine", "run"),
        f("java.lang.VirtualThread", "run"),
        f("jdk.internal.vm.Continuation", "enter"),
    };

    @Test
    void theUsersFrameComesFirst() {
        assertEquals(List.of(f("com.acme.Main", "lambda$main$0")), Traceback.visible(CHAN_SEND, false));
    }

    @Test
    void gotracebackSystemShowsTheJdkAndTheRuntime() {
        List<StackTraceElement> all = Traceback.visible(CHAN_SEND, true);
        assertEquals("java.lang.System$1", all.get(0).getClassName(), "only the thread's entry frames are dropped");
        assertEquals(8, all.size(), all::toString);
        assertTrue(Traceback.systemLevel("system") && Traceback.systemLevel("crash") && Traceback.systemLevel("2"));
        assertFalse(Traceback.systemLevel(null) || Traceback.systemLevel("all") || Traceback.systemLevel("single")
                || Traceback.systemLevel("1") || Traceback.systemLevel("bogus"));
    }

    @Test
    void libraryCallsThatAreNotRuntimeFunctionsInGoShow() {
        // time.Sleep and sync.(*WaitGroup).Wait show in Go's tracebacks; so do their counterparts here.
        StackTraceElement sleep = f("dev.gmp.GmpRuntime", "sleep");
        StackTraceElement wait = f("dev.gmp.WaitGroup", "await");
        assertEquals(List.of(sleep, wait), Traceback.visible(new StackTraceElement[] {sleep, wait}, false));
    }

    @Test
    void aClassOutsideTheRuntimeJarShowsWhateverItsPackage() {
        StackTraceElement test = f("dev.gmp.internal.sched.TracebackTest", "run"); // test-classes, not the jar
        StackTraceElement notLoadable = f("dev.gmp.internal.NoSuchClass", "run");
        assertEquals(List.of(test, notLoadable), Traceback.visible(new StackTraceElement[] {test, notLoadable}, false));
    }

    @Test
    void theChannelApiListNamesRealClasses() throws Exception {
        for (String c : new String[] {"dev.gmp.Chan", "dev.gmp.Select", "dev.gmp.Recv"}) {
            Class.forName(c, false, Traceback.class.getClassLoader()); // a rename fails here
            assertTrue(Traceback.visible(new StackTraceElement[] {f(c, "x")}, false).isEmpty(), c);
        }
    }

    /**
     * Go writes {@code , N minutes} for a goroutine waiting a minute or more, plural even for 1. Go 1.19 here, a
     * goroutine blocked in {@code <-c} for 61 s, then the {@code debug=2} dump (two {@code runtime.GC()} calls
     * early on: Go stamps a waiting goroutine's wait start while marking, with the previous collection's time):
     * <pre>
     * goroutine 6 [chan receive, 1 minutes]:
     * main.main.func1()
     * 	/work/scratch/fair/minutes/main.go:13 +0x1f
     * created by main.main
     * 	/work/scratch/fair/minutes/main.go:13 +0x6a
     * </pre>
     */
    @Test
    void minutesAreAlwaysPlural() {
        StringBuilder sb = new StringBuilder();
        Traceback.header(sb, 7, "chan receive", 61_000_000_000L);
        Traceback.header(sb, 8, "sleep", 59_000_000_000L);
        assertEquals("goroutine 7 [chan receive, 1 minutes]:\ngoroutine 8 [sleep]:\n", sb.toString());
    }
}
