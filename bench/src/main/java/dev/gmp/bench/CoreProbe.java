package dev.gmp.bench;

import java.util.Arrays;

/**
 * The machine's core-to-core round trip: two platform threads hand a counter back and forth through one volatile
 * field, and the median of {@value #SAMPLES} samples of {@value #SAMPLE_MS} ms is printed in ns per round trip
 * ({@code c2c_ns=...}). Not JMH: bench/compare runs it before, between and after the two halves of each workload,
 * so every row of its table says which state the machine was in, and runs a workload again when it changed.
 *
 * <p>Why: on a virtual machine the host may move the two vCPUs between cores that share a cache and cores that do
 * not, for seconds or minutes at a time. A cache line then crosses between the vCPUs in 30 to 100 ns or in 400 to
 * 500 ns (both seen on the 2-core EPYC guest the published figures come from), and every workload whose
 * threads hand work across cores (an unbuffered channel at GOMAXPROCS 2, a scheduler's spinning Ms) slows down by
 * up to that factor, on GMP, the JDK's scheduler and Go alike. Integer ALU work does not change between the states.
 * With one CPU the probe prints {@code c2c_ns=-}.
 */
public final class CoreProbe {
    static final int SAMPLES = 5;
    static final int SAMPLE_MS = 60;

    private static volatile long ball;
    private static volatile boolean done;

    private CoreProbe() {}

    public static void main(String[] args) throws InterruptedException {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            System.out.println("c2c_ns=-");
            return;
        }
        Thread partner = new Thread(CoreProbe::returnBall, "c2c-partner");
        partner.setDaemon(true);
        partner.start();
        sample(); // warm-up: compiles both loops
        double[] ns = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            ns[i] = sample();
        }
        done = true;
        Arrays.sort(ns);
        System.out.printf("c2c_ns=%.0f%n", ns[SAMPLES / 2]);
    }

    /** One sample: round trips for SAMPLE_MS, in ns each. The ball is odd on its way out, even on its way back. */
    private static double sample() {
        long start = System.nanoTime();
        long deadline = start + SAMPLE_MS * 1_000_000L;
        long trips = 0;
        long now;
        do {
            for (int i = 0; i < 1_000; i++) {
                long out = ball + 1; // odd
                ball = out;
                while (ball == out) {
                    Thread.onSpinWait();
                }
            }
            trips += 1_000;
            now = System.nanoTime();
        } while (now < deadline);
        return (now - start) / (double) trips;
    }

    private static void returnBall() {
        while (!done) {
            long b = ball;
            if ((b & 1) == 1) {
                ball = b + 1;
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
