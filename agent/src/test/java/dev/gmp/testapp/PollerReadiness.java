package dev.gmp.testapp;

import dev.gmp.GmpRuntime;
import dev.gmp.GoroutineInfo;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Socket readiness under the agent, where the JDK's sub-pollers are system goroutines that its master poller (a
 * platform thread) readies onto the global queue (docs/architecture.md §4.6).
 *
 * <ul>
 *   <li>{@code yielder}: a goroutine parked in a socket read while another one yields in a loop, so the only P
 *       (run with {@code gomaxprocs=1}) never runs dry: the read must still complete. Prints {@code woke=1} and
 *       how many yields it took.</li>
 *   <li>{@code echo PAIRS ROUNDS}: PAIRS client goroutines each make ROUNDS one-byte round trips to an echo
 *       goroutine over loopback, every read a park and a wake-up through the pollers. Prints the round trips
 *       made; a lost wake-up hangs it.</li>
 * </ul>
 * Both print {@code pollerGoroutines=N}: the JDK's sub-pollers that ran as goroutines of the runtime.
 */
public final class PollerReadiness {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "yielder" -> yielder();
            case "echo" -> echo(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
        int pollers = 0;
        for (GoroutineInfo g : GmpRuntime.getDefault().goroutines(true)) {
            if (!g.createdBy().isEmpty() && g.createdBy().get(0).getClassName().startsWith("sun.nio.ch.Poller")) {
                pollers++;
            }
        }
        System.out.println("pollerGoroutines=" + pollers);
    }

    private static void yielder() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 50, lo);
             Socket client = new Socket(lo, server.getLocalPort());
             Socket accepted = server.accept()) {
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong yields = new AtomicLong();
            int[] read = {-1};
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    read[0] = accepted.getInputStream().read(); // parks: the JDK's poller will wake it
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.set(true);
                }
            });
            while (reader.getState() != Thread.State.WAITING && !done.get()) { // done: the read failed at once
                Thread.sleep(1);
            }
            Thread.sleep(100); // the sub-pollers the first read started have parked too
            Thread yielder = Thread.ofVirtual().start(() -> {
                while (!done.get()) {
                    Thread.yield(); // Gosched: the global queue, so the P never runs dry
                    yields.incrementAndGet();
                }
            });
            while (yields.get() < 1000 && !done.get()) {
                Thread.sleep(1);
            }
            client.getOutputStream().write(7);
            boolean woke = reader.join(java.time.Duration.ofSeconds(30));
            done.set(true);
            yielder.join();
            System.out.println("woke=" + (woke && read[0] == 7 ? 1 : 0));
            System.out.println("yields=" + yields.get());
        }
    }

    private static void echo(int pairs, int rounds) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        AtomicLong trips = new AtomicLong();
        try (ServerSocket server = new ServerSocket(0, pairs, lo)) {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream();
                         OutputStream out = s.getOutputStream()) {
                        int b;
                        while ((b = in.read()) >= 0) {
                            out.write(b);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
                threads.add(Thread.ofVirtual().start(() -> {
                    try (Socket s = new Socket(lo, server.getLocalPort()); InputStream in = s.getInputStream();
                         OutputStream out = s.getOutputStream()) {
                        for (int r = 0; r < rounds; r++) {
                            out.write(r & 0x7f);
                            if (in.read() != (r & 0x7f)) {
                                throw new IllegalStateException("bad echo");
                            }
                            trips.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread t : threads) {
                if (!t.join(java.time.Duration.ofSeconds(60))) {
                    System.out.println("stuck=" + t);
                    break;
                }
            }
        }
        System.out.println("roundTrips=" + trips.get());
    }
}
