package dev.gmp.bench.chan;

import dev.gmp.Chan;
import dev.gmp.Recv;

/** A GMP {@link Chan}: Go's hchan with direct hand-off to parked peers. */
final class GmpPipe implements Pipe {
    final Chan<Integer> c;

    GmpPipe(int cap) {
        this.c = cap == 0 ? Chan.make() : Chan.make(cap);
    }

    @Override
    public void send(Integer v) {
        c.send(v);
    }

    @Override
    public Integer recv() {
        return c.recv();
    }

    @Override
    public Integer tryRecv() {
        Recv<Integer> r = c.tryRecv();
        return r == null ? null : r.value();
    }

    @Override
    public void close() {
        c.close();
    }
}
