package dev.gmp.conformance;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Chan;
import dev.gmp.Go;
import dev.gmp.GoPanic;
import dev.gmp.Recv;
import dev.gmp.RecvChan;
import dev.gmp.Select;
import dev.gmp.SendChan;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Semantics of golang/go test/chan/perm.go (which operations a directional channel permits: no receive on
 * {@code chan<- T}, no send or close on {@code <-chan T}; Go rejects them at compile time, here they are absent
 * from the interfaces) and of test/chan/sieve1.go's pipeline, written with directional channels as Go code
 * writes it ({@code func Generate(ch chan<- int)}, {@code func Filter(in <-chan int, out chan<- int, prime
 * int)}), including select cases on views.
 */
@Timeout(60)
class ChanDirectionTest {
    private static Set<String> methods(Class<?> c) {
        return Arrays.stream(c.getMethods()).map(Method::getName).collect(Collectors.toSet());
    }

    @Test
    void permittedOperations() {
        Set<String> send = methods(SendChan.class);
        Set<String> recv = methods(RecvChan.class);
        // perm.go: "<-cs // ERROR receive from send-only"; "cr <- 0 // ERROR send to receive-only";
        // "close(cr) // ERROR receive-only".
        for (String m : new String[] {"recv", "recvOk", "tryRecv", "iterator"}) {
            assertFalse(send.contains(m), "send-only channel offers " + m);
            assertTrue(recv.contains(m), "receive-only channel lacks " + m);
        }
        for (String m : new String[] {"send", "trySend", "close"}) {
            assertFalse(recv.contains(m), "receive-only channel offers " + m);
            assertTrue(send.contains(m), "send-only channel lacks " + m);
        }
        assertTrue(SendChan.class.isSealed() && RecvChan.class.isSealed());
    }

    private static void generate(SendChan<Integer> ch) {
        for (int i = 2; ; i++) {
            ch.send(i);
        }
    }

    private static void filter(RecvChan<Integer> in, SendChan<Integer> out, int prime) {
        for (int i : in) {
            if (i % prime != 0) {
                out.send(i);
            }
        }
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void sieveWithDirectionalChannels(int procs) {
        GoTesting.runLeavingGoroutines(procs, t -> {
            Chan<Integer> ch = Chan.make();
            Go.go(() -> generate(ch.sendOnly()));
            RecvChan<Integer> in = ch;
            int[] want = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29};
            for (int w : want) {
                int prime = in.recv();
                if (prime != w) {
                    t.fatalf("prime %d, want %d", prime, w);
                }
                Chan<Integer> ch1 = Chan.make();
                RecvChan<Integer> from = in;
                Go.go(() -> filter(from, ch1.sendOnly(), prime));
                in = ch1.recvOnly();
            }
        });
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void selectOnViews(int procs) {
        GoTesting.run(procs, t -> {
            Chan<Integer> c = Chan.make(1);
            SendChan<Integer> out = c.sendOnly();
            RecvChan<Integer> in = c.recvOnly();
            int[] got = {-1};
            if (Select.make().send(out, 7).recv(Chan.<Integer>nil().recvOnly()).select() != 0) {
                t.fatalf("send case on a send-only view not chosen");
            }
            if (Select.make().recv(in, v -> got[0] = v).send(Chan.<Integer>nil().sendOnly(), 1).select() != 0
                    || got[0] != 7) {
                t.fatalf("receive case on a receive-only view: got %d, want 7", got[0]);
            }
            out.close(); // the sender closes
            Recv<Integer> r = in.recvOk();
            if (r.ok() || in.tryRecv().ok()) {
                t.fatalf("receive from a closed channel through a view: ok=true");
            }
            try {
                out.send(1);
                t.fatalf("send on closed channel through a view did not panic");
            } catch (GoPanic e) {
                if (!e.getMessage().equals("send on closed channel")) {
                    t.fatalf("panic %s", e.getMessage());
                }
            }
            if (!Chan.nil().recvOnly().isNil() || out.isNil() || in.len() != 0 || out.cap() != 1) {
                t.fatalf("isNil/len/cap through views disagree with the channel");
            }
        });
    }
}
