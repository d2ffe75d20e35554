package dev.gmp.internal.sched;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Semantics of golang/go src/runtime/traceback.go isSystemGoroutine, on the JVM: the JDK's implementation. */
class SystemGoroutinesTest {
    private static StackTraceElement frame(String module, String cls) {
        return new StackTraceElement(null, module, null, cls, "run", "X.java", 1);
    }

    @Test
    void theSocketPollersStartFunctionIsTheJdksOwn() throws ClassNotFoundException {
        assertTrue(SystemGoroutines.isJdkInternal(Class.forName("sun.nio.ch.Poller")));
        assertTrue(SystemGoroutines.isJdkInternal(frame("java.base", "sun.nio.ch.Poller$Pollers")));
        assertTrue(SystemGoroutines.isSystem(null, new StackTraceElement[] {frame("java.base", "sun.nio.ch.Poller$Pollers")}));
    }

    /** Like runfinq: exported JDK code that starts threads runs the caller's code, so they are user goroutines. */
    @Test
    void exportedJdkPackagesAndApplicationsStartUserGoroutines() {
        assertFalse(SystemGoroutines.isJdkInternal(java.util.concurrent.Executors.class));
        assertFalse(SystemGoroutines.isJdkInternal(java.util.concurrent.ThreadPoolExecutor.class));
        assertFalse(SystemGoroutines.isJdkInternal(SystemGoroutinesTest.class));
        assertFalse(SystemGoroutines.isJdkInternal(frame("java.base", "java.lang.System$1")));
        assertFalse(SystemGoroutines.isJdkInternal(frame("jdk.httpserver", "sun.net.httpserver.ServerImpl$Exchange")));
        assertFalse(SystemGoroutines.isJdkInternal(frame(null, "sun.acme.OnTheClassPath")), "an application class");
        Runnable task = () -> {};
        assertFalse(SystemGoroutines.isSystem(task, new StackTraceElement[0]));
        assertFalse(SystemGoroutines.isSystem(null, new StackTraceElement[0]), "nothing known: a user goroutine");
    }

    /** The memo of the last exported package answers for that package only, whatever the order of the calls. */
    @Test
    void anExportedPackageRememberedDoesNotHideAnInternalOne() throws ClassNotFoundException {
        Class<?> poller = Class.forName("sun.nio.ch.Poller");
        Class<?> net = Class.forName("sun.nio.ch.Net");
        for (int i = 0; i < 3; i++) {
            assertFalse(SystemGoroutines.isJdkInternal(java.util.concurrent.Executors.class));
            assertTrue(SystemGoroutines.isJdkInternal(poller));
            assertTrue(SystemGoroutines.isJdkInternal(net), "the same internal package, asked twice");
            assertFalse(SystemGoroutines.isJdkInternal(java.util.concurrent.ThreadPoolExecutor.class));
            assertFalse(SystemGoroutines.isJdkInternal(String.class));
            assertTrue(SystemGoroutines.isJdkInternal(poller));
        }
    }
}
