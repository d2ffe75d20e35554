package dev.gmp.bench.chan;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.ChannelClosed;
import com.softwaremill.jox.Select;

/** A Jox channel (com.softwaremill.jox:channels), Go-like channels for JDK virtual threads. */
final class JoxPipe implements Pipe {
    final Channel<Integer> c;

    JoxPipe(int cap) {
        this.c = cap == 0 ? Channel.newRendezvousChannel() : Channel.newBufferedChannel(cap);
    }

    @Override
    public void send(Integer v) {
        try {
            c.send(v);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Integer recv() {
        try {
            Object v = c.receiveOrClosed();
            return v instanceof ChannelClosed ? null : (Integer) v;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Integer tryRecv() {
        try {
            Object v = Select.selectOrClosed(c.receiveClause(), Select.<Integer>defaultClause((Integer) null));
            return v instanceof ChannelClosed ? null : (Integer) v;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        c.done();
    }
}
