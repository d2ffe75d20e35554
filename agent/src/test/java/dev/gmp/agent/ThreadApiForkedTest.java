package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.testapp.ThreadApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With the real agent, a virtual thread routed to GMP, and one it starts, answer every public {@code Thread}
 * method as without the agent: the goroutine link is invisible (docs/architecture.md §1). The application's
 * handler runs on an uncaught exception, after Go's panic report.
 */
class ThreadApiForkedTest {

    @Test
    @Timeout(120)
    void publicThreadMethodsAnswerAsWithoutTheAgent() throws Exception {
        ForkedJvm.Result without = ForkedJvm.main(ThreadApi.class).noAgent().run();
        assertEquals(0, without.exit(), without.toString());
        assertTrue(without.out().contains("started_by_main_handler_is_group=true"), without.toString());
        assertTrue(without.out().contains("handler_ran=true handled by the application"), without.toString());
        for (String args : new String[] {"banner=off", "banner=off,virtualthreads=jdk"}) {
            ForkedJvm.Result with = ForkedJvm.main(ThreadApi.class).agentArgs(args).run();
            assertEquals(0, with.exit(), with.toString());
            assertEquals(without.out(), with.out(), args + "\n" + with);
        }
    }

    /** A goroutine made by Go.go answers as the routed thread does. */
    @Test
    @Timeout(60)
    void aGoroutineMadeByGoAnswersAsARoutedThread() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(ThreadApi.class, "go").agentArgs("banner=off").run();
        assertEquals(0, r.exit(), r.toString());
        java.util.List<String> routed = r.out().lines().filter(l -> l.startsWith("started_by_main_"))
                .map(l -> l.substring("started_by_main_".length())).toList();
        java.util.List<String> go = r.out().lines().filter(l -> l.startsWith("go_"))
                .map(l -> l.substring("go_".length())).toList();
        assertFalse(routed.isEmpty(), r.toString());
        assertEquals(routed, go, r.toString());
    }

    @Test
    @Timeout(60)
    void anUncaughtExceptionIsReportedOnceThenHandedToTheApplicationsHandler() throws Exception {
        ForkedJvm.Result r = ForkedJvm.main(ThreadApi.class).agentArgs("banner=off").run();
        assertEquals(0, r.exit(), r.toString());
        String err = r.err();
        String report = "panic: java.lang.IllegalStateException: handled by the application\n";
        assertTrue(err.contains(report), r.toString());
        assertEquals(err.indexOf(report), err.lastIndexOf(report), "reported once\n" + r);
        assertFalse(err.contains("Exception in thread"), "the application's handler, not the thread group\n" + r);
        assertTrue(r.out().contains("handler_ran=true handled by the application"), r.toString());
    }
}
