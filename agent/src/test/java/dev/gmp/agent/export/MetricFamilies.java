package dev.gmp.agent.export;

import java.util.List;

/** The families the agent's /metrics serves (ExportersTest's contract), for tests in other packages. */
public final class MetricFamilies {
    private MetricFamilies() {}

    public static List<String> all() {
        return ExportersTest.CONTRACT;
    }
}
