package dev.gmp;

import dev.gmp.internal.chan.Hchan;
import dev.gmp.internal.chan.SelectGo;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Go's {@code select} statement (runtime/select.go): build the cases, then {@link #select()} runs exactly one.
 *
 * <pre>{@code
 * Select.make()
 *     .recv(in, v -> System.out.println("got " + v))
 *     .send(out, 42, () -> System.out.println("sent"))
 *     .recv(ctx.done(), v -> System.out.println("cancelled"))
 *     .select();          // blocks until one case can proceed
 * }</pre>
 *
 * <ul>
 *   <li>If several cases are ready, one is chosen uniformly at random (Go polls the cases in random order).</li>
 *   <li>Cases on {@link Chan#nil()} are never ready. With no case at all, {@code select()} blocks forever with
 *       wait reason {@code select (no cases)}.</li>
 *   <li>With {@link #defaultCase}, {@code select()} never blocks: if no case is ready the default runs.</li>
 *   <li>A send case on a closed channel fails with {@code send on closed channel}; a receive case on a closed
 *       channel is ready and receives {@code null}, {@code ok=false}.</li>
 * </ul>
 * {@code select()} returns the index of the chosen case (in the order the cases were added) or -1 for the
 * default, and runs that case's handler, if it has one, after the channel operation. A Select may be run again:
 * its cases stay. It is not safe for use by several goroutines at once.
 */
public final class Select {
    private Hchan[] chans = new Hchan[4];
    private boolean[] isSend = new boolean[4];
    // Send cases: the value to send (never overwritten). Receive cases: null, except that SelectGo stores the
    // value received by the chosen case there, which select() reads and clears.
    private Object[] values = new Object[4];
    private Object[] handlers;                // allocated with the first handler
    private int[] order = new int[8];         // SelectGo's pollorder and lockorder
    private int n;
    private boolean hasDefault;
    private Runnable defaultHandler;
    private Object received;
    private boolean ok;

    private Select() {}

    /** A select with no cases yet. */
    public static Select make() {
        return new Select();
    }

    private int add(Object ch, boolean send, Object value, Object handler) {
        if (n == chans.length) {
            int cap = n * 2;
            chans = Arrays.copyOf(chans, cap);
            isSend = Arrays.copyOf(isSend, cap);
            values = Arrays.copyOf(values, cap);
            if (handlers != null) {
                handlers = Arrays.copyOf(handlers, cap);
            }
            order = Arrays.copyOf(order, cap * 2);
        }
        chans[n] = ((Chan<?>) ch).hchan(); // SendChan and RecvChan are sealed: Chan is their one implementation
        isSend[n] = send;
        values[n] = value;
        if (handler != null) {
            if (handlers == null) {
                handlers = new Object[chans.length];
            }
            handlers[n] = handler;
        }
        return n++;
    }

    /** {@code case <-c:} without a handler; read the value with {@link #received()}. */
    public Select recv(RecvChan<?> c) {
        add(c, false, null, null);
        return this;
    }

    /** {@code case v := <-c: onValue(v)} ({@code v} is null if the channel is closed). */
    public <T> Select recv(RecvChan<T> c, Consumer<? super T> onValue) {
        add(c, false, null, onValue);
        return this;
    }

    /** {@code case v, ok := <-c: onValue(v, ok)}. */
    public <T> Select recvOk(RecvChan<T> c, BiConsumer<? super T, Boolean> onValue) {
        add(c, false, null, new OkHandler<>(onValue));
        return this;
    }

    /** {@code case c <- v:}. */
    public <T> Select send(SendChan<T> c, T v) {
        add(c, true, v, null);
        return this;
    }

    /** {@code case c <- v: then.run()}. */
    public <T> Select send(SendChan<T> c, T v, Runnable then) {
        add(c, true, v, then);
        return this;
    }

    /** {@code default:} (no handler). */
    public Select defaultCase() {
        hasDefault = true;
        return this;
    }

    /** {@code default: then.run()}. */
    public Select defaultCase(Runnable then) {
        hasDefault = true;
        defaultHandler = then;
        return this;
    }

    /** Runs the select: waits (unless there is a default) for one case, performs it, runs its handler. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public int select() {
        int cas = SelectGo.select(chans, isSend, values, n, !hasDefault, order);
        if (cas < 0) {
            received = null;
            ok = false;
            if (defaultHandler != null) {
                defaultHandler.run();
            }
            return -1;
        }
        Object h = handlers == null ? null : handlers[cas];
        if (isSend[cas]) {
            received = null;
            ok = false;
            if (h != null) {
                ((Runnable) h).run();
            }
        } else {
            Object v = values[cas];
            values[cas] = null;
            ok = v != Hchan.CLOSED;
            received = ok ? v : null;
            if (h instanceof OkHandler oh) {
                oh.f.accept(received, ok);
            } else if (h != null) {
                ((Consumer) h).accept(received);
            }
        }
        return cas;
    }

    /** The value received by the last {@link #select()}, if it chose a receive case (null otherwise). */
    public Object received() {
        return received;
    }

    /** The {@code ok} of the last receive case chosen (false for a closed channel, a send case or default). */
    public boolean ok() {
        return ok;
    }

    private record OkHandler<T>(BiConsumer<? super T, Boolean> f) {}
}
