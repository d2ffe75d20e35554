package dev.gmp.testapp.servers;

/**
 * One bounded load of a server fixture ({@link LoadClient}) between two takes of the public stats ({@link Report}),
 * printed as {@code key=value} lines once the fixture has stopped its server.
 */
record LoadRun(int requests, LoadClient load, Report before, Report after, long elapsedNanos) {
    /** Loads {@code url} with {@code requests} GETs from {@code clients} client threads. */
    static LoadRun of(String url, int requests, int clients) throws Exception {
        Report before = Report.take();
        LoadClient load = new LoadClient(requests);
        long t0 = System.nanoTime();
        load.run(url, clients);
        long elapsed = System.nanoTime() - t0;
        return new LoadRun(requests, load, before, Report.take(), elapsed);
    }

    void print() {
        System.out.println("requests=" + requests);
        System.out.println("ok=" + load.ok.get());
        System.out.println("on_goroutines=" + load.onGoroutine.get());
        System.out.println("created_delta=" + (after.created - before.created));
        System.out.println("schedtick_delta=" + (after.schedticks - before.schedticks));
        System.out.println("ps_with_ticks=" + after.activePsMoved);
        System.out.println("throughput_rps=" + (long) (requests / (elapsedNanos / 1e9)));
        System.out.println("p99_us=" + load.p99Micros());
    }
}
