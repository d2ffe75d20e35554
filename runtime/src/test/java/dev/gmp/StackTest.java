package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Semantics of golang/go src/runtime/debug/stack_test.go TestStack (the frames debug.Stack lists, itself first,
 * then its callers in order) and of runtime.Stack(buf, false) (src/runtime/mprof.go): the calling goroutine's
 * traceback in the dump's format, {@code created by} for every goroutine but main.
 *
 * <p>Go 1.19, {@code f()} calling both from main and then from a goroutine:
 * <pre>
 * goroutine 1 [running]:
 * main.f()
 * 	/tmp/gotb/st/main.go:11 +0x45
 * main.main()
 * 	/tmp/gotb/st/main.go:17 +0x19
 * ---
 * goroutine 1 [running]:
 * runtime/debug.Stack()
 * 	/usr/lib/go-1.19/src/runtime/debug/stack.go:24 +0x65
 * main.f()
 * 	/tmp/gotb/st/main.go:13 +0xac
 * main.main()
 * 	/tmp/gotb/st/main.go:17 +0x19
 * ---
 * goroutine 18 [running]:
 * main.f()
 * 	/tmp/gotb/st/main.go:11 +0x45
 * main.main.func1()
 * 	/tmp/gotb/st/main.go:19 +0x25
 * created by main.main
 * 	/tmp/gotb/st/main.go:19 +0x6a
 * </pre>
 */
@Timeout(60)
class StackTest {
    private static String[] f(boolean debug) {
        return (debug ? Go.debugStack() : Go.stack()).split("\n");
    }

    /** Lines n and n+1 are a frame of {@code function} (a prefix, for lambdas: javac numbers them) in file. */
    private static void frame(String[] lines, int n, String function, String file) {
        assertTrue(lines[n].startsWith(function) && lines[n].endsWith("(...)"), "line " + n + ": " + lines[n]
                + " want " + function);
        assertTrue(lines[n + 1].startsWith("\t" + file + ":"), "line " + (n + 1) + ": " + lines[n + 1]);
    }

    @Test
    void mainGoroutine() {
        try (TestRuntimes r = new TestRuntimes(1)) {
            String[][] got = new String[2][];
            r.rt.run(() -> {
                got[0] = f(false);
                got[1] = f(true);
            });
            String[] s = got[0];
            assertEquals("goroutine 1 [running]:", s[0]);
            frame(s, 1, "dev.gmp.StackTest.f", "StackTest.java");
            frame(s, 3, "dev.gmp.StackTest.lambda$mainGoroutine$", "StackTest.java");
            String[] d = got[1];
            assertEquals("goroutine 1 [running]:", d[0]);
            frame(d, 1, "dev.gmp.Go.debugStack", "Go.java");
            frame(d, 3, "dev.gmp.StackTest.f", "StackTest.java");
            frame(d, 5, "dev.gmp.StackTest.lambda$mainGoroutine$", "StackTest.java");
            for (String[] lines : got) {
                for (String l : lines) {
                    assertFalse(l.startsWith("created by"), "main goroutine has a created by line: " + l);
                    assertFalse(l.contains("CurrentStack") || l.contains("StackWalker"), "internal frame: " + l);
                }
            }
        }
    }

    @Test
    void otherGoroutine() {
        try (TestRuntimes r = new TestRuntimes(2)) {
            long[] goid = new long[1];
            String[][] got = new String[1][];
            r.rt.run(() -> {
                Chan<Boolean> done = Chan.make();
                Go.go(() -> {
                    goid[0] = Go.goid();
                    got[0] = f(false);
                    done.send(true);
                });
                done.recv();
            });
            String[] s = got[0];
            assertEquals("goroutine " + goid[0] + " [running]:", s[0]);
            frame(s, 1, "dev.gmp.StackTest.f", "StackTest.java");
            frame(s, 3, "dev.gmp.StackTest.lambda$otherGoroutine$", "StackTest.java");
            String all = String.join("\n", s);
            assertTrue(all.matches("(?s).*\ncreated by dev\\.gmp\\.StackTest\\.lambda\\$otherGoroutine\\$\\d+"
                    + " in goroutine 1\n\tStackTest\\.java:\\d+\n?$"), all);
        }
    }

    @Test
    void platformThread() {
        String[] s = f(false);
        assertEquals("goroutine 0 [running]:", s[0]);
        frame(s, 1, "dev.gmp.StackTest.f", "StackTest.java");
        frame(s, 3, "dev.gmp.StackTest.platformThread", "StackTest.java");
    }
}
