package dev.gmp.testapp;

import dev.gmp.Gmp;
import dev.gmp.GmpRuntime;
import dev.gmp.GoroutineInfo;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * An idle service whose virtual threads did blocking socket reads: the reads start the JDK's socket sub-pollers
 * (virtual threads of {@code sun.nio.ch.Poller}, parked in I/O wait for the life of the JVM), then everything
 * is idle for {@code args[0]} ms while the leak detector scans. Prints the most suspected leaks seen, and what
 * the dumps show of the JDK's own goroutines.
 */
public final class IdleSocketReads {
    public static void main(String[] args) throws Exception {
        long idleMs = Long.parseLong(args[0]);
        int clients = 8;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < clients; i++) {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream();
                         OutputStream out = s.getOutputStream()) {
                        out.write(in.read()); // echo one byte
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                readers.add(Thread.ofVirtual().start(() -> {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                        s.getOutputStream().write(7);
                        if (s.getInputStream().read() != 7) { // a blocking socket read on a virtual thread
                            throw new IllegalStateException("bad echo");
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread t : readers) {
                t.join();
            }
            acceptor.join();
        }
        GmpRuntime rt = GmpRuntime.getDefault();
        int maxSuspected = 0;
        long end = System.nanoTime() + idleMs * 1_000_000;
        while (System.nanoTime() < end) {
            maxSuspected = Math.max(maxSuspected, Gmp.leaks().suspectedCount());
            Thread.sleep(200);
        }
        int systemWaiting = 0;
        for (GoroutineInfo g : rt.goroutines(true)) {
            if (g.state().equals("waiting") && !g.createdBy().isEmpty()
                    && g.createdBy().get(0).getClassName().startsWith("sun.nio.ch.Poller")) {
                systemWaiting++;
            }
        }
        StringBuilder dump = new StringBuilder();
        rt.dump(dump, 2);
        System.out.println("maxSuspected=" + maxSuspected);
        System.out.println("provenTotal=" + Gmp.leaks().provenTotal());
        System.out.println("systemWaiting=" + systemWaiting);
        System.out.println("dumpedPollers=" + (dump.indexOf("created by sun.nio.ch.Poller") >= 0 ? 1 : 0));
        StringBuilder all = new StringBuilder();
        rt.dump(all, 2, true);
        System.out.println("dumpedPollersWithSystem=" + (all.indexOf("created by sun.nio.ch.Poller") >= 0 ? 1 : 0));
        System.out.println("goroutines=" + rt.numGoroutine());
    }
}
