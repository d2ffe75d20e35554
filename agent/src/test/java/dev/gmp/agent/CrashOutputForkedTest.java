package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.testapp.crash.Deadlock;
import dev.gmp.testapp.crash.PanicInGoroutine;
import dev.gmp.testapp.crash.PanicInMain;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A crash reads as Go's does: the report printed once, the user's frame first, exit status 2, no
 * {@code exit status} line (that one is go run's), no {@code created by} for the main goroutine. The Go programs
 * below, built with Go 1.19 and run here, print (their file paths shortened):
 * <pre>
 * // func main() { c := make(chan int); c <- 1 }                                  exit code 2
 * fatal error: all goroutines are asleep - deadlock!
 *
 * goroutine 1 [chan send]:
 * main.main()
 * 	main.go:5 +0x31
 *
 * // func main() { go func() { panic("boom") }(); time.Sleep(time.Second) }     exit code 2
 * panic: boom
 *
 * goroutine 5 [running]:
 * main.main.func1()
 * 	main.go:7 +0x27
 * created by main.main
 * 	main.go:6 +0x25
 * </pre>
 */
class CrashOutputForkedTest {
    private static final Pattern FRAME = Pattern.compile("[\\w.$]+\\(\\.\\.\\.\\)\n\t\\w+\\.java:\\d+\n");

    @Test
    @Timeout(60)
    void deadlock() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(Deadlock.class).agentArgs("banner=off").run();
        assertEquals(2, r.exit(), r.toString());
        String err = r.err();
        String expectedStart = "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan send]:\n"
                + "dev.gmp.testapp.crash.Deadlock.lambda$main$0(...)\n\tDeadlock.java:";
        assertTrue(err.startsWith(expectedStart), "the user's frame right after the header\n" + r);
        assertOnceAndNothingJavaShaped(r, "fatal error: ");
        assertFalse(err.contains("created by"), "no created by for the main goroutine\n" + r);
    }

    @Test
    @Timeout(60)
    void panicInAGoroutine() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(PanicInGoroutine.class).agentArgs("banner=off,panic=exit").run();
        assertEquals(2, r.exit(), r.toString());
        String err = r.err();
        assertTrue(Pattern.compile("panic: boom\n\ngoroutine \\d+ \\[running]:\n"
                + "dev\\.gmp\\.testapp\\.crash\\.PanicInGoroutine\\.lambda\\$main\\$\\d\\(\\.\\.\\.\\)\n"
                + "\tPanicInGoroutine\\.java:\\d+\n"
                + "created by dev\\.gmp\\.testapp\\.crash\\.PanicInGoroutine\\.lambda\\$main\\$\\d in goroutine 1\n"
                + "\tPanicInGoroutine\\.java:\\d+\n").matcher(err).lookingAt(),
                "panic: <GoPanic's message>, then the goroutine, its frame first\n" + r);
        assertOnceAndNothingJavaShaped(r, "panic: ");
    }

    @Test
    @Timeout(60)
    void panicInTheMainGoroutine() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(PanicInMain.class).agentArgs("banner=off,panic=exit").run();
        assertEquals(2, r.exit(), r.toString());
        String err = r.err();
        assertTrue(err.startsWith("panic: java.lang.IllegalStateException: boom\n\ngoroutine 1 [running]:\n"
                + "dev.gmp.testapp.crash.PanicInMain.lambda$main$0(...)\n\tPanicInMain.java:"),
                "an exception's toString(), as Go prints an error's Error()\n" + r);
        assertOnceAndNothingJavaShaped(r, "panic: ");
        assertFalse(err.contains("created by"), "no created by for the main goroutine\n" + r);
    }

    /** Printed once, every frame in Go's two-line shape, no JDK frame, no Java exception trace. */
    private static void assertOnceAndNothingJavaShaped(ForkedJvm.Result r, String first) {
        String err = r.err();
        assertEquals(err.indexOf(first), err.lastIndexOf(first), "printed once\n" + r);
        assertFalse(err.contains("Exception in thread") || err.contains("\tat "), "no Java stack trace\n" + r);
        assertFalse(err.contains("exit status"), "that line is go run's, not the program's\n" + r);
        assertFalse(err.contains("java.") && !err.contains("java.lang.IllegalStateException: boom"),
                "no JDK frames\n" + r);
        assertFalse(err.contains("dev.gmp.internal") || err.contains("dev.gmp.Chan."), "no runtime frames\n" + r);
        assertTrue(FRAME.matcher(err).find(), r.toString());
    }
}
