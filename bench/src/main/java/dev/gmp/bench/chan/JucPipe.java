package dev.gmp.bench.chan;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

/** What a Java programmer uses for a channel: {@code SynchronousQueue} (unbuffered), {@code ArrayBlockingQueue}. */
final class JucPipe implements Pipe {
    /** Stands in for close (j.u.c queues cannot be closed); distinct identity, never a real value. */
    @SuppressWarnings("removal")
    private static final Integer CLOSED = new Integer(Integer.MIN_VALUE);

    final BlockingQueue<Integer> q;

    JucPipe(int cap) {
        this.q = cap == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(cap);
    }

    @Override
    public void send(Integer v) {
        try {
            q.put(v);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Integer recv() {
        try {
            Integer v = q.take();
            return v == CLOSED ? null : v;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Integer tryRecv() {
        return q.poll();
    }

    @Override
    public void close() {
        send(CLOSED);
    }
}
