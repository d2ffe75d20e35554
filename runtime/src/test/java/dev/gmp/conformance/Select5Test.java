package dev.gmp.conformance;

import dev.gmp.Chan;
import dev.gmp.Go;
import dev.gmp.GoPanic;
import dev.gmp.Select;
import dev.gmp.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/go test/chan/select5.go: that generator writes a program with every shape of select
 * (receive or send; nil, ready, blocked or closed channel; with or without default) and checks which case runs.
 * Here the shapes are generated at run time: every sequence of 1 to 3 cases over 8 case kinds, with and without
 * a default (1,168 selects), each checked for the case chosen and its effect on the channel.
 */
@Timeout(120)
class Select5Test {
    enum Kind {
        RECV_READY(true), RECV_EMPTY(false), RECV_NIL(false), RECV_CLOSED(true),
        SEND_READY(true), SEND_FULL(false), SEND_NIL(false), SEND_CLOSED(true);

        final boolean ready;

        Kind(boolean ready) {
            this.ready = ready;
        }

        boolean send() {
            return ordinal() >= SEND_READY.ordinal();
        }
    }

    private static Chan<Integer> channelFor(Kind k) {
        return switch (k) {
            case RECV_READY -> {
                Chan<Integer> c = Chan.make(1);
                c.send(42);
                yield c;
            }
            case RECV_EMPTY, SEND_FULL -> Chan.make();
            case RECV_NIL, SEND_NIL -> Chan.nil();
            case RECV_CLOSED, SEND_CLOSED -> {
                Chan<Integer> c = Chan.make(1);
                c.close();
                yield c;
            }
            case SEND_READY -> Chan.make(1);
        };
    }

    private static void generate(List<Kind[]> out, List<Kind> prefix, int max) {
        if (!prefix.isEmpty()) {
            out.add(prefix.toArray(new Kind[0]));
        }
        if (prefix.size() == max) {
            return;
        }
        for (Kind k : Kind.values()) {
            prefix.add(k);
            generate(out, prefix, max);
            prefix.remove(prefix.size() - 1);
        }
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void select5(int procs) {
        List<Kind[]> shapes = new ArrayList<>();
        generate(shapes, new ArrayList<>(), 3);
        GoTesting.runLeavingGoroutines(procs, t -> {
            int checked = 0;
            for (Kind[] shape : shapes) {
                for (boolean withDefault : new boolean[] {false, true}) {
                    checkShape(t, shape, withDefault);
                    checked++;
                }
            }
            if (checked != 2 * (8 + 64 + 512)) {
                t.fatalf("checked %d shapes", checked);
            }
        });
    }

    private static void checkShape(GoTesting t, Kind[] shape, boolean withDefault) {
        String name = java.util.Arrays.toString(shape) + (withDefault ? "+default" : "");
        @SuppressWarnings("unchecked")
        Chan<Integer>[] chans = new Chan[shape.length];
        Select s = Select.make();
        boolean anyReady = false;
        for (int i = 0; i < shape.length; i++) {
            chans[i] = channelFor(shape[i]);
            if (shape[i].send()) {
                s.send(chans[i], 100 + i);
            } else {
                s.recv(chans[i]);
            }
            anyReady |= shape[i].ready;
        }
        if (withDefault) {
            s.defaultCase();
        }
        if (anyReady || withDefault) {
            int k;
            try {
                k = s.select();
            } catch (GoPanic p) {
                boolean closedSend = false;
                for (Kind kind : shape) {
                    closedSend |= kind == Kind.SEND_CLOSED;
                }
                if (!closedSend || !p.getMessage().equals("send on closed channel")) {
                    t.fatalf("%s: unexpected panic %s", name, p);
                }
                return;
            }
            if (k == -1) {
                if (anyReady) {
                    t.fatalf("%s: default chosen with a ready case", name);
                }
                return;
            }
            Kind chosen = shape[k];
            switch (chosen) {
                case RECV_READY -> {
                    if (!s.ok() || !Integer.valueOf(42).equals(s.received())) {
                        t.fatalf("%s: received %s/%s", name, s.received(), s.ok());
                    }
                }
                case RECV_CLOSED -> {
                    if (s.ok() || s.received() != null) {
                        t.fatalf("%s: closed receive gave %s/%s", name, s.received(), s.ok());
                    }
                }
                case SEND_READY -> {
                    if (chans[k].len() != 1 || chans[k].recv() != 100 + k) {
                        t.fatalf("%s: send case did not deliver", name);
                    }
                }
                case SEND_CLOSED -> t.fatalf("%s: send on closed channel did not panic", name);
                default -> t.fatalf("%s: chose non-ready case %d (%s)", name, k, chosen);
            }
            // No other case may have had an effect.
            for (int i = 0; i < shape.length; i++) {
                if (i != k && shape[i] == Kind.RECV_READY && chans[i].len() != 1) {
                    t.fatalf("%s: case %d also received", name, i);
                }
                if (i != k && shape[i] == Kind.SEND_READY && chans[i].len() != 0) {
                    t.fatalf("%s: case %d also sent", name, i);
                }
            }
            return;
        }
        // Nothing ready and no default: the select blocks until a peer makes one case ready.
        Chan<Integer> result = Chan.make(1);
        Chan<Object> value = Chan.make(1);
        Go.go(() -> {
            int k = s.select();
            value.send(s.received() == null ? "none" : s.received());
            result.send(k);
        });
        List<Integer> wakeable = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (!chans[i].isNil()) {
                wakeable.add(i);
            }
        }
        if (wakeable.isEmpty()) { // only nil channels: blocks forever
            Time.sleep(Duration.ofMillis(1));
            if (result.tryRecv() != null) {
                t.fatalf("%s: select over nil channels returned", name);
            }
            return;
        }
        int w = wakeable.get(ThreadLocalRandom.current().nextInt(wakeable.size()));
        if (shape[w].send()) {
            Integer got = chans[w].recv(); // the blocked select's send case delivers to us
            if (got != 100 + w) {
                t.fatalf("%s: got %s from send case %d", name, got, w);
            }
        } else {
            chans[w].send(7);
        }
        int k = result.recv();
        Object v = value.recv();
        if (k != w) {
            t.fatalf("%s: woke case %d, select chose %d", name, w, k);
        }
        if (!shape[w].send() && !Integer.valueOf(7).equals(v)) {
            t.fatalf("%s: received %s", name, v);
        }
        Go.gosched();
    }

}
