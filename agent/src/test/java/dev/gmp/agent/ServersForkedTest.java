package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.testapp.servers.JdkHttpServerApp;
import dev.gmp.testapp.servers.JettyApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Unmodified virtual-thread servers run with the agent in a forked JVM, bounded load on loopback.
 * Requests must run on goroutines (goroutines created grows by at least the request count, per-P counters
 * move), every request must succeed, and the application must shut down on its own.
 */
class ServersForkedTest {
    static final int REQUESTS = 400;

    private static void assertServedByGoroutines(ForkedJvm.Result r) {
        assertEquals(0, r.exit(), r.toString());
        assertEquals(REQUESTS, r.value("ok"), "every request succeeded\n" + r);
        assertEquals(REQUESTS, r.value("on_goroutines"), "every handler ran on a goroutine\n" + r);
        assertTrue(r.value("created_delta") >= REQUESTS, "goroutines created grew by the request count\n" + r);
        assertTrue(r.value("schedtick_delta") >= REQUESTS, "per-P counters moved\n" + r);
        assertTrue(r.out().contains("shutdown=clean"), r.toString());
    }

    @Test
    @Timeout(90)
    void jdkHttpServerWithVirtualThreadPerTask() throws Exception {
        assertServedByGoroutines(ForkedJvm.main(JdkHttpServerApp.class, "" + REQUESTS, "4")
                .agentArgs("banner=off").timeout(60).run());
    }

    @Test
    @Timeout(90)
    void jetty12OnVirtualThreads() throws Exception {
        assertServedByGoroutines(ForkedJvm.main(JettyApp.class, "" + REQUESTS, "4")
                .agentArgs("banner=off").timeout(60).run());
    }
}
