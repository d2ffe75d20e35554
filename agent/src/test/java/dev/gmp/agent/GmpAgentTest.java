package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The entry point's reading of the JVM's version, which decides whether the agent starts at all. */
class GmpAgentTest {
    @Test
    void featureReleasesOfOldAndNewVersionStrings() {
        assertEquals(8, GmpAgent.javaFeature("1.8"));
        assertEquals(17, GmpAgent.javaFeature("17"));
        assertEquals(21, GmpAgent.javaFeature("21"));
        assertEquals(25, GmpAgent.javaFeature("25.0.3"));
        assertTrue(GmpAgent.javaFeature("17") < GmpAgent.MIN_JAVA);
        assertTrue(GmpAgent.javaFeature("21") >= GmpAgent.MIN_JAVA);
    }

    @Test
    void anUnreadableVersionLeavesTheDecisionToTheRuntime() {
        assertEquals(Integer.MAX_VALUE, GmpAgent.javaFeature(null));
        assertEquals(Integer.MAX_VALUE, GmpAgent.javaFeature("x"));
    }

    @Test
    void theWarningIsOneLineNamingTheJvmAndWhatItNeeds() {
        String w = GmpAgent.tooOld("17", "/usr/lib/jvm/java-17");
        assertTrue(w.startsWith("gmp-agent: warning: this JVM is Java 17 (/usr/lib/jvm/java-17)"), w);
        assertTrue(w.contains("Java 21 or later") && !w.contains("\n"), w);
    }
}
